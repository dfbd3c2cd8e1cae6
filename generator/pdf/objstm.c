/* objstm.c: libharu's PDF rewritten with its small objects packed into compressed object streams; for pdf.c through pdf_int.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "mappa/util.h"
#include "pdf_int.h"

/*
 * libharu 2.3.0 writes every object on its own, uncompressed, with a
 * classic cross-reference table; a tagged PDF has hundreds of small
 * structure elements, which doubled the file.  PDF 1.5 and later (and
 * PDF/A-2) allow object streams: the objects that are not streams go,
 * unchanged and with their numbers, into Flate-compressed object
 * streams, and a cross-reference stream says where each is.  The input
 * is libharu's own output, whose layout is fixed: "N 0 obj\n...endobj\n"
 * in number order, "xref", one table section from 0, "trailer".
 *
 * Three things more make the file small (a table's thousand cells are a
 * thousand structure elements, each an object with an MCID):
 *
 * - each object is written without the white space libharu puts
 *   between its tokens (strings are left as they are);
 * - the small objects (table cells' elements, numbers) go into object
 *   streams laid out as a grid of ROW-byte rows, one object and one
 *   entry of the stream's header per row, each padded with spaces, and
 *   compressed with the PNG "up" predictor (ISO 32000-1, 7.4.4.4): a
 *   row less the row above is all zeros but a digit or two, so a cell's
 *   element costs about one byte where, as text, its object number,
 *   offset and MCID cost eleven;
 * - libharu writes page content as it is (pdf.c asks it to): it is
 *   deflated here, once, and its /Length object mended.
 */

#define PER_STREAM	400	/* objects in one object stream */
#define ROW		50	/* [bytes] a row of a grid object stream */
#define PER_GRID	1000	/* objects in one grid object stream */

struct buf {
	char	*p;
	size_t	 n, cap;
};

static void
put(struct buf *b, const void *s, size_t n)
{
	b->p = mappa_grow(b->p, &b->cap, b->n + n + 1, 1);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char *
find(const char *s, const char *end, const char *what)
{
	size_t	 n = strlen(what);

	for (; s + n <= end; s++)
		if (*s == *what && memcmp(s, what, n) == 0)
			return s;
	return NULL;
}

/*
 * One deflate state for every stream of the file: each compress2() call
 * allocated zlib's quarter megabyte afresh, and the pages faulted in
 * cost more time than the deflating.  A reset stream writes the same
 * bytes as a new one.
 */
struct zs {
	z_stream z;
	int	 init, level;
};

/* Returns 0, -1 if zlib ran out of memory (told as such), or -2. */
static int
deflated(struct zs *zs, const char *in, size_t n, struct buf *out,
    int level)
{
	int	 r;

	if (!zs->init) {
		if ((r = deflateInit(&zs->z, level)) != Z_OK)
			return r == Z_MEM_ERROR ? -1 : -2;
		zs->init = 1;
		zs->level = level;
	} else {
		if (deflateReset(&zs->z) != Z_OK)
			return -2;
		if (level != zs->level) {
			if (deflateParams(&zs->z, level, Z_DEFAULT_STRATEGY) !=
			    Z_OK)
				return -2;
			zs->level = level;
		}
	}
	out->n = 0;
	out->p = mappa_grow(out->p, &out->cap,
	    deflateBound(&zs->z, (uLong)n) + 1, 1);
	zs->z.next_in = (Bytef *)(uintptr_t)in;
	zs->z.avail_in = (uInt)n;
	zs->z.next_out = (Bytef *)out->p;
	zs->z.avail_out = (uInt)(out->cap - 1);
	if ((r = deflate(&zs->z, Z_FINISH)) != Z_STREAM_END)
		return r == Z_MEM_ERROR ? -1 : -2;
	out->n = zs->z.total_out;
	return 0;
}

/*
 * An object's text again without the white space that no token needs:
 * none next to a delimiter, one space elsewhere.  Strings (literal and
 * hex) are copied as they are; an object with a comment or an
 * unbalanced string is copied whole.
 */
static void
minify(const char *s, size_t n, struct buf *out)
{
	static const char delim[] = "()<>[]{}/%";
	const char	*end = s + n, *p, *s0 = s;
	char		*o, last = '\0';
	int		 depth;

	/* never longer than the input: written in place, counted at the end */
	out->p = mappa_grow(out->p, &out->cap, out->n + n + 1, 1);
	o = out->p + out->n;
	while (s < end) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' ||
		    *s == '\f' || *s == '\0') {
			while (s < end && (*s == ' ' || *s == '\n' ||
			    *s == '\r' || *s == '\t' || *s == '\f' ||
			    *s == '\0'))
				s++;
			if (last != '\0' && s < end &&
			    strchr(delim, *s) == NULL &&
			    strchr("()<>[]{}", last) == NULL)
				*o++ = ' ';
			continue;
		}
		if (*s == '%')
			goto whole;
		p = s;
		if (*s == '(') {
			for (depth = 0; p < end; p++) {
				if (*p == '\\') {
					p++;
					continue;
				}
				if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0)
					break;
			}
			if (p >= end)
				goto whole;
		} else if (*s == '<' && s + 1 < end && s[1] != '<') {
			if ((p = memchr(s, '>', (size_t)(end - s))) == NULL)
				goto whole;
		} else if ((*s == '<' || *s == '>') && s + 1 < end &&
		    s[1] == *s)
			p++;
		memcpy(o, s, (size_t)(p + 1 - s));
		o += p + 1 - s;
		last = *p;
		s = p + 1;
	}
	out->n = (size_t)(o - out->p);
	return;
