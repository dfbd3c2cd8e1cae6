/* test_board.c: the board file filling a template's slots, images checked, drafts and --final, on the dump device. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/board.h"
#include "mappa/device.h"
#include "mappa/layout.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"
#include "mappa/template.h"

static const char tpl_xml[] =
    "<report version=\"1\">\n"
    "<header left=\"{area}\" centre=\"Centre\"/>\n"
    "<cover>\n"
    "<p>{area}</p>\n"
    "<slot name=\"published\"><p align=\"right\" style=\"bold\">Draft</p></slot>\n"
    "<slot name=\"logos\" height=\"30\"/>\n"
    "</cover>\n"
    "<section title=\"Foreword\">\n"
    "<slot name=\"foreword\"><p>[The chair writes here.]</p></slot>\n"
    "</section>\n"
    "<section title=\"Board\">\n"
    "<slot name=\"membership\"><p>[Members.]</p></slot>\n"
    "</section>\n"
    "<section title=\"Cases\">\n"
    "<slot name=\"case-studies\"><p>[Cases.]</p></slot>\n"
    "</section>\n"
    "</report>\n";

static const char board_xml[] =
    "<board version=\"1\" area=\"Dorset\" period=\"2011/12\">\n"
    "<published date=\"2012-10-26\"/>\n"
    "<logos>\n"
    "<logo src=\"logo-mappa.png\" alt=\"MAPPA\"/>\n"
    "<logo src=\"logo-police.png\" decorative=\"yes\"/>\n"
    "</logos>\n"
    "<foreword>\n"
    "<p>There were {offenders.category1.total} RSOs.</p>\n"
    "<signatory name=\"Alex Example\" role=\"Chair\" signature=\"sig-chair.png\"/>\n"
    "<signatory name=\"Sam Sample\" role=\"Governor\"/>\n"
    "</foreword>\n"
    "<membership><members>\n"
    "<member name=\"Alex Example\" role=\"Chair\" agency=\"Police\"/>\n"
    "<member name=\"Sam Sample\" role=\"Governor\" agency=\"Prisons\"/>\n"
    "</members></membership>\n"
    "<case-studies>\n"
    "<case-study title=\"Case study: Mr A\"><p>Mr A was recalled.</p>"
    "<image src=\"logo-mappa.png\" alt=\"MAPPA again\" width=\"60\"/>"
    "</case-study>\n"
    "</case-studies>\n"
    "</board>\n";

struct fx {
	struct mappa_stats	 cur;
	struct mappa_values	*v;
	struct mappa_template	*tpl;
	char			*dir;
	char			*errbuf;
	size_t			 errlen;
	FILE			*err;
	struct mappa_diag	 tdiag, bdiag;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	struct mappa_diag d;
	const char	*src = getenv("SRCDIR");
	char		 p[4096];

	assert_non_null(src);
	f->dir = malloc(4096);
	snprintf(f->dir, 4096, "%s/samples", src);
	snprintf(p, sizeof(p), "%s/dorset-2011-12.xml", f->dir);
	mappa_diag_init(&d, "sample", stderr);
	assert_int_equal(mappa_stats_from_file(p, &d, &f->cur, NULL),
	    MAPPA_READ_OK);
	f->v = mappa_values_new(&f->cur, NULL);
	assert_non_null(f->v);
	f->err = open_memstream(&f->errbuf, &f->errlen);
	mappa_diag_init(&f->tdiag, "t.xml", f->err);
	mappa_diag_init(&f->bdiag, "b.board.xml", f->err);
	f->tpl = mappa_template_parse_mem(tpl_xml, sizeof(tpl_xml) - 1,
	    &f->tdiag);
	assert_non_null(f->tpl);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	mappa_template_free(f->tpl);
	mappa_values_free(f->v);
	mappa_stats_clear(&f->cur);
	fclose(f->err);
	free(f->errbuf);
	free(f->dir);
	free(f);
	mappa_template_cleanup();
	return 0;
}

/* The dump of a document, for the caller to free. */
static char *
dump(struct mappa_doc *doc, struct mappa_diag *diag)
{
	struct mappa_device *dev;
	char	*out = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&out, &len);

	dev = mappa_dump_device_new(fp);
	assert_int_equal(mappa_layout_render(doc, dev, diag), 0);
	mappa_device_free(dev);
	fclose(fp);
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void
test_filled(void **state)
{
	struct fx	*f = *state;
	struct mappa_board *b;
	struct mappa_build_options o = {.final = true};
	struct mappa_doc *doc;
	char		*out;

	b = mappa_board_parse_mem(board_xml, sizeof(board_xml) - 1, f->dir,
	    &f->bdiag);
	assert_non_null(b);
	/* three files; logo-mappa.png named twice is one image */
	assert_int_equal(mappa_board_images(b), 3);
	assert_string_equal(mappa_board_image_name(b, 0), "logo-mappa.png");
	o.board = b;
	o.board_diag = &f->bdiag;
	doc = mappa_template_build_with(f->tpl, f->v, &f->tdiag, &o);
	assert_non_null(doc);
	assert_int_equal(f->tdiag.warnings + f->bdiag.warnings, 0);
	out = dump(doc, &f->tdiag);
	/* the cover: the date in the placeholder's style, the logo row */
	assert_non_null(strstr(out, "B 10.5 \"Published \""));
	assert_non_null(strstr(out, " logos 2 height=30.00"));
	assert_non_null(strstr(out, "\"MAPPA\"\n"));
	assert_non_null(strstr(out, "decorative\n"));
	/* the image is embedded once: every use has id 1 */
	assert_int_equal(count(out, "  image 1 360x120"), 0);
	assert_int_equal(count(out, "  image 1 300x120"), 2);
	assert_non_null(strstr(out, "\"Signature of Alex Example\""));
	assert_non_null(strstr(out, " signatures row 1/1"));
	assert_non_null(strstr(out, "\"574"));	/* a word, maybe with its space */
	/* the membership table: a header row and one row a member */
	assert_non_null(strstr(out, "B 10.0 \"Agency\""));
	assert_non_null(strstr(out, "R 10.0 \"Prisons\""));
	assert_non_null(strstr(out, " table 0 row 3/3"));
	/* the case study, boxed and whole */
	assert_int_equal(count(out, " box height="), 1);
	assert_non_null(strstr(out, " boxed line 1/1"));
	/* no placeholder, no draft mark: the header keeps its centre */
	assert_null(strstr(out, "\"[The"));
	assert_null(strstr(out, "\"Draft\""));
	assert_non_null(strstr(out, "\"Centre\""));
	free(out);
	mappa_doc_free(doc);
	mappa_board_free(b);
}

