/* build.c: evaluating a template's tree into a layout document; for the template stage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/board.h"
#include "mappa/date.h"
#include "mappa/layout.h"
#include "mappa/msg.h"
#include "mappa/util.h"
#include "template_int.h"

struct bld {
	struct mappa_doc	*doc;		/* NULL: walking the figures */
	const char		*lang;		/* the template's, BCP 47 */
	const struct mappa_values *v;
	struct mappa_diag	*diag;
	unsigned long		 errors_before;
	bool			 provenance_done;
	/* the board file, when there is one (board.h) */
	const struct mappa_board *board;
	struct mappa_diag	*tdiag, *bdiag;	/* template's, board's */
	unsigned long		 berrors_before;
	const struct mappa_image **imgs;	/* by board image index */
	bool			 declared[S__MAX], filled[S__MAX];
	unsigned long		 slot_line[S__MAX];	/* first declared */
	/*
	 * A slot the board fills only in another language than the
	 * report's: those words are printed in their own language (every
	 * block made from them carries it, mappa_doc_words_lang), and the
	 * report is a draft.
	 */
	const struct tnode	*alien[S__MAX];
	bool			 others_done;	/* "also in Welsh" said */
	/*
	 * A comparison's years (or NULL in a report), and the range
	 * [from, to) of them that loops go over: all, or a <years per>
	 * pass's.
	 */
	struct mappa_values *const *yv;
	size_t			 ny, from, to;
};

/* The runs of one paragraph, with XML white space collapsed. */
struct para {
	struct mappa_block	*b;
	double			 size;		/* [pt], 0: the block's */
	enum mappa_face		 face;		/* of the pending text */
	char			*buf;
	size_t			 len, cap;
	bool			 started;	/* a word was written */
	bool			 space;		/* a space is pending */
	bool			 plain;		/* text only: no block, no faces */
	const char		*lang;		/* of the <span> we are in, or NULL */
	unsigned long		 line;		/* of the pending text */
};

static void
para_flush(struct para *p)
{
	if (p->len == 0)
		return;
	p->buf[p->len] = '\0';
	/* the template's line, for warnings about the text */
	mappa_block_line(p->b, p->line);
	if (p->size > 0)
		mappa_block_run(p->b, p->face, p->size, p->buf);
	else
		mappa_block_text(p->b, p->face, p->buf);
	p->len = 0;
}

static void
para_add(struct para *p, enum mappa_face face, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			p->space = p->started;
			continue;
		}
		if (face != p->face && !p->plain) {
			/*
			 * A pending space goes with the text before it, if
			 * any is pending (after a <span>, none is).
			 */
			if (p->space && p->len > 0) {
				p->buf = mappa_grow(p->buf, &p->cap, p->len + 2,
				    1);
				p->buf[p->len++] = ' ';
				p->space = false;
			}
			para_flush(p);
			p->face = face;
		}
		p->buf = mappa_grow(p->buf, &p->cap, p->len + 3, 1);
		if (p->space)
			p->buf[p->len++] = ' ';
		p->buf[p->len++] = *s;
		p->space = false;
		p->started = true;
	}
}

static void
para_end(struct para *p)
{
	para_flush(p);
	free(p->buf);
}

static char *
eval_ts(struct bld *b, const struct tstr *t, unsigned long line)
{
	return t == NULL ? mappa_strdup("") : tstr_eval(t, b->v, b->lang,
	    b->diag, line);
}

/* A length the template gave [pt], else the default. */
static double
given_or(double given, double dflt)
{
	return isnan(given) ? dflt : given;
}

/*
 * Whether an <if> or <else> node's children are to be used: *taken
 * remembers the last <if> of the same parent.
 */
static bool
branch(struct bld *b, const struct tnode *n, bool *taken)
{
	bool	 t = false;

	if (n->el == E_IF) {
		if (expr_truth(n->u.test, b->v, b->diag, n->line, &t) == -1)
			t = false;
		*taken = t;
		return t;
	}
	return !*taken;
}

static void	inlines(struct bld *, struct para *, const struct tnode *,
		    enum mappa_face);

/*
 * <span lang>: a passage in another language, its own runs.  A space
 * pending before it stays outside, with the text before, as at a change
 * of face; one after it goes with the text after.
 */
static void
span(struct bld *b, struct para *p, const struct tnode *n,
    enum mappa_face face)
{
	const char	*outer = p->lang, *own;

	/*
	 * A passage in the language its paragraph is in already (a
	 * <span lang="en"> in a draft's English slot) is no passage.
	 */
	own = outer != NULL ? outer : mappa_block_lang_get(p->b) != NULL ?
	    mappa_block_lang_get(p->b) : b->lang;
	if (p->plain || lang_same(n->u.lang, own)) {
		inlines(b, p, n->kids, face);
		return;
	}
	if (p->space) {
		p->buf = mappa_grow(p->buf, &p->cap, p->len + 2, 1);
		p->buf[p->len++] = ' ';
		p->space = false;
	}
	para_flush(p);
	p->lang = n->u.lang;
	mappa_block_run_lang(p->b, p->lang);
	inlines(b, p, n->kids, face);
	para_flush(p);
	p->lang = outer;
	mappa_block_run_lang(p->b, outer);
}

static void
inlines(struct bld *b, struct para *p, const struct tnode *n,
    enum mappa_face face)
{
	bool	 taken = false;
	char	*s;

	for (const struct tnode *k = n; k != NULL; k = k->next)
		switch (k->el) {
		case E_TEXT:
			if (p->len == 0)
				p->line = k->line;
			if ((s = eval_ts(b, k->u.text, k->line)) != NULL)
				para_add(p, face, s);
			free(s);
			break;
		case E_B:
			inlines(b, p, k->kids, face | MAPPA_FACE_BOLD);
			break;
		case E_I:
			inlines(b, p, k->kids, face | MAPPA_FACE_ITALIC);
			break;
		case E_SPAN:
			span(b, p, k, face);
			break;
		case E_IF:
		case E_ELSE:
			if (branch(b, k, &taken))
				inlines(b, p, k->kids, face);
			break;
		default:
			break;
		}
}

/*
 * The text of inline nodes alone, bold and italic let go, white space
 * collapsed: for document information and labels outside the document.
 * The caller frees it.
 */
static char *
plain_text(struct bld *b, const struct tnode *kids)
{
	struct para	 p;

	memset(&p, 0, sizeof(p));
	p.plain = true;
	inlines(b, &p, kids, MAPPA_FACE_REGULAR);
	p.buf = mappa_grow(p.buf, &p.cap, p.len + 1, 1);
	p.buf[p.len] = '\0';
	return p.buf;
}

/* Fill a paragraph block from inline nodes. */
static void
fill(struct bld *b, struct mappa_block *blk, const struct tnode *kids,
    enum mappa_face face, double size)
{
	struct para	 p;

	memset(&p, 0, sizeof(p));
	p.b = blk;
	p.size = size;
	p.face = face;
	inlines(b, &p, kids, face);
	para_end(&p);
}

