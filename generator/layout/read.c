/* read.c: the small line-based document format used by tests and the demo; behind layout.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/util.h"
#include "layout_int.h"

struct rd {
	struct mappa_doc	*doc;
	struct mappa_block	*cur;	/* where text lines go */
	struct mappa_block	*table, *chart;
	struct mappa_block	*imgs;	/* logos or signatures being filled */
	int			 face;	/* markup state in cur */
	struct mappa_diag	*diag;
	unsigned long		 line;
};

static char *
skipws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static char *
trim(char *s)
{
	size_t	 n;

	s = skipws(s);
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Text with *bold* and _italic_ toggles and \ escapes, as runs. */
static void
addtext(struct rd *r, struct mappa_block *b, const char *s)
{
	char	*buf = mappa_malloc(strlen(s) + 2), *q = buf;

	mappa_block_line(b, r->line);
	if (b->nruns > 0)
		*q++ = ' ';
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0') {
			*q++ = *++s;
			continue;
		}
		if (*s != '*' && *s != '_') {
			*q++ = *s;
			continue;
		}
		*q = '\0';
		if (q > buf)
			mappa_block_text(b, (enum mappa_face)r->face, buf);
		q = buf;
		r->face ^= *s == '*' ? MAPPA_FACE_BOLD : MAPPA_FACE_ITALIC;
	}
	*q = '\0';
	if (q > buf)
		mappa_block_text(b, (enum mappa_face)r->face, buf);
	free(buf);
}

static enum mappa_align
align(const char *s)
{
	if (*s == 'l')
		return MAPPA_ALIGN_LEFT;
	if (*s == 'c')
		return MAPPA_ALIGN_CENTRE;
	if (*s == 'r')
		return MAPPA_ALIGN_RIGHT;
	return MAPPA_ALIGN_JUSTIFY;
}

static int
parsetime(const char *s, struct mappa_time *t)
{
	memset(t, 0, sizeof(*t));
	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &t->year, &t->month, &t->day,
	    &t->hour, &t->minute, &t->second) < 3 || t->month < 1 ||
	    t->month > 12 || t->day < 1 || t->day > 31)
		return -1;
	return 0;
}

/* Split s at '|' in place; returns the number of fields. */
static size_t
fields(char *s, char **f, size_t max, int lead)
{
	size_t	 n = 0;
	char	*p;

	s = skipws(s);
	if (lead && *s == '|')
		s++;
	while (n < max) {
		p = strchr(s, '|');
		if (p != NULL)
			*p = '\0';
		f[n++] = trim(s);
		if (p == NULL)
			break;
		s = p + 1;
		if (*skipws(s) == '\0')
			break;
	}
	return n;
}

static void
row(struct rd *r, char *s)
{
	char	*f[64];
	size_t	 n, i;

	n = fields(s, f, 64, 1);
	mappa_table_row(r->table);
	for (i = 0; i < n && i < r->table->ncols; i++) {
		r->face = 0;
		addtext(r, mappa_table_cell(r->table), f[i]);
	}
}

