/* pdf.c: the PDF device on libharu, with fonts subset by HarfBuzz; the only file that includes hpdf.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>
#include <hpdf.h>

#include "mappa/device.h"
#include "mappa/util.h"

#define MAXLEVEL 8

struct pdf {
	FILE		*out;
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	double		 height;	/* [pt] of the current page */
	HPDF_Font	 font[MAPPA_FACE_COUNT];
	HPDF_Outline	 outl[MAXLEVEL + 1];	/* last outline per level */
	HPDF_STATUS	 err, detail;	/* first libharu error */
	HPDF_Image	*img;		/* by image id - 1, loaded once */
	size_t		 nimg;
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
	snprintf(d->error, sizeof(d->error), "PDF: %s: libharu error 0x%04X "
	    "(detail %u)", what, (unsigned)p->err, (unsigned)p->detail);
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
	int		 fd = -1;
	FILE		*fp = NULL;
	HPDF_Font	 font = NULL;

	n = mappa_fontset_used(fs, f, &cps);
	blob = hb_blob_create_from_file_or_fail(mappa_fontset_path(fs, f));
	if (blob == NULL) {
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
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/mappa-font-XXXXXX",
	    tmpdir) >= sizeof(path)) {
		snprintf(d->error, sizeof(d->error), "TMPDIR is too long");
		goto out;
	}
	if ((fd = mkstemp(path)) == -1) {
		snprintf(d->error, sizeof(d->error), "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	if ((fp = fdopen(fd, "wb")) == NULL) {
		close(fd);
		snprintf(d->error, sizeof(d->error), "%s: %s", path,
		    strerror(errno));
		goto unlink;
	}
	if (fwrite(data, 1, len, fp) != len || fclose(fp) == EOF) {
		fp = NULL;
		snprintf(d->error, sizeof(d->error), "%s: write error", path);
		goto unlink;
	}
	fp = NULL;
	name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	if (name != NULL)
		font = HPDF_GetFont(p->doc, name, "UTF-8");
	if (font == NULL)
		check(d, "loading a font");
unlink:
	unlink(path);
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

static int
pbegin(struct mappa_device *d, const struct mappa_meta *m,
    struct mappa_fontset *fs)
{
	struct pdf	*p = st(d);
	const uint32_t	*cps;
	int		 f;

	if ((p->doc = HPDF_New(onerror, p)) == NULL) {
		snprintf(d->error, sizeof(d->error), "PDF: can't start");
		return -1;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
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

	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(p->page, (HPDF_REAL)h);
	p->height = h;
	return check(d, "adding a page");
}

static int
ptext(struct mappa_device *d, enum mappa_face f, double size, double x,
    double y, const char *s, size_t len)
{
	struct pdf	*p = st(d);
	char		*z;

	if (p->font[f] == NULL) {
		snprintf(d->error, sizeof(d->error), "PDF: text in a face "
		    "that was not recorded");
		return -1;
	}
	z = mappa_strndup(s, len);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font[f], (HPDF_REAL)size);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->height - y),
	    z);
	HPDF_Page_EndText(p->page);
	free(z);
	return check(d, "text");
}

static int
pstroke(struct mappa_device *d, const double *xy, size_t n, double w,
    const struct mappa_color *c)
{
	struct pdf	*p = st(d);
	size_t		 i;

	if (n < 2)
		return 0;
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)w);
	HPDF_Page_SetLineJoin(p->page, HPDF_ROUND_JOIN);
	HPDF_Page_SetRGBStroke(p->page, (HPDF_REAL)c->r, (HPDF_REAL)c->g,
	    (HPDF_REAL)c->b);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)xy[0],
	    (HPDF_REAL)(p->height - xy[1]));
	for (i = 1; i < n; i++)
		HPDF_Page_LineTo(p->page, (HPDF_REAL)xy[2 * i],
		    (HPDF_REAL)(p->height - xy[2 * i + 1]));
	HPDF_Page_Stroke(p->page);
	return check(d, "line");
}

static int
pfill(struct mappa_device *d, double x, double y, double w, double h,
    const struct mappa_color *c)
{
	struct pdf *p = st(d);

	HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)c->r, (HPDF_REAL)c->g,
	    (HPDF_REAL)c->b);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(p->height -
	    y - h), (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
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
	HPDF_BYTE	 buf[8192];
	HPDF_UINT32	 n;

	HPDF_SaveToStream(p->doc);
	if (check(d, "saving") == -1)
		return -1;
	HPDF_ResetStream(p->doc);
	for (;;) {
		n = sizeof(buf);
		HPDF_ReadFromStream(p->doc, buf, &n);
		if (n == 0)
			break;
		if (fwrite(buf, 1, n, p->out) != n) {
			snprintf(d->error, sizeof(d->error), "PDF: write "
			    "error: %s", strerror(errno));
			return -1;
		}
	}
	p->err = 0;	/* the end of the stream is reported as an error */
	if (fflush(p->out) == EOF) {
		snprintf(d->error, sizeof(d->error), "PDF: write error: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Each image is loaded on its first use and drawn from the same object
 * after that: a logo on every page is in the file once.
 */
static int
pimage(struct mappa_device *d, const struct mappa_image *im, double x,
    double y, double w, double h, const char *alt)
{
	struct pdf	*p = st(d);
	HPDF_Image	 o;

	(void)alt;	/* for the structure tree of a tagged PDF */
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
	HPDF_Page_DrawImage(p->page, o, (HPDF_REAL)x,
	    (HPDF_REAL)(p->height - y - h), (HPDF_REAL)w, (HPDF_REAL)h);
	return check(d, "image");
}

static void
pdestroy(struct mappa_device *d)
{
	struct pdf *p = st(d);

	free(p->img);
	if (p->doc != NULL)
		HPDF_Free(p->doc);
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
	d->end = pend;
	d->destroy = pdestroy;
	d->image = pimage;
	return d;
}
