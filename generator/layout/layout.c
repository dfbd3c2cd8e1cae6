/* layout.c: blocks into units, units into pages, pages onto a device; behind layout.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/link.h"
#include "mappa/msg.h"
#include "mappa/util.h"
#include "layout_int.h"

#define BOX_PAD		10.0	/* [pt] between the frame and the text */
#define BOX_BAR		3.0	/* [pt] the ruled bar down the left */
#define TOC_NUMW	28.0	/* [pt] kept for page numbers */

static const struct mappa_color black = { 0, 0, 0 };
static const struct mappa_color grey = { 0.45, 0.45, 0.45 };
static const struct mappa_color light = { 0.7, 0.7, 0.7 };

struct heading {
	char	*num;		/* "1.2" or NULL */
	char	*title;		/* plain text */
	int	 level;
	int	 page;
	double	 y;		/* [pt] below the top of the text area */
	const char *lang;	/* its block's, or NULL; not owned */
};

struct placed {
	size_t	 unit;
	double	 y;	/* [pt] below the top of the text area */
	int	 rep;	/* a table header repeated: an artifact */
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
	int			 leadin;	/* that keep is a lead-in's
						   (dopara): leadinfits() */
	int			 brknext;
	int			 captioned;	/* a caption was the last unit */
	const struct mappa_block *capblock;	/* that caption */
	struct contd {
		long			 tbl;
		const struct mappa_block *cap;
	}			*contd;		/* captions to repeat */
	size_t			 ncontd;
	size_t			 nflow;		/* units in the text's flow */
	struct heading		*hd;
	size_t			 nhd, hdi;
	long			 ntbl;
	struct page		*pg;
	size_t			 npg;
	unsigned char		*missing;	/* code points warned of */
	int			 runcut[2];	/* a header, a footer cut */
	const struct mappa_block *next;	/* the block after this one */
	const struct mappa_block *cap;	/* caption of the next table/chart */
	size_t			 capfirst;	/* its first unit */
	int			 sect;	/* a Sect is open */
	/* a boxed panel being set (B_BOX to B_BOXEND) */
	int			 boxdepth;
	size_t			 boxstart;	/* its first unit */
	double			 boxtw;		/* [pt] the width outside */
	double			 boxgap;	/* [pt] space owed before it */
	int			 boxkeep, boxbrk;
	long			 nbox;		/* boxes split so far */
	long			 nid;		/* resumable elements so far */
};

static int	contlines(struct lay *, const struct mappa_block *, double,
		    struct line **, size_t *);

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

struct ditem *
unit_tag(struct unit *u, enum mappa_role role)
{
	struct ditem *it = unit_item(u, I_TAG);

	it->role = role;
	return it;
}

struct ditem *
unit_tag_at(struct unit *u, size_t pos, enum mappa_role role)
{
	struct ditem	 t;

	unit_tag(u, role);
	if (pos >= u->nit - 1)
		return &u->it[u->nit - 1];
	t = u->it[u->nit - 1];
	memmove(&u->it[pos + 1], &u->it[pos], (u->nit - 1 - pos) *
	    sizeof(*u->it));
	u->it[pos] = t;
	return &u->it[pos];
}

void
unit_untag(struct unit *u)
{
	unit_item(u, I_UNTAG);
}

/*
 * Units first to the last made hold one role: open it before their first
 * item, close it after their last.  Returns the opening item, or NULL when
 * there are no such units (the block drew nothing).
 */
static struct ditem *
wrap(struct lay *l, size_t first, enum mappa_role role)
{
	struct ditem *it;

	if (first >= l->nu)
		return NULL;
	it = unit_tag_at(&l->u[first], 0, role);
	it->role = role;
	unit_untag(&l->u[l->nu - 1]);
	return &l->u[first].it[0];
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
	u->tbl = u->hdr_first = u->heading = u->cont_first = u->box = -1;
	u->line = l->c.line;
	u->file = l->c.file;
	u->kind = l->c.kind;
	l->gap = 0;
	l->keepnext = l->brknext = l->captioned = 0;
	return u;
}

/*
 * A space after a word, to read it apart from the next.  Not after a
 * hyphen that ends a line: "twenty-" then "four" read back as one word,
 * "twenty-four", not "twenty- four".
 */
static void
spaceafter(struct ditem *it, int eol)
{
	size_t	 n = strlen(it->s);

	if (eol && n > 0 && (it->s[n - 1] == '-' || (n >= 3 &&
	    strcmp(it->s + n - 3, "\xe2\x80\x90") == 0)))
		return;
	it->s = mappa_realloc(it->s, n + 2);
	it->s[n] = ' ';
	it->s[n + 1] = '\0';
}

/* A line's words on u, its top at y0 [pt] from the unit's top. */
static void
textline(struct unit *u, const struct line *ln, double x0, double y0)
{
	size_t	 i;
	struct ditem *it;

	for (i = 0; i < ln->nf; i++) {
		it = unit_item(u, I_TEXT);
		it->face = ln->f[i].face;
		it->size = ln->f[i].size;
		it->x = x0 + ln->f[i].x;
		it->y = y0 + ln->baseline;
		it->w = ln->f[i].w;
		it->s = mappa_strndup(ln->f[i].s, ln->f[i].len);
		/* a passage in another language: a Span of it, at emit */
		if (ln->f[i].lang != NULL)
			it->lang = mappa_strdup(ln->f[i].lang);
		/*
		 * Words are placed one by one: a real space after each that
		 * has a gap before the next, so that text read from the tags
		 * (a screen reader, copy and paste) has its word breaks.
		 */
		if (i + 1 < ln->nf && ln->f[i + 1].x > ln->f[i].x +
		    ln->f[i].w + 0.01)
			spaceafter(it, 0);
	}
}

/*
 * One unit per line.  Breaking after the first line or before the last
 * would leave an orphan or a widow, so those breaks are forbidden.
 */
/*
 * A word hyphenated at the end of a line copies and reads whole: its
 * first piece and the hyphen are a Span standing for the word, its other
 * pieces on the lines after Spans standing for nothing.  Line i of ln[n]
 * is in unit u, one item per fragment from item at on (after its note,
 * in a paragraph's; after what the cells before it put there, in a
 * table row's).
 */
static void
hyphenspans(struct unit *u, const struct line *ln, size_t i, size_t n,
    size_t at)
{
	struct ditem	*it;
	const struct line *l = &ln[i];
	size_t		 k, j, len;
	int		 cont, only, sp;

	/* does the line start with a word's rest, and hold nothing else? */
	cont = i > 0 && ln[i - 1].hyphen && ln[i - 1].nf >= 2 && l->nf > 0;
	only = cont && l->hyphen && l->nf == 2;
	if (l->hyphen && l->nf >= 2 && i + 1 < n && !only) {
		k = at + l->nf - 2;
		len = l->f[l->nf - 2].len;
		for (j = i + 1; j < n && ln[j].nf > 0; j++) {
			len += ln[j].f[0].len;
			if (!(ln[j].hyphen && ln[j].nf == 2))
				break;
		}
		it = unit_tag_at(u, k, MAPPA_ROLE_SPAN);
		it->actual = mappa_malloc(len + 1);
		memcpy(it->actual, l->f[l->nf - 2].s, l->f[l->nf - 2].len);
		len = l->f[l->nf - 2].len;
		for (j = i + 1; j < n && ln[j].nf > 0; j++) {
			memcpy(it->actual + len, ln[j].f[0].s, ln[j].f[0].len);
			len += ln[j].f[0].len;
			if (!(ln[j].hyphen && ln[j].nf == 2))
				break;
		}
		it->actual[len] = '\0';
		unit_tag_at(u, k + 3, MAPPA_ROLE_SPAN)->k = I_UNTAG;
	}
	if (cont) {
		/*
		 * The rest stands for nothing, but for the space after it
		 * (textline's or the line end's): else the word after it
		 * would read glued on, "internationalisationand".
		 */
		len = strlen(u->it[at].s);
		sp = !only && len > 0 && u->it[at].s[len - 1] == ' ';
		it = unit_tag_at(u, at, MAPPA_ROLE_SPAN);
		it->actual = mappa_strdup(sp ? " " : "");
		unit_tag_at(u, at + (only ? 3 : 2), MAPPA_ROLE_SPAN)->k =
		    I_UNTAG;
	}
}

/*
 * Line j of a cell's or a signatory's lines ln[n], on a unit it shares
 * with the others of its row, at (x, y) [pt]: as a paragraph's line, a
 * space at its end (but after a hyphen or inside a cut word) and a word
 * hyphenated across lines reading whole, so that a screen reader hears
 * its words.
 */
static void
cellline(struct unit *u, const struct line *ln, size_t j, size_t n,
    double x, double y)
{
	size_t	 at = u->nit;

	textline(u, &ln[j], x, y);
	if (j + 1 < n && !ln[j].hyphen && !ln[j].cut && ln[j].nf > 0)
		spaceafter(&u->it[u->nit - 1], 1);
	hyphenspans(u, ln, j, n, at);
}

/*
 * Web and email addresses in the words of u (from item from on) become
 * links: the word is wrapped in a Link role with a link over the address
 * itself.  para.c keeps a word holding an address whole on one line, so
 * no link is carried over a line break.
 */
static void
addrlinks(struct ctx *c, struct unit *u, size_t from)
{
	struct ditem	*it, *lk, t;
	size_t		 i, b, e;
	char		*uri;
	double		 x, w, top, size;

	for (i = from; i < u->nit; i++) {
		it = &u->it[i];
		if (it->k != I_TEXT || it->s == NULL || mappa_link_next(it->s,
		    strlen(it->s), &b, &e, &uri) != 1)
			continue;
		size = it->size;
		x = it->x + mappa_font_width(c->fs, it->face, size, it->s, b);
		w = mappa_font_width(c->fs, it->face, size, it->s + b, e - b);
		top = it->y - 0.8 * size;	/* baseline less the ascent */
		/* Link open at i, the word at i + 1, the link at i + 2... */
		unit_tag_at(u, i, MAPPA_ROLE_LINK);
		lk = unit_item(u, I_LINK);
		lk->s = uri;
		lk->x = x;
		lk->w = w;
		lk->y = top;
		lk->h = size;
		t = *lk;
		memmove(&u->it[i + 3], &u->it[i + 2], (u->nit - 1 - (i + 2)) *
		    sizeof(*u->it));
		u->it[i + 2] = t;
		/* ...and the Link closed at i + 3 */
		unit_tag_at(u, i + 3, MAPPA_ROLE_LINK)->k = I_UNTAG;
		i += 3;
	}
}

