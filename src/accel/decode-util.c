/* SPDX-License-Identifier: MIT */
/* Helpers every format decoder uses (decode-internal.h): problems and
 * blocks handed to the sink, civil dates, ISO 8601 times, bounded copies.
 * The dispatch that calls the decoders is decoder.c. */
#include "decode-internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void budge_accel_problem(struct budge_accel_decoder *d, uint64_t offset, uint64_t line,
                         const char *fmt, ...)
{
	struct budge_accel_problem p = {.offset = offset, .line = line};
	va_list ap;

	d->stats.problems++;
	if (!d->sink.problem)
		return;
	va_start(ap, fmt);
	vsnprintf(p.message, sizeof(p.message), fmt, ap);
	va_end(ap);
	d->sink.problem(&p, d->sink.userdata);
}

void budge_accel_note(struct budge_accel_decoder *d, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!d->sink.note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->sink.note(msg, d->sink.userdata);
}

int budge_accel_emit(struct budge_accel_decoder *d, const struct budge_accel_block *b)
{
	if (b->n == 0)
		return 0;
	if (d->stats.blocks == 0)
		d->dev->start_us = b->start_us;
	d->stats.blocks++;
	d->stats.samples += b->n;
	return d->sink.block(b, d->sink.userdata);
}

int64_t budge_accel_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* H. Hinnant's days_from_civil. */
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

bool budge_accel_valid_civil(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                             unsigned s)
{
	static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return false;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return h < 24 && mi < 60 && s < 60;
}

static int parse_digits(const char *s, size_t n, size_t *i, unsigned count, unsigned *out)
{
	unsigned v = 0;
	for (unsigned k = 0; k < count; k++) {
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return 0;
}

int budge_accel_parse_iso8601(const char *s, size_t n, int64_t *us)
{
	unsigned y, mo, d, h, mi, sec = 0;
	int64_t frac_us = 0, zone_s = 0;
	size_t i = 0;

	if (parse_digits(s, n, &i, 4, &y) < 0 || i >= n || s[i++] != '-' ||
	    parse_digits(s, n, &i, 2, &mo) < 0 || i >= n || s[i++] != '-' ||
	    parse_digits(s, n, &i, 2, &d) < 0 || i >= n || (s[i] != 'T' && s[i] != ' '))
		return -1;
	i++;
	if (parse_digits(s, n, &i, 2, &h) < 0 || i >= n || s[i++] != ':' ||
	    parse_digits(s, n, &i, 2, &mi) < 0)
		return -1;
	if (i < n && s[i] == ':') {
		i++;
		if (parse_digits(s, n, &i, 2, &sec) < 0)
			return -1;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			int64_t scale = 100000;
			i++;
			if (i >= n || s[i] < '0' || s[i] > '9')
				return -1;
			while (i < n && s[i] >= '0' && s[i] <= '9') {
				if (scale > 0)
					frac_us += (s[i] - '0') * scale;
				scale /= 10;
				i++;
			}
		}
	}
	if (!budge_accel_valid_civil(y, mo, d, h, mi, sec))
		return -1;
	if (i < n && s[i] == 'Z') {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-') && i + 1 < n && s[i + 1] >= '0' &&
	           s[i + 1] <= '9') {
		int sign = s[i] == '-' ? -1 : 1;
		unsigned zh, zm = 0;
		i++;
		if (parse_digits(s, n, &i, 2, &zh) < 0)
			return -1;
		if (i < n && s[i] == ':')
			i++;
		if (i + 1 < n && s[i] >= '0' && s[i] <= '9' && parse_digits(s, n, &i, 2, &zm) < 0)
			return -1;
		if (zh > 23 || zm > 59)
			return -1;
		zone_s = sign * (int64_t)(zh * 3600 + zm * 60);
	}
	int64_t days = budge_accel_days_from_civil(y, mo, d);
	int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - zone_s;
	*us = secs * 1000000 + frac_us;
	return (int)i;
}

void budge_accel_strlcpy(char *dst, const char *src, size_t len, size_t dstsize)
{
	if (dstsize == 0)
		return;
	if (len >= dstsize)
		len = dstsize - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int budge_accel_time_parse(const char *s, int64_t *us)
{
	size_t n = s ? strlen(s) : 0;
	int k = n ? budge_accel_parse_iso8601(s, n, us) : -1;
	return k >= 0 && (size_t)k == n ? 0 : -EINVAL;
}