static void
test_draft(void **state)
{
	static const char part[] =
	    "<board version=\"1\">\n<foreword><p>Ours.</p></foreword>\n"
	    "<victims><p>Not in this template.</p></victims>\n</board>\n";
	struct fx	*f = *state;
	struct mappa_board *b;
	struct mappa_build_options o = {.final = false};
	struct mappa_doc *doc;
	char		*out;

	b = mappa_board_parse_mem(part, sizeof(part) - 1, f->dir, &f->bdiag);
	assert_non_null(b);
	o.board = b;
	o.board_diag = &f->bdiag;
	doc = mappa_template_build_with(f->tpl, f->v, &f->tdiag, &o);
	assert_non_null(doc);
	fflush(f->err);
	/* four slots unfilled, in the template's order; one part unused */
	assert_int_equal(f->tdiag.warnings, 4);
	assert_int_equal(f->bdiag.warnings, 1);
	assert_non_null(strstr(f->errbuf, "t.xml:5: warning: slot "
	    "'published' still holds the template's placeholder\n"
	    "t.xml:6: warning: slot 'logos'"));
	assert_non_null(strstr(f->errbuf, "b.board.xml:1: warning: the "
	    "template has no slot for <victims>: it is not printed"));
	out = dump(doc, &f->tdiag);
	/* "Draft" in bold at every running header, in place of its centre */
	assert_int_equal(count(out, " B 9.5 \"Draft\""), count(out,
	    "page ") - 1);
	assert_null(strstr(out, "\"Centre\""));
	assert_non_null(strstr(out, "\"Ours.\""));
	assert_non_null(strstr(out, "\"[Members.]\""));
	free(out);
	mappa_doc_free(doc);

	/* final: each unfilled slot an error, no document */
	o.final = true;
	assert_null(mappa_template_build_with(f->tpl, f->v, &f->tdiag, &o));
	assert_int_equal(f->tdiag.errors, 4);
	fflush(f->err);
	assert_non_null(strstr(f->errbuf, "t.xml:12: error: --final: slot "
	    "'membership' still holds the template's placeholder"));
	mappa_board_free(b);
}

