/* SPDX-License-Identifier: MIT */
/* Wearable file decoders: real recordings against their published reference
 * values, and synthetic good and bad inputs (CWA, GT3X, CSV, gzip, zip). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <budge/accel.h>
#include "accel-file.h"

#define MAX_PROBLEMS 64
#define MAX_BLOCKS 64

/* Everything a sink saw. */
struct seen {
	uint64_t samples, blocks;
	double sum3; /* sum of x+y+z, each rounded to 3 decimals half away from 0 */
	double sum;  /* plain sum of x+y+z */
	int64_t prev_end;
	/* discontinuities > 1 s between consecutive blocks */
	int gaps;
	uint64_t gap_block;
	double gap_s;
	double max_jitter_us; /* largest |start - previous end| below 1 s */
	int nproblems;
	uint64_t poff[MAX_PROBLEMS], pline[MAX_PROBLEMS];
	char pmsg[MAX_PROBLEMS][256];
	/* the decoder's notes, one per line; CSV options to apply (may be NULL) */
	char notes[2048];
	int nnotes;
	const struct budge_accel_csv_options *csv;
	/* first blocks, for synthetic checks */
	struct {
		int64_t start_us;
		double rate;
		size_t n;
		float x[8], y[8], z[8];
	} b[MAX_BLOCKS];
	int stop_after; /* return -ECANCELED after this many blocks (0: never) */
};

static int on_block(const struct budge_accel_block *b, void *u)
{
	struct seen *s = u;
	int64_t end = b->start_us + llround((double)b->n * 1e6 / b->rate_hz);
	assert_true(b->n > 0);
	assert_true(b->rate_hz > 0);
	if (s->blocks > 0) {
		double g = (double)(b->start_us - s->prev_end);
		if (fabs(g) > 1e6) {
			s->gaps++;
			s->gap_block = s->blocks;
			s->gap_s = g / 1e6;
		} else if (fabs(g) > s->max_jitter_us) {
			s->max_jitter_us = fabs(g);
		}
	}
	if (s->blocks < MAX_BLOCKS) {
		s->b[s->blocks].start_us = b->start_us;
		s->b[s->blocks].rate = b->rate_hz;
		s->b[s->blocks].n = b->n;
		for (size_t i = 0; i < b->n && i < 8; i++) {
			s->b[s->blocks].x[i] = b->x[i];
			s->b[s->blocks].y[i] = b->y[i];
			s->b[s->blocks].z[i] = b->z[i];
		}
	}
	for (size_t i = 0; i < b->n; i++) {
		s->sum3 += round(b->x[i] * 1000.0) / 1000 + round(b->y[i] * 1000.0) / 1000 +
		           round(b->z[i] * 1000.0) / 1000;
		s->sum += (double)b->x[i] + b->y[i] + b->z[i];
	}
	s->prev_end = end;
	s->blocks++;
	s->samples += b->n;
	if (s->stop_after && s->blocks >= (uint64_t)s->stop_after)
		return -ECANCELED;
	return 0;
}

static void on_problem(const struct budge_accel_problem *p, void *u)
{
	struct seen *s = u;
	assert_true(p->message[0] != '\0');
	if (s->nproblems < MAX_PROBLEMS) {
		s->poff[s->nproblems] = p->offset;
		s->pline[s->nproblems] = p->line;
		snprintf(s->pmsg[s->nproblems], sizeof(s->pmsg[0]), "%s", p->message);
	}
	s->nproblems++;
}

static void on_note(const char *msg, void *u)
{
	struct seen *s = u;
	size_t n = strlen(s->notes);
	assert_true(msg[0] != '\0');
	snprintf(s->notes + n, sizeof(s->notes) - n, "%s\n", msg);
	s->nnotes++;
}

/* A recording in tests/data/accel (BUDGE_TEST_DATA, set by meson). */
static const char *data_path(const char *name)
{
	static char buf[4096];
	const char *root = getenv("BUDGE_TEST_DATA");
	snprintf(buf, sizeof(buf), "%s/accel/%s", root ? root : "tests/data", name);
	return buf;
}

/* Decode a real file through the shell reader. */
static int decode_file(const char *path, struct seen *s, struct budge_accel_device *dev,
                       struct budge_accel_file_info *info, char *err, size_t errsize)
{
	struct budge_accel_sink sink = {.block = on_block, .problem = on_problem, .userdata = s};
	return budge_accel_file_decode(path, NULL, &sink, dev, info, err, errsize);
}

static bool have(const char *path)
{
	if (access(path, R_OK) == 0)
		return true;
	print_error("missing %s (tests/data/README.md)\n", path);
	return false;
}

/* Decode a memory buffer, pushed in chunks of `chunk` bytes. */
static int decode_mem(enum budge_accel_format fmt, const void *data, size_t len, size_t chunk,
                      struct seen *s, struct budge_accel_device *dev)
{
	struct budge_accel_sink sink = {
	    .block = on_block, .problem = on_problem, .note = on_note, .userdata = s};
	struct budge_accel_decoder *d;
	int r = budge_accel_decoder_create(fmt, &sink, dev, &d);
	assert_int_equal(r, 0);
	if (s->csv)
		assert_int_equal(budge_accel_csv_set_options(d, s->csv), 0);
	for (size_t off = 0; off < len && r == 0; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		r = budge_accel_decoder_push(d, (const uint8_t *)data + off, n);
	}
	if (r == 0)
		r = budge_accel_decoder_finish(d);
	budge_accel_decoder_destroy(d);
	return r;
}

/* ---- real recordings ---- */

static void test_cwa_reference(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	struct budge_accel_file_info info;
	char err[256];
	const char *p = data_path("ax3_testfile.cwa");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, &info, err, sizeof(err)), 0);
	assert_int_equal(info.format, BUDGE_ACCEL_CWA);
	assert_int_equal(s->samples, 17400);
	assert_int_equal(s->blocks, 145);
	assert_int_equal(s->nproblems, 0);
	assert_true(dev.sample_rate_hz == 100.0);
	assert_true(dev.range_g == 8.0);
	assert_int_equal(dev.site, BUDGE_SITE_WRIST);
	assert_string_equal(dev.type, "AX3");
	assert_int_equal(dev.device_id, 39434);
	/* 2019-02-26 10:55:06 (first block, whose timestamp 10:55:07 is at
	 * sample 125) and contiguous blocks */
	assert_true(dev.start_us >= INT64_C(1551178505000000) &&
	            dev.start_us <= INT64_C(1551178507000000));
	assert_int_equal(s->gaps, 0);
	assert_true(s->max_jitter_us < 100);
	/* measured rate within 5 % of nominal */
	assert_true(s->b[0].rate > 95 && s->b[0].rate < 105);
	free(s);
}

