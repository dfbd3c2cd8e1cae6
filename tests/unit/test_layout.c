/* test_layout.c: golden layout dumps and the rules every dump must keep. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mappa/device.h"
#include "mappa/layout.h"
/* The private header holds together when included twice (issue 13). */
#include "../../generator/layout/layout_int.h"
#include "../../generator/layout/layout_int.h"

/* Render a document file to a dump in memory; returns the text. */
static char *
dump(const char *path, unsigned long *errors, unsigned long *warnings)
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc;
	struct mappa_device	*dev;
	FILE			*in, *out, *null;
	char			*buf = NULL;
	size_t			 len = 0;
	int			 rc;

	null = fopen("/dev/null", "w");
	assert_non_null(null);
	mappa_diag_init(&diag, path, null);
	in = fopen(path, "r");
	assert_non_null(in);
	doc = mappa_doc_read(in, &diag);
	fclose(in);
	assert_non_null(doc);
	out = open_memstream(&buf, &len);
	dev = mappa_dump_device_new(out);
	/* an error, and only an error, draws nothing: an empty layout */
	rc = mappa_layout_render(doc, dev, &diag);
	assert_int_equal(rc, diag.errors > 0 ? -1 : 0);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	fclose(out);
	fclose(null);
	*errors = diag.errors;
	*warnings = diag.warnings;
	return buf;
}

static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "r");
	char	*buf;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/*
 * The rules: no widow or orphan (a page never starts with the last line
 * of a paragraph nor ends with its first), justified lines but the last
 * and those before a forced break reach the right edge, no word past the widest justified line.
 */
static void
rules(const char *name, char *text)
{
	char	*line, *save, kind[16];
	unsigned k, n, lastk = 0, lastn = 0;
	int	 first = 0, injust = 0, pending = 0, leader = 0, hyphens = 0;
	double	 x, y, w, right = 0, lineright = 0, leadery = 0;
	double	 leaderend = 0;

	/* pass 1: the right edge is where justified lines end */
	{
		char *copy = strdup(text);

		for (line = strtok_r(copy, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			if (sscanf(line, " word %lf %lf %lf", &x, &y, &w) == 3 &&
			    x + w > right)
				right = x + w;
		free(copy);
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "page ", 5) == 0 || strcmp(line, "end") == 0) {
			if (lastk == 1 && lastn > 1)
				fail_msg("%s: orphan before %s", name, line);
			if (pending && injust)
				assert_true(lineright > right - 0.01);
			first = 1;
			pending = 0;
			continue;
		}
		if (sscanf(line, " word %lf %lf %lf", &x, &y, &w) == 3) {
			/*
			 * contents: dot leaders run up to the page number,
			 * stopping a space before the widest number ("00 ",
			 * about 13 pt at 10.5 pt): the gap to a one-digit
			 * number is at most that.  (The dump's width of the
			 * leaders ends at their last dot, no trailing space.)
			 */
			if (leader && y == leadery && x - leaderend > 14)
				fail_msg("%s: leaders stop %.1f pt short of the "
				    "page number: %s", name, x - leaderend,
				    line);
			leader = strstr(line, "\". . .") != NULL;
			leadery = y;
			leaderend = x + w;
			if (x + w > right + 0.01)
				fail_msg("%s: word past the margin: %s", name,
				    line);
			if (x + w > lineright)
				lineright = x + w;
			continue;
		}
		if (sscanf(line, " %15s line %u/%u", kind, &k, &n) != 3)
			continue;
		if (pending && injust && lineright < right - 0.01)
			fail_msg("%s: justified line short of the margin "
			    "(%.2f < %.2f) before: %s", name, lineright, right,
			    line);
		/* no more than two hyphenated lines in a row (issue 12) */
		hyphens = strstr(line, " hyphen") == NULL ? 0 : k == 1 ? 1 :
		    hyphens + 1;
		if (hyphens > 2)
			fail_msg("%s: three hyphenated lines in a row: %s",
			    name, line);
		injust = strcmp(kind, "para") == 0 || strcmp(kind, "item") == 0;
		if (first && k == n && n > 1)
			fail_msg("%s: widow at the top of a page: %s", name,
			    line);
		first = 0;
		lastk = k;
		lastn = n;
		/* a line ended by a forced break is not justified */
		pending = k < n && strstr(line, " break") == NULL;
		lineright = 0;
	}
}

