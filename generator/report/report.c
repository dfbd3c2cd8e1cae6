/* report.c: the render pipeline, inputs to an atomic PDF; for render, verify and batch through report.h. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "mappa/board.h"
#include "mappa/date.h"
#include "mappa/device.h"
#include "mappa/html.h"
#include "mappa/layout.h"
#include "mappa/msg.h"
#include "mappa/ods.h"
#include "mappa/output.h"
#include "mappa/report.h"
#include "mappa/sha256.h"
#include "mappa/stats.h"
#include "mappa/template.h"
#include "mappa/util.h"

/* ------------------------------------------------------------------ */
/* Finding templates. */

const char *
mappa_report_default_template(int32_t period_start, const char *lang)
{
	bool	 cy = lang != NULL && mappa_lang_same(lang, "cy");

	if (mappa_stats_shpo_era(period_start))
		return cy ? "england-wales-shpo.cy.xml" :
		    "england-wales-shpo.xml";
	return cy ? "england-wales-sopo.cy.xml" : "england-wales-sopo.xml";
}

/*
 * Whether the program runs uninstalled: from its build directory, wherever
 * that is (meson setup ../build), or from inside the source tree.
 */
static bool
uninstalled(void)
{
	return mappa_exe_under(MAPPA_BUILD_DIR) ||
	    mappa_exe_under(MAPPA_SOURCE_DIR);
}

