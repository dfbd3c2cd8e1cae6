/* parse.c: reading a template with libxml2 and its schema into a checked tree; for the template stage. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "mappa/link.h"
#include "mappa/sha256.h"
#include "mappa/util.h"
#include "mappa/xmlsafe.h"
#include "mappa/board.h"
#include "template_int.h"

/*
 * As for snapshots (reader.c): nothing that expands or loads, no NOENT,
 * DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER; a DOCTYPE is
 * refused before the parser sees a byte of it.
 */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
	XML_PARSE_NOCDATA)

/* A template is a page of text; anything larger is a mistake. */
#define TEMPLATE_MAX (4u << 20)	/* [B] */

static xmlSchemaPtr schema;
static xmlSchemaPtr board_schema;

static const char *const names[E__MAX] = {
	[E_TEXT] = "#text", [E_REPORT] = "report", [E_META] = "meta",
	[E_TITLE] = "title", [E_AUTHOR] = "author", [E_SUBJECT] = "subject",
	[E_KEYWORDS] = "keywords", [E_PAGE] = "page", [E_HEADER] = "header",
	[E_FOOTER] = "footer", [E_COVER] = "cover",
	[E_CONTENTS] = "contents", [E_SECTION] = "section", [E_P] = "p",
	[E_B] = "b", [E_I] = "i", [E_LIST] = "list",
	[E_ITEM] = "item", [E_TABLE] = "table", [E_COLUMN] = "column",
	[E_HEAD] = "head", [E_ROW] = "row", [E_CELL] = "cell",
	[E_CHART] = "chart", [E_CATEGORY] = "category",
	[E_SERIES] = "series", [E_VALUE] = "value", [E_IF] = "if",
	[E_ELSE] = "else", [E_PAGEBREAK] = "pagebreak", [E_SPACE] = "space",
	[E_RULE] = "rule", [E_PROVENANCE] = "provenance",
	[E_STYLE] = "style", [E_SPAN] = "span",
	[E_SLOT] = "slot", [E_BOARD] = "board", [E_FOREWORD] = "foreword",
	[E_ACHIEVEMENTS] = "achievements", [E_PRIORITIES] = "priorities",
	[E_MEMBERSHIP] = "membership", [E_LAY_ADVISER] = "lay-adviser",
	[E_CASE_STUDIES] = "case-studies", [E_VICTIMS] = "victims",
	[E_CONTACTS] = "contacts", [E_PUBLISHED] = "published",
	[E_LOGOS] = "logos", [E_LOGO] = "logo",
	[E_CASE_STUDY] = "case-study", [E_IMAGE] = "image",
	[E_SIGNATORY] = "signatory", [E_MEMBERS] = "members",
	[E_MEMBER] = "member", [E_EDITIONS] = "editions",
	[E_EDITION] = "edition", [E_YEARS] = "years", [E_FIGURES] = "figures",
	[E_FIGURE] = "figure",
};

/* As the board file's elements are named, in the order of enum slot. */
const char *const slot_names[S__MAX] = {
	"foreword", "achievements", "priorities", "membership",
	"lay-adviser", "case-studies", "victims", "contacts", "published",
	"logos"
};

struct pstate {
	struct mappa_diag *diag;
	bool		 fatal;		/* a well-formedness error was shown */
	const char	*what;		/* "template" or "board" */
};

