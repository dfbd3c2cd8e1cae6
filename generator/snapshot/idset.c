/* idset.c: exact duplicate ids in flat memory, by sorted runs (reader only). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mappa/util.h"
#include "idset.h"

/*
 * A record: fingerprint [8 bytes, big end first so that memcmp orders
 * them], line [4], length [1], then the id.  Records sort by fingerprint,
 * then id, then line, so that equal ids meet, first use first.
 */
#define HEAD		13
#define RECORD_MAX	(HEAD + 255)
#define MERGE_BUF	(4 * 1024)	/* [B] read ahead per run */

void
idset_init(struct idset *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

void
idset_clear(struct idset *s)
{
	free(s->buf);
	free(s->index);
	free(s->runs);
	if (s->fd != -1)
		close(s->fd);
	idset_init(s);
}

/* FNV-1a, finished with a 64-bit mixer: it only spreads the ids. */
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
	return h;
}

static size_t
reclen(const unsigned char *r)
{
	return HEAD + r[12];
}

static unsigned long
recline(const unsigned char *r)
{
	return (unsigned long)r[8] << 24 | (unsigned long)r[9] << 16 |
	    (unsigned long)r[10] << 8 | r[11];
}

/* Same id?  (Fingerprint, length and bytes.) */
static int
same_id(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 8) == 0 && a[12] == b[12] &&
	    memcmp(a + HEAD, b + HEAD, a[12]) == 0;
}

static int
compare(const unsigned char *a, const unsigned char *b)
{
	int	 c;
	size_t	 n = a[12] < b[12] ? a[12] : b[12];

	if ((c = memcmp(a, b, 8)) != 0)
		return c;
	if ((c = memcmp(a + HEAD, b + HEAD, n)) != 0)
		return c;
	if (a[12] != b[12])
		return a[12] < b[12] ? -1 : 1;
	return memcmp(a + 8, b + 8, 4);
}

/*
 * Sort the buffer's records: by fingerprint with a stable radix sort (six
 * passes of 11 bits; linear whatever the ids, and a small count table),
 * which keeps equal fingerprints in the order they came, so by line; then
 * the rare runs of equal fingerprints by id, by insertion, so that equal
 * ids are adjacent.
 */
#define RADIX_BITS	11
#define RADIX		(1 << RADIX_BITS)

