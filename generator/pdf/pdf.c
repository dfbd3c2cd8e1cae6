/* pdf.c: the PDF device on libharu, with fonts subset by HarfBuzz, tagged (PDF/UA-1) and archival (PDF/A-2a); the only file that includes hpdf.h. */
#define _GNU_SOURCE	/* memfd_create(2) */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>
#include <hpdf.h>

#include "mappa/device.h"
#include "mappa/output.h"
#include "mappa/sha256.h"
#include "mappa/util.h"
#include "pdf_int.h"

#define MAXLEVEL 8
#define MAXDEPTH 64
#define ICC_SRGB "/usr/share/color/icc/sRGB.icc"	/* icc-profiles-free */
/* The document's language when layout gives none (device.h). */
#define DOC_LANG "en-GB"

/*
 * libharu 2.3.0 has no tagged-PDF calls; its object layer (hpdf_objects.h)
 * is public, so the structure tree, the ParentTree and the marked content
 * in each page's stream are built here with it.  An element open on the
 * stack; d is NULL inside an artifact.
 */
struct elem {
	HPDF_Dict	 d;
	HPDF_Array	 k;		/* its kids, owned by d */
	HPDF_Page	 pg;		/* its /Pg: kids there are bare MCIDs */
	enum mappa_role	 role;
	int		 pagination;	/* artifact of header and footer */
	char		*actual;	/* owned */
	long		 id;		/* > 0: may be resumed (mappa_tag) */
};

/* A link's area, made into an annotation at the end, when every page is. */
struct link {
	HPDF_Dict	 elem;		/* the Link element */
	HPDF_Array	 k;
	HPDF_Page	 page;
	HPDF_Rect	 rect;		/* [pt] PDF space */
	int		 topage;	/* 1-based, or 0 with uri */
	double		 toy;		/* [pt] from the top */
	char		*uri, *text;	/* owned */
};

struct pdf {
	FILE		*out;
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	double		 height;	/* [pt] of the current page */
	HPDF_Font	 font[MAPPA_FACE_COUNT];
	HPDF_Outline	 outl[MAXLEVEL + 1];	/* last outline per level */
	HPDF_STATUS	 err, detail;	/* first libharu error */
	struct mappa_fontset *fs;
	const struct mappa_meta *meta;	/* the caller's, until end */
	/* the structure tree */
	HPDF_Dict	 root;		/* StructTreeRoot */
	HPDF_Array	 nums;		/* its ParentTree's /Nums */
	HPDF_Array	 pagemc;	/* this page's MCIDs' parents */
	struct elem	 st[MAXDEPTH];	/* st[0] is the Document */
	size_t		 depth;
	int		 mcid;		/* next on this page */
	int		 mc;		/* open: 0 none, 1 tagged, 2 artifact */
	HPDF_Page	*pages;
	size_t		 npages, pcap;
	struct link	*links;
	size_t		 nlinks, lcap;
	HPDF_Dict	 scope[2];	/* TH attributes: Column, Row */
	struct elem	*kept;		/* closed elements by id, to resume */
	size_t		 nkept;
	HPDF_Image	*img;		/* by image id - 1, loaded once */
	size_t		 nimg;
	/*
	 * What this page's content stream has said, so that it is not said
	 * again: each table cell was a text object of its own with its font,
	 * position to five places and colour, a third of the compare PDF.
	 */
	int		 bt;		/* a text object is open */
	int		 mcbt;		/* the open sequence began inside it */
	long		 tx, ty;	/* [1/100 pt] its line origin */
	int		 tface;		/* face set by Tf, or -1 */
	double		 tsize;		/* [pt] */
	long		 lw;		/* [1/1000 pt] line width, or -1 */
	int		 join;		/* round join set */
	long		 sc[3], fc[3];	/* [1/1000] stroke, fill colour or -1 */
};

static void
onerror(HPDF_STATUS e, HPDF_STATUS detail, void *arg)
{
	struct pdf *p = arg;

	if (p->err == 0) {
		p->err = e;
		p->detail = detail;
	}
}

static struct pdf *
st(struct mappa_device *d)
{
	return d->arg;
}

/* libharu's errors are sticky, so one check after a series of calls does. */
static int
check(struct mappa_device *d, const char *what)
{
	struct pdf *p = st(d);

	if (p->err == 0)
		return 0;
	/*
	 * libharu's own "failed to allocate" (0x1015), or any error after
	 * malloc failed, is what the user must hear: not a libharu code.
	 */
	if (p->err == HPDF_FAILD_TO_ALLOC_MEM || errno == ENOMEM)
		snprintf(d->error, sizeof(d->error), "out of memory");
	else
		snprintf(d->error, sizeof(d->error), "PDF: %s: libharu error "
		    "0x%04X (detail %u)", what, (unsigned)p->err,
		    (unsigned)p->detail);
	return -1;
}

static void
setdate(HPDF_Doc doc, HPDF_InfoType type, const struct mappa_time *t)
{
	HPDF_Date	 dt;
	int		 off;

	if (t->year == 0)
		return;
	memset(&dt, 0, sizeof(dt));
	dt.year = t->year;
	dt.month = t->month;
	dt.day = t->day;
	dt.hour = t->hour;
	dt.minutes = t->minute;
	dt.seconds = t->second;
	off = t->utc_offset < 0 ? -t->utc_offset : t->utc_offset;
	dt.ind = t->utc_offset == 0 ? 'Z' : t->utc_offset < 0 ? '-' : '+';
	dt.off_hour = off / 60;
	dt.off_minutes = off % 60;
	HPDF_SetInfoDateAttr(doc, type, dt);
}

/*
 * Cut a face down to the code points used, through a temporary file
 * because libharu 2.3.0 loads TrueType only from a file.  Returns the
 * font, or NULL with d->error set.
 */
static HPDF_Font
loadface(struct mappa_device *d, struct mappa_fontset *fs,
    enum mappa_face f)
{
	struct pdf	*p = st(d);
	const uint32_t	*cps;
	size_t		 n, i;
	hb_blob_t	*blob = NULL, *sub = NULL;
	hb_face_t	*face = NULL, *out = NULL;
	hb_subset_input_t *in = NULL;
	hb_set_t	*set;
	const char	*data, *name, *tmpdir;
	unsigned int	 len;
	char		 path[160];
	int		 fd = -1, named = 0;
	HPDF_Font	 font = NULL;