whole:
	memcpy(out->p + out->n, s0, n);
	out->n += n;
}

/* v in decimal, right-aligned in w places (w 0: as long as it is). */
static void
putnum(struct buf *b, size_t v, size_t w)
{
	char	 d[24];
	size_t	 i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	b->p = mappa_grow(b->p, &b->cap, b->n + w + sizeof(d) + 1, 1);
	while (sizeof(d) - i < w--)
		b->p[b->n++] = ' ';
	memcpy(b->p + b->n, d + i, sizeof(d) - i);
	b->n += sizeof(d) - i;
}

/* One entry of the cross-reference stream: W [1 4 2]. */
static void
xent(struct buf *x, int type, size_t f2, unsigned f3)
{
	unsigned char e[7];

	e[0] = (unsigned char)type;
	e[1] = (unsigned char)(f2 >> 24);
	e[2] = (unsigned char)(f2 >> 16);
	e[3] = (unsigned char)(f2 >> 8);
	e[4] = (unsigned char)f2;
	e[5] = (unsigned char)(f3 >> 8);
	e[6] = (unsigned char)f3;
	put(x, e, 7);
}

/*
 * Stream object i (body b[n], "<<...>>\nstream\r\nDATA\nendstream")
 * into out: deflated here if libharu left it without a filter (all but
 * the XMP, which stays readable to any tool); then *lenobj is its /Length
 * object and *newlen the length.  Returns 0, -1 out of memory or -2 on a
 * zlib error.
 */
static int
putstream(struct zs *zs, const char *b, size_t n, size_t nobj,
    struct buf *out, struct buf *z, size_t *lenobj, size_t *newlen)
{
	const char	*d, *data, *l;
	size_t		 dlen, dictlen;
	int		 r;

	*lenobj = 0;
	d = find(b, b + n, ">>\nstream\r\n");
	dictlen = (size_t)(d - b) + 11;
	data = b + dictlen;
	if (n < dictlen + 10 || memcmp(b + n - 10, "\nendstream", 10) != 0)
		goto copy;
	dlen = n - dictlen - 10;
	if (find(b, d, "/Filter") != NULL ||
	    find(b, d, "/Type /Metadata") != NULL ||
	    (l = find(b, d, "/Length ")) == NULL)
		goto copy;
	*lenobj = strtoul(l + 8, NULL, 10);
	if (*lenobj == 0 || *lenobj >= nobj)
		goto copy;
	/*
	 * zlib's default level: 8 or 9 pack page content 1% smaller for a
	 * tenth more of the whole run's time.
	 */
	if ((r = deflated(zs, data, dlen, z, Z_DEFAULT_COMPRESSION)) != 0)
		return r;
	put(out, b, (size_t)(d - b));
	puts_(out, "/Filter /FlateDecode\n>>\nstream\r\n");
	put(out, z->p, z->n);
	puts_(out, "\nendstream");
	*newlen = z->n;
	return 0;
copy:
	*lenobj = 0;
	put(out, b, n);
	return 0;
}

