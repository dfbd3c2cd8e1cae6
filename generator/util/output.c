/* output.c: atomic output files, and temporary files removed on failure, signals and exit. */
#define _XOPEN_SOURCE 700	/* sigaltstack, SA_ONSTACK */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mappa/output.h"
#include "mappa/util.h"

/*
 * The temporary files a signal handler or exit() may have to remove.
 * Names are copied here since a handler may only touch static storage;
 * each slot remembers the process that made it, so that a forked batch
 * worker never removes its parent's files.
 */
static struct {
	char		 path[PATH_MAX];
	volatile sig_atomic_t used;
	int		 is_dir;
	pid_t		 owner;
} tmps[MAPPA_TMP_MAX];

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

/* Block the signals above while the table changes. */
static void
block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(cleanup_signals) /
	    sizeof(cleanup_signals[0]); i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void
mappa_tmp_remove_all(void)
{
	pid_t	 me = getpid();

	/* Files first, so that the directories holding them are empty. */
	for (int dirs = 0; dirs < 2; dirs++)
		for (size_t i = 0; i < MAPPA_TMP_MAX; i++)
			if (tmps[i].used && tmps[i].is_dir == dirs &&
			    tmps[i].owner == me) {
				if (dirs)
					rmdir(tmps[i].path);
				else
					unlink(tmps[i].path);
				tmps[i].used = 0;
			}
}

int
mappa_tmp_register(const char *path, int is_dir)
{
	sigset_t old;
	size_t	 i;

	if (strlen(path) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	block(&old);
	for (i = 0; i < MAPPA_TMP_MAX && tmps[i].used; i++)
		continue;
	if (i < MAPPA_TMP_MAX) {
		strcpy(tmps[i].path, path);
		tmps[i].is_dir = is_dir;
		tmps[i].owner = getpid();
		tmps[i].used = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (i == MAPPA_TMP_MAX) {
		errno = ENFILE;
		return -1;
	}
	return 0;
}

void
mappa_tmp_forget(const char *path)
{
	sigset_t old;

	block(&old);
	for (size_t i = 0; i < MAPPA_TMP_MAX; i++)
		if (tmps[i].used && strcmp(tmps[i].path, path) == 0)
			tmps[i].used = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Set when the program itself ends: main returns, or mappa_oom. */
static volatile sig_atomic_t exit_expected;

/*
 * At exit, nothing temporary stays.  An exit() the program did not make
 * is a library giving up: libhyphen calls exit(1) when it runs out of
 * memory.  That is an internal failure (70), not a verdict of 1.
 */
static void
at_exit(void)
{
	mappa_tmp_remove_all();
	if (!exit_expected) {
		static const char msg[] = "mappa-report: out of memory (a "
		    "library gave up)\n";

		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
			_exit(70);
		_exit(70);
	}
}

static void
on_signal(int sig)
{
	mappa_tmp_remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
mappa_out_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(cleanup_signals) /
	    sizeof(cleanup_signals[0]); i++) {
		struct sigaction old;

		/* A signal ignored on entry (nohup, a background job) stays so. */
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
	/*
	 * A library that crashes (libharu's PNG loader when memory runs out
	 * calls abort() or faults) still dies of its signal, but leaves no
	 * temporary file: the handler removes them and re-raises.
	 */
	{
		/* on a stack of its own: the fault may be the stack's */
		static char	 altstack[65536];
		stack_t		 ss;

		memset(&ss, 0, sizeof(ss));
		ss.ss_sp = altstack;
		ss.ss_size = sizeof(altstack);
		if (sigaltstack(&ss, NULL) == 0)
			sa.sa_flags |= SA_ONSTACK;
	}
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]);
	    i++)
		sigaction(crash_signals[i], &sa, NULL);
	/* A write past RLIMIT_FSIZE then fails with EFBIG, which we report. */
	signal(SIGXFSZ, SIG_IGN);
	atexit(at_exit);
}

void
mappa_out_exiting(void)
{
	exit_expected = 1;
}

/* ------------------------------------------------------------------ */

/* Paths that name a descriptor or a device, never a file to replace. */
static int
in_place(const char *p)
{
	return strncmp(p, "/proc/", 6) == 0 || strncmp(p, "/dev/fd/", 8) == 0 ||
	    strcmp(p, "/dev/stdout") == 0 || strcmp(p, "/dev/stderr") == 0;
}

/*
 * The file a path leads to, following symbolic links one at a time so
 * that a dangling last link still names the file to create.  Returns a
 * path for the caller to free, with *place set when the path names a
 * descriptor (write in place), or NULL with errno set.
 */
