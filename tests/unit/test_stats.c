/* test_stats.c: each statistic's edges, on offenders built in C. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/date.h"
#include "mappa/stats.h"

static int32_t
D(const char *s)
{
	int32_t	 d = 0;

	assert_int_equal(mappa_date_parse(s, strlen(s), &d), 0);
	return d;
}

static void
start(struct mappa_stats *s, uint64_t population)
{
	struct mappa_header h = {1, "Testshire", 0, 0, population, NULL};

	h.period_start = D("2011-04-01");
	h.period_end = D("2012-03-31");
	mappa_stats_init(s, &h);
}

/* One offender of category c at level v from eligible-from onward. */
static struct mappa_offender
one(int c, const char *from, const char *until, struct mappa_level *lv,
    size_t nlv, struct mappa_event *ev, size_t nev)
{
	struct mappa_offender o;

	memset(&o, 0, sizeof(o));
	o.id = "X";
	o.category = c;
	o.eligible_from = D(from);
	o.eligible_until = until ? D(until) : MAPPA_DATE_NONE;
	o.levels = lv;
	o.nlevels = nlv;
	o.events = ev;
	o.nevents = nev;
	return o;
}

static uint64_t
get(const struct mappa_stats *s, const char *path)
{
	uint64_t v = 999999;

	assert_int_equal(mappa_stats_lookup(s, path, &v), 0);
	return v;
}

/* rso_per_100k = round half up of n * 100000 / population. */
static void
rate_rounding(void **state)
{
	/* want: the whole rate; tenths: the rate in tenths (one decimal) */
	static const struct { uint64_t n, pop, want, tenths; } cases[] = {
		{574, 746000, 77, 769},	/* 76.94 */
		{1, 200000, 1, 5},		/* 0.5 exactly: up */
		{1, 200001, 0, 5},		/* just under 0.5; 4.99998 tenths */
		{3, 200000, 2, 15},		/* 1.5: up */
		{1, 400000, 0, 3},		/* 0.25: 2.5 tenths, up */
		{1, 400001, 0, 2},		/* just under 2.5 tenths */
		{0, 1, 0, 0},
		{1, 1, 100000, 1000000},
		{7, 10000000000ULL, 0, 0},
		{50000, 10000000000ULL, 1, 5},	/* 0.5 */
		{5000, 10000000000ULL, 0, 1},	/* 0.05: half a tenth, up */
	};
	struct mappa_level lv = {D("2000-01-01"), 1, 0};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mappa_stats s;
		struct mappa_offender o = one(1, "2000-01-01", NULL, &lv, 1,
		    NULL, 0);

		start(&s, cases[i].pop);
		for (uint64_t k = 0; k < cases[i].n; k++)
			mappa_stats_add(&s, &o);
		mappa_stats_finish(&s);
		assert_int_equal(get(&s, "rso_per_100k"), cases[i].want);
		assert_int_equal(s.rso_per_100k_tenths, cases[i].tenths);
		mappa_stats_clear(&s);
	}
}

/* A level that starts on an event's day applies on that day. */
static void
level_on_event_day(void **state)
{
	struct mappa_level lv[] = {
		{D("2005-01-01"), 1, 0}, {D("2011-10-10"), 3, 0},
	};
	struct mappa_event ev[] = {
		{MAPPA_EV_SFO_CHARGE, D("2011-10-10"), 0, false, 0},
		{MAPPA_EV_RETURN_TO_CUSTODY, D("2011-10-09"),
		    MAPPA_RETURN_LICENCE, false, 0},
	};
	struct mappa_offender o = one(2, "2005-01-01", NULL, lv, 2, ev, 2);
	struct mappa_stats s;

	(void)state;
	start(&s, 1000);
	mappa_stats_add(&s, &o);
	mappa_stats_finish(&s);
	assert_int_equal(get(&s, "sfo_charges.category2.level3"), 1);
	assert_int_equal(get(&s, "sfo_charges.category2.level1"), 0);
	/* The day before the change: level 1, counted apart. */
	assert_int_equal(get(&s,
	    "returned_to_custody.breach_of_licence.total.total"), 0);
	assert_int_equal(get(&s, "returned_to_custody_level1.breach_of_licence"),
	    1);
	assert_int_equal(get(&s, "level2_3_in_period.category2.level3"), 1);
	mappa_stats_clear(&s);
}

