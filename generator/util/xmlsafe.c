/* xmlsafe.c: libxml2 set up for untrusted files (snapshot and template readers). */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "mappa/xmlsafe.h"

/* libxml2's generic errors would go straight to stderr. */
static void
quiet(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;
}

/* Nothing is loaded from outside, ever: not a DTD, not an entity. */
static xmlParserInputPtr
no_loader(const char *url, const char *id, xmlParserCtxtPtr ctx)
{
	(void)url;
	(void)id;
	(void)ctx;
	return NULL;
}

void
mappa_xml_harden(void)
{
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetExternalEntityLoader(no_loader);
}

xmlSchemaPtr
mappa_xml_schema(const char *xsd, size_t len)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s;

	if ((pc = xmlSchemaNewMemParserCtxt(xsd, (int)len)) == NULL)
		return NULL;
	xmlSchemaSetParserStructuredErrors(pc, NULL, NULL);
	s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	return s;
}
