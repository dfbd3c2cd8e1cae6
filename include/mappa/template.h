/* template.h: report templates (parse, evaluate, build the document); for the report stage and tests. */
#ifndef MAPPA_TEMPLATE_H
#define MAPPA_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mappa/diag.h"
#include "mappa/layout.h"
#include "mappa/sha256.h"
#include "mappa/stats.h"

/*
 * A template is an XML file (templates/REFERENCE.md) checked against the
 * embedded schema template.xsd and then by rules a schema can't express:
 * every placeholder names a known value, every expression and format is
 * well formed, <else> follows <if>, rows have as many cells as the table
 * has columns.  All of that is found when the template is parsed, before
 * any snapshot is looked at, and reported as TEMPLATE:LINE: error: ...
 */
struct mappa_template;	/* opaque handle */

/*
 * Parse a template file.  Returns the template (the caller frees it with
 * mappa_template_free()), or NULL: with diag->errors > 0 for a faulty
 * template, else because the file could not be read (errno set).
 */
struct mappa_template	*mappa_template_parse_file(const char *path,
			    struct mappa_diag *);
/* Same, from memory (tests); never a system error. */
struct mappa_template	*mappa_template_parse_mem(const char *buf,
			    size_t len, struct mappa_diag *);
void			 mappa_template_free(struct mappa_template *);
/* SHA-256 of the template's bytes, MAPPA_SHA256_LEN of them; owned. */
const unsigned char	*mappa_template_sha256(const struct mappa_template *);
/* The report's language, <report lang> (BCP 47): "en-GB" by default. */
const char		*mappa_template_lang(const struct mappa_template *);

/* The embedded schema: NUL-terminated XSD text. */
extern const char mappa_template_xsd[];
extern const size_t mappa_template_xsd_len;

/* Free the parsed schema (before libxml2's own cleanup). */
void	mappa_template_cleanup(void);

/*
 * The values a template can name: every figure of statistics.md by its
 * dotted path, the snapshot's fields, derived ones (period.label, era),
 * with a previous year's snapshot `previous.<key>` for each, and strings
 * set by the caller (provenance).  Integers are signed so that changes can
 * be computed; a count above INT64_MAX is refused by mappa_values_new().
 */
struct mappa_values;	/* opaque handle */

/*
 * Values of cur, and of prev if not NULL.  Both are only read here.
 * Returns NULL if a figure does not fit in an int64_t.  The caller frees
 * the result with mappa_values_free().
 */
struct mappa_values	*mappa_values_new(const struct mappa_stats *cur,
			    const struct mappa_stats *prev);
void			 mappa_values_free(struct mappa_values *);
/* Add or replace a string value (copied). */
void			 mappa_values_set(struct mappa_values *,
			    const char *key, const char *value);
/* Add or replace a number. */
void			 mappa_values_set_int(struct mappa_values *,
			    const char *key, int64_t value);

/*
 * Expand the placeholders of `text` ("{key|format}", REFERENCE.md) as a
 * template's text would be, the program's own words (months, numbers)
 * in English; errors go to diag at `line`.  Returns the
 * expanded text for the caller to free, or NULL after a diagnostic.
 */
char	*mappa_template_expand(const char *text, const struct mappa_values *,
	    struct mappa_diag *, unsigned long line);

/*
 * The tables of figures (<figures>) of a comparison's template in order,
 * for an edition that sets the same figures its own way (compare's ODS):
 * table() once per table with its title, then figure() once per row with
 * its label and key, the text evaluated on v.  Returns 0, or -1 after
 * diagnostics.
 */
struct mappa_figures_visitor {
	void	(*table)(void *arg, const char *title);
	void	(*figure)(void *arg, const char *label, const char *key);
	void	*arg;
};
int	mappa_template_figures(const struct mappa_template *,
	    const struct mappa_values *, struct mappa_diag *,
	    const struct mappa_figures_visitor *);

/*
 * Evaluate the template against the values and build the document to lay
 * out.  Returns a document for the caller to free (mappa_doc_free()), or
 * NULL after diagnostics (a value needed but absent, e.g. previous.* with
 * no previous snapshot).
 */
struct mappa_doc	*mappa_template_build(const struct mappa_template *,
			    const struct mappa_values *, struct mappa_diag *);

#endif
