/* batch.c: the batch command, every snapshot of an archive rendered in worker processes; for main.c through review.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "mappa/board.h"
#include "mappa/output.h"
#include "mappa/review.h"
#include "mappa/stats.h"
#include "mappa/report.h"
#include "mappa/util.h"

/* How a worker ends: its exit status. */
#define W_RENDERED	0
#define W_FAILED	1
#define W_UPTODATE	3

#define DEPTH_MAX	64	/* directories deep; deeper is a loop or a mistake */

enum state { QUEUED, RUNNING, RENDERED, UPTODATE, FAILED };

struct job {
	char		*rel;		/* path under the archive, owned */
	char		*shown;		/* rel safe to print (mappa_quote_ctl),
					   " (cy)" after it for a Welsh edition */
	char		*report;	/* the report's name under OUT_DIR as
					   the manifest gives it, owned */
	const char	*lang;		/* the edition (render's --lang), or
					   NULL: the template's */
	char		 want[MAPPA_HEX_LEN + 1];	/* SHA-256 the
					   manifest records for the report,
					   or "" */
	char		*in, *out;	/* owned */
	char		*log;		/* what the worker printed, owned */
	char		*reason;	/* first line of it, owned, or NULL */
	enum state	 state;
	pid_t		 pid;
	int		 errfd;		/* the worker's stderr, or -1 */
};

struct batch {
	struct job	*jobs;
	size_t		 njobs, cap;
	size_t		 unsearched;	/* directories that could not be read */
};

