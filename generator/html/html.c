/* html.c: the document tree as one accessible HTML5 file; behind html.h. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/device.h"
#include "mappa/html.h"
#include "mappa/link.h"
#include "mappa/msg.h"
#include "mappa/util.h"

#define LS	"\xe2\x80\xa8"	/* U+2028, a forced line break */

/* The chart's drawing, in CSS pixels of its viewBox. */
#define CHART_W		560.0
#define CHART_LEFT	56.0	/* room for the y axis' numbers */
#define CHART_RIGHT	16.0
#define CHART_TOP	16.0
#define CHART_BOTTOM	64.0	/* category labels and the legend */

/* Series colours: each at least 3:1 against white (WCAG 1.4.11). */
static const char *const palette[] = {
	"#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#912b88"
};
#define NPALETTE	(sizeof(palette) / sizeof(palette[0]))

struct hw {
	FILE			*f;
	const struct mappa_doc	*d;
	const char		*lang;		/* BCP 47: the document's, or the
					 * table's or chart's being written */
	double			 base;		/* body text [pt] */
	char			**ids;		/* [block]: a heading's id */
	char			**nums;		/* [block]: its number, or NULL */
	size_t			 ntables, ncharts;
	size_t			 head;		/* the last heading's block, or
					 * SIZE_MAX before the first */
	size_t			 untitled;	/* tables under it without a
					 * caption of their own */
};

static const char css[] =
"*,*::before,*::after{box-sizing:border-box}\n"
"html{font-family:Arial,\"Liberation Sans\",Helvetica,sans-serif;"
"font-size:100%;line-height:1.5;color:#0b0c0c;background:#fff}\n"
"body{margin:0 auto;padding:1rem 1.25rem 3rem;max-width:48rem}\n"
"h1{font-size:2.25rem;line-height:1.15;margin:.5rem 0 1.5rem}\n"
"h2{font-size:1.6rem;line-height:1.2;margin:2.5rem 0 1rem}\n"
"h3{font-size:1.25rem;margin:2rem 0 .75rem}\n"
"h4{font-size:1.05rem;margin:1.5rem 0 .5rem}\n"
"p,li{max-width:40em}\n"
"a{color:#1d70b8}a:visited{color:#4c2c92}\n"
"a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c;"
"text-decoration:none}\n"
".skip{position:absolute;left:-9999em}.skip:focus{position:static}\n"
".vh{position:absolute;width:1px;height:1px;padding:0;overflow:hidden;"
"clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}\n"
"header.cover{border-bottom:4px solid #1d70b8;margin-bottom:2rem;"
"padding-bottom:1rem}\n"
"header.cover .kicker{font-weight:bold;font-size:1.2rem;margin:0}\n"
".centre{text-align:center}.right{text-align:right}\n"
".small{font-size:.8rem}\n"
"nav.toc ul{list-style:none;padding-left:0}"
"nav.toc ul ul{padding-left:1.5rem}\n"
"nav.toc li{margin:.25rem 0}\n"
".table-wrap{overflow-x:auto;margin:1.5rem 0;position:relative}\n"
"table{border-collapse:collapse;margin:0;font-size:.95rem}\n"
"caption{text-align:left;font-weight:bold;padding-bottom:.5rem;"
"max-width:40em}\n"
"th,td{padding:.4rem .75rem .4rem 0;border-bottom:1px solid #b1b4b6;"
"text-align:left;vertical-align:top}\n"
"thead th,thead td{border-bottom:2px solid #0b0c0c;vertical-align:bottom}\n"
".num{text-align:right;font-variant-numeric:tabular-nums;"
"white-space:nowrap}\n"
"th.num,td.num{padding-left:.75rem}\n"
".centre-col{text-align:center}\n"
"figure{margin:1.5rem 0}\n"
"figcaption{font-weight:bold;margin-bottom:.5rem;max-width:40em}\n"
".chart-body{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}\n"
".chart-body svg{max-width:100%;height:auto}\n"
".chart-body table caption{font-weight:normal;font-style:italic}\n"
"svg text{font-family:inherit;font-size:12px;fill:#0b0c0c}\n"
"hr{border:0;border-top:1px solid #b1b4b6;margin:1.5rem 0}\n"
"img{max-width:100%;height:auto}\n"
".logos{display:flex;flex-wrap:wrap;justify-content:center;gap:1rem 2rem;"
"align-items:center;margin:1.5rem 0}\n"
".logos img{width:auto}\n"
".signatures{display:flex;flex-wrap:wrap;gap:1rem 2rem;margin:1.5rem 0}\n"
".signatory{flex:1 1 12rem}.signatory p{margin:.25rem 0 0}\n"
".signatory img{height:34pt;width:auto;display:block}\n"
".box{background:#f3f2f1;border-left:5px solid #1d70b8;"
"padding:.25rem 1.25rem;margin:1.5rem 0}\n"
".prov{overflow-wrap:anywhere}\n"
"@media print{\n"
"@page{size:A4;margin:18mm 16mm}\n"
"html{font-size:10.5pt;font-family:\"Liberation Serif\",Georgia,serif}\n"
"body{max-width:none;padding:0}\n"
".skip{display:none}\n"
"a{color:inherit;text-decoration:none}\n"
"header.cover{break-after:page;border:0;padding-top:30vh}\n"
"h2,h3,h4,caption,figcaption{break-after:avoid}\n"
"tr,figure,svg,.box,.signatory{break-inside:avoid}\n"
".table-wrap{overflow:visible}\n"
".page-break{break-after:page}\n"
"}\n";

