/* layout.c: blocks into units, units into pages, pages onto a device; behind layout.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

#define HYPH_DICT	"/usr/share/hyphen/hyph_en_GB.dic"
#define CELL_PADX	4.0	/* [pt] */
#define CELL_PADY	3.0	/* [pt] */
#define TOC_NUMW	28.0	/* [pt] kept for page numbers */

static const struct mappa_color black = { 0, 0, 0 };
static const struct mappa_color grey = { 0.45, 0.45, 0.45 };
static const struct mappa_color light = { 0.7, 0.7, 0.7 };

struct heading {
	char	*num;		/* "1.2" or NULL */
	char	*title;		/* plain text */
	int	 level;
	int	 page;
};

struct placed {
	size_t	 unit;
	double	 y;	/* [pt] below the top of the text area */
};

struct page {
	struct placed	*p;
	size_t		 n, cap;
};

struct lay {
	struct ctx		 c;
	struct mappa_doc	*d;
	struct unit		*u;
	size_t			 nu, ucap;
	double			 tw, th;	/* text area [pt] */
	double			 gap;		/* space owed before next */
	int			 keepnext;
	int			 brknext;
	int			 captioned;	/* a caption was the last unit */
	struct heading		*hd;
	size_t			 nhd, hdi;
	long			 ntbl;
	struct page		*pg;
	size_t			 npg;
	/* a boxed panel being set (B_BOX to B_BOXEND) */
	int			 boxdepth;
	size_t			 boxstart;	/* its first unit */
	double			 boxtw;		/* [pt] the width outside */
	double			 boxgap;	/* [pt] space owed before it */
	int			 boxkeep, boxbrk;
};

struct ditem *
unit_item(struct unit *u, enum ikind k)
{
	struct ditem *it;

	u->it = mappa_grow(u->it, &u->cap, u->nit + 1, sizeof(*u->it));
	it = &u->it[u->nit++];
	memset(it, 0, sizeof(*it));
	it->k = k;
	it->ref = -1;
	return it;
}

void
unit_text(struct ctx *c, struct unit *u, enum mappa_face f, double size,
    double x, double y, const char *s)
{
	struct ditem *it = unit_item(u, I_TEXT);

	it->face = f;
	it->size = size;
	it->x = x;
	it->y = y;
	it->s = mappa_strdup(s);
	it->w = mappa_font_width(c->fs, f, size, s, strlen(s));
}

void
unit_line(struct unit *u, double x0, double y0, double x1, double y1,
    double w, const struct mappa_color *col)
{
	struct ditem *it = unit_item(u, I_STROKE);

	it->xy = mappa_malloc(4 * sizeof(double));
	it->xy[0] = x0;
	it->xy[1] = y0;
	it->xy[2] = x1;
	it->xy[3] = y1;
	it->n = 2;
	it->w = w;
	it->col = *col;
}