static char *
join(const char *a, const char *b)
{
	size_t	 n = strlen(a) + strlen(b) + 2;
	char	*p = mappa_malloc(n);

	if (*a == '\0')
		snprintf(p, n, "%s", b);
	else
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

/*
 * NAME.xml becomes NAME.pdf, in the same place under OUT_DIR; its Welsh
 * edition (lang "cy") NAME.cy.pdf beside it.
 */
static struct job *
add_job(struct batch *b, const struct mappa_batch_options *o,
    const char *rel, const char *lang)
{
	const char	*ext = lang != NULL ? ".cy.pdf" : ".pdf";
	struct job	*j;
	char		*q;
	size_t		 n = strlen(rel), k;

	b->jobs = mappa_grow(b->jobs, &b->cap, b->njobs + 1, sizeof(*j));
	j = &b->jobs[b->njobs++];
	memset(j, 0, sizeof(*j));
	j->rel = mappa_strdup(rel);
	j->lang = lang;
	q = mappa_quote_ctl(rel);
	k = strlen(q);
	j->shown = mappa_malloc(k + 6);
	snprintf(j->shown, k + 6, "%s%s", q, lang != NULL ? " (cy)" : "");
	j->report = mappa_malloc(k + 8);
	snprintf(j->report, k + 8, "%.*s%s", (int)(k - 4), q, ext);
	free(q);
	j->in = join(o->archive, rel);
	j->out = mappa_malloc(strlen(o->output) + n + 8);
	sprintf(j->out, "%s/%.*s%s", o->output, (int)(n - 4), rel, ext);
	j->errfd = -1;
	return j;
}

/*
 * Whether the board file beside a snapshot has Welsh words: then the
 * area publishes in Welsh too.  A faulty board file is not a Welsh one
 * here: rendering the English edition says what is wrong with it.
 */
static bool
welsh_board(const char *snapshot)
{
	struct mappa_diag diag;
	struct mappa_board *bd;
	char	*path = mappa_board_beside(snapshot);
	bool	 cy = false;

	if (path == NULL)
		return false;
	mappa_diag_init(&diag, path, NULL);
	if ((bd = mappa_board_parse_file(path, &diag)) != NULL) {
		cy = mappa_board_has_lang(bd, "cy");
		mappa_board_free(bd);
	}
	free(path);
	return cy;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_xml(const char *name)
{
	size_t	 n = strlen(name);

	/* NAME.board.xml is NAME.xml's board file, read when it is rendered */
	return n > 4 && strcmp(name + n - 4, ".xml") == 0 &&
	    !(n > 10 && strcmp(name + n - 10, ".board.xml") == 0);
}

/*
 * Whether a report's provenance names the board file beside its snapshot
 * (or none, when there is none) and each of its images as they are now.
 * -1 if the board file is faulty (said on standard error).
 */
static int
board_matches(const char *snapshot, const struct mappa_provenance *prov)
{
	struct mappa_board *b;
	struct mappa_diag diag;
	char		*path = mappa_board_beside(snapshot);
	char		 hex[MAPPA_HEX_LEN + 1];
	int		 rc = 0;

	if (path == NULL)
		return prov->board[0] == '\0';
	mappa_diag_init(&diag, path, stderr);
	if ((b = mappa_board_parse_file(path, &diag)) == NULL) {
		if (diag.errors > 0)
			mappa_diag_summary(&diag, "no report written");
		else
			fprintf(stderr, "mappa-report: cannot read board file "
			    "%s: %s\n", path, strerror(errno));
		free(path);
		return -1;
	}
	mappa_sha256_hex(mappa_board_sha256(b), hex);
	if (strcmp(prov->board, hex) != 0 ||
	    prov->nimages != mappa_board_images(b))
		goto out;
	for (size_t i = 0; i < prov->nimages; i++) {
		mappa_sha256_hex(mappa_board_image_sha256(b, i), hex);
		if (strcmp(prov->images[i], hex) != 0)
			goto out;
	}
	rc = 1;
out:
	mappa_board_free(b);
	free(path);
	return rc;
}

/*
 * Add every *.xml under archive/rel, in name order so that runs are
 * alike.  Hidden entries are skipped (an editor's or a writer's
 * temporary files), and directory links are not followed (no loops).
 */
static int
walk(struct batch *b, const struct mappa_batch_options *o, const char *rel,
    int depth)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*d;
	char		*dir = join(o->archive, rel), **names = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "mappa-report: cannot read directory %s: %s\n",
		    dir, strerror(errno));
		b->unsearched++;
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = mappa_grow(names, &cap, n + 1, sizeof(*names));
		names[n++] = mappa_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		char	*r = join(rel, names[i]), *p = join(o->archive, r);

		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth >= DEPTH_MAX) {
				fprintf(stderr, "mappa-report: %s: more than %d "
				    "directories deep; not searched\n", p,
				    DEPTH_MAX);
				b->unsearched++;
				rc = -1;
			} else if (walk(b, o, r, depth + 1) == -1)
				rc = -1;
		} else if (is_xml(names[i]) && stat(p, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			add_job(b, o, r, NULL);
			/* a given template is one edition's, in its language */
			if (o->template_path == NULL && welsh_board(p))
				add_job(b, o, r, "cy");
		}
		free(p);
		free(r);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return rc;
}

static int
by_out(const void *a, const void *b)
{
	const struct job *const *x = a, *const *y = b;

	return strcmp((*x)->out, (*y)->out);
}

/*
 * Two jobs that would write one report: x.cy.xml's English edition and
 * x.xml's Welsh one are both x.cy.pdf.  Neither is rendered (each would
 * overwrite the other, on every run); both fail, saying which.
 */
static void
clashes(struct batch *b)
{
	struct job	**v = mappa_malloc((b->njobs + 1) * sizeof(*v));
	char		 buf[512];

	for (size_t i = 0; i < b->njobs; i++)
		v[i] = &b->jobs[i];
	qsort(v, b->njobs, sizeof(*v), by_out);
	for (size_t i = 1; i < b->njobs; i++) {
		if (strcmp(v[i - 1]->out, v[i]->out) != 0)
			continue;
		snprintf(buf, sizeof(buf), "%s and %s would both write %s: "
		    "rename one of the snapshots", v[i - 1]->shown,
		    v[i]->shown, v[i]->report);
		for (size_t k = i - 1; k <= i; k++) {
			v[k]->state = FAILED;
			free(v[k]->reason);
			v[k]->reason = mappa_strdup(buf);
		}
	}
	free(v);
}

