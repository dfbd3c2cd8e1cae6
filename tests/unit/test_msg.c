/* test_msg.c: the tables of the program's own words (mappa/msg.h): complete, and the same conversions in every language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/msg.h"
#include "mappa/stats.h"

/*
 * The conversions of a printf format, each as written ("%zu", "%.120s"),
 * one after another with a '|' between; "%%" is text, not a conversion.
 */
static void
conversions(const char *fmt, char *out, size_t size)
{
	size_t	 o = 0;

	out[0] = '\0';
	for (const char *p = fmt; *p != '\0'; p++) {
		const char *s = p;

		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		p++;
		p += strspn(p, "-+ #0123456789.*hljztL");
		assert_true(*p != '\0');	/* a conversion, not the end */
		assert_true(o + (size_t)(p - s) + 2 < size);
		if (o > 0)
			out[o++] = '|';
		memcpy(out + o, s, (size_t)(p - s) + 1);
		o += (size_t)(p - s) + 1;
		out[o] = '\0';
	}
}

/* Every id has a name and a non-empty text in every table. */
static void
complete(void **state)
{
	(void)state;
	for (int id = 0; id < MAPPA_MSG__COUNT; id++) {
		const char *name = mappa_msg_name(id);

		assert_non_null(name);
		assert_int_equal(strncmp(name, "MAPPA_MSG_", 10), 0);
		for (int t = 0; t < MAPPA_MSG_TABLES; t++) {
			const char *s = mappa_msg_in(t, id);

			if (s == NULL || *s == '\0' || strcmp(s, "?") == 0)
				fail_msg("%s has no %s text", name,
				    mappa_msg_table_lang(t));
		}
	}
}

/* A pair's conversions: the same ones, in the same order. */
static void
same_conversions(void **state)
{
	char	 en[256], other[256];

	(void)state;
	for (int id = 0; id < MAPPA_MSG__COUNT; id++) {
		conversions(mappa_msg_in(0, id), en, sizeof(en));
		for (int t = 1; t < MAPPA_MSG_TABLES; t++) {
			conversions(mappa_msg_in(t, id), other, sizeof(other));
			if (strcmp(en, other) != 0)
				fail_msg("%s: en-GB has \"%s\", %s \"%s\"",
				    mappa_msg_name(id), en,
				    mappa_msg_table_lang(t), other);
		}
	}
}

/* Which table a language tag picks. */
static void
languages(void **state)
{
	static const struct { const char *lang; int table; } cases[] = {
		{ "cy", 1 }, { "CY", 1 }, { "cy-GB", 1 }, { "Cy-gb", 1 },
		{ "en-GB", 0 }, { "en", 0 }, { NULL, 0 }, { "", 0 },
		{ "cym", 0 }, { "c", 0 }, { "gd", 0 }, { "cyx-GB", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(mappa_msg(cases[i].lang,
		    MAPPA_MSG_CONTENTS), mappa_msg_in(cases[i].table,
		    MAPPA_MSG_CONTENTS));
	assert_string_equal(mappa_msg("cy", MAPPA_MSG_CONTENTS), "Cynnwys");
	assert_string_equal(mappa_msg_table_lang(0), "en-GB");
	assert_string_equal(mappa_msg_table_lang(1), "cy");
}

static void
dates(void **state)
{
	char	 buf[64], *s;

	(void)state;
	mappa_msg_date("en-GB", 2012, 3, 31, buf, sizeof(buf));
	assert_string_equal(buf, "31 March 2012");
	mappa_msg_date("cy", 2012, 3, 31, buf, sizeof(buf));
	assert_string_equal(buf, "31 Mawrth 2012");
	mappa_msg_date("cy", 2011, 4, 1, buf, sizeof(buf));
	assert_string_equal(buf, "1 Ebrill 2011");
	mappa_msg_format(buf, sizeof(buf), "cy", MAPPA_MSG_PERIOD,
	    "1 Ebrill 2011", "31 Mawrth 2012");
	assert_string_equal(buf, "1 Ebrill 2011 i 31 Mawrth 2012");
	s = mappa_msg_alloc("cy", MAPPA_MSG_LINK_PAGE, "Cyflwyniad", 3);
	assert_string_equal(s, "Cyflwyniad, tudalen 3");
	free(s);
	s = mappa_msg_alloc(NULL, MAPPA_MSG_TABLE_N, (size_t)4);
	assert_string_equal(s, "Table 4");
	free(s);
	/* the report's words for the statistics' own phrase */
	assert_string_equal(mappa_msg_in(0, MAPPA_MSG_ALL_AGES),
	    MAPPA_POPULATION_BASIS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete),
		cmocka_unit_test(same_conversions),
		cmocka_unit_test(languages),
		cmocka_unit_test(dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
