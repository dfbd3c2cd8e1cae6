/* idset.h: a compact set of offender ids; for the snapshot reader only. */
#ifndef MAPPA_IDSET_H
#define MAPPA_IDSET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Ids are kept as 64-bit fingerprints with the line of their first use,
 * 12 bytes a slot, not as strings: memory stays small and flat in the id
 * length.  Two different ids share a fingerprint with odds of about
 * n^2 / 2^65 (under 1 in 30 million for a million ids).
 */
struct idset {
	uint64_t	*keys;	/* 0: empty slot */
	uint32_t	*lines;
	size_t		 cap;	/* slots, a power of two */
	size_t		 len;
};

void	idset_init(struct idset *);
void	idset_clear(struct idset *);
/*
 * Add id; returns 0 if it was new, or the line (>= 1) where it was first
 * added.  Lines above UINT32_MAX are stored as UINT32_MAX.
 */
unsigned long idset_add(struct idset *, const char *id, size_t len,
	    unsigned long line);

#endif
