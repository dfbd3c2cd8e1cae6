/* para.c: hyphenation and total-fit (Knuth-Plass) line breaking; inside generator/layout only. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/link.h"
#include "mappa/util.h"
#include "layout_int.h"

#define INF_PEN		10000
#define HYPHEN_PEN	50
#define FLAG_DEMERITS	3000
#define FIT_DEMERITS	10000
#define LINE_PEN	10
#define RAGGED		3.0	/* ragged stretch [em] */
#define MAX_HYPHENS	2	/* hyphenated lines in a row, at most */
#define NCLASS		(4 * (MAX_HYPHENS + 1))	/* fitness x hyphens */

enum itype { BOX, GLUE, PEN };

struct item {
	enum itype	 type;
	double		 w, st, sh;	/* [pt] */
	int		 pen;
	int		 flag;
	int		 cut;	/* PEN: inside a word cut by overfull() */
	enum mappa_face	 face;
	double		 size;
	const char	*s;
	size_t		 len;
	const char	*lang;	/* its run's (struct run), or NULL */
};

struct items {
	struct item	*v;
	size_t		 n, cap;
};

struct node {
	size_t	 pos;		/* break item */
	size_t	 start;		/* first item of the next line */
	size_t	 line;
	int	 fit;
	double	 dem;
	double	 ratio;
	long	 prev;
	int	 over;		/* an overfull line ends here (emergency) */
	int	 hy;		/* hyphenated lines in a row ending here */
};

static struct item *
additem(struct items *it, enum itype t)
{
	struct item *p;

	it->v = mappa_grow(it->v, &it->cap, it->n + 1, sizeof(*it->v));
	p = &it->v[it->n++];
	memset(p, 0, sizeof(*p));
	p->type = t;
	return p;
}

static void
addbox(struct ctx *c, struct items *it, enum mappa_face f, double size,
    const char *s, size_t len)
{
	struct item *p = additem(it, BOX);

	p->face = f;
	p->size = size;
	p->s = s;
	p->len = len;
	p->w = mappa_font_width(c->fs, f, size, s, len);
}

static void
addpen(struct items *it, double w, int pen, int flag, enum mappa_face f,
    double size)
{
	struct item *p = additem(it, PEN);

	p->w = w;
	p->pen = pen;
	p->flag = flag;
	p->face = f;
	p->size = size;
}

static void
addglue(struct items *it, double w, double st, double sh)
{
	struct item *p = additem(it, GLUE);

	p->w = w;
	p->st = st;
	p->sh = sh;
}

static int
isletter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

/*
 * A box for s, split at its hyphenation points.  Only a run of at least
 * five letters with at most one capital is hyphenated: not acronyms,
 * numbers or codes.
 */
static void
hyphbox(struct ctx *c, struct items *it, enum mappa_face f, double size,
    const char *s, size_t len)
{
	size_t	 a, b, i, j, nl, caps, last;
	uint32_t cp;
	char	*low, *hy;
	double	 hw;

	/* core [a, b): the letters between leading and trailing punctuation */
	for (a = 0; a < len; a = i) {
		i = a;
		if (isletter(mappa_utf8_next(s, len, &i)))
			break;
	}
	for (b = a, i = a, nl = caps = 0; i < len; ) {
		cp = mappa_utf8_next(s, len, &i);
		if (!isletter(cp))
			break;
		nl++;
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde))
			caps++;
		b = i;
	}
	for (j = i; j < len; ) {
		cp = mappa_utf8_next(s, len, &j);
		if (isletter(cp))
			nl = 0;	/* letters after punctuation: not a word */
	}
	if (c->hyph == NULL || nl < 5 || caps > 1) {
		addbox(c, it, f, size, s, len);
		return;
	}
	low = mappa_malloc(b - a + 1);
	hy = mappa_malloc(b - a + 5);
	for (i = a; i < b; i++)
		low[i - a] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' :
		    s[i];
	low[b - a] = '\0';
	if (hyph_word(c->hyph, low, b - a, hy) != 0) {
		addbox(c, it, f, size, s, len);
		goto out;
	}
	hw = mappa_font_width(c->fs, f, size, "-", 1);
	last = 0;
	for (i = a; i + 1 < b; i++) {
		if ((hy[i - a] & 1) == 0 ||
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80)
			continue;
		addbox(c, it, f, size, s + last, i + 1 - last);
		addpen(it, hw, HYPHEN_PEN, 1, f, size);
		last = i + 1;
	}
	addbox(c, it, f, size, s + last, len - last);
