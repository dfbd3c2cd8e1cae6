/* layout.h: the document model and the typesetting engine; for whoever builds a report. */
#ifndef MAPPA_LAYOUT_H
#define MAPPA_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

#include "mappa/image.h"
#include "mappa/diag.h"
#include "mappa/font.h"

struct mappa_device;
struct mappa_time;

/*
 * A document is a list of blocks built with the functions below, all
 * owned by the document: mappa_doc_free() frees everything.  Text is
 * UTF-8 and copied.  Lengths are in points (1/72 inch).  Typical use:
 *
 *	doc = mappa_doc_new();
 *	mappa_doc_set(doc, MAPPA_META_TITLE, "MAPPA Annual Report 2023/24");
 *	mappa_doc_running(doc, 0, NULL, "{title}", NULL);
 *	mappa_doc_running(doc, 1, NULL, "Page {page} of {pages}", NULL);
 *	b = mappa_doc_heading(doc, 1, 1);
 *	mappa_block_text(b, MAPPA_FACE_REGULAR, "Introduction");
 *	b = mappa_doc_paragraph(doc, MAPPA_ALIGN_JUSTIFY);
 *	mappa_block_text(b, MAPPA_FACE_REGULAR, "MAPPA are ");
 *	mappa_block_text(b, MAPPA_FACE_ITALIC, "arrangements");
 *	dev = mappa_pdf_device_new(fp);
 *	rc = mappa_layout_render(doc, dev, &diag);
 *	mappa_device_free(dev);
 *	mappa_doc_free(doc);
 */

enum mappa_align {
	MAPPA_ALIGN_JUSTIFY,
	MAPPA_ALIGN_LEFT,
	MAPPA_ALIGN_CENTRE,
	MAPPA_ALIGN_RIGHT
};

enum mappa_chart_type {
	MAPPA_CHART_BAR,
	MAPPA_CHART_LINE
};

enum mappa_meta_key {
	MAPPA_META_TITLE,
	MAPPA_META_AUTHOR,
	MAPPA_META_SUBJECT,
	MAPPA_META_KEYWORDS,
	MAPPA_META_CREATOR,
	MAPPA_META_PRODUCER
};

/*
 * The spaces and sizes of blocks: one table for the whole document, not
 * numbers spread through the code.  mappa_doc_new() fills in the
 * defaults (in brackets); a template may change the spaces.
 */
struct mappa_style {
	double	 heading_scale[3];	/* heading / body size (1.52 1.24 1.1) */
	double	 heading_before[3];	/* [pt] above a heading (18 14 10) */
	double	 heading_after;		/* [pt] below a heading (4) */
	double	 caption_before;	/* [pt] above a caption (10) */
	double	 caption_after;		/* [pt] below it, to its table (3) */
	double	 table_before;		/* [pt] above a table (6) */
	double	 chart_before;		/* [pt] above a chart (8) */
	double	 block_after;		/* [pt] below a table or chart (10) */
	double	 list_before;		/* [pt] above a list (2) */
	double	 item_space;		/* [pt] between list items (3) */
	double	 cell_padx, cell_pady;	/* [pt] in a table cell (4 3) */
	double	 table_scale;		/* table text / body size (0.95) */
	double	 rule_height;		/* [pt] a rule's line and space (12) */
	double	 contents_after;	/* [pt] below the contents (12) */
};

/* Page geometry and base style; mappa_doc_new() fills in the defaults. */
struct mappa_page_setup {
	double	 width, height;		/* [pt] A4: 595.276 x 841.890 */
	double	 top, right, bottom, left;	/* margins [pt] */
	double	 font_size;		/* body text [pt] */
	double	 leading;		/* line height / font size */
	double	 para_space;		/* after a paragraph [pt] */
	int	 plain_first;		/* no header/footer on page 1 */
	int	 toc_depth;		/* heading levels in the contents */
	char	 family[64];		/* fontconfig family name */
	struct mappa_style style;	/* spaces and sizes of blocks */
};

struct mappa_doc;	/* opaque handle */
struct mappa_block;	/* a block inside a document; owned by it */

