/* test_template.c: placeholders, formats, conditionals and template checks, on real figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/board.h"
#include "mappa/date.h"
#include "mappa/device.h"
#include "mappa/layout.h"
#include "mappa/report.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"
#include "mappa/template.h"

struct fx {
	struct mappa_stats	 cur, prev;
	struct mappa_values	*v, *vp;
	char			*errbuf;
	size_t			 errlen;
	FILE			*err;
	struct mappa_diag	 diag;
};

static char *
sample(const char *name)
{
	const char	*src = getenv("SRCDIR");
	char		*p = malloc(4096);

	assert_non_null(src);
	snprintf(p, 4096, "%s/samples/%s", src, name);
	return p;
}

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	struct mappa_diag d;
	char		*p;

	mappa_diag_init(&d, "sample", stderr);
	p = sample("dorset-2011-12.xml");
	assert_int_equal(mappa_stats_from_file(p, &d, &f->cur, NULL),
	    MAPPA_READ_OK);
	free(p);
	p = sample("dorset-2010-11.xml");
	assert_int_equal(mappa_stats_from_file(p, &d, &f->prev, NULL),
	    MAPPA_READ_OK);
	free(p);
	f->v = mappa_values_new(&f->cur, NULL);
	f->vp = mappa_values_new(&f->cur, &f->prev);
	assert_non_null(f->v);
	assert_non_null(f->vp);
	f->err = open_memstream(&f->errbuf, &f->errlen);
	mappa_diag_init(&f->diag, "t.xml", f->err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	mappa_values_free(f->v);
	mappa_values_free(f->vp);
	mappa_stats_clear(&f->cur);
	mappa_stats_clear(&f->prev);
	fclose(f->err);
	free(f->errbuf);
	free(f);
	mappa_template_cleanup();
	mappa_snapshot_cleanup();
	return 0;
}

/* Expand with or without the previous year; check the text. */
static void
is(struct fx *f, int prev, const char *text, const char *want)
{
	char	*got = mappa_template_expand(text, prev ? f->vp : f->v,
	    &f->diag, 7);

	if (got == NULL) {
		fflush(f->err);
		fail_msg("%s: %s", text, f->errbuf);
	}
	assert_string_equal(got, want);
	free(got);
}

/* Expanding must fail with this message at line 7. */
static void
fails(struct fx *f, int prev, const char *text, const char *msg)
{
	char	*got;

	fflush(f->err);
	rewind(f->err);
	f->diag.errors = 0;
	got = mappa_template_expand(text, prev ? f->vp : f->v, &f->diag, 7);
	fflush(f->err);
	assert_null(got);
	assert_int_equal(f->diag.errors, 1);
	assert_non_null(strstr(f->errbuf, "t.xml:7: error: "));
	if (strstr(f->errbuf, msg) == NULL)
		fail_msg("'%s' not in '%s'", msg, f->errbuf);
}

static void
test_values(void **state)
{
	struct fx	*f = *state;

	/* The published figures of Dorset 2011/12. */
	is(f, 0, "{offenders.category1.total}", "574");
	is(f, 0, "{notification_breaches.rsos}", "14");
	is(f, 0, "{returned_to_custody.breach_of_licence.total.level2}", "2");
	is(f, 0, "{rso_wanted_or_missing.total}", "5");
	is(f, 0, "{rso_per_100k}", "77");
	is(f, 0, "{area} {period.label}", "Dorset 2011/12");
	is(f, 0, "{period.start|date} to {period.end|date}",
	    "1 April 2011 to 31 March 2012");
	is(f, 0, "{period.end|year}", "2012");
	is(f, 0, "{exported|date}", "3 April 2012");
	is(f, 0, "{era}", "sopo");
	is(f, 0, "{previous}", "0");
	is(f, 1, "{previous}", "1");
	is(f, 1, "{previous.period.label}", "2010/11");
}

