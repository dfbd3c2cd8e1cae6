/* walk.c: reading a document tree back (layout.h), for the HTML and ODS writers. */
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

size_t
mappa_doc_nblocks(const struct mappa_doc *d)
{
	return d->nblocks;
}

const struct mappa_block *
mappa_doc_block(const struct mappa_doc *d, size_t i)
{
	return i < d->nblocks ? d->blocks[i] : NULL;
}

const char *
mappa_doc_meta(const struct mappa_doc *d, enum mappa_meta_key k)
{
	return (unsigned)k < 6 ? d->meta[k] : NULL;
}

void
mappa_doc_extra_get(const struct mappa_doc *d, const char **key,
    const char **value)
{
	*key = d->xkey;
	*value = d->xval;
}

void
mappa_doc_dates_get(const struct mappa_doc *d, struct mappa_time *created,
    struct mappa_time *modified)
{
	if (created != NULL)
		*created = d->created;
	if (modified != NULL)
		*modified = d->modified;
}

const struct mappa_page_setup *
mappa_doc_page_get(const struct mappa_doc *d)
{
	return &d->page;
}

enum mappa_block_kind
mappa_block_kind(const struct mappa_block *b)
{
	/* A switch, not a table: a block type added later is "other". */
	switch (b->type) {
	case B_HEADING:
		return MAPPA_BLOCK_HEADING;
	case B_PARA:
		return MAPPA_BLOCK_PARAGRAPH;
	case B_CAPTION:
		return MAPPA_BLOCK_CAPTION;
	case B_LIST:
		return MAPPA_BLOCK_LIST;
	case B_TABLE:
		return MAPPA_BLOCK_TABLE;
	case B_CHART:
		return MAPPA_BLOCK_CHART;
	case B_RULE:
		return MAPPA_BLOCK_RULE;
	case B_SPACE:
		return MAPPA_BLOCK_SPACE;
	case B_BREAK:
		return MAPPA_BLOCK_PAGEBREAK;
	case B_TOC:
		return MAPPA_BLOCK_CONTENTS;
	case B_IMAGE:
		return MAPPA_BLOCK_IMAGE;
	case B_LOGOS:
		return MAPPA_BLOCK_LOGOS;
	case B_SIGS:
		return MAPPA_BLOCK_SIGNATURES;
	case B_BOX:
		return MAPPA_BLOCK_BOX_BEGIN;
	case B_BOXEND:
		return MAPPA_BLOCK_BOX_END;
	default:
		return MAPPA_BLOCK_OTHER;
	}
}

int
mappa_block_level(const struct mappa_block *b)
{
	return b->type == B_HEADING ? b->level : 0;
}

int
mappa_block_numbered(const struct mappa_block *b)
{
	return b->numbered;
}

enum mappa_align
mappa_block_align(const struct mappa_block *b)
{
	return b->align;
}

const char *
mappa_block_lang_get(const struct mappa_block *b)
{
	return b->lang;
}

size_t
mappa_block_nruns(const struct mappa_block *b)
{
	return b->nruns;
}

const char *
mappa_block_run_get(const struct mappa_block *b, size_t i,
    enum mappa_face *face, double *size)
{
	if (i >= b->nruns)
		return NULL;
	if (face != NULL)
		*face = b->runs[i].face;
	if (size != NULL)
		*size = b->runs[i].size;
	return b->runs[i].text;
}

const char *
mappa_block_run_lang_get(const struct mappa_block *b, size_t i)
{
	return i < b->nruns ? b->runs[i].lang : NULL;
}

size_t
mappa_block_nimages(const struct mappa_block *b)
{
	return b->nimgs;
}

const struct mappa_image *
mappa_block_image_get(const struct mappa_block *b, size_t i,
    const char **alt)
{
	if (alt != NULL)
		*alt = i < b->nimgs ? b->alts[i] : NULL;
	return i < b->nimgs ? b->imgs[i] : NULL;
}

double
mappa_block_width(const struct mappa_block *b)
{
	return b->type == B_IMAGE ? b->width : 0;
}

double
mappa_block_height(const struct mappa_block *b)
{
	return b->type == B_LOGOS ? b->height : 0;
}

size_t
mappa_block_nitems(const struct mappa_block *b)
{
	return b->type == B_LIST || b->type == B_SIGS ? b->nkids : 0;
}

const struct mappa_block *
mappa_block_item(const struct mappa_block *b, size_t i)
{
	return i < mappa_block_nitems(b) ? b->kids[i] : NULL;
}

const char *
mappa_block_title(const struct mappa_block *b)
{
	return b->title;
}

void
mappa_table_shape(const struct mappa_block *t, size_t *nrows,
    size_t *ncols, size_t *header_rows)
{
	int	 tbl = t->type == B_TABLE;

	if (nrows != NULL)
		*nrows = tbl ? t->nrows : 0;
	if (ncols != NULL)
		*ncols = tbl ? t->ncols : 0;
	if (header_rows != NULL)
		*header_rows = tbl ? (t->hrows < t->nrows ? t->hrows :
		    t->nrows) : 0;
}

const struct mappa_block *
mappa_table_cell_at(const struct mappa_block *t, size_t row, size_t col)
{
	size_t	 end;

	if (t->type != B_TABLE || row >= t->nrows || col >= t->ncols)
		return NULL;
	end = row + 1 < t->nrows ? t->rowstart[row + 1] : t->nkids;
	if (t->rowstart[row] + col >= end)
		return NULL;
	return t->kids[t->rowstart[row] + col];
}

enum mappa_align
mappa_table_column_align(const struct mappa_block *t, size_t col)
{
	return t->type == B_TABLE && col < t->ncols ? t->colalign[col] :
	    MAPPA_ALIGN_LEFT;
}

void
mappa_block_value(struct mappa_block *b, const char *key, double value)
{
	free(b->vkey);
	b->vkey = mappa_strdup(key != NULL ? key : "");
	b->value = value;
}

int
mappa_block_value_get(const struct mappa_block *b, const char **key,
    double *value)
{
	if (b->vkey == NULL)
		return 0;
	if (key != NULL)
		*key = b->vkey;
	if (value != NULL)
		*value = b->value;
	return 1;
}

enum mappa_chart_type
mappa_chart_type_get(const struct mappa_block *b)
{
	return b->chart;
}

void
mappa_chart_labels_get(const struct mappa_block *b, const char **xlabel,
    const char **ylabel)
{
	if (xlabel != NULL)
		*xlabel = b->xlabel;
	if (ylabel != NULL)
		*ylabel = b->ylabel;
}

size_t
mappa_chart_ncategories(const struct mappa_block *b)
{
	return b->type == B_CHART ? b->ncats : 0;
}

const char *
mappa_chart_category_get(const struct mappa_block *b, size_t i)
{
	return b->type == B_CHART && i < b->ncats ? b->cats[i] : NULL;
}

size_t
mappa_chart_nseries(const struct mappa_block *b)
{
	return b->type == B_CHART ? b->nser : 0;
}

const char *
mappa_chart_series_get(const struct mappa_block *b, size_t i,
    const double **values, size_t *n)
{
	if (b->type != B_CHART || i >= b->nser)
		return NULL;
	if (values != NULL)
		*values = b->ser[i].v;
	if (n != NULL)
		*n = b->ser[i].n;
	return b->ser[i].name;
}
