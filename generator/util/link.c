/* link.c: the next web or email address in a run of text (see mappa/link.h); for any stage, through mappa/link.h. */
#include <stdlib.h>
#include <string.h>

#include "mappa/link.h"
#include "mappa/util.h"

/* ASCII only: non-ASCII bytes end an address (curly quotes, dashes). */
static int
isalnum_(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* A byte an address may hold: printable ASCII but space, < > " */
static int
urlchar(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '<' && c != '>' && c != '"';
}

/* A byte of an email address's local part (the common subset). */
static int
localchar(unsigned char c)
{
	return isalnum_(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	    c == '-';
}

static int
prefix(const char *s, size_t n, const char *p)
{
	size_t	 i, m = strlen(p);

	if (n < m)
		return 0;
	for (i = 0; i < m; i++)
		if ((s[i] | 0x20) != p[i])	/* p is lower case */
			return 0;
	return 1;
}

/*
 * The end of an address that runs from s[b] as far as urlchar allows:
 * trailing punctuation, and closing brackets unmatched inside, dropped.
 */
static size_t
trim(const char *s, size_t b, size_t e)
{
	static const char	 close[] = ")]}", open[] = "([{";
	const char		*c;
	size_t			 i;
	int			 depth, again = 1;

	while (again && e > b) {
		again = 0;
		if (strchr(".,;:!?'", s[e - 1]) != NULL) {
			e--;
			again = 1;
		} else if ((c = strchr(close, s[e - 1])) != NULL) {
			for (i = b, depth = 0; i < e; i++)
				if (s[i] == open[c - close])
					depth++;
				else if (s[i] == *c)
					depth--;
			if (depth < 0) {
				e--;
				again = 1;
			}
		}
	}
	return e;
}

/* A web address at s[i], or 0; its end in *e, its kind in *www. */
static int
web(const char *s, size_t n, size_t i, size_t *e, int *www)
{
	size_t	 h, j, dot = 0;

	*www = 0;
	if (prefix(s + i, n - i, "https://"))
		h = i + 8;
	else if (prefix(s + i, n - i, "http://"))
		h = i + 7;
	else if (prefix(s + i, n - i, "www.") && (i == 0 ||
	    (!urlchar((unsigned char)s[i - 1]) ||
	    strchr("([{'", s[i - 1]) != NULL))) {
		h = i + 4;
		*www = 1;
	} else
		return 0;
	for (j = h; j < n && urlchar((unsigned char)s[j]); j++)
		continue;
	*e = trim(s, i, j);
	if (*e <= h || !isalnum_((unsigned char)s[h]))
		return 0;
	/* a bare www. needs a further label: "www.gov.uk", not "www.x" */
	if (*www) {
		for (j = h; j < *e && (isalnum_((unsigned char)s[j]) ||
		    s[j] == '-' || s[j] == '.'); j++)
			if (s[j] == '.')
				dot = j;
		if (dot == 0 || j - dot - 1 < 2)	/* a TLD of two or more */
			return 0;
	}
	return 1;
}

/* An email address whose '@' is at s[at], or 0; its bounds in *b, *e. */
static int
email(const char *s, size_t n, size_t at, size_t *b, size_t *e)
{
	size_t	 i, j, label = 0, labels = 0;

	for (i = at; i > 0 && localchar((unsigned char)s[i - 1]); i--)
		continue;
	while (i < at && s[i] == '.')
		i++;
	if (i == at || (i > 0 && (s[i - 1] == '/' || s[i - 1] == '@')))
		return 0;
	/* the domain: labels of letters, digits and hyphens, dot-separated */
	for (j = at + 1; j < n; j++) {
		if (isalnum_((unsigned char)s[j]) || s[j] == '-') {
			label++;
			continue;
		}
		if (s[j] != '.' || label == 0 || j + 1 >= n ||
		    !isalnum_((unsigned char)s[j + 1]))
			break;
		labels++;
		label = 0;
	}
	if (labels == 0 || label < 2)
		return 0;
	*b = i;
	*e = j;
	return 1;
}

int
mappa_link_next(const char *s, size_t n, size_t *start, size_t *end,
    char **uri)
{
	size_t	 i, b, e;
	int	 www;

	*uri = NULL;
	for (i = 0; i < n; i++) {
		/* a web address is tried where one may start... */
		if ((i == 0 || !isalnum_((unsigned char)s[i - 1])) &&
		    web(s, n, i, &e, &www)) {
			*start = i;
			*end = e;
			*uri = mappa_malloc(e - i + 8);
			memcpy(*uri, www ? "http://" : "", www ? 7 : 0);
			memcpy(*uri + (www ? 7 : 0), s + i, e - i);
			(*uri)[e - i + (www ? 7 : 0)] = '\0';
			return 1;
		}
		/* ...an email address at its '@', starting before it */
		if (s[i] == '@' && email(s, n, i, &b, &e)) {
			*start = b;
			*end = e;
			*uri = mappa_malloc(e - b + 8);
			memcpy(*uri, "mailto:", 7);
			memcpy(*uri + 7, s + b, e - b);
			(*uri)[e - b + 7] = '\0';
			return 1;
		}
	}
	return 0;
}