/* Level 3 ends the day before eligibility starts in the period. */
static void
highest_level_only_while_eligible(void **state)
{
	struct mappa_level lv[] = {
		{D("2005-01-01"), 3, 0}, {D("2011-04-02"), 1, 0},
	};
	struct mappa_offender o = one(1, "2005-01-01", NULL, lv, 2, NULL, 0);
	struct mappa_offender late = one(1, "2011-04-02", NULL, lv + 1, 1,
	    NULL, 0);
	struct mappa_stats s;

	(void)state;
	start(&s, 1000);
	mappa_stats_add(&s, &o);	/* level 3 on 2011-04-01: counts */
	mappa_stats_add(&s, &late);	/* level 1 all year: doesn't */
	mappa_stats_finish(&s);
	assert_int_equal(get(&s, "level2_3_in_period.category1.level3"), 1);
	assert_int_equal(get(&s, "level2_3_in_period.total.total"), 1);
	assert_int_equal(get(&s, "offenders.category1.level1"), 2);
	mappa_stats_clear(&s);
}

/* Distinct offenders versus events. */
static void
distinct_offenders_and_events(void **state)
{
	struct mappa_level lv = {D("2005-01-01"), 1, 0};
	struct mappa_event ev[] = {
		{MAPPA_EV_NOTIFICATION_BREACH, D("2011-05-01"),
		    MAPPA_OUTCOME_CAUTION, false, 0},
		{MAPPA_EV_NOTIFICATION_BREACH, D("2011-06-01"),
		    MAPPA_OUTCOME_CONVICTION, false, 0},
		{MAPPA_EV_NOTIFICATION_BREACH, D("2011-07-01"),
		    MAPPA_OUTCOME_CONVICTION, false, 0},
		{MAPPA_EV_SRO_BREACH, D("2011-07-01"), 0, true, 0},
		{MAPPA_EV_SRO_BREACH, D("2011-08-01"), 0, true, 0},
	};
	struct mappa_offender o = one(1, "2005-01-01", NULL, &lv, 1, ev, 5);
	struct mappa_stats s;

	(void)state;
	start(&s, 1000);
	mappa_stats_add(&s, &o);
	mappa_stats_add(&s, &o);
	mappa_stats_finish(&s);
	assert_int_equal(get(&s, "notification_breaches.rsos"), 2);
	assert_int_equal(get(&s, "notification_breaches.cautions"), 2);
	assert_int_equal(get(&s, "notification_breaches.convictions"), 4);
	assert_int_equal(get(&s, "sro_breaches.breaches"), 4);
	assert_int_equal(get(&s, "sro_breaches.became_notifiable"), 2);
	mappa_stats_clear(&s);
}

/* Every path of the CSV output is found by lookup, in order. */
struct walk {
	const struct mappa_stats *s;
	int	 integers, strings;
};

static void
walk_integer(void *arg, const char *path, uint64_t v)
{
	struct walk *w = arg;
	uint64_t got;

	assert_int_equal(mappa_stats_lookup(w->s, path, &got), 0);
	assert_int_equal(got, v);
	w->integers++;
}

static void
walk_string(void *arg, const char *path, const char *t)
{
	struct walk *w = arg;
	uint64_t got;

	(void)t;
	assert_int_equal(mappa_stats_lookup(w->s, path, &got), -1);
	w->strings++;
}

static void
paths(void **state)
{
	struct mappa_stats s;
	struct walk w = {&s, 0, 0};
	struct mappa_stats_visitor v = {walk_integer, walk_string, &w};

	(void)state;
	start(&s, 1000);
	mappa_stats_finish(&s);
	mappa_stats_visit(&s, &v);
	/* area, period start, end, population basis, rate to one decimal */
	assert_int_equal(w.strings, 5);
	assert_int_equal(w.integers, 2 + 16 + 4 + 1 + 3 + 12 + 3 + 1 + 9 +
	    9 + 2 + 24 + 2 + 16);
	assert_null(mappa_stats_field(&s, "offenders.total.total"));
	assert_null(mappa_stats_field(&s, "rso_per_100k"));
	assert_null(mappa_stats_field(&s, "no.such.figure"));
	assert_ptr_equal(mappa_stats_field(&s, "offenders.category2.level3"),
	    &s.offenders[1].level3);
	assert_ptr_equal(mappa_stats_field(&s, "orders.shpo_foreign_travel"),
	    &s.orders.shpo_foreign_travel);
	mappa_stats_clear(&s);
	mappa_stats_clear(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_rounding),
		cmocka_unit_test(level_on_event_day),
		cmocka_unit_test(highest_level_only_while_eligible),
		cmocka_unit_test(distinct_offenders_and_events),
		cmocka_unit_test(paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