static char *
try_dir(const char *dir, const char *name)
{
	static const char *const ext[] = {"", ".xml"};
	size_t	 n;
	char	*p;

	if (dir == NULL || *dir == '\0')
		return NULL;
	for (size_t i = 0; i < 2; i++) {
		n = strlen(dir) + strlen(name) + 6;
		p = mappa_malloc(n);
		snprintf(p, n, "%s/%s%s", dir, name, ext[i]);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

char *
mappa_report_find_template(const char *name)
{
	char	*p;

	if ((p = try_dir(getenv("MAPPA_TEMPLATE_DIR"), name)) != NULL)
		return p;
	if (uninstalled() &&
	    (p = try_dir(MAPPA_SOURCE_DIR "/templates", name)) != NULL)
		return p;
	return try_dir(MAPPA_DATADIR "/templates", name);
}

char *
mappa_report_resolve_template(const char *given, int32_t period_start,
    const char *lang, FILE *err)
{
	const char *name;
	char	*p;

	if (given != NULL) {
		if (strchr(given, '/') != NULL || access(given, F_OK) == 0)
			return mappa_strdup(given);
		if ((p = mappa_report_find_template(given)) != NULL)
			return p;
		fprintf(err, "mappa-report: cannot read template %s: no "
		    "such file, and no template of that name in "
		    "$MAPPA_TEMPLATE_DIR or %s/templates\n", given,
		    MAPPA_DATADIR);
		return NULL;
	}
	name = mappa_report_default_template(period_start, lang);
	if ((p = mappa_report_find_template(name)) != NULL)
		return p;
	fprintf(err, "mappa-report: cannot find the default template %s "
	    "in $MAPPA_TEMPLATE_DIR or %s/templates\n", name, MAPPA_DATADIR);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Dates: from SOURCE_DATE_EPOCH or the snapshot, never from the clock. */

static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * An xs:dateTime the reader accepted, into t (seconds, zone kept).  The
 * schema allows 24:00:00, the first instant of the next day; a PDF date
 * does not, so it is written as that next day's 00:00:00.
 */
static void
parse_exported(const char *s, struct mappa_time *t)
{
	const char *z;

	memset(t, 0, sizeof(*t));
	t->year = atoi(s);
	t->month = two(s + 5);
	t->day = two(s + 8);
	t->hour = two(s + 11);
	t->minute = two(s + 14);
	t->second = two(s + 17);
	z = s + 19;
	while (*z == '.' || isdigit((unsigned char)*z))
		z++;
	if (*z == '+' || *z == '-')
		t->utc_offset = (*z == '-' ? -1 : 1) *
		    (two(z + 1) * 60 + two(z + 4));
	if (t->hour == 24) {
		int32_t	 next = mappa_date_from_ymd(t->year, t->month,
		    t->day) + 1;

		if (next <= MAPPA_DATE_MAX) {
			mappa_date_to_ymd(next, &t->year, &t->month, &t->day);
			t->hour = 0;
		} else {
			/* 9999-12-31T24:00:00: the last second we can name. */
			t->hour = 23;
			t->minute = t->second = 59;
		}
	}
}

int
mappa_report_time(const struct mappa_stats *s, struct mappa_time *t)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	int		 y, m, d;

	memset(t, 0, sizeof(*t));
	if (e != NULL && *e != '\0') {
		char	*end;
		long long v;
		time_t	 tt;
		struct tm tm;

		errno = 0;
		v = strtoll(e, &end, 10);
		tt = (time_t)v;
		if (*end != '\0' || errno != 0 || v < 0 ||
		    v > 253402300799LL || !isdigit((unsigned char)*e) ||
		    gmtime_r(&tt, &tm) == NULL) {
			fprintf(stderr, "mappa-report: SOURCE_DATE_EPOCH '%s' "
			    "is not a number of seconds since 1970 (up to "
			    "9999-12-31)\n", e);
			return -1;
		}
		t->year = tm.tm_year + 1900;
		t->month = tm.tm_mon + 1;
		t->day = tm.tm_mday;
		t->hour = tm.tm_hour;
		t->minute = tm.tm_min;
		t->second = tm.tm_sec;
		return 0;
	}
	if (s->exported != NULL && strlen(s->exported) >= 19) {
		parse_exported(s->exported, t);
		return 0;
	}
	mappa_date_to_ymd(s->period_end, &y, &m, &d);
	t->year = y;
	t->month = m;
	t->day = d;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The pipeline. */

/* Everything a report is made from, read and checked. */
struct inputs {
	struct mappa_stats cur, prev;
	bool		 have_cur, have_prev;
	struct mappa_template *tpl;
	char		*tpath;
	struct mappa_provenance *made;
	struct mappa_board *board;	/* or NULL */
	char		*bpath;
	struct mappa_diag bdiag;	/* the board file's messages */
};

static void
inputs_clear(struct inputs *in)
{
	mappa_template_free(in->tpl);
	free(in->tpath);
	mappa_board_free(in->board);
	free(in->bpath);
	if (in->have_prev)
		mappa_stats_clear(&in->prev);
	if (in->have_cur)
		mappa_stats_clear(&in->cur);
}

/*
 * The previous year must be the same area's (unless any_area) and end
 * before this one starts: a later year, the same snapshot or another
 * area would print a change that is not one.
 */
static enum mappa_outcome
check_previous(const struct mappa_report_options *o, const struct inputs *in)
{
	char	 a[11], b[11];

	if (!o->any_area && strcmp(in->cur.area, in->prev.area) != 0) {
		fprintf(stderr, "mappa-report: the previous snapshot %s is of "
		    "%s, and %s is of %s: give the same area's previous year "
		    "(or --any-area to set two areas side by side)\n",
		    o->previous, in->prev.area, o->snapshot, in->cur.area);
		return MAPPA_INVALID;
	}
	if (in->prev.period_end >= in->cur.period_start) {
		mappa_date_format(in->prev.period_end, a);
		mappa_date_format(in->cur.period_start, b);
		fprintf(stderr, "mappa-report: the previous snapshot %s must "
		    "cover an earlier period: it ends on %s, and %s starts on "
		    "%s\n", o->previous, a, o->snapshot, b);
		return MAPPA_INVALID;
	}
	return MAPPA_OK;
}

/*
 * The board file (given, or NAME.board.xml beside the snapshot) and every
 * image it names, read and checked whole here, before any output.
 */
static enum mappa_outcome
read_board(const struct mappa_report_options *o, struct inputs *in)
{
	struct mappa_provenance *p = in->made;

	in->bpath = o->board != NULL ? mappa_strdup(o->board) :
	    mappa_board_beside(o->snapshot);
	if (in->bpath == NULL)
		return MAPPA_OK;
	mappa_diag_init(&in->bdiag, in->bpath, stderr);
	if ((in->board = mappa_board_parse_file(in->bpath, &in->bdiag)) ==
	    NULL) {
		if (in->bdiag.errors > 0) {
			mappa_diag_summary(&in->bdiag, "no report written");
			return MAPPA_INVALID;
		}
		fprintf(stderr, "mappa-report: cannot read board file %s: %s\n",
		    in->bpath, strerror(errno));
		return MAPPA_NOINPUT;
	}
	mappa_sha256_hex(mappa_board_sha256(in->board), p->board);
	snprintf(p->board_path, sizeof(p->board_path), "%s", in->bpath);
	for (size_t i = 0; i < mappa_board_images(in->board) &&
	    i < MAPPA_PROVENANCE_IMAGES; i++) {
		mappa_sha256_hex(mappa_board_image_sha256(in->board, i),
		    p->images[i]);
		snprintf(p->image_names[i], sizeof(p->image_names[i]), "%s",
		    mappa_board_image_name(in->board, i));
		p->nimages = i + 1;
	}
	return MAPPA_OK;
}

/* Read the snapshots and the template, each once, hashing as they go. */
static enum mappa_outcome
read_inputs(const struct mappa_report_options *o, struct inputs *in)
{
	unsigned char	 sha[MAPPA_SHA256_LEN];
	struct mappa_diag diag;
	enum mappa_outcome rc;

	if ((rc = mappa_stats_load(o->snapshot, "no report written", &in->cur,
	    sha)) != MAPPA_OK)
		return rc;
	in->have_cur = true;
	mappa_sha256_hex(sha, in->made->snapshot);
	if (o->previous != NULL) {
		if ((rc = mappa_stats_load(o->previous, "no report written",
		    &in->prev, sha)) != MAPPA_OK)
			return rc;
		in->have_prev = true;
		mappa_sha256_hex(sha, in->made->previous);
		if ((rc = check_previous(o, in)) != MAPPA_OK)
			return rc;
	}
	if ((in->tpath = mappa_report_resolve_template(o->template_path,
	    in->cur.period_start, o->lang, stderr)) == NULL)
		return MAPPA_NOINPUT;
	mappa_diag_init(&diag, in->tpath, stderr);
	if ((in->tpl = mappa_template_parse_file(in->tpath, &diag)) == NULL) {
		if (diag.errors > 0) {
			mappa_diag_summary(&diag, "no report written");
			return MAPPA_INVALID;
		}
		fprintf(stderr, "mappa-report: cannot read template %s: %s\n",
		    in->tpath, strerror(errno));
		return MAPPA_NOINPUT;
	}
	mappa_sha256_hex(mappa_template_sha256(in->tpl),
	    in->made->template_sha);
	if (o->lang != NULL &&
	    !mappa_lang_same(o->lang, mappa_template_lang(in->tpl))) {
		fprintf(stderr, "mappa-report: template %s is in %s (its "
		    "<report lang>), but --lang asks for %s: leave out "
		    "--template for the era's template in %s, or give one "
		    "written in it; no report written\n", in->tpath,
		    mappa_template_lang(in->tpl), o->lang, o->lang);
		return MAPPA_USAGE;
	}
	return read_board(o, in);
}

/* The document of the report: the template evaluated on the figures. */
static enum mappa_outcome
build(const struct mappa_report_options *o, struct inputs *in,
    struct mappa_diag *diag, struct mappa_doc **docp)
{
	const struct mappa_provenance *p = in->made;
	struct mappa_build_options bo;
	struct mappa_values *v;
	struct mappa_time when;
	struct mappa_doc *doc;
	char		*extra, date[11];
	size_t		 elen;

	if (mappa_report_time(&in->cur, &when) == -1)
		return MAPPA_INVALID;
	if ((v = mappa_values_new(&in->cur, in->have_prev ? &in->prev :
	    NULL)) == NULL) {
		fprintf(stderr, "mappa-report: a figure is too large to "
		    "print\n");
		return MAPPA_INVALID;
	}
	snprintf(date, sizeof(date), "%04d-%02d-%02d", when.year, when.month,
	    when.day);
	mappa_values_set(v, "program.version", MAPPA_VERSION);
	mappa_values_set(v, "provenance.snapshot", p->snapshot);
	mappa_values_set(v, "provenance.template", p->template_sha);
	mappa_values_set(v, "provenance.previous", p->previous);
	mappa_values_set(v, "generated", date);
	/*
	 * The population's basis is the program's phrase (stats.h), which
	 * the template's sentences quote: in the report's language.  The
	 * statistics (stats, JSON) keep it as it is.
	 */
	mappa_values_set(v, "population_basis",
	    mappa_msg(mappa_template_lang(in->tpl), MAPPA_MSG_ALL_AGES));
	if (in->have_prev)
		mappa_values_set(v, "previous.population_basis",
		    mappa_msg(mappa_template_lang(in->tpl),
		    MAPPA_MSG_ALL_AGES));
	memset(&bo, 0, sizeof(bo));
	bo.board = in->board;
	bo.board_diag = in->board != NULL ? &in->bdiag : NULL;
	bo.final = o->final;
	doc = mappa_template_build_with(in->tpl, v, diag, &bo);
	mappa_values_free(v);
	if (doc == NULL) {
		if (in->board != NULL && in->bdiag.errors > 0)
			mappa_diag_summary(&in->bdiag, "no report written");
		if (diag->errors > 0 || in->board == NULL ||
		    in->bdiag.errors == 0)
			mappa_diag_summary(diag, "no report written");
		return MAPPA_INVALID;
	}
	mappa_doc_set(doc, MAPPA_META_CREATOR, "mappa-report " MAPPA_VERSION);
	mappa_doc_set(doc, MAPPA_META_PRODUCER, "mappa-report " MAPPA_VERSION
	    " with libharu");
	mappa_doc_dates(doc, &when, &when);
	/* every input's hash; the board file's and its images' last */
	elen = 512 + (p->nimages + 1) * 96;
	extra = mappa_malloc(elen);
	snprintf(extra, elen, "mappa-report %s; snapshot sha256 %s; "
	    "template sha256 %s%s%s", MAPPA_VERSION, p->snapshot,
	    p->template_sha, in->have_prev ? "; previous snapshot sha256 " :
	    "", p->previous);
	if (p->board[0] != '\0')
		snprintf(extra + strlen(extra), elen - strlen(extra),
		    "; board sha256 %s", p->board);
	for (size_t i = 0; i < p->nimages; i++)
		snprintf(extra + strlen(extra), elen - strlen(extra),
		    "; image sha256 %s", p->images[i]);
	mappa_doc_extra(doc, "Provenance", extra);
	free(extra);
	*docp = doc;
	return MAPPA_OK;
}

enum mappa_outcome
mappa_report_write_pdf(struct mappa_doc *doc, const char *output,
    struct mappa_diag *diag, const char *what)
{
	struct mappa_device *dev;
	struct mappa_out out;
	enum mappa_outcome rc = MAPPA_OK;
	char		 none[64];
	const char	*shown = strcmp(output, "-") == 0 ? "standard output" :
			    output;

	snprintf(none, sizeof(none), "no %s written", what);

	if (mappa_out_open(&out, output) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    output, strerror(errno));
		return MAPPA_CANTCREAT;
	}
	dev = mappa_pdf_device_new(out.f);
	if (mappa_layout_render(doc, dev, diag) == -1) {
		/* The device writes the file at its end: a full disk. */
		if (ferror(out.f)) {
			fprintf(stderr, "mappa-report: cannot write %s: %s\n",
			    shown, strerror(errno));
			rc = MAPPA_CANTCREAT;
		} else if (diag->errors > 0) {
			mappa_diag_summary(diag, none);
			rc = MAPPA_INVALID;
		} else {
			fprintf(stderr, "mappa-report: cannot typeset %s\n",
			    shown);
			rc = MAPPA_SOFTWARE;
		}
		mappa_out_abort(&out);
	} else if (diag->errors > 0) {
		/* An error: line never goes with a report written. */
		mappa_diag_summary(diag, none);
		mappa_out_abort(&out);
		rc = MAPPA_INVALID;
	} else if (mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n",
		    shown, strerror(errno));
		rc = MAPPA_CANTCREAT;
	}
	mappa_device_free(dev);
	return rc;
}

/* "31 March 2012", as the report prints dates, in its language. */
static void
long_date(int32_t date, const char *lang, char *buf, size_t sz)
{
	int	 y, m, d;

	mappa_date_to_ymd(date, &y, &m, &d);
	mappa_msg_date(lang, y, m, d, buf, sz);
}

/*
 * The HTML or ODS edition of the document, atomically.  Both are built
 * from the document before layout, so nothing here can be a flaw of
 * typesetting: a failure is the output's.
 */
static enum mappa_outcome
write_edition(const struct mappa_report_options *o, const struct inputs *in,
    const struct mappa_doc *doc)
{
	struct mappa_out out;
	struct mappa_ods_cover cv;
	struct mappa_ods *ods = NULL;
	struct mappa_time when;
	const char	*title = mappa_doc_meta(doc, MAPPA_META_TITLE);
	const char	*lang = mappa_doc_lang_get(doc);
	const char	*key, *prov;
	char		 t[512], period[96], a[40], b[40], source[512], pub[40];
	int		 rc;

	if (mappa_out_open(&out, o->output) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		return MAPPA_CANTCREAT;
	}
	errno = 0;
	if (o->format == MAPPA_REPORT_HTML)
		rc = mappa_html_write(out.f, doc);
	else {
		mappa_doc_dates_get(doc, &when, NULL);
		mappa_doc_extra_get(doc, &key, &prov);
		mappa_msg_format(t, sizeof(t), lang, MAPPA_MSG_ODS_TITLE,
		    title != NULL ? title : in->cur.area);
		long_date(in->cur.period_start, lang, a, sizeof(a));
		long_date(in->cur.period_end, lang, b, sizeof(b));
		mappa_msg_format(period, sizeof(period), lang,
		    MAPPA_MSG_PERIOD, a, b);
		if (in->cur.exported != NULL)
			mappa_msg_format(source, sizeof(source), lang,
			    MAPPA_MSG_ODS_SOURCE_OF, in->cur.area,
			    in->cur.exported);
		else
			mappa_msg_format(source, sizeof(source), lang,
			    MAPPA_MSG_ODS_SOURCE, in->cur.area);
		snprintf(pub, sizeof(pub), "%04d-%02d-%02d", when.year,
		    when.month, when.day);
		memset(&cv, 0, sizeof(cv));
		cv.title = t;
		cv.about = mappa_msg(lang, MAPPA_MSG_ODS_ABOUT);
		cv.also = mappa_doc_also_get(doc);
		cv.area = in->cur.area;
		cv.period = period;
		cv.source = source;
		cv.published = pub;
		cv.contact = mappa_doc_meta(doc, MAPPA_META_AUTHOR);
		cv.provenance = prov;
		ods = mappa_ods_new(&cv);
		mappa_ods_lang(ods, lang);
		mappa_ods_add_doc(ods, doc);
		rc = mappa_ods_write(ods, out.f, &when, stderr);
		mappa_ods_free(ods);
		if (rc == -1 && errno == 0) {
			/* libzip said why */
			mappa_out_abort(&out);
			return MAPPA_SOFTWARE;
		}
	}
	if (rc == -1 || mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n",
		    o->output, strerror(errno != 0 ? errno : EIO));
		if (out.f != NULL)
			mappa_out_abort(&out);
		return MAPPA_CANTCREAT;
	}
	return MAPPA_OK;
}

