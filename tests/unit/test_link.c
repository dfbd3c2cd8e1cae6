/* test_link.c: addresses found in running text (mappa_link_next), case by case from a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/link.h"

/*
 * Each case: a text, then what is found in it, in order, as
 * "ADDRESS=URI" pairs separated by '|' ("" when nothing is).
 */
static const struct { const char *text, *want; } cases[] = {
	{ "No address here.", "" },
	{ "See https://www.gov.uk/mappa.", "https://www.gov.uk/mappa=https://www.gov.uk/mappa" },
	{ "Visit www.dorset.police.uk, or call.", "www.dorset.police.uk=http://www.dorset.police.uk" },
	{ "Write to mappa@dorset.gov.uk.", "mappa@dorset.gov.uk=mailto:mappa@dorset.gov.uk" },
	{ "(see http://example.org/a_(b))", "http://example.org/a_(b)=http://example.org/a_(b)" },
	{ "(see www.example.org/page).", "www.example.org/page=http://www.example.org/page" },
	{ "HTTPS://EXAMPLE.ORG/X? yes", "HTTPS://EXAMPLE.ORG/X=HTTPS://EXAMPLE.ORG/X" },
	{ "two: a.b@c.org; www.d.org!", "a.b@c.org=mailto:a.b@c.org|www.d.org=http://www.d.org" },
	{ "quoted \xe2\x80\x9chttps://e.org/p\xe2\x80\x9d here", "https://e.org/p=https://e.org/p" },
	{ "<https://e.org/x>", "https://e.org/x=https://e.org/x" },
	{ "https://e.org/q?a=1&b=2#top", "https://e.org/q?a=1&b=2#top=https://e.org/q?a=1&b=2#top" },
	{ "mailto:jo@e.org", "jo@e.org=mailto:jo@e.org" },
	{ "not www.x or awww.e.org or http:// alone", "" },
	{ "@home, a@b, a@b.c, .@e.org", "" },
	{ "end at https://e.org", "https://e.org=https://e.org" },
	{ "user first.last+tag@sub.e.co.uk:", "first.last+tag@sub.e.co.uk=mailto:first.last+tag@sub.e.co.uk" },
};

static void
table(void **state)
{
	size_t	 c, at, b, e, n;
	char	*uri, got[512];

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const char *s = cases[c].text;

		got[0] = '\0';
		for (at = 0, n = strlen(s);
		    mappa_link_next(s + at, n - at, &b, &e, &uri) == 1;
		    at += e) {
			assert_true(b < e && at + e <= n);
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s%.*s=%s", got[0] ? "|" : "", (int)(e - b),
			    s + at + b, uri);
			free(uri);
		}
		assert_null(uri);
		if (strcmp(got, cases[c].want) != 0)
			fail_msg("case %zu \"%s\": got \"%s\", want \"%s\"", c,
			    s, got, cases[c].want);
	}
}

/* The length bounds the search: nothing is read past it. */
static void
bounded(void **state)
{
	size_t	 b, e;
	char	*uri;
	const char s[] = "www.e.org and more";

	(void)state;
	assert_int_equal(mappa_link_next(s, 7, &b, &e, &uri), 0);
	assert_int_equal(mappa_link_next(s, 9, &b, &e, &uri), 1);
	assert_int_equal(b, 0);
	assert_int_equal(e, 9);
	assert_string_equal(uri, "http://www.e.org");
	free(uri);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