out:
	free(low);
	free(hy);
}

/* U+00AD SOFT HYPHEN, a break point written by the author. */
static int
isshy8(const char *s, size_t len)
{
	return len >= 2 && (unsigned char)s[0] == 0xc2 &&
	    (unsigned char)s[1] == 0xad;
}

/*
 * A piece of a word: where the author wrote soft hyphens, the word breaks
 * there only (with a hyphen) and the soft hyphens are never printed;
 * elsewhere the patterns find the breaks.
 */
static void
shybox(struct ctx *c, struct items *it, enum mappa_face f, double size,
    const char *s, size_t len)
{
	size_t	 i, last = 0;
	int	 any = 0;
	double	 hw;

	for (i = 0; i < len; i++)
		if (isshy8(s + i, len - i))
			any = 1;
	if (!any) {
		hyphbox(c, it, f, size, s, len);
		return;
	}
	hw = mappa_font_width(c->fs, f, size, "-", 1);
	for (i = 0; i < len; i++) {
		if (!isshy8(s + i, len - i))
			continue;
		if (i > last) {
			addbox(c, it, f, size, s + last, i - last);
			if (i + 2 < len)
				addpen(it, hw, HYPHEN_PEN, 1, f, size);
		}
		last = i + 2;
		i++;
	}
	if (len > last)
		addbox(c, it, f, size, s + last, len - last);
}

/* A token between spaces: break after hard hyphens and dashes. */
static void
token(struct ctx *c, struct items *it, enum mappa_face f, double size,
    const char *s, size_t len)
{
	size_t	 i = 0, last = 0, j, b, e;
	uint32_t cp;
	char	*uri;

	/* an address is kept whole: never hyphenated, never broken */
	if (mappa_link_next(s, len, &b, &e, &uri) == 1) {
		free(uri);
		addbox(c, it, f, size, s, len);
		return;
	}
	while (i < len) {
		j = i;
		cp = mappa_utf8_next(s, len, &i);
		if ((cp == '-' || cp == 0x2013 || cp == 0x2014) && j > last &&
		    i < len) {
			shybox(c, it, f, size, s + last, i - last);
			addpen(it, 0, HYPHEN_PEN, 1, f, size);
			last = i;
		}
	}
	shybox(c, it, f, size, s + last, len - last);
}

/*
 * A box wider than the measure can't be set; cut it between characters
 * (without a hyphen, which could mislead) and say so.
 */
static void
overfull(struct ctx *c, struct items *it, size_t from, double measure)
{
	struct items	 out = { NULL, 0, 0 };
	struct item	 b;
	size_t		 k, i, j, s0;
	double		 w, cw, room;

	for (k = from; k < it->n; k++) {
		b = it->v[k];
		/* a hyphen after the box must fit beside it */
		room = measure - (k + 1 < it->n && it->v[k + 1].type == PEN ?
		    it->v[k + 1].w : 0);
		if (b.type != BOX || b.w <= room) {
			*additem(&out, b.type) = b;
			continue;
		}
		if (!c->warned) {
			mappa_diag_flaw(c->diag, c->final, c->line,
			    "word too wide for its "
			    "column (%.1f pt > %.1f pt), broken: %.*s",
			    b.w, measure, (int)b.len, b.s);
			c->warned = 1;
		}
		for (i = 0, s0 = 0, w = 0; i < b.len; ) {
			j = i;
			mappa_utf8_next(b.s, b.len, &i);
			cw = mappa_font_width(c->fs, b.face, b.size, b.s + j,
			    i - j);
			if (w + cw > room && j > s0) {
				addbox(c, &out, b.face, b.size, b.s + s0,
				    j - s0);
				addpen(&out, 0, 0, 0, b.face, b.size);
				out.v[out.n - 1].cut = 1;
				s0 = j;
				w = 0;
			}
			w += cw;
		}
		addbox(c, &out, b.face, b.size, b.s + s0, b.len - s0);
	}
	it->n = from;
	for (k = 0; k < out.n; k++)
		*additem(it, out.v[k].type) = out.v[k];
	free(out.v);
}

