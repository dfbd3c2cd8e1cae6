/* target.c: realistic random targets, shaped like the published reports. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/stats.h"
#include "mappa/synth.h"
#include "mappa/util.h"
#include "synth_int.h"

/* One in ten of these names needs escaping or is not ASCII. */
static const char *const areas[] = {"Dorset", "Avon and Somerset",
    "Cumbria", "Durham", "Gwent", "North Wales", "Dyfed-Powys",
    "Thames Valley", "Greater Manchester", "Tŷ Ddewi & Gŵyr <test>"};

/* n times per, in thousandths, rounded at random: small areas get some. */
static uint64_t
part(struct mappa_rng *r, uint64_t n, unsigned per)
{
	uint64_t whole = n * per / 1000, frac = n * per % 1000;

	return whole + (mappa_rng_next(r) % 1000 < frac);
}

/* Jitter v by up to +-pct per cent. */
static uint64_t
jitter(struct mappa_rng *r, uint64_t v, unsigned pct)
{
	uint64_t d = v * pct / 100;

	return v - d + (uint64_t)mappa_rng_range(r, 0, (int64_t)(2 * d));
}

/* n at levels 1, 2, 3, with per2 and per3 thousandths at 2 and 3. */
static void
split(struct mappa_rng *r, uint64_t n, unsigned per2, unsigned per3,
    struct mappa_levels *o)
{
	o->level3 = part(r, n, per3);
	o->level2 = part(r, n - o->level3, per2);
	o->level1 = n - o->level2 - o->level3;
}

void
mappa_synth_random_target(uint64_t n, uint64_t seed, struct mappa_stats *t)
{
	struct mappa_rng r;
	uint64_t comm, rsos, pe1, rate, e;
	int	 year, y, m, d;
	char	 buf[64];

	if (n > MAPPA_SYNTH_MAX)
		n = MAPPA_SYNTH_MAX;
	mappa_rng_seed(&r, seed ^ 0x7461726765742121ULL);
	t->area = mappa_strdup(areas[mappa_rng_next(&r) % 10]);
	year = (int)mappa_rng_range(&r, 2008, 2023);
	t->period_start = mappa_date_from_ymd(year, 4, 1);
	t->period_end = mappa_date_from_ymd(year + 1, 3, 31);
	mappa_date_to_ymd(t->period_end + (int32_t)mappa_rng_range(&r, 1, 20),
	    &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:00Z", y, m, d,
	    (int)mappa_rng_range(&r, 7, 18), (int)mappa_rng_range(&r, 0, 59));
	t->exported = mappa_strdup(buf);

	/* Nine in ten records are in the community on period-end. */
	comm = n * 9 / 10;
	rsos = jitter(&r, part(&r, comm, 640), 3);
	split(&r, rsos, 30, 4, &t->offenders[0]);
	e = part(&r, comm, 25);		/* category 3 */
	t->offenders[2].level3 = part(&r, e, 150);
	t->offenders[2].level2 = e - t->offenders[2].level3;
	e = comm > rsos + e ? comm - rsos - e : 0;
	split(&r, e, 90, 8, &t->offenders[1]);
	for (int c = 0; c < 3; c++) {
		struct mappa_levels *o = &t->offenders[c];
		struct mappa_levels *g = &t->level2_3[c];
		uint64_t all = o->level1 + o->level2 + o->level3;

		t->in_custody[c] = part(&r, all, 30);
		/* Some who were at 2 or 3 in the year are no longer. */
		g->level3 = o->level3 + part(&r, o->level3 + 1, 300);
		g->level2 = o->level2 + part(&r, o->level2 + 1, 400);
		if (c == 2)
			g->level2 += t->in_custody[c];
		for (int rs = 0; rs < 2; rs++) {
			unsigned per = rs == 0 ? 80 : 20;

			t->returned[rs][c].level3 = part(&r, g->level3, per);
			t->returned[rs][c].level2 = part(&r, g->level2, per);
		}
		t->sfo[c].level3 = part(&r, g->level3, 5);
		t->sfo[c].level2 = part(&r, g->level2, 5);
		if (c != 2)
			t->sfo[c].level1 = part(&r, o->level1, 1);
	}
	t->returned_level1[0] = part(&r, t->offenders[0].level1 +
	    t->offenders[1].level1, 3);
	t->returned_level1[1] = part(&r, t->offenders[0].level1, 1);

	pe1 = rsos + t->in_custody[0];
	t->rso_wanted = part(&r, pe1, 3);
	t->rso_missing = part(&r, pe1, 5);
	t->breach_rsos = part(&r, rsos, 25);
	e = t->breach_rsos + part(&r, t->breach_rsos, 150);
	t->breach_cautions = part(&r, e, 200);
	t->breach_convictions = e - t->breach_cautions;
	t->revocations = part(&r, rsos, 3);
	/* SHPOs and SROs replaced SOPOs and FTOs in March 2015. */
	if (year >= 2015) {
		t->orders.shpo = part(&r, rsos, 30);
		t->orders.interim_shpo = part(&r, rsos, 5);
		t->orders.shpo_foreign_travel = part(&r, t->orders.shpo +
		    t->orders.interim_shpo, 100);
		t->orders.sro = part(&r, rsos, 2);
		t->orders_other.shpo = part(&r, comm - rsos, 2);
		t->orders_other.sro = part(&r, comm - rsos, 2);
		t->sro_breaches = part(&r, rsos, 1);
		t->sro_became_notifiable = part(&r, t->sro_breaches, 300);
	} else {
		t->orders.sopo = part(&r, rsos, 30);
		t->orders.interim_sopo = part(&r, rsos, 3);
		t->orders.fto = part(&r, rsos, 1);
		t->orders.rsho = part(&r, rsos, 1);
		t->orders_other.sopo = part(&r, comm - rsos, 2);
	}
	t->orders.notification_order = part(&r, rsos, 1);

	/* Population for an RSO rate of 50 to 150 per 100,000. */
	rate = (uint64_t)mappa_rng_range(&r, 50, 150);
	t->population = rsos * 100000 / rate;
	if (t->population < 1)
		t->population = 1;
}