/* ------------------------------------------------------------------ */
/* Text */

/* Write s escaped, each forced break (U+2028) written as `brk`. */
static void
esc_breaks(FILE *f, const char *s, const char *brk)
{
	const char *ls;

	while ((ls = strstr(s, LS)) != NULL) {
		char	*part = mappa_strndup(s, (size_t)(ls - s));

		mappa_xml_text(f, part);
		free(part);
		fputs(brk, f);
		s = ls + 3;
	}
	mappa_xml_text(f, s);
}

/* Text and attribute values; a forced break is a space. */
static void
esc(FILE *f, const char *s)
{
	esc_breaks(f, s, " ");
}

/*
 * Text content: a forced break is <br>; a web or email address is a link
 * to it, as in the PDF (mappa_link_next finds them for both).
 */
static void
esc_text(FILE *f, const char *s)
{
	size_t	 start, end, len = strlen(s);
	char	*uri, *part;

	while (mappa_link_next(s, len, &start, &end, &uri)) {
		part = mappa_strndup(s, start);
		esc_breaks(f, part, "<br>");
		free(part);
		fputs("<a href=\"", f);
		esc(f, uri);
		fputs("\">", f);
		part = mappa_strndup(s + start, end - start);
		esc(f, part);
		free(part);
		fputs("</a>", f);
		free(uri);
		s += end;
		len -= end;
	}
	esc_breaks(f, s, "<br>");
}

/* The plain text of a block's runs, for the caller to free. */
static char *
plain(const struct mappa_block *b)
{
	size_t	 n = 0, len;
	char	*s = mappa_strdup("");
	const char *t;

	for (size_t i = 0; i < mappa_block_nruns(b); i++) {
		t = mappa_block_run_get(b, i, NULL, NULL);
		len = strlen(t);
		s = mappa_realloc(s, n + len + 1);
		memcpy(s + n, t, len + 1);
		n += len;
	}
	return s;
}

/*
 * A block's runs as inline HTML.  `face` is what the element already
 * says (a heading, a th is bold): runs of that face are not marked again.
 * A run smaller than the body text is small print.
 */
static void
runs(struct hw *w, const struct mappa_block *b, enum mappa_face face)
{
	enum mappa_face	 f;
	double		 size;
	const char	*t, *lang;
	bool		 strong, em, small;

	for (size_t i = 0; i < mappa_block_nruns(b); i++) {
		t = mappa_block_run_get(b, i, &f, &size);
		strong = (f & MAPPA_FACE_BOLD) && !(face & MAPPA_FACE_BOLD);
		em = (f & MAPPA_FACE_ITALIC) && !(face & MAPPA_FACE_ITALIC);
		small = size > 0 && size < w->base - 0.5;
		lang = mappa_block_run_lang_get(b, i);
		if (lang != NULL) {
			fputs("<span lang=\"", w->f);
			esc(w->f, lang);
			fputs("\">", w->f);
		}
		if (small)
			fputs("<small>", w->f);
		if (strong)
			fputs("<strong>", w->f);
		if (em)
			fputs("<em>", w->f);
		esc_text(w->f, t);
		if (em)
			fputs("</em>", w->f);
		if (strong)
			fputs("</strong>", w->f);
		if (small)
			fputs("</small>", w->f);
		if (lang != NULL)
			fputs("</span>", w->f);
	}
}

/* The largest run size of a paragraph [pt], 0 for the body's. */
static double
block_size(const struct mappa_block *b)
{
	double	 m = 0, size;

	for (size_t i = 0; i < mappa_block_nruns(b); i++) {
		mappa_block_run_get(b, i, NULL, &size);
		if (size > m)
			m = size;
	}
	return m;
}

/* 1234567 -> "1,234,567"; a fraction to one decimal place. */
static void
number(double v, char *buf, size_t sz)
{
	char	 t[64];
	size_t	 n, k = 0, start;

	if (isnan(v)) {
		/* not applicable (category 3 at level 1), as the tables say */
		snprintf(buf, sz, "\xe2\x80\x93");
		return;
	}
	if (v != floor(v) || fabs(v) >= 1e15) {
		snprintf(buf, sz, "%.1f", v);
		return;
	}
	snprintf(t, sizeof(t), "%.0f", v);
	start = t[0] == '-';
	n = strlen(t);
	for (size_t i = 0; i < n && k + 2 < sz; i++) {
		if (i > start && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = t[i];
	}
	buf[k] = '\0';
}

/* ------------------------------------------------------------------ */
/* Headings: ids and numbers, worked out before the contents use them. */

static void
slug(const char *text, char *buf, size_t sz)
{
	size_t	 k = 0;
	bool	 dash = false;

	for (const unsigned char *s = (const unsigned char *)text;
	    *s != '\0' && k + 2 < sz; s++) {
		unsigned char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && k > 0)
				buf[k++] = '-';
			buf[k++] = (char)c;
			dash = false;
		} else
			dash = true;
	}
	buf[k] = '\0';
	if (k == 0)
		snprintf(buf, sz, "section");
	else if (buf[0] >= '0' && buf[0] <= '9') {
		/* An id had better start with a letter. */
		memmove(buf + 2, buf, k + 1 < sz - 2 ? k + 1 : sz - 2);
		buf[0] = 's';
		buf[1] = '-';
		buf[sz - 1] = '\0';
	}
}

