/* reader.c: the streaming snapshot reader (libxml2's SAX2 push parser); the only user of libxml2 here. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "mappa/date.h"
#include "mappa/sha256.h"
#include "mappa/snapshot.h"
#include "mappa/util.h"
#include "mappa/xmlsafe.h"
#include "idset.h"

/*
 * libxml2 is given nothing that expands or loads: no NOENT, DTDLOAD,
 * DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER.  No tree is built: the
 * SAX2 callbacks below see each tag once, and lines come from the parser's
 * own count (an int, so right past 65535).  A DOCTYPE is refused on sight.
 */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

#if defined(__SANITIZE_ADDRESS__)
#define CHECK_MARK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_MARK 1
#endif
#endif

/* How much is read and pushed to the parser at a time [B]. */
#define BLOCK	(64 * 1024)

/* Schema errors kept until we know whether our own checks saw the fault. */
#define SCHEMA_KEEP MAPPA_DIAG_LIMIT

/* How much of a bad value a message quotes. */
#define SHOW_MAX 40

/* What the first bytes say about the encoding, before libxml2 looks. */
enum family {
	FAM_ASCII,	/* UTF-8 or another ASCII-compatible encoding */
	FAM_UTF16,	/* UTF-16, either byte order */
	FAM_UTF32,	/* UTF-32 / UCS-4: libxml2 2.9.14 can't read it */
	FAM_OTHER	/* EBCDIC or unknown: left to libxml2 */
};

/* The DOCTYPE pre-scan's states: where in the prolog the bytes are. */
enum scan {
	SCAN_TEXT, SCAN_LT, SCAN_BANG, SCAN_BANG_DASH, SCAN_COMMENT,
	SCAN_COMMENT_D1, SCAN_COMMENT_D2, SCAN_PI, SCAN_PI_Q, SCAN_MARKUP,
	SCAN_DONE
};

struct input {
	int		 fd;		/* -1 when reading from memory */
	const char	*mem;
	size_t		 memlen, memoff;
	int		 err;		/* errno of a failed read, or 0 */
	size_t		 total;		/* bytes read [B] */
	struct mappa_sha256 *sha;	/* hash of the bytes, or NULL */
	enum family	 family;
	enum scan	 scan;
	unsigned long	 scan_line;	/* line the scan has reached */
	unsigned long	 doctype_line;	/* line of a <!DOCTYPE, or 0 */
	bool		 held_cr;	/* a CR held back from the last block */
};

struct rd {
	xmlParserCtxtPtr	 ctxt;
	struct mappa_diag	*diag;
	const struct mappa_handler *h;
	struct input		*in;
	bool			 stop;		/* a handler or a fatal error */
	bool			 stopped_by_handler;
	bool			 header_ok;	/* header handed out */
	bool			 root;		/* the root's start tag seen */
	int			 depth;		/* elements open */
	int			 skip;		/* depth skipped below, or -1 */
	const char		*child;		/* open child of an offender */
	unsigned long		 child_line;
	bool			 child_bad;	/* its content was reported */
	bool			 child_space;	/* it holds white space */
	bool			 in_text;	/* within a run of text */
	/*
	 * Where the parser stood after the last event in content, when it
	 * stands right at the next markup: the next start tag's line
	 * without looking back for its '<'.
	 */
	bool			 mark_ok;
	unsigned long		 mark_line;
	bool			 text_said;	/* the run was reported */

	/* The header. */
	struct mappa_header	 hdr;
	char			*area;
	char			*exported;

	/* The offender being read. */
	bool			 in_offender;
	bool			 off_bad;	/* its start tag was unusable */
	char			 id[MAPPA_ID_MAX + 1];
	struct mappa_offender	 off;
	struct mappa_level	*levels;
	size_t			 nlevels, levcap;
	struct mappa_event	*events;
	size_t			 nevents, evcap;
	unsigned long		 errors_at_start;

	struct idset		 ids;
	const char		*nm[24];	/* interned names, enum nm */
	/* The current start tag's attributes, as SAX2 hands them out. */
	const xmlChar		**attrs;	/* 5 pointers each */
	int			 nattrs;
	int			 attr;		/* next_attr()'s cursor */
	char			*vbuf;		/* a value, NUL-terminated */
	size_t			 vcap;		/* [B] */
	char			 nbuf[128];	/* a prefixed attribute name */
	int			 tmp_err;	/* errno of the id file, or 0 */

	/* Schema and parser errors from libxml2's handler. */
	unsigned long		 schema_errors;
	unsigned long		 schema_line[SCHEMA_KEEP];
	char			*schema_msg[SCHEMA_KEEP];
	bool			 xml_fatal;
};

static xmlSchemaPtr schema;

/* ------------------------------------------------------------------ */
/* Messages */

/*
 * Quote a value from the file for a message: at most SHOW_MAX bytes, with
 * control characters escaped so that a value can't forge lines on a
 * terminal.  buf must hold 4 * SHOW_MAX + 8 bytes.
 */
static const char *
show(const char *s, size_t len, char *buf)
{
	char	*p = buf;
	size_t	 i;

	for (i = 0; i < len && i < SHOW_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		/* A '&' as SAX2 hands it out (see decode()). */
		if (c == '&' && len - i >= 5 && memcmp(s + i, "&#38;", 5) == 0)
			i += 4;
		if (c < 0x20 || c == 0x7f)
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	/* Don't end in the middle of a UTF-8 sequence. */
	if (i < len) {
		while (p > buf && ((unsigned char)p[-1] & 0xc0) == 0x80)
			p--;
		if (p > buf && (unsigned char)p[-1] >= 0xc0)
			p--;
		memcpy(p, "...", 3);
		p += 3;
	}
	*p = '\0';
	return buf;
}

/* An error in the offender being read: "offender ID: ...". */
static void
off_error(struct rd *rd, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void
off_error(struct rd *rd, unsigned long line, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* "offender ID" once the id is known to be good, else "offender". */
	mappa_diag_error(rd->diag, line, "offender%s%s: %s",
	    rd->id[0] ? " " : "", rd->id, msg);
}

/* A DOCTYPE could pull in outside content or expand entities: refuse it. */
static void
doctype_error(struct rd *rd)
{
	mappa_diag_error(rd->diag, rd->in->doctype_line, "a document type "
	    "declaration (<!DOCTYPE>) is not allowed in a snapshot; remove "
	    "it");
}

/* libxml2's terse words for the limits it keeps, said for a reader. */
static const char *
hint_for(const char *msg)
{
	static const struct {
		const char *libxml, *hint;
	} hints[] = {
		{"Document is empty", " (the file does not begin with XML "
		    "markup: is it a snapshot?)"},
		{"Huge input lookup", " (a value or text is longer than the "
		    "10,000,000 bytes allowed)"},
		{"length too long", " (a value or text is longer than the "
		    "10,000,000 bytes allowed)"},
		{"Excessive depth", " (elements are nested deeper than the 256 "
		    "levels allowed)"},
	};

	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strstr(msg, hints[i].libxml) != NULL)
			return hints[i].hint;
	return "";
}

/*
 * libxml2's structured errors: parser errors are fatal and shown at once;
 * schema validity errors are held back, and shown only if our own checks,
 * which give better messages, found nothing.
 */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct rd	*rd = arg;
	char		*msg;
	size_t		 n;

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	/* libxml2 out of memory is the system failing, not the snapshot. */
	if (e->code == XML_ERR_NO_MEMORY)
		mappa_oom();
	msg = mappa_strdup(e->message ? e->message : "unknown error");
	/* One line per diagnostic: libxml2 puts some details on a second. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' && p[1] != '\0')
			*p = ' ';
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->domain == XML_FROM_SCHEMASV) {
		if (rd->schema_errors < SCHEMA_KEEP) {
			rd->schema_line[rd->schema_errors] =
			    e->line > 0 ? (unsigned long)e->line : 0;
			rd->schema_msg[rd->schema_errors] = msg;
		} else
			free(msg);
		rd->schema_errors++;
		return;
	}
	if (!rd->xml_fatal) {
		const char *hint = hint_for(msg);

		if (e->domain == XML_FROM_IO && rd->in->err != 0)
			; /* reported as a system error by the caller */
		else if (rd->in->doctype_line != 0)
			doctype_error(rd);
		else if (rd->in->total == 0)
			; /* said once reading ends: the file is empty */
		else
			mappa_diag_error(rd->diag,
			    e->line > 0 ? (unsigned long)e->line : 0,
			    "not well-formed XML: %s%s", msg, hint);
	}
	rd->xml_fatal = true;
	rd->stop = true;
	free(msg);
}

