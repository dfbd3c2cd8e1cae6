/* report.h: the render pipeline (snapshot, template, layout, device, atomic output); for main.c and the review commands. */
#ifndef MAPPA_REPORT_H
#define MAPPA_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mappa/outcome.h"
#include "mappa/sha256.h"

/*
 * The annual report is made in one pass along the flow of design.md:
 *
 *	snapshot ──reader──▶ stats ─┐
 *	previous ──reader──▶ stats ─┼─▶ values ─▶ template ─▶ document
 *	template ──parser───────────┘                           │
 *	                          layout ─▶ device (PDF) ─▶ atomic output
 *
 * Every input is read once, and checked whole, before the output is
 * opened: a bad input writes nothing and leaves an existing report
 * untouched.  The stages this calls know nothing of files or of each
 * other's output; this stage alone opens files and picks the device.
 */
/* What render writes: the typeset PDF, or an edition from the same document. */
enum mappa_report_format {
	MAPPA_REPORT_PDF = 0,
	MAPPA_REPORT_HTML,	/* one accessible HTML5 file (html.h) */
	MAPPA_REPORT_ODS	/* the statistical tables (ods.h) */
};

struct mappa_report_options {
	const char	*snapshot;	/* path, "-" for standard input */
	const char	*output;	/* path of the PDF, "-" standard output */
	const char	*template_path;	/* a path or a template's name, or
					   NULL: the era's default */
	const char	*previous;	/* previous year's snapshot, or NULL */
	bool		 any_area;	/* previous may be of another area */
	enum mappa_report_format format;	/* 0: PDF */
	const char	*board;		/* board file, or NULL: NAME.board.xml
					   beside the snapshot if there is one */
	bool		 final;		/* a template's placeholder is an error
					   (board.h) */
	const char	*lang;		/* the edition: BCP 47 ("cy", "en"),
					   or NULL: the template's; chooses
					   the era's template in it, and must
					   be a given template's language */
};

#define MAPPA_HEX_LEN	(2 * MAPPA_SHA256_LEN)
#define MAPPA_PROVENANCE_IMAGES	64	/* as many as a board file may name */

/* What a report is made from, as its provenance records it. */
struct mappa_provenance {
	char	 version[32];			/* "0.1.0" */
	char	 snapshot[MAPPA_HEX_LEN + 1];	/* lower-case hex */
	char	 template_sha[MAPPA_HEX_LEN + 1];
	char	 previous[MAPPA_HEX_LEN + 1];	/* "" when none */
	/* the board file and its images (board.h); "" and 0 when none */
	char	 board[MAPPA_HEX_LEN + 1];
	char	 images[MAPPA_PROVENANCE_IMAGES][MAPPA_HEX_LEN + 1];
	size_t	 nimages;
	/* as read (render fills these in, a PDF's provenance has none) */
	char	 board_path[256];		/* shortened if longer */
	char	 image_names[MAPPA_PROVENANCE_IMAGES][64];
};

/*
 * Make the report.  Messages go to standard error.  If made is not NULL
 * it receives the hashes of the inputs as they were read (whatever the
 * outcome once they were all read; zeroed before), and *template_path,
 * if not NULL, the template file used (the caller frees it; NULL when
 * none was found).
 */
enum mappa_outcome mappa_report_render(const struct mappa_report_options *,
	    struct mappa_provenance *made, char **template_path);

/*
 * The date a report (or comparison) is produced on: SOURCE_DATE_EPOCH if
 * set, else when the snapshot was exported (24:00:00 as the next day's
 * midnight), else the period's end; never the clock, so that the same
 * inputs give the same bytes.  Returns -1, after saying so on standard
 * error, if SOURCE_DATE_EPOCH is set but not a number of seconds up to
 * 9999-12-31.
 */
struct mappa_stats;
struct mappa_time;
int	mappa_report_time(const struct mappa_stats *, struct mappa_time *);

/*
 * The default template file for a period starting on `period_start`: the
 * SHPO era's from 1 April 2015 (mappa_stats_shpo_era), else the SOPO
 * era's; in Welsh (NAME.cy.xml) when lang is Welsh (first subtag "cy"),
 * else in English (lang NULL included).  Static string.
 */
const char	*mappa_report_default_template(int32_t period_start,
		    const char *lang);

/*
 * Find a template by name (NAME or NAME.xml) in the template directories:
 * $MAPPA_TEMPLATE_DIR, then the source tree's templates/ if the program
 * runs from its build directory, then the installed data directory.
 * Returns a path for the caller to free, or NULL.
 */
char	*mappa_report_find_template(const char *name);

/*
 * The template a report uses: `given` (a path, or a template's name), or
 * the era's default for a period starting on `period_start` in lang
 * (mappa_report_default_template) when given is NULL.  Render, verify and
 * batch all choose through this.  Returns a path
 * for the caller to free, or NULL after saying why on err.
 */
char	*mappa_report_resolve_template(const char *given,
	    int32_t period_start, const char *lang, FILE *err);

/*
 * Lay a document out as a PDF into output ("-": standard output),
 * atomically: an existing file there is replaced only by a whole new one.
 * Errors go to standard error, diag's ending with "no WHAT written"
 * ("report", "comparison").  The report and compare both write through
 * this.
 */
struct mappa_doc;
struct mappa_diag;
enum mappa_outcome mappa_report_write_pdf(struct mappa_doc *,
	    const char *output, struct mappa_diag *, const char *what);

#endif
