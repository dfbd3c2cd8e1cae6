/* compare.c: the compare command, several years of one area side by side (PDF, CSV, JSON); for main.c through review.h. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mappa/date.h"
#include "mappa/layout.h"
#include "mappa/output.h"
#include "mappa/review.h"
#include "mappa/stats.h"
#include "mappa/util.h"

/* Years to a table: more would not fit across a landscape page. */
#define CHUNK	5
/* Column widths [pt], padding included: "746,000", "+19,000", "+100.0%" at TABLE_SIZE. */
#define LABEL_WIDTH	196
#define VALUE_WIDTH	42
#define CHANGE_WIDTH	40
#define PCT_WIDTH	44

struct year {
	const char	*path;		/* not owned */
	struct mappa_stats s;
	unsigned char	 sha[MAPPA_SHA256_LEN];
	char		 label[24];	/* "2011-12": CSV, JSON */
	char		 title[24];	/* "2011/12": PDF */
	bool		 shpo;		/* period in the SHPO era */
};

struct row {
	char		*key;		/* dotted path, owned */
	char		**text;		/* [year], owned, for a text figure */
	uint64_t	*val;		/* [year] */
	bool		 era;		/* orders that changed in 2015 */
};

struct table {
	struct year	*years;		/* sorted by period */
	size_t		 nyears;
	struct row	*rows;
	size_t		 nrows, cap;
};

/* The statistics whose meaning changed with the orders of 2015. */
static bool
era_key(const char *k)
{
	if (strncmp(k, "sro_breaches.", 13) == 0)
		return true;
	if (strncmp(k, "orders.", 7) != 0 &&
	    strncmp(k, "orders_other_categories.", 24) != 0)
		return false;
	return strcmp(strchr(k, '.') + 1, "notification_order") != 0;
}

int
mappa_pct_change(uint64_t prev, uint64_t cur, int64_t *tenths)
{
	uint64_t	 a, q;

	/* Beyond 2^50 the tenths could overflow; no register is that big. */
	if (prev == 0 || prev > (UINT64_C(1) << 50) ||
	    cur > (UINT64_C(1) << 50))
		return -1;
	a = cur > prev ? cur - prev : prev - cur;
	q = (2 * a * 1000 + prev) / (2 * prev);	/* halves away from zero */
	*tenths = cur >= prev ? (int64_t)q : -(int64_t)q;
	return 0;
}

static bool
incomparable(const struct table *t, const struct row *r, size_t i)
{
	return r->era && t->years[i].shpo != t->years[i - 1].shpo;
}

/* Change into the year i from year i-1; -1 where there is none. */
static int
change(const struct table *t, const struct row *r, size_t i, int64_t *d)
{
	if (i == 0 || r->text != NULL || incomparable(t, r, i) ||
	    r->val[i] > INT64_MAX || r->val[i - 1] > INT64_MAX)
		return -1;
	*d = (int64_t)r->val[i] - (int64_t)r->val[i - 1];
	return 0;
}

static int
pct(const struct table *t, const struct row *r, size_t i, int64_t *tenths)
{
	if (i == 0 || r->text != NULL || incomparable(t, r, i))
		return -1;
	return mappa_pct_change(r->val[i - 1], r->val[i], tenths);
}

/* ------------------------------------------------------------------ */
/* The table: every figure of every year, in the order of `stats`. */

struct collect {
	struct table	*t;
	size_t		 year, next;
};

static struct row *
row_at(struct collect *c, const char *path)
{
	struct table	*t = c->t;
	struct row	*r;

	if (c->year == 0) {
		t->rows = mappa_grow(t->rows, &t->cap, t->nrows + 1,
		    sizeof(*t->rows));
		r = &t->rows[t->nrows++];
		memset(r, 0, sizeof(*r));
		r->key = mappa_strdup(path);
		r->val = mappa_calloc(t->nyears, sizeof(*r->val));
		r->era = era_key(path);
	} else
		r = &t->rows[c->next];
	c->next++;
	return r;
}

static void
collect_integer(void *arg, const char *path, uint64_t v)
{
	row_at(arg, path)->val[((struct collect *)arg)->year] = v;
}

