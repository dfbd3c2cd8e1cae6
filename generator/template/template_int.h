/* template_int.h: the template stage's own structures; for generator/template/ only. */
#ifndef MAPPA_TEMPLATE_INT_H
#define MAPPA_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mappa/diag.h"
#include "mappa/layout.h"
#include "mappa/sha256.h"
#include "mappa/template.h"

/* Elements of the template language, as template.xsd names them. */
enum tel {
	E_TEXT,		/* character data, not an element */
	E_REPORT, E_META, E_TITLE, E_AUTHOR, E_SUBJECT, E_KEYWORDS,
	E_PAGE, E_HEADER, E_FOOTER, E_COVER, E_CONTENTS, E_SECTION,
	E_P, E_B, E_I, E_LIST, E_ITEM, E_TABLE, E_COLUMN, E_HEAD,
	E_ROW, E_CELL, E_CHART, E_CATEGORY, E_SERIES, E_VALUE, E_IF,
	E_ELSE, E_PAGEBREAK, E_SPACE, E_RULE, E_PROVENANCE,
	E_STYLE, E_SPAN,
	/* a template's slot; the board file's elements (board.xsd) */
	E_SLOT, E_BOARD,
	E_FOREWORD, E_ACHIEVEMENTS, E_PRIORITIES, E_MEMBERSHIP,
	E_LAY_ADVISER, E_CASE_STUDIES, E_VICTIMS, E_CONTACTS, E_PUBLISHED,
	E_LOGOS,	/* the slots' own elements, in the order of enum slot */
	E_LOGO, E_CASE_STUDY, E_IMAGE, E_SIGNATORY, E_MEMBERS, E_MEMBER,
	E_EDITIONS, E_EDITION,
	/* a comparison's: a loop over its years, a table of figures */
	E_YEARS, E_FIGURES, E_FIGURE,
	E__MAX
};

/* The slots a template declares and a board file fills. */
enum slot {
	S_FOREWORD, S_ACHIEVEMENTS, S_PRIORITIES, S_MEMBERSHIP,
	S_LAY_ADVISER, S_CASE_STUDIES, S_VICTIMS, S_CONTACTS, S_PUBLISHED,
	S_LOGOS,
	S__MAX
};
extern const char *const slot_names[S__MAX];

enum xop {
	X_INT, X_STR, X_NAME, X_NOT, X_NEG, X_AND, X_OR,
	X_EQ, X_NE, X_LT, X_LE, X_GT, X_GE, X_ADD, X_SUB, X_MUL, X_DIV
};

/* An expression tree; owned by its parent, freed by expr_free(). */
struct expr {
	enum xop	 op;
	int64_t		 n;		/* X_INT */
	char		*s;		/* X_STR text, X_NAME dotted name */
	struct expr	*a, *b;
};

enum fmt {
	F_DEFAULT,	/* numbers as F_NUMBER, strings as they are */
	F_NUMBER, F_PLAIN, F_WORDS, F_WORDS_CAP, F_DATE, F_YEAR,
	F_PERCENT, F_PLURAL, F_COUNT, F_CHANGE, F_DIFF, F_PCTCHANGE,
	F_ABS, F_PREVIOUS_LABEL, F_TREND
};

/* One piece of a text: literal text, or a placeholder. */
struct seg {
	char		*lit;		/* literal, or NULL for a placeholder */
	struct expr	*e;
	enum fmt	 fmt;
	char		*arg[2];	/* plural words */
	struct expr	*argx;		/* percent's denominator */
	unsigned long	 line;		/* where the placeholder is */
};

/* A text with placeholders, compiled. */
struct tstr {
	struct seg	*segs;
	size_t		 n;
};

/* Where a text is: running headers may keep layout's own {page}. */
#define TSTR_RUNNING	1

/* An image a board file names (a logo, an image, a signature). */
struct tpic {
	char		*src;		/* the file, as given; NULL: none */
	char		*alt;		/* text alternative; NULL: decorative */
	size_t		 img;		/* index + 1 in the board's images */
};

/*
 * A node of a template or board file: an element with its attributes
 * checked and compiled, one struct per kind of element (u, by el), or a
 * run of character data (E_TEXT).  Lengths are [pt], NAN where the file
 * does not give them.  The node owns its strings and its children.
 */
