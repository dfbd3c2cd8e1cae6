/* image.c: the document model's images, logo rows, signature blocks and boxed panels; behind layout.h. */
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

static void
addimg(struct mappa_block *b, const struct mappa_image *im, const char *alt)
{
	b->imgs = mappa_realloc(b->imgs, (b->nimgs + 1) * sizeof(*b->imgs));
	b->alts = mappa_realloc(b->alts, (b->nimgs + 1) * sizeof(*b->alts));
	b->imgs[b->nimgs] = im;
	b->alts[b->nimgs++] = alt != NULL ? mappa_strdup(alt) : NULL;
}

void
imageblock_free(struct mappa_block *b)
{
	for (size_t i = 0; i < b->nimgs; i++)
		free(b->alts[i]);
	free(b->alts);
	free(b->imgs);
}

void
doc_images_free(struct mappa_doc *d)
{
	for (size_t i = 0; i < d->nimages; i++) {
		free((void *)d->images[i]->data);
		free(d->images[i]);
	}
	free(d->images);
	free(d->mark);
}

const struct mappa_image *
mappa_doc_image_new(struct mappa_doc *d, const void *data, size_t len,
    int jpeg, unsigned width, unsigned height)
{
	struct mappa_image *im = mappa_calloc(1, sizeof(*im));
	unsigned char	*copy = NULL;

	if (data != NULL && len > 0) {
		copy = mappa_malloc(len);
		memcpy(copy, data, len);
	}
	im->data = copy;
	im->len = copy != NULL ? len : 0;
	im->jpeg = jpeg != 0;
	/* a zero side would divide by zero where proportions are taken */
	im->width = width > 0 ? width : 1;
	im->height = height > 0 ? height : 1;
	d->images = mappa_realloc(d->images,
	    (d->nimages + 1) * sizeof(*d->images));
	d->images[d->nimages++] = im;
	im->id = (unsigned)d->nimages;
	return im;
}

struct mappa_block *
mappa_doc_image(struct mappa_doc *d, const struct mappa_image *im,
    double width, enum mappa_align align, const char *alt)
{
	struct mappa_block *b = doc_append(d, B_IMAGE);

	b->width = width > 0 ? width : 0;
	b->align = align;
	addimg(b, im, alt);
	return b;
}

struct mappa_block *
mappa_doc_logos(struct mappa_doc *d, double height)
{
	struct mappa_block *b = doc_append(d, B_LOGOS);

	b->height = height > 4 ? height : 4;
	return b;
}

void
mappa_logos_add(struct mappa_block *b, const struct mappa_image *im,
    const char *alt)
{
	if (b->type == B_LOGOS && im != NULL)
		addimg(b, im, alt);
}

struct mappa_block *
mappa_doc_signatures(struct mappa_doc *d)
{
	return doc_append(d, B_SIGS);
}

/* A signatory is an image (or none) and a paragraph: name, break, role. */
void
mappa_signature_add(struct mappa_block *b, const struct mappa_image *im,
    const char *alt, const char *name, const char *role)
{
	struct mappa_block *p;

	if (b->type != B_SIGS)
		return;
	addimg(b, im, alt);
	p = mappa_calloc(1, sizeof(*p));
	p->type = B_PARA;
	p->align = MAPPA_ALIGN_LEFT;
	b->kids = mappa_realloc(b->kids, (b->nkids + 1) * sizeof(*b->kids));
	b->kids[b->nkids++] = p;
	mappa_block_text(p, MAPPA_FACE_BOLD, name != NULL ? name : "");
	if (role != NULL && *role != '\0') {
		mappa_block_break(p);
		mappa_block_text(p, MAPPA_FACE_ITALIC, role);
	}
}

void
mappa_doc_box_begin(struct mappa_doc *d)
{
	doc_append(d, B_BOX);
}

void
mappa_doc_box_end(struct mappa_doc *d)
{
	doc_append(d, B_BOXEND);
}

void
mappa_doc_mark(struct mappa_doc *d, const char *text)
{
	free(d->mark);
	d->mark = text != NULL ? mappa_strdup(text) : NULL;
}
