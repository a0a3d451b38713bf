/* SPDX-License-Identifier: MIT */
/* The wearable analysis pipeline: ActiGraph counts against ActiLife's own
 * output for a real recording, and synthetic signals for ENMO, steps,
 * sedentary time, breaks, thigh posture, non-wear and gaps. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <zlib.h>

#include "budge/accel-pipeline.h"

#define PI 3.14159265358979323846

struct collect {
	struct budge_accel_epoch *epochs;
	size_t n, cap;
	struct budge_accel_gap gaps[8];
	size_t ngaps;
	struct budge_accel_day days[8];
	size_t ndays;
	struct budge_accel_drop drops[8];
	size_t ndrops;
};

static int on_drop(const struct budge_accel_drop *dr, void *ud)
{
	struct collect *c = ud;
	if (c->ndrops < 8)
		c->drops[c->ndrops] = *dr;
	c->ndrops++;
	return 0;
}

static int on_epoch(const struct budge_accel_epoch *e, void *ud)
{
	struct collect *c = ud;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->epochs = realloc(c->epochs, c->cap * sizeof(*c->epochs));
		assert_non_null(c->epochs);
	}
	c->epochs[c->n++] = *e;
	return 0;
}

static int on_gap(const struct budge_accel_gap *g, void *ud)
{
	struct collect *c = ud;
	if (c->ngaps < 8)
		c->gaps[c->ngaps] = *g;
	c->ngaps++;
	return 0;
}

static int on_day(const struct budge_accel_day *d, void *ud)
{
	struct collect *c = ud;
	if (c->ndays < 8)
		c->days[c->ndays] = *d;
	c->ndays++;
	return 0;
}

static struct budge_accel_pipeline *make(struct collect *c, uint32_t epoch_s,
					 enum budge_accel_site site)
{
	struct budge_accel_pipeline *p = NULL;
	struct budge_accel_pipeline_opts o = {.epoch_s = epoch_s, .site = site};
	struct budge_accel_pipeline_sink s = {
		.epoch = on_epoch, .gap = on_gap, .day = on_day, .userdata = c, .drop = on_drop};
	memset(c, 0, sizeof(*c));
	assert_int_equal(budge_accel_pipeline_create(&o, &s, &p), 0);
	return p;
}

/* A synthetic signal generator: fills n samples starting at sample index
 * `first` of a recording at `rate`. */
typedef void (*gen_fn)(double t, float *x, float *y, float *z);

static void feed(struct budge_accel_pipeline *p, int64_t start_us, double rate, size_t n,
		 gen_fn gen)
{
	enum { B = 300 };
	float x[B], y[B], z[B];
	for (size_t done = 0; done < n;) {
		size_t m = n - done < B ? n - done : B;
		for (size_t i = 0; i < m; i++)
			gen((double)(done + i) / rate, &x[i], &y[i], &z[i]);
		struct budge_accel_block b = {
			.start_us = start_us + (int64_t)llround((double)done * 1e6 / rate),
			.rate_hz = rate, .n = m, .x = x, .y = y, .z = z};
		assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
		done += m;
	}
}

/* 2023-04-24 15:02:00 UTC; the test file holds the first 3 h of the
 * recording, 10,800 1-s epochs (tests/data/README.md) */
#define CAL_START_US (1682348520LL * 1000000)
#define CAL_EPOCHS 10800