static void
fill_text(struct bld *b, struct mappa_block *blk, const struct tstr *t,
    unsigned long line, enum mappa_face face)
{
	struct para	 p;
	char		*s = eval_ts(b, t, line);

	if (s == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.b = blk;
	p.face = face;
	p.line = line;
	para_add(&p, face, s);
	para_end(&p);
	free(s);
}

/* One small line of the provenance note. */
static void
small_line(struct bld *b, struct mappa_block **p, const char *text)
{
	/* one paragraph, so that its lines keep together on a page */
	if (*p == NULL)
		*p = mappa_doc_paragraph(b->doc, MAPPA_ALIGN_LEFT);
	else
		mappa_block_break(*p);
	mappa_block_run(*p, MAPPA_FACE_ITALIC, 8, text);
}

/* The hashes are long words: each gets a line of its own. */
static void
provenance(struct bld *b)
{
	struct value	 ver, snap, tpl, prev, gen;
	char		 text[256], date[64];
	struct mappa_block *p = NULL;
	const char	*lang = b->lang;

	b->provenance_done = true;
	if (values_get(b->v, "program.version", &ver) == -1 ||
	    values_get(b->v, "provenance.snapshot", &snap) == -1 ||
	    values_get(b->v, "provenance.template", &tpl) == -1 ||
	    values_get(b->v, "provenance.previous", &prev) == -1 ||
	    values_get(b->v, "generated", &gen) == -1)
		return;
	mappa_doc_space(b->doc, 12);
	if (fmt_date(gen.s, lang, date, sizeof(date)) == -1)
		date[0] = '\0';
	if (date[0] != '\0')
		mappa_msg_format(text, sizeof(text), lang,
		    MAPPA_MSG_PRODUCED_ON, ver.s, date);
	else
		mappa_msg_format(text, sizeof(text), lang, MAPPA_MSG_PRODUCED,
		    ver.s);
	small_line(b, &p, text);
	mappa_msg_format(text, sizeof(text), lang, MAPPA_MSG_SNAPSHOT_SHA,
	    snap.s);
	small_line(b, &p, text);
	if (prev.s[0] != '\0') {
		mappa_msg_format(text, sizeof(text), lang,
		    MAPPA_MSG_PREVIOUS_SHA, prev.s);
		small_line(b, &p, text);
	}
	mappa_msg_format(text, sizeof(text), lang, MAPPA_MSG_TEMPLATE_SHA,
	    tpl.s);
	small_line(b, &p, text);
	if (b->board != NULL) {
		char	 hex[2 * MAPPA_SHA256_LEN + 1];

		mappa_sha256_hex(mappa_board_sha256(b->board), hex);
		mappa_msg_format(text, sizeof(text), lang,
		    MAPPA_MSG_BOARD_SHA, hex);
		small_line(b, &p, text);
		for (size_t i = 0; i < mappa_board_images(b->board); i++) {
			mappa_sha256_hex(mappa_board_image_sha256(b->board, i),
			    hex);
			mappa_msg_format(text, sizeof(text), lang,
			    MAPPA_MSG_IMAGE_SHA,
			    mappa_board_image_name(b->board, i), hex);
			small_line(b, &p, text);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Tables */

static size_t
count(const struct tnode *n, enum tel el)
{
	size_t	 c = 0;

	for (; n != NULL; n = n->next)
		c += n->el == el;
	return c;
}

/* The key of a row's last cell, if it is bound to one. */
static const char *
last_key(const struct tnode *row)
{
	const struct tnode *last = NULL;

	for (const struct tnode *k = row->kids; k != NULL; k = k->next)
		if (k->el == E_CELL)
			last = k;
	if (last == NULL || last->u.bound.key == NULL ||
	    strncmp(last->u.bound.key, "previous.", 9) == 0)
		return NULL;
	return last->u.bound.key;
}

/*
 * Let a bound cell remember its figure, for the writers that keep numbers
 * as numbers (ODS): key's value, or key's minus prev's ("change.<key>").
 * A text value, or one missing, leaves the cell text only.
 */
static void
cell_value(struct bld *b, struct mappa_block *cell, const char *key,
    const char *prev)
{
	struct value	 v, p;
	char		 name[300];

	if (values_get(b->v, key, &v) == -1 || v.kind != V_INT)
		return;
	if (prev == NULL) {
		mappa_block_value(cell, key, (double)v.n);
		return;
	}
	if (values_get(b->v, prev, &p) == -1 || p.kind != V_INT)
		return;
	snprintf(name, sizeof(name), "change.%s", key);
	mappa_block_value(cell, name, (double)(v.n - p.n));
}

/* Fill a paragraph block with an evaluated string. */
static void
fill_str(struct mappa_block *blk, const char *s, unsigned long line,
    enum mappa_face face, double size)
{
	struct para	 p;

	memset(&p, 0, sizeof(p));
	p.b = blk;
	p.face = face;
	p.size = size;		/* [pt], 0: the text's */
	p.line = line;
	para_add(&p, face, s);
	para_end(&p);
}

/*
 * The text of a header cell that is one run of text, evaluated; NULL for
 * a cell with bold or italic parts or an <if> (or after a diagnostic).
 * The caller frees it.
 */
static char *
head_label(struct bld *b, const struct tnode *c)
{
	if (c->u.bound.key != NULL)
		return eval_ts(b, c->u.bound.text, c->line);
	if (c->kids == NULL)
		return mappa_strdup("");
	if (c->kids->el != E_TEXT || c->kids->next != NULL)
		return NULL;
	return eval_ts(b, c->kids->u.text, c->kids->line);
}

/*
 * The last header row's labels of the previous and current columns: the
 * years themselves when the current column is headed with its year
 * ("2011/12", "2012/13"), else that label with each year ("Total
 * 2011/12", "Total 2012/13"), so that both columns say their year.
 */
static void
head_years(struct bld *b, struct mappa_block *prev, struct mappa_block *cur,
    const struct tnode *c)
{
	struct value	 py, cy;
	char		*label = head_label(b, c), *s;

	if (values_get(b->v, "previous.period.label", &py) == -1 ||
	    py.kind != V_STR || values_get(b->v, "period.label", &cy) == -1 ||
	    cy.kind != V_STR) {
		free(label);
		return;
	}
	if (label == NULL || label[0] == '\0' || strcmp(label, cy.s) == 0 ||
	    strstr(label, cy.s) != NULL) {
		fill_str(prev, py.s, c->line, MAPPA_FACE_BOLD, 0);
		if (label == NULL)
			fill(b, cur, c->kids, MAPPA_FACE_BOLD, 0);
		else
			fill_str(cur, label[0] ? label : cy.s, c->line,
			    MAPPA_FACE_BOLD, 0);
		free(label);
		return;
	}
	s = mappa_calloc(strlen(label) + strlen(py.s) + strlen(cy.s) + 2, 1);
	sprintf(s, "%s %s", label, py.s);
	fill_str(prev, s, c->line, MAPPA_FACE_BOLD, 0);
	sprintf(s, "%s %s", label, cy.s);
	fill_str(cur, s, c->line, MAPPA_FACE_BOLD, 0);
	free(s);
	free(label);
}

/*
 * A change cell: its spaces made no-break ones, so that "+31 (+5.4%)" or
 * "no change" stays on one line however narrow the column.
 */
static void
change_cell(struct bld *b, struct mappa_block *cell, const char *key,
    const char *prev, unsigned long line)
{
	struct tstr	*ts = tstr_bound(key, "change", b->diag, line);
	char		*s, *o;
	size_t		 n = 0;

	if (ts == NULL)
		return;
	if ((s = eval_ts(b, ts, line)) != NULL) {
		o = mappa_calloc(strlen(s) * 2 + 1, 1);
		for (const char *q = s; *q != '\0'; q++)
			if (*q == ' ') {
				o[n++] = '\xc2';
				o[n++] = '\xa0';
			} else
				o[n++] = *q;
		fill_str(cell, o, line, MAPPA_FACE_REGULAR, 0);
		cell_value(b, cell, key, prev);
		free(o);
		free(s);
	}
	tstr_free(ts);
}

/*
 * One row.  With compare, in time order as compare prints it: the
 * previous year's figure just before the row's last cell (the current
 * figure), the change after it.
 */
static void
row(struct bld *b, struct mappa_block *t, const struct tnode *r,
    bool compare, bool header, bool label_row)
{
	const char	*key = last_key(r);
	const struct tnode *last = NULL;
	char		 name[300];

	for (const struct tnode *c = r->kids; c != NULL; c = c->next)
		if (c->el == E_CELL)
			last = c;
	if (key != NULL)
		snprintf(name, sizeof(name), "previous.%s", key);
	mappa_table_row(t);
	for (const struct tnode *c = r->kids; c != NULL; c = c->next) {
		struct mappa_block *cell, *pcell = NULL;

		if (c->el != E_CELL)
			continue;
		if (compare && c == last)
			pcell = mappa_table_cell(t);
		cell = mappa_table_cell(t);
		if (pcell != NULL && header && label_row)
			head_years(b, pcell, cell, c);
		else if (c->u.bound.key != NULL) {
			fill_text(b, cell, c->u.bound.text, c->line, header ?
			    MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR);
			cell_value(b, cell, c->u.bound.key, NULL);
		} else
			fill(b, cell, c->kids, header ? MAPPA_FACE_BOLD :
			    MAPPA_FACE_REGULAR, 0);
		if (pcell != NULL && !header && key != NULL) {
			struct tstr *ts = tstr_bound(name, NULL, b->diag,
			    r->line);

			if (ts != NULL) {
				fill_text(b, pcell, ts, r->line,
				    MAPPA_FACE_REGULAR);
				cell_value(b, pcell, name, NULL);
			}
			tstr_free(ts);
		}
	}
	if (!compare)
		return;
	if (header) {
		struct mappa_block *c2 = mappa_table_cell(t);

		if (label_row)
			mappa_block_text(c2, MAPPA_FACE_BOLD,
			    mappa_msg(b->lang, MAPPA_MSG_CHANGE));
		return;
	}
	if (key == NULL) {
		mappa_table_cell(t);
		return;
	}
	change_cell(b, mappa_table_cell(t), key, name, r->line);
}

static void
rows(struct bld *b, struct mappa_block *t, const struct tnode *n,
    bool compare)
{
	bool	 taken = false;

	for (; n != NULL; n = n->next)
		if (n->el == E_ROW)
			row(b, t, n, compare, false, false);
		else if ((n->el == E_IF || n->el == E_ELSE) &&
		    branch(b, n, &taken))
			rows(b, t, n->kids, compare);
}

static void
table(struct bld *b, const struct tnode *n)
{
	const struct tnode *head = NULL;
	struct mappa_block *t, *cap;
	size_t		 ncols = count(n->kids, E_COLUMN), nhead = 0, col = 0;
	bool		 compare = n->u.table.compare &&
		    values_has_previous(b->v);

	for (const struct tnode *k = n->kids; k != NULL; k = k->next)
		if (k->el == E_HEAD)
			head = k;
	if (head != NULL)
		nhead = count(head->kids, E_ROW);
	if (n->u.table.title != NULL) {
		/* kept with the table's first rows; not a heading */
		cap = mappa_doc_caption(b->doc);
		fill_text(b, cap, n->u.table.title, n->line, MAPPA_FACE_BOLD);
	}
	t = mappa_doc_table(b->doc, ncols + (compare ? 2 : 0), nhead);
	if (n->u.table.keep)
		mappa_table_keep(t);
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		double	 w;

		if (k->el != E_COLUMN)
			continue;
		w = given_or(k->u.column.width, 0);
		/* the previous year's column: as the current one, before it */
		if (compare && col == ncols - 1)
			mappa_table_column(t, col++, w, k->u.column.align);
		mappa_table_column(t, col++, w, k->u.column.align);
	}
	if (compare)
		mappa_table_column(t, col, 0, MAPPA_ALIGN_RIGHT);
	if (head != NULL) {
		size_t	 i = 0;

		for (const struct tnode *r = head->kids; r != NULL;
		    r = r->next)
			if (r->el == E_ROW) {
				i++;
				row(b, t, r, compare, true, i == nhead);
			}
	}
	rows(b, t, n->kids, compare);
}

/* ------------------------------------------------------------------ */

/* The figures of year i of the loop: the report's own in a report. */
static const struct mappa_values *
year_values(const struct bld *b, size_t i)
{
	return b->yv != NULL ? b->yv[i] : b->v;
}

/* The years a loop goes over: the range's, or the report's one year. */
static void
year_range(const struct bld *b, size_t *from, size_t *to)
{
	*from = b->yv != NULL ? b->from : 0;
	*to = b->yv != NULL ? b->to : 1;
}

/* A year's first day on a time axis [years]: 2011.0 for 1 April 2011. */
static double
year_at(const struct bld *b, size_t i)
{
	struct value	 v;
	int32_t		 day;
	int		 y, m, d;

	if (values_get(year_values(b, i), "period.start", &v) == -1 ||
	    v.kind != V_STR || mappa_date_parse(v.s, 10, &day) == -1)
		return (double)i;
	mappa_date_to_ymd(day, &y, &m, &d);
	return y + (m - 1) / 12.0 + (d - 1) / 365.0;
}

/* A chart's value: its figure, or NAN for one that cannot be. */
static double
chart_value(struct bld *b, const struct tnode *j)
{
	struct value	 val;
	char		*owned;
	double		 d = 0;

	if (j->u.bound.text == NULL)
		return NAN;	/* not applicable: no bar, a gap in a line */
	if (expr_eval(j->u.bound.text->segs[0].e, b->v, b->diag, j->line,
	    &val, &owned) == 0) {
		if (val.kind != V_INT)
			mappa_diag_error(b->diag, j->line, "a chart plots "
			    "numbers; '%s' is text", j->u.bound.key);
		d = val.kind == V_INT ? (double)val.n : 0;
		free(owned);
	}
	return d;
}

/*
 * A chart: categories and, per series, a value for each; <years> gives
 * one of each per year, with that year's figures, and then the years
 * stand on a time axis, so that a year with no snapshot leaves a gap.
 */
static void
chart(struct bld *b, const struct tnode *n)
{
	const struct mappa_values *saved = b->v;
	struct mappa_block *c;
	char		*xl = NULL, *yl = NULL, *s;
	double		*vals, *at;
	size_t		 ncat = count(n->kids, E_CATEGORY), i, from, to;
	bool		 over_years = count(n->kids, E_YEARS) > 0;

	year_range(b, &from, &to);
	if (over_years)
		ncat = to - from;
	/*
	 * The title is a caption, as a table's: it wraps where the chart's
	 * own one-line title would run past the margin.
	 */
	if (n->u.chart.title != NULL)
		fill_text(b, mappa_doc_caption(b->doc), n->u.chart.title,
		    n->line, MAPPA_FACE_BOLD);
	c = mappa_doc_chart(b->doc, n->u.chart.type, NULL,
	    given_or(n->u.chart.height, 200));
	mappa_block_line(c, n->line);
	if (n->u.chart.alt != NULL)
		mappa_chart_alt(c, n->u.chart.alt);
	if (n->u.chart.x_label != NULL || n->u.chart.y_label != NULL) {
		xl = n->u.chart.x_label ? eval_ts(b, n->u.chart.x_label,
		    n->line) : NULL;
		yl = n->u.chart.y_label ? eval_ts(b, n->u.chart.y_label,
		    n->line) : NULL;
		mappa_chart_labels(c, xl, yl);
		free(xl);
		free(yl);
	}
	vals = mappa_calloc(ncat ? ncat : 1, sizeof(*vals));
	at = mappa_calloc(ncat ? ncat : 1, sizeof(*at));
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		if (k->el == E_CATEGORY || k->el == E_YEARS) {
			/* <years> holds one category: the schema says so */
			const struct tnode *cat = k->el == E_YEARS ? k->kids :
			    k;

			for (size_t y = from; y < (k->el == E_YEARS ? to :
			    from + 1); y++) {
				if (k->el == E_YEARS) {
					b->v = year_values(b, y);
					at[y - from] = year_at(b, y);
				}
				if ((s = eval_ts(b, cat->u.label, cat->line)) !=
				    NULL)
					mappa_chart_category(c, s);
				free(s);
			}
			b->v = saved;
			continue;
		}
		if (k->el != E_SERIES)
			continue;
		i = 0;
		for (const struct tnode *j = k->kids; j != NULL && i < ncat;
		    j = j->next) {
			if (j->el == E_VALUE)
				vals[i++] = chart_value(b, j);
			else if (j->el == E_YEARS) {
				for (size_t y = from; y < to && i < ncat; y++) {
					b->v = year_values(b, y);
					vals[i++] = chart_value(b, j->kids);
				}
				b->v = saved;
			}
		}
		if ((s = eval_ts(b, k->u.label, k->line)) != NULL)
			mappa_chart_series(c, s, vals, ncat);
		free(s);
	}
	if (over_years)
		mappa_chart_axis(c, at, ncat);
	free(at);
	free(vals);
}

/* ------------------------------------------------------------------ */
/* A comparison's years */

static void blocks(struct bld *, const struct tnode *, int);

/* Tell the values which years the loops go over now. */
static void
set_range(struct bld *b)
{
	struct value	 first, last;

	if (values_get(b->yv[b->from], "period.label", &first) == -1 ||
	    values_get(b->yv[b->to - 1], "period.label", &last) == -1)
		return;
	for (size_t i = 0; i < b->ny; i++) {
		mappa_values_set(b->yv[i], "years.from", first.s);
		mappa_values_set(b->yv[i], "years.to", last.s);
		mappa_values_set_int(b->yv[i], "years.partial",
		    b->from > 0 || b->to < b->ny);
	}
}

/*
 * <years>: the blocks once per year of the range, with that year's
 * figures; with per="N", once per N years, the range narrowed to them
 * (the loops inside go over those) and the figures the last one's.  In a
 * report, once, with the report's.
 */
static void
years(struct bld *b, const struct tnode *n, int depth)
{
	const struct mappa_values *saved = b->v;
	size_t		 from = b->from, to = b->to;

	if (b->yv == NULL) {
		blocks(b, n->kids, depth);
		return;
	}
	if (n->u.per == 0) {
		for (size_t i = from; i < to; i++) {
			b->v = b->yv[i];
			blocks(b, n->kids, depth);
		}
		b->v = saved;
		return;
	}
	for (size_t f = from; f < to; f += n->u.per) {
		b->from = f;
		b->to = to - f > n->u.per ? f + n->u.per : to;
		set_range(b);
		b->v = b->yv[b->to - 1];
		blocks(b, n->kids, depth);
	}
	b->from = from;
	b->to = to;
	set_range(b);
	b->v = saved;
}

#define DASH	"\xe2\x80\x93"	/* U+2013: a figure that is not */

/* A cell of one string, in the table's face and size [pt]. */
static struct mappa_block *
fig_cell(struct mappa_block *t, enum mappa_face face, double size,
    const char *s)
{
	struct mappa_block *cell = mappa_table_cell(t);

	fill_str(cell, s != NULL ? s : "", 0, face, size);
	return cell;
}

/* One figure's row: its label, and per year its value, change and %. */
static void
figure_row(struct bld *b, struct mappa_block *t, const struct tnode *n,
    const struct tnode *f, size_t from, size_t to)
{
	const struct mappa_values *saved = b->v;
	const char	*key = f->u.figure.key, *na = n->u.figures.na;
	struct mappa_block *label;
	struct tstr	*diff, *pct;
	struct value	 v, p;
	double		 size = given_or(n->u.figures.size, 0);
	bool		 marked = false;
	char		*s, prev[300], num[40];

	snprintf(prev, sizeof(prev), "previous.%s", key);
	for (size_t i = from > 0 ? from : 1; i < to && b->yv != NULL; i++)
		marked = marked || !values_comparable(b->yv[i], key);
	mappa_table_row(t);
	label = mappa_table_cell(t);
	fill(b, label, f->kids, MAPPA_FACE_REGULAR, size);
	if (marked && n->u.figures.mark != NULL) {
		/* with its space: a run of its own, not collapsed */
		s = mappa_malloc(strlen(n->u.figures.mark) + 2);
		sprintf(s, " %s", n->u.figures.mark);
		if (size > 0)
			mappa_block_run(label, MAPPA_FACE_REGULAR, size, s);
		else
			mappa_block_text(label, MAPPA_FACE_REGULAR, s);
		free(s);
	}
	diff = tstr_bound(key, "diff", b->diag, f->line);
	pct = tstr_bound(key, "pctchange", b->diag, f->line);
	for (size_t i = from; i < to && diff != NULL && pct != NULL; i++) {
		b->v = year_values(b, i);
		if (f->u.figure.na) {
			fig_cell(t, MAPPA_FACE_REGULAR, size, DASH);
			if (i > 0 && b->yv != NULL) {
				fig_cell(t, MAPPA_FACE_REGULAR, size, DASH);
				fig_cell(t, MAPPA_FACE_REGULAR, size, DASH);
			}
			continue;
		}
		if (values_get(b->v, key, &v) == -1 || v.kind != V_INT) {
			mappa_diag_error(b->diag, f->line, "a table of "
			    "figures holds numbers; '%s' is not one", key);
			break;
		}
		fmt_number(v.n, num, sizeof(num));
		cell_value(b, fig_cell(t, MAPPA_FACE_REGULAR, size, num), key,
		    NULL);
		if (i == 0 || b->yv == NULL)
			continue;
		if (!values_comparable(b->v, key)) {
			fig_cell(t, MAPPA_FACE_ITALIC, size, na);
			fig_cell(t, MAPPA_FACE_ITALIC, size, na);
			continue;
		}
		s = eval_ts(b, diff, f->line);
		fig_cell(t, MAPPA_FACE_REGULAR, size, s);
		free(s);
		/* no percentage of a base under 10: a change of 2 on 1 */
		if (values_get(b->v, prev, &p) == 0 && p.kind == V_INT &&
		    p.n >= 10) {
			s = eval_ts(b, pct, f->line);
			fig_cell(t, MAPPA_FACE_REGULAR, size, s);
			free(s);
		} else
			fig_cell(t, MAPPA_FACE_REGULAR, size, DASH);
	}
	tstr_free(diff);
	tstr_free(pct);
	b->v = saved;
}

/*
 * <figures>: a heading (the title, and the range when the table has
 * only some of the years), then a table with a row per figure: its
 * label, and per year its value, and from the second year on its change
 * from the year before and the percentage change.  The widths are fixed,
 * so that the columns of every such table line up.
 */
static void
figures(struct bld *b, const struct tnode *n, int depth)
{
	const struct mappa_values *saved = b->v;
	struct mappa_block *h, *t;
	double		 size = given_or(n->u.figures.size, 0);
	double		 w[4];
	size_t		 from, to, ncols = 1, col = 1;
	char		*title, *range = NULL, *s;
	struct value	 partial;

	year_range(b, &from, &to);
	for (int i = 0; i < 4; i++)
		w[i] = given_or(n->u.figures.width[i], 0);
	title = eval_ts(b, n->u.figures.title, n->line);
	if (n->u.figures.range != NULL && values_get(b->v, "years.partial",
	    &partial) == 0 && partial.kind == V_INT && partial.n)
		range = eval_ts(b, n->u.figures.range, n->line);
	if (title == NULL)
		return;
	h = mappa_doc_heading(b->doc, depth, 0);
	s = mappa_malloc(strlen(title) + (range ? strlen(range) : 0) + 1);
	sprintf(s, "%s%s", title, range != NULL ? range : "");
	fill_str(h, s, n->line, MAPPA_FACE_BOLD, 0);
	free(s);
	free(title);
	free(range);

	for (size_t i = from; i < to; i++)
		ncols += i > 0 && b->yv != NULL ? 3 : 1;
	t = mappa_doc_table(b->doc, ncols, 1);
	mappa_table_column(t, 0, w[0], MAPPA_ALIGN_LEFT);
	for (size_t i = from; i < to; i++) {
		mappa_table_column(t, col++, w[1], MAPPA_ALIGN_RIGHT);
		if (i > 0 && b->yv != NULL) {
			mappa_table_column(t, col++, w[2], MAPPA_ALIGN_RIGHT);
			mappa_table_column(t, col++, w[3], MAPPA_ALIGN_RIGHT);
		}
	}
	mappa_table_row(t);
	fig_cell(t, MAPPA_FACE_BOLD, size, "");
	for (size_t i = from; i < to; i++) {
		struct value	 label;

		if (values_get(year_values(b, i), "period.label", &label) == -1)
			label.s = "";
		fig_cell(t, MAPPA_FACE_BOLD, size, label.s);
		if (i > 0 && b->yv != NULL) {
			fig_cell(t, MAPPA_FACE_BOLD, size,
			    n->u.figures.heading[0]);
			fig_cell(t, MAPPA_FACE_BOLD, size,
			    n->u.figures.heading[1]);
		}
	}
	for (const struct tnode *f = n->kids; f != NULL; f = f->next)
		if (f->el == E_FIGURE)
			figure_row(b, t, n, f, from, to);
	b->v = saved;
}

/* ------------------------------------------------------------------ */
/* Slots and the board file's own elements */

static const struct mappa_image *
board_image(struct bld *b, const struct tpic *pic)
{
	return pic->img > 0 && b->imgs != NULL ? b->imgs[pic->img - 1] : NULL;
}

/* A paragraph of one text in one face and size [pt] (0: the text's). */
static void
styled(struct bld *b, struct mappa_block *blk, const char *text,
    enum mappa_face face, double size)
{
	(void)b;
	fill_str(blk, text, 0, face, size);
}

/* A case study: its title and blocks in a boxed panel kept whole. */
static void
case_study(struct bld *b, const struct tnode *n, int depth)
{
	char	*title = eval_ts(b, n->u.label, n->line);

	mappa_doc_box_begin(b->doc);
	if (title != NULL)
		styled(b, mappa_doc_paragraph(b->doc, MAPPA_ALIGN_LEFT), title,
		    MAPPA_FACE_BOLD, mappa_doc_page(b->doc)->font_size + 1.5);
	free(title);
	blocks(b, n->kids, depth);
	mappa_doc_box_end(b->doc);
}

/* The board's membership as a table: name, role, agency. */
static void
members(struct bld *b, const struct tnode *n)
{
	static const enum mappa_msg_id dflt[3] = { MAPPA_MSG_NAME,
	    MAPPA_MSG_ROLE, MAPPA_MSG_AGENCY };
	struct mappa_block *t = mappa_doc_table(b->doc, 3, 1);

	mappa_table_column(t, 0, 0, MAPPA_ALIGN_LEFT);
	mappa_table_column(t, 1, 0, MAPPA_ALIGN_LEFT);
	mappa_table_column(t, 2, 0, MAPPA_ALIGN_LEFT);
	mappa_table_row(t);
	for (int i = 0; i < 3; i++)
		if (n->u.person[i] != NULL)
			fill_text(b, mappa_table_cell(t), n->u.person[i],
			    n->line, MAPPA_FACE_BOLD);
		else
			fill_str(mappa_table_cell(t), mappa_msg(b->lang,
			    dflt[i]), n->line, MAPPA_FACE_BOLD, 0);
	for (const struct tnode *m = n->kids; m != NULL; m = m->next) {
		if (m->el != E_MEMBER)
			continue;
		mappa_table_row(t);
		for (int i = 0; i < 3; i++)
			fill_text(b, mappa_table_cell(t), m->u.person[i], m->line,
			    MAPPA_FACE_REGULAR);
	}
}

static void
signatory(struct bld *b, struct mappa_block **sigs, const struct tnode *n)
{
	const struct tpic *pic = &n->u.signatory.pic;
	const struct mappa_image *im = board_image(b, pic);
	char	*name = eval_ts(b, n->u.signatory.name, n->line);
	char	*role = n->u.signatory.role != NULL ?
	    eval_ts(b, n->u.signatory.role, n->line) : NULL;
	char	*alt = NULL;

	if (*sigs == NULL)
		*sigs = mappa_doc_signatures(b->doc);
	if (im != NULL && pic->alt == NULL && name != NULL)
		alt = mappa_msg_alloc(b->lang, MAPPA_MSG_SIGNATURE_OF, name);
	mappa_signature_add(*sigs, im, pic->alt != NULL ? pic->alt : alt,
	    name != NULL ? name : "", role);
	free(alt);
	free(name);
	free(role);
}

/* "Published 28 September 2012", styled as the placeholder's paragraph. */
static void
published(struct bld *b, const struct tnode *slot, const struct tnode *fill)
{
	const struct tnode *p = NULL;
	struct mappa_block *blk;
	char	 date[64], text[96];

	for (const struct tnode *k = slot->kids; k != NULL && p == NULL;
	    k = k->next)
		if (k->el == E_P)
			p = k;
	if (fmt_date(fill->u.date, b->lang, date, sizeof(date)) == -1)
		snprintf(date, sizeof(date), "%s", fill->u.date);
	mappa_msg_format(text, sizeof(text), b->lang,
	    MAPPA_MSG_PUBLISHED, date);
	blk = mappa_doc_paragraph(b->doc, p != NULL ? p->u.p.align :
	    MAPPA_ALIGN_LEFT);
	styled(b, blk, text, p != NULL ? p->u.p.face : MAPPA_FACE_REGULAR,
	    p != NULL ? given_or(p->u.p.size, 0) : 0);
}

/*
 * On the cover of one edition of a bilingual board's report: that the
 * other exists, and where, as the Welsh Language Standards ask (found as
 * easily as the English).  Styled as the placeholder's paragraph of the
 * publication date, in the regular face; the address, if any, becomes a
 * link as any address in running text does.
 */
static void
other_editions(struct bld *b, const struct tnode *slot)
{
	static const struct {
		const char	*lang;
		enum mappa_msg_id plain, at;
	} known[] = {
		{"cy", MAPPA_MSG_ALSO_WELSH, MAPPA_MSG_ALSO_WELSH_AT},
		{"en", MAPPA_MSG_ALSO_ENGLISH, MAPPA_MSG_ALSO_ENGLISH_AT},
	};
	const struct tnode *p = NULL;
	struct mappa_block *blk;

	if (b->board == NULL || b->others_done)
		return;
	b->others_done = true;
	for (const struct tnode *k = slot != NULL ? slot->kids : NULL;
	    k != NULL && p == NULL; k = k->next)
		if (k->el == E_P)
			p = k;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char *href;
		char	*text;

		if (lang_same(known[i].lang, b->lang) ||
		    !mappa_board_has_lang(b->board, known[i].lang))
			continue;
		href = board_href(b->board, known[i].lang);
		text = href != NULL ? mappa_msg_alloc(b->lang, known[i].at,
		    href) : mappa_strdup(mappa_msg(b->lang, known[i].plain));
		blk = mappa_doc_paragraph(b->doc, p != NULL ? p->u.p.align :
		    MAPPA_ALIGN_LEFT);
		styled(b, blk, text, MAPPA_FACE_REGULAR, p != NULL ?
		    given_or(p->u.p.size, 0) : 0);
		mappa_doc_also(b->doc, text);
		free(text);
	}
}

static void
slot(struct bld *b, const struct tnode *n, int depth)
{
	enum slot	 name = n->u.slot.name;
	const struct tnode *other = NULL;
	const struct tnode *fill = b->board != NULL ?
	    board_fill(b->board, name, b->lang, &other) : NULL;
	struct mappa_diag *saved = b->diag;
	const char	*lang = b->lang;
	struct mappa_block *row;

	if (!b->declared[name])
		b->slot_line[name] = n->line;
	b->declared[name] = true;
	if (fill == NULL && other != NULL) {
		/*
		 * Better the board's words in English in a Welsh draft than
		 * the template's placeholder; tagged as English, formatted
		 * ({period.end|date}) in English, refused by --final.
		 */
		fill = b->alien[name] = other;
		b->lang = board_slot_lang(b->board, other);
		mappa_doc_words_lang(b->doc, b->lang);
	}
	if (fill == NULL) {
		blocks(b, n->kids, depth);	/* the placeholder */
		if (name == S_PUBLISHED)
			other_editions(b, n);
		return;
	}
	b->filled[name] = true;
	b->diag = b->bdiag;
	mappa_doc_source(b->doc, b->bdiag->file);
	switch (name) {
	case S_PUBLISHED:
		published(b, n, fill);
		other_editions(b, n);
		break;
	case S_LOGOS:
		row = mappa_doc_logos(b->doc, given_or(n->u.slot.height, 40));
		for (const struct tnode *k = fill->kids; k != NULL; k = k->next)
			if (k->el == E_LOGO)
				mappa_logos_add(row, board_image(b,
				    &k->u.image.pic), k->u.image.pic.alt);
		break;
	default:
		blocks(b, fill->kids, depth);
		break;
	}
	mappa_doc_source(b->doc, NULL);
	b->diag = saved;
	b->lang = lang;
	mappa_doc_words_lang(b->doc, NULL);
}

/*
 * A list's items, through <if> and <else> at any depth: each branch
 * remembers its own last <if>, as blocks() and inlines() do.
 */
static void
items(struct bld *b, struct mappa_block *list, const struct tnode *n)
{
	bool	 taken = false;

	for (; n != NULL; n = n->next)
		if (n->el == E_ITEM)
			fill(b, mappa_list_item(list), n->kids,
			    MAPPA_FACE_REGULAR, 0);
		else if ((n->el == E_IF || n->el == E_ELSE) &&
		    branch(b, n, &taken))
			items(b, list, n->kids);
}

static void
blocks(struct bld *b, const struct tnode *n, int depth)
{
	struct mappa_block *sigs = NULL;	/* signatories in a row */
	struct mappa_block *blk;
	bool		 taken = false;
	char		*s;

	for (; n != NULL; n = n->next) {
		if (n->el != E_SIGNATORY)
			sigs = NULL;
		switch (n->el) {
		case E_SLOT:
			slot(b, n, depth);
			break;
		case E_CASE_STUDY:
			case_study(b, n, depth);
			break;
		case E_IMAGE:
			if (board_image(b, &n->u.image.pic) != NULL)
				mappa_doc_image(b->doc,
				    board_image(b, &n->u.image.pic),
				    given_or(n->u.image.width, 0), n->u.image.align,
				    n->u.image.pic.alt);
			break;
		case E_SIGNATORY:
			signatory(b, &sigs, n);
			break;
		case E_MEMBERS:
			members(b, n);
			break;
		case E_CONTENTS:
			if (n->u.label == NULL) {
				mappa_doc_toc(b->doc, mappa_msg(b->lang,
				    MAPPA_MSG_CONTENTS));
				break;
			}
			if ((s = eval_ts(b, n->u.label, n->line)) != NULL)
				mappa_doc_toc(b->doc, s);
			free(s);
			break;
		case E_SECTION:
			if (n->u.section.new_page)
				mappa_doc_pagebreak(b->doc);
			blk = mappa_doc_heading(b->doc, depth,
			    n->u.section.numbered);
			/* before its words: a <span> of its language is none */
			if (n->u.section.title_lang != NULL)
				mappa_block_lang(blk, n->u.section.title_lang);
			fill_text(b, blk, n->u.section.title, n->line,
			    MAPPA_FACE_BOLD);
			blocks(b, n->kids, depth + 1);
			break;
		case E_P:
			blk = mappa_doc_paragraph(b->doc, n->u.p.align);
			if (n->u.p.lang != NULL)
				mappa_block_lang(blk, n->u.p.lang);
			fill(b, blk, n->kids, n->u.p.face,
			    given_or(n->u.p.size, 0));
			break;
		case E_LIST:
			blk = mappa_doc_list(b->doc, n->u.numbered);
			items(b, blk, n->kids);
			break;
		case E_TABLE:
			table(b, n);
			break;
		case E_CHART:
			chart(b, n);
			break;
		case E_IF:
		case E_ELSE:
			if (branch(b, n, &taken))
				blocks(b, n->kids, depth);
			break;
		case E_PAGEBREAK:
			mappa_doc_pagebreak(b->doc);
			break;
		case E_RULE:
			mappa_doc_rule(b->doc);
			break;
		case E_SPACE:
			mappa_doc_space(b->doc, n->u.height);
			break;
		case E_PROVENANCE:
			provenance(b);
			break;
		case E_YEARS:
			years(b, n, depth);
			break;
		case E_FIGURES:
			figures(b, n, depth);
			break;
		default:
			break;
		}
	}
}

static void
meta(struct bld *b, const struct tnode *n)
{
	static const struct { enum tel el; enum mappa_meta_key key; } m[] = {
		{E_TITLE, MAPPA_META_TITLE}, {E_AUTHOR, MAPPA_META_AUTHOR},
		{E_SUBJECT, MAPPA_META_SUBJECT},
		{E_KEYWORDS, MAPPA_META_KEYWORDS}
	};

	for (const struct tnode *k = n->kids; k != NULL; k = k->next)
		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			if (k->el == m[i].el) {
				char	*s = plain_text(b, k->kids);

				mappa_doc_set(b->doc, m[i].key, s);
				free(s);
			}
}

/*
 * The title of the other edition, which the board gives (<edition
 * title>), as the document's title in a second language (XMP dc:title):
 * a reader's catalogue finds either edition by either title.
 */
static void
title_alt(struct bld *b)
{
	const char	*lang = b->lang;

	if (b->board == NULL)
		return;
	for (const struct tnode *k = b->board->root->kids; k != NULL;
	    k = k->next)
		for (const struct tnode *e = k->el == E_EDITIONS ? k->kids :
		    NULL; e != NULL; e = e->next) {
			char	*s;

			if (e->el != E_EDITION || e->u.edition.title == NULL ||
			    lang_same(e->u.edition.lang, lang))
				continue;
			/* its placeholders as that edition writes them */
			struct mappa_diag *saved = b->diag;

			b->lang = e->u.edition.lang;
			b->diag = b->bdiag;
			s = eval_ts(b, e->u.edition.title, e->line);
			b->lang = lang;
			b->diag = saved;
			if (s != NULL)
				mappa_doc_title_alt(b->doc, lang_same(
				    e->u.edition.lang, "en") ? "en-GB" :
				    e->u.edition.lang, s);
			free(s);
			return;		/* the XMP holds two */
		}
}

static void
page(struct bld *b, const struct tnode *n)
{
	struct mappa_page_setup *ps = mappa_doc_page(b->doc);

	ps->font_size = given_or(n->u.page.font_size, ps->font_size);
	ps->leading = given_or(n->u.page.leading, ps->leading);
	ps->para_space = given_or(n->u.page.para_space, ps->para_space);
	ps->top = given_or(n->u.page.top, ps->top);
	ps->right = given_or(n->u.page.right, ps->right);
	ps->bottom = given_or(n->u.page.bottom, ps->bottom);
	ps->left = given_or(n->u.page.left, ps->left);
	if (n->u.page.contents_depth > 0)
		ps->toc_depth = n->u.page.contents_depth;
	if (n->u.page.family != NULL)
		snprintf(ps->family, sizeof(ps->family), "%s",
		    n->u.page.family);
	if (n->u.page.landscape && ps->width < ps->height) {
		double	 w = ps->width;

		ps->width = ps->height;
		ps->height = w;
	}
}

/* The template's spaces, over layout's defaults. */
static void
style(struct bld *b, const struct tnode *n)
{
	struct mappa_style *st = &mappa_doc_page(b->doc)->style;

	for (int i = 0; i < 3; i++)
		st->heading_before[i] = given_or(n->u.style.heading[i],
		    st->heading_before[i]);
	st->heading_after = given_or(n->u.style.heading_after, st->heading_after);
	st->caption_before = given_or(n->u.style.caption, st->caption_before);
	st->block_after = given_or(n->u.style.table, st->block_after);
	st->item_space = given_or(n->u.style.list, st->item_space);
	if (!isnan(n->u.style.cell_padding)) {
		st->cell_padx = n->u.style.cell_padding;
		st->cell_pady = 0.75 * n->u.style.cell_padding;
	}
}

static void
running(struct bld *b, const struct tnode *n)
{
	char	*s[3] = {NULL, NULL, NULL};

	for (int i = 0; i < 3; i++)
		if (n->u.running[i] != NULL)
			s[i] = eval_ts(b, n->u.running[i], n->line);
	mappa_doc_running(b->doc, n->el == E_FOOTER, s[0], s[1], s[2]);
	for (int i = 0; i < 3; i++)
		free(s[i]);
}

/* A board file written for another area or year is refused. */
static void
check_board(struct bld *b)
{
	const struct tnode *r = b->board->root;
	struct value	 area, label;

	if (values_get(b->v, "area", &area) == -1 ||
	    values_get(b->v, "period.label", &label) == -1)
		return;
	if (r->u.board.area != NULL && strcmp(r->u.board.area, area.s) != 0)
		mappa_diag_error(b->bdiag, r->line, "this board file is for "
		    "the area '%s', but the snapshot is of '%s'",
		    r->u.board.area, area.s);
	if (r->u.board.period != NULL &&
	    strcmp(r->u.board.period, label.s) != 0)
		mappa_diag_error(b->bdiag, r->line, "this board file is for "
		    "the year %s, but the snapshot is of %s",
		    r->u.board.period, label.s);
}

/* A language's name in a diagnostic (diagnostics are English). */
static const char *
lang_name(const char *tag)
{
	if (lang_same(tag, "cy"))
		return "Welsh";
	if (lang_same(tag, "en"))
		return "English";
	return tag;
}

/* Unfilled slots: warnings and a draft, or errors in a final report. */
static bool
unfilled(struct bld *b, bool final)
{
	bool	 draft = false, said[S__MAX] = {false};

	/* in the template's order, as a reader goes through it */
	for (int k = 0; k < S__MAX; k++) {
		int	 i = -1;

		for (int j = 0; j < S__MAX; j++)
			if (b->declared[j] && !b->filled[j] && !said[j] &&
			    (i < 0 || b->slot_line[j] < b->slot_line[i]))
				i = j;
		if (i < 0)
			break;
		said[i] = true;
		draft = true;
		if (final)
			mappa_diag_error(b->tdiag, b->slot_line[i], "--final: "
			    "slot '%s' still holds the template's placeholder; "
			    "the board file fills it with <%s>", slot_names[i],
			    slot_names[i]);
		else
			mappa_diag_warning(b->tdiag, b->slot_line[i], "slot "
			    "'%s' still holds the template's placeholder",
			    slot_names[i]);
	}
	for (int i = 0; i < S__MAX; i++) {
		const struct tnode *a = b->alien[i];
		const char	*in;

		if (a == NULL)
			continue;
		draft = true;
		in = lang_name(board_slot_lang(b->board, a));
		if (final)
			mappa_diag_error(b->bdiag, a->line, "--final: slot "
			    "'%s' has the board's words only in %s, and this "
			    "edition is in %s: give <%s lang=\"%s\"> beside "
			    "them", slot_names[i], in, lang_name(b->lang),
			    slot_names[i], b->lang);
		else
			mappa_diag_warning(b->bdiag, a->line, "slot '%s' is "
			    "filled only in %s: this %s edition prints those "
			    "words, marked as %s, and is a draft",
			    slot_names[i], in, lang_name(b->lang), in);
	}
	if (b->board != NULL) {
		/* one line for them all: a custom template may have none */
		char	 list[256] = "";
		size_t	 n = 0;

		for (int i = 0; i < S__MAX; i++) {
			const struct tnode *other;

			if (!b->declared[i] && (board_fill(b->board,
			    (enum slot)i, b->lang, &other) != NULL ||
			    other != NULL)) {
				snprintf(list + strlen(list), sizeof(list) -
				    strlen(list), "%s<%s>", n > 0 ? ", " : "",
				    slot_names[i]);
				n++;
			}
		}
		if (n > 0)
			mappa_diag_warning(b->bdiag, b->board->root->line,
			    "the template has no slot for %s: %s not printed",
			    list, n == 1 ? "it is" : "they are");
	}
	return draft;
}

struct mappa_doc *
mappa_template_build_with(const struct mappa_template *t,
    const struct mappa_values *v, struct mappa_diag *diag,
    const struct mappa_build_options *o)
{
	struct bld	 b;
	const struct tnode *n;
	bool		 final = o != NULL && o->final;

	memset(&b, 0, sizeof(b));
	b.lang = mappa_template_lang(t);
	b.doc = mappa_doc_new();
	if (t->root->el == E_REPORT && t->root->u.lang != NULL)
		mappa_doc_lang(b.doc, t->root->u.lang);
	mappa_doc_final(b.doc, final);
	b.v = v;
	b.diag = b.tdiag = b.bdiag = diag;
	b.errors_before = diag->errors;
	if (o != NULL && o->board != NULL) {
		b.board = o->board;
		if (o->board_diag != NULL)
			b.bdiag = o->board_diag;
		b.berrors_before = b.bdiag->errors;
		b.imgs = mappa_calloc(b.board->nimg + 1, sizeof(*b.imgs));
		for (size_t i = 0; i < b.board->nimg; i++)
			b.imgs[i] = mappa_doc_image_new(b.doc,
			    b.board->img[i].data, b.board->img[i].len,
			    b.board->img[i].jpeg, b.board->img[i].width,
			    b.board->img[i].height);
		check_board(&b);
	}
	if (o != NULL && o->years != NULL && o->nyears > 0) {
		b.yv = o->years;
		b.ny = o->nyears;
		b.to = b.ny;
		set_range(&b);
	}
	for (n = t->root->kids; n != NULL; n = n->next)
		switch (n->el) {
		case E_META:
			meta(&b, n);
			break;
		case E_PAGE:
			page(&b, n);
			break;
		case E_STYLE:
			style(&b, n);
			break;
		case E_HEADER:
		case E_FOOTER:
			running(&b, n);
			break;
		case E_COVER:
			mappa_doc_page(b.doc)->plain_first = 1;
			blocks(&b, n->kids, 1);
			other_editions(&b, NULL);	/* no published slot */
			mappa_doc_pagebreak(b.doc);
			break;
		default:
			goto body;
		}
body:
	title_alt(&b);
	blocks(&b, n, 1);
	/*
	 * The provenance line ends every report, placed or not; a
	 * comparison's template writes its own, with each year's hash.
	 */
	if (!b.provenance_done && b.yv == NULL)
		provenance(&b);
	/* a slot is worth a word only in a report that can be written */
	if (diag->errors == b.errors_before && (b.board == NULL ||
	    b.bdiag->errors == b.berrors_before) && unfilled(&b, final))
		mappa_doc_mark(b.doc, mappa_msg(b.lang, MAPPA_MSG_DRAFT));
	free(b.imgs);
	if (diag->errors != b.errors_before ||
	    (b.board != NULL && b.bdiag->errors != b.berrors_before)) {
		mappa_doc_free(b.doc);
		return NULL;
	}
	return b.doc;
}

struct mappa_doc *
mappa_template_build(const struct mappa_template *t,
    const struct mappa_values *v, struct mappa_diag *diag)
{
	return mappa_template_build_with(t, v, diag, NULL);
}

/* Every <figures> under n, in document order, to the visitor. */
static void
walk_figures(struct bld *b, const struct tnode *n,
    const struct mappa_figures_visitor *fv)
{
	char	*s;

	for (; n != NULL; n = n->next) {
		if (n->el != E_FIGURES) {
			walk_figures(b, n->kids, fv);
			continue;
		}
		if ((s = eval_ts(b, n->u.figures.title, n->line)) != NULL)
			fv->table(fv->arg, s);
		free(s);
		for (const struct tnode *f = n->kids; f != NULL; f = f->next)
			if (f->el == E_FIGURE) {
				s = plain_text(b, f->kids);
				fv->figure(fv->arg, s, f->u.figure.key);
				free(s);
			}
	}
}

int
mappa_template_figures(const struct mappa_template *t,
    const struct mappa_values *v, struct mappa_diag *diag,
    const struct mappa_figures_visitor *fv)
{
	struct bld	 b;

	memset(&b, 0, sizeof(b));
	b.lang = mappa_template_lang(t);
	b.v = v;
	b.diag = b.tdiag = b.bdiag = diag;
	b.errors_before = diag->errors;
	walk_figures(&b, t->root, fv);
	return diag->errors == b.errors_before ? 0 : -1;
}