static void
golden(void **state)
{
	const char	*src = getenv("SRCDIR");
	char		 dir[4096], path[4200], *got, *want, *text;
	struct dirent	*de;
	DIR		*d;
	size_t		 n;
	unsigned long	 errors, warnings, want_e, want_w;
	char		*end;
	int		 cases = 0, update = getenv("MAPPA_UPDATE_GOLDEN") != NULL;
	FILE		*f;

	assert_non_null(src);
	snprintf(dir, sizeof(dir), "%s/tests/data/layout", src);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".doc") != 0)
			continue;
		assert_true(snprintf(path, sizeof(path), "%s/%s", dir,
		    de->d_name) < (int)sizeof(path));
		got = dump(path, &errors, &warnings);
		snprintf(path, sizeof(path), "%s/%.*s.err", dir, (int)n - 4,
		    de->d_name);
		/* NAME.err: "ERRORS WARNINGS"; no file means none of either */
		want = slurp(path);
		want_e = want_w = 0;
		if (want != NULL) {
			want_e = strtoul(want, &end, 10);
			want_w = strtoul(end, NULL, 10);
		}
		if (errors != want_e || warnings != want_w)
			fail_msg("%s: %lu errors and %lu warnings, expected "
			    "%lu and %lu", de->d_name, errors, warnings, want_e,
			    want_w);
		free(want);
		snprintf(path, sizeof(path), "%s/%.*s.layout", dir, (int)n - 4,
		    de->d_name);
		if (update) {
			f = fopen(path, "w");
			assert_non_null(f);
			fputs(got, f);
			fclose(f);
		}
		want = slurp(path);
		if (want == NULL)
			fail_msg("%s: missing", path);
		if (strcmp(got, want) != 0)
			fail_msg("%s: differs from the layout; to see how, run "
			    "the render tool on the .doc and diff", path);
		text = strdup(got);
		rules(de->d_name, text);
		free(text);
		free(got);
		free(want);
		cases++;
	}
	closedir(d);
	assert_true(cases >= 8);
}

/* The demo document keeps the same rules over its pages. */
static void
demo(void **state)
{
	char		 path[4200];
	unsigned long	 errors, warnings;
	char		*got;

	snprintf(path, sizeof(path), "%s/tests/typeset/demo.doc",
	    getenv("SRCDIR"));
	got = dump(path, &errors, &warnings);
	assert_int_equal(errors, 0);
	assert_int_equal(warnings, 0);
	rules("demo", got);
	free(got);
}

/* The builder API alone, with ownership: everything freed by the doc. */
static void
api(void **state)
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc = mappa_doc_new();
	struct mappa_block	*b, *t;
	struct mappa_device	*dev;
	struct mappa_time	 when = { 2024, 3, 31, 12, 0, 0, 60 };
	double			 v[3] = { 1, 2, 3 };
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*out;

	mappa_diag_init(&diag, "api", stderr);
	mappa_doc_set(doc, MAPPA_META_TITLE, "Title");
	mappa_doc_dates(doc, &when, &when);
	mappa_doc_extra(doc, "Provenance", "sha256=00");
	mappa_doc_running(doc, 1, NULL, "Page {page} of {pages}", NULL);
	b = mappa_doc_heading(doc, 1, 1);
	mappa_block_text(b, MAPPA_FACE_REGULAR, "Heading");
	b = mappa_doc_paragraph(doc, MAPPA_ALIGN_JUSTIFY);
	mappa_block_run(b, MAPPA_FACE_ITALIC, 12, "Big italic ");
	mappa_block_text(b, MAPPA_FACE_BOLD, "bold.");
	t = mappa_doc_table(doc, 2, 1);
	mappa_table_column(t, 1, 0, MAPPA_ALIGN_RIGHT);
	mappa_table_row(t);
	mappa_block_text(mappa_table_cell(t), 0, "Name");
	mappa_block_text(mappa_table_cell(t), 0, "Count");
	mappa_table_row(t);
	mappa_block_text(mappa_table_cell(t), 0, "A");
	mappa_block_text(mappa_table_cell(t), 0, "1");
	b = mappa_doc_chart(doc, MAPPA_CHART_LINE, "C", 100);
	mappa_chart_category(b, "x");
	mappa_chart_category(b, "y");
	mappa_chart_category(b, "z");
	mappa_chart_series(b, "s", v, 3);
	mappa_doc_rule(doc);
	mappa_doc_space(doc, 10);
	mappa_doc_pagebreak(doc);
	b = mappa_doc_list(doc, 0);
	mappa_block_text(mappa_list_item(b), 0, "item");
	out = open_memstream(&buf, &len);
	dev = mappa_dump_device_new(out);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), 0);
	mappa_device_free(dev);
	fclose(out);
	assert_non_null(strstr(buf, "page 2 "));
	assert_non_null(strstr(buf, "\"Page 2 of 2\""));
	assert_non_null(strstr(buf, "outline 1"));
	free(buf);
	mappa_doc_free(doc);
	mappa_doc_free(NULL);
	mappa_device_free(NULL);
}

