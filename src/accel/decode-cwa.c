/* SPDX-License-Identifier: MIT */
/*
 * Axivity CWA decoder (AX3/AX6, Open Movement format).
 *
 * Layout: a 1024-byte header ("MD", device id, session, annotation text with
 * "_p=" body site), then 512-byte sectors. Data sectors start with "AX":
 *   @4  u16 deviceFractional (top bit set: 15-bit fraction of the timestamp)
 *   @6  u32 session id       @10 u32 sequence id
 *   @14 u32 timestamp, packed YYYYYYMM MMDDDDDh hhhhmmmm mmssssss (year-2000)
 *   @18 u16 light (top 3 bits: accel unit exponent on AX6)
 *   @24 u8 rate code: rate = 3200 / 2^(15 - (code & 15)), range = 16 >> (code >> 6)
 *   @25 u8 axes/format: 0x30 = 3 axes packed 10-bit + 2-bit exponent (4 bytes);
 *          0x32 = 3 axes 16-bit; 0x62 = gyro + accel 16-bit (accel = axes 3..5)
 *   @26 i16 timestampOffset: sample index at which the timestamp is valid
 *   @28 u16 sample count     @30 480 bytes of samples   @510 u16 checksum
 * The 16-bit little-endian word sum of a whole data sector is 0.
 *
 * Timing. With a fractional timestamp (deviceFractional bit 15) the device
 * already moved timestampOffset back by the whole samples the fraction
 * accounts for; as the Open Movement readers do, we undo that
 * (offset += frac * rate >> 16) and add the fraction to the time. Then
 * "sample `offset` of this block is at time T". Each data block is emitted
 * as one budge_accel_block. Its rate is the rate *measured* from the device
 * clock: within a continuous run (next block has the next sequence id, same
 * session and format, measured rate within -20 %/+25 % of nominal) a block
 * starts exactly where the previous one ended and its rate makes it end at
 * the start the next block's anchor implies; so blocks join without jitter
 * and timing follows the device clock without drift. Where a run breaks
 * (sequence reset, missing or corrupt blocks) the last block keeps the
 * previous measured rate (or the nominal one) and the next block starts
 * from its own anchor: the gap is visible as a start later than the
 * previous end. One block of look-ahead is kept; memory is constant.
 *
 * A lone block whose timestamp is out of line (its sequence id continues
 * the run, its time does not) is repaired: its time is first predicted
 * from the run, and if the block after it agrees with that prediction the
 * repair stands and is said in a note; if the block after agrees with the
 * odd timestamp instead, the clock really jumped and the run breaks there.
 *
 * Units: packed samples are 10-bit signed << exponent in 1/256 g; 16-bit
 * samples are in 1/(2^(8 + light>>13)) g (256 on AX3).
 */
#include "decode-internal.h"
#include "budge/i18n.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CWA_HEADER 1024
#define CWA_SECTOR 512
#define CWA_MAX_SAMPLES 120

struct cwa_block {
	bool valid;
	uint32_t session;
	uint32_t sequence;
	uint8_t rate_code;
	uint8_t format;
	double nominal_hz;
	int64_t anchor_us; /* time of sample `offset` */
	int32_t offset;
	size_t n;
	uint64_t file_offset;
	bool chained; /* continues the previous block: starts at chain_start */
	int64_t chain_start;
	/* its timestamp is out of line with the block before, whose sequence
	 * id it continues: anchor_us holds the time the run predicts, until
	 * the next block says which was right */
	bool suspect;
	int64_t orig_anchor_us;
	uint64_t index;
	float x[CWA_MAX_SAMPLES], y[CWA_MAX_SAMPLES], z[CWA_MAX_SAMPLES];
};

struct cwa_state {
	uint8_t stage[CWA_HEADER]; /* partial header or sector */
	size_t staged;
	bool have_header;
	uint64_t offset; /* bytes consumed */
	uint64_t sector_index;
	double last_rate; /* measured rate of the previous block of the run, 0 if none */
	struct cwa_block blk[2];
	int cur; /* index of the pending block in blk[] */
};

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static double rate_from_code(uint8_t code)
{
	return 3200.0 / (double)(1u << (15 - (code & 15)));
}

