/* layout_int.h: structures shared inside generator/layout only. */
#ifndef MAPPA_LAYOUT_INT_H
#define MAPPA_LAYOUT_INT_H

#include <hyphen.h>

#include "mappa/device.h"
#include "mappa/layout.h"

struct run {
	enum mappa_face	 face;
	double		 size;	/* [pt], 0: the block's */
	char		*text;
	unsigned long	 line;	/* in the source (template), 0: unknown */
	char		*lang;	/* a passage in another language (BCP 47),
				   owned; NULL: the block's */
};

enum btype {
	B_HEADING, B_PARA, B_LIST, B_TABLE, B_CHART, B_RULE, B_SPACE,
	B_BREAK, B_TOC, B_CAPTION,
	B_IMAGE, B_LOGOS, B_SIGS, B_BOX, B_BOXEND	/* image.c */
};

struct series {
	char	*name;
	double	*v;
	size_t	 n;
};

struct mappa_block {
	enum btype	 type;
	int		 level;		/* heading level */
	int		 numbered;	/* heading or list */
	enum mappa_align align;
	struct run	*runs;
	size_t		 nruns;
	struct mappa_block **kids;	/* list items; table cells by row */
	size_t		 nkids;
	size_t		 ncols, hrows;	/* table */
	double		*colw;		/* [pt], 0: from content */
	enum mappa_align *colalign;
	size_t		*rowstart;	/* index in kids of each row */
	size_t		 nrows;
	enum mappa_chart_type chart;
	char		*title;		/* chart, contents */
	char		*xlabel, *ylabel;
	char		**cats;
	size_t		 ncats;
	struct series	*ser;
	size_t		 nser;
	double		 height;	/* chart, space, logos [pt] */
	double		*at;		/* chart: category positions, or NULL */
	int		 keep;		/* table: kept whole on one page */
	unsigned long	 line;	/* source line of what is added next */
	const char	*file;	/* whose lines they are; NULL: the diag's */
	char		*alt;		/* chart: the template's text alternative */
	char		*lang;		/* BCP 47 when not the document's */
	char		*runlang;	/* of the runs added next, or NULL */
	char		*vkey;		/* table cell: its figure's key */
	double		 value;		/* and the figure, if vkey */
	const struct mappa_image **imgs;	/* image, logos, signatures */
	char		**alts;		/* owned; NULL: decorative */
	size_t		 nimgs;
	double		 width;		/* image [pt], 0: the text's */
};

struct mappa_doc {
	struct mappa_page_setup	 page;
	char			*meta[6];
	struct mappa_time	 created, modified;
	char			*xkey, *xval;
	char			*running[2][3];
	struct mappa_block	**blocks;
	size_t			 nblocks;
	struct mappa_image	**images;	/* owned, with their bytes */
	size_t			 nimages;
	char			*mark;		/* "Draft", or NULL */
	char			*lang;		/* BCP 47; NULL: en-GB */
	int			 final;		/* mappa_doc_final() */
	const char		*source;	/* mappa_doc_source(); not owned */
	char			*wordlang;	/* mappa_doc_words_lang() */
	char			*title_alt;	/* in title_alt_lang, or NULL */
	char			*title_alt_lang;
	char			*also;		/* mappa_doc_also(), or NULL */
};

/* A piece of text placed on a line; s points into a run or a literal. */
struct frag {
	enum mappa_face	 face;
	double		 size;	/* [pt] */
	double		 x;	/* [pt] from the line's left */
	double		 w;	/* [pt] */
	const char	*s;
	size_t		 len;
	const char	*lang;	/* its run's, or NULL */
};

struct line {
	struct frag	*f;
	size_t		 nf;
	double		 width;		/* [pt] of the set line */
	double		 height;	/* [pt] */
	double		 baseline;	/* [pt] below the line's top */
	double		 ratio;		/* adjustment ratio */
	int		 hyphen;	/* ends with an added hyphen */
	int		 cut;		/* ends inside a word cut between
					   characters: no space after it */
	int		 last;		/* not justified: ends the paragraph or */
	int		 forced;	/* a forced break (U+2028) inside it */
};

/* The languages with hyphenation patterns of their own (hyph.c). */
enum hlang { HL_EN, HL_CY, HL_N };

struct ctx {
	struct mappa_fontset	*fs;
	HyphenDict		*hyph;	/* the block's patterns; NULL: none */
	HyphenDict		*dict[HL_N];	/* hyph.c, loaded once */
	int			 tried[HL_N];
	struct mappa_diag	*diag;
	const struct mappa_page_setup *pg;
	int			 warned;	/* once per paragraph */
	int			 hush;	/* the caller said it once for all */
	int			 final;	/* a flaw of fit is an error */
	unsigned long		 line;	/* in the source, of the block set */
	const char		*file;	/* that source; the diag's own file */
	enum btype		 kind;	/* of that block, for messages */
};

/* para.c: break a paragraph of runs into lines measure [pt] wide. */
int	 para_lines(struct ctx *, const struct run *, size_t nruns,
	    double size, enum mappa_face add, enum mappa_align, double measure,
	    struct line **, size_t *nlines);
