/* SPDX-License-Identifier: MIT */
/*
 * ActiGraph GT3X decoder (log.bin of the .gt3x zip; the shell opens the zip).
 *
 * info.txt ("Key: Value" lines) comes first through budge_accel_gt3x_info():
 * serial number, device type, firmware, sample rate, acceleration scale,
 * limb, time zone. log.bin is a sequence of records:
 *   u8 0x1E separator, u8 type, u32 LE timestamp (Unix seconds, device local
 *   wall time), u16 LE payload size, payload, u8 checksum
 * where the checksum is the one's complement of the XOR of every byte before
 * it in the record. Each activity record holds one second of samples:
 *   0x00 ACTIVITY:  12-bit signed values, big-endian bit packing, in Y,X,Z order
 *                   (a 1-byte payload marks a USB connection and is skipped)
 *   0x1B ACTIVITY3: the same packing in X,Y,Z order
 *   0x1A ACTIVITY2: 16-bit little-endian signed X,Y,Z
 * Values are divided by the acceleration scale: info.txt "Acceleration
 * Scale", else 341 for serials starting "NEO"/"CLE" and 256 otherwise. The
 * PARAMETERS record and calibration.json are not used (files whose
 * calibration.json says "isCalibrated": false are uncommon and would need
 * vendor calibration the shell can apply later).
 *
 * Idle sleep mode: the device stops writing records while still; unlike
 * pygt3x and read.gt3x we do not impute the last value. Missing seconds are
 * left as a gap (a later block starts after the previous one ends) and the
 * pipeline decides what a gap means. Consecutive seconds are gathered into
 * blocks of up to BUDGE_ACCEL_MAX_BLOCK samples.
 */
#include "decode-internal.h"
#include "budge/i18n.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GT3X_SEP 0x1e
#define GT3X_HDR 8
#define GT3X_MAX_RECORD (GT3X_HDR + 65535 + 1)

enum {
	GT3X_ACTIVITY = 0x00,
	GT3X_ACTIVITY2 = 0x1a,
	GT3X_ACTIVITY3 = 0x1b,
};

struct gt3x_state {
	uint8_t *rec; /* staging for a record split across pushes */
	size_t staged;
	uint64_t offset; /* bytes consumed */
	bool resyncing;  /* skipping bytes after a missing separator */
	bool skip_zeros; /* ... and all skipped bytes were 0 so far */
	uint64_t skip_start;
	unsigned rate; /* samples per second, 0 until known */
	double scale;  /* counts per g, 0 until known */
	bool scale_from_info;
	/* output block */
	int64_t start_us;
	size_t n;
	float x[BUDGE_ACCEL_MAX_BLOCK], y[BUDGE_ACCEL_MAX_BLOCK], z[BUDGE_ACCEL_MAX_BLOCK];
};

static int gt3x_create(struct budge_accel_decoder *d)
{
	struct gt3x_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->rec = malloc(GT3X_MAX_RECORD);
	if (!st->rec) {
		free(st);
		return -ENOMEM;
	}
	d->state = st;
	return 0;
}