/* The caller frees the document with mappa_doc_free(); NULL is a no-op. */
struct mappa_doc	*mappa_doc_new(void);
void			 mappa_doc_free(struct mappa_doc *);
/* The page setup, to be changed in place before rendering. */
struct mappa_page_setup	*mappa_doc_page(struct mappa_doc *);

void	mappa_doc_set(struct mappa_doc *, enum mappa_meta_key,
	    const char *value);
/* Dates of creation and modification, copied; NULL leaves one unset. */
void	mappa_doc_dates(struct mappa_doc *, const struct mappa_time *created,
	    const struct mappa_time *modified);
/* A custom info entry (key: ASCII letters/digits), e.g. provenance. */
void	mappa_doc_extra(struct mappa_doc *, const char *key,
	    const char *value);
/*
 * Running header (footer 0) or footer (footer 1): left, centred and right
 * text, any NULL.  "{page}", "{pages}" and "{title}" are replaced.
 */
void	mappa_doc_running(struct mappa_doc *, int footer, const char *left,
	    const char *centre, const char *right);

/* Blocks, in document order.  Each returns its block, owned by doc. */
struct mappa_block	*mappa_doc_heading(struct mappa_doc *, int level,
			    int numbered);	/* level 1 to 3 */
struct mappa_block	*mappa_doc_paragraph(struct mappa_doc *,
			    enum mappa_align);
/*
 * The caption of the table or chart that follows: set in bold, a little
 * smaller than the text, on the same page as the first rows of the table
 * (the header and one row) or the chart.  Not a heading: it is in neither
 * the contents nor the bookmarks.
 */
struct mappa_block	*mappa_doc_caption(struct mappa_doc *);
/* A list; its items are paragraphs made by mappa_list_item(). */
struct mappa_block	*mappa_doc_list(struct mappa_doc *, int numbered);
struct mappa_block	*mappa_list_item(struct mappa_block *list);
/*
 * A table of ncols columns whose first header_rows rows are repeated on
 * every page it spans.  Rows are started with mappa_table_row() and
 * filled left to right by mappa_table_cell(), which returns a paragraph
 * taking the column's alignment.
 */
struct mappa_block	*mappa_doc_table(struct mappa_doc *, size_t ncols,
			    size_t header_rows);
/* Column width [pt] (0: from the content) and alignment. */
void			 mappa_table_column(struct mappa_block *, size_t col,
			    double width, enum mappa_align);
/*
 * Keep the table whole on one page, moving it to the next if need be
 * (one taller than a page is split all the same).  A table that is split
 * repeats its header rows and its caption, with "(continued)"; what comes
 * before a table is never left at a page's foot with fewer than two of
 * its rows.
 */
void			 mappa_table_keep(struct mappa_block *);
void			 mappa_table_row(struct mappa_block *);
struct mappa_block	*mappa_table_cell(struct mappa_block *);
/*
 * A chart drawn in vectors; title may be NULL.  A line chart is height
 * [pt] tall; a bar chart is as tall as its bars need.
 */
struct mappa_block	*mappa_doc_chart(struct mappa_doc *,
			    enum mappa_chart_type, const char *title,
			    double height);
void	mappa_chart_labels(struct mappa_block *, const char *xlabel,
	    const char *ylabel);
void	mappa_chart_category(struct mappa_block *, const char *label);
/*
 * A series of n values, one per category, named `name` beside its bars or
 * at its line's end.  A value that is not known is NAN: no bar, and a gap
 * in the line.
 */
void	mappa_chart_series(struct mappa_block *, const char *name,
	    const double *values, size_t n);
/*
 * A line chart's categories on a time axis: category i at at[i] (in any
 * unit, e.g. years; n equal to the categories given so far, increasing).
 * A step wider than one and a half times the smallest leaves a gap: the
 * line is not drawn across a missing year.  Otherwise ignored.
 */
void	mappa_chart_axis(struct mappa_block *, const double *at, size_t n);
/*
 * The chart's text alternative for a screen reader, instead of the one
 * layout writes from its title, categories and figures.
 */
void	mappa_chart_alt(struct mappa_block *, const char *alt);
/*
 * The document's language, BCP 47 ("cy"), copied: its words are
 * hyphenated by that language's patterns and it is tagged so.  NULL or
 * never set: "en-GB", which mappa_doc_lang_get() then returns.
 */