static void
collect_string(void *arg, const char *path, const char *v)
{
	struct collect	*c = arg;
	struct row	*r = row_at(c, path);

	if (r->text == NULL)
		r->text = mappa_calloc(c->t->nyears, sizeof(*r->text));
	r->text[c->year] = mappa_strdup(v);
}

static void
table_clear(struct table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->rows[i].text != NULL)
			for (size_t y = 0; y < t->nyears; y++)
				free(t->rows[i].text[y]);
		free(t->rows[i].text);
		free(t->rows[i].val);
		free(t->rows[i].key);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->cap = 0;
}

static int
by_period(const void *a, const void *b)
{
	const struct year *x = a, *y = b;

	return (x->s.period_start > y->s.period_start) -
	    (x->s.period_start < y->s.period_start);
}

static void
label_years(struct table *t)
{
	bool	 clash = false;

	for (size_t i = 0; i < t->nyears; i++) {
		struct year *yr = &t->years[i];

		yr->shpo = mappa_stats_shpo_era(yr->s.period_start);
		mappa_stats_period_label(&yr->s, '-', yr->label);
		mappa_stats_period_label(&yr->s, '/', yr->title);
		if (i > 0 && strcmp(yr->label, t->years[i - 1].label) == 0)
			clash = true;
	}
	/* Periods that are not whole years: name them by their first day. */
	if (clash)
		for (size_t i = 0; i < t->nyears; i++) {
			mappa_date_format(t->years[i].s.period_start,
			    t->years[i].label);
			mappa_date_format(t->years[i].s.period_start,
			    t->years[i].title);
		}
}

/* Read, order and check the snapshots; messages to stderr. */
static enum mappa_outcome
load(const struct mappa_compare_options *o, struct table *t)
{
	enum mappa_outcome rc;
	char		 a[11], b[11];

	t->years = mappa_calloc(o->nsnapshots, sizeof(*t->years));
	for (size_t i = 0; i < o->nsnapshots; i++) {
		const char *p = o->snapshots[i];

		if ((rc = mappa_stats_load(p, "no comparison written",
		    &t->years[i].s, t->years[i].sha)) != MAPPA_OK)
			return rc;
		t->years[i].path = p;
		t->nyears++;
	}
	qsort(t->years, t->nyears, sizeof(*t->years), by_period);
	for (size_t i = 1; i < t->nyears; i++) {
		struct year *x = &t->years[i - 1], *y = &t->years[i];

		if (!o->any_area && strcmp(y->s.area, t->years[0].s.area) != 0) {
			fprintf(stderr, "mappa-report: %s is of %s but %s is of "
			    "%s; compare one area's years, or give --any-area\n",
			    t->years[0].path, t->years[0].s.area, y->path,
			    y->s.area);
			return MAPPA_INVALID;
		}
		if (y->s.period_start <= x->s.period_end) {
			mappa_date_format(y->s.period_start, a);
			mappa_date_format(x->s.period_end, b);
			fprintf(stderr, "mappa-report: %s and %s cover the same "
			    "days (%s starts on %s, %s ends on %s); give one "
			    "snapshot per period\n", x->path, y->path, y->path,
			    a, x->path, b);
			return MAPPA_INVALID;
		}
	}
	label_years(t);
	for (size_t i = 0; i < t->nyears; i++) {
		struct mappa_stats_visitor v;
		struct collect	 c = { t, i, 0 };

		v.integer = collect_integer;
		v.string = collect_string;
		v.arg = &c;
		mappa_stats_visit(&t->years[i].s, &v);
	}
	return MAPPA_OK;
}

/* ------------------------------------------------------------------ */
/* CSV and JSON: the same table. */

static const char *
era_note(const struct table *t, const struct row *r, char *buf, size_t sz)
{
	size_t	 n = 0;

	buf[0] = '\0';
	if (!r->era)
		return NULL;
	for (size_t i = 1; i < t->nyears; i++)
		if (incomparable(t, r, i))
			n += (size_t)snprintf(buf + n, n < sz ? sz - n : 0,
			    "%sorders changed (SOPO to SHPO era) between %s and "
			    "%s: not comparable", n > 0 ? "; " : "",
			    t->years[i - 1].label, t->years[i].label);
	return n > 0 ? buf : NULL;
}

