/* ods.c: statistical tables as an OpenDocument spreadsheet, zipped by libzip; behind ods.h, the only includer of zip.h. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "config.h"
#include "mappa/device.h"
#include "mappa/link.h"
#include "mappa/msg.h"
#include "mappa/ods.h"
#include "mappa/util.h"

#define NA	"[x]"
#define LS	"\xe2\x80\xa8"	/* U+2028 */

enum ckind { C_TEXT, C_NUMBER, C_NA };

struct cell {
	enum ckind	 k;
	char		*s;	/* text; id of a number, or NULL */
	double		 v;
};

struct row {
	struct cell	*c;
	size_t		 n, cap;
};

struct sheet {
	char		*name, *title;
	char		**sub;		/* lines under the title */
	size_t		 nsub;
	struct row	*r;
	size_t		 n, cap;
	bool		 na;		/* has an [x] */
};

struct mappa_ods {
	char		*cover[8];	/* as struct mappa_ods_cover */
	char		*also;
	char		*lang;		/* BCP 47, NULL: en-GB */
	char		**notes;
	size_t		 nnotes;
	struct sheet	*sh;
	size_t		 nsh, cap;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? mappa_strdup(s) : NULL;
}

struct mappa_ods *
mappa_ods_new(const struct mappa_ods_cover *c)
{
	struct mappa_ods *o = mappa_calloc(1, sizeof(*o));

	if (c != NULL) {
		o->cover[0] = dup_or_null(c->title);
		o->cover[1] = dup_or_null(c->about);
		o->cover[2] = dup_or_null(c->area);
		o->cover[3] = dup_or_null(c->period);
		o->cover[4] = dup_or_null(c->source);
		o->cover[5] = dup_or_null(c->published);
		o->cover[6] = dup_or_null(c->contact);
		o->cover[7] = dup_or_null(c->provenance);
		o->also = dup_or_null(c->also);
	}
	return o;
}

void
mappa_ods_lang(struct mappa_ods *o, const char *bcp47)
{
	free(o->lang);
	o->lang = dup_or_null(bcp47);
}

void
mappa_ods_free(struct mappa_ods *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < 8; i++)
		free(o->cover[i]);
	free(o->also);
	free(o->lang);
	for (size_t i = 0; i < o->nnotes; i++)
		free(o->notes[i]);
	free(o->notes);
	for (size_t i = 0; i < o->nsh; i++) {
		struct sheet *s = &o->sh[i];

		for (size_t j = 0; j < s->n; j++) {
			for (size_t k = 0; k < s->r[j].n; k++)
				free(s->r[j].c[k].s);
			free(s->r[j].c);
		}
		free(s->r);
		for (size_t j = 0; j < s->nsub; j++)
			free(s->sub[j]);
		free(s->sub);
		free(s->name);
		free(s->title);
	}
	free(o->sh);
	free(o);
}

int
mappa_ods_note(struct mappa_ods *o, const char *text)
{
	o->notes = mappa_realloc(o->notes, (o->nnotes + 1) *
	    sizeof(*o->notes));
	o->notes[o->nnotes++] = mappa_strdup(text);
	return (int)o->nnotes;
}

static bool
name_taken(const struct mappa_ods *o, const char *name)
{
	static const enum mappa_msg_id fixed[] = {MAPPA_MSG_SHEET_COVER,
	    MAPPA_MSG_SHEET_CONTENTS, MAPPA_MSG_SHEET_NOTES};

	for (size_t i = 0; i < 3; i++)
		if (strcmp(name, mappa_msg(o->lang, fixed[i])) == 0)
			return true;
	for (size_t i = 0; i < o->nsh; i++)
		if (strcmp(o->sh[i].name, name) == 0)
			return true;
	return false;
}

