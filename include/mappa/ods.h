/* ods.h: statistical tables as an OpenDocument spreadsheet, the way UK government statistics publish them; for the report stage, compare and tests. */
#ifndef MAPPA_ODS_H
#define MAPPA_ODS_H

#include <stddef.h>
#include <stdio.h>

#include "mappa/device.h"
#include "mappa/layout.h"

/*
 * A workbook is built in memory, then written in one go: a cover sheet,
 * a contents sheet, a notes sheet, then one sheet per table with the
 * table's title in A1, a line saying what the sheet holds, and the table
 * from A3 (or A4): one header row of column labels, then rows whose first
 * cell labels them.  Figures are numbers (office:value-type="float"); a
 * cell with no figure is "[x]", which the notes explain.  The container
 * is built with libzip; the same calls give the same bytes.
 *
 *	ods = mappa_ods_new(&cover);
 *	mappa_ods_table(ods, "Table_1", "Table 1. Offenders ...");
 *	mappa_ods_row(ods);			(the header row)
 *	mappa_ods_text(ods, "Category"); mappa_ods_text(ods, "Level 1");
 *	mappa_ods_row(ods);
 *	mappa_ods_text(ods, "Category 1"); mappa_ods_number(ods, 561, NULL);
 *	rc = mappa_ods_write(ods, fp, &when);
 *	mappa_ods_free(ods);
 */
struct mappa_ods;	/* opaque handle */

/* What the cover sheet says; any may be NULL; copied. */
struct mappa_ods_cover {
	const char	*title;		/* A1 of the cover */
	const char	*about;		/* a sentence saying what it holds */
	const char	*area;
	const char	*period;	/* "1 April 2011 to 31 March 2012" */
	const char	*source;	/* where the figures come from */
	const char	*published;	/* "3 April 2012" */
	const char	*contact;
	const char	*provenance;	/* program and input hashes */
	const char	*also;		/* where the other language's edition
					   is, after about */
};

/* The caller frees the workbook with mappa_ods_free(); NULL is a no-op. */
struct mappa_ods	*mappa_ods_new(const struct mappa_ods_cover *);
void			 mappa_ods_free(struct mappa_ods *);
/*
 * The workbook's language (BCP 47), copied: that of its own words (sheet
 * names, labels, notes; mappa/msg.h) and of its tags.  Before the first
 * table, which takes its sheet's name from it.  Never set or NULL: en-GB.
 */
void			 mappa_ods_lang(struct mappa_ods *, const char *bcp47);

/*
 * A note for the notes sheet; returns its number, for the caller to cite
 * as "[note N]" in a title or label.
 */
int	mappa_ods_note(struct mappa_ods *, const char *text);

/*
 * Start a table on a sheet of its own.  name: the sheet's name, letters,
 * digits and '_' (e.g. "Table_1"; made unique if taken); title: A1.
 * Its first row is the header row.
 */
void	mappa_ods_table(struct mappa_ods *, const char *name,
	    const char *title);
/* A line under the title (a unit, a source); before the first row. */
void	mappa_ods_subtitle(struct mappa_ods *, const char *text);
void	mappa_ods_row(struct mappa_ods *);
void	mappa_ods_text(struct mappa_ods *, const char *utf8);
/*
 * A figure; id, if not NULL, names the cell (xml:id of its paragraph,
 * NCName characters only) for whoever reads the file by machine.
 */
void	mappa_ods_number(struct mappa_ods *, double, const char *id);
/* A cell with no figure: "[x]", explained in the notes. */
void	mappa_ods_na(struct mappa_ods *);

/*
 * The statistical tables of a document (those with at least one cell
 * that knows its figure, mappa_block_value()): one sheet each, titled by
 * the caption before the table, "Table 1a. ..." naming it "Table_1a".
 * Several header rows become one.  A cell's figure is a number named
 * "<sheet>.<key>"; an empty cell or a dash is "[x]".  Returns how many
 * tables were added.
 */
size_t	mappa_ods_add_doc(struct mappa_ods *, const struct mappa_doc *);

/*
 * Write the spreadsheet to f; when (may be NULL) dates the zip entries and
 * the metadata.  Returns 0, or -1 with errno set (the stream failed) or
 * after a message on err (libzip failed).
 */
int	mappa_ods_write(struct mappa_ods *, FILE *f,
	    const struct mappa_time *when, FILE *err);

#endif
