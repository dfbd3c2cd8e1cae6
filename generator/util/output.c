/* output.c: atomic output files, cleaned up on failure and on signals. */
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
 * The one temporary file a signal handler may have to remove.  The program
 * writes one output at a time; the path is copied here, since a handler
 * may only touch static storage.
 */
static char		 pending[PATH_MAX];
static volatile sig_atomic_t has_pending;

static void
on_signal(int sig)
{
	if (has_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
mappa_out_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* A signal ignored on entry (nohup, a background job) stays so. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Block the signals above while the pending name changes. */
static void
block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
}

int
mappa_out_open(struct mappa_out *o, const char *path)
{
	struct stat sb;
	const char *slash;
	sigset_t old;
	mode_t	 mask;
	int	 fd;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		o->path = mappa_strdup(path);
		return 0;
	}
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		if (!S_ISREG(sb.st_mode)) {
			if ((o->f = fopen(path, "w")) == NULL)
				return -1;
			o->path = mappa_strdup(path);
			return 0;
		}
	}
	if (strlen(path) + 16 >= sizeof(pending)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* ".NAME.XXXXXX" in the same directory, so rename is atomic. */
	o->tmp = mappa_malloc(strlen(path) + 16);
	slash = strrchr(path, '/');
	if (slash != NULL)
		sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)(slash - path + 1),
		    path, slash + 1);
	else
		sprintf(o->tmp, ".%s.XXXXXX", path);
	block(&old);
	if ((fd = mkstemp(o->tmp)) == -1) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		free(o->tmp);
		o->tmp = NULL;
		errno = e;
		return -1;
	}
	strcpy(pending, o->tmp);
	has_pending = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* mkstemp makes 0600; a report is as readable as any new file. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if ((o->f = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		mappa_out_abort(o);
		errno = e;
		return -1;
	}
	o->path = mappa_strdup(path);
	return 0;
}

static void
forget(struct mappa_out *o)
{
	sigset_t old;

	block(&old);
	has_pending = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
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
