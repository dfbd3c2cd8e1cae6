/* doc.c: building and freeing the document model of layout.h. */
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

struct mappa_doc *
mappa_doc_new(void)
{
	struct mappa_doc *d = mappa_calloc(1, sizeof(*d));

	d->page.width = 595.276;
	d->page.height = 841.890;
	d->page.top = 72;
	d->page.bottom = 72;
	d->page.left = 72;
	d->page.right = 72;
	d->page.font_size = 10.5;
	d->page.leading = 1.3;
	d->page.para_space = 6;
	d->page.toc_depth = 2;
	strcpy(d->page.family, "Liberation Serif");
	d->page.style = (struct mappa_style){
		.heading_scale = { 16 / 10.5, 13 / 10.5, 11.5 / 10.5 },
		.heading_before = { 18, 14, 10 },
		.heading_after = 4,
		.caption_before = 10,	/* as a level 3 heading */
		.caption_after = 3,	/* it belongs to what follows */
		.table_before = 6,
		.chart_before = 8,
		.block_after = 10,
		.list_before = 2,
		.item_space = 3,
		.cell_padx = 4,
		.cell_pady = 3,
		.table_scale = 0.95,
		.rule_height = 12,
		.contents_after = 12,
	};
	return d;
}

static void
blockfree(struct mappa_block *b)
{
	size_t	 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nruns; i++) {
		free(b->runs[i].text);
		free(b->runs[i].lang);
	}
	free(b->runlang);
	free(b->runs);
	for (i = 0; i < b->nkids; i++)
		blockfree(b->kids[i]);
	free(b->kids);
	free(b->colw);
	free(b->colalign);
	free(b->rowstart);
	free(b->title);
	free(b->alt);
	free(b->lang);
	free(b->xlabel);
	free(b->ylabel);
	for (i = 0; i < b->ncats; i++)
		free(b->cats[i]);
	free(b->cats);
	for (i = 0; i < b->nser; i++) {
		free(b->ser[i].name);
		free(b->ser[i].v);
	}
	free(b->ser);
	free(b->at);
	free(b->vkey);
	imageblock_free(b);
	free(b);
}

void
mappa_doc_free(struct mappa_doc *d)
{
	size_t	 i, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->nblocks; i++)
		blockfree(d->blocks[i]);
	free(d->blocks);
	for (i = 0; i < 6; i++)
		free(d->meta[i]);
	for (i = 0; i < 2; i++)
		for (j = 0; j < 3; j++)
			free(d->running[i][j]);
	free(d->xkey);
	free(d->xval);
	free(d->lang);
	free(d->title_alt);
	free(d->title_alt_lang);
	free(d->also);
	free(d->wordlang);
	doc_images_free(d);
	free(d);
}

void
mappa_doc_lang(struct mappa_doc *d, const char *bcp47)
{
	free(d->lang);
	d->lang = bcp47 != NULL ? mappa_strdup(bcp47) : NULL;
}

void
mappa_doc_source(struct mappa_doc *d, const char *file)
{
	d->source = file;
}

void
mappa_doc_words_lang(struct mappa_doc *d, const char *bcp47)
{
	free(d->wordlang);
	d->wordlang = bcp47 != NULL ? mappa_strdup(bcp47) : NULL;
}

void
mappa_doc_final(struct mappa_doc *d, int final)
{
	d->final = final;
}

const char *
mappa_doc_lang_get(const struct mappa_doc *d)
{
	return d->lang != NULL ? d->lang : "en-GB";
}

void
mappa_doc_title_alt(struct mappa_doc *d, const char *bcp47,
    const char *title)
{
	free(d->title_alt);
	free(d->title_alt_lang);
	d->title_alt = d->title_alt_lang = NULL;
	if (bcp47 == NULL || title == NULL)
		return;
	d->title_alt = mappa_strdup(title);
	d->title_alt_lang = mappa_strdup(bcp47);
}

void
mappa_doc_also(struct mappa_doc *d, const char *text)
{
	char	*s;

	if (text == NULL) {
		free(d->also);
		d->also = NULL;
		return;
	}
	if (d->also == NULL) {
		d->also = mappa_strdup(text);
		return;
	}
	s = mappa_malloc(strlen(d->also) + strlen(text) + 2);
	sprintf(s, "%s %s", d->also, text);
	free(d->also);
	d->also = s;
}

