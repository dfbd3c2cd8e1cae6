/* output.h: writing an output file atomically, never half-written. */
#ifndef MAPPA_OUTPUT_H
#define MAPPA_OUTPUT_H

#include <stdio.h>

/*
 * A regular file is written to a temporary file beside it and renamed
 * into place only when complete: on any failure or interruption the
 * temporary file is removed and an existing file at the path is left as it
 * was.  "-" is standard output; an existing non-regular file (a device, a
 * FIFO) is written in place, since it can't be replaced.
 */
struct mappa_out {
	FILE	*f;		/* write here */
	char	*path;		/* target, owned */
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
 * Remove the temporary files of open outputs and re-raise, on SIGINT,
 * SIGTERM, SIGHUP and SIGPIPE, unless the signal was ignored on entry (as
 * nohup and a shell's background jobs leave them).  Call once, early in
 * main.
 */
void	mappa_out_signals(void);

#endif