static void
test_formats(void **state)
{
	struct fx	*f = *state;

	is(f, 0, "{population}", "746,000");
	is(f, 0, "{population|plain}", "746000");
	is(f, 0, "{population * 1000}", "746,000,000");
	is(f, 0, "{offenders.total.total - 1000}", "\xe2\x88\x92" "147");
	is(f, 0, "{rso_wanted_or_missing.wanted|words}", "two");
	is(f, 0, "{rso_wanted_or_missing.total|Words}", "Five");
	is(f, 0, "{offenders.category1.total|words}", "574");
	is(f, 0, "{rso_wanted_or_missing.total|count:RSO:RSOs}", "5 RSOs");
	is(f, 0, "{orders.fto|count:foreign travel order:foreign travel orders}",
	    "1 foreign travel order");
	is(f, 0, "{sfo_charges.total.total|count:offender:offenders}",
	    "2 offenders");
	is(f, 0, "{in_custody.category3|count:offender was:offenders were}",
	    "2 offenders were");
	is(f, 0, "{revocations|count:revocation:revocations}", "0 revocations");
	is(f, 0, "{sfo_charges.total.total|plural:was:were}", "were");
	is(f, 0, "{orders.fto|plural:was:were}", "was");
	/* 12 / 574 = 2.0906% -> 2.1%; 2 / 853 = 0.2345% -> 0.2%. */
	is(f, 0, "{offenders.category1.level2|percent:offenders.category1.total}",
	    "2.1%");
	is(f, 0, "{sfo_charges.total.total|percent:offenders.total.total}",
	    "0.2%");
	/* The rate to one decimal, and the population it is of. */
	is(f, 0, "{rso_per_100k} ({rso_per_100k_1dp})", "77 (76.9)");
	is(f, 0, "{population_basis}", "all ages");
	/* A half rounds up: 1 / 8 = 12.5%, 1 / 16 = 6.25% -> 6.3%. */
	is(f, 0, "{1|percent:8}", "12.5%");
	is(f, 0, "{1|percent:16}", "6.3%");
	is(f, 0, "{1|percent:0}", "n/a");
	is(f, 0, "{{literal}} {{x}}", "{literal} {x}");
	is(f, 0, "{'a|b'}", "a|b");
}

static void
test_change(void **state)
{
	struct fx	*f = *state;
	char		 want[128];
	uint64_t	 a, b;

	/* Against the real 2010/11 figures, computed here independently. */
	assert_int_equal(mappa_stats_lookup(&f->cur,
	    "offenders.category1.total", &a), 0);
	assert_int_equal(mappa_stats_lookup(&f->prev,
	    "offenders.category1.total", &b), 0);
	assert_true(a > b);
	snprintf(want, sizeof(want), "+%llu (+%llu.%llu%%)",
	    (unsigned long long)(a - b),
	    (unsigned long long)(((a - b) * 2000 + b) / (2 * b) / 10),
	    (unsigned long long)(((a - b) * 2000 + b) / (2 * b) % 10));
	is(f, 1, "{offenders.category1.total|change}", want);
	snprintf(want, sizeof(want), "+%llu", (unsigned long long)(a - b));
	is(f, 1, "{offenders.category1.total|diff}", want);
	is(f, 1, "{offenders.category1.total - previous.offenders.category1.total}",
	    want + 1);
	is(f, 1, "{revocations|change}", "no change");
	is(f, 1, "{revocations|pctchange}", "n/a");
	is(f, 1, "{previous.offenders.category1.total - offenders.category1.total|abs}",
	    want + 1);
	/* In words: 574 against 545 is 29 more, 5.3%. */
	is(f, 1, "{offenders.category1.total|trend}", "rose by 29 (5.3%)");
	is(f, 1, "{orders.sopo|change} {orders.sopo|trend}",
	    "+1 (+8.3%) rose by 1 (8.3%)");
	/* A base under 10 gives no percentage: 5 wanted or missing against 4. */
	is(f, 1, "{rso_wanted_or_missing.total|change}", "+1");
	is(f, 1, "{rso_wanted_or_missing.total|pctchange}", "n/a");
	is(f, 1, "{rso_wanted_or_missing.total|trend}", "rose by 1");
	is(f, 1, "{returned_to_custody.breach_of_order.total.total|trend}",
	    "fell by 1");
	is(f, 1, "{revocations|trend}", "was unchanged");
	is(f, 1, "{era_changed}", "0");
}

