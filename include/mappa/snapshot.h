/* snapshot.h: the streaming reader of register snapshots (format 1). */
#ifndef MAPPA_SNAPSHOT_H
#define MAPPA_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mappa/diag.h"

/*
 * The reader checks a snapshot against the format (an XSD plus the rules a
 * schema can't express) and hands each offender, once checked, to a
 * callback.  It never holds more than one offender; only a compact set of
 * id fingerprints grows with the file.  Whatever it hands out lives until
 * the callback returns: copy what you keep.
 */

#define MAPPA_ID_MAX	64	/* bytes in an offender id */
#define MAPPA_AREA_MAX	120	/* characters in an area name */

struct mappa_header {
	int		 version;	/* always 1 once accepted */
	const char	*area;		/* UTF-8, trimmed */
	int32_t		 period_start;	/* [date] first day, included */
	int32_t		 period_end;	/* [date] last day, included */
	uint64_t	 population;	/* residents, >= 1 */
	const char	*exported;	/* xs:dateTime text, or NULL */
};

enum mappa_whereabouts {
	MAPPA_KNOWN = 0,
	MAPPA_MISSING,
	MAPPA_WANTED
};

struct mappa_level {
	int32_t		 from;		/* [date] */
	int		 value;		/* 1..3 */
	unsigned long	 line;
};

enum mappa_event_kind {
	MAPPA_EV_NOTIFICATION_BREACH,
	MAPPA_EV_REVOCATION,
	MAPPA_EV_ORDER,
	MAPPA_EV_SRO_BREACH,
	MAPPA_EV_RETURN_TO_CUSTODY,
	MAPPA_EV_SFO_CHARGE
};

enum mappa_breach_outcome {
	MAPPA_OUTCOME_CAUTION,
	MAPPA_OUTCOME_CONVICTION,
	MAPPA_OUTCOME_NFA,
	MAPPA_OUTCOME_PENDING
};

/* In the order of the statistics' "orders" object. */
enum mappa_order_type {
	MAPPA_ORDER_SHPO,
	MAPPA_ORDER_INTERIM_SHPO,
	MAPPA_ORDER_SOPO,
	MAPPA_ORDER_INTERIM_SOPO,
	MAPPA_ORDER_FTO,
	MAPPA_ORDER_NOTIFICATION,
	MAPPA_ORDER_SRO,
	MAPPA_ORDER_RSHO,
	MAPPA_ORDER__MAX
};

enum mappa_return_reason {
	MAPPA_RETURN_LICENCE,		/* breach-of-licence */
	MAPPA_RETURN_ORDER		/* breach-of-order */
};

struct mappa_event {
	enum mappa_event_kind	 kind;
	int32_t			 date;	/* [date] */
	/* outcome, order type or return reason, by kind; else 0 */
	int			 sub;
	/* foreign-travel (orders), became-notifiable (SRO breaches) */
	bool			 flag;
	unsigned long		 line;
};

struct mappa_offender {
	const char		*id;		/* 1..64 of [A-Za-z0-9_/-] */
	int			 category;	/* 1..3 */
	int32_t			 eligible_from;	/* [date] */
	int32_t			 eligible_until; /* [date] or MAPPA_DATE_NONE */
	bool			 custody;	/* on period-end */
	enum mappa_whereabouts	 whereabouts;	/* on period-end */
	const struct mappa_level *levels;	/* sorted by from, no ties */
	size_t			 nlevels;	/* >= 1 */
	const struct mappa_event *events;	/* in document order */
	size_t			 nevents;
	unsigned long		 line;		/* of the start tag */
};

/*
 * What the reader calls.  header() once, before any offender; offender()
 * for every offender that passed every check.  A non-zero return from
 * either stops reading (the read then returns MAPPA_READ_STOPPED).  Either
 * may be NULL.
 */
struct mappa_handler {
	int	(*header)(void *arg, const struct mappa_header *);
	int	(*offender)(void *arg, const struct mappa_offender *);
	void	 *arg;
	/*
	 * If not NULL, receives the SHA-256 of every byte read, once the
	 * whole input has been read (the provenance of a report).
	 */
	unsigned char *sha256;
	unsigned	 flags;		/* enum mappa_read_flag */
};

enum mappa_read_flag {
	/*
	 * Also validate against snapshot.xsd as the document streams by.
	 * The reader's own rules enforce everything the schema does, with
	 * better messages, and at a third of the cost (tests/e2e/data.sh
	 * and the fuzz target check that they agree); a schema error is
	 * shown only where those rules found nothing.
	 */
	MAPPA_READ_SCHEMA = 1
};

enum mappa_read_status {
	MAPPA_READ_OK = 0,	/* valid: every offender was handed out */
	MAPPA_READ_INVALID,	/* diagnostics were reported */
	MAPPA_READ_SYSERR,	/* could not open or read; errno set */
	MAPPA_READ_STOPPED,	/* a handler asked to stop */
	/*
	 * The duplicate-id check could not create, write or read its
	 * temporary file in $TMPDIR (default /tmp); errno set.  Not the
	 * snapshot's fault: exit 73 (EX_CANTCREAT), as for an output.
	 */
	MAPPA_READ_TMPERR
};

/*
 * Read and check the snapshot at path ("-": standard input).  Diagnostics
 * go to diag (whose file name is used in messages).  A valid read has
 * called the handlers for every offender; an invalid one may have called
 * them for some, so callers must discard what they built unless the
 * status is MAPPA_READ_OK.
 */
enum mappa_read_status mappa_snapshot_read(const char *path,
	    struct mappa_diag *diag, const struct mappa_handler *);

/*
 * Say on standard error why a read did not succeed: "mappa-report: cannot
 * read PATH: why" (errno as the read left it), "mappa-report: cannot write
 * a temporary file in DIR: why" (MAPPA_READ_TMPERR), or the diagnostics' closing
 * line ending with `what` ("no report written").  Nothing for
 * MAPPA_READ_OK.
 */
void	mappa_snapshot_say(enum mappa_read_status, const char *path,
	    const struct mappa_diag *, const char *what);

/* Same, from a memory buffer (tests, fuzzing). */
enum mappa_read_status mappa_snapshot_read_mem(const char *buf, size_t len,
	    struct mappa_diag *diag, const struct mappa_handler *);

/* The schema, embedded at build time: NUL-terminated XSD text. */
extern const char mappa_snapshot_xsd[];
extern const size_t mappa_snapshot_xsd_len;

/* Release libxml2's global state at exit (valgrind-clean runs). */
void	mappa_snapshot_cleanup(void);

#endif
