/* xmlsafe.h: libxml2 set up for untrusted files; for the snapshot and template readers only. */
#ifndef MAPPA_XMLSAFE_H
#define MAPPA_XMLSAFE_H

#include <stddef.h>

#include <libxml/xmlschemas.h>

/*
 * Process-wide: libxml2's generic error messages are silenced (errors
 * reach the readers through their structured handlers), and the external
 * entity loader refuses everything, so no DTD, entity or schema import is
 * ever read from a file or the network.  Call before any parse.
 */
void		 mappa_xml_harden(void);

/*
 * Parse an XML Schema held in memory (an embedded XSD).  Returns it for
 * the caller to free with xmlSchemaFree(), or NULL.
 */
xmlSchemaPtr	 mappa_xml_schema(const char *xsd, size_t len);

#endif
