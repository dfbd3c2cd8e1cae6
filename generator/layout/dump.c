/* dump.c: the text dump device, for golden tests of layout; behind device.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/device.h"
#include "mappa/util.h"

static const char *const facename[MAPPA_FACE_COUNT] = { "R", "B", "I", "BI" };

#define MAXDEPTH 64

const char *const mappa_role_name[MAPPA_ROLE_COUNT] = {
	"Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table",
	"THead", "TBody", "TR", "TH", "TD", "Caption", "TOC", "TOCI", "Link",
	"Figure", "Span", "Artifact", "Reference"
};

struct dump {
	FILE			*out;
	struct mappa_fontset	*fs;	/* widths shown for checking */
	enum mappa_role		 open[MAXDEPTH];	/* roles open */
	size_t			 depth;
};

static FILE *
fp(struct mappa_device *d)
{
	return ((struct dump *)d->arg)->out;
}

static void
quoted(FILE *f, const char *s, size_t len)
{
	size_t	 i;

	putc('"', f);
	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putc('\\', f);
		putc(s[i], f);
	}
	putc('"', f);
}

static int
done(struct mappa_device *d)
{
	if (ferror(fp(d))) {
		snprintf(d->error, sizeof(d->error), "dump: write error");
		return -1;
	}
	return 0;
}

static int
dbegin(struct mappa_device *d, const struct mappa_meta *m,
    struct mappa_fontset *fs)
{
	((struct dump *)d->arg)->fs = fs;
	fprintf(fp(d), "begin title=");
	quoted(fp(d), m->title ? m->title : "", m->title ? strlen(m->title) :
	    0);
	putc('\n', fp(d));
	return done(d);
}

static int
dpage(struct mappa_device *d, int n, double w, double h)
{
	fprintf(fp(d), "page %d %.2fx%.2f\n", n, w, h);
	return done(d);
}

static int
dtext(struct mappa_device *d, enum mappa_face f, double size, double x,
    double y, const char *s, size_t len)
{
	/* the width of the word as set: a space after it is for readers */
	fprintf(fp(d), "  word %.2f %.2f %.2f %s %.1f ", x, y,
	    mappa_font_width(((struct dump *)d->arg)->fs, f, size, s,
	    len > 1 && s[len - 1] == ' ' ? len - 1 : len),
	    facename[f & 3], size);
	quoted(fp(d), s, len);
	putc('\n', fp(d));
	return done(d);
}

static int
dstroke(struct mappa_device *d, const double *xy, size_t n, double w,
    const struct mappa_color *c)
{
	size_t	 i;

	fprintf(fp(d), "  stroke %.2f", w);
	for (i = 0; i < n; i++)
		fprintf(fp(d), " %.2f,%.2f", xy[2 * i], xy[2 * i + 1]);
	putc('\n', fp(d));
	return done(d);
}

static int
dfill(struct mappa_device *d, double x, double y, double w, double h,
    const struct mappa_color *c)
{
	fprintf(fp(d), "  fill %.2f %.2f %.2f %.2f\n", x, y, w, h);
	return done(d);
}

static int
doutline(struct mappa_device *d, int level, const char *title, double y)
{
	fprintf(fp(d), "  outline %d %.2f ", level, y);
	quoted(fp(d), title, strlen(title));
	putc('\n', fp(d));
	return done(d);
}

static int
dtag(struct mappa_device *d, const struct mappa_tag *t)
{
	struct dump	*p = d->arg;
	static const char *const scope[] = { "", "Column", "Row" };

	if (p->depth == MAXDEPTH) {
		snprintf(d->error, sizeof(d->error), "dump: roles nested "
		    "more than %d deep", MAXDEPTH);
		return -1;
	}
	p->open[p->depth++] = t->role;
	fprintf(fp(d), "  <%s", mappa_role_name[t->role]);
	if (t->scope != MAPPA_SCOPE_NONE)
		fprintf(fp(d), " scope=%s", scope[t->scope]);
	if (t->pagination)
		fprintf(fp(d), " pagination");
	if (t->id > 0)
		fprintf(fp(d), " id=%ld%s", t->id, t->resume ? " resumed" : "");
	if (t->lang != NULL)
		fprintf(fp(d), " lang=%s", t->lang);
	if (t->actual != NULL) {
		fprintf(fp(d), " actual=");
		quoted(fp(d), t->actual, strlen(t->actual));
	}
	if (t->alt != NULL) {
		fprintf(fp(d), " alt=");
		quoted(fp(d), t->alt, strlen(t->alt));
	}
	fprintf(fp(d), ">\n");
	return done(d);
}

static int
duntag(struct mappa_device *d)
{
	struct dump *p = d->arg;

	if (p->depth == 0) {
		snprintf(d->error, sizeof(d->error), "dump: a role closed "
		    "that was not open");
		return -1;
	}
	fprintf(fp(d), "  </%s>\n", mappa_role_name[p->open[--p->depth]]);
	return done(d);
}

static int
dlink(struct mappa_device *d, double x, double y, double w, double h,
    const struct mappa_target *t, const char *text)
{
	fprintf(fp(d), "  link %.2f %.2f %.2f %.2f ", x, y, w, h);
	if (t->uri != NULL)
		quoted(fp(d), t->uri, strlen(t->uri));
	else
		fprintf(fp(d), "page %d %.2f", t->page, t->y);
	putc(' ', fp(d));
	quoted(fp(d), text, strlen(text));
	putc('\n', fp(d));
	return done(d);
}

static int
dnote(struct mappa_device *d, const char *text)
{
	fprintf(fp(d), " %s\n", text);
	return done(d);
}

static int
dend(struct mappa_device *d)
{
	if (((struct dump *)d->arg)->depth != 0) {
		snprintf(d->error, sizeof(d->error), "dump: %zu roles left "
		    "open", ((struct dump *)d->arg)->depth);
		return -1;
	}
	fprintf(fp(d), "end\n");
	return done(d);
}

static int
dimage(struct mappa_device *d, const struct mappa_image *im, double x,
    double y, double w, double h, const char *alt, const char *lang)
{
	fprintf(fp(d), "  image %u %ux%u %.2f %.2f %.2f %.2f ", im->id,
	    im->width, im->height, x, y, w, h);
	if (alt != NULL)
		quoted(fp(d), alt, strlen(alt));
	else
		fputs("decorative", fp(d));
	if (lang != NULL)
		fprintf(fp(d), " lang=%s", lang);
	putc('\n', fp(d));
	return done(d);
}

static void
ddestroy(struct mappa_device *d)
{
	free(d->arg);
}

struct mappa_device *
mappa_dump_device_new(FILE *out)
{
	struct mappa_device *d = mappa_calloc(1, sizeof(*d));
	struct dump *p = mappa_calloc(1, sizeof(*p));

	p->out = out;
	d->arg = p;
	d->destroy = ddestroy;
	d->begin = dbegin;
	d->page = dpage;
	d->text = dtext;
	d->stroke = dstroke;
	d->fill = dfill;
	d->outline = doutline;
	d->note = dnote;
	d->tag = dtag;
	d->untag = duntag;
	d->link = dlink;
	d->end = dend;
	d->image = dimage;
	return d;
}

void
mappa_device_free(struct mappa_device *d)
{
	if (d == NULL)
		return;
	if (d->destroy != NULL)
		d->destroy(d);
	free(d);
}