static int
isspace8(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* U+2028 LINE SEPARATOR: a forced line break inside the paragraph. */
static int
isbreak8(const char *s)
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xa8;
}

static int
forced(const struct item *p)
{
	return p->type == PEN && p->pen <= -INF_PEN;
}

/*
 * End the line here: the space before the break is not set, and the line
 * is filled with fil glue so that it is not stretched.  A break with no
 * text before it (at the start, or after another break) is dropped: an
 * empty line would have no glue to fill it.
 */
static void
forcebreak(struct items *it, enum mappa_face f, double size)
{
	while (it->n > 0 && it->v[it->n - 1].type != BOX &&
	    !forced(&it->v[it->n - 1]))
		it->n--;
	if (it->n == 0 || forced(&it->v[it->n - 1]))
		return;
	addpen(it, 0, INF_PEN, 0, f, size);
	addglue(it, 0, 1e7, 0);
	addpen(it, 0, -INF_PEN, 0, f, size);
}

static void
build(struct ctx *c, struct items *it, const struct run *runs, size_t nruns,
    double size, enum mappa_face add, int ragged, double measure)
{
	size_t		 r, i, j;
	enum mappa_face	 f;
	double		 sz, sw, em = size;
	const char	*t;
	HyphenDict	*own = c->hyph;	/* the paragraph's patterns */

	for (r = 0; r < nruns; r++) {
		size_t	 from = it->n;

		/* a passage in another language hyphenates by its patterns */
		c->hyph = runs[r].lang != NULL ? hyph_get(c, runs[r].lang) :
		    own;
		f = (enum mappa_face)(runs[r].face | add);
		sz = runs[r].size > 0 ? runs[r].size : size;
		t = runs[r].text;
		for (i = 0; t[i] != '\0'; i = j) {
			if (isbreak8(t + i)) {
				forcebreak(it, f, sz);
				j = i + 3;
				continue;
			}
			if (!isspace8(t[i])) {
				for (j = i; t[j] != '\0' && !isspace8(t[j]) &&
				    !isbreak8(t + j); j++)
					continue;
				token(c, it, f, sz, t + i, j - i);
				continue;
			}
			for (j = i; isspace8(t[j]); j++)
				continue;
			if (it->n == 0 || it->v[it->n - 1].type == GLUE ||
			    forced(&it->v[it->n - 1]))
				continue;
			sw = mappa_font_width(c->fs, f, sz, " ", 1);
			if (ragged) {
				addpen(it, 0, INF_PEN, 0, f, sz);
				addglue(it, 0, RAGGED * em, 0);
				addpen(it, 0, 0, 0, f, sz);
				addglue(it, sw, -RAGGED * em, 0);
			} else
				addglue(it, sw, sw / 2, sw / 3);
		}
		/* a passage in another language: its words say so */
		for (i = from; i < it->n; i++)
			it->v[i].lang = runs[r].lang;
	}
	c->hyph = own;
	/* trailing space is not set */
	while (it->n > 0 && it->v[it->n - 1].type != BOX)
		it->n--;
	if (measure > 0)
		overfull(c, it, 0, measure);
	addpen(it, 0, INF_PEN, 0, add, size);
	addglue(it, 0, 1e7, 0);
	addpen(it, 0, -INF_PEN, 0, add, size);
}

void
para_widths(struct ctx *c, const struct run *runs, size_t nruns,
    double size, enum mappa_face add, double *natural, double *min)
{
	struct items	 it = { NULL, 0, 0 };
	size_t		 k;
	double		 seg = 0, nat = 0;

	build(c, &it, runs, nruns, size, add, 0, 0);
	*natural = *min = 0;
	for (k = 0; k < it.n; k++) {
		if (it.v[k].type == BOX) {
			seg += it.v[k].w;
			nat += it.v[k].w;
		} else {
			if (it.v[k].type == GLUE && it.v[k].st < 1e6)
				nat += it.v[k].w;
			/* with forced breaks, the widest line counts */
			if (forced(&it.v[k])) {
				if (nat > *natural)
					*natural = nat;
				nat = 0;
			}
			if (it.v[k].type == PEN && it.v[k].pen < INF_PEN)
				seg += it.v[k].w;
			if (seg > *min)
				*min = seg;
			seg = 0;
		}
	}
	if (nat > *natural)
		*natural = nat;
	free(it.v);
}

