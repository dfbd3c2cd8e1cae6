/* diag.h: diagnostics about the user's input (snapshot, template). */
#ifndef MAPPA_DIAG_H
#define MAPPA_DIAG_H

#include <stdio.h>

/*
 * Problems in the user's files are diagnostics, printed as compilers do:
 *     FILE:LINE: error: CONTEXT: message
 *     FILE:LINE: warning: message
 * An error means no output is written; a warning is a flaw the output
 * carries (a word cut, a glyph missing) and does not stop it.  Only the
 * first `limit` of each are printed; the rest are counted.  Failures of
 * the system (a read error, no memory) are not diagnostics: they are
 * reported by the caller with the errno text and their own exit status.
 */
struct mappa_diag {
	const char	*file;	/* name shown in messages; not owned */
	FILE		*out;	/* where messages go, normally stderr */
	unsigned	 limit;	/* how many to print; 0 means no limit */
	unsigned long	 errors;	/* how many were reported */
	unsigned long	 warnings;	/* counted apart, never in errors */
};

#define MAPPA_DIAG_LIMIT 20

void	mappa_diag_init(struct mappa_diag *, const char *file, FILE *out);
/* Report an error at line (0: no line known).  printf-style message. */
void	mappa_diag_error(struct mappa_diag *, unsigned long line,
	    const char *fmt, ...)
#if defined(__GNUC__)
	    __attribute__((format(printf, 3, 4)))
#endif
	    ;
/* Report a warning at line (0: no line known): output goes on. */
void	mappa_diag_warning(struct mappa_diag *, unsigned long line,
	    const char *fmt, ...)
#if defined(__GNUC__)
	    __attribute__((format(printf, 3, 4)))
#endif
	    ;
/*
 * A flaw of the output at line (text set past an edge, a word broken):
 * an error if fatal (a final report allows none), else a warning.
 */
void	mappa_diag_flaw(struct mappa_diag *, int fatal, unsigned long line,
	    const char *fmt, ...)
#if defined(__GNUC__)
	    __attribute__((format(printf, 4, 5)))
#endif
	    ;
/*
 * A message about no place in the input (a missing font, a failing
 * device): "mappa-report: " and the message, to out if there is one.
 * Counts as neither error nor warning: the caller's outcome says it.
 */
void	mappa_diag_say(const struct mappa_diag *, const char *fmt, ...)
#if defined(__GNUC__)
	    __attribute__((format(printf, 2, 3)))
#endif
	    ;
/*
 * Print the closing lines: how many warnings were not shown, if any; if
 * there were errors, how many were not shown, then "FILE: N errors;
 * <what>" (what: e.g. "no report written").
 */
void	mappa_diag_summary(const struct mappa_diag *, const char *what);

#endif