struct tnode {
	enum tel	 el;
	unsigned long	 line;
	struct tnode	*kids, *last, *next;
	union {
		struct tstr	*text;		/* E_TEXT */
		struct {			/* E_PAGE */
			double	 font_size, leading, para_space;
			double	 top, right, bottom, left;	/* margins */
			char	*family;	/* NULL: the default */
			int	 contents_depth; /* 0: the default */
			bool	 landscape;
		} page;
		struct {			/* E_STYLE */
			double	 heading[3];	/* above a heading, by level */
			double	 heading_after, caption, table, list;
			double	 cell_padding;
		} style;
		/* E_HEADER, E_FOOTER: left, centre, right (each may be NULL) */
		struct tstr	*running[3];
		/*
		 * The one text attribute: E_CONTENTS' and E_CASE_STUDY's
		 * title, E_CATEGORY's label, E_SERIES' name.
		 */
		struct tstr	*label;
		/*
		 * E_REPORT: the report's language; E_SPAN: its passage's; a board file's slot
		 * (E_FOREWORD to E_CONTACTS but E_PUBLISHED, E_LOGOS): the
		 * edition its words are for.  BCP 47, or NULL (en-GB; a
		 * slot's: the board's, board_slot_lang()).
		 */
		char		*lang;
		struct {			/* E_EDITION */
			char	*lang;		/* BCP 47 */
			char	*href;		/* where it is published, or NULL */
			struct tstr *title;	/* its title, or NULL */
		} edition;
		struct {			/* E_SECTION */
			struct tstr *title;
			char	*title_lang;	/* BCP 47, or NULL */
			bool	 numbered, new_page;
		} section;
		struct {			/* E_P */
			enum mappa_align align;
			enum mappa_face face;
			double	 size;
			char	*lang;		/* BCP 47 ("cy"), or NULL */
		} p;
		bool		 numbered;	/* E_LIST */
		struct {			/* E_TABLE */
			struct tstr *title;
			bool	 compare, keep;
		} table;
		struct {			/* E_COLUMN */
			enum mappa_align align;
			double	 width;
		} column;
		/*
		 * E_CELL, E_VALUE: the figure a cell or value is bound to
		 * (key and its compiled placeholder), or NULL for a cell of
		 * its own text and for a value that cannot be (na="yes").
		 */
		struct {
			char	*key;
			struct tstr *text;
		} bound;
		struct {			/* E_CHART */
			enum mappa_chart_type type;
			struct tstr *title, *x_label, *y_label;
			double	 height;
			char	*alt;		/* the template's text alternative */
		} chart;
		struct expr	*test;		/* E_IF */
		double		 height;	/* E_SPACE */
		struct {			/* E_SLOT */
			enum slot name;
			double	 height;	/* of the logos' row */
		} slot;
		struct {			/* E_BOARD: what it is for */
			char	*area, *period;
			char	*lang;	/* of its words without lang */
		} board;
		char		*date;		/* E_PUBLISHED, as given */
		struct {			/* E_LOGO, E_IMAGE */
			struct tpic pic;
			enum mappa_align align;
			double	 width;
		} image;
		struct {			/* E_SIGNATORY */
			struct tpic pic;	/* the signature, if any */
			struct tstr *name, *role;
		} signatory;
		/* E_MEMBER: name, role, agency; E_MEMBERS: their headings */
		struct tstr	*person[3];
		size_t		 per;		/* E_YEARS: 0, or years a pass */
		struct {			/* E_FIGURES */
			struct tstr *title;
			struct tstr *range;	/* added when not every year */
			char	*heading[2];	/* of change, percentage */
			char	*mark;		/* of a row not comparable */
			char	*na;		/* its change cells' text */
			double	 width[4];	/* label, value, change, % */
			double	 size;		/* of the table's text */
		} figures;
		struct {			/* E_FIGURE; the label its kids */
			char	*key;
			bool	 na;		/* a figure that cannot be */
		} figure;
	} u;
};

struct mappa_template {
	struct tnode	*root;
	unsigned char	 sha256[MAPPA_SHA256_LEN];
};