static void test_cwa_corrupt(void **state)
{
	static const unsigned bad[] = {0, 13, 14, 142, 143, 144};
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	char err[256];
	const char *p = data_path("ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, NULL, err, sizeof(err)), 0);
	assert_int_equal(s->nproblems, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(s->poff[i], 1024 + 512 * bad[i]);
		assert_non_null(strstr(s->pmsg[i], "checksum"));
	}
	assert_int_equal(s->samples, (145 - 6) * 120);
	/* the two missing blocks 13-14 leave a 2.4 s gap */
	assert_int_equal(s->gaps, 1);
	assert_true(s->gap_s > 2.3 && s->gap_s < 2.6);
	free(s);
}

static void test_cwa_gz_sequence_reset(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	struct budge_accel_file_info info;
	char err[256];
	const char *p = data_path("tiny-sample.cwa.gz");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, &info, err, sizeof(err)), 0);
	assert_true(info.gzip);
	assert_int_equal(s->blocks, 8515);
	assert_int_equal(s->samples, 1021800);
	assert_int_equal(dev.device_id, 43923);
	assert_string_equal(dev.serial, "43923");
	assert_int_equal(s->nproblems, 0);
	assert_int_equal(s->gaps, 1);
	assert_int_equal(s->gap_block, 7740);
	assert_true(s->gap_s > 241 && s->gap_s < 245);
	assert_true(s->max_jitter_us < 100);
	/* measured ~97.6 Hz */
	assert_true(s->b[10].rate > 96.5 && s->b[10].rate < 98.5);
	free(s);
}

static void test_gt3x_reference(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	struct budge_accel_file_info info;
	char err[256];
	const char *p = data_path("actigraph_testfile.gt3x");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, &info, err, sizeof(err)), 0);
	assert_int_equal(info.format, BUDGE_ACCEL_GT3X);
	assert_true(dev.sample_rate_hz == 30.0);
	assert_string_equal(dev.serial, "MOS2E39180594");
	assert_string_equal(dev.firmware, "1.9.2");
	assert_int_equal(dev.site, BUDGE_SITE_HIP);
	assert_true(dev.has_utc_offset);
	assert_int_equal(dev.utc_offset_s, 7200);
	assert_int_equal(s->samples, 17640);
	assert_true(fabs(s->sum3 - 2732.35) < 0.0005);
	assert_int_equal(s->nproblems, 0);
	assert_true(s->gaps > 0); /* idle-sleep gaps are left as gaps */
	free(s);
}

static void test_gt3x_activity2(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	char err[256];
	const char *p = data_path("small.gt3x");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, NULL, err, sizeof(err)), 0);
	assert_int_equal(s->nproblems, 0);
	assert_true(dev.sample_rate_hz == 30.0);
	assert_int_equal(dev.site, BUDGE_SITE_WRIST);
	assert_int_equal(dev.utc_offset_s, -5 * 3600);
	/* 13.6 h with idle sleep: less than the full 1.47 M samples, whole seconds */
	assert_true(s->samples > 100000 && s->samples < 13.7 * 3600 * 30);
	assert_int_equal(s->samples % 30, 0);
	/* a wrist at rest reads about 1 g: mean |x+y+z| stays small */
	assert_true(fabs(s->sum / (double)s->samples) < 3);
	free(s);
}

static void test_csv_reference(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct budge_accel_device dev;
	struct budge_accel_file_info info;
	char err[256];
	const char *p = data_path("calibration_30Hz_xyz_3h.csv.gz");
	assert_true(have(p));
	assert_int_equal(decode_file(p, s, &dev, &info, err, sizeof(err)), 0);
	assert_int_equal(info.format, BUDGE_ACCEL_CSV);
	assert_true(info.gzip);
	assert_int_equal(s->samples, 324000); /* the first 3 h */
	assert_true(dev.sample_rate_hz == 30.0);
	assert_int_equal(dev.start_us, INT64_C(1682348520000000)); /* 2023-04-24 15:02:00 */
	assert_int_equal(s->nproblems, 0);
	assert_int_equal(s->gaps, 0);
	assert_true(s->max_jitter_us < 1);
	assert_true(fabs(s->b[0].x[0] - 0.211f) < 1e-6 && fabs(s->b[0].y[0] + 0.105f) < 1e-6 &&
	            fabs(s->b[0].z[0] - 0.965f) < 1e-6);
	free(s);
}

/* ---- synthetic CWA ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t cwa_stamp(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	return ((uint32_t)(y - 2000) << 26) | (mo << 22) | (d << 17) | (h << 12) | (mi << 6) | s;
}

static void cwa_header(uint8_t *h, const char *annotation)
{
	memset(h, 0xff, 1024);
	h[0] = 'M', h[1] = 'D';
	put16(h + 2, 1020);
	h[4] = 0x17;
	put16(h + 5, 1234);
	memset(h + 64, ' ', 448);
	memcpy(h + 64, annotation, strlen(annotation));
}

static void cwa_checksum(uint8_t *s)
{
	uint16_t sum = 0;
	put16(s + 510, 0);
	for (int i = 0; i < 510; i += 2)
		sum = (uint16_t)(sum + (s[i] | (s[i + 1] << 8)));
	put16(s + 510, (uint16_t)(0x10000 - sum));
}

/* A packed 3-axis data block at 100 Hz, +-8 g, with sample i = (i, -i, 2i)
 * scaled by exponent e. */
static void cwa_block(uint8_t *s, uint32_t seq, uint32_t stamp, uint16_t frac, int16_t toff,
                      unsigned e)
{
	memset(s, 0, 512);
	s[0] = 'A', s[1] = 'X';
	put16(s + 2, 508);
	put16(s + 4, frac);
	put32(s + 6, 7);
	put32(s + 10, seq);
	put32(s + 14, stamp);
	s[24] = 0x4a; /* 100 Hz, +-8 g */
	s[25] = 0x30;
	put16(s + 26, (uint16_t)toff);
	put16(s + 28, 120);
	for (unsigned i = 0; i < 120; i++) {
		int x = (int)i, y = -(int)i, z = 2 * (int)i;
		uint32_t v = ((uint32_t)x & 0x3ff) | (((uint32_t)y & 0x3ff) << 10) |
		             (((uint32_t)z & 0x3ff) << 20) | ((uint32_t)e << 30);
		put32(s + 30 + 4 * i, v);
	}
	cwa_checksum(s);
}