/* Decode a packed CWA timestamp into Unix seconds; -1 if invalid. */
static int64_t cwa_time(uint32_t v)
{
	unsigned year = ((v >> 26) & 0x3f) + 2000, mon = (v >> 22) & 0x0f, day = (v >> 17) & 0x1f;
	unsigned h = (v >> 12) & 0x1f, mi = (v >> 6) & 0x3f, s = v & 0x3f;
	if (!budge_accel_valid_civil(year, mon, day, h, mi, s))
		return -1;
	return budge_accel_days_from_civil(year, mon, day) * 86400 + h * 3600 + mi * 60 + s;
}

static int cwa_create(struct budge_accel_decoder *d)
{
	struct cwa_state *st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	d->state = st;
	budge_accel_strlcpy(d->dev->type, "AX3", 3, sizeof(d->dev->type));
	return 0;
}

static void cwa_destroy(struct budge_accel_decoder *d)
{
	free(d->state);
	d->state = NULL;
}

/* Decode one URL-encoded annotation value into buf. */
static void url_decode(const char *s, size_t n, char *buf, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%' && i + 2 < n) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			char *end;
			long v = strtol(hex, &end, 16);
			if (*end == '\0' && v > 0) {
				c = (char)v;
				i += 2;
			}
		}
		buf[o++] = c;
	}
	buf[o] = '\0';
}

static enum budge_accel_site site_from_text(const char *t)
{
	if (strstr(t, "wrist") || strstr(t, "Wrist") || strstr(t, "WRIST"))
		return BUDGE_SITE_WRIST;
	if (strstr(t, "thigh") || strstr(t, "Thigh") || strstr(t, "THIGH"))
		return BUDGE_SITE_THIGH;
	if (strstr(t, "hip") || strstr(t, "Hip") || strstr(t, "HIP") || strstr(t, "waist") ||
	    strstr(t, "Waist") || strstr(t, "WAIST"))
		return BUDGE_SITE_HIP;
	return BUDGE_SITE_UNKNOWN;
}

static int cwa_parse_header(struct budge_accel_decoder *d, const uint8_t *h)
{
	struct budge_accel_device *dev = d->dev;
	uint32_t id;
	uint16_t upper;

	if (h[0] != 'M' || h[1] != 'D') {
		budge_accel_problem(d, 0, 0,
		                    "not a CWA file: expected the header magic \"MD\" at byte 0");
		return -EBADMSG;
	}
	id = rd16(h + 5);
	upper = rd16(h + 11);
	if (upper != 0xffff)
		id |= (uint32_t)upper << 16;
	dev->device_id = id;
	snprintf(dev->serial, sizeof(dev->serial), "%u", id);
	if (h[4] == 0x64)
		budge_accel_strlcpy(dev->type, "AX6", 3, sizeof(dev->type));
	else
		budge_accel_strlcpy(dev->type, "AX3", 3, sizeof(dev->type));
	if (h[41] != 0 && h[41] != 0xff)
		snprintf(dev->firmware, sizeof(dev->firmware), "%u", h[41]);
	if (h[36] != 0 && h[36] != 0xff) {
		dev->sample_rate_hz = rate_from_code(h[36]);
		dev->range_g = 16 >> (h[36] >> 6);
	}

	/* Annotation: "key=value&key=value", padded with spaces, at 64..511. */
	const char *a = (const char *)h + 64;
	size_t alen = 448;
	while (alen > 0 &&
	       (a[alen - 1] == ' ' || a[alen - 1] == '\0' || (uint8_t)a[alen - 1] == 0xff))
		alen--;
	size_t i = 0;
	while (i < alen) {
		size_t j = i;
		while (j < alen && a[j] != '&')
			j++;
		if (j - i > 3 && memcmp(a + i, "_p=", 3) == 0) {
			char site[128];
			url_decode(a + i + 3, j - i - 3, site, sizeof(site));
			dev->site = site_from_text(site);
		}
		i = j + 1;
	}
	return 0;
}

static bool consecutive(const struct cwa_block *p, const struct cwa_block *n)
{
	return n->session == p->session && n->sequence == p->sequence + 1 &&
	       n->rate_code == p->rate_code && n->format == p->format;
}

/* The rate the two blocks' anchors imply; 0 if they imply none. */
static double anchor_rate(const struct cwa_block *p, const struct cwa_block *n)
{
	int64_t dt = n->anchor_us - p->anchor_us;
	double idx = (double)p->n - p->offset + n->offset;
	return dt > 0 && idx > 0 ? idx * 1e6 / (double)dt : 0;
}

