/* font.c: fontconfig lookup and libharu-compatible metrics; behind font.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "mappa/font.h"
#include "mappa/util.h"

#define NBMP 0x10000	/* libharu prints only the BMP */

struct face {
	char		*path;
	hb_blob_t	*blob;
	hb_face_t	*hbface;
	hb_font_t	*hbfont;
	unsigned	 upem;
	double		 ascent;	/* [em] */
	double		 descent;	/* [em], positive */
	int32_t		*width;		/* [1/1000 em] per code point, -1 unknown */
	unsigned char	*used;		/* bitmap over the BMP */
	uint32_t	*list;		/* mappa_fontset_used() result */
};

struct mappa_fontset {
	struct face	 face[MAPPA_FACE_COUNT];
};

/* A configuration of our own: fontconfig's default one is never freed. */

static const char *const styles[MAPPA_FACE_COUNT][3] = {
	{ "Regular", "Book", "Roman" },
	{ "Bold", NULL, NULL },
	{ "Italic", "Oblique", NULL },
	{ "Bold Italic", "Bold Oblique", NULL },
};

uint32_t
mappa_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 n, k;
	uint32_t c, min;

	c = s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3; c &= 0x07; min = 0x10000;
	} else
		goto bad;
	for (k = 1; k <= n; k++) {
		if (*i + k >= len || (s[*i + k] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[*i + k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*i += n + 1;
	return c;
bad:
	(*i)++;
	return 0xfffd;
}

/* Find one face's file; a substitute from another family is refused. */
static char *
findface(FcConfig *cfg, const char *family, enum mappa_face f)
{
	FcPattern	*pat, *match;
	FcResult	 res;
	FcChar8		*file, *fam, *style;
	char		*path = NULL;
	size_t		 k;
	int		 i;

	for (k = 0; k < 3 && path == NULL && styles[f][k] != NULL; k++) {
		pat = FcPatternCreate();
		FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
		FcPatternAddString(pat, FC_STYLE,
		    (const FcChar8 *)styles[f][k]);
		FcPatternAddString(pat, FC_FONTFORMAT,
		    (const FcChar8 *)"TrueType");
		FcConfigSubstitute(cfg, pat, FcMatchPattern);
		FcDefaultSubstitute(pat);
		match = FcFontMatch(cfg, pat, &res);
		FcPatternDestroy(pat);
		if (match == NULL)
			continue;
		for (i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) ==
		    FcResultMatch; i++)
			if (strcasecmp((const char *)fam, family) == 0)
				break;
		if (FcPatternGetString(match, FC_FAMILY, i, &fam) ==
		    FcResultMatch &&
		    FcPatternGetString(match, FC_STYLE, 0, &style) ==
		    FcResultMatch &&
		    strcasecmp((const char *)style, styles[f][k]) == 0 &&
		    FcPatternGetString(match, FC_FILE, 0, &file) ==
		    FcResultMatch) {
			k = strlen((const char *)file);
			if (k > 4 && strcasecmp((const char *)file + k - 4,
			    ".ttf") == 0)
				path = mappa_strdup((const char *)file);
			k = 3;
		}
		FcPatternDestroy(match);
	}
	return path;
}

static int
openface(struct face *fc)
{
	hb_font_extents_t ext;

	fc->blob = hb_blob_create_from_file_or_fail(fc->path);
	if (fc->blob == NULL)
		return -1;
	fc->hbface = hb_face_create(fc->blob, 0);
	fc->upem = hb_face_get_upem(fc->hbface);
	if (fc->upem == 0)
		return -1;
	fc->hbfont = hb_font_create(fc->hbface);
	hb_font_set_scale(fc->hbfont, (int)fc->upem, (int)fc->upem);
	if (hb_font_get_h_extents(fc->hbfont, &ext)) {
		fc->ascent = (double)ext.ascender / fc->upem;
		fc->descent = -(double)ext.descender / fc->upem;
	} else {
		fc->ascent = 0.9;
		fc->descent = 0.2;
	}
	fc->width = mappa_malloc(NBMP * sizeof(fc->width[0]));
	memset(fc->width, 0xff, NBMP * sizeof(fc->width[0]));
	fc->used = mappa_calloc(NBMP / 8, 1);
	return 0;
}

struct mappa_fontset *
mappa_fontset_new(const char *family)
{
	struct mappa_fontset	*fs;
	FcConfig		*cfg;
	int			 f;

	if ((cfg = FcInitLoadConfigAndFonts()) == NULL)
		return NULL;
	fs = mappa_calloc(1, sizeof(*fs));
	for (f = 0; f < MAPPA_FACE_COUNT; f++) {
		fs->face[f].path = findface(cfg, family, (enum mappa_face)f);
		if (fs->face[f].path == NULL || openface(&fs->face[f]) == -1) {
			mappa_fontset_free(fs);
			fs = NULL;
			break;
		}
	}
	FcConfigDestroy(cfg);
	return fs;
}

void
mappa_fontset_free(struct mappa_fontset *fs)
{
	int	 f;

	if (fs == NULL)
		return;
	for (f = 0; f < MAPPA_FACE_COUNT; f++) {
		hb_font_destroy(fs->face[f].hbfont);
		hb_face_destroy(fs->face[f].hbface);
		hb_blob_destroy(fs->face[f].blob);
		free(fs->face[f].path);
		free(fs->face[f].width);
		free(fs->face[f].used);
		free(fs->face[f].list);
	}
	free(fs);
}

const char *
mappa_fontset_path(const struct mappa_fontset *fs, enum mappa_face f)
{
	return fs->face[f].path;
}

/*
 * libharu maps code points above the BMP to a space; a missing glyph is
 * glyph 0 in both.  The truncation copies libharu's integer arithmetic.
 */
static int32_t
cpwidth(struct face *fc, uint32_t cp)
{
	hb_codepoint_t	 g;

	if (cp >= NBMP)
		cp = ' ';
	if (fc->width[cp] < 0) {
		if (!hb_font_get_nominal_glyph(fc->hbfont, cp, &g))
			g = 0;
		fc->width[cp] = (int32_t)((unsigned long)
		    hb_font_get_glyph_h_advance(fc->hbfont, g) * 1000 /
		    fc->upem);
	}
	return fc->width[cp];
}

double
mappa_font_width(struct mappa_fontset *fs, enum mappa_face f, double size,
    const char *s, size_t len)
{
	size_t	 i = 0;
	long	 w = 0;

	while (i < len)
		w += cpwidth(&fs->face[f], mappa_utf8_next(s, len, &i));
	return w * size / 1000.0;
}

double
mappa_font_ascent(const struct mappa_fontset *fs, enum mappa_face f,
    double size)
{
	return fs->face[f].ascent * size;
}

double
mappa_font_descent(const struct mappa_fontset *fs, enum mappa_face f,
    double size)
{
	return fs->face[f].descent * size;
}

int
mappa_font_has(struct mappa_fontset *fs, enum mappa_face f, uint32_t cp)
{
	hb_codepoint_t	 g;

	return cp < NBMP &&
	    hb_font_get_nominal_glyph(fs->face[f].hbfont, cp, &g);
}

void
mappa_fontset_use(struct mappa_fontset *fs, enum mappa_face f,
    const char *s, size_t len)
{
	size_t	 i = 0;
	uint32_t cp;

	while (i < len) {
		cp = mappa_utf8_next(s, len, &i);
		if (cp >= NBMP)
			cp = ' ';
		fs->face[f].used[cp / 8] |= 1u << (cp % 8);
	}
}

size_t
mappa_fontset_used(struct mappa_fontset *fs, enum mappa_face f,
    const uint32_t **cps)
{
	struct face	*fc = &fs->face[f];
	size_t		 n = 0;
	uint32_t	 cp;

	free(fc->list);
	fc->list = mappa_malloc(NBMP * sizeof(fc->list[0]));
	for (cp = 0; cp < NBMP; cp++)
		if (fc->used[cp / 8] & (1u << (cp % 8)))
			fc->list[n++] = cp;
	*cps = fc->list;
	return n;
}