static void test_cwa_synthetic(void **state)
{
	size_t len = 1024 + 3 * 512;
	uint8_t *f = calloc(1, len);
	struct budge_accel_device dev;
	struct seen *whole = calloc(1, sizeof(*whole)), *bytewise = calloc(1, sizeof(*bytewise));

	cwa_header(f, "_p=left+thigh&_sc=1");
	/* block 0: whole second 12:00:00 at sample 0; block 1 at 12:00:01
	 * (sample 100 -> offset -20); block 2: fractional time .5 s */
	cwa_block(f + 1024, 0, cwa_stamp(2024, 3, 1, 12, 0, 0), 0, 0, 0);
	cwa_block(f + 1536, 1, cwa_stamp(2024, 3, 1, 12, 0, 1), 0, -20, 2);
	/* 2.4 s = sample 240 = offset 0 of block 2: 12:00:02.4 -> whole 2 s,
	 * fraction 13107/32768 s; the device stores 0 - (frac16 * 100 >> 16) = -39 */
	cwa_block(f + 2048, 2, cwa_stamp(2024, 3, 1, 12, 0, 2),
	          (uint16_t)(0x8000 | (uint16_t)(0.4 * 32768)), -39, 3);
	assert_int_equal(decode_mem(BUDGE_ACCEL_CWA, f, len, len, whole, &dev), 0);
	assert_int_equal(decode_mem(BUDGE_ACCEL_CWA, f, len, 1, bytewise, &dev), 0);
	assert_int_equal(dev.site, BUDGE_SITE_THIGH);
	assert_int_equal(dev.device_id, 1234);
	for (struct seen *s = whole; s; s = s == whole ? bytewise : NULL) {
		assert_int_equal(s->nproblems, 0);
		assert_int_equal(s->blocks, 3);
		assert_int_equal(s->samples, 360);
		int64_t t0 = (int64_t)(19783) * 86400 * 1000000 + INT64_C(12) * 3600 * 1000000;
		assert_int_equal(s->b[0].start_us, t0);
		assert_true(fabs(s->b[0].rate - 100.0) < 1e-9);
		assert_true(llabs(s->b[1].start_us - (t0 + 1200000)) <= 1);
		assert_true(llabs(s->b[2].start_us - (t0 + 2400000)) <= 20);
		/* values: i/256 << e */
		assert_true(s->b[0].x[5] == 5.0f / 256 && s->b[0].y[5] == -5.0f / 256 &&
		            s->b[0].z[5] == 10.0f / 256);
		assert_true(s->b[1].x[3] == 12.0f / 256 && s->b[1].y[3] == -12.0f / 256);
		assert_true(s->b[2].z[7] == 112.0f / 256);
	}
	free(whole);
	free(bytewise);
	free(f);
}

static void test_cwa_unpacked(void **state)
{
	uint8_t f[1024 + 1024];
	struct budge_accel_device dev;
	struct seen *s = calloc(1, sizeof(*s));

	cwa_header(f, "");
	/* 3-axis 16-bit */
	uint8_t *b = f + 1024;
	cwa_block(b, 0, cwa_stamp(2024, 3, 1, 12, 0, 0), 0, 0, 0);
	b[25] = 0x32;
	put16(b + 28, 80);
	for (int i = 0; i < 80; i++) {
		put16(b + 30 + 6 * i, (uint16_t)(int16_t)(256 * i));
		put16(b + 32 + 6 * i, (uint16_t)(int16_t)(-128));
		put16(b + 34 + 6 * i, 512);
	}
	cwa_checksum(b);
	/* AX6: gyro then accel, accel unit 2^(8+3) = 2048 (light top bits 3) */
	b = f + 1536;
	cwa_block(b, 1, cwa_stamp(2024, 3, 1, 12, 0, 1), 0, 0, 0);
	b[25] = 0x62;
	put16(b + 18, 3u << 13);
	put16(b + 28, 40);
	for (int i = 0; i < 40; i++) {
		put16(b + 30 + 12 * i + 6, 2048);
		put16(b + 30 + 12 * i + 8, (uint16_t)(int16_t)-1024);
		put16(b + 30 + 12 * i + 10, 0);
	}
	cwa_checksum(b);
	assert_int_equal(decode_mem(BUDGE_ACCEL_CWA, f, sizeof(f), 700, s, &dev), 0);
	assert_int_equal(s->nproblems, 0);
	assert_int_equal(s->samples, 120);
	assert_int_equal(s->b[0].n, 80);
	assert_true(s->b[0].x[3] == 3.0f && s->b[0].y[3] == -0.5f && s->b[0].z[3] == 2.0f);
	assert_int_equal(s->b[1].n, 40);
	assert_true(s->b[1].x[0] == 1.0f && s->b[1].y[0] == -0.5f && s->b[1].z[0] == 0.0f);
	assert_string_equal(dev.type, "AX6");
	free(s);
}

struct cwa_bad_case {
	const char *name;
	size_t len; /* bytes of the synthetic file to use */
	void (*mutate)(uint8_t *f);
	int ret;            /* expected result of push/finish */
	int problems;       /* expected problem count */
	uint64_t offset;    /* of the first problem */
	const char *needle; /* in the first problem's message */
	uint64_t samples;
};

static void mut_magic(uint8_t *f)
{
	f[0] = 'X';
}
static void mut_none(uint8_t *f)
{
	(void)f;
}
static void mut_checksum(uint8_t *f)
{
	f[1536 + 100] ^= 0x55;
}
static void mut_notax(uint8_t *f)
{
	f[1536] = 'Q';
}
static void mut_format(uint8_t *f)
{
	f[1536 + 25] = 0x44;
	cwa_checksum(f + 1536);
}
static void mut_count(uint8_t *f)
{
	put16(f + 1536 + 28, 121);
	cwa_checksum(f + 1536);
}
static void mut_time(uint8_t *f)
{
	put32(f + 1536 + 14, cwa_stamp(2024, 13, 1, 12, 0, 0));
	cwa_checksum(f + 1536);
}
static void mut_erased(uint8_t *f)
{
	memset(f + 1536, 0xff, 512);
}

static void test_cwa_bad(void **state)
{
	static const struct cwa_bad_case cases[] = {
	    {"wrong magic", 2048, mut_magic, -EBADMSG, 1, 0, "MD", 0},
	    {"header truncated", 600, mut_none, -EBADMSG, 1, 600, "header", 0},
	    {"last block truncated", 2048 - 100, mut_none, 0, 1, 1536, "truncated", 120},
	    {"bad checksum", 2048, mut_checksum, 0, 1, 1536, "checksum", 120},
	    {"not AX", 2048, mut_notax, 0, 1, 1536, "AX", 120},
	    {"unknown format", 2048, mut_format, 0, 1, 1536, "format", 120},
	    {"too many samples", 2048, mut_count, 0, 1, 1536, "fit", 120},
	    {"invalid timestamp", 2048, mut_time, 0, 1, 1536, "timestamp", 120},
	    {"erased sector", 2048, mut_erased, 0, 0, 0, NULL, 120},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cwa_bad_case *c = &cases[i];
		uint8_t f[2048];
		struct budge_accel_device dev;
		struct seen *s = calloc(1, sizeof(*s));
		cwa_header(f, "");
		cwa_block(f + 1024, 0, cwa_stamp(2024, 3, 1, 12, 0, 0), 0, 0, 0);
		cwa_block(f + 1536, 1, cwa_stamp(2024, 3, 1, 12, 0, 1), 0, -20, 0);
		c->mutate(f);
		print_message("case: %s\n", c->name);
		assert_int_equal(decode_mem(BUDGE_ACCEL_CWA, f, c->len, 333, s, &dev), c->ret);
		assert_int_equal(s->nproblems, c->problems);
		if (c->problems) {
			assert_int_equal(s->poff[0], c->offset);
			assert_non_null(strstr(s->pmsg[0], c->needle));
		}
		assert_int_equal(s->samples, c->samples);
		free(s);
	}
}

