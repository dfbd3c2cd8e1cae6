/* test_date.c: calendar dates as day numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/date.h"

static int32_t
parse(const char *s)
{
	int32_t	 d = -99999999;

	assert_int_equal(mappa_date_parse(s, strlen(s), &d), 0);
	return d;
}

static void
epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(parse("1970-01-01"), 0);
	assert_int_equal(parse("1970-01-02"), 1);
	assert_int_equal(parse("1969-12-31"), -1);
	/* 2012-03-31 is day 15430 of the Unix epoch. */
	assert_int_equal(parse("2012-03-31"), 15430);
	assert_int_equal(parse("0001-01-01"), MAPPA_DATE_MIN);
	assert_int_equal(parse("9999-12-31"), MAPPA_DATE_MAX);
}

static void
period_lengths(void **state)
{
	(void)state;
	/* 2011-12 holds 29 February 2012: 366 days. */
	assert_int_equal(parse("2012-03-31") - parse("2011-04-01") + 1, 366);
	assert_int_equal(parse("2013-03-31") - parse("2012-04-01") + 1, 365);
	assert_int_equal(parse("2000-03-01") - parse("2000-02-28"), 2);
	assert_int_equal(parse("1900-03-01") - parse("1900-02-28"), 1);
}

static void
round_trip_every_day(void **state)
{
	char	 buf[11];
	int32_t	 back;

	(void)state;
	for (int32_t d = parse("1899-01-01"); d <= parse("2101-01-01"); d++) {
		mappa_date_format(d, buf);
		assert_int_equal(mappa_date_parse(buf, 10, &back), 0);
		assert_int_equal(back, d);
	}
}

static void
rejects(void **state)
{
	static const char *const bad[] = {
		"2013-02-29", "1900-02-29", "2011-04-31", "2011-13-01",
		"2011-00-10", "2011-01-00", "2011-1-01", "2011/01/01",
		"0000-01-01", "2011-01-01Z", " 2011-01-01", "20110101",
		"2011-01-32", "", "abcd-ef-gh", "2011-01-0a",
	};
	int32_t	 d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mappa_date_parse(bad[i], strlen(bad[i]), &d),
		    -1);
	assert_int_equal(mappa_date_parse("2012-02-29", 10, &d), 0);
	assert_int_equal(mappa_date_parse("2000-02-29", 10, &d), 0);
}

static void
datetimes(void **state)
{
	static const char *const good[] = {
		"2012-04-03T09:15:00Z", "2012-04-03T09:15:00",
		"2012-04-03T09:15:00.125+01:00", "2012-04-03T24:00:00-05:30",
		"2012-02-29T23:59:59+14:00",
	};
	static const char *const bad[] = {
		"2012-04-03", "2012-04-03 09:15:00", "2012-04-03T25:00:00Z",
		"2012-04-03T09:60:00Z", "2012-04-03T09:15:00+1:00",
		"2013-02-29T00:00:00Z", "2012-04-03T09:15:00.Z",
		"2012-04-03T09:15:00Zx", "2012-04-03T24:00:01Z",
		"2012-04-03T09:15:00+15:00",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(mappa_datetime_check(good[i],
		    strlen(good[i])), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mappa_datetime_check(bad[i],
		    strlen(bad[i])), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoch_and_known_days),
		cmocka_unit_test(period_lengths),
		cmocka_unit_test(round_trip_every_day),
		cmocka_unit_test(rejects),
		cmocka_unit_test(datetimes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
