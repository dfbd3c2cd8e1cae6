/* reader.c: the streaming snapshot reader; the only user of libxml2 here. */
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
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "mappa/date.h"
#include "mappa/sha256.h"
#include "mappa/snapshot.h"
#include "mappa/util.h"
#include "mappa/xmlsafe.h"
#include "idset.h"

/*
 * libxml2 is given nothing that expands or loads: no NOENT, DTDLOAD,
 * DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER.  BIG_LINES keeps line
 * numbers right past 65535.  A DOCTYPE is refused on sight.
 */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
	XML_PARSE_COMPACT)

/* Schema errors kept until we know whether our own checks saw the fault. */
#define SCHEMA_KEEP MAPPA_DIAG_LIMIT

/* How much of a bad value a message quotes. */
#define SHOW_MAX 40

struct input {
	int		 fd;		/* -1 when reading from memory */
	const char	*mem;
	size_t		 memlen, memoff;
	int		 err;		/* errno of a failed read, or 0 */
	size_t		 total;		/* bytes read [B] */
	struct mappa_sha256 *sha;	/* hash of the bytes, or NULL */
	int		 scan;		/* enum scan */
	unsigned long	 scan_line;	/* line the scan has reached */
	unsigned long	 root_line;	/* line of the first start tag */
	unsigned long	 doctype_line;	/* line of a <!DOCTYPE, or 0 */
};

struct rd {
	xmlTextReaderPtr	 xr;
	struct mappa_diag	*diag;
	const struct mappa_handler *h;
	struct input		*in;
	bool			 stop;		/* a handler or a fatal error */
	bool			 stopped_by_handler;
	bool			 header_ok;	/* header handed out */
	bool			 skip;		/* step over the current subtree */
	const char		*child;		/* open child of an offender */
	unsigned long		 child_line;
	bool			 child_bad;	/* its content was reported */
	unsigned long		 pos_line;	/* where the parser stands */

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
	xmlAttrPtr		 attr;		/* next_attr()'s cursor */
	xmlChar			*vbuf;		/* a value joined from parts */
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
 * Find the line of the first start tag: libxml2 gives an element the line
 * where its start tag ends, and reports no whitespace before the root, so
 * the root's first line is read off the raw bytes as they pass (when they
 * are ASCII-compatible; otherwise libxml2's line stands).  The prolog may
 * hold the XML declaration, processing instructions and comments.
 */
enum scan { SCAN_TEXT, SCAN_LT, SCAN_BANG, SCAN_PI, SCAN_MARKUP, SCAN_DONE };

static void
scan_root_line(struct input *in, const char *p, size_t n)
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
				in->scan = SCAN_DONE;	/* UTF-16 or worse */
			break;
		case SCAN_LT:
			if (c == '?')
				in->scan = SCAN_PI;
			else if (c == '!')
				in->scan = SCAN_BANG;
			else {
				in->root_line = in->scan_line;
				in->scan = SCAN_DONE;
			}
			break;
		case SCAN_BANG:
			if (c == 'D' && in->doctype_line == 0)
				in->doctype_line = in->scan_line;
			in->scan = c == '>' ? SCAN_TEXT : SCAN_MARKUP;
			break;
		case SCAN_PI:
		case SCAN_MARKUP:
			/* A comment or PI ends at '>' (a "--" can't hold one). */
			if (c == '>')
				in->scan = SCAN_TEXT;
			break;
		default:
			break;
		}
	}
}

static int
input_read(void *arg, char *buf, int len)
{
	struct input	*in = arg;
	ssize_t		 n;

	if (in->fd < 0) {
		n = in->memlen - in->memoff < (size_t)len ?
		    (ssize_t)(in->memlen - in->memoff) : len;
		memcpy(buf, in->mem + in->memoff, (size_t)n);
		in->memoff += (size_t)n;
	} else {
		do
			n = read(in->fd, buf, (size_t)len);
		while (n == -1 && errno == EINTR);
		if (n == -1) {
			in->err = errno;
			return -1;
		}
	}
	if (n > 0) {
		scan_root_line(in, buf, (size_t)n);
		in->total += (size_t)n;
		if (in->sha != NULL)
			mappa_sha256_update(in->sha, buf, (size_t)n);
		/* Not one byte of a DOCTYPE reaches the parser. */
		if (in->doctype_line != 0)
			return -1;
	}
	return (int)n;
}

