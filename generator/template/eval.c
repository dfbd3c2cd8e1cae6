/* eval.c: evaluating expressions and formatting values; for the template stage. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/date.h"
#include "mappa/msg.h"
#include "mappa/util.h"
#include "template_int.h"

#define MINUS "\xe2\x88\x92"	/* U+2212, the typographic minus sign */

/* A growing string. */
struct buf {
	char	*s;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s)
{
	size_t	 n = strlen(s);

	b->s = mappa_grow(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void
fmt_number(int64_t v, char *buf, size_t size)
{
	char	 digits[32], out[64];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t	 n, o = 0;

	snprintf(digits, sizeof(digits), "%" PRIu64, u);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s%s", v < 0 ? MINUS : "", out);
}

int
fmt_date(const char *iso, const char *lang, char *buf, size_t size)
{
	int32_t	 d;
	int	 y, m, dd;

	if (strlen(iso) < 10 || mappa_date_parse(iso, 10, &d) == -1)
		return -1;
	mappa_date_to_ymd(d, &y, &m, &dd);
	mappa_msg_date(lang, y, m, dd, buf, size);
	return 0;
}

/*
 * Template arithmetic is checked: a result that does not fit in 64 bits
 * is the template's error, never undefined behaviour or a wrong number.
 * Returns 0 with *r set, or -1.
 */
static int
arith(enum xop op, int64_t a, int64_t b, int64_t *r)
{
	switch (op) {
	case X_ADD:
		return __builtin_add_overflow(a, b, r) ? -1 : 0;
	case X_SUB:
		return __builtin_sub_overflow(a, b, r) ? -1 : 0;
	case X_MUL:
		return __builtin_mul_overflow(a, b, r) ? -1 : 0;
	case X_DIV:	/* b != 0; INT64_MIN / -1 is the one overflow */
		if (a == INT64_MIN && b == -1)
			return -1;
		*r = a / b;
		return 0;
	default:
		return -1;
	}
}

/*
 * a / b as a percentage to one decimal place, the tenths rounded to the
 * nearest, halves away from zero, in integer arithmetic:
 * tenths = (2 * |a| * 1000 + |b|) / (2 * |b|).  b must not be 0.
 * Returns -1 if the figures are too large for that arithmetic.
 */
static int
fmt_percent(int64_t a, int64_t b, bool sign, char *buf, size_t size)
{
	uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
	uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
	uint64_t t;
	bool	 neg;

	if (ua > (UINT64_MAX - ub) / 2000 || ub > UINT64_MAX / 2)
		return -1;
	t = (2 * ua * 1000 + ub) / (2 * ub);
	neg = ((a < 0) != (b < 0)) && t != 0;
	snprintf(buf, size, "%s%" PRIu64 ".%" PRIu64 "%%",
	    neg ? MINUS : (sign && t != 0 ? "+" : ""), t / 10, t % 10);
	return 0;
}

static void
fmt_signed(int64_t v, char *buf, size_t size)
{
	char	 n[40];

	fmt_number(v, n, sizeof(n));
	snprintf(buf, size, "%s%s", v > 0 ? "+" : "", n);
}

/*
 * A percentage change of a base under 10 says little ("+2 (+200.0%)"):
 * below it only the difference is given.
 */
#define PCT_BASE_MIN	10

/*
 * "rose by 29 (5.3%)", "fell by 3", "was unchanged", for a sentence:
 * d is this year's figure less the previous one, prev.  Returns -1 if
 * they are too large for the arithmetic.
 */
static int
fmt_trend(int64_t d, int64_t prev, const char *lang, char *buf, size_t size)
{
	char	 num[40], pct[40];

	if (d == 0) {
		snprintf(buf, size, "%s", mappa_msg(lang,
		    MAPPA_MSG_TREND_SAME));
		return 0;
	}
	if (d == INT64_MIN)
		return -1;
	fmt_number(d < 0 ? -d : d, num, sizeof(num));
	if (prev < PCT_BASE_MIN) {
		mappa_msg_format(buf, size, lang, d > 0 ? MAPPA_MSG_TREND_ROSE :
		    MAPPA_MSG_TREND_FELL, num);
		return 0;
	}
	if (fmt_percent(d < 0 ? -d : d, prev, false, pct, sizeof(pct)) == -1)
		return -1;
	mappa_msg_format(buf, size, lang, d > 0 ? MAPPA_MSG_TREND_ROSE_PCT :
	    MAPPA_MSG_TREND_FELL_PCT, num, pct);
	return 0;
}

static int
name_value(const char *name, const struct mappa_values *v,
    struct mappa_diag *diag, unsigned long line, struct value *out)
{
	if (values_get(v, name, out) == 0)
		return 0;
	if (strncmp(name, "previous.", 9) == 0)
		mappa_diag_error(diag, line, "'%s' needs the previous year's "
		    "snapshot (render --previous); test 'previous' before "
		    "using it", name);
	else if (strncmp(name, "years.", 6) == 0)
		mappa_diag_error(diag, line, "'%s' is a comparison's value "
		    "(mappa-report compare); a report has none", name);
	else
		mappa_diag_error(diag, line, "no value '%s'", name);
	return -1;
}

static const char *
opname(enum xop op)
{
	switch (op) {
	case X_ADD: return "+";
	case X_SUB: return "-";
	case X_MUL: return "*";
	case X_DIV: return "/";
	case X_NEG: return "-";
	case X_LT: return "<";
	case X_LE: return "<=";
	case X_GT: return ">";
	case X_GE: return ">=";
	default: return "?";
	}
}

int
expr_eval(const struct expr *e, const struct mappa_values *v,
    struct mappa_diag *diag, unsigned long line, struct value *out,
    char **owned)
{
	struct value	 a, b;
	bool		 t;

	*owned = NULL;
	switch (e->op) {
	case X_INT:
		out->kind = V_INT;
		out->n = e->n;
		return 0;
	case X_STR:
		out->kind = V_STR;
		out->s = e->s;
		return 0;
	case X_NAME:
		return name_value(e->s, v, diag, line, out);
	case X_NOT:
	case X_AND:
	case X_OR:
		if (expr_truth(e->a, v, diag, line, &t) == -1)
			return -1;
		if (e->op == X_NOT)
			t = !t;
		else if ((e->op == X_AND && t) || (e->op == X_OR && !t)) {
			if (expr_truth(e->b, v, diag, line, &t) == -1)
				return -1;
		}
		out->kind = V_INT;
		out->n = t;
		return 0;
	default:
		break;
	}
	if (expr_eval(e->a, v, diag, line, &a, owned) == -1)
		return -1;
	free(*owned);
	*owned = NULL;
	if (e->op == X_NEG) {
		b.kind = V_INT;
		b.n = 0;
	} else {
		if (expr_eval(e->b, v, diag, line, &b, owned) == -1)
			return -1;
		free(*owned);
		*owned = NULL;
	}
	out->kind = V_INT;
	if (e->op == X_EQ || e->op == X_NE) {
		if (a.kind != b.kind) {
			mappa_diag_error(diag, line, "cannot compare text with "
			    "a number");
			return -1;
		}
		t = a.kind == V_INT ? a.n == b.n : strcmp(a.s, b.s) == 0;
		out->n = e->op == X_EQ ? t : !t;
		return 0;
	}
	if (a.kind != V_INT || b.kind != V_INT) {
		mappa_diag_error(diag, line, "'%s' needs numbers, not text",
		    opname(e->op));
		return -1;
	}
	switch (e->op) {
	case X_NEG:
	case X_ADD:
	case X_SUB:
	case X_MUL:
	case X_DIV:
		if (e->op == X_DIV && b.n == 0) {
			mappa_diag_error(diag, line, "division by zero");
			return -1;
		}
		/* -a is 0 - a: b was set to 0 above. */
		if (e->op == X_NEG ? arith(X_SUB, 0, a.n, &out->n) :
		    arith(e->op, a.n, b.n, &out->n)) {
			mappa_diag_error(diag, line, "'%s' overflows: the result "
			    "does not fit in 64 bits", opname(e->op));
			return -1;
		}
		break;
	case X_LT: out->n = a.n < b.n; break;
	case X_LE: out->n = a.n <= b.n; break;
	case X_GT: out->n = a.n > b.n; break;
	case X_GE: out->n = a.n >= b.n; break;
	default: out->n = 0; break;
	}
	return 0;
}

int
expr_truth(const struct expr *e, const struct mappa_values *v,
    struct mappa_diag *diag, unsigned long line, bool *out)
{
	struct value	 val;
	char		*owned;

	if (expr_eval(e, v, diag, line, &val, &owned) == -1)
		return -1;
	*out = val.kind == V_INT ? val.n != 0 : val.s[0] != '\0';
	free(owned);
	return 0;
}

/* Format one placeholder's value into b; -1 after a diagnostic. */
static int
format(const struct seg *sg, const struct mappa_values *v, const char *lang,
    struct mappa_diag *diag, unsigned long line, struct buf *b)
{
	struct value	 val, prev, den;
	char		 out[160], num[64], pct[64], *owned = NULL;
	int		 rc = -1;

	if (expr_eval(sg->e, v, diag, line, &val, &owned) == -1)
		return -1;
	if (val.kind == V_STR && sg->fmt != F_DEFAULT && sg->fmt != F_DATE &&
	    sg->fmt != F_YEAR) {
		mappa_diag_error(diag, line, "format of a number used on text "
		    "'%s'", val.s);
		goto out;
	}
	if (val.kind == V_INT && (sg->fmt == F_DATE || sg->fmt == F_YEAR)) {
		mappa_diag_error(diag, line, "format 'date' or 'year' used on "
		    "a number");
		goto out;
	}
	switch (sg->fmt) {
	case F_DEFAULT:
	case F_NUMBER:
		if (val.kind == V_STR) {
			buf_add(b, val.s);
			rc = 0;
			goto out;
		}
		fmt_number(val.n, out, sizeof(out));
		break;
	case F_PLAIN:
		snprintf(out, sizeof(out), "%" PRId64, val.n);
		break;
	case F_WORDS:
	case F_WORDS_CAP:
		if (val.n >= 0 && val.n <= 20)
			snprintf(out, sizeof(out), "%s", mappa_msg(lang,
			    MAPPA_MSG_ZERO + (int)val.n));
		else
			fmt_number(val.n, out, sizeof(out));
		if (sg->fmt == F_WORDS_CAP)
			out[0] = (char)toupper((unsigned char)out[0]);
		break;
	case F_DATE:
	case F_YEAR:
		if (val.s[0] == '\0') {
			mappa_diag_error(diag, line, "no date to format: the "
			    "value is empty (test it first)");
			goto out;
		}
		if (fmt_date(val.s, lang, out, sizeof(out)) == -1) {
			mappa_diag_error(diag, line, "'%s' is not a date",
			    val.s);
			goto out;
		}
		if (sg->fmt == F_YEAR)
			snprintf(out, sizeof(out), "%.4s", val.s);
		break;
	case F_PERCENT:
		free(owned);
		owned = NULL;
		if (expr_eval(sg->argx, v, diag, line, &den, &owned) == -1)
			goto out;
		if (den.kind != V_INT) {
			mappa_diag_error(diag, line, "percent of text");
			goto out;
		}
		if (den.n == 0)
			snprintf(out, sizeof(out), "%s", mappa_msg(lang,
			    MAPPA_MSG_NA_SHORT));
		else if (fmt_percent(val.n, den.n, false, out,
		    sizeof(out)) == -1)
			goto toolarge;
		break;
	case F_PLURAL:
	case F_COUNT:
		fmt_number(val.n, num, sizeof(num));
		snprintf(out, sizeof(out), "%s%s%s",
		    sg->fmt == F_COUNT ? num : "",
		    sg->fmt == F_COUNT ? " " : "",
		    val.n == 1 || val.n == -1 ? sg->arg[0] : sg->arg[1]);
		break;
	case F_CHANGE:
	case F_DIFF:
	case F_PCTCHANGE:
	case F_TREND: {
		char	 pname[256];
		int64_t	 diff;

		snprintf(pname, sizeof(pname), "previous.%s", sg->e->s);
		if (name_value(pname, v, diag, line, &prev) == -1)
			goto out;
		if (!values_comparable(v, sg->e->s)) {
			snprintf(out, sizeof(out), "%s", mappa_msg(lang,
			    sg->fmt == F_TREND ? MAPPA_MSG_TREND_NONE :
			    MAPPA_MSG_NA_SHORT));
			break;
		}
		if (arith(X_SUB, val.n, prev.n, &diff) == -1)
			goto toolarge;
		if (sg->fmt == F_TREND) {
			if (fmt_trend(diff, prev.n, lang, out,
			    sizeof(out)) == -1)
				goto toolarge;
		} else if (sg->fmt == F_DIFF)
			fmt_signed(diff, out, sizeof(out));
		else if (sg->fmt == F_PCTCHANGE) {
			if (prev.n < PCT_BASE_MIN)
				snprintf(out, sizeof(out), "%s",
				    mappa_msg(lang, MAPPA_MSG_NA_SHORT));
			else if (fmt_percent(diff, prev.n, true, out,
			    sizeof(out)) == -1)
				goto toolarge;
		} else if (diff == 0)
			snprintf(out, sizeof(out), "%s", mappa_msg(lang,
			    MAPPA_MSG_NO_CHANGE));
		else {
			fmt_signed(diff, num, sizeof(num));
			if (prev.n < PCT_BASE_MIN)
				snprintf(out, sizeof(out), "%s", num);
			else {
				if (fmt_percent(diff, prev.n, true, pct,
				    sizeof(pct)) == -1)
					goto toolarge;
				snprintf(out, sizeof(out), "%s (%s)", num,
				    pct);
			}
		}
		break;
	}
	case F_ABS:
		if (val.n == INT64_MIN)
			goto toolarge;
		fmt_number(val.n < 0 ? -val.n : val.n, out, sizeof(out));
		break;
	default:
		out[0] = '\0';
		break;
	}
	buf_add(b, out);
	rc = 0;
	goto out;
toolarge:
	mappa_diag_error(diag, line, "the figures are too large for this "
	    "format: the result does not fit in 64 bits");
out:
	free(owned);
	return rc;
}

char *
tstr_eval(const struct tstr *t, const struct mappa_values *v,
    const char *lang, struct mappa_diag *diag, unsigned long line)
{
	struct buf	 b = {NULL, 0, 0};

	buf_add(&b, "");
	for (size_t i = 0; i < t->n; i++) {
		if (t->segs[i].lit != NULL)
			buf_add(&b, t->segs[i].lit);
		else if (format(&t->segs[i], v, lang, diag, t->segs[i].line ?
		    t->segs[i].line : line, &b) == -1) {
			free(b.s);
			return NULL;
		}
	}
	return b.s;
}

char *
mappa_template_expand(const char *text, const struct mappa_values *v,
    struct mappa_diag *diag, unsigned long line)
{
	struct tstr	*t = tstr_compile(text, 0, diag, line);
	char		*s;

	if (t == NULL)
		return NULL;
	s = tstr_eval(t, v, NULL, diag, line);
	tstr_free(t);
	return s;
}