enum mappa_outcome
mappa_report_render(const struct mappa_report_options *o,
    struct mappa_provenance *made, char **template_path)
{
	struct mappa_provenance mine;
	struct inputs	 in;
	struct mappa_diag diag;
	struct mappa_doc *doc = NULL;
	enum mappa_outcome rc;
	const char	*inputs[4];

	memset(&in, 0, sizeof(in));
	in.made = made != NULL ? made : &mine;
	memset(in.made, 0, sizeof(*in.made));
	snprintf(in.made->version, sizeof(in.made->version), "%s",
	    MAPPA_VERSION);
	if (template_path != NULL)
		*template_path = NULL;

	/* Every input is read and checked before the output is opened. */
	if ((rc = read_inputs(o, &in)) != MAPPA_OK)
		goto out;
	inputs[0] = o->snapshot;
	inputs[1] = o->previous;
	inputs[2] = in.tpath;
	inputs[3] = in.bpath;
	if (mappa_out_check_inputs(o->output, inputs, 4) == -1) {
		rc = MAPPA_USAGE;
		goto out;
	}
	mappa_diag_init(&diag, in.tpath, stderr);
	if ((rc = build(o, &in, &diag, &doc)) != MAPPA_OK)
		goto out;
	if (o->format == MAPPA_REPORT_PDF)
		rc = mappa_report_write_pdf(doc, o->output, &diag, "report");
	else
		rc = write_edition(o, &in, doc);
out:
	if (template_path != NULL && in.tpath != NULL) {
		*template_path = in.tpath;
		in.tpath = NULL;
	}
	mappa_doc_free(doc);
	inputs_clear(&in);
	return rc;
}