/* A fall in words, and the orders of two eras never compared. */
static void
test_trend_and_eras(void **state)
{
	struct fx	*f = *state;
	struct mappa_stats c = f->cur;	/* shallow: values only read it */
	struct mappa_values *v;
	char		*got;
	static const struct { const char *text, *want; } era[] = {
		{"{era_changed}", "1"},
		{"{orders.sopo|change}", "n/a"},
		{"{orders.sopo|pctchange}", "n/a"},
		{"{orders.fto|diff}", "n/a"},
		{"{orders_other_categories.shpo|change}", "n/a"},
		{"{sro_breaches.breaches|change}", "n/a"},
		{"{orders.sopo|trend}", "cannot be compared with the year before"},
		/* notification orders are the same order in both eras */
		{"{orders.notification_order|change}", "no change"},
		{"{revocations|change}", "no change"},
		{"{offenders.category1.total|trend}", "fell by 45 (8.3%)"},
	};

	/* 500 against 545: 45 fewer, 8.257% -> 8.3%. */
	c.offenders[0].total = 500;
	c.period_start = mappa_date_from_ymd(2016, 4, 1);
	c.period_end = mappa_date_from_ymd(2017, 3, 31);
	v = mappa_values_new(&c, &f->prev);
	assert_non_null(v);
	for (size_t i = 0; i < sizeof(era) / sizeof(era[0]); i++) {
		got = mappa_template_expand(era[i].text, v, &f->diag, 7);
		assert_non_null(got);
		if (strcmp(got, era[i].want) != 0)
			fail_msg("%s: '%s', want '%s'", era[i].text, got,
			    era[i].want);
		free(got);
	}
	mappa_values_free(v);
	c.offenders[0].total = 545;
	v = mappa_values_new(&c, &f->prev);
	got = mappa_template_expand("{offenders.category1.total|trend}", v,
	    &f->diag, 7);
	assert_string_equal(got, "was unchanged");
	free(got);
	mappa_values_free(v);
}

static void
test_conditions(void **state)
{
	struct fx	*f = *state;

	is(f, 0, "{offenders.total.total > 0 and rso_per_100k == 77}", "1");
	is(f, 0, "{not (sfo_charges.total.total > 0) or previous}", "0");
	is(f, 0, "{area == 'Dorset'}", "1");
	is(f, 0, "{era != \"shpo\"}", "1");
	is(f, 0, "{(2 + 3) * 4 - 6 / 2}", "17");
	is(f, 0, "{previous and previous.offenders.total.total > 0}", "0");
}

static void
test_errors(void **state)
{
	struct fx	*f = *state;

	fails(f, 0, "x {offenders.category4.total} y",
	    "unknown value 'offenders.category4.total' in placeholder");
	fails(f, 0, "{offenders.total.total >}",
	    "malformed placeholder '{offenders.total.total >}': expected a "
	    "value at the end");
	fails(f, 0, "{offenders.total.total", "no closing '}'");
	fails(f, 0, "a } b", "'}' without '{'");
	fails(f, 0, "{population|roman}", "unknown format 'roman'");
	fails(f, 0, "{population|percent}", "needs the total to divide by");
	fails(f, 0, "{population|plural:one}", "needs two words");
	fails(f, 0, "{population + 1|change}", "needs the name of a figure");
	fails(f, 0, "{previous.population}", "needs the previous year's "
	    "snapshot");
	fails(f, 0, "{area + 1}", "'+' needs numbers, not text");
	fails(f, 0, "{area == 1}", "cannot compare text with a number");
	fails(f, 0, "{population / 0}", "division by zero");
	fails(f, 0, "{area|number}", "format of a number used on text");
	fails(f, 0, "{population|date}", "used on a number");
	fails(f, 0, "{1 2}", "unexpected '2'");
	fails(f, 0, "{previous.previous}", "unknown value");
}