const char *
mappa_doc_also_get(const struct mappa_doc *d)
{
	return d->also;
}

const char *
mappa_doc_title_alt_get(const struct mappa_doc *d, const char **bcp47)
{
	if (bcp47 != NULL)
		*bcp47 = d->title_alt_lang;
	return d->title_alt;
}

struct mappa_page_setup *
mappa_doc_page(struct mappa_doc *d)
{
	return &d->page;
}

static void
setstr(char **p, const char *v)
{
	free(*p);
	*p = v == NULL ? NULL : mappa_strdup(v);
}

void
mappa_doc_set(struct mappa_doc *d, enum mappa_meta_key k, const char *v)
{
	if ((unsigned)k < 6)
		setstr(&d->meta[k], v);
}

void
mappa_doc_dates(struct mappa_doc *d, const struct mappa_time *created,
    const struct mappa_time *modified)
{
	if (created != NULL)
		d->created = *created;
	if (modified != NULL)
		d->modified = *modified;
}

void
mappa_doc_extra(struct mappa_doc *d, const char *key, const char *value)
{
	setstr(&d->xkey, key);
	setstr(&d->xval, value);
}

void
mappa_doc_running(struct mappa_doc *d, int footer, const char *left,
    const char *centre, const char *right)
{
	footer = footer != 0;
	setstr(&d->running[footer][0], left);
	setstr(&d->running[footer][1], centre);
	setstr(&d->running[footer][2], right);
}

static struct mappa_block *
newblock(enum btype t)
{
	struct mappa_block *b = mappa_calloc(1, sizeof(*b));

	b->type = t;
	return b;
}

struct mappa_block *
doc_append(struct mappa_doc *d, enum btype t)
{
	struct mappa_block *b = newblock(t);

	b->file = d->source;
	/* the words of a board's slot in another language (a draft's) */
	if (d->wordlang != NULL)
		b->lang = mappa_strdup(d->wordlang);
	d->blocks = mappa_realloc(d->blocks,
	    (d->nblocks + 1) * sizeof(*d->blocks));
	d->blocks[d->nblocks++] = b;
	return b;
}

static struct mappa_block *
addkid(struct mappa_block *p, enum btype t)
{
	struct mappa_block *b = newblock(t);

	b->file = p->file;
	p->kids = mappa_realloc(p->kids, (p->nkids + 1) * sizeof(*p->kids));
	p->kids[p->nkids++] = b;
	return b;
}

struct mappa_block *
mappa_doc_heading(struct mappa_doc *d, int level, int numbered)
{
	struct mappa_block *b = doc_append(d, B_HEADING);

	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->numbered = numbered;
	b->align = MAPPA_ALIGN_LEFT;
	return b;
}

struct mappa_block *
mappa_doc_paragraph(struct mappa_doc *d, enum mappa_align align)
{
	struct mappa_block *b = doc_append(d, B_PARA);

	b->align = align;
	return b;
}

struct mappa_block *
mappa_doc_caption(struct mappa_doc *d)
{
	struct mappa_block *b = doc_append(d, B_CAPTION);

	b->align = MAPPA_ALIGN_LEFT;
	return b;
}

struct mappa_block *
mappa_doc_list(struct mappa_doc *d, int numbered)
{
	struct mappa_block *b = doc_append(d, B_LIST);

	b->numbered = numbered;
	return b;
}

struct mappa_block *
mappa_list_item(struct mappa_block *list)
{
	struct mappa_block *b = addkid(list, B_PARA);

	b->align = MAPPA_ALIGN_JUSTIFY;
	return b;
}

struct mappa_block *
mappa_doc_table(struct mappa_doc *d, size_t ncols, size_t header_rows)
{
	struct mappa_block *b = doc_append(d, B_TABLE);
	size_t	 i;

	if (ncols == 0)
		ncols = 1;
	b->ncols = ncols;
	b->hrows = header_rows;
	b->colw = mappa_calloc(ncols, sizeof(*b->colw));
	b->colalign = mappa_calloc(ncols, sizeof(*b->colalign));
	for (i = 0; i < ncols; i++)
		b->colalign[i] = MAPPA_ALIGN_LEFT;
	return b;
}

void
mappa_table_column(struct mappa_block *t, size_t col, double width,
    enum mappa_align align)
{
	if (t->type != B_TABLE || col >= t->ncols)
		return;
	t->colw[col] = width > 0 ? width : 0;
	t->colalign[col] = align;
}