static void gt3x_destroy(struct budge_accel_decoder *d)
{
	struct gt3x_state *st = d->state;
	if (st)
		free(st->rec);
	free(st);
	d->state = NULL;
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static bool key_is(const char *k, size_t kn, const char *want)
{
	return strlen(want) == kn && strncasecmp(k, want, kn) == 0;
}

/* Parse a decimal number (',' accepted as the decimal point). */
static bool parse_number(const char *v, size_t n, double *out)
{
	char buf[64];
	char *end;
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '.';
	*out = strtod(buf, &end);
	return *end == '\0' && isfinite(*out);
}

static double default_scale(const char *serial)
{
	if (strncmp(serial, "NEO", 3) == 0 || strncmp(serial, "CLE", 3) == 0)
		return 341.0;
	return 256.0;
}

int budge_accel_gt3x_info(struct budge_accel_decoder *d, const char *info, size_t len)
{
	struct budge_accel_device *dev;
	struct gt3x_state *st;
	size_t i = 0;
	uint64_t line = 0;
	bool saw_key = false;

	if (!d || (!info && len > 0))
		return -EINVAL;
	if (d->fmt != BUDGE_ACCEL_GT3X)
		return -ENOTSUP;
	st = d->state;
	dev = d->dev;
	if (len >= 3 && memcmp(info, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		size_t j = i;
		while (j < len && info[j] != '\n')
			j++;
		line++;
		const char *l = info + i;
		size_t ln = j - i;
		i = j + 1;
		const char *colon = memchr(l, ':', ln);
		trim(&l, &ln);
		if (ln == 0)
			continue;
		if (!colon) {
			budge_accel_problem(d, 0, line,
			                    "info.txt line %llu: expected \"Key: Value\"",
			                    (unsigned long long)line);
			continue;
		}
		const char *k = l, *v = colon + 1;
		size_t kn = (size_t)(colon - l), vn = ln - kn - 1;
		trim(&k, &kn);
		trim(&v, &vn);
		saw_key = true;
		double num;
		if (key_is(k, kn, "Serial Number")) {
			budge_accel_strlcpy(dev->serial, v, vn, sizeof(dev->serial));
		} else if (key_is(k, kn, "Device Type")) {
			budge_accel_strlcpy(dev->type, v, vn, sizeof(dev->type));
		} else if (key_is(k, kn, "Firmware")) {
			budge_accel_strlcpy(dev->firmware, v, vn, sizeof(dev->firmware));
		} else if (key_is(k, kn, "Sample Rate")) {
			if (parse_number(v, vn, &num) && num >= 1 && num <= 10000 &&
			    num == floor(num)) {
				st->rate = (unsigned)num;
				dev->sample_rate_hz = num;
			} else {
				budge_accel_problem(
				    d, 0, line,
				    _("info.txt line %llu: Sample Rate must be a whole "
				    "number of Hz (1-10000)"),
				    (unsigned long long)line);
			}
		} else if (key_is(k, kn, "Acceleration Scale")) {
			if (parse_number(v, vn, &num) && num >= 1 && num < 1e6) {
				st->scale = num;
				st->scale_from_info = true;
			} else {
				budge_accel_problem(
				    d, 0, line,
				    _("info.txt line %llu: Acceleration Scale must be a "
				    "number of counts per g (at least 1)"),
				    (unsigned long long)line);
			}
		} else if (key_is(k, kn, "Acceleration Max")) {
			if (parse_number(v, vn, &num) && num > 0 && num < 1000)
				dev->range_g = num;
		} else if (key_is(k, kn, "Limb")) {
			if (vn >= 5 && strncasecmp(v, "wrist", 5) == 0)
				dev->site = BUDGE_SITE_WRIST;
			else if ((vn >= 5 && strncasecmp(v, "waist", 5) == 0) ||
			         (vn >= 3 && strncasecmp(v, "hip", 3) == 0))
				dev->site = BUDGE_SITE_HIP;
			else if (vn >= 5 && strncasecmp(v, "thigh", 5) == 0)
				dev->site = BUDGE_SITE_THIGH;
		} else if (key_is(k, kn, "TimeZone")) {
			/* "[-]HH:MM:SS" */
			int sign = 1;
			unsigned hh = 0, mm = 0, ss = 0;
			char buf[32];
			budge_accel_strlcpy(buf, v, vn, sizeof(buf));
			const char *t = buf;
			if (*t == '-' || *t == '+') {
				sign = *t == '-' ? -1 : 1;
				t++;
			}
			if (sscanf(t, "%2u:%2u:%2u", &hh, &mm, &ss) >= 2 && hh < 24 && mm < 60 &&
			    ss < 60) {
				dev->has_utc_offset = true;
				dev->utc_offset_s = sign * (int32_t)(hh * 3600 + mm * 60 + ss);
			}
		}
	}
	if (!saw_key) {
		budge_accel_problem(d, 0, 0, "info.txt has no \"Key: Value\" lines");
		return -EBADMSG;
	}
	if (!st->scale_from_info)
		st->scale = default_scale(dev->serial);
	return 0;
}

static int gt3x_flush(struct budge_accel_decoder *d, struct gt3x_state *st)
{
	return budge_accel_emit_buffered(d, &st->start_us, st->rate, &st->n, st->x, st->y, st->z);
}

static inline int sext12(unsigned v)
{
	return (v & 0x800) ? (int)v - 4096 : (int)v;
}

static inline unsigned get12(const uint8_t *p, size_t idx)
{
	size_t bit = idx * 12, k = bit >> 3;
	if ((bit & 7) == 0)
		return ((unsigned)p[k] << 4) | (p[k + 1] >> 4);
	return (((unsigned)p[k] & 0x0f) << 8) | p[k + 1];
}

static int gt3x_activity(struct budge_accel_decoder *d, struct gt3x_state *st, uint8_t type,
                         uint32_t ts, const uint8_t *pl, size_t size)
{
	size_t count;
	int r;

	if ((type == GT3X_ACTIVITY || type == GT3X_ACTIVITY3) && size == 1)
		return 0; /* USB connection marker */
	count = type == GT3X_ACTIVITY2 ? size / 6 : size * 8 / 36;
	if (count == 0)
		return 0;
	if (st->rate == 0) {
		/* No info.txt: one record is one second. */
		st->rate = (unsigned)(count < 10000 ? count : 10000);
		d->dev->sample_rate_hz = st->rate;
	}
	if (st->scale <= 0)
		st->scale = default_scale(d->dev->serial);

	int64_t t_us = (int64_t)ts * 1000000;
	if (st->n > 0 && t_us != st->start_us + llround((double)st->n * 1e6 / st->rate)) {
		r = gt3x_flush(d, st);
		if (r < 0)
			return r;
	}
	if (st->n == 0)
		st->start_us = t_us;

	const float inv = (float)(1.0 / st->scale);
	for (size_t i = 0; i < count; i++) {
		int a, b, c;
		if (type == GT3X_ACTIVITY2) {
			const uint8_t *q = pl + 6 * i;
			a = (int16_t)(uint16_t)(q[0] | (q[1] << 8));
			b = (int16_t)(uint16_t)(q[2] | (q[3] << 8));
			c = (int16_t)(uint16_t)(q[4] | (q[5] << 8));
		} else if (type == GT3X_ACTIVITY) {
			b = sext12(get12(pl, 3 * i)); /* Y, X, Z */
			a = sext12(get12(pl, 3 * i + 1));
			c = sext12(get12(pl, 3 * i + 2));
		} else {
			a = sext12(get12(pl, 3 * i));
			b = sext12(get12(pl, 3 * i + 1));
			c = sext12(get12(pl, 3 * i + 2));
		}
		st->x[st->n] = (float)a * inv;
		st->y[st->n] = (float)b * inv;
		st->z[st->n] = (float)c * inv;
		if (++st->n == BUDGE_ACCEL_MAX_BLOCK) {
			r = gt3x_flush(d, st);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* A complete record at file offset `off`. */
static int gt3x_record(struct budge_accel_decoder *d, struct gt3x_state *st, const uint8_t *r,
                       uint64_t off)
{
	uint8_t type = r[1];
	uint32_t ts = (uint32_t)r[2] | ((uint32_t)r[3] << 8) | ((uint32_t)r[4] << 16) |
	              ((uint32_t)r[5] << 24);
	size_t size = (size_t)r[6] | ((size_t)r[7] << 8);
	uint8_t x = 0;

	for (size_t i = 0; i < GT3X_HDR + size; i++)
		x ^= r[i];
	uint8_t want = (uint8_t)~x;
	if (want != r[GT3X_HDR + size]) {
		budge_accel_problem(
		    d, off, 0,
		    _("record at byte %llu (type 0x%02x, %zu bytes): checksum mismatch; "
		    "record skipped"),
		    (unsigned long long)off, type, size);
		return 0;
	}
	switch (type) {
	case GT3X_ACTIVITY:
	case GT3X_ACTIVITY2:
	case GT3X_ACTIVITY3:
		return gt3x_activity(d, st, type, ts, r + GT3X_HDR, size);
	default:
		return 0; /* battery, events, metadata, lux, ...: not needed */
	}
}

/* The end of a run of bytes that were not records: report it. A run of
 * zero bytes at the very end of log.bin is padding and is not reported. */
static void gt3x_end_skip(struct budge_accel_decoder *d, struct gt3x_state *st)
{
	if (!st->resyncing)
		return;
	st->resyncing = false;
	budge_accel_problem(d, st->skip_start, 0,
	                    _("bytes %llu-%llu: not a record (expected the separator 0x1E); %llu "
	                    "bytes skipped"),
	                    (unsigned long long)st->skip_start, (unsigned long long)st->offset - 1,
	                    (unsigned long long)(st->offset - st->skip_start));
}

static int gt3x_push(struct budge_accel_decoder *d, const uint8_t *buf, size_t n)
{
	struct gt3x_state *st = d->state;
	int r;

	while (n > 0) {
		if (st->staged == 0) {
			/* Skip to a separator. */
			if (buf[0] != GT3X_SEP) {
				if (st->offset == 0) {
					budge_accel_problem(
					    d, 0, 0,
					    _("not a GT3X log: expected the record separator 0x1E at "
					    "byte 0, found 0x%02x%s"),
					    buf[0],
					    buf[0] == 'P'
					        ? " (give log.bin from inside the .gt3x zip)"
					        : "");
					return -EBADMSG;
				}
				if (!st->resyncing) {
					st->resyncing = true;
					st->skip_start = st->offset;
					st->skip_zeros = true;
				}
				const uint8_t *s = memchr(buf, GT3X_SEP, n);
				size_t skip = s ? (size_t)(s - buf) : n;
				for (size_t i = 0; i < skip && st->skip_zeros; i++)
					if (buf[i] != 0)
						st->skip_zeros = false;
				st->offset += skip;
				d->stats.bytes += skip;
				buf += skip;
				n -= skip;
				continue;
			}
			gt3x_end_skip(d, st); /* at a separator again */
			if (n >= GT3X_HDR) {
				size_t total =
				    GT3X_HDR + ((size_t)buf[6] | ((size_t)buf[7] << 8)) + 1;
				if (n >= total) {
					r = gt3x_record(d, st, buf, st->offset);
					if (r < 0)
						return r;
					st->offset += total;
					d->stats.bytes += total;
					buf += total;
					n -= total;
					continue;
				}
			}
		}
		/* Stage a partial record. */
		size_t need = GT3X_HDR;
		if (st->staged >= GT3X_HDR)
			need = GT3X_HDR + ((size_t)st->rec[6] | ((size_t)st->rec[7] << 8)) + 1;
		size_t take = need - st->staged;
		if (take > n)
			take = n;
		memcpy(st->rec + st->staged, buf, take);
		st->staged += take;
		buf += take;
		n -= take;
		if (st->staged == GT3X_HDR)
			continue; /* now the size is known */
		if (st->staged == need) {
			r = gt3x_record(d, st, st->rec, st->offset);
			if (r < 0)
				return r;
			st->offset += need;
			d->stats.bytes += need;
			st->staged = 0;
		}
	}
	return 0;
}

static int gt3x_finish(struct budge_accel_decoder *d)
{
	struct gt3x_state *st = d->state;
	int r = 0;

	if (st->staged > 0) {
		budge_accel_problem(
		    d, st->offset, 0,
		    _("log.bin truncated: the record at byte %llu is incomplete (%zu bytes "
		    "present); ignored"),
		    (unsigned long long)st->offset, st->staged);
		d->stats.bytes += st->staged;
		st->staged = 0;
	}
	if (st->resyncing && !st->skip_zeros)
		gt3x_end_skip(d, st);
	if (st->n > 0)
		r = gt3x_flush(d, st);
	return r;
}

const struct budge_accel_decoder_ops budge_accel_gt3x_ops = {
    .name = "gt3x",
    .create = gt3x_create,
    .push = gt3x_push,
    .finish = gt3x_finish,
    .destroy = gt3x_destroy,
};