/* ------------------------------------------------------------------ */
/* Input */

/*
 * The encoding family from the first bytes (XML 1.0 appendix F), so that
 * the pre-scan and the line-end fix below run only on bytes they can read.
 */
static enum family
family_of(const unsigned char *p, size_t n)
{
	if (n >= 4 && ((p[0] == 0 && p[1] == 0 && p[2] == 0xfe &&
	    p[3] == 0xff) || (p[0] == 0xff && p[1] == 0xfe && p[2] == 0 &&
	    p[3] == 0) || (p[0] == 0 && p[1] == 0 && p[2] == 0 &&
	    p[3] == '<') || (p[0] == '<' && p[1] == 0 && p[2] == 0 &&
	    p[3] == 0) || (p[0] == 0 && p[1] == 0 && p[2] == '<' &&
	    p[3] == 0) || (p[0] == 0 && p[1] == '<' && p[2] == 0 &&
	    p[3] == 0)))
		return FAM_UTF32;
	if (n >= 2 && ((p[0] == 0xfe && p[1] == 0xff) ||
	    (p[0] == 0xff && p[1] == 0xfe)))
		return FAM_UTF16;
	if (n >= 4 && ((p[0] == 0 && p[1] == '<' && p[2] == 0 &&
	    p[3] == '?') || (p[0] == '<' && p[1] == 0 && p[2] == '?' &&
	    p[3] == 0)))
		return FAM_UTF16;
	if (n >= 4 && p[0] == 0x4c && p[1] == 0x6f && p[2] == 0xa7 &&
	    p[3] == 0x94)
		return FAM_OTHER;	/* EBCDIC "<?xm" */
	return FAM_ASCII;
}

/*
 * Look for a DOCTYPE in the prolog of an ASCII-compatible file, so that
 * not one byte of it reaches the parser.  The prolog may hold the XML
 * declaration, processing instructions and comments (which end at "-->",
 * not at the first '>').  Lines are counted as the parser counts them
 * (after the CR fix below, every line end is a '\n').  In other encodings
 * the parser's own callback refuses a DOCTYPE (doctype_seen below).
 */
static void
scan_prolog(struct input *in, const char *p, size_t n)
{
	for (size_t i = 0; i < n && in->scan != SCAN_DONE; i++) {
		char	 c = p[i];

		if (c == '\n')
			in->scan_line++;
		switch (in->scan) {
		case SCAN_TEXT:
			if (c == '<')
				in->scan = SCAN_LT;
			else if (c == '\0')
				in->scan = SCAN_DONE;	/* not for us */
			break;
		case SCAN_LT:
			if (c == '?')
				in->scan = SCAN_PI;
			else if (c == '!')
				in->scan = SCAN_BANG;
			else
				in->scan = SCAN_DONE;	/* the root */
			break;
		case SCAN_BANG:
			if (c == 'D' && in->doctype_line == 0)
				in->doctype_line = in->scan_line;
			in->scan = c == '-' ? SCAN_BANG_DASH :
			    c == '>' ? SCAN_TEXT : SCAN_MARKUP;
			break;
		case SCAN_BANG_DASH:
			in->scan = c == '-' ? SCAN_COMMENT :
			    c == '>' ? SCAN_TEXT : SCAN_MARKUP;
			break;
		case SCAN_COMMENT:
			if (c == '-')
				in->scan = SCAN_COMMENT_D1;
			break;
		case SCAN_COMMENT_D1:
			in->scan = c == '-' ? SCAN_COMMENT_D2 : SCAN_COMMENT;
			break;
		case SCAN_COMMENT_D2:
			in->scan = c == '>' ? SCAN_TEXT : c == '-' ?
			    SCAN_COMMENT_D2 : SCAN_COMMENT;
			break;
		case SCAN_PI:
			if (c == '?')
				in->scan = SCAN_PI_Q;
			break;
		case SCAN_PI_Q:
			in->scan = c == '>' ? SCAN_TEXT : c == '?' ?
			    SCAN_PI_Q : SCAN_PI;
			break;
		case SCAN_MARKUP:
			if (c == '>')
				in->scan = SCAN_TEXT;
			break;
		default:
			break;
		}
	}
}

/* Read up to len bytes; 0 at the end, -1 with in->err set on failure. */
static ssize_t
input_read(struct input *in, char *buf, size_t len)
{
	ssize_t	 n;

	if (in->fd < 0) {
		n = (ssize_t)(in->memlen - in->memoff < len ?
		    in->memlen - in->memoff : len);
		memcpy(buf, in->mem + in->memoff, (size_t)n);
		in->memoff += (size_t)n;
	} else {
		do
			n = read(in->fd, buf, len);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			in->err = errno;
			return -1;
		}
	}
	in->total += (size_t)n;
	if (in->sha != NULL && n > 0)
		mappa_sha256_update(in->sha, buf, (size_t)n);
	return n;
}

/*
 * XML ends a line with LF, CR LF or a CR alone (XML 1.0 section 2.11) and
 * the parser turns each into LF, but libxml2 counts lines on LF only: a
 * file with CR line ends would be all "line 1".  In an ASCII-compatible
 * file a CR not followed by LF is made an LF before the parser sees it,
 * which is exactly the normalization XML asks for, so nothing read
 * changes but the line numbers.  A CR ending a block is held back until
 * the next block says what follows it.  Returns the bytes to push.
 */
