/* date.c: proleptic Gregorian dates as day numbers since 1970-01-01. */
#include <stddef.h>
#include <stdint.h>

#include "mappa/date.h"

/*
 * Howard Hinnant's days_from_civil / civil_from_days: exact over the whole
 * range, no tables, no time zones.
 */
int32_t
mappa_date_from_ymd(int y, int m, int d)
{
	int	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
mappa_date_to_ymd(int32_t date, int *y, int *m, int *d)
{
	int32_t	 z, era, doe, yoe, doy, mp;

	z = date + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
mappa_date_month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	int	 leap;

	if (m != 2)
		return days[m - 1];
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return 28 + leap;
}

/* n digits at s as a number, or -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
	int	 v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
mappa_date_parse(const char *s, size_t len, int32_t *out)
{
	int	 y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((y = digits(s, 4)) < 1 || (m = digits(s + 5, 2)) < 1 || m > 12 ||
	    (d = digits(s + 8, 2)) < 1 || d > mappa_date_month_days(y, m))
		return -1;
	*out = mappa_date_from_ymd(y, m, d);
	return 0;
}

int
mappa_datetime_check(const char *s, size_t len)
{
	int32_t	 date;
	size_t	 i;
	int	 h, mi, se;

	if (len < 19 || mappa_date_parse(s, 10, &date) == -1 || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	/* 24:00:00 is allowed by XML Schema as the end of a day. */
	if (h < 0 || mi < 0 || se < 0 || mi > 59 || se > 59 ||
	    (h > 23 && !(h == 24 && mi == 0 && se == 0)))
		return -1;
	i = 19;
	if (i < len && s[i] == '.') {
		if (++i == len || digits(s + i, 1) < 0)
			return -1;
		while (i < len && digits(s + i, 1) >= 0)
			i++;
	}
	if (i == len)
		return 0;
	if (s[i] == 'Z')
		return i + 1 == len ? 0 : -1;
	if ((s[i] != '+' && s[i] != '-') || len - i != 6 || s[i + 3] != ':')
		return -1;
	h = digits(s + i + 1, 2);
	mi = digits(s + i + 4, 2);
	if (h < 0 || mi < 0 || mi > 59 || h > 14 || (h == 14 && mi != 0))
		return -1;
	return 0;
}

void
mappa_date_format(int32_t date, char *buf)
{
	int	 y, m, d;

	mappa_date_to_ymd(date, &y, &m, &d);
	buf[0] = '0' + y / 1000 % 10;
	buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10;
	buf[3] = '0' + y % 10;
	buf[4] = '-';
	buf[5] = '0' + m / 10;
	buf[6] = '0' + m % 10;
	buf[7] = '-';
	buf[8] = '0' + d / 10;
	buf[9] = '0' + d % 10;
	buf[10] = '\0';
}