	n = mappa_fontset_used(fs, f, &cps);
	errno = 0;
	blob = hb_blob_create_from_file_or_fail(mappa_fontset_path(fs, f));
	if (blob == NULL) {
		if (errno == ENOMEM)
			snprintf(d->error, sizeof(d->error), "out of memory");
		else
			snprintf(d->error, sizeof(d->error), "%s: can't read",
			    mappa_fontset_path(fs, f));
		goto out;
	}
	face = hb_face_create(blob, 0);
	if ((in = hb_subset_input_create_or_fail()) == NULL)
		goto nomem;
	/* hinting is for screens at small sizes; it triples the size */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	set = hb_subset_input_unicode_set(in);
	hb_set_add(set, ' ');
	for (i = 0; i < n; i++)
		hb_set_add(set, cps[i]);
	if ((out = hb_subset_or_fail(face, in)) == NULL) {
		snprintf(d->error, sizeof(d->error), "%s: can't subset",
		    mappa_fontset_path(fs, f));
		goto out;
	}
	sub = hb_face_reference_blob(out);
	data = hb_blob_get_data(sub, &len);
	/*
	 * libharu loads a TrueType font only from a file name: the subset
	 * goes to an anonymous file in memory, named through /proc, so that
	 * no temporary file can be left behind (an interruption, SIGKILL)
	 * and TMPDIR plays no part.  Where there is no memfd, a file in
	 * TMPDIR, registered for removal on signals and at exit.
	 */
	if ((fd = memfd_create("mappa-font", MFD_CLOEXEC)) != -1)
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	else {
		if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
			tmpdir = "/tmp";
		if ((size_t)snprintf(path, sizeof(path), "%s/mappa-font-XXXXXX",
		    tmpdir) >= sizeof(path)) {
			snprintf(d->error, sizeof(d->error), "TMPDIR is too "
			    "long");
			goto out;
		}
		if ((fd = mkstemp(path)) == -1) {
			snprintf(d->error, sizeof(d->error), "cannot write a "
			    "temporary file in %s: %s", tmpdir,
			    strerror(errno));
			goto out;
		}
		/* unlinked after use even if it could not be registered */
		named = 1;
		mappa_tmp_register(path, 0);
	}
	for (size_t done = 0; done < len; ) {
		ssize_t	 w = write(fd, data + done, len - done);

		if (w <= 0) {
			snprintf(d->error, sizeof(d->error), "cannot write a "
			    "font subset: %s", strerror(w < 0 ? errno : EIO));
			goto close;
		}
		done += (size_t)w;
	}
	name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	if (name != NULL)
		font = HPDF_GetFont(p->doc, name, "UTF-8");
	if (font == NULL)
		check(d, "loading a font");
close:
	close(fd);
	if (named) {
		unlink(path);
		mappa_tmp_forget(path);
	}
	goto out;
nomem:
	snprintf(d->error, sizeof(d->error), "out of memory subsetting");
out:
	hb_blob_destroy(sub);
	hb_face_destroy(out);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return font;
}

/* Write to the current page's content stream; errors are sticky. */
static void
emitstr(struct pdf *p, const char *s)
{
	HPDF_PageAttr	 a = (HPDF_PageAttr)p->page->attr;

	if (p->err == 0 && HPDF_Stream_WriteStr(a->stream, s) != HPDF_OK &&
	    p->err == 0)
		p->err = HPDF_Error_GetCode(&p->doc->error);
}

/*
 * v / 10^dec as a PDF number into buf (at least 24 bytes), without
 * trailing zeros: integer arithmetic, so the same layout gives the same
 * bytes and a position relative to the last never drifts.
 */
static char *
fixed(char *buf, long v, int dec)
{
	unsigned long	 a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	char		 d[24], *o = buf;
	int		 i = 0, k;

	do {
		d[i++] = (char)('0' + a % 10);
		a /= 10;
	} while (a > 0 || i <= dec);
	/* trailing zeros of the fraction go, and the point with them */
	for (k = 0; k < dec && d[k] == '0'; k++)
		continue;
	if (v < 0)
		*o++ = '-';
	while (i > dec)
		*o++ = d[--i];
	if (k < dec) {
		*o++ = '.';
		while (i > k)
			*o++ = d[--i];
	}
	*o = '\0';
	return buf;
}

/* [pt] to [1/100 pt], [1/1000] */
static long
cpt(double v)
{
	return lround(v * 100);
}

static long
milli(double v)
{
	return lround(v * 1000);
}

/*
 * A PDF text string: UTF-16BE after a byte order mark, as a hex string
 * into buf (the caller frees), for a content stream or an object.
 * Code points above U+FFFF become surrogate pairs.
 */
static char *
hexutf16(const char *s)
{
	size_t		 len = strlen(s), i = 0, n = 0;
	uint32_t	 cp;
	char		*o = mappa_malloc(len * 8 + 8);

	n += (size_t)sprintf(o, "<FEFF");
	while (i < len) {
		cp = mappa_utf8_next(s, len, &i);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			n += (size_t)sprintf(o + n, "%04X%04X",
			    (unsigned)(0xD800 + (cp >> 10)),
			    (unsigned)(0xDC00 + (cp & 0x3FF)));
		} else
			n += (size_t)sprintf(o + n, "%04X", (unsigned)cp);
	}
	o[n++] = '>';
	o[n] = '\0';
	return o;
}

/* The same as an object: libharu writes binary as a hex string. */
static HPDF_Binary
textstr(struct pdf *p, const char *s)
{
	size_t		 len = strlen(s), i = 0, n = 2;
	uint32_t	 cp;
	HPDF_BYTE	*b = mappa_malloc(len * 4 + 2);
	HPDF_Binary	 r;

	b[0] = 0xFE;
	b[1] = 0xFF;
	while (i < len) {
		cp = mappa_utf8_next(s, len, &i);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			b[n++] = (HPDF_BYTE)((0xD800 + (cp >> 10)) >> 8);
			b[n++] = (HPDF_BYTE)(0xD800 + (cp >> 10));
			cp = 0xDC00 + (cp & 0x3FF);
		}
		b[n++] = (HPDF_BYTE)(cp >> 8);
		b[n++] = (HPDF_BYTE)cp;
	}
	r = HPDF_Binary_New(p->doc->mmgr, b, (HPDF_UINT)n);
	free(b);
	return r;
}

/* A new indirect dictionary, or NULL with the error recorded. */
static HPDF_Dict
newdict(struct pdf *p, const char *type)
{
	HPDF_Dict	 d = HPDF_Dict_New(p->doc->mmgr);

	if (d == NULL || HPDF_Xref_Add(p->doc->xref, d) != HPDF_OK)
		return NULL;
	if (type != NULL)
		HPDF_Dict_AddName(d, "Type", type);
	return d;
}

