/* expr.c: compiling placeholders and test expressions; for the template stage. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/stats.h"
#include "mappa/util.h"
#include "template_int.h"

/* Values that are not figures of statistics.md. */
static const char *const extras[] = {
	"area", "period.start", "period.end", "period.label", "population",
	"exported", "era", "previous", "generated", "program.version",
	"provenance.snapshot", "provenance.template", "provenance.previous",
	"snapshot_version", "era_changed", "population_basis",
	"rso_per_100k_1dp",
	/* a comparison's (compare): its years, and the range of a loop */
	"years.count", "years.first", "years.last", "years.areas",
	"years.era", "years.gap", "years.from", "years.to", "years.partial",
	NULL
};

bool
values_known(const char *name)
{
	struct mappa_stats zero;
	uint64_t	 v;

	for (size_t i = 0; extras[i] != NULL; i++)
		if (strcmp(name, extras[i]) == 0)
			return true;
	memset(&zero, 0, sizeof(zero));
	return mappa_stats_lookup(&zero, name, &v) == 0;
}

bool
name_known(const char *name)
{
	if (strncmp(name, "previous.", 9) == 0) {
		name += 9;
		/* The previous year's provenance is provenance.previous. */
		if (strcmp(name, "previous") == 0 ||
		    strncmp(name, "previous.", 9) == 0 ||
		    strncmp(name, "provenance.", 11) == 0 ||
		    strcmp(name, "program.version") == 0 ||
		    strcmp(name, "generated") == 0)
			return false;
	}
	return values_known(name);
}

/* ------------------------------------------------------------------ */
/* Expressions: a small recursive descent parser. */

struct px {
	const char	*s, *p;		/* whole text, position */
	const char	*what;		/* "placeholder" or "test" */
	struct mappa_diag *diag;
	unsigned long	 line;
	bool		 failed;
	int		 depth;		/* of nested (, - and not */
};

/*
 * Deep enough for any real test; a bound, so that neither this parser nor
 * the evaluator can run out of stack on a hostile template.
 */
#define EXPR_DEPTH_MAX	64

static void px_error(struct px *, const char *, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
px_error(struct px *x, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	if (x->failed)
		return;
	x->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mappa_diag_error(x->diag, x->line, "malformed %s '%s': %s",
	    x->what, x->s, msg);
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	expr_free(e->a);
	expr_free(e->b);
	free(e->s);
	free(e);
}

static struct expr *
node(enum xop op, struct expr *a, struct expr *b)
{
	struct expr	*e = mappa_calloc(1, sizeof(*e));

	e->op = op;
	e->a = a;
	e->b = b;
	return e;
}

static void
skip_ws(struct px *x)
{
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' ||
	    *x->p == '\r')
		x->p++;
}

/* Whether the next token is the word w (a keyword, not a prefix). */
static bool
word(struct px *x, const char *w)
{
	size_t	 n = strlen(w);

	skip_ws(x);
	if (strncmp(x->p, w, n) != 0 || isalnum((unsigned char)x->p[n]) ||
	    x->p[n] == '_' || x->p[n] == '.')
		return false;
	x->p += n;
	return true;
}

static bool
punct(struct px *x, const char *w)
{
	size_t	 n = strlen(w);

	skip_ws(x);
	if (strncmp(x->p, w, n) != 0)
		return false;
	x->p += n;
	return true;
}

static struct expr *parse_or(struct px *);

static const char *
here(struct px *x)
{
	return *x->p == '\0' ? "the end" : x->p;
}

/* One level deeper: false (after an error) past EXPR_DEPTH_MAX. */
static bool
deeper(struct px *x)
{
	if (++x->depth <= EXPR_DEPTH_MAX)
		return true;
	px_error(x, "expression nested more than %d deep", EXPR_DEPTH_MAX);
	return false;
}

