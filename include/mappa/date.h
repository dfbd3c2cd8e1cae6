/* date.h: calendar dates as day numbers. */
#ifndef MAPPA_DATE_H
#define MAPPA_DATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar [days].  Differences of dates are day counts; comparisons are
 * integer comparisons.  Years 0001 to 9999 only.
 */
#define MAPPA_DATE_MIN	(-719162)	/* 0001-01-01 */
#define MAPPA_DATE_MAX	2932896		/* 9999-12-31 */
#define MAPPA_DATE_NONE	INT32_MAX	/* "no date", later than any date */

int32_t	mappa_date_from_ymd(int y, int m, int d);
void	mappa_date_to_ymd(int32_t date, int *y, int *m, int *d);
/* Days in month m (1..12) of year y. */
int	mappa_date_month_days(int y, int m);
/*
 * Parse exactly "YYYY-MM-DD" (len bytes, no surrounding space) into *out.
 * Returns 0, or -1 if the text is not of that shape or names a day that is
 * not in the calendar (2013-02-29).
 */
int	mappa_date_parse(const char *s, size_t len, int32_t *out);
/*
 * Parse an xs:dateTime "YYYY-MM-DDThh:mm:ss[.fff][Z|(+|-)hh:mm]".
 * Returns 0 or -1; only checks, keeps nothing.
 */
int	mappa_datetime_check(const char *s, size_t len);
/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void	mappa_date_format(int32_t date, char *buf);

#endif