/* mkdir -p of the directory a file goes into. */
static int
make_dirs(const char *file)
{
	char	*p = mappa_strdup(file), *s;
	int	 rc = 0;

	if ((s = strrchr(p, '/')) == NULL) {
		free(p);
		return 0;
	}
	*s = '\0';
	for (s = p + 1; rc == 0; s++) {
		bool end = *s == '\0';

		if (*s != '/' && !end)
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST)
			rc = -1;
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* In a worker: one snapshot. */

static int
work(const struct job *j, const struct mappa_batch_options *o)
{
	struct mappa_provenance prov;
	struct mappa_report_options ro;
	struct mappa_stats s;
	unsigned char	 d[MAPPA_SHA256_LEN];
	char		 shex[MAPPA_HEX_LEN + 1], thex[MAPPA_HEX_LEN + 1];
	char		 ohex[MAPPA_HEX_LEN + 1];
	char		*tpath;
	int		 rc = W_FAILED;

	if (mappa_stats_load(j->in, "no report written", &s, d) != MAPPA_OK)
		return W_FAILED;
	mappa_sha256_hex(d, shex);
	tpath = mappa_report_resolve_template(o->template_path, s.period_start,
	    j->lang, stderr);
	mappa_stats_clear(&s);
	if (tpath == NULL)
		return W_FAILED;
	if (mappa_sha256_file(tpath, d) == -1) {
		fprintf(stderr, "mappa-report: cannot read template %s: %s\n",
		    tpath, strerror(errno));
		goto out;
	}
	mappa_sha256_hex(d, thex);
	/*
	 * Up to date: made by this version from these very bytes, and the
	 * whole file as the batch that made it wrote it (the manifest's
	 * SHA-256): a truncated or forged report is made again.
	 */
	if (j->want[0] != '\0' && mappa_sha256_file(j->out, d) == 0 &&
	    (mappa_sha256_hex(d, ohex), strcmp(ohex, j->want) == 0) &&
	    mappa_provenance_read(j->out, &prov) == 0 &&
	    strcmp(prov.version, MAPPA_VERSION) == 0 &&
	    strcmp(prov.snapshot, shex) == 0 &&
	    strcmp(prov.template_sha, thex) == 0 && prov.previous[0] == '\0') {
		switch (board_matches(j->in, &prov)) {
		case 1:
			rc = W_UPTODATE;
			goto out;
		case -1:
			goto out;
		default:
			break;
		}
	}
	memset(&ro, 0, sizeof(ro));
	ro.snapshot = j->in;
	ro.output = j->out;
	ro.template_path = tpath;
	ro.lang = j->lang;
	if (mappa_report_render(&ro, NULL, NULL) == MAPPA_OK)
		rc = W_RENDERED;
out:
	free(tpath);
	return rc;
}

/* ------------------------------------------------------------------ */
/* In the parent. */

static void
batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->njobs; i++) {
		struct job *j = &b->jobs[i];

		if (j->errfd != -1)
			close(j->errfd);
		free(j->rel);
		free(j->shown);
		free(j->report);
		free(j->in);
		free(j->out);
		free(j->log);
		free(j->reason);
	}
	free(b->jobs);
}

/* A file for a worker's stderr, already unlinked; -1 on failure. */
static int
log_file(void)
{
	const char	*dir = getenv("TMPDIR");
	char		*p;
	size_t		 n;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir) + 32;
	p = mappa_malloc(n);
	snprintf(p, n, "%s/mappa-batch-XXXXXX", dir);
	if ((fd = mkstemp(p)) != -1)
		unlink(p);
	free(p);
	return fd;
}

