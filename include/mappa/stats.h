/* stats.h: the figures of the annual report, as statistics.md defines them. */
#ifndef MAPPA_STATS_H
#define MAPPA_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mappa/outcome.h"
#include "mappa/snapshot.h"

/* Counts by level; level1 stays 0 where a figure has no level 1 column. */
struct mappa_levels {
	uint64_t	level1, level2, level3, total;
};

/* Rows of a by-category table: categories 1, 2, 3, then their sum. */
#define MAPPA_ROW_TOTAL	3
#define MAPPA_ROWS	4

struct mappa_orders {
	uint64_t	shpo, interim_shpo, shpo_foreign_travel, sopo,
			interim_sopo, fto, notification_order, sro, rsho;
};

struct mappa_stats {
	/* From the header; strings owned by this struct. */
	char		*area;
	int32_t		 period_start, period_end;	/* [date] */
	uint64_t	 population;
	char		*exported;			/* or NULL */

	/* Snapshot figures, on period_end. */
	struct mappa_levels offenders[MAPPA_ROWS];
	uint64_t	 in_custody[MAPPA_ROWS];
	uint64_t	 rso_per_100k;
	uint64_t	 rso_wanted, rso_missing;
	uint64_t	 rso_wanted_or_missing;	/* derived */

	/* Period figures. */
	struct mappa_levels level2_3[MAPPA_ROWS];
	uint64_t	 breach_rsos, breach_cautions, breach_convictions;
	uint64_t	 revocations;
	struct mappa_orders orders, orders_other;
	uint64_t	 sro_breaches, sro_became_notifiable;
	struct mappa_levels returned[2][MAPPA_ROWS];	/* [reason][row] */
	uint64_t	 returned_level1[2];		/* [reason] */
	struct mappa_levels sfo[MAPPA_ROWS];

	uint64_t	 records;	/* offenders read, eligible or not */
};

/* Start counting for the snapshot whose header this is. */
void	mappa_stats_init(struct mappa_stats *, const struct mappa_header *);
/* Count one checked offender. */
void	mappa_stats_add(struct mappa_stats *, const struct mappa_offender *);
/* Compute totals and rates once every offender is in. */
void	mappa_stats_finish(struct mappa_stats *);
/* Free what the struct owns; the struct itself is the caller's. */
void	mappa_stats_clear(struct mappa_stats *);

/*
 * Read a snapshot and compute its statistics: the whole flow of `stats`.
 * Returns the reader's status; *out is filled (and must be cleared) only
 * when it is MAPPA_READ_OK.  sha256, if not NULL, receives the SHA-256 of
 * the file's bytes (MAPPA_SHA256_LEN of them).
 */
enum mappa_read_status mappa_stats_from_file(const char *path,
	    struct mappa_diag *, struct mappa_stats *out,
	    unsigned char *sha256);

/*
 * The same, for a command: diagnostics name the file ("<stdin>" for "-")
 * and, if the snapshot is invalid, end with "FILE: N errors; <what>"; a
 * file that can't be read is said so ("mappa-report: cannot read FILE:
 * why").  Everything goes to standard error.  Returns MAPPA_OK, or the
 * outcome for the command (mappa_stats_outcome).
 */
enum mappa_outcome mappa_stats_load(const char *path, const char *what,
	    struct mappa_stats *out, unsigned char *sha256);

/* The command's outcome for a reader's status. */
enum mappa_outcome mappa_stats_outcome(enum mappa_read_status);

/*
 * Whether a period starting on this date is of the SHPO era: from
 * 1 April 2015 (Anti-social Behaviour, Crime and Policing Act 2014) the
 * orders are SHPOs and SROs, before it SOPOs and foreign travel orders.
 * The one place that date is written.
 */
bool	mappa_stats_shpo_era(int32_t period_start);

/*
 * The period's name, "2011/12" (sep '/', for people) or "2011-12" (sep
 * '-', for file names, CSV and JSON keys): the years of its first and
 * last day, the second as two digits when it is the next year, as four
 * otherwise ("2011/2013"); one year alone when they are the same.
 * buf has at least MAPPA_PERIOD_LABEL_LEN bytes.
 */
#define MAPPA_PERIOD_LABEL_LEN	24
void	mappa_stats_period_label(const struct mappa_stats *, char sep,
	    char *buf);

/*
 * Every figure, in the order of statistics.md, as a dotted path and a
 * value ("offenders.category1.total" = 574).  JSON, CSV and the template
 * placeholders are all written from this one list.
 */
struct mappa_stats_visitor {
	void	(*integer)(void *arg, const char *path, uint64_t);
	void	(*string)(void *arg, const char *path, const char *);
	void	 *arg;
};

void	mappa_stats_visit(const struct mappa_stats *,
	    const struct mappa_stats_visitor *);

/*
 * Look up a figure by its dotted path ("offenders.category1.total").
 * Returns 0 and sets *value for an integer leaf, or -1.
 */
int	mappa_stats_lookup(const struct mappa_stats *, const char *path,
	    uint64_t *value);

/*
 * The counter behind a dotted path, for filling in a struct by name (the
 * synthetic generator's targets).  NULL for an unknown path and for the
 * derived figures (totals, rso_per_100k), which mappa_stats_finish()
 * computes.  Paths are those of the CSV output.
 */
uint64_t *mappa_stats_field(struct mappa_stats *, const char *path);

enum mappa_stats_format {
	MAPPA_FORMAT_JSON,
	MAPPA_FORMAT_CSV
};

/* Write the figures; returns 0, or -1 on a write error (errno set). */
int	mappa_stats_write(FILE *, const struct mappa_stats *,
	    enum mappa_stats_format);

#endif
