/* idset.h: finding duplicate offender ids; for the snapshot reader only. */
#ifndef MAPPA_IDSET_H
#define MAPPA_IDSET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Ids are packed into a buffer of at most IDSET_CHUNK bytes; a full
 * buffer is sorted and written to an unlinked temporary file as a run,
 * and the runs are merged at the end.  Memory is flat in the number of
 * offenders (about 1.5 MB at most), duplicates are exact (ids are compared
 * byte for byte, never by hash alone), and a file of a few tens of
 * thousands of offenders never touches the disk.
 */
#define IDSET_CHUNK	(512 * 1024)	/* [B] of packed ids per run */

struct idset_run {
	uint64_t	 off, len;	/* [B] in the temporary file */
};

/* A record's fingerprint beside its offset: most comparisons end there. */
struct idset_ref {
	uint64_t	 fp;
	uint32_t	 off;		/* [B] into buf */
};

struct idset {
	unsigned char	*buf;		/* packed records */
	size_t		 used, cap;	/* [B] */
	struct idset_ref *index;	/* the records in buf */
	size_t		 n, ncap;	/* records */
	int		 fd;		/* temporary file, or -1 */
	uint64_t	 fileoff;	/* [B] written */
	struct idset_run *runs;
	size_t		 nruns, runcap;
};

void	idset_init(struct idset *);
/* Add an id (1 to 255 bytes).  Returns 0, or -1 with errno set. */
int	idset_add(struct idset *, const char *id, size_t len,
	    unsigned long line);
/*
 * Call dup for every id seen again, with its line and the line of its
 * first use, in id order; then empty the set.  Returns 0, or -1 with
 * errno set if the temporary file can't be read.
 */
int	idset_finish(struct idset *, void (*dup)(void *arg, const char *id,
	    size_t len, unsigned long line, unsigned long first), void *arg);
/* Free everything; the set may be reused after idset_init(). */
void	idset_clear(struct idset *);

#endif
