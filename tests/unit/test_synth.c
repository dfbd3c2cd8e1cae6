/* test_synth.c: the generator against the reader and the statistics. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mappa/date.h"
#include "mappa/diag.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"
#include "mappa/synth.h"
#include "mappa/util.h"

static const char *const samples[] = {"dorset-2010-11", "dorset-2011-12",
    "dorset-2012-13", "dorset-2013-14", "dorset-2016-17"};

/* What the read-back saw that the edge cases need to have happened. */
struct seen {
	struct mappa_stats *s;
	int32_t		 ps, pe;
	uint64_t	 records;
	bool		 ev_on_ps, ev_on_pe, until_ps, until_pe, until_before;
	bool		 change_on_event, change_on_pe, fresh, unsorted_ev;
	bool		 levels_unsorted_doc;
};

static int
on_header(void *arg, const struct mappa_header *h)
{
	struct seen *sn = arg;

	mappa_stats_init(sn->s, h);
	sn->ps = h->period_start;
	sn->pe = h->period_end;
	return 0;
}

static int
on_offender(void *arg, const struct mappa_offender *o)
{
	struct seen *sn = arg;

	mappa_stats_add(sn->s, o);
	sn->records++;
	sn->until_ps |= o->eligible_until == sn->ps;
	sn->until_pe |= o->eligible_until == sn->pe;
	sn->until_before |= o->eligible_until < sn->ps;
	sn->fresh |= o->eligible_from >= sn->ps && o->eligible_from <= sn->pe;
	for (size_t i = 0; i < o->nlevels; i++)
		sn->change_on_pe |= o->levels[i].from == sn->pe;
	for (size_t i = 0; i < o->nlevels; i++)
		if (i > 0 && o->levels[i].line < o->levels[i - 1].line)
			sn->levels_unsorted_doc = true;
	for (size_t i = 0; i < o->nevents; i++) {
		const struct mappa_event *e = &o->events[i];

		sn->ev_on_ps |= e->date == sn->ps;
		sn->ev_on_pe |= e->date == sn->pe;
		if (i > 0 && e->date < o->events[i - 1].date)
			sn->unsorted_ev = true;
		if (e->date > sn->ps && e->date <= sn->pe)
			for (size_t j = 0; j < o->nlevels; j++)
				sn->change_on_event |=
				    o->levels[j].from == e->date;
	}
	return 0;
}

