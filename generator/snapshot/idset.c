/* idset.c: open-addressing set of id fingerprints (reader only). */
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "idset.h"

void
idset_init(struct idset *s)
{
	memset(s, 0, sizeof(*s));
}

void
idset_clear(struct idset *s)
{
	free(s->keys);
	free(s->lines);
	idset_init(s);
}

/* FNV-1a over the bytes, then a 64-bit finaliser to spread the bits. */
static uint64_t
fingerprint(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static void
put(struct idset *s, uint64_t key, uint32_t line)
{
	size_t	 i = key & (s->cap - 1);

	while (s->keys[i] != 0)
		i = (i + 1) & (s->cap - 1);
	s->keys[i] = key;
	s->lines[i] = line;
}

static void
grow(struct idset *s)
{
	struct idset old = *s;

	s->cap = old.cap ? old.cap * 2 : 1024;
	s->keys = mappa_calloc(s->cap, sizeof(*s->keys));
	s->lines = mappa_calloc(s->cap, sizeof(*s->lines));
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i] != 0)
			put(s, old.keys[i], old.lines[i]);
	free(old.keys);
	free(old.lines);
}

unsigned long
idset_add(struct idset *s, const char *id, size_t len, unsigned long line)
{
	uint64_t key = fingerprint(id, len);
	size_t	 i;

	/* Keep the load under 3/4 so probes stay short. */
	if (4 * (s->len + 1) > 3 * s->cap)
		grow(s);
	for (i = key & (s->cap - 1); s->keys[i] != 0;
	    i = (i + 1) & (s->cap - 1))
		if (s->keys[i] == key)
			return s->lines[i] ? s->lines[i] : 1;
	s->keys[i] = key;
	s->lines[i] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	s->len++;
	return 0;
}
