/* test_pdf.c: the PDF device: embedded subset fonts, UTF-8 text, same bytes each time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mappa/device.h"
#include "mappa/layout.h"

static char *
render(size_t *len)
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc = mappa_doc_new();
	struct mappa_device	*dev;
	struct mappa_block	*b;
	struct mappa_time	 t = { 2024, 10, 1, 9, 30, 0, 0 };
	char			*buf = NULL;
	FILE			*out;

	mappa_diag_init(&diag, "pdf", stderr);
	mappa_doc_set(doc, MAPPA_META_TITLE, "Adroddiad Blynyddol ŵ ŷ");
	mappa_doc_set(doc, MAPPA_META_AUTHOR, "Bwrdd – Board");
	mappa_doc_dates(doc, &t, &t);
	mappa_doc_extra(doc, "Provenance", "sha256=abc");
	b = mappa_doc_heading(doc, 1, 1);
	mappa_block_text(b, 0, "Cyflwyniad");
	b = mappa_doc_paragraph(doc, MAPPA_ALIGN_JUSTIFY);
	mappa_block_text(b, 0, "Llŷr’s “report” costs £5 — ");
	mappa_block_text(b, MAPPA_FACE_ITALIC, "dŵr");
	*len = 0;
	out = open_memstream(&buf, len);
	dev = mappa_pdf_device_new(out);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), 0);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	fclose(out);
	return buf;
}

static void
bytes(void **state)
{
	size_t	 n1, n2;
	char	*a = render(&n1), *b = render(&n2);

	assert_true(n1 > 1000);
	assert_memory_equal(a, "%PDF-", 5);
	assert_non_null(strstr(a + n1 - 8, "%%EOF"));
	/* subset fonts keep a one-page file small */
	assert_true(n1 < 40000);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
}

/* Read the file back with poppler, when it is there. */
static void
readback(void **state)
{
	char	 path[] = "/tmp/mappa-test-pdf-XXXXXX", cmd[256], line[512];
	size_t	 n;
	char	*a = render(&n);
	int	 fd = mkstemp(path), text = 0, fonts = 0;
	FILE	*f, *p;

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_int_equal(fwrite(a, 1, n, f), n);
	fclose(f);
	free(a);
	if (system("pdftotext -v >/dev/null 2>&1") != 0) {
		unlink(path);
		skip();
	}
	snprintf(cmd, sizeof(cmd), "pdftotext %s - 2>/dev/null", path);
	p = popen(cmd, "r");
	while (fgets(line, sizeof(line), p) != NULL)
		if (strstr(line, "Llŷr’s “report” costs £5 — dŵr") != NULL)
			text = 1;
	pclose(p);
	snprintf(cmd, sizeof(cmd), "pdffonts %s 2>/dev/null", path);
	p = popen(cmd, "r");
	while (fgets(line, sizeof(line), p) != NULL)
		if (strstr(line, "+LiberationSerif") != NULL &&
		    strstr(line, "yes yes yes") != NULL)
			fonts++;
	pclose(p);
	unlink(path);
	assert_true(text);
	assert_int_equal(fonts, 3);	/* regular, bold, italic */
}

/* The bytes of s in the n bytes at a, as memmem would find them. */
static int
has(const char *a, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(a + i, s, k) == 0)
			return 1;
	return 0;
}

/*
 * A Welsh document with its English title: the XMP (never compressed)
 * says the language and gives both titles, each with its xml:lang.
 */
static void
languages(void **state)
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc = mappa_doc_new();
	struct mappa_device	*dev;
	const char		*alt_lang;
	char			*buf = NULL;
	size_t			 n = 0;
	FILE			*out;

	(void)state;
	mappa_diag_init(&diag, "pdf", stderr);
	mappa_doc_lang(doc, "cy");
	mappa_doc_set(doc, MAPPA_META_TITLE, "Adroddiad Blynyddol");
	mappa_doc_title_alt(doc, "en-GB", "Annual Report");
	assert_string_equal(mappa_doc_title_alt_get(doc, &alt_lang),
	    "Annual Report");
	assert_string_equal(alt_lang, "en-GB");
	mappa_block_text(mappa_doc_paragraph(doc, MAPPA_ALIGN_LEFT), 0,
	    "Cyflwyniad");
	out = open_memstream(&buf, &n);
	dev = mappa_pdf_device_new(out);
	assert_int_equal(mappa_layout_render(doc, dev, &diag), 0);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	fclose(out);
	assert_true(has(buf, n, "<dc:title><rdf:Alt><rdf:li xml:lang=\""
	    "x-default\">Adroddiad Blynyddol</rdf:li><rdf:li xml:lang=\"cy\">"
	    "Adroddiad Blynyddol</rdf:li><rdf:li xml:lang=\"en-GB\">Annual "
	    "Report</rdf:li></rdf:Alt></dc:title>"));
	assert_true(has(buf, n, "<dc:language><rdf:Bag><rdf:li>cy</rdf:li>"
	    "</rdf:Bag></dc:language>"));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bytes),
		cmocka_unit_test(readback),
		cmocka_unit_test(languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