static void
tenths_text(int64_t v, char *buf, size_t sz)
{
	uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;

	snprintf(buf, sz, "%s%" PRIu64 ".%" PRIu64, v < 0 ? "-" : "",
	    a / 10, a % 10);
}

static void
write_csv(FILE *f, const struct table *t)
{
	char	 note[512], num[32];
	int64_t	 d;

	fputs("key", f);
	for (size_t i = 0; i < t->nyears; i++)
		fprintf(f, ",%s", t->years[i].label);
	for (size_t i = 1; i < t->nyears; i++)
		fprintf(f, ",change %s", t->years[i].label);
	for (size_t i = 1; i < t->nyears; i++)
		fprintf(f, ",pct %s", t->years[i].label);
	fputs(",note\n", f);
	for (size_t k = 0; k < t->nrows; k++) {
		const struct row *r = &t->rows[k];

		fputs(r->key, f);
		for (size_t i = 0; i < t->nyears; i++) {
			putc(',', f);
			if (r->text != NULL)
				mappa_csv_field(f, r->text[i]);
			else
				fprintf(f, "%" PRIu64, r->val[i]);
		}
		for (size_t i = 1; i < t->nyears; i++)
			if (change(t, r, i, &d) == 0)
				fprintf(f, ",%" PRId64, d);
			else
				putc(',', f);
		for (size_t i = 1; i < t->nyears; i++) {
			putc(',', f);
			if (pct(t, r, i, &d) == 0) {
				tenths_text(d, num, sizeof(num));
				fputs(num, f);
			}
		}
		putc(',', f);
		if (era_note(t, r, note, sizeof(note)) != NULL)
			mappa_csv_field(f, note);
		putc('\n', f);
	}
}

static void
write_json(FILE *f, const struct table *t)
{
	char	 note[512], num[32], hex[MAPPA_HEX_LEN + 1];
	int64_t	 d;

	fputs("{\n  \"years\": [", f);
	for (size_t i = 0; i < t->nyears; i++) {
		fputs(i > 0 ? ", " : "", f);
		mappa_json_string(f, t->years[i].label);
	}
	fputs("],\n  \"snapshots\": [\n", f);
	for (size_t i = 0; i < t->nyears; i++) {
		mappa_sha256_hex(t->years[i].sha, hex);
		fputs("    { \"year\": ", f);
		mappa_json_string(f, t->years[i].label);
		fputs(", \"area\": ", f);
		mappa_json_string(f, t->years[i].s.area);
		fprintf(f, ", \"sha256\": \"%s\" }%s\n", hex,
		    i + 1 < t->nyears ? "," : "");
	}
	fputs("  ],\n  \"rows\": [\n", f);
	for (size_t k = 0; k < t->nrows; k++) {
		const struct row *r = &t->rows[k];

		fputs("    { \"key\": ", f);
		mappa_json_string(f, r->key);
		fputs(", \"values\": {", f);
		for (size_t i = 0; i < t->nyears; i++) {
			fputs(i > 0 ? ", " : " ", f);
			mappa_json_string(f, t->years[i].label);
			fputs(": ", f);
			if (r->text != NULL)
				mappa_json_string(f, r->text[i]);
			else
				fprintf(f, "%" PRIu64, r->val[i]);
		}
		fputs(" }, \"change\": {", f);
		for (size_t i = 1; i < t->nyears; i++) {
			fputs(i > 1 ? ", " : " ", f);
			mappa_json_string(f, t->years[i].label);
			if (change(t, r, i, &d) == 0)
				fprintf(f, ": %" PRId64, d);
			else
				fputs(": null", f);
		}
		fputs(" }, \"pct_change\": {", f);
		for (size_t i = 1; i < t->nyears; i++) {
			fputs(i > 1 ? ", " : " ", f);
			mappa_json_string(f, t->years[i].label);
			if (pct(t, r, i, &d) == 0) {
				tenths_text(d, num, sizeof(num));
				fprintf(f, ": %s", num);
			} else
				fputs(": null", f);
		}
		fputs(" }, \"note\": ", f);
		if (era_note(t, r, note, sizeof(note)) != NULL)
			mappa_json_string(f, note);
		else
			fputs("null", f);
		fprintf(f, " }%s\n", k + 1 < t->nrows ? "," : "");
	}
	fputs("  ]\n}\n", f);
}

