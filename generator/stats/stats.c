/* stats.c: the figures of statistics.md, counted in one pass. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/stats.h"
#include "mappa/util.h"

void
mappa_stats_init(struct mappa_stats *s, const struct mappa_header *h)
{
	memset(s, 0, sizeof(*s));
	s->area = mappa_strdup(h->area);
	s->period_start = h->period_start;
	s->period_end = h->period_end;
	s->population = h->population;
	s->exported = h->exported ? mappa_strdup(h->exported) : NULL;
}

void
mappa_stats_clear(struct mappa_stats *s)
{
	if (s == NULL)
		return;
	free(s->area);
	free(s->exported);
	s->area = s->exported = NULL;
}

/* The level on day d: the entry with the latest from <= d; 0 if none. */
static int
level_on(const struct mappa_offender *o, int32_t d)
{
	int	 v = 0;

	for (size_t i = 0; i < o->nlevels && o->levels[i].from <= d; i++)
		v = o->levels[i].value;
	return v;
}

static void
count_level(struct mappa_levels *row, int level)
{
	switch (level) {
	case 1:
		row->level1++;
		break;
	case 2:
		row->level2++;
		break;
	case 3:
		row->level3++;
		break;
	default:
		break;
	}
}

static void
count_order(struct mappa_orders *t, const struct mappa_event *e)
{
	static const size_t at[MAPPA_ORDER__MAX] = {
		offsetof(struct mappa_orders, shpo),
		offsetof(struct mappa_orders, interim_shpo),
		offsetof(struct mappa_orders, sopo),
		offsetof(struct mappa_orders, interim_sopo),
		offsetof(struct mappa_orders, fto),
		offsetof(struct mappa_orders, notification_order),
		offsetof(struct mappa_orders, sro),
		offsetof(struct mappa_orders, rsho),
	};

	(*(uint64_t *)((char *)t + at[e->sub]))++;
	if (e->flag && (e->sub == MAPPA_ORDER_SHPO ||
	    e->sub == MAPPA_ORDER_INTERIM_SHPO))
		t->shpo_foreign_travel++;
}

void
mappa_stats_add(struct mappa_stats *s, const struct mappa_offender *o)
{
	const int32_t ps = s->period_start, pe = s->period_end;
	const int c = o->category - 1;
	int32_t	 lo, hi;
	/* Per offender: the first qualifying event of each kind. */
	int32_t	 ret_date[2] = {MAPPA_DATE_NONE, MAPPA_DATE_NONE};
	int	 ret_level[2] = {0, 0};
	bool	 ret_l1[2] = {false, false};
	int32_t	 sfo_date = MAPPA_DATE_NONE;
	int	 sfo_level = 0;
	bool	 breach = false, notifiable = false;

	s->records++;

	/* Snapshot figures: eligible on period-end. */
	if (o->eligible_from <= pe && pe <= o->eligible_until) {
		if (o->custody)
			s->in_custody[c]++;
		else
			count_level(&s->offenders[c], level_on(o, pe));
		if (o->category == 1 && o->whereabouts == MAPPA_WANTED)
			s->rso_wanted++;
		if (o->category == 1 && o->whereabouts == MAPPA_MISSING)
			s->rso_missing++;
	}

	/* Highest level held on a day of the period on which eligible. */
	lo = o->eligible_from > ps ? o->eligible_from : ps;
	hi = o->eligible_until < pe ? o->eligible_until : pe;
	if (lo <= hi) {
		int	 top = level_on(o, lo);

		for (size_t i = 0; i < o->nlevels; i++)
			if (o->levels[i].from > lo && o->levels[i].from <= hi &&
			    o->levels[i].value > top)
				top = o->levels[i].value;
		if (top >= 2)
			count_level(&s->level2_3[c], top);
	}

	for (size_t i = 0; i < o->nevents; i++) {
		const struct mappa_event *e = &o->events[i];
		int	 lv;

		if (e->date < ps || e->date > pe)
			continue;
		switch (e->kind) {
		case MAPPA_EV_NOTIFICATION_BREACH:
			if (e->sub == MAPPA_OUTCOME_CAUTION)
				s->breach_cautions++;
			else if (e->sub == MAPPA_OUTCOME_CONVICTION)
				s->breach_convictions++;
			else
				break;
			breach = true;
			break;
		case MAPPA_EV_REVOCATION:
			s->revocations++;
			break;
		case MAPPA_EV_ORDER:
			count_order(o->category == 1 ? &s->orders :
			    &s->orders_other, e);
			break;
		case MAPPA_EV_SRO_BREACH:
			s->sro_breaches++;
			notifiable |= e->flag;
			break;
		case MAPPA_EV_RETURN_TO_CUSTODY:
			lv = level_on(o, e->date);
			if (lv < 2)
				ret_l1[e->sub] = true;
			else if (e->date < ret_date[e->sub]) {
				ret_date[e->sub] = e->date;
				ret_level[e->sub] = lv;
			}
			break;
		case MAPPA_EV_SFO_CHARGE:
			if (e->date < sfo_date) {
				sfo_date = e->date;
				sfo_level = level_on(o, e->date);
			}
			break;
		}
	}
	s->breach_rsos += breach && o->category == 1;
	s->sro_became_notifiable += notifiable;
	for (int r = 0; r < 2; r++) {
		count_level(&s->returned[r][c], ret_level[r]);
		s->returned_level1[r] += ret_l1[r];
	}
	count_level(&s->sfo[c], sfo_level);
}