static void test_counts_actilife(void **state)
{
	const char *data = getenv("BUDGE_TEST_DATA");
	char path[4096];
	struct collect c;
	struct budge_accel_pipeline *p;

	if (!data)
		data = "tests/data";
	snprintf(path, sizeof(path), "%s/accel/calibration_30Hz_xyz_3h.csv.gz", data);
	gzFile gz = gzopen(path, "rb");
	assert_non_null(gz);
	p = make(&c, 1, BUDGE_SITE_WRIST);

	char line[1024];
	float x[900], y[900], z[900];
	size_t n = 0, total = 0, lineno = 0;
	while (gzgets(gz, line, sizeof(line))) {
		lineno++;
		if (line[0] == '#' || line[0] == 'X')
			continue;
		assert_int_equal(sscanf(line, "%f,%f,%f", &x[n], &y[n], &z[n]), 3);
		if (++n == 900) {
			struct budge_accel_block b = {
				.start_us = CAL_START_US + (int64_t)total * 1000000 / 30,
				.rate_hz = 30, .n = n, .x = x, .y = y, .z = z};
			assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
			total += n;
			n = 0;
		}
	}
	gzclose(gz);
	if (n > 0) {
		struct budge_accel_block b = {.start_us = CAL_START_US + (int64_t)total * 1000000 / 30,
					      .rate_hz = 30, .n = n, .x = x, .y = y, .z = z};
		assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
		total += n;
	}
	assert_int_equal(total, 324000);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.n, CAL_EPOCHS);

	snprintf(path, sizeof(path), "%s/accel/calibration1sec_3h.agd", data);
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT axis1, axis2, axis3 FROM data "
					    "ORDER BY dataTimestamp",
					    -1, &st, NULL),
			 SQLITE_OK);
	size_t i = 0, mismatches = 0;
	uint64_t s1 = 0, s2 = 0, s3 = 0, m1 = 0, m2 = 0, m3 = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint32_t a1 = (uint32_t)sqlite3_column_int(st, 0);
		uint32_t a2 = (uint32_t)sqlite3_column_int(st, 1);
		uint32_t a3 = (uint32_t)sqlite3_column_int(st, 2);
		const struct budge_accel_epoch *e = &c.epochs[i];
		assert_int_equal(e->start_us, CAL_START_US + (int64_t)i * 1000000);
		/* ActiLife axis1 = Y, axis2 = X, axis3 = Z */
		if (e->counts[1] != a1 || e->counts[0] != a2 || e->counts[2] != a3) {
			if (mismatches++ < 5)
				print_error("epoch %zu: budge %u %u %u, ActiLife %u %u %u\n", i,
					    e->counts[1], e->counts[0], e->counts[2], a1, a2, a3);
		}
		s1 += a1, s2 += a2, s3 += a3;
		m1 += e->counts[1], m2 += e->counts[0], m3 += e->counts[2];
		i++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(i, CAL_EPOCHS);
	assert_int_equal(mismatches, 0);
	/* ActiLife's sums over the 10,800 epochs (tests/data/README.md) */
	assert_int_equal(m1, 145823);
	assert_int_equal(m2, 206458);
	assert_int_equal(m3, 210321);
	assert_int_equal(s1, m1);
	assert_int_equal(s2, m2);
	assert_int_equal(s3, m3);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

/* A deterministic busy signal: a random walk plus a 2 Hz swing, in g,
 * quantised to 1/256 g like a real device. */
static uint64_t lcg;
static float noise(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (float)((double)(lcg >> 11) / 9007199254740992.0 - 0.5);
}

static void test_counts_rates(void **state)
{
	/* the pipeline's buffered, lane-parallel resampling must give exactly
	 * the counts of the plain serial one-axis filter, at every rate */
	static const int rates[] = {30, 40, 50, 60, 70, 80, 90, 100};
	enum { SECONDS = 300 };
	for (size_t k = 0; k < sizeof(rates) / sizeof(rates[0]); k++) {
		const int rate = rates[k];
		size_t n = (size_t)rate * SECONDS;
		float *v[3];
		for (int a = 0; a < 3; a++) {
			v[a] = malloc(n * sizeof(float));
			assert_non_null(v[a]);
		}
		lcg = (uint64_t)rate;
		double walk[3] = {0};
		for (size_t i = 0; i < n; i++)
			for (int a = 0; a < 3; a++) {
				walk[a] = walk[a] * 0.999 + 0.05 * noise();
				double t = (double)i / rate;
				double sw = (i / (size_t)(rate * 20)) % 2 ? sin(2 * PI * 2 * t) : 0;
				double g = (a == 2 ? 1.0 : 0.0) + walk[a] + 0.6 * sw;
				v[a][i] = (float)(round(g * 256) / 256);
			}
		struct collect c;
		struct budge_accel_pipeline *p = make(&c, 1, BUDGE_SITE_HIP);
		/* blocks of uneven sizes, as decoders produce them */
		for (size_t i = 0, m = 0; i < n; i += m) {
			m = 1 + (i * 7919) % 700;
			if (m > n - i)
				m = n - i;
			struct budge_accel_block b = {
				.start_us = 1700000000LL * 1000000 + (int64_t)i * 1000000 / rate,
				.rate_hz = rate, .n = m, .x = v[0] + i, .y = v[1] + i, .z = v[2] + i};
			assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
		}
		assert_int_equal(budge_accel_pipeline_finish(p), 0);
		assert_int_equal(c.n, SECONDS);
		struct budge_accel_counts ref[3];
		uint64_t total = 0;
		for (int a = 0; a < 3; a++)
			assert_int_equal(budge_accel_counts_init(&ref[a], rate), 0);
		for (size_t e = 0; e < SECONDS; e++)
			for (int a = 0; a < 3; a++) {
				uint32_t want = budge_accel_counts_push(&ref[a], v[a] + e * (size_t)rate,
									(size_t)rate);
				if (c.epochs[e].counts[a] != want)
					print_error("%d Hz epoch %zu axis %d: %u, serial %u\n", rate,
						    e, a, c.epochs[e].counts[a], want);
				assert_int_equal(c.epochs[e].counts[a], want);
				total += want;
			}
		assert_true(total > 10000); /* the signal does produce counts */
		for (int a = 0; a < 3; a++)
			free(v[a]);
		free(c.epochs);
		budge_accel_pipeline_destroy(p);
	}
}