static struct expr *
parse_atom(struct px *x)
{
	struct expr	*e;
	const char	*start;

	skip_ws(x);
	if (x->failed)
		return NULL;
	if (punct(x, "(")) {
		if (!deeper(x))
			return NULL;
		e = parse_or(x);
		x->depth--;
		if (e != NULL && !punct(x, ")")) {
			px_error(x, "expected ')' at %s", here(x));
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (isdigit((unsigned char)*x->p)) {
		int64_t	 n = 0;

		while (isdigit((unsigned char)*x->p)) {
			if (n > (INT64_MAX - 9) / 10) {
				px_error(x, "number too large");
				return NULL;
			}
			n = n * 10 + (*x->p++ - '0');
		}
		if (isalpha((unsigned char)*x->p) || *x->p == '_') {
			px_error(x, "unexpected '%c' after a number", *x->p);
			return NULL;
		}
		e = node(X_INT, NULL, NULL);
		e->n = n;
		return e;
	}
	if (*x->p == '\'' || *x->p == '"') {
		char	 q = *x->p++;

		start = x->p;
		while (*x->p != '\0' && *x->p != q)
			x->p++;
		if (*x->p != q) {
			px_error(x, "unterminated string");
			return NULL;
		}
		e = node(X_STR, NULL, NULL);
		e->s = mappa_strndup(start, (size_t)(x->p - start));
		x->p++;
		return e;
	}
	if (isalpha((unsigned char)*x->p) || *x->p == '_') {
		start = x->p;
		while (isalnum((unsigned char)*x->p) || *x->p == '_' ||
		    (*x->p == '.' && (isalnum((unsigned char)x->p[1]) ||
		    x->p[1] == '_')))
			x->p++;
		e = node(X_NAME, NULL, NULL);
		e->s = mappa_strndup(start, (size_t)(x->p - start));
		if (strcmp(e->s, "and") == 0 || strcmp(e->s, "or") == 0 ||
		    strcmp(e->s, "not") == 0) {
			px_error(x, "expected a value before '%s'", e->s);
			expr_free(e);
			return NULL;
		}
		if (!name_known(e->s)) {
			if (!x->failed)
				mappa_diag_error(x->diag, x->line,
				    "unknown value '%s' in %s '%s'", e->s,
				    x->what, x->s);
			x->failed = true;
			expr_free(e);
			return NULL;
		}
		return e;
	}
	if (*x->p == '\0')
		px_error(x, "expected a value at the end");
	else
		px_error(x, "expected a value at '%s'", x->p);
	return NULL;
}

static struct expr *
parse_unary(struct px *x)
{
	struct expr	*a;

	if (punct(x, "-")) {
		if (!deeper(x))
			return NULL;
		a = parse_unary(x);
		x->depth--;
		return a == NULL ? NULL : node(X_NEG, a, NULL);
	}
	return parse_atom(x);
}

static struct expr *
parse_product(struct px *x)
{
	struct expr	*a, *b;
	enum xop	 op;

	if ((a = parse_unary(x)) == NULL)
		return NULL;
	for (;;) {
		if (punct(x, "*"))
			op = X_MUL;
		else if (punct(x, "/"))
			op = X_DIV;
		else
			return a;
		if ((b = parse_unary(x)) == NULL) {
			expr_free(a);
			return NULL;
		}
		a = node(op, a, b);
	}
}

static struct expr *
parse_sum(struct px *x)
{
	struct expr	*a, *b;
	enum xop	 op;

	if ((a = parse_product(x)) == NULL)
		return NULL;
	for (;;) {
		if (punct(x, "+"))
			op = X_ADD;
		else if (punct(x, "-"))
			op = X_SUB;
		else
			return a;
		if ((b = parse_product(x)) == NULL) {
			expr_free(a);
			return NULL;
		}
		a = node(op, a, b);
	}
}

static struct expr *
parse_cmp(struct px *x)
{
	static const struct { const char *s; enum xop op; } ops[] = {
		{"==", X_EQ}, {"!=", X_NE}, {"<=", X_LE}, {">=", X_GE},
		{"<", X_LT}, {">", X_GT}, {"=", X_EQ}
	};
	struct expr	*a, *b;

	if ((a = parse_sum(x)) == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (punct(x, ops[i].s)) {
			if ((b = parse_sum(x)) == NULL) {
				expr_free(a);
				return NULL;
			}
			return node(ops[i].op, a, b);
		}
	return a;
}

static struct expr *
parse_not(struct px *x)
{
	struct expr	*a;

	if (word(x, "not") || punct(x, "!")) {
		if (!deeper(x))
			return NULL;
		a = parse_not(x);
		x->depth--;
		return a == NULL ? NULL : node(X_NOT, a, NULL);
	}
	return parse_cmp(x);
}

static struct expr *
parse_and(struct px *x)
{
	struct expr	*a, *b;

	if ((a = parse_not(x)) == NULL)
		return NULL;
	while (word(x, "and") || punct(x, "&&")) {
		if ((b = parse_not(x)) == NULL) {
			expr_free(a);
			return NULL;
		}
		a = node(X_AND, a, b);
	}
	return a;
}

static struct expr *
parse_or(struct px *x)
{
	struct expr	*a, *b;

	if ((a = parse_and(x)) == NULL)
		return NULL;
	while (word(x, "or") || punct(x, "||")) {
		if ((b = parse_and(x)) == NULL) {
			expr_free(a);
			return NULL;
		}
		a = node(X_OR, a, b);
	}
	return a;
}

/*
 * A placeholder as a message quotes it: at most 60 bytes, cut between
 * UTF-8 characters, "..." for the rest.  The caller frees it.
 */
static char *
quoted(const char *p, size_t n)
{
	size_t	 k = n;
	char	*q;

	if (n <= 60)
		return mappa_strndup(p, n);
	k = 60;
	while (k > 0 && ((unsigned char)p[k] & 0xc0) == 0x80)
		k--;
	q = mappa_malloc(k + 4);
	memcpy(q, p, k);
	memcpy(q + k, "...", 4);
	return q;
}

static struct expr *
compile(const char *text, const char *shown, const char *what,
    struct mappa_diag *diag, unsigned long line)
{
	struct px	 x = {shown, text, what, diag, line, false, 0};
	struct expr	*e;

	e = parse_or(&x);
	if (e != NULL) {
		skip_ws(&x);
		if (*x.p != '\0') {
			px_error(&x, "unexpected '%s'", x.p);
			expr_free(e);
			e = NULL;
		}
	}
	return e;
}

struct expr *
expr_compile(const char *text, struct mappa_diag *diag, unsigned long line)
{
	return compile(text, text, "test", diag, line);
}

/* ------------------------------------------------------------------ */
/* Texts with placeholders. */

static const struct {
	const char	*name;
	enum fmt	 fmt;
	int		 nargs;		/* -1: an expression */
	bool		 plain_name;	/* needs a plain current-year name */
} formats[] = {
	{"number", F_NUMBER, 0, false},
	{"plain", F_PLAIN, 0, false},
	{"words", F_WORDS, 0, false},
	{"Words", F_WORDS_CAP, 0, false},
	{"date", F_DATE, 0, false},
	{"year", F_YEAR, 0, false},
	{"percent", F_PERCENT, -1, false},
	{"plural", F_PLURAL, 2, false},
	{"count", F_COUNT, 2, false},
	{"change", F_CHANGE, 0, true},
	{"diff", F_DIFF, 0, true},
	{"pctchange", F_PCTCHANGE, 0, true},
	{"trend", F_TREND, 0, true},
	{"abs", F_ABS, 0, false},
};

void
tstr_free(struct tstr *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->segs[i].lit);
		expr_free(t->segs[i].e);
		free(t->segs[i].arg[0]);
		free(t->segs[i].arg[1]);
		expr_free(t->segs[i].argx);
	}
	free(t->segs);
	free(t);
}

static struct seg *
add_seg(struct tstr *t, size_t *cap)
{
	struct seg	*s;

	t->segs = mappa_grow(t->segs, cap, t->n + 1, sizeof(*t->segs));
	s = &t->segs[t->n++];
	memset(s, 0, sizeof(*s));
	return s;
}

/*
 * Fill a placeholder segment from "EXPR|FORMAT:ARG:ARG" (the text
 * between the braces, in, shown as shown).  Returns 0 or -1.
 */
static int
placeholder(struct seg *sg, const char *in, const char *shown,
    struct mappa_diag *diag, unsigned long line)
{
	const char	*bar = NULL, *p;
	char		*ex = NULL, *fm = NULL, *colon, *arg2;
	char		 q = 0;
	int		 rc = -1;
	size_t		 i;

	for (p = in; *p != '\0'; p++) {
		if (q != 0) {
			if (*p == q)
				q = 0;
		} else if (*p == '\'' || *p == '"')
			q = *p;
		else if (*p == '|') {
			bar = p;
			break;
		}
	}
	ex = bar ? mappa_strndup(in, (size_t)(bar - in)) : mappa_strdup(in);
	sg->e = compile(ex, shown, "placeholder", diag, line);
	if (sg->e == NULL)
		goto out;
	sg->fmt = F_DEFAULT;
	if (bar == NULL) {
		rc = 0;
		goto out;
	}
	fm = mappa_strdup(bar + 1);
	colon = strchr(fm, ':');
	if (colon != NULL)
		*colon++ = '\0';
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(fm, formats[i].name) == 0)
			break;
	if (i == sizeof(formats) / sizeof(formats[0])) {
		mappa_diag_error(diag, line, "malformed placeholder '%s': "
		    "unknown format '%s'", shown, fm);
		goto out;
	}
	sg->fmt = formats[i].fmt;
	if (formats[i].plain_name && (sg->e->op != X_NAME ||
	    strncmp(sg->e->s, "previous.", 9) == 0)) {
		mappa_diag_error(diag, line, "malformed placeholder '%s': "
		    "format '%s' needs the name of a figure, whose previous "
		    "value it compares with", shown, fm);
		goto out;
	}
	if (formats[i].nargs == 0 && colon != NULL) {
		mappa_diag_error(diag, line, "malformed placeholder '%s': "
		    "format '%s' takes no argument", shown, fm);
		goto out;
	}
	if (formats[i].nargs == -1) {
		if (colon == NULL || *colon == '\0') {
			mappa_diag_error(diag, line, "malformed placeholder "
			    "'%s': format '%s' needs the total to divide by, "
			    "as in '%s:offenders.total.total'", shown, fm, fm);
			goto out;
		}
		sg->argx = compile(colon, shown, "placeholder", diag, line);
		if (sg->argx == NULL)
			goto out;
	}
	if (formats[i].nargs == 2) {
		arg2 = colon ? strchr(colon, ':') : NULL;
		if (arg2 != NULL)
			*arg2++ = '\0';
		if (arg2 == NULL || strchr(arg2, ':') != NULL) {
			mappa_diag_error(diag, line, "malformed placeholder "
			    "'%s': format '%s' needs two words, as in "
			    "'%s:offender:offenders'", shown, fm, fm);
			goto out;
		}
		sg->arg[0] = mappa_strdup(colon);
		sg->arg[1] = mappa_strdup(arg2);
	}
	rc = 0;
out:
	free(ex);
	free(fm);
	return rc;
}

