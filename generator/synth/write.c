/* write.c: streaming out the offenders of a plan as a snapshot. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"
#include "mappa/synth.h"
#include "mappa/util.h"
#include "synth_int.h"

enum role {
	ROLE_COMMUNITY,		/* eligible on period-end, not in custody */
	ROLE_CUSTODY,		/* eligible on period-end, in custody */
	ROLE_FILLER,		/* leaves inside the period, before its end */
	ROLE_GONE		/* left before the period began */
};

#define NOINDEX	UINT64_MAX
#define MAXLEV	16

struct lev {
	int32_t		 from;
	int		 value;
};

/* One offender while he is being made: nothing outlives the next. */
struct person {
	int		 cat;		/* 1..3 */
	enum role	 role;
	int		 L;		/* level on period-end, if eligible */
	int		 H;		/* highest level in the period */
	int		 tag[MAPPA_TAGS]; /* level of the tagged event, or 0 */
	uint64_t	 ci1, ci23, ciall; /* carrier indices, or NOINDEX */
	uint64_t	 pe1;		/* index among RSOs eligible on p.-end */

	int32_t		 ef, until;	/* [date]; until may be DATE_NONE */
	int32_t		 a, b;		/* [date] eligible part of period */
	bool		 custody;
	int		 where;		/* enum mappa_whereabouts */
	int		 path[3], k;	/* levels in the period, in order */
	int32_t		 cut[3];	/* [date] first day of each */
	struct lev	 lev[MAXLEV];
	int		 nlev;
	bool		 lev_reversed;	/* document order, not date order */
};

struct writer {
	FILE			*f;
	const struct mappa_stats *t;
	const struct mappa_synth_plan *pl;
	uint64_t		 seed;
	uint64_t		 total;
	char			 prefix[4];
	int			 idw;
	uint64_t		 idmod, ida, idb;
	uint64_t		 pa, pb;
	struct mappa_event	*ev;
	size_t			 nev, evcap;
	struct mappa_rng	 r;
};

static const char *const outcomes[] = {"caution", "conviction",
    "no-further-action", "pending"};
static const char *const otypes[] = {"shpo", "interim-shpo", "sopo",
    "interim-sopo", "fto", "notification-order", "sro", "rsho"};

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int32_t
rdate(struct writer *w, int32_t lo, int32_t hi)
{
	return (int32_t)mappa_rng_range(&w->r, lo, hi);
}

static int
rlevel(struct writer *w, int cat)
{
	if (cat == 3)
		return (int)mappa_rng_range(&w->r, 2, 3);
	/* Most of the register is at level 1, before the period as in it. */
	if (mappa_rng_chance(&w->r, 800))
		return 1;
	return (int)mappa_rng_range(&w->r, 2, 3);
}

