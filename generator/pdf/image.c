/* image.c: checking a PNG or JPEG before the PDF device embeds it; part of the PDF device (includes hpdf.h and png.h), behind device.h. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <png.h>

#include "mappa/device.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The size of a PNG from its IHDR, read before anything is decoded. */
static int
png_header(const unsigned char *b, size_t len, struct mappa_image *img,
    char *why, size_t whylen)
{
	if (len < 33 || memcmp(b + 12, "IHDR", 4) != 0 || be32(b + 8) != 13) {
		snprintf(why, whylen, "a PNG file without its header (IHDR); "
		    "the file is damaged");
		return -1;
	}
	img->width = be32(b + 16);
	img->height = be32(b + 20);
	/*
	 * libharu 2.3.0 reads PNG rows one by one without interlace
	 * handling: an interlaced PNG would come out scrambled.
	 */
	if (b[28] != 0) {
		snprintf(why, whylen, "an interlaced PNG, which the PDF "
		    "writer can't embed; save it without interlacing");
		return -1;
	}
	return 0;
}

/*
 * The size of a JPEG from its first SOFn segment, checking the markers
 * on the way: SOI first, segments whole, a start of scan, EOI at the
 * end.  libharu copies JPEG data as it is (DCTDecode) and looks no
 * further, so this is all the checking a JPEG gets.
 */
static int
jpeg_header(const unsigned char *b, size_t len, struct mappa_image *img,
    char *why, size_t whylen)
{
	size_t	 i = 2, seg;
	int	 sof = 0;

	while (i + 4 <= len) {
		unsigned m;

		if (b[i] != 0xff)
			goto bad;
		m = b[i + 1];
		if (m == 0xff) {	/* fill bytes */
			i++;
			continue;
		}
		if (m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
			i += 2;
			continue;
		}
		seg = (size_t)b[i + 2] << 8 | b[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			goto bad;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			if (seg < 8)
				goto bad;
			img->height = (unsigned)b[i + 5] << 8 | b[i + 6];
			img->width = (unsigned)b[i + 7] << 8 | b[i + 8];
			sof = 1;
		}
		if (m == 0xda) {	/* start of scan: entropy data follows */
			if (!sof)
				goto bad;
			if (len < 2 || b[len - 2] != 0xff || b[len - 1] != 0xd9) {
				snprintf(why, whylen, "a JPEG file cut short "
				    "(no end-of-image marker)");
				return -1;
			}
			return 0;
		}
		i += 2 + seg;
	}
bad:
	snprintf(why, whylen, "a damaged JPEG file (its markers don't "
	    "follow each other)");
	return -1;
}

/*
 * Decode a PNG whole with libpng, as libharu will.  libharu 2.3.0's own
 * libpng error handler returns instead of jumping, and libpng then calls
 * abort(): a damaged PNG must never reach it.
 */
struct memrd {
	const unsigned char	*p;
	size_t			 len, off;
	char			 msg[200];
};

static void
png_rd(png_structp png, png_bytep out, png_size_t n)
{
	struct memrd *m = png_get_io_ptr(png);

	if (n > m->len - m->off)
		png_error(png, "the file is cut short");
	memcpy(out, m->p + m->off, n);
	m->off += n;
}