/* A job failed in the parent: "what: detail". */
static void
fail(struct job *j, const char *what, const char *detail)
{
	char	 buf[512];

	snprintf(buf, sizeof(buf), "%s: %s", what, detail);
	j->state = FAILED;
	free(j->reason);
	j->reason = mappa_strdup(buf);
}

/* Collect what a worker printed and how it ended. */
static void
finished(struct job *j, int wstatus)
{
	size_t	 n = 0, cap = 0;
	ssize_t	 r;
	char	 num[32];

	j->log = mappa_grow(NULL, &cap, 4096, 1);
	if (lseek(j->errfd, 0, SEEK_SET) == 0)
		while ((r = read(j->errfd, j->log + n, cap - n - 1)) > 0) {
			n += (size_t)r;
			j->log = mappa_grow(j->log, &cap, n + 4096, 1);
		}
	j->log[n] = '\0';
	close(j->errfd);
	j->errfd = -1;
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == W_RENDERED)
		j->state = RENDERED;
	else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == W_UPTODATE)
		j->state = UPTODATE;
	else if (n > 0) {
		char *line = mappa_strndup(j->log, strcspn(j->log, "\n"));

		j->state = FAILED;
		j->reason = mappa_quote_ctl(line);
		free(line);
	} else if (WIFSIGNALED(wstatus)) {
		snprintf(num, sizeof(num), "%d", WTERMSIG(wstatus));
		fail(j, "its worker was killed by signal", num);
	} else {
		snprintf(num, sizeof(num), "%d", WEXITSTATUS(wstatus));
		fail(j, "its worker ended with status", num);
	}
}

/* What a worker printed, line by line, with no control character. */
static void
put_log(const char *log)
{
	while (*log != '\0') {
		size_t	 n = strcspn(log, "\n");
		char	*line = mappa_strndup(log, n), *q = mappa_quote_ctl(line);

		fprintf(stderr, "%s\n", q);
		free(q);
		free(line);
		log += n + (log[n] == '\n');
	}
}

static void
progress(const struct job *j, size_t done, size_t total, bool tty)
{
	static const char *const word[] = {
		"", "", "rendered", "up to date", "FAILED"
	};

	/* On a terminal one line is rewritten; failures stay on screen. */
	if (tty)
		fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, j->shown);
	if (!tty || j->state == FAILED)
		fprintf(stderr, "%s[%zu/%zu] %s: %s\n", tty ? "\r\033[K" : "",
		    done, total, j->shown, word[j->state]);
	if (j->state == FAILED && j->log != NULL)
		put_log(j->log);
}

/* ------------------------------------------------------------------ */
/*
 * The output directory's own files: a lock, so that two batches never
 * write one directory at once, and a manifest of the SHA-256 of every
 * report the batch wrote (as sha256sum(1) writes them, names shown
 * with mappa_quote_ctl), so that only a whole report counts as up to
 * date.  A report not in the manifest is made again.
 */
#define LOCK_NAME	".mappa-batch.lock"
#define MANIFEST_NAME	".mappa-batch.sha256"

/* Take the lock on OUT_DIR, waiting for another batch; fd or -1. */
static int
lock_output(const char *outdir)
{
	char	*p = join(outdir, LOCK_NAME);
	int	 fd;

	if (make_dirs(p) == -1 ||
	    (fd = open(p, O_RDWR | O_CREAT, 0666)) == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n", p,
		    strerror(errno));
		free(p);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		fprintf(stderr, "mappa-report: waiting for another batch "
		    "writing %s\n", outdir);
		while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
			continue;
	}
	free(p);
	return fd;
}