/*
 * Render a document of flaws that layout works around (a word wider than
 * its column, a chart taller than the page, glyphs the font lacks), as a
 * final report or not: its messages in *buf, the render's result back.
 */
static int
flaws(int final, struct mappa_diag *diag, char **buf)
{
	struct mappa_doc	*doc = mappa_doc_new();
	struct mappa_device	*dev;
	struct mappa_page_setup	*pg = mappa_doc_page(doc);
	struct mappa_block	*b;
	FILE			*null = fopen("/dev/null", "w"), *msg;
	size_t			 len = 0;
	int			 rc;

	*buf = NULL;
	msg = open_memstream(buf, &len);
	mappa_diag_init(diag, "w", msg);
	pg->width = 200;
	pg->height = 200;
	pg->top = pg->bottom = pg->left = pg->right = 20;
	mappa_doc_final(doc, final);
	mappa_block_text(mappa_doc_paragraph(doc, 0), 0,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ");
	mappa_doc_chart(doc, MAPPA_CHART_LINE, NULL, 400);
	mappa_block_text(mappa_doc_paragraph(doc, 0), 0, "\xe2\x98\x83");
	/* outside the BMP (issue 16 item 9), with its template line */
	b = mappa_doc_paragraph(doc, 0);
	mappa_block_line(b, 42);
	mappa_block_text(b, 0, "Dorset \xf0\x9f\x98\x80 and \xf0\x9d\x90\x80");
	dev = mappa_dump_device_new(null);
	rc = mappa_layout_render(doc, dev, diag);
	mappa_diag_summary(diag, "no report written");
	fclose(msg);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	fclose(null);
	return rc;
}

/*
 * Flaws that layout works around are warnings: printed as such, counted
 * apart, and the render succeeds.
 */
static void
warnings(void **state)
{
	struct mappa_diag	 diag;
	char			*buf;

	assert_int_equal(flaws(0, &diag, &buf), 0);
	assert_int_equal(diag.errors, 0);
	if (diag.warnings != 5)
		fail_msg("warnings: %lu\n%s", diag.warnings, buf);
	assert_non_null(strstr(buf, "w: warning: word too wide"));
	assert_non_null(strstr(buf, "w: warning: a chart 400.0 pt tall"));
	assert_non_null(strstr(buf, "w: warning: no glyph for U+2603"));
	assert_non_null(strstr(buf, "w:42: warning: no glyph for U+1F600"));
	assert_non_null(strstr(buf, "w:42: warning: no glyph for U+1D400"));
	assert_null(strstr(buf, "error"));
	free(buf);
}

/*
 * In a final report (issue 20 item 2) the same flaws are errors and
 * nothing is drawn, but for the chart drawn as tall as the page: it
 * loses nothing, and stays a warning.
 */
static void
final(void **state)
{
	struct mappa_diag	 diag;
	char			*buf;

	assert_int_equal(flaws(1, &diag, &buf), -1);
	if (diag.errors != 4 || diag.warnings != 1)
		fail_msg("errors %lu, warnings %lu:\n%s", diag.errors,
		    diag.warnings, buf);
	assert_non_null(strstr(buf, "w: error: word too wide"));
	assert_non_null(strstr(buf, "w: warning: a chart 400.0 pt tall"));
	assert_non_null(strstr(buf, "w: error: no glyph for U+2603"));
	assert_non_null(strstr(buf, "w:42: error: no glyph for U+1F600"));
	assert_non_null(strstr(buf, "4 errors; no report written"));
	free(buf);
}

/* Render a document built by the caller to a dump in memory. */
static char *
dumpdoc(struct mappa_doc *doc)
{
	struct mappa_diag	 diag;
	struct mappa_device	*dev;
	FILE			*out, *null = fopen("/dev/null", "w");
	char			*buf = NULL;
	size_t			 len = 0;

	mappa_diag_init(&diag, "doc", null);
	out = open_memstream(&buf, &len);
	dev = mappa_dump_device_new(out);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), 0);
	mappa_device_free(dev);
	fclose(out);
	fclose(null);
	return buf;
}