void	 para_free(struct line *, size_t);
/* Natural width of the paragraph on one line and of its widest unbreakable piece. */
void	 para_widths(struct ctx *, const struct run *, size_t nruns,
	    double size, enum mappa_face add, double *natural, double *min);

/*
 * hyph.c: the patterns a BCP 47 tag takes by its primary subtag: cy Welsh,
 * anything else (or NULL) British English.
 */
enum hlang	 hyph_lang(const char *bcp47);
/*
 * The file of those patterns, which the caller frees: Welsh from the build
 * directory when the program runs from it, else the installed data directory.
 */
char		*hyph_path(enum hlang);
/*
 * The patterns for bcp47, loaded on the first call and kept in the context
 * (one dictionary per language); NULL: none, words are not hyphenated.
 * hyph_free() frees them all.
 */
HyphenDict	*hyph_get(struct ctx *, const char *bcp47);
void		 hyph_free(struct ctx *);
/*
 * The hyphenation points of w, n bytes of lowercase letters, as the layout
 * takes them: hy (n + 5 bytes) gets an odd digit after each byte a hyphen
 * may follow.  -1: do not hyphenate w (an error, or a non-standard break).
 */
int		 hyph_word(HyphenDict *, const char *w, size_t n, char *hy);

/* A drawing on a unit, at coordinates relative to the unit's top left. */
enum ikind { I_TEXT, I_STROKE, I_FILL, I_REF, I_OUTLINE, I_NOTE,
	I_TAG, I_UNTAG, I_LINK, I_IMAGE };

struct ditem {
	enum ikind	 k;
	enum mappa_face	 face;
	double		 size;		/* [pt] */
	double		 x, y;		/* [pt]; I_REF: x is the right end */
	char		*s;		/* owned */
	double		*xy;		/* owned, n points */
	size_t		 n;
	double		 w, h;		/* [pt] */
	struct mappa_color col;
	int		 level;
	long		 ref;		/* I_REF, I_LINK: heading index */
	/* I_TAG: a role (device.h) and its owned strings; I_LINK: s is a URI */
	enum mappa_role	 role;
	enum mappa_scope scope;
	int		 pagination;
	long		 id;		/* I_TAG: an element to resume, or 0 */
	int		 resume;	/* I_TAG: reopen element id */
	char		*alt, *lang, *actual;
	const struct mappa_image *img;	/* I_IMAGE, its alt in s */
};

/* What pagination moves: a rigid slice of a block. */
struct unit {
	double		 height;	/* [pt] */
	double		 space;		/* [pt] above, dropped at a page top */
	int		 keep;		/* no page break just before */
	int		 brk;		/* a page break just before */
	struct ditem	*it;
	size_t		 nit, cap;
	long		 tbl;		/* table number or -1 */
	long		 hdr_first;	/* its table's header units, or -1 */
	size_t		 hdr_n;
	int		 is_hdr;
	long		 heading;	/* heading placed by this unit, or -1 */
	long		 cont_first;	/* its table's caption "(continued)" */
	size_t		 cont_n;	/* units, placed only on later pages */
	size_t		 row;		/* in its table */
	size_t		 band;		/* a row taller than a page is split
					 * into bands of lines: 0, 1, ... */
	double		 tw;		/* [pt] its table's width, 0: the text's */
	double		 dx;		/* [pt] drawn this far right (a box) */
	long		 box;		/* a box split across pages, or -1 */
	int		 boxfirst, boxlast;	/* its first, last unit */
	unsigned long	 line;		/* in the source, 0: unknown */
	const char	*file;		/* that source, as in struct ctx */
	enum btype	 kind;		/* what it is part of */
};

struct ditem	*unit_item(struct unit *, enum ikind);
void		 unit_text(struct ctx *, struct unit *, enum mappa_face,
		    double size, double x, double y, const char *s);
void		 unit_line(struct unit *, double x0, double y0, double x1,
		    double y1, double w, const struct mappa_color *);

/* Roles (layout.c): open one at the end of a unit, or before item pos. */
struct ditem	*unit_tag(struct unit *, enum mappa_role);
struct ditem	*unit_tag_at(struct unit *, size_t pos, enum mappa_role);
void		 unit_untag(struct unit *);

/*
 * doc.c: a new block of type t at the end of the document, with the
 * source file and the language of the words added next (mappa_doc_source,
 * mappa_doc_words_lang); every block kind is made through it.
 */
struct mappa_block *doc_append(struct mappa_doc *, enum btype t);

/* image.c: free what a block of image.c holds; free the doc's images. */
void	 imageblock_free(struct mappa_block *);
void	 doc_images_free(struct mappa_doc *);

/* chart.c: draw a chart block on a unit width [pt] wide; its height [pt]. */
double	 chart_draw(struct ctx *, const struct mappa_block *, double width,
	    struct unit *);
/* The i-th series colour, or NULL past the last (then they repeat). */
const struct mappa_color *chart_palette(size_t i);

#endif