static void
structured(void *arg, xmlErrorPtr e)
{
	struct pstate	*ps = arg;
	char		*msg;
	size_t		 n;

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	msg = mappa_strdup(e->message ? e->message : "unknown error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->domain == XML_FROM_SCHEMASV)
		mappa_diag_error(ps->diag, e->line > 0 ?
		    (unsigned long)e->line : 0, "does not match the %s "
		    "schema: %s", ps->what, msg);
	else if (!ps->fatal) {
		/* The first well-formedness error; the rest follow from it. */
		mappa_diag_error(ps->diag, e->line > 0 ?
		    (unsigned long)e->line : 0, "not well-formed XML: %s", msg);
		ps->fatal = true;
	}
	free(msg);
}

static int
load_schema(void)
{
	if (schema == NULL)
		schema = mappa_xml_schema(mappa_template_xsd,
		    mappa_template_xsd_len);
	return schema == NULL ? -1 : 0;
}

void
mappa_template_cleanup(void)
{
	xmlSchemaFree(schema);
	schema = NULL;
	xmlSchemaFree(board_schema);
	board_schema = NULL;
}

void
mappa_board_cleanup(void)
{
	xmlSchemaFree(board_schema);
	board_schema = NULL;
}

/*
 * The line of a <!DOCTYPE in the prolog, or 0: only the XML declaration,
 * processing instructions, comments and white space may come before the
 * root, so a scan of those finds it without parsing.
 */
static unsigned long
doctype_line(const char *s, size_t len)
{
	unsigned long	 line = 1;
	size_t		 i = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		const char *end = NULL;

		if (s[i] == '\n')
			line++;
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n') {
			i++;
			continue;
		}
		if (s[i] != '<' || i + 1 >= len)
			return 0;
		if (s[i + 1] == '?')
			end = "?>";
		else if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
			end = "-->";
		else if (s[i + 1] == '!')
			return line;
		else
			return 0;
		for (i += 2; i < len; i++) {
			if (s[i] == '\n')
				line++;
			if (len - i >= strlen(end) &&
			    memcmp(s + i, end, strlen(end)) == 0)
				break;
		}
		i += strlen(end);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* From libxml2's tree to ours, compiling and checking. */

struct conv {
	struct mappa_diag *diag;
	unsigned long	 errors_before;
	bool		 in_years[2];	/* inside <years>, <years per> */
};

/* Free what a node's attributes own, by the kind of node. */
static void
tnode_free_attrs(struct tnode *n)
{
	switch (n->el) {
	case E_TEXT:
		tstr_free(n->u.text);
		break;
	case E_PAGE:
		free(n->u.page.family);
		break;
	case E_HEADER:
	case E_FOOTER:
		for (int i = 0; i < 3; i++)
			tstr_free(n->u.running[i]);
		break;
	case E_CONTENTS:
	case E_CASE_STUDY:
	case E_CATEGORY:
	case E_SERIES:
		tstr_free(n->u.label);
		break;
	case E_SECTION:
		tstr_free(n->u.section.title);
		free(n->u.section.title_lang);
		break;
	case E_P:
		free(n->u.p.lang);
		break;
	case E_REPORT:
	case E_SPAN:
	case E_FOREWORD:
	case E_ACHIEVEMENTS:
	case E_PRIORITIES:
	case E_MEMBERSHIP:
	case E_LAY_ADVISER:
	case E_CASE_STUDIES:
	case E_VICTIMS:
	case E_CONTACTS:
	case E_LOGOS:
		free(n->u.lang);
		break;
	case E_EDITION:
		free(n->u.edition.lang);
		free(n->u.edition.href);
		tstr_free(n->u.edition.title);
		break;
	case E_TABLE:
		tstr_free(n->u.table.title);
		break;
	case E_CELL:
	case E_VALUE:
		free(n->u.bound.key);
		tstr_free(n->u.bound.text);
		break;
	case E_CHART:
		tstr_free(n->u.chart.title);
		tstr_free(n->u.chart.x_label);
		tstr_free(n->u.chart.y_label);
		free(n->u.chart.alt);
		break;
	case E_IF:
		expr_free(n->u.test);
		break;
	case E_BOARD:
		free(n->u.board.area);
		free(n->u.board.period);
		free(n->u.board.lang);
		break;
	case E_PUBLISHED:
		free(n->u.date);
		break;
	case E_LOGO:
	case E_IMAGE:
		free(n->u.image.pic.src);
		free(n->u.image.pic.alt);
		break;
	case E_SIGNATORY:
		free(n->u.signatory.pic.src);
		free(n->u.signatory.pic.alt);
		tstr_free(n->u.signatory.name);
		tstr_free(n->u.signatory.role);
		break;
	case E_MEMBERS:
	case E_MEMBER:
		for (int i = 0; i < 3; i++)
			tstr_free(n->u.person[i]);
		break;
	case E_FIGURES:
		tstr_free(n->u.figures.title);
		tstr_free(n->u.figures.range);
		free(n->u.figures.heading[0]);
		free(n->u.figures.heading[1]);
		free(n->u.figures.mark);
		free(n->u.figures.na);
		break;
	case E_FIGURE:
		free(n->u.figure.key);
		break;
	default:
		break;
	}
}

void
tnode_free(struct tnode *n)
{
	while (n != NULL) {
		struct tnode *next = n->next;

		tnode_free(n->kids);
		tnode_free_attrs(n);
		free(n);
		n = next;
	}
}

static enum tel
element(const xmlNode *x)
{
	for (int i = 1; i < E__MAX; i++)
		if (names[i] != NULL &&
		    strcmp((const char *)x->name, names[i]) == 0)
			return (enum tel)i;
	return E_TEXT;	/* the schema lets nothing else through */
}

static char *
attr(const xmlNode *x, const char *name)
{
	xmlChar	*v = xmlGetProp(x, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = mappa_strdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A text attribute (or the default) compiled; NULL if neither. */
static struct tstr *
text_attr(struct conv *c, const struct tnode *n, const xmlNode *x,
    const char *name, const char *dflt, int flags)
{
	char		*v = attr(x, name);
	struct tstr	*t = NULL;

	if (v != NULL || dflt != NULL)
		t = tstr_compile(v ? v : dflt, flags, c->diag, n->line);
	free(v);
	return t;
}

/* A length attribute [pt], NAN if absent (the schema checks its form). */
static double
num_attr(const xmlNode *x, const char *name)
{
	char	*v = attr(x, name);
	double	 d = NAN;

	if (v != NULL)
		d = strtod(v, NULL);
	free(v);
	return d;
}

static enum mappa_align
align_attr(const xmlNode *x, enum mappa_align dflt)
{
	char	*v = attr(x, "align");
	enum mappa_align a = dflt;

	if (v == NULL)
		return a;
	if (strcmp(v, "justify") == 0)
		a = MAPPA_ALIGN_JUSTIFY;
	else if (strcmp(v, "left") == 0)
		a = MAPPA_ALIGN_LEFT;
	else if (strcmp(v, "centre") == 0)
		a = MAPPA_ALIGN_CENTRE;
	else if (strcmp(v, "right") == 0)
		a = MAPPA_ALIGN_RIGHT;
	free(v);
	return a;
}

static bool
yes_attr(const xmlNode *x, const char *name, bool dflt)
{
	char	*v = attr(x, name);
	bool	 b = dflt;

	if (v != NULL)
		b = strcmp(v, "yes") == 0;
	free(v);
	return b;
}

static struct tnode *convert(struct conv *, const xmlNode *, bool inline_ctx,
    int depth);

static void
append(struct tnode *parent, struct tnode *kid)
{
	if (parent->last != NULL)
		parent->last->next = kid;
	else
		parent->kids = kid;
	parent->last = kid;
}

static bool
is_inline(enum tel el)
{
	return el == E_P || el == E_B || el == E_I || el == E_SPAN ||
	    el == E_ITEM ||
	    el == E_CELL || el == E_TITLE || el == E_AUTHOR ||
	    el == E_SUBJECT || el == E_KEYWORDS || el == E_FIGURE;
}

/* Convert the children of x into n, checking <else> placement. */
static void
children(struct conv *c, struct tnode *n, const xmlNode *x, bool inl,
    int depth)
{
	enum tel	 prev = E__MAX;

	for (const xmlNode *k = x->children; k != NULL; k = k->next) {
		struct tnode *t;

		if (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)k->content;

			if (!inl) {
				/* The schema allows only white space here. */
				continue;
			}
			t = mappa_calloc(1, sizeof(*t));
			t->el = E_TEXT;
			t->line = (unsigned long)xmlGetLineNo(k);
			/* A text node's line is where it ends: go back. */
			for (const char *p = s; *p != '\0'; p++)
				if (*p == '\n' && t->line > 1)
					t->line--;
			t->u.text = tstr_compile(s, 0, c->diag, t->line);
			append(n, t);
			prev = E_TEXT;
			continue;
		}
		if (k->type != XML_ELEMENT_NODE)
			continue;
		t = convert(c, k, inl, depth);
		if (t == NULL)
			continue;
		if (t->el == E_ELSE && prev != E_IF)
			mappa_diag_error(c->diag, t->line, "<else> must come "
			    "right after an <if>, in the same element");
		append(n, t);
		prev = t->el;
	}
}

/* Whether a text node holds only XML white space. */
static bool
blank(const struct tnode *t)
{
	for (size_t i = 0; t->u.text != NULL && i < t->u.text->n; i++) {
		const char *s = t->u.text->segs[i].lit;

		if (s == NULL)
			return false;
		for (; *s != '\0'; s++)
			if (*s != ' ' && *s != '\t' && *s != '\n' &&
			    *s != '\r')
				return false;
	}
	return true;
}

/* Count a row's cells, looking through nothing: rows hold only cells. */
static size_t
ncells(const struct tnode *row)
{
	size_t	 n = 0;

	for (const struct tnode *k = row->kids; k != NULL; k = k->next)
		n += k->el == E_CELL;
	return n;
}

static void
check_rows(struct conv *c, const struct tnode *n, size_t ncols)
{
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		if (k->el == E_ROW && ncells(k) != ncols)
			mappa_diag_error(c->diag, k->line, "this row has %zu "
			    "cell%s but the table has %zu column%s",
			    ncells(k), ncells(k) == 1 ? "" : "s", ncols,
			    ncols == 1 ? "" : "s");
		else if (k->el == E_IF || k->el == E_ELSE || k->el == E_HEAD)
			check_rows(c, k, ncols);
	}
}

/*
 * The other edition's address is printed in the cover's sentence, and a
 * reader's link is found in that text as any address in running text is
 * (mappa/link.h): it must be one whole address, or the link would go
 * somewhere else (cut at a space, or at a letter outside ASCII).
 */
static void
whole_address(struct conv *c, const struct tnode *n)
{
	const char	*h = n->u.edition.href;
	size_t		 b, e;
	char		*uri = NULL;
	int		 found = mappa_link_next(h, strlen(h), &b, &e, &uri);

	free(uri);
	if (found == 1 && b == 0 && e == strlen(h) &&
	    (strncmp(h, "https://", 8) == 0 || strncmp(h, "http://", 7) == 0))
		return;
	mappa_diag_error(c->diag, n->line, "<edition href=\"%s\">: not one "
	    "whole web address the reports can link to; give it as "
	    "https://... with no spaces, and any letter outside ASCII "
	    "percent-encoded (%%C5%%B5 for \xc5\xb5)", h);
}

/*
 * A chart has a value per category in every series: as many of each, or
 * (with <years>) one of each per year.
 */
static void
check_chart(struct conv *c, const struct tnode *n)
{
	size_t	 ncat = 0, nval;
	bool	 yc = false, yv;

	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		ncat += k->el == E_CATEGORY;
		yc = yc || k->el == E_YEARS;
	}
	for (const struct tnode *k = n->kids; k != NULL; k = k->next) {
		if (k->el != E_SERIES)
			continue;
		nval = 0;
		yv = false;
		for (const struct tnode *j = k->kids; j != NULL; j = j->next) {
			nval += j->el == E_VALUE;
			yv = yv || j->el == E_YEARS;
		}
		if (yv != yc)
			mappa_diag_error(c->diag, k->line, "a chart's "
			    "categories and its series' values come from "
			    "<years> both, or neither");
		else if (!yc && nval != ncat)
			mappa_diag_error(c->diag, k->line, "this "
			    "series has %zu value%s but the chart has "
			    "%zu categor%s", nval, nval == 1 ? "" :
			    "s", ncat, ncat == 1 ? "y" : "ies");
	}
}