void	mappa_doc_lang(struct mappa_doc *, const char *bcp47);
const char *mappa_doc_lang_get(const struct mappa_doc *);
/*
 * The file whose lines (mappa_block_line) the blocks added next come from,
 * named in layout's messages about them instead of the diagnostics' own
 * file: the board file, for the words it fills a template's slot with.
 * Not copied: it must live until the document is rendered.  NULL: the
 * diagnostics' file again.
 */
void	mappa_doc_source(struct mappa_doc *, const char *file);
/*
 * A final report (render --final): what layout otherwise warns of as a
 * flaw of fit is an error, and no output is made: a word broken between
 * characters, text set past its column's edge, a glyph the font lacks, a
 * running header or footer cut, a table column widened past its width.
 * An image scaled down to fit its page stays a warning: it loses nothing.
 */
void	mappa_doc_final(struct mappa_doc *, int);
/*
 * The title in a second language (a bilingual report's: the Welsh
 * edition's English title, or the other way round), copied; NULL for
 * either clears it.  The PDF's XMP dc:title then gives both, each with
 * its xml:lang, the document's own first and as x-default.  The board
 * file's <edition title> sets it.  The getter returns the title or NULL,
 * and its language in *bcp47 if that is not NULL.
 */
void	mappa_doc_title_alt(struct mappa_doc *, const char *bcp47,
	    const char *title);
const char *mappa_doc_title_alt_get(const struct mappa_doc *,
	    const char **bcp47);
/*
 * What a bilingual report's cover says of its other edition ("This
 * document is also available in Welsh: URL"), for the editions whose
 * cover is not the document's blocks (the ODS's cover sheet): appended,
 * after a space, to what was given before; NULL clears it.  The getter
 * returns NULL when nothing was given.
 */
void	mappa_doc_also(struct mappa_doc *, const char *text);
const char *mappa_doc_also_get(const struct mappa_doc *);
/* A block in a language other than the document's. */
void	mappa_block_lang(struct mappa_block *, const char *bcp47);
/*
 * The language of the blocks added next, copied, when it is not the
 * document's (a Welsh draft's slot that the board fills only in English):
 * each block, whatever its kind, is tagged with it and hyphenated by its
 * patterns, its rows, cells, items and images with it, and a heading's
 * title in the contents is a passage in it; mappa_block_lang() still
 * gives a block its own.  NULL: the document's again.
 */
void	mappa_doc_words_lang(struct mappa_doc *, const char *bcp47);
/*
 * The runs added next to a block are a passage in another language (an
 * English agency's name in a Welsh sentence): tagged with it, a Span
 * with /Lang in the PDF, <span lang> in the HTML; NULL: the block's own
 * again.
 */
void	mappa_block_run_lang(struct mappa_block *, const char *bcp47);
void	mappa_doc_rule(struct mappa_doc *);
void	mappa_doc_space(struct mappa_doc *, double height);	/* [pt] */
void	mappa_doc_pagebreak(struct mappa_doc *);
/*
 * The next number of a numbered heading of level 1 to 3 ("2", "2.1",
 * "2.1.3") into buf, counting in cnt[3] (zeroed before the first); the
 * PDF and the HTML edition number headings alike through this.
 */
void	mappa_heading_number(int cnt[3], int level, char *buf, size_t size);
/* The table of contents, listing the headings down to toc_depth. */
void	mappa_doc_toc(struct mappa_doc *, const char *title);

/*
 * Images are owned by the document: each is added once (its bytes
 * copied; data NULL in tests, when only the size matters) and shown by as
 * many blocks as use it, so that a device embeds it once.  Returns the
 * image, owned by doc.
 */
const struct mappa_image *mappa_doc_image_new(struct mappa_doc *,
			    const void *data, size_t len, int jpeg,
			    unsigned width, unsigned height);	/* [px] */
/*
 * An image width [pt] wide (0 or wider than the text: the text's width),
 * its height from its proportions; alt is its text alternative, NULL if
 * it is decorative.
 */
struct mappa_block	*mappa_doc_image(struct mappa_doc *,
			    const struct mappa_image *, double width,
			    enum mappa_align, const char *alt);