/* A structure element of type s under parent (NULL: the tree's root). */
static int
newelem(struct pdf *p, struct elem *e, const char *s, struct elem *parent)
{
	memset(e, 0, sizeof(*e));
	/* /Type /StructElem is optional: a thousand table cells save it */
	if ((e->d = newdict(p, NULL)) == NULL ||
	    (e->k = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return -1;
	HPDF_Dict_AddName(e->d, "S", s);
	HPDF_Dict_Add(e->d, "P", parent != NULL ? parent->d : p->root);
	HPDF_Dict_Add(e->d, "K", e->k);
	if (parent != NULL)
		HPDF_Array_Add(parent->k, e->d);
	return 0;
}

/* The innermost element, and whether the content is an artifact. */
static struct elem *
top(struct pdf *p, int *art, int *pagination)
{
	size_t	 i;

	*art = *pagination = 0;
	for (i = 0; i < p->depth; i++)
		if (p->st[i].d == NULL) {
			*art = 1;
			*pagination = p->st[i].pagination;
			break;
		}
	for (i = p->depth; i > 0; i--)
		if (p->st[i - 1].d != NULL)
			return &p->st[i - 1];
	return &p->st[0];
}

/* End the open text object, and a sequence begun inside it. */
static void
endtext(struct pdf *p)
{
	if (!p->bt || p->page == NULL)
		return;
	if (p->mc != 0 && p->mcbt) {
		emitstr(p, "EMC\n");
		p->mc = 0;
	}
	HPDF_Page_EndText(p->page);
	p->bt = 0;
}

/*
 * A sequence begun inside a text object ends there and leaves it open
 * (the next table cell's text goes on in it); one begun outside ends
 * after the text object inside it.
 */
static void
mcclose(struct pdf *p)
{
	if (p->mc != 0 && p->page != NULL) {
		if (!p->mcbt && p->bt) {
			HPDF_Page_EndText(p->page);
			p->bt = 0;
		}
		emitstr(p, "EMC\n");
	}
	p->mc = 0;
}

/* The page's stream ends with everything closed. */
static void
mcfinish(struct pdf *p)
{
	mcclose(p);
	endtext(p);
}

/*
 * Before anything is drawn: put it inside a marked-content sequence of
 * the innermost element, with an MCID that element's /K and the page's
 * ParentTree entry reach, or inside an /Artifact.  A sequence stays open
 * while the element does, so a paragraph's words share one MCID.  Text
 * (text 1) keeps the text object open and begins its sequence inside;
 * anything else is drawn outside a text object, and a text object inside
 * a sequence begun outside ends before it does.
 */
static void
mcopen(struct pdf *p, int text)
{
	struct elem	*e;
	HPDF_Dict	 mcr;
	char		 buf[96], *hex;
	int		 art, pag;

	if (!text)
		endtext(p);
	e = top(p, &art, &pag);
	if ((art && p->mc == 2) || (!art && p->mc == 1))
		return;
	mcclose(p);
	/* a chart's labels and bars share one sequence, begun outside */
	if (!text || (!art && e->role == MAPPA_ROLE_FIGURE))
		endtext(p);
	else if (!p->bt) {
		HPDF_Page_BeginText(p->page);
		p->bt = 1;
		p->tx = p->ty = 0;
	}
	p->mcbt = p->bt;
	if (art) {
		emitstr(p, pag ? "/Artifact<</Type/Pagination>>BDC\n" :
		    "/Artifact BMC\n");
		p->mc = 2;
		return;
	}
	snprintf(buf, sizeof(buf), "/%s<</MCID %d", mappa_role_name[e->role],
	    p->mcid);
	emitstr(p, buf);
	if (e->actual != NULL) {
		hex = hexutf16(e->actual);
		emitstr(p, "/ActualText");
		emitstr(p, hex);
		free(hex);
	}
	emitstr(p, ">>BDC\n");
	p->mc = 1;
	HPDF_Array_Add(p->pagemc, e->d);
	if (e->pg == NULL) {
		e->pg = p->page;
		HPDF_Dict_Add(e->d, "Pg", p->page);
	}
	if (e->pg == p->page)
		HPDF_Array_AddNumber(e->k, p->mcid);
	else if ((mcr = HPDF_Dict_New(p->doc->mmgr)) != NULL) {
		HPDF_Dict_AddName(mcr, "Type", "MCR");
		HPDF_Dict_Add(mcr, "Pg", p->page);
		HPDF_Dict_AddNumber(mcr, "MCID", p->mcid);
		HPDF_Array_Add(e->k, mcr);
	}
	p->mcid++;
}

static int
ptag(struct mappa_device *d, const struct mappa_tag *t)
{
	struct pdf	*p = st(d);
	struct elem	*parent, *e;
	HPDF_Dict	 a;
	int		 art, pag, sc;

	if (p->depth == MAXDEPTH) {
		snprintf(d->error, sizeof(d->error), "PDF: roles nested more "
		    "than %d deep", MAXDEPTH);
		return -1;
	}
	mcclose(p);
	parent = top(p, &art, &pag);
	e = &p->st[p->depth];
	if (t->resume && !art) {
		/* its /K is still the array it was: see puntag() */
		if (t->id <= 0 || (size_t)t->id >= p->nkept ||
		    p->kept[t->id].d == NULL) {
			snprintf(d->error, sizeof(d->error), "PDF: element %ld "
			    "resumed that was never closed", t->id);
			return -1;
		}
		*e = p->kept[t->id];
		p->depth++;
		return 0;
	}
	if (art || t->role == MAPPA_ROLE_ARTIFACT) {
		memset(e, 0, sizeof(*e));
		e->role = MAPPA_ROLE_ARTIFACT;
		e->pagination = art ? pag : t->pagination;
		p->depth++;
		return 0;
	}
	if (newelem(p, e, mappa_role_name[t->role], parent) == -1)
		return check(d, "structure element");
	e->role = t->role;
	e->id = t->id;
	p->depth++;
	if (t->alt != NULL)
		HPDF_Dict_Add(e->d, "Alt", textstr(p, t->alt));
	if (t->lang != NULL)
		HPDF_Dict_Add(e->d, "Lang", textstr(p, t->lang));
	if (t->actual != NULL) {
		HPDF_Dict_Add(e->d, "ActualText", textstr(p, t->actual));
		e->actual = mappa_strdup(t->actual);
	}
	/* one indirect attribute object per scope, shared by every TH */
	if (t->scope != MAPPA_SCOPE_NONE) {
		sc = t->scope == MAPPA_SCOPE_ROW;
		if (p->scope[sc] == NULL &&
		    (p->scope[sc] = newdict(p, NULL)) != NULL) {
			HPDF_Dict_AddName(p->scope[sc], "O", "Table");
			HPDF_Dict_AddName(p->scope[sc], "Scope", sc ? "Row" :
			    "Column");
		}
		if ((a = p->scope[sc]) != NULL)
			HPDF_Dict_Add(e->d, "A", a);
	}
	return check(d, "structure element");
}

static int
puntag(struct mappa_device *d)
{
	struct pdf	*p = st(d);
	struct elem	*e;
	HPDF_Number	 n;

	if (p->depth <= 1) {
		snprintf(d->error, sizeof(d->error), "PDF: a role closed "
		    "that was not open");
		return -1;
	}
	mcclose(p);
	p->depth--;
	e = &p->st[p->depth];
	/* kept whole, /K an array, for its next part on a later page */
	if (e->d != NULL && e->id > 0) {
		if ((size_t)e->id >= p->nkept) {
			p->kept = mappa_realloc(p->kept, (size_t)(e->id + 1) *
			    sizeof(*p->kept));
			memset(p->kept + p->nkept, 0, ((size_t)e->id + 1 -
			    p->nkept) * sizeof(*p->kept));
			p->nkept = (size_t)e->id + 1;
		}
		p->kept[e->id] = *e;
		p->kept[e->id].actual = NULL;
	}
	/* one MCID alone is written as /K n, not /K [ n ] (a table cell) */
	else if (e->d != NULL && e->role != MAPPA_ROLE_LINK &&
	    HPDF_Array_Items(e->k) == 1 &&
	    (n = HPDF_List_ItemAt(e->k->list, 0)) != NULL &&
	    (n->header.obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_NUMBER)
		HPDF_Dict_AddNumber(e->d, "K", n->value);	/* frees e->k */
	e->k = NULL;
	free(p->st[p->depth].actual);
	p->st[p->depth].actual = NULL;
	return check(d, "structure element");
}

static int
plink(struct mappa_device *d, double x, double y, double w, double h,
    const struct mappa_target *t, const char *text)
{
	struct pdf	*p = st(d);
	struct elem	*e;
	struct link	*k;
	int		 art, pag;

	e = top(p, &art, &pag);
	if (art || e->role != MAPPA_ROLE_LINK)
		return 0;
	p->links = mappa_grow(p->links, &p->lcap, p->nlinks + 1,
	    sizeof(*p->links));
	k = &p->links[p->nlinks++];
	memset(k, 0, sizeof(*k));
	k->elem = e->d;
	k->k = e->k;
	k->page = p->page;
	k->rect.left = (HPDF_REAL)x;
	k->rect.right = (HPDF_REAL)(x + w);
	k->rect.top = (HPDF_REAL)(p->height - y);
	k->rect.bottom = (HPDF_REAL)(p->height - y - h);
	k->topage = t->uri != NULL ? 0 : t->page;
	k->toy = t->y;
	k->uri = t->uri != NULL ? mappa_strdup(t->uri) : NULL;
	k->text = mappa_strdup(text);
	return 0;
}

/*
 * Links become annotations once every page exists: each is in the
 * structure tree (an OBJR in its Link element, a /StructParent key in the
 * ParentTree) and says where it goes (/Contents).
 */
static int
mklinks(struct mappa_device *d)
{
	struct pdf	*p = st(d);
	struct link	*k;
	HPDF_Annotation	 an;
	HPDF_Destination dst;
	HPDF_Dict	 objr;
	HPDF_Page	 to;
	size_t		 i;
	int		 key;

	for (i = 0; i < p->nlinks; i++) {
		k = &p->links[i];
		if (k->uri != NULL)
			an = HPDF_Page_CreateURILinkAnnot(k->page, k->rect,
			    k->uri);
		else {
			if (k->topage < 1 || (size_t)k->topage > p->npages)
				continue;
			to = p->pages[k->topage - 1];
			dst = HPDF_Page_CreateDestination(to);
			HPDF_Destination_SetFitH(dst, (HPDF_REAL)
			    (HPDF_Page_GetHeight(to) - k->toy + 12));
			an = HPDF_Page_CreateLinkAnnot(k->page, k->rect, dst);
		}
		if (an == NULL)
			return check(d, "link");
		HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
		key = (int)(p->npages + i);
		HPDF_Dict_AddNumber(an, "StructParent", key);
		HPDF_Dict_AddNumber(an, "F", 4);	/* print */
		HPDF_Dict_Add(an, "Contents", textstr(p, k->text));
		if ((objr = HPDF_Dict_New(p->doc->mmgr)) == NULL)
			return check(d, "link");
		HPDF_Dict_AddName(objr, "Type", "OBJR");
		HPDF_Dict_Add(objr, "Obj", an);
		HPDF_Dict_Add(objr, "Pg", k->page);
		HPDF_Array_Add(k->k, objr);
		HPDF_Array_AddNumber(p->nums, key);
		HPDF_Array_Add(p->nums, k->elem);
	}
	HPDF_Dict_AddNumber(p->root, "ParentTreeNextKey",
	    (HPDF_INT32)(p->npages + p->nlinks));
	return check(d, "link");
}

/*
 * libharu 2.3.0 writes each font's ToUnicode CMap with `begincidrange`
 * where bfchar/bfrange belong (poppler warns on every file), and leaves
 * the highest code of a font out of its CIDToGIDMap and widths (the
 * glyph would print as .notdef).  Codes are Unicode code points here
 * (the UTF-8 encoder with Identity-H), so the map is written again from
 * the code points the document used, and the last code put back.
 */
static int
fixfont(struct mappa_device *d, enum mappa_face f)
{
	struct pdf	*p = st(d);
	HPDF_FontAttr	 fa = (HPDF_FontAttr)p->font[f]->attr;
	HPDF_Dict	 cm = fa->cmap_stream, desc = fa->descendant_font;
	HPDF_Stream	 s;
	HPDF_Array	 w, one;
	const uint32_t	*cps;
	uint32_t	 max = ' ';
	size_t		 n, i, k;
	char		 buf[64];
	HPDF_BYTE	 g[2];
	HPDF_UINT16	 gid;

	n = mappa_fontset_used(p->fs, f, &cps);
	if (cm == NULL || desc == NULL)
		return 0;
	if ((s = HPDF_MemStream_New(p->doc->mmgr, 4096)) == NULL)
		return check(d, "ToUnicode");
	HPDF_Stream_Free(cm->stream);
	cm->stream = s;
	HPDF_Dict_RemoveElement(cm, "Type");
	HPDF_Dict_RemoveElement(cm, "CMapName");
	HPDF_Dict_RemoveElement(cm, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(cm, "WMode");
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
	    "/Ordering (UCS) /Supplement 0 >> def\n/CMapName "
	    "/Adobe-Identity-UCS def\n/CMapType 2 def\n1 "
	    "begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* the space the subset always holds, then the code points used */
	for (i = 0, k = 0; i <= n; i++) {
		uint32_t cp = i == n ? ' ' : cps[i];

		if (cp > 0xFFFF || (i < n && cp == ' '))
			continue;
		if (cp > max)
			max = cp;
		if (k % 100 == 0) {
			size_t left = 0, j;

			for (j = i; j <= n; j++)
				if ((j == n ? ' ' : cps[j]) <= 0xFFFF &&
				    (j == n || cps[j] != ' '))
					left++;
			snprintf(buf, sizeof(buf), "%s%zu beginbfchar\n",
			    k > 0 ? "endbfchar\n" : "", left > 100 ? 100 :
			    left);
			HPDF_Stream_WriteStr(s, buf);
		}
		snprintf(buf, sizeof(buf), "<%04X> <%04X>\n", (unsigned)cp,
		    (unsigned)cp);
		HPDF_Stream_WriteStr(s, buf);
		k++;
	}
	HPDF_Stream_WriteStr(s, "endbfchar\nendcmap\nCMapName currentdict "
	    "/CMap defineresource pop\nend\nend\n");
	/* the last code: after the map's `max` entries, one more */
	if (fa->map_stream != NULL &&
	    fa->map_stream->stream->size == 2 * max) {
		gid = HPDF_TTFontDef_GetGlyphid(fa->fontdef, (HPDF_UINT16)max);
		g[0] = (HPDF_BYTE)(gid >> 8);
		g[1] = (HPDF_BYTE)gid;
		HPDF_Stream_Write(fa->map_stream->stream, g, 2);
		w = HPDF_Dict_GetItem(desc, "W", HPDF_OCLASS_ARRAY);
		if (w != NULL && (one = HPDF_Array_New(p->doc->mmgr)) !=
		    NULL) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)max);
			HPDF_Array_Add(w, one);
			HPDF_Array_AddNumber(one, HPDF_TTFontDef_GetGidWidth(
			    fa->fontdef, gid));
		}
	}
	return check(d, "ToUnicode");
}

/* XML character data, escaped, appended to the stream. */
static void
xmlesc(HPDF_Stream s, const char *v)
{
	char	 c[2] = { 0, 0 };

	for (; *v != '\0'; v++) {
		if (*v == '&')
			HPDF_Stream_WriteStr(s, "&amp;");
		else if (*v == '<')
			HPDF_Stream_WriteStr(s, "&lt;");
		else if (*v == '>')
			HPDF_Stream_WriteStr(s, "&gt;");
		else if ((unsigned char)*v < 0x20 && *v != '\t')
			HPDF_Stream_WriteStr(s, " ");
		else {
			c[0] = *v;
			HPDF_Stream_WriteStr(s, c);
		}
	}
}

static void
xmpdate(HPDF_Stream s, const char *el, const struct mappa_time *t)
{
	char	 buf[96];
	int	 off = t->utc_offset < 0 ? -t->utc_offset : t->utc_offset;

	if (t->year == 0)
		return;
	snprintf(buf, sizeof(buf), "<%s>%04d-%02d-%02dT%02d:%02d:%02d", el,
	    t->year, t->month, t->day, t->hour, t->minute, t->second);
	HPDF_Stream_WriteStr(s, buf);
	if (t->utc_offset == 0)
		HPDF_Stream_WriteStr(s, "Z");
	else {
		snprintf(buf, sizeof(buf), "%c%02d:%02d", t->utc_offset < 0 ?
		    '-' : '+', off / 60, off % 60);
		HPDF_Stream_WriteStr(s, buf);
	}
	snprintf(buf, sizeof(buf), "</%s>\n", el);
	HPDF_Stream_WriteStr(s, buf);
}

/* One XMP property: <el>value</el>, skipped when value is NULL. */
static void
xmpprop(HPDF_Stream s, const char *el, const char *wrap, const char *v)
{
	if (v == NULL)
		return;
	HPDF_Stream_WriteStr(s, "<");
	HPDF_Stream_WriteStr(s, el);
	HPDF_Stream_WriteStr(s, ">");
	if (wrap != NULL) {
		HPDF_Stream_WriteStr(s, "<rdf:");
		HPDF_Stream_WriteStr(s, wrap);
		HPDF_Stream_WriteStr(s, strcmp(wrap, "Alt") == 0 ?
		    "><rdf:li xml:lang=\"x-default\">" : "><rdf:li>");
	}
	xmlesc(s, v);
	if (wrap != NULL) {
		HPDF_Stream_WriteStr(s, "</rdf:li></rdf:");
		HPDF_Stream_WriteStr(s, wrap);
		HPDF_Stream_WriteStr(s, ">");
	}
	HPDF_Stream_WriteStr(s, "</");
	HPDF_Stream_WriteStr(s, el);
	HPDF_Stream_WriteStr(s, ">\n");
}

/*
 * dc:title: the title, and when the document has one in a second
 * language that too, each tagged with its language (the document's own
 * also as x-default, which readers show).  With no second title it is
 * written as any other Alt, as it was before there was one.
 */
static void
xmptitle(HPDF_Stream s, const struct mappa_meta *m, const char *lang)
{
	if (m->title == NULL || m->title_alt == NULL ||
	    m->title_alt_lang == NULL) {
		xmpprop(s, "dc:title", "Alt", m->title);
		return;
	}
	HPDF_Stream_WriteStr(s, "<dc:title><rdf:Alt><rdf:li xml:lang=\""
	    "x-default\">");
	xmlesc(s, m->title);
	HPDF_Stream_WriteStr(s, "</rdf:li><rdf:li xml:lang=\"");
	xmlesc(s, lang);
	HPDF_Stream_WriteStr(s, "\">");
	xmlesc(s, m->title);
	HPDF_Stream_WriteStr(s, "</rdf:li><rdf:li xml:lang=\"");
	xmlesc(s, m->title_alt_lang);
	HPDF_Stream_WriteStr(s, "\">");
	xmlesc(s, m->title_alt);
	HPDF_Stream_WriteStr(s, "</rdf:li></rdf:Alt></dc:title>\n");
}

/* An extension schema: PDF/A-2 knows neither pdfuaid nor ours. */
static void
xmpschema(HPDF_Stream s, const char *name, const char *uri,
    const char *prefix, const char *prop, const char *type,
    const char *desc)
{
	HPDF_Stream_WriteStr(s, "<rdf:li rdf:parseType=\"Resource\">\n"
	    "<pdfaSchema:schema>");
	HPDF_Stream_WriteStr(s, name);
	HPDF_Stream_WriteStr(s, "</pdfaSchema:schema>\n"
	    "<pdfaSchema:namespaceURI>");
	HPDF_Stream_WriteStr(s, uri);
	HPDF_Stream_WriteStr(s, "</pdfaSchema:namespaceURI>\n"
	    "<pdfaSchema:prefix>");
	HPDF_Stream_WriteStr(s, prefix);
	HPDF_Stream_WriteStr(s, "</pdfaSchema:prefix>\n<pdfaSchema:property>"
	    "<rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
	    "<pdfaProperty:name>");
	HPDF_Stream_WriteStr(s, prop);
	HPDF_Stream_WriteStr(s, "</pdfaProperty:name>\n<pdfaProperty:"
	    "valueType>");
	HPDF_Stream_WriteStr(s, type);
	HPDF_Stream_WriteStr(s, "</pdfaProperty:valueType>\n<pdfaProperty:"
	    "category>internal</pdfaProperty:category>\n"
	    "<pdfaProperty:description>");
	HPDF_Stream_WriteStr(s, desc);
	HPDF_Stream_WriteStr(s, "</pdfaProperty:description>\n</rdf:li>"
	    "</rdf:Seq></pdfaSchema:property>\n</rdf:li>\n");
}

/*
 * The catalog entries of PDF/UA-1 and PDF/A-2a: language, title shown,
 * marked, the structure tree, XMP metadata mirroring the document
 * information, an sRGB output intent and a file identifier made from the
 * document's own content (the same input gives the same bytes).
 */
static int
archival(struct mappa_device *d)
{
	struct pdf		*p = st(d);
	const struct mappa_meta	*m = p->meta;
	HPDF_Dict		 cat = p->doc->catalog, mi, vp, md, oi, icc;
	HPDF_Array		 ois, id;
	HPDF_Stream		 s;
	FILE			*fp;
	unsigned char		 buf[8192], dig[MAPPA_SHA256_LEN];
	size_t			 n;
	struct mappa_sha256	 h;
	const char		*v[5];
	const char		*lang = m->lang != NULL ? m->lang : DOC_LANG;
	int			 i;

	HPDF_Dict_Add(cat, "Lang", textstr(p, lang));
	if ((mi = HPDF_Dict_New(p->doc->mmgr)) == NULL ||
	    (vp = HPDF_Dict_New(p->doc->mmgr)) == NULL)
		return check(d, "catalog");
	HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "MarkInfo", mi);
	HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	HPDF_Dict_Add(cat, "StructTreeRoot", p->root);

	/* XMP, not compressed, so that any tool finds it */
	if ((md = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref)) == NULL)
		return check(d, "metadata");
	md->filter = HPDF_STREAM_FILTER_NONE;
	HPDF_Dict_AddName(md, "Type", "Metadata");
	HPDF_Dict_AddName(md, "Subtype", "XML");
	/*
	 * The custom entry again where a byte scan finds it (`verify`):
	 * the information dictionary now sits in a compressed object
	 * stream, a stream's dictionary never does.
	 */
	if (m->extra_key != NULL && m->extra_value != NULL)
		HPDF_Dict_Add(md, m->extra_key, textstr(p, m->extra_value));
	s = md->stream;
	HPDF_Stream_WriteStr(s, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta "
	    "xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www."
	    "w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description "
	    "rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://"
	    "ns.adobe.com/xap/1.0/\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/"
	    "ns/id/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" "
	    "xmlns:mappa=\"urn:mappa-report:info:1\" xmlns:pdfaExtension="
	    "\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema="
	    "\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty="
	    "\"http://www.aiim.org/pdfa/ns/property#\">\n"
	    "<dc:format>application/pdf</dc:format>\n");
	xmptitle(s, m, lang);
	/*
	 * The catalog's /Lang says the language; dc:language repeats it
	 * for a language other than en-GB only, so that an English
	 * report's bytes stay as they were before there was a choice.
	 */
	if (strcasecmp(lang, DOC_LANG) != 0) {
		HPDF_Stream_WriteStr(s, "<dc:language><rdf:Bag><rdf:li>");
		xmlesc(s, lang);
		HPDF_Stream_WriteStr(s, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	xmpprop(s, "dc:creator", "Seq", m->author);
	xmpprop(s, "dc:description", "Alt", m->subject);
	xmpprop(s, "pdf:Keywords", NULL, m->keywords);
	xmpprop(s, "pdf:Producer", NULL, m->producer);
	xmpprop(s, "xmp:CreatorTool", NULL, m->creator != NULL ? m->creator :
	    "mappa-report");
	xmpdate(s, "xmp:CreateDate", &m->created);
	xmpdate(s, "xmp:ModifyDate", &m->modified);
	if (m->extra_key != NULL && m->extra_value != NULL &&
	    strcmp(m->extra_key, "Provenance") == 0)
		xmpprop(s, "mappa:Provenance", NULL, m->extra_value);
	HPDF_Stream_WriteStr(s, "<pdfaid:part>2</pdfaid:part>\n"
	    "<pdfaid:conformance>A</pdfaid:conformance>\n"
	    "<pdfuaid:part>1</pdfuaid:part>\n"
	    "<pdfaExtension:schemas><rdf:Bag>\n");
	xmpschema(s, "PDF/UA Universal Accessibility Schema",
	    "http://www.aiim.org/pdfua/ns/id/", "pdfuaid", "part", "Integer",
	    "Indicates, which part of ISO 14289 standard is followed");
	xmpschema(s, "mappa-report document information",
	    "urn:mappa-report:info:1", "mappa", "Provenance", "Text",
	    "What the report was made from, as in the document information");
	HPDF_Stream_WriteStr(s, "</rdf:Bag></pdfaExtension:schemas>\n"
	    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>\n");
	HPDF_Dict_Add(cat, "Metadata", md);

	/* colours are DeviceRGB: the output intent says which RGB */
	if ((fp = fopen(ICC_SRGB, "rb")) == NULL) {
		snprintf(d->error, sizeof(d->error), "PDF: %s: %s (package "
		    "icc-profiles-free)", ICC_SRGB, strerror(errno));
		return -1;
	}
	if ((icc = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref)) == NULL) {
		fclose(fp);
		return check(d, "output intent");
	}
	HPDF_Dict_AddNumber(icc, "N", 3);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		HPDF_Stream_Write(icc->stream, buf, (HPDF_UINT)n);
	if (ferror(fp)) {
		fclose(fp);
		snprintf(d->error, sizeof(d->error), "PDF: %s: read error",
		    ICC_SRGB);
		return -1;
	}
	fclose(fp);
	if ((oi = newdict(p, "OutputIntent")) == NULL ||
	    (ois = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return check(d, "output intent");
	HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	    HPDF_String_New(p->doc->mmgr, "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(oi, "Info", HPDF_String_New(p->doc->mmgr,
	    "sRGB IEC61966-2.1", NULL));
	HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	HPDF_Array_Add(ois, oi);
	HPDF_Dict_Add(cat, "OutputIntents", ois);

	/* the identifier: a digest of what the information says */
	mappa_sha256_init(&h);
	v[0] = m->title;
	v[1] = m->author;
	v[2] = m->subject;
	v[3] = m->extra_value;
	v[4] = m->keywords;
	for (i = 0; i < 5; i++)
		if (v[i] != NULL)
			mappa_sha256_update(&h, v[i], strlen(v[i]) + 1);
	mappa_sha256_update(&h, &m->created, sizeof(m->created));
	mappa_sha256_final(&h, dig);
	if ((id = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return check(d, "identifier");
	HPDF_Array_Add(id, HPDF_Binary_New(p->doc->mmgr, dig, 16));
	HPDF_Array_Add(id, HPDF_Binary_New(p->doc->mmgr, dig, 16));
	HPDF_Dict_Add(p->doc->trailer, "ID", id);
	p->doc->pdf_version = HPDF_VER_17;
	return check(d, "catalog");
}

static int
pbegin(struct mappa_device *d, const struct mappa_meta *m,
    struct mappa_fontset *fs)
{
	struct pdf	*p = st(d);
	const uint32_t	*cps;
	int		 f;
	HPDF_Dict	 parent;

	if ((p->doc = HPDF_New(onerror, p)) == NULL) {
		snprintf(d->error, sizeof(d->error), "PDF: can't start");
		return -1;
	}
	/*
	 * Page content is deflated once, by pdf_pack (objstm.c), at its
	 * best level; fonts and images here.
	 */
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_IMAGE | HPDF_COMP_METADATA);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (m->title != NULL)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, m->title);
	if (m->author != NULL)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, m->author);
	if (m->subject != NULL)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, m->subject);
	if (m->keywords != NULL)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, m->keywords);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, m->creator != NULL ?
	    m->creator : "mappa-report");
	if (m->producer != NULL)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_PRODUCER, m->producer);
	setdate(p->doc, HPDF_INFO_CREATION_DATE, &m->created);
	setdate(p->doc, HPDF_INFO_MOD_DATE, &m->modified);
	/* libharu has no call for a custom key; its info dict is public */
	if (m->extra_key != NULL && m->extra_value != NULL &&
	    p->doc->info != NULL)
		HPDF_Dict_Add(p->doc->info, m->extra_key,
		    HPDF_String_New(p->doc->mmgr, m->extra_value,
		    HPDF_GetEncoder(p->doc, "UTF-8")));
	if (check(d, "document information") == -1)
		return -1;
	p->fs = fs;
	p->meta = m;
	/* the structure tree: its root, the ParentTree, the Document */
	if ((p->root = newdict(p, "StructTreeRoot")) == NULL ||
	    (parent = HPDF_Dict_New(p->doc->mmgr)) == NULL ||
	    (p->nums = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return check(d, "structure tree");
	HPDF_Dict_Add(parent, "Nums", p->nums);
	HPDF_Dict_Add(p->root, "ParentTree", parent);
	if (newelem(p, &p->st[0], "Document", NULL) == -1)
		return check(d, "structure tree");
	HPDF_Dict_Add(p->root, "K", p->st[0].d);
	p->st[0].role = MAPPA_ROLE_SECT;
	p->depth = 1;
	for (f = 0; f < MAPPA_FACE_COUNT; f++) {
		if (mappa_fontset_used(fs, (enum mappa_face)f, &cps) == 0)
			continue;
		if ((p->font[f] = loadface(d, fs, (enum mappa_face)f)) == NULL)
			return -1;
	}
	return 0;
}

static int
ppage(struct mappa_device *d, int n, double w, double h)
{
	struct pdf *p = st(d);

	mcfinish(p);
	p->page = HPDF_AddPage(p->doc);
	if (p->page == NULL)
		return check(d, "adding a page");
	HPDF_Page_SetWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(p->page, (HPDF_REAL)h);
	p->height = h;
	p->pages = mappa_grow(p->pages, &p->pcap, p->npages + 1,
	    sizeof(*p->pages));
	p->pages[p->npages] = p->page;
	/* the page's key in the ParentTree is its index */
	HPDF_Dict_AddNumber(p->page, "StructParents", (HPDF_INT32)p->npages);
	HPDF_Dict_AddName(p->page, "Tabs", "S");
	if ((p->pagemc = HPDF_Array_New(p->doc->mmgr)) == NULL)
		return check(d, "adding a page");
	HPDF_Array_AddNumber(p->nums, (HPDF_INT32)p->npages);
	HPDF_Array_Add(p->nums, p->pagemc);
	p->npages++;
	p->mcid = 0;
	/* a new content stream starts from the default graphics state */
	p->bt = p->mcbt = 0;
	p->tface = -1;
	p->tsize = 0;
	p->lw = -1;
	p->join = 0;
	p->sc[0] = p->sc[1] = p->sc[2] = -1;
	p->fc[0] = p->fc[1] = p->fc[2] = 0;	/* black */
	return check(d, "adding a page");
}

/* A colour operator (RG stroke, rg fill) unless cur already holds it. */
static void
setrgb(struct pdf *p, long cur[3], double r, double g, double b,
    const char *op)
{
	char	 buf[96], n[3][24];
	long	 v[3] = { milli(r), milli(g), milli(b) };

	if (v[0] == cur[0] && v[1] == cur[1] && v[2] == cur[2])
		return;
	memcpy(cur, v, sizeof(v));
	snprintf(buf, sizeof(buf), "%s %s %s %s\n", fixed(n[0], v[0], 3),
	    fixed(n[1], v[1], 3), fixed(n[2], v[2], 3), op);
	emitstr(p, buf);
}

static int
ptext(struct mappa_device *d, enum mappa_face f, double size, double x,
    double y, const char *s, size_t len)
{
	struct pdf	*p = st(d);
	char		*z, buf[64], n[2][24];
	long		 cx, cy;

	if (p->font[f] == NULL) {
		snprintf(d->error, sizeof(d->error), "PDF: text in a face "
		    "that was not recorded");
		return -1;
	}
	z = mappa_strndup(s, len);
	mcopen(p, 1);
	if (!p->bt) {
		HPDF_Page_BeginText(p->page);
		p->bt = 1;
		p->tx = p->ty = 0;
	}
	/* text is black; a bar's colour stays set after it */
	setrgb(p, p->fc, 0, 0, 0, "rg");
	/* the font and size hold across text objects on the page */
	if (p->tface != (int)f || p->tsize != size) {
		HPDF_Page_SetFontAndSize(p->page, p->font[f], (HPDF_REAL)size);
		p->tface = (int)f;
		p->tsize = size;
	}
	/* Td moves from the last line origin: small numbers, often alike */
	cx = cpt(x);
	cy = cpt(p->height - y);
	snprintf(buf, sizeof(buf), "%s %s Td\n", fixed(n[0], cx - p->tx, 2),
	    fixed(n[1], cy - p->ty, 2));
	emitstr(p, buf);
	p->tx = cx;
	p->ty = cy;
	HPDF_Page_ShowText(p->page, z);
	free(z);
	return check(d, "text");
}

static int
pstroke(struct mappa_device *d, const double *xy, size_t n, double w,
    const struct mappa_color *c)
{
	struct pdf	*p = st(d);
	size_t		 i;
	char		 buf[96], v[2][24];

	if (n < 2)
		return 0;
	mcopen(p, 0);
	if (milli(w) != p->lw) {
		p->lw = milli(w);
		snprintf(buf, sizeof(buf), "%s w\n", fixed(v[0], p->lw, 3));
		emitstr(p, buf);
	}
	if (!p->join) {
		emitstr(p, "1 j\n");	/* round */
		p->join = 1;
	}
	setrgb(p, p->sc, c->r, c->g, c->b, "RG");
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s %s %s\n",
		    fixed(v[0], cpt(xy[2 * i]), 2),
		    fixed(v[1], cpt(p->height - xy[2 * i + 1]), 2),
		    i == 0 ? "m" : "l");
		emitstr(p, buf);
	}
	emitstr(p, "S\n");
	return check(d, "line");
}