/* ---- synthetic GT3X ---- */

struct buf {
	uint8_t d[8192];
	size_t n;
};

static void rec(struct buf *b, uint8_t type, uint32_t ts, const uint8_t *pl, uint16_t size)
{
	uint8_t *r = b->d + b->n, x = 0;
	r[0] = 0x1e;
	r[1] = type;
	put32(r + 2, ts);
	put16(r + 6, size);
	memcpy(r + 8, pl, size);
	for (size_t i = 0; i < 8u + size; i++)
		x ^= r[i];
	r[8 + size] = (uint8_t)~x;
	b->n += 9u + size;
}

/* Pack n samples of 3 12-bit values (in the order given) big-endian. */
static uint16_t pack12(uint8_t *out, const int *v, size_t count)
{
	size_t bit = 0;
	memset(out, 0, (count * 12 + 7) / 8);
	for (size_t i = 0; i < count; i++, bit += 12) {
		unsigned u = (unsigned)v[i] & 0xfff;
		for (int k = 11; k >= 0; k--) {
			size_t b = bit + (size_t)(11 - k);
			if (u & (1u << k))
				out[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		}
	}
	return (uint16_t)((count * 12 + 7) / 8);
}

static const char gt3x_info[] = "\xef\xbb\xbfSerial Number: NEO1A23456789\r\n"
                                "Device Type: GT3X+\r\nFirmware: 2.5.0\r\nSample Rate: 2\r\n"
                                "Limb: Thigh\r\nTimeZone: -04:30:00\r\n";

static int decode_gt3x_mem(const char *info, const struct buf *log, size_t chunk, struct seen *s,
                           struct budge_accel_device *dev)
{
	struct budge_accel_sink sink = {.block = on_block, .problem = on_problem, .userdata = s};
	struct budge_accel_decoder *d;
	int r = budge_accel_decoder_create(BUDGE_ACCEL_GT3X, &sink, dev, &d);
	assert_int_equal(r, 0);
	if (info)
		r = budge_accel_gt3x_info(d, info, strlen(info));
	for (size_t off = 0; off < log->n && r == 0; off += chunk) {
		size_t n = log->n - off < chunk ? log->n - off : chunk;
		r = budge_accel_decoder_push(d, log->d + off, n);
	}
	if (r == 0)
		r = budge_accel_decoder_finish(d);
	budge_accel_decoder_destroy(d);
	return r;
}

static void test_gt3x_synthetic(void **state)
{
	struct buf *log = calloc(1, sizeof(*log));
	uint8_t pl[64];
	/* second 1000: ACTIVITY (Y,X,Z order) samples (x,y,z) = (341,-341,682),
	 * (-1,2047,-2048) */
	int v1[] = {-341, 341, 682, 2047, -1, -2048};
	uint16_t n1 = pack12(pl, v1, 6);
	rec(log, 0x00, 1000, pl, n1);
	/* USB marker, metadata: ignored */
	rec(log, 0x00, 1000, (const uint8_t *)"\x01", 1);
	rec(log, 0x06, 1000, (const uint8_t *)"{}", 2);
	/* second 1001: ACTIVITY2 (x,y,z) = (682, 0, -341), (1, 2, 3) */
	uint8_t a2[12];
	int v2[] = {682, 0, -341, 1, 2, 3};
	for (int i = 0; i < 6; i++)
		put16(a2 + 2 * i, (uint16_t)(int16_t)v2[i]);
	rec(log, 0x1a, 1001, a2, 12);
	/* second 1005 (a gap): ACTIVITY3, X,Y,Z order */
	int v3[] = {100, 200, 300, -100, -200, -300};
	uint16_t n3 = pack12(pl, v3, 6);
	rec(log, 0x1b, 1005, pl, n3);

	for (size_t chunk = 1; chunk <= 4096; chunk *= 64) {
		struct budge_accel_device dev;
		struct seen *s = calloc(1, sizeof(*s));
		assert_int_equal(decode_gt3x_mem(gt3x_info, log, chunk, s, &dev), 0);
		assert_int_equal(s->nproblems, 0);
		assert_string_equal(dev.serial, "NEO1A23456789");
		assert_string_equal(dev.type, "GT3X+");
		assert_int_equal(dev.site, BUDGE_SITE_THIGH);
		assert_int_equal(dev.utc_offset_s, -(4 * 3600 + 30 * 60));
		assert_true(dev.sample_rate_hz == 2.0);
		assert_int_equal(s->blocks, 2);
		assert_int_equal(s->samples, 6);
		assert_int_equal(s->b[0].start_us, INT64_C(1000000000));
		assert_int_equal(s->b[0].n, 4);
		assert_int_equal(s->b[1].start_us, INT64_C(1005000000));
		/* NEO: 341 counts per g */
		assert_true(fabsf(s->b[0].x[0] - 1.0f) < 1e-6f);
		assert_true(fabsf(s->b[0].y[0] + 1.0f) < 1e-6f);
		assert_true(fabsf(s->b[0].z[0] - 2.0f) < 1e-6f);
		assert_true(fabsf(s->b[0].x[1] + 1.0f / 341) < 1e-6f);
		assert_true(fabsf(s->b[0].y[1] - 2047.0f / 341) < 1e-5f);
		assert_true(fabsf(s->b[0].z[1] + 2048.0f / 341) < 1e-5f);
		assert_true(fabsf(s->b[0].x[2] - 2.0f) < 1e-6f);
		assert_true(fabsf(s->b[0].z[3] - 3.0f / 341) < 1e-6f);
		assert_true(fabsf(s->b[1].y[1] + 200.0f / 341) < 1e-6f);
		free(s);
	}
	free(log);
}

static void test_gt3x_bad(void **state)
{
	uint8_t pl[16];
	int v[] = {1, 2, 3, 4, 5, 6};
	uint16_t n = pack12(pl, v, 6);
	struct budge_accel_device dev;

	/* a bad checksum, garbage between records, a truncated record */
	struct buf *log = calloc(1, sizeof(*log));
	rec(log, 0x00, 10, pl, n);
	size_t bad = log->n;
	rec(log, 0x00, 11, pl, n);
	log->d[bad + 10] ^= 1;
	size_t junk = log->n;
	memcpy(log->d + log->n, "junk", 4);
	log->n += 4;
	rec(log, 0x00, 12, pl, n);
	size_t trunc = log->n;
	rec(log, 0x00, 13, pl, n);
	log->n -= 3;
	struct seen *s = calloc(1, sizeof(*s));
	assert_int_equal(decode_gt3x_mem(gt3x_info, log, 5, s, &dev), 0);
	assert_int_equal(s->nproblems, 3);
	assert_int_equal(s->poff[0], bad);
	assert_non_null(strstr(s->pmsg[0], "checksum"));
	assert_int_equal(s->poff[1], junk);
	assert_non_null(strstr(s->pmsg[1], "4 bytes skipped"));
	assert_int_equal(s->poff[2], trunc);
	assert_non_null(strstr(s->pmsg[2], "truncated"));
	assert_int_equal(s->samples, 4);
	free(s);

	/* not a log at all (the zip itself) */
	memcpy(log->d, "PK\3\4", 4);
	log->n = 4;
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_gt3x_mem(gt3x_info, log, 64, s, &dev), -EBADMSG);
	assert_int_equal(s->nproblems, 1);
	assert_non_null(strstr(s->pmsg[0], "log.bin"));
	free(s);

	/* trailing zero padding is not a problem; info without a rate: inferred */
	log->n = 0;
	rec(log, 0x00, 10, pl, n);
	memset(log->d + log->n, 0, 7);
	log->n += 7;
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_gt3x_mem("Serial Number: MOS0\n", log, 3, s, &dev), 0);
	assert_int_equal(s->nproblems, 0);
	assert_true(dev.sample_rate_hz == 2.0);
	assert_true(s->b[0].x[0] == 2.0f / 256); /* MOS: 256 counts per g, Y,X,Z order */
	free(s);

	/* info.txt that is not one */
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_gt3x_mem("garbage without colon", log, 3, s, &dev), -EBADMSG);
	free(s);
	free(log);
}