static char *
generate(const struct mappa_stats *t, uint64_t seed, uint64_t noise,
    size_t *len, uint64_t *records)
{
	struct mappa_synth_options o;
	char	*buf = NULL;
	FILE	*f;

	mappa_synth_options_init(&o);
	o.seed = seed;
	o.noise = noise;
	f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(mappa_synth_write(f, t, &o, records), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *
csv(const struct mappa_stats *s)
{
	char	*buf = NULL;
	size_t	 len;
	FILE	*f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(mappa_stats_write(f, s, MAPPA_FORMAT_CSV), 0);
	fclose(f);
	return buf;
}

/* Print the first differing lines, so a failure says which figure. */
static void
report_diff(const char *want, const char *got, const char *what)
{
	const char *w = want, *g = got;

	while (*w && *g) {
		const char *we = strchr(w, '\n'), *ge = strchr(g, '\n');
		size_t	 wl = we ? (size_t)(we - w) : strlen(w);
		size_t	 gl = ge ? (size_t)(ge - g) : strlen(g);

		if (wl != gl || memcmp(w, g, wl) != 0)
			print_error("%s: want %.*s, got %.*s\n", what,
			    (int)wl, w, (int)gl, g);
		w += wl + (we != NULL);
		g += gl + (ge != NULL);
	}
}

/*
 * Generate from t, read back, and compare every figure.  t is finished
 * (totals computed) on the way.  Returns the read-back's observations.
 */
static struct seen
roundtrip(struct mappa_stats *t, uint64_t seed, uint64_t noise,
    const char *what)
{
	struct mappa_stats got;
	struct seen sn;
	struct mappa_handler h = {on_header, on_offender, NULL, NULL, 0};
	struct mappa_diag d;
	uint64_t records = 0;
	size_t	 len;
	char	*buf, *want_csv, *got_csv, why[256];

	if (mappa_synth_check(t, why, sizeof(why)) != 0)
		fail_msg("%s: target refused: %s", what, why);
	buf = generate(t, seed, noise, &len, &records);
	memset(&got, 0, sizeof(got));
	memset(&sn, 0, sizeof(sn));
	sn.s = &got;
	h.arg = &sn;
	mappa_diag_init(&d, what, stderr);
	if (mappa_snapshot_read_mem(buf, len, &d, &h) != MAPPA_READ_OK) {
		FILE *f = fopen("synth-rejected.xml", "w");

		if (f != NULL) {
			fwrite(buf, 1, len, f);
			fclose(f);
		}
		fail_msg("%s (seed %llu): reader rejected the output; saved "
		    "as synth-rejected.xml", what, (unsigned long long)seed);
	}
	assert_int_equal(sn.records, records);
	mappa_stats_finish(&got);
	mappa_stats_finish(t);
	want_csv = csv(t);
	got_csv = csv(&got);
	if (strcmp(want_csv, got_csv) != 0) {
		report_diff(want_csv, got_csv, what);
		fail_msg("%s (seed %llu): statistics differ from the target",
		    what, (unsigned long long)seed);
	}
	free(want_csv);
	free(got_csv);
	free(buf);
	mappa_stats_clear(&got);
	sn.s = NULL;
	return sn;
}

static void
test_random_targets(void **state)
{
	static const uint64_t sizes[] = {0, 1, 2, 3, 7, 20, 55, 130, 400,
	    1000, 3000};
	bool	 edges[9] = {false};
	char	 what[64];

	(void)state;
	for (uint64_t seed = 1; seed <= 40; seed++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct mappa_stats t;
			struct seen sn;

			memset(&t, 0, sizeof(t));
			mappa_synth_random_target(sizes[i], seed, &t);
			snprintf(what, sizeof(what), "random n=%llu seed=%llu",
			    (unsigned long long)sizes[i],
			    (unsigned long long)seed);
			sn = roundtrip(&t, seed * 7919 + i,
			    seed % 3 == 0 ? 0 : MAPPA_SYNTH_NOISE_AUTO, what);
			edges[0] |= sn.ev_on_ps;
			edges[1] |= sn.ev_on_pe;
			edges[2] |= sn.until_ps;
			edges[3] |= sn.until_pe;
			edges[4] |= sn.change_on_event;
			edges[5] |= sn.change_on_pe;
			edges[6] |= sn.unsorted_ev && sn.until_before;
			edges[7] |= sn.fresh;
			edges[8] |= sn.levels_unsorted_doc;
			mappa_stats_clear(&t);
		}
	/* The edge cases the figures' definitions turn on did occur. */
	for (int i = 0; i < 9; i++)
		if (!edges[i])
			fail_msg("edge case %d never generated", i);
}

static void
header(struct mappa_stats *t, int days)
{
	memset(t, 0, sizeof(*t));
	t->area = mappa_strdup("Test & <Area>");
	t->period_start = mappa_date_from_ymd(2016, 4, 1);
	t->period_end = t->period_start + days - 1;
	t->population = 100000;
}

/* Targets built by hand that lean on each of the plan's corners. */
static void
test_corner_targets(void **state)
{
	static const int days[] = {1, 2, 3, 4, 5, 31, 365, 366};
	struct mappa_stats t;

	(void)state;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		char	 what[64];

		/* Empty: no figures, no noise. */
		header(&t, days[i]);
		snprintf(what, sizeof(what), "empty, %d days", days[i]);
		roundtrip(&t, 1, 0, what);
		mappa_stats_clear(&t);

		/* Everyone eligible on period-end: works for any length. */
		header(&t, days[i]);
		t.offenders[0].level1 = 20;
		t.offenders[0].level2 = 3;
		t.offenders[0].level3 = 1;
		t.offenders[1].level1 = 9;
		t.offenders[1].level2 = 2;
		t.offenders[2].level2 = 2;
		t.offenders[2].level3 = 1;
		t.in_custody[0] = 4;
		t.in_custody[1] = 1;
		t.in_custody[2] = 2;
		t.level2_3[0].level2 = 4;	/* one in custody at 2 */
		t.level2_3[0].level3 = 2;	/* one in custody at 3 */
		t.level2_3[1].level2 = 2;
		t.level2_3[2].level2 = 3;
		t.level2_3[2].level3 = 2;
		t.rso_wanted = 1;
		t.rso_missing = 2;
		t.returned[0][0].level2 = 1;
		t.returned[0][0].level3 = 2;
		t.returned[1][0].level2 = 2;
		t.returned[0][2].level3 = 1;
		t.returned_level1[0] = 3;
		t.returned_level1[1] = 1;
		t.sfo[0].level1 = 2;
		t.sfo[0].level3 = 1;
		t.sfo[2].level2 = 3;
		t.breach_rsos = 3;
		t.breach_cautions = 2;
		t.breach_convictions = 5;
		t.revocations = 2;
		t.orders.shpo = 2;
		t.orders.interim_shpo = 1;
		t.orders.shpo_foreign_travel = 2;
		t.orders_other.sro = 1;
		t.sro_breaches = 3;
		t.sro_became_notifiable = 2;
		snprintf(what, sizeof(what), "tight, %d days", days[i]);
		for (uint64_t seed = 1; seed <= 30; seed++)
			roundtrip(&t, seed, seed % 2 ? 5 : 0, what);
		mappa_stats_clear(&t);

		if (days[i] < 4)
			continue;
		/*
		 * Needs level changes in the period and offenders who leave
		 * before its end: level2_3 below the period-end levels,
		 * returns and charges only fillers can carry, events with
		 * nobody eligible on period-end.
		 */
		header(&t, days[i]);
		t.offenders[0].level2 = 5;
		t.offenders[1].level1 = 1;
		t.level2_3[0].level2 = 1;
		t.level2_3[0].level3 = 6;
		t.level2_3[1].level2 = 3;
		t.level2_3[1].level3 = 2;
		t.level2_3[2].level2 = 2;
		t.level2_3[2].level3 = 1;
		t.returned[0][0].level2 = 6;
		t.returned[1][0].level2 = 2;
		t.returned[1][0].level3 = 5;
		t.returned[0][1].level2 = 4;
		t.returned[0][2].level3 = 1;
		t.returned[0][2].level2 = 2;
		t.returned_level1[0] = 4;
		t.returned_level1[1] = 2;
		t.sfo[0].level3 = 2;
		t.sfo[0].level2 = 4;
		t.sfo[1].level1 = 3;
		t.sfo[2].level2 = 3;
		t.breach_rsos = 9;
		t.breach_cautions = 9;
		t.breach_convictions = 1;
		t.orders_other.fto = 2;
		t.orders.sopo = 1;
		t.sro_breaches = 30;
		t.sro_became_notifiable = 25;
		snprintf(what, sizeof(what), "level changes, %d days", days[i]);
		for (uint64_t seed = 1; seed <= 30; seed++)
			roundtrip(&t, seed, seed % 3, what);
		mappa_stats_clear(&t);
	}
}

static void
expect_refused(struct mappa_stats *t, const char *needle)
{
	char	 why[256];

	assert_int_equal(mappa_synth_check(t, why, sizeof(why)), -1);
	if (strstr(why, needle) == NULL)
		fail_msg("expected a message naming %s, got: %s", needle, why);
	mappa_stats_clear(t);
}

static void
test_infeasible(void **state)
{
	struct mappa_stats t;

	(void)state;
	header(&t, 365);
	t.offenders[2].level1 = 1;
	expect_refused(&t, "offenders.category3.level1");
	header(&t, 365);
	t.offenders[0].level3 = 2;
	t.level2_3[0].level3 = 1;
	expect_refused(&t, "level2_3_in_period.category1.level3");
	header(&t, 365);
	t.offenders[1].level2 = 4;
	t.level2_3[1].level2 = 3;
	expect_refused(&t, "offenders.category2 level2+level3");
	header(&t, 365);
	t.in_custody[2] = 1;
	expect_refused(&t, "in_custody.category3");
	header(&t, 365);
	t.level2_3[0].level3 = 1;
	t.returned[1][0].level3 = 2;
	expect_refused(&t, "returned_to_custody.breach_of_order.category1"
	    ".level3");
	header(&t, 365);
	t.sfo[2].level1 = 1;
	expect_refused(&t, "sfo_charges.category3.level1");
	header(&t, 365);
	t.breach_rsos = 2;
	t.breach_convictions = 1;
	expect_refused(&t, "notification_breaches.rsos");
	header(&t, 365);
	t.breach_cautions = 1;
	expect_refused(&t, "notification_breaches.rsos");
	header(&t, 365);
	t.orders.shpo = 1;
	t.orders.shpo_foreign_travel = 2;
	expect_refused(&t, "orders.shpo_foreign_travel");
	header(&t, 365);
	t.sro_breaches = 1;
	t.sro_became_notifiable = 2;
	expect_refused(&t, "sro_breaches.became_notifiable");
	header(&t, 365);
	t.offenders[0].level1 = 2;
	t.rso_missing = 2;
	t.rso_wanted = 1;
	expect_refused(&t, "rso_wanted_or_missing");
	header(&t, 365);
	t.returned[0][0].level1 = 1;
	expect_refused(&t, "returned_to_custody_level1");
	/* A one-day period leaves no room for anyone to change or leave. */
	header(&t, 1);
	t.level2_3[0].level2 = 1;
	expect_refused(&t, "level2_3_in_period.category1");
	header(&t, 1);
	t.breach_rsos = 1;
	t.breach_cautions = 1;
	expect_refused(&t, "notification_breaches");
	header(&t, 1);
	t.returned_level1[1] = 1;
	expect_refused(&t, "returned_to_custody_level1.breach_of_order");
	header(&t, 367);
	expect_refused(&t, "366");
	header(&t, 10);
	t.population = 0;
	expect_refused(&t, "population");
	header(&t, 10);
	t.offenders[0].level1 = MAPPA_SYNTH_MAX + 1;
	expect_refused(&t, "offenders.category1.level1");
}

static void
test_determinism(void **state)
{
	struct mappa_stats t;
	char	*a, *b, *c;
	size_t	 la, lb, lc;

	(void)state;
	memset(&t, 0, sizeof(t));
	mappa_synth_random_target(2000, 42, &t);
	a = generate(&t, 7, MAPPA_SYNTH_NOISE_AUTO, &la, NULL);
	b = generate(&t, 7, MAPPA_SYNTH_NOISE_AUTO, &lb, NULL);
	c = generate(&t, 8, MAPPA_SYNTH_NOISE_AUTO, &lc, NULL);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_true(la != lc || memcmp(a, c, la) != 0);
	free(a);
	free(b);
	free(c);
	mappa_stats_clear(&t);
	/* Targets too. */
	memset(&t, 0, sizeof(t));
	mappa_synth_random_target(500, 3, &t);
	a = csv(&t);
	mappa_stats_clear(&t);
	memset(&t, 0, sizeof(t));
	mappa_synth_random_target(500, 3, &t);
	b = csv(&t);
	assert_string_equal(a, b);
	free(a);
	free(b);
	mappa_stats_clear(&t);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL)
		fail_msg("can't open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = mappa_malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Each sample is exactly what its profile generates, and meets it. */
static void
test_samples(void **state)
{
	const char *src = getenv("SRCDIR");
	char	 path[4096];

	(void)state;
	if (src == NULL)
		src = ".";
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct mappa_synth_options o;
		struct mappa_stats t;
		struct mappa_diag d;
		char	*want, *got;
		size_t	 wl, gl;

		snprintf(path, sizeof(path), "%s/samples/%s.profile", src,
		    samples[i]);
		memset(&t, 0, sizeof(t));
		mappa_synth_options_init(&o);
		mappa_diag_init(&d, path, stderr);
		assert_int_equal(mappa_synth_profile_read(path, &d, &t, &o),
		    0);
		got = generate(&t, o.seed, o.noise, &gl, NULL);
		snprintf(path, sizeof(path), "%s/samples/%s.xml", src,
		    samples[i]);
		want = slurp(path, &wl);
		if (wl != gl || memcmp(want, got, wl) != 0)
			fail_msg("%s is not what its profile generates",
			    path);
		roundtrip(&t, o.seed, o.noise, samples[i]);
		free(want);
		free(got);
		mappa_stats_clear(&t);
	}
}

/* The published 2011/12 figures the worked example names. */
static void
test_dorset_2011_12(void **state)
{
	struct mappa_stats s;
	struct mappa_diag d;
	const char *src = getenv("SRCDIR");
	char	 path[4096];
	uint64_t v;

	(void)state;
	snprintf(path, sizeof(path), "%s/samples/dorset-2011-12.xml",
	    src ? src : ".");
	mappa_diag_init(&d, path, stderr);
	memset(&s, 0, sizeof(s));
	assert_int_equal(mappa_stats_from_file(path, &d, &s, NULL), MAPPA_READ_OK);
	assert_int_equal(s.offenders[0].total, 574);
	assert_int_equal(s.breach_rsos, 14);
	assert_int_equal(s.returned[0][MAPPA_ROW_TOTAL].level2 +
	    s.returned[1][MAPPA_ROW_TOTAL].level2, 2);
	assert_int_equal(s.rso_wanted + s.rso_missing, 5);
	assert_int_equal(mappa_stats_lookup(&s, "rso_per_100k", &v), 0);
	assert_int_equal(v, 77);
	/* About 1,000 records, as the format says of Dorset: 853 in the
	 * community, 191 in custody, and those whose eligibility ended. */
	assert_true(s.records >= 950 && s.records <= 1250);
	mappa_stats_clear(&s);
}

/* Write a profile, read it, and return what the diagnostics said. */
static char *
profile_errors(const char *text, int *rc)
{
	struct mappa_synth_options o;
	struct mappa_stats t;
	struct mappa_diag d;
	char	 path[] = "/tmp/test_synth_XXXXXX";
	char	*msg = NULL;
	size_t	 len;
	FILE	*f, *m;
	int	 fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	m = open_memstream(&msg, &len);
	memset(&t, 0, sizeof(t));
	mappa_synth_options_init(&o);
	mappa_diag_init(&d, "P", m);
	*rc = mappa_synth_profile_read(path, &d, &t, &o);
	fclose(m);
	remove(path);
	mappa_stats_clear(&t);
	return msg;
}

static void
expect_profile(const char *text, int rc_want, const char *needle)
{
	int	 rc;
	char	*msg = profile_errors(text, &rc);

	if (rc != rc_want || (needle == NULL ? *msg != '\0' :
	    strstr(msg, needle) == NULL))
		fail_msg("profile:\n%s\nrc %d, messages:\n%s", text, rc, msg);
	free(msg);
}

#define HEAD "area,Dorset\nperiod.start,2011-04-01\n" \
	"period.end,2012-03-31\npopulation,746000\n"

static void
test_profile(void **state)
{
	struct mappa_synth_options o;
	struct mappa_stats t;
	struct mappa_diag d;
	char	 path[] = "/tmp/test_synth_XXXXXX";
	FILE	*f;

	(void)state;
	expect_profile("# c\n\n" HEAD "seed,5\nnoise,3\n"
	    "offenders.category1.level2,12\nlevel2_3_in_period.category1."
	    "level2,12\n", 0, NULL);
	expect_profile(HEAD "offenders.category1.total,5\n", -1,
	    "P:5: error: offenders.category1.total: derived");
	expect_profile(HEAD "rso_per_100k,77\n", -1, "P:5: error: "
	    "rso_per_100k: derived");
	expect_profile(HEAD "offenders.category4.level1,1\n", -1,
	    "P:5: error: offenders.category4.level1: unknown key");
	expect_profile(HEAD "just words\n", -1, "P:5: error: expected "
	    "KEY,VALUE");
	expect_profile(HEAD "revocations,-1\n", -1, "P:5: error: "
	    "revocations: not a whole number");
	expect_profile(HEAD "revocations,1x\n", -1, "P:5: error");
	expect_profile(HEAD "area,Dorset\n", -1, "P:5: error: area: set "
	    "twice");
	expect_profile(HEAD "period.end,2013-02-29\n", -1, "P:5: error");
	expect_profile("area,Dorset\n", -1, "P: error: missing required "
	    "key 'period.start'");
	expect_profile(HEAD "offenders.category1.level3,1\n", -1,
	    "P: error: target can't be met: level2_3_in_period.category1");
	expect_profile("key,value\narea,\"Avon, \"\"and\"\" Somerset\"\n"
	    "period.start,2011-04-01\nperiod.end,2012-03-31\npopulation,1\n",
	    0, NULL);
	expect_profile(HEAD "area2,x\n", -1, "unknown key");

	/* Quoted text and the header line come through. */
	assert_true(mkstemp(path) >= 0);
	f = fopen(path, "w");
	fputs("key,value\n  area , \"Avon, \"\"and\"\" Somerset\"  \n"
	    "period.start,2011-04-01\nperiod.end,2012-03-31\n"
	    "population,100\nexported,2012-04-03T09:15:00Z\nseed,"
	    "18446744073709551615\noffenders.category2.level1,3\n", f);
	fclose(f);
	memset(&t, 0, sizeof(t));
	mappa_synth_options_init(&o);
	mappa_diag_init(&d, path, stderr);
	assert_int_equal(mappa_synth_profile_read(path, &d, &t, &o), 0);
	assert_string_equal(t.area, "Avon, \"and\" Somerset");
	assert_string_equal(t.exported, "2012-04-03T09:15:00Z");
	assert_true(o.seed == UINT64_MAX);
	assert_int_equal(t.offenders[1].level1, 3);
	assert_int_equal(t.period_end - t.period_start, 365);
	roundtrip(&t, o.seed, o.noise, "quoted profile");
	mappa_stats_clear(&t);
	remove(path);
}

static void
test_write_error(void **state)
{
	struct mappa_synth_options o;
	struct mappa_stats t;
	FILE	*f;

	(void)state;
	f = fopen("/dev/full", "w");
	if (f == NULL)
		skip();
	memset(&t, 0, sizeof(t));
	mappa_synth_random_target(5000, 1, &t);
	mappa_synth_options_init(&o);
	assert_int_equal(mappa_synth_write(f, &t, &o, NULL), -1);
	fclose(f);
	/* An infeasible target writes nothing and says so. */
	t.offenders[2].level1 = 1;
	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(mappa_synth_write(f, &t, &o, NULL), -1);
	assert_int_equal(ftell(f), 0);
	fclose(f);
	mappa_stats_clear(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_targets),
		cmocka_unit_test(test_corner_targets),
		cmocka_unit_test(test_infeasible),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_dorset_2011_12),
		cmocka_unit_test(test_write_error),
	};
	int	 rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	mappa_snapshot_cleanup();
	return rc;
}