/* Row totals, and the total row as the sum of the category rows. */
static void
total_rows(struct mappa_levels *rows)
{
	struct mappa_levels *t = &rows[MAPPA_ROW_TOTAL];

	memset(t, 0, sizeof(*t));
	for (int c = 0; c < MAPPA_ROW_TOTAL; c++) {
		rows[c].total = rows[c].level1 + rows[c].level2 +
		    rows[c].level3;
		t->level1 += rows[c].level1;
		t->level2 += rows[c].level2;
		t->level3 += rows[c].level3;
		t->total += rows[c].total;
	}
}

void
mappa_stats_finish(struct mappa_stats *s)
{
	uint64_t n;

	total_rows(s->offenders);
	total_rows(s->level2_3);
	total_rows(s->returned[0]);
	total_rows(s->returned[1]);
	total_rows(s->sfo);
	s->in_custody[MAPPA_ROW_TOTAL] = s->in_custody[0] + s->in_custody[1] +
	    s->in_custody[2];
	s->rso_wanted_or_missing = s->rso_wanted + s->rso_missing;
	/* Halves up, in integers, exactly as statistics.md writes it. */
	n = s->offenders[0].total;
	s->rso_per_100k = s->population == 0 ? 0 :
	    (2 * n * 100000 + s->population) / (2 * s->population);
}

struct from_file {
	struct mappa_stats *s;
	bool		 started;
};

static int
on_header(void *arg, const struct mappa_header *h)
{
	struct from_file *ff = arg;

	mappa_stats_init(ff->s, h);
	ff->started = true;
	return 0;
}

static int
on_offender(void *arg, const struct mappa_offender *o)
{
	struct from_file *ff = arg;

	mappa_stats_add(ff->s, o);
	return 0;
}

enum mappa_read_status
mappa_stats_from_file(const char *path, struct mappa_diag *diag,
    struct mappa_stats *out, unsigned char *sha256)
{
	struct from_file ff = {out, false};
	struct mappa_handler h = {on_header, on_offender, &ff, sha256, 0};
	enum mappa_read_status st;

	memset(out, 0, sizeof(*out));
	st = mappa_snapshot_read(path, diag, &h);
	if (st == MAPPA_READ_OK && ff.started)
		mappa_stats_finish(out);
	else
		mappa_stats_clear(out);
	return st;
}

enum mappa_outcome
mappa_stats_outcome(enum mappa_read_status st)
{
	switch (st) {
	case MAPPA_READ_OK:
		return MAPPA_OK;
	case MAPPA_READ_INVALID:
		return MAPPA_INVALID;
	case MAPPA_READ_SYSERR:
		return MAPPA_NOINPUT;
	default:
		return MAPPA_SOFTWARE;
	}
}

enum mappa_outcome
mappa_stats_load(const char *path, const char *what, struct mappa_stats *out,
    unsigned char *sha256)
{
	struct mappa_diag diag;
	enum mappa_read_status st;

	mappa_diag_init(&diag, strcmp(path, "-") == 0 ? "<stdin>" : path,
	    stderr);
	st = mappa_stats_from_file(path, &diag, out, sha256);
	mappa_snapshot_say(st, path, &diag, what);
	return mappa_stats_outcome(st);
}

bool
mappa_stats_shpo_era(int32_t period_start)
{
	return period_start >= mappa_date_from_ymd(2015, 4, 1);
}

void
mappa_stats_period_label(const struct mappa_stats *s, char sep, char *buf)
{
	int	 y1, y2, m, d;

	mappa_date_to_ymd(s->period_start, &y1, &m, &d);
	mappa_date_to_ymd(s->period_end, &y2, &m, &d);
	if (y1 == y2)
		snprintf(buf, MAPPA_PERIOD_LABEL_LEN, "%04d", y1);
	else if (y2 == y1 + 1)
		snprintf(buf, MAPPA_PERIOD_LABEL_LEN, "%04d%c%02d", y1, sep,
		    y2 % 100);
	else
		snprintf(buf, MAPPA_PERIOD_LABEL_LEN, "%04d%c%04d", y1, sep,
		    y2);
}