static void
heading_ids(struct hw *w)
{
	size_t	 n = mappa_doc_nblocks(w->d);
	int	 cnt[3] = { 0, 0, 0 }, lv;
	char	 id[80], buf[96];

	w->ids = mappa_calloc(n + 1, sizeof(*w->ids));
	w->nums = mappa_calloc(n + 1, sizeof(*w->nums));
	for (size_t i = 0; i < n; i++) {
		const struct mappa_block *b = mappa_doc_block(w->d, i);
		char	*t;
		int	 dup = 1;

		if (mappa_block_kind(b) != MAPPA_BLOCK_HEADING)
			continue;
		lv = mappa_block_level(b);
		/* As the PDF numbers them (layout.c). */
		if (mappa_block_numbered(b)) {
			mappa_heading_number(cnt, lv, buf, sizeof(buf));
			w->nums[i] = mappa_strdup(buf);
		}
		t = plain(b);
		slug(t, id, sizeof(id));
		free(t);
		/* The same title twice gets -2, -3... */
		snprintf(buf, sizeof(buf), "%s", id);
		for (size_t j = 0; j < i; j++)
			if (w->ids[j] != NULL && strcmp(w->ids[j], buf) == 0) {
				snprintf(buf, sizeof(buf), "%s-%d", id, ++dup);
				j = (size_t)-1;
			}
		w->ids[i] = mappa_strdup(buf);
	}
}

/*
 * lang="..." on an element whose language is not the document's: a
 * heading's or paragraph's own, or any block's made from a draft's slot
 * in the other language (its rows, items and images inherit it).
 */
static void
lang_attr(struct hw *w, const struct mappa_block *b)
{
	const char *lang = b != NULL ? mappa_block_lang_get(b) : NULL;

	if (lang == NULL || strcmp(lang, w->lang) == 0)
		return;
	fputs(" lang=\"", w->f);
	esc(w->f, lang);
	fputs("\"", w->f);
}

/*
 * lang_attr() on an element whose content is in b's language, which the
 * writer's own words in it ("Table 3", a chart's description) are then
 * in too: returns the language to restore at its end.
 */
static const char *
lang_enter(struct hw *w, const struct mappa_block *b)
{
	const char *outer = w->lang;

	lang_attr(w, b);
	if (b != NULL && mappa_block_lang_get(b) != NULL)
		w->lang = mappa_block_lang_get(b);
	return outer;
}

static void
contents(struct hw *w, const struct mappa_block *b, size_t at)
{
	size_t	 n = mappa_doc_nblocks(w->d);
	int	 depth = 0, maxd = mappa_doc_page_get(w->d)->toc_depth, lv;
	const char *title = mappa_block_title(b);

	if (maxd < 1)
		maxd = 1;
	fprintf(w->f, "<nav class=\"toc\" aria-labelledby=\"contents-%zu\">\n"
	    "<h2 id=\"contents-%zu\">", at, at);
	esc(w->f, title != NULL && *title ? title : mappa_msg(w->lang,
	    MAPPA_MSG_CONTENTS));
	fputs("</h2>\n", w->f);
	for (size_t i = 0; i < n; i++) {
		const struct mappa_block *h = mappa_doc_block(w->d, i);

		if (mappa_block_kind(h) != MAPPA_BLOCK_HEADING ||
		    (lv = mappa_block_level(h)) > maxd)
			continue;
		/* A deeper level opens lists (one per level skipped too). */
		if (lv > depth) {
			while (depth < lv) {
				fputs(depth ? "\n<ul>" : "<ul>", w->f);
				depth++;
				if (depth < lv)
					fputs("\n<li>", w->f);
			}
		} else {
			fputs("</li>", w->f);
			while (depth > lv) {
				fputs("\n</ul></li>", w->f);
				depth--;
			}
		}
		fprintf(w->f, "\n<li><a href=\"#%s\"", w->ids[i]);
		lang_attr(w, h);	/* the entry is in its heading's */
		fputs(">", w->f);
		if (w->nums[i] != NULL)
			fprintf(w->f, "%s ", w->nums[i]);
		runs(w, h, MAPPA_FACE_BOLD);
		fputs("</a>", w->f);
	}
	if (depth > 0) {
		fputs("</li>", w->f);
		while (depth-- > 1)
			fputs("\n</ul></li>", w->f);
		fputs("\n</ul>\n", w->f);
	}
	fputs("</nav>\n", w->f);
}

/* ------------------------------------------------------------------ */
/* Tables */

static bool
empty(const struct mappa_block *c)
{
	for (size_t i = 0; c != NULL && i < mappa_block_nruns(c); i++) {
		const char *t = mappa_block_run_get(c, i, NULL, NULL);

		if (strspn(t, " ") != strlen(t))
			return false;
	}
	return true;
}

static const char *
cell_class(const struct mappa_block *t, const struct mappa_block *c,
    size_t col)
{
	enum mappa_align a = mappa_table_column_align(t, col);

	if (a == MAPPA_ALIGN_RIGHT || (c != NULL &&
	    mappa_block_value_get(c, NULL, NULL)))
		return " class=\"num\"";
	if (a == MAPPA_ALIGN_CENTRE)
		return " class=\"centre-col\"";
	return "";
}