void
mappa_table_keep(struct mappa_block *t)
{
	if (t->type == B_TABLE)
		t->keep = 1;
}

void
mappa_table_row(struct mappa_block *t)
{
	t->rowstart = mappa_realloc(t->rowstart,
	    (t->nrows + 1) * sizeof(*t->rowstart));
	t->rowstart[t->nrows++] = t->nkids;
}

struct mappa_block *
mappa_table_cell(struct mappa_block *t)
{
	struct mappa_block *b;
	size_t	 col;

	if (t->nrows == 0)
		mappa_table_row(t);
	col = t->nkids - t->rowstart[t->nrows - 1];
	if (col >= t->ncols)	/* extra cells start a row of their own */
		mappa_table_row(t), col = 0;
	b = addkid(t, B_PARA);
	b->align = t->colalign[col];
	return b;
}

struct mappa_block *
mappa_doc_chart(struct mappa_doc *d, enum mappa_chart_type type,
    const char *title, double height)
{
	struct mappa_block *b = doc_append(d, B_CHART);

	b->chart = type;
	setstr(&b->title, title);
	b->height = height > 40 ? height : 40;
	return b;
}

void
mappa_chart_labels(struct mappa_block *b, const char *xlabel,
    const char *ylabel)
{
	setstr(&b->xlabel, xlabel);
	setstr(&b->ylabel, ylabel);
}

void
mappa_chart_category(struct mappa_block *b, const char *label)
{
	b->cats = mappa_realloc(b->cats, (b->ncats + 1) * sizeof(*b->cats));
	b->cats[b->ncats++] = mappa_strdup(label);
}

void
mappa_chart_series(struct mappa_block *b, const char *name,
    const double *values, size_t n)
{
	struct series *s;

	b->ser = mappa_realloc(b->ser, (b->nser + 1) * sizeof(*b->ser));
	s = &b->ser[b->nser++];
	s->name = mappa_strdup(name);
	s->n = n;
	s->v = mappa_calloc(n ? n : 1, sizeof(double));
	if (n)
		memcpy(s->v, values, n * sizeof(double));
}

void
mappa_chart_axis(struct mappa_block *b, const double *at, size_t n)
{
	size_t	 i;

	free(b->at);
	b->at = NULL;
	if (n != b->ncats || n == 0)
		return;
	for (i = 1; i < n; i++)
		if (!(at[i] > at[i - 1]))
			return;
	b->at = mappa_calloc(n, sizeof(*b->at));
	memcpy(b->at, at, n * sizeof(*at));
}

void
mappa_doc_rule(struct mappa_doc *d)
{
	doc_append(d, B_RULE);
}

void
mappa_doc_space(struct mappa_doc *d, double height)
{
	doc_append(d, B_SPACE)->height = height;
}

void
mappa_doc_pagebreak(struct mappa_doc *d)
{
	doc_append(d, B_BREAK);
}

void
mappa_doc_toc(struct mappa_doc *d, const char *title)
{
	setstr(&doc_append(d, B_TOC)->title, title);
}

void
mappa_block_run(struct mappa_block *b, enum mappa_face face, double size,
    const char *utf8)
{
	struct run *r;

	b->runs = mappa_realloc(b->runs, (b->nruns + 1) * sizeof(*b->runs));
	r = &b->runs[b->nruns++];
	r->face = (enum mappa_face)(face & 3);
	r->size = size > 0 ? size : 0;
	r->text = mappa_strdup(utf8);
	r->line = b->line;
	r->lang = b->runlang != NULL ? mappa_strdup(b->runlang) : NULL;
}

void
mappa_block_run_lang(struct mappa_block *b, const char *lang)
{
	setstr(&b->runlang, lang);
}

void
mappa_block_line(struct mappa_block *b, unsigned long line)
{
	b->line = line;
}

void
mappa_block_text(struct mappa_block *b, enum mappa_face face,
    const char *utf8)
{
	mappa_block_run(b, face, 0, utf8);
}

void
mappa_block_break(struct mappa_block *b)
{
	mappa_block_run(b, MAPPA_FACE_REGULAR, 0, "\xe2\x80\xa8");
}

void
mappa_chart_alt(struct mappa_block *b, const char *alt)
{
	setstr(&b->alt, alt);
}

void
mappa_block_lang(struct mappa_block *b, const char *lang)
{
	setstr(&b->lang, lang);
}
