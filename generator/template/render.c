/* render.c: the render command's flow, snapshot to PDF; for main.c through template.h. */
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
#include "mappa/output.h"
#include "mappa/sha256.h"
#include "mappa/util.h"
#include "template_int.h"

const char *
mappa_template_default(int32_t period_start)
{
	return period_start >= mappa_date_from_ymd(2015, 4, 1) ?
	    "england-wales-shpo.xml" : "england-wales-sopo.xml";
}

/* Whether the program runs from a build directory inside the source tree. */
static bool
uninstalled(void)
{
	char	 exe[PATH_MAX];
	ssize_t	 n;
	size_t	 src = strlen(MAPPA_SOURCE_DIR);

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	return strncmp(exe, MAPPA_SOURCE_DIR, src) == 0 && exe[src] == '/';
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
mappa_template_find(const char *name)
{
	char	*p;

	if ((p = try_dir(getenv("MAPPA_TEMPLATE_DIR"), name)) != NULL)
		return p;
	if (uninstalled() &&
	    (p = try_dir(MAPPA_SOURCE_DIR "/templates", name)) != NULL)
		return p;
	return try_dir(MAPPA_DATADIR "/templates", name);
}

/* ------------------------------------------------------------------ */
/* Dates: from SOURCE_DATE_EPOCH or the snapshot, never from the clock. */

static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* An xs:dateTime the reader accepted, into t (seconds, zone kept). */
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
}

/*
 * The date a report is produced on: SOURCE_DATE_EPOCH if set, else when
 * the snapshot was exported, else the period's end.  Returns -1 if
 * SOURCE_DATE_EPOCH is set but not a number of seconds.
 */
static int
report_time(const struct mappa_stats *s, struct mappa_time *t)
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
		if (*end != '\0' || errno != 0 || v < 0 ||
		    v > 253402300799LL || !isdigit((unsigned char)*e))
			return -1;
		tt = (time_t)v;
		if (gmtime_r(&tt, &tm) == NULL)
			return -1;
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

static enum mappa_render_status
read_snapshot(const char *path, struct mappa_stats *s, unsigned char *sha)
{
	switch (mappa_stats_load(path, "no report written", s, sha)) {
	case MAPPA_READ_OK:
		return MAPPA_RENDER_OK;
	case MAPPA_READ_SYSERR:
		return MAPPA_RENDER_NOINPUT;
	case MAPPA_READ_INVALID:
		return MAPPA_RENDER_INVALID;
	default:
		return MAPPA_RENDER_SOFTWARE;
	}
}

char *
mappa_template_resolve(const char *given, int32_t period_start, FILE *err)
{
	char	*p;

	if (given != NULL) {
		if (strchr(given, '/') != NULL || access(given, F_OK) == 0)
			return mappa_strdup(given);
		if ((p = mappa_template_find(given)) != NULL)
			return p;
		fprintf(err, "mappa-report: cannot read template %s: no "
		    "such file, and no template of that name in "
		    "$MAPPA_TEMPLATE_DIR or %s/templates\n", given,
		    MAPPA_DATADIR);
		return NULL;
	}
	if ((p = mappa_template_find(mappa_template_default(period_start)))
	    != NULL)
		return p;
	fprintf(err, "mappa-report: cannot find the default template %s "
	    "in $MAPPA_TEMPLATE_DIR or %s/templates\n",
	    mappa_template_default(period_start), MAPPA_DATADIR);
	return NULL;
}

