/* build.c: evaluating a template's tree into a layout document; for the template stage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/board.h"
#include "mappa/layout.h"
#include "mappa/util.h"
#include "template_int.h"

struct bld {
	struct mappa_doc	*doc;
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
		if (face != p->face) {
			/* A pending space goes with the text before it. */
			if (p->space) {
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
	return t == NULL ? mappa_strdup("") : tstr_eval(t, b->v, b->diag,
	    line);
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
		if (expr_truth(n->test, b->v, b->diag, n->line, &t) == -1)
			t = false;
		*taken = t;
		return t;
	}
	return !*taken;
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
			if ((s = eval_ts(b, k->text, k->line)) != NULL)
				para_add(p, face, s);
			free(s);
			break;
		case E_B:
			inlines(b, p, k->kids, face | MAPPA_FACE_BOLD);
			break;
		case E_I:
			inlines(b, p, k->kids, face | MAPPA_FACE_ITALIC);
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

	b->provenance_done = true;
	if (values_get(b->v, "program.version", &ver) == -1 ||
	    values_get(b->v, "provenance.snapshot", &snap) == -1 ||
	    values_get(b->v, "provenance.template", &tpl) == -1 ||
	    values_get(b->v, "provenance.previous", &prev) == -1 ||
	    values_get(b->v, "generated", &gen) == -1)
		return;
	mappa_doc_space(b->doc, 12);
	if (fmt_date(gen.s, date, sizeof(date)) == -1)
		date[0] = '\0';
	snprintf(text, sizeof(text), "Produced by mappa-report %s%s%s from:",
	    ver.s, date[0] ? " on " : "", date);
	small_line(b, &p, text);
	snprintf(text, sizeof(text), "snapshot SHA-256 %s", snap.s);
	small_line(b, &p, text);
	if (prev.s[0] != '\0') {
		/* U+2019: the report's apostrophe, never a straight one */
		snprintf(text, sizeof(text), "previous year\xe2\x80\x99"
		    "s snapshot SHA-256 %s", prev.s);
		small_line(b, &p, text);
	}
	snprintf(text, sizeof(text), "template SHA-256 %s", tpl.s);
	small_line(b, &p, text);
	if (b->board != NULL) {
		char	 hex[2 * MAPPA_SHA256_LEN + 1];

		mappa_sha256_hex(mappa_board_sha256(b->board), hex);
		snprintf(text, sizeof(text), "board file SHA-256 %s", hex);
		small_line(b, &p, text);
		for (size_t i = 0; i < mappa_board_images(b->board); i++) {
			mappa_sha256_hex(mappa_board_image_sha256(b->board, i),
			    hex);
			snprintf(text, sizeof(text), "image %.120s SHA-256 %s",
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
	if (last == NULL || last->key == NULL ||
	    strncmp(last->key, "previous.", 9) == 0)
		return NULL;
	return last->key;
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
	if (c->key != NULL)
		return eval_ts(b, c->text, c->line);
	if (c->kids == NULL)
		return mappa_strdup("");
	if (c->kids->el != E_TEXT || c->kids->next != NULL)
		return NULL;
	return eval_ts(b, c->kids->text, c->kids->line);
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
		else if (c->key != NULL) {
			fill_text(b, cell, c->text, c->line, header ?
			    MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR);
			cell_value(b, cell, c->key, NULL);
		}
		else
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
			mappa_block_text(c2, MAPPA_FACE_BOLD, "Change");
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
	bool		 compare = n->opt && values_has_previous(b->v);

	for (const struct tnode *k = n->kids; k != NULL; k = k->next)
		if (k->el == E_HEAD)
			head = k;
	if (head != NULL)
		nhead = count(head->kids, E_ROW);
	if (n->ts[0] != NULL) {
		/* kept with the table's first rows; not a heading */
		cap = mappa_doc_caption(b->doc);
		fill_text(b, cap, n->ts[0], n->line, MAPPA_FACE_BOLD);
	}
	t = mappa_doc_table(b->doc, ncols + (compare ? 2 : 0), nhead);
	if (n->opt2)
		mappa_table_keep(t);
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		double	 w = k->has[0] ? k->num[0] : 0;

		if (k->el != E_COLUMN)
			continue;
		/* the previous year's column: as the current one, before it */
		if (compare && col == ncols - 1)
			mappa_table_column(t, col++, w,
			    (enum mappa_align)k->opt);
		mappa_table_column(t, col++, w, (enum mappa_align)k->opt);
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

static void
chart(struct bld *b, const struct tnode *n)
{
	struct mappa_block *c;
	char		*xl = NULL, *yl = NULL, *s;
	double		*vals = NULL;
	size_t		 ncat = count(n->kids, E_CATEGORY), i;

	/*
	 * The title is a caption, as a table's: it wraps where the chart's
	 * own one-line title would run past the margin.
	 */
	if (n->ts[0] != NULL)
		fill_text(b, mappa_doc_caption(b->doc), n->ts[0], n->line,
		    MAPPA_FACE_BOLD);
	c = mappa_doc_chart(b->doc, (enum mappa_chart_type)n->opt, NULL,
	    n->has[0] ? n->num[0] : 200);
	mappa_block_line(c, n->line);
	if (n->alt != NULL)
		mappa_chart_alt(c, n->alt);
	if (n->ts[1] != NULL || n->ts[2] != NULL) {
		xl = n->ts[1] ? eval_ts(b, n->ts[1], n->line) : NULL;
		yl = n->ts[2] ? eval_ts(b, n->ts[2], n->line) : NULL;
		mappa_chart_labels(c, xl, yl);
		free(xl);
		free(yl);
	}
	vals = mappa_calloc(ncat ? ncat : 1, sizeof(*vals));
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		if (k->el == E_CATEGORY) {
			if ((s = eval_ts(b, k->ts[0], k->line)) != NULL)
				mappa_chart_category(c, s);
			free(s);
			continue;
		}
		if (k->el != E_SERIES)
			continue;
		i = 0;
		for (const struct tnode *j = k->kids; j != NULL && i < ncat;
		    j = j->next) {
			struct value val;
			char	*owned;

			if (j->el != E_VALUE)
				continue;
			if (j->text == NULL) {
				/* not applicable: no bar, a gap in a line */
				vals[i++] = NAN;
				continue;
			}
			if (expr_eval(j->text->segs[0].e, b->v, b->diag,
			    j->line, &val, &owned) == 0) {
				if (val.kind != V_INT)
					mappa_diag_error(b->diag, j->line,
					    "a chart plots numbers; '%s' is "
					    "text", j->key);
				vals[i] = val.kind == V_INT ? (double)val.n : 0;
				free(owned);
			}
			i++;
		}
		if ((s = eval_ts(b, k->ts[0], k->line)) != NULL)
			mappa_chart_series(c, s, vals, ncat);
		free(s);
	}
	free(vals);
}

/* ------------------------------------------------------------------ */
/* Slots and the board file's own elements */

static void blocks(struct bld *, const struct tnode *, int);

static const struct mappa_image *
board_image(struct bld *b, const struct tnode *n)
{
	return n->opt2 > 0 && b->imgs != NULL ? b->imgs[n->opt2 - 1] : NULL;
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
	char	*title = eval_ts(b, n->ts[0], n->line);

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
	struct mappa_block *t = mappa_doc_table(b->doc, 3, 1);

	mappa_table_column(t, 0, 0, MAPPA_ALIGN_LEFT);
	mappa_table_column(t, 1, 0, MAPPA_ALIGN_LEFT);
	mappa_table_column(t, 2, 0, MAPPA_ALIGN_LEFT);
	mappa_table_row(t);
	for (int i = 0; i < 3; i++)
		fill_text(b, mappa_table_cell(t), n->ts[i], n->line,
		    MAPPA_FACE_BOLD);
	for (const struct tnode *m = n->kids; m != NULL; m = m->next) {
		if (m->el != E_MEMBER)
			continue;
		mappa_table_row(t);
		for (int i = 0; i < 3; i++)
			fill_text(b, mappa_table_cell(t), m->ts[i], m->line,
			    MAPPA_FACE_REGULAR);
	}
}

static void
signatory(struct bld *b, struct mappa_block **sigs, const struct tnode *n)
{
	const struct mappa_image *im = board_image(b, n);
	char	*name = eval_ts(b, n->ts[0], n->line);
	char	*role = n->ts[1] != NULL ? eval_ts(b, n->ts[1], n->line) : NULL;
	char	*alt = NULL;

	if (*sigs == NULL)
		*sigs = mappa_doc_signatures(b->doc);
	if (im != NULL && n->str == NULL && name != NULL) {
		alt = mappa_malloc(strlen(name) + 16);
		sprintf(alt, "Signature of %s", name);
	}
	mappa_signature_add(*sigs, im, n->str != NULL ? n->str : alt,
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
	if (fmt_date(fill->key, date, sizeof(date)) == -1)
		snprintf(date, sizeof(date), "%s", fill->key);
	snprintf(text, sizeof(text), "Published %s", date);
	blk = mappa_doc_paragraph(b->doc, p != NULL ?
	    (enum mappa_align)p->opt : MAPPA_ALIGN_LEFT);
	styled(b, blk, text, p != NULL ? (enum mappa_face)p->opt2 :
	    MAPPA_FACE_REGULAR, p != NULL && p->has[0] ? p->num[0] : 0);
}

static void
slot(struct bld *b, const struct tnode *n, int depth)
{
	const struct tnode *fill = b->board != NULL ?
	    b->board->slot[n->opt] : NULL;
	struct mappa_diag *saved = b->diag;
	struct mappa_block *row;

	if (!b->declared[n->opt])
		b->slot_line[n->opt] = n->line;
	b->declared[n->opt] = true;
	if (fill == NULL) {
		blocks(b, n->kids, depth);	/* the placeholder */
		return;
	}
	b->filled[n->opt] = true;
	b->diag = b->bdiag;
	switch (n->opt) {
	case S_PUBLISHED:
		published(b, n, fill);
		break;
	case S_LOGOS:
		row = mappa_doc_logos(b->doc, n->has[0] ? n->num[0] : 40);
		for (const struct tnode *k = fill->kids; k != NULL; k = k->next)
			if (k->el == E_LOGO)
				mappa_logos_add(row, board_image(b, k), k->str);
		break;
	default:
		blocks(b, fill->kids, depth);
		break;
	}
	b->diag = saved;
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
			if (board_image(b, n) != NULL)
				mappa_doc_image(b->doc, board_image(b, n),
				    n->has[0] ? n->num[0] : 0,
				    (enum mappa_align)n->opt, n->str);
			break;
		case E_SIGNATORY:
			signatory(b, &sigs, n);
			break;
		case E_MEMBERS:
			members(b, n);
			break;
		case E_CONTENTS:
			if ((s = eval_ts(b, n->ts[0], n->line)) != NULL)
				mappa_doc_toc(b->doc, s);
			free(s);
			break;
		case E_SECTION:
			if (n->opt2)
				mappa_doc_pagebreak(b->doc);
			blk = mappa_doc_heading(b->doc, depth, n->opt);
			fill_text(b, blk, n->ts[0], n->line, MAPPA_FACE_BOLD);
			blocks(b, n->kids, depth + 1);
			break;
		case E_P:
			blk = mappa_doc_paragraph(b->doc,
			    (enum mappa_align)n->opt);
			fill(b, blk, n->kids, (enum mappa_face)n->opt2,
			    n->has[0] ? n->num[0] : 0);
			if (n->lang != NULL)
				mappa_block_lang(blk, n->lang);
			break;
		case E_LIST:
			blk = mappa_doc_list(b->doc, n->opt);
			{
				/* Items, through if and else. */
				const struct tnode *stack[16];
				bool	 tk[16];
				int	 sp = 0;
				const struct tnode *k = n->kids;

				tk[0] = false;
				for (;;) {
					if (k == NULL) {
						if (sp == 0)
							break;
						k = stack[--sp];
						continue;
					}
					if (k->el == E_ITEM)
						fill(b, mappa_list_item(blk),
						    k->kids, MAPPA_FACE_REGULAR,
						    0);
					else if ((k->el == E_IF ||
					    k->el == E_ELSE) &&
					    branch(b, k, &tk[sp]) && sp < 15) {
						stack[sp++] = k->next;
						tk[sp] = false;
						k = k->kids;
						continue;
					}
					k = k->next;
				}
			}
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
			mappa_doc_space(b->doc, n->num[0]);
			break;
		case E_PROVENANCE:
			provenance(b);
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
				/* Text only: collapse white space as usual. */
				struct para p;

				memset(&p, 0, sizeof(p));
				for (const struct tnode *t = k->kids; t != NULL;
				    t = t->next) {
					char *part = eval_ts(b, t->text,
					    t->line);

					if (part == NULL)
						continue;
					p.face = MAPPA_FACE_REGULAR;
					para_add(&p, MAPPA_FACE_REGULAR, part);
					free(part);
				}
				p.buf = mappa_grow(p.buf, &p.cap, p.len + 1, 1);
				p.buf[p.len] = '\0';
				mappa_doc_set(b->doc, m[i].key, p.buf);
				free(p.buf);
			}
}

static void
page(struct bld *b, const struct tnode *n)
{
	struct mappa_page_setup *ps = mappa_doc_page(b->doc);

	if (n->has[0])
		ps->font_size = n->num[0];
	if (n->has[1])
		ps->leading = n->num[1];
	if (n->has[2])
		ps->para_space = n->num[2];
	if (n->has[3])
		ps->top = n->num[3];
	if (n->has[4])
		ps->right = n->num[4];
	if (n->has[5])
		ps->bottom = n->num[5];
	if (n->has[6])
		ps->left = n->num[6];
	if (n->opt > 0)
		ps->toc_depth = n->opt;
	if (n->key != NULL)
		snprintf(ps->family, sizeof(ps->family), "%s", n->key);
}

/* The template's spaces, over layout's defaults. */
static void
style(struct bld *b, const struct tnode *n)
{
	struct mappa_style *st = &mappa_doc_page(b->doc)->style;

	for (int i = 0; i < 3; i++)
		if (n->has[i])
			st->heading_before[i] = n->num[i];
	if (n->has[3])
		st->heading_after = n->num[3];
	if (n->has[4])
		st->caption_before = n->num[4];
	if (n->has[5])
		st->block_after = n->num[5];
	if (n->has[6])
		st->item_space = n->num[6];
	if (n->has[7]) {
		st->cell_padx = n->num[7];
		st->cell_pady = 0.75 * n->num[7];
	}
}

static void
running(struct bld *b, const struct tnode *n)
{
	char	*s[3] = {NULL, NULL, NULL};

	for (int i = 0; i < 3; i++)
		if (n->ts[i] != NULL)
			s[i] = eval_ts(b, n->ts[i], n->line);
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
	if (r->key != NULL && strcmp(r->key, area.s) != 0)
		mappa_diag_error(b->bdiag, r->line, "this board file is for "
		    "the area '%s', but the snapshot is of '%s'", r->key,
		    area.s);
	if (r->str != NULL && strcmp(r->str, label.s) != 0)
		mappa_diag_error(b->bdiag, r->line, "this board file is for "
		    "the year %s, but the snapshot is of %s", r->str, label.s);
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
	if (b->board != NULL) {
		/* one line for them all: a custom template may have none */
		char	 list[256] = "";
		size_t	 n = 0;

		for (int i = 0; i < S__MAX; i++)
			if (b->board->slot[i] != NULL && !b->declared[i]) {
				snprintf(list + strlen(list), sizeof(list) -
				    strlen(list), "%s<%s>", n > 0 ? ", " : "",
				    slot_names[i]);
				n++;
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
	b.doc = mappa_doc_new();
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
			mappa_doc_pagebreak(b.doc);
			break;
		default:
			goto body;
		}
body:
	blocks(&b, n, 1);
	/* The provenance line ends every report, placed or not. */
	if (!b.provenance_done)
		provenance(&b);
	/* a slot is worth a word only in a report that can be written */
	if (diag->errors == b.errors_before && (b.board == NULL ||
	    b.bdiag->errors == b.berrors_before) && unfilled(&b, final))
		mappa_doc_mark(b.doc, "Draft");
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
