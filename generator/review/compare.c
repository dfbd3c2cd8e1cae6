/* compare.c: the compare command, several years of one area side by side (PDF, CSV, JSON); for main.c through review.h. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mappa/board.h"
#include "mappa/date.h"
#include "mappa/device.h"
#include "mappa/layout.h"
#include "mappa/msg.h"
#include "mappa/ods.h"
#include "mappa/output.h"
#include "mappa/review.h"
#include "mappa/stats.h"
#include "mappa/template.h"
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
	return mappa_stats_era_bound(k) != 0;
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
/* The PDF and the ODS: the comparison's template, compare.xml */

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

/* The comparison's template: the one given, or compare.xml. */
static char *
find_template(const struct mappa_compare_options *o)
{
	char	*p;

	if (o->template_path != NULL)
		return mappa_report_resolve_template(o->template_path, 0, NULL,
		    stderr);
	if ((p = mappa_report_find_template("compare.xml")) == NULL)
		fprintf(stderr, "mappa-report: cannot find the comparison's "
		    "template compare.xml in $MAPPA_TEMPLATE_DIR or "
		    "%s/templates\n", MAPPA_DATADIR);
	return p;
}

/*
 * Each year's values for the template, the year before it as its
 * "previous", with what the template may say of them all (years.*) and
 * the year's own hash as its provenance.snapshot.  NULL after a message;
 * the caller frees the values and the array.
 */
static struct mappa_values **
year_values(const struct table *t, const char *template_sha)
{
	struct mappa_values **v = mappa_calloc(t->nyears, sizeof(*v));
	char	 area[512], hex[MAPPA_HEX_LEN + 1];
	bool	 era = false;

	areas(t, area, sizeof(area));
	for (size_t i = 1; i < t->nyears; i++)
		era = era || t->years[i].shpo != t->years[i - 1].shpo;
	for (size_t i = 0; i < t->nyears; i++) {
		const struct year *y = &t->years[i];

		if ((v[i] = mappa_values_new(&y->s, i > 0 ? &t->years[i - 1].s :
		    NULL)) == NULL) {
			fprintf(stderr, "mappa-report: %s: a figure is too "
			    "large to print\n", y->path);
			for (size_t j = 0; j < i; j++)
				mappa_values_free(v[j]);
			free(v);
			return NULL;
		}
		mappa_sha256_hex(y->sha, hex);
		mappa_values_set(v[i], "program.version", MAPPA_VERSION);
		mappa_values_set(v[i], "provenance.snapshot", hex);
		mappa_values_set(v[i], "provenance.template", template_sha);
		/* the labels as compare's own: dates where years clash */
		mappa_values_set(v[i], "period.label", y->title);
		mappa_values_set(v[i], "years.areas", area);
		mappa_values_set(v[i], "years.first", t->years[0].title);
		mappa_values_set(v[i], "years.last",
		    t->years[t->nyears - 1].title);
		mappa_values_set_int(v[i], "years.count", (int64_t)t->nyears);
		mappa_values_set_int(v[i], "years.era", era);
		mappa_values_set_int(v[i], "years.gap", i > 0 &&
		    y->s.period_start != t->years[i - 1].s.period_end + 1);
	}
	/* a year's previous label, as its own: the clash rule again */
	for (size_t i = 1; i < t->nyears; i++)
		mappa_values_set(v[i], "previous.period.label",
		    t->years[i - 1].title);
	return v;
}

static void
values_free(struct mappa_values **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		mappa_values_free(v[i]);
	free(v);
}

/* What the PDF and the ODS are made from: the template, and each year's values. */
struct made {
	struct mappa_template *tpl;
	struct mappa_values **v;	/* [year] */
	char		 tsha[MAPPA_HEX_LEN + 1];
	struct mappa_diag diag;		/* the template's */
};

/* Read the template and make the years' values; messages to stderr. */
static enum mappa_outcome
made_load(struct made *m, const struct table *t, const char *tpath)
{
	memset(m, 0, sizeof(*m));
	mappa_diag_init(&m->diag, tpath, stderr);
	if ((m->tpl = mappa_template_parse_file(tpath, &m->diag)) == NULL) {
		if (m->diag.errors > 0) {
			mappa_diag_summary(&m->diag, "no comparison written");
			return MAPPA_INVALID;
		}
		fprintf(stderr, "mappa-report: cannot read template %s: %s\n",
		    tpath, strerror(errno));
		return MAPPA_NOINPUT;
	}
	mappa_sha256_hex(mappa_template_sha256(m->tpl), m->tsha);
	if ((m->v = year_values(t, m->tsha)) == NULL)
		return MAPPA_INVALID;
	return MAPPA_OK;
}

