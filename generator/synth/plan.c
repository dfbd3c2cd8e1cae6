/* plan.c: deciding which offenders make which figures of a target. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/stats.h"
#include "mappa/synth.h"
#include "mappa/util.h"
#include "synth_int.h"

static const char *const reasons[2] = {"breach_of_licence", "breach_of_order"};

void
mappa_rng_seed(struct mappa_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t
mappa_rng_next(struct mappa_rng *r)
{
	uint64_t z;

	z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t
mappa_rng_range(struct mappa_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;

	/* The modulo bias is far below anything a test could notice. */
	if (span == 0)
		return (int64_t)mappa_rng_next(r);
	return lo + (int64_t)(mappa_rng_next(r) % span);
}

bool
mappa_rng_chance(struct mappa_rng *r, unsigned per)
{
	return mappa_rng_next(r) % 1000 < per;
}

static int
fail(char *why, size_t whylen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int
fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list	 ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static uint64_t
min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t
max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Orders imposed; foreign travel is a flag on some of them. */
uint64_t
mappa_synth_orders_total(const struct mappa_orders *o)
{
	return o->shpo + o->interim_shpo + o->sopo + o->interim_sopo +
	    o->fto + o->notification_order + o->sro + o->rsho;
}

#define orders_total mappa_synth_orders_total

/* Every counter the target may set, with its path, for the range check. */
static int
check_ranges(const struct mappa_stats *t, char *why, size_t whylen)
{
	static const char *const lv[3] = {"level1", "level2", "level3"};
	static const char *const on[9] = {"shpo", "interim_shpo",
	    "shpo_foreign_travel", "sopo", "interim_sopo", "fto",
	    "notification_order", "sro", "rsho"};
	const uint64_t *o, *oo;

	for (int c = 0; c < 3; c++) {
		const uint64_t *ol = &t->offenders[c].level1;
		const uint64_t *gl = &t->level2_3[c].level1;
		const uint64_t *sl = &t->sfo[c].level1;

		for (int l = 0; l < 3; l++) {
			if (ol[l] > MAPPA_SYNTH_MAX)
				return fail(why, whylen, "offenders.category%d."
				    "%s is over %llu", c + 1, lv[l],
				    (unsigned long long)MAPPA_SYNTH_MAX);
			if (gl[l] > MAPPA_SYNTH_MAX)
				return fail(why, whylen, "level2_3_in_period."
				    "category%d.%s is over %llu", c + 1, lv[l],
				    (unsigned long long)MAPPA_SYNTH_MAX);
			if (sl[l] > MAPPA_SYNTH_MAX)
				return fail(why, whylen, "sfo_charges."
				    "category%d.%s is over %llu", c + 1, lv[l],
				    (unsigned long long)MAPPA_SYNTH_MAX);
			for (int r = 0; r < 2; r++)
				if ((&t->returned[r][c].level1)[l] >
				    MAPPA_SYNTH_MAX)
					return fail(why, whylen,
					    "returned_to_custody.%s.category%d"
					    ".%s is over %llu", reasons[r],
					    c + 1, lv[l], (unsigned long long)
					    MAPPA_SYNTH_MAX);
		}
		if (t->in_custody[c] > MAPPA_SYNTH_MAX)
			return fail(why, whylen, "in_custody.category%d is "
			    "over %llu", c + 1,
			    (unsigned long long)MAPPA_SYNTH_MAX);
	}
	o = &t->orders.shpo;
	oo = &t->orders_other.shpo;
	for (int i = 0; i < 9; i++) {
		if (o[i] > MAPPA_SYNTH_MAX)
			return fail(why, whylen, "orders.%s is over %llu",
			    on[i], (unsigned long long)MAPPA_SYNTH_MAX);
		if (oo[i] > MAPPA_SYNTH_MAX)
			return fail(why, whylen, "orders_other_categories.%s "
			    "is over %llu", on[i],
			    (unsigned long long)MAPPA_SYNTH_MAX);
	}
	if (orders_total(&t->orders) > MAPPA_SYNTH_MAX ||
	    orders_total(&t->orders_other) > MAPPA_SYNTH_MAX ||
	    t->breach_cautions + t->breach_convictions > MAPPA_SYNTH_MAX)
		return fail(why, whylen, "orders or notification_breaches "
		    "add up to more than %llu",
		    (unsigned long long)MAPPA_SYNTH_MAX);
	{
		const uint64_t vs[] = {t->rso_wanted, t->rso_missing,
		    t->breach_rsos, t->revocations, t->sro_breaches,
		    t->sro_became_notifiable, t->returned_level1[0],
		    t->returned_level1[1]};

		for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++)
			if (vs[i] > MAPPA_SYNTH_MAX)
				return fail(why, whylen, "a figure is over "
				    "%llu", (unsigned long long)
				    MAPPA_SYNTH_MAX);
	}
	return 0;
}