static void
table(struct hw *w, const struct mappa_block *t,
    const struct mappa_block *cap)
{
	size_t	 nrows, ncols, hrows, id = ++w->ntables;
	bool	 rowhead;
	const char *outer;

	mappa_table_shape(t, &nrows, &ncols, &hrows);
	/* The first column labels the rows of a table with a header. */
	rowhead = hrows > 0 && ncols > 1;
	/* Focusable, so that a keyboard can scroll a wide table. */
	fprintf(w->f, "<div class=\"table-wrap\" role=\"region\" "
	    "tabindex=\"0\" aria-labelledby=\"table-%zu-caption\"", id);
	outer = lang_enter(w, mappa_block_lang_get(t) != NULL ? t : cap);
	fprintf(w->f, ">\n<table id=\"table-%zu\">\n<caption "
	    "id=\"table-%zu-caption\"", id, id);
	if (cap != NULL) {
		fputs(">", w->f);
		runs(w, cap, MAPPA_FACE_BOLD);
	} else if (w->head != SIZE_MAX) {
		/*
		 * A table the board left without a caption has none in print
		 * either; its region still needs a name.  "Table 3" would
		 * clash with the template's own "Table 3." captions, so it
		 * is named by its section, unseen: the screen reader says
		 * "5.1 Training and development", and "(2)" for a second.
		 */
		const struct mappa_block *hb = mappa_doc_block(w->d, w->head);
		const char *hl = mappa_block_lang_get(hb) != NULL ?
		    mappa_block_lang_get(hb) : mappa_doc_lang_get(w->d);
		/* an English board's table under a Welsh heading */
		bool	 other = strcmp(hl, w->lang) != 0;

		fputs(" class=\"vh\">", w->f);
		if (other) {
			fputs("<span lang=\"", w->f);
			esc(w->f, hl);
			fputs("\">", w->f);
		}
		if (w->nums[w->head] != NULL)
			fprintf(w->f, "%s ", w->nums[w->head]);
		runs(w, hb, MAPPA_FACE_BOLD);
		if (other)
			fputs("</span>", w->f);
		if (++w->untitled > 1)
			fprintf(w->f, " (%zu)", w->untitled);
	} else {
		fputs(">", w->f);
		mappa_msg_fprintf(w->f, w->lang, MAPPA_MSG_TABLE_N, id);
	}
	fputs("</caption>\n", w->f);
	for (size_t r = 0; r < nrows; r++) {
		bool	 head = r < hrows;

		if (r == 0 && head)
			fputs("<thead>\n", w->f);
		if (r == hrows)
			fputs("<tbody>\n", w->f);
		fputs("<tr>", w->f);
		for (size_t c = 0; c < ncols; c++) {
			const struct mappa_block *cell =
			    mappa_table_cell_at(t, r, c);
			const char *cls = cell_class(t, cell, c);

			if (head && !empty(cell)) {
				fprintf(w->f, "<th scope=\"col\"%s>", cls);
				runs(w, cell, MAPPA_FACE_BOLD);
				fputs("</th>", w->f);
			} else if (!head && c == 0 && rowhead &&
			    !empty(cell)) {
				fprintf(w->f, "<th scope=\"row\"%s>", cls);
				runs(w, cell, MAPPA_FACE_REGULAR);
				fputs("</th>", w->f);
			} else {
				fprintf(w->f, "<td%s>", cls);
				if (cell != NULL)
					runs(w, cell, head ? MAPPA_FACE_BOLD :
					    MAPPA_FACE_REGULAR);
				fputs("</td>", w->f);
			}
		}
		fputs("</tr>\n", w->f);
		if (head && r + 1 == hrows)
			fputs("</thead>\n", w->f);
	}
	if (nrows > hrows)
		fputs("</tbody>\n", w->f);
	fputs("</table>\n</div>\n", w->f);
	w->lang = outer;
}

/* ------------------------------------------------------------------ */
/* Charts: inline SVG drawn from the figures, which a table then gives. */

/* A step of 1, 2 or 5 times a power of ten giving at most 6 intervals. */
static double
nice_step(double max)
{
	double	 p, m[] = { 1, 2, 5, 10 };

	if (max <= 0)
		return 1;
	p = pow(10, floor(log10(max / 6)));
	for (size_t i = 0; i < 4; i++)
		if (max / (m[i] * p) <= 6)
			return m[i] * p < 1 ? 1 : m[i] * p;
	return 10 * p;
}

static void
chart_desc(struct hw *w, const struct mappa_block *c, const char *title)
{
	const char *xl, *yl;
	char	 num[48];
	size_t	 ncat = mappa_chart_ncategories(c), nser = mappa_chart_nseries(c);

	mappa_chart_labels_get(c, &xl, &yl);
	fputs(mappa_msg(w->lang, mappa_chart_type_get(c) == MAPPA_CHART_LINE ?
	    MAPPA_MSG_LINE_CHART : MAPPA_MSG_BAR_CHART), w->f);
	if (yl != NULL && *yl) {
		fputs(mappa_msg(w->lang, MAPPA_MSG_CHART_OF), w->f);
		esc(w->f, yl);
	}
	if (xl != NULL && *xl) {
		fputs(mappa_msg(w->lang, MAPPA_MSG_CHART_BY), w->f);
		esc(w->f, xl);
	}
	if (title != NULL && *title) {
		fputs(": ", w->f);
		esc(w->f, title);
	}
	fputs(".", w->f);
	for (size_t k = 0; k < ncat; k++) {
		fputs(" ", w->f);
		esc(w->f, mappa_chart_category_get(c, k));
		fputs(":", w->f);
		for (size_t s = 0; s < nser; s++) {
			const double *v;
			size_t	 n;
			const char *name = mappa_chart_series_get(c, s, &v, &n);

			number(k < n ? v[k] : 0, num, sizeof(num));
			fprintf(w->f, "%s ", s ? "," : "");
			if (nser > 1 || (name != NULL && *name)) {
				esc(w->f, name);
				fputs(" ", w->f);
			}
			fputs(k < n && isnan(v[k]) ? mappa_msg(w->lang,
			    MAPPA_MSG_NOT_APPLICABLE) : num, w->f);
		}
		fputs(k + 1 < ncat ? ";" : ".", w->f);
	}
}

