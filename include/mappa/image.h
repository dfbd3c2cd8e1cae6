/* image.h: the images a document shows (PNG, JPEG), checked before use; for the document's builders, layout and devices. */
#ifndef MAPPA_IMAGE_H
#define MAPPA_IMAGE_H

#include <stddef.h>

/*
 * An image a document shows: the bytes of a PNG or JPEG file, checked by
 * mappa_image_probe().  A document holds each once (mappa_doc_image_new)
 * and a device embeds it once however often it is drawn.
 */
struct mappa_image {
	unsigned		 id;	/* 1, 2, ... within its document */
	int			 jpeg;	/* 1 JPEG, 0 PNG */
	const unsigned char	*data;	/* the file's bytes; NULL in tests */
	size_t			 len;	/* [B] */
	unsigned		 width, height;	/* [px] */
};

/*
 * Check that len bytes are a PNG or JPEG image the PDF device can embed,
 * within the limits below, and fill in img's jpeg, width and height (data
 * and len are set to the arguments; id is left alone).  Returns 0, or -1
 * with a reason (no file name) in why.  Decodes a PNG fully, so that a
 * corrupt one is refused here and not half-way through writing a PDF.
 */
#define MAPPA_IMAGE_MAX_BYTES	(8u << 20)	/* [B] */
#define MAPPA_IMAGE_MAX_SIDE	10000u		/* [px] */
#define MAPPA_IMAGE_MAX_PIXELS	25000000u	/* [px] */
int	mappa_image_probe(const void *data, size_t len,
	    struct mappa_image *img, char *why, size_t whylen);

#endif