void
mappa_ods_table(struct mappa_ods *o, const char *name, const char *title)
{
	struct sheet	*s;
	char		 buf[64], base[48];
	size_t		 k = 0;

	/* Sheet names: letters, digits, '_'; at most 31 characters. */
	for (const char *p = name != NULL ? name : ""; *p != '\0' &&
	    k + 1 < 32; p++)
		base[k++] = ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
		    *p <= 'z') || (*p >= '0' && *p <= '9')) ? *p : '_';
	base[k] = '\0';
	if (k == 0)
		mappa_msg_format(base, sizeof(base), o->lang,
		    MAPPA_MSG_SHEET_TABLE, o->nsh + 1);
	snprintf(buf, sizeof(buf), "%s", base);
	for (int i = 2; name_taken(o, buf); i++)
		snprintf(buf, sizeof(buf), "%.24s_%d", base, i);
	o->sh = mappa_grow(o->sh, &o->cap, o->nsh + 1, sizeof(*o->sh));
	s = &o->sh[o->nsh++];
	memset(s, 0, sizeof(*s));
	s->name = mappa_strdup(buf);
	s->title = mappa_strdup(title != NULL ? title : buf);
}

void
mappa_ods_subtitle(struct mappa_ods *o, const char *text)
{
	struct sheet *s;

	if (o->nsh == 0)
		return;
	s = &o->sh[o->nsh - 1];
	s->sub = mappa_realloc(s->sub, (s->nsub + 1) * sizeof(*s->sub));
	s->sub[s->nsub++] = mappa_strdup(text);
}

void
mappa_ods_row(struct mappa_ods *o)
{
	struct sheet *s;

	if (o->nsh == 0)
		mappa_ods_table(o, NULL, NULL);
	s = &o->sh[o->nsh - 1];
	s->r = mappa_grow(s->r, &s->cap, s->n + 1, sizeof(*s->r));
	memset(&s->r[s->n++], 0, sizeof(*s->r));
}

static struct cell *
newcell(struct mappa_ods *o, enum ckind k)
{
	struct sheet	*s;
	struct row	*r;
	struct cell	*c;

	if (o->nsh == 0 || o->sh[o->nsh - 1].n == 0)
		mappa_ods_row(o);
	s = &o->sh[o->nsh - 1];
	r = &s->r[s->n - 1];
	r->c = mappa_grow(r->c, &r->cap, r->n + 1, sizeof(*r->c));
	c = &r->c[r->n++];
	memset(c, 0, sizeof(*c));
	c->k = k;
	if (k == C_NA)
		s->na = true;
	return c;
}

void
mappa_ods_text(struct mappa_ods *o, const char *utf8)
{
	newcell(o, C_TEXT)->s = mappa_strdup(utf8 != NULL ? utf8 : "");
}

void
mappa_ods_number(struct mappa_ods *o, double v, const char *id)
{
	struct cell *c = newcell(o, C_NUMBER);

	c->v = v;
	c->s = dup_or_null(id);
}

void
mappa_ods_na(struct mappa_ods *o)
{
	newcell(o, C_NA);
}

/* ------------------------------------------------------------------ */
/* From a document's tables. */

