/* objstm.c: libharu's PDF rewritten with its small objects packed into compressed object streams; for pdf.c through pdf_int.h. */
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
 */

#define PER_STREAM	400	/* objects in one object stream */

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

/* Returns 0, -1 if zlib ran out of memory (told as such), or -2. */
static int
deflated(const char *in, size_t n, struct buf *out)
{
	uLongf	 len = compressBound((uLong)n);
	int	 z;

	out->n = 0;
	out->p = mappa_grow(out->p, &out->cap, len + 1, 1);
	if ((z = compress2((Bytef *)out->p, &len, (const Bytef *)in,
	    (uLong)n, Z_BEST_COMPRESSION)) != Z_OK)
		return z == Z_MEM_ERROR ? -1 : -2;
	out->n = len;
	return 0;
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

int
pdf_pack(const char *in, size_t len, char **outp, size_t *outlen,
    char *err, size_t errlen)
{
	const char	*end = in + len, *s, *e, *tr, *body, *hdr;
	struct buf	 out = { 0 }, stm = { 0 }, head = { 0 }, z = { 0 },
			 x = { 0 };
	size_t		*off = NULL, *obody = NULL, *olen = NULL, *stmof = NULL,
			*stmidx = NULL, n, i, k, first, nstm, base;
	int		*isstm = NULL;
	long		 xref;
	char		 num[192];
	int		 rc = -1, zr = 0;

	*outp = NULL;
	*outlen = 0;
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
		put(&out, in + obody[i], olen[i]);
		puts_(&out, "endobj\n");
	}
	/* the other objects, PER_STREAM to an object stream numbered n... */
	nstm = 0;
	for (i = 1; i < n; ) {
		head.n = stm.n = 0;
		for (k = 0; i < n && k < PER_STREAM; i++) {
			if (isstm[i])
				continue;
			snprintf(num, sizeof(num), "%zu %zu ", i, stm.n);
			puts_(&head, num);
			put(&stm, in + obody[i], olen[i]);
			puts_(&stm, "\n");
			stmof[i] = n + nstm;
			stmidx[i] = k++;
		}
		if (k == 0)
			break;
		first = head.n;
		put(&head, stm.p, stm.n);
		if ((zr = deflated(head.p, head.n, &z)) != 0)
			goto zbad;
		off = mappa_realloc(off, (n + nstm + 2) * sizeof(*off));
		off[n + nstm] = out.n;
		snprintf(num, sizeof(num), "%zu 0 obj\n<< /Type /ObjStm /N %zu "
		    "/First %zu /Filter /FlateDecode /Length %zu >>\nstream\r\n",
		    n + nstm, k, first, z.n);
		puts_(&out, num);
		put(&out, z.p, z.n);
		puts_(&out, "\r\nendstream\nendobj\n");
		nstm++;
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
	for (i = x.n / 7; i > 0; i--) {
		for (k = 0; k < 7 && i > 1; k++)
			x.p[(i - 1) * 7 + k] = (char)(x.p[(i - 1) * 7 + k] -
			    x.p[(i - 2) * 7 + k]);
	}
	for (i = 0, head.n = 0; i < x.n / 7; i++) {
		put(&head, "\2", 1);
		put(&head, x.p + 7 * i, 7);
	}
	if ((zr = deflated(head.p, head.n, &z)) != 0)
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
	free(out.p);
	free(stm.p);
	free(head.p);
	free(z.p);
	free(x.p);
	free(off);
	free(obody);
	free(olen);
	free(isstm);
	free(stmof);
	free(stmidx);
	return rc;
}
