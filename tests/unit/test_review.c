/* test_review.c: the review stage's pieces: percentage change, and provenance parsed and read from PDF bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mappa/review.h"

static int64_t
pct(uint64_t prev, uint64_t cur)
{
	int64_t	 t = INT64_MIN;

	assert_int_equal(mappa_pct_change(prev, cur, &t), 0);
	return t;
}

static void
pct_change(void **state)
{
	int64_t	 t;

	(void)state;
	assert_int_equal(pct(545, 574), 53);	/* 5.321 */
	assert_int_equal(pct(100, 100), 0);
	assert_int_equal(pct(4, 0), -1000);
	assert_int_equal(pct(1, 3), 2000);
	/* Halves away from zero: 1/8 = 12.5%, 1/16 = 6.25% -> 6.3. */
	assert_int_equal(pct(16, 17), 63);
	assert_int_equal(pct(16, 15), -63);
	assert_int_equal(pct(2000, 2001), 1);	/* 0.05 -> 0.1 */
	assert_int_equal(pct(2000, 1999), -1);
	assert_int_equal(pct(3000, 3001), 0);	/* 0.033 -> 0.0 */
	assert_int_equal(pct(3, 2), -333);
	assert_int_equal(pct(3, 4), 333);
	assert_int_equal(mappa_pct_change(0, 5, &t), -1);
	assert_int_equal(mappa_pct_change(0, 0, &t), -1);
	assert_int_equal(mappa_pct_change(UINT64_MAX, 1, &t), -1);
}

#define H1 "252efb820f69dbe70627f69545f409f8da285a6b553969e893bc6dc6696ca7fe"
#define H2 "87d864f73c3944e41debb0a5edb3f7c1ed50562235b50366e952a4257fb36506"

static void
parse(void **state)
{
	struct mappa_provenance p;

	(void)state;
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; snapshot "
	    "sha256 " H1 "; template sha256 " H2, &p), 0);
	assert_string_equal(p.version, "0.1.0");
	assert_string_equal(p.snapshot, H1);
	assert_string_equal(p.template_sha, H2);
	assert_string_equal(p.previous, "");
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; snapshot "
	    "sha256 " H1 "; template sha256 " H2 "; previous snapshot sha256 "
	    H2, &p), 0);
	assert_string_equal(p.previous, H2);
	/* Not ours: compare's provenance, short or upper-case hashes, junk. */
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; compare; "
	    "2010-11 snapshot sha256 " H1, &p), -1);
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; snapshot "
	    "sha256 252efb; template sha256 " H2, &p), -1);
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; snapshot "
	    "sha256 252EFB820F69DBE70627F69545F409F8DA285A6B553969E893BC6DC66"
	    "96CA7FE; template sha256 " H2, &p), -1);
	assert_int_equal(mappa_provenance_parse("mappa-report 0.1.0; snapshot "
	    "sha256 " H1 "; template sha256 " H2 " and more", &p), -1);
	assert_int_equal(mappa_provenance_parse("", &p), -1);
}

/* Write bytes to a temporary file; returns its path (static). */
static const char *
file_of(const char *bytes, size_t n)
{
	static char path[] = "/tmp/test_review-XXXXXX";
	int	 fd;

	strcpy(path, "/tmp/test_review-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
read_pdf(void **state)
{
	static const char text[] = "mappa-report 0.1.0; snapshot sha256 " H1
	    "; template sha256 " H2;
	struct mappa_provenance p;
	char	*buf = malloc(16384), *q;
	const char *path;

	(void)state;
	/* UTF-16BE with a BOM, in hex, as libharu writes it. */
	q = buf + sprintf(buf, "%%PDF-1.3\n1 0 obj\n<<\n/Producer (x)\n"
	    "/Provenance <FEFF");
	for (const char *c = text; *c != '\0'; c++)
		q += sprintf(q, "00%02X", (unsigned char)*c);
	q += sprintf(q, ">\n>>\nendobj\n%%%%EOF\n");
	path = file_of(buf, (size_t)(q - buf));
	assert_int_equal(mappa_provenance_read(path, &p), 0);
	assert_string_equal(p.snapshot, H1);
	assert_string_equal(p.template_sha, H2);
	unlink(path);

	/* A literal string, with an escape, and a later entry that wins. */
	q = buf + sprintf(buf, "%%PDF-1.3\n/Provenance (old)\n"
	    "/Provenance (mappa\\055report 0.2.0; snapshot sha256 %s; "
	    "template sha256 %s)\n", H2, H1);
	path = file_of(buf, (size_t)(q - buf));
	assert_int_equal(mappa_provenance_read(path, &p), 0);
	assert_string_equal(p.version, "0.2.0");
	assert_string_equal(p.snapshot, H2);
	unlink(path);

	/* None, or one cut short. */
	path = file_of("%PDF-1.3\n%%EOF\n", 15);
	assert_int_equal(mappa_provenance_read(path, &p), 1);
	unlink(path);
	path = file_of("%PDF-1.3\n/Provenance <FEFF006D", 29);
	assert_int_equal(mappa_provenance_read(path, &p), 1);
	unlink(path);
	assert_int_equal(mappa_provenance_read("/nonexistent/x.pdf", &p), -1);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pct_change),
		cmocka_unit_test(parse),
		cmocka_unit_test(read_pdf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