static void
test_refused(void **state)
{
	static const char alt[] =
	    "<board version=\"1\">\n<logos>\n"
	    "<logo src=\"logo-mappa.png\"/>\n</logos>\n</board>\n";
	static const char missing[] =
	    "<board version=\"1\">\n<foreword><p>x</p>\n"
	    "<signatory name=\"A\" signature=\"none.png\"/>\n"
	    "</foreword>\n</board>\n";
	struct fx	*f = *state;

	assert_null(mappa_board_parse_mem(alt, sizeof(alt) - 1, f->dir,
	    &f->bdiag));
	assert_null(mappa_board_parse_mem(missing, sizeof(missing) - 1,
	    f->dir, &f->bdiag));
	assert_int_equal(f->bdiag.errors, 2);
	fflush(f->err);
	assert_non_null(strstr(f->errbuf, "b.board.xml:3: error: an image "
	    "needs its text alternative"));
	assert_non_null(strstr(f->errbuf, "b.board.xml:3: error: cannot "
	    "read image "));
}

/*
 * A bilingual board: each edition takes its own language's slots and
 * those for both; its cover names the other edition and where it is; a
 * slot only in the other language is printed in it, tagged so, a draft,
 * and an error with final; a slot twice in one language is refused.
 */
static const char two_xml[] =
    "<board version=\"1\">\n"
    "<editions><edition lang=\"cy\" title=\"Adroddiad {area}\" "
    "href=\"https://www.example.gov.uk/cy.pdf\"/>"
    "<edition lang=\"en\" title=\"{area} report\"/></editions>\n"
    "<published date=\"2012-10-26\"/>\n"
    "<foreword lang=\"cy\"><p>Croeso.</p></foreword>\n"
    "<foreword lang=\"en-GB\"><p>Welcome.</p></foreword>\n"
    "<membership><p>Both.</p></membership>\n"
    "<case-studies lang=\"en\"><p>Only English.</p></case-studies>\n"
    "</board>\n";

static char *
edition(struct fx *f, const char *lang, bool final, struct mappa_doc **docp)
{
	struct mappa_template *t;
	struct mappa_board *b;
	struct mappa_build_options o = {.final = final};
	struct mappa_doc *doc;
	char	*xml = malloc(sizeof(tpl_xml) + 32), *out = NULL;

	snprintf(xml, sizeof(tpl_xml) + 32, "<report version=\"1\" "
	    "lang=\"%s\">%s", lang, tpl_xml + strlen("<report version=\"1\">"));
	t = mappa_template_parse_mem(xml, strlen(xml), &f->tdiag);
	assert_non_null(t);
	b = mappa_board_parse_mem(two_xml, sizeof(two_xml) - 1, f->dir,
	    &f->bdiag);
	assert_non_null(b);
	assert_true(mappa_board_has_lang(b, "cy"));
	assert_true(mappa_board_has_lang(b, "en-GB"));
	assert_false(mappa_board_has_lang(b, "fr"));
	o.board = b;
	o.board_diag = &f->bdiag;
	doc = mappa_template_build_with(t, f->v, &f->tdiag, &o);
	if (doc != NULL)
		out = dump(doc, &f->tdiag);
	if (docp != NULL)
		*docp = doc;
	else
		mappa_doc_free(doc);
	mappa_board_free(b);
	mappa_template_free(t);
	free(xml);
	fflush(f->err);
	return out;
}

