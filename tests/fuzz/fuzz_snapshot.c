/* fuzz_snapshot.c: libFuzzer target for the snapshot reader and statistics. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/sha256.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct run {
	struct mappa_stats s;
	int	 started;
};

static int
on_header(void *arg, const struct mappa_header *h)
{
	struct run *r = arg;

	mappa_stats_init(&r->s, h);
	r->started = 1;
	return 0;
}

static int
on_offender(void *arg, const struct mappa_offender *o)
{
	struct run *r = arg;

	mappa_stats_add(&r->s, o);
	return 0;
}

/*
 * Is one of the messages the schema's verdict?  Looked for where a message
 * begins ("fuzz.xml:LINE: error: " or "fuzz.xml: error: "), never inside
 * one: the fuzzer soon learns to put the words into a quoted value.
 */
static int
schema_alone(const char *msgs)
{
	static const char verdict[] = "does not match the snapshot schema";
	const char *line = msgs, *p;

	while (*line != '\0') {
		p = line + strlen("fuzz.xml");
		if (*p == ':')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (strncmp(p, ": error: ", 9) == 0 &&
		    strncmp(p + 9, verdict, sizeof(verdict) - 1) == 0)
			return 1;
		if ((line = strchr(line, '\n')) == NULL)
			break;
		line++;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char digest[MAPPA_SHA256_LEN];
	struct run r = {0};
	struct mappa_handler h = {on_header, on_offender, &r, digest,
	    MAPPA_READ_SCHEMA};
	struct mappa_diag d;
	enum mappa_read_status st;
	char	*msgs = NULL;
	size_t	 msglen = 0;
	FILE	*mf = open_memstream(&msgs, &msglen);

	mappa_diag_init(&d, "fuzz.xml", mf);
	st = mappa_snapshot_read_mem((const char *)data, size, &d, &h);
	fclose(mf);
	/* A valid read reported nothing; an invalid one reported something. */
	if ((st == MAPPA_READ_OK) != (d.errors == 0))
		abort();
	/*
	 * The reader's own rules must catch whatever the XML Schema catches:
	 * the schema's verdict showing alone means a rule is missing in C.
	 */
	if (schema_alone(msgs))
		abort();
	free(msgs);
	if (st == MAPPA_READ_OK) {
		char	*buf = NULL;
		size_t	 len = 0;
		FILE	*f = open_memstream(&buf, &len);

		if (!r.started)
			abort();
		mappa_stats_finish(&r.s);
		/* Totals are sums of their parts. */
		if (r.s.offenders[MAPPA_ROW_TOTAL].total !=
		    r.s.offenders[0].total + r.s.offenders[1].total +
		    r.s.offenders[2].total || r.s.offenders[2].level1 != 0)
			abort();
		mappa_stats_write(f, &r.s, MAPPA_FORMAT_JSON);
		mappa_stats_write(f, &r.s, MAPPA_FORMAT_CSV);
		fclose(f);
		free(buf);
	}
	if (r.started)
		mappa_stats_clear(&r.s);
	return 0;
}
