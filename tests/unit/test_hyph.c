/* test_hyph.c: the patterns each language takes, and Welsh broken where TeX breaks it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mappa/util.h"
#include "../../generator/layout/layout_int.h"

static void
langs(void **state)
{
	assert_int_equal(hyph_lang("cy"), HL_CY);
	assert_int_equal(hyph_lang("cy-GB"), HL_CY);
	assert_int_equal(hyph_lang("CY"), HL_CY);
	assert_int_equal(hyph_lang("en-GB"), HL_EN);
	assert_int_equal(hyph_lang(NULL), HL_EN);
	assert_int_equal(hyph_lang("cym"), HL_EN);
	assert_int_equal(hyph_lang("c"), HL_EN);
	assert_int_equal(hyph_lang("fr"), HL_EN);
}

/* Loaded once per language, kept in the context, freed together. */
static void
cache(void **state)
{
	struct ctx	 c;
	HyphenDict	*en, *cy;

	memset(&c, 0, sizeof(c));
	en = hyph_get(&c, "en-GB");
	cy = hyph_get(&c, "cy");
	assert_non_null(en);
	assert_non_null(cy);
	assert_ptr_not_equal(en, cy);
	assert_ptr_equal(hyph_get(&c, NULL), en);
	assert_ptr_equal(hyph_get(&c, "cy-GB"), cy);
	/* TeX's minimums for Welsh, carried into the dictionary */
	assert_int_equal(cy->lhmin, 2);
	assert_int_equal(cy->rhmin, 3);
	hyph_free(&c);
	assert_null(c.dict[HL_EN]);
	assert_null(c.dict[HL_CY]);
}

/* w with a '-' at each point hyph_word gives, as hyphbox takes them. */
static char *
hyphenated(HyphenDict *d, const char *w)
{
	size_t	 n = strlen(w), k = 0;
	char	*hy = mappa_malloc(n + 5), *out = mappa_malloc(2 * n + 1);

	assert_int_equal(hyph_word(d, w, n, hy), 0);
	for (size_t i = 0; i < n; i++) {
		out[k++] = w[i];
		if (i + 1 < n && (hy[i] & 1) &&
		    ((unsigned char)w[i + 1] & 0xc0) != 0x80)
			out[k++] = '-';
	}
	out[k] = '\0';
	free(hy);
	return out;
}

/*
 * tests/data/hyph/cy.txt, made by tests/hyph/liang.py from TeX's own
 * patterns: the dictionary the layout loads must break every word there.
 */
static void
welsh(void **state)
{
	const char	*src = getenv("SRCDIR");
	char		 path[4096], line[256], word[256], *got;
	struct ctx	 c;
	HyphenDict	*cy;
	FILE		*fp;
	size_t		 n, k, words = 0, bad = 0;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/data/hyph/cy.txt", src);
	assert_non_null(fp = fopen(path, "r"));
	memset(&c, 0, sizeof(c));
	assert_non_null(cy = hyph_get(&c, "cy"));
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (n = k = 0; line[n] != '\0'; n++)
			if (line[n] != '-')
				word[k++] = line[n];
		word[k] = '\0';
		got = hyphenated(cy, word);
		if (strcmp(got, line) != 0) {
			print_error("%s: TeX %s, libhyphen %s\n", path, line,
			    got);
			bad++;
		}
		free(got);
		words++;
	}
	fclose(fp);
	hyph_free(&c);
	assert_true(words >= 25);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(langs),
		cmocka_unit_test(cache),
		cmocka_unit_test(welsh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
