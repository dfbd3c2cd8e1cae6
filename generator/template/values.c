/* values.c: the named values a template reads, from statistics; for the template stage. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/stats.h"
#include "mappa/util.h"
#include "template_int.h"

struct entry {
	char		*key;
	enum vkind	 kind;
	int64_t		 n;
	char		*s;
};

struct mappa_values {
	struct entry	*e;
	size_t		 n, cap;
	bool		 sorted;
	bool		 previous;
	bool		 era_changed;	/* previous year of the other era */
	bool		 overflow;
};

static struct entry *
find(const struct mappa_values *v, const char *key)
{
	size_t	 lo = 0, hi = v->n;

	if (!v->sorted) {
		for (size_t i = 0; i < v->n; i++)
			if (strcmp(v->e[i].key, key) == 0)
				return &v->e[i];
		return NULL;
	}
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		int	 c = strcmp(key, v->e[mid].key);

		if (c == 0)
			return &v->e[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static struct entry *
put(struct mappa_values *v, const char *prefix, const char *key)
{
	struct entry	*e;
	size_t		 n = strlen(prefix) + strlen(key) + 1;
	char		*full = mappa_malloc(n);

	snprintf(full, n, "%s%s", prefix, key);
	if ((e = find(v, full)) != NULL) {
		free(full);
		free(e->s);
		e->s = NULL;
		return e;
	}
	v->e = mappa_grow(v->e, &v->cap, v->n + 1, sizeof(*v->e));
	e = &v->e[v->n++];
	memset(e, 0, sizeof(*e));
	e->key = full;
	v->sorted = false;
	return e;
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
	    ((const struct entry *)b)->key);
}

static void
sort(struct mappa_values *v)
{
	qsort(v->e, v->n, sizeof(*v->e), cmp_entry);
	v->sorted = true;
}

struct visit {
	struct mappa_values *v;
	const char	*prefix;
};

static void
visit_int(void *arg, const char *path, uint64_t n)
{
	struct visit	*vi = arg;
	struct entry	*e = put(vi->v, vi->prefix, path);

	if (n > INT64_MAX)
		vi->v->overflow = true;
	e->kind = V_INT;
	e->n = (int64_t)n;
}

static void
visit_str(void *arg, const char *path, const char *s)
{
	struct visit	*vi = arg;
	struct entry	*e = put(vi->v, vi->prefix, path);

	e->kind = V_STR;
	e->s = mappa_strdup(s ? s : "");
}

static void
put_str(struct mappa_values *v, const char *prefix, const char *key,
    const char *s)
{
	struct entry	*e = put(v, prefix, key);

	e->kind = V_STR;
	e->s = mappa_strdup(s);
}

static void
add_stats(struct mappa_values *v, const struct mappa_stats *s,
    const char *prefix)
{
	struct visit	 vi = {v, prefix};
	struct mappa_stats_visitor sv = {visit_int, visit_str, &vi};
	char		 buf[MAPPA_PERIOD_LABEL_LEN];

	mappa_stats_visit(s, &sv);
	mappa_stats_period_label(s, '/', buf);
	put_str(v, prefix, "period.label", buf);
	put_str(v, prefix, "exported", s->exported ? s->exported : "");
	/* The orders of 2015/16 onward (SHPOs) or of before (SOPOs). */
	put_str(v, prefix, "era", mappa_stats_shpo_era(s->period_start) ?
	    "shpo" : "sopo");
}

struct mappa_values *
mappa_values_new(const struct mappa_stats *cur,
    const struct mappa_stats *prev)
{
	struct mappa_values *v = mappa_calloc(1, sizeof(*v));
	struct entry	*e;

	add_stats(v, cur, "");
	if (prev != NULL)
		add_stats(v, prev, "previous.");
	v->previous = prev != NULL;
	e = put(v, "", "previous");
	e->kind = V_INT;
	e->n = prev != NULL;
	/* Across 1 April 2015 the orders differ: see values_comparable(). */
	v->era_changed = prev != NULL &&
	    mappa_stats_shpo_era(cur->period_start) !=
	    mappa_stats_shpo_era(prev->period_start);
	e = put(v, "", "era_changed");
	e->kind = V_INT;
	e->n = v->era_changed;
	put_str(v, "", "program.version", "");
	put_str(v, "", "generated", "");
	put_str(v, "", "provenance.snapshot", "");
	put_str(v, "", "provenance.template", "");
	put_str(v, "", "provenance.previous", "");
	sort(v);
	if (v->overflow) {
		mappa_values_free(v);
		return NULL;
	}
	return v;
}

void
mappa_values_free(struct mappa_values *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->e[i].key);
		free(v->e[i].s);
	}
	free(v->e);
	free(v);
}

void
mappa_values_set(struct mappa_values *v, const char *key, const char *s)
{
	put_str(v, "", key, s);
	sort(v);
}

void
mappa_values_set_int(struct mappa_values *v, const char *key, int64_t n)
{
	struct entry	*e = put(v, "", key);

	e->kind = V_INT;
	e->n = n;
	sort(v);
}

int
values_get(const struct mappa_values *v, const char *name, struct value *out)
{
	const struct entry *e = find(v, name);

	if (e == NULL)
		return -1;
	out->kind = e->kind;
	out->n = e->n;
	out->s = e->s;
	return 0;
}

bool
values_has_previous(const struct mappa_values *v)
{
	return v->previous;
}

bool
values_comparable(const struct mappa_values *v, const char *name)
{
	return !v->era_changed || !mappa_stats_era_bound(name);
}