static void
sort_chunk(struct idset *s)
{
	struct idset_ref *tmp, *a = s->index, *b;
	size_t	 count[RADIX];

	if (s->n < 2)
		return;
	tmp = mappa_malloc(s->n * sizeof(*tmp));
	b = tmp;
	for (int shift = 0; shift < 64; shift += RADIX_BITS) {
		size_t	 sum = 0;
		struct idset_ref *t;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < s->n; i++)
			count[a[i].fp >> shift & (RADIX - 1)]++;
		for (size_t d = 0; d < RADIX; d++) {
			size_t	 c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < s->n; i++)
			b[count[a[i].fp >> shift & (RADIX - 1)]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	/* Six passes, an even number: the records are back in s->index. */
	for (size_t i = 1; i < s->n; i++) {
		struct idset_ref r = a[i];
		size_t	 j = i;

		while (j > 0 && a[j - 1].fp == r.fp &&
		    compare(s->buf + a[j - 1].off, s->buf + r.off) > 0) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = r;
	}
	free(tmp);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t	 k = write(fd, c, n);

		if (k == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The temporary file: in $TMPDIR, unlinked at once, so never left over. */
static int
open_temp(struct idset *s)
{
	const char *dir = getenv("TMPDIR");
	char	*path;
	int	 e;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = mappa_malloc(strlen(dir) + 32);
	strcpy(path, dir);
	strcat(path, "/mappa-ids.XXXXXX");
	if ((s->fd = mkstemp(path)) == -1) {
		e = errno;
		free(path);
		errno = e;
		return -1;
	}
	unlink(path);
	free(path);
	return 0;
}

/*
 * Sort the buffer and write it out as a run, through a small buffer: a
 * copy of the whole chunk would add half a megabyte to the peak.
 */
#define SPILL_BUF	(64 * 1024)	/* [B] */

static int
spill(struct idset *s)
{
	unsigned char *out;
	size_t	 o = 0, total = 0;
	int	 rc = 0;

	if (s->fd == -1 && open_temp(s) == -1)
		return -1;
	sort_chunk(s);
	out = mappa_malloc(SPILL_BUF);
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		const unsigned char *r = s->buf + s->index[i].off;

		if (o + reclen(r) > SPILL_BUF) {
			rc = write_all(s->fd, out, o);
			o = 0;
		}
		memcpy(out + o, r, reclen(r));
		o += reclen(r);
		total += reclen(r);
	}
	if (rc == 0 && o > 0)
		rc = write_all(s->fd, out, o);
	free(out);
	if (rc == -1)
		return -1;
	s->runs = mappa_grow(s->runs, &s->runcap, s->nruns + 1,
	    sizeof(*s->runs));
	s->runs[s->nruns].off = s->fileoff;
	s->runs[s->nruns].len = total;
	s->nruns++;
	s->fileoff += total;
	s->used = s->n = 0;
	return 0;
}

int
idset_add(struct idset *s, const char *id, size_t len, unsigned long line)
{
	uint64_t fp = fingerprint(id, len);
	unsigned char *r;
	uint32_t l = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;

	if (len == 0 || len > 255) {
		errno = EINVAL;
		return -1;
	}
	if (s->used + HEAD + len > IDSET_CHUNK && spill(s) == -1)
		return -1;
	s->buf = mappa_grow(s->buf, &s->cap, s->used + HEAD + len, 1);
	s->index = mappa_grow(s->index, &s->ncap, s->n + 1,
	    sizeof(*s->index));
	r = s->buf + s->used;
	for (int i = 0; i < 8; i++)
		r[i] = (unsigned char)(fp >> (56 - 8 * i));
	r[8] = (unsigned char)(l >> 24);
	r[9] = (unsigned char)(l >> 16);
	r[10] = (unsigned char)(l >> 8);
	r[11] = (unsigned char)l;
	r[12] = (unsigned char)len;
	memcpy(r + HEAD, id, len);
	s->index[s->n].fp = fp;
	s->index[s->n].off = (uint32_t)s->used;
	s->n++;
	s->used += HEAD + len;
	return 0;
}

/* A run being merged: its next record, read ahead in a small buffer. */
struct cursor {
	uint64_t	 off, left;	/* [B] still in the file */
	unsigned char	*buf;
	size_t		 pos, fill;	/* [B] */
	const unsigned char *rec;	/* the next record, NULL at the end */
	uint64_t	 fp;		/* its fingerprint */
};

static int
cursor_fill(int fd, struct cursor *c)
{
	size_t	 keep = c->fill - c->pos;
	size_t	 want;
	ssize_t	 k;

	memmove(c->buf, c->buf + c->pos, keep);
	c->pos = 0;
	c->fill = keep;
	want = MERGE_BUF - keep;
	if (want > c->left)
		want = (size_t)c->left;
	while (want > 0) {
		k = pread(fd, c->buf + c->fill, want, (off_t)c->off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		c->fill += (size_t)k;
		c->off += (uint64_t)k;
		c->left -= (uint64_t)k;
		want -= (size_t)k;
	}
	return 0;
}

/* The cursor's current record, or NULL at its end; -1 on a read error. */
static int
cursor_peek(int fd, struct cursor *c, const unsigned char **r)
{
	if (c->fill - c->pos < HEAD ||
	    c->fill - c->pos < reclen(c->buf + c->pos)) {
		if (c->left > 0 && cursor_fill(fd, c) == -1)
			return -1;
		if (c->fill - c->pos < HEAD) {
			*r = NULL;
			return 0;
		}
	}
	*r = c->buf + c->pos;
	return 0;
}

/* Point c at its next record; -1 on a read error. */
static int
cursor_next(int fd, struct cursor *c)
{
	if (cursor_peek(fd, c, &c->rec) == -1)
		return -1;
	c->fp = 0;
	if (c->rec != NULL)
		for (int i = 0; i < 8; i++)
			c->fp = c->fp << 8 | c->rec[i];
	return 0;
}

static int
cursor_less(const struct cursor *a, const struct cursor *b)
{
	if (a->fp != b->fp)
		return a->fp < b->fp;
	return compare(a->rec, b->rec) < 0;
}

/* Restore the heap order below slot i of heap[0..n). */
static void
sift(struct cursor **heap, size_t n, size_t i)
{
	for (;;) {
		size_t	 l = 2 * i + 1, m = i;
		struct cursor *t;

		if (l < n && cursor_less(heap[l], heap[m]))
			m = l;
		if (l + 1 < n && cursor_less(heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* Equal ids come one after the other: the first is the first use. */
struct scan {
	unsigned char	 prev[RECORD_MAX];
	unsigned long	 first;
	int		 have;
};

static void
scan_one(struct scan *sc, const unsigned char *r, void (*dup)(void *,
    const char *, size_t, unsigned long, unsigned long), void *arg)
{
	if (sc->have && same_id(sc->prev, r))
		dup(arg, (const char *)r + HEAD, r[12], recline(r), sc->first);
	else {
		memcpy(sc->prev, r, reclen(r));
		sc->first = recline(r);
		sc->have = 1;
	}
}

int
idset_finish(struct idset *s, void (*dup)(void *, const char *, size_t,
    unsigned long, unsigned long), void *arg)
{
	struct scan	 sc;
	struct cursor	*cur = NULL, **heap = NULL;
	size_t		 n = 0;
	int		 rc = -1;

	sc.have = 0;
	if (s->nruns == 0) {
		/* All in memory: sort once and look at neighbours. */
		sort_chunk(s);
		for (size_t i = 0; i < s->n; i++)
			scan_one(&sc, s->buf + s->index[i].off, dup, arg);
		rc = 0;
		goto out;
	}
	if (s->n > 0 && spill(s) == -1)
		goto out;
	free(s->buf);
	s->buf = NULL;
	s->cap = 0;

	/* A k-way merge of the runs through a heap of their cursors. */
	cur = mappa_calloc(s->nruns, sizeof(*cur));
	heap = mappa_calloc(s->nruns, sizeof(*heap));
	for (size_t i = 0; i < s->nruns; i++) {
		cur[i].off = s->runs[i].off;
		cur[i].left = s->runs[i].len;
		cur[i].buf = mappa_malloc(MERGE_BUF);
		if (cursor_next(s->fd, &cur[i]) == -1)
			goto out;
		if (cur[i].rec != NULL)
			heap[n++] = &cur[i];
	}
	for (size_t i = n / 2; i-- > 0;)
		sift(heap, n, i);
	while (n > 0) {
		struct cursor *c = heap[0];

		scan_one(&sc, c->rec, dup, arg);
		c->pos += reclen(c->rec);
		if (cursor_next(s->fd, c) == -1)
			goto out;
		if (c->rec == NULL)
			heap[0] = heap[--n];
		sift(heap, n, 0);
	}
	rc = 0;
out:
	if (cur != NULL)
		for (size_t i = 0; i < s->nruns; i++)
			free(cur[i].buf);
	free(cur);
	free(heap);
	idset_clear(s);
	return rc;
}