static void gen_still(double t, float *x, float *y, float *z)
{
	(void)t;
	*x = 0, *y = 0, *z = 1;
}

static void test_enmo_constant(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 5, BUDGE_SITE_WRIST);
	feed(p, 1700000000LL * 1000000, 100, 100 * 600, gen_still);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.n, 120);
	for (size_t i = 0; i < c.n; i++) {
		assert_true(c.epochs[i].enmo_mg == 0.0);
		assert_int_equal(c.epochs[i].counts_vm, 0);
		assert_int_equal(c.epochs[i].steps, 0);
		assert_int_equal(c.epochs[i].samples, 500);
	}
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void gen_enmo(double t, float *x, float *y, float *z)
{
	/* |a| = 1.25 g half of the time, 0.5 g the other half: ENMO 125 mg */
	double m = fmod(t, 1.0) < 0.5 ? 1.25 : 0.5;
	*x = 0, *y = (float)(m * 0.6), *z = (float)(m * 0.8);
}

static void test_enmo_value(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 10, BUDGE_SITE_WRIST);
	feed(p, 1700000000LL * 1000000, 50, 50 * 60, gen_enmo);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.n, 6);
	for (size_t i = 0; i < c.n; i++)
		assert_true(fabs(c.epochs[i].enmo_mg - 125.0) < 0.01);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void gen_walk(double t, float *x, float *y, float *z)
{
	double s = sin(2 * PI * 2.0 * t);
	*x = (float)(0.1 * s), *y = (float)(0.1 * s), *z = (float)(1.0 + 0.3 * s);
}

static void test_steps(void **state)
{
	static const double rates[] = {30, 50, 100};
	for (size_t k = 0; k < 3; k++) {
		struct collect c;
		struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_HIP);
		feed(p, 1700000040LL * 1000000, rates[k], (size_t)(rates[k] * 60), gen_walk);
		assert_int_equal(budge_accel_pipeline_finish(p), 0);
		assert_int_equal(c.n, 1);
		/* 2 steps/s for 60 s, minus the 2-s filter warm-up */
		assert_in_range(c.epochs[0].steps, 112, 122);
		free(c.epochs);
		budge_accel_pipeline_destroy(p);
	}
}

/* hip pattern: 20 min still, 10 min walking, three times */
static void gen_hip_pattern(double t, float *x, float *y, float *z)
{
	double m = fmod(t, 1800.0);
	if (m < 1200) {
		*x = 0.01f, *y = 0.99f, *z = 0.05f;
	} else {
		double s = sin(2 * PI * 2.0 * t);
		*x = (float)(0.2 * s), *y = (float)(1.0 + 0.5 * s), *z = (float)(0.2 * s);
	}
}

static void test_sedentary_breaks_hip(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_HIP);
	/* 2023-11-14 10:00:00 UTC */
	feed(p, 1699956000LL * 1000000, 30, 30 * 5400, gen_hip_pattern);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.n, 90);
	assert_int_equal(c.ndays, 1);
	const struct budge_accel_day *d = &c.days[0];
	assert_string_equal(d->date, "2023-11-14");
	assert_int_equal(d->start_s, 1699920000LL);
	assert_int_equal(d->wear_s, 5400);
	assert_int_equal(d->sedentary_s, 3600);
	assert_int_equal(d->breaks, 3);
	assert_int_equal(d->longest_sedentary_bout_s, 1200);
	assert_int_equal(d->light_s + d->moderate_s + d->vigorous_s, 1800);
	assert_in_range(d->steps, 3 * 1160, 3 * 1200);
	for (size_t i = 0; i < c.n; i++) {
		assert_false(c.epochs[i].nonwear);
		assert_int_equal(c.epochs[i].sedentary, (i % 30) < 20);
	}
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