static int
pfill(struct mappa_device *d, double x, double y, double w, double h,
    const struct mappa_color *c)
{
	struct pdf	*p = st(d);
	char		 buf[128], v[4][24];

	mcopen(p, 0);
	setrgb(p, p->fc, c->r, c->g, c->b, "rg");
	snprintf(buf, sizeof(buf), "%s %s %s %s re\nf\n",
	    fixed(v[0], cpt(x), 2), fixed(v[1], cpt(p->height - y - h), 2),
	    fixed(v[2], cpt(w), 2), fixed(v[3], cpt(h), 2));
	emitstr(p, buf);
	return check(d, "rectangle");
}

static int
poutline(struct mappa_device *d, int level, const char *title, double y)
{
	struct pdf	*p = st(d);
	HPDF_Outline	 parent = NULL, o;
	HPDF_Destination dst;
	int		 k;

	if (level < 1)
		level = 1;
	if (level > MAXLEVEL)
		level = MAXLEVEL;
	for (k = level - 1; k >= 1 && parent == NULL; k--)
		parent = p->outl[k];
	o = HPDF_CreateOutline(p->doc, parent, title,
	    HPDF_GetEncoder(p->doc, "UTF-8"));
	if (o == NULL)
		return check(d, "bookmark");
	dst = HPDF_Page_CreateDestination(p->page);
	/* 2.3.0 refuses XYZ with zoom 0 ("keep the zoom") */
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)(p->height - y + 12));
	HPDF_Outline_SetDestination(o, dst);
	HPDF_Outline_SetOpened(o, HPDF_FALSE);
	p->outl[level] = o;
	for (k = level + 1; k <= MAXLEVEL; k++)
		p->outl[k] = NULL;
	return check(d, "bookmark");
}

