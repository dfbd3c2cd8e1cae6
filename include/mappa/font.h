/* font.h: a font family in four faces with its metrics; for layout and output devices. */
#ifndef MAPPA_FONT_H
#define MAPPA_FONT_H

#include <stddef.h>
#include <stdint.h>

/* Faces are bit sets so that bold applied to italic gives bold italic. */
enum mappa_face {
	MAPPA_FACE_REGULAR = 0,
	MAPPA_FACE_BOLD = 1,
	MAPPA_FACE_ITALIC = 2,
	MAPPA_FACE_BOLD_ITALIC = 3
};
#define MAPPA_FACE_COUNT 4

struct mappa_fontset;	/* opaque handle */

/*
 * Find the four faces of `family` through fontconfig.  Only TrueType files
 * whose family name is really `family` are accepted (fontconfig would
 * otherwise substitute any font), because the PDF device can embed nothing
 * else.  Returns NULL if a face is missing; the caller frees the set with
 * mappa_fontset_free().
 */
struct mappa_fontset	*mappa_fontset_new(const char *family);
void			 mappa_fontset_free(struct mappa_fontset *);
/* The file holding a face; owned by the set. */
const char	*mappa_fontset_path(const struct mappa_fontset *, enum mappa_face);

/*
 * Width [pt] of UTF-8 text at size [pt] exactly as libharu measures it:
 * each advance width truncated to 1/1000 em, no kerning, no shaping.
 */
double	mappa_font_width(struct mappa_fontset *, enum mappa_face,
	    double size, const char *s, size_t len);
/* Ascender and descender (positive, below the baseline) [pt] at size. */
double	mappa_font_ascent(const struct mappa_fontset *, enum mappa_face,
	    double size);
double	mappa_font_descent(const struct mappa_fontset *, enum mappa_face,
	    double size);
/* Whether the face has a glyph for code point cp. */
int	mappa_font_has(struct mappa_fontset *, enum mappa_face, uint32_t cp);

/*
 * Record that text will be printed in a face, so that the embedded font
 * keeps its glyphs; then list the code points used, ascending.  The list
 * is owned by the set and valid until the next call on it.
 */
void	mappa_fontset_use(struct mappa_fontset *, enum mappa_face,
	    const char *s, size_t len);
size_t	mappa_fontset_used(struct mappa_fontset *, enum mappa_face,
	    const uint32_t **cps);

/*
 * Decode one UTF-8 code point at s[*i], advancing *i; malformed bytes
 * give U+FFFD and advance by one.
 */
uint32_t mappa_utf8_next(const char *s, size_t len, size_t *i);

#endif
