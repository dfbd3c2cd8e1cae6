/* device.h: the output device interface that layout draws through; for layout and devices. */
#ifndef MAPPA_DEVICE_H
#define MAPPA_DEVICE_H

#include <stdio.h>

#include "mappa/font.h"
#include "mappa/image.h"

/* A calendar time written into the document; never taken from a clock. */
struct mappa_time {
	int	 year, month, day;	/* 0 year: no date */
	int	 hour, minute, second;
	int	 utc_offset;		/* [min] east of UTC */
};

/* Document information; strings are UTF-8, NULL when absent. */
struct mappa_meta {
	const char	*title;
	const char	*author;
	const char	*subject;
	const char	*keywords;
	const char	*creator;
	const char	*producer;
	struct mappa_time created;
	struct mappa_time modified;
	/* One custom info entry, e.g. key "Provenance", value "sha256=..." */
	const char	*extra_key;	/* ASCII letters and digits only */
	const char	*extra_value;
	/* The document's language, BCP 47; NULL: en-GB. */
	const char	*lang;
	/* The title in a second language and that language, or NULL. */
	const char	*title_alt, *title_alt_lang;
};

struct mappa_color {
	double	 r, g, b;	/* 0 to 1 */
};

/*
 * What a piece of the page is, for a tagged PDF (PDF/UA) and for the
 * golden tests: layout opens a role before drawing its content and closes
 * it after, nesting as the document does (Sect > H1, Table > TBody > TR >
 * TD, L > LI > Lbl/LBody, TOC > TOCI > Reference > Link).  MAPPA_ROLE_ARTIFACT marks
 * what a reader skips: running header and footer, page numbers, rules,
 * gridlines, leaders, a table header repeated on a later page; roles
 * opened inside an artifact are ignored.
 */
enum mappa_role {
	MAPPA_ROLE_SECT, MAPPA_ROLE_H1, MAPPA_ROLE_H2, MAPPA_ROLE_H3,
	MAPPA_ROLE_P, MAPPA_ROLE_L, MAPPA_ROLE_LI, MAPPA_ROLE_LBL,
	MAPPA_ROLE_LBODY, MAPPA_ROLE_TABLE, MAPPA_ROLE_THEAD,
	MAPPA_ROLE_TBODY, MAPPA_ROLE_TR, MAPPA_ROLE_TH, MAPPA_ROLE_TD,
	MAPPA_ROLE_CAPTION, MAPPA_ROLE_TOC, MAPPA_ROLE_TOCI, MAPPA_ROLE_LINK,
	MAPPA_ROLE_FIGURE, MAPPA_ROLE_SPAN, MAPPA_ROLE_ARTIFACT,
	MAPPA_ROLE_REFERENCE,
	MAPPA_ROLE_COUNT
};

/* Standard structure type names, "Sect" to "Span"; "Artifact"; "Reference". */
extern const char *const mappa_role_name[MAPPA_ROLE_COUNT];

enum mappa_scope { MAPPA_SCOPE_NONE, MAPPA_SCOPE_COLUMN, MAPPA_SCOPE_ROW };

/* A role and what it says about its content; strings UTF-8 or NULL. */
struct mappa_tag {
	enum mappa_role	 role;
	const char	*alt;	/* Figure: the text alternative */
	const char	*lang;	/* BCP 47 ("cy") when not the document's */
	const char	*actual;	/* Span: the text it stands for, as a
				 * word hyphenated across lines */
	enum mappa_scope scope;	/* TH */
	int		 pagination;	/* artifact: header, footer, page no. */
	/*
	 * A table cell split across pages is one element: its first part
	 * is opened with an id (> 0, unique in the document), each later
	 * part with the same id and resume 1, which reopens that element
	 * (under the same parent) instead of making a new one.
	 */
	long		 id;
	int		 resume;
};

/*
 * Where a link goes: a page and height [pt from the top] of this
 * document (page > 0), or a URI.
 */
struct mappa_target {
	int		 page;
	double		 y;
	const char	*uri;
};

/*
 * Coordinates are in points from the top left corner of the page, y
 * growing downwards; text is placed by the left end of its baseline.
 * Every callback returns 0, or -1 after writing a reason into `error`;
 * layout stops at the first -1.  Calls come in this order:
 *     begin, then for each page: page, any of text/stroke/fill/outline/
 *     note/tag/untag/link; then end.  Tags nest properly across pages;
 *     all are closed by end.  The document's language is meta's lang.
 * By `begin` every glyph that will be printed has been recorded in the
 * font set (mappa_fontset_use), so a device can subset its fonts there.
 */
struct mappa_device {
	void	*arg;		/* the device's own state */
	char	 error[256];	/* why a callback failed */
	int	(*begin)(struct mappa_device *, const struct mappa_meta *,
		    struct mappa_fontset *);
	int	(*page)(struct mappa_device *, int number,
		    double width, double height);	/* [pt] */
	int	(*text)(struct mappa_device *, enum mappa_face, double size,
		    double x, double y, const char *s, size_t len);
	/* An open polyline of n points xy[2n], line width [pt]. */
	int	(*stroke)(struct mappa_device *, const double *xy, size_t n,
		    double width, const struct mappa_color *);
	int	(*fill)(struct mappa_device *, double x, double y,
		    double w, double h, const struct mappa_color *);
	/* A bookmark at height y of the current page, level 1 is outermost. */
	int	(*outline)(struct mappa_device *, int level, const char *title,
		    double y);
	/* Open a role (see mappa_role) and close the innermost one. */
	int	(*tag)(struct mappa_device *, const struct mappa_tag *);
	int	(*untag)(struct mappa_device *);
	/*
	 * The active area of the innermost open Link on the current page,
	 * x, y its top left corner; `text` says where it goes, for a reader.
	 */
	int	(*link)(struct mappa_device *, double x, double y, double w,
		    double h, const struct mappa_target *, const char *text);
	/* What layout decided (line breaks, ratios): for the dump device. */
	int	(*note)(struct mappa_device *, const char *text);
	int	(*end)(struct mappa_device *);
	void	(*destroy)(struct mappa_device *);
	/*
	 * An image scaled into the box at x, y (top left), w by h [pt]; alt
	 * is its text alternative, NULL for a decorative image (an artifact),
	 * in lang (BCP 47) when that is not NULL and not the document's.
	 * NULL in a device that shows no images.
	 */
	int	(*image)(struct mappa_device *, const struct mappa_image *,
		    double x, double y, double w, double h, const char *alt,
		    const char *lang);
};

/*
 * The PDF device writes the whole file to `out` at `end` (it does not
 * close it).  The text dump device writes every page, line, word position
 * and break to `out` as it goes, for golden tests.  The caller frees a
 * device with mappa_device_free(); NULL is a no-op.
 */
struct mappa_device	*mappa_pdf_device_new(FILE *out);
struct mappa_device	*mappa_dump_device_new(FILE *out);
void			 mappa_device_free(struct mappa_device *);

#endif