enum mappa_render_status
mappa_render(const struct mappa_render_options *o)
{
	unsigned char	 sha[MAPPA_SHA256_LEN], psha[MAPPA_SHA256_LEN];
	char		 hex[2 * MAPPA_SHA256_LEN + 1];
	char		 thex[2 * MAPPA_SHA256_LEN + 1];
	char		 phex[2 * MAPPA_SHA256_LEN + 1] = "";
	char		 date[11];
	char		*extra = NULL;
	size_t		 elen;
	struct mappa_board *board = NULL;
	struct mappa_diag bdiag;
	struct mappa_build_options bo;
	char		*bpath = NULL;
	struct mappa_stats cur, prev;
	struct mappa_template *tpl = NULL;
	struct mappa_values *v = NULL;
	struct mappa_doc *doc = NULL;
	struct mappa_device *dev = NULL;
	struct mappa_diag diag;
	struct mappa_out out;
	struct mappa_time when;
	enum mappa_render_status rc;
	bool		 have_prev = false;
	char		*tpath = NULL;

	/* Every input is read and checked before the output is opened. */
	if ((rc = read_snapshot(o->snapshot, &cur, sha)) != MAPPA_RENDER_OK)
		return rc;
	if (o->previous != NULL) {
		if ((rc = read_snapshot(o->previous, &prev, psha)) !=
		    MAPPA_RENDER_OK)
			goto out;
		have_prev = true;
		mappa_sha256_hex(psha, phex);
	}
	if ((tpath = mappa_template_resolve(o->template_path, cur.period_start,
	    stderr)) ==
	    NULL) {
		rc = MAPPA_RENDER_NOINPUT;
		goto out;
	}
	mappa_diag_init(&diag, tpath, stderr);
	if ((tpl = mappa_template_parse_file(tpath, &diag)) == NULL) {
		if (diag.errors > 0) {
			mappa_diag_summary(&diag, "no report written");
			rc = MAPPA_RENDER_INVALID;
		} else {
			fprintf(stderr, "mappa-report: cannot read template "
			    "%s: %s\n", tpath, strerror(errno));
			rc = MAPPA_RENDER_NOINPUT;
		}
		goto out;
	}
	/* The board file, and every image it names, before any output. */
	bpath = o->board != NULL ? mappa_strdup(o->board) :
	    mappa_board_beside(o->snapshot);
	if (bpath != NULL) {
		mappa_diag_init(&bdiag, bpath, stderr);
		if ((board = mappa_board_parse_file(bpath, &bdiag)) == NULL) {
			if (bdiag.errors > 0) {
				mappa_diag_summary(&bdiag, "no report written");
				rc = MAPPA_RENDER_INVALID;
			} else {
				fprintf(stderr, "mappa-report: cannot read "
				    "board file %s: %s\n", bpath,
				    strerror(errno));
				rc = MAPPA_RENDER_NOINPUT;
			}
			goto out;
		}
	}
	if (report_time(&cur, &when) == -1) {
		fprintf(stderr, "mappa-report: SOURCE_DATE_EPOCH '%s' is not "
		    "a number of seconds since 1970\n",
		    getenv("SOURCE_DATE_EPOCH"));
		rc = MAPPA_RENDER_INVALID;
		goto out;
	}
	if ((v = mappa_values_new(&cur, have_prev ? &prev : NULL)) == NULL) {
		fprintf(stderr, "mappa-report: a figure is too large to "
		    "print\n");
		rc = MAPPA_RENDER_SOFTWARE;
		goto out;
	}
	mappa_sha256_hex(sha, hex);
	mappa_sha256_hex(mappa_template_sha256(tpl), thex);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", when.year, when.month,
	    when.day);
	mappa_values_set(v, "program.version", MAPPA_VERSION);
	mappa_values_set(v, "provenance.snapshot", hex);
	mappa_values_set(v, "provenance.template", thex);
	mappa_values_set(v, "provenance.previous", phex);
	mappa_values_set(v, "generated", date);
	memset(&bo, 0, sizeof(bo));
	bo.board = board;
	bo.board_diag = board != NULL ? &bdiag : NULL;
	bo.final = o->final != 0;
	if ((doc = mappa_template_build_with(tpl, v, &diag, &bo)) == NULL) {
		if (board != NULL && bdiag.errors > 0)
			mappa_diag_summary(&bdiag, "no report written");
		if (diag.errors > 0 || board == NULL || bdiag.errors == 0)
			mappa_diag_summary(&diag, "no report written");
		rc = MAPPA_RENDER_INVALID;
		goto out;
	}
	mappa_doc_set(doc, MAPPA_META_CREATOR, "mappa-report " MAPPA_VERSION);
	mappa_doc_set(doc, MAPPA_META_PRODUCER, "mappa-report " MAPPA_VERSION
	    " with libharu");
	mappa_doc_dates(doc, &when, &when);
	/* every input's hash: the board file's and its images' last */
	elen = 512 + (board != NULL ? (mappa_board_images(board) + 1) * 96 :
	    0);
	extra = mappa_malloc(elen);
	snprintf(extra, elen, "mappa-report %s; snapshot sha256 %s; "
	    "template sha256 %s%s%s", MAPPA_VERSION, hex, thex,
	    have_prev ? "; previous snapshot sha256 " : "", phex);
	if (board != NULL) {
		char	 bhex[2 * MAPPA_SHA256_LEN + 1];

		mappa_sha256_hex(mappa_board_sha256(board), bhex);
		snprintf(extra + strlen(extra), elen - strlen(extra),
		    "; board sha256 %s", bhex);
		for (size_t i = 0; i < mappa_board_images(board); i++) {
			mappa_sha256_hex(mappa_board_image_sha256(board, i),
			    bhex);
			snprintf(extra + strlen(extra), elen - strlen(extra),
			    "; image sha256 %s", bhex);
		}
	}
	mappa_doc_extra(doc, "Provenance", extra);

	if (mappa_out_open(&out, o->output) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		rc = MAPPA_RENDER_CANTCREAT;
		goto out;
	}
	dev = mappa_pdf_device_new(out.f);
	if (mappa_layout_render(doc, dev, &diag) == -1) {
		/* The device writes the file at its end: a full disk. */
		if (ferror(out.f)) {
			fprintf(stderr, "mappa-report: cannot write %s: %s\n",
			    o->output, strerror(errno));
			rc = MAPPA_RENDER_CANTCREAT;
		} else {
			fprintf(stderr, "mappa-report: cannot typeset %s\n",
			    o->output);
			rc = MAPPA_RENDER_SOFTWARE;
		}
		mappa_out_abort(&out);
		goto out;
	}
	if (mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n",
		    o->output, strerror(errno));
		if (out.f != NULL)
			mappa_out_abort(&out);
		rc = MAPPA_RENDER_CANTCREAT;
		goto out;
	}
	rc = MAPPA_RENDER_OK;
out:
	mappa_device_free(dev);
	mappa_doc_free(doc);
	mappa_values_free(v);
	mappa_template_free(tpl);
	mappa_board_free(board);
	free(bpath);
	free(extra);
	free(tpath);
	if (have_prev)
		mappa_stats_clear(&prev);
	mappa_stats_clear(&cur);
	return rc;
}
