/* test_font.c: font lookup through fontconfig and libharu-equal metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mappa/font.h"

static void
lookup(void **state)
{
	struct mappa_fontset *fs = mappa_fontset_new("Liberation Serif");

	assert_non_null(fs);
	assert_non_null(strstr(mappa_fontset_path(fs, MAPPA_FACE_REGULAR),
	    "LiberationSerif-Regular.ttf"));
	assert_non_null(strstr(mappa_fontset_path(fs,
	    MAPPA_FACE_BOLD_ITALIC), "LiberationSerif-BoldItalic.ttf"));
	mappa_fontset_free(fs);
	/* no substitutes */
	assert_null(mappa_fontset_new("No Such Family Anywhere"));
	mappa_fontset_free(NULL);
}

/* Values measured with HPDF_Font_TextWidth on the same files. */
static void
widths(void **state)
{
	struct mappa_fontset *fs = mappa_fontset_new("Liberation Serif");

	assert_non_null(fs);
	assert_float_equal(mappa_font_width(fs, MAPPA_FACE_REGULAR, 1000,
	    "Hello", 5), 2219, 1e-9);
	/* ŵ and ŷ are in the font; width adds up per code point */
	assert_true(mappa_font_has(fs, MAPPA_FACE_REGULAR, 0x175));
	assert_true(mappa_font_has(fs, MAPPA_FACE_REGULAR, 0x177));
	assert_true(mappa_font_has(fs, MAPPA_FACE_REGULAR, 0x2019));
	assert_false(mappa_font_has(fs, MAPPA_FACE_REGULAR, 0x1F600));
	assert_float_equal(mappa_font_width(fs, MAPPA_FACE_REGULAR, 10,
	    "\xc5\xb5\xc5\xb7", 4),
	    mappa_font_width(fs, MAPPA_FACE_REGULAR, 10, "\xc5\xb5", 2) +
	    mappa_font_width(fs, MAPPA_FACE_REGULAR, 10, "\xc5\xb7", 2),
	    1e-9);
	assert_true(mappa_font_ascent(fs, MAPPA_FACE_REGULAR, 10) > 8);
	assert_true(mappa_font_descent(fs, MAPPA_FACE_REGULAR, 10) > 1);
	mappa_fontset_free(fs);
}

static void
used(void **state)
{
	struct mappa_fontset	*fs = mappa_fontset_new("Liberation Sans");
	const uint32_t		*cps;
	size_t			 n;

	assert_non_null(fs);
	assert_int_equal(mappa_fontset_used(fs, MAPPA_FACE_BOLD, &cps), 0);
	mappa_fontset_use(fs, MAPPA_FACE_BOLD, "ba\xc2\xa3" "a", 5);
	n = mappa_fontset_used(fs, MAPPA_FACE_BOLD, &cps);
	assert_int_equal(n, 3);
	assert_int_equal(cps[0], 'a');
	assert_int_equal(cps[1], 'b');
	assert_int_equal(cps[2], 0xa3);
	mappa_fontset_free(fs);
}

static void
utf8(void **state)
{
	const char	*s = "a\xe2\x80\x94\xff\xc5";
	size_t		 i = 0, len = strlen(s);

	assert_int_equal(mappa_utf8_next(s, len, &i), 'a');
	assert_int_equal(mappa_utf8_next(s, len, &i), 0x2014);
	assert_int_equal(mappa_utf8_next(s, len, &i), 0xfffd);
	assert_int_equal(mappa_utf8_next(s, len, &i), 0xfffd);	/* cut */
	assert_int_equal(i, len);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup),
		cmocka_unit_test(widths),
		cmocka_unit_test(used),
		cmocka_unit_test(utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