static size_t
fix_cr(struct input *in, char *buf, size_t n, bool last)
{
	if (in->family != FAM_ASCII || memchr(buf, '\r', n) == NULL)
		return n;
	for (size_t i = 0; i + 1 < n; i++)
		if (buf[i] == '\r' && buf[i + 1] != '\n')
			buf[i] = '\n';
	if (n > 0 && buf[n - 1] == '\r') {
		if (last)
			buf[n - 1] = '\n';
		else {
			in->held_cr = true;
			return n - 1;
		}
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Attributes */

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * A value as the file means it, NUL-terminated in rd->vbuf (valid until
 * the next call), for the few values kept as text (the area).  Without
 * entity substitution libxml2 hands out a '&' in a value (written &amp;
 * or &#38;) as "&#38;", for a tree builder to decode; no other '&' can
 * reach here, so every "&#38;" is one '&'.  The rules read values where
 * SAX2 leaves them, in the parser's buffer: a value holding "&#38;" is
 * never a valid date, number, id or keyword, and show() decodes it for
 * the message.
 */
static const char *
decode(struct rd *rd, const char *v, size_t n, size_t *outlen)
{
	char	*w;

	if (n + 1 > rd->vcap)
		rd->vbuf = mappa_grow(rd->vbuf, &rd->vcap, n + 1, 1);
	w = rd->vbuf;
	for (size_t k = 0; k < n; )
		if (v[k] == '&' && n - k >= 5 && memcmp(v + k, "&#38;", 5) == 0) {
			*w++ = '&';
			k += 5;
		} else
			*w++ = v[k++];
	*w = '\0';
	*outlen = (size_t)(w - rd->vbuf);
	return rd->vbuf;
}

/* Is the value v[0..len) the word w? */
static bool
is(const char *v, size_t len, const char *w)
{
	return strlen(w) == len && memcmp(v, w, len) == 0;
}

/*
 * The i-th attribute's name as written: an interned pointer when it has
 * no prefix (see intern_names); one with a prefix matches no rule.
 */
static const char *
attr_name(struct rd *rd, int i)
{
	const xmlChar *local = rd->attrs[5 * i], *prefix = rd->attrs[5 * i + 1];

	if (prefix == NULL)
		return (const char *)local;
	snprintf(rd->nbuf, sizeof(rd->nbuf), "%s:%s", prefix, local);
	return rd->nbuf;
}

/*
 * The value of the current element's attribute `name` and its length
 * [B], or NULL: not NUL-terminated.
 */
static const char *
find_attr(struct rd *rd, const char *name, size_t *len)
{
	for (int i = 0; i < rd->nattrs; i++)
		if (rd->attrs[5 * i + 1] == NULL &&
		    strcmp((const char *)rd->attrs[5 * i], name) == 0) {
			*len = (size_t)(rd->attrs[5 * i + 4] -
			    rd->attrs[5 * i + 3]);
			return (const char *)rd->attrs[5 * i + 3];
		}
	return NULL;
}

/* Iterate over the current element's attributes (values as find_attr). */
static bool
next_attr(struct rd *rd, bool first, const char **name, const char **value,
    size_t *len)
{
	if (first)
		rd->attr = 0;
	else
		rd->attr++;
	if (rd->attr >= rd->nattrs)
		return false;
	*name = attr_name(rd, rd->attr);
	*value = (const char *)rd->attrs[5 * rd->attr + 3];
	*len = (size_t)(rd->attrs[5 * rd->attr + 4] -
	    rd->attrs[5 * rd->attr + 3]);
	return true;
}

static int
date_attr(struct rd *rd, unsigned long line, const char *ctx,
    const char *name, const char *v, size_t len, int32_t *out)
{
	char	 buf[4 * SHOW_MAX + 8];

	if (mappa_date_parse(v, len, out) == 0)
		return 0;
	if (ctx == NULL)
		off_error(rd, line, "%s '%s' is not a calendar date of the "
		    "form YYYY-MM-DD", name, show(v, len, buf));
	else
		mappa_diag_error(rd->diag, line, "%s: %s '%s' is not a "
		    "calendar date of the form YYYY-MM-DD", ctx, name,
		    show(v, len, buf));
	return -1;
}

/* ------------------------------------------------------------------ */
/* The root */

static void
read_root(struct rd *rd, unsigned long line)
{
	const char	*name, *v;
	const char	*ctx = "register-snapshot";
	char		 buf[4 * SHOW_MAX + 8];
	bool		 first = true, ok = true;
	bool		 seen_ver = false, seen_area = false, seen_ps = false,
			 seen_pe = false, seen_pop = false;
	size_t		 len;		/* [B] of v */
	unsigned long	 before = rd->diag->errors;

	/* The version decides how to read the rest: look at it first. */
	v = find_attr(rd, "version", &len);
	if (v == NULL) {
		mappa_diag_error(rd->diag, line,
		    "%s: missing required attribute 'version'", ctx);
	} else if (!is(v, len, "1")) {
		mappa_diag_error(rd->diag, line,
		    "%s: unsupported snapshot version %s; this program reads "
		    "version 1", ctx, show(v, len, buf));
		rd->stop = true;
		return;
	} else
		seen_ver = true;

	while (next_attr(rd, first, &name, &v, &len)) {
		first = false;
		if (strcmp(name, "version") == 0)
			continue;
		if (strcmp(name, "area") == 0) {
			const char *s, *e;
			long	 chars;
			size_t	 n;

			seen_area = true;
			s = decode(rd, v, len, &n);
			e = s + n;
			while (s < e && is_ws(*s))
				s++;
			while (e > s && is_ws(e[-1]))
				e--;
			chars = mappa_utf8_len(s, (size_t)(e - s));
			if (chars < 1 || chars > MAPPA_AREA_MAX) {
				mappa_diag_error(rd->diag, line,
				    "%s: area must be 1 to %d characters once "
				    "leading and trailing spaces are dropped "
				    "(it has %ld)", ctx, MAPPA_AREA_MAX,
				    chars < 0 ? 0 : chars);
				ok = false;
			} else {
				free(rd->area);
				rd->area = mappa_strndup(s, (size_t)(e - s));
			}
		} else if (strcmp(name, "period-start") == 0) {
			seen_ps = true;
			if (date_attr(rd, line, ctx, name, v, len,
			    &rd->hdr.period_start) == -1)
				ok = false;
		} else if (strcmp(name, "period-end") == 0) {
			seen_pe = true;
			if (date_attr(rd, line, ctx, name, v, len,
			    &rd->hdr.period_end) == -1)
				ok = false;
		} else if (strcmp(name, "population") == 0) {
			uint64_t n = 0;
			size_t	 i;

			seen_pop = true;
			for (i = 0; i < len && v[i] >= '0' && v[i] <= '9' &&
			    n <= 10000000000ULL; i++)
				n = n * 10 + (uint64_t)(v[i] - '0');
			if (len == 0 || i < len || v[0] == '0' || n < 1 ||
			    n > 10000000000ULL) {
				mappa_diag_error(rd->diag, line,
				    "%s: population '%s' is not a whole number "
				    "from 1 to 10000000000", ctx,
				    show(v, len, buf));
				ok = false;
			} else
				rd->hdr.population = n;
		} else if (strcmp(name, "exported") == 0) {
			if (mappa_datetime_check(v, len) == -1) {
				mappa_diag_error(rd->diag, line,
				    "%s: exported '%s' is not an ISO date and "
				    "time such as 2012-04-03T09:15:00Z", ctx,
				    show(v, len, buf));
				ok = false;
			} else {
				free(rd->exported);
				rd->exported = mappa_strndup(v, len);
			}
		} else {
			mappa_diag_error(rd->diag, line,
			    "%s: unknown attribute '%s'", ctx,
			    show(name, strlen(name), buf));
			ok = false;
		}
	}

#define REQUIRE(seen, attr) do {					\
	if (!(seen)) {							\
		mappa_diag_error(rd->diag, line,			\
		    "%s: missing required attribute '%s'", ctx, attr);	\
		ok = false;						\
	}								\
} while (0)
	REQUIRE(seen_area, "area");
	REQUIRE(seen_ps, "period-start");
	REQUIRE(seen_pe, "period-end");
	REQUIRE(seen_pop, "population");
#undef REQUIRE

	if (ok && seen_ver && seen_ps && seen_pe) {
		int32_t days = rd->hdr.period_end - rd->hdr.period_start + 1;
		char	 a[11], b[11];

		mappa_date_format(rd->hdr.period_start, a);
		mappa_date_format(rd->hdr.period_end, b);
		if (days < 1) {
			mappa_diag_error(rd->diag, line,
			    "%s: period-end %s is before period-start %s",
			    ctx, b, a);
			ok = false;
		} else if (days > 366) {
			mappa_diag_error(rd->diag, line,
			    "%s: the period %s to %s spans %ld days; at most "
			    "366 are allowed", ctx, a, b, (long)days);
			ok = false;
		}
	}

	if (!ok || !seen_ver || rd->diag->errors != before)
		return;
	rd->hdr.version = 1;
	rd->hdr.area = rd->area;
	rd->hdr.exported = rd->exported;
	rd->header_ok = true;
	if (rd->h->header != NULL && rd->h->header(rd->h->arg, &rd->hdr)) {
		rd->stop = rd->stopped_by_handler = true;
	}
}

/* ------------------------------------------------------------------ */
/* Offenders */

static bool
valid_id(const char *s, size_t len)
{
	if (len < 1 || len > MAPPA_ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/'))
			return false;
	}
	return true;
}

/* The children of an offender: what each is called and may carry. */
enum child {
	CH_LEVEL,
	CH_BREACH,
	CH_REVOCATION,
	CH_ORDER,
	CH_SRO_BREACH,
	CH_RETURN,
	CH_SFO,
	CH__MAX
};

static const char *const child_names[CH__MAX] = {
	"level", "notification-breach", "revocation", "order", "sro-breach",
	"return-to-custody", "sfo-charge"
};

/*
 * The names read for every offender, interned in the parser's dictionary
 * when reading starts: libxml2 hands out element and attribute names from
 * that dictionary, so they compare as pointers, not strings.
 */
enum nm {
	NM_OFFENDER, NM_ID, NM_CATEGORY, NM_ELIGIBLE_FROM, NM_ELIGIBLE_UNTIL,
	NM_CUSTODY, NM_WHEREABOUTS, NM_FROM, NM_DATE, NM_VALUE, NM_OUTCOME,
	NM_TYPE, NM_REASON, NM_FOREIGN_TRAVEL, NM_BECAME_NOTIFIABLE,
	NM_CHILD,			/* then the CH__MAX child names */
	NM__MAX = NM_CHILD + CH__MAX
};
_Static_assert(NM__MAX <= sizeof(((struct rd *)0)->nm) / sizeof(char *),
    "struct rd holds every interned name");

static const char *const nm_text[NM_CHILD] = {
	"offender", "id", "category", "eligible-from", "eligible-until",
	"custody", "whereabouts", "from", "date", "value", "outcome", "type",
	"reason", "foreign-travel", "became-notifiable"
};

static void
intern_names(struct rd *rd)
{
	for (int i = 0; i < NM__MAX; i++)
		rd->nm[i] = (const char *)xmlDictLookup(rd->ctxt->dict,
		    (const xmlChar *)(i < NM_CHILD ? nm_text[i] :
		    child_names[i - NM_CHILD]), -1);
}

static void
start_offender(struct rd *rd, unsigned long line)
{
	struct mappa_offender *o = &rd->off;
	const char	*name, *v;
	char		 buf[4 * SHOW_MAX + 8];
	bool		 first = true;
	bool		 seen_cat = false, seen_from = false;
	const char	*idv;
	size_t		 idlen, len;	/* [B] of idv, of v */

	memset(o, 0, sizeof(*o));
	o->eligible_until = MAPPA_DATE_NONE;
	o->line = line;
	rd->in_offender = true;
	rd->off_bad = false;
	rd->nlevels = rd->nevents = 0;
	rd->errors_at_start = rd->diag->errors;

	/* The id names the offender in every later message: read it first. */
	rd->id[0] = '\0';
	idv = find_attr(rd, "id", &idlen);
	if (idv == NULL) {
		mappa_diag_error(rd->diag, line,
		    "offender: missing required attribute 'id'");
		rd->off_bad = true;
	} else if (!valid_id(idv, idlen)) {
		mappa_diag_error(rd->diag, line,
		    "offender: id '%s' is not 1 to 64 of A-Z a-z 0-9 - _ /",
		    show(idv, idlen, buf));
		rd->off_bad = true;
	} else {
		size_t	 n = idlen;

		memcpy(rd->id, idv, n);
		rd->id[n] = '\0';
		/* Duplicates are found once all ids are in (see idset.h). */
		if (idset_add(&rd->ids, rd->id, n, line) == -1) {
			rd->tmp_err = errno;
			rd->stop = true;
		}
	}
	o->id = rd->id;

	while (next_attr(rd, first, &name, &v, &len)) {
		first = false;
		if (name == rd->nm[NM_ID])
			continue;
		if (name == rd->nm[NM_CATEGORY]) {
			seen_cat = true;
			if (len == 1 && v[0] >= '1' && v[0] <= '3')
				o->category = v[0] - '0';
			else {
				off_error(rd, line,
				    "category '%s' must be 1, 2 or 3",
				    show(v, len, buf));
				rd->off_bad = true;
			}
		} else if (name == rd->nm[NM_ELIGIBLE_FROM]) {
			seen_from = true;
			if (date_attr(rd, line, NULL, name, v, len,
			    &o->eligible_from) == -1)
				rd->off_bad = true;
		} else if (name == rd->nm[NM_ELIGIBLE_UNTIL]) {
			if (date_attr(rd, line, NULL, name, v, len,
			    &o->eligible_until) == -1) {
				o->eligible_until = MAPPA_DATE_NONE;
				rd->off_bad = true;
			}
		} else if (name == rd->nm[NM_CUSTODY]) {
			if (is(v, len, "yes"))
				o->custody = true;
			else if (!is(v, len, "no"))
				off_error(rd, line,
				    "custody '%s' must be yes or no",
				    show(v, len, buf));
		} else if (name == rd->nm[NM_WHEREABOUTS]) {
			if (is(v, len, "missing"))
				o->whereabouts = MAPPA_MISSING;
			else if (is(v, len, "wanted"))
				o->whereabouts = MAPPA_WANTED;
			else if (!is(v, len, "known"))
				off_error(rd, line, "whereabouts '%s' must be "
				    "known, missing or wanted",
				    show(v, len, buf));
		} else
			off_error(rd, line, "unknown attribute '%s'",
			    show(name, strlen(name), buf));
	}
	if (!seen_cat) {
		off_error(rd, line, "missing required attribute 'category'");
		rd->off_bad = true;
	}
	if (!seen_from) {
		off_error(rd, line,
		    "missing required attribute 'eligible-from'");
		rd->off_bad = true;
	}
	if (!rd->off_bad && o->eligible_until != MAPPA_DATE_NONE &&
	    o->eligible_until < o->eligible_from) {
		char	 a[11], b[11];

		mappa_date_format(o->eligible_until, a);
		mappa_date_format(o->eligible_from, b);
		off_error(rd, line, "eligible-until %s is before "
		    "eligible-from %s", a, b);
		rd->off_bad = true;
	}
}


static const enum mappa_event_kind child_events[CH__MAX] = {
	0, MAPPA_EV_NOTIFICATION_BREACH, MAPPA_EV_REVOCATION, MAPPA_EV_ORDER,
	MAPPA_EV_SRO_BREACH, MAPPA_EV_RETURN_TO_CUSTODY, MAPPA_EV_SFO_CHARGE
};

/* In the order of the enums in snapshot.h. */
static const char *const outcomes[] = {
	"caution", "conviction", "no-further-action", "pending", NULL
};
static const char *const order_types[] = {
	"shpo", "interim-shpo", "sopo", "interim-sopo", "fto",
	"notification-order", "sro", "rsho", NULL
};
static const char *const reasons[] = {
	"breach-of-licence", "breach-of-order", NULL
};

/* Index of v in a NULL-terminated list, or -1. */
static int
lookup(const char *const *list, const char *v, size_t len)
{
	for (int i = 0; list[i] != NULL; i++)
		if (is(v, len, list[i]))
			return i;
	return -1;
}

/* "a, b or c" for a message. */
static const char *
list_text(const char *const *list, char *buf, size_t size)
{
	size_t	 n = 0;

	buf[0] = '\0';
	for (int i = 0; list[i] != NULL; i++) {
		const char *sep = i == 0 ? "" : list[i + 1] == NULL ?
		    " or " : ", ";

		n += (size_t)snprintf(buf + n, size - n, "%s%s", sep, list[i]);
		if (n >= size)
			break;
	}
	return buf;
}

static void
read_child(struct rd *rd, enum child ch, unsigned long line)
{
	struct mappa_offender *o = &rd->off;
	const char	*cname = child_names[ch];
	const char	*name, *v;
	char		 buf[4 * SHOW_MAX + 8], lbuf[160];
	char		 d1[11], d2[11];
	bool		 first = true, ok = true;
	bool		 seen_date = false, seen_sub = false, flag = false;
	const char	*subname = NULL;	/* the second required attr */
	const char *const *sublist = NULL;
	const char	*flagname = NULL;
	int		 subnm = -1, flagnm = -1;	/* enum nm */
	int32_t		 date = 0;
	int		 sub = 0;
	size_t		 len;		/* [B] of v */

	switch (ch) {
	case CH_LEVEL:
		subnm = NM_VALUE;
		break;
	case CH_BREACH:
		subnm = NM_OUTCOME;
		sublist = outcomes;
		break;
	case CH_ORDER:
		subnm = NM_TYPE;
		sublist = order_types;
		flagnm = NM_FOREIGN_TRAVEL;
		break;
	case CH_SRO_BREACH:
		flagnm = NM_BECAME_NOTIFIABLE;
		break;
	case CH_RETURN:
		subnm = NM_REASON;
		sublist = reasons;
		break;
	default:
		break;
	}
	subname = subnm >= 0 ? nm_text[subnm] : NULL;
	flagname = flagnm >= 0 ? nm_text[flagnm] : NULL;

	while (next_attr(rd, first, &name, &v, &len)) {
		first = false;
		if (name == rd->nm[ch == CH_LEVEL ? NM_FROM : NM_DATE]) {
			seen_date = true;
			if (mappa_date_parse(v, len, &date) == -1) {
				off_error(rd, line, "%s: %s '%s' is not a "
				    "calendar date of the form YYYY-MM-DD",
				    cname, name, show(v, len, buf));
				ok = false;
			}
		} else if (subname != NULL && name == rd->nm[subnm]) {
			seen_sub = true;
			if (ch == CH_LEVEL) {
				if (len == 1 && v[0] >= '1' && v[0] <= '3')
					sub = v[0] - '0';
				else {
					off_error(rd, line, "level: value '%s' "
					    "must be 1, 2 or 3",
					    show(v, len, buf));
					ok = false;
				}
			} else if ((sub = lookup(sublist, v, len)) < 0) {
				off_error(rd, line, "%s: %s '%s' must be %s",
				    cname, subname, show(v, len, buf),
				    list_text(sublist, lbuf, sizeof(lbuf)));
				ok = false;
			}
		} else if (flagname != NULL && name == rd->nm[flagnm]) {
			if (is(v, len, "yes"))
				flag = true;
			else if (!is(v, len, "no")) {
				off_error(rd, line, "%s: %s '%s' must be yes "
				    "or no", cname, name, show(v, len, buf));
				ok = false;
			}
		} else {
			off_error(rd, line, "%s: unknown attribute '%s'",
			    cname, show(name, strlen(name), buf));
			ok = false;
		}
	}
	if (!seen_date) {
		off_error(rd, line, "%s: missing required attribute '%s'",
		    cname, ch == CH_LEVEL ? "from" : "date");
		ok = false;
	}
	if (subname != NULL && !seen_sub) {
		off_error(rd, line, "%s: missing required attribute '%s'",
		    cname, subname);
		ok = false;
	}
	if (!ok || rd->off_bad)
		return;

	if (ch == CH_LEVEL) {
		if (o->category == 3 && sub == 1) {
			mappa_date_format(date, d1);
			off_error(rd, line, "category 3 offender at level 1 "
			    "from %s", d1);
		} else if (date > o->eligible_until) {
			mappa_date_format(date, d1);
			mappa_date_format(o->eligible_until, d2);
			off_error(rd, line, "level from %s is after "
			    "eligible-until %s", d1, d2);
		}
		rd->levels = mappa_grow(rd->levels, &rd->levcap,
		    rd->nlevels + 1, sizeof(*rd->levels));
		rd->levels[rd->nlevels].from = date;
		rd->levels[rd->nlevels].value = sub;
		rd->levels[rd->nlevels].line = line;
		rd->nlevels++;
		return;
	}

	if ((ch == CH_BREACH || ch == CH_REVOCATION) && o->category != 1) {
		off_error(rd, line, "%s is for category 1 offenders only "
		    "(this offender is category %d)", cname, o->category);
		return;
	}
	if (ch == CH_ORDER && flag && sub != MAPPA_ORDER_SHPO &&
	    sub != MAPPA_ORDER_INTERIM_SHPO) {
		off_error(rd, line, "order: foreign-travel=\"yes\" is only "
		    "allowed on shpo and interim-shpo orders, not %s",
		    order_types[sub]);
		return;
	}
	if (date < o->eligible_from) {
		mappa_date_format(date, d1);
		mappa_date_format(o->eligible_from, d2);
		off_error(rd, line, "%s dated %s is before eligible-from %s",
		    cname, d1, d2);
		return;
	}
	if (date > o->eligible_until) {
		mappa_date_format(date, d1);
		mappa_date_format(o->eligible_until, d2);
		off_error(rd, line, "%s dated %s is after eligible-until %s",
		    cname, d1, d2);
		return;
	}
	rd->events = mappa_grow(rd->events, &rd->evcap, rd->nevents + 1,
	    sizeof(*rd->events));
	rd->events[rd->nevents].kind = child_events[ch];
	rd->events[rd->nevents].date = date;
	rd->events[rd->nevents].sub = sub;
	rd->events[rd->nevents].flag = flag;
	rd->events[rd->nevents].line = line;
	rd->nevents++;
}

/* Levels by date, then by line (the first written first). */
static int
level_cmp(const void *a, const void *b)
{
	const struct mappa_level *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The rules that need the whole offender: the level history. */
static void
end_offender(struct rd *rd)
{
	struct mappa_offender *o = &rd->off;
	struct mappa_level *lv = rd->levels;
	size_t	 n = rd->nlevels;
	char	 d1[11], d2[11];

	rd->in_offender = false;
	if (rd->off_bad)
		return;
	if (n == 0 && rd->diag->errors == rd->errors_at_start) {
		off_error(rd, o->line, "no level; every offender needs at "
		    "least one <level> element");
		return;
	}
	/*
	 * Levels come in any order, and one offender may hold very many:
	 * more than 16 are sorted in O(n log n) (an insertion sort of all
	 * took 39 s on 300,000 levels in descending order).
	 */
	if (n > 16)
		qsort(lv, n, sizeof(*lv), level_cmp);
	else
		for (size_t i = 1; i < n; i++) {
			/* A few: by insertion, without qsort's calls. */
			struct mappa_level t = lv[i];
			size_t	 j = i;

			while (j > 0 && level_cmp(&lv[j - 1], &t) > 0) {
				lv[j] = lv[j - 1];
				j--;
			}
			lv[j] = t;
		}
	for (size_t i = 1; i < n; i++)
		if (lv[i].from == lv[i - 1].from) {
			mappa_date_format(lv[i].from, d1);
			off_error(rd, lv[i].line, "two levels from %s; a level "
			    "must start on a day of its own (the other is at "
			    "line %lu)", d1, lv[i - 1].line);
		}
	if (n > 0 && lv[0].from != o->eligible_from) {
		mappa_date_format(lv[0].from, d1);
		mappa_date_format(o->eligible_from, d2);
		off_error(rd, lv[0].line, "the earliest level is from %s but "
		    "eligible-from is %s; they must be the same day", d1, d2);
	}
	if (rd->diag->errors != rd->errors_at_start || !rd->header_ok ||
	    rd->diag->errors != 0)
		return;
	o->levels = lv;
	o->nlevels = n;
	o->events = rd->events;
	o->nevents = rd->nevents;
	if (rd->h->offender != NULL && rd->h->offender(rd->h->arg, o))
		rd->stop = rd->stopped_by_handler = true;
}


/* ------------------------------------------------------------------ */
/* The document: SAX2 callbacks */

/* Halt the parser from a callback once reading must stop. */
static void
halt(struct rd *rd)
{
	if (rd->stop)
		xmlStopParser(rd->ctxt);
}

/*
 * The line where the current start tag begins.  The parser stands at the
 * tag's '>' and counts lines as it goes; no '<' can occur inside a tag
 * (not even in an attribute value), so the tag begins at the last '<'
 * before that point, and the lines between are counted back.  The tag is
 * whole in the parser's buffer (already UTF-8, whatever the file's
 * encoding), which the push parser guarantees before it parses a tag.
 */
static unsigned long
tag_line(struct rd *rd)
{
	xmlParserInputPtr in = rd->ctxt->input;
	const xmlChar *p = in->cur;
	long	 line = in->line;

	while (p > in->base && *--p != '<')
		if (*p == '\n')
			line--;
	return line > 0 ? (unsigned long)line : 0;
}

/*
 * After a start tag (the parser at its '>' or "/>"), an end tag or a
 * piece of text (the parser past it), the parser stands where the next
 * markup begins, or on the same line: white space between elements is
 * always reported as text.  Not so for comments, processing instructions
 * and CDATA sections, nor in the prolog: tag_line() looks back there.
 */
static void
mark(struct rd *rd)
{
	rd->mark_line = (unsigned long)rd->ctxt->input->line;
	rd->mark_ok = true;
}

/* The line of the first character in s[0..len) that is not a space. */
static bool
text_line(struct rd *rd, const xmlChar *s, int len, unsigned long *line)
{
	long	 l = rd->ctxt->input->line;
	int	 i;

	for (i = 0; i < len && is_ws((char)s[i]); i++)
		;
	if (i == len)
		return false;
	for (int k = i; k < len; k++)
		if (s[k] == '\n')
			l--;
	*line = l > 0 ? (unsigned long)l : 0;
	return true;
}

/* An element's name as written, for a message. */
static const char *
qname(const xmlChar *local, const xmlChar *prefix, char *buf, size_t size)
{
	if (prefix == NULL)
		return (const char *)local;
	snprintf(buf, size, "%s:%s", prefix, local);
	return buf;
}

/* Content inside an offender's child element: said once per element. */
static void
not_empty(struct rd *rd)
{
	if (rd->child_bad)
		return;
	rd->child_bad = true;
	off_error(rd, rd->child_line, "<%s> must be empty", rd->child);
}

static void
on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct rd *rd = ctx;
	int	 depth = rd->depth++;
	unsigned long line;
	const char *name;
	char	 buf[4 * SHOW_MAX + 8], qbuf[256];

	(void)nns;
	(void)nss;
	(void)ndefaulted;
	rd->in_text = false;
	if (rd->stop || (rd->skip >= 0 && depth > rd->skip))
		return;
	line = depth > 0 && rd->mark_ok ? rd->mark_line : tag_line(rd);
#if CHECK_MARK
	/* Sanitized builds (ASan suite, fuzzer) check the shortcut. */
	if (line != tag_line(rd))
		abort();
#endif
	rd->attrs = attrs;
	rd->nattrs = nattrs;
	/* An element in a namespace matches no rule. */
	name = uri == NULL ? (const char *)local : NULL;
	if (depth == 0) {
		rd->root = true;
		if (uri != NULL && strcmp((const char *)local,
		    "register-snapshot") == 0) {
			const char *q = qname(local, prefix, qbuf,
			    sizeof(qbuf));
			char	 ubuf[4 * SHOW_MAX + 8];

			mappa_diag_error(rd->diag, line, "the root element <%s> "
			    "is in the namespace '%s'; a snapshot's elements "
			    "are in no namespace (remove the xmlns "
			    "declaration)", show(q, strlen(q), buf),
			    show((const char *)uri, strlen((const char *)uri),
			    ubuf));
			rd->stop = true;
		} else if (name == NULL ||
		    strcmp(name, "register-snapshot") != 0) {
			const char *q = qname(local, prefix, qbuf,
			    sizeof(qbuf));

			mappa_diag_error(rd->diag, line, "the root element is "
			    "<%s>; a snapshot starts with <register-snapshot>",
			    show(q, strlen(q), buf));
			rd->stop = true;
		} else
			read_root(rd, line);
	} else if (depth == 1) {
		if (name == NULL || name != rd->nm[NM_OFFENDER]) {
			const char *q = qname(local, prefix, qbuf,
			    sizeof(qbuf));

			mappa_diag_error(rd->diag, line,
			    "register-snapshot: unknown element <%s>; "
			    "only <offender> may appear here",
			    show(q, strlen(q), buf));
			rd->skip = depth;
		} else
			start_offender(rd, line);
	} else if (depth == 2 && rd->in_offender) {
		int	 ch;

		for (ch = 0; ch < CH__MAX; ch++)
			if (name != NULL && name == rd->nm[NM_CHILD + ch])
				break;
		if (ch == CH__MAX) {
			const char *q = qname(local, prefix, qbuf,
			    sizeof(qbuf));

			off_error(rd, line, "unknown element <%s>",
			    show(q, strlen(q), buf));
			rd->skip = depth;
		} else {
			read_child(rd, (enum child)ch, line);
			/* <level ...></level> is as empty as <level .../>. */
			rd->child = child_names[ch];
			rd->child_line = line;
			rd->child_bad = false;
			rd->child_space = false;
		}
	} else if (depth == 3 && rd->child != NULL) {
		not_empty(rd);
		rd->skip = depth;
	}
	rd->attrs = NULL;
	rd->nattrs = 0;
	mark(rd);
	halt(rd);
}

static void
on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct rd *rd = ctx;
	int	 depth = --rd->depth;

	(void)local;
	(void)prefix;
	(void)uri;
	rd->in_text = false;
	mark(rd);
	if (rd->stop)
		return;
	if (rd->skip >= 0) {
		if (depth == rd->skip)
			rd->skip = -1;
		return;
	}
	if (depth == 1 && rd->in_offender)
		end_offender(rd);
	else if (depth == 2) {
		if (rd->child_space)
			not_empty(rd);
		rd->child = NULL;
	}
	halt(rd);
}

/*
 * Text, in as many calls as the parser likes: a run of calls with nothing
 * between them is one piece of text, reported once, at the line of its
 * first character that is not a space.
 */
static void
on_text(void *ctx, const xmlChar *s, int len)
{
	struct rd *rd = ctx;
	int	 depth = rd->depth;
	unsigned long line;

	if (!rd->in_text) {
		rd->in_text = true;
		rd->text_said = false;
	}
	mark(rd);
	if (rd->stop || rd->text_said || (rd->skip >= 0 && depth > rd->skip))
		return;
	if (depth == 3 && rd->child != NULL) {
		/*
		 * Not even a space, as the schema has it; a space is said
		 * at the end tag, so that an end tag that never comes (a
		 * malformed file) gives the parser's message alone.
		 */
		if (text_line(rd, s, len, &line)) {
			not_empty(rd);
			rd->text_said = true;
		} else
			rd->child_space = true;
		return;
	}
	if (!text_line(rd, s, len, &line))
		return;
	rd->text_said = true;
	if (depth == 1)
		mappa_diag_error(rd->diag, line, "register-snapshot: "
		    "unexpected text; only <offender> elements may appear "
		    "here");
	else if (depth == 2 && rd->in_offender)
		off_error(rd, line, "unexpected text; an offender holds only "
		    "elements");
}

/* A CDATA section is a piece of text of its own. */
static void
on_cdata(void *ctx, const xmlChar *s, int len)
{
	struct rd *rd = ctx;

	rd->in_text = false;
	on_text(ctx, s, len);
	rd->in_text = false;
	rd->mark_ok = false;	/* may come before its "]]>" */
}

/* Comments and processing instructions end a piece of text. */
static void
on_comment(void *ctx, const xmlChar *s)
{
	(void)s;
	((struct rd *)ctx)->in_text = false;
	((struct rd *)ctx)->mark_ok = false;
}

static void
on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	((struct rd *)ctx)->in_text = false;
	((struct rd *)ctx)->mark_ok = false;
}