static void
manifest_read(struct batch *b, const char *outdir)
{
	char	*p = join(outdir, MANIFEST_NAME), line[8192];
	FILE	*f;

	if ((f = fopen(p, "r")) == NULL) {
		free(p);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t	 n = strcspn(line, "\n");

		line[n] = '\0';
		if (n < MAPPA_HEX_LEN + 3 || line[MAPPA_HEX_LEN] != ' ' ||
		    line[MAPPA_HEX_LEN + 1] != ' ')
			continue;
		bool	 made = false;

		for (size_t i = 0; i < b->njobs; i++) {
			struct job *j = &b->jobs[i];

			if (strcmp(line + MAPPA_HEX_LEN + 2, j->report) == 0) {
				memcpy(j->want, line, MAPPA_HEX_LEN);
				j->want[MAPPA_HEX_LEN] = '\0';
				made = true;
			}
		}
		/*
		 * A report no snapshot makes now (its snapshot gone, or its
		 * board file no longer Welsh): left alone, as it may be the
		 * one published, but no longer vouched for by the manifest.
		 */
		if (!made)
			fprintf(stderr, "mappa-report: warning: %s/%s: an "
			    "earlier batch's report that no snapshot makes "
			    "now; left as it is, and dropped from %s: remove "
			    "it if it is not to be published\n", outdir,
			    line + MAPPA_HEX_LEN + 2, MANIFEST_NAME);
	}
	fclose(f);
	free(p);
}

/*
 * Write the manifest of the reports now whole in OUT_DIR: those this batch
 * made or found up to date, and those a failed job left as the last batch
 * recorded them.
 */
static int
manifest_write(const struct batch *b, const char *outdir)
{
	unsigned char	 d[MAPPA_SHA256_LEN];
	char		 hex[MAPPA_HEX_LEN + 1];
	char		*p = join(outdir, MANIFEST_NAME);
	struct mappa_out out;
	int		 rc = -1;

	if (mappa_out_open(&out, p) == -1)
		goto out;
	for (size_t i = 0; i < b->njobs; i++) {
		const struct job *j = &b->jobs[i];

		if ((j->state != RENDERED && j->state != UPTODATE &&
		    j->want[0] == '\0') || mappa_sha256_file(j->out, d) == -1)
			continue;
		mappa_sha256_hex(d, hex);
		/* a failed job left the last batch's report as it was */
		if (j->state == FAILED && strcmp(hex, j->want) != 0)
			continue;
		fprintf(out.f, "%s  %s\n", hex, j->report);
	}
	rc = mappa_out_commit(&out);
out:
	if (rc == -1)
		fprintf(stderr, "mappa-report: cannot write %s: %s\n", p,
		    strerror(errno));
	free(p);
	return rc;
}