/* WCAG relative luminance of an sRGB colour. */
static double
luminance(const struct mappa_color *c)
{
	double	 v[3] = { c->r, c->g, c->b };

	for (int i = 0; i < 3; i++)
		v[i] = v[i] <= 0.03928 ? v[i] / 12.92 :
		    pow((v[i] + 0.055) / 1.055, 2.4);
	return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/*
 * Charts for the public (issue 12 items 9-11): series colours 3:1 on
 * white and apart in greyscale; every bar carries its value, a bar of 1
 * beside 561 is still seen; the scale's numbers are grouped; a chart of
 * one small bar is small.
 */
static void
charts(void **state)
{
	struct mappa_doc	*doc;
	struct mappa_block	*b;
	const struct mappa_color *c;
	double			 v1[3] = { 561, 240, 0 }, v3[3] = { 1, 2, 1 };
	double			 big[1] = { 6562 }, two[1] = { 2 }, lum[8];
	double			 x, y, w, h, least = 1e9, height;
	char			*buf, *p;
	size_t			 n;

	for (n = 0; (c = chart_palette(n)) != NULL; n++) {
		lum[n] = luminance(c);
		if ((1.05) / (lum[n] + 0.05) < 3)
			fail_msg("colour %zu: %.2f:1 on white", n,
			    1.05 / (lum[n] + 0.05));
		if (n > 0 && fabs(lum[n] - lum[n - 1]) < 0.02)
			fail_msg("colours %zu and %zu alike in greyscale",
			    n - 1, n);
	}
	/* the first three (levels 1 to 3) are well apart in greyscale */
	assert_true(n >= 3);
	assert_true(lum[1] - lum[0] > 0.07 && lum[2] - lum[1] > 0.07);

	doc = mappa_doc_new();
	b = mappa_doc_chart(doc, MAPPA_CHART_BAR, "Offenders", 300);
	mappa_chart_category(b, "Category 1");
	mappa_chart_category(b, "Category 2");
	mappa_chart_category(b, "Category 3");
	mappa_chart_series(b, "Level 1", v1, 3);
	mappa_chart_series(b, "Level 3", v3, 3);
	b = mappa_doc_chart(doc, MAPPA_CHART_BAR, "Big", 300);
	mappa_chart_category(b, "All");
	mappa_chart_series(b, "All", big, 1);
	buf = dumpdoc(doc);
	for (p = buf; (p = strstr(p, "  fill ")) != NULL; p++)
		if (sscanf(p, "  fill %lf %lf %lf %lf", &x, &y, &w, &h) == 4)
			least = fmin(least, w);
	if (least < 2)
		fail_msg("a bar %.2f pt long", least);
	assert_non_null(strstr(buf, " \"561\"\n"));
	assert_non_null(strstr(buf, " \"240\"\n"));
	assert_non_null(strstr(buf, " \"0\"\n"));
	assert_non_null(strstr(buf, " \"1\"\n"));
	assert_non_null(strstr(buf, " \"2\"\n"));
	assert_non_null(strstr(buf, " \"6,562\"\n"));
	assert_non_null(strstr(buf, " \"2,000\"\n"));
	assert_null(strstr(buf, " \"2000\"\n"));
	free(buf);
	mappa_doc_free(doc);

	doc = mappa_doc_new();
	b = mappa_doc_chart(doc, MAPPA_CHART_BAR, "Returned", 300);
	mappa_chart_category(b, "Licence");
	mappa_chart_series(b, "Level 2", two, 1);
	buf = dumpdoc(doc);
	p = strstr(buf, "chart height=");
	assert_non_null(p);
	height = atof(p + strlen("chart height="));
	if (height > 80)
		fail_msg("one bar of 2 drawn %.1f pt tall", height);
	p = strstr(buf, "  fill ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "  fill %lf %lf %lf %lf", &x, &y, &w, &h),
	    4);
	if (w > 80)
		fail_msg("one bar of 2 drawn %.1f pt long", w);
	free(buf);
	mappa_doc_free(doc);
}

/* An unknown family is an error, not a silent substitute. */
static void
nofont(void **state)
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc = mappa_doc_new();
	struct mappa_device	*dev;
	FILE			*null = fopen("/dev/null", "w");

	mappa_diag_init(&diag, "nofont", null);
	strcpy(mappa_doc_page(doc)->family, "No Such Family Anywhere");
	mappa_block_text(mappa_doc_paragraph(doc, 0), 0, "x");
	dev = mappa_dump_device_new(null);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), -1);
	/*
	 * The same with a silent diagnostics sink (out NULL, as the
	 * template fuzzer has): the message once went to fprintf(NULL).
	 */
	mappa_diag_init(&diag, "nofont", NULL);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), -1);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	fclose(null);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden),
		cmocka_unit_test(demo),
		cmocka_unit_test(api),
		cmocka_unit_test(warnings),
		cmocka_unit_test(final),
		cmocka_unit_test(nofont),
		cmocka_unit_test(charts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