/* ---- CSV ---- */

struct csv_case {
	const char *name;
	const char *text;
	int ret;
	uint64_t samples;
	int blocks;
	double rate;
	int64_t start_us;
	int problems;
	uint64_t line; /* of the first problem */
	const char *needle;
};

static void test_csv_table(void **state)
{
	static const struct csv_case cases[] = {
	    {"iso time, header, 10 Hz",
	     "time,x,y,z\n2024-01-02 03:04:05.000,0.1,0.2,0.3\n"
	     "2024-01-02 03:04:05.100,0.1,0.2,0.3\n2024-01-02 03:04:05.200,0,0,1\n"
	     "2024-01-02 03:04:05.300,0,0,1\n",
	     0, 4, 1, 10, INT64_C(1704164645000000), 0, 0, NULL},
	    {"T and Z, CRLF, a gap makes 2 blocks",
	     "timestamp,acc_x,acc_y,acc_z\r\n2024-01-02T03:04:05Z,0,0,1\r\n"
	     "2024-01-02T03:04:06Z,0,0,1\r\n2024-01-02T03:04:07Z,0,0,1\r\n"
	     "2024-01-02T03:04:20Z,0,0,1\r\n",
	     0, 4, 2, 1, INT64_C(1704164645000000), 0, 0, NULL},
	    {"zone offset",
	     "t,x,y,z\n2024-01-02T05:04:05+02:00,0,0,1\n2024-01-02T05:04:05.5+02:00,0,0,1\n", 0, 2,
	     1, 2, INT64_C(1704164645000000), 0, 0, NULL},
	    {"Unix seconds, no header, semicolons",
	     "1700000000.00;1;2;3\n1700000000.02;1;2;3\n1700000000.04;1;2;3\n", 0, 3, 1, 50,
	     INT64_C(1700000000000000), 0, 0, NULL},
	    {"seconds from the start need the start",
	     "0.00;1;2;3\n0.02;1;2;3\n0.04;1;2;3\n", -EBADMSG, 0, 0, 0, 0, 1, 1, "--start"},
	    {"columns by name", "x,y,z,time\n1,2,3,1700000010\n1,2,3,1700000010.5\n", 0, 2, 1, 2,
	     INT64_C(1700000010000000), 0, 0, NULL},
	    {"garbage lines",
	     "time,x,y,z\n1700000001,0,0,1\n1700000002,0,0,1\n1700000003,0,0,1\n"
	     "1700000004,0,0,1\n1700000005,zero,0,1\n1700000006,0,0,1\n1700000007,0,0\n"
	     "1700000008,0,0,1\n",
	     0, 6, 3, 1, INT64_C(1700000001000000), 2, 6, "numbers"},
	    {"bad time", "time,x,y,z\n1700000001,0,0,1\nyesterday,0,0,1\n1700000002,0,0,1\n", 0, 2,
	     1, 1, INT64_C(1700000001000000), 1, 3, "ISO 8601"},
	    {"xyz with comment timing", "# 25 Hz; start 2020-05-06 07:08:09\nX,Y,Z\n1,2,3\n4,5,6\n",
	     0, 2, 1, 25, INT64_C(1588748889000000), 0, 0, NULL},
	    {"xyz without timing", "x,y,z\n1,2,3\n", -EBADMSG, 0, 0, 0, 0, 1, 1, "sample rate"},
	    {"too few columns", "a,b\n1,2\n", -EBADMSG, 0, 0, 0, 0, 1, 1, "3 columns"},
	    {"empty", "# nothing\n\n", -EBADMSG, 0, 0, 0, 0, 1, 0, "no data"},
	    {"one timestamp only", "time,x,y,z\n1700000001,0,0,1\n", -EBADMSG, 0, 0, 0, 0, 1, 2,
	     "sample rate"},
	    {"ActiLife export",
	     "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v2.5.0 "
	     "date format d/M/yyyy at 30 Hz  Filter Normal -----------\r\n"
	     "Serial Number: MOS2E39180594\r\nStart Time 15:02:00\r\nStart Date 24/4/2023\r\n"
	     "Epoch Period (hh:mm:ss) 00:00:00\r\nDownload Time 11:49:54\r\n"
	     "Download Date 25/4/2023\r\nCurrent Memory Address: 0\r\n"
	     "Current Battery Voltage: 4.03     Mode = 12\r\n"
	     "--------------------------------------------------\r\n"
	     "Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\r\n"
	     "24/04/2023 15:02:00.000,0.211,-0.105,0.965\r\n"
	     "24/04/2023 15:02:00.033,0.230,-0.074,0.973\r\n",
	     0, 2, 1, 30, INT64_C(1682348520000000), 0, 0, NULL},
	    {"implausible rate", "time,x,y,z\n1700000000,0,0,1\n1e10,0,0,1\n", -EBADMSG, 0, 0, 0, 0, 1, 2,
	     "implausible"},
	    {"header only", "time,x,y,z\n", -EBADMSG, 0, 0, 0, 0, 1, 1, "no valid data"},
	    {"xyz header only", "# 30 Hz; start 2020-01-01 00:00:00\nx,y,z\n", -EBADMSG, 0, 0, 0, 0,
	     1, 2, "no valid data"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *c = &cases[i];
		for (size_t chunk = 1; chunk <= 4096; chunk *= 4096) {
			struct budge_accel_device dev;
			struct seen *s = calloc(1, sizeof(*s));
			print_message("case: %s (chunk %zu)\n", c->name, chunk);
			assert_int_equal(
			    decode_mem(BUDGE_ACCEL_CSV, c->text, strlen(c->text), chunk, s, &dev),
			    c->ret);
			assert_int_equal(s->samples, c->samples);
			assert_int_equal(s->nproblems, c->problems);
			if (c->problems) {
				assert_int_equal(s->pline[0], c->line);
				assert_non_null(strstr(s->pmsg[0], c->needle));
			}
			if (c->ret == 0) {
				assert_int_equal(s->blocks, c->blocks);
				assert_true(fabs(s->b[0].rate - c->rate) < 1e-9);
				assert_int_equal(s->b[0].start_us, c->start_us);
			}
			free(s);
		}
	}
}


/* ---- CSV: units, time counts and columns, guessed and said ---- */

struct guess_case {
	const char *name;
	const char *header;  /* NULL: none */
	const char *layout;  /* per column: t x y z, or - (a column to ignore) */
	int time;            /* 0 none, 1 seconds from 0, 2 Unix ms, 3 Unix ns, 4 Unix s */
	double vx, vy, vz;   /* the values written, in the file's unit */
	const char *units, *columns, *start; /* options, NULL = not given */
	int ret;
	double x_g, z_g;     /* first sample as decoded */
	int64_t start_us;
	const char *note, *problem; /* needles, NULL = none expected */
};

#define T0 INT64_C(1709285400) /* 2024-03-01 09:30:00 UTC */

static size_t guess_text(const struct guess_case *c, char *buf, size_t len)
{
	size_t n = 0;
	if (c->time == 0)
		n += (size_t)snprintf(buf + n, len - n, "# 100 Hz\n");
	if (c->header)
		n += (size_t)snprintf(buf + n, len - n, "%s\n", c->header);
	for (int i = 0; i < 200; i++) {
		for (const char *l = c->layout; *l; l++) {
			char f[48];
			switch (*l) {
			case 't':
				if (c->time == 1)
					snprintf(f, sizeof(f), "%.2f", i * 0.01);
				else if (c->time == 2)
					snprintf(f, sizeof(f), "%" PRId64, T0 * 1000 + i * 10);
				else if (c->time == 3)
					snprintf(f, sizeof(f), "%" PRId64 "0000000", T0 * 100 + i);
				else
					snprintf(f, sizeof(f), "%" PRId64 ".%02d", T0 + i / 100, i % 100);
				break;
			case 'x': snprintf(f, sizeof(f), "%g", c->vx); break;
			case 'y': snprintf(f, sizeof(f), "%g", c->vy); break;
			case 'z': snprintf(f, sizeof(f), "%g", c->vz); break;
			default: snprintf(f, sizeof(f), "%d", i); break;
			}
			n += (size_t)snprintf(buf + n, len - n, "%s%s", l == c->layout ? "" : ",", f);
		}
		n += (size_t)snprintf(buf + n, len - n, "\n");
	}
	return n;
}

static void test_csv_guesses(void **state)
{
	static const struct guess_case cases[] = {
	    {"phyphox, seconds from the start and m/s^2, with --start",
	     "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\","
	     "\"Acceleration z (m/s^2)\",\"Absolute acceleration (m/s^2)\"",
	     "txyz-", 1, 0.981, 0, 9.7, NULL, NULL, "2024-03-01 09:30:00", 0, 0.1, 0.98913,
	     T0 * 1000000, "from the start", NULL},
	    {"phyphox without --start", "\"Time (s)\",\"X (m/s^2)\",\"Y (m/s^2)\",\"Z (m/s^2)\"",
	     "txyz", 1, 0, 0, 9.8, NULL, NULL, NULL, -EBADMSG, 0, 0, 0, NULL, "give --start"},
	    {"Unix ms, no unit, m/s^2 by magnitude", "time,x,y,z", "txyz", 2, 0, 0, 9.80665, NULL,
	     NULL, NULL, 0, 0, 1, T0 * 1000000, "taken as m/s²", NULL},
	    {"mg by magnitude", "time,x,y,z", "txyz", 4, 0, 0, 1000, NULL, NULL, NULL, 0, 0, 1,
	     T0 * 1000000, "taken as mg", NULL},
	    {"g by magnitude, said", "time,x,y,z", "txyz", 4, 0.6, 0, 0.8, NULL, NULL, NULL, 0, 0.6,
	     0.8, T0 * 1000000, "taken as g", NULL},
	    {"header says g, values are m/s^2", "time,x (g),y (g),z (g)", "txyz", 4, 0, 0, 9.81,
	     NULL, NULL, NULL, -EBADMSG, 0, 0, 0, NULL, "--units m/s2"},
	    {"--units overrides the header", "time,x (g),y (g),z (g)", "txyz", 4, 0, 0, 9.80665,
	     "m/s2", NULL, NULL, 0, 0, 1, T0 * 1000000, NULL, NULL},
	    {"linear acceleration (no gravity) refused", "time,x [m/s2],y [m/s2],z [m/s2]", "txyz",
	     4, 0.01, 0.02, 0.05, NULL, NULL, NULL, -EBADMSG, 0, 0, 0, NULL, "without gravity"},
	    {"Sensor Logger: ns since 1970, time,seconds_elapsed,z,y,x",
	     "time,seconds_elapsed,z,y,x", "t-zyx", 3, 2.45, 0, 9.5, NULL, NULL, NULL, 0, 0.24983,
	     0.96873, T0 * 1000000, "nanoseconds", NULL},
	    {"header names unknown: by position, said", "a,b,c,d", "txyz", 4, 0, 0, 1, NULL, NULL,
	     NULL, 0, 0, 1, T0 * 1000000, "took column 1 as time and columns 2, 3, 4", NULL},
	    {"--columns", "n,when,acc1,acc2,acc3", "-tzyx", 4, 0.5, 0, 0.866, NULL, "-,time,z,y,x",
	     NULL, 0, 0.5, 0.866, T0 * 1000000, NULL, NULL},
	    {"magnitude fits no unit: g, said", "time,x,y,z", "txyz", 4, 1, 2, 3, NULL, NULL, NULL,
	     0, 1, 3, T0 * 1000000, "give --units", NULL},
	    {"no time column, --start", "x,y,z", "xyz", 0, 0, 0, 1, NULL, NULL,
	     "2024-03-01T09:30:00Z", 0, 0, 1, T0 * 1000000, NULL, NULL},
	    {"no time column, no start", "x,y,z", "xyz", 0, 0, 0, 1, NULL, NULL, NULL, -EBADMSG, 0,
	     0, 0, NULL, "no start time"},
	};
	static char text[64 * 1024];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct guess_case *c = &cases[i];
		struct budge_accel_csv_options o = {0};
		struct budge_accel_device dev;
		struct seen *s = calloc(1, sizeof(*s));
		char msg[160];
		size_t n = guess_text(c, text, sizeof(text));

		print_message("case: %s\n", c->name);
		if (c->units)
			assert_int_equal(budge_accel_unit_parse(c->units, &o.unit), 0);
		if (c->columns)
			assert_int_equal(budge_accel_csv_columns_parse(c->columns, &o, msg, sizeof(msg)),
			                 0);
		if (c->start) {
			assert_int_equal(budge_accel_time_parse(c->start, &o.start_us), 0);
			o.have_start = true;
		}
		s->csv = &o;
		assert_int_equal(decode_mem(BUDGE_ACCEL_CSV, text, n, 997, s, &dev), c->ret);
		if (c->problem) {
			assert_true(s->nproblems >= 1);
			assert_non_null(strstr(s->pmsg[0], c->problem));
		} else {
			assert_int_equal(s->nproblems, 0);
		}
		if (c->note)
			assert_non_null(strstr(s->notes, c->note));
		if (c->ret == 0) {
			assert_int_equal(s->samples, 200);
			assert_int_equal(s->b[0].start_us, c->start_us);
			assert_true(fabs(s->b[0].x[0] - c->x_g) < 1e-4);
			assert_true(fabs(s->b[0].z[0] - c->z_g) < 1e-4);
		}
		free(s);
	}
}

