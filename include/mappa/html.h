/* html.h: the report as one accessible HTML5 file, from the document tree before layout; for the report stage and tests. */
#ifndef MAPPA_HTML_H
#define MAPPA_HTML_H

#include <stdio.h>

#include "mappa/layout.h"

/*
 * Write the document as one self-contained HTML5 file (lang en-GB): the
 * cover's largest lines as the one h1, headings as h2 to h4 in order, the
 * contents as a list of in-page links, tables with their caption and th
 * scope, charts as inline SVG (role="img", a title and a description)
 * with their figures in a table beside them, print styles; no script and
 * nothing fetched (a Content-Security-Policy says so).  The document's
 * metadata and provenance go into meta elements.  The same document
 * gives the same bytes.  Returns 0, or -1 on a write error (errno set).
 */
int	mappa_html_write(FILE *, const struct mappa_doc *);

#endif
