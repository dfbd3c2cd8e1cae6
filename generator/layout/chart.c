/* chart.c: bar and line charts drawn as vectors on a unit; inside generator/layout only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

/*
 * Series colours.  Each is at least 3:1 against white (WCAG 1.4.11), and
 * bars are parted by white gaps, so that white is every bar's neighbour;
 * their lightness is spaced out (relative luminance about 0.05, 0.14,
 * 0.28, 0.13, 0.11) so that they stay apart in greyscale, and every bar
 * and line is labelled directly besides: colour is never the only key.
 */
static const struct mappa_color palette[] = {
	{ 0.122, 0.247, 0.400 },	/* dark navy */
	{ 0.690, 0.290, 0.000 },	/* burnt orange */
	{ 0.330, 0.620, 0.500 },	/* sea green */
	{ 0.400, 0.400, 0.400 },	/* grey */
	{ 0.450, 0.300, 0.600 },	/* purple */
};
#define NPAL (sizeof(palette) / sizeof(palette[0]))

static const struct mappa_color axis = { 0.2, 0.2, 0.2 };
static const struct mappa_color grid = { 0.85, 0.85, 0.85 };
static const struct mappa_color white = { 1, 1, 1 };

#define FS	10.0	/* chart text [pt] */
#define BAR_H	12.0	/* a bar's thickness [pt] */
#define BAR_GAP	2.0	/* white between bars of a group [pt] */
#define GRP_GAP	8.0	/* between groups [pt] */
#define MIN_BAR	2.0	/* the shortest bar of a count above zero [pt] */
#define UNIT_W	30.0	/* the longest step of a scale of counts [pt] */

const struct mappa_color *
chart_palette(size_t i)
{
	return i < NPAL ? &palette[i] : NULL;
}

static double
width(struct ctx *c, enum mappa_face f, double size, const char *s)
{
	return mappa_font_width(c->fs, f, size, s, strlen(s));
}

static void
rect(struct unit *u, double x, double y, double w, double h,
    const struct mappa_color *col)
{
	struct ditem *it = unit_item(u, I_FILL);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->col = *col;
}

/* A tick step of 1, 2 or 5 times a power of ten, giving about n ticks. */
static double
nicestep(double range, int n)
{
	double	 raw = range / n, p = pow(10, floor(log10(raw))), f;

	f = raw / p;
	if (f <= 1)
		return p;
	if (f <= 2)
		return 2 * p;
	if (f <= 5)
		return 5 * p;
	return 10 * p;
}

