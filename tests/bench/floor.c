/*
 * floor.c: libxml2's floor for reading a snapshot, for bench.sh: the SAX2
 * push parser with empty callbacks, the reader's options and block size,
 * nothing else.  `floor FILE` exits 0 if FILE is well-formed.  Not part of
 * the program; built by bench.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#define BLOCK	(64 * 1024)	/* as generator/snapshot/reader.c */

static void
on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	(void)ctx; (void)local; (void)prefix; (void)uri; (void)nns;
	(void)nss; (void)nattrs; (void)ndefaulted; (void)attrs;
}

int
main(int argc, char **argv)
{
	static char	 buf[BLOCK];
	xmlSAXHandler	 sax;
	xmlParserCtxtPtr ctxt;
	ssize_t		 n;
	int		 fd, ok;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) == -1) {
		fprintf(stderr, "usage: floor FILE\n");
		return 2;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	n = read(fd, buf, 4);
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, n > 0 ? (int)n : 0,
	    NULL);
	if (ctxt == NULL)
		return 2;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		xmlParseChunk(ctxt, buf, (int)n, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	ok = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	close(fd);
	return ok ? 0 : 1;
}