static int
check_header(const struct mappa_stats *t, char *why, size_t whylen)
{
	size_t	 len;
	long	 chars;
	int	 y, m, d;

	if (t->area == NULL)
		return fail(why, whylen, "area is not set");
	len = strlen(t->area);
	chars = mappa_utf8_len(t->area, len);
	if (chars < 1 || chars > MAPPA_AREA_MAX)
		return fail(why, whylen, "area must be 1 to %d characters of "
		    "UTF-8", MAPPA_AREA_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)t->area[i] < 0x20)
			return fail(why, whylen, "area holds a control "
			    "character");
	if (t->area[0] == ' ' || t->area[len - 1] == ' ')
		return fail(why, whylen, "area has leading or trailing space");
	mappa_date_to_ymd(t->period_start, &y, &m, &d);
	if (y < 1900)
		return fail(why, whylen, "period.start is before 1900");
	mappa_date_to_ymd(t->period_end, &y, &m, &d);
	if (y > 9000)
		return fail(why, whylen, "period.end is after 9000");
	if (t->period_end < t->period_start)
		return fail(why, whylen, "period.end is before period.start");
	if (t->period_end - t->period_start >= 366)
		return fail(why, whylen, "the period spans more than 366 "
		    "days");
	if (t->population < 1 || t->population > 10000000000ULL)
		return fail(why, whylen, "population must be 1 to "
		    "10000000000");
	if (t->exported != NULL &&
	    mappa_datetime_check(t->exported, strlen(t->exported)) == -1)
		return fail(why, whylen, "exported is not an ISO date-time");
	return 0;
}

/*
 * Category c's blocks: who is at which level on period-end, who reaches
 * which highest level, and where each tag (return, SFO charge) goes.
 * RL1 is this category's share of returned_to_custody_level1.
 */