static int cwa_emit(struct budge_accel_decoder *d, struct cwa_block *b, int64_t start, double rate)
{
	struct budge_accel_block out = {
	    .start_us = start,
	    .rate_hz = rate,
	    .n = b->n,
	    .x = b->x,
	    .y = b->y,
	    .z = b->z,
	};
	b->valid = false;
	return budge_accel_emit(d, &out);
}

static bool plausible(double rate, double nominal)
{
	return rate > 0.8 * nominal && rate < 1.25 * nominal;
}

/* The pending block has its successor `next` (or none): choose its start
 * and rate and emit it. Within a continuous run each block starts exactly
 * where the previous one ended (chained), and its rate is chosen so that it
 * ends at the next block's anchor-derived start: timing follows the device
 * clock without accumulating rounding, and blocks join without jitter. */
static int cwa_flush_pending(struct budge_accel_decoder *d, struct cwa_state *st,
                             struct cwa_block *next)
{
	struct cwa_block *p = &st->blk[st->cur];
	double m = 0, rate;
	int64_t start;

	if (!p->valid)
		return 0;
	if (next && consecutive(p, next)) {
		m = anchor_rate(p, next);
		if (!plausible(m, p->nominal_hz))
			m = 0;
	}
	if (m > 0) {
		int64_t target = next->anchor_us - llround((double)next->offset * 1e6 / m);
		start = p->chained ? p->chain_start
		                   : p->anchor_us - llround((double)p->offset * 1e6 / m);
		rate = target > start ? (double)p->n * 1e6 / (double)(target - start) : 0;
		if (!plausible(rate, p->nominal_hz)) {
			rate = m;
			target = start + llround((double)p->n * 1e6 / m);
		}
		next->chained = true;
		next->chain_start = target;
		st->last_rate = m;
	} else {
		rate = plausible(st->last_rate, p->nominal_hz) ? st->last_rate : p->nominal_hz;
		start = p->chained ? p->chain_start
		                   : p->anchor_us - llround((double)p->offset * 1e6 / rate);
		if (next)
			next->chained = false;
		st->last_rate = 0; /* the run ends here */
	}
	return cwa_emit(d, p, start, rate);
}

/* A new block b after the pending block p: settle p's timestamp if it was
 * suspect, then see whether b's is. */
static void check_timestamps(struct budge_accel_decoder *d, struct cwa_state *st,
                             struct cwa_block *p, struct cwa_block *b)
{
	if (p->valid && p->suspect) {
		p->suspect = false;
		if (b && consecutive(p, b) && plausible(anchor_rate(p, b), p->nominal_hz)) {
			budge_accel_note(d,
			                 _("data block %llu at byte %llu: its timestamp is %+.0f s out "
			                 "of line with the blocks around it, whose sequence ids are "
			                 "continuous; repaired from them"),
			                 (unsigned long long)p->index, (unsigned long long)p->file_offset,
			                 (double)(p->orig_anchor_us - p->anchor_us) / 1e6);
		} else {
			/* the clock really jumped: the run breaks at p */
			p->anchor_us = p->orig_anchor_us;
			p->chained = false;
		}
	}
	if (b && p->valid && consecutive(p, b) && plausible(st->last_rate, p->nominal_hz) &&
	    !plausible(anchor_rate(p, b), p->nominal_hz)) {
		b->suspect = true;
		b->orig_anchor_us = b->anchor_us;
		b->anchor_us = p->anchor_us + llround(((double)p->n - p->offset + b->offset) * 1e6 /
		                                      st->last_rate);
	}
}

static bool all_bytes(const uint8_t *s, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != v)
			return false;
	return true;
}

/* Sector k at byte off is a data block: "AX", length 508, word sum 0.
 * Unwritten space is skipped quietly, anything else with a problem. */
