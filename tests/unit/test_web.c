/* test_web.c: the HTML and ODS editions from a report's document tree, built by the template from a sample. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/device.h"
#include "mappa/html.h"
#include "mappa/layout.h"
#include "mappa/ods.h"
#include "mappa/stats.h"
#include "mappa/template.h"

struct fx {
	struct mappa_stats	 cur, prev;
	struct mappa_doc	*doc;		/* 2011/12 with 2010/11 */
	struct mappa_doc	*plain;		/* 2016/17 alone */
};

static char *
path(const char *dir, const char *name)
{
	const char	*src = getenv("SRCDIR");
	char		*p = malloc(4096);

	assert_non_null(src);
	snprintf(p, 4096, "%s/%s/%s", src, dir, name);
	return p;
}

static struct mappa_doc *
build(const char *tname, const struct mappa_stats *cur,
    const struct mappa_stats *prev)
{
	struct mappa_diag d;
	struct mappa_template *t;
	struct mappa_values *v;
	struct mappa_doc *doc;
	char	*p = path("templates", tname);

	mappa_diag_init(&d, p, stderr);
	t = mappa_template_parse_file(p, &d);
	assert_non_null(t);
	v = mappa_values_new(cur, prev);
	assert_non_null(v);
	mappa_values_set(v, "program.version", "0.1.0");
	mappa_values_set(v, "provenance.snapshot", "ab");
	mappa_values_set(v, "provenance.template", "cd");
	mappa_values_set(v, "provenance.previous", prev ? "ef" : "");
	mappa_values_set(v, "generated", "2012-04-03");
	doc = mappa_template_build(t, v, &d);
	assert_non_null(doc);
	mappa_doc_extra(doc, "Provenance", "mappa-report 0.1.0; snapshot "
	    "sha256 ab; template sha256 cd");
	mappa_values_free(v);
	mappa_template_free(t);
	free(p);
	return doc;
}

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	struct mappa_diag d;
	struct mappa_stats late;
	char		*p;

	mappa_diag_init(&d, "sample", stderr);
	p = path("samples", "dorset-2011-12.xml");
	assert_int_equal(mappa_stats_from_file(p, &d, &f->cur, NULL),
	    MAPPA_READ_OK);
	free(p);
	p = path("samples", "dorset-2010-11.xml");
	assert_int_equal(mappa_stats_from_file(p, &d, &f->prev, NULL),
	    MAPPA_READ_OK);
	free(p);
	f->doc = build("england-wales-sopo.xml", &f->cur, &f->prev);
	p = path("samples", "dorset-2016-17.xml");
	assert_int_equal(mappa_stats_from_file(p, &d, &late, NULL),
	    MAPPA_READ_OK);
	free(p);
	f->plain = build("england-wales-shpo.xml", &late, NULL);
	mappa_stats_clear(&late);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	mappa_doc_free(f->doc);
	mappa_doc_free(f->plain);
	mappa_stats_clear(&f->cur);
	mappa_stats_clear(&f->prev);
	free(f);
	return 0;
}

static char *
html(const struct mappa_doc *d)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(mappa_html_write(f, d), 0);
	fclose(f);
	return buf;
}