static void
add_event(struct writer *w, enum mappa_event_kind kind, int32_t date,
    int sub, bool flag)
{
	struct mappa_event *e;

	w->ev = mappa_grow(w->ev, &w->evcap, w->nev + 1, sizeof(*w->ev));
	e = &w->ev[w->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->date = date;
	e->sub = sub;
	e->flag = flag;
}

/* Selected among C by spreading n evenly; *rank is its place among them. */
static bool
spread(uint64_t i, uint64_t n, uint64_t C, uint64_t *rank)
{
	if (C == 0 || n == 0)
		return false;
	*rank = i * n / C;
	return (i + 1) * n / C > *rank;
}

/* Which tag level, if any, position pos of a block carries. */
static int
tag_in_block(uint64_t pos, uint64_t size, uint64_t start, uint64_t n,
    uint64_t over, int level, int overlevel)
{
	uint64_t rel;

	if (size == 0)
		return 0;
	rel = (pos + size - start) % size;
	if (rel < n)
		return level;
	if (rel < n + over)
		return overlevel;
	return 0;
}

/* Fill in who global index g is: role, levels that matter, tags. */
static void
describe(struct writer *w, uint64_t g, struct person *p)
{
	const struct mappa_synth_plan *pl = w->pl;

	memset(p, 0, sizeof(*p));
	p->ci1 = p->ci23 = p->ciall = p->pe1 = NOINDEX;
	if (g >= pl->figures) {
		p->role = mappa_rng_chance(&w->r, 700) && pl->spare ?
		    ROLE_FILLER : ROLE_GONE;
		p->cat = p->role == ROLE_GONE && mappa_rng_chance(&w->r, 100) ?
		    3 : mappa_rng_chance(&w->r, 650) ? 1 : 2;
		p->H = 1;
		return;
	}
	p->ciall = g;
	if (g < pl->c1)
		p->ci1 = g;
	else
		p->ci23 = g - pl->c1;
	if (g >= pl->x1_first && g < pl->x1_first + pl->x1) {
		p->cat = 1;
		p->role = ROLE_FILLER;
		p->H = 1;
		return;
	}
	if (g >= pl->x2_first) {
		p->cat = 2;
		p->role = ROLE_FILLER;
		p->H = 1;
		return;
	}
	for (int c = 0; c < 3; c++) {
		const struct mappa_synth_cat *s = &pl->cat[c];
		uint64_t pos, pe3, pe2;

		if (g < s->first || g >= s->first + s->count)
			continue;
		p->cat = c + 1;
		pos = g - s->first;
		pe3 = s->g3 - s->f3;
		pe2 = s->g2 - s->f2;
		if (pos < s->g3) {
			p->H = 3;
			if (pos < s->k3) {
				p->role = ROLE_CUSTODY;
				p->L = 3;
			} else if (pos < s->k3 + s->o3) {
				p->L = 3;
			} else if (pos < s->k3 + s->o3 + s->o2b) {
				p->L = 2;
			} else if (pos < pe3) {
				p->L = 1;
			} else
				p->role = ROLE_FILLER;
			if (pos < pe3 && c == 0)
				p->pe1 = pos;
			for (int tg = 0; tg < MAPPA_TAGS; tg++)
				p->tag[tg] = tag_in_block(pos, s->g3,
				    s->start3[tg], s->n3[tg], s->over2[tg],
				    3, 2);
		} else if ((pos -= s->g3) < s->g2) {
			p->H = 2;
			if (pos < s->k2) {
				p->role = ROLE_CUSTODY;
				p->L = 2;
			} else if (pos < s->k2 + s->o2a) {
				p->L = 2;
			} else if (pos < pe2) {
				p->L = 1;
			} else
				p->role = ROLE_FILLER;
			if (pos < pe2 && c == 0)
				p->pe1 = pe3 + pos;
			for (int tg = 0; tg < MAPPA_TAGS; tg++)
				p->tag[tg] = tag_in_block(pos, s->g2,
				    s->start2[tg], s->n2in[tg], 0, 2, 0);
		} else {
			pos -= s->g2;
			p->H = 1;
			if (pos < s->kl) {
				p->role = ROLE_CUSTODY;
				p->L = 1;
			} else if (pos < s->kl + s->o1a) {
				p->L = 1;
			} else
				p->role = ROLE_FILLER;
			if (pos < s->kl + s->o1a && c == 0)
				p->pe1 = pe3 + pe2 + pos;
			for (int tg = 0; tg < MAPPA_TAGS; tg++)
				p->tag[tg] = tag_in_block(pos, s->g1,
				    s->start1[tg], s->n1[tg], 0, 1, 0);
		}
		return;
	}
}

/* The levels of the period in order: each needed one, L last. */
static void
make_path(struct writer *w, struct person *p)
{
	bool	 need[4] = {false, false, false, false};
	int	 n = 0;

	need[p->H] = true;
	for (int tg = 0; tg < MAPPA_TAGS; tg++)
		need[p->tag[tg]] = true;
	if (p->role == ROLE_FILLER && p->cat != 3 && p->H > 1 &&
	    mappa_rng_chance(&w->r, 200))
		need[1] = true;
	if (p->role == ROLE_COMMUNITY || p->role == ROLE_CUSTODY)
		need[p->L] = false;
	for (int l = 1; l <= 3; l++)
		if (need[l])
			p->path[n++] = l;
	/* Shuffle, so escalations and de-escalations both occur. */
	for (int i = n - 1; i > 0; i--) {
		int j = (int)mappa_rng_range(&w->r, 0, i), x = p->path[i];

		p->path[i] = p->path[j];
		p->path[j] = x;
	}
	if (p->role == ROLE_COMMUNITY || p->role == ROLE_CUSTODY)
		p->path[n++] = p->L;
	p->k = n;
}

static void
push_level(struct person *p, int32_t from, int value)
{
	if (p->nlev < MAXLEV) {
		p->lev[p->nlev].from = from;
		p->lev[p->nlev].value = value;
		p->nlev++;
	}
}

/* A date in [lo, hi], now and then exactly on either end. */
static int32_t
edgy(struct writer *w, int32_t lo, int32_t hi)
{
	if (mappa_rng_chance(&w->r, 50))
		return lo;
	if (mappa_rng_chance(&w->r, 50))
		return hi;
	return rdate(w, lo, hi);
}

/* Eligibility, the cut points of the path and the level entries. */
static void
make_dates(struct writer *w, struct person *p)
{
	int32_t	 PS = w->t->period_start, PE = w->t->period_end;
	int32_t	 last;
	int	 k = p->k;
	bool	 fresh = mappa_rng_chance(&w->r, 100);

	if (p->role == ROLE_GONE) {
		p->until = PS - (int32_t)mappa_rng_range(&w->r, 1, 2000);
		if (mappa_rng_chance(&w->r, 100))
			p->until = PS - 1;
		p->ef = p->until - (int32_t)mappa_rng_range(&w->r, 0, 4000);
		p->nlev = 0;
		last = p->ef - 1;
		for (int i = (int)mappa_rng_range(&w->r, 1, 3); i > 0; i--) {
			if (last >= p->until)
				break;
			last = p->nlev == 0 ? p->ef : rdate(w, last + 1,
			    p->until);
			push_level(p, last, rlevel(w, p->cat));
		}
		p->a = p->b = MAPPA_DATE_NONE;
		return;
	}
	if (p->role == ROLE_FILLER) {
		/* Leaves before period-end: the plan made sure PE-PS >= 3. */
		if (fresh) {
			p->ef = rdate(w, PS, PE - 1 - (k - 1));
			if (mappa_rng_chance(&w->r, 100))
				p->ef = PS;
			p->until = rdate(w, p->ef + k - 1, PE - 1);
		} else {
			p->ef = PS - (int32_t)mappa_rng_range(&w->r, 1, 5000);
			p->until = rdate(w, PS + k - 1, PE - 1);
			if (mappa_rng_chance(&w->r, 60))
				p->until = PS + k - 1;
		}
		p->b = p->until;
	} else {
		if (fresh && PE - PS >= k - 1) {
			p->ef = rdate(w, PS, PE - (k - 1));
			if (mappa_rng_chance(&w->r, 100))
				p->ef = PS;
		} else
			p->ef = PS - (int32_t)mappa_rng_range(&w->r, 1, 5000);
		p->until = MAPPA_DATE_NONE;
		if (mappa_rng_chance(&w->r, 300))
			p->until = PE + (int32_t)mappa_rng_range(&w->r, 0,
			    3000);
		if (mappa_rng_chance(&w->r, 30))
			p->until = PE;
		p->b = PE;
	}
	p->a = p->ef > PS ? p->ef : PS;

	p->cut[0] = p->a;
	for (int j = 1; j < k; j++) {
		p->cut[j] = rdate(w, p->cut[j - 1] + 1, p->b - (k - 1 - j));
		/* Level changes on period-end itself. */
		if (j == k - 1 && mappa_rng_chance(&w->r, 40))
			p->cut[j] = p->b;
	}

	p->nlev = 0;
	if (p->ef < PS) {
		int	 npre = (int)mappa_rng_range(&w->r, 1, 3);
		bool	 at_ps = mappa_rng_chance(&w->r, 50);

		last = p->ef;
		push_level(p, p->ef, npre == 1 && !at_ps ? p->path[0] :
		    rlevel(w, p->cat));
		for (int i = 1; i < npre && last < PS - 1; i++) {
			int	 v = rlevel(w, p->cat);

			/* A review that keeps the level is rarer than a change. */
			if (v == p->lev[p->nlev - 1].value &&
			    mappa_rng_chance(&w->r, 800))
				v = p->cat == 3 ? 5 - v : v == 1 ? 2 : 1;
			last = rdate(w, last + 1, PS - 1);
			push_level(p, last, v);
		}
		/* The level in force on period-start is the path's first. */
		if (at_ps)
			push_level(p, PS, p->path[0]);
		else
			p->lev[p->nlev - 1].value = p->path[0];
	} else
		push_level(p, p->ef, p->path[0]);
	for (int j = 1; j < k; j++)
		push_level(p, p->cut[j], p->path[j]);
	if (p->until > PE && mappa_rng_chance(&w->r, 40)) {
		int32_t hi = p->until - PE < 30 ? p->until : PE + 30;

		push_level(p, rdate(w, PE + 1, hi), rlevel(w, p->cat));
	}
	p->lev_reversed = mappa_rng_chance(&w->r, 30);
}

/* First and last day of the path's segment at level l. */
static void
segment(const struct person *p, int l, int32_t *lo, int32_t *hi)
{
	for (int j = 0; j < p->k; j++)
		if (p->path[j] == l) {
			*lo = p->cut[j];
			*hi = j + 1 < p->k ? p->cut[j + 1] - 1 : p->b;
			return;
		}
	*lo = *hi = p->a;	/* not reached: make_path put l in */
}

static void
tag_events(struct writer *w, struct person *p)
{
	for (int tg = 0; tg < MAPPA_TAGS; tg++) {
		enum mappa_event_kind kind = tg == MAPPA_TAG_SFO ?
		    MAPPA_EV_SFO_CHARGE : MAPPA_EV_RETURN_TO_CUSTODY;
		int32_t	 lo, hi, d;

		if (p->tag[tg] == 0)
			continue;
		segment(p, p->tag[tg], &lo, &hi);
		/* On the day the level changed, now and then. */
		d = mappa_rng_chance(&w->r, 150) ? lo : edgy(w, lo, hi);
		add_event(w, kind, d, tg == MAPPA_TAG_SFO ? 0 : tg, false);
		/* A second one, later, at the same level: counted once. */
		if (d < hi && mappa_rng_chance(&w->r, 100))
			add_event(w, kind, rdate(w, d + 1, hi),
			    tg == MAPPA_TAG_SFO ? 0 : tg, false);
	}
}

static int
order_type(const struct mappa_orders *o, uint64_t e, bool *ft)
{
	uint64_t v[MAPPA_ORDER__MAX] = {o->shpo, o->interim_shpo, o->sopo,
	    o->interim_sopo, o->fto, o->notification_order, o->sro, o->rsho};

	/* shpo and interim-shpo come first, so e counts them alone. */
	*ft = e < o->shpo_foreign_travel;
	for (int i = 0; i < MAPPA_ORDER__MAX; i++) {
		if (e < v[i])
			return i;
		e -= v[i];
	}
	return MAPPA_ORDER_RSHO;	/* not reached */
}

static void
order_events(struct writer *w, struct person *p, const struct mappa_orders *o,
    uint64_t i, uint64_t C)
{
	uint64_t E = mappa_synth_orders_total(o);
	bool	 ft;

	if (C == 0)
		return;
	for (uint64_t e = E * i / C; e < E * (i + 1) / C; e++) {
		int type = order_type(o, e, &ft);

		add_event(w, MAPPA_EV_ORDER, edgy(w, p->a, p->b), type, ft);
	}
}

static void
carrier_events(struct writer *w, struct person *p)
{
	const struct mappa_stats *t = w->t;
	const struct mappa_synth_plan *pl = w->pl;
	uint64_t rank, E, m, n;

	if (p->ci1 != NOINDEX) {
		n = t->breach_rsos;
		E = t->breach_cautions + t->breach_convictions;
		if (spread(p->ci1, n, pl->c1, &rank))
			for (uint64_t e = E * rank / n; e < E * (rank + 1) / n;
			    e++)
				add_event(w, MAPPA_EV_NOTIFICATION_BREACH,
				    edgy(w, p->a, p->b), e <
				    t->breach_cautions ? MAPPA_OUTCOME_CAUTION :
				    MAPPA_OUTCOME_CONVICTION, false);
		E = t->revocations;
		for (uint64_t e = E * p->ci1 / pl->c1;
		    e < E * (p->ci1 + 1) / pl->c1; e++)
			add_event(w, MAPPA_EV_REVOCATION, edgy(w, p->a, p->b),
			    0, false);
		order_events(w, p, &t->orders, p->ci1, pl->c1);
	}
	if (p->ci23 != NOINDEX)
		order_events(w, p, &t->orders_other, p->ci23, pl->c23);
	if (p->ciall != NOINDEX) {
		E = t->sro_breaches;
		m = E < pl->figures ? E : pl->figures;
		if (m < t->sro_became_notifiable)
			m = t->sro_became_notifiable;
		if (spread(p->ciall, m, pl->figures, &rank))
			for (uint64_t e = E * rank / m; e < E * (rank + 1) / m;
			    e++)
				add_event(w, MAPPA_EV_SRO_BREACH,
				    edgy(w, p->a, p->b), 0, e == E * rank / m &&
				    rank < t->sro_became_notifiable);
	}
}

/* Events that change no figure: outside the period, or not counted. */
static void
noise_events(struct writer *w, struct person *p)
{
	int32_t	 PS = w->t->period_start, PE = w->t->period_end;
	int32_t	 lo, hi;
	int	 kind;

	if (p->role == ROLE_GONE) {
		lo = p->ef;
		hi = p->until;
	} else {
		if (p->cat == 1 && mappa_rng_chance(&w->r, 30))
			add_event(w, MAPPA_EV_NOTIFICATION_BREACH,
			    edgy(w, p->a, p->b), (int)mappa_rng_range(&w->r,
			    MAPPA_OUTCOME_NFA, MAPPA_OUTCOME_PENDING), false);
		if (p->until > PE && mappa_rng_chance(&w->r, 30)) {
			hi = p->until - PE < 30 ? p->until : PE + 30;
			add_event(w, MAPPA_EV_SFO_CHARGE, rdate(w, PE + 1, hi),
			    0, false);
		}
		if (p->ef >= PS || !mappa_rng_chance(&w->r, 80))
			return;
		lo = p->ef;
		hi = PS - 1;
	}
	if (p->role == ROLE_GONE && !mappa_rng_chance(&w->r, 500))
		return;
	kind = (int)mappa_rng_range(&w->r, 0, 5);
	if (p->cat != 1 && (kind == MAPPA_EV_NOTIFICATION_BREACH ||
	    kind == MAPPA_EV_REVOCATION))
		kind = MAPPA_EV_RETURN_TO_CUSTODY;
	switch (kind) {
	case MAPPA_EV_NOTIFICATION_BREACH:
		add_event(w, kind, rdate(w, lo, hi),
		    (int)mappa_rng_range(&w->r, 0, 3), false);
		break;
	case MAPPA_EV_ORDER: {
		int type = (int)mappa_rng_range(&w->r, 0, MAPPA_ORDER__MAX - 1);

		add_event(w, kind, rdate(w, lo, hi), type,
		    type <= MAPPA_ORDER_INTERIM_SHPO &&
		    mappa_rng_chance(&w->r, 300));
		break;
	}
	case MAPPA_EV_SRO_BREACH:
		add_event(w, kind, rdate(w, lo, hi), 0,
		    mappa_rng_chance(&w->r, 300));
		break;
	case MAPPA_EV_RETURN_TO_CUSTODY:
		add_event(w, kind, rdate(w, lo, hi),
		    (int)mappa_rng_range(&w->r, 0, 1), false);
		break;
	default:
		add_event(w, (enum mappa_event_kind)kind, rdate(w, lo, hi), 0,
		    false);
		break;
	}
}

static void
make_attrs(struct writer *w, struct person *p)
{
	const struct mappa_stats *t = w->t;
	uint64_t rank;

	p->where = MAPPA_KNOWN;
	if (p->role == ROLE_COMMUNITY || p->role == ROLE_CUSTODY) {
		p->custody = p->role == ROLE_CUSTODY;
		if (p->pe1 != NOINDEX && spread(p->pe1, t->rso_wanted +
		    t->rso_missing, w->pl->pe1, &rank))
			p->where = rank < t->rso_wanted ? MAPPA_WANTED :
			    MAPPA_MISSING;
		/* Whereabouts of other categories are not counted. */
		if (p->cat != 1 && mappa_rng_chance(&w->r, 10))
			p->where = (int)mappa_rng_range(&w->r, 1, 2);
		return;
	}
	/* Not eligible on period-end: neither attribute counts. */
	p->custody = mappa_rng_chance(&w->r, 50);
	if (mappa_rng_chance(&w->r, 30))
		p->where = (int)mappa_rng_range(&w->r, 1, 2);
}

static void
put_date(FILE *f, const char *name, int32_t d)
{
	char	 buf[16];

	mappa_date_format(d, buf);
	fprintf(f, " %s=\"%s\"", name, buf);
}

static void
put_event(struct writer *w, const struct mappa_event *e)
{
	FILE	*f = w->f;

	switch (e->kind) {
	case MAPPA_EV_NOTIFICATION_BREACH:
		fputs("    <notification-breach", f);
		put_date(f, "date", e->date);
		fprintf(f, " outcome=\"%s\"/>\n", outcomes[e->sub]);
		break;
	case MAPPA_EV_REVOCATION:
		fputs("    <revocation", f);
		put_date(f, "date", e->date);
		fputs("/>\n", f);
		break;
	case MAPPA_EV_ORDER:
		fputs("    <order", f);
		put_date(f, "date", e->date);
		fprintf(f, " type=\"%s\"", otypes[e->sub]);
		if (e->flag)
			fputs(" foreign-travel=\"yes\"", f);
		else if (e->sub <= MAPPA_ORDER_INTERIM_SHPO &&
		    mappa_rng_chance(&w->r, 300))
			fputs(" foreign-travel=\"no\"", f);
		fputs("/>\n", f);
		break;
	case MAPPA_EV_SRO_BREACH:
		fputs("    <sro-breach", f);
		put_date(f, "date", e->date);
		if (e->flag)
			fputs(" became-notifiable=\"yes\"", f);
		else if (mappa_rng_chance(&w->r, 300))
			fputs(" became-notifiable=\"no\"", f);
		fputs("/>\n", f);
		break;
	case MAPPA_EV_RETURN_TO_CUSTODY:
		fputs("    <return-to-custody", f);
		put_date(f, "date", e->date);
		fprintf(f, " reason=\"%s\"/>\n", e->sub == MAPPA_RETURN_LICENCE ?
		    "breach-of-licence" : "breach-of-order");
		break;
	case MAPPA_EV_SFO_CHARGE:
		fputs("    <sfo-charge", f);
		put_date(f, "date", e->date);
		fputs("/>\n", f);
		break;
	}
}

static void
put_person(struct writer *w, uint64_t g, struct person *p)
{
	static const char *const where[] = {"known", "missing", "wanted"};
	FILE	*f = w->f;
	uint64_t num = (g * w->ida + w->idb) % w->idmod;

	fprintf(f, "  <offender id=\"%s-%0*llu\" category=\"%d\"", w->prefix,
	    w->idw, (unsigned long long)num, p->cat);
	put_date(f, "eligible-from", p->ef);
	if (p->until != MAPPA_DATE_NONE)
		put_date(f, "eligible-until", p->until);
	if (p->custody)
		fputs(" custody=\"yes\"", f);
	else if (mappa_rng_chance(&w->r, 50))
		fputs(" custody=\"no\"", f);
	if (p->where != MAPPA_KNOWN || mappa_rng_chance(&w->r, 30))
		fprintf(f, " whereabouts=\"%s\"", where[p->where]);
	fputs(">\n", f);
	for (int i = 0; i < p->nlev; i++) {
		const struct lev *l = &p->lev[p->lev_reversed ?
		    p->nlev - 1 - i : i];

		fputs("    <level", f);
		put_date(f, "from", l->from);
		fprintf(f, " value=\"%d\"/>\n", l->value);
	}
	/* Events in any order: "first" must mean earliest, not first read. */
	for (size_t i = w->nev; i > 1; i--) {
		size_t j = (size_t)mappa_rng_range(&w->r, 0, (int64_t)i - 1);
		struct mappa_event x = w->ev[i - 1];

		w->ev[i - 1] = w->ev[j];
		w->ev[j] = x;
	}
	for (size_t i = 0; i < w->nev; i++)
		put_event(w, &w->ev[i]);
	fputs("  </offender>\n", f);
}

static void
setup(struct writer *w)
{
	struct mappa_rng r;
	const char *s;
	int	 n = 0;

	mappa_rng_seed(&r, w->seed ^ 0x6d617070612d7379ULL);
	for (s = w->t->area; *s && n < 3; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
			w->prefix[n++] = (char)(*s & ~0x20);
	if (n < 3)
		memcpy(w->prefix, "OFF", 3);
	w->prefix[3] = '\0';
	/* Ids sparse in a space ten times the records, never repeated. */
	w->idw = 6;
	w->idmod = 1000000;
	while (w->idmod / 10 < w->total) {
		w->idw++;
		w->idmod *= 10;
	}
	do
		w->ida = (uint64_t)mappa_rng_range(&r, 100001, 999999) | 1;
	while (w->ida % 5 == 0);
	w->idb = mappa_rng_next(&r) % w->idmod;
	/* Records in an order unrelated to their roles. */
	w->pa = 1;
	w->pb = 0;
	if (w->total > 1) {
		w->pa = mappa_rng_next(&r) % w->total;
		while (gcd(w->pa, w->total) != 1)
			w->pa = (w->pa + 1) % w->total;
		w->pb = mappa_rng_next(&r) % w->total;
	}
}

void
mappa_synth_options_init(struct mappa_synth_options *o)
{
	o->seed = 1;
	o->noise = MAPPA_SYNTH_NOISE_AUTO;
}

int
mappa_synth_write(FILE *f, const struct mappa_stats *t,
    const struct mappa_synth_options *o, uint64_t *records)
{
	struct mappa_synth_plan pl;
	struct writer w;
	struct person p;
	uint64_t noise;
	int	 rc = -1;

	memset(&w, 0, sizeof(w));
	if (mappa_synth_plan(t, &pl, NULL, 0) == -1) {
		errno = EINVAL;
		goto out;
	}
	noise = o->noise;
	if (noise == MAPPA_SYNTH_NOISE_AUTO)
		noise = pl.figures / 10 + 1;
	if (noise > MAPPA_SYNTH_MAX) {
		errno = EINVAL;
		goto out;
	}
	w.f = f;
	w.t = t;
	w.pl = &pl;
	w.seed = o->seed;
	w.total = pl.figures + noise;
	setup(&w);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<register-snapshot version=\"1\" area=\"", f);
	mappa_xml_text(f, t->area);
	fputc('"', f);
	put_date(f, "period-start", t->period_start);
	put_date(f, "period-end", t->period_end);
	fprintf(f, " population=\"%llu\"", (unsigned long long)t->population);
	if (t->exported != NULL) {
		fputs(" exported=\"", f);
		mappa_xml_text(f, t->exported);
		fputc('"', f);
	}
	fputs(">\n", f);
	for (uint64_t j = 0; j < w.total; j++) {
		uint64_t g = (j * w.pa + w.pb) % w.total;

		/* Each record from its own stream: any order, same bytes. */
		mappa_rng_seed(&w.r, w.seed);
		w.r.s = mappa_rng_next(&w.r) ^ (g * 0xd1b54a32d192ed03ULL);
		w.nev = 0;
		describe(&w, g, &p);
		if (p.role != ROLE_GONE)
			make_path(&w, &p);
		make_dates(&w, &p);
		make_attrs(&w, &p);
		if (p.role != ROLE_GONE) {
			tag_events(&w, &p);
			carrier_events(&w, &p);
		}
		noise_events(&w, &p);
		put_person(&w, g, &p);
		if (ferror(f))
			goto out;
	}
	fputs("</register-snapshot>\n", f);
	if (fflush(f) == EOF || ferror(f))
		goto out;
	if (records != NULL)
		*records = w.total;
	rc = 0;
out:
	free(w.ev);
	return rc;
}