/* The plain text of a block, U+2028 as a space, trimmed; caller frees. */
static char *
plain(const struct mappa_block *b)
{
	size_t	 n = 0, len;
	char	*s = mappa_strdup(""), *p;

	for (size_t i = 0; b != NULL && i < mappa_block_nruns(b); i++) {
		const char *t = mappa_block_run_get(b, i, NULL, NULL);

		len = strlen(t);
		s = mappa_realloc(s, n + len + 1);
		memcpy(s + n, t, len + 1);
		n += len;
	}
	while ((p = strstr(s, LS)) != NULL) {
		*p = ' ';
		memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	for (p = s; *p == ' '; p++)
		;
	memmove(s, p, strlen(p) + 1);
	for (n = strlen(s); n > 0 && s[n - 1] == ' '; n--)
		s[n - 1] = '\0';
	return s;
}

/* A dash alone, or nothing: the table has no figure here. */
static bool
no_figure(const char *s)
{
	return *s == '\0' || strcmp(s, "-") == 0 ||
	    strcmp(s, "\xe2\x80\x93") == 0 || strcmp(s, "\xe2\x80\x94") == 0 ||
	    strcmp(s, "n/a") == 0;
}

static bool
has_figures(const struct mappa_block *t)
{
	size_t	 nr, nc;

	mappa_table_shape(t, &nr, &nc, NULL);
	for (size_t r = 0; r < nr; r++)
		for (size_t c = 0; c < nc; c++) {
			const struct mappa_block *b = mappa_table_cell_at(t,
			    r, c);

			if (b != NULL && mappa_block_value_get(b, NULL, NULL))
				return true;
		}
	return false;
}

/*
 * "Table 1a. Offenders..." -> "Table_1a", "Tabl 1a. ..." -> "Tabl_1a" in
 * Welsh: the word is the workbook's language's; false if not of that
 * shape.
 */
static bool
table_name(const struct mappa_ods *o, const char *title, char *buf,
    size_t sz)
{
	const char *word = mappa_msg(o->lang, MAPPA_MSG_TABLE);
	size_t	 w = strlen(word), n;

	if (strncmp(title, word, w) != 0 || title[w] != ' ')
		return false;
	n = strcspn(title + w + 1, ". :");
	if (n == 0 || n + w + 2 > sz || n > 8)
		return false;
	snprintf(buf, sz, "%s_%.*s", word, (int)n, title + w + 1);
	return true;
}

static void
doc_table(struct mappa_ods *o, const struct mappa_block *t, const char *cap)
{
	size_t	 nr, nc, hr;
	char	 name[32], id[320];
	const char *sheet;

	mappa_table_shape(t, &nr, &nc, &hr);
	if (cap == NULL || !table_name(o, cap, name, sizeof(name)))
		mappa_msg_format(name, sizeof(name), o->lang,
		    MAPPA_MSG_SHEET_TABLE, o->nsh + 1);
	mappa_ods_table(o, name, cap != NULL && *cap ? cap : name);
	sheet = o->sh[o->nsh - 1].name;
	/* One header row: the labels of a column's header rows, joined. */
	mappa_ods_row(o);
	for (size_t c = 0; c < nc; c++) {
		char	*label = mappa_strdup("");

		for (size_t r = 0; r < hr; r++) {
			char	*t2 = plain(mappa_table_cell_at(t, r, c));

			if (*t2 != '\0') {
				size_t	 n = strlen(label);

				label = mappa_realloc(label, n + strlen(t2) + 2);
				snprintf(label + n, strlen(t2) + 2, "%s%s",
				    n ? " " : "", t2);
			}
			free(t2);
		}
		/* A header cell is never blank: say what the column is. */
		mappa_ods_text(o, *label ? label : mappa_msg(o->lang, c == 0 ?
		    MAPPA_MSG_ROW : MAPPA_MSG_VALUE));
		free(label);
	}
	for (size_t r = hr; r < nr; r++) {
		mappa_ods_row(o);
		for (size_t c = 0; c < nc; c++) {
			const struct mappa_block *b = mappa_table_cell_at(t, r,
			    c);
			const char *key;
			double	 v;
			char	*text;

			if (b != NULL && mappa_block_value_get(b, &key, &v)) {
				snprintf(id, sizeof(id), "%s.%s", sheet, key);
				mappa_ods_number(o, v, id);
				continue;
			}
			text = plain(b);
			if (c > 0 && no_figure(text))
				mappa_ods_na(o);
			else
				mappa_ods_text(o, text);
			free(text);
		}
	}
}

size_t
mappa_ods_add_doc(struct mappa_ods *o, const struct mappa_doc *d)
{
	size_t	 n = mappa_doc_nblocks(d), added = 0;

	for (size_t i = 0; i < n; i++) {
		const struct mappa_block *b = mappa_doc_block(d, i);
		const struct mappa_block *cap = NULL;
		char	*title = NULL;

		if (mappa_block_kind(b) != MAPPA_BLOCK_TABLE ||
		    !has_figures(b))
			continue;
		if (i > 0 && mappa_block_kind(mappa_doc_block(d, i - 1)) ==
		    MAPPA_BLOCK_CAPTION)
			cap = mappa_doc_block(d, i - 1);
		if (cap != NULL)
			title = plain(cap);
		doc_table(o, b, title);
		free(title);
		added++;
	}
	return added;
}

/* ------------------------------------------------------------------ */
/* The XML parts. */

static const char ns[] =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"
    "xsl-fo-compatible:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
    "office:version=\"1.2\"";

static const char styles[] =
    "<office:automatic-styles>\n"
    "<number:number-style style:name=\"N0\"><number:number "
    "number:decimal-places=\"0\" number:min-integer-digits=\"1\" "
    "number:grouping=\"true\"/></number:number-style>\n"
    "<style:style style:name=\"coA\" style:family=\"table-column\">"
    "<style:table-column-properties style:column-width=\"9cm\"/>"
    "</style:style>\n"
    "<style:style style:name=\"coB\" style:family=\"table-column\">"
    "<style:table-column-properties style:column-width=\"3.2cm\"/>"
    "</style:style>\n"
    "<style:style style:name=\"coW\" style:family=\"table-column\">"
    "<style:table-column-properties style:column-width=\"16cm\"/>"
    "</style:style>\n"
    "<style:style style:name=\"title\" style:family=\"table-cell\">"
    "<style:text-properties fo:font-size=\"15pt\" fo:font-weight=\"bold\"/>"
    "</style:style>\n"
    "<style:style style:name=\"head\" style:family=\"table-cell\">"
    "<style:table-cell-properties fo:wrap-option=\"wrap\" "
    "style:vertical-align=\"bottom\"/>"
    "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
    "<style:style style:name=\"headnum\" style:family=\"table-cell\">"
    "<style:table-cell-properties fo:wrap-option=\"wrap\" "
    "style:vertical-align=\"bottom\"/>"
    "<style:paragraph-properties fo:text-align=\"end\"/>"
    "<style:text-properties fo:font-weight=\"bold\"/></style:style>\n"
    "<style:style style:name=\"wrap\" style:family=\"table-cell\">"
    "<style:table-cell-properties fo:wrap-option=\"wrap\"/></style:style>\n"
    "<style:style style:name=\"num\" style:family=\"table-cell\" "
    "style:data-style-name=\"N0\"/>\n"
    "<style:style style:name=\"na\" style:family=\"table-cell\">"
    "<style:paragraph-properties fo:text-align=\"end\"/></style:style>\n"
    "</office:automatic-styles>\n";

/* len bytes of s, escaped for XML. */
static void
xml_bytes(FILE *f, const char *s, size_t len)
{
	char	*t = mappa_malloc(len + 1);

	memcpy(t, s, len);
	t[len] = '\0';
	mappa_xml_text(f, t);
	free(t);
}

/*
 * Text whose addresses (a web address, an email address) are links, as
 * they are in the PDF and the HTML: the cover's contact and the other
 * edition's address can be followed from the spreadsheet too.
 */
static void
linked_text(FILE *f, const char *s)
{
	size_t	 len = strlen(s), at = 0, b, e;
	char	*uri;

	while (mappa_link_next(s + at, len - at, &b, &e, &uri) == 1) {
		xml_bytes(f, s + at, b);
		fputs("<text:a xlink:type=\"simple\" xlink:href=\"", f);
		mappa_xml_text(f, uri);
		fputs("\">", f);
		xml_bytes(f, s + at + b, e - b);
		fputs("</text:a>", f);
		free(uri);
		at += e;
	}
	mappa_xml_text(f, s + at);
}

static void
text_cell(FILE *f, const char *style, const char *s)
{
	fputs("<table:table-cell office:value-type=\"string\"", f);
	if (style != NULL)
		fprintf(f, " table:style-name=\"%s\"", style);
	fputs("><text:p>", f);
	linked_text(f, s);
	fputs("</text:p></table:table-cell>", f);
}

/* A row of one text cell. */
static void
line(FILE *f, const char *style, const char *s)
{
	fputs("<table:table-row>", f);
	text_cell(f, style, s);
	fputs("</table:table-row>\n", f);
}

static void
number_text(double v, char *buf, size_t sz)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, sz, "%.0f", v);
	else
		snprintf(buf, sz, "%.17g", v);
}