/*
 * A DOCTYPE that the pre-scan could not see (UTF-16, EBCDIC): the parser
 * calls this once it has read the name and external id, before any
 * declaration inside; nothing of the DTD is parsed or loaded.
 */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	struct rd *rd = ctx;
	xmlParserInputPtr in = rd->ctxt->input;
	const xmlChar *p = in->cur;
	long	 line = in->line;

	(void)name;
	(void)eid;
	(void)sid;
	/* Back to the "<!" that opened it, as for a start tag. */
	while (p > in->base) {
		p--;
		if (*p == '\n')
			line--;
		else if (p[0] == '<' && p[1] == '!')
			break;
	}
	if (rd->in->doctype_line == 0)
		rd->in->doctype_line = line > 0 ? (unsigned long)line : 1;
	if (!rd->xml_fatal)
		doctype_error(rd);
	rd->xml_fatal = rd->stop = true;
	xmlStopParser(rd->ctxt);
}

/* An id seen twice, found when the whole file has been read. */
static void
duplicate(void *arg, const char *id, size_t len, unsigned long line,
    unsigned long first)
{
	mappa_diag_error(arg, line, "offender %.*s: duplicate id; it was "
	    "first used at line %lu", (int)len, id, first);
}

/* Where the schema validator stands, for its messages. */
static int
schema_locator(void *ctx, const char **file, unsigned long *line)
{
	struct rd *rd = ctx;

	if (file != NULL)
		*file = NULL;
	if (line != NULL)
		*line = rd->ctxt != NULL && rd->ctxt->input != NULL ?
		    (unsigned long)rd->ctxt->input->line : 0;
	return 0;
}

