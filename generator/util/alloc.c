/* alloc.c: allocation that never returns NULL, and small text helpers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/output.h"
#include "mappa/util.h"

void
mappa_oom(void)
{
	fputs("mappa-report: out of memory\n", stderr);
	/* exit() runs mappa_tmp_remove_all: no temporary file is left. */
	mappa_out_exiting();
	exit(MAPPA_EXIT_SOFTWARE);
}

void *
mappa_malloc(size_t size)
{
	void	*p;

	if ((p = malloc(size ? size : 1)) == NULL)
		mappa_oom();
	return p;
}

void *
mappa_calloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		mappa_oom();
	return p;
}

void *
mappa_realloc(void *p, size_t size)
{
	if ((p = realloc(p, size ? size : 1)) == NULL)
		mappa_oom();
	return p;
}

void *
mappa_grow(void *p, size_t *cap, size_t want, size_t sz)
{
	size_t	 n;

	if (want <= *cap)
		return p;
	n = *cap ? *cap : 8;
	while (n < want) {
		if (n > SIZE_MAX / 2)
			mappa_oom();
		n *= 2;
	}
	if (n > SIZE_MAX / sz)
		mappa_oom();
	p = mappa_realloc(p, n * sz);
	*cap = n;
	return p;
}

char *
mappa_strndup(const char *s, size_t n)
{
	char	*p;

	p = mappa_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mappa_strdup(const char *s)
{
	return mappa_strndup(s, strlen(s));
}

long
mappa_utf8_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 i = 0;
	long	 n = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t	 k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			n++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else
			return -1;
		if (len - i <= k)
			return -1;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF. */
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return -1;
		i += k + 1;
		n++;
	}
	return n;
}