static struct tnode *
convert(struct conv *c, const xmlNode *x, bool inl, int depth)
{
	struct tnode	*n = mappa_calloc(1, sizeof(*n));
	char		*v, *key, *fmt;
	size_t		 ncol = 0;

	n->el = element(x);
	n->line = (unsigned long)xmlGetLineNo(x);
	switch (n->el) {
	case E_REPORT:
		/* the report's language: its words, hyphens and tags */
		n->u.lang = attr(x, "lang");
		break;
	case E_SPAN:
		/* a passage in another language, read in its voice */
		n->u.lang = attr(x, "lang");
		break;
	case E_PAGE:
		n->u.page.font_size = num_attr(x, "font-size");
		n->u.page.leading = num_attr(x, "leading");
		n->u.page.para_space = num_attr(x, "paragraph-space");
		n->u.page.top = num_attr(x, "margin-top");
		n->u.page.right = num_attr(x, "margin-right");
		n->u.page.bottom = num_attr(x, "margin-bottom");
		n->u.page.left = num_attr(x, "margin-left");
		n->u.page.family = attr(x, "family");
		v = attr(x, "contents-depth");
		n->u.page.contents_depth = v ? atoi(v) : 0;
		free(v);
		v = attr(x, "orientation");
		n->u.page.landscape = v != NULL && strcmp(v, "landscape") == 0;
		free(v);
		break;
	case E_STYLE:
		n->u.style.heading[0] = num_attr(x, "heading-space-1");
		n->u.style.heading[1] = num_attr(x, "heading-space-2");
		n->u.style.heading[2] = num_attr(x, "heading-space-3");
		n->u.style.heading_after = num_attr(x, "heading-after");
		n->u.style.caption = num_attr(x, "caption-space");
		n->u.style.table = num_attr(x, "table-space");
		n->u.style.list = num_attr(x, "list-space");
		n->u.style.cell_padding = num_attr(x, "cell-padding");
		break;
	case E_HEADER:
	case E_FOOTER:
		n->u.running[0] = text_attr(c, n, x, "left", NULL, TSTR_RUNNING);
		n->u.running[1] = text_attr(c, n, x, "centre", NULL,
		    TSTR_RUNNING);
		n->u.running[2] = text_attr(c, n, x, "right", NULL,
		    TSTR_RUNNING);
		break;
	case E_CONTENTS:
		/* no title: the report's word for it, at build */
		n->u.label = text_attr(c, n, x, "title", NULL, 0);
		break;
	case E_SECTION:
		if (depth >= 3)
			mappa_diag_error(c->diag, n->line, "sections nest at "
			    "most three deep");
		n->u.section.title = text_attr(c, n, x, "title", NULL, 0);
		n->u.section.numbered = yes_attr(x, "numbered", true);
		n->u.section.new_page = yes_attr(x, "new-page", false);
		/* the heading's language, tagged as a paragraph's is */
		n->u.section.title_lang = attr(x, "title-lang");
		depth++;
		break;
	case E_P:
		n->u.p.align = align_attr(x, MAPPA_ALIGN_JUSTIFY);
		n->u.p.size = num_attr(x, "size");
		v = attr(x, "style");
		n->u.p.face = MAPPA_FACE_REGULAR;
		if (v != NULL && strcmp(v, "bold") == 0)
			n->u.p.face = MAPPA_FACE_BOLD;
		else if (v != NULL && strcmp(v, "italic") == 0)
			n->u.p.face = MAPPA_FACE_ITALIC;
		else if (v != NULL && strcmp(v, "bold-italic") == 0)
			n->u.p.face = MAPPA_FACE_BOLD_ITALIC;
		free(v);
		/* a paragraph in another language is read in its voice */
		n->u.p.lang = attr(x, "lang");
		break;
	case E_LIST:
		n->u.numbered = yes_attr(x, "numbered", false);
		break;
	case E_TABLE:
		n->u.table.title = text_attr(c, n, x, "title", NULL, 0);
		n->u.table.compare = yes_attr(x, "compare", true);
		n->u.table.keep = yes_attr(x, "keep", false);
		break;
	case E_COLUMN:
		n->u.column.align = align_attr(x, MAPPA_ALIGN_LEFT);
		n->u.column.width = num_attr(x, "width");
		break;
	case E_CELL:
		key = attr(x, "key");
		fmt = attr(x, "format");
		if (key != NULL) {
			n->u.bound.key = key;
			n->u.bound.text = tstr_bound(key, fmt, c->diag, n->line);
		} else if (fmt != NULL)
			mappa_diag_error(c->diag, n->line, "a cell's format "
			    "applies to its key; this cell has none");
		free(fmt);
		break;
	case E_CHART:
		v = attr(x, "type");
		n->u.chart.type = v != NULL && strcmp(v, "line") == 0 ?
		    MAPPA_CHART_LINE : MAPPA_CHART_BAR;
		free(v);
		n->u.chart.title = text_attr(c, n, x, "title", NULL, 0);
		n->u.chart.x_label = text_attr(c, n, x, "x-label", NULL, 0);
		n->u.chart.y_label = text_attr(c, n, x, "y-label", NULL, 0);
		n->u.chart.height = num_attr(x, "height");
		/* what a screen reader says instead of the figures */
		n->u.chart.alt = attr(x, "alt");
		break;
	case E_CATEGORY:
		n->u.label = text_attr(c, n, x, "label", NULL, 0);
		break;
	case E_SERIES:
		n->u.label = text_attr(c, n, x, "name", NULL, 0);
		break;
	case E_VALUE:
		/* na="yes": a value that cannot be, drawn as none (NAN) */
		n->u.bound.key = attr(x, "key");
		if (yes_attr(x, "na", false)) {
			if (n->u.bound.key != NULL)
				mappa_diag_error(c->diag, n->line, "a value is "
				    "either a key or na=\"yes\", not both");
		} else if (n->u.bound.key == NULL)
			mappa_diag_error(c->diag, n->line, "a value needs a "
			    "key, or na=\"yes\" for one that cannot be");
		else
			n->u.bound.text = tstr_bound(n->u.bound.key, "plain",
			    c->diag, n->line);
		break;
	case E_IF:
		v = attr(x, "test");
		n->u.test = expr_compile(v, c->diag, n->line);
		free(v);
		break;
	case E_SPACE:
		n->u.height = num_attr(x, "height");
		break;
	case E_SLOT:
		v = attr(x, "name");
		for (int i = 0; i < S__MAX; i++)
			if (v != NULL && strcmp(v, slot_names[i]) == 0)
				n->u.slot.name = (enum slot)i;
		free(v);
		n->u.slot.height = num_attr(x, "height");
		break;
	case E_BOARD:
		n->u.board.area = attr(x, "area");
		n->u.board.period = attr(x, "period");
		n->u.board.lang = attr(x, "lang");
		break;
	case E_PUBLISHED:
		n->u.date = attr(x, "date");
		break;
	case E_FOREWORD:
	case E_ACHIEVEMENTS:
	case E_PRIORITIES:
	case E_MEMBERSHIP:
	case E_LAY_ADVISER:
	case E_CASE_STUDIES:
	case E_VICTIMS:
	case E_CONTACTS:
	case E_LOGOS:
		/* a bilingual board's words for one edition */
		n->u.lang = attr(x, "lang");
		break;
	case E_EDITION:
		n->u.edition.lang = attr(x, "lang");
		n->u.edition.href = attr(x, "href");
		n->u.edition.title = text_attr(c, n, x, "title", NULL, 0);
		if (n->u.edition.href != NULL)
			whole_address(c, n);
		break;
	case E_LOGO:
	case E_IMAGE:
		n->u.image.pic.src = attr(x, "src");
		n->u.image.pic.alt = attr(x, "alt");
		if (n->u.image.pic.alt == NULL &&
		    !yes_attr(x, "decorative", false))
			mappa_diag_error(c->diag, n->line, "an image needs "
			    "its text alternative, alt=\"...\" (what it shows, "
			    "for readers who can't see it), or "
			    "decorative=\"yes\"");
		else if (n->u.image.pic.alt != NULL &&
		    yes_attr(x, "decorative", false))
			mappa_diag_error(c->diag, n->line, "an image has alt "
			    "text or is decorative, not both");
		n->u.image.align = align_attr(x, MAPPA_ALIGN_CENTRE);
		n->u.image.width = num_attr(x, "width");
		break;
	case E_SIGNATORY:
		n->u.signatory.name = text_attr(c, n, x, "name", NULL, 0);
		n->u.signatory.role = text_attr(c, n, x, "role", NULL, 0);
		n->u.signatory.pic.src = attr(x, "signature");
		n->u.signatory.pic.alt = attr(x, "alt");
		if (n->u.signatory.pic.alt != NULL &&
		    n->u.signatory.pic.src == NULL)
			mappa_diag_error(c->diag, n->line, "alt describes a "
			    "signature image; this signatory has none");
		break;
	case E_MEMBERS:
		/*
		 * A heading not given is the report's word for it, at build:
		 * the board file does not know the template's language.
		 */
		n->u.person[0] = text_attr(c, n, x, "name-heading", NULL, 0);
		n->u.person[1] = text_attr(c, n, x, "role-heading", NULL, 0);
		n->u.person[2] = text_attr(c, n, x, "agency-heading", NULL, 0);
		break;
	case E_MEMBER:
		n->u.person[0] = text_attr(c, n, x, "name", NULL, 0);
		n->u.person[1] = text_attr(c, n, x, "role", NULL, 0);
		n->u.person[2] = text_attr(c, n, x, "agency", "", 0);
		break;
	case E_CASE_STUDY:
		n->u.label = text_attr(c, n, x, "title", NULL, 0);
		break;
	case E_YEARS:
		v = attr(x, "per");
		n->u.per = v != NULL ? (size_t)strtoul(v, NULL, 10) : 0;
		free(v);
		break;
	case E_FIGURES:
		n->u.figures.title = text_attr(c, n, x, "title", NULL, 0);
		n->u.figures.range = text_attr(c, n, x, "range", NULL, 0);
		n->u.figures.heading[0] = attr(x, "change-heading");
		n->u.figures.heading[1] = attr(x, "percent-heading");
		n->u.figures.mark = attr(x, "mark");
		n->u.figures.na = attr(x, "not-comparable");
		n->u.figures.width[0] = num_attr(x, "label-width");
		n->u.figures.width[1] = num_attr(x, "value-width");
		n->u.figures.width[2] = num_attr(x, "change-width");
		n->u.figures.width[3] = num_attr(x, "percent-width");
		n->u.figures.size = num_attr(x, "size");
		break;
	case E_FIGURE:
		/* a figure of statistics.md, a number: checked as a cell's */
		n->u.figure.key = attr(x, "key");
		n->u.figure.na = yes_attr(x, "na", false);
		if (n->u.figure.key != NULL && !name_known(n->u.figure.key))
			mappa_diag_error(c->diag, n->line, "unknown figure "
			    "'%s'", n->u.figure.key);
		break;
	default:
		break;
	}
	/* if and else take the context they are in; others their own. */
	if (n->el != E_IF && n->el != E_ELSE)
		inl = is_inline(n->el);
	if (n->el == E_YEARS) {
		/*
		 * A loop over the years inside another of its kind would go
		 * over them again, years to the power of the nesting: only
		 * a <years> inside a <years per> is of use.
		 */
		bool	*in = &c->in_years[n->u.per > 0], was = *in;

		if (was)
			mappa_diag_error(c->diag, n->line, "<years%s> inside "
			    "another: it would go over the same years again",
			    n->u.per > 0 ? " per" : "");
		*in = true;
		children(c, n, x, inl, depth);
		*in = was;
	} else
		children(c, n, x, inl, depth);

	if (n->el == E_CELL && n->u.bound.key != NULL)
		for (struct tnode *k = n->kids; k != NULL; k = k->next)
			if (k->el != E_TEXT || !blank(k)) {
				mappa_diag_error(c->diag, n->line, "a cell "
				    "bound to a key holds nothing else");
				break;
			}
	if (n->el == E_TABLE) {
		for (struct tnode *k = n->kids; k != NULL; k = k->next)
			ncol += k->el == E_COLUMN;
		check_rows(c, n, ncol);
	}
	if (n->el == E_CHART)
		check_chart(c, n);
	return n;
}