static void
note(struct unit *u, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void
note(struct unit *u, const char *fmt, ...)
{
	char	 buf[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	unit_item(u, I_NOTE)->s = mappa_strdup(buf);
}

static struct unit *
newunit(struct lay *l, double height)
{
	struct unit *u;

	l->u = mappa_grow(l->u, &l->ucap, l->nu + 1, sizeof(*l->u));
	u = &l->u[l->nu++];
	memset(u, 0, sizeof(*u));
	u->height = height;
	u->space = l->gap;
	u->keep = l->keepnext;
	u->brk = l->brknext;
	u->tbl = u->hdr_first = u->heading = -1;
	l->gap = 0;
	l->keepnext = l->brknext = l->captioned = 0;
	return u;
}

static void
textline(struct unit *u, const struct line *ln, double x0)
{
	size_t	 i;
	struct ditem *it;

	for (i = 0; i < ln->nf; i++) {
		it = unit_item(u, I_TEXT);
		it->face = ln->f[i].face;
		it->size = ln->f[i].size;
		it->x = x0 + ln->f[i].x;
		it->y = ln->baseline;
		it->w = ln->f[i].w;
		it->s = mappa_strndup(ln->f[i].s, ln->f[i].len);
	}
}

/*
 * One unit per line.  Breaking after the first line or before the last
 * would leave an orphan or a widow, so those breaks are forbidden.
 */
static void
paralines(struct lay *l, const struct line *ln, size_t n, double x0,
    const char *what)
{
	struct unit	*u;
	size_t		 i;

	for (i = 0; i < n; i++) {
		u = newunit(l, ln[i].height);
		if (i == 1 || (i > 0 && i == n - 1))
			u->keep = 1;
		note(u, "%s line %zu/%zu width=%.2f ratio=%.3f%s%s", what,
		    i + 1, n, ln[i].width, ln[i].ratio,
		    ln[i].hyphen ? " hyphen" : "", ln[i].forced ? " break" :
		    "");
		textline(u, &ln[i], x0);
	}
}

static double
maxd(double a, double b)
{
	return a > b ? a : b;
}

static void
dopara(struct lay *l, const struct mappa_block *b, double x0, double measure,
    const char *what)
{
	struct line	*ln;
	size_t		 n;

	if (para_lines(&l->c, b->runs, b->nruns, l->d->page.font_size,
	    MAPPA_FACE_REGULAR, b->align, measure, &ln, &n) == -1)
		return;
	paralines(l, ln, n, x0, what);
	para_free(ln, n);
	l->gap = l->d->page.para_space;
}

static const double hsize[3] = { 16, 13, 11.5 };
static const double hbefore[3] = { 18, 14, 10 };

#define CAP_SCALE	0.95	/* caption size / text size, as tables */
#define CAP_BEFORE	10.0	/* [pt], as a level 3 heading */
#define CAP_AFTER	3.0	/* [pt]: it belongs to what follows */

/*
 * A caption keeps with its table or chart: its lines hold together and
 * the next unit may not start a page without it.
 */
static void
docaption(struct lay *l, const struct mappa_block *b)
{
	struct line	*ln;
	struct unit	*u;
	size_t		 i, n;

	l->gap = maxd(l->gap, CAP_BEFORE);
	if (para_lines(&l->c, b->runs, b->nruns, l->d->page.font_size *
	    CAP_SCALE, MAPPA_FACE_BOLD, b->align, l->tw, &ln, &n) == -1 ||
	    n == 0)
		return;
	for (i = 0; i < n; i++) {
		u = newunit(l, ln[i].height);
		if (i > 0)
			u->keep = 1;
		note(u, "caption line %zu/%zu", i + 1, n);
		textline(u, &ln[i], 0);
	}
	para_free(ln, n);
	l->gap = CAP_AFTER;
	l->keepnext = 1;
	l->captioned = 1;
}

static void
doheading(struct lay *l, const struct mappa_block *b)
{
	struct heading	*h = &l->hd[l->hdi];
	struct run	*runs;
	struct line	*ln;
	struct unit	*u;
	struct ditem	*it;
	size_t		 n, i, k = 0;
	double		 sz = hsize[b->level - 1];
	char		 buf[32];

	runs = mappa_calloc(b->nruns + 1, sizeof(*runs));
	if (h->num != NULL) {
		/* two no-break spaces keep the number on the title's line */
		snprintf(buf, sizeof(buf), "%s\xc2\xa0\xc2\xa0", h->num);
		runs[k].face = MAPPA_FACE_BOLD;
		runs[k++].text = buf;
	}
	for (i = 0; i < b->nruns; i++)
		runs[k++] = b->runs[i];
	l->gap = maxd(l->gap, hbefore[b->level - 1]);
	if (para_lines(&l->c, runs, k, sz, MAPPA_FACE_BOLD, MAPPA_ALIGN_LEFT,
	    l->tw, &ln, &n) == 0) {
		for (i = 0; i < n; i++) {
			u = newunit(l, ln[i].height);
			if (i > 0)
				u->keep = 1;
			if (i == 0) {
				u->heading = (long)l->hdi;
				it = unit_item(u, I_OUTLINE);
				it->level = b->level;
				it->s = mappa_strdup(h->num == NULL ? h->title :
				    "");
				if (h->num != NULL) {
					free(it->s);
					it->s = mappa_malloc(strlen(h->num) +
					    strlen(h->title) + 2);
					sprintf(it->s, "%s %s", h->num,
					    h->title);
				}
			}
			note(u, "heading %d line %zu/%zu", b->level, i + 1, n);
			textline(u, &ln[i], 0);
		}
		para_free(ln, n);
	}
	free(runs);
	l->hdi++;
	l->gap = 4;
	l->keepnext = 1;
}

static void
dolist(struct lay *l, const struct mappa_block *b)
{
	struct line	*ln;
	size_t		 i, n;
	double		 ind, fs = l->d->page.font_size;
	char		 mark[32];
	struct unit	*u;

	ind = b->numbered && b->nkids >= 10 ? 2.4 * fs : 1.8 * fs;
	l->gap = maxd(l->gap, 2);
	for (i = 0; i < b->nkids; i++) {
		if (para_lines(&l->c, b->kids[i]->runs, b->kids[i]->nruns, fs,
		    MAPPA_FACE_REGULAR, b->kids[i]->align, l->tw - ind, &ln,
		    &n) == -1 || n == 0)
			continue;
		if (i > 0)
			l->gap = 3;
		u = &l->u[l->nu];
		paralines(l, ln, n, ind, "item");
		u = &l->u[l->nu - n];
		if (b->numbered)
			snprintf(mark, sizeof(mark), "%zu.", i + 1);
		else
			snprintf(mark, sizeof(mark), "\xe2\x80\xa2");
		unit_text(&l->c, u, MAPPA_FACE_REGULAR, fs, 0, ln[0].baseline,
		    mark);
		/* numbers end at a common right edge */
		u->it[u->nit - 1].x = ind - 0.5 * fs - u->it[u->nit - 1].w;
		para_free(ln, n);
	}
	l->gap = l->d->page.para_space;
}

static void
dotable(struct lay *l, const struct mappa_block *b)
{
	double		*w, *nat, *mn, avail, sumn, summ, fs, nt, mt;
	double		 x, rowh, y;
	size_t		 r, c, k, first, last, nl, hfirst = l->nu;
	struct line	**lines;
	size_t		*nlines;
	struct unit	*u;
	struct mappa_block *cell;
	enum mappa_face	 add;
	long		 tbl = l->ntbl++;

	fs = l->d->page.font_size * 0.95;
	w = mappa_calloc(b->ncols, sizeof(double));
	nat = mappa_calloc(b->ncols, sizeof(double));
	mn = mappa_calloc(b->ncols, sizeof(double));
	for (r = 0; r < b->nrows; r++) {
		first = b->rowstart[r];
		last = r + 1 < b->nrows ? b->rowstart[r + 1] : b->nkids;
		add = r < b->hrows ? MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR;
		for (k = first; k < last; k++) {
			cell = b->kids[k];
			para_widths(&l->c, cell->runs, cell->nruns, fs, add,
			    &nt, &mt);
			c = k - first;
			/* figures get air: a column of them reads better */
			if (b->colalign[c] == MAPPA_ALIGN_RIGHT)
				nt = maxd(nt + 8, 3.2 * fs);
			nat[c] = maxd(nat[c], nt + 2 * CELL_PADX);
			mn[c] = maxd(mn[c], mt + 2 * CELL_PADX);
		}
	}
	avail = l->tw;
	sumn = summ = 0;
	for (c = 0; c < b->ncols; c++) {
		if (b->colw[c] > 0) {
			w[c] = b->colw[c];
			avail -= w[c];
		} else {
			sumn += nat[c];
			summ += mn[c];
		}
	}
	/* spare room goes to the text columns: figures stay compact */
	for (c = 0, nt = 0; c < b->ncols; c++)
		if (b->colw[c] <= 0 && b->colalign[c] != MAPPA_ALIGN_RIGHT)
			nt += nat[c];
	for (c = 0; c < b->ncols; c++) {
		if (b->colw[c] > 0)
			continue;
		if (sumn <= avail && nt > 0)
			w[c] = nat[c] + (b->colalign[c] == MAPPA_ALIGN_RIGHT ?
			    0 : (avail - sumn) * nat[c] / nt);
		else if (sumn <= avail)
			w[c] = nat[c] + (avail - sumn) * nat[c] / sumn;
		else if (summ <= avail && sumn > summ)
			w[c] = mn[c] + (avail - summ) * (nat[c] - mn[c]) /
			    (sumn - summ);
		else
			w[c] = avail > 0 ? avail * mn[c] / summ : mn[c];
	}
	lines = mappa_calloc(b->ncols, sizeof(*lines));
	nlines = mappa_calloc(b->ncols, sizeof(*nlines));
	if (!l->captioned)
		l->gap = maxd(l->gap, 6);
	for (r = 0; r < b->nrows; r++) {
		first = b->rowstart[r];
		last = r + 1 < b->nrows ? b->rowstart[r + 1] : b->nkids;
		add = r < b->hrows ? MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR;
		rowh = 0;
		for (k = first; k < last; k++) {
			c = k - first;
			cell = b->kids[k];
			para_lines(&l->c, cell->runs, cell->nruns, fs, add,
			    cell->align == MAPPA_ALIGN_JUSTIFY ?
			    MAPPA_ALIGN_LEFT : cell->align,
			    w[c] - 2 * CELL_PADX, &lines[c], &nlines[c]);
			for (y = 0, nl = 0; nl < nlines[c]; nl++)
				y += lines[c][nl].height;
			rowh = maxd(rowh, y);
		}
		rowh += 2 * CELL_PADY;
		if (r == 0)
			rowh += 1;	/* room for the top rule */
		u = newunit(l, rowh);
		u->tbl = tbl;
		if (r < b->hrows) {
			u->is_hdr = 1;
			if (r > 0)
				u->keep = 1;
		} else if (b->hrows > 0) {
			u->hdr_first = (long)hfirst;
			u->hdr_n = b->hrows;
			if (r == b->hrows)
				u->keep = 1;
		}
		note(u, "table %ld row %zu/%zu%s height=%.2f", tbl, r + 1,
		    b->nrows, r < b->hrows ? " header" : "", rowh);
		y = r == 0 ? 1 : 0;
		if (r == 0)
			unit_line(u, 0, 0.4, l->tw, 0.4, 0.8, &black);
		else if (r > b->hrows)
			unit_line(u, 0, 0, l->tw, 0, 0.25, &light);
		if (r + 1 == b->hrows)
			unit_line(u, 0, rowh, l->tw, rowh, 0.5, &black);
		for (x = 0, c = 0; c < b->ncols; c++) {
			double cy = y + CELL_PADY;

			for (nl = 0; c < last - first && nl < nlines[c];
			    nl++) {
				textline(u, &lines[c][nl], x + CELL_PADX);
				for (k = u->nit; k > 0 && u->it[k - 1].k ==
				    I_TEXT && u->it[k - 1].y ==
				    lines[c][nl].baseline; k--)
					u->it[k - 1].y += cy;
				cy += lines[c][nl].height;
			}
			if (c < last - first)
				para_free(lines[c], nlines[c]);
			lines[c] = NULL;
			nlines[c] = 0;
			x += w[c];
		}
	}
	free(lines);
	free(nlines);
	free(w);
	free(nat);
	free(mn);
	l->gap = 10;
}

static void
dotoc(struct lay *l, const struct mappa_block *b)
{
	struct run	 run[2];
	struct line	*ln;
	size_t		 i, n, k;
	struct unit	*u;
	struct ditem	*it;
	double		 ind, x, fs = l->d->page.font_size, dot;
	enum mappa_face	 f;
	char		 buf[32], lead[512];

	if (b->title != NULL) {
		l->gap = maxd(l->gap, hbefore[0]);
		u = newunit(l, hsize[0] * l->d->page.leading);
		note(u, "contents title");
		it = unit_item(u, I_OUTLINE);
		it->level = 1;
		it->s = mappa_strdup(b->title);
		unit_text(&l->c, u, MAPPA_FACE_BOLD, hsize[0], 0,
		    (u->height - hsize[0]) / 2 + 0.8 * hsize[0], b->title);
		l->gap = 8;
		l->keepnext = 1;
	}
	/* a leader cell is a dot and a space, on a grid of its own */
	dot = mappa_font_width(l->c.fs, MAPPA_FACE_REGULAR, fs, ". ", 2);
	/* the contents list what follows them, not a cover's title */
	for (i = l->hdi; i < l->nhd; i++) {
		if (l->hd[i].level > l->d->page.toc_depth)
			continue;
		f = l->hd[i].level == 1 ? MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR;
		ind = (l->hd[i].level - 1) * 1.5 * fs;
		k = 0;
		if (l->hd[i].num != NULL) {
			snprintf(buf, sizeof(buf), "%s\xc2\xa0\xc2\xa0",
			    l->hd[i].num);
			run[k].face = f;
			run[k].size = 0;
			run[k++].text = buf;
		}
		run[k].face = f;
		run[k].size = 0;
		run[k++].text = l->hd[i].title;
		if (l->hd[i].level == 1)
			l->gap = maxd(l->gap, 4);
		if (para_lines(&l->c, run, k, fs, MAPPA_FACE_REGULAR,
		    MAPPA_ALIGN_LEFT, l->tw - ind - TOC_NUMW - 8, &ln,
		    &n) == -1 || n == 0)
			continue;
		paralines(l, ln, n, ind, "contents");
		u = &l->u[l->nu - 1];
		/* leaders on a grid of their own, so they line up */
		x = ind + ln[n - 1].width + dot;
		x = ceil(x / dot) * dot;
		for (k = 0; x + (k + 1) * dot < l->tw - TOC_NUMW &&
		    k + 2 < sizeof(lead); k += 2) {
			lead[k] = '.';
			lead[k + 1] = ' ';
		}
		lead[k] = '\0';
		if (k > 0)
			unit_text(&l->c, u, MAPPA_FACE_REGULAR, fs, x,
			    ln[n - 1].baseline, lead);
		it = unit_item(u, I_REF);
		it->face = f;
		it->size = fs;
		it->x = l->tw;
		it->y = ln[n - 1].baseline;
		it->ref = (long)i;
		para_free(ln, n);
	}
	l->gap = 12;
}

/* ------------------------------------------------------------------ */
/* Images, logo rows, signatures and boxed panels (image.c builds them). */

#define BOX_PAD		10.0	/* [pt] between the frame and the text */
#define BOX_BAR		3.0	/* [pt] the ruled bar down the left */
#define SIG_HEIGHT	34.0	/* [pt] a signature image's height */
#define SIG_COLS	3	/* signatories in a row */

static const struct mappa_color box_tint = { 0.925, 0.945, 0.97 };
static const struct mappa_color box_rule = { 0.28, 0.38, 0.55 };

static void
imageitem(struct unit *u, const struct mappa_image *im, const char *alt,
    double x, double y, double w, double h)
{
	struct ditem *it = unit_item(u, I_IMAGE);

	it->img = im;
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->s = alt != NULL ? mappa_strdup(alt) : NULL;
}

/* An image's width [pt] at height h [pt], from its proportions. */
static double
img_width(const struct mappa_image *im, double h)
{
	return h * im->width / im->height;
}

static void
doimage(struct lay *l, const struct mappa_block *b)
{
	const struct mappa_image *im = b->imgs[0];
	struct unit	*u;
	double		 w, h, x = 0;

	w = b->width > 0 && b->width < l->tw ? b->width : l->tw;
	h = w * im->height / im->width;
	if (h > l->th) {	/* a tall picture is fitted to the page */
		w *= l->th / h;
		h = l->th;
	}
	if (b->align == MAPPA_ALIGN_CENTRE)
		x = (l->tw - w) / 2;
	else if (b->align == MAPPA_ALIGN_RIGHT)
		x = l->tw - w;
	l->gap = maxd(l->gap, l->d->page.para_space);
	u = newunit(l, h);
	note(u, "image %u %.2fx%.2f", im->id, w, h);
	imageitem(u, im, b->alts[0], x, 0, w, h);
	l->gap = l->d->page.para_space;
}

/* Logos share one height and are spaced evenly, the row centred. */
static void
dologos(struct lay *l, const struct mappa_block *b)
{
	struct unit	*u;
	double		 h = b->height, gap = 0.6 * b->height, total = 0;
	double		 scale = 1, x;
	size_t		 i;

	if (b->nimgs == 0)
		return;
	for (i = 0; i < b->nimgs; i++)
		total += img_width(b->imgs[i], h);
	total += gap * (double)(b->nimgs - 1);
	if (total > l->tw)
		scale = l->tw / total;
	h *= scale;
	gap *= scale;
	x = (l->tw - total * scale) / 2;
	l->gap = maxd(l->gap, l->d->page.para_space);
	u = newunit(l, h);
	note(u, "logos %zu height=%.2f", b->nimgs, h);
	for (i = 0; i < b->nimgs; i++) {
		imageitem(u, b->imgs[i], b->alts[i], x, 0,
		    img_width(b->imgs[i], h), h);
		x += img_width(b->imgs[i], h) + gap;
	}
	l->gap = l->d->page.para_space;
}

/* Lines of a paragraph at (x, y) of a unit, y [pt] down to the line's top. */
static double
lines_at(struct unit *u, const struct line *ln, size_t n, double x, double y)
{
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		k = u->nit;
		textline(u, &ln[i], x);
		for (; k < u->nit; k++)
			u->it[k].y += y;
		y += ln[i].height;
	}
	return y;
}

static void
dosigs(struct lay *l, const struct mappa_block *b)
{
	struct line	*ln;
	struct unit	*u;
	size_t		 row, first, i, n, nrows, ncols;
	double		 colw, x, y, h, iw, rowh, fs = l->d->page.font_size;
	int		 withimg;

	if (b->nkids == 0)
		return;
	ncols = b->nkids < SIG_COLS ? b->nkids : SIG_COLS;
	colw = l->tw / (double)ncols;
	nrows = (b->nkids + SIG_COLS - 1) / SIG_COLS;
	l->gap = maxd(l->gap, 14);
	for (row = 0; row < nrows; row++) {
		first = row * SIG_COLS;
		withimg = 0;
		for (i = first; i < b->nkids && i < first + SIG_COLS; i++)
			withimg |= b->imgs[i] != NULL;
		u = newunit(l, 0);
		if (row > 0)
			u->keep = 1;
		rowh = 0;
		for (i = first; i < b->nkids && i < first + SIG_COLS; i++) {
			x = (double)(i - first) * colw;
			y = 0;
			if (withimg) {
				if (b->imgs[i] != NULL) {
					h = SIG_HEIGHT;
					iw = img_width(b->imgs[i], h);
					if (iw > colw - 12) {
						h *= (colw - 12) / iw;
						iw = colw - 12;
					}
					imageitem(u, b->imgs[i], b->alts[i], x,
					    SIG_HEIGHT - h, iw, h);
				}
				y = SIG_HEIGHT + 4;
			}
			if (para_lines(&l->c, b->kids[i]->runs,
			    b->kids[i]->nruns, fs, MAPPA_FACE_REGULAR,
			    MAPPA_ALIGN_LEFT, colw - 12, &ln, &n) == 0) {
				y = lines_at(u, ln, n, x, y);
				para_free(ln, n);
			}
			rowh = maxd(rowh, y);
		}
		u->height = rowh;
		note(u, "signatures row %zu/%zu height=%.2f", row + 1, nrows,
		    rowh);
		l->gap = 10;
	}
	l->gap = l->d->page.para_space;
}

static void
dobox(struct lay *l)
{
	if (l->boxdepth++ > 0)
		return;
	l->boxgap = maxd(l->gap, 12);
	l->boxkeep = l->keepnext;
	l->boxbrk = l->brknext;
	l->gap = 0;
	l->keepnext = l->brknext = 0;
	l->boxstart = l->nu;
	l->boxtw = l->tw;
	l->tw -= 2 * BOX_PAD + BOX_BAR;
}

/* Move an item down by dy and right by dx. */
static void
shift(struct ditem *it, double dx, double dy)
{
	size_t	 q;

	it->x += dx;
	it->y += dy;
	for (q = 0; it->k == I_STROKE && q < it->n; q++) {
		it->xy[2 * q] += dx;
		it->xy[2 * q + 1] += dy;
	}
}

/*
 * The units set inside the box become one unit, which pagination can't
 * break: the box is kept whole.  A table inside it is closed here, as
 * emit() closes one at a page's end.
 */
static void
doboxend(struct lay *l)
{
	struct unit	 m, *u;
	struct ditem	*it;
	size_t		 j, k, start = l->boxstart;
	double		 y = BOX_PAD, dx = BOX_BAR + BOX_PAD, rect[10];
	long		 heading = -1;

	if (l->boxdepth == 0 || --l->boxdepth > 0)
		return;
	l->tw = l->boxtw;
	memset(&m, 0, sizeof(m));
	it = unit_item(&m, I_FILL);	/* first: drawn under the text */
	it->col = box_tint;
	it = unit_item(&m, I_FILL);
	it->col = box_rule;
	for (j = start; j < l->nu; j++) {
		u = &l->u[j];
		if (j > start)
			y += u->space;
		if (u->heading >= 0 && heading < 0)
			heading = u->heading;
		for (k = 0; k < u->nit; k++) {
			it = unit_item(&m, u->it[k].k);
			*it = u->it[k];
			shift(it, dx, y);
		}
		free(u->it);
		if (u->tbl >= 0 && !u->is_hdr && (j + 1 == l->nu ||
		    l->u[j + 1].tbl != u->tbl))
			unit_line(&m, dx, y + u->height, dx + l->tw -
			    2 * BOX_PAD - BOX_BAR, y + u->height, 0.8, &black);
		y += u->height;
	}
	y += BOX_PAD;
	m.it[0].w = l->tw;
	m.it[0].h = y;
	m.it[1].w = BOX_BAR;
	m.it[1].h = y;
	rect[0] = rect[6] = rect[8] = 0;
	rect[2] = rect[4] = l->tw;
	rect[1] = rect[3] = rect[9] = 0;
	rect[5] = rect[7] = y;
	it = unit_item(&m, I_STROKE);
	it->xy = mappa_malloc(sizeof(rect));
	memcpy(it->xy, rect, sizeof(rect));
	it->n = 5;
	it->w = 0.6;
	it->col = box_rule;
	l->nu = start;
	l->gap = l->boxgap;
	l->keepnext = l->boxkeep;
	l->brknext = l->boxbrk;
	u = newunit(l, y);
	u->it = m.it;
	u->nit = m.nit;
	u->cap = m.cap;
	u->heading = heading;
	note(u, "box height=%.2f", y);
	l->gap = 12;
}

static void
doblock(struct lay *l, const struct mappa_block *b)
{
	struct unit	*u;

	switch (b->type) {
	case B_IMAGE:
		doimage(l, b);
		return;
	case B_LOGOS:
		dologos(l, b);
		return;
	case B_SIGS:
		dosigs(l, b);
		return;
	case B_BOX:
		dobox(l);
		return;
	case B_BOXEND:
		doboxend(l);
		return;
	default:
		break;
	}
	switch (b->type) {
	case B_HEADING:
		doheading(l, b);
		break;
	case B_PARA:
		/* inside a box lines end at the box's edge, not the text's */
		dopara(l, b, 0, l->tw, l->boxdepth > 0 ? "boxed" :
		    b->align == MAPPA_ALIGN_JUSTIFY ? "para" : "ragged");
		break;
	case B_LIST:
		dolist(l, b);
		break;
	case B_TABLE:
		dotable(l, b);
		break;
	case B_CHART:
		if (!l->captioned)
			l->gap = maxd(l->gap, 8);
		u = newunit(l, b->height);
		note(u, "chart height=%.2f", b->height);
		chart_draw(&l->c, b, l->tw, u);
		l->gap = 10;
		break;
	case B_RULE:
		u = newunit(l, 12);
		note(u, "rule");
		unit_line(u, 0, 6, l->tw, 6, 0.5, &grey);
		l->gap = 0;
		break;
	case B_SPACE:
		l->gap += b->height;
		break;
	case B_BREAK:
		l->brknext = 1;
		l->gap = 0;
		break;
	case B_TOC:
		dotoc(l, b);
		break;
	case B_CAPTION:
		docaption(l, b);
		break;
	default:
		break;
	}
}

static void
plaintext(const struct mappa_block *b, char **out)
{
	size_t	 i, n = 1;
	char	*p, *q;

	for (i = 0; i < b->nruns; i++)
		n += strlen(b->runs[i].text);
	*out = p = mappa_malloc(n);
	*p = '\0';
	for (i = 0; i < b->nruns; i++)
		strcat(p, b->runs[i].text);
	/* collapse white space, as the heading is set */
	for (q = p; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
		if (*p == ' ' && (q == *out || q[-1] == ' '))
			continue;
		*q++ = *p;
	}
	while (q > *out && q[-1] == ' ')
		q--;
	*q = '\0';
}

/* Number the headings first: the contents come before them. */
static void
headings(struct lay *l)
{
	size_t	 i;
	int	 cnt[3] = { 0, 0, 0 }, lv;
	char	 buf[48];
	const struct mappa_block *b;

	for (i = 0; i < l->d->nblocks; i++)
		if (l->d->blocks[i]->type == B_HEADING)
			l->nhd++;
	l->hd = mappa_calloc(l->nhd + 1, sizeof(*l->hd));
	for (i = 0, l->nhd = 0; i < l->d->nblocks; i++) {
		b = l->d->blocks[i];
		if (b->type != B_HEADING)
			continue;
		lv = b->level;
		l->hd[l->nhd].level = lv;
		plaintext(b, &l->hd[l->nhd].title);
		if (b->numbered) {
			cnt[lv - 1]++;
			if (lv < 3)
				cnt[lv] = 0;
			if (lv < 2)
				cnt[2] = 0;
			if (lv == 1)
				snprintf(buf, sizeof(buf), "%d", cnt[0]);
			else if (lv == 2)
				snprintf(buf, sizeof(buf), "%d.%d", cnt[0],
				    cnt[1]);
			else
				snprintf(buf, sizeof(buf), "%d.%d.%d", cnt[0],
				    cnt[1], cnt[2]);
			l->hd[l->nhd].num = mappa_strdup(buf);
		}
		l->nhd++;
	}
}

static void
place(struct lay *l, struct page *p, size_t unit, double y)
{
	p->p = mappa_grow(p->p, &p->cap, p->n + 1, sizeof(*p->p));
	p->p[p->n].unit = unit;
	p->p[p->n++].y = y;
}

static double
hdrheight(const struct lay *l, const struct unit *u)
{
	double	 h = 0;
	size_t	 k;

	for (k = 0; k < u->hdr_n; k++)
		h += l->u[u->hdr_first + k].height;
	return h;
}

/*
 * Fill pages first-fit; when a unit does not fit, break at the last place
 * on this page where a break is allowed, so that keeps (headings with
 * their text, widows and orphans, table headers with a row) hold unless
 * the whole page is one unbreakable chain.
 */
static void
paginate(struct lay *l)
{
	size_t		 i = 0, j, brk, k;
	long		 legal;
	double		 y, sp, top;
	struct page	*p;
	struct unit	*u;

	while (i < l->nu) {
		l->pg = mappa_realloc(l->pg, (l->npg + 1) * sizeof(*l->pg));
		p = &l->pg[l->npg++];
		memset(p, 0, sizeof(*p));
		top = l->u[i].hdr_first >= 0 ? hdrheight(l, &l->u[i]) : 0;
		y = top;
		legal = -1;
		brk = l->nu;
		for (j = i; j < l->nu; j++) {
			u = &l->u[j];
			if (j > i && u->brk) {
				brk = j;
				break;
			}
			sp = j == i ? 0 : u->space;
			if (y + sp + u->height > l->th + 1e-6) {
				if (j == i) {
					mappa_diag_warning(l->c.diag, 0,
					    "a block %.1f pt tall does not fit "
					    "on a page (%.1f pt)", u->height,
					    l->th - top);
					brk = j + 1;
				} else if (!u->keep)
					brk = j;
				else if (legal > (long)i)
					brk = (size_t)legal;
				else
					brk = j;
				break;
			}
			if (j > i && !u->keep)
				legal = (long)j;
			y += sp + u->height;
		}
		y = 0;
		if (l->u[i].hdr_first >= 0)
			for (k = 0; k < l->u[i].hdr_n; k++) {
				place(l, p, (size_t)l->u[i].hdr_first + k, y);
				y += l->u[l->u[i].hdr_first + k].height;
			}
		for (j = i; j < brk; j++) {
			if (j > i)
				y += l->u[j].space;
			place(l, p, j, y);
			if (l->u[j].heading >= 0)
				l->hd[l->u[j].heading].page = (int)l->npg;
			y += l->u[j].height;
		}
		i = brk;
	}
}

/* Replace {page}, {pages} and {title}. */
static char *
expand(const struct lay *l, const char *s, int page)
{
	size_t	 n = strlen(s) + 64;
	char	*o, *q, num[24];
	const char *title = l->d->meta[MAPPA_META_TITLE];

	if (title != NULL)
		n += strlen(title) * 4;
	o = q = mappa_malloc(n);
	while (*s != '\0') {
		if (strncmp(s, "{page}", 6) == 0) {
			q += snprintf(q, 24, "%d", page);
			s += 6;
		} else if (strncmp(s, "{pages}", 7) == 0) {
			q += snprintf(q, 24, "%zu", l->npg);
			s += 7;
		} else if (strncmp(s, "{title}", 7) == 0) {
			if (title != NULL) {
				strcpy(q, title);
				q += strlen(title);
			}
			s += 7;
		} else
			*q++ = *s++;
	}
	*q = '\0';
	(void)num;
	return o;
}

struct out {
	struct lay		*l;
	struct mappa_device	*dev;	/* NULL: only record glyphs */
	unsigned char		*missing;	/* reported code points */
};

static int
text(struct out *o, enum mappa_face f, double size, double x, double y,
    const char *s)
{
	size_t	 len = strlen(s), i = 0;
	uint32_t cp;

	if (o->dev == NULL) {
		mappa_fontset_use(o->l->c.fs, f, s, len);
		while (i < len) {
			cp = mappa_utf8_next(s, len, &i);
			if (cp < 0x10000 && !(o->missing[cp / 8] &
			    (1u << (cp % 8))) &&
			    !mappa_font_has(o->l->c.fs, f, cp)) {
				o->missing[cp / 8] |= 1u << (cp % 8);
				mappa_diag_warning(o->l->c.diag, 0, "no glyph "
				    "for U+%04X in the font", (unsigned)cp);
			}
		}
		return 0;
	}
	return o->dev->text(o->dev, f, size, x, y, s, len);
}

static int
running(struct out *o, int page, int footer)
{
	struct lay	*l = o->l;
	const struct mappa_page_setup *pg = &l->d->page;
	double		 y, x, sz = 8.5;
	char		*s;
	int		 k, rc = 0, any = 0;

	y = footer ? pg->height - pg->bottom + 28 : pg->top - 24;
	if (!footer && l->d->mark != NULL) {
		any = 1;
		x = pg->left + (l->tw - mappa_font_width(l->c.fs,
		    MAPPA_FACE_BOLD, sz + 1, l->d->mark,
		    strlen(l->d->mark))) / 2;
		rc = text(o, MAPPA_FACE_BOLD, sz + 1, x, y, l->d->mark);
	}
	for (k = 0; k < 3 && rc == 0; k++) {
		if (l->d->running[footer][k] == NULL ||
		    (k == 1 && !footer && l->d->mark != NULL))
			continue;
		any = 1;
		s = expand(l, l->d->running[footer][k], page);
		x = pg->left;
		if (k == 1)
			x = pg->left + (l->tw - mappa_font_width(l->c.fs,
			    MAPPA_FACE_REGULAR, sz, s, strlen(s))) / 2;
		else if (k == 2)
			x = pg->width - pg->right - mappa_font_width(l->c.fs,
			    MAPPA_FACE_REGULAR, sz, s, strlen(s));
		rc = text(o, MAPPA_FACE_REGULAR, sz, x, y, s);
		free(s);
	}
	if (any && rc == 0 && o->dev != NULL) {
		double xy[4];

		y = footer ? y - 11 : y + 6;
		xy[0] = pg->left;
		xy[1] = xy[3] = y;
		xy[2] = pg->width - pg->right;
		rc = o->dev->stroke(o->dev, xy, 2, 0.4, &grey);
	}
	return rc;
}

static int
emit(struct out *o)
{
	struct lay	*l = o->l;
	const struct mappa_page_setup *pg = &l->d->page;
	struct mappa_device *dev = o->dev;
	size_t		 pi, k, m, q;
	struct unit	*u;
	struct ditem	*it;
	double		 ox, oy, *xy;
	char		 buf[32];
	int		 rc = 0;

	for (pi = 0; pi < l->npg && rc == 0; pi++) {
		if (dev != NULL && (rc = dev->page(dev, (int)pi + 1,
		    pg->width, pg->height)) != 0)
			break;
		if (pi > 0 || !pg->plain_first) {
			if ((rc = running(o, (int)pi + 1, 0)) != 0 ||
			    (rc = running(o, (int)pi + 1, 1)) != 0)
				break;
		}
		for (k = 0; k < l->pg[pi].n && rc == 0; k++) {
			u = &l->u[l->pg[pi].p[k].unit];
			ox = pg->left;
			oy = pg->top + l->pg[pi].p[k].y;
			for (m = 0; m < u->nit && rc == 0; m++) {
				it = &u->it[m];
				switch (it->k) {
				case I_TEXT:
					rc = text(o, it->face, it->size,
					    ox + it->x, oy + it->y, it->s);
					break;
				case I_REF:
					snprintf(buf, sizeof(buf), "%d",
					    l->hd[it->ref].page);
					rc = text(o, it->face, it->size,
					    ox + it->x - mappa_font_width(
					    l->c.fs, it->face, it->size, buf,
					    strlen(buf)), oy + it->y, buf);
					break;
				case I_STROKE:
				case I_FILL:
					if (dev == NULL)
						break;
					if (it->k == I_FILL) {
						rc = dev->fill(dev, ox + it->x,
						    oy + it->y, it->w, it->h,
						    &it->col);
						break;
					}
					xy = mappa_malloc(2 * it->n *
					    sizeof(*xy));
					for (q = 0; q < it->n; q++) {
						xy[2 * q] = ox + it->xy[2 * q];
						xy[2 * q + 1] = oy +
						    it->xy[2 * q + 1];
					}
					rc = dev->stroke(dev, xy, it->n, it->w,
					    &it->col);
					free(xy);
					break;
				case I_OUTLINE:
					if (dev != NULL)
						rc = dev->outline(dev,
						    it->level, it->s, oy);
					break;
				case I_NOTE:
					if (dev != NULL)
						rc = dev->note(dev, it->s);
					break;
				case I_IMAGE:
					if (dev != NULL && dev->image != NULL)
						rc = dev->image(dev, it->img,
						    ox + it->x, oy + it->y,
						    it->w, it->h, it->s);
					break;
				}
			}
			/* close a table where it stops on this page */
			if (rc == 0 && dev != NULL && u->tbl >= 0 &&
			    !u->is_hdr && (k + 1 == l->pg[pi].n ||
			    l->u[l->pg[pi].p[k + 1].unit].tbl != u->tbl)) {
				double r[4];

				r[0] = ox;
				r[2] = ox + l->tw;
				r[1] = r[3] = oy + u->height;
				rc = dev->stroke(dev, r, 2, 0.8, &black);
			}
		}
	}
	return rc;
}

int
mappa_layout_render(struct mappa_doc *d, struct mappa_device *dev,
    struct mappa_diag *diag)
{
	struct lay		 l;
	struct out		 o;
	struct mappa_meta	 meta;
	size_t			 i, k;
	int			 rc = -1;

	memset(&l, 0, sizeof(l));
	memset(&o, 0, sizeof(o));
	l.d = d;
	l.c.diag = diag;
	l.c.pg = &d->page;
	l.tw = d->page.width - d->page.left - d->page.right;
	l.th = d->page.height - d->page.top - d->page.bottom;
	if (l.tw < 36 || l.th < 36) {
		fprintf(diag->out, "mappa-report: the page leaves no room "
		    "for text\n");
		return -1;
	}
	if ((l.c.fs = mappa_fontset_new(d->page.family)) == NULL) {
		fprintf(diag->out, "mappa-report: font family \"%s\": not "
		    "found in four TrueType faces\n", d->page.family);
		return -1;
	}
	/* without patterns, words are simply not hyphenated */
	l.c.hyph = hnj_hyphen_load(HYPH_DICT);
	headings(&l);
	for (i = 0; i < d->nblocks; i++)
		doblock(&l, d->blocks[i]);
	paginate(&l);

	o.l = &l;
	o.missing = mappa_calloc(0x10000 / 8, 1);
	emit(&o);
	memset(&meta, 0, sizeof(meta));
	meta.title = d->meta[MAPPA_META_TITLE];
	meta.author = d->meta[MAPPA_META_AUTHOR];
	meta.subject = d->meta[MAPPA_META_SUBJECT];
	meta.keywords = d->meta[MAPPA_META_KEYWORDS];
	meta.creator = d->meta[MAPPA_META_CREATOR];
	meta.producer = d->meta[MAPPA_META_PRODUCER];
	meta.created = d->created;
	meta.modified = d->modified;
	meta.extra_key = d->xkey;
	meta.extra_value = d->xval;
	o.dev = dev;
	if (dev->begin(dev, &meta, l.c.fs) != 0 || emit(&o) != 0 ||
	    dev->end(dev) != 0) {
		fprintf(diag->out, "mappa-report: %s\n", dev->error);
		goto out;
	}
	rc = 0;
out:
	free(o.missing);
	for (i = 0; i < l.nu; i++) {
		for (k = 0; k < l.u[i].nit; k++) {
			free(l.u[i].it[k].s);
			free(l.u[i].it[k].xy);
		}
		free(l.u[i].it);
	}
	free(l.u);
	for (i = 0; i < l.npg; i++)
		free(l.pg[i].p);
	free(l.pg);
	for (i = 0; i < l.nhd; i++) {
		free(l.hd[i].num);
		free(l.hd[i].title);
	}
	free(l.hd);
	if (l.c.hyph != NULL)
		hnj_hyphen_free(l.c.hyph);
	mappa_fontset_free(l.c.fs);
	return rc;
}
