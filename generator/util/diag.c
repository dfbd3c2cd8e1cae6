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
	d->warnings = 0;
}

static void
report(const struct mappa_diag *d, unsigned long n, const char *severity,
    unsigned long line, const char *fmt, va_list ap)
{
	if (d->out == NULL || (d->limit && n > d->limit))
		return;
	if (line)
		fprintf(d->out, "%s:%lu: %s: ", d->file, line, severity);
	else
		fprintf(d->out, "%s: %s: ", d->file, severity);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
}

void
mappa_diag_error(struct mappa_diag *d, unsigned long line,
    const char *fmt, ...)
{
	va_list	 ap;

	d->errors++;
	va_start(ap, fmt);
	report(d, d->errors, "error", line, fmt, ap);
	va_end(ap);
}

void
mappa_diag_warning(struct mappa_diag *d, unsigned long line,
    const char *fmt, ...)
{
	va_list	 ap;

	d->warnings++;
	va_start(ap, fmt);
	report(d, d->warnings, "warning", line, fmt, ap);
	va_end(ap);
}

void
mappa_diag_flaw(struct mappa_diag *d, int fatal, unsigned long line,
    const char *fmt, ...)
{
	va_list	 ap;

	if (fatal)
		d->errors++;
	else
		d->warnings++;
	va_start(ap, fmt);
	report(d, fatal ? d->errors : d->warnings, fatal ? "error" :
	    "warning", line, fmt, ap);
	va_end(ap);
}

void
mappa_diag_say(const struct mappa_diag *d, const char *fmt, ...)
{
	va_list	 ap;

	if (d->out == NULL)
		return;
	fputs("mappa-report: ", d->out);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
}

void
mappa_diag_summary(const struct mappa_diag *d, const char *what)
{
	if (d->out == NULL)
		return;
	/* warnings have no summary of their own: the output stands */
	if (d->limit && d->warnings > d->limit)
		fprintf(d->out, "%s: %lu more warnings not shown\n", d->file,
		    d->warnings - d->limit);
	if (d->errors == 0)
		return;
	if (d->limit && d->errors > d->limit)
		fprintf(d->out, "%s: %lu more errors not shown\n", d->file,
		    d->errors - d->limit);
	fprintf(d->out, "%s: %lu error%s; %s\n", d->file, d->errors,
	    d->errors == 1 ? "" : "s", what);
}
