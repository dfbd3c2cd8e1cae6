/* pdf_int.h: what the PDF device's files share; inside generator/pdf only. */
#ifndef MAPPA_PDF_INT_H
#define MAPPA_PDF_INT_H

#include <stddef.h>

/*
 * objstm.c: libharu's file in[len] again, its objects that are not
 * streams packed into compressed object streams with a cross-reference
 * stream (PDF 1.5 and later).  *out is the caller's to free.  Returns 0,
 * or -1 with a reason in err.
 */
int	pdf_pack(const char *in, size_t len, char **out, size_t *outlen,
	    char *err, size_t errlen);

#endif