static void
png_err(png_structp png, png_const_charp msg)
{
	struct memrd *m = png_get_error_ptr(png);

	snprintf(m->msg, sizeof(m->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void
png_warn(png_structp png, png_const_charp msg)
{
	(void)png;	/* an unusual colour profile: nothing to refuse */
	(void)msg;
}

static int
png_decode(const unsigned char *b, size_t len, char *why, size_t whylen)
{
	struct memrd	 m;
	png_structp	 png;
	png_infop	 info = NULL;
	png_bytep volatile row = NULL;
	volatile int	 rc = -1;

	memset(&m, 0, sizeof(m));
	m.p = b;
	m.len = len;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &m, png_err,
	    png_warn);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		snprintf(why, whylen, "out of memory checking the image");
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(why, whylen, "a damaged PNG file (%s)", m.msg);
		goto out;
	}
	png_set_read_fn(png, &m, png_rd);
	png_set_user_limits(png, MAPPA_IMAGE_MAX_SIDE, MAPPA_IMAGE_MAX_SIDE);
	png_read_info(png, info);
	row = malloc(png_get_rowbytes(png, info));
	if (row == NULL) {
		snprintf(why, whylen, "out of memory checking the image");
		goto out;
	}
	for (png_uint_32 y = 0; y < png_get_image_height(png, info); y++)
		png_read_row(png, row, NULL);
	png_read_end(png, NULL);
	rc = 0;
out:
	if (png != NULL)
		png_destroy_read_struct(&png, info != NULL ? &info : NULL,
		    NULL);
	free(row);
	return rc;
}

struct probe_err {
	HPDF_STATUS	 err, detail;
};

static void
onerror(HPDF_STATUS e, HPDF_STATUS detail, void *arg)
{
	struct probe_err *pe = arg;

	if (pe->err == 0) {
		pe->err = e;
		pe->detail = detail;
	}
}

int
mappa_image_probe(const void *data, size_t len, struct mappa_image *img,
    char *why, size_t whylen)
{
	static const unsigned char png_sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	const unsigned char *b = data;
	struct probe_err pe = {0, 0};
	HPDF_Doc	 doc;
	HPDF_Image	 im;

	img->data = b;
	img->len = len;
	img->width = img->height = 0;
	if (len == 0) {
		snprintf(why, whylen, "the file is empty");
		return -1;
	}
	if (len > MAPPA_IMAGE_MAX_BYTES) {
		snprintf(why, whylen, "the file is %zu bytes, more than the "
		    "%u an image may have", len, MAPPA_IMAGE_MAX_BYTES);
		return -1;
	}
	if (len >= 8 && memcmp(b, png_sig, 8) == 0) {
		img->jpeg = 0;
		if (png_header(b, len, img, why, whylen) == -1)
			return -1;
	} else if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) {
		img->jpeg = 1;
		if (jpeg_header(b, len, img, why, whylen) == -1)
			return -1;
	} else {
		snprintf(why, whylen, "neither a PNG nor a JPEG file");
		return -1;
	}
	if (img->width == 0 || img->height == 0 ||
	    img->width > MAPPA_IMAGE_MAX_SIDE ||
	    img->height > MAPPA_IMAGE_MAX_SIDE ||
	    (uint64_t)img->width * img->height > MAPPA_IMAGE_MAX_PIXELS) {
		snprintf(why, whylen, "an image of %u x %u pixels; at most "
		    "%u on a side and %u in all", img->width, img->height,
		    MAPPA_IMAGE_MAX_SIDE, MAPPA_IMAGE_MAX_PIXELS);
		return -1;
	}
	if (!img->jpeg && png_decode(b, len, why, whylen) == -1)
		return -1;
	/* Load it as the device will, into a document thrown away. */
	if ((doc = HPDF_New(onerror, &pe)) == NULL) {
		snprintf(why, whylen, "out of memory checking the image");
		return -1;
	}
	if (img->jpeg)
		im = HPDF_LoadJpegImageFromMem(doc, b, (HPDF_UINT)len);
	else
		im = HPDF_LoadPngImageFromMem(doc, b, (HPDF_UINT)len);
	if (im == NULL || pe.err != 0 ||
	    HPDF_Image_GetWidth(im) != img->width ||
	    HPDF_Image_GetHeight(im) != img->height) {
		snprintf(why, whylen, "a damaged or unsupported %s file "
		    "(libharu error 0x%04X)", img->jpeg ? "JPEG" : "PNG",
		    (unsigned)pe.err);
		HPDF_Free(doc);
		return -1;
	}
	HPDF_Free(doc);
	return 0;
}