static void
chart_svg(struct hw *w, const struct mappa_block *c, size_t id,
    const char *title)
{
	size_t	 ncat = mappa_chart_ncategories(c), nser = mappa_chart_nseries(c);
	double	 max = 0, step, top, h, pw, ph, x0, y0, gw, bw;
	bool	 line = mappa_chart_type_get(c) == MAPPA_CHART_LINE;
	const char *xl, *yl;
	char	 num[48];

	mappa_chart_labels_get(c, &xl, &yl);
	for (size_t s = 0; s < nser; s++) {
		const double *v;
		size_t	 n;

		mappa_chart_series_get(c, s, &v, &n);
		for (size_t k = 0; k < n; k++)
			if (v[k] > max)
				max = v[k];
	}
	step = nice_step(max);
	top = step * ceil(max / step);
	if (top <= 0)
		top = step;
	h = 260;
	pw = CHART_W - CHART_LEFT - CHART_RIGHT;
	ph = h - CHART_TOP - CHART_BOTTOM;
	x0 = CHART_LEFT;
	y0 = CHART_TOP + ph;
	fprintf(w->f, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	    "aria-labelledby=\"chart-%zu-title chart-%zu-desc\">\n"
	    "<title id=\"chart-%zu-title\">", CHART_W, h, CHART_W, h, id, id,
	    id);
	esc(w->f, title != NULL && *title ? title : mappa_msg(w->lang,
	    MAPPA_MSG_CHART));
	fprintf(w->f, "</title>\n<desc id=\"chart-%zu-desc\">", id);
	chart_desc(w, c, NULL);
	fputs("</desc>\n", w->f);
	/* Grid lines and the y axis' numbers. */
	for (double v = 0; v <= top + step / 2; v += step) {
		double y = y0 - ph * v / top;

		number(v, num, sizeof(num));
		fprintf(w->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s"
		    "</text>\n", x0, y, x0 + pw, y, v == 0 ? "#0b0c0c" :
		    "#d8d8d8", x0 - 6, y + 4, num);
	}
	if (yl != NULL && *yl) {
		fprintf(w->f, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
		    "transform=\"rotate(-90 14 %.1f)\">", CHART_TOP + ph / 2,
		    CHART_TOP + ph / 2);
		esc(w->f, yl);
		fputs("</text>\n", w->f);
	}
	gw = ncat ? pw / (double)ncat : pw;
	bw = nser ? gw * 0.7 / (double)nser : gw;
	for (size_t k = 0; k < ncat; k++) {
		fprintf(w->f, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", x0 + gw * ((double)k + 0.5),
		    y0 + 18);
		esc(w->f, mappa_chart_category_get(c, k));
		fputs("</text>\n", w->f);
	}
	for (size_t s = 0; s < nser; s++) {
		const double *v;
		size_t	 n;
		const char *col = palette[s % NPALETTE];

		mappa_chart_series_get(c, s, &v, &n);
		if (line) {
			/* A value that is not applicable breaks the line. */
			bool	 open = false;

			for (size_t k = 0; k < n && k < ncat; k++) {
				if (isnan(v[k])) {
					if (open)
						fputs("\"/>\n", w->f);
					open = false;
					continue;
				}
				if (!open)
					fprintf(w->f, "<polyline fill=\"none\" "
					    "stroke=\"%s\" stroke-width=\"2.5\" "
					    "points=\"", col);
				fprintf(w->f, "%s%.1f,%.1f", open ? " " : "",
				    x0 + gw * ((double)k + 0.5),
				    y0 - ph * v[k] / top);
				open = true;
			}
			if (open)
				fputs("\"/>\n", w->f);
		}
		for (size_t k = 0; k < n && k < ncat; k++) {
			double	 bh = isnan(v[k]) ? 0 : ph * v[k] / top;

			/* a bar of 1 beside 561 stays visible, as in the PDF */
			if (!line && v[k] > 0 && bh < 2)
				bh = 2;
			double	 x = line ? x0 + gw * ((double)k + 0.5) :
			    x0 + gw * (double)k + gw * 0.15 + bw * (double)s;

			number(v[k], num, sizeof(num));
			if (isnan(v[k]))
				;	/* no mark, only the dash */
			else if (line)
				fprintf(w->f, "<circle cx=\"%.1f\" cy=\"%.1f\" "
				    "r=\"4\" fill=\"%s\"/>", x, y0 - bh, col);
			else
				fprintf(w->f, "<rect x=\"%.1f\" y=\"%.1f\" "
				    "width=\"%.1f\" height=\"%.1f\" "
				    "fill=\"%s\"/>", x, y0 - bh, bw, bh, col);
			fprintf(w->f, "<text x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"middle\">%s</text>\n",
			    line ? x : x + bw / 2, y0 - bh - 5, num);
		}
	}
	/* The legend, in one row under the categories. */
	for (size_t s = 0; s < nser; s++) {
		double	 lx = x0 + (double)s * (pw / (double)(nser ? nser : 1));
		const char *name = mappa_chart_series_get(c, s, NULL, NULL);

		fprintf(w->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">",
		    lx, h - 26, palette[s % NPALETTE], lx + 17, h - 16);
		esc(w->f, name != NULL ? name : "");
		fputs("</text>\n", w->f);
	}
	fputs("</svg>\n", w->f);
}