/* Parse a template from memory; return its diagnostics. */
static char *
parse(const char *xml, int *ok)
{
	struct mappa_template *t;
	struct mappa_diag d;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*fp = open_memstream(&buf, &len);

	mappa_diag_init(&d, "t.xml", fp);
	t = mappa_template_parse_mem(xml, strlen(xml), &d);
	*ok = t != NULL;
	assert_true((t == NULL) == (d.errors > 0));
	mappa_template_free(t);
	fclose(fp);
	return buf;
}

static void
parse_fails(const char *xml, const char *msg)
{
	int	 ok;
	char	*e = parse(xml, &ok);

	assert_false(ok);
	if (strstr(e, msg) == NULL)
		fail_msg("'%s' not in '%s'", msg, e);
	free(e);
}

static void
test_parse(void **state)
{
	int	 ok;
	char	*e;

	(void)state;
	e = parse("<report version=\"1\"><p>{area}</p></report>", &ok);
	assert_true(ok);
	assert_string_equal(e, "");
	free(e);
	parse_fails("<report version=\"1\">\n<p>\n<p>x</p></p></report>",
	    "t.xml:3: error: does not match the template schema: Element "
	    "'p': This element is not expected.");
	parse_fails("<report version=\"1\">\n<else/></report>",
	    "t.xml:2: error: <else> must come right after an <if>");
	parse_fails("<report version=\"1\">\n<p>a\n\n{nope}</p></report>",
	    "t.xml:4: error: unknown value 'nope'");
	parse_fails("<report version=\"1\"><if test=\"1 +\">\n</if></report>",
	    "t.xml:1: error: malformed test '1 +'");
	parse_fails("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]>"
	    "<report version=\"1\"/>", "t.xml:2: error: a document type");
	parse_fails("<report version=\"1\"><p>&a;</p></report>",
	    "not well-formed XML");
	parse_fails("<report version=\"1\"><section title=\"a\">"
	    "<section title=\"b\"><section title=\"c\"><section title=\"d\">"
	    "</section></section></section></section></report>",
	    "sections nest at most three deep");
	parse_fails("<report version=\"1\"><table><column/><row><cell "
	    "key=\"area\">x</cell></row></table></report>",
	    "a cell bound to a key holds nothing else");
	parse_fails("", "the file is empty");
}

/* Build a template against the 2011/12 figures and lay it out to text. */
static void
test_build(void **state)
{
	static const char xml[] =
	    "<report version=\"1\">\n"
	    "<meta><title>{area} {period.label}</title></meta>\n"
	    "<section title=\"Figures\">\n"
	    "<p>There were <b>{offenders.category1.total}</b>  RSOs.\n"
	    "<if test=\"sfo_charges.total.total == 0\">No SFO.</if>"
	    "<else>Some <i>SFO</i>.</else></p>\n"
	    "<if test=\"previous\"><p>Never shown.</p></if>\n"
	    "<table title=\"T\"><column/><column align=\"right\"/>\n"
	    "<head><row><cell>Figure</cell><cell>N</cell></row></head>\n"
	    "<row><cell>Wanted or missing</cell>"
	    "<cell key=\"rso_wanted_or_missing.total\"/></row></table>\n"
	    "</section></report>\n";
	struct fx	*f = *state;
	struct mappa_template *t;
	struct mappa_doc *doc;
	struct mappa_device *dev;
	char		*out = NULL;
	size_t		 len = 0;
	FILE		*fp;

	t = mappa_template_parse_mem(xml, sizeof(xml) - 1, &f->diag);
	assert_non_null(t);
	doc = mappa_template_build(t, f->v, &f->diag);
	assert_non_null(doc);
	fp = open_memstream(&out, &len);
	dev = mappa_dump_device_new(fp);
	assert_int_equal(mappa_layout_render(doc, dev, &f->diag), 0);
	mappa_device_free(dev);
	fclose(fp);
	assert_non_null(strstr(out, "574"));
	assert_non_null(strstr(out, "Some"));
	assert_null(strstr(out, "No SFO"));
	assert_null(strstr(out, "Never"));
	assert_non_null(strstr(out, "Produced"));
	free(out);
	mappa_doc_free(doc);
	mappa_template_free(t);
}