/* ------------------------------------------------------------------ */
/* The PDF: tables by group of figures, charts, provenance. */

static const struct group {
	const char	*prefix[3];
	const char	*title;
} groups[] = {
	{{"offenders"}, "Offenders living in the community on the last day "
	    "of the year, by category and level"},
	{{"in_custody"}, "Offenders in custody on the last day of the year"},
	{{"population", "rso_per_100k", "rso_wanted_or_missing"},
	    "Registered sexual offenders (RSOs) on the last day of the year"},
	{{"level2_3_in_period"}, "Offenders managed at level 2 or 3 during "
	    "the year, by the highest level held"},
	{{"notification_breaches", "revocations"}, "Breaches of notification "
	    "requirements, and revocations, during the year"},
	{{"orders"}, "Orders imposed on RSOs (category 1) during the year"},
	{{"orders_other_categories"}, "Orders imposed on category 2 and 3 "
	    "offenders during the year"},
	{{"sro_breaches"}, "Breaches of sexual risk orders during the year"},
	{{"returned_to_custody.breach_of_licence"}, "Offenders at level 2 or "
	    "3 returned to custody for breach of licence during the year"},
	{{"returned_to_custody.breach_of_order"}, "Offenders at level 2 or 3 "
	    "returned to custody for breach of an order during the year"},
	{{"returned_to_custody_level1"}, "Offenders at level 1 returned to "
	    "custody during the year"},
	{{"sfo_charges"}, "Offenders charged with a serious further offence "
	    "during the year"},
};
#define NGROUPS	(sizeof(groups) / sizeof(groups[0]))

static const struct word {
	const char	*key, *label;
} words[] = {
	{"category1", "Category 1"}, {"category2", "Category 2"},
	{"category3", "Category 3"}, {"level1", "level 1"},
	{"level2", "level 2"}, {"level3", "level 3"},
	{"population", "Population"},
	{"rso_per_100k", "RSOs per 100,000 population"},
	{"wanted", "RSOs wanted"}, {"missing", "RSOs missing"},
	{"rsos", "RSOs cautioned or convicted for a breach"},
	{"cautions", "Cautions"}, {"convictions", "Convictions"},
	{"revocations", "Revocations of notification requirements"},
	{"shpo", "Sexual harm prevention orders (SHPOs)"},
	{"interim_shpo", "Interim SHPOs"},
	{"shpo_foreign_travel", "SHPOs with foreign travel restrictions"},
	{"sopo", "Sexual offences prevention orders (SOPOs)"},
	{"interim_sopo", "Interim SOPOs"}, {"fto", "Foreign travel orders"},
	{"notification_order", "Notification orders"},
	{"sro", "Sexual risk orders (SROs)"},
	{"rsho", "Risk of sexual harm orders"},
	{"breaches", "Breaches of SROs"},
	{"became_notifiable", "Offenders who became notifiable"},
	{"breach_of_licence", "For breach of licence"},
	{"breach_of_order", "For breach of an order"},
};

/* The group of a key, and where its own part starts; -1 if none. */
static int
group_of(const char *key, const char **rest)
{
	for (size_t g = 0; g < NGROUPS; g++)
		for (size_t p = 0; p < 3 && groups[g].prefix[p] != NULL; p++) {
			size_t n = strlen(groups[g].prefix[p]);

			if (strncmp(key, groups[g].prefix[p], n) != 0)
				continue;
			if (key[n] == '.') {
				*rest = key + n + 1;
				return (int)g;
			}
			if (key[n] == '\0') {
				*rest = key;
				return (int)g;
			}
		}
	return -1;
}