static void test_csv_columns_parse(void **state)
{
	static const struct {
		const char *list;
		int ret;
		const char *needle;
	} cases[] = {
	    {"time,x,y,z", 0, NULL},        {"-,t,z,y,x", 0, NULL},
	    {"x,y,z", 0, NULL},             {"x,y", -EINVAL, "each be named once"},
	    {"x,x,y,z", -EINVAL, "twice"},  {"time,x,y,w", -EINVAL, "'w' is not"},
	    {"time,,x,y,z", -EINVAL, "'' is not"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct budge_accel_csv_options o = {0};
		char msg[160] = "";
		assert_int_equal(budge_accel_csv_columns_parse(cases[i].list, &o, msg, sizeof(msg)),
		                 cases[i].ret);
		if (cases[i].needle)
			assert_non_null(strstr(msg, cases[i].needle));
	}
}

static void test_csv_long_and_timing_call(void **state)
{
	struct budge_accel_sink sink = {.block = on_block, .problem = on_problem};
	struct budge_accel_decoder *d;
	struct budge_accel_device dev;
	struct seen *s = calloc(1, sizeof(*s));
	char line[3000];

	sink.userdata = s;
	assert_int_equal(budge_accel_decoder_create(BUDGE_ACCEL_CSV, &sink, &dev, &d), 0);
	assert_int_equal(budge_accel_csv_set_timing(d, 0, 0), -EINVAL);
	assert_int_equal(budge_accel_csv_set_timing(d, 50, INT64_C(1000000)), 0);
	const char *head = "x,y,z\n1,2,3\n";
	assert_int_equal(budge_accel_decoder_push(d, (const uint8_t *)head, strlen(head)), 0);
	memset(line, '7', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	assert_int_equal(budge_accel_decoder_push(d, (const uint8_t *)line, sizeof(line)), 0);
	/* BUDGE_ACCEL_MAX_BLOCK + 10 more samples: two blocks, contiguous */
	for (int i = 0; i < BUDGE_ACCEL_MAX_BLOCK + 10; i++)
		assert_int_equal(budge_accel_decoder_push(d, (const uint8_t *)"0,0,1\n", 6), 0);
	assert_int_equal(budge_accel_decoder_finish(d), 0);
	budge_accel_decoder_destroy(d);
	assert_int_equal(s->nproblems, 1);
	assert_int_equal(s->pline[0], 3);
	assert_non_null(strstr(s->pmsg[0], "longer"));
	assert_int_equal(s->samples, BUDGE_ACCEL_MAX_BLOCK + 11);
	assert_int_equal(s->blocks, 2);
	assert_int_equal(s->b[0].start_us, 1000000);
	assert_int_equal(s->gaps, 0);
	assert_true(s->max_jitter_us < 1);
	/* wrong decoder type */
	assert_int_equal(budge_accel_decoder_create(BUDGE_ACCEL_CWA, &sink, &dev, &d), 0);
	assert_int_equal(budge_accel_csv_set_timing(d, 50, 0), -ENOTSUP);
	assert_int_equal(budge_accel_gt3x_info(d, "a: b", 4), -ENOTSUP);
	budge_accel_decoder_destroy(d);
	free(s);
}

static void test_csv_give_up(void **state)
{
	/* a text file whose lines are not samples: stop after 1000 bad lines */
	size_t len = 0, cap = 64 * 1024;
	char *text = malloc(cap);
	struct budge_accel_device dev;
	struct seen *s = calloc(1, sizeof(*s));
	len += (size_t)snprintf(text, cap, "when,a,b,c\n");
	for (int i = 0; i < 3000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%d/1/2024 10:00,a,b,c\n", i % 28 + 1);
	assert_int_equal(decode_mem(BUDGE_ACCEL_CSV, text, len, 4096, s, &dev), -EBADMSG);
	assert_int_equal(s->nproblems, 1001);
	assert_int_equal(s->samples, 0);
	free(text);
	free(s);
}

static void test_sink_stop(void **state)
{
	/* a sink error stops decoding and sticks */
	uint8_t f[1024 + 3 * 512];
	struct budge_accel_device dev;
	struct seen *s = calloc(1, sizeof(*s));
	cwa_header(f, "");
	for (int i = 0; i < 3; i++)
		cwa_block(f + 1024 + 512 * i, (uint32_t)i,
		          cwa_stamp(2024, 3, 1, 12, 0, (unsigned)i), 0, (int16_t)(-20 * i), 0);
	s->stop_after = 1;
	assert_int_equal(decode_mem(BUDGE_ACCEL_CWA, f, sizeof(f), 512, s, &dev), -ECANCELED);
	assert_int_equal(s->blocks, 1);
	free(s);
}

static void test_detect(void **state)
{
	static const struct {
		const char *head;
		size_t n;
		const char *name;
		int ret;
		enum budge_accel_format fmt;
	} cases[] = {
	    {"MD\xfc\x03", 4, NULL, 0, BUDGE_ACCEL_CWA},
	    {"PK\3\4", 4, NULL, 0, BUDGE_ACCEL_GT3X},
	    {"\x1e\x06\x00", 3, "x.gt3x", 0, BUDGE_ACCEL_GT3X},
	    {"\x01\x02", 2, "rec.CWA", 0, BUDGE_ACCEL_CWA},
	    {"time,x,y,z\n", 11, NULL, 0, BUDGE_ACCEL_CSV},
	    {"\x01\x02\x00", 3, "rec.bin", -EINVAL, BUDGE_ACCEL_CSV},
	    {"", 0, NULL, -EINVAL, BUDGE_ACCEL_CSV},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum budge_accel_format fmt = BUDGE_ACCEL_CSV;
		assert_int_equal(budge_accel_detect((const uint8_t *)cases[i].head, cases[i].n,
		                                    cases[i].name, &fmt),
		                 cases[i].ret);
		if (cases[i].ret == 0)
			assert_int_equal(fmt, cases[i].fmt);
	}
	assert_string_equal(budge_accel_format_name(BUDGE_ACCEL_GT3X), "gt3x");
}

/* ---- the shell reader: files, gzip, zip ---- */

static char tmpdir[256];

static const char *tmp_path(const char *name)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void write_gz(const char *path, const void *data, size_t n)
{
	gzFile g = gzopen(path, "wb");
	assert_non_null(g);
	assert_int_equal(gzwrite(g, data, (unsigned)n), (int)n);
	gzclose(g);
}

static void test_file_reader(void **state)
{
	struct budge_accel_device dev;
	struct budge_accel_file_info info;
	char err[512];
	struct seen *s;
	const char *csv = "time,x,y,z\n1700000000,0,0,1\n1700000000.5,0,0,1\n1700000001,0,0,1\n";

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/budge-test-decode-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));

	/* missing file */
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("nope.cwa"), s, &dev, &info, err, sizeof(err)),
	                 -ENOENT);
	assert_non_null(strstr(err, "nope.cwa"));
	free(s);

	/* gzip csv, and the same truncated */
	write_gz(tmp_path("a.csv.gz"), csv, strlen(csv));
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("a.csv.gz"), s, &dev, &info, err, sizeof(err)), 0);
	assert_true(info.gzip);
	assert_int_equal(info.format, BUDGE_ACCEL_CSV);
	assert_int_equal(s->samples, 3);
	assert_int_equal(info.stats.samples, 3);
	free(s);
	FILE *f = fopen(tmp_path("a.csv.gz"), "rb");
	uint8_t gz[256];
	size_t gzn = fread(gz, 1, sizeof(gz), f);
	fclose(f);
	write_file(tmp_path("t.csv.gz"), gz, gzn - 6);
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("t.csv.gz"), s, &dev, &info, err, sizeof(err)),
	                 -EBADMSG);
	assert_non_null(strstr(err, "truncated"));
	free(s);
	gz[12] ^= 0xff; /* corrupt deflate data */
	write_file(tmp_path("c.csv.gz"), gz, gzn);
	s = calloc(1, sizeof(*s));
	assert_true(decode_file(tmp_path("c.csv.gz"), s, &dev, &info, err, sizeof(err)) < 0);
	assert_true(err[0] != '\0');
	free(s);

	/* unknown binary, a CWA with a bad magic named .cwa, an empty file */
	write_file(tmp_path("x.bin"), "\x01\x02\x00\x04", 4);
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("x.bin"), s, &dev, &info, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown file format"));
	free(s);
	write_file(tmp_path("x.cwa"), "\x01\x02\x00\x04", 4);
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("x.cwa"), s, &dev, &info, err, sizeof(err)),
	                 -EBADMSG);
	assert_non_null(strstr(err, "MD"));
	free(s);
	write_file(tmp_path("e.csv"), "", 0);
	s = calloc(1, sizeof(*s));
	assert_int_equal(decode_file(tmp_path("e.csv"), s, &dev, &info, err, sizeof(err)),
	                 -EBADMSG);
	free(s);

	/* zip archives: without log.bin, and a good minimal one */
	for (int good = 0; good <= 1; good++) {
		int zerr;
		const char *zp = tmp_path(good ? "good.gt3x" : "nolog.gt3x");
		zip_t *za = zip_open(zp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
		assert_non_null(za);
		zip_source_t *src = zip_source_buffer(za, gt3x_info, strlen(gt3x_info), 0);
		assert_true(zip_file_add(za, "info.txt", src, 0) >= 0);
		static struct buf log;
		uint8_t pl[16];
		int v[] = {1, 2, 3, 4, 5, 6};
		log.n = 0;
		rec(&log, 0x00, 10, pl, pack12(pl, v, 6));
		if (good) {
			src = zip_source_buffer(za, log.d, log.n, 0);
			assert_true(zip_file_add(za, "log.bin", src, 0) >= 0);
		}
		assert_int_equal(zip_close(za), 0);
		s = calloc(1, sizeof(*s));
		int r = decode_file(zp, s, &dev, &info, err, sizeof(err));
		if (good) {
			assert_int_equal(r, 0);
			assert_int_equal(s->samples, 2);
			assert_string_equal(dev.serial, "NEO1A23456789");
		} else {
			assert_int_equal(r, -EBADMSG);
			assert_non_null(strstr(err, "log.bin"));
		}
		free(s);
		unlink(zp);
	}
	unlink(tmp_path("a.csv.gz"));
	unlink(tmp_path("t.csv.gz"));
	unlink(tmp_path("c.csv.gz"));
	unlink(tmp_path("x.bin"));
	unlink(tmp_path("x.cwa"));
	unlink(tmp_path("e.csv"));
	rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cwa_reference),
	    cmocka_unit_test(test_cwa_corrupt),
	    cmocka_unit_test(test_cwa_gz_sequence_reset),
	    cmocka_unit_test(test_gt3x_reference),
	    cmocka_unit_test(test_gt3x_activity2),
	    cmocka_unit_test(test_csv_reference),
	    cmocka_unit_test(test_cwa_synthetic),
	    cmocka_unit_test(test_cwa_unpacked),
	    cmocka_unit_test(test_cwa_bad),
	    cmocka_unit_test(test_gt3x_synthetic),
	    cmocka_unit_test(test_gt3x_bad),
	    cmocka_unit_test(test_csv_table),
	    cmocka_unit_test(test_csv_guesses),
	    cmocka_unit_test(test_csv_columns_parse),
	    cmocka_unit_test(test_csv_long_and_timing_call),
	    cmocka_unit_test(test_csv_give_up),
	    cmocka_unit_test(test_sink_stop),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_file_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