static void
made_clear(struct made *m, const struct table *t)
{
	values_free(m->v, t->nyears);
	mappa_template_free(m->tpl);
}

/*
 * The PDF's document: the comparison's template evaluated over the
 * years, with the provenance of every input in the document's
 * information.  Messages to standard error.
 */
static enum mappa_outcome
build_doc(const struct table *t, struct made *m, struct mappa_doc **docp)
{
	struct mappa_build_options bo;
	struct mappa_time when;
	struct mappa_doc *doc;
	char		 hex[MAPPA_HEX_LEN + 1];
	char		*prov;
	size_t		 n, plen;

	memset(&bo, 0, sizeof(bo));
	bo.years = m->v;
	bo.nyears = t->nyears;
	doc = mappa_template_build_with(m->tpl, m->v[t->nyears - 1], &m->diag,
	    &bo);
	if (doc == NULL) {
		mappa_diag_summary(&m->diag, "no comparison written");
		return MAPPA_INVALID;
	}
	mappa_doc_set(doc, MAPPA_META_CREATOR, "mappa-report " MAPPA_VERSION);
	mappa_doc_set(doc, MAPPA_META_PRODUCER, "mappa-report " MAPPA_VERSION
	    " with libharu");
	/* Checked before the output was opened (mappa_compare). */
	mappa_report_time(&t->years[t->nyears - 1].s, &when);
	mappa_doc_dates(doc, &when, &when);
	plen = 128 + (t->nyears + 1) * (MAPPA_HEX_LEN + 48);
	prov = mappa_malloc(plen);
	n = (size_t)snprintf(prov, plen, "mappa-report %s; compare",
	    MAPPA_VERSION);
	for (size_t i = 0; i < t->nyears; i++) {
		mappa_sha256_hex(t->years[i].sha, hex);
		n += (size_t)snprintf(prov + n, n < plen ? plen - n : 0,
		    "; %s snapshot sha256 %s", t->years[i].label, hex);
	}
	snprintf(prov + n, n < plen ? plen - n : 0, "; template sha256 %s",
	    m->tsha);
	mappa_doc_extra(doc, "Provenance", prov);
	free(prov);
	*docp = doc;
	return MAPPA_OK;
}

/* ------------------------------------------------------------------ */
/* ODS: a sheet per table of figures of the template, a column per year. */

/* The template's tables of figures, as its visitor gives them. */
struct sheets {
	struct sheet {
		char	*title;
		char	**label, **key;	/* [n], owned */
		size_t	 n, cap, kcap;
	}		*s;
	size_t		 n, cap;
};

static void
sheet_table(void *arg, const char *title)
{
	struct sheets	*ss = arg;

	ss->s = mappa_grow(ss->s, &ss->cap, ss->n + 1, sizeof(*ss->s));
	memset(&ss->s[ss->n], 0, sizeof(ss->s[ss->n]));
	ss->s[ss->n++].title = mappa_strdup(title);
}

static void
sheet_figure(void *arg, const char *label, const char *key)
{
	struct sheets	*ss = arg;
	struct sheet	*sh = &ss->s[ss->n - 1];

	sh->label = mappa_grow(sh->label, &sh->cap, sh->n + 1,
	    sizeof(*sh->label));
	sh->key = mappa_grow(sh->key, &sh->kcap, sh->n + 1, sizeof(*sh->key));
	sh->label[sh->n] = mappa_strdup(label);
	sh->key[sh->n++] = mappa_strdup(key);
}

static void
sheets_clear(struct sheets *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		for (size_t j = 0; j < ss->s[i].n; j++) {
			free(ss->s[i].label[j]);
			free(ss->s[i].key[j]);
		}
		free(ss->s[i].label);
		free(ss->s[i].key);
		free(ss->s[i].title);
	}
	free(ss->s);
}

static const struct row *
find_row(const struct table *t, const char *key)
{
	for (size_t k = 0; k < t->nrows; k++)
		if (strcmp(t->rows[k].key, key) == 0)
			return &t->rows[k];
	return NULL;
}