static char *
follow(const char *path, int *place)
{
	char	*cur = mappa_strdup(path), buf[PATH_MAX];
	struct stat sb;

	*place = 0;
	for (int hops = 0; hops < 40; hops++) {
		const char *slash;
		ssize_t	 n;
		char	*next;

		if (in_place(cur)) {
			*place = 1;
			return cur;
		}
		if (lstat(cur, &sb) == -1 || !S_ISLNK(sb.st_mode))
			return cur;
		if ((n = readlink(cur, buf, sizeof(buf) - 1)) == -1)
			goto fail;
		buf[n] = '\0';
		slash = strrchr(cur, '/');
		if (buf[0] == '/' || slash == NULL)
			next = mappa_strdup(buf);
		else {
			size_t	 len = (size_t)(slash - cur) + 1 + (size_t)n + 1;

			next = mappa_malloc(len);
			snprintf(next, len, "%.*s/%s", (int)(slash - cur), cur,
			    buf);
		}
		free(cur);
		cur = next;
	}
	errno = ELOOP;
fail:
	free(cur);
	return NULL;
}

int
mappa_out_open(struct mappa_out *o, const char *path)
{
	struct stat sb;
	const char *slash;
	char	*target;
	sigset_t old;
	mode_t	 mask;
	int	 fd, place, exists, e;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		o->path = mappa_strdup(path);
		return 0;
	}
	if ((target = follow(path, &place)) == NULL)
		return -1;
	exists = stat(target, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		free(target);
		errno = EISDIR;
		return -1;
	}
	if (place || (exists && !S_ISREG(sb.st_mode))) {
		if ((o->f = fopen(path, "w")) == NULL) {
			free(target);
			return -1;
		}
		o->path = target;
		return 0;
	}
	/* ".NAME.XXXXXX" in the target's directory, so rename is atomic. */
	o->tmp = mappa_malloc(strlen(target) + 16);
	slash = strrchr(target, '/');
	if (slash != NULL)
		sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)(slash - target + 1),
		    target, slash + 1);
	else
		sprintf(o->tmp, ".%s.XXXXXX", target);
	o->path = target;
	if (strlen(o->tmp) >= PATH_MAX) {
		e = ENAMETOOLONG;
		goto fail;
	}
	/* Made and registered with signals held: none can come between. */
	block(&old);
	if ((fd = mkstemp(o->tmp)) != -1 &&
	    mappa_tmp_register(o->tmp, 0) == -1) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd == -1)
		goto fail;
	if (exists) {
		/* The replacement is the same file to everyone who had it. */
		mode_t	 mode = sb.st_mode & 07777;

		if (fchown(fd, sb.st_uid, sb.st_gid) == -1)
			mode &= 0777;
		fchmod(fd, mode);
	} else {
		/* mkstemp makes 0600; a new report is as any new file. */
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if ((o->f = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(o->tmp);
		goto fail;
	}
	return 0;
fail:
	mappa_tmp_forget(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	errno = e;
	return -1;
}

static void
forget(struct mappa_out *o)
{
	if (o->tmp != NULL)
		mappa_tmp_forget(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	o->f = NULL;
}

int
mappa_out_commit(struct mappa_out *o)
{
	int	 e;

	if (o->f == stdout) {
		if (fflush(stdout) == EOF || ferror(stdout))
			goto fail;
		forget(o);
		return 0;
	}
	if (fflush(o->f) == EOF || ferror(o->f))
		goto fail;
	if (o->tmp != NULL && fsync(fileno(o->f)) == -1)
		goto fail;
	if (fclose(o->f) == EOF) {
		o->f = NULL;
		goto fail;
	}
	o->f = NULL;
	if (o->tmp != NULL && rename(o->tmp, o->path) == -1)
		goto fail;
	forget(o);
	return 0;
fail:
	e = errno ? errno : EIO;
	mappa_out_abort(o);
	errno = e;
	return -1;
}

void
mappa_out_abort(struct mappa_out *o)
{
	if (o->f != NULL && o->f != stdout)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	forget(o);
}

/* ------------------------------------------------------------------ */

int
mappa_out_is_input(const char *out, const char *in)
{
	struct stat a, b;

	if (out == NULL || in == NULL || strcmp(out, "-") == 0 ||
	    strcmp(in, "-") == 0)
		return 0;
	if (stat(out, &a) == -1 || stat(in, &b) == -1)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
mappa_out_check_inputs(const char *out, const char *const *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (mappa_out_is_input(out, in[i])) {
			fprintf(stderr, "mappa-report: the output %s is the "
			    "input %s: writing it would destroy that input; "
			    "choose another output name\n", out, in[i]);
			return -1;
		}
	return 0;
}