/* A number as the tables print it: thousands grouped (6,562; 5,000). */
static void
fmtnum(char *buf, size_t sz, double v, double step)
{
	char	 t[64];
	size_t	 n, i, k = 0, lead, dot;

	if (step >= 1 || v == 0)
		snprintf(t, sizeof(t), "%.0f", v);
	else
		snprintf(t, sizeof(t), "%.*f", (int)ceil(-log10(step)), v);
	n = strlen(t);
	lead = t[0] == '-' ? 1 : 0;
	for (dot = lead; dot < n && t[dot] != '.'; dot++)
		continue;
	for (i = 0; i < n && k + 2 < sz; i++) {
		if (i > lead && i < dot && (dot - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = t[i];
	}
	buf[k] = '\0';
}

/* The scale's top and step for values in [lo, hi]. */
static int
scale(const struct mappa_block *b, double *lo, double *hi, double *step)
{
	size_t	 i, s;
	int	 whole = 1;
	double	 v;

	*lo = *hi = 0;
	for (s = 0; s < b->nser; s++)
		for (i = 0; i < b->ser[s].n && i < b->ncats; i++) {
			v = b->ser[s].v[i];
			if (isnan(v))
				continue;
			*hi = fmax(*hi, v);
			*lo = fmin(*lo, v);
			if (v != floor(v))
				whole = 0;
		}
	if (*hi - *lo <= 0)
		*hi = *lo + 1;
	*step = nicestep(*hi - *lo, 5);
	/* counts have no halves: a tick at 1.5 offenders misleads */
	if (whole && *step < 1)
		*step = 1;
	*hi = ceil(*hi / *step - 1e-9) * *step;
	*lo = floor(*lo / *step + 1e-9) * *step;
	return whole;
}

/* The size [pt], from size down to 6, at which a label fits in room. */
static double
fit(struct ctx *c, enum mappa_face f, const char *s, double size,
    double room)
{
	while (size > 6 && width(c, f, size, s) > room)
		size -= 0.5;
	return size;
}

static double
title(struct ctx *c, const struct mappa_block *b, struct unit *u)
{
	if (b->title == NULL)
		return 0;
	unit_text(c, u, MAPPA_FACE_BOLD, 9.5, 0, 9.5, b->title);
	return 16;
}

/*
 * Bars run across, one row a series within a group a category, each
 * named at its left and its value printed at its end: a bar of 1 beside
 * one of 561 is a stub, but its figure is there to read, and no legend
 * or colour is needed to tell the series apart.  The chart is as tall as
 * its bars, so a chart of one small bar is small.
 */
static double
bars(struct ctx *c, const struct mappa_block *b, double w, struct unit *u)
{
	double	 lo, hi, step, top, lw = 0, vw = 0, x0, pw, y, v, len, x, ind;
	size_t	 i, s;
	char	 buf[64];
	const char *name;
	int	 grouped = b->nser > 1, whole, na;

	whole = scale(b, &lo, &hi, &step);
	top = title(c, b, u);
	ind = grouped ? 8 : 0;
	for (i = 0; i < b->ncats; i++)
		lw = fmax(lw, width(c, grouped ? MAPPA_FACE_BOLD :
		    MAPPA_FACE_REGULAR, FS, b->cats[i]) - ind);
	for (s = 0; grouped && s < b->nser; s++)
		lw = fmax(lw, width(c, MAPPA_FACE_REGULAR, FS, b->ser[s].name));
	for (s = 0; s < b->nser; s++)
		for (i = 0; i < b->ser[s].n && i < b->ncats; i++) {
			fmtnum(buf, sizeof(buf), b->ser[s].v[i], 1);
			vw = fmax(vw, width(c, MAPPA_FACE_REGULAR, FS, buf));
		}
	/* labels take at most two fifths of the width */
	lw = fmin(lw + ind, 0.4 * w);
	x0 = lw + 8;
	pw = w - x0 - vw - 6;
	if (pw < 20 || b->ncats == 0)
		return top;
	/* a few offenders are not drawn across the page */
	if (whole && hi - lo <= 10)
		pw = fmin(pw, (hi - lo) * UNIT_W);
	/* the grid first, under the bars, to where they end */
	y = top + 2 + b->ncats * ((grouped ? FS + 5 : 0) + b->nser *
	    (BAR_H + BAR_GAP) + GRP_GAP - BAR_GAP);
	for (v = lo; v <= hi + step / 2; v += step) {
		x = x0 + (v - lo) / (hi - lo) * pw;
		if (v > lo)
			unit_line(u, x, top, x, y - GRP_GAP + BAR_GAP, 0.4, &grid);
	}
	y = top + 2;
	for (i = 0; i < b->ncats; i++) {
		if (grouped) {
			unit_text(c, u, MAPPA_FACE_BOLD, fit(c, MAPPA_FACE_BOLD,
			    b->cats[i], FS, lw), 0, y + FS, b->cats[i]);
			y += FS + 5;
		}
		for (s = 0; s < b->nser; s++) {
			v = i < b->ser[s].n ? b->ser[s].v[i] : 0;
			na = isnan(v);	/* no bar, a dash as in the tables */
			if (na)
				v = 0;
			name = grouped ? b->ser[s].name : b->cats[i];
			unit_text(c, u, MAPPA_FACE_REGULAR, fit(c,
			    MAPPA_FACE_REGULAR, name, FS, lw - ind), ind,
			    y + BAR_H / 2 + 0.35 * FS, name);
			/* from zero, which is the left end but for losses */
			x = x0 + (0 - lo) / (hi - lo) * pw;
			len = fabs(v) / (hi - lo) * pw;
			if (v != 0 && len < MIN_BAR)
				len = MIN_BAR;
			if (len > 0)
				rect(u, v < 0 ? x - len : x, y, len, BAR_H,
				    &palette[s % NPAL]);
			if (na)
				snprintf(buf, sizeof(buf), "\xe2\x80\x93");
			else
				fmtnum(buf, sizeof(buf), v, 1);
			unit_text(c, u, MAPPA_FACE_REGULAR, FS, v < 0 ? x + 3 :
			    x + len + 3, y + BAR_H / 2 + 0.35 * FS, buf);
			y += BAR_H + BAR_GAP;
		}
		y += GRP_GAP - BAR_GAP;
	}
	/* the scale under the bars, numbers grouped as in the tables */
	for (v = lo; v <= hi + step / 2; v += step) {
		x = x0 + (v - lo) / (hi - lo) * pw;
		unit_line(u, x, y - GRP_GAP + BAR_GAP, x, y - GRP_GAP + 5,
		    0.5, &axis);
		fmtnum(buf, sizeof(buf), v, step);
		unit_text(c, u, MAPPA_FACE_REGULAR, FS - 1, x - width(c,
		    MAPPA_FACE_REGULAR, FS - 1, buf) / 2, y - GRP_GAP + 14,
		    buf);
	}
	unit_line(u, x0, top, x0, y - GRP_GAP + BAR_GAP, 0.6, &axis);
	y += 14;
	if (b->ylabel != NULL) {
		unit_text(c, u, MAPPA_FACE_ITALIC, FS - 1, x0 + (pw - width(c,
		    MAPPA_FACE_ITALIC, FS - 1, b->ylabel)) / 2, y, b->ylabel);
		y += 12;
	}
	return y;
}

/* Where category i sits on the x axis, from 0 to 1. */
static double
xpos(const struct mappa_block *b, size_t i)
{
	double	 a, z;

	if (b->at == NULL)
		return (i + 0.5) / b->ncats;
	a = b->at[0];
	z = b->at[b->ncats - 1];
	return z > a ? 0.04 + 0.92 * (b->at[i] - a) / (z - a) : 0.5;
}

/* Whether the line may join categories i - 1 and i: no missing year. */
static int
joined(const struct mappa_block *b, size_t i)
{
	double	 d, least = HUGE_VAL;
	size_t	 k;

	if (b->at == NULL)
		return 1;
	for (k = 1; k < b->ncats; k++)
		least = fmin(least, b->at[k] - b->at[k - 1]);
	d = b->at[i] - b->at[i - 1];
	return d < 1.5 * least;
}

/*
 * Lines over categories or a time axis; a value that is missing (NaN), or
 * a gap in the time axis, breaks the line.  Each line is named at its
 * last point, the names pushed apart where lines end close together.
 */
static double
lines(struct ctx *c, const struct mappa_block *b, double w, struct unit *u)
{
	double	 lo, hi, step, top, py, ph, px, pw, x, y, v, nw = 0;
	double	*ly, *xy;
	size_t	 i, s, k, n, ns = b->nser, *order, t;
	char	 buf[64];
	const char *name;
	struct ditem *it;

	scale(b, &lo, &hi, &step);
	top = title(c, b, u);
	if (b->ylabel != NULL) {
		unit_text(c, u, MAPPA_FACE_ITALIC, FS - 1, 0, top + 7,
		    b->ylabel);
		top += 12;
	}
	px = 0;
	for (v = lo; v <= hi + step / 2; v += step) {
		fmtnum(buf, sizeof(buf), v, step);
		px = fmax(px, width(c, MAPPA_FACE_REGULAR, FS - 1, buf));
	}
	px += 6;
	for (s = 0; s < ns; s++)
		nw = fmax(nw, width(c, MAPPA_FACE_REGULAR, FS - 1,
		    b->ser[s].name));
	nw = fmin(nw, 0.3 * w);
	pw = w - px - nw - 8;
	py = top + 4;
	ph = b->height - py - (b->xlabel != NULL ? 26 : 14);
	if (ph < 10 || pw < 20 || b->ncats == 0)
		return b->height;
	ly = mappa_calloc(ns + 1, sizeof(*ly));	/* last point's y [pt] */
	order = mappa_calloc(ns + 1, sizeof(*order));
	for (v = lo; v <= hi + step / 2; v += step) {
		y = py + ph - (v - lo) / (hi - lo) * ph;
		if (v > lo) {
			/* gridlines are no part of what the chart says */
			unit_tag(u, MAPPA_ROLE_ARTIFACT);
			unit_line(u, px, y, px + pw, y, 0.4, &grid);
			unit_untag(u);
		}
		unit_line(u, px - 3, y, px, y, 0.5, &axis);
		fmtnum(buf, sizeof(buf), v, step);
		unit_text(c, u, MAPPA_FACE_REGULAR, FS - 1, px - 5 - width(c,
		    MAPPA_FACE_REGULAR, FS - 1, buf), y + 2.8, buf);
	}
	for (s = 0; s < ns; s++) {
		n = b->ser[s].n < b->ncats ? b->ser[s].n : b->ncats;
		ly[s] = NAN;
		xy = mappa_malloc(2 * (n + 1) * sizeof(double));
		for (i = 0, k = 0; i <= n; i++) {
			v = i < n ? b->ser[s].v[i] : NAN;
			/* end the stretch drawn so far at a gap */
			if (k > 0 && (isnan(v) || !joined(b, i))) {
				if (k > 1) {
					it = unit_item(u, I_STROKE);
					it->xy = mappa_malloc(2 * k *
					    sizeof(double));
					memcpy(it->xy, xy, 2 * k *
					    sizeof(double));
					it->n = k;
					it->w = 1.5;
					it->col = palette[s % NPAL];
				}
				k = 0;
			}
			if (isnan(v))
				continue;
			x = px + xpos(b, i) * pw;
			y = py + ph - (v - lo) / (hi - lo) * ph;
			xy[2 * k] = x;
			xy[2 * k + 1] = y;
			k++;
			rect(u, x - 2.5, y - 2.5, 5, 5, &palette[s % NPAL]);
			rect(u, x - 1, y - 1, 2, 2, &white);
			ly[s] = y;
		}
		free(xy);
	}
	/* names at the right end, in order down the page, 9 pt apart */
	for (s = 0; s < ns; s++)
		order[s] = s;
	for (s = 1; s < ns; s++)
		for (k = s; k > 0 && !(ly[order[k - 1]] <= ly[order[k]]); k--) {
			t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	for (s = 0, y = -HUGE_VAL; s < ns; s++) {
		if (isnan(ly[order[s]]))
			continue;
		y = fmax(ly[order[s]], y + 9);
		name = b->ser[order[s]].name;
		unit_text(c, u, MAPPA_FACE_REGULAR, fit(c, MAPPA_FACE_REGULAR,
		    name, FS - 1, nw), px + pw + 6, y + 3, name);
	}
	free(ly);
	free(order);
	unit_line(u, px, py, px, py + ph, 0.6, &axis);
	y = py + ph - (0 - lo) / (hi - lo) * ph;
	unit_line(u, px, y, px + pw, y, 0.6, &axis);
	for (i = 0; i < b->ncats; i++) {
		double cs = FS - 1;

		while (cs > 5 && width(c, MAPPA_FACE_REGULAR, cs, b->cats[i]) >
		    pw / b->ncats - 2)
			cs -= 0.5;
		x = px + xpos(b, i) * pw;
		unit_line(u, x, py + ph, x, py + ph + 3, 0.5, &axis);
		unit_text(c, u, MAPPA_FACE_REGULAR, cs, x - width(c,
		    MAPPA_FACE_REGULAR, cs, b->cats[i]) / 2, py + ph + 11,
		    b->cats[i]);
	}
	if (b->xlabel != NULL)
		unit_text(c, u, MAPPA_FACE_ITALIC, FS - 1, px + (pw - width(c,
		    MAPPA_FACE_ITALIC, FS - 1, b->xlabel)) / 2, py + ph + 23,
		    b->xlabel);
	return b->height;
}

double
chart_draw(struct ctx *c, const struct mappa_block *b, double w,
    struct unit *u)
{
	if (b->chart == MAPPA_CHART_BAR)
		return bars(c, b, w, u);
	return lines(c, b, w, u);
}