/* "category1.level2" -> "Category 1, level 2". */
static void
row_label(const char *key, const char *rest, char *buf, size_t sz)
{
	size_t	 n = 0, len;
	bool	 first = true;
	char	 part[64];

	buf[0] = '\0';
	while (*rest != '\0') {
		const char *w = NULL;

		len = strcspn(rest, ".");
		snprintf(part, sizeof(part), "%.*s", (int)len, rest);
		rest += len + (rest[len] == '.');
		if (strcmp(part, "total") == 0)
			w = !first ? "total" :
			    strncmp(key, "rso_wanted", 10) == 0 ?
			    "RSOs wanted or missing" : "All categories";
		for (size_t i = 0; w == NULL && i < sizeof(words) /
		    sizeof(words[0]); i++)
			if (strcmp(part, words[i].key) == 0)
				w = words[i].label;
		if (w == NULL) {
			for (char *c = part; *c != '\0'; c++)
				if (*c == '_')
					*c = ' ';
			w = part;
		}
		n += (size_t)snprintf(buf + n, n < sz ? sz - n : 0, "%s%s",
		    first ? "" : ", ", w);
		first = false;
	}
}

/* 1234567 -> "1,234,567", as the annual reports print figures. */
static void
thousands(uint64_t v, char *buf, size_t sz)
{
	char	 t[32];
	size_t	 n, k = 0;

	snprintf(t, sizeof(t), "%" PRIu64, v);
	n = strlen(t);
	for (size_t i = 0; i < n && k + 2 < sz; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = t[i];
	}
	buf[k] = '\0';
}

#define MINUS	"\xe2\x88\x92"	/* U+2212 */
#define DASH	"\xe2\x80\x93"	/* U+2013 */
#define DAGGER	"\xe2\x80\xa0"	/* U+2020 */

/* Tables a point smaller than the text: sixteen columns across. */
#define TABLE_SIZE	8.5	/* [pt] */

static void
cell(struct mappa_block *tb, enum mappa_face face, const char *text)
{
	mappa_block_run(mappa_table_cell(tb), face, TABLE_SIZE, text);
}

static void
change_cells(struct mappa_block *tb, const struct table *t,
    const struct row *r, size_t i)
{
	char	 buf[48], num[32];
	int64_t	 d;

	if (incomparable(t, r, i)) {
		cell(tb, MAPPA_FACE_ITALIC, "n/a");
		cell(tb, MAPPA_FACE_ITALIC, "n/a");
		return;
	}
	if (change(t, r, i, &d) == 0) {
		thousands(d < 0 ? (uint64_t)-d : (uint64_t)d, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s%s", d > 0 ? "+" : d < 0 ?
		    MINUS : "", num);
		cell(tb, MAPPA_FACE_REGULAR, buf);
	} else
		cell(tb, MAPPA_FACE_REGULAR, DASH);
	if (pct(t, r, i, &d) == 0) {
		tenths_text(d < 0 ? -d : d, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s%s%%", d > 0 ? "+" : d < 0 ?
		    MINUS : "", num);
		cell(tb, MAPPA_FACE_REGULAR, buf);
	} else
		cell(tb, MAPPA_FACE_REGULAR, DASH);
}