/* thigh: 10 min sitting (thigh horizontal: gravity on z), 5 min standing
 * (thigh vertical: gravity on x), three times */
static void gen_thigh(double t, float *x, float *y, float *z)
{
	double m = fmod(t, 900.0);
	double n = 0.02 * sin(2 * PI * 0.7 * t); /* a little movement */
	if (m < 600)
		*x = (float)(0.17 + n), *y = (float)n, *z = (float)(0.98 - n);
	else
		*x = (float)(0.98 + n), *y = (float)(0.1 - n), *z = (float)(0.15 + n);
}

static void test_thigh(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 30, BUDGE_SITE_THIGH);
	feed(p, 1699956000LL * 1000000, 50, 50 * 2700, gen_thigh);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.ndays, 1);
	assert_int_equal(c.days[0].sedentary_s, 1800);
	assert_int_equal(c.days[0].breaks, 3);
	assert_int_equal(c.days[0].longest_sedentary_bout_s, 600);
	assert_int_equal(c.days[0].light_s, 900);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void test_gap_and_overlap(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_WRIST);
	int64_t t0 = 1699956000LL * 1000000;
	feed(p, t0, 30, 30 * 600, gen_walk);                    /* 10:00-10:10 */
	feed(p, t0 + 1200LL * 1000000, 30, 30 * 600, gen_walk); /* 10:20-10:30 */
	/* a block that overlaps the previous one entirely is dropped */
	feed(p, t0 + 1500LL * 1000000, 30, 30 * 60, gen_walk);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.ngaps, 1);
	assert_int_equal(c.gaps[0].start_us, t0 + 600LL * 1000000);
	assert_int_equal(c.gaps[0].end_us, t0 + 1200LL * 1000000);
	assert_int_equal(c.n, 30);
	for (size_t i = 0; i < c.n; i++) {
		bool in_gap = i >= 10 && i < 20;
		assert_int_equal(c.epochs[i].nonwear, in_gap);
		assert_int_equal(c.epochs[i].samples, in_gap ? 0 : 1800);
	}
	struct budge_accel_totals t;
	budge_accel_pipeline_totals(p, &t);
	assert_int_equal(t.samples, 30 * 1200);
	assert_int_equal(t.dropped, 30 * 60);
	assert_int_equal(t.gaps, 1);
	assert_int_equal(c.days[0].wear_s, 1200);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void gen_hip_walk(double t, float *x, float *y, float *z)
{
	gen_hip_pattern(1200 + t, x, y, z);
}

static void test_fill_gaps(void **state)
{
	/* ActiGraph idle sleep: the gap is filled with the last sample and
	 * still reported; the filled minutes are still, so sedentary */
	struct collect c;
	struct budge_accel_pipeline *p = NULL;
	struct budge_accel_pipeline_opts o = {.epoch_s = 60, .site = BUDGE_SITE_HIP,
					      .fill_gaps = true};
	struct budge_accel_pipeline_sink sk = {
		.epoch = on_epoch, .gap = on_gap, .day = on_day, .userdata = &c};
	memset(&c, 0, sizeof(c));
	assert_int_equal(budge_accel_pipeline_create(&o, &sk, &p), 0);
	int64_t t0 = 1699956000LL * 1000000;
	feed(p, t0, 30, 30 * 600, gen_hip_walk);
	feed(p, t0 + 1200LL * 1000000, 30, 30 * 600, gen_hip_walk);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.ngaps, 1);
	assert_true(c.gaps[0].filled);
	struct budge_accel_totals t;
	budge_accel_pipeline_totals(p, &t);
	assert_int_equal(t.samples, 30 * 1200);
	assert_int_equal(t.filled, 30 * 600);
	assert_int_equal(c.n, 30);
	for (size_t i = 0; i < c.n; i++) {
		assert_false(c.epochs[i].nonwear);
		if (c.epochs[i].samples != 1800)
			print_error("epoch %zu: %u samples\n", i, c.epochs[i].samples);
		assert_int_equal(c.epochs[i].samples, 1800);
		/* the first filled minute may still ring from the walk */
		if (i >= 11 && i < 20)
			assert_int_equal(c.epochs[i].counts[1], 0);
	}
	assert_int_equal(c.days[0].wear_s, 1800);
	assert_in_range(c.days[0].sedentary_s, 540, 600);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void gen_table(double t, float *x, float *y, float *z)
{
	/* 2 h on a table (tiny noise), then 1 h of walking */
	if (t < 7200) {
		double n = 0.002 * sin(2 * PI * 3.3 * t);
		*x = (float)(-0.02 + n), *y = (float)(0.01 - n), *z = (float)(1.0 + n);
	} else {
		gen_walk(t, x, y, z);
	}
}