static int
load_schema(void)
{
	if (schema == NULL)
		schema = mappa_xml_schema(mappa_snapshot_xsd,
		    mappa_snapshot_xsd_len);
	return schema == NULL ? -1 : 0;
}

/*
 * Read the input in blocks and push them to the parser.  Returns 0 when
 * the document was parsed to its end, 1 when reading stopped (a fault
 * found, a handler's wish), -1 when the parser failed or input could not
 * be read (in->err).
 */
static int
feed(struct rd *rd, struct input *in, xmlSAXHandler *sax, void *ud)
{
	char	*block = mappa_malloc(BLOCK + 1);	/* [0]: a held CR */
	char	*buf = block + 1;
	ssize_t	 n;
	size_t	 len;
	int	 rc = -1;

	/* At least 4 bytes, if there are so many, before deciding the
	 * encoding family (a pipe may hand them out one by one). */
	for (n = 0; n < 4; ) {
		ssize_t	 k = input_read(in, buf + n, (size_t)(BLOCK - n));

		if (k == -1)
			goto out;
		if (k == 0)
			break;
		n += k;
	}
	in->family = family_of((const unsigned char *)buf, (size_t)n);
	in->scan = in->family == FAM_ASCII ? SCAN_TEXT : SCAN_DONE;
	if (in->family == FAM_UTF32) {
		mappa_diag_error(rd->diag, 0, "the file is in UTF-32 (UCS-4), "
		    "which this program does not read; save the snapshot as "
		    "UTF-8");
		rd->xml_fatal = rd->stop = true;
		rc = 1;
		goto out;
	}
	len = fix_cr(in, buf, (size_t)n, false);
	scan_prolog(in, buf, len);
	if (in->doctype_line != 0) {
		doctype_error(rd);
		rd->xml_fatal = rd->stop = true;
		rc = 1;
		goto out;
	}
	/* The first 4 bytes let libxml2 detect the encoding, as its own
	 * reader does. */
	rd->ctxt = xmlCreatePushParserCtxt(sax, ud, buf, len < 4 ? (int)len :
	    4, NULL);
	if (rd->ctxt == NULL)
		mappa_oom();
	xmlCtxtUseOptions(rd->ctxt, READER_OPTIONS);
	intern_names(rd);
	buf += len < 4 ? len : 4;
	len -= len < 4 ? len : 4;
	for (;;) {
		if (len > 0)
			xmlParseChunk(rd->ctxt, buf, (int)len, 0);
		if (rd->stop || rd->xml_fatal)
			break;
		bool	 eof;

		buf = block + 1;
		if ((n = input_read(in, buf, BLOCK)) == -1)
			goto out;
		eof = n == 0;
		if (in->held_cr) {
			in->held_cr = false;
			*--buf = '\r';
			n++;
		}
		if (n == 0)
			break;
		len = fix_cr(in, buf, (size_t)n, eof);
		scan_prolog(in, buf, len);
		if (in->doctype_line != 0) {
			doctype_error(rd);
			rd->xml_fatal = rd->stop = true;
			break;
		}
	}
	if (!rd->stop && !rd->xml_fatal)
		xmlParseChunk(rd->ctxt, NULL, 0, 1);
	if (rd->stop || rd->xml_fatal)
		rc = 1;
	else if (rd->ctxt->wellFormed && rd->ctxt->instate == XML_PARSER_EOF)
		rc = 0;
out:
	free(block);
	return rc;
}