static void
columns(FILE *f, size_t n)
{
	fputs("<table:table-column table:style-name=\"coA\"/>", f);
	if (n > 1)
		fprintf(f, "<table:table-column table:style-name=\"coB\" "
		    "table:number-columns-repeated=\"%zu\"/>", n - 1);
	fputc('\n', f);
}

static void
sheet_xml(FILE *f, const struct mappa_ods *o, const struct sheet *s)
{
	char	 num[64];
	size_t	 ncols = 1;

	for (size_t i = 0; i < s->n; i++)
		if (s->r[i].n > ncols)
			ncols = s->r[i].n;
	fputs("<table:table table:name=\"", f);
	mappa_xml_text(f, s->name);
	fputs("\">\n", f);
	columns(f, ncols);
	line(f, "title", s->title);
	line(f, NULL, mappa_msg(o->lang, MAPPA_MSG_ONE_TABLE));
	for (size_t i = 0; i < s->nsub; i++)
		line(f, NULL, s->sub[i]);
	if (s->na)
		line(f, NULL, mappa_msg(o->lang, MAPPA_MSG_SOME_NA));
	for (size_t i = 0; i < s->n; i++) {
		const struct row *r = &s->r[i];

		fputs("<table:table-row>", f);
		for (size_t k = 0; k < r->n; k++) {
			const struct cell *c = &r->c[k];

			if (i == 0) {
				text_cell(f, k > 0 ? "headnum" : "head",
				    c->s != NULL ? c->s : "");
				continue;
			}
			switch (c->k) {
			case C_TEXT:
				text_cell(f, "wrap", c->s);
				break;
			case C_NA:
				text_cell(f, "na", NA);
				break;
			case C_NUMBER:
				number_text(c->v, num, sizeof(num));
				fprintf(f, "<table:table-cell office:value-type="
				    "\"float\" office:value=\"%s\" "
				    "table:style-name=\"num\"><text:p", num);
				if (c->s != NULL) {
					fputs(" xml:id=\"", f);
					mappa_xml_text(f, c->s);
					fputc('"', f);
				}
				fprintf(f, ">%s</text:p></table:table-cell>",
				    num);
				break;
			}
		}
		fputs("</table:table-row>\n", f);
	}
	fputs("</table:table>\n", f);
}