/* Whether a row changes meaning between two of the years. */
static bool
marked(const struct table *t, const struct row *r)
{
	for (size_t i = 1; i < t->nyears; i++)
		if (incomparable(t, r, i))
			return true;
	return false;
}

/*
 * The spreadsheet: the template's tables of figures, titles and labels
 * as the PDF has them, each a sheet with a column per year; NULL after
 * diagnostics (the template's).
 */
static struct mappa_ods *
build_ods(const struct table *t, struct made *m)
{
	struct mappa_figures_visitor fv = {sheet_table, sheet_figure, NULL};
	struct mappa_ods_cover cv;
	struct mappa_ods *o;
	struct sheets	 ss;
	const struct year *first = &t->years[0], *last = &t->years[t->nyears - 1];
	char	 area[512], title[640], about[1024], period[64], a[11], b[11];
	char	 label[640], num[32], hex[MAPPA_HEX_LEN + 1], *prov;
	const char *lang = mappa_template_lang(m->tpl);
	size_t	 n, plen;
	int	 note = 0;

	memset(&ss, 0, sizeof(ss));
	fv.arg = &ss;
	if (mappa_template_figures(m->tpl, m->v[t->nyears - 1], &m->diag,
	    &fv) == -1) {
		sheets_clear(&ss);
		mappa_diag_summary(&m->diag, "no comparison written");
		return NULL;
	}
	areas(t, area, sizeof(area));
	mappa_msg_format(title, sizeof(title), lang, MAPPA_MSG_CMP_TITLE, area,
	    first->title, last->title);
	mappa_msg_format(about, sizeof(about), lang, MAPPA_MSG_CMP_ABOUT, area,
	    t->nyears);
	mappa_date_format(first->s.period_start, a);
	mappa_date_format(last->s.period_end, b);
	mappa_msg_format(period, sizeof(period), lang, MAPPA_MSG_PERIOD, a, b);
	plen = 128 + (t->nyears + 1) * (MAPPA_HEX_LEN + 48);
	prov = mappa_malloc(plen);
	n = (size_t)snprintf(prov, plen, "mappa-report %s; compare",
	    MAPPA_VERSION);
	for (size_t i = 0; i < t->nyears; i++) {
		mappa_sha256_hex(t->years[i].sha, hex);
		n += (size_t)snprintf(prov + n, n < plen ? plen - n : 0,
		    "; %s snapshot sha256 %s", t->years[i].label, hex);
	}
	snprintf(prov + n, n < plen ? plen - n : 0, "; template sha256 %s",
	    m->tsha);
	memset(&cv, 0, sizeof(cv));
	cv.title = title;
	cv.about = about;
	cv.area = area;
	cv.period = period;
	cv.source = mappa_msg(lang, MAPPA_MSG_CMP_SOURCE);
	cv.provenance = prov;
	o = mappa_ods_new(&cv);
	mappa_ods_lang(o, lang);
	free(prov);
	for (size_t k = 0; k < t->nrows && note == 0; k++)
		if (t->rows[k].text == NULL && marked(t, &t->rows[k]))
			note = mappa_ods_note(o, mappa_msg(lang,
			    MAPPA_MSG_CMP_ERA_NOTE));
	for (size_t g = 0; g < ss.n; g++) {
		const struct sheet *sh = &ss.s[g];
		char	 name[32];

		mappa_msg_format(name, sizeof(name), lang,
		    MAPPA_MSG_SHEET_TABLE, g + 1);
		mappa_msg_format(label, sizeof(label), lang,
		    MAPPA_MSG_CMP_TABLE, g + 1, sh->title, first->title,
		    last->title);
		mappa_ods_table(o, name, label);
		for (size_t k = 0; k < sh->n && note > 0; k++) {
			const struct row *r = find_row(t, sh->key[k]);

			if (r != NULL && marked(t, r)) {
				mappa_ods_subtitle(o, mappa_msg(lang,
				    MAPPA_MSG_CMP_SOME_NOTE));
				break;
			}
		}
		mappa_ods_row(o);
		mappa_ods_text(o, mappa_msg(lang, MAPPA_MSG_CMP_FIGURE));
		mappa_ods_text(o, mappa_msg(lang, MAPPA_MSG_CMP_KEY));
		for (size_t i = 0; i < t->nyears; i++)
			mappa_ods_text(o, t->years[i].title);
		for (size_t k = 0; k < sh->n; k++) {
			/* the template's figures are numbers: checked */
			const struct row *r = find_row(t, sh->key[k]);

			if (r == NULL || r->text != NULL)
				continue;
			snprintf(label, sizeof(label) - 16, "%s", sh->label[k]);
			if (marked(t, r)) {
				size_t	 l = strlen(label);

				/* bounded: the mark's length is the language's */
				mappa_msg_format(num, sizeof(num), lang,
				    MAPPA_MSG_CMP_NOTE_REF, note);
				snprintf(label + l, sizeof(label) - l, "%s", num);
			}
			mappa_ods_row(o);
			mappa_ods_text(o, label);
			mappa_ods_text(o, r->key);
			for (size_t i = 0; i < t->nyears; i++)
				mappa_ods_number(o, (double)r->val[i], NULL);
		}
	}
	sheets_clear(&ss);
	return o;
}

