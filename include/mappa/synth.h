/* synth.h: the synthetic snapshot generator (targets, profiles, writer). */
#ifndef MAPPA_SYNTH_H
#define MAPPA_SYNTH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mappa/diag.h"
#include "mappa/stats.h"

/*
 * The generator is driven by a target: a struct mappa_stats whose header
 * (area, period, population, exported) and per-cell counters say what the
 * statistics of the output must be.  Totals and rso_per_100k are ignored
 * (mappa_stats_finish() derives them).  It writes offenders one at a time,
 * so memory does not grow with the size of the output, and the same
 * target and options always give the same bytes.
 */

/* Largest value of any figure or of noise: keeps the arithmetic in 64 bits. */
#define MAPPA_SYNTH_MAX		1000000000ULL
/* noise: choose about one record in eleven. */
#define MAPPA_SYNTH_NOISE_AUTO	UINT64_MAX

struct mappa_synth_options {
	uint64_t	 seed;
	/*
	 * Records added that change no figure (ended before period-end at
	 * level 1, ended before the period), [records], or
	 * MAPPA_SYNTH_NOISE_AUTO.
	 */
	uint64_t	 noise;
};

/* seed 1, noise MAPPA_SYNTH_NOISE_AUTO. */
void	mappa_synth_options_init(struct mappa_synth_options *);

/*
 * Read a profile: lines "key,value" where key is a dotted path of the CSV
 * output (statistics.md) naming a header field or a counter, or "seed" or
 * "noise"; '#' starts a comment line.  area, period.start, period.end and
 * population are required; unset counters are 0.  target must be zeroed
 * (or cleared) by the caller; on success it owns a copy of the area (free
 * with mappa_stats_clear()), and opts holds seed and noise (left as they
 * were when the profile does not set them).  Problems are reported to diag
 * as FILE:LINE: error: ...; returns 0, or -1 after reporting them (or
 * after a system error, errno set, nothing reported).
 */
int	mappa_synth_profile_read(const char *path, struct mappa_diag *,
	    struct mappa_stats *target, struct mappa_synth_options *opts);

/*
 * Fill target (zeroed or cleared by the caller; free it with
 * mappa_stats_clear()) with a realistic, feasible set of figures for about
 * n offender records: mostly level 1, category 2 about a third, category 3
 * a few per cent, RSO rate 50 to 150 per 100,000, orders of the period's
 * era.  Deterministic in n and seed.
 */
void	mappa_synth_random_target(uint64_t n, uint64_t seed,
	    struct mappa_stats *target);

/*
 * Can the generator meet this target?  Returns 0, or -1 with a message
 * naming the conflicting figures by their CSV paths written to why
 * (whylen bytes, NUL-terminated, may be NULL).  Periods under 4 days leave
 * no room for level changes or records ending before period-end, and
 * targets that would need them are refused.
 */
int	mappa_synth_check(const struct mappa_stats *target, char *why,
	    size_t whylen);

/*
 * Write a snapshot whose statistics equal target.  *records, if not NULL,
 * receives the number of offender records written.  Returns 0, or -1 if
 * the target is not feasible (check first) or on a write error (errno
 * set).  Does not close the stream.
 */
int	mappa_synth_write(FILE *, const struct mappa_stats *target,
	    const struct mappa_synth_options *, uint64_t *records);

#endif