static void
pair(FILE *f, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	fputs("<table:table-row>", f);
	text_cell(f, "head", label);
	text_cell(f, "wrap", value);
	fputs("</table:table-row>\n", f);
}

/* A fixed sheet's start: its name, its two columns. */
static void
sheet_open(FILE *f, const struct mappa_ods *o, enum mappa_msg_id name)
{
	fputs("<table:table table:name=\"", f);
	mappa_xml_text(f, mappa_msg(o->lang, name));
	fputs("\">\n<table:table-column table:style-name=\"coB\"/>"
	    "<table:table-column table:style-name=\"coW\"/>\n", f);
}

static void
cover_xml(FILE *f, const struct mappa_ods *o)
{
	static const enum mappa_msg_id labels[] = {
		0, 0, MAPPA_MSG_AREA, MAPPA_MSG_PERIOD_LABEL, MAPPA_MSG_SOURCE,
		MAPPA_MSG_PUBLISHED_LABEL, MAPPA_MSG_CONTACT,
		MAPPA_MSG_PRODUCED_BY
	};

	sheet_open(f, o, MAPPA_MSG_SHEET_COVER);
	line(f, "title", o->cover[0] != NULL ? o->cover[0] :
	    mappa_msg(o->lang, MAPPA_MSG_STATISTICAL_TABLES));
	if (o->cover[1] != NULL)
		line(f, NULL, o->cover[1]);
	if (o->also != NULL)
		line(f, NULL, o->also);
	for (size_t i = 2; i < 8; i++)
		pair(f, mappa_msg(o->lang, labels[i]), o->cover[i]);
	fputs("</table:table>\n", f);
}