/* A table cell's text, runs joined (the caller frees it). */
static char *
cell_text(const struct mappa_block *t, size_t r, size_t c)
{
	const struct mappa_block *cell = mappa_table_cell_at(t, r, c);
	char		*s = calloc(1, 1);
	size_t		 n = 0;

	assert_non_null(cell);
	for (size_t i = 0; i < mappa_block_nruns(cell); i++) {
		const char *run = mappa_block_run_get(cell, i, NULL, NULL);

		s = realloc(s, n + strlen(run) + 1);
		memcpy(s + n, run, strlen(run) + 1);
		n += strlen(run);
	}
	return s;
}

static void
cell_is(const struct mappa_block *t, size_t r, size_t c, const char *want)
{
	char	*got = cell_text(t, r, c);

	if (strcmp(got, want) != 0)
		fail_msg("cell (%zu, %zu): '%s', not '%s'", r, c, got, want);
	free(got);
}

/* The i-th block of kind k in doc. */
static const struct mappa_block *
nth_block(const struct mappa_doc *doc, enum mappa_block_kind k, size_t i)
{
	for (size_t j = 0; j < mappa_doc_nblocks(doc); j++)
		if (mappa_block_kind(mappa_doc_block(doc, j)) == k && i-- == 0)
			return mappa_doc_block(doc, j);
	fail_msg("no block %zu of kind %d", i, (int)k);
	return NULL;
}

/*
 * With the previous year, a table reads in time order, as compare:
 * previous | current | change, each headed with its year; the previous
 * column just before the row's last (current) cell, aligned as it; the
 * change on one line (no-break spaces).  Issue 12 item 15.
 */
static void
test_compare_table(void **state)
{
	static const char xml[] =
	    "<report version=\"1\">\n"
	    "<table title=\"T\"><column/><column align=\"centre\"/>\n"
	    "<head><row><cell>Category</cell><cell>{period.label}</cell></row>"
	    "</head>\n"
	    "<row><cell>Category 1</cell>"
	    "<cell key=\"offenders.category1.total\"/></row>\n"
	    "<row><cell>Text</cell><cell>x</cell></row></table>\n"
	    "<table><column/><column/><column align=\"right\"/>\n"
	    "<head><row><cell>Group</cell><cell/><cell/></row>"
	    "<row><cell>Category</cell><cell>Level 2</cell><cell>Total</cell>"
	    "</row></head>\n"
	    "<row><cell>Category 1</cell>"
	    "<cell key=\"offenders.category1.level2\"/>"
	    "<cell key=\"offenders.category1.total\"/></row></table>\n"
	    "</report>\n";
	struct fx	*f = *state;
	struct mappa_template *t;
	struct mappa_doc *doc;
	const struct mappa_block *tb;
	size_t		 nr, nc, nh;
	char		*chg;

	t = mappa_template_parse_mem(xml, sizeof(xml) - 1, &f->diag);
	assert_non_null(t);
	doc = mappa_template_build(t, f->vp, &f->diag);
	assert_non_null(doc);
	tb = nth_block(doc, MAPPA_BLOCK_TABLE, 0);
	mappa_table_shape(tb, &nr, &nc, &nh);
	assert_int_equal(nc, 4);
	assert_int_equal(nh, 1);
	cell_is(tb, 0, 0, "Category");
	cell_is(tb, 0, 1, "2010/11");
	cell_is(tb, 0, 2, "2011/12");
	cell_is(tb, 0, 3, "Change");
	cell_is(tb, 1, 0, "Category 1");
	cell_is(tb, 1, 1, "545");
	cell_is(tb, 1, 2, "574");
	/* +29 (+5.3%), its space a no-break one */
	chg = cell_text(tb, 1, 3);
	assert_non_null(strstr(chg, "\xc2\xa0("));
	assert_null(strchr(chg, ' '));
	free(chg);
	cell_is(tb, 2, 1, "");
	cell_is(tb, 2, 2, "x");
	cell_is(tb, 2, 3, "");
	assert_int_equal(mappa_table_column_align(tb, 1),
	    mappa_table_column_align(tb, 2));
	assert_int_equal(mappa_table_column_align(tb, 2), MAPPA_ALIGN_CENTRE);
	assert_int_equal(mappa_table_column_align(tb, 3), MAPPA_ALIGN_RIGHT);

	/* a current column headed "Total": both say their year */
	tb = nth_block(doc, MAPPA_BLOCK_TABLE, 1);
	mappa_table_shape(tb, &nr, &nc, &nh);
	assert_int_equal(nc, 5);
	assert_int_equal(nh, 2);
	cell_is(tb, 0, 2, "");
	cell_is(tb, 0, 4, "");
	cell_is(tb, 1, 1, "Level 2");
	cell_is(tb, 1, 2, "Total 2010/11");
	cell_is(tb, 1, 3, "Total 2011/12");
	cell_is(tb, 1, 4, "Change");
	cell_is(tb, 2, 2, "545");
	cell_is(tb, 2, 3, "574");
	mappa_doc_free(doc);
	mappa_template_free(t);
}