static int
directive(struct rd *r, char *cmd, char *arg)
{
	struct mappa_doc	*d = r->doc;
	struct mappa_page_setup	*pg = mappa_doc_page(d);
	char			*f[64], *tok, *save;
	size_t			 n, i;
	double			 v[64];
	struct mappa_time	 t;

	r->face = 0;
	if (strcmp(cmd, "page") == 0)
		return sscanf(arg, "%lf %lf", &pg->width, &pg->height) == 2 ?
		    0 : -1;
	if (strcmp(cmd, "margins") == 0)
		return sscanf(arg, "%lf %lf %lf %lf", &pg->top, &pg->right,
		    &pg->bottom, &pg->left) == 4 ? 0 : -1;
	if (strcmp(cmd, "family") == 0) {
		snprintf(pg->family, sizeof(pg->family), "%s", arg);
		return 0;
	}
	if (strcmp(cmd, "size") == 0)
		return sscanf(arg, "%lf", &pg->font_size) == 1 ? 0 : -1;
	if (strcmp(cmd, "leading") == 0)
		return sscanf(arg, "%lf", &pg->leading) == 1 ? 0 : -1;
	if (strcmp(cmd, "parspace") == 0)
		return sscanf(arg, "%lf", &pg->para_space) == 1 ? 0 : -1;
	if (strcmp(cmd, "plainfirst") == 0) {
		pg->plain_first = 1;
		return 0;
	}
	if (strcmp(cmd, "title") == 0)
		mappa_doc_set(d, MAPPA_META_TITLE, arg);
	else if (strcmp(cmd, "author") == 0)
		mappa_doc_set(d, MAPPA_META_AUTHOR, arg);
	else if (strcmp(cmd, "subject") == 0)
		mappa_doc_set(d, MAPPA_META_SUBJECT, arg);
	else if (strcmp(cmd, "keywords") == 0)
		mappa_doc_set(d, MAPPA_META_KEYWORDS, arg);
	else if (strcmp(cmd, "created") == 0 || strcmp(cmd, "modified") == 0) {
		if (parsetime(arg, &t) == -1)
			return -1;
		mappa_doc_dates(d, cmd[0] == 'c' ? &t : NULL,
		    cmd[0] == 'm' ? &t : NULL);
	} else if (strcmp(cmd, "extra") == 0) {
		tok = strtok_r(arg, " \t", &save);
		if (tok == NULL || save == NULL)
			return -1;
		mappa_doc_extra(d, tok, skipws(save));
	} else if (strcmp(cmd, "header") == 0 || strcmp(cmd, "footer") == 0) {
		for (i = 0; i < 3; i++)
			f[i] = NULL;
		n = fields(arg, f, 3, 0);
		for (i = 0; i < n; i++)
			if (*f[i] == '\0')
				f[i] = NULL;
		mappa_doc_running(d, cmd[0] == 'f', f[0], f[1], f[2]);
	} else if (strcmp(cmd, "toc") == 0)
		mappa_doc_toc(d, *arg ? arg : NULL);
	else if (cmd[0] == 'h' && cmd[1] >= '1' && cmd[1] <= '3' &&
	    (cmd[2] == '\0' || (cmd[2] == '*' && cmd[3] == '\0'))) {
		r->cur = mappa_doc_heading(d, cmd[1] - '0', cmd[2] != '*');
		addtext(r, r->cur, arg);
	} else if (strcmp(cmd, "caption") == 0) {
		r->cur = mappa_doc_caption(d);
		addtext(r, r->cur, arg);
	} else if (strcmp(cmd, "p") == 0)
		r->cur = mappa_doc_paragraph(d, align(arg));
	else if (strcmp(cmd, "list") == 0) {
		r->table = mappa_doc_list(d, *arg == 'n');
		r->cur = NULL;
	} else if (strcmp(cmd, "item") == 0) {
		if (r->table == NULL || r->table->type != B_LIST)
			return -1;
		r->cur = mappa_list_item(r->table);
		if (*arg)
			addtext(r, r->cur, arg);
	} else if (strcmp(cmd, "table") == 0) {
		tok = strtok_r(arg, " \t", &save);
		if (tok == NULL)
			return -1;
		i = (size_t)strtoul(tok, NULL, 10);
		for (n = 0; n < 64 && (f[n] = strtok_r(NULL, " \t", &save)) !=
		    NULL; n++)
			continue;
		if (n == 0)
			return -1;
		r->table = mappa_doc_table(d, n, i);
		if (strchr(tok, '!') != NULL)	/* "1!": keep it whole */
			mappa_table_keep(r->table);
		for (i = 0; i < n; i++)
			mappa_table_column(r->table, i, strchr(f[i], ':') ?
			    atof(strchr(f[i], ':') + 1) : 0, align(f[i]));
		r->cur = NULL;
	} else if (strcmp(cmd, "chart") == 0) {
		tok = strtok_r(arg, " \t", &save);
		if (tok == NULL || (tok = strtok_r(NULL, " \t", &save)) ==
		    NULL)
			return -1;
		r->chart = mappa_doc_chart(d, arg[0] == 'l' ? MAPPA_CHART_LINE :
		    MAPPA_CHART_BAR, save && *skipws(save) ? skipws(save) :
		    NULL, atof(tok));
		mappa_block_line(r->chart, r->line);
		r->cur = NULL;
	} else if (strcmp(cmd, "categories") == 0 && r->chart != NULL) {
		n = fields(arg, f, 64, 0);
		for (i = 0; i < n; i++)
			mappa_chart_category(r->chart, f[i]);
	} else if (strcmp(cmd, "series") == 0 && r->chart != NULL) {
		n = fields(arg, f, 64, 0);
		for (i = 1; i < n; i++)
			v[i - 1] = atof(f[i]);
		mappa_chart_series(r->chart, f[0], v, n - 1);
	} else if (strcmp(cmd, "axis") == 0 && r->chart != NULL) {
		n = fields(arg, f, 64, 0);
		for (i = 0; i < n; i++)
			v[i] = atof(f[i]);
		mappa_chart_axis(r->chart, v, n);
	} else if (strcmp(cmd, "labels") == 0 && r->chart != NULL) {
		f[1] = NULL;
		n = fields(arg, f, 2, 0);
		mappa_chart_labels(r->chart, *f[0] ? f[0] : NULL,
		    n > 1 && *f[1] ? f[1] : NULL);
	} else if (strcmp(cmd, "image") == 0 || strcmp(cmd, "logo") == 0 ||
	    strcmp(cmd, "signatory") == 0) {
		/* .image PXW PXH WIDTH ALIGN | ALT; .logo PXW PXH | ALT;
		   .signatory PXW PXH | NAME | ROLE (PXW 0: no image) */
		unsigned pw, ph;
		double	 w = 0;
		char	 al[16] = "centre";
		const struct mappa_image *im = NULL;

		f[1] = f[2] = NULL;
		n = fields(arg, f, 3, 0);
		if (sscanf(f[0], "%u %u %lf %15s", &pw, &ph, &w, al) < 2)
			return -1;
		if (pw > 0 && ph > 0)
			im = mappa_doc_image_new(d, NULL, 0, 0, pw, ph);
		if (cmd[0] == 'i' && im != NULL)
			mappa_doc_image(d, im, w, align(al), n > 1 && *f[1] ?
			    f[1] : NULL);
		else if (cmd[0] == 'l' && r->imgs != NULL &&
		    r->imgs->type == B_LOGOS)
			mappa_logos_add(r->imgs, im, n > 1 && *f[1] ? f[1] :
			    NULL);
		else if (cmd[0] == 's' && r->imgs != NULL &&
		    r->imgs->type == B_SIGS && n > 1)
			mappa_signature_add(r->imgs, im, "Signature", f[1],
			    n > 2 ? f[2] : NULL);
		else
			return -1;
		r->cur = NULL;
	} else if (strcmp(cmd, "logos") == 0) {
		r->imgs = mappa_doc_logos(d, atof(arg));
		r->cur = NULL;
	} else if (strcmp(cmd, "signatures") == 0) {
		r->imgs = mappa_doc_signatures(d);
		r->cur = NULL;
	} else if (strcmp(cmd, "box") == 0)
		mappa_doc_box_begin(d);
	else if (strcmp(cmd, "endbox") == 0)
		mappa_doc_box_end(d);
	else if (strcmp(cmd, "mark") == 0)
		mappa_doc_mark(d, arg);
	else if (strcmp(cmd, "lang") == 0)
		mappa_doc_lang(d, arg);
	else if (strcmp(cmd, "plang") == 0) {
		if (r->cur == NULL)
			return -1;
		mappa_block_lang(r->cur, arg);
	}
	else if (strcmp(cmd, "span") == 0) {
		if (r->cur == NULL)
			return -1;
		mappa_block_run_lang(r->cur, *arg != '\0' ? arg : NULL);
	}
	else if (strcmp(cmd, "br") == 0) {
		if (r->cur == NULL)
			return -1;
		mappa_block_break(r->cur);
	} else if (strcmp(cmd, "rule") == 0)
		mappa_doc_rule(d);
	else if (strcmp(cmd, "space") == 0)
		mappa_doc_space(d, atof(arg));
	else if (strcmp(cmd, "pagebreak") == 0)
		mappa_doc_pagebreak(d);
	else
		return -1;
	return 0;
}