static int
input_close(void *arg)
{
	(void)arg;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attributes */

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The current element's name, if it is in no namespace; else NULL. */
static const char *
plain_name(struct rd *rd)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(rd->xr);

	if (n == NULL || n->ns != NULL)
		return NULL;
	return (const char *)n->name;
}

/*
 * An attribute's value, read off the node libxml2 built for the element:
 * far cheaper than the reader's attribute cursor.  With no DTD there are
 * no entities, so a value is one text node, or none when empty; anything
 * else is joined into rd->vbuf, valid until the next call.
 */
static const char *
attr_value(struct rd *rd, xmlAttrPtr a)
{
	xmlNodePtr t = a->children;

	if (t == NULL)
		return "";
	if (t->next == NULL && t->type == XML_TEXT_NODE && t->content != NULL)
		return (const char *)t->content;
	xmlFree(rd->vbuf);
	rd->vbuf = xmlNodeListGetString(a->doc, t, 1);
	return rd->vbuf != NULL ? (const char *)rd->vbuf : "";
}

/* An attribute's name as written; one in a namespace matches no rule. */
static const char *
attr_name(struct rd *rd, xmlAttrPtr a)
{
	if (a->ns == NULL || a->ns->prefix == NULL)
		return (const char *)a->name;
	snprintf(rd->nbuf, sizeof(rd->nbuf), "%s:%s", a->ns->prefix, a->name);
	return rd->nbuf;
}

/* The value of the current element's attribute `name`, or NULL. */
static const char *
find_attr(struct rd *rd, const char *name)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(rd->xr);

	for (xmlAttrPtr a = n != NULL ? n->properties : NULL; a != NULL;
	    a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return attr_value(rd, a);
	return NULL;
}

/* Iterate over the current element's attributes. */
static bool
next_attr(struct rd *rd, bool first, const char **name, const char **value)
{
	if (first) {
		xmlNodePtr n = xmlTextReaderCurrentNode(rd->xr);

		rd->attr = n != NULL ? n->properties : NULL;
	} else if (rd->attr != NULL)
		rd->attr = rd->attr->next;
	if (rd->attr == NULL)
		return false;
	*name = attr_name(rd, rd->attr);
	*value = attr_value(rd, rd->attr);
	return true;
}

/*
 * Parse a date attribute; on failure report it in context (NULL: the
 * offender being read) and return -1.
 */