/*
 * A line's last word ends with a space unless a hyphen ends it or it is
 * the first piece of a word cut between characters: lines
 * ln[n] are units first... of l, each ending with its last word.
 */
static void
linespaces(struct lay *l, size_t first, const struct line *ln, size_t n)
{
	size_t	 i;

	for (i = 0; i + 1 < n; i++)
		if (!ln[i].hyphen && !ln[i].cut && ln[i].nf > 0)
			spaceafter(&l->u[first + i].it[l->u[first + i].nit - 1],
			    1);
}

static void
paralines(struct lay *l, const struct line *ln, size_t n, double x0,
    const char *what)
{
	struct unit	*u;
	size_t		 i, first = l->nu;

	for (i = 0; i < n; i++) {
		u = newunit(l, ln[i].height);
		if (i == 1 || (i > 0 && i == n - 1))
			u->keep = 1;
		note(u, "%s line %zu/%zu width=%.2f ratio=%.3f%s%s", what,
		    i + 1, n, ln[i].width, ln[i].ratio,
		    ln[i].hyphen ? " hyphen" : "", ln[i].forced ? " break" :
		    "");
		textline(u, &ln[i], x0, 0);
	}
	linespaces(l, first, ln, n);
	for (i = 0; i < n; i++) {
		hyphenspans(&l->u[first + i], ln, i, n, 1);
		addrlinks(&l->c, &l->u[first + i], 0);
	}
}

static double
maxd(double a, double b)
{
	return a > b ? a : b;
}

/* Does the paragraph's text end with a colon (white space after it aside)? */
static int
leadin(const struct mappa_block *b)
{
	const char	*t;
	size_t		 n;

	if (b->nruns == 0 || (t = b->runs[b->nruns - 1].text) == NULL)
		return 0;
	for (n = strlen(t); n > 0 && strchr(" \t\n", t[n - 1]) != NULL; n--)
		continue;
	return n > 0 && t[n - 1] == ':';
}

static void
dopara(struct lay *l, const struct mappa_block *b, double x0, double measure,
    const char *what)
{
	struct line	*ln;
	struct ditem	*it;
	size_t		 n, first = l->nu;

	if (para_lines(&l->c, b->runs, b->nruns, l->d->page.font_size,
	    MAPPA_FACE_REGULAR, b->align, measure, &ln, &n) == -1)
		return;
	paralines(l, ln, n, x0, what);
	para_free(ln, n);
	if ((it = wrap(l, first, MAPPA_ROLE_P)) != NULL && b->lang != NULL)
		it->lang = mappa_strdup(b->lang);
	l->gap = l->d->page.para_space;
	/*
	 * "...the board ran these courses:" introduces what follows; left
	 * at the foot of a page while its table moved whole to the next,
	 * it reads as a sentence cut off.  Its last lines go with it.
	 */
	if (n > 0 && leadin(b) && l->next != NULL &&
	    (l->next->type == B_TABLE || l->next->type == B_LIST ||
	    l->next->type == B_CHART || l->next->type == B_CAPTION))
		l->keepnext = l->leadin = 1;
}

/*
 * A lead-in kept with a table that moves whole, or with a chart, could
 * make a chain taller than a page: pagination would then have to break
 * inside the table after all.  The table or chart (from unit first, its
 * caption's if it has one) matters more: it lets go of the lead-in.
 */
static void
leadinfits(struct lay *l, size_t first)
{
	double	 h = 0;
	size_t	 k;

	if (!l->leadin)
		return;
	l->leadin = 0;
	for (k = first; k < l->nu; k++)
		h += l->u[k].height + (k > first ? l->u[k].space : 0);
	for (k = first; k > 0 && l->u[k].keep; k--)
		h += l->u[k - 1].height + l->u[k].space;
	if (h > l->th - (l->boxdepth > 0 ? 2 * BOX_PAD : 0) + 1e-6)
		l->u[first].keep = 0;
}

/* The style table of the document. */
#define ST(l)	(&(l)->d->page.style)

/* A heading's size [pt] at level 1 to 3. */
static double
hsize(const struct lay *l, int level)
{
	return l->d->page.font_size * ST(l)->heading_scale[level - 1];
}

/*
 * A caption keeps with its table or chart: its lines hold together and
 * the next unit may not start a page without it.
 */
static void
docaption(struct lay *l, const struct mappa_block *b)
{
	struct line	*ln;
	struct unit	*u;
	struct ditem	*it;
	size_t		 i, n, first = l->nu;

	l->gap = maxd(l->gap, ST(l)->caption_before);
	if (para_lines(&l->c, b->runs, b->nruns, l->d->page.font_size *
	    ST(l)->table_scale, MAPPA_FACE_BOLD, b->align, l->tw, &ln, &n) ==
	    -1 ||
	    n == 0)
		return;
	for (i = 0; i < n; i++) {
		u = newunit(l, ln[i].height);
		if (i > 0)
			u->keep = 1;
		note(u, "caption line %zu/%zu", i + 1, n);
		textline(u, &ln[i], 0, 0);
	}
	linespaces(l, first, ln, n);
	para_free(ln, n);
	if ((it = wrap(l, first, MAPPA_ROLE_CAPTION)) != NULL &&
	    b->lang != NULL)
		it->lang = mappa_strdup(b->lang);
	/* the table or chart it names holds it (Table > Caption) */
	if (l->next != NULL && (l->next->type == B_TABLE ||
	    l->next->type == B_CHART)) {
		l->cap = b;
		l->capfirst = first;
	}
	l->gap = ST(l)->caption_after;
	l->keepnext = 1;
	l->captioned = 1;
	l->capblock = b;
}

static void
doheading(struct lay *l, const struct mappa_block *b)
{
	struct heading	*h = &l->hd[l->hdi];
	struct run	*runs;
	struct line	*ln;
	struct unit	*u;
	struct ditem	*it;
	size_t		 n, i, k = 0, first = l->nu;
	double		 sz = hsize(l, b->level);
	char		 buf[32];
	int		 rc;

	runs = mappa_calloc(b->nruns + 1, sizeof(*runs));
	if (h->num != NULL) {
		/* two no-break spaces keep the number on the title's line */
		snprintf(buf, sizeof(buf), "%s\xc2\xa0\xc2\xa0", h->num);
		runs[k].face = MAPPA_FACE_BOLD;
		runs[k++].text = buf;
	}
	for (i = 0; i < b->nruns; i++)
		runs[k++] = b->runs[i];
	l->gap = maxd(l->gap, ST(l)->heading_before[b->level - 1]);
	rc = para_lines(&l->c, runs, k, sz, MAPPA_FACE_BOLD, MAPPA_ALIGN_LEFT,
	    l->tw, &ln, &n);
	if (rc == 0) {
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
			textline(u, &ln[i], 0, 0);
		}
		linespaces(l, first, ln, n);
		para_free(ln, n);
	}
	free(runs);
	if ((it = wrap(l, first, MAPPA_ROLE_H1 + b->level - 1)) != NULL) {
		if (b->lang != NULL)
			it->lang = mappa_strdup(b->lang);
		/* a level 1 heading starts a section, ending the last */
		if (b->level == 1) {
			unit_tag_at(&l->u[first], 0, MAPPA_ROLE_SECT);
			if (l->sect)
				unit_tag_at(&l->u[first], 0,
				    MAPPA_ROLE_SECT)->k = I_UNTAG;
			l->sect = 1;
		}
	}
	l->hdi++;
	l->gap = ST(l)->heading_after;
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
	struct ditem	 m, *it;
	size_t		 first = l->nu;

	ind = b->numbered && b->nkids >= 10 ? 2.4 * fs : 1.8 * fs;
	l->gap = maxd(l->gap, ST(l)->list_before);
	for (i = 0; i < b->nkids; i++) {
		if (para_lines(&l->c, b->kids[i]->runs, b->kids[i]->nruns, fs,
		    MAPPA_FACE_REGULAR, b->kids[i]->align, l->tw - ind, &ln,
		    &n) == -1 || n == 0)
			continue;
		if (i > 0)
			l->gap = ST(l)->item_space;
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
		/* LI > Lbl (the mark), LBody (the lines) */
		m = u->it[--u->nit];
		unit_tag_at(u, 0, MAPPA_ROLE_LBODY);
		unit_tag_at(u, 0, MAPPA_ROLE_LBL)->k = I_UNTAG;
		unit_item(u, I_TEXT);
		memmove(&u->it[1], &u->it[0], (u->nit - 1) * sizeof(*u->it));
		u->it[0] = m;
		unit_tag_at(u, 0, MAPPA_ROLE_LBL);
		unit_tag_at(u, 0, MAPPA_ROLE_LI);
		unit_untag(&l->u[l->nu - 1]);
		unit_untag(&l->u[l->nu - 1]);
		para_free(ln, n);
	}
	if ((it = wrap(l, first, MAPPA_ROLE_L)) != NULL && b->lang != NULL)
		it->lang = mappa_strdup(b->lang);
	l->gap = l->d->page.para_space;
}

/*
 * A cell's role: header rows head their columns; a text first column
 * heads its row.
 */
static struct ditem *
celltag(const struct mappa_block *b, struct unit *u, size_t r, size_t c)
{
	struct ditem	*ct;

	ct = unit_tag(u, r < b->hrows || (c == 0 && b->ncols > 1 &&
	    b->hrows > 0 && b->colalign[0] != MAPPA_ALIGN_RIGHT) ?
	    MAPPA_ROLE_TH : MAPPA_ROLE_TD);
	if (ct->role == MAPPA_ROLE_TH)
		ct->scope = r < b->hrows ? MAPPA_SCOPE_COLUMN : MAPPA_SCOPE_ROW;
	return ct;
}

/* The first source line of a block's text, its cells' or items'. */
static unsigned long
blockline(const struct mappa_block *b)
{
	unsigned long	 n;
	size_t		 i;

	for (i = 0; i < b->nruns; i++)
		if (b->runs[i].line > 0)
			return b->runs[i].line;
	for (i = 0; i < b->nkids; i++)
		if ((n = blockline(b->kids[i])) > 0)
			return n;
	return b->line;
}

