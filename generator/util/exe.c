/* exe.c: whether the running program lies under a directory; for any stage, through mappa/util.h. */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "mappa/util.h"

bool
mappa_exe_under(const char *dir)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;
	size_t	 len = strlen(dir);

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	return strncmp(exe, dir, len) == 0 && exe[len] == '/';
}
