/* link.h: web and email addresses found in running text; for any stage that makes links (the PDF layout, the HTML edition). */
#ifndef MAPPA_LINK_H
#define MAPPA_LINK_H

#include <stddef.h>

/*
 * The first web or email address in text[0..len) (UTF-8; need not end in
 * NUL).  Found: "https://..." and "http://..." (scheme in any case),
 * "www.NAME.TLD..." at the start of a word, and "local@domain.tld".  An
 * address ends at a space, a control character, < > " or any non-ASCII
 * byte (so a curly quote or dash after it is not taken); then sentence
 * punctuation at its end (. , ; : ! ? ') is left out, and so is a closing
 * bracket ) ] } that has no opening partner inside the address: "(see
 * www.example.org/a_(b).)" gives "www.example.org/a_(b)".
 *
 * Returns 1 with [*start, *end) the address's bytes and *uri the link's
 * target, NUL-terminated, malloc'd (the caller frees): the address itself
 * for http(s), "http://" before a bare www. address, "mailto:" before an
 * email address.  Returns 0 when text holds no address (*uri NULL).  Call
 * again from *end for the next one.
 */
int	mappa_link_next(const char *text, size_t len, size_t *start,
	    size_t *end, char **uri);

#endif