/* One group's table for years [from, to). */
static void
group_table(struct mappa_doc *doc, const struct table *t, size_t g,
    size_t from, size_t to)
{
	struct mappa_block *tb, *b;
	const char	*rest;
	char		 label[256], num[32];
	size_t		 ncols = 1, c;

	b = mappa_doc_heading(doc, 2, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, groups[g].title);
	if (from > 0 || to < t->nyears) {
		snprintf(label, sizeof(label), " (%s to %s)",
		    t->years[from].title, t->years[to - 1].title);
		mappa_block_text(b, MAPPA_FACE_BOLD, label);
	}
	for (size_t i = from; i < to; i++)
		ncols += i > 0 ? 3 : 1;
	/* Fixed widths, so that the columns of every table line up. */
	tb = mappa_doc_table(doc, ncols, 1);
	mappa_table_column(tb, 0, LABEL_WIDTH, MAPPA_ALIGN_LEFT);
	c = 1;
	for (size_t i = from; i < to; i++) {
		mappa_table_column(tb, c++, VALUE_WIDTH, MAPPA_ALIGN_RIGHT);
		if (i > 0) {
			mappa_table_column(tb, c++, CHANGE_WIDTH,
			    MAPPA_ALIGN_RIGHT);
			mappa_table_column(tb, c++, PCT_WIDTH,
			    MAPPA_ALIGN_RIGHT);
		}
	}
	mappa_table_row(tb);
	cell(tb, MAPPA_FACE_BOLD, "");
	for (size_t i = from; i < to; i++) {
		cell(tb, MAPPA_FACE_BOLD, t->years[i].title);
		if (i > 0) {
			cell(tb, MAPPA_FACE_BOLD, "change");
			cell(tb, MAPPA_FACE_BOLD, "%");
		}
	}
	for (size_t k = 0; k < t->nrows; k++) {
		const struct row *r = &t->rows[k];
		bool	 marked = false;

		if (r->text != NULL || group_of(r->key, &rest) != (int)g)
			continue;
		for (size_t i = from > 0 ? from : 1; i < to; i++)
			marked = marked || incomparable(t, r, i);
		row_label(r->key, rest, label, sizeof(label));
		if (marked)
			strncat(label, " " DAGGER, sizeof(label) -
			    strlen(label) - 1);
		mappa_table_row(tb);
		cell(tb, MAPPA_FACE_REGULAR, label);
		for (size_t i = from; i < to; i++) {
			thousands(r->val[i], num, sizeof(num));
			cell(tb, MAPPA_FACE_REGULAR, num);
			if (i > 0)
				change_cells(tb, t, r, i);
		}
	}
}

static const struct row *
find_row(const struct table *t, const char *key)
{
	for (size_t k = 0; k < t->nrows; k++)
		if (strcmp(t->rows[k].key, key) == 0)
			return &t->rows[k];
	return NULL;
}

static const struct chart {
	const char	*title, *ylabel;
	const char	*series[3], *keys[3];
} charts[] = {
	{"Registered sexual offenders living in the community on the last "
	    "day of the year",
	    "RSOs", {"RSOs"}, {"offenders.category1.total"}},
	{"RSOs per 100,000 population", "per 100,000",
	    {"RSOs per 100,000"}, {"rso_per_100k"}},
	{"Offenders managed at level 2 or 3 during the year", "offenders",
	    {"Level 2", "Level 3", "Level 2 or 3"},
	    {"level2_3_in_period.total.level2",
	    "level2_3_in_period.total.level3",
	    "level2_3_in_period.total.total"}},
	{"Breaches of notification requirements during the year", "number",
	    {"RSOs cautioned or convicted", "Cautions", "Convictions"},
	    {"notification_breaches.rsos", "notification_breaches.cautions",
	    "notification_breaches.convictions"}},
	{"Offenders at level 2 or 3 returned to custody during the year",
	    "offenders", {"For breach of licence", "For breach of an order"},
	    {"returned_to_custody.breach_of_licence.total.total",
	    "returned_to_custody.breach_of_order.total.total"}},
};

static void
add_charts(struct mappa_doc *doc, const struct table *t)
{
	double	*v = mappa_calloc(t->nyears, sizeof(*v));

	for (size_t c = 0; c < sizeof(charts) / sizeof(charts[0]); c++) {
		struct mappa_block *b = mappa_doc_chart(doc, MAPPA_CHART_LINE,
		    charts[c].title, 190);

		mappa_chart_labels(b, "year", charts[c].ylabel);
		for (size_t i = 0; i < t->nyears; i++)
			mappa_chart_category(b, t->years[i].title);
		for (size_t s = 0; s < 3 && charts[c].keys[s] != NULL; s++) {
			const struct row *r = find_row(t, charts[c].keys[s]);

			if (r == NULL || r->text != NULL)
				continue;
			for (size_t i = 0; i < t->nyears; i++)
				v[i] = (double)r->val[i];
			mappa_chart_series(b, charts[c].series[s], v,
			    t->nyears);
		}
		mappa_doc_space(doc, 12);
	}
	free(v);
}

/* The area's name, or the names of a renamed area in order. */
static void
areas(const struct table *t, char *buf, size_t sz)
{
	size_t	 n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->nyears; i++) {
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen = seen || strcmp(t->years[j].s.area,
			    t->years[i].s.area) == 0;
		if (!seen)
			n += (size_t)snprintf(buf + n, n < sz ? sz - n : 0,
			    "%s%s", i > 0 ? " / " : "", t->years[i].s.area);
	}
}

