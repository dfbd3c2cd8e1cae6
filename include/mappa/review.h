/* review.h: the reviewers' commands (compare, verify, batch) and what they share; for main.c and tests. */
#ifndef MAPPA_REVIEW_H
#define MAPPA_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mappa/outcome.h"
#include "mappa/report.h"
#include "mappa/sha256.h"

/* ------------------------------------------------------------------ */
/* Provenance, as render records it in a PDF's info dictionary. */

/*
 * Parse the text of a "Provenance" entry ("mappa-report V; snapshot
 * sha256 H; template sha256 H[; previous snapshot sha256 H][; board
 * sha256 H[; image sha256 H]...]").
 * Returns 0, or -1 if it is not of that shape.
 */
int	mappa_provenance_parse(const char *text, struct mappa_provenance *);

/*
 * Read the provenance of a PDF written by render from the file's raw bytes
 * (the last /Provenance entry of an info dictionary, as a hex or literal
 * string, UTF-16BE with a byte order mark or not).  Returns 0; 1 if the
 * file has none or an unreadable one; -1 if it can't be read (errno set).
 */
int	mappa_provenance_read(const char *pdf, struct mappa_provenance *);

/* ------------------------------------------------------------------ */
/* compare */

enum mappa_compare_format {
	MAPPA_COMPARE_PDF,
	MAPPA_COMPARE_CSV,
	MAPPA_COMPARE_JSON,
	MAPPA_COMPARE_ODS	/* a sheet per group of figures, years as columns */
};

struct mappa_compare_options {
	const char *const *snapshots;	/* paths, at least two; not owned */
	size_t		 nsnapshots;
	const char	*output;	/* path, "-" standard output */
	enum mappa_compare_format format;
	bool		 any_area;	/* allow snapshots of different areas */
	/* the PDF's template, a path or a name; NULL: compare.xml */
	const char	*template_path;
};

/*
 * Percentage change from prev to cur in tenths of a per cent, rounded to
 * the nearest tenth, halves away from zero, in integer arithmetic.
 * Returns 0 and sets *tenths, or -1 when there is none (prev is 0, or the
 * figures are too large for the arithmetic).
 */
int	mappa_pct_change(uint64_t prev, uint64_t cur, int64_t *tenths);

/*
 * Read every snapshot, order them by period, check they go together, and
 * only then write the comparison (PDF, CSV or JSON) atomically.  Messages
 * go to standard error.
 */
enum mappa_outcome mappa_compare(const struct mappa_compare_options *);

/* ------------------------------------------------------------------ */
/* verify */

struct mappa_verify_options {
	const char	*report;	/* the PDF */
	const char	*snapshot;
	const char	*template_path;	/* a path or name, or NULL: the era's */
	const char	*previous;	/* previous year's snapshot, or NULL */
	const char	*board;		/* board file, or NULL: NAME.board.xml
					   beside the snapshot if there is one */
	const char	*lang;		/* the edition, as render's --lang */
};

/*
 * Whether the report was produced from these inputs: its provenance names
 * their hashes and this program's version, and rendering them again gives
 * the same bytes.  Prints "REPORT: verified: ..." on standard output, or
 * "REPORT: not verified: <reason>" on standard error (MAPPA_DIFFERS).
 */
enum mappa_outcome mappa_verify(const struct mappa_verify_options *);

/* ------------------------------------------------------------------ */
/* batch */

struct mappa_batch_options {
	const char	*archive;	/* directory searched for *.xml */
	const char	*output;	/* directory the PDFs go to */
	const char	*template_path;	/* for every snapshot, or NULL */
	unsigned	 jobs;		/* processes at once; 0: one per core */
	bool		 worker;	/* set in a worker process: see below */
	int		 worker_exit;	/* the worker's exit status */
};

/*
 * Render every snapshot under the archive into the same relative path
 * under output (.xml becomes .pdf), in worker processes, skipping reports
 * whose provenance shows them up to date; a summary goes to standard
 * error.  MAPPA_DIFFERS if any snapshot failed.
 *
 * Workers are forked copies of the caller: in a worker this returns
 * with o->worker set once its job is done and everything it holds is
 * freed, and the caller must then end the process at once with the exit
 * status in o->worker_exit (the protocol between worker and parent, not
 * an outcome).
 */
enum mappa_outcome mappa_batch(struct mappa_batch_options *);

#endif
