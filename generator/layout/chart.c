/* chart.c: bar and line charts drawn as vectors on a unit; inside generator/layout only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

static const struct mappa_color palette[] = {
	{ 0.122, 0.306, 0.475 },	/* dark blue */
	{ 0.482, 0.651, 0.773 },	/* light blue */
	{ 0.773, 0.353, 0.067 },	/* burnt orange */
	{ 0.502, 0.502, 0.502 },	/* grey */
	{ 0.290, 0.541, 0.298 },	/* green */
	{ 0.580, 0.404, 0.741 },	/* purple */
};
#define NPAL (sizeof(palette) / sizeof(palette[0]))

static const struct mappa_color axis = { 0.2, 0.2, 0.2 };
static const struct mappa_color grid = { 0.85, 0.85, 0.85 };

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

static void
fmtnum(char *buf, size_t sz, double v, double step)
{
	if (step >= 1 || v == 0)
		snprintf(buf, sz, "%.0f", v);
	else
		snprintf(buf, sz, "%.*f", (int)ceil(-log10(step)), v);
	/* thousands get a comma, as in the tables */
	if (fabs(v) >= 10000 && step >= 1) {
		char	 t[64];
		size_t	 n = strlen(buf), i, k = 0, lead;

		lead = buf[0] == '-' ? 1 : 0;
		for (i = 0; i < n && k + 2 < sizeof(t); i++) {
			if (i > lead && (n - i) % 3 == 0)
				t[k++] = ',';
			t[k++] = buf[i];
		}
		t[k] = '\0';
		snprintf(buf, sz, "%s", t);
	}
}

void
chart_draw(struct ctx *c, const struct mappa_block *b, double w,
    struct unit *u)
{
	double	 fs = 8, lo = 0, hi = 0, step, top, px, py, pw, ph, x, y, v;
	double	 lw, gw, bw, lx, cs, *xy;
	size_t	 i, s, n;
	char	 buf[64];
	struct ditem *it;
	int	 whole = 1;

	for (s = 0; s < b->nser; s++)
		for (i = 0; i < b->ser[s].n && i < b->ncats; i++) {
			if (b->ser[s].v[i] > hi)
				hi = b->ser[s].v[i];
			if (b->ser[s].v[i] < lo)
				lo = b->ser[s].v[i];
			if (b->ser[s].v[i] != floor(b->ser[s].v[i]))
				whole = 0;
		}
	if (hi - lo <= 0)
		hi = lo + 1;
	step = nicestep(hi - lo, 5);
	/* counts have no halves: a tick at 1.5 offenders misleads */
	if (whole && step < 1)
		step = 1;
	hi = ceil(hi / step - 1e-9) * step;
	lo = floor(lo / step + 1e-9) * step;

	top = 0;
	if (b->title != NULL) {
		unit_text(c, u, MAPPA_FACE_BOLD, 9.5, 0, 9.5, b->title);
		top = 16;
	}
	/* the legend, in one row under the title */
	lx = 0;
	for (s = 0; s < b->nser; s++) {
		rect(u, lx, top + 1, 7, 7, &palette[s % NPAL]);
		unit_text(c, u, MAPPA_FACE_REGULAR, fs, lx + 10, top + 7.5,
		    b->ser[s].name);
		lx += 10 + width(c, MAPPA_FACE_REGULAR, fs, b->ser[s].name) +
		    14;
	}
	if (b->nser > 0)
		top += 16;
	if (b->ylabel != NULL) {
		unit_text(c, u, MAPPA_FACE_ITALIC, fs, 0, top + 7, b->ylabel);
		top += 12;
	}
	lw = 0;
	for (v = lo; v <= hi + step / 2; v += step) {
		fmtnum(buf, sizeof(buf), v, step);
		if (width(c, MAPPA_FACE_REGULAR, fs, buf) > lw)
			lw = width(c, MAPPA_FACE_REGULAR, fs, buf);
	}
	px = lw + 6;
	pw = w - px - 2;
	py = top + 4;
	ph = b->height - py - (b->xlabel != NULL ? 26 : 14);
	if (ph < 10 || b->ncats == 0)
		return;
	/* grid and y ticks */
	for (v = lo; v <= hi + step / 2; v += step) {
		y = py + ph - (v - lo) / (hi - lo) * ph;
		if (fabs(v) > step / 2) {
			/* gridlines are no part of what the chart says */
			unit_tag(u, MAPPA_ROLE_ARTIFACT);
			unit_line(u, px, y, px + pw, y, 0.4, &grid);
			unit_untag(u);
		}
		unit_line(u, px - 3, y, px, y, 0.5, &axis);
		fmtnum(buf, sizeof(buf), v, step);
		unit_text(c, u, MAPPA_FACE_REGULAR, fs,
		    px - 5 - width(c, MAPPA_FACE_REGULAR, fs, buf), y + 2.8,
		    buf);
	}
	gw = pw / b->ncats;
	bw = b->nser > 0 ? gw * 0.72 / b->nser : 0;
	if (b->chart == MAPPA_CHART_BAR) {
		for (i = 0; i < b->ncats; i++)
			for (s = 0; s < b->nser; s++) {
				if (i >= b->ser[s].n)
					continue;
				v = b->ser[s].v[i];
				y = py + ph - (v - lo) / (hi - lo) * ph;
				x = px + i * gw + gw * 0.14 + s * bw;
				y = fmin(y, py + ph - (0 - lo) / (hi - lo) * ph);
				rect(u, x, y, bw - 0.8, fabs(v) / (hi - lo) *
				    ph, &palette[s % NPAL]);
			}
	} else {
		for (s = 0; s < b->nser; s++) {
			n = b->ser[s].n < b->ncats ? b->ser[s].n : b->ncats;
			if (n == 0)
				continue;
			it = unit_item(u, I_STROKE);
			it->xy = xy = mappa_malloc(2 * n * sizeof(double));
			it->n = n;
			it->w = 1.5;
			it->col = palette[s % NPAL];
			for (i = 0; i < n; i++) {
				xy[2 * i] = px + (i + 0.5) * gw;
				xy[2 * i + 1] = py + ph - (b->ser[s].v[i] - lo) /
				    (hi - lo) * ph;
				rect(u, xy[2 * i] - 2, xy[2 * i + 1] - 2, 4, 4,
				    &palette[s % NPAL]);
			}
		}
	}
	/* axes on top of the bars */
	unit_line(u, px, py, px, py + ph, 0.6, &axis);
	y = py + ph - (0 - lo) / (hi - lo) * ph;
	unit_line(u, px, y, px + pw, y, 0.6, &axis);
	for (i = 0; i < b->ncats; i++) {
		cs = fs;
		while (cs > 5 && width(c, MAPPA_FACE_REGULAR, cs, b->cats[i]) >
		    gw - 2)
			cs -= 0.5;
		x = px + (i + 0.5) * gw;
		unit_line(u, x, py + ph, x, py + ph + 3, 0.5, &axis);
		unit_text(c, u, MAPPA_FACE_REGULAR, cs, x - width(c,
		    MAPPA_FACE_REGULAR, cs, b->cats[i]) / 2, py + ph + 11,
		    b->cats[i]);
	}
	if (b->xlabel != NULL)
		unit_text(c, u, MAPPA_FACE_ITALIC, fs, px + (pw - width(c,
		    MAPPA_FACE_ITALIC, fs, b->xlabel)) / 2, py + ph + 23,
		    b->xlabel);
}