static void test_nonwear(void **state)
{
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_WRIST);
	feed(p, 1699956000LL * 1000000, 30, 30 * 10800, gen_table);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	assert_int_equal(c.n, 180);
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(c.epochs[i].nonwear, i < 120);
	assert_int_equal(c.days[0].wear_s, 3600);
	free(c.epochs);
	budge_accel_pipeline_destroy(p);
}

static void test_bad_input(void **state)
{
	static const struct {
		uint32_t epoch_s;
		int32_t off;
		int rc;
	} opts[] = {{0, 0, -EINVAL}, {7, 0, -EINVAL}, {120, 0, -EINVAL},
		    {60, 86400, -EINVAL}, {15, 3600, 0}};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct budge_accel_pipeline *p = NULL;
		struct budge_accel_pipeline_opts o = {.epoch_s = opts[i].epoch_s,
						      .utc_offset_s = opts[i].off};
		assert_int_equal(budge_accel_pipeline_create(&o, NULL, &p), opts[i].rc);
		budge_accel_pipeline_destroy(p);
	}
	static const struct {
		double rate;
		int rc;
		bool dropped; /* a rate counts cannot use: the block is dropped, said */
	} rates[] = {{25, 0, true},       {12.5, 0, true},   {0, -EINVAL, false},
		     {-30, -EINVAL, false}, {NAN, -EINVAL, false}, {97.6, 0, false},
		     {30, 0, false},       {120, 0, true}};
	float v[4] = {0, 0, 1, 0};
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct collect c;
		struct budge_accel_pipeline *p = make(&c, 1, BUDGE_SITE_UNKNOWN);
		struct budge_accel_block b = {
			.start_us = 0, .rate_hz = rates[i].rate, .n = 4, .x = v, .y = v, .z = v};
		assert_int_equal(budge_accel_pipeline_push(&b, p), rates[i].rc);
		struct budge_accel_totals t;
		budge_accel_pipeline_totals(p, &t);
		assert_int_equal(t.dropped_rate, rates[i].dropped ? 4 : 0);
		assert_int_equal(c.ndrops, rates[i].dropped ? 1 : 0);
		if (rates[i].dropped)
			assert_int_equal(c.drops[0].reason, BUDGE_DROP_RATE);
		budge_accel_pipeline_destroy(p);
		free(c.epochs);
	}
	/* a jump of more than a year */
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_HIP);
	struct budge_accel_block b = {.start_us = 0, .rate_hz = 30, .n = 4, .x = v, .y = v, .z = v};
	assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
	b.start_us = 400LL * 86400 * 1000000;
	assert_int_equal(budge_accel_pipeline_push(&b, p), -ERANGE);
	budge_accel_pipeline_destroy(p);
	free(c.epochs);
}

/* One block at another rate inside a 30 Hz recording: that block is
 * dropped and said, the rest is used (the whole file used to fail). */
static void test_block_at_other_rate(void **state)
{
	enum { N = 300 };
	static float x[N], y[N], z[N];
	struct collect c;
	struct budge_accel_pipeline *p = make(&c, 60, BUDGE_SITE_HIP);
	struct budge_accel_totals t;

	for (size_t i = 0; i < N; i++)
		z[i] = 1;
	struct budge_accel_block b = {.start_us = 0, .rate_hz = 30, .n = N, .x = x, .y = y, .z = z};
	assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
	b.start_us = 10 * 1000000;
	b.rate_hz = 200;
	b.n = 200;
	assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
	b.start_us = 11 * 1000000;
	b.rate_hz = 30;
	b.n = N;
	assert_int_equal(budge_accel_pipeline_push(&b, p), 0);
	assert_int_equal(budge_accel_pipeline_finish(p), 0);
	budge_accel_pipeline_totals(p, &t);
	assert_int_equal(t.samples, 2 * N);
	assert_int_equal(t.dropped_rate, 200);
	assert_true(t.dropped_rate_hz == 200);
	assert_int_equal(c.ndrops, 1);
	assert_int_equal(c.drops[0].start_us, 10 * 1000000);
	assert_int_equal(c.drops[0].n, 200);
	assert_int_equal(t.gaps, 1); /* the dropped second is a gap */
	budge_accel_pipeline_destroy(p);
	free(c.epochs);
}

