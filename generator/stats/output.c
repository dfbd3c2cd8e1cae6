/* output.c: the figures as dotted paths, and their JSON and CSV forms. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/stats.h"
#include "mappa/util.h"

enum kind {
	K_COUNT,	/* a counter the reader's pass fills in */
	K_DERIVED,	/* computed by mappa_stats_finish() */
	K_VERSION,	/* the constant 1 */
	K_AREA,
	K_START,
	K_END,
	K_POPULATION,
	K_BASIS,	/* the population's basis, text */
	K_TENTHS	/* a derived figure in tenths, written 76.9 */
};

struct field {
	const char	*path;
	enum kind	 kind;
	size_t		 off;	/* of a uint64_t in struct mappa_stats */
};

#define AT(m)		offsetof(struct mappa_stats, m)
#define F(p, m)		{p, K_COUNT, AT(m)}
#define D(p, m)		{p, K_DERIVED, AT(m)}
#define L123(p, m)	F(p ".level1", m.level1), F(p ".level2", m.level2), \
			F(p ".level3", m.level3), D(p ".total", m.total)
#define L23(p, m)	F(p ".level2", m.level2), F(p ".level3", m.level3), \
			D(p ".total", m.total)
#define DL123(p, m)	D(p ".level1", m.level1), D(p ".level2", m.level2), \
			D(p ".level3", m.level3), D(p ".total", m.total)
#define DL23(p, m)	D(p ".level2", m.level2), D(p ".level3", m.level3), \
			D(p ".total", m.total)
#define ROWS23(p, m)	L23(p ".category1", m[0]), L23(p ".category2", m[1]), \
			L23(p ".category3", m[2]), DL23(p ".total", m[3])
#define ROWS123(p, m)	L123(p ".category1", m[0]), \
			L123(p ".category2", m[1]), \
			L123(p ".category3", m[2]), DL123(p ".total", m[3])
#define ORDERS(p, m)	F(p ".shpo", m.shpo), \
			F(p ".interim_shpo", m.interim_shpo), \
			F(p ".shpo_foreign_travel", m.shpo_foreign_travel), \
			F(p ".sopo", m.sopo), \
			F(p ".interim_sopo", m.interim_sopo), \
			F(p ".fto", m.fto), \
			F(p ".notification_order", m.notification_order), \
			F(p ".sro", m.sro), F(p ".rsho", m.rsho)

/* statistics.md, in its order. */
static const struct field fields[] = {
	{"snapshot_version", K_VERSION, 0},
	{"area", K_AREA, 0},
	{"period.start", K_START, 0},
	{"period.end", K_END, 0},
	{"population", K_POPULATION, 0},
	{"population_basis", K_BASIS, 0},
	ROWS123("offenders", offenders),
	F("in_custody.category1", in_custody[0]),
	F("in_custody.category2", in_custody[1]),
	F("in_custody.category3", in_custody[2]),
	D("in_custody.total", in_custody[3]),
	D("rso_per_100k", rso_per_100k),
	{"rso_per_100k_1dp", K_TENTHS, AT(rso_per_100k_tenths)},
	F("rso_wanted_or_missing.wanted", rso_wanted),
	F("rso_wanted_or_missing.missing", rso_missing),
	D("rso_wanted_or_missing.total", rso_wanted_or_missing),
	ROWS23("level2_3_in_period", level2_3),
	F("notification_breaches.rsos", breach_rsos),
	F("notification_breaches.cautions", breach_cautions),
	F("notification_breaches.convictions", breach_convictions),
	F("revocations", revocations),
	ORDERS("orders", orders),
	ORDERS("orders_other_categories", orders_other),
	F("sro_breaches.breaches", sro_breaches),
	F("sro_breaches.became_notifiable", sro_became_notifiable),
	ROWS23("returned_to_custody.breach_of_licence", returned[0]),
	ROWS23("returned_to_custody.breach_of_order", returned[1]),
	F("returned_to_custody_level1.breach_of_licence", returned_level1[0]),
	F("returned_to_custody_level1.breach_of_order", returned_level1[1]),
	ROWS123("sfo_charges", sfo),
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static uint64_t
value(const struct mappa_stats *s, const struct field *f)
{
	switch (f->kind) {
	case K_VERSION:
		return 1;
	case K_POPULATION:
		return s->population;
	default:
		return *(const uint64_t *)((const char *)s + f->off);
	}
}

/*
 * The text of a string field; buf (TEXT_MAX bytes) holds a formatted
 * date or a figure in tenths.
 */
#define TEXT_MAX	32
static const char *
text(const struct mappa_stats *s, const struct field *f, char *buf)
{
	uint64_t t;

	switch (f->kind) {
	case K_BASIS:
		return MAPPA_POPULATION_BASIS;
	case K_TENTHS:
		t = *(const uint64_t *)((const char *)s + f->off);
		snprintf(buf, TEXT_MAX, "%" PRIu64 ".%" PRIu64, t / 10,
		    t % 10);
		return buf;
	case K_AREA:
		return s->area ? s->area : "";
	case K_START:
		mappa_date_format(s->period_start, buf);
		return buf;
	case K_END:
		mappa_date_format(s->period_end, buf);
		return buf;
	default:
		return NULL;
	}
}

void
mappa_stats_visit(const struct mappa_stats *s,
    const struct mappa_stats_visitor *v)
{
	char	 buf[TEXT_MAX];

	for (size_t i = 0; i < NFIELDS; i++) {
		const char *t = text(s, &fields[i], buf);

		if (t != NULL) {
			if (v->string != NULL)
				v->string(v->arg, fields[i].path, t);
		} else if (v->integer != NULL)
			v->integer(v->arg, fields[i].path,
			    value(s, &fields[i]));
	}
}

int
mappa_stats_lookup(const struct mappa_stats *s, const char *path,
    uint64_t *out)
{
	char	 buf[TEXT_MAX];

	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].path, path) == 0) {
			if (text(s, &fields[i], buf) != NULL)
				return -1;
			*out = value(s, &fields[i]);
			return 0;
		}
	return -1;
}

