/* hyph.c: which hyphenation patterns a language takes, where they are, and loading them once per layout; inside generator/layout only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "mappa/diag.h"
#include "mappa/util.h"
#include "layout_int.h"

/* British English: Debian's hyphen-en-gb, the patterns LibreOffice uses. */
#define HYPH_EN		"/usr/share/hyphen/hyph_en_GB.dic"
/* Welsh: TeX's hyph-utf8 patterns, converted at build time by mkhyph.sh. */
#define HYPH_CY		"hyph_cy.dic"

/*
 * The fewest letters before and after a hyphen: TeX's for British English
 * and for Welsh alike (2 and 3).  A dictionary's LEFTHYPHENMIN and
 * RIGHTHYPHENMIN raise them, never lower them (libhyphen takes the larger);
 * hyph_cy.dic carries hyph-utf8's own.  The compound minimums apply only
 * to parts of a word split at a hyphen or apostrophe, which hyphbox never
 * passes.
 */
#define LEFTMIN		2
#define RIGHTMIN	3
#define CLEFTMIN	2
#define CRIGHTMIN	2

enum hlang
hyph_lang(const char *bcp47)
{
	/* the primary subtag decides: cy, cy-GB, CY */
	if (bcp47 != NULL && strncasecmp(bcp47, "cy", 2) == 0 &&
	    (bcp47[2] == '\0' || bcp47[2] == '-'))
		return HL_CY;
	return HL_EN;
}

char *
hyph_path(enum hlang h)
{
	const char	*dir;
	size_t		 n;
	char		*p;

	if (h == HL_EN)
		return mappa_strdup(HYPH_EN);
	/* like the templates: the build's own copy when run from the build */
	dir = mappa_exe_under(MAPPA_BUILD_DIR) ? MAPPA_HYPH_DIR :
	    MAPPA_DATADIR "/hyphen";
	n = strlen(dir) + strlen(HYPH_CY) + 2;
	p = mappa_malloc(n);
	snprintf(p, n, "%s/%s", dir, HYPH_CY);
	return p;
}

HyphenDict *
hyph_get(struct ctx *c, const char *bcp47)
{
	enum hlang	 h = hyph_lang(bcp47);
	char		*p;

	if (c->tried[h])
		return c->dict[h];
	c->tried[h] = 1;
	p = hyph_path(h);
	c->dict[h] = hnj_hyphen_load(p);
	/*
	 * English goes unhyphenated without its package, as it always has;
	 * Welsh patterns missing is an installation that lost a file.
	 */
	if (c->dict[h] == NULL && h != HL_EN && c->diag != NULL)
		mappa_diag_warning(c->diag, 0, "%s: cannot read the Welsh "
		    "hyphenation patterns; Welsh words are not hyphenated", p);
	free(p);
	return c->dict[h];
}

void
hyph_free(struct ctx *c)
{
	for (size_t i = 0; i < HL_N; i++)
		if (c->dict[i] != NULL)
			hnj_hyphen_free(c->dict[i]);
	memset(c->dict, 0, sizeof(c->dict));
	memset(c->tried, 0, sizeof(c->tried));
}

int
hyph_word(HyphenDict *d, const char *w, size_t n, char *hy)
{
	char	**rep = NULL;
	int	 *pos = NULL, *cut = NULL;
	int	  rc;

	rc = hnj_hyphen_hyphenate3(d, w, (int)n, hy, NULL, &rep, &pos, &cut,
	    LEFTMIN, RIGHTMIN, CLEFTMIN, CRIGHTMIN);
	/* a non-standard break (a letter changed or added) is not done */
	if (rep != NULL) {
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
		return -1;
	}
	if (rc != 0)
		return -1;
	/*
	 * A UTF-8 dictionary's points come one a character, not one a byte
	 * (libhyphen's hnj_hyphen_norm): spread them back, each onto its
	 * character's last byte.  Backwards, in place: a character's index
	 * is never past its bytes'.
	 */
	if (d->utf8) {
		size_t	 c = 0;

		for (size_t i = 0; i < n; i++)
			if (((unsigned char)w[i] & 0xc0) != 0x80)
				c++;
		/* c: the characters begun in w[0..i]; w[0] begins one (or rc) */
		for (size_t i = n; i-- > 0; ) {
			hy[i] = i + 1 == n || ((unsigned char)w[i + 1] &
			    0xc0) != 0x80 ? hy[c - 1] : '0';
			if (((unsigned char)w[i] & 0xc0) != 0x80)
				c--;
		}
		hy[n] = '\0';
	}
	return 0;
}