/* The chart's figures: a row per category, a column per series. */
static void
chart_table(struct hw *w, const struct mappa_block *c, const char *title)
{
	size_t	 ncat = mappa_chart_ncategories(c), nser = mappa_chart_nseries(c);
	const char *xl;
	char	 num[48];

	mappa_chart_labels_get(c, &xl, NULL);
	/* The figure's caption names the chart: this one need not. */
	(void)title;
	fputs("<table class=\"chart-data\">\n<caption>", w->f);
	esc(w->f, mappa_msg(w->lang, MAPPA_MSG_CHART_FIGURES));
	fputs("</caption>\n<thead><tr>", w->f);
	if (xl != NULL && *xl) {
		fputs("<th scope=\"col\">", w->f);
		esc(w->f, xl);
		fputs("</th>", w->f);
	} else
		fputs("<td></td>", w->f);
	for (size_t s = 0; s < nser; s++) {
		const char *name = mappa_chart_series_get(c, s, NULL, NULL);

		fputs("<th scope=\"col\" class=\"num\">", w->f);
		esc(w->f, name != NULL && *name ? name : mappa_msg(w->lang,
		    MAPPA_MSG_VALUE));
		fputs("</th>", w->f);
	}
	fputs("</tr></thead>\n<tbody>\n", w->f);
	for (size_t k = 0; k < ncat; k++) {
		fputs("<tr><th scope=\"row\">", w->f);
		esc(w->f, mappa_chart_category_get(c, k));
		fputs("</th>", w->f);
		for (size_t s = 0; s < nser; s++) {
			const double *v;
			size_t	 n;

			mappa_chart_series_get(c, s, &v, &n);
			number(k < n ? v[k] : 0, num, sizeof(num));
			fprintf(w->f, "<td class=\"num\">%s</td>", num);
		}
		fputs("</tr>\n", w->f);
	}
	fputs("</tbody>\n</table>\n", w->f);
}

static void
chart(struct hw *w, const struct mappa_block *c,
    const struct mappa_block *cap)
{
	size_t	 id = ++w->ncharts;
	char	*title = cap != NULL ? plain(cap) :
		    mappa_strdup(mappa_block_title(c) != NULL ?
		    mappa_block_title(c) : "");
	const char *outer;

	fprintf(w->f, "<figure aria-labelledby=\"chart-%zu-caption\"", id);
	outer = lang_enter(w, mappa_block_lang_get(c) != NULL ? c : cap);
	fprintf(w->f, ">\n<figcaption id=\"chart-%zu-caption\">", id);
	if (cap != NULL)
		runs(w, cap, MAPPA_FACE_BOLD);
	else
		esc(w->f, *title ? title : mappa_msg(w->lang,
		    MAPPA_MSG_CHART));
	fputs("</figcaption>\n<div class=\"chart-body\">\n", w->f);
	chart_svg(w, c, id, title);
	chart_table(w, c, title);
	fputs("</div>\n</figure>\n", w->f);
	w->lang = outer;
	free(title);
}

/* ------------------------------------------------------------------ */
/* Images: embedded as data URIs, so that the file stays self-contained */

static void
base64(FILE *f, const unsigned char *p, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char	 q[4];

	for (; n >= 3; p += 3, n -= 3) {
		q[0] = a[p[0] >> 2];
		q[1] = a[(p[0] & 3) << 4 | p[1] >> 4];
		q[2] = a[(p[1] & 15) << 2 | p[2] >> 6];
		q[3] = a[p[2] & 63];
		fwrite(q, 1, 4, f);
	}
	if (n > 0) {
		q[0] = a[p[0] >> 2];
		q[1] = a[(p[0] & 3) << 4 | (n > 1 ? p[1] >> 4 : 0)];
		q[2] = n > 1 ? a[(p[1] & 15) << 2] : '=';
		q[3] = '=';
		fwrite(q, 1, 4, f);
	}
}

/*
 * One <img>: alt NULL is a decorative image (alt="").  style, if not
 * NULL, sizes it in points as the PDF does.  An image without bytes
 * (a test's document) is left out.
 */
static void
image(struct hw *w, const struct mappa_image *im, const char *alt,
    const char *style)
{
	if (im == NULL || im->data == NULL || im->len == 0)
		return;
	fprintf(w->f, "<img src=\"data:image/%s;base64,",
	    im->jpeg ? "jpeg" : "png");
	base64(w->f, im->data, im->len);
	fprintf(w->f, "\" width=\"%u\" height=\"%u\" alt=\"", im->width,
	    im->height);
	if (alt != NULL)
		esc(w->f, alt);
	fputs("\"", w->f);
	if (style != NULL)
		fprintf(w->f, " style=\"%s\"", style);
	fputs(">", w->f);
}

static void
image_block(struct hw *w, const struct mappa_block *b)
{
	const char *alt, *cls;
	const struct mappa_image *im = mappa_block_image_get(b, 0, &alt);
	double	 width = mappa_block_width(b);
	char	 style[64];

	switch (mappa_block_align(b)) {
	case MAPPA_ALIGN_CENTRE:
		cls = " class=\"centre\"";
		break;
	case MAPPA_ALIGN_RIGHT:
		cls = " class=\"right\"";
		break;
	default:
		cls = "";
		break;
	}
	snprintf(style, sizeof(style), "width:%.0fpt", width);
	fprintf(w->f, "<p%s", cls);
	lang_attr(w, b);
	fputs(">", w->f);
	image(w, im, alt, width > 0 ? style : NULL);
	fputs("</p>\n", w->f);
}