static void
para(struct mappa_doc *doc, const char *text)
{
	mappa_block_text(mappa_doc_paragraph(doc, MAPPA_ALIGN_LEFT),
	    MAPPA_FACE_REGULAR, text);
}

static struct mappa_doc *
build_doc(const struct table *t)
{
	struct mappa_doc *doc = mappa_doc_new();
	struct mappa_page_setup *pg = mappa_doc_page(doc);
	struct mappa_block *b;
	struct mappa_time when;
	const struct year *first = &t->years[0], *last;
	char	 area[512], title[640], buf[1024], hex[MAPPA_HEX_LEN + 1];
	char	*prov;
	size_t	 n, plen;
	bool	 era = false;

	last = &t->years[t->nyears - 1];
	/* Landscape, so that five years and their changes fit across. */
	pg->width = 841.890;
	pg->height = 595.276;
	pg->top = pg->bottom = 48;
	pg->left = pg->right = 48;
	pg->font_size = 9.5;
	pg->plain_first = 0;

	areas(t, area, sizeof(area));
	snprintf(title, sizeof(title), "%s MAPPA statistics, %s to %s", area,
	    first->title, last->title);
	mappa_doc_set(doc, MAPPA_META_TITLE, title);
	snprintf(buf, sizeof(buf), "The figures of the MAPPA annual reports "
	    "of %s for %s to %s side by side, with the change from year to "
	    "year", area, first->title, last->title);
	mappa_doc_set(doc, MAPPA_META_SUBJECT, buf);
	snprintf(buf, sizeof(buf), "MAPPA, annual report, comparison, %s",
	    area);
	mappa_doc_set(doc, MAPPA_META_KEYWORDS, buf);
	mappa_doc_set(doc, MAPPA_META_CREATOR, "mappa-report " MAPPA_VERSION);
	mappa_doc_set(doc, MAPPA_META_PRODUCER, "mappa-report " MAPPA_VERSION
	    " with libharu");
	mappa_report_time(&last->s, &when);
	mappa_doc_dates(doc, &when, &when);
	mappa_doc_running(doc, 0, NULL, "{title}", NULL);
	mappa_doc_running(doc, 1, NULL, "Page {page} of {pages}", NULL);

	b = mappa_doc_heading(doc, 1, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, title);
	snprintf(buf, sizeof(buf), "This report sets the statistics of the "
	    "annual reports of %zu years side by side, each computed from "
	    "that year's register snapshot exactly as the year's report and "
	    "the stats command compute them. Snapshot figures are the "
	    "position on the last day of the year (31 March); the others "
	    "count what happened during the year.", t->nyears);
	para(doc, buf);
	para(doc, "Each year after the first has the change from the "
	    "previous year shown and the percentage change, rounded to one "
	    "decimal place (halves away from zero); " DASH " where the "
	    "previous figure is 0.");
	for (size_t i = 1; i < t->nyears; i++) {
		if (t->years[i].s.period_start !=
		    t->years[i - 1].s.period_end + 1) {
			snprintf(buf, sizeof(buf), "There is no snapshot "
			    "between %s and %s: the changes shown for %s are "
			    "from %s.", t->years[i - 1].title,
			    t->years[i].title, t->years[i].title,
			    t->years[i - 1].title);
			para(doc, buf);
		}
		era = era || t->years[i].shpo != t->years[i - 1].shpo;
	}
	if (era)
		para(doc, DAGGER " Not comparable across years: in March 2015 "
		    "sexual harm prevention orders (SHPOs) and sexual risk "
		    "orders (SROs) replaced sexual offences prevention orders "
		    "(SOPOs), foreign travel orders and risk of sexual harm "
		    "orders, and the reports count the new orders from 2015/16. "
		    "No change is given (n/a) for these rows between a year "
		    "before 2015/16 and a year from it.");

	b = mappa_doc_heading(doc, 1, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, "Key figures over the years");
	add_charts(doc, t);

	mappa_doc_pagebreak(doc);
	b = mappa_doc_heading(doc, 1, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, "Every figure, year by year");
	for (size_t from = 0; from < t->nyears; from += CHUNK) {
		size_t to = from + CHUNK < t->nyears ? from + CHUNK : t->nyears;

		for (size_t g = 0; g < NGROUPS; g++)
			group_table(doc, t, g, from, to);
	}

	b = mappa_doc_heading(doc, 1, 0);
	mappa_block_text(b, MAPPA_FACE_BOLD, "Provenance");
	para(doc, "Produced by mappa-report " MAPPA_VERSION " from these "
	    "snapshots:");
	plen = 64 + t->nyears * (MAPPA_HEX_LEN + 48);
	prov = mappa_malloc(plen);
	n = (size_t)snprintf(prov, plen, "mappa-report %s; compare",
	    MAPPA_VERSION);
	for (size_t i = 0; i < t->nyears; i++) {
		mappa_sha256_hex(t->years[i].sha, hex);
		snprintf(buf, sizeof(buf), "%s: snapshot SHA-256 %s",
		    t->years[i].title, hex);
		para(doc, buf);
		n += (size_t)snprintf(prov + n, n < plen ? plen - n : 0,
		    "; %s snapshot sha256 %s", t->years[i].label, hex);
	}
	mappa_doc_extra(doc, "Provenance", prov);
	free(prov);
	return doc;
}