static int
plan_cat(const struct mappa_stats *t, int c, const uint64_t rl1[2],
    bool spare, struct mappa_synth_cat *p, char *why, size_t whylen)
{
	const struct mappa_levels *of = &t->offenders[c];
	uint64_t O1 = of->level1, O2 = of->level2, O3 = of->level3;
	uint64_t K = t->in_custody[c];
	uint64_t G2 = t->level2_3[c].level2, G3 = t->level2_3[c].level3;
	uint64_t rem2, rem3, r2max, r3max, n[MAPPA_TAGS][4], left, sum1;
	int	 cat = c + 1;

	memset(p, 0, sizeof(*p));
	if (t->level2_3[c].level1)
		return fail(why, whylen, "level2_3_in_period.category%d has "
		    "no level1", cat);
	for (int r = 0; r < 2; r++)
		if (t->returned[r][c].level1)
			return fail(why, whylen, "returned_to_custody.%s."
			    "category%d has no level1 (see "
			    "returned_to_custody_level1)", reasons[r], cat);
	if (cat == 3 && O1)
		return fail(why, whylen, "offenders.category3.level1 must be "
		    "0: category 3 is never at level 1");
	if (cat == 3 && t->sfo[c].level1)
		return fail(why, whylen, "sfo_charges.category3.level1 must "
		    "be 0: category 3 is never at level 1");
	for (int tg = 0; tg < MAPPA_TAGS; tg++) {
		const struct mappa_levels *lv = tg == MAPPA_TAG_SFO ?
		    &t->sfo[c] : &t->returned[tg][c];

		n[tg][1] = tg == MAPPA_TAG_SFO ? lv->level1 : rl1[tg];
		n[tg][2] = lv->level2;
		n[tg][3] = lv->level3;
	}

	if (G3 < O3)
		return fail(why, whylen, "level2_3_in_period.category%d."
		    "level3 (%llu) is less than offenders.category%d.level3 "
		    "(%llu)", cat, (unsigned long long)G3, cat,
		    (unsigned long long)O3);
	p->o2b = O2 > G2 ? O2 - G2 : 0;
	if (p->o2b && !spare)
		return fail(why, whylen, "level2_3_in_period.category%d."
		    "level2 (%llu) is less than offenders.category%d.level2 "
		    "(%llu) and the period is too short for a level change",
		    cat, (unsigned long long)G2, cat, (unsigned long long)O2);
	if (G3 - O3 < p->o2b)
		return fail(why, whylen, "level2_3_in_period.category%d "
		    "level2+level3 (%llu) is less than offenders.category%d "
		    "level2+level3 (%llu)", cat, (unsigned long long)(G2 + G3),
		    cat, (unsigned long long)(O2 + O3));
	p->o3 = O3;
	p->o2a = O2 - p->o2b;
	rem3 = G3 - O3 - p->o2b;
	rem2 = G2 - p->o2a;

	/* Those returned to custody at level 2/3 are best kept in custody. */
	r3max = max64(n[0][3], n[1][3]);
	r2max = max64(n[0][2], n[1][2]);
	if (!spare || cat == 3) {
		p->k3 = min64(K, rem3);
		p->k2 = min64(K - p->k3, rem2);
		if (spare) {
			/* Category 3: prefer level 2 beyond the returns. */
			p->k3 = min64(K, min64(rem3, r3max));
			p->k2 = min64(K - p->k3, rem2);
			p->k3 += min64(K - p->k3 - p->k2, rem3 - p->k3);
		}
	} else {
		p->k3 = min64(K, min64(rem3, r3max));
		p->k2 = min64(K - p->k3, min64(rem2, r2max));
	}
	left = K - p->k3 - p->k2;
	if (cat == 3 && left)
		return fail(why, whylen, "in_custody.category3 (%llu) is more "
		    "than level2_3_in_period.category3 level2+level3 leaves "
		    "after offenders.category3 (%llu)", (unsigned long long)K,
		    (unsigned long long)(p->k3 + p->k2));
	p->kl = left;
	rem3 -= p->k3;
	rem2 -= p->k2;
	if (!spare && (rem3 || rem2))
		return fail(why, whylen, "level2_3_in_period.category%d "
		    "(%llu at level 2, %llu at level 3) exceeds offenders and "
		    "in_custody of category %d at those levels, and the "
		    "period is too short for anyone to leave or change level",
		    cat, (unsigned long long)G2, (unsigned long long)G3, cat);
	if (cat != 3) {
		p->o1c = min64(O1, rem3 / 2);
		p->o1b = min64(O1 - p->o1c, rem2 / 2);
	}
	p->f3 = rem3 - p->o1c;
	p->f2 = rem2 - p->o1b;
	p->o1a = O1 - p->o1b - p->o1c;
	p->g3 = G3;
	p->g2 = G2;

	for (int tg = 0; tg < MAPPA_TAGS; tg++) {
		const char *what = tg == MAPPA_TAG_SFO ? "sfo_charges" :
		    "returned_to_custody";
		const char *rs = tg == MAPPA_TAG_SFO ? "" : reasons[tg];
		const char *dot = tg == MAPPA_TAG_SFO ? "" : ".";

		if (n[tg][3] > G3)
			return fail(why, whylen, "%s%s%s.category%d.level3 "
			    "(%llu) is more than level2_3_in_period.category%d"
			    ".level3 (%llu)", what, dot, rs, cat,
			    (unsigned long long)n[tg][3], cat,
			    (unsigned long long)G3);
		p->n3[tg] = n[tg][3];
		p->n2in[tg] = min64(n[tg][2], G2);
		p->over2[tg] = n[tg][2] - p->n2in[tg];
		if (p->over2[tg] && !spare)
			return fail(why, whylen, "%s%s%s.category%d.level2 "
			    "(%llu) is more than level2_3_in_period.category%d"
			    ".level2 (%llu) and the period is too short for a "
			    "level change", what, dot, rs, cat,
			    (unsigned long long)n[tg][2], cat,
			    (unsigned long long)G2);
		if (n[tg][3] + p->over2[tg] > G3)
			return fail(why, whylen, "%s%s%s.category%d "
			    "level2+level3 (%llu) is more than "
			    "level2_3_in_period.category%d level2+level3 "
			    "(%llu)", what, dot, rs, cat,
			    (unsigned long long)(n[tg][2] + n[tg][3]), cat,
			    (unsigned long long)(G2 + G3));
	}
	/* Different tags on different offenders where there is room. */
	p->start3[0] = 0;
	p->start3[1] = G3 ? (p->n3[0] + p->over2[0]) % G3 : 0;
	p->start3[2] = G3 ? (p->start3[1] + p->n3[1] + p->over2[1]) % G3 : 0;
	p->start2[0] = 0;
	p->start2[1] = G2 ? p->n2in[0] % G2 : 0;
	p->start2[2] = G2 ? (p->start2[1] + p->n2in[1]) % G2 : 0;

	sum1 = n[0][1] + n[1][1] + n[2][1];
	p->g1 = p->kl + p->o1a;
	if (spare && sum1 > p->g1)
		p->f1 = sum1 - p->g1;
	p->g1 += p->f1;
	for (int tg = 0; tg < MAPPA_TAGS; tg++) {
		p->n1[tg] = n[tg][1];
		if (n[tg][1] > p->g1 && tg == MAPPA_TAG_SFO)
			return fail(why, whylen, "sfo_charges.category%d."
			    "level1 (%llu) is more than the offenders of "
			    "category %d at level 1 on period-end (%llu), and "
			    "the period is too short for others", cat,
			    (unsigned long long)n[tg][1], cat,
			    (unsigned long long)p->g1);
		if (n[tg][1] > p->g1)
			return fail(why, whylen, "returned_to_custody_level1."
			    "%s (%llu) is more than the offenders of "
			    "categories 1 and 2 at level 1 on period-end, and "
			    "the period is too short for others", reasons[tg],
			    (unsigned long long)t->returned_level1[tg]);
	}
	p->start1[0] = 0;
	p->start1[1] = p->g1 ? n[0][1] % p->g1 : 0;
	p->start1[2] = p->g1 ? (n[0][1] + n[1][1]) % p->g1 : 0;
	p->count = p->g3 + p->g2 + p->g1;
	return 0;
}

