/* SPDX-License-Identifier: MIT */
#include "budge/duration.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * Grammar: a bare non-negative integer (seconds), or one or more
 * "<digits><unit>" parts, units w d h m s, each unit at most once and from
 * the largest to the smallest ("1h30m", not "30m1h"). Blanks may separate the
 * parts and surround the whole. No sign, no fractions.
 */

static const struct {
	char unit;
	int64_t secs;
} units[] = {
    {'w', 7 * 86400}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1},
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int budge_duration_parse(const char *s, int64_t *out)
{
	int64_t total = 0;
	size_t next_unit = 0; /* index into units[]: the next allowed unit */
	int parts = 0;
	const char *p = s;

	if (!s || !out)
		return -EINVAL;
	while (is_blank(*p))
		p++;
	if (!*p)
		return -EINVAL;

	while (*p) {
		int64_t n = 0;
		const char *digits = p;
		size_t u;

		while (*p >= '0' && *p <= '9') {
			int d = *p - '0';
			if (n > (INT64_MAX - d) / 10)
				return -ERANGE;
			n = n * 10 + d;
			p++;
		}
		if (p == digits)
			return -EINVAL; /* a unit or junk without a number, or a sign */

		while (is_blank(*p))
			p++;
		if (!*p) {
			/* A bare number is seconds, but only on its own: "1h30" is
			 * ambiguous and rejected. */
			if (parts > 0)
				return -EINVAL;
			*out = n;
			return 0;
		}
		for (u = next_unit; u < N_UNITS; u++)
			if (*p == units[u].unit)
				break;
		if (u == N_UNITS)
			return -EINVAL; /* unknown unit, repeated or out of order */
		p++;
		if (n > INT64_MAX / units[u].secs)
			return -ERANGE;
		n *= units[u].secs;
		if (total > INT64_MAX - n)
			return -ERANGE;
		total += n;
		next_unit = u + 1;
		parts++;
		while (is_blank(*p))
			p++;
	}
	*out = total;
	return 0;
}

int budge_duration_format(int64_t secs, char *buf, size_t len)
{
	/* Weeks are not used on output: "7d" reads better than "1w" in a
	 * config file, and "14d" better than "2w". */
	static const struct {
		char unit;
		uint64_t secs;
	} out_units[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
	char tmp[64];
	size_t pos = 0;
	uint64_t v;

	if (secs < 0) {
		tmp[pos++] = '-';
		v = (uint64_t)(-(secs + 1)) + 1; /* no overflow for INT64_MIN */
	} else {
		v = (uint64_t)secs;
	}
	if (v == 0) {
		tmp[pos++] = '0';
		tmp[pos++] = 's';
	}
	for (size_t i = 0; i < sizeof(out_units) / sizeof(out_units[0]) && v > 0; i++) {
		uint64_t q = v / out_units[i].secs;
		if (q == 0)
			continue;
		v -= q * out_units[i].secs;
		pos += (size_t)snprintf(tmp + pos, sizeof(tmp) - pos, "%llu%c",
		                        (unsigned long long)q, out_units[i].unit);
	}
	tmp[pos] = '\0';
	return snprintf(buf, len, "%s", tmp);
}
