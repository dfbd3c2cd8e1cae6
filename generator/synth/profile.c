/* profile.c: reading a generator target from "key,value" lines. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/diag.h"
#include "mappa/stats.h"
#include "mappa/synth.h"

#define PROFILE_LINE_MAX	4001	/* bytes, with the NUL */
#include "mappa/util.h"

struct seen {
	char		**keys;
	size_t		 n, cap;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *
trim(char *s)
{
	size_t	 n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A whole number of digits only, at most max. */
static int
number(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Undo RFC 4180 quoting in place, as the CSV output writes text. */
static int
unquote(char *s)
{
	char	*r = s + 1, *o = s;

	if (*s != '"')
		return 0;
	for (;;) {
		if (*r == '\0')
			return -1;
		if (*r == '"') {
			if (r[1] != '"')
				break;
			r++;
		}
		*o++ = *r++;
	}
	if (*trim(r + 1) != '\0')
		return -1;
	*o = '\0';
	return 0;
}

static bool
derived(const char *key)
{
	size_t	 n = strlen(key);

	return strcmp(key, "rso_per_100k") == 0 ||
	    (n >= 6 && strcmp(key + n - 6, ".total") == 0) ||
	    strncmp(key, "offenders.total.", 16) == 0 ||
	    strncmp(key, "level2_3_in_period.total.", 25) == 0 ||
	    strncmp(key, "sfo_charges.total.", 18) == 0 ||
	    (strncmp(key, "returned_to_custody.", 20) == 0 &&
	    strstr(key, ".total.") != NULL);
}

static bool
seen_before(struct seen *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return true;
	s->keys = mappa_grow(s->keys, &s->cap, s->n + 1, sizeof(*s->keys));
	s->keys[s->n++] = mappa_strdup(key);
	return false;
}

static void
line_error(struct mappa_diag *d, unsigned long ln, const char *key,
    const char *what)
{
	mappa_diag_error(d, ln, "%s: %s", key, what);
}

/* One "key,value" line; problems are reported, not returned. */
static void
parse_line(char *line, unsigned long ln, struct mappa_diag *d,
    struct mappa_stats *t, struct mappa_synth_options *o, struct seen *seen)
{
	char	*comma, *key, *val;
	uint64_t *field, v;
	int32_t	 date;

	if ((comma = strchr(line, ',')) == NULL) {
		mappa_diag_error(d, ln, "expected KEY,VALUE");
		return;
	}
	*comma = '\0';
	key = trim(line);
	val = trim(comma + 1);
	if (*key == '\0') {
		mappa_diag_error(d, ln, "expected KEY,VALUE: empty key");
		return;
	}
	/* The header line of the CSV output. */
	if (ln == 1 && strcmp(key, "key") == 0 && strcmp(val, "value") == 0)
		return;
	if (unquote(val) == -1) {
		line_error(d, ln, key, "badly quoted value");
		return;
	}
	if (seen_before(seen, key)) {
		line_error(d, ln, key, "set twice");
		return;
	}
	if (strcmp(key, "area") == 0) {
		free(t->area);
		t->area = mappa_strdup(trim(val));
	} else if (strcmp(key, "exported") == 0) {
		if (mappa_datetime_check(val, strlen(val)) == -1)
			line_error(d, ln, key, "not an ISO date-time");
		else {
			free(t->exported);
			t->exported = mappa_strdup(val);
		}
	} else if (strcmp(key, "period.start") == 0 ||
	    strcmp(key, "period.end") == 0) {
		if (mappa_date_parse(val, strlen(val), &date) == -1)
			line_error(d, ln, key, "not a date YYYY-MM-DD in the "
			    "calendar");
		else if (key[7] == 's')
			t->period_start = date;
		else
			t->period_end = date;
	} else if (strcmp(key, "snapshot_version") == 0) {
		if (strcmp(val, "1") != 0)
			line_error(d, ln, key, "only version 1 is supported");
	} else if (strcmp(key, "population") == 0) {
		if (number(val, 10000000000ULL, &v) == -1 || v == 0)
			line_error(d, ln, key, "not a whole number from 1 to "
			    "10000000000");
		else
			t->population = v;
	} else if (strcmp(key, "seed") == 0) {
		if (number(val, UINT64_MAX, &v) == -1)
			line_error(d, ln, key, "not a whole number below "
			    "2^64");
		else
			o->seed = v;
	} else if (strcmp(key, "noise") == 0) {
		if (number(val, MAPPA_SYNTH_MAX, &v) == -1)
			line_error(d, ln, key, "not a whole number up to "
			    "1000000000");
		else
			o->noise = v;
	} else if ((field = mappa_stats_field(t, key)) != NULL) {
		if (number(val, MAPPA_SYNTH_MAX, &v) == -1)
			line_error(d, ln, key, "not a whole number up to "
			    "1000000000");
		else
			*field = v;
	} else if (derived(key))
		line_error(d, ln, key, "derived figure: it is computed from "
		    "the others and can't be set");
	else
		line_error(d, ln, key, "unknown key");
}

/*
 * One line of f into buf, without its newline.  Returns 0, or -1 at the
 * end of the file; *bad says why a line is not text (a NUL byte, or
 * longer than the buffer), else NULL.
 */
static int
read_line(FILE *f, char *buf, size_t size, const char **bad)
{
	size_t	 n = 0;
	int	 c;

	*bad = NULL;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			*bad = "a NUL byte";
		else if (n + 1 == size)
			*bad = "a line longer than 4,000 bytes";
		if (*bad != NULL)
			break;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return c == EOF && n == 0 && *bad == NULL ? -1 : 0;
}

int
mappa_synth_profile_read(const char *path, struct mappa_diag *d,
    struct mappa_stats *t, struct mappa_synth_options *o)
{
	static const char *const required[] = {"area", "period.start",
	    "period.end", "population"};
	struct seen seen = {NULL, 0, 0};
	FILE	*f;
	char	 line[PROFILE_LINE_MAX], *s, why[256];
	const char *bad;
	unsigned long ln = 0, before = d->errors;
	int	 rc = -1;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	/*
	 * A profile is a few dozen short lines: a line that does not fit is
	 * not a profile (/dev/zero, a binary file), said at once rather than
	 * read on until memory runs out.
	 */
	while (read_line(f, line, sizeof(line), &bad) != -1) {
		ln++;
		if (bad != NULL) {
			mappa_diag_error(d, ln, "%s: not a profile", bad);
			break;
		}
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		parse_line(s, ln, d, t, o, &seen);
	}
	if (ferror(f))
		goto out;
	if (d->errors > before) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < 4; i++) {
		bool found = false;

		for (size_t j = 0; j < seen.n; j++)
			found |= strcmp(seen.keys[j], required[i]) == 0;
		if (!found)
			mappa_diag_error(d, 0, "missing required key '%s'",
			    required[i]);
	}
	if (d->errors == before && mappa_synth_check(t, why, sizeof(why)))
		mappa_diag_error(d, 0, "target can't be met: %s", why);
	rc = d->errors == before ? 0 : -1;
out:
	for (size_t i = 0; i < seen.n; i++)
		free(seen.keys[i]);
	free(seen.keys);
	fclose(f);
	return rc;
}