/* An object to pack: its number, its text and a hash of its shape. */
struct pobj {
	size_t		 obj, n;
	const char	*s;
	uint64_t	 shape;
};

/*
 * The shape of an object: its text with every number taken as 0, hashed
 * (FNV-1a).  Objects of one shape go together in a grid, in number
 * order: table cells' elements, rows', ...: the 2011/12 report 1.5 KB
 * smaller than all in number order.
 */
static uint64_t
shape(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t	 i;
	int	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9') {
			while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
				i++;
			c = '0';
		}
		h = (h ^ (uint64_t)c) * 1099511628211ULL;
	}
	return h;
}

static int
byshape(const void *va, const void *vb)
{
	const struct pobj *a = va, *b = vb;

	if (a->shape != b->shape)
		return a->shape < b->shape ? -1 : 1;
	return a->obj < b->obj ? -1 : a->obj > b->obj;
}

/* Spaces to the end of the ROW-byte row, and a newline. */
static void
pad(struct buf *b)
{
	size_t	 k = ROW - b->n % ROW;

	b->p = mappa_grow(b->p, &b->cap, b->n + k + 1, 1);
	memset(b->p + b->n, ' ', k - 1);
	b->p[b->n + k - 1] = '\n';
	b->n += k;
}

/* PNG "up" rows of cols bytes (predictor 12): each less the one above. */
static void
uprows(const char *in, size_t n, size_t cols, struct buf *out)
{
	const unsigned char *restrict src = (const unsigned char *)in;
	unsigned char	*restrict dst;
	size_t		 i, k;

	out->p = mappa_grow(out->p, &out->cap, n + n / cols + 2, 1);
	dst = (unsigned char *)out->p;
	for (i = 0; i < n; i += cols) {
		*dst++ = 2;
		if (i == 0)
			memcpy(dst, src, cols);
		else
			for (k = 0; k < cols; k++)
				dst[k] = (unsigned char)(src[i + k] -
				    src[i + k - cols]);
		dst += cols;
	}
	out->n = (size_t)(dst - (unsigned char *)out->p);
}

