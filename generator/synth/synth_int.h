/* synth_int.h: the generator's PRNG and plan; for use inside generator/synth only. */
#ifndef MAPPA_SYNTH_INT_H
#define MAPPA_SYNTH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mappa/stats.h"

/* splitmix64: tiny, seedable, the same everywhere (never rand()). */
struct mappa_rng {
	uint64_t	 s;
};

void	 mappa_rng_seed(struct mappa_rng *, uint64_t seed);
uint64_t mappa_rng_next(struct mappa_rng *);
/* Uniform in [lo, hi], both included; lo <= hi. */
int64_t	 mappa_rng_range(struct mappa_rng *, int64_t lo, int64_t hi);
/* True with probability per/1000. */
bool	 mappa_rng_chance(struct mappa_rng *, unsigned per);

/* Tag types: returns for each reason, then SFO charges. */
#define MAPPA_TAG_LICENCE	0
#define MAPPA_TAG_ORDER		1
#define MAPPA_TAG_SFO		2
#define MAPPA_TAGS		3

/*
 * Per category, the offenders who make the figures, in three blocks:
 * those whose highest level in the period is 3, those whose highest is 2,
 * and those at level 1 throughout.  Each block lists those in custody on
 * period-end first, then those in the community, then "fillers" whose
 * eligibility ends inside the period before period-end.
 */
struct mappa_synth_cat {
	/* highest level 3: custody at 3, community at 3, 2, 1; fillers */
	uint64_t	 k3, o3, o2b, o1c, f3, g3;
	/* highest level 2: custody at 2, community at 2, 1; fillers */
	uint64_t	 k2, o2a, o1b, f2, g2;
	/* level 1 only: custody, community, fillers */
	uint64_t	 kl, o1a, f1, g1;
	/*
	 * Tags: in the level-3 block, n3 from start3 (cyclically), then
	 * over2 level-2 tags after them; in the level-2 block n2in from
	 * start2; in the level-1 block n1 from start1.
	 */
	uint64_t	 n3[MAPPA_TAGS], over2[MAPPA_TAGS], start3[MAPPA_TAGS];
	uint64_t	 n2in[MAPPA_TAGS], start2[MAPPA_TAGS];
	uint64_t	 n1[MAPPA_TAGS], start1[MAPPA_TAGS];
	uint64_t	 first;		/* global index of the first */
	uint64_t	 count;		/* g3 + g2 + g1 */
};

struct mappa_synth_plan {
	bool		 spare;		/* room for level changes and fillers */
	struct mappa_synth_cat cat[3];
	uint64_t	 x1, x2;	/* extra carriers, categories 1 and 2 */
	uint64_t	 x1_first, x2_first;
	uint64_t	 c1;		/* category 1 carriers: first c1 */
	uint64_t	 c23;		/* categories 2, 3: next c23 */
	uint64_t	 pe1;		/* RSOs eligible on period-end */
	uint64_t	 figures;	/* records before noise */
};

uint64_t mappa_synth_orders_total(const struct mappa_orders *);

/* Plan to meet t; -1 with a message in why if it can't be done. */
int	mappa_synth_plan(const struct mappa_stats *t,
	    struct mappa_synth_plan *, char *why, size_t whylen);

#endif