/* A value that cannot be (category 3 level 1) is NAN, not 0. */
static void
test_chart_na(void **state)
{
	static const char xml[] =
	    "<report version=\"1\">\n"
	    "<chart type=\"bar\"><category label=\"a\"/><category label=\"b\"/>\n"
	    "<series name=\"s\"><value key=\"offenders.category1.level1\"/>"
	    "<value na=\"yes\"/></series></chart></report>\n";
	struct fx	*f = *state;
	struct mappa_template *t;
	struct mappa_doc *doc;
	const double	*v;
	size_t		 n;

	t = mappa_template_parse_mem(xml, sizeof(xml) - 1, &f->diag);
	assert_non_null(t);
	doc = mappa_template_build(t, f->v, &f->diag);
	assert_non_null(doc);
	mappa_chart_series_get(nth_block(doc, MAPPA_BLOCK_CHART, 0), 0, &v,
	    &n);
	assert_int_equal(n, 2);
	assert_true(v[0] > 0);
	assert_true(isnan(v[1]));
	mappa_doc_free(doc);
	mappa_template_free(t);
	parse_fails("<report version=\"1\"><chart type=\"bar\"><category "
	    "label=\"a\"/><series name=\"s\">\n<value/></series></chart>"
	    "</report>", "t.xml:2: error: a value needs a key");
	parse_fails("<report version=\"1\"><chart type=\"bar\"><category "
	    "label=\"a\"/><series name=\"s\">\n<value na=\"yes\" key=\"area\"/>"
	    "</series></chart></report>", "t.xml:2: error: a value is either");
}

/*
 * A list's items may sit under <if> and <else> at any depth: every item
 * of a taken branch is kept, in order (it once went through a 16-deep
 * stack that dropped deeper items without a word).  Issue 13 item 8.
 */