int
pdf_pack(const char *in, size_t len, char **outp, size_t *outlen,
    char *err, size_t errlen)
{
	const char	*end = in + len, *s, *e, *tr, *body, *hdr;
	struct buf	 out = { 0 }, stm = { 0 }, head = { 0 }, z = { 0 },
			 x = { 0 }, mb = { 0 }, raw = { 0 };
	struct zs	 zs;
	size_t		*off = NULL, *obody = NULL, *olen = NULL, *stmof = NULL,
			*stmidx = NULL, *mofs = NULL, *mlen = NULL,
			*newlen = NULL, n, i, j, k, first, nstm, base, lo, nl;
	struct pobj	*ol = NULL;
	int		*isstm = NULL, grid, pass;
	long		 xref;
	char		 num[192];
	int		 rc = -1, zr = 0;

	*outp = NULL;
	*outlen = 0;
	memset(&zs, 0, sizeof(zs));
	/* the table: "startxref\nOFFSET\n%%EOF" at the end */
	for (s = end - 1; s > in && !(s + 9 <= end &&
	    memcmp(s, "startxref", 9) == 0); s--)
		continue;
	if (s == in || (xref = strtol(s + 9, NULL, 10)) <= 0 ||
	    (size_t)xref >= len || strncmp(in + xref, "xref\n0 ", 7) != 0)
		goto bad;
	n = strtoul(in + xref + 7, NULL, 10);
	if ((s = memchr(in + xref + 7, '\n', len - (size_t)xref - 7)) == NULL ||
	    n < 2 || (size_t)(end - s - 1) < n * 20)
		goto bad;
	s++;
	off = mappa_calloc(n + 1, sizeof(*off));
	obody = mappa_calloc(n, sizeof(*obody));
	olen = mappa_calloc(n, sizeof(*olen));
	isstm = mappa_calloc(n, sizeof(*isstm));
	stmof = mappa_calloc(n, sizeof(*stmof));
	stmidx = mappa_calloc(n, sizeof(*stmidx));
	mofs = mappa_calloc(n, sizeof(*mofs));
	mlen = mappa_calloc(n, sizeof(*mlen));
	newlen = mappa_calloc(n, sizeof(*newlen));
	for (i = 0; i < n; i++) {
		off[i] = strtoul(s + 20 * i, NULL, 10);
		if (i > 0 && (s[20 * i + 17] != 'n' || off[i] <= off[i - 1] ||
		    off[i] >= (size_t)xref))
			goto bad;
	}
	off[n] = (size_t)xref;
	if ((tr = find(s + 20 * n, end, "trailer\n<<\n")) == NULL)
		goto bad;
	/* each object's body, between "N 0 obj\n" and "endobj\n" */
	for (i = 1; i < n; i++) {
		snprintf(num, sizeof(num), "%zu 0 obj\n", i);
		if (strncmp(in + off[i], num, strlen(num)) != 0)
			goto bad;
		body = in + off[i] + strlen(num);
		e = in + off[i + 1];
		while (e > body && (e[-1] == '\n' || e[-1] == '\r'))
			e--;
		if (e - body < 6 || memcmp(e - 6, "endobj", 6) != 0)
			goto bad;
		e -= 6;
		while (e > body && (e[-1] == '\n' || e[-1] == '\r'))
			e--;
		obody[i] = (size_t)(body - in);
		olen[i] = (size_t)(e - body);
		isstm[i] = find(body, e, ">>\nstream\r\n") != NULL;
	}
	/* the header's two lines, as libharu wrote them, then the streams */
	if ((hdr = memchr(in, '\n', len)) == NULL ||
	    (hdr = memchr(hdr + 1, '\n', (size_t)(end - hdr - 1))) == NULL)
		goto bad;
	put(&out, in, (size_t)(hdr + 1 - in));
	for (i = 1; i < n; i++) {
		if (!isstm[i])
			continue;
		stmof[i] = out.n;
		snprintf(num, sizeof(num), "%zu 0 obj\n", i);
		puts_(&out, num);
		if ((zr = putstream(&zs, in + obody[i], olen[i], n, &out, &z,
		    &lo, &nl)) != 0)
			goto zbad;
		if (lo != 0)
			newlen[lo] = nl;
		puts_(&out, "\nendobj\n");
	}
	/* the other objects' text without white space; /Length mended */
	for (i = 1; i < n; i++) {
		if (isstm[i])
			continue;
		mofs[i] = mb.n;
		if (newlen[i] != 0) {
			snprintf(num, sizeof(num), "%zu", newlen[i]);
			puts_(&mb, num);
		} else
			minify(in + obody[i], olen[i], &mb);
		mlen[i] = mb.n - mofs[i];
	}
	/*
	 * Object streams numbered n...: first the grids of the objects
	 * that fit a row, PER_GRID to a stream, then the rest, PER_STREAM
	 * to a stream.
	 */
	nstm = 0;
	ol = mappa_calloc(PER_GRID > PER_STREAM ? PER_GRID : PER_STREAM,
	    sizeof(*ol));
	for (pass = 0; pass < 2; pass++) {
		for (i = 1; i < n; ) {
			head.n = stm.n = 0;
			for (k = 0; i < n && k < (pass == 0 ? PER_GRID :
			    PER_STREAM); i++) {
				grid = mlen[i] < ROW;
				if (isstm[i] || grid != (pass == 0))
					continue;
				ol[k].obj = i;
				ol[k].s = mb.p + mofs[i];
				ol[k].n = mlen[i];
				ol[k++].shape = pass == 0 ? shape(mb.p + mofs[i],
				    mlen[i]) : 0;
			}
			if (k == 0)
				break;
			/* like rows together: a row less the row above is 0 */
			if (pass == 0)
				qsort(ol, k, sizeof(*ol), byshape);
			for (j = 0; j < k; j++) {
				if (pass == 0) {
					/* "OBJ OFFSET", two to a row; an object a row */
					putnum(&head, ol[j].obj, j % 2 ? 11 : 10);
					putnum(&head, stm.n, 11);
					if (j % 2)
						pad(&head);
					put(&stm, ol[j].s, ol[j].n);
					pad(&stm);
				} else {
					putnum(&head, ol[j].obj, 0);
					put(&head, " ", 1);
					putnum(&head, stm.n, 0);
					put(&head, " ", 1);
					put(&stm, ol[j].s, ol[j].n);
					puts_(&stm, "\n");
				}
				stmof[ol[j].obj] = n + nstm;
				stmidx[ol[j].obj] = j;
			}
			if (k == 0)
				break;
			if (head.n % ROW != 0)
				pad(&head);
			first = head.n;
			put(&head, stm.p, stm.n);
			if (pass == 0) {
				uprows(head.p, head.n, ROW, &raw);
				zr = deflated(&zs, raw.p, raw.n, &z,
				    Z_DEFAULT_COMPRESSION);
			} else
				zr = deflated(&zs, head.p, head.n, &z,
				    Z_DEFAULT_COMPRESSION);
			if (zr != 0)
				goto zbad;
			off = mappa_realloc(off, (n + nstm + 2) * sizeof(*off));
			off[n + nstm] = out.n;
			snprintf(num, sizeof(num), "%zu 0 obj\n<< /Type /ObjStm "
			    "/N %zu /First %zu /Filter /FlateDecode ", n + nstm,
			    k, first);
			puts_(&out, num);
			if (pass == 0) {
				snprintf(num, sizeof(num), "/DecodeParms << "
				    "/Predictor 12 /Columns %d >> ", ROW);
				puts_(&out, num);
			}
			snprintf(num, sizeof(num), "/Length %zu >>\nstream\r\n",
			    z.n);
			puts_(&out, num);
			put(&out, z.p, z.n);
			puts_(&out, "\r\nendstream\nendobj\n");
			nstm++;
		}
	}
	/* ...and the cross-reference stream after them says where all are */
	base = n + nstm;
	xent(&x, 0, 0, 65535);
	for (i = 1; i < n; i++)
		if (isstm[i])
			xent(&x, 1, stmof[i], 0);
		else
			xent(&x, 2, stmof[i], (unsigned)stmidx[i]);
	for (i = 0; i < nstm; i++)
		xent(&x, 1, off[n + i], 0);
	xent(&x, 1, out.n, 0);
	/* PNG "up" rows: neighbouring entries differ little, so they pack */
	uprows(x.p, x.n, 7, &head);
	if ((zr = deflated(&zs, head.p, head.n, &z,
	    Z_DEFAULT_COMPRESSION)) != 0)
		goto zbad;
	xref = (long)out.n;
	snprintf(num, sizeof(num), "%zu 0 obj\n<< /Type /XRef /Size %zu "
	    "/W [ 1 4 2 ] /Filter /FlateDecode /DecodeParms << /Predictor 12 "
	    "/Columns 7 >> /Length %zu\n", base, base + 1,
	    z.n);
	puts_(&out, num);
	/* the trailer's entries but its /Size */
	for (s = tr + 11; s < end && *s == '/'; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			goto bad;
		if (strncmp(s, "/Size ", 6) != 0)
			put(&out, s, (size_t)(e + 1 - s));
	}
	puts_(&out, ">>\nstream\r\n");
	put(&out, z.p, z.n);
	snprintf(num, sizeof(num), "\r\nendstream\nendobj\nstartxref\n%ld\n"
	    "%%%%EOF\n", xref);
	puts_(&out, num);
	*outp = out.p;
	*outlen = out.n;
	out.p = NULL;
	rc = 0;
	goto out;
zbad:
	if (zr == -1) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(err, errlen, "PDF: packing: zlib failed");
	goto out;
bad:
	snprintf(err, errlen, "PDF: packing: libharu's output is not laid "
	    "out as expected");
out:
	if (zs.init)
		deflateEnd(&zs.z);
	free(out.p);
	free(stm.p);
	free(head.p);
	free(z.p);
	free(x.p);
	free(mb.p);
	free(raw.p);
	free(off);
	free(obody);
	free(olen);
	free(isstm);
	free(stmof);
	free(stmidx);
	free(mofs);
	free(mlen);
	free(ol);
	free(newlen);
	return rc;
}