/* ------------------------------------------------------------------ */

/* CSV, JSON or the ODS made into the output, atomically. */
static enum mappa_outcome
write_out(const struct mappa_compare_options *o, const struct table *t,
    struct mappa_ods *ods)
{
	struct mappa_out out;
	const char	*shown = strcmp(o->output, "-") == 0 ?
			    "standard output" : o->output;

	if (mappa_out_open(&out, o->output) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		return MAPPA_CANTCREAT;
	}
	if (ods != NULL) {
		struct mappa_time when;
		int	 rc;

		/* Checked before the output was opened (mappa_compare). */
		if (mappa_report_time(&t->years[t->nyears - 1].s, &when) == -1)
			memset(&when, 0, sizeof(when));
		errno = 0;
		rc = mappa_ods_write(ods, out.f, &when, stderr);
		if (rc == -1 && errno != 0)
			goto werr;
		if (rc == -1) {
			mappa_out_abort(&out);
			return MAPPA_SOFTWARE;
		}
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
	struct made	 m;
	struct mappa_doc *doc = NULL;
	struct mappa_ods *ods = NULL;
	struct mappa_time when;
	enum mappa_outcome rc;
	const char	**inputs = NULL;
	char		*tpath = NULL;
	/* the PDF and the ODS take their words from the template */
	bool		 worded = o->format == MAPPA_COMPARE_PDF ||
			    o->format == MAPPA_COMPARE_ODS;

	memset(&t, 0, sizeof(t));
	memset(&m, 0, sizeof(m));
	if ((rc = load(o, &t)) != MAPPA_OK)
		goto out;
	if (worded && (tpath = find_template(o)) == NULL) {
		rc = MAPPA_NOINPUT;
		goto out;
	}
	/* the output is none of the inputs, the template included */
	inputs = mappa_calloc(o->nsnapshots + 1, sizeof(*inputs));
	for (size_t i = 0; i < o->nsnapshots; i++)
		inputs[i] = o->snapshots[i];
	inputs[o->nsnapshots] = tpath;
	if (mappa_out_check_inputs(o->output, inputs, o->nsnapshots + 1) ==
	    -1) {
		rc = MAPPA_USAGE;
		goto out;
	}
	if (worded && (mappa_report_time(&t.years[t.nyears - 1].s, &when) ==
	    -1 || (rc = made_load(&m, &t, tpath)) != MAPPA_OK)) {
		if (rc == MAPPA_OK)
			rc = MAPPA_INVALID;
		goto out;
	}
	/* everything is made before the output is opened */
	if (o->format == MAPPA_COMPARE_PDF) {
		if ((rc = build_doc(&t, &m, &doc)) == MAPPA_OK)
			rc = mappa_report_write_pdf(doc, o->output, &m.diag,
			    "comparison");
	} else if (o->format == MAPPA_COMPARE_ODS) {
		if ((ods = build_ods(&t, &m)) == NULL)
			rc = MAPPA_INVALID;
		else
			rc = write_out(o, &t, ods);
	} else
		rc = write_out(o, &t, NULL);
out:
	mappa_doc_free(doc);
	mappa_ods_free(ods);
	made_clear(&m, &t);
	free(inputs);
	free(tpath);
	table_clear(&t);
	for (size_t i = 0; i < t.nyears; i++)
		mappa_stats_clear(&t.years[i].s);
	free(t.years);
	return rc;
}