static void
logos(struct hw *w, const struct mappa_block *b)
{
	const char *alt;
	char	 style[64];

	snprintf(style, sizeof(style), "height:%.0fpt", mappa_block_height(b));
	fputs("<div class=\"logos\"", w->f);
	lang_attr(w, b);
	fputs(">", w->f);
	for (size_t i = 0; i < mappa_block_nimages(b); i++) {
		const struct mappa_image *im = mappa_block_image_get(b, i,
		    &alt);

		image(w, im, alt, style);
	}
	fputs("</div>\n", w->f);
}

/* Signatories side by side: signature (if any), name, role. */
static void
signatures(struct hw *w, const struct mappa_block *b)
{
	const char *alt;

	fputs("<div class=\"signatures\"", w->f);
	lang_attr(w, b);
	fputs(">\n", w->f);
	for (size_t i = 0; i < mappa_block_nitems(b); i++) {
		const struct mappa_image *im = mappa_block_image_get(b, i,
		    &alt);

		fputs("<div class=\"signatory\">", w->f);
		image(w, im, alt, NULL);
		fputs("<p>", w->f);
		runs(w, mappa_block_item(b, i), MAPPA_FACE_REGULAR);
		fputs("</p></div>\n", w->f);
	}
	fputs("</div>\n", w->f);
}

/* ------------------------------------------------------------------ */

static void
paragraph(struct hw *w, const struct mappa_block *b, const char *cls)
{
	enum mappa_align a = mappa_block_align(b);
	double	 size = block_size(b);
	bool	 small = size > 0 && size < w->base - 0.5;

	if (a == MAPPA_ALIGN_CENTRE)
		cls = "centre";
	else if (a == MAPPA_ALIGN_RIGHT)
		cls = "right";
	else if (small && cls == NULL)
		cls = "prov";
	fputs("<p", w->f);
	if (cls != NULL)
		fprintf(w->f, " class=\"%s\"", cls);
	lang_attr(w, b);
	fputs(">", w->f);
	runs(w, b, MAPPA_FACE_REGULAR);
	fputs("</p>\n", w->f);
}

static void
list(struct hw *w, const struct mappa_block *b)
{
	const char *tag = mappa_block_numbered(b) ? "ol" : "ul";

	fprintf(w->f, "<%s", tag);
	lang_attr(w, b);
	fputs(">\n", w->f);
	for (size_t i = 0; i < mappa_block_nitems(b); i++) {
		fputs("<li>", w->f);
		runs(w, mappa_block_item(b, i), MAPPA_FACE_REGULAR);
		fputs("</li>\n", w->f);
	}
	fprintf(w->f, "</%s>\n", tag);
}

/*
 * The cover: the blocks before the first page break, if no heading or
 * contents comes before it.  Returns how many blocks it has (0: none).
 */
static size_t
cover_end(const struct mappa_doc *d)
{
	size_t	 n = mappa_doc_nblocks(d);

	for (size_t i = 0; i < n; i++)
		switch (mappa_block_kind(mappa_doc_block(d, i))) {
		case MAPPA_BLOCK_PAGEBREAK:
			return i;
		case MAPPA_BLOCK_HEADING:
		case MAPPA_BLOCK_CONTENTS:
		case MAPPA_BLOCK_TABLE:
		case MAPPA_BLOCK_CHART:
			return 0;
		default:
			break;
		}
	return 0;
}

/*
 * The one h1: the cover's paragraphs set in its largest size, one line
 * each; without a cover, the title.
 */
static void
cover(struct hw *w, size_t end)
{
	double	 big = 0;
	bool	 h1 = false;
	const char *title = mappa_doc_meta(w->d, MAPPA_META_TITLE);

	for (size_t i = 0; i < end; i++) {
		const struct mappa_block *b = mappa_doc_block(w->d, i);

		if (mappa_block_kind(b) == MAPPA_BLOCK_PARAGRAPH &&
		    block_size(b) > big)
			big = block_size(b);
	}
	fputs("<header class=\"cover\">\n", w->f);
	for (size_t i = 0; i < end; i++) {
		const struct mappa_block *b = mappa_doc_block(w->d, i);
		enum mappa_block_kind k = mappa_block_kind(b);
		bool	 top = k == MAPPA_BLOCK_PARAGRAPH && big > w->base &&
			    block_size(b) == big;

		if (top) {
			fputs(h1 ? "<br>" : "<h1>", w->f);
			runs(w, b, MAPPA_FACE_BOLD);
			h1 = true;
			continue;
		}
		if (h1 && !top) {
			fputs("</h1>\n", w->f);
			h1 = false;
			big = -1;	/* one h1 */
		}
		if (k == MAPPA_BLOCK_PARAGRAPH)
			paragraph(w, b, block_size(b) >= 1.4 * w->base ?
			    "kicker" : NULL);
		else if (k == MAPPA_BLOCK_RULE)
			fputs("<hr>\n", w->f);
		else if (k == MAPPA_BLOCK_IMAGE)
			image_block(w, b);
		else if (k == MAPPA_BLOCK_LOGOS)
			logos(w, b);
	}
	if (h1)
		fputs("</h1>\n", w->f);
	else if (big >= 0) {
		/* No line stood out: the title is the heading. */
		fputs("<h1>", w->f);
		esc(w->f, title != NULL ? title : mappa_msg(w->lang,
		    MAPPA_MSG_REPORT));
		fputs("</h1>\n", w->f);
	}
	fputs("</header>\n", w->f);
}

static void
meta(struct hw *w, const char *name, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	fprintf(w->f, "<meta name=\"%s\" content=\"", name);
	esc(w->f, value);
	fputs("\">\n", w->f);
}