static int
pnote(struct mappa_device *d, const char *text)
{
	return 0;
}

static int
pend(struct mappa_device *d)
{
	struct pdf	*p = st(d);
	HPDF_BYTE	*buf = NULL;
	HPDF_UINT32	 n, len, got = 0;
	int		 f, rc;
	char		*packed;
	size_t		 plen;

	mcfinish(p);
	if (p->depth != 1) {
		snprintf(d->error, sizeof(d->error), "PDF: %zu roles left "
		    "open", p->depth - 1);
		return -1;
	}
	for (f = 0; f < MAPPA_FACE_COUNT; f++)
		if (p->font[f] != NULL && fixfont(d, (enum mappa_face)f) == -1)
			return -1;
	if (mklinks(d) == -1 || archival(d) == -1)
		return -1;
	HPDF_SaveToStream(p->doc);
	if (check(d, "saving") == -1)
		return -1;
	len = HPDF_GetStreamSize(p->doc);
	buf = mappa_malloc(len + 1);
	HPDF_ResetStream(p->doc);
	while (got < len) {
		n = len - got;
		HPDF_ReadFromStream(p->doc, buf + got, &n);
		if (n == 0)
			break;
		got += n;
	}
	p->err = 0;	/* the end of the stream is reported as an error */
	/* the document's objects are done with: their memory serves pack */
	HPDF_Free(p->doc);
	p->doc = NULL;
	/* without object streams the structure tree doubles the file */
	rc = pdf_pack((const char *)buf, got, &packed, &plen, d->error,
	    sizeof(d->error));
	free(buf);
	if (rc == -1)
		return -1;
	if (fwrite(packed, 1, plen, p->out) != plen || fflush(p->out) == EOF) {
		snprintf(d->error, sizeof(d->error), "PDF: write error: %s",
		    strerror(errno));
		rc = -1;
	}
	free(packed);
	return rc;
}