static void test_messy_timing(void **state)
{
	/* blocks with jitter, overlaps, backward jumps, gaps and rate
	 * changes: every epoch comes once, in order, on the grid */
	static const double rates[] = {30, 50, 100, 97.6, 31};
	float v[3][700];
	for (int seed = 1; seed <= 20; seed++) {
		struct collect c;
		struct budge_accel_pipeline *p = make(&c, (uint32_t)(seed % 3 ? 5 : 60),
						      BUDGE_SITE_WRIST);
		lcg = (uint64_t)seed;
		int64_t t = 1700000000LL * 1000000;
		double rate = rates[seed % 5];
		uint64_t pushed = 0;
		for (int b = 0; b < 400; b++) {
			size_t n = (size_t)((noise() + 0.5) * 699);
			for (int a = 0; a < 3; a++)
				for (size_t i = 0; i < n; i++)
					v[a][i] = (float)(round(((a == 2) + noise()) * 256) / 256);
			double u = noise() + 0.5;
			int64_t jitter = 0;
			if (u < 0.1)
				jitter = -(int64_t)((noise() + 0.5) * 20e6);   /* overlap */
			else if (u < 0.2)
				jitter = (int64_t)((noise() + 0.5) * 3600e6);  /* gap */
			else if (u < 0.25)
				rate = rates[(size_t)((noise() + 0.5) * 4.99)]; /* new rate */
			else
				jitter = (int64_t)(noise() * 2000);             /* clock jitter */
			t += jitter;
			struct budge_accel_block blk = {.start_us = t, .rate_hz = rate, .n = n,
							.x = v[0], .y = v[1], .z = v[2]};
			int r = budge_accel_pipeline_push(&blk, p);
			assert_int_equal(r, 0);
			pushed += n;
			t += (int64_t)((double)n * 1e6 / rate);
		}
		assert_int_equal(budge_accel_pipeline_finish(p), 0);
		struct budge_accel_totals tot;
		budge_accel_pipeline_totals(p, &tot);
		assert_int_equal(tot.samples + tot.dropped, pushed);
		uint64_t in_epochs = 0;
		for (size_t i = 0; i < c.n; i++) {
			in_epochs += c.epochs[i].samples;
			assert_int_equal(c.epochs[i].start_us % ((int64_t)c.epochs[i].epoch_s * 1000000), 0);
			if (i > 0)
				assert_int_equal(c.epochs[i].start_us - c.epochs[i - 1].start_us,
						 (int64_t)c.epochs[i].epoch_s * 1000000);
		}
		assert_int_equal(in_epochs, tot.samples);
		free(c.epochs);
		budge_accel_pipeline_destroy(p);
	}
}

static void test_sites(void **state)
{
	static const struct {
		const char *name;
		int rc;
		enum budge_accel_site site;
	} t[] = {{"hip", 0, BUDGE_SITE_HIP}, {"wrist", 0, BUDGE_SITE_WRIST},
		 {"thigh", 0, BUDGE_SITE_THIGH}, {"ankle", -EINVAL, BUDGE_SITE_UNKNOWN},
		 {"", -EINVAL, BUDGE_SITE_UNKNOWN}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum budge_accel_site s = BUDGE_SITE_UNKNOWN;
		assert_int_equal(budge_accel_site_parse(t[i].name, &s), t[i].rc);
		assert_int_equal(s, t[i].site);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_actilife),
		cmocka_unit_test(test_counts_rates),
		cmocka_unit_test(test_enmo_constant),
		cmocka_unit_test(test_enmo_value),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_sedentary_breaks_hip),
		cmocka_unit_test(test_thigh),
		cmocka_unit_test(test_gap_and_overlap),
		cmocka_unit_test(test_fill_gaps),
		cmocka_unit_test(test_nonwear),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_block_at_other_rate),
		cmocka_unit_test(test_messy_timing),
		cmocka_unit_test(test_sites),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