/*
 * Whether row r of a table stays on the page of the row before it.  What
 * comes before a table (its caption, a heading) is never left with fewer
 * than two of its rows after it, nor is a last row alone on a page; a
 * table that asks to be kept whole keeps every row.
 */
static int
rowkeep(const struct mappa_block *b, size_t r)
{
	if (r > 0 && b->keep)
		return 1;
	if (r < b->hrows)
		return r > 0;
	return r == b->hrows + 1 || (r == b->hrows && r > 0) ||
	    (r + 1 == b->nrows && r > b->hrows + 1);
}

/*
 * [pt] The height a body row can have on a page of its own: the page less
 * what pagination repeats above it (the header rows, set already from
 * hfirst, and the caption with "(continued)") and, in a box, its padding.
 */
static double
rowroom(struct lay *l, const struct mappa_block *b, size_t hfirst)
{
	struct line	*ln;
	double		 room = l->th;
	size_t		 k, n;

	for (k = 0; k < b->hrows && hfirst + k < l->nu; k++)
		room -= l->u[hfirst + k].height;
	if (l->captioned) {
		l->c.hush++;
		if (contlines(l, l->capblock, l->boxdepth > 0 ? l->boxtw :
		    l->tw, &ln, &n) == 0) {
			for (k = 0; k < n; k++)
				room -= ln[k].height;
			room -= ST(l)->caption_after;
			para_free(ln, n);
		}
		l->c.hush--;
	}
	if (l->boxdepth > 0)
		room -= 2 * BOX_PAD;
	return room;
}

/*
 * A body row taller than a page can hold (below its header and caption)
 * is set as bands, the i-th band holding the i-th line of every cell, so
 * that pagination can break it between lines as it breaks a paragraph:
 * nothing of it is cut.  It is still one TR with one element per cell:
 * a cell's first part opens its element with an id and each later part
 * resumes it, on whatever page it falls.  Band 0 carries the row's rule
 * and its keeps; a single line is not left alone at either end.
 */
static void
rowbands(struct lay *l, const struct mappa_block *b, size_t r, long tbl,
    size_t hfirst, struct line **lines, const size_t *nlines,
    const double *w, int keep)
{
	size_t		 i, c, nb = 0, ncell;
	long		*ids;
	double		 h, x, pady = ST(l)->cell_pady;
	struct unit	*u;
	struct ditem	*ct;

	ncell = (r + 1 < b->nrows ? b->rowstart[r + 1] : b->nkids) -
	    b->rowstart[r];
	for (c = 0; c < ncell; c++)
		if (nlines[c] > nb)
			nb = nlines[c];
	ids = mappa_calloc(ncell + 1, sizeof(*ids));
	for (i = 0; i < nb; i++) {
		for (h = 0, c = 0; c < ncell; c++)
			if (i < nlines[c] && lines[c][i].height > h)
				h = lines[c][i].height;
		u = newunit(l, h + (i == 0 ? pady + (r == 0) : 0) +
		    (i + 1 == nb ? pady : 0));
		u->tbl = tbl;
		u->row = r;
		u->band = i;
		u->tw = l->tw;
		if (b->hrows > 0) {
			u->hdr_first = (long)hfirst;
			u->hdr_n = b->hrows;
		}
		/* a page can't hold it whole: b->keep can't hold */
		if (i == 0)
			u->keep |= keep;
		else
			u->keep = i == 1 || i + 1 == nb;
		note(u, "table %ld row %zu/%zu band %zu/%zu height=%.2f", tbl,
		    r + 1, b->nrows, i + 1, nb, u->height);
		if (i == 0) {
			unit_tag(u, MAPPA_ROLE_ARTIFACT);
			if (r == 0)
				unit_line(u, 0, 0.4, l->tw, 0.4, 0.8, &black);
			else if (r > b->hrows)
				unit_line(u, 0, 0, l->tw, 0, 0.25, &light);
			unit_untag(u);
			unit_tag(u, MAPPA_ROLE_TR);
		}
		for (x = 0, c = 0; c < b->ncols; x += w[c], c++) {
			if (c >= ncell || (i > 0 && i >= nlines[c]))
				continue;
			ct = celltag(b, u, r, c);
			if (i == 0)
				ids[c] = ct->id = ++l->nid;
			else {
				ct->id = ids[c];
				ct->resume = 1;
			}
			if (i < nlines[c])
				cellline(u, lines[c], i, nlines[c], x +
				    ST(l)->cell_padx, i == 0 ? pady + (r == 0) :
				    0);
			unit_untag(u);
		}
		if (i + 1 == nb)
			unit_untag(u);
		addrlinks(&l->c, u, 0);
	}
	free(ids);
}

static void
dotable(struct lay *l, const struct mappa_block *b)
{
	double		*w, *nat, *mn, avail, sumn, summ, fs, nt, mt, fig, tmn;
	double		 x, rowh, y, padx, pady, room = 0;
	size_t		 r, c, k, first, last, nl, hfirst = l->nu;
	struct line	**lines;
	size_t		*nlines;
	struct unit	*u;
	struct ditem	*it;
	struct mappa_block *cell;
	enum mappa_face	 add;
	long		 tbl = l->ntbl++;

	fs = l->d->page.font_size * ST(l)->table_scale;
	padx = ST(l)->cell_padx;
	pady = ST(l)->cell_pady;
	if (l->captioned) {
		/* repeated on every later page of the table */
		l->contd = mappa_realloc(l->contd, (l->ncontd + 1) *
		    sizeof(*l->contd));
		l->contd[l->ncontd].tbl = tbl;
		l->contd[l->ncontd++].cap = l->capblock;
	}
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
			nat[c] = maxd(nat[c], nt + 2 * padx);
			mn[c] = maxd(mn[c], mt + 2 * padx);
		}
	}
	avail = l->tw;
	sumn = summ = 0;
	for (c = 0; c < b->ncols; c++) {
		if (b->colw[c] > 0) {
			/* room for the padding and a character, at least */
			w[c] = maxd(b->colw[c], 2 * padx + fs);
			if (w[c] > b->colw[c])
				mappa_diag_flaw(l->c.diag, l->c.final,
				    l->c.line, "table column "
				    "%zu is %.1f pt wide, too narrow for any "
				    "text: widened to %.1f pt", c + 1,
				    b->colw[c], w[c]);
			avail -= w[c];
		} else {
			sumn += nat[c];
			summ += mn[c];
		}
	}
	/* spare room goes to the text columns: figures stay compact */
	for (c = 0, nt = 0, fig = 0, tmn = 0; c < b->ncols; c++)
		if (b->colw[c] > 0)
			continue;
		else if (b->colalign[c] != MAPPA_ALIGN_RIGHT) {
			nt += nat[c];
			tmn += mn[c];
		} else
			fig += nat[c];
	for (c = 0; c < b->ncols; c++) {
		if (b->colw[c] > 0)
			continue;
		/* short of room, text wraps first: a figure never does */
		if (sumn > avail && nt > tmn && tmn + fig <= avail)
			w[c] = b->colalign[c] == MAPPA_ALIGN_RIGHT ? nat[c] :
			    mn[c] + (avail - fig - tmn) * (nat[c] - mn[c]) /
			    (nt - tmn);
		else if (sumn <= avail && nt > 0)
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
	/*
	 * Columns narrower than their longest word: the words are broken
	 * between characters, said once for the table, not once a cell.
	 */
	for (c = 0; c < b->ncols; c++)
		if (w[c] + 0.01 < mn[c]) {
			mappa_diag_flaw(l->c.diag, l->c.final, l->c.line,
			    "a table's column %zu of "
			    "%zu is %.1f pt wide, its longest word %.1f pt: "
			    "words broken between characters", c + 1,
			    b->ncols, w[c], mn[c]);
			l->c.hush = 1;
			break;
		}
	lines = mappa_calloc(b->ncols, sizeof(*lines));
	nlines = mappa_calloc(b->ncols, sizeof(*nlines));
	if (!l->captioned)
		l->gap = maxd(l->gap, ST(l)->table_before);
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
			    w[c] - 2 * padx, &lines[c], &nlines[c]);
			for (y = 0, nl = 0; nl < nlines[c]; nl++)
				y += lines[c][nl].height;
			rowh = maxd(rowh, y);
		}
		rowh += 2 * pady;
		if (r == 0)
			rowh += 1;	/* room for the top rule */
		if (r == b->hrows)
			room = rowroom(l, b, hfirst);
		if (r >= b->hrows && rowh > room + 1e-6) {
			rowbands(l, b, r, tbl, hfirst, lines, nlines, w,
			    rowkeep(b, r));
			for (c = 0; c < last - first; c++) {
				para_free(lines[c], nlines[c]);
				lines[c] = NULL;
				nlines[c] = 0;
			}
			if (r + 1 == b->nrows)
				wrap(l, hfirst + b->hrows, MAPPA_ROLE_TBODY);
			continue;
		}
		u = newunit(l, rowh);
		u->tbl = tbl;
		u->row = r;
		u->tw = l->tw;
		u->is_hdr = r < b->hrows;
		u->keep |= rowkeep(b, r);
		if (r >= b->hrows && b->hrows > 0) {
			u->hdr_first = (long)hfirst;
			u->hdr_n = b->hrows;
		}
		note(u, "table %ld row %zu/%zu%s height=%.2f", tbl, r + 1,
		    b->nrows, r < b->hrows ? " header" : "", rowh);
		y = r == 0 ? 1 : 0;
		unit_tag(u, MAPPA_ROLE_ARTIFACT);
		if (r == 0)
			unit_line(u, 0, 0.4, l->tw, 0.4, 0.8, &black);
		else if (r > b->hrows)
			unit_line(u, 0, 0, l->tw, 0, 0.25, &light);
		if (r + 1 == b->hrows)
			unit_line(u, 0, rowh, l->tw, rowh, 0.5, &black);
		unit_untag(u);
		unit_tag(u, MAPPA_ROLE_TR);
		for (x = 0, c = 0; c < b->ncols; c++) {
			double cy = y + pady;

			if (c < last - first)
				celltag(b, u, r, c);

			for (nl = 0; c < last - first && nl < nlines[c];
			    nl++) {
				cellline(u, lines[c], nl, nlines[c], x + padx,
				    cy);
				cy += lines[c][nl].height;
			}
			if (c < last - first) {
				para_free(lines[c], nlines[c]);
				unit_untag(u);
			}
			lines[c] = NULL;
			nlines[c] = 0;
			x += w[c];
		}
		unit_untag(u);
		addrlinks(&l->c, u, 0);
		if (r + 1 == b->hrows)
			wrap(l, hfirst, MAPPA_ROLE_THEAD);
		if (r + 1 == b->nrows && b->nrows > b->hrows)
			wrap(l, hfirst + b->hrows, MAPPA_ROLE_TBODY);
	}
	l->c.hush = 0;
	/*
	 * A table that fits on a page by itself is never split: broken, it
	 * would leave a row or two and its total alone after "(continued)".
	 * It moves whole to the next page instead; a longer one keeps two
	 * body rows at least on each side of a break (rowkeep).
	 */
	first = l->cap != NULL ? l->capfirst : hfirst;
	for (y = 0, k = first; k < l->nu; k++)
		y += l->u[k].height + (k > first ? l->u[k].space : 0);
	if (y <= l->th - (l->boxdepth > 0 ? 2 * BOX_PAD : 0) + 1e-6) {
		for (k = hfirst + 1; k < l->nu; k++)
			l->u[k].keep = 1;
		leadinfits(l, first);
	}
	l->leadin = 0;
	it = wrap(l, l->cap != NULL ? l->capfirst : hfirst, MAPPA_ROLE_TABLE);
	if (it != NULL && b->lang != NULL)
		it->lang = mappa_strdup(b->lang);
	l->cap = NULL;
	free(lines);
	free(nlines);
	free(w);
	free(nat);
	free(mn);
	l->gap = ST(l)->block_after;
}