/* ------------------------------------------------------------------ */

static int
load_board_schema(void)
{
	if (board_schema == NULL)
		board_schema = mappa_xml_schema(mappa_board_xsd,
		    mappa_board_xsd_len);
	return board_schema == NULL ? -1 : 0;
}

struct tnode *
tree_parse(const char *buf, size_t len, struct mappa_diag *diag, int board)
{
	const char	*what = board ? "board" : "template";
	struct tnode	*root = NULL;
	struct pstate	 ps = {diag, false, what};
	struct conv	 c = {.diag = diag, .errors_before = diag->errors};
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlDocPtr	 doc = NULL;
	unsigned long	 dl;

	if (len == 0) {
		mappa_diag_error(diag, 0, "the file is empty; a %s starts "
		    "with <%s version=\"1\">", board ? "board file" :
		    "template", board ? "board" : "report");
		return NULL;
	}
	if (len > TEMPLATE_MAX || len > (size_t)0x7fffffff) {
		mappa_diag_error(diag, 0, "the file is larger than %u bytes; "
		    "that is not a %s", TEMPLATE_MAX, board ? "board file" :
		    "template");
		return NULL;
	}
	if ((dl = doctype_line(buf, len)) != 0) {
		mappa_diag_error(diag, dl, "a document type declaration "
		    "(<!DOCTYPE>) is not allowed in a %s; remove it", board ?
		    "board file" : "template");
		return NULL;
	}
	mappa_xml_harden();
	if ((board ? load_board_schema() : load_schema()) == -1) {
		mappa_diag_error(diag, 0, "internal error: the embedded "
		    "%s schema does not load", what);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&ps, structured);
	doc = xmlReadMemory(buf, (int)len, NULL, NULL, PARSE_OPTIONS);
	if (doc == NULL || ps.fatal) {
		if (!ps.fatal)
			mappa_diag_error(diag, 0, "not well-formed XML");
		goto out;
	}
	if (doc->intSubset != NULL) {
		mappa_diag_error(diag, 0, "a document type declaration is "
		    "not allowed in a %s", board ? "board file" : "template");
		goto out;
	}
	vc = xmlSchemaNewValidCtxt(board ? board_schema : schema);
	if (vc == NULL) {
		mappa_diag_error(diag, 0, "internal error: cannot validate");
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, structured, &ps);
	if (xmlSchemaValidateDoc(vc, doc) != 0) {
		if (diag->errors == c.errors_before)
			mappa_diag_error(diag, 0, "does not match the %s "
			    "schema", what);
		goto out;
	}
	root = convert(&c, xmlDocGetRootElement(doc), false, 0);
	if (diag->errors != c.errors_before) {
		tnode_free(root);
		root = NULL;
	}
out:
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return root;
}