static void
contents_xml(FILE *f, const struct mappa_ods *o)
{
	const char *notes = mappa_msg(o->lang, MAPPA_MSG_SHEET_NOTES);

	sheet_open(f, o, MAPPA_MSG_SHEET_CONTENTS);
	line(f, "title", mappa_msg(o->lang, MAPPA_MSG_TABLE_OF_CONTENTS));
	line(f, NULL, mappa_msg(o->lang, MAPPA_MSG_ONE_TABLE));
	fputs("<table:table-row>", f);
	text_cell(f, "head", mappa_msg(o->lang, MAPPA_MSG_SHEET_NAME));
	text_cell(f, "head", mappa_msg(o->lang, MAPPA_MSG_SHEET_TITLE));
	fputs("</table:table-row>\n", f);
	/* sheet names are letters: no escaping in the link */
	fprintf(f, "<table:table-row><table:table-cell office:value-type="
	    "\"string\"><text:p><text:a xlink:type=\"simple\" xlink:href="
	    "\"#%s.A1\">%s</text:a></text:p></table:table-cell>", notes,
	    notes);
	text_cell(f, "wrap", mappa_msg(o->lang, MAPPA_MSG_NOTES));
	fputs("</table:table-row>\n", f);
	for (size_t i = 0; i < o->nsh; i++) {
		/* A link to the sheet's first cell: names are plain. */
		fprintf(f, "<table:table-row><table:table-cell "
		    "office:value-type=\"string\"><text:p><text:a "
		    "xlink:type=\"simple\" xlink:href=\"#%s.A1\">%s</text:a>"
		    "</text:p></table:table-cell>", o->sh[i].name,
		    o->sh[i].name);
		text_cell(f, "wrap", o->sh[i].title);
		fputs("</table:table-row>\n", f);
	}
	fputs("</table:table>\n", f);
}

static void
notes_xml(FILE *f, const struct mappa_ods *o)
{
	char	 n[32];
	bool	 na = false;

	for (size_t i = 0; i < o->nsh; i++)
		na = na || o->sh[i].na;
	sheet_open(f, o, MAPPA_MSG_SHEET_NOTES);
	line(f, "title", mappa_msg(o->lang, MAPPA_MSG_NOTES));
	line(f, NULL, mappa_msg(o->lang, MAPPA_MSG_ONE_TABLE));
	fputs("<table:table-row>", f);
	text_cell(f, "head", mappa_msg(o->lang, MAPPA_MSG_NOTE_NUMBER));
	text_cell(f, "head", mappa_msg(o->lang, MAPPA_MSG_NOTE_TEXT));
	fputs("</table:table-row>\n", f);
	if (na) {
		fputs("<table:table-row>", f);
		text_cell(f, NULL, NA);
		text_cell(f, "wrap", mappa_msg(o->lang, MAPPA_MSG_NA_NOTE));
		fputs("</table:table-row>\n", f);
	}
	for (size_t i = 0; i < o->nnotes; i++) {
		mappa_msg_format(n, sizeof(n), o->lang, MAPPA_MSG_NOTE_N,
		    i + 1);
		fputs("<table:table-row>", f);
		text_cell(f, NULL, n);
		text_cell(f, "wrap", o->notes[i]);
		fputs("</table:table-row>\n", f);
	}
	if (!na && o->nnotes == 0) {
		fputs("<table:table-row>", f);
		text_cell(f, NULL, mappa_msg(o->lang, MAPPA_MSG_NONE));
		text_cell(f, "wrap", mappa_msg(o->lang, MAPPA_MSG_NO_NOTES));
		fputs("</table:table-row>\n", f);
	}
	fputs("</table:table>\n", f);
}