static void
test_list_depth(void **state)
{
	enum { DEEP = 40 };
	struct fx	*f = *state;
	struct mappa_template *t;
	struct mappa_doc *doc;
	const struct mappa_block *list;
	char		*xml = malloc(64 * 1024), want[32];
	size_t		 n = 0;

	n += (size_t)sprintf(xml + n, "<report version=\"1\"><list>\n");
	for (int i = 0; i < DEEP; i++)
		n += (size_t)sprintf(xml + n, "<item>i%d</item><if test=\"0\">"
		    "<item>never</item></if><else><item>e%d</item></else>"
		    "<if test=\"1\">\n", i, i);
	n += (size_t)sprintf(xml + n, "<item>deepest</item>");
	for (int i = 0; i < DEEP; i++)
		n += (size_t)sprintf(xml + n, "</if>");
	sprintf(xml + n, "<item>last</item></list></report>\n");
	t = mappa_template_parse_mem(xml, strlen(xml), &f->diag);
	assert_non_null(t);
	doc = mappa_template_build(t, f->v, &f->diag);
	assert_non_null(doc);
	list = nth_block(doc, MAPPA_BLOCK_LIST, 0);
	assert_int_equal(mappa_block_nitems(list), 2 * DEEP + 2);
	for (int i = 0; i < DEEP; i++) {
		sprintf(want, "i%d", i);
		assert_string_equal(mappa_block_run_get(mappa_block_item(list,
		    2 * (size_t)i), 0, NULL, NULL), want);
		sprintf(want, "e%d", i);
		assert_string_equal(mappa_block_run_get(mappa_block_item(list,
		    2 * (size_t)i + 1), 0, NULL, NULL), want);
	}
	assert_string_equal(mappa_block_run_get(mappa_block_item(list,
	    2 * DEEP), 0, NULL, NULL), "deepest");
	assert_string_equal(mappa_block_run_get(mappa_block_item(list,
	    2 * DEEP + 1), 0, NULL, NULL), "last");
	mappa_doc_free(doc);
	mappa_template_free(t);
	free(xml);
}

/*
 * A comparison's template: <years> once per year with that year's
 * figures and the year before as previous; per="2" narrows the loops
 * inside to two years a pass; <figures> gives value, change and
 * percentage per year, a dash for a figure that cannot be; a chart's
 * <years> a category and a value per year.  Issue 13 item 7.
 */
