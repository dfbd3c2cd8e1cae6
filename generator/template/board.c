/* board.c: reading a board file and every image it names; for the template stage, behind board.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mappa/board.h"
#include "mappa/image.h"
#include "mappa/sha256.h"
#include "mappa/util.h"
#include "template_int.h"

/* A board file is a few pages of text, as a template is. */
#define BOARD_MAX	(4u << 20)	/* [B] */
/* Logos, signatures, a few photographs: more is a mistake. */
#define BOARD_IMAGES	64

struct loadctx {
	struct mappa_board	*b;
	const char		*dir;	/* the board file's folder */
	struct mappa_diag	*diag;
};

static void
sha256(const void *data, size_t len, unsigned char *out)
{
	struct mappa_sha256 s;

	mappa_sha256_init(&s);
	mappa_sha256_update(&s, data, len);
	mappa_sha256_final(&s, out);
}

static char *
join(const char *dir, const char *src)
{
	size_t	 n;
	char	*p;

	if (src[0] == '/' || dir == NULL || *dir == '\0')
		return mappa_strdup(src);
	n = strlen(dir) + strlen(src) + 2;
	p = mappa_malloc(n);
	snprintf(p, n, "%s/%s", dir, src);
	return p;
}

/*
 * Read, hash and check the image a node names; the picture keeps its
 * index (+1) in img.  The same file named twice, or two files with the same
 * bytes, is one image: embedded once.
 */
static void
load_image(struct loadctx *c, const struct tnode *n, struct tpic *pic)
{
	struct mappa_board *b = c->b;
	struct mappa_image probe;
	struct bimage	 im;
	struct stat	 st;
	char		*path = join(c->dir, pic->src), why[256];
	size_t		 i;

	for (i = 0; i < b->nimg; i++)
		if (strcmp(b->img[i].src, pic->src) == 0) {
			pic->img = i + 1;
			goto out;
		}
	memset(&im, 0, sizeof(im));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		mappa_diag_error(c->diag, n->line, "image %s: not a regular "
		    "file", pic->src);
		goto out;
	}
	switch (file_slurp(path, MAPPA_IMAGE_MAX_BYTES, (char **)&im.data,
	    &im.len)) {
	case -1:
		mappa_diag_error(c->diag, n->line, "cannot read image %s: %s",
		    path, strerror(errno));
		goto out;
	case 1:
		mappa_diag_error(c->diag, n->line, "image %s: more than %u "
		    "bytes; save it smaller", pic->src, MAPPA_IMAGE_MAX_BYTES);
		goto out;
	default:
		break;
	}
	if (mappa_image_probe(im.data, im.len, &probe, why, sizeof(why)) ==
	    -1) {
		mappa_diag_error(c->diag, n->line, "image %s: %s", pic->src,
		    why);
		free(im.data);
		goto out;
	}
	sha256(im.data, im.len, im.sha256);
	for (i = 0; i < b->nimg; i++)
		if (memcmp(b->img[i].sha256, im.sha256, MAPPA_SHA256_LEN) ==
		    0) {
			pic->img = i + 1;
			free(im.data);
			goto out;
		}
	if (b->nimg >= BOARD_IMAGES) {
		mappa_diag_error(c->diag, n->line, "more than %d images in "
		    "one board file", BOARD_IMAGES);
		free(im.data);
		goto out;
	}
	im.src = mappa_strdup(pic->src);
	im.jpeg = probe.jpeg;
	im.width = probe.width;
	im.height = probe.height;
	b->img = mappa_realloc(b->img, (b->nimg + 1) * sizeof(*b->img));
	b->img[b->nimg++] = im;
	pic->img = b->nimg;
out:
	free(path);
}

static void
walk(struct loadctx *c, struct tnode *n)
{
	for (; n != NULL; n = n->next) {
		if ((n->el == E_LOGO || n->el == E_IMAGE) &&
		    n->u.image.pic.src != NULL)
			load_image(c, n, &n->u.image.pic);
		if (n->el == E_SIGNATORY && n->u.signatory.pic.src != NULL)
			load_image(c, n, &n->u.signatory.pic);
		walk(c, n->kids);
	}
}

struct mappa_board *
mappa_board_parse_mem(const char *buf, size_t len, const char *dir,
    struct mappa_diag *diag)
{
	struct mappa_board *b;
	struct loadctx	 c;
	struct tnode	*root;
	unsigned long	 before = diag->errors;

	if ((root = tree_parse(buf, len, diag, 1)) == NULL)
		return NULL;
	b = mappa_calloc(1, sizeof(*b));
	b->root = root;
	sha256(buf, len, b->sha256);
	for (const struct tnode *k = root->kids; k != NULL; k = k->next)
		if (k->el >= E_FOREWORD && k->el <= E_LOGOS)
			b->slot[k->el - E_FOREWORD] = k;
	c.b = b;
	c.dir = dir != NULL ? dir : ".";
	c.diag = diag;
	walk(&c, root);
	if (diag->errors != before) {
		mappa_board_free(b);
		return NULL;
	}
	return b;
}

struct mappa_board *
mappa_board_parse_file(const char *path, struct mappa_diag *diag)
{
	struct mappa_board *b;
	const char	*slash = strrchr(path, '/');
	char		*buf = NULL, *dir;
	size_t		 len = 0;

	switch (file_slurp(path, BOARD_MAX, &buf, &len)) {
	case -1:
		return NULL;
	case 1:
		mappa_diag_error(diag, 0, "the file is larger than %u bytes; "
		    "that is not a board file", BOARD_MAX);
		return NULL;
	default:
		break;
	}
	/* images are found beside the board file, wherever it is run from */
	dir = slash == NULL ? mappa_strdup(".") : slash == path ?
	    mappa_strdup("/") : mappa_strndup(path, (size_t)(slash - path));
	b = mappa_board_parse_mem(buf, len, dir, diag);
	free(dir);
	free(buf);
	return b;
}

void
mappa_board_free(struct mappa_board *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->nimg; i++) {
		free(b->img[i].src);
		free(b->img[i].data);
	}
	free(b->img);
	tnode_free(b->root);
	free(b);
}

const unsigned char *
mappa_board_sha256(const struct mappa_board *b)
{
	return b->sha256;
}

size_t
mappa_board_images(const struct mappa_board *b)
{
	return b->nimg;
}

const char *
mappa_board_image_name(const struct mappa_board *b, size_t i)
{
	return i < b->nimg ? b->img[i].src : NULL;
}

const unsigned char *
mappa_board_image_sha256(const struct mappa_board *b, size_t i)
{
	return i < b->nimg ? b->img[i].sha256 : NULL;
}

char *
mappa_board_beside(const char *snapshot)
{
	size_t	 n = strlen(snapshot);
	char	*p;

	if (strcmp(snapshot, "-") == 0)
		return NULL;
	if (n > 4 && strcmp(snapshot + n - 4, ".xml") == 0)
		n -= 4;
	p = mappa_malloc(n + sizeof(".board.xml"));
	memcpy(p, snapshot, n);
	memcpy(p + n, ".board.xml", sizeof(".board.xml"));
	if (access(p, F_OK) == 0)
		return p;
	free(p);
	return NULL;
}