/* A row of logos height [pt] tall, centred, smaller if they don't fit. */
struct mappa_block	*mappa_doc_logos(struct mappa_doc *, double height);
void	mappa_logos_add(struct mappa_block *, const struct mappa_image *,
	    const char *alt);
/*
 * A signature block: signatories side by side, three to a row, each an
 * optional signature image above a name (bold) and a role; a row is kept
 * on one page.
 */
struct mappa_block	*mappa_doc_signatures(struct mappa_doc *);
void	mappa_signature_add(struct mappa_block *, const struct mappa_image *,
	    const char *alt, const char *name, const char *role);
/*
 * A boxed panel (a case study): the blocks added between begin and end
 * are set narrower inside a tinted, ruled box that is kept whole on one
 * page.  Boxes don't nest: an inner begin and its end are ignored.
 */
void	mappa_doc_box_begin(struct mappa_doc *);
void	mappa_doc_box_end(struct mappa_doc *);
/*
 * A word set in bold at the centre of every running header (not on a
 * plain first page), in place of the header's own centre: "Draft".
 */
void	mappa_doc_mark(struct mappa_doc *, const char *text);

/*
 * Append a run of text to a heading or paragraph (table cell, list item):
 * size [pt] 0 means the block's own size.  Spaces separate words; U+00A0
 * does not break; U+2028 breaks the line.
 */
void	mappa_block_text(struct mappa_block *, enum mappa_face,
	    const char *utf8);
void	mappa_block_run(struct mappa_block *, enum mappa_face, double size,
	    const char *utf8);
/*
 * A forced line break, as U+2028 LINE SEPARATOR in the text is: the line
 * before it is not justified.  A break at the start or end of the block,
 * or right after another, is ignored.
 */
void	mappa_block_break(struct mappa_block *);
/*
 * The line of the source (a template) that the text appended next comes
 * from, named in warnings about it (a character the font lacks); 0, the
 * default, names none.  On a chart: the line of its labels.
 */
void	mappa_block_line(struct mappa_block *, unsigned long line);

/*
 * Lay the document out and draw it on the device: fonts are looked up,
 * paragraphs broken, pages filled, page references resolved, then every
 * page is sent to the device.  Problems in the document (a word wider
 * than its column, a row taller than a page, a missing glyph) are
 * warnings to diag, laid out as well as they can be: text too wide for
 * its column is broken between characters or set past the column's edge,
 * never dropped.  Returns 0, or -1 if the fonts can't be found, an error
 * was reported (then the device is not started) or the device failed
 * (the reason is printed to diag->out).  The same document gives the
 * same calls.
 */
int	mappa_layout_render(struct mappa_doc *, struct mappa_device *,
	    struct mappa_diag *);

/*
 * Read a document in the small line-based format of tests/data/layout
 * (described in tests/data/layout/README).  Syntax errors go to diag.
 * Returns a document for the caller to free, or NULL on an error.
 */
struct mappa_doc	*mappa_doc_read(FILE *, struct mappa_diag *);

/*
 * Reading a document back, for the writers that work from the tree
 * before layout (HTML, ODS).  Pointers returned are owned by the
 * document and live as long as it does.
 */
enum mappa_block_kind {
	MAPPA_BLOCK_HEADING,
	MAPPA_BLOCK_PARAGRAPH,	/* also a list item, a table cell */
	MAPPA_BLOCK_CAPTION,
	MAPPA_BLOCK_LIST,
	MAPPA_BLOCK_TABLE,
	MAPPA_BLOCK_CHART,
	MAPPA_BLOCK_RULE,
	MAPPA_BLOCK_SPACE,
	MAPPA_BLOCK_PAGEBREAK,
	MAPPA_BLOCK_CONTENTS,
	MAPPA_BLOCK_IMAGE,	/* one image (mappa_block_image_get) */
	MAPPA_BLOCK_LOGOS,	/* a row of images */
	MAPPA_BLOCK_SIGNATURES,	/* images, each with its item (name, role) */
	MAPPA_BLOCK_BOX_BEGIN,	/* the blocks up to BOX_END are one panel */
	MAPPA_BLOCK_BOX_END,
	MAPPA_BLOCK_OTHER	/* a kind this API does not describe yet */
};