/*
 * Each image is loaded on its first use and drawn from the same object
 * after that: a logo on every page is in the file once.
 */
static int
pimage(struct mappa_device *d, const struct mappa_image *im, double x,
    double y, double w, double h, const char *alt, const char *lang)
{
	struct pdf	*p = st(d);
	struct mappa_tag t;
	HPDF_Image	 o;
	int		 rc;

	if (im->data == NULL || im->id == 0)
		return 0;
	if (im->id > p->nimg) {
		p->img = mappa_realloc(p->img, im->id * sizeof(*p->img));
		memset(p->img + p->nimg, 0, (im->id - p->nimg) *
		    sizeof(*p->img));
		p->nimg = im->id;
	}
	if ((o = p->img[im->id - 1]) == NULL) {
		o = im->jpeg ? HPDF_LoadJpegImageFromMem(p->doc, im->data,
		    (HPDF_UINT)im->len) : HPDF_LoadPngImageFromMem(p->doc,
		    im->data, (HPDF_UINT)im->len);
		if (o == NULL || check(d, "loading an image") == -1) {
			if (o == NULL && p->err == 0)
				snprintf(d->error, sizeof(d->error), "PDF: "
				    "an image does not load");
			return -1;
		}
		p->img[im->id - 1] = o;
	}
	/* A Figure with its text alternative, or a decorative artifact. */
	memset(&t, 0, sizeof(t));
	t.role = alt != NULL ? MAPPA_ROLE_FIGURE : MAPPA_ROLE_ARTIFACT;
	t.alt = alt;
	t.lang = alt != NULL ? lang : NULL;
	if (ptag(d, &t) == -1)
		return -1;
	mcopen(p, 0);
	HPDF_Page_DrawImage(p->page, o, (HPDF_REAL)x,
	    (HPDF_REAL)(p->height - y - h), (HPDF_REAL)w, (HPDF_REAL)h);
	rc = check(d, "image");
	return puntag(d) == -1 ? -1 : rc;
}

static void
pdestroy(struct mappa_device *d)
{
	struct pdf	*p = st(d);
	size_t		 i;

	free(p->img);
	free(p->kept);
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (i = 0; i < p->depth; i++)
		free(p->st[i].actual);
	for (i = 0; i < p->nlinks; i++) {
		free(p->links[i].uri);
		free(p->links[i].text);
	}
	free(p->links);
	free(p->pages);
	free(p);
}

struct mappa_device *
mappa_pdf_device_new(FILE *out)
{
	struct mappa_device	*d = mappa_calloc(1, sizeof(*d));
	struct pdf		*p = mappa_calloc(1, sizeof(*p));

	p->out = out;
	d->arg = p;
	d->begin = pbegin;
	d->page = ppage;
	d->text = ptext;
	d->stroke = pstroke;
	d->fill = pfill;
	d->outline = poutline;
	d->note = pnote;
	d->tag = ptag;
	d->untag = puntag;
	d->link = plink;
	d->end = pend;
	d->destroy = pdestroy;
	d->image = pimage;
	return d;
}