static void
dotoc(struct lay *l, const struct mappa_block *b)
{
	struct run	 run[2] = {{0}, {0}};	/* lang NULL: the document's */
	struct line	*ln;
	size_t		 i, n, k;
	struct unit	*u;
	struct ditem	*it;
	double		 ind, x, fs = l->d->page.font_size, dot, numw;
	enum mappa_face	 f;
	char		 buf[32], lead[512];
	size_t		 tocfirst, efirst, j;
	int		 rc;

	if (b->title != NULL) {
		l->gap = maxd(l->gap, ST(l)->heading_before[0]);
		u = newunit(l, hsize(l, 1) * l->d->page.leading);
		/* the contents are no part of the section before them */
		if (l->sect)
			unit_untag(u);
		l->sect = 0;
		unit_tag(u, MAPPA_ROLE_H1);
		note(u, "contents title");
		it = unit_item(u, I_OUTLINE);
		it->level = 1;
		it->s = mappa_strdup(b->title);
		unit_text(&l->c, u, MAPPA_FACE_BOLD, hsize(l, 1), 0,
		    (u->height - hsize(l, 1)) / 2 + 0.8 * hsize(l, 1),
		    b->title);
		unit_untag(u);
		l->gap = 8;	/* the title and the first entry */
		l->keepnext = 1;
	}
	/* a leader cell is a dot and a space, on a grid of its own */
	dot = mappa_font_width(l->c.fs, MAPPA_FACE_REGULAR, fs, ". ", 2);
	/* the leaders stop a space before the widest page number */
	numw = mappa_font_width(l->c.fs, MAPPA_FACE_BOLD, fs, "00 ", 3);
	/* the contents list what follows them, not a cover's title */
	tocfirst = l->nu;
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
			run[k].lang = NULL;
			run[k++].text = buf;
		}
		/*
		 * The title is in its heading's language, a passage of it
		 * (a Span, its own patterns); the entry's number and its
		 * link's description ("..., tudalen 6") are the document's.
		 */
		run[k].face = f;
		run[k].size = 0;
		run[k].lang = (char *)l->hd[i].lang;	/* borrowed */
		run[k++].text = l->hd[i].title;
		if (l->hd[i].level == 1)
			l->gap = maxd(l->gap, 4);
		rc = para_lines(&l->c, run, k, fs, MAPPA_FACE_REGULAR,
		    MAPPA_ALIGN_LEFT, l->tw - ind - TOC_NUMW - 8, &ln, &n);
		if (rc == -1 || n == 0)
			continue;
		efirst = l->nu;
		paralines(l, ln, n, ind, "contents");
		u = &l->u[l->nu - 1];
		/*
		 * The leaders are an artifact: without a space the title
		 * would read glued to its page number, "Introduction2".
		 */
		for (j = u->nit; j > 0 && u->it[j - 1].k != I_TEXT; j--)
			continue;
		if (j > 0 && (k = strlen(u->it[j - 1].s)) > 0 &&
		    u->it[j - 1].s[k - 1] != ' ')
			spaceafter(&u->it[j - 1], 0);
		/* leaders on a grid of their own, so they line up */
		x = ind + ln[n - 1].width + dot;
		x = ceil(x / dot) * dot;
		/* k counts characters, two to a cell: run up to the numbers */
		for (k = 0; x + (k / 2 + 1) * dot < l->tw - numw &&
		    k + 2 < sizeof(lead); k += 2) {
			lead[k] = '.';
			lead[k + 1] = ' ';
		}
		lead[k] = '\0';
		if (k > 0) {
			unit_tag(u, MAPPA_ROLE_ARTIFACT);
			unit_text(&l->c, u, MAPPA_FACE_REGULAR, fs, x,
			    ln[n - 1].baseline, lead);
			unit_untag(u);
		}
		it = unit_item(u, I_REF);
		it->face = f;
		it->size = fs;
		it->x = l->tw;
		it->y = ln[n - 1].baseline;
		it->ref = (long)i;
		/*
		 * TOCI > Reference > Link: each line of the entry takes the
		 * reader there (a TOCI holds Lbl, Reference, NonStruct, P or
		 * TOC, ISO 32000-1 14.8.4.3.2, not a Link itself)
		 */
		for (j = efirst; j < l->nu; j++) {
			it = unit_item(&l->u[j], I_LINK);
			it->x = ind;
			it->w = l->tw - ind;
			it->h = l->u[j].height;
			it->ref = (long)i;
		}
		wrap(l, efirst, MAPPA_ROLE_LINK);
		wrap(l, efirst, MAPPA_ROLE_REFERENCE);
		wrap(l, efirst, MAPPA_ROLE_TOCI);
		para_free(ln, n);
	}
	wrap(l, tocfirst, MAPPA_ROLE_TOC);
	l->gap = ST(l)->contents_after;
}

#define NCODE	0x110000	/* every Unicode code point */

/*
 * Warn once for each character the font lacks, naming the source line
 * where it is known: the PDF would show a gap or a space (libharu sets
 * only the Basic Multilingual Plane), and the reader would not know.
 */
static void
glyphs(struct lay *l, enum mappa_face f, const char *s, unsigned long line)
{
	size_t	 len = strlen(s), i = 0;
	uint32_t cp;

	while (i < len) {
		cp = mappa_utf8_next(s, len, &i);
		/* controls, breaks and soft hyphens are never printed */
		if (cp < 0x20 || cp == 0x2028 || cp == 0xad ||
		    (l->missing[cp / 8] & (1u << (cp % 8))) ||
		    mappa_font_has(l->c.fs, f, cp))
			continue;
		l->missing[cp / 8] |= 1u << (cp % 8);
		mappa_diag_flaw(l->c.diag, l->c.final, line, "no glyph for "
		    "U+%04X in the font \"%s\": it would not be printed",
		    (unsigned)cp, l->d->page.family);
	}
}

/* The characters of a block and its cells or items, in their faces. */
static void
blockglyphs(struct lay *l, const struct mappa_block *b, enum mappa_face add)
{
	size_t	 i, r = 0;

	for (i = 0; i < b->nruns; i++)
		glyphs(l, (enum mappa_face)(b->runs[i].face | add),
		    b->runs[i].text, b->runs[i].line);
	for (i = 0; i < b->nkids; i++) {
		if (b->type == B_TABLE)
			while (r + 1 < b->nrows && b->rowstart[r + 1] <= i)
				r++;
		blockglyphs(l, b->kids[i], b->type == B_TABLE && r < b->hrows ?
		    MAPPA_FACE_BOLD : add);
	}
	if (b->title != NULL)
		glyphs(l, MAPPA_FACE_BOLD, b->title, b->line);
	for (i = 0; i < b->ncats; i++)
		glyphs(l, MAPPA_FACE_REGULAR, b->cats[i], b->line);
	for (i = 0; i < b->nser; i++)
		glyphs(l, MAPPA_FACE_REGULAR, b->ser[i].name, b->line);
	if (b->xlabel != NULL)
		glyphs(l, MAPPA_FACE_ITALIC, b->xlabel, b->line);
	if (b->ylabel != NULL)
		glyphs(l, MAPPA_FACE_ITALIC, b->ylabel, b->line);
}

static void	plaintext(const struct mappa_block *, char **);

