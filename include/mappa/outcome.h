/* outcome.h: how a command ends, one vocabulary for every stage; main.c alone turns it into an exit status. */
#ifndef MAPPA_OUTCOME_H
#define MAPPA_OUTCOME_H

/*
 * Every command and every stage that runs part of one (reading a
 * snapshot, rendering a report, comparing, verifying) ends with one of
 * these.  The stage that found the problem has already said why on
 * standard error; the caller only passes the outcome up.  main.c maps
 * each to its exit status (mappa-report(1)): 0, 1, 64, 65, 66, 70, 73.
 */
enum mappa_outcome {
	MAPPA_OK = 0,
	MAPPA_DIFFERS,		/* verify: not made from these inputs; batch:
				   some snapshot failed (1) */
	MAPPA_USAGE,		/* a bad command line (64) */
	MAPPA_INVALID,		/* a snapshot, template or board file
				   rejected, or inputs that can't go
				   together (65) */
	MAPPA_NOINPUT,		/* an input missing or unreadable (66) */
	MAPPA_SOFTWARE,		/* an internal error (70) */
	MAPPA_CANTCREAT		/* an output or temporary file can't be
				   written (73) */
};

#endif
