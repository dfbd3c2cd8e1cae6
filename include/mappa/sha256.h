/* sha256.h: SHA-256 (FIPS 180-4), for the provenance of a report. */
#ifndef MAPPA_SHA256_H
#define MAPPA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define MAPPA_SHA256_LEN 32	/* bytes in a digest */

struct mappa_sha256 {
	uint32_t	 h[8];
	uint64_t	 bytes;		/* hashed so far [B] */
	unsigned char	 buf[64];
	size_t		 fill;		/* bytes waiting in buf */
};

void	mappa_sha256_init(struct mappa_sha256 *);
void	mappa_sha256_update(struct mappa_sha256 *, const void *, size_t);
void	mappa_sha256_final(struct mappa_sha256 *,
	    unsigned char digest[MAPPA_SHA256_LEN]);
/* The digest as 64 lower-case hex digits and a NUL. */
void	mappa_sha256_hex(const unsigned char digest[MAPPA_SHA256_LEN],
	    char hex[2 * MAPPA_SHA256_LEN + 1]);
/*
 * Hash a whole file ("-" is not allowed: standard input can't be read
 * twice).  Returns 0, or -1 with errno set.
 */
int	mappa_sha256_file(const char *path,
	    unsigned char digest[MAPPA_SHA256_LEN]);

#endif
