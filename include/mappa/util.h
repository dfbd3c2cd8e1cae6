/* util.h: memory wrappers and small helpers shared by every stage. */
#ifndef MAPPA_UTIL_H
#define MAPPA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Allocation failure is a failure of the system, not of the input: these
 * wrappers print "mappa-report: out of memory" and exit with status 70
 * (EX_SOFTWARE), so callers never test for NULL.  The caller owns and
 * frees what they return.
 */
void	*mappa_malloc(size_t size);
void	*mappa_calloc(size_t n, size_t size);
void	*mappa_realloc(void *p, size_t size);
/* Grow an array of n elements of size sz to at least want, doubling. */
void	*mappa_grow(void *p, size_t *cap, size_t want, size_t sz);
char	*mappa_strdup(const char *s);
/* Say "out of memory" and exit 70: for a library that ran out itself. */
void	 mappa_oom(void)
#if defined(__GNUC__)
	    __attribute__((noreturn))
#endif
	    ;
char	*mappa_strndup(const char *s, size_t n);

/* Exit statuses (sysexits.h values, as documented in mappa-report(1)). */
enum mappa_exit {
	MAPPA_EXIT_OK = 0,
	MAPPA_EXIT_USAGE = 64,		/* bad command line */
	MAPPA_EXIT_DATAERR = 65,	/* invalid snapshot or template */
	MAPPA_EXIT_NOINPUT = 66,	/* input missing or unreadable */
	MAPPA_EXIT_SOFTWARE = 70,	/* internal error, out of memory */
	MAPPA_EXIT_CANTCREAT = 73	/* output can't be created */
};

/* Write s escaped for XML text and attribute values (& < > "). */
void	 mappa_xml_text(FILE *, const char *s);
/* Write s as a JSON string, quoted and escaped. */
void	 mappa_json_string(FILE *, const char *s);
/*
 * Write text s as a CSV field: quoted (RFC 4180) only if it must be, and
 * with an apostrophe before text a spreadsheet would run as a formula.
 */
void	 mappa_csv_field(FILE *, const char *s);

/*
 * A copy of s safe to print on a terminal or in a one-line message:
 * control characters (escape sequences, newlines) and backslashes are
 * written as \xHH.  The caller frees it.
 */
char	*mappa_quote_ctl(const char *s);

/* Number of UTF-8 code points in s[0..len), or -1 if not valid UTF-8. */
long	 mappa_utf8_len(const char *s, size_t len);

/*
 * Whether the running program's file (/proc/self/exe) is under dir: how a
 * program run from its build or source tree finds the data it built there
 * rather than an older installed copy.  False if it cannot tell.
 */
bool	 mappa_exe_under(const char *dir);

#endif