size_t			 mappa_doc_nblocks(const struct mappa_doc *);
const struct mappa_block *mappa_doc_block(const struct mappa_doc *,
			    size_t i);
/* A metadata value, or NULL if unset. */
const char		*mappa_doc_meta(const struct mappa_doc *,
			    enum mappa_meta_key);
/* The custom info entry; *key and *value NULL if none. */
void			 mappa_doc_extra_get(const struct mappa_doc *,
			    const char **key, const char **value);
/* Dates of creation and modification (zeros where unset). */
void			 mappa_doc_dates_get(const struct mappa_doc *,
			    struct mappa_time *created,
			    struct mappa_time *modified);

/* The page setup and base style, read only. */
const struct mappa_page_setup *mappa_doc_page_get(const struct mappa_doc *);

enum mappa_block_kind	 mappa_block_kind(const struct mappa_block *);
/* Heading level (1 to 3), 0 for other blocks. */
int			 mappa_block_level(const struct mappa_block *);
/* A numbered heading or list. */
int			 mappa_block_numbered(const struct mappa_block *);
enum mappa_align	 mappa_block_align(const struct mappa_block *);
/* A heading's or paragraph's own language (mappa_block_lang), or NULL. */
const char		*mappa_block_lang_get(const struct mappa_block *);
/* Runs of text: the i-th run's text, face and size [pt] (0: block's). */
size_t			 mappa_block_nruns(const struct mappa_block *);
const char		*mappa_block_run_get(const struct mappa_block *,
			    size_t i, enum mappa_face *face, double *size);
/* The i-th run's own language (mappa_block_run_lang), or NULL. */
const char		*mappa_block_run_lang_get(const struct mappa_block *,
			    size_t i);
/*
 * Images of an image, logos or signatures block: the i-th image (NULL for
 * a signatory without one) and its text alternative (*alt NULL when it is
 * decorative).  The image's bytes are in its data and len (device.h).
 */
size_t			 mappa_block_nimages(const struct mappa_block *);
const struct mappa_image *mappa_block_image_get(const struct mappa_block *,
			    size_t i, const char **alt);
/* An image's width [pt] (0: the text's width); logos' height [pt]. */
double			 mappa_block_width(const struct mappa_block *);
double			 mappa_block_height(const struct mappa_block *);
/* Items of a list; a signature block's paragraphs (name, role), one per image. */
size_t			 mappa_block_nitems(const struct mappa_block *);
const struct mappa_block *mappa_block_item(const struct mappa_block *,
			    size_t i);
/* Title of a chart or of the contents, or NULL. */
const char		*mappa_block_title(const struct mappa_block *);

/* A table's shape; the cell at (row, col), NULL past a short row. */
void			 mappa_table_shape(const struct mappa_block *,
			    size_t *nrows, size_t *ncols, size_t *header_rows);
const struct mappa_block *mappa_table_cell_at(const struct mappa_block *,
			    size_t row, size_t col);
enum mappa_align	 mappa_table_column_align(const struct mappa_block *,
			    size_t col);

/*
 * The figure a table cell shows, for writers that keep numbers as numbers
 * (ODS): key is the value's dotted name ("offenders.category1.total",
 * "previous.<key>", "change.<key>"), copied.  The cell's text stays what
 * is shown.
 */
void	mappa_block_value(struct mappa_block *, const char *key,
	    double value);
/* Returns 1 and sets *key and *value if the cell has one, else 0. */
int	mappa_block_value_get(const struct mappa_block *, const char **key,
	    double *value);

/* A chart's data, as given to mappa_chart_*(). */
enum mappa_chart_type	 mappa_chart_type_get(const struct mappa_block *);
void			 mappa_chart_labels_get(const struct mappa_block *,
			    const char **xlabel, const char **ylabel);
size_t			 mappa_chart_ncategories(const struct mappa_block *);
const char		*mappa_chart_category_get(const struct mappa_block *,
			    size_t i);
size_t			 mappa_chart_nseries(const struct mappa_block *);
/* The i-th series' name; *values has *n of them (one per category). */
const char		*mappa_chart_series_get(const struct mappa_block *,
			    size_t i, const double **values, size_t *n);

#endif