static void
content_xml(FILE *f, const struct mappa_ods *o)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-content %s>\n%s<office:body>"
	    "<office:spreadsheet>\n", ns, styles);
	cover_xml(f, o);
	contents_xml(f, o);
	notes_xml(f, o);
	for (size_t i = 0; i < o->nsh; i++)
		sheet_xml(f, o, &o->sh[i]);
	fputs("</office:spreadsheet></office:body></office:document-content>\n",
	    f);
}

static void
meta_xml(FILE *f, const struct mappa_ods *o, const struct mappa_time *t)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-meta %s><office:meta>"
	    "<meta:generator>mappa-report " MAPPA_VERSION "</meta:generator>",
	    ns);
	if (o->cover[0] != NULL) {
		fputs("<dc:title>", f);
		mappa_xml_text(f, o->cover[0]);
		fputs("</dc:title>", f);
	}
	if (o->cover[7] != NULL) {
		fputs("<dc:description>", f);
		mappa_xml_text(f, o->cover[7]);
		fputs("</dc:description>", f);
	}
	fputs("<dc:language>", f);
	mappa_xml_text(f, o->lang != NULL ? o->lang : "en-GB");
	fputs("</dc:language>", f);
	if (t != NULL && t->year > 0)
		fprintf(f, "<meta:creation-date>%04d-%02d-%02dT%02d:%02d:%02d"
		    "</meta:creation-date>", t->year, t->month, t->day,
		    t->hour, t->minute, t->second);
	fputs("</office:meta></office:document-meta>\n", f);
}

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
    "xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
    " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\n"
    " <manifest:file-entry manifest:full-path=\"content.xml\" "
    "manifest:media-type=\"text/xml\"/>\n"
    " <manifest:file-entry manifest:full-path=\"styles.xml\" "
    "manifest:media-type=\"text/xml\"/>\n"
    " <manifest:file-entry manifest:full-path=\"meta.xml\" "
    "manifest:media-type=\"text/xml\"/>\n"
    "</manifest:manifest>\n";

/*
 * Default styles: a sans font, so that the sheets read as the report's,
 * and the language, that a spelling checker and a screen reader use:
 * fo:language is the tag's primary subtag, fo:country its region
 * ("en-GB": en, GB; "cy": cy and no country).
 */
static void
styles_xml(FILE *f, const struct mappa_ods *o)
{
	const char *lang = o->lang != NULL ? o->lang : "en-GB";
	size_t	 n = strcspn(lang, "-"), r;
	const char *region = NULL;

	/* the region: the first subtag of two letters or three digits */
	for (const char *p = lang + n; *p == '-'; p += 1 + r) {
		r = strcspn(p + 1, "-");
		if (r == 2 || (r == 3 && p[1] >= '0' && p[1] <= '9')) {
			region = p + 1;
			break;
		}
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document-styles "
	    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
	    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"
	    "xsl-fo-compatible:1.0\" office:version=\"1.2\">"
	    "<office:styles><style:default-style style:family=\"table-cell\">"
	    "<style:text-properties fo:font-family=\"'Liberation Sans'\" "
	    "fo:font-size=\"11pt\"", f);
	fprintf(f, " fo:language=\"%.*s\"", (int)n, lang);
	if (region != NULL)
		fprintf(f, " fo:country=\"%.*s\"", (int)strcspn(region, "-"),
		    region);
	fputs("/></style:default-style></office:styles>"
	    "</office:document-styles>\n", f);
}

/* ------------------------------------------------------------------ */
/* The container. */

struct part {
	const char	*name;
	char		*buf;		/* owned unless fixed */
	size_t		 len;
	bool		 fixed;
};

static int
zip_fail(FILE *err, const char *what, zip_error_t *ze)
{
	if (err != NULL)
		fprintf(err, "mappa-report: cannot build the spreadsheet "
		    "(libzip, %s): %s\n", what, zip_error_strerror(ze));
	errno = 0;
	return -1;
}