/*
 * Knuth and Plass, "Breaking paragraphs into lines" (1981), in its own
 * words.  For a line from an active node a to a feasible breakpoint b:
 * the adjustment ratio r stretches (r > 0) or shrinks (r < 0) its glue to
 * the measure; its badness is 100|r|^3; its demerits are (l + badness)^2
 * plus the break's penalty squared (less, for a negative penalty), plus
 * the flagged-pair and fitness-class costs.  Fitness classes: 0 tight,
 * 1 decent, 2 loose, 3 very loose.
 */
struct cand {
	double	 ratio;		/* adjustment ratio r */
	double	 demerits;	/* total, from the paragraph's start */
	long	 from;		/* active node */
};

static int
fitness_class(double ratio)
{
	if (ratio < -0.5)
		return 0;
	if (ratio <= 0.5)
		return 1;
	if (ratio <= 1)
		return 2;
	return 3;
}

/* The adjustment ratio of the line from a's start to breakpoint b. */
static double
adjustment_ratio(const struct items *it, const double *sw, const double *sst,
    const double *ssh, const struct node *a, size_t b, double measure)
{
	const struct item *p = &it->v[b];
	double	 width, stretch, shrink;

	width = sw[b] - sw[a->start] + (p->type == PEN ? p->w : 0);
	stretch = sst[b] - sst[a->start];
	shrink = ssh[b] - ssh[a->start];
	if (width < measure)
		return stretch > 0 ? (measure - width) / stretch : 1e9;
	if (width > measure)
		return shrink > 0 ? (measure - width) / shrink : -1e9;
	return 0;
}

static double
badness(double ratio)
{
	double	 b = ratio > 100 ? 1e6 : 100 * fabs(ratio * ratio * ratio);

	return b;
}

/* The demerits of a line of this badness ending at breakpoint p after a. */
static double
demerits(const struct items *it, const struct item *p, const struct node *a,
    double bad, int fc)
{
	double	 d;

	if (bad > 10000)
		bad = 10000;
	d = (LINE_PEN + bad) * (LINE_PEN + bad);
	if (p->type == PEN && p->pen >= 0)
		d += (double)p->pen * p->pen;
	else if (p->type == PEN && p->pen > -INF_PEN)
		d -= (double)p->pen * p->pen;
	/* two flagged breaks in a row: hyphens on consecutive lines */
	if (p->type == PEN && p->flag && a->pos > 0 &&
	    it->v[a->pos].type == PEN && it->v[a->pos].flag)
		d += FLAG_DEMERITS;
	if (abs(fc - a->fit) > 1)
		d += FIT_DEMERITS;
	return d + a->dem;
}

/*
 * One pass of Knuth-Plass; returns the final node or -1 if none.  With
 * an infinite tolerance, the last pass never fails: when every active
 * node would be dropped for an overfull line, the one nearest the break
 * ends one there, as TeX's artificial demerits do, so that no text is
 * lost.  Candidates are kept per fitness class and per count of
 * hyphenated lines in a row, which may not exceed MAX_HYPHENS.
 */
static long
kp(const struct items *it, const double *sw, const double *sst,
    const double *ssh, double measure, double tolerance,
    struct node **nodesp, size_t *nnodesp)
{
	struct node	*nodes = NULL;
	size_t		 nn = 0, ncap = 0, na = 0, acap = 0, *act = NULL;
	size_t		 b, k, s;
	long		 res = -1, over;
	struct cand	 best[NCLASS];
	double		 ratio, bad, d;
	const struct item *p;
	int		 fc, c, hy, emergency = tolerance >= DBL_MAX;

