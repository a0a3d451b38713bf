/* SPDX-License-Identifier: MIT */
/* Reports: civil dates (days since 1970-01-01), YYYY-MM-DD in and out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n-init.h"
#include "report.h"

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
int32_t report_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void report_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = z - era * 146097;
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int32_t report_day_of(int64_t ts)
{
	time_t t = (time_t)ts;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return (int32_t)(ts / 86400);
	return report_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int64_t report_day_start(int32_t day)
{
	int y, m, d;
	struct tm tm = {0};

	report_civil_from_days(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return (int64_t)day * 86400;
	return (int64_t)t;
}

int report_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0) */
	int w = (int)((day % 7 + 7) % 7);
	return (w + 3) % 7;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

int report_parse_date(const char *s, int32_t *day)
{
	int y = 0, m = 0, d = 0;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -EINVAL;
	*day = report_days_from_civil(y, m, d);
	return 0;
}

void report_format_date(int32_t day, char *buf, size_t len)
{
	int y, m, d;

	report_civil_from_days(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

void report_format_date_people(int32_t day, char *buf, size_t len)
{
	int y, m, d;

	report_civil_from_days(day, &y, &m, &d);
	budge_fmt_date(buf, len, y, m, d);
}