static enum mappa_read_status
read_input(struct input *in, struct mappa_diag *diag,
    const struct mappa_handler *h)
{
	static const struct mappa_handler none;
	struct mappa_sha256 sha;
	xmlSAXHandler	 sax;
	xmlSAXHandlerPtr sp = &sax;	/* the handler the parser calls */
	void		*ud;		/* and the data it passes */
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	struct rd	 rd;
	enum mappa_read_status st;
	int		 rc;

	mappa_xml_harden();
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (h != NULL && (h->flags & MAPPA_READ_SCHEMA) &&
	    load_schema() == -1) {
		fputs("mappa-report: internal error: the embedded snapshot "
		    "schema does not load\n", stderr);
		errno = EINVAL;
		return MAPPA_READ_SYSERR;
	}

	memset(&rd, 0, sizeof(rd));
	rd.diag = diag;
	rd.h = h != NULL ? h : &none;
	rd.in = in;
	rd.skip = -1;
	ud = &rd;
	idset_init(&rd.ids);
	in->scan_line = 1;
	if (h != NULL && h->sha256 != NULL) {
		mappa_sha256_init(&sha);
		in->sha = &sha;
	}

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
	sax.internalSubset = on_doctype;
	/*
	 * Parser errors go to the thread's structured handler, with rd:
	 * a handler in sax would get the schema plug's data instead.
	 */
	xmlSetStructuredErrorFunc(&rd, xml_error);

	if (rd.h->flags & MAPPA_READ_SCHEMA) {
		/*
		 * The validator sits between the parser and the callbacks
		 * above, on the same stream: no second pass, no tree.
		 */
		vctxt = xmlSchemaNewValidCtxt(schema);
		if (vctxt == NULL)
			mappa_oom();
		xmlSchemaSetValidStructuredErrors(vctxt, xml_error, &rd);
		xmlSchemaValidateSetLocator(vctxt, schema_locator, &rd);
	}
	if (vctxt != NULL) {
		/*
		 * The plug puts itself between parser and callbacks: sp and
		 * ud then name its handler and data, which pass ours on.
		 */
		plug = xmlSchemaSAXPlug(vctxt, &sp, &ud);
		if (plug == NULL) {
			xmlSchemaFreeValidCtxt(vctxt);
			xmlSetStructuredErrorFunc(NULL, NULL);
			fputs("mappa-report: internal error: cannot attach "
			    "the snapshot schema\n", stderr);
			errno = EINVAL;
			return MAPPA_READ_SYSERR;
		}
	}
	rc = feed(&rd, in, sp, ud);

	if (in->err != 0) {
		st = MAPPA_READ_SYSERR;
		goto out;
	}
	if (rc == 0 && idset_finish(&rd.ids, duplicate, diag) == -1)
		rd.tmp_err = errno;
	if (rd.tmp_err != 0) {
		in->err = rd.tmp_err;
		st = MAPPA_READ_TMPERR;
		goto out;
	}
	if (in->sha != NULL) {
		/* Hash what the parser left unread too: the whole file. */
		char	 buf[16384];

		while (rc == 0 && input_read(in, buf, sizeof(buf)) > 0)
			;
		if (in->err != 0) {
			st = MAPPA_READ_SYSERR;
			goto out;
		}
		mappa_sha256_final(in->sha, h->sha256);
	}
	if (in->total == 0) {
		mappa_diag_error(diag, 0, "the file is empty; a snapshot "
		    "starts with <register-snapshot>");
		rd.xml_fatal = true;
	} else if (rc == -1 && !rd.xml_fatal) {
		/* A fault that reached no handler (see libraries.md). */
		const xmlError *e = rd.ctxt != NULL ?
		    xmlCtxtGetLastError(rd.ctxt) : NULL;

		if (e != NULL && e->message != NULL &&
		    e->level != XML_ERR_WARNING && e->code != XML_ERR_OK)
			xml_error(&rd, (xmlErrorPtr)e);
		else
			/* Encoding errors reach no handler in 2.9.14. */
			mappa_diag_error(diag, e != NULL && e->line > 0 ?
			    (unsigned long)e->line : 0, "not well-formed XML, "
			    "or not in the encoding it declares (UTF-8 if "
			    "none)");
		rd.xml_fatal = true;
	}
	if (!rd.stop && rc == 0 && !rd.root)
		mappa_diag_error(diag, 0, "the file is empty or holds no "
		    "element; a snapshot starts with <register-snapshot>");
	/* The schema's verdict counts only where ours found nothing. */
	if (diag->errors == 0 && !rd.stopped_by_handler) {
		for (unsigned long i = 0; i < rd.schema_errors &&
		    i < SCHEMA_KEEP; i++)
			mappa_diag_error(diag, rd.schema_line[i],
			    "does not match the snapshot schema: %s",
			    rd.schema_msg[i]);
		if (rd.schema_errors > SCHEMA_KEEP)
			diag->errors += rd.schema_errors - SCHEMA_KEEP;
	}
	if (rd.stopped_by_handler)
		st = MAPPA_READ_STOPPED;
	else if (diag->errors != 0)
		st = MAPPA_READ_INVALID;
	else if (rc != 0 || !rd.root) {
		/* Never call a document valid that was not read to its end. */
		mappa_diag_error(diag, 0, "the document could not be read to "
		    "its end");
		st = MAPPA_READ_INVALID;
	} else
		st = MAPPA_READ_OK;
out:
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (plug != NULL)
		xmlSchemaSAXUnplug(plug);
	if (vctxt != NULL)
		xmlSchemaFreeValidCtxt(vctxt);
	if (rd.ctxt != NULL) {
		if (rd.ctxt->myDoc != NULL)
			xmlFreeDoc(rd.ctxt->myDoc);
		xmlFreeParserCtxt(rd.ctxt);
	}
	for (unsigned long i = 0; i < rd.schema_errors && i < SCHEMA_KEEP; i++)
		free(rd.schema_msg[i]);
	idset_clear(&rd.ids);
	free(rd.vbuf);
	free(rd.levels);
	free(rd.events);
	free(rd.area);
	free(rd.exported);
	if (st == MAPPA_READ_SYSERR || st == MAPPA_READ_TMPERR)
		errno = in->err;
	return st;
}
enum mappa_read_status
mappa_snapshot_read(const char *path, struct mappa_diag *diag,
    const struct mappa_handler *h)
{
	struct input	 in;
	struct stat	 sb;
	enum mappa_read_status st;
	int		 fd, saved;

	memset(&in, 0, sizeof(in));
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return MAPPA_READ_SYSERR;
	if (fstat(fd, &sb) == -1 || S_ISDIR(sb.st_mode)) {
		saved = S_ISDIR(sb.st_mode) ? EISDIR : errno;
		if (fd != STDIN_FILENO)
			close(fd);
		errno = saved;
		return MAPPA_READ_SYSERR;
	}
	in.fd = fd;
	st = read_input(&in, diag, h);
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	errno = saved;
	return st;
}