static bool cwa_block_ok(struct budge_accel_decoder *d, const uint8_t *s, uint64_t off,
                         uint64_t k)
{
	uint16_t sum = 0;

	if (s[0] != 'A' || s[1] != 'X') {
		if (all_bytes(s, CWA_SECTOR, 0xff) || all_bytes(s, CWA_SECTOR, 0x00))
			return false; /* unwritten space */
		budge_accel_problem(
		    d, off, 0,
		    "data block %llu at byte %llu: expected \"AX\", found 0x%02x%02x; "
		    "block skipped",
		    (unsigned long long)k, (unsigned long long)off, s[0], s[1]);
		return false;
	}
	if (rd16(s + 2) != 508) {
		budge_accel_problem(
		    d, off, 0,
		    _("data block %llu at byte %llu: length field is %u, expected 508; "
		    "block skipped"),
		    (unsigned long long)k, (unsigned long long)off, rd16(s + 2));
		return false;
	}
	for (size_t i = 0; i < CWA_SECTOR; i += 2)
		sum = (uint16_t)(sum + rd16(s + i));
	if (sum != 0) {
		budge_accel_problem(
		    d, off, 0,
		    _("data block %llu at byte %llu: checksum mismatch (word sum 0x%04x, "
		    "expected 0); block skipped"),
		    (unsigned long long)k, (unsigned long long)off, sum);
		return false;
	}
	return true;
}

/* The count samples of sector s into b (in g): packed 3x10-bit with a
 * shared exponent, or 16-bit with the accelerometer range in the light
 * field's top bits (AX6: accelerometer after the gyroscope). */
static void cwa_samples(struct budge_accel_decoder *d, struct cwa_block *b, const uint8_t *s,
                        unsigned channels, unsigned bytes_per_sample, unsigned count)
{
	const uint8_t *p = s + 30;
	if (bytes_per_sample == 4) {
		static const float mul[4] = {1.0f / 256, 2.0f / 256, 4.0f / 256, 8.0f / 256};
		for (unsigned i = 0; i < count; i++) {
			uint32_t v = rd32(p + 4 * i);
			float m = mul[v >> 30];
			b->x[i] = (float)((int32_t)(v << 22) >> 22) * m;
			b->y[i] = (float)((int32_t)(v << 12) >> 22) * m;
			b->z[i] = (float)((int32_t)(v << 2) >> 22) * m;
		}
	} else {
		unsigned axis = channels >= 6 ? 3 : 0;
		uint16_t light = rd16(s + 18);
		float unit = 1.0f / (float)(1u << (8 + ((light >> 13) & 7)));
		for (unsigned i = 0; i < count; i++) {
			const uint8_t *q = p + i * bytes_per_sample + 2 * axis;
			b->x[i] = (float)(int16_t)rd16(q) * unit;
			b->y[i] = (float)(int16_t)rd16(q + 2) * unit;
			b->z[i] = (float)(int16_t)rd16(q + 4) * unit;
		}
		if (channels >= 6)
			budge_accel_strlcpy(d->dev->type, "AX6", 3, sizeof(d->dev->type));
	}
}

static int cwa_sector(struct budge_accel_decoder *d, struct cwa_state *st, const uint8_t *s)
{
	uint64_t off = st->offset;
	uint64_t k = st->sector_index++;
	struct cwa_block *b;

	if (!cwa_block_ok(d, s, off, k))
		return 0;

	uint8_t code = s[24], fmt = s[25];
	unsigned channels = fmt >> 4, bps = fmt & 15, bytes_per_sample;
	unsigned count = rd16(s + 28);
	int32_t toff = (int16_t)rd16(s + 26);
	uint16_t frac_raw = rd16(s + 4);
	double rate;
	int64_t secs;

	if (bps == 0 && channels == 3)
		bytes_per_sample = 4;
	else if (bps == 2 && (channels == 3 || channels == 6 || channels == 9))
		bytes_per_sample = 2 * channels;
	else {
		budge_accel_problem(
		    d, off, 0,
		    _("data block %llu at byte %llu: unsupported sample format 0x%02x "
		    "(expected 0x30, 0x32, 0x62 or 0x92); block skipped"),
		    (unsigned long long)k, (unsigned long long)off, fmt);
		return 0;
	}
	if (count > 480 / bytes_per_sample) {
		budge_accel_problem(
		    d, off, 0,
		    _("data block %llu at byte %llu: %u samples do not fit (at most %u); "
		    "block skipped"),
		    (unsigned long long)k, (unsigned long long)off, count, 480 / bytes_per_sample);
		return 0;
	}
	if (count == 0)
		return 0;
	if (code == 0) {
		/* Very old firmware kept the rate in timestampOffset. */
		if (toff <= 0) {
			budge_accel_problem(
			    d, off, 0,
			    _("data block %llu at byte %llu: no sample rate; block skipped"),
			    (unsigned long long)k, (unsigned long long)off);
			return 0;
		}
		rate = toff;
		toff = 0;
	} else {
		rate = rate_from_code(code);
	}
	secs = cwa_time(rd32(s + 14));
	if (secs < 0) {
		budge_accel_problem(d, off, 0,
		                    _("data block %llu at byte %llu: invalid timestamp 0x%08x; block "
		                    "skipped"),
		                    (unsigned long long)k, (unsigned long long)off, rd32(s + 14));
		return 0;
	}

	int64_t anchor = secs * 1000000;
	if (frac_raw & 0x8000) {
		uint32_t frac = (uint32_t)(frac_raw & 0x7fff) << 1; /* 1/65536 s */
		toff += (int32_t)((frac * (uint32_t)rate) >> 16);
		anchor += ((int64_t)frac * 1000000 + 32768) / 65536;
	}

	b = &st->blk[st->cur ^ 1];
	*b = (struct cwa_block){
	    .valid = true,
	    .session = rd32(s + 6),
	    .sequence = rd32(s + 10),
	    .rate_code = code,
	    .format = fmt,
	    .nominal_hz = rate,
	    .anchor_us = anchor,
	    .offset = toff,
	    .n = count,
	    .file_offset = off,
	    .index = k,
	};

	cwa_samples(d, b, s, channels, bytes_per_sample, count);
	if (d->dev->sample_rate_hz <= 0)
		d->dev->sample_rate_hz = rate;
	if (d->dev->range_g <= 0 && code != 0)
		d->dev->range_g = 16 >> (code >> 6);

	check_timestamps(d, st, &st->blk[st->cur], b);
	int r = cwa_flush_pending(d, st, b);
	st->cur ^= 1;
	return r;
}