/* The names layout fills in itself in running headers and footers. */
static bool
layout_name(const char *s, size_t n)
{
	return (n == 4 && strncmp(s, "page", 4) == 0) ||
	    (n == 5 && strncmp(s, "pages", 5) == 0) ||
	    (n == 5 && strncmp(s, "title", 5) == 0);
}

struct tstr *
tstr_compile(const char *text, int flags, struct mappa_diag *diag,
    unsigned long line)
{
	struct tstr	*t = mappa_calloc(1, sizeof(*t));
	char		*lit = NULL;
	size_t		 cap = 0, llen = 0, lcap = 0;
	const char	*p = text, *seen = text;
	bool		 bad = false;

	for (;;) {
		const char *end = NULL;
		char	 q = 0;

		if (*p == '\0' || (*p == '{' && p[1] != '{' &&
		    !((flags & TSTR_RUNNING) && (end = strchr(p, '}')) &&
		    layout_name(p + 1, (size_t)(end - p - 1))))) {
			if (llen > 0) {
				lit[llen] = '\0';
				add_seg(t, &cap)->lit = lit;
				lit = NULL;
				llen = lcap = 0;
			}
			if (*p == '\0')
				break;
		} else {
			/* Literal text; {{ and }} stand for { and }. */
			lit = mappa_grow(lit, &lcap, llen + 2, 1);
			if ((*p == '{' || *p == '}') && p[1] == *p)
				p++;
			else if (*p == '}') {
				mappa_diag_error(diag, line, "malformed "
				    "placeholder: '}' without '{' in '%s' "
				    "(write '}}' for a brace)", text);
				bad = true;
				break;
			} else if (*p == '{') {
				/* {page} in a running header, copied. */
				end = strchr(p, '}');
				lit = mappa_grow(lit, &lcap,
				    llen + (size_t)(end - p) + 2, 1);
				memcpy(lit + llen, p, (size_t)(end - p));
				llen += (size_t)(end - p);
				p = end;
			}
			lit[llen++] = *p++;
			continue;
		}
		/* A placeholder: find its closing brace outside quotes. */
		for (const char *c = seen; c < p; c++)
			if (*c == '\n')
				line++;
		seen = p;
		for (end = p + 1; *end != '\0'; end++) {
			if (q != 0) {
				if (*end == q)
					q = 0;
			} else if (*end == '\'' || *end == '"')
				q = *end;
			else if (*end == '}' || *end == '{')
				break;
		}
		if (*end != '}') {
			char	*shown = quoted(p, (size_t)(end - p));

			mappa_diag_error(diag, line, "malformed placeholder "
			    "'%s': no closing '}'", shown);
			free(shown);
			bad = true;
			break;
		}
		{
			char	*in = mappa_strndup(p + 1,
			    (size_t)(end - p - 1));
			char	*shown = quoted(p, (size_t)(end - p + 1));

			struct seg *sg = add_seg(t, &cap);

			sg->line = line;
			if (placeholder(sg, in, shown, diag, line) == -1)
				bad = true;
			free(in);
			free(shown);
		}
		p = end + 1;
	}
	free(lit);
	if (bad) {
		tstr_free(t);
		return NULL;
	}
	return t;
}

struct tstr *
tstr_bound(const char *key, const char *format, struct mappa_diag *diag,
    unsigned long line)
{
	struct tstr	*t;
	char		*text;
	size_t		 n = strlen(key) + (format ? strlen(format) : 0) + 4;

	/* A key is a plain name: anything else would be an expression. */
	for (const char *p = key; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.') {
			mappa_diag_error(diag, line, "malformed key '%s': a "
			    "key is the dotted name of one value", key);
			return NULL;
		}
	if (!name_known(key)) {
		mappa_diag_error(diag, line, "unknown value '%s' in key", key);
		return NULL;
	}
	text = mappa_malloc(n);
	snprintf(text, n, "{%s%s%s}", key, format ? "|" : "",
	    format ? format : "");
	t = tstr_compile(text, 0, diag, line);
	free(text);
	return t;
}