struct mappa_doc *
mappa_doc_read(FILE *in, struct mappa_diag *diag)
{
	struct rd	 r;
	char		*line = NULL, *s, *arg;
	size_t		 cap = 0;
	ssize_t		 len;

	memset(&r, 0, sizeof(r));
	r.doc = mappa_doc_new();
	r.diag = diag;
	while ((len = getline(&line, &cap, in)) != -1) {
		r.line++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		s = line;
		if (*s == '#' || *trim(s) == '\0')
			continue;
		if (*s == '.') {
			s++;
			for (arg = s; *arg != '\0' && *arg != ' ' &&
			    *arg != '\t'; arg++)
				continue;
			if (*arg != '\0')
				*arg++ = '\0';
			arg = trim(arg);
			if (directive(&r, s, arg) == -1)
				mappa_diag_error(diag, r.line, "bad line: .%s",
				    s);
		} else if (*skipws(s) == '|' && r.table != NULL &&
		    r.table->type == B_TABLE)
			row(&r, s);
		else if (r.cur != NULL)
			addtext(&r, r.cur, trim(s));
		else
			mappa_diag_error(diag, r.line, "text outside a block");
	}
	free(line);
	if (ferror(in) || diag->errors > 0) {
		if (ferror(in))
			mappa_diag_error(diag, r.line, "read error");
		mappa_doc_free(r.doc);
		return NULL;
	}
	return r.doc;
}