static int cwa_push(struct budge_accel_decoder *d, const uint8_t *buf, size_t n)
{
	struct cwa_state *st = d->state;
	int r;

	while (n > 0) {
		size_t need = st->have_header ? CWA_SECTOR : CWA_HEADER;
		if (st->staged == 0 && n >= need) {
			/* Fast path: whole units straight from the caller's buffer. */
			if (!st->have_header) {
				r = cwa_parse_header(d, buf);
				if (r < 0)
					return r;
				st->have_header = true;
				st->offset += CWA_HEADER;
				d->stats.bytes += CWA_HEADER;
				buf += CWA_HEADER;
				n -= CWA_HEADER;
				continue;
			}
			while (n >= CWA_SECTOR) {
				r = cwa_sector(d, st, buf);
				if (r < 0)
					return r;
				st->offset += CWA_SECTOR;
				d->stats.bytes += CWA_SECTOR;
				buf += CWA_SECTOR;
				n -= CWA_SECTOR;
			}
			continue;
		}
		size_t take = need - st->staged;
		if (take > n)
			take = n;
		memcpy(st->stage + st->staged, buf, take);
		st->staged += take;
		buf += take;
		n -= take;
		if (!st->have_header && st->staged >= 2 &&
		    (st->stage[0] != 'M' || st->stage[1] != 'D'))
			return cwa_parse_header(d, st->stage);
		if (st->staged < need)
			break;
		st->staged = 0;
		if (!st->have_header) {
			r = cwa_parse_header(d, st->stage);
			if (r < 0)
				return r;
			st->have_header = true;
		} else {
			r = cwa_sector(d, st, st->stage);
			if (r < 0)
				return r;
		}
		st->offset += need;
		d->stats.bytes += need;
	}
	return 0;
}

static int cwa_finish(struct budge_accel_decoder *d)
{
	struct cwa_state *st = d->state;

	if (!st->have_header) {
		budge_accel_problem(
		    d, st->offset + st->staged, 0,
		    _("not a CWA file: it ends after %zu bytes, inside the %d-byte header"),
		    st->staged, CWA_HEADER);
		return -EBADMSG;
	}
	if (st->staged > 0) {
		budge_accel_problem(
		    d, st->offset, 0,
		    _("file truncated: the last data block at byte %llu has only %zu of "
		    "%d bytes; ignored"),
		    (unsigned long long)st->offset, st->staged, CWA_SECTOR);
		d->stats.bytes += st->staged;
		st->staged = 0;
	}
	check_timestamps(d, st, &st->blk[st->cur], NULL);
	return cwa_flush_pending(d, st, NULL);
}

const struct budge_accel_decoder_ops budge_accel_cwa_ops = {
    .name = "cwa",
    .create = cwa_create,
    .push = cwa_push,
    .finish = cwa_finish,
    .destroy = cwa_destroy,
};