static void
test_editions(void **state)
{
	static const char twice[] =
	    "<board version=\"1\">\n<victims lang=\"cy\"><p>a</p></victims>\n"
	    "<victims lang=\"CY-gb\"><p>b</p></victims>\n"
	    "<victims><p>c</p></victims>\n</board>\n";
	static const char twice_en[] =
	    "<board version=\"1\">\n<victims lang=\"en\"><p>a</p></victims>\n"
	    "<victims><p>b</p></victims>\n</board>\n";
	static const char twice_cy[] =
	    "<board version=\"1\" lang=\"cy\">\n<victims><p>a</p></victims>\n"
	    "<victims lang=\"cy\"><p>b</p></victims>\n</board>\n";
	struct fx	*f = *state;
	struct mappa_doc *doc;
	const char	*alt, *alt_lang;
	char		*cy, *en;

	cy = edition(f, "cy", false, &doc);
	assert_non_null(cy);
	assert_non_null(strstr(cy, "\"Croeso.\""));
	assert_null(strstr(cy, "\"Welcome.\""));
	assert_non_null(strstr(cy, "\"Both.\""));
	assert_non_null(strstr(cy, "\"Cyhoeddwyd "));
	/* the English edition has no address: the sentence alone */
	assert_non_null(strstr(cy, "\"Saesneg.\""));
	/* the English words, tagged English, and a draft */
	assert_non_null(strstr(cy, "<P lang=en"));
	assert_non_null(strstr(cy, "\"English.\""));
	assert_non_null(strstr(cy, "\"Drafft\""));
	assert_non_null(strstr(f->errbuf, "b.board.xml:7: warning: slot "
	    "'case-studies' is filled only in English"));
	/* the other edition's title, in its language */
	alt = mappa_doc_title_alt_get(doc, &alt_lang);
	assert_non_null(alt);
	assert_string_equal(alt, "Dorset report");
	assert_string_equal(alt_lang, "en-GB");
	mappa_doc_free(doc);

	en = edition(f, "en-GB", false, &doc);
	assert_non_null(en);
	assert_non_null(strstr(en, "\"Welcome.\""));
	assert_null(strstr(en, "\"Croeso.\""));
	assert_non_null(strstr(en, "\"Both.\""));
	assert_non_null(strstr(en, "\"English.\""));
	assert_null(strstr(en, "lang=en"));
	/* the Welsh edition's address, a link */
	assert_non_null(strstr(en, "\"Welsh: \""));
	assert_non_null(strstr(en, "https://www.example.gov.uk/cy.pdf"));
	alt = mappa_doc_title_alt_get(doc, &alt_lang);
	assert_non_null(alt);
	assert_string_equal(alt, "Adroddiad Dorset");
	assert_string_equal(alt_lang, "cy");
	mappa_doc_free(doc);
	free(cy);
	free(en);

	/* final: the Welsh edition is refused, the English is not */
	assert_null(edition(f, "cy", true, NULL));
	assert_non_null(strstr(f->errbuf, "b.board.xml:7: error: --final: "
	    "slot 'case-studies' has the board's words only in English, and "
	    "this edition is in Welsh: give <case-studies lang=\"cy\"> "
	    "beside them"));

	assert_null(mappa_board_parse_mem(twice, sizeof(twice) - 1, f->dir,
	    &f->bdiag));
	fflush(f->err);
	assert_non_null(strstr(f->errbuf, "b.board.xml:3: error: <victims "
	    "lang=\"CY-gb\"> again (first at line 2)"));
	/* one without lang beside them is in the board's language, English */
	assert_null(strstr(f->errbuf, "b.board.xml:4:"));

	/* ... so beside lang="en" it is the same slot twice, */
	assert_null(mappa_board_parse_mem(twice_en, sizeof(twice_en) - 1,
	    f->dir, &f->bdiag));
	fflush(f->err);
	assert_non_null(strstr(f->errbuf, "b.board.xml:3: error: <victims> "
	    "again (first at line 2)"));
	/* and in a board that says it is Welsh, beside lang="cy" */
	assert_null(mappa_board_parse_mem(twice_cy, sizeof(twice_cy) - 1,
	    f->dir, &f->bdiag));
	fflush(f->err);
	assert_non_null(strstr(f->errbuf, "b.board.xml:3: error: <victims "
	    "lang=\"cy\"> again (first at line 2)"));
}

/* The probe reads sizes from headers and refuses what can't be embedded. */
static void
test_probe(void **state)
{
	struct fx	*f = *state;
	struct mappa_image im;
	char		 why[256], path[4200];
	unsigned char	*buf;
	long		 n;
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/photo-board.jpg", f->dir);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	buf = malloc(1 << 20);
	n = (long)fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	assert_true(n > 1000);
	assert_int_equal(mappa_image_probe(buf, (size_t)n, &im, why,
	    sizeof(why)), 0);
	assert_int_equal(im.jpeg, 1);
	assert_int_equal(im.width, 600);
	assert_int_equal(im.height, 300);
	/* cut short */
	assert_int_equal(mappa_image_probe(buf, (size_t)n / 2, &im, why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "cut short"));
	/* a PNG whose data is damaged: refused, never handed to libharu */
	snprintf(path, sizeof(path), "%s/logo-prisons.png", f->dir);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = (long)fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	assert_int_equal(mappa_image_probe(buf, (size_t)n, &im, why,
	    sizeof(why)), 0);
	assert_int_equal(im.jpeg, 0);
	assert_int_equal(im.width, 360);
	buf[n - 40] ^= 0x55;
	assert_int_equal(mappa_image_probe(buf, (size_t)n, &im, why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "damaged PNG"));
	assert_int_equal(mappa_image_probe("GIF89a......", 12, &im, why,
	    sizeof(why)), -1);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_editions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