/* Append to a string grown on the heap; *n is its length. */
static void
cat(char **s, size_t *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void
cat(char **s, size_t *n, const char *fmt, ...)
{
	va_list	 ap;
	int	 k;

	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	*s = mappa_realloc(*s, *n + (size_t)k + 1);
	va_start(ap, fmt);
	vsnprintf(*s + *n, (size_t)k + 1, fmt, ap);
	va_end(ap);
	*n += (size_t)k;
}

/*
 * A chart's text alternative (the caller frees it), its figures in
 * words: "Bar chart: CAPTION. Category 1: level 1 561, level 2 12; ...".
 */
static char *
chart_alt(const struct mappa_block *b, const struct mappa_block *cap,
    const char *lang)
{
	char	*s = NULL, *t = NULL;
	size_t	 n = 0, i, k;

	cat(&s, &n, "%s", mappa_msg(lang, b->chart == MAPPA_CHART_LINE ?
	    MAPPA_MSG_LINE_CHART : MAPPA_MSG_BAR_CHART));
	if (cap != NULL)
		plaintext(cap, &t);
	if (t != NULL && *t != '\0')
		cat(&s, &n, ": %s", t);
	else if (b->title != NULL)
		cat(&s, &n, ": %s", b->title);
	free(t);
	if (b->ylabel != NULL)
		cat(&s, &n, " (%s%s%s)", b->ylabel, b->xlabel != NULL ?
		    mappa_msg(lang, MAPPA_MSG_CHART_BY) : "", b->xlabel !=
		    NULL ? b->xlabel : "");
	cat(&s, &n, ".");
	for (i = 0; i < b->ncats; i++) {
		cat(&s, &n, "%s %s:", i == 0 ? "" : ";", b->cats[i]);
		for (k = 0; k < b->nser; k++)
			if (i < b->ser[k].n && isnan(b->ser[k].v[i]))
				cat(&s, &n, "%s%s%s %s", k == 0 ? "" : ",",
				    b->nser > 1 ? " " : "", b->nser > 1 ?
				    b->ser[k].name : "", mappa_msg(lang,
				    MAPPA_MSG_NOT_APPLICABLE));
			else if (i < b->ser[k].n)
				cat(&s, &n, "%s%s%s %.10g", k == 0 ? "" : ",",
				    b->nser > 1 ? " " : "", b->nser > 1 ?
				    b->ser[k].name : "", b->ser[k].v[i]);
	}
	if (b->ncats > 0)
		cat(&s, &n, ".");
	return s;
}

/* ------------------------------------------------------------------ */
/* Images, logo rows, signatures and boxed panels (image.c builds them). */

#define SIG_HEIGHT	34.0	/* [pt] a signature image's height */
#define SIG_COLS	3	/* signatories in a row */

static const struct mappa_color box_tint = { 0.925, 0.945, 0.97 };
static const struct mappa_color box_rule = { 0.28, 0.38, 0.55 };

static void
imageitem(struct unit *u, const struct mappa_image *im, const char *alt,
    const char *lang, double x, double y, double w, double h)
{
	struct ditem *it = unit_item(u, I_IMAGE);

	if (lang != NULL)
		it->lang = mappa_strdup(lang);
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

/*
 * [pt] The height a picture, a logo row or a chart can have: the page,
 * less the caption kept with it (set already, from capfirst) and, in a
 * box, the box's padding.  What is taller is scaled down to it.
 */
static double
pictroom(const struct lay *l)
{
	double	 room = l->th;
	size_t	 k;

	if (l->cap != NULL)
		for (k = l->capfirst; k < l->nu; k++)
			room -= l->u[k].height + (k > l->capfirst ?
			    l->u[k].space : 0);
	if (l->captioned)
		room -= l->gap;
	if (l->boxdepth > 0)
		room -= 2 * BOX_PAD;
	return room > 36 ? room : 36;
}

static void
doimage(struct lay *l, const struct mappa_block *b)
{
	const struct mappa_image *im = b->imgs[0];
	struct unit	*u;
	double		 w, h, x = 0;

	w = b->width > 0 && b->width < l->tw ? b->width : l->tw;
	h = w * im->height / im->width;
	if (h > pictroom(l)) {	/* a tall picture is fitted to the page */
		mappa_diag_warning(l->c.diag, l->c.line, "an image %.1f pt "
		    "tall is taller than a page holds: scaled to %.1f pt",
		    h, pictroom(l));
		w *= pictroom(l) / h;
		h = pictroom(l);
	}
	if (b->align == MAPPA_ALIGN_CENTRE)
		x = (l->tw - w) / 2;
	else if (b->align == MAPPA_ALIGN_RIGHT)
		x = l->tw - w;
	l->gap = maxd(l->gap, l->d->page.para_space);
	u = newunit(l, h);
	note(u, "image %u %.2fx%.2f", im->id, w, h);
	imageitem(u, im, b->alts[0], b->lang, x, 0, w, h);
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
	if (h * scale > pictroom(l)) {
		mappa_diag_warning(l->c.diag, l->c.line, "a row of logos "
		    "%.1f pt tall is taller than a page holds: scaled to "
		    "%.1f pt", h * scale, pictroom(l));
		scale = pictroom(l) / h;
	}
	h *= scale;
	gap *= scale;
	x = (l->tw - total * scale) / 2;
	l->gap = maxd(l->gap, l->d->page.para_space);
	u = newunit(l, h);
	note(u, "logos %zu height=%.2f", b->nimgs, h);
	for (i = 0; i < b->nimgs; i++) {
		imageitem(u, b->imgs[i], b->alts[i], b->lang, x, 0,
		    img_width(b->imgs[i], h), h);
		x += img_width(b->imgs[i], h) + gap;
	}
	l->gap = l->d->page.para_space;
}

/* Signatory i's signature, if any, in its column colw [pt] wide. */
static void
sigimage(struct unit *u, const struct mappa_block *b, size_t i,
    double colw)
{
	double	 h = SIG_HEIGHT, iw, x = (double)(i % SIG_COLS) * colw;

	if (b->imgs[i] == NULL)
		return;
	iw = img_width(b->imgs[i], h);
	if (iw > colw - 12) {
		h *= (colw - 12) / iw;
		iw = colw - 12;
	}
	imageitem(u, b->imgs[i], b->alts[i], b->lang, x, SIG_HEIGHT - h, iw,
	    h);
}

/*
 * A signatory's words are a P of their own, in the block's language;
 * one that runs over bands (sigbands) is one P, its first part opened
 * with an id and each later part resuming it, as a table cell's.
 */
static void
sigtag(struct lay *l, struct unit *u, const struct mappa_block *b, long *id)
{
	struct ditem	*it = unit_tag(u, MAPPA_ROLE_P);

	if (b->lang != NULL)
		it->lang = mappa_strdup(b->lang);
	if (id == NULL)
		return;
	if (*id == 0)
		*id = it->id = ++l->nid;
	else {
		it->id = *id;
		it->resume = 1;
	}
}

/*
 * A row of signatories whose text is taller than a page is set as bands,
 * the signatures and every column's first line in the first, the i-th
 * lines in the i-th, so that pagination breaks it between lines: n[c]
 * lines ln[c] of column c, images above them when top > 0.
 */
static void
sigbands(struct lay *l, const struct mappa_block *b, size_t first,
    size_t ncell, struct line **ln, const size_t *n, double colw, double top)
{
	struct unit	*u;
	size_t		 i, c, nb = 1;
	double		 h;
	long		 ids[SIG_COLS] = { 0 };

	for (c = 0; c < ncell; c++)
		if (n[c] > nb)
			nb = n[c];
	for (i = 0; i < nb; i++) {
		for (h = 0, c = 0; c < ncell; c++)
			if (i < n[c] && ln[c][i].height > h)
				h = ln[c][i].height;
		u = newunit(l, h + (i == 0 ? top : 0));
		u->keep |= i == 1 || (i > 0 && i + 1 == nb);
		for (c = 0; c < ncell; c++) {
			if (i == 0)
				sigimage(u, b, first + c, colw);
			if (i < n[c]) {
				sigtag(l, u, b, &ids[c]);
				cellline(u, ln[c], i, n[c], (double)c * colw,
				    i == 0 ? top : 0);
				unit_untag(u);
			}
		}
		note(u, "signatures band %zu/%zu height=%.2f", i + 1, nb,
		    u->height);
	}
}

static void
dosigs(struct lay *l, const struct mappa_block *b)
{
	struct line	*ln[SIG_COLS];
	struct unit	*u;
	size_t		 row, first, i, c, n[SIG_COLS], nrows, ncols, ncell;
	double		 colw, y, top, rowh, fs = l->d->page.font_size;

	if (b->nkids == 0)
		return;
	ncols = b->nkids < SIG_COLS ? b->nkids : SIG_COLS;
	colw = l->tw / (double)ncols;
	nrows = (b->nkids + SIG_COLS - 1) / SIG_COLS;
	l->gap = maxd(l->gap, 14);
	for (row = 0; row < nrows; row++) {
		first = row * SIG_COLS;
		ncell = b->nkids - first < SIG_COLS ? b->nkids - first :
		    SIG_COLS;
		for (top = 0, c = 0; c < ncell; c++)
			if (b->imgs[first + c] != NULL)
				top = SIG_HEIGHT + 4;
		rowh = top;
		for (c = 0; c < ncell; c++) {
			i = first + c;
			if (para_lines(&l->c, b->kids[i]->runs,
			    b->kids[i]->nruns, fs, MAPPA_FACE_REGULAR,
			    MAPPA_ALIGN_LEFT, colw - 12, &ln[c], &n[c]) == -1) {
				ln[c] = NULL;
				n[c] = 0;
			}
			for (y = top, i = 0; i < n[c]; i++)
				y += ln[c][i].height;
			rowh = maxd(rowh, y);
		}
		if (row > 0)
			l->keepnext = 1;
		if (rowh > pictroom(l) + 1e-6)
			sigbands(l, b, first, ncell, ln, n, colw, top);
		else {
			u = newunit(l, rowh);
			for (c = 0; c < ncell; c++) {
				sigimage(u, b, first + c, colw);
				if (n[c] == 0)
					continue;
				sigtag(l, u, b, NULL);
				for (y = top, i = 0; i < n[c]; i++) {
					cellline(u, ln[c], i, n[c],
					    (double)c * colw, y);
					y += ln[c][i].height;
				}
				unit_untag(u);
			}
			note(u, "signatures row %zu/%zu height=%.2f", row + 1,
			    nrows, rowh);
		}
		for (c = 0; c < ncell; c++)
			para_free(ln[c], n[c]);
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
 * A box taller than a page keeps its units in the flow, so that it is
 * broken across pages as its text would be: each is drawn dx to the
 * right, the first BOX_PAD lower, the last BOX_PAD taller; pagination
 * keeps BOX_PAD free above and below a break inside it, and emit() draws
 * the tint, bar and frame of each page's part, the frame open at a break.
 */
static void
boxsplit(struct lay *l)
{
	size_t	 j, k, start = l->boxstart;
	struct unit *u;

	for (j = start; j < l->nu; j++) {
		u = &l->u[j];
		u->dx = BOX_BAR + BOX_PAD;
		u->box = l->nbox;
		u->boxfirst = j == start;
		u->boxlast = j + 1 == l->nu;
	}
	u = &l->u[start];
	for (k = 0; k < u->nit; k++)
		shift(&u->it[k], 0, BOX_PAD);
	u->height += BOX_PAD;
	u->space = l->boxgap;
	u->keep |= l->boxkeep;
	u->brk |= l->boxbrk;
	l->u[l->nu - 1].height += BOX_PAD;
	note(u, "box %ld split", l->nbox);
	l->nbox++;
	l->gap = 12;
}

/*
 * The units set inside the box become one unit, which pagination can't
 * break: the box is kept whole.  A table inside it is closed here, as
 * emit() closes one at a page's end.  A box taller than a page is split
 * instead (boxsplit).
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
	for (j = start; j < l->nu; j++)
		y += (j > start ? l->u[j].space : 0) + l->u[j].height;
	if (start < l->nu && y + BOX_PAD > l->th + 1e-6) {
		boxsplit(l);
		return;
	}
	y = BOX_PAD;
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
setblock(struct lay *l, const struct mappa_block *b)
{
	struct unit	*u;
	struct ditem	*it;

	blockglyphs(l, b, b->type == B_HEADING || b->type == B_CAPTION ?
	    MAPPA_FACE_BOLD : MAPPA_FACE_REGULAR);
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
			l->gap = maxd(l->gap, ST(l)->chart_before);
		/*
		 * A line chart is as tall as it is told: one taller than
		 * a page is drawn as tall as the page.  A bar chart is as
		 * tall as its bars; one taller than a page can't be placed.
		 */
		if (b->chart == MAPPA_CHART_LINE && b->height > pictroom(l)) {
			struct mappa_block fit = *b;

			mappa_diag_warning(l->c.diag, l->c.line, "a chart "
			    "%.1f pt tall is taller than a page holds: drawn "
			    "%.1f pt tall", b->height, pictroom(l));
			fit.height = pictroom(l);
			u = newunit(l, fit.height);
			u->height = chart_draw(&l->c, &fit, l->tw, u);
		} else {
			u = newunit(l, b->height);
			u->height = chart_draw(&l->c, b, l->tw, u);
		}
		note(u, "chart height=%.2f", u->height);
		leadinfits(l, l->cap != NULL ? l->capfirst : l->nu - 1);
		it = wrap(l, l->cap != NULL ? l->capfirst : l->nu - 1,
		    MAPPA_ROLE_FIGURE);
		it->alt = b->alt != NULL ? mappa_strdup(b->alt) :
		    chart_alt(b, l->cap, b->lang != NULL ? b->lang :
		    l->d->lang);
		if (b->lang != NULL)
			it->lang = mappa_strdup(b->lang);
		l->cap = NULL;
		l->gap = ST(l)->block_after;
		break;
	case B_RULE:
		u = newunit(l, ST(l)->rule_height);
		note(u, "rule");
		unit_tag(u, MAPPA_ROLE_ARTIFACT);
		unit_line(u, 0, u->height / 2, l->tw, u->height / 2, 0.5,
		    &grey);
		unit_untag(u);
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

/*
 * Set a block, its messages naming the file its lines are in: the board
 * file's words are warned of with its name, not the template's.
 */
static void
doblock(struct lay *l, const struct mappa_block *b)
{
	const char	*file = l->c.diag->file;
	HyphenDict	*hyph = l->c.hyph;

	if (b->file != NULL)
		l->c.diag->file = b->file;
	l->c.file = l->c.diag->file;
	l->c.line = blockline(b);
	l->c.kind = b->type;
	/* a lead-in holds on through its caption to its table or chart */
	if (b->type != B_CAPTION && b->type != B_TABLE && b->type != B_CHART)
		l->leadin = 0;
	/*
	 * A block in another language than the document's (a paragraph's
	 * own, a draft's slot in English) breaks by that language's
	 * patterns, its cells, items and signatories too.
	 */
	if (b->lang != NULL)
		l->c.hyph = hyph_get(&l->c, b->lang);
	setblock(l, b);
	l->c.hyph = hyph;
	l->c.diag->file = file;
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
		l->hd[l->nhd].lang = b->lang;
		plaintext(b, &l->hd[l->nhd].title);
		if (b->numbered) {
			mappa_heading_number(cnt, lv, buf, sizeof(buf));
			l->hd[l->nhd].num = mappa_strdup(buf);
		}
		l->nhd++;
	}
}

/*
 * The caption of a table, with "(continued)", as units out of the flow:
 * paginate places them above the repeated header on each later page.
 */
/* The lines of a table's caption with "(continued)", measure [pt] wide. */
static int
contlines(struct lay *l, const struct mappa_block *cap, double measure,
    struct line **ln, size_t *n)
{
	struct run	*runs;
	size_t		 k;
	int		 rc;

	runs = mappa_calloc(cap->nruns + 1, sizeof(*runs));
	for (k = 0; k < cap->nruns; k++)
		runs[k] = cap->runs[k];
	runs[k].face = MAPPA_FACE_REGULAR;
	/* in the caption's words' language: it is tagged so */
	runs[k++].text = (char *)mappa_msg(cap->lang != NULL ? cap->lang :
	    l->d->lang, MAPPA_MSG_CONTINUED);
	rc = para_lines(&l->c, runs, k, l->d->page.font_size *
	    ST(l)->table_scale, MAPPA_FACE_BOLD, cap->align, measure, ln, n);
	free(runs);
	return rc;
}

static void
continued(struct lay *l)
{
	const struct mappa_block *cap;
	struct line	*ln;
	struct unit	*u;
	size_t		 i, j, k, n, first;
	long		 box;
	double		 dx;
	HyphenDict	*hyph = l->c.hyph;
	int		 rc;

	for (i = 0; i < l->ncontd; i++) {
		cap = l->contd[i].cap;
		first = l->nu;
		l->gap = 0;
		/* in a box split across pages, it is in the box */
		for (j = 0, box = -1, dx = 0; j < l->nflow; j++)
			if (l->u[j].tbl == l->contd[i].tbl) {
				box = l->u[j].box;
				dx = l->u[j].dx;
				break;
			}
		/* broken as rowroom() measured it: by its own patterns */
		if (cap->lang != NULL)
			l->c.hyph = hyph_get(&l->c, cap->lang);
		rc = contlines(l, cap, box >= 0 ? l->tw - 2 * BOX_PAD -
		    BOX_BAR : l->tw, &ln, &n);
		l->c.hyph = hyph;
		if (rc == 0) {
			for (k = 0; k < n; k++) {
				/* (newunit moves l->u: no pointer into it) */
				u = newunit(l, ln[k].height);
				u->box = box;
				u->dx = dx;
				note(u, "caption (continued) line %zu/%zu",
				    k + 1, n);
				/*
				 * A reminder on a later page: read once, where
				 * the caption is, as the repeated header is.
				 */
				unit_tag(u, MAPPA_ROLE_ARTIFACT);
				textline(u, &ln[k], 0, 0);
				unit_untag(u);
			}
			/* the caption's own space below it */
			if (n > 0)
				l->u[l->nu - 1].height +=
				    ST(l)->caption_after;
			para_free(ln, n);
		}
		for (j = 0; j < l->nflow; j++)
			if (l->u[j].tbl == l->contd[i].tbl) {
				l->u[j].cont_first = (long)first;
				l->u[j].cont_n = l->nu - first;
			}
	}
}

static void
place(struct lay *l, struct page *p, size_t unit, double y)
{
	p->p = mappa_grow(p->p, &p->cap, p->n + 1, sizeof(*p->p));
	p->p[p->n].unit = unit;
	p->p[p->n].rep = 0;
	p->p[p->n++].y = y;
}

/*
 * A page that starts with this unit starts in the middle of a table: a
 * later body row, or a later band of lines of a row taller than a page.
 */
static int
midtable(const struct unit *u)
{
	return u->tbl >= 0 && !u->is_hdr && (u->row > 0 || u->band > 0);
}

/* A page that starts with this unit starts in the middle of a box. */
static int
midbox(const struct unit *u)
{
	return u->box >= 0 && !u->boxfirst;
}

/* The height of what is repeated above the rows: caption and header. */
static double
hdrheight(const struct lay *l, const struct unit *u)
{
	double	 h = 0;
	size_t	 k;

	for (k = 0; k < u->hdr_n && u->hdr_first >= 0; k++)
		h += l->u[u->hdr_first + k].height;
	for (k = 0; k < u->cont_n && u->cont_first >= 0; k++)
		h += l->u[u->cont_first + k].height;
	return h;
}

/* What a unit that can't be placed is part of, and how to mend it. */
static const struct {
	const char	*what, *fix;
} kinds[] = {
	[B_HEADING] = { "a heading", "shorten it" },
	[B_PARA] = { "a line", "make the page or its margins larger" },
	[B_LIST] = { "a list item's line", "make the page larger" },
	[B_TABLE] = { "a table's header", "shorten the header rows" },
	[B_CHART] = { "a chart", "give it fewer categories or series, or "
	    "split it in two" },
	[B_RULE] = { "a rule", "make the page larger" },
	[B_SPACE] = { "a space", "make it smaller" },
	[B_BREAK] = { "a page break", "make the page larger" },
	[B_TOC] = { "the contents' line", "make the page larger" },
	[B_CAPTION] = { "a caption with its table", "shorten the caption or "
	    "the table's header" },
	[B_IMAGE] = { "an image", "make the page larger" },
	[B_LOGOS] = { "a row of logos", "make the page larger" },
	[B_SIGS] = { "a signatory's line", "make the page larger" },
	[B_BOX] = { "a box", "shorten it" },
	[B_BOXEND] = { "a box", "shorten it" },
};

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

	while (i < l->nflow) {
		l->pg = mappa_realloc(l->pg, (l->npg + 1) * sizeof(*l->pg));
		p = &l->pg[l->npg++];
		memset(p, 0, sizeof(*p));
		top = (midtable(&l->u[i]) ? hdrheight(l, &l->u[i]) : 0) +
		    (midbox(&l->u[i]) ? BOX_PAD : 0);
		y = top;
		legal = -1;
		brk = l->nflow;
		for (j = i; j < l->nflow; j++) {
			u = &l->u[j];
			if (j > i && u->brk) {
				brk = j;
				break;
			}
			sp = j == i ? 0 : u->space;
			/* a box broken here keeps its padding below */
			if (y + sp + u->height + (u->box >= 0 && !u->boxlast ?
			    BOX_PAD : 0) > l->th + 1e-6) {
				if (j == i) {
					/*
					 * Everything taller than a page was
					 * split or scaled: what is left can't
					 * be placed whole, and is not cut.
					 */
					const char *f = l->c.diag->file;

					if (u->file != NULL)
						l->c.diag->file = u->file;
					mappa_diag_error(l->c.diag, u->line,
					    "%s %.1f pt tall does not fit on a "
					    "page (%.1f pt) and can't be split: "
					    "%s", kinds[u->kind].what, u->height,
					    l->th - top, kinds[u->kind].fix);
					l->c.diag->file = f;
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
		y = midbox(&l->u[i]) ? BOX_PAD : 0;
		if (midtable(&l->u[i]))
			for (k = 0; k < l->u[i].cont_n; k++) {
				place(l, p, (size_t)l->u[i].cont_first + k, y);
				y += l->u[l->u[i].cont_first + k].height;
			}
		if (midtable(&l->u[i]) && l->u[i].hdr_first >= 0)
			for (k = 0; k < l->u[i].hdr_n; k++) {
				place(l, p, (size_t)l->u[i].hdr_first + k, y);
				p->p[p->n - 1].rep = 1;
				y += l->u[l->u[i].hdr_first + k].height;
			}
		for (j = i; j < brk; j++) {
			if (j > i)
				y += l->u[j].space;
			place(l, p, j, y);
			if (l->u[j].heading >= 0) {
				l->hd[l->u[j].heading].page = (int)l->npg;
				l->hd[l->u[j].heading].y = y;
			}
			y += l->u[j].height;
		}
		i = brk;
	}
}

/*
 * Append n bytes of s to the string *o of length *len, growing it: the
 * expansion is sized by what it holds, never by a guess (a template may
 * hold {title} any number of times).
 */
static void
append(char **o, size_t *len, size_t *cap, const char *s, size_t n)
{
	*o = mappa_grow(*o, cap, *len + n + 1, 1);
	memcpy(*o + *len, s, n);
	*len += n;
	(*o)[*len] = '\0';
}

/* Replace {page}, {pages} and {title}; the caller frees the result. */
static char *
expand(const struct lay *l, const char *s, int page)
{
	size_t	 len = 0, cap = 0;
	char	*o = NULL, num[24];
	const char *title = l->d->meta[MAPPA_META_TITLE];

	append(&o, &len, &cap, "", 0);
	while (*s != '\0') {
		if (strncmp(s, "{page}", 6) == 0) {
			snprintf(num, sizeof(num), "%d", page);
			append(&o, &len, &cap, num, strlen(num));
			s += 6;
		} else if (strncmp(s, "{pages}", 7) == 0) {
			snprintf(num, sizeof(num), "%zu", l->npg);
			append(&o, &len, &cap, num, strlen(num));
			s += 7;
		} else if (strncmp(s, "{title}", 7) == 0) {
			if (title != NULL)
				append(&o, &len, &cap, title, strlen(title));
			s += 7;
		} else
			append(&o, &len, &cap, s++, 1);
	}
	return o;
}

/*
 * emit() walks the pages twice.  PASS_RECORD records every glyph that
 * will be printed in the font set (a device subsets its fonts at begin)
 * and warns of those the font lacks; nothing is drawn.  PASS_DRAW walks
 * the same pages again and draws them on the device.
 */
enum pass { PASS_RECORD, PASS_DRAW };

struct out {
	struct lay		*l;
	enum pass		 pass;
	struct mappa_device	*dev;	/* PASS_DRAW only */
};

static int
text(struct out *o, enum mappa_face f, double size, double x, double y,
    const char *s)
{
	size_t	 len = strlen(s);

	if (o->pass == PASS_RECORD) {
		mappa_fontset_use(o->l->c.fs, f, s, len);
		/* text made here (running heads, contents): no source line */
		glyphs(o->l, f, s, 0);
		return 0;
	}
	return o->dev->text(o->dev, f, size, x, y, s, len);
}

/* Roles go to devices that take them; the glyph pass has no device. */
static int
role(struct out *o, const struct ditem *it)
{
	struct mappa_tag t;

	if (o->dev == NULL || o->dev->tag == NULL)
		return 0;
	memset(&t, 0, sizeof(t));
	t.role = it->role;
	t.scope = it->scope;
	t.pagination = it->pagination;
	t.id = it->id;
	t.resume = it->resume;
	t.alt = it->alt;
	t.lang = it->lang;
	t.actual = it->actual;
	return o->dev->tag(o->dev, &t);
}

static int
langspan(struct out *o, char *lang)
{
	struct ditem it;

	memset(&it, 0, sizeof(it));
	it.role = MAPPA_ROLE_SPAN;
	it.lang = lang;
	return role(o, &it);
}

static int
artifact(struct out *o, int pagination)
{
	struct ditem it;

	memset(&it, 0, sizeof(it));
	it.role = MAPPA_ROLE_ARTIFACT;
	it.pagination = pagination;
	return role(o, &it);
}

static int
unrole(struct out *o)
{
	if (o->dev == NULL || o->dev->untag == NULL)
		return 0;
	return o->dev->untag(o->dev);
}

/* A contents line links to its heading's page. */
static int
golink(struct out *o, const struct ditem *it, double ox, double oy)
{
	const struct heading *h;
	struct mappa_target t;
	char	*s;
	int	 rc;

	if (o->dev == NULL || o->dev->link == NULL)
		return 0;
	memset(&t, 0, sizeof(t));
	/* an address in the text: its URI says where it goes */
	if (it->ref < 0) {
		t.uri = it->s;
		return o->dev->link(o->dev, ox + it->x, oy + it->y, it->w,
		    it->h, &t, it->s);
	}
	h = &o->l->hd[it->ref];
	t.page = h->page;
	t.y = o->l->d->page.top + h->y;
	s = mappa_msg_alloc(o->l->d->lang, MAPPA_MSG_LINK_PAGE, h->title,
	    h->page);
	rc = o->dev->link(o->dev, ox + it->x, oy + it->y, it->w, it->h, &t,
	    s);
	free(s);
	return rc;
}

#define RUN_SIZE	8.5	/* running header and footer text [pt] */
#define RUN_GAP		12.0	/* [pt] kept between their parts */

/*
 * Cut s so that it and an ellipsis fit in room [pt], at a character
 * boundary, dropping the spaces before the ellipsis.
 */
static void
cut(struct lay *l, char **s, double room)
{
	static const char ell[] = "\xe2\x80\xa6";
	size_t	 n = strlen(*s), i = 0, j, fit = 0;
	double	 w = mappa_font_width(l->c.fs, MAPPA_FACE_REGULAR, RUN_SIZE,
		    ell, 3);
	char	*o;

	while (i < n) {
		j = i;
		mappa_utf8_next(*s, n, &i);
		w += mappa_font_width(l->c.fs, MAPPA_FACE_REGULAR, RUN_SIZE,
		    *s + j, i - j);
		if (w > room)
			break;
		fit = i;
	}
	while (fit > 0 && (*s)[fit - 1] == ' ')
		fit--;
	o = mappa_malloc(fit + sizeof(ell));
	memcpy(o, *s, fit);
	memcpy(o + fit, ell, sizeof(ell));
	free(*s);
	*s = o;
}

/*
 * Left, centre and right parts share the width: one that would run into
 * another (a long area name) is cut with an ellipsis, the widest first,
 * and a warning says so once.
 */
static int
running(struct out *o, int page, int footer)
{
	struct lay	*l = o->l;
	const struct mappa_page_setup *pg = &l->d->page;
	double		 y, x, sz = RUN_SIZE, w[3], room[3], side;
	char		*s[3];
	int		 k, rc = 0, any = 0;

	for (k = 0; k < 3; k++) {
		s[k] = l->d->running[footer][k] == NULL ? NULL :
		    expand(l, l->d->running[footer][k], page);
		w[k] = s[k] == NULL ? 0 : mappa_font_width(l->c.fs,
		    MAPPA_FACE_REGULAR, sz, s[k], strlen(s[k]));
		room[k] = w[k];
		any |= s[k] != NULL;
	}
	if (s[1] != NULL) {
		/* the centre stays centred: the sides get what is left */
		room[1] = fmin(w[1], s[0] || s[2] ? l->tw / 3 : l->tw);
		side = (l->tw - room[1]) / 2 - RUN_GAP;
		room[0] = fmin(w[0], side);
		room[2] = fmin(w[2], side);
	} else if (s[0] != NULL && s[2] != NULL &&
	    w[0] + w[2] + RUN_GAP > l->tw) {
		side = (l->tw - RUN_GAP) / 2;
		if (w[2] <= side)
			room[0] = l->tw - RUN_GAP - w[2];
		else if (w[0] <= side)
			room[2] = l->tw - RUN_GAP - w[0];
		else
			room[0] = room[2] = side;
	} else
		for (k = 0; k < 3; k++)
			room[k] = fmin(w[k], l->tw);
	for (k = 0; k < 3; k++) {
		if (s[k] == NULL || w[k] <= room[k] + 1e-6)
			continue;
		cut(l, &s[k], room[k]);
		w[k] = mappa_font_width(l->c.fs, MAPPA_FACE_REGULAR, sz, s[k],
		    strlen(s[k]));
		if (o->pass == PASS_RECORD && !l->runcut[footer]) {
			l->runcut[footer] = 1;
			mappa_diag_flaw(l->c.diag, l->c.final, 0, "the running %s is "
			    "wider than the page leaves it: cut to \"%s\"",
			    footer ? "footer" : "header", s[k]);
		}
	}
	y = footer ? pg->height - pg->bottom + 28 : pg->top - 24;
	if (!footer && l->d->mark != NULL) {
		any = 1;
		x = pg->left + (l->tw - mappa_font_width(l->c.fs,
		    MAPPA_FACE_BOLD, sz + 1, l->d->mark,
		    strlen(l->d->mark))) / 2;
		rc = text(o, MAPPA_FACE_BOLD, sz + 1, x, y, l->d->mark);
	}
	for (k = 0; k < 3 && rc == 0; k++) {
		if (s[k] == NULL ||
		    (k == 1 && !footer && l->d->mark != NULL))
			continue;
		x = pg->left;
		if (k == 1)
			x = pg->left + (l->tw - w[k]) / 2;
		else if (k == 2)
			x = pg->width - pg->right - w[k];
		rc = text(o, MAPPA_FACE_REGULAR, sz, x, y, s[k]);
	}
	for (k = 0; k < 3; k++)
		free(s[k]);
	if (any && rc == 0 && o->pass == PASS_DRAW) {
		double xy[4];

		y = footer ? y - 11 : y + 6;
		xy[0] = pg->left;
		xy[1] = xy[3] = y;
		xy[2] = pg->width - pg->right;
		rc = o->dev->stroke(o->dev, xy, 2, 0.4, &grey);
	}
	return rc;
}

/*
 * The part on page pi of a box split across pages, from its placed unit
 * k: the tint and bar under it, then its frame, open where the box goes
 * on from the page before or to the next.  An artifact: the box is seen,
 * its text read.
 */
static int
boxpart(struct out *o, size_t pi, size_t k)
{
	const struct lay *l = o->l;
	const struct page *p = &l->pg[pi];
	const struct unit *u = &l->u[p->p[k].unit], *e;
	const struct mappa_page_setup *pg = &l->d->page;
	size_t	 j = k;
	double	 x0 = pg->left, x1 = pg->left + l->tw, y0, y1, xy[8];
	int	 rc, open0, open1;

	while (j + 1 < p->n && l->u[p->p[j + 1].unit].box == u->box)
		j++;
	e = &l->u[p->p[j].unit];
	open0 = !(u->boxfirst && !p->p[k].rep);
	open1 = !e->boxlast;
	y0 = pg->top + (open0 ? 0 : p->p[k].y);
	y1 = pg->top + p->p[j].y + e->height + (open1 ? BOX_PAD : 0);
	if ((rc = artifact(o, 0)) != 0 ||
	    (rc = o->dev->fill(o->dev, x0, y0, l->tw, y1 - y0,
	    &box_tint)) != 0 ||
	    (rc = o->dev->fill(o->dev, x0, y0, BOX_BAR, y1 - y0,
	    &box_rule)) != 0)
		return rc;
	/* the sides, and the top and bottom where the box has them */
	xy[0] = x0;
	xy[1] = y1;
	xy[2] = x0;
	xy[3] = y0;
	xy[4] = x1;
	xy[5] = y0;
	xy[6] = x1;
	xy[7] = y1;
	if (!open0 && !open1) {
		double ring[10] = { x0, y0, x1, y0, x1, y1, x0, y1, x0, y0 };

		rc = o->dev->stroke(o->dev, ring, 5, 0.6, &box_rule);
	} else if (!open0)
		rc = o->dev->stroke(o->dev, xy, 4, 0.6, &box_rule);
	else if (!open1) {
		xy[0] = x1;
		xy[1] = y0;
		xy[2] = x1;
		xy[3] = y1;
		xy[4] = x0;
		xy[5] = y1;
		xy[6] = x0;
		xy[7] = y0;
		rc = o->dev->stroke(o->dev, xy, 4, 0.6, &box_rule);
	} else if ((rc = o->dev->stroke(o->dev, xy, 2, 0.6, &box_rule)) ==
	    0)
		rc = o->dev->stroke(o->dev, xy + 4, 2, 0.6, &box_rule);
	if (rc == 0)
		rc = unrole(o);
	return rc;
}

static int
emit(struct out *o, enum pass pass)
{
	struct lay	*l = o->l;
	const struct mappa_page_setup *pg = &l->d->page;
	struct mappa_device *dev = o->dev;
	size_t		 pi, k, m, q;
	struct unit	*u;
	struct ditem	*it;
	double		 ox, oy, *xy;
	char		 buf[32];
	const char	*inspan;	/* the lang of the Span open, or NULL */
	int		 rc = 0, draw = pass == PASS_DRAW, rep;

	o->pass = pass;

	for (pi = 0; pi < l->npg && rc == 0; pi++) {
		if (draw && (rc = dev->page(dev, (int)pi + 1,
		    pg->width, pg->height)) != 0)
			break;
		if (pi > 0 || !pg->plain_first) {
			if ((rc = artifact(o, 1)) != 0 ||
			    (rc = running(o, (int)pi + 1, 0)) != 0 ||
			    (rc = running(o, (int)pi + 1, 1)) != 0 ||
			    (rc = unrole(o)) != 0)
				break;
		}
		for (k = 0; k < l->pg[pi].n && rc == 0; k++) {
			u = &l->u[l->pg[pi].p[k].unit];
			ox = pg->left + u->dx;
			oy = pg->top + l->pg[pi].p[k].y;
			/* a header row repeated is read once, where it was */
			rep = l->pg[pi].p[k].rep;
			if (draw && u->box >= 0 && (k == 0 ||
			    l->u[l->pg[pi].p[k - 1].unit].box != u->box) &&
			    (rc = boxpart(o, pi, k)) != 0)
				break;
			if (rep && (rc = artifact(o, 1)) != 0)
				break;
			inspan = NULL;
			for (m = 0; m < u->nit && rc == 0; m++) {
				it = &u->it[m];
				/* a passage's Span ends where its words do */
				if (inspan != NULL && !(it->k == I_TEXT &&
				    it->lang != NULL &&
				    strcmp(it->lang, inspan) == 0)) {
					rc = unrole(o);
					inspan = NULL;
					if (rc != 0)
						break;
				}
				switch (it->k) {
				case I_TAG:
					if (!rep)
						rc = role(o, it);
					break;
				case I_UNTAG:
					if (!rep)
						rc = unrole(o);
					break;
				case I_LINK:
					if (!rep)
						rc = golink(o, it, ox, oy);
					break;
				case I_TEXT:
					/*
					 * A passage in another language is
					 * read in its voice: one Span with
					 * its /Lang round its words on the
					 * line, closed below.
					 */
					if (it->lang != NULL && !rep &&
					    inspan == NULL) {
						rc = langspan(o, it->lang);
						inspan = it->lang;
					}
					if (rc == 0)
						rc = text(o, it->face, it->size,
						    ox + it->x, oy + it->y,
						    it->s);
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
					if (!draw)
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
					if (draw)
						rc = dev->outline(dev,
						    it->level, it->s, oy);
					break;
				case I_NOTE:
					if (draw)
						rc = dev->note(dev, it->s);
					break;
				case I_IMAGE:
					if (dev != NULL && dev->image != NULL)
						rc = dev->image(dev, it->img,
						    ox + it->x, oy + it->y,
						    it->w, it->h, it->s,
						    it->lang);
					break;
				}
			}
			if (rc == 0 && inspan != NULL)
				rc = unrole(o);
			/* close a table where it stops on this page */
			if (rc == 0 && draw && u->tbl >= 0 &&
			    !u->is_hdr && (k + 1 == l->pg[pi].n ||
			    l->u[l->pg[pi].p[k + 1].unit].tbl != u->tbl)) {
				double r[4];

				r[0] = ox;
				r[2] = ox + (u->tw > 0 ? u->tw : l->tw);
				r[1] = r[3] = oy + u->height;
				if ((rc = artifact(o, 0)) == 0 &&
				    (rc = dev->stroke(dev, r, 2, 0.8, &black)) ==
				    0)
					rc = unrole(o);
			}
			if (rc == 0 && rep)
				rc = unrole(o);
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
	unsigned long		 errors = diag->errors;
	int			 rc = -1;

	memset(&l, 0, sizeof(l));
	memset(&o, 0, sizeof(o));
	l.d = d;
	l.c.diag = diag;
	l.c.pg = &d->page;
	l.c.final = d->final;
	l.tw = d->page.width - d->page.left - d->page.right;
	l.th = d->page.height - d->page.top - d->page.bottom;
	if (l.tw < 36 || l.th < 36) {
		mappa_diag_say(diag, "the page leaves no room for text");
		return -1;
	}
	errno = 0;
	if ((l.c.fs = mappa_fontset_new(d->page.family)) == NULL) {
		/* fontconfig finds nothing when malloc fails: say which */
		if (errno == ENOMEM)
			mappa_diag_say(diag, "out of memory");
		else
			mappa_diag_say(diag, "font family \"%s\": not found "
			    "in four TrueType faces", d->page.family);
		return -1;
	}
	/* the document's language; a heading or paragraph may have its own */
	l.c.hyph = hyph_get(&l.c, mappa_doc_lang_get(d));
	l.missing = mappa_calloc(NCODE / 8, 1);
	headings(&l);
	for (i = 0; i < d->nblocks; i++) {
		l.next = i + 1 < d->nblocks ? d->blocks[i + 1] : NULL;
		doblock(&l, d->blocks[i]);
	}
	if (l.sect && l.nu > 0)
		unit_untag(&l.u[l.nu - 1]);
	l.nflow = l.nu;
	continued(&l);
	paginate(&l);
	/* an error means no output: the device is never started */
	if (diag->errors > errors) {
		if (l.c.final)
			mappa_diag_say(diag, "--final: a final report is made "
			    "only without the flaws named above; without "
			    "--final they are warnings");
		goto out;
	}

	o.l = &l;
	emit(&o, PASS_RECORD);
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
	meta.lang = d->lang;
	meta.title_alt = d->title_alt;
	meta.title_alt_lang = d->title_alt_lang;
	o.dev = dev;
	if (dev->begin(dev, &meta, l.c.fs) != 0 || emit(&o, PASS_DRAW) != 0 ||
	    dev->end(dev) != 0) {
		mappa_diag_say(diag, "%s", dev->error);
		goto out;
	}
	rc = 0;
out:
	free(l.missing);
	for (i = 0; i < l.nu; i++) {
		for (k = 0; k < l.u[i].nit; k++) {
			free(l.u[i].it[k].s);
			free(l.u[i].it[k].xy);
			free(l.u[i].it[k].alt);
			free(l.u[i].it[k].lang);
			free(l.u[i].it[k].actual);
		}
		free(l.u[i].it);
	}
	free(l.u);
	free(l.contd);
	for (i = 0; i < l.npg; i++)
		free(l.pg[i].p);
	free(l.pg);
	for (i = 0; i < l.nhd; i++) {
		free(l.hd[i].num);
		free(l.hd[i].title);
	}
	free(l.hd);
	hyph_free(&l.c);
	mappa_fontset_free(l.c.fs);
	return rc;
}

void
mappa_heading_number(int cnt[3], int level, char *buf, size_t size)
{
	cnt[level - 1]++;
	if (level < 3)
		cnt[level] = 0;
	if (level < 2)
		cnt[2] = 0;
	if (level == 1)
		snprintf(buf, size, "%d", cnt[0]);
	else if (level == 2)
		snprintf(buf, size, "%d.%d", cnt[0], cnt[1]);
	else
		snprintf(buf, size, "%d.%d.%d", cnt[0], cnt[1], cnt[2]);
}