static int
date_attr(struct rd *rd, unsigned long line, const char *ctx,
    const char *name, const char *v, int32_t *out)
{
	char	 buf[4 * SHOW_MAX + 8];

	if (mappa_date_parse(v, strlen(v), out) == 0)
		return 0;
	if (ctx == NULL)
		off_error(rd, line, "%s '%s' is not a calendar date of the "
		    "form YYYY-MM-DD", name, show(v, strlen(v), buf));
	else
		mappa_diag_error(rd->diag, line, "%s: %s '%s' is not a "
		    "calendar date of the form YYYY-MM-DD", ctx, name,
		    show(v, strlen(v), buf));
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
	unsigned long	 before = rd->diag->errors;

	/* The version decides how to read the rest: look at it first. */
	v = find_attr(rd, "version");
	if (v == NULL) {
		mappa_diag_error(rd->diag, line,
		    "%s: missing required attribute 'version'", ctx);
	} else if (strcmp(v, "1") != 0) {
		mappa_diag_error(rd->diag, line,
		    "%s: unsupported snapshot version %s; this program reads "
		    "version 1", ctx, show(v, strlen(v), buf));
		rd->stop = true;
		return;
	} else
		seen_ver = true;

	while (next_attr(rd, first, &name, &v)) {
		size_t	 len = strlen(v);

		first = false;
		if (strcmp(name, "version") == 0)
			continue;
		if (strcmp(name, "area") == 0) {
			const char *s = v, *e = v + len;
			long	 chars;

			seen_area = true;
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
			if (date_attr(rd, line, ctx, name, v,
			    &rd->hdr.period_start) == -1)
				ok = false;
		} else if (strcmp(name, "period-end") == 0) {
			seen_pe = true;
			if (date_attr(rd, line, ctx, name, v,
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
		rd->nm[i] = (const char *)xmlTextReaderConstString(rd->xr,
		    (const xmlChar *)(i < NM_CHILD ? nm_text[i] :
		    child_names[i - NM_CHILD]));
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

	memset(o, 0, sizeof(*o));
	o->eligible_until = MAPPA_DATE_NONE;
	o->line = line;
	rd->in_offender = true;
	rd->off_bad = false;
	rd->nlevels = rd->nevents = 0;
	rd->errors_at_start = rd->diag->errors;

	/* The id names the offender in every later message: read it first. */
	rd->id[0] = '\0';
	idv = find_attr(rd, "id");
	if (idv == NULL) {
		mappa_diag_error(rd->diag, line,
		    "offender: missing required attribute 'id'");
		rd->off_bad = true;
	} else if (!valid_id(idv, strlen(idv))) {
		mappa_diag_error(rd->diag, line,
		    "offender: id '%s' is not 1 to 64 of A-Z a-z 0-9 - _ /",
		    show(idv, strlen(idv), buf));
		rd->off_bad = true;
	} else {
		size_t	 n = strlen(idv);

		memcpy(rd->id, idv, n + 1);
		/* Duplicates are found once all ids are in (see idset.h). */
		if (idset_add(&rd->ids, rd->id, n, line) == -1) {
			rd->tmp_err = errno;
			rd->stop = true;
		}
	}
	o->id = rd->id;

	while (next_attr(rd, first, &name, &v)) {
		size_t	 len = strlen(v);

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
			if (date_attr(rd, line, NULL, name, v,
			    &o->eligible_from) == -1)
				rd->off_bad = true;
		} else if (name == rd->nm[NM_ELIGIBLE_UNTIL]) {
			if (date_attr(rd, line, NULL, name, v,
			    &o->eligible_until) == -1) {
				o->eligible_until = MAPPA_DATE_NONE;
				rd->off_bad = true;
			}
		} else if (name == rd->nm[NM_CUSTODY]) {
			if (strcmp(v, "yes") == 0)
				o->custody = true;
			else if (strcmp(v, "no") != 0)
				off_error(rd, line,
				    "custody '%s' must be yes or no",
				    show(v, len, buf));
		} else if (name == rd->nm[NM_WHEREABOUTS]) {
			if (strcmp(v, "missing") == 0)
				o->whereabouts = MAPPA_MISSING;
			else if (strcmp(v, "wanted") == 0)
				o->whereabouts = MAPPA_WANTED;
			else if (strcmp(v, "known") != 0)
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
lookup(const char *const *list, const char *v)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], v) == 0)
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

	while (next_attr(rd, first, &name, &v)) {
		size_t	 len = strlen(v);

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
			} else if ((sub = lookup(sublist, v)) < 0) {
				off_error(rd, line, "%s: %s '%s' must be %s",
				    cname, subname, show(v, len, buf),
				    list_text(sublist, lbuf, sizeof(lbuf)));
				ok = false;
			}
		} else if (flagname != NULL && name == rd->nm[flagnm]) {
			if (strcmp(v, "yes") == 0)
				flag = true;
			else if (strcmp(v, "no") != 0) {
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
	/* Levels come in any order; there are few, so insertion sort. */
	for (size_t i = 1; i < n; i++) {
		struct mappa_level t = lv[i];
		size_t	 j = i;

		while (j > 0 && (lv[j - 1].from > t.from ||
		    (lv[j - 1].from == t.from && lv[j - 1].line > t.line))) {
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

/* An id seen twice, found when the whole file has been read. */
static void
duplicate(void *arg, const char *id, size_t len, unsigned long line,
    unsigned long first)
{
	mappa_diag_error(arg, line, "offender %.*s: duplicate id; it was "
	    "first used at line %lu", (int)len, id, first);
}

/* ------------------------------------------------------------------ */
/* The document */

static unsigned long
count_lines(const xmlChar *s)
{
	unsigned long n = 0;

	if (s != NULL)
		for (; *s; s++)
			n += *s == '\n';
	return n;
}

/*
 * After a text node, the parser stands where the next tag begins: libxml2
 * records that line on the node, and rightly past 65535 (BIG_LINES).
 */
static void
text_end(struct rd *rd)
{
	long	 l = xmlGetLineNo(xmlTextReaderCurrentNode(rd->xr));

	if (l > 0)
		rd->pos_line = (unsigned long)l;
	else
		rd->pos_line += count_lines(xmlTextReaderConstValue(rd->xr));
}

/*
 * Skip an element's content after reporting it: the main loop moves to
 * the next sibling instead of into it.  The lines inside are not counted,
 * so the position is unknown until the next start tag.
 */
static void
skip(struct rd *rd)
{
	if (!xmlTextReaderIsEmptyElement(rd->xr)) {
		rd->skip = true;
		rd->pos_line = 0;
	}
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

/* Look at one node, of this type and depth. */
static void
node(struct rd *rd, int type, int depth)
{
	xmlTextReaderPtr xr = rd->xr;
	unsigned long line, end;
	const char *name;
	char	 buf[4 * SHOW_MAX + 8];

	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		/*
		 * libxml2 gives an element the line where its start tag
		 * ends, and past line 65534 only a neighbour's line: so
		 * the start comes from the text before it, and the end is
		 * used only where it can be trusted.
		 */
		end = (unsigned long)xmlGetLineNo(xmlTextReaderCurrentNode(xr));
		if (end >= 65535)
			end = 0;
		line = rd->pos_line ? rd->pos_line : end;
		if (depth == 0 && rd->in->root_line)
			line = rd->in->root_line;
		if (end > line)
			rd->pos_line = end;
		name = plain_name(rd);
		if (depth == 0) {
			if (name == NULL || strcmp(name, "register-snapshot")) {
				mappa_diag_error(rd->diag, line, "the root "
				    "element is <%s>; a snapshot starts with "
				    "<register-snapshot>",
				    show((const char *)xmlTextReaderConstName(
				    xr), strlen((const char *)
				    xmlTextReaderConstName(xr)), buf));
				rd->stop = true;
				return;
			}
			read_root(rd, line);
		} else if (depth == 1) {
			if (name == NULL || name != rd->nm[NM_OFFENDER]) {
				mappa_diag_error(rd->diag, line,
				    "register-snapshot: unknown element <%s>; "
				    "only <offender> may appear here",
				    show((const char *)xmlTextReaderConstName(
				    xr), strlen((const char *)
				    xmlTextReaderConstName(xr)), buf));
				skip(rd);
				return;
			}
			start_offender(rd, line);
			if (xmlTextReaderIsEmptyElement(xr))
				end_offender(rd);
		} else if (depth == 2 && rd->in_offender) {
			int	 ch;

			for (ch = 0; ch < CH__MAX; ch++)
				if (name != NULL &&
				    name == rd->nm[NM_CHILD + ch])
					break;
			if (ch == CH__MAX) {
				off_error(rd, line, "unknown element <%s>",
				    show((const char *)xmlTextReaderConstName(
				    xr), strlen((const char *)
				    xmlTextReaderConstName(xr)), buf));
				skip(rd);
				return;
			}
			read_child(rd, (enum child)ch, line);
			/* <level ...></level> is as empty as <level .../>. */
			if (!xmlTextReaderIsEmptyElement(xr)) {
				rd->child = child_names[ch];
				rd->child_line = line;
				rd->child_bad = false;
			}
		} else if (depth == 3 && rd->child != NULL) {
			not_empty(rd);
			skip(rd);
		}
		break;
	case XML_READER_TYPE_END_ELEMENT:
		if (depth == 1 && rd->in_offender)
			end_offender(rd);
		else if (depth == 2)
			rd->child = NULL;
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
		/* The line of the first character that is not a space. */
		text_end(rd);
		line = rd->pos_line;
		for (const xmlChar *t = xmlTextReaderConstValue(xr);
		    t != NULL && *t; t++)
			if (!is_ws((char)*t)) {
				line -= count_lines(t);
				break;
			}
		if (depth == 1)
			mappa_diag_error(rd->diag, line, "register-snapshot: "
			    "unexpected text; only <offender> elements may "
			    "appear here");
		else if (depth == 2 && rd->in_offender)
			off_error(rd, line, "unexpected text; an offender "
			    "holds only elements");
		else if (depth == 3 && rd->child != NULL)
			not_empty(rd);
		break;
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		text_end(rd);
		/* Not even a space, as the schema has it. */
		if (depth == 3 && rd->child != NULL)
			not_empty(rd);
		break;
	case XML_READER_TYPE_COMMENT:
	case XML_READER_TYPE_PROCESSING_INSTRUCTION:
		rd->pos_line += count_lines(xmlTextReaderConstValue(xr));
		break;
	case XML_READER_TYPE_DOCUMENT_TYPE:
		doctype_error(rd);
		rd->xml_fatal = rd->stop = true;
		break;
	case XML_READER_TYPE_ENTITY_REFERENCE:
		mappa_diag_error(rd->diag, rd->pos_line,
		    "entity references are not allowed in a snapshot");
		rd->stop = true;
		break;
	default:
		break;
	}
}

static int
load_schema(void)
{
	if (schema == NULL)
		schema = mappa_xml_schema(mappa_snapshot_xsd,
		    mappa_snapshot_xsd_len);
	return schema == NULL ? -1 : 0;
}

static enum mappa_read_status
read_input(struct input *in, struct mappa_diag *diag,
    const struct mappa_handler *h)
{
	static const struct mappa_handler none;
	struct mappa_sha256 sha;
	struct rd	 rd;
	enum mappa_read_status st;
	int		 rc = 1, type, depth;
	bool		 root = false;

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
	rd.pos_line = 1;
	idset_init(&rd.ids);
	in->scan = SCAN_TEXT;
	in->scan_line = 1;
	if (h != NULL && h->sha256 != NULL) {
		mappa_sha256_init(&sha);
		in->sha = &sha;
	}

	rd.xr = xmlReaderForIO(input_read, input_close, in, NULL, NULL,
	    READER_OPTIONS);
	if (rd.xr == NULL) {
		errno = ENOMEM;
		return MAPPA_READ_SYSERR;
	}
	/* Handlers before the schema: the other order crashes 2.9.14. */
	xmlTextReaderSetStructuredErrorHandler(rd.xr, xml_error, &rd);
	intern_names(&rd);
	if ((rd.h->flags & MAPPA_READ_SCHEMA) &&
	    xmlTextReaderSetSchema(rd.xr, schema) == -1) {
		xmlFreeTextReader(rd.xr);
		fputs("mappa-report: internal error: cannot attach the "
		    "snapshot schema\n", stderr);
		errno = EINVAL;
		return MAPPA_READ_SYSERR;
	}

	for (;;) {
		if (rd.stop)
			break;
		rc = rd.skip ? xmlTextReaderNext(rd.xr) :
		    xmlTextReaderRead(rd.xr);
		rd.skip = false;
		if (rc != 1)
			break;
		type = xmlTextReaderNodeType(rd.xr);
		depth = xmlTextReaderDepth(rd.xr);
		if (type == XML_READER_TYPE_ELEMENT && depth == 0)
			root = true;
		node(&rd, type, depth);
	}

	if (in->err != 0) {
		st = MAPPA_READ_SYSERR;
		goto out;
	}
	if (rc == 0 && !rd.stop && idset_finish(&rd.ids, duplicate, diag) == -1)
		rd.tmp_err = errno;
	if (rd.tmp_err != 0) {
		fprintf(stderr, "mappa-report: cannot keep the offender ids "
		    "in a temporary file in %s: %s\n", getenv("TMPDIR") ?
		    getenv("TMPDIR") : "/tmp", strerror(rd.tmp_err));
		in->err = rd.tmp_err;
		st = MAPPA_READ_SYSERR;
		goto out;
	}
	if (in->sha != NULL) {
		/* Hash what the parser left unread too: the whole file. */
		char	 buf[16384];
		int	 n;

		while (rc == 0 && (n = input_read(in, buf, sizeof(buf))) > 0)
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
		const xmlError *e = xmlGetLastError();

		if (e != NULL && e->message != NULL &&
		    e->level != XML_ERR_WARNING)
			xml_error(&rd, (xmlErrorPtr)e);
		else
			/* Encoding errors reach no handler in 2.9.14. */
			mappa_diag_error(diag, e != NULL && e->line > 0 ?
			    (unsigned long)e->line : 0, "not well-formed XML, "
			    "or not in the encoding it declares (UTF-8 if "
			    "none)");
		rd.xml_fatal = true;
	}
	if (!rd.stop && rc == 0 && !root)
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
		if ((rd.h->flags & MAPPA_READ_SCHEMA) &&
		    rd.schema_errors == 0 && rc == 0 &&
		    xmlTextReaderIsValid(rd.xr) != 1)
			mappa_diag_error(diag, 0, "does not match the "
			    "snapshot schema");
	}
	if (rd.stopped_by_handler)
		st = MAPPA_READ_STOPPED;
	else if (diag->errors != 0)
		st = MAPPA_READ_INVALID;
	else if (rc != 0 || !root) {
		/* Never call a document valid that was not read to its end. */
		mappa_diag_error(diag, 0, "the document could not be read to "
		    "its end");
		st = MAPPA_READ_INVALID;
	} else
		st = MAPPA_READ_OK;
out:
	xmlFreeTextReader(rd.xr);
	for (unsigned long i = 0; i < rd.schema_errors && i < SCHEMA_KEEP; i++)
		free(rd.schema_msg[i]);
	idset_clear(&rd.ids);
	xmlFree(rd.vbuf);
	free(rd.levels);
	free(rd.events);
	free(rd.area);
	free(rd.exported);
	if (st == MAPPA_READ_SYSERR)
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