static void
test_years(void **state)
{
	static const char xml[] =
	    "<report version=\"1\">\n"
	    "<years><p>{period.label} after {years.count}</p></years>\n"
	    "<chart type=\"line\" title=\"c\"><years><category "
	    "label=\"{period.label}\"/></years>\n"
	    "<series name=\"s\"><years><value "
	    "key=\"offenders.category1.total\"/></years></series></chart>\n"
	    "<years per=\"2\">\n"
	    "<figures title=\"T\" range=\" ({years.from} to {years.to})\" "
	    "change-heading=\"c\" percent-heading=\"%\" mark=\"*\" "
	    "not-comparable=\"n/a\">\n"
	    "<figure key=\"offenders.category1.total\">C1</figure>\n"
	    "<figure key=\"offenders.category3.level1\" na=\"yes\">X</figure>"
	    "\n</figures></years></report>\n";
	struct fx	*f = *state;
	struct mappa_stats s13;
	struct mappa_diag d;
	struct mappa_values *yv[3];
	struct mappa_build_options o = {.years = yv, .nyears = 3};
	struct mappa_template *t;
	struct mappa_doc *doc;
	const struct mappa_block *tb, *ch;
	const double	*v;
	size_t		 n, rows, cols, head;
	char		*p = sample("dorset-2012-13.xml"), want[64];

	mappa_diag_init(&d, "sample", stderr);
	assert_int_equal(mappa_stats_from_file(p, &d, &s13, NULL),
	    MAPPA_READ_OK);
	free(p);
	yv[0] = mappa_values_new(&f->prev, NULL);
	yv[1] = mappa_values_new(&f->cur, &f->prev);
	yv[2] = mappa_values_new(&s13, &f->cur);
	for (int i = 0; i < 3; i++)
		mappa_values_set_int(yv[i], "years.count", 3);
	t = mappa_template_parse_mem(xml, sizeof(xml) - 1, &f->diag);
	assert_non_null(t);
	doc = mappa_template_build_with(t, yv[2], &f->diag, &o);
	assert_non_null(doc);

	assert_string_equal(mappa_block_run_get(nth_block(doc,
	    MAPPA_BLOCK_PARAGRAPH, 0), 0, NULL, NULL), "2010/11 after 3");
	assert_string_equal(mappa_block_run_get(nth_block(doc,
	    MAPPA_BLOCK_PARAGRAPH, 2), 0, NULL, NULL), "2012/13 after 3");

	ch = nth_block(doc, MAPPA_BLOCK_CHART, 0);
	assert_int_equal(mappa_chart_ncategories(ch), 3);
	assert_string_equal(mappa_chart_category_get(ch, 1), "2011/12");
	mappa_chart_series_get(ch, 0, &v, &n);
	assert_int_equal(n, 3);
	assert_true(v[0] == (double)f->prev.offenders[0].total);
	assert_true(v[1] == 574);	/* the 2011/12 report's figure */
	assert_true(v[2] == (double)s13.offenders[0].total);

	/* the first pass: 2010/11 (value) and 2011/12 (value, change, %) */
	tb = nth_block(doc, MAPPA_BLOCK_TABLE, 0);
	mappa_table_shape(tb, &rows, &cols, &head);
	assert_int_equal(rows, 3);
	assert_int_equal(cols, 5);
	assert_int_equal(head, 1);
	cell_is(tb, 0, 1, "2010/11");
	cell_is(tb, 0, 3, "c");
	cell_is(tb, 1, 0, "C1");
	snprintf(want, sizeof(want), "%u", (unsigned)f->prev.offenders[0].total);
	cell_is(tb, 1, 1, want);
	cell_is(tb, 1, 2, "574");
	snprintf(want, sizeof(want), "+%d", 574 -
	    (int)f->prev.offenders[0].total);
	cell_is(tb, 1, 3, want);
	cell_is(tb, 2, 1, "\xe2\x80\x93");
	cell_is(tb, 2, 4, "\xe2\x80\x93");
	/* the second: 2012/13 alone, its change from 2011/12 */
	tb = nth_block(doc, MAPPA_BLOCK_TABLE, 1);
	mappa_table_shape(tb, &rows, &cols, &head);
	assert_int_equal(cols, 4);
	cell_is(tb, 0, 1, "2012/13");
	snprintf(want, sizeof(want), "%+d", (int)s13.offenders[0].total - 574);
	cell_is(tb, 1, 2, want);
	assert_string_equal(mappa_block_run_get(nth_block(doc,
	    MAPPA_BLOCK_HEADING, 1), 0, NULL, NULL), "T (2012/13 to 2012/13)");
	assert_string_equal(mappa_block_run_get(nth_block(doc,
	    MAPPA_BLOCK_HEADING, 0), 0, NULL, NULL), "T (2010/11 to 2011/12)");

	mappa_doc_free(doc);
	mappa_template_free(t);
	for (int i = 0; i < 3; i++)
		mappa_values_free(yv[i]);
	mappa_stats_clear(&s13);
}

static void
test_default(void **state)
{
	(void)state;
	assert_string_equal(mappa_report_default_template(
	    mappa_date_from_ymd(2015, 3, 31), NULL), "england-wales-sopo.xml");
	assert_string_equal(mappa_report_default_template(
	    mappa_date_from_ymd(2015, 4, 1), "en"), "england-wales-shpo.xml");
	/* a Welsh edition: the era's template in Welsh, by the first subtag */
	assert_string_equal(mappa_report_default_template(
	    mappa_date_from_ymd(2015, 3, 31), "cy"),
	    "england-wales-sopo.cy.xml");
	assert_string_equal(mappa_report_default_template(
	    mappa_date_from_ymd(2015, 4, 1), "CY-gb"),
	    "england-wales-shpo.cy.xml");
	assert_string_equal(mappa_report_default_template(
	    mappa_date_from_ymd(2015, 4, 1), "cym"), "england-wales-shpo.xml");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_trend_and_eras),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_compare_table),
		cmocka_unit_test(test_chart_na),
		cmocka_unit_test(test_list_depth),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_default),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