	nodes = mappa_grow(nodes, &ncap, 1, sizeof(*nodes));
	memset(&nodes[0], 0, sizeof(nodes[0]));
	nodes[0].prev = -1;
	nodes[0].fit = 1;
	nn = 1;
	act = mappa_grow(act, &acap, 1, sizeof(*act));
	act[na++] = 0;
	for (b = 0; b < it->n && na > 0; b++) {
		p = &it->v[b];
		if (p->type == BOX ||
		    (p->type == GLUE && (b == 0 || it->v[b - 1].type != BOX)) ||
		    (p->type == PEN && p->pen >= INF_PEN))
			continue;
		for (c = 0; c < NCLASS; c++) {
			best[c].from = -1;
			best[c].demerits = DBL_MAX;
		}
		/* a line ending in a hyphen, added or written */
		hy = p->type == PEN && p->flag;
		over = -1;
		for (k = 0; k < na; ) {
			struct node *a = &nodes[act[k]];

			ratio = adjustment_ratio(it, sw, sst, ssh, a, b,
			    measure);
			/* never three hyphenated lines in a row */
			if (ratio >= -1 && (!hy || a->hy < MAX_HYPHENS) &&
			    (bad = badness(ratio)) <= tolerance) {
				fc = fitness_class(ratio);
				d = demerits(it, p, a, bad, fc);
				c = fc * (MAX_HYPHENS + 1) + (hy ? a->hy + 1 :
				    0);
				if (d < best[c].demerits) {
					best[c].demerits = d;
					best[c].from = (long)act[k];
					best[c].ratio = ratio;
				}
			}
			/* the shortest overfull line loses the least */
			if (ratio < -1 && (over < 0 ||
			    a->start > nodes[over].start))
				over = (long)act[k];
			if (ratio < -1 || (p->type == PEN &&
			    p->pen <= -INF_PEN))
				act[k] = act[--na];
			else
				k++;
		}
		for (c = 0; c < NCLASS && best[c].from < 0; c++)
			continue;
		if (emergency && na == 0 && over >= 0 && c == NCLASS) {
			best[0].from = over;
			best[0].demerits = nodes[over].dem + 1e12;
			best[0].ratio = -1;	/* shrunk all it can be */
		}
		for (s = b + 1; s < it->n && it->v[s].type != BOX &&
		    !(it->v[s].type == PEN && it->v[s].pen <= -INF_PEN); s++)
			continue;
		for (c = 0; c < NCLASS; c++) {
			if (best[c].from < 0)
				continue;
			nodes = mappa_grow(nodes, &ncap, nn + 1,
			    sizeof(*nodes));
			nodes[nn].pos = b;
			nodes[nn].start = s;
			nodes[nn].line = nodes[best[c].from].line + 1;
			nodes[nn].fit = c / (MAX_HYPHENS + 1);
			nodes[nn].hy = hy ? nodes[best[c].from].hy + 1 : 0;
			nodes[nn].dem = best[c].demerits;
			nodes[nn].over = best[c].demerits >= 1e12;
			/* a line stretched past r = 1 by fil glue is set at 0 */
			nodes[nn].ratio = best[c].ratio > 1e8 ? 0 :
			    best[c].ratio;
			nodes[nn].prev = best[c].from;
			act = mappa_grow(act, &acap, na + 1, sizeof(*act));
			act[na++] = nn++;
		}
	}
	/* the paragraph ends with a forced break: survivors sit on it */
	for (k = 0; k < na; k++)
		if (nodes[act[k]].pos == it->n - 1 &&
		    (res < 0 || nodes[act[k]].dem < nodes[res].dem))
			res = (long)act[k];
	free(act);
	*nodesp = nodes;
	*nnodesp = nn;
	return res;
}

static void
addfrag(struct line *ln, size_t *cap, const struct item *p, double x,
    const char *s, size_t len, double w)
{
	struct frag *f;

	if (ln->nf > 0) {
		f = &ln->f[ln->nf - 1];
		if (f->face == p->face && f->size == p->size &&
		    f->lang == p->lang && f->s + f->len == s &&
		    fabs(f->x + f->w - x) < 1e-6) {
			f->len += len;
			f->w += w;
			return;
		}
	}
	ln->f = mappa_grow(ln->f, cap, ln->nf + 1, sizeof(*ln->f));
	f = &ln->f[ln->nf++];
	f->face = p->face;
	f->size = p->size;
	f->x = x;
	f->w = w;
	f->s = s;
	f->len = len;
	f->lang = p->lang;
}

int
para_lines(struct ctx *c, const struct run *runs, size_t nruns, double size,
    enum mappa_face add, enum mappa_align align, double measure,
    struct line **linesp, size_t *nlinesp)
{
	struct items	 it = { NULL, 0, 0 };
	struct node	*nodes = NULL;
	size_t		 nn, k, i, nl, cap;
	double		*sw, *sst, *ssh, x, r, maxsz, shift;
	long		 end, n;
	struct line	*lines = NULL, *ln;
	int		 ragged = align != MAPPA_ALIGN_JUSTIFY;