static size_t
occurs(const char *s, const char *what)
{
	size_t	 n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

/* The first table's figures are the snapshot's, kept as numbers. */
static void
cells_know_figures(void **state)
{
	struct fx *f = *state;
	const struct mappa_block *t = NULL, *c;
	const char *key;
	double	 v;
	size_t	 nr, nc, hr, found = 0;

	for (size_t i = 0; i < mappa_doc_nblocks(f->doc) && t == NULL; i++)
		if (mappa_block_kind(mappa_doc_block(f->doc, i)) ==
		    MAPPA_BLOCK_TABLE)
			t = mappa_doc_block(f->doc, i);
	assert_non_null(t);
	mappa_table_shape(t, &nr, &nc, &hr);
	assert_int_equal(nc, 5);
	assert_true(hr >= 1);
	/* Row "Category 1", column "Level 1". */
	c = mappa_table_cell_at(t, hr, 1);
	assert_non_null(c);
	assert_int_equal(mappa_block_value_get(c, &key, &v), 1);
	assert_string_equal(key, "offenders.category1.level1");
	assert_true(v == (double)f->cur.offenders[0].level1);
	/* Category 3 at level 1 is a dash, with no figure. */
	c = mappa_table_cell_at(t, hr + 2, 1);
	assert_int_equal(mappa_block_value_get(c, NULL, NULL), 0);
	/* Every bound cell of every table says what stats says. */
	for (size_t i = 0; i < mappa_doc_nblocks(f->doc); i++) {
		const struct mappa_block *b = mappa_doc_block(f->doc, i);

		if (mappa_block_kind(b) != MAPPA_BLOCK_TABLE)
			continue;
		mappa_table_shape(b, &nr, &nc, &hr);
		for (size_t r = 0; r < nr; r++)
			for (size_t k = 0; k < nc; k++) {
				uint64_t want, was;

				c = mappa_table_cell_at(b, r, k);
				if (c == NULL ||
				    !mappa_block_value_get(c, &key, &v))
					continue;
				found++;
				if (strncmp(key, "previous.", 9) == 0) {
					assert_int_equal(mappa_stats_lookup(
					    &f->prev, key + 9, &want), 0);
					assert_true(v == (double)want);
				} else if (strncmp(key, "change.", 7) == 0) {
					assert_int_equal(mappa_stats_lookup(
					    &f->cur, key + 7, &want), 0);
					assert_int_equal(mappa_stats_lookup(
					    &f->prev, key + 7, &was), 0);
					assert_true(v == (double)want -
					    (double)was);
				} else {
					assert_int_equal(mappa_stats_lookup(
					    &f->cur, key, &want), 0);
					assert_true(v == (double)want);
				}
			}
	}
	assert_true(found > 40);
}

static void
html_structure(void **state)
{
	struct fx *f = *state;
	char	*h = html(f->doc), *again = html(f->doc);
	const char *p;

	assert_string_equal(h, again);	/* same document, same bytes */
	assert_non_null(strstr(h, "<html lang=\"en-GB\">"));
	assert_int_equal(occurs(h, "<h1"), 1);
	assert_non_null(strstr(h, "<title>Dorset MAPPA Annual Report 2011/12"
	    "</title>"));
	assert_int_equal(occurs(h, "<script"), 0);
	/* Nothing to fetch: the only URL is SVG's namespace. */
	assert_int_equal(occurs(h, "http") - occurs(h, "http-equiv="),
	    occurs(h, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_int_equal(occurs(h, "url("), 0);
	assert_int_equal(occurs(h, "<table"), occurs(h, "<caption"));
	assert_int_equal(occurs(h, "<th>"), 0);
	assert_int_equal(occurs(h, "<th "), occurs(h, "<th scope="));
	assert_int_equal(occurs(h, "<svg"), 2);
	assert_int_equal(occurs(h, "role=\"img\""), 2);
	assert_int_equal(occurs(h, "<desc"), 2);
	assert_non_null(strstr(h, "<meta name=\"provenance\" content=\""
	    "mappa-report 0.1.0; snapshot sha256 ab; template sha256 cd\">"));
	assert_non_null(strstr(h, "@media print"));
	/* The contents links to the headings, which follow it. */
	p = strstr(h, "<a href=\"#foreword\">1 Foreword</a>");
	assert_non_null(p);
	assert_non_null(strstr(p, "<h2 id=\"foreword\">1 Foreword</h2>"));
	/* The figures, right-aligned, in time order: previous, current,
	 * the change (its space a no-break one, so that it never wraps). */
	assert_non_null(strstr(h, "<td class=\"num\">545</td>"
	    "<td class=\"num\">574</td><td class=\"num\">+29\xc2\xa0(+5.3%)"
	    "</td>"));
	/* Markup in the text is escaped, not passed through. */
	assert_int_equal(occurs(h, "<b>"), 0);
	free(h);
	free(again);
}

/* Text that looks like markup stays text. */
static void
html_escapes(void **state)
{
	struct mappa_doc *d = mappa_doc_new();
	struct mappa_block *b;
	char	*h;

	(void)state;
	mappa_doc_set(d, MAPPA_META_TITLE, "A & B <c>");
	b = mappa_doc_heading(d, 1, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, "1 < 2 \"quoted\"");
	b = mappa_doc_paragraph(d, MAPPA_ALIGN_LEFT);
	mappa_block_text(b, MAPPA_FACE_REGULAR, "<script>alert(1)</script>");
	h = html(d);
	assert_int_equal(occurs(h, "<script"), 0);
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(h, "<title>A &amp; B &lt;c&gt;</title>"));
	assert_non_null(strstr(h, "<h1>A &amp; B &lt;c&gt;</h1>"));
	assert_non_null(strstr(h, ">1 &lt; 2 &quot;quoted&quot;</h2>"));
	free(h);
	mappa_doc_free(d);
}

static void
html_write_error(void **state)
{
	struct fx *f = *state;
	FILE	*full = fopen("/dev/full", "w");

	if (full == NULL)
		skip();
	errno = 0;
	assert_int_equal(mappa_html_write(full, f->plain), -1);
	assert_int_equal(errno, ENOSPC);
	fclose(full);
}

static char *
ods(const struct mappa_doc *d, size_t *len, size_t *tables)
{
	struct mappa_ods_cover cv = { .title = "Title", .area = "Dorset" };
	struct mappa_time when = { 2012, 4, 3, 9, 15, 0, 0 };
	struct mappa_ods *o = mappa_ods_new(&cv);
	char	*buf = NULL;
	FILE	*f = open_memstream(&buf, len);

	*tables = mappa_ods_add_doc(o, d);
	assert_int_equal(mappa_ods_write(o, f, &when, stderr), 0);
	fclose(f);
	mappa_ods_free(o);
	return buf;
}

static void
ods_container(void **state)
{
	struct fx *f = *state;
	size_t	 len, len2, n, n2;
	char	*a = ods(f->doc, &len, &n), *b = ods(f->doc, &len2, &n2);

	/* Tables 1, 1a, 2, 3, 4, 5 have figures; the glossary has none. */
	assert_int_equal(n, 6);
	assert_int_equal(len, len2);
	assert_memory_equal(a, b, len);
	/* A zip whose first entry is "mimetype", stored, with no extra field. */
	assert_true(len > 100);
	assert_memory_equal(a, "PK\x03\x04", 4);
	assert_int_equal(a[8] | a[9] << 8, 0);		/* stored */
	assert_int_equal(a[26] | a[27] << 8, 8);	/* name length */
	assert_int_equal(a[28] | a[29] << 8, 0);	/* extra length */
	assert_memory_equal(a + 30, "mimetypeapplication/vnd.oasis."
	    "opendocument.spreadsheet", 54);
	free(a);
	free(b);
	a = ods(f->plain, &len, &n);
	assert_int_equal(n, 6);		/* 1, 2, 2a, 3, 4, 5 */
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells_know_figures),
		cmocka_unit_test(html_structure),
		cmocka_unit_test(html_escapes),
		cmocka_unit_test(html_write_error),
		cmocka_unit_test(ods_container),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