int
mappa_ods_write(struct mappa_ods *o, FILE *f, const struct mappa_time *when,
    FILE *err)
{
	static const char mimetype[] =
	    "application/vnd.oasis.opendocument.spreadsheet";
	struct part	 p[5];
	zip_error_t	 ze;
	zip_source_t	*mem = NULL, *s;
	zip_t		*za = NULL;
	zip_uint16_t	 dtime = 0, ddate = (1 << 5) | 1;	/* 1980-01-01 */
	char		 buf[8192];
	zip_int64_t	 n;
	int		 rc = -1;
	bool		 opened = false;
	FILE		*m;

	zip_error_init(&ze);
	memset(p, 0, sizeof(p));
	p[0].name = "mimetype";
	p[0].buf = (char *)mimetype;
	p[0].len = sizeof(mimetype) - 1;
	p[0].fixed = true;
	p[1].name = "META-INF/manifest.xml";
	p[1].buf = (char *)manifest;
	p[1].len = sizeof(manifest) - 1;
	p[1].fixed = true;
	p[2].name = "styles.xml";
	p[3].name = "meta.xml";
	p[4].name = "content.xml";
	for (int i = 2; i < 5; i++) {
		if ((m = open_memstream(&p[i].buf, &p[i].len)) == NULL)
			mappa_oom();
		if (i == 2)
			styles_xml(m, o);
		else if (i == 3)
			meta_xml(m, o, when);
		else
			content_xml(m, o);
		if (fclose(m) != 0)
			mappa_oom();
	}
	/* Entries dated as the report is: the same inputs, the same bytes. */
	if (when != NULL && when->year >= 1980 && when->year <= 2107) {
		ddate = (zip_uint16_t)(((when->year - 1980) << 9) |
		    (when->month << 5) | when->day);
		dtime = (zip_uint16_t)((when->hour << 11) |
		    (when->minute << 5) | (when->second / 2));
	}
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		zip_fail(err, "buffer", &ze);
		goto out;
	}
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_fail(err, "open", &ze);
		goto out;
	}
	/* The archive would free mem when closed; we read it after. */
	zip_source_keep(mem);
	for (int i = 0; i < 5; i++) {
		zip_int64_t idx;

		if ((s = zip_source_buffer(za, p[i].buf, p[i].len, 0)) == NULL ||
		    (idx = zip_file_add(za, p[i].name, s, ZIP_FL_ENC_UTF_8)) <
		    0) {
			if (s != NULL)
				zip_source_free(s);
			zip_fail(err, p[i].name, zip_get_error(za));
			goto out;
		}
		/* ODF: the mimetype first, stored, so that it can be sniffed. */
		if (zip_set_file_compression(za, (zip_uint64_t)idx, i == 0 ?
		    ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == -1 ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0)
		    == -1) {
			zip_fail(err, p[i].name, zip_get_error(za));
			goto out;
		}
	}
	if (zip_close(za) == -1) {
		zip_fail(err, "close", zip_get_error(za));
		goto out;
	}
	za = NULL;
	if (zip_source_open(mem) == -1) {
		zip_fail(err, "read", zip_source_error(mem));
		goto out;
	}
	opened = true;
	while ((n = zip_source_read(mem, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
			if (errno == 0)
				errno = EIO;
			goto out;
		}
	if (n < 0) {
		zip_fail(err, "read", zip_source_error(mem));
		goto out;
	}
	if (fflush(f) == EOF || ferror(f)) {
		if (errno == 0)
			errno = EIO;
		goto out;
	}
	rc = 0;
out:
	if (za != NULL)
		zip_discard(za);
	if (mem != NULL) {
		if (opened)
			zip_source_close(mem);
		zip_source_free(mem);
	}
	for (int i = 0; i < 5; i++)
		if (!p[i].fixed)
			free(p[i].buf);
	return rc;
}