/* Whether name is ".BASE.XXXXXX", a temporary file of mappa_out_open. */
static bool
is_temp_of(const char *name, const char *base)
{
	size_t	 n = strlen(base);

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    name[n + 1] != '.' || strlen(name + n + 2) != 6)
		return false;
	for (const char *s = name + n + 2; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/*
 * Remove what a batch killed mid-write (SIGKILL, a power cut) left: the
 * temporary files of its reports and manifest.  Only names of our own
 * making, beside the files this batch writes, under the lock.
 */
static void
sweep(const char *dir, const char *base)
{
	struct dirent	*e;
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (is_temp_of(e->d_name, base)) {
			char	*p = join(dir, e->d_name);

			unlink(p);
			free(p);
		}
	closedir(d);
}

static void
sweep_all(const struct batch *b, const char *outdir)
{
	sweep(outdir, MANIFEST_NAME);
	for (size_t i = 0; i < b->njobs; i++) {
		char	*dir = mappa_strdup(b->jobs[i].out);
		char	*slash = strrchr(dir, '/');

		*slash = '\0';
		sweep(dir, slash + 1);
		free(dir);
	}
}

static unsigned
cores(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1024 ? 1024 : (unsigned)n;
}

enum mappa_outcome
mappa_batch(struct mappa_batch_options *o)
{
	struct batch	 b;
	struct stat	 st;
	size_t		 next = 0, running = 0, done = 0;
	size_t		 count[FAILED + 1] = {0};
	unsigned	 max = o->jobs > 0 ? o->jobs : cores();
	bool		 tty = isatty(STDERR_FILENO);
	enum mappa_outcome rc;
	int		 wstatus, lock = -1;
	pid_t		 pid;

	memset(&b, 0, sizeof(b));
	memset(&st, 0, sizeof(st));
	if (stat(o->archive, &st) == -1 || !S_ISDIR(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? errno : ENOTDIR;

		fprintf(stderr, "mappa-report: cannot read directory %s: %s\n",
		    o->archive, strerror(e));
		return MAPPA_NOINPUT;
	}
	if (walk(&b, o, "", 0) == -1 && b.njobs == 0) {
		batch_free(&b);
		return MAPPA_NOINPUT;
	}
	if (b.njobs == 0)
		fprintf(stderr, "mappa-report: no *.xml file under %s\n",
		    o->archive);
	else {
		if ((lock = lock_output(o->output)) == -1) {
			batch_free(&b);
			return MAPPA_CANTCREAT;
		}
		sweep_all(&b, o->output);
		manifest_read(&b, o->output);
		clashes(&b);
	}

	while (next < b.njobs || running > 0) {
		if (next < b.njobs && running < max) {
			struct job *j = &b.jobs[next++];

			if (j->state == FAILED)		/* clashes() */
				goto reap;
			if (make_dirs(j->out) == -1) {
				fail(j, "cannot create its directory",
				    strerror(errno));
				goto reap;
			}
			if ((j->errfd = log_file()) == -1) {
				fail(j, "cannot create a temporary file",
				    strerror(errno));
				goto reap;
			}
			/* Nothing buffered may be written twice. */
			fflush(NULL);
			if ((pid = fork()) == -1) {
				fail(j, "cannot start a worker",
				    strerror(errno));
				goto reap;
			}
			if (pid == 0) {
				int fd = j->errfd;

				j->errfd = -1;
				if (dup2(fd, STDERR_FILENO) == -1)
					o->worker_exit = W_FAILED;
				else
					o->worker_exit = work(j, o);
				close(fd);
				close(lock);
				batch_free(&b);
				o->worker = true;
				return MAPPA_OK;
			}
			j->pid = pid;
			j->state = RUNNING;
			running++;
			continue;
reap:
			done++;
			count[FAILED]++;
			progress(j, done, b.njobs, tty);
			continue;
		}
		if ((pid = waitpid(-1, &wstatus, 0)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "mappa-report: waiting for workers: "
			    "%s\n", strerror(errno));
			close(lock);
			batch_free(&b);
			return MAPPA_SOFTWARE;
		}
		for (size_t i = 0; i < b.njobs; i++)
			if (b.jobs[i].state == RUNNING && b.jobs[i].pid == pid) {
				finished(&b.jobs[i], wstatus);
				running--;
				done++;
				count[b.jobs[i].state]++;
				progress(&b.jobs[i], done, b.njobs, tty);
				break;
			}
	}
	if (tty && b.njobs > 0)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "batch: %zu rendered, %zu up to date, %zu failed\n",
	    count[RENDERED], count[UPTODATE], count[FAILED]);
	for (size_t i = 0; i < b.njobs; i++)
		if (b.jobs[i].state == FAILED)
			fprintf(stderr, "  %s: %s\n", b.jobs[i].shown,
			    b.jobs[i].reason != NULL ? b.jobs[i].reason :
			    "failed");
	if (b.unsearched > 0)
		fprintf(stderr, "  and %zu director%s could not be searched "
		    "(above)\n", b.unsearched, b.unsearched == 1 ? "y" : "ies");
	rc = count[FAILED] > 0 || b.unsearched > 0 ? MAPPA_DIFFERS :
	    MAPPA_OK;
	if (b.njobs > 0 && manifest_write(&b, o->output) == -1 &&
	    rc == MAPPA_OK)
		rc = MAPPA_CANTCREAT;
	if (lock != -1)
		close(lock);
	batch_free(&b);
	return rc;
}
