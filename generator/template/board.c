/* board.c: reading a board file and every image it names; for the template stage, behind board.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mappa/board.h"
#include "mappa/image.h"
#include "mappa/msg.h"
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

/* The lang a slot or an edition was given, or NULL. */
static const char *
given_lang(const struct tnode *n)
{
	if (n->el == E_EDITION)
		return n->u.edition.lang;
	return n->el >= E_FOREWORD && n->el <= E_LOGOS && n->el != E_PUBLISHED ?
	    n->u.lang : NULL;
}

/*
 * The language of a slot's words or an edition: its own lang, else the
 * board's (<board lang>), else British English; NULL for what is every
 * edition's (<published>, <editions>).  root is the <board>.
 */
static const char *
lang_of(const struct tnode *root, const struct tnode *n)
{
	if (given_lang(n) != NULL)
		return given_lang(n);
	if (n->el == E_EDITION || (n->el >= E_FOREWORD && n->el <= E_LOGOS &&
	    n->el != E_PUBLISHED))
		return root->u.board.lang != NULL ? root->u.board.lang :
		    "en-GB";
	return NULL;
}

const char *
board_slot_lang(const struct mappa_board *b, const struct tnode *slot)
{
	return lang_of(b->root, slot);
}

/* One language's words twice: which would the report print? */
static bool
clash(const struct tnode *root, const struct tnode *a, const struct tnode *b)
{
	const char *la = lang_of(root, a), *lb = lang_of(root, b);

	if (a->el != b->el)
		return false;
	return la == NULL ? lb == NULL : lb != NULL && mappa_lang_same(la, lb);
}

/*
 * Each slot at most once in each language (and once for every edition),
 * <published> and <editions> once, each edition once: the schema's
 * choice lets any of them repeat.
 */
static void
check_once(const struct tnode *root, struct mappa_diag *diag)
{
	const struct tnode *eds = NULL;

	for (const struct tnode *k = root->kids; k != NULL; k = k->next) {
		if (k->el == E_EDITIONS && eds == NULL)
			eds = k;
		for (const struct tnode *e = root->kids; e != k; e = e->next)
			if (clash(root, e, k)) {
				const char *l = given_lang(k), *name =
				    k->el == E_EDITIONS ? "editions" :
				    slot_names[k->el - E_FOREWORD];
				bool	 once = k->el == E_PUBLISHED ||
				    k->el == E_EDITIONS;

				mappa_diag_error(diag, k->line, "<%s%s%s%s> "
				    "again (first at line %lu): give each "
				    "slot once%s", name, l != NULL ?
				    " lang=\"" : "", l != NULL ? l : "",
				    l != NULL ? "\"" : "", e->line, once ? "" :
				    " in each language (lang=\"cy\", "
				    "lang=\"en\")");
				break;
			}
	}
	for (const struct tnode *k = eds != NULL ? eds->kids : NULL;
	    k != NULL; k = k->next)
		for (const struct tnode *e = eds->kids; e != k; e = e->next)
			if (e->el == E_EDITION && k->el == E_EDITION &&
			    mappa_lang_same(given_lang(e), given_lang(k))) {
				mappa_diag_error(diag, k->line, "a second "
				    "<edition> in %s (first at line %lu)",
				    given_lang(k), e->line);
				break;
			}
}

bool
lang_same(const char *a, const char *b)
{
	return mappa_lang_same(a, b) != 0;
}

const struct tnode *
board_fill(const struct mappa_board *b, enum slot s, const char *lang,
    const struct tnode **other)
{
	const struct tnode *alien = NULL;

	if (other != NULL)
		*other = NULL;
	for (const struct tnode *k = b->root->kids; k != NULL; k = k->next) {
		if (k->el != (enum tel)(E_FOREWORD + s))
			continue;
		if (lang_of(b->root, k) == NULL ||
		    lang_same(lang_of(b->root, k), lang))
			return k;
		if (alien == NULL)
			alien = k;
	}
	if (other != NULL)
		*other = alien;
	return NULL;
}

const char *
board_href(const struct mappa_board *b, const char *lang)
{
	for (const struct tnode *k = b->root->kids; k != NULL; k = k->next)
		if (k->el == E_EDITIONS)
			for (const struct tnode *e = k->kids; e != NULL;
			    e = e->next)
				if (e->el == E_EDITION &&
				    lang_same(e->u.edition.lang, lang))
					return e->u.edition.href;
	return NULL;
}

bool
mappa_board_has_lang(const struct mappa_board *b, const char *bcp47)
{
	for (const struct tnode *k = b->root->kids; k != NULL; k = k->next) {
		if (lang_of(b->root, k) != NULL &&
		    lang_same(lang_of(b->root, k), bcp47))
			return true;
		if (k->el == E_EDITIONS)
			for (const struct tnode *e = k->kids; e != NULL;
			    e = e->next)
				if (e->el == E_EDITION &&
				    lang_same(given_lang(e), bcp47))
					return true;
	}
	return false;
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
	check_once(root, diag);
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
