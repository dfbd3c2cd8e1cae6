/* quote.c: text values in JSON and CSV, for every writer of those formats. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mappa/util.h"

void
mappa_json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

void
mappa_csv_field(FILE *f, const char *s)
{
	/*
	 * A text cell that a spreadsheet would run as a formula ("=1+1",
	 * "@SUM(...)", "+", "-", or a tab or carriage return before one)
	 * gets an apostrophe in front, as spreadsheet-safe CSV writers do:
	 * the spreadsheet shows the text and runs nothing.  Only text comes
	 * here; numbers are written as numbers.
	 */
	bool	 formula = *s != '\0' && strchr("=+-@\t\r", *s) != NULL;

	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	if (formula)
		putc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

char *
mappa_quote_ctl(const char *s)
{
	size_t	 n = 0;
	char	*q, *p;

	for (const char *t = s; *t != '\0'; t++)
		n += (unsigned char)*t < 0x20 || *t == 0x7f || *t == '\\' ?
		    4 : 1;
	p = q = mappa_malloc(n + 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	return q;
}

void
mappa_xml_text(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			putc(*s, f);
			break;
		}
}
