/* output.h: writing an output file atomically, never half-written, and the temporary files a signal must not leave behind. */
#ifndef MAPPA_OUTPUT_H
#define MAPPA_OUTPUT_H

#include <stdio.h>

/*
 * A regular file is written to a temporary file beside it and renamed
 * into place only when complete: on any failure or interruption the
 * temporary file is removed and an existing file at the path is left as it
 * was.  A file being replaced keeps its mode (and, where the system lets
 * us, its owner and group); a new one gets the umask's mode.
 *
 * A symbolic link is never replaced: the file it leads to is written
 * (atomically, beside that file).  "-" is standard output; a path that
 * leads to something that is not a regular file (a device, a FIFO, a
 * descriptor under /dev/fd or /proc) is written in place, as "-" is,
 * since it can't be replaced.
 */
struct mappa_out {
	FILE	*f;		/* write here */
	char	*path;		/* the file written, links followed; owned */
	char	*tmp;		/* temporary file, owned, or NULL */
};

/*
 * Open for writing.  Returns 0, or -1 with errno set (nothing created).
 * A directory at path fails with EISDIR.
 */
int	mappa_out_open(struct mappa_out *, const char *path);
/* Flush, sync and rename into place; returns 0 or -1 (errno set). */
int	mappa_out_commit(struct mappa_out *);
/* Close and remove the temporary file; the target is untouched. */
void	mappa_out_abort(struct mappa_out *);

/*
 * Whether writing `out` would overwrite the input `in`: both exist and
 * are the same file (device and inode, links followed), whatever their
 * names.  "-" is never the same as anything.
 */
int	mappa_out_is_input(const char *out, const char *in);

/*
 * Refuse an output that is one of the inputs (NULL entries are skipped):
 * says "mappa-report: the output OUT is the input IN; ..." on standard
 * error and returns -1, else 0.
 */
int	mappa_out_check_inputs(const char *out, const char *const *in,
	    size_t n);

/*
 * Temporary files and directories that must not outlive the process:
 * removed on SIGINT, SIGTERM, SIGHUP and SIGPIPE, on running out of
 * memory (mappa_oom) and at exit() from anywhere, even from inside a
 * library.  A directory is removed after the files registered after it,
 * so register it first.  At most MAPPA_TMP_MAX at once; register
 * returns -1 (ENAMETOOLONG or ENFILE) if it can't keep the name.
 */
#define MAPPA_TMP_MAX	8
int	mappa_tmp_register(const char *path, int is_dir);
void	mappa_tmp_forget(const char *path);
/* Remove every registered file now (async-signal-safe). */
void	mappa_tmp_remove_all(void);

/*
 * Set up the above, unless a signal was ignored on entry (as nohup and a
 * shell's background jobs leave them); ignore SIGXFSZ, so that a write
 * past the file size limit fails with EFBIG and is reported rather than
 * killing the process with a half-written file.  Call once, early in
 * main.
 */
void	mappa_out_signals(void);

/*
 * Say that the program is ending on its own (main returns, mappa_oom):
 * any other exit() is a library giving up, which mappa_out_signals's
 * exit handler turns into "out of memory" and exit status 70.
 */
void	mappa_out_exiting(void);

#endif