static void
head(struct hw *w)
{
	const char *title = mappa_doc_meta(w->d, MAPPA_META_TITLE);
	const char *k, *v;
	struct mappa_time t;
	char	 date[32], name[64];

	fputs("<!DOCTYPE html>\n<html lang=\"", w->f);
	esc(w->f, w->lang);
	fputs("\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    /* Nothing is fetched and nothing runs, whoever opens it. */
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	    "<title>", w->f);
	esc(w->f, title != NULL && *title ? title : mappa_msg(w->lang,
	    MAPPA_MSG_REPORT));
	fputs("</title>\n", w->f);
	meta(w, "author", mappa_doc_meta(w->d, MAPPA_META_AUTHOR));
	meta(w, "description", mappa_doc_meta(w->d, MAPPA_META_SUBJECT));
	meta(w, "keywords", mappa_doc_meta(w->d, MAPPA_META_KEYWORDS));
	meta(w, "generator", mappa_doc_meta(w->d, MAPPA_META_CREATOR));
	mappa_doc_dates_get(w->d, &t, NULL);
	if (t.year > 0) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", t.year, t.month,
		    t.day);
		meta(w, "dcterms.created", date);
	}
	mappa_doc_extra_get(w->d, &k, &v);
	if (k != NULL) {
		/* "Provenance" -> "provenance", as verify reads it. */
		size_t	 i;

		for (i = 0; k[i] != '\0' && i + 1 < sizeof(name); i++)
			name[i] = (k[i] >= 'A' && k[i] <= 'Z') ?
			    (char)(k[i] - 'A' + 'a') : k[i];
		name[i] = '\0';
		meta(w, name, v);
	}
	fprintf(w->f, "<style>\n%s</style>\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">", css);
	esc(w->f, mappa_msg(w->lang, MAPPA_MSG_SKIP));
	fputs("</a>\n", w->f);
}

int
mappa_html_write(FILE *f, const struct mappa_doc *d)
{
	struct hw	 w;
	size_t		 n = mappa_doc_nblocks(d), start;
	int		 rc = 0;
	bool		 box = false;	/* inside a boxed panel */

	memset(&w, 0, sizeof(w));
	w.f = f;
	w.d = d;
	w.lang = mappa_doc_lang_get(d);
	w.base = mappa_doc_page_get(d)->font_size;
	w.head = SIZE_MAX;
	heading_ids(&w);
	head(&w);
	start = cover_end(d);
	cover(&w, start);
	fputs("<main id=\"main\">\n", f);
	for (size_t i = start; i < n; i++) {
		const struct mappa_block *b = mappa_doc_block(d, i);
		const struct mappa_block *next = mappa_doc_block(d, i + 1);
		int	 lv;

		switch (mappa_block_kind(b)) {
		case MAPPA_BLOCK_HEADING:
			w.head = i;
			w.untitled = 0;
			lv = mappa_block_level(b) + 1;
			fprintf(f, "<h%d id=\"%s\"", lv, w.ids[i]);
			lang_attr(&w, b);
			fputs(">", f);
			if (w.nums[i] != NULL)
				fprintf(f, "%s ", w.nums[i]);
			runs(&w, b, MAPPA_FACE_BOLD);
			fprintf(f, "</h%d>\n", lv);
			break;
		case MAPPA_BLOCK_PARAGRAPH:
			paragraph(&w, b, NULL);
			break;
		case MAPPA_BLOCK_CAPTION:
			/* A caption belongs to the table or chart after it. */
			if (next != NULL &&
			    mappa_block_kind(next) == MAPPA_BLOCK_TABLE) {
				table(&w, next, b);
				i++;
			} else if (next != NULL &&
			    mappa_block_kind(next) == MAPPA_BLOCK_CHART) {
				chart(&w, next, b);
				i++;
			} else
				paragraph(&w, b, NULL);
			break;
		case MAPPA_BLOCK_LIST:
			list(&w, b);
			break;
		case MAPPA_BLOCK_TABLE:
			table(&w, b, NULL);
			break;
		case MAPPA_BLOCK_CHART:
			chart(&w, b, NULL);
			break;
		case MAPPA_BLOCK_RULE:
			fputs("<hr>\n", f);
			break;
		case MAPPA_BLOCK_PAGEBREAK:
			if (i > start)
				fputs("<div class=\"page-break\"></div>\n", f);
			break;
		case MAPPA_BLOCK_CONTENTS:
			contents(&w, b, i);
			break;
		case MAPPA_BLOCK_IMAGE:
			image_block(&w, b);
			break;
		case MAPPA_BLOCK_LOGOS:
			logos(&w, b);
			break;
		case MAPPA_BLOCK_SIGNATURES:
			signatures(&w, b);
			break;
		case MAPPA_BLOCK_BOX_BEGIN:
			/* Boxes don't nest (layout.h): an inner one is ignored. */
			if (!box)
				fputs("<div class=\"box\">\n", f);
			box = true;
			break;
		case MAPPA_BLOCK_BOX_END:
			if (box)
				fputs("</div>\n", f);
			box = false;
			break;
		case MAPPA_BLOCK_SPACE:
		case MAPPA_BLOCK_OTHER:
			break;
		}
	}
	if (box)
		fputs("</div>\n", f);
	fputs("</main>\n</body>\n</html>\n", f);
	for (size_t i = 0; i < n; i++) {
		free(w.ids[i]);
		free(w.nums[i]);
	}
	free(w.ids);
	free(w.nums);
	if (fflush(f) == EOF || ferror(f)) {
		if (errno == 0)
			errno = EIO;
		rc = -1;
	}
	return rc;
}