	c->warned = c->hush;
	*linesp = NULL;
	*nlinesp = 0;
	build(c, &it, runs, nruns, size, add, ragged, measure);
	if (it.n <= 3) {
		free(it.v);
		return 0;
	}
	sw = mappa_calloc(it.n + 1, sizeof(double));
	sst = mappa_calloc(it.n + 1, sizeof(double));
	ssh = mappa_calloc(it.n + 1, sizeof(double));
	for (k = 0; k < it.n; k++) {
		sw[k + 1] = sw[k];
		sst[k + 1] = sst[k];
		ssh[k + 1] = ssh[k];
		if (it.v[k].type == BOX)
			sw[k + 1] += it.v[k].w;
		else if (it.v[k].type == GLUE) {
			sw[k + 1] += it.v[k].w;
			sst[k + 1] += it.v[k].st;
			ssh[k + 1] += it.v[k].sh;
		}
	}
	end = kp(&it, sw, sst, ssh, measure, 200, &nodes, &nn);
	if (end < 0) {
		free(nodes);
		end = kp(&it, sw, sst, ssh, measure, DBL_MAX, &nodes, &nn);
	}
	if (end < 0) {
		mappa_diag_error(c->diag, 0, "paragraph can't be broken into "
		    "lines %.1f pt wide", measure);
		free(nodes);
		free(sw);
		free(sst);
		free(ssh);
		free(it.v);
		return -1;
	}
	nl = nodes[end].line;
	lines = mappa_calloc(nl, sizeof(*lines));
	for (n = end; nodes[n].prev >= 0; n = nodes[n].prev) {
		struct node *a = &nodes[nodes[n].prev];
		const struct item *bp = &it.v[nodes[n].pos];

		ln = &lines[nodes[n].line - 1];
		/* a forced break ends a line as the paragraph's end does */
		ln->last = forced(bp);
		ln->forced = ln->last && nodes[n].pos != it.n - 1;
		r = nodes[n].ratio;
		if (ragged || (ln->last && r > 0))
			r = 0;
		if (nodes[n].over && !c->warned) {
			mappa_diag_flaw(c->diag, c->final, c->line,
			    "text too wide for its "
			    "column (%.1f pt), set past its edge", measure);
			c->warned = 1;
		}
		ln->ratio = r;
		cap = 0;
		maxsz = 0;
		x = 0;
		for (i = a->start; i < nodes[n].pos; i++) {
			const struct item *p = &it.v[i];

			if (p->type == BOX) {
				addfrag(ln, &cap, p, x, p->s, p->len, p->w);
				x += p->w;
				if (p->size > maxsz)
					maxsz = p->size;
			} else if (p->type == GLUE)
				x += p->w + (r >= 0 ? r * p->st : r * p->sh);
		}
		if (bp->type == PEN && bp->w > 0) {
			addfrag(ln, &cap, bp, x, "-", 1, bp->w);
			x += bp->w;
			ln->hyphen = 1;
		}
		ln->cut = bp->type == PEN && bp->cut;
		if (maxsz == 0)
			maxsz = size;
		/* land exactly on the margin, whatever the rounding */
		if (!ragged && !ln->last && ln->nf > 0) {
			ln->f[ln->nf - 1].x = measure - ln->f[ln->nf - 1].w;
			x = measure;
		}
		shift = 0;
		if (align == MAPPA_ALIGN_CENTRE)
			shift = (measure - x) / 2;
		else if (align == MAPPA_ALIGN_RIGHT)
			shift = measure - x;
		for (i = 0; i < ln->nf; i++)
			ln->f[i].x += shift;
		ln->width = x;
		ln->height = maxsz * c->pg->leading;
		ln->baseline = (ln->height - maxsz) / 2 + 0.8 * maxsz;
	}
	*linesp = lines;
	*nlinesp = nl;
	free(nodes);
	free(sw);
	free(sst);
	free(ssh);
	free(it.v);
	return 0;
}

void
para_free(struct line *lines, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && lines != NULL; i++)
		free(lines[i].f);
	free(lines);
}
