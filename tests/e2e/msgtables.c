/* msgtables.c: print the program's message tables (mappa/msg.h), one id a line, for welsh.sh to build its checks from. */
#include <stdio.h>

#include "mappa/msg.h"

/*
 * NAME<TAB>en-GB text<TAB>cy text, for every id: the test reads the
 * words the program writes from here, so that it follows the tables.
 * No message holds a tab or a newline (test_msg would not care, but
 * this format would).
 */
int
main(void)
{
	for (int id = 0; id < MAPPA_MSG__COUNT; id++) {
		printf("%s", mappa_msg_name(id));
		for (int t = 0; t < MAPPA_MSG_TABLES; t++)
			printf("\t%s", mappa_msg_in(t, id));
		putchar('\n');
	}
	return ferror(stdout) || fflush(stdout) == EOF;
}