int
mappa_synth_plan(const struct mappa_stats *t, struct mappa_synth_plan *pl,
    char *why, size_t whylen)
{
	uint64_t rl1[3][2], size1[2], need, cev, oo_total, x;
	int	 c;

	memset(pl, 0, sizeof(*pl));
	if (check_header(t, why, whylen) == -1 ||
	    check_ranges(t, why, whylen) == -1)
		return -1;
	/* Room for a path through three levels inside a filler's stay. */
	pl->spare = t->period_end - t->period_start >= 3;

	/* returned_to_custody_level1 goes to categories 1 and 2. */
	size1[0] = t->offenders[0].level1 + t->in_custody[0];
	size1[1] = t->offenders[1].level1 + t->in_custody[1];
	for (int r = 0; r < 2; r++) {
		uint64_t v = t->returned_level1[r];

		if (pl->spare) {
			rl1[0][r] = v - v / 3;
			rl1[1][r] = v / 3;
		} else {
			/* An upper bound: plan_cat() checks the exact room. */
			rl1[0][r] = min64(v, size1[0]);
			rl1[1][r] = v - rl1[0][r];
			if (rl1[1][r] > size1[1])
				return fail(why, whylen,
				    "returned_to_custody_level1.%s (%llu) is "
				    "more than the offenders of categories 1 "
				    "and 2 who can be at level 1 (%llu)",
				    reasons[r], (unsigned long long)v,
				    (unsigned long long)(size1[0] + size1[1]));
		}
		rl1[2][r] = 0;
	}
	for (c = 0; c < 3; c++)
		if (plan_cat(t, c, rl1[c], pl->spare, &pl->cat[c], why,
		    whylen) == -1)
			return -1;

	if (t->rso_wanted + t->rso_missing > t->offenders[0].level1 +
	    t->offenders[0].level2 + t->offenders[0].level3 +
	    t->in_custody[0])
		return fail(why, whylen, "rso_wanted_or_missing wanted+missing "
		    "(%llu) is more than the RSOs eligible on period-end "
		    "(offenders.category1 + in_custody.category1)",
		    (unsigned long long)(t->rso_wanted + t->rso_missing));
	cev = t->breach_cautions + t->breach_convictions;
	if ((cev > 0) != (t->breach_rsos > 0) || t->breach_rsos > cev)
		return fail(why, whylen, "notification_breaches.rsos (%llu) "
		    "must be from 1 to cautions+convictions (%llu), or 0 when "
		    "there are none", (unsigned long long)t->breach_rsos,
		    (unsigned long long)cev);
	if (t->orders.shpo_foreign_travel > t->orders.shpo +
	    t->orders.interim_shpo)
		return fail(why, whylen, "orders.shpo_foreign_travel is more "
		    "than orders.shpo + orders.interim_shpo");
	if (t->orders_other.shpo_foreign_travel > t->orders_other.shpo +
	    t->orders_other.interim_shpo)
		return fail(why, whylen, "orders_other_categories."
		    "shpo_foreign_travel is more than orders_other_categories"
		    ".shpo + orders_other_categories.interim_shpo");
	if (t->sro_became_notifiable > t->sro_breaches)
		return fail(why, whylen, "sro_breaches.became_notifiable "
		    "(%llu) is more than sro_breaches.breaches (%llu)",
		    (unsigned long long)t->sro_became_notifiable,
		    (unsigned long long)t->sro_breaches);

	/* Carriers of the events that do not depend on level. */
	cev += orders_total(&t->orders) + t->revocations;
	need = max64(t->breach_rsos, cev > 0);
	if (need > pl->cat[0].count && !pl->spare)
		return fail(why, whylen, "notification_breaches, revocations "
		    "and orders need %llu RSOs in the period, there are %llu",
		    (unsigned long long)need,
		    (unsigned long long)pl->cat[0].count);
	pl->x1 = need > pl->cat[0].count ? need - pl->cat[0].count : 0;
	oo_total = orders_total(&t->orders_other);
	x = pl->cat[1].count + pl->cat[2].count;
	if (oo_total > 0 && x == 0) {
		if (!pl->spare)
			return fail(why, whylen, "orders_other_categories "
			    "needs an offender of category 2 or 3");
		pl->x2 = 1;
	}
	need = max64(t->sro_became_notifiable, t->sro_breaches > 0);
	x = pl->cat[0].count + pl->x1 + x + pl->x2;
	if (need > x) {
		if (!pl->spare)
			return fail(why, whylen, "sro_breaches needs %llu "
			    "offenders in the period, there are %llu",
			    (unsigned long long)need, (unsigned long long)x);
		pl->x2 += need - x;
	}

	pl->cat[0].first = 0;
	pl->x1_first = pl->cat[0].count;
	pl->cat[1].first = pl->x1_first + pl->x1;
	pl->cat[2].first = pl->cat[1].first + pl->cat[1].count;
	pl->x2_first = pl->cat[2].first + pl->cat[2].count;
	pl->figures = pl->x2_first + pl->x2;
	if (pl->figures > 3 * MAPPA_SYNTH_MAX)
		return fail(why, whylen, "the target needs more than %llu "
		    "records", (unsigned long long)(3 * MAPPA_SYNTH_MAX));
	pl->c1 = pl->cat[0].count + pl->x1;
	pl->c23 = pl->figures - pl->c1;
	pl->pe1 = t->offenders[0].level1 + t->offenders[0].level2 +
	    t->offenders[0].level3 + t->in_custody[0];
	return 0;
}

int
mappa_synth_check(const struct mappa_stats *t, char *why, size_t whylen)
{
	struct mappa_synth_plan pl;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	return mappa_synth_plan(t, &pl, why, whylen);
}