/* expr.c */
struct tstr	*tstr_compile(const char *text, int flags,
		    struct mappa_diag *, unsigned long line);
void		 tstr_free(struct tstr *);
struct expr	*expr_compile(const char *text, struct mappa_diag *,
		    unsigned long line);
void		 expr_free(struct expr *);
/* A bound cell: one placeholder of a plain name with a format name. */
struct tstr	*tstr_bound(const char *key, const char *format,
		    struct mappa_diag *, unsigned long line);
/* Whether name is a value a template may use (before any snapshot). */
bool		 name_known(const char *name);

/* values.c */
enum vkind { V_INT, V_STR };
struct value {
	enum vkind	 kind;
	int64_t		 n;
	const char	*s;	/* owned by the values */
};
int		 values_get(const struct mappa_values *, const char *name,
		    struct value *);
bool		 values_has_previous(const struct mappa_values *);
/*
 * Whether a figure may be compared with the previous year's: not an
 * order of the SOPO era against one of the SHPO era (as compare says).
 */
bool		 values_comparable(const struct mappa_values *,
		    const char *name);
/* The names of a statistics struct's figures, to check placeholders. */
bool		 values_known(const char *name);

/* eval.c */
/* Evaluate; -1 after a diagnostic at line. */
int		 expr_eval(const struct expr *, const struct mappa_values *,
		    struct mappa_diag *, unsigned long line, struct value *,
		    char **owned);
int		 expr_truth(const struct expr *, const struct mappa_values *,
		    struct mappa_diag *, unsigned long line, bool *);
/*
 * Expand a compiled text, the program's words (months, numbers, trends)
 * in lang (BCP 47, NULL: en-GB); the caller frees the result; NULL on
 * error.
 */
char		*tstr_eval(const struct tstr *, const struct mappa_values *,
		    const char *lang, struct mappa_diag *, unsigned long line);
/* Thousands separators: "1,234,567", "−12". */
void		 fmt_number(int64_t, char *buf, size_t size);
/* "31 March 2012" from "2012-03-31..." in lang; -1 if not a date. */
int		 fmt_date(const char *iso, const char *lang, char *buf,
		    size_t size);

/* parse.c */
void		 tnode_free(struct tnode *);
/*
 * Parse a template (board 0) or a board file (board 1) from memory
 * against its schema into a checked tree; NULL after diagnostics.  The
 * caller frees the tree with tnode_free().
 */
struct tnode	*tree_parse(const char *buf, size_t len, struct mappa_diag *,
		    int board);
/*
 * Read a whole file of at most max bytes into *buf (the caller frees it),
 * refusing a directory.  Returns 0, 1 if it is larger than max, or -1
 * with errno set.
 */
int		 file_slurp(const char *path, size_t max, char **buf,
		    size_t *len);

/* board.c */
struct bimage {
	char		*src;		/* as the board file gives it */
	unsigned char	 sha256[MAPPA_SHA256_LEN];
	unsigned char	*data;		/* the file's bytes */
	size_t		 len;
	int		 jpeg;
	unsigned	 width, height;	/* [px] */
};

struct mappa_board {
	struct tnode	*root;
	unsigned char	 sha256[MAPPA_SHA256_LEN];
	struct bimage	*img;		/* each file once, in order of use */
	size_t		 nimg;
};

/*
 * Whether two BCP 47 tags name one language: their first subtags alike,
 * in any case ("en" and "en-GB", "cy" and "CY-gb").  NULL is en-GB.
 */
bool		 lang_same(const char *, const char *);
/*
 * What fills slot s in the edition in lang: the board's words in that
 * language (a slot without lang is in the board's language, <board
 * lang>, British English if not given), or NULL; then *other, if not
 * NULL, is set to a fill in another language, or NULL.  E_PUBLISHED is
 * for every edition.
 */
const struct tnode *board_fill(const struct mappa_board *, enum slot s,
		    const char *lang, const struct tnode **other);
/* The language of a slot's words, as board_fill takes it. */
const char	*board_slot_lang(const struct mappa_board *,
		    const struct tnode *slot);
/* Where the edition in lang is published (<edition href>), or NULL. */
const char	*board_href(const struct mappa_board *, const char *lang);

#endif