struct mappa_template *
mappa_template_parse_mem(const char *buf, size_t len, struct mappa_diag *diag)
{
	struct mappa_template *t;
	struct mappa_sha256 sha;
	struct tnode	*root;

	if ((root = tree_parse(buf, len, diag, 0)) == NULL)
		return NULL;
	t = mappa_calloc(1, sizeof(*t));
	t->root = root;
	mappa_sha256_init(&sha);
	mappa_sha256_update(&sha, buf, len);
	mappa_sha256_final(&sha, t->sha256);
	return t;
}

int
file_slurp(const char *path, size_t max, char **bufp, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 fd, saved;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	for (;;) {
		buf = mappa_grow(buf, &cap, len + 65536, 1);
		do
			n = read(fd, buf + len, cap - len);
		while (n == -1 && errno == EINTR);
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			close(fd);
			free(buf);
			return 1;
		}
	}
	close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	saved = errno;
	close(fd);
	free(buf);
	errno = saved;
	return -1;
}

struct mappa_template *
mappa_template_parse_file(const char *path, struct mappa_diag *diag)
{
	struct mappa_template *t;
	char		*buf = NULL;
	size_t		 len = 0;

	switch (file_slurp(path, TEMPLATE_MAX, &buf, &len)) {
	case -1:
		return NULL;
	case 1:
		mappa_diag_error(diag, 0, "the file is larger than %u bytes; "
		    "that is not a template", TEMPLATE_MAX);
		return NULL;
	default:
		break;
	}
	t = mappa_template_parse_mem(buf, len, diag);
	free(buf);
	return t;
}

void
mappa_template_free(struct mappa_template *t)
{
	if (t == NULL)
		return;
	tnode_free(t->root);
	free(t);
}

const unsigned char *
mappa_template_sha256(const struct mappa_template *t)
{
	return t->sha256;
}

const char *
mappa_template_lang(const struct mappa_template *t)
{
	return t->root->el == E_REPORT && t->root->u.lang != NULL ?
	    t->root->u.lang : "en-GB";
}