uint64_t *
mappa_stats_field(struct mappa_stats *s, const char *path)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].path, path) == 0)
			return fields[i].kind == K_COUNT ?
			    (uint64_t *)((char *)s + fields[i].off) : NULL;
	return NULL;
}

int
mappa_stats_era_bound(const char *path)
{
	const char *dot;

	if (strncmp(path, "sro_breaches.", 13) == 0)
		return 1;
	if (strncmp(path, "orders.", 7) != 0 &&
	    strncmp(path, "orders_other_categories.", 24) != 0)
		return 0;
	dot = strchr(path, '.');
	return strcmp(dot + 1, "notification_order") != 0;
}

/* ------------------------------------------------------------------ */
/* JSON */

/* Number of dot-separated parts of path. */
static int
parts(const char *path)
{
	int	 n = 1;

	for (; *path; path++)
		n += *path == '.';
	return n;
}

/* The depth-th part of path (from 0), its length in *len. */
static const char *
part(const char *path, int depth, size_t *len)
{
	const char *e;

	while (depth-- > 0)
		path = strchr(path, '.') + 1;
	e = strchr(path, '.');
	*len = e ? (size_t)(e - path) : strlen(path);
	return path;
}

/* Does path lie inside the object whose path is prefix[0..plen)? */
static int
inside(const char *path, const char *prefix, size_t plen)
{
	return plen == 0 || (strncmp(path, prefix, plen) == 0 &&
	    path[plen] == '.');
}

/*
 * Write the object whose members are the fields from *i on that lie
 * inside prefix.  An object of plain numbers goes on one line, as in the
 * example of statistics.md; others get a line per member.
 */
static void
json_object(FILE *f, const struct mappa_stats *s, size_t *i,
    const char *prefix, size_t plen, int depth)
{
	char	 buf[TEXT_MAX];
	int	 flat = 1, first = 1;
	size_t	 j;

	for (j = *i; j < NFIELDS && inside(fields[j].path, prefix, plen); j++)
		if (parts(fields[j].path) != depth + 1)
			flat = 0;
	fputs(flat ? "{ " : "{\n", f);
	while (*i < NFIELDS && inside(fields[*i].path, prefix, plen)) {
		const char *path = fields[*i].path, *name, *t;
		size_t	 len;

		name = part(path, depth, &len);
		if (!first)
			fputs(flat ? ", " : ",\n", f);
		first = 0;
		if (!flat)
			fprintf(f, "%*s", 2 * (depth + 1), "");
		fprintf(f, "\"%.*s\": ", (int)len, name);
		if (parts(path) > depth + 1) {
			json_object(f, s, i, path,
			    (size_t)(name + len - path), depth + 1);
			continue;
		}
		if ((t = text(s, &fields[*i], buf)) != NULL &&
		    fields[*i].kind == K_TENTHS)
			fputs(t, f);	/* a JSON number: 76.9 */
		else if (t != NULL)
			mappa_json_string(f, t);
		else
			fprintf(f, "%" PRIu64, value(s, &fields[*i]));
		(*i)++;
	}
	if (flat)
		fputs(" }", f);
	else
		fprintf(f, "\n%*s}", 2 * depth, "");
}

/* ------------------------------------------------------------------ */
/* CSV */

static void
csv_integer(void *arg, const char *path, uint64_t v)
{
	fprintf(arg, "%s,%" PRIu64 "\n", path, v);
}

static void
csv_string(void *arg, const char *path, const char *t)
{
	FILE	*f = arg;

	fprintf(f, "%s,", path);
	mappa_csv_field(f, t);
	fputs("\n", f);
}

int
mappa_stats_write(FILE *f, const struct mappa_stats *s,
    enum mappa_stats_format fmt)
{
	size_t	 i = 0;

	if (fmt == MAPPA_FORMAT_JSON) {
		json_object(f, s, &i, "", 0, 0);
		fputc('\n', f);
	} else {
		struct mappa_stats_visitor v = {csv_integer, csv_string, f};

		fputs("key,value\n", f);
		mappa_stats_visit(s, &v);
	}
	if (fflush(f) == EOF || ferror(f)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