/* ------------------------------------------------------------------ */

static enum mappa_outcome
write_out(const struct mappa_compare_options *o, const struct table *t,
    struct mappa_doc *doc)
{
	struct mappa_device *dev = NULL;
	struct mappa_diag diag;
	struct mappa_out out;
	const char	*shown = strcmp(o->output, "-") == 0 ?
			    "standard output" : o->output;

	if (mappa_out_open(&out, o->output) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		return MAPPA_CANTCREAT;
	}
	if (doc != NULL) {
		mappa_diag_init(&diag, o->output, stderr);
		dev = mappa_pdf_device_new(out.f);
		if (mappa_layout_render(doc, dev, &diag) == -1) {
			mappa_device_free(dev);
			if (ferror(out.f))
				goto werr;
			fprintf(stderr, "mappa-report: cannot typeset %s\n",
			    shown);
			mappa_out_abort(&out);
			return MAPPA_SOFTWARE;
		}
		mappa_device_free(dev);
	} else if (o->format == MAPPA_COMPARE_CSV)
		write_csv(out.f, t);
	else
		write_json(out.f, t);
	if (fflush(out.f) == EOF || ferror(out.f))
		goto werr;
	if (mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n", shown,
		    strerror(errno));
		if (out.f != NULL)
			mappa_out_abort(&out);
		return MAPPA_CANTCREAT;
	}
	return MAPPA_OK;
werr:
	fprintf(stderr, "mappa-report: cannot write %s: %s\n", shown,
	    strerror(errno != 0 ? errno : EIO));
	mappa_out_abort(&out);
	return MAPPA_CANTCREAT;
}

enum mappa_outcome
mappa_compare(const struct mappa_compare_options *o)
{
	struct table	 t;
	struct mappa_doc *doc = NULL;
	struct mappa_time when;
	enum mappa_outcome rc;

	memset(&t, 0, sizeof(t));
	if ((rc = load(o, &t)) != MAPPA_OK)
		goto out;
	if (mappa_out_check_inputs(o->output, (const char **)o->snapshots,
	    o->nsnapshots) == -1) {
		rc = MAPPA_USAGE;
		goto out;
	}
	if (o->format == MAPPA_COMPARE_PDF &&
	    mappa_report_time(&t.years[t.nyears - 1].s, &when) == -1) {
		rc = MAPPA_INVALID;
		goto out;
	}
	if (o->format == MAPPA_COMPARE_PDF)
		doc = build_doc(&t);
	rc = write_out(o, &t, doc);
out:
	mappa_doc_free(doc);
	table_clear(&t);
	for (size_t i = 0; i < t.nyears; i++)
		mappa_stats_clear(&t.years[i].s);
	free(t.years);
	return rc;
}
