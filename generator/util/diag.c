/* diag.c: diagnostics about the user's input, in compiler form. */
#include <stdarg.h>
#include <stdio.h>

#include "mappa/diag.h"

void
mappa_diag_init(struct mappa_diag *d, const char *file, FILE *out)
{
	d->file = file;
	d->out = out;
	d->limit = MAPPA_DIAG_LIMIT;
	d->errors = 0;
}

void
mappa_diag_error(struct mappa_diag *d, unsigned long line,
    const char *fmt, ...)
{
	va_list	 ap;

	d->errors++;
	if (d->out == NULL || (d->limit && d->errors > d->limit))
		return;
	if (line)
		fprintf(d->out, "%s:%lu: error: ", d->file, line);
	else
		fprintf(d->out, "%s: error: ", d->file);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void
mappa_diag_summary(const struct mappa_diag *d, const char *what)
{
	if (d->out == NULL || d->errors == 0)
		return;
	if (d->limit && d->errors > d->limit)
		fprintf(d->out, "%s: %lu more errors not shown\n", d->file,
		    d->errors - d->limit);
	fprintf(d->out, "%s: %lu error%s; %s\n", d->file, d->errors,
	    d->errors == 1 ? "" : "s", what);
}