enum mappa_read_status
mappa_snapshot_read_mem(const char *buf, size_t len, struct mappa_diag *diag,
    const struct mappa_handler *h)
{
	struct input	 in;

	memset(&in, 0, sizeof(in));
	in.fd = -1;
	in.mem = buf;
	in.memlen = len;
	return read_input(&in, diag, h);
}

void
mappa_snapshot_say(enum mappa_read_status st, const char *path,
    const struct mappa_diag *diag, const char *what)
{
	switch (st) {
	case MAPPA_READ_OK:
		break;
	case MAPPA_READ_SYSERR:
		fprintf(stderr, "mappa-report: cannot read %s: %s\n", path,
		    strerror(errno));
		break;
	case MAPPA_READ_TMPERR:
		fprintf(stderr, "mappa-report: cannot write a temporary file "
		    "in %s: %s\n", getenv("TMPDIR") != NULL &&
		    getenv("TMPDIR")[0] != '\0' ? getenv("TMPDIR") : "/tmp",
		    strerror(errno));
		break;
	case MAPPA_READ_INVALID:
		mappa_diag_summary(diag, what);
		break;
	default:
		fprintf(stderr, "mappa-report: internal error reading %s\n",
		    path);
		break;
	}
}

void
mappa_snapshot_cleanup(void)
{
	xmlSchemaFree(schema);
	schema = NULL;
	xmlCleanupParser();
}
