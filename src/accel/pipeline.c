/* SPDX-License-Identifier: MIT */
/*
 * The streaming analysis pipeline (see include/budge/accel-pipeline.h and
 * budge(1), "Wearable data"). Blocks are stitched into runs; each run
 * feeds the counts filters, the step counter and the per-epoch sums;
 * epochs wait in a bounded queue until the non-wear rule has seen the
 * hour after them, then are classified, summed into days and delivered.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline-internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define US_PER_S 1000000LL
#define NW_BLOCK_S 900        /* non-wear blocks of 15 min */
#define NW_WINDOW_BLOCKS 4    /* evaluated over 60-min windows */
#define NW_MIN_DATA_S 1800    /* a window needs 30 min of data */
#define NW_SD_G 0.013
#define NW_RANGE_G 0.050
#define GAP_TOLERANCE_US 500000LL
#define MAX_JUMP_US (366LL * 86400 * US_PER_S)
#define CHUNK 512

struct nw_block {
	int64_t index; /* INT64_MIN: empty */
	uint64_t n;
	double sum[3], sumsq[3]; /* of (v - ref) */
	float min[3], max[3];
	bool nonwear;
};

struct pending {
	struct budge_accel_epoch e;
	int64_t index;
	int64_t block;
};

#define CB BUDGE_ACCEL_COUNTS_BUF

struct budge_accel_pipeline {
	struct budge_accel_pipeline_opts opts;
	struct budge_accel_pipeline_sink sink;
	int64_t epoch_us;
	bool started;
	enum budge_accel_site site;
	int vertical; /* axis used for hip counts */

	/* current run */
	double run_rate;
	int counts_rate;
	double next_us; /* where the next block should start */
	struct budge_accel_counts3 *counts; /* buffered: see counts_flush() */
	/* which epoch each stretch of the counts buffer belongs to */
	int64_t tag_epoch[CB];
	uint32_t tag_start[CB];
	size_t ntags;
	uint32_t out_raw[CB / 3 + 2];
	uint32_t out_val[CB / 3 + 2][3];
	struct budge_accel_steps steps;

	/* current epoch accumulators */
	int64_t cur_epoch;
	uint32_t cur_n;
	uint32_t cur_counts[3];
	uint32_t cur_steps;
	double cur_enmo;
	double cur_sum[3], cur_sumsq[3];
	float cur_min[3], cur_max[3];
	double ref[3];

	/* non-wear blocks (ring of 8, indexed by block number) */
	struct nw_block blocks[8];
	int64_t cur_block;

	/* epochs waiting for the non-wear decision */
	struct pending *queue;
	size_t qcap, qhead, qlen;

	/* day accumulator */
	bool day_active;
	int64_t day_index;
	struct budge_accel_day day;
	bool prev_sedentary;
	uint32_t bout_s;

	struct budge_accel_totals totals;
	float last[3]; /* the last sample (for fill_gaps) */
	float vm[CHUNK];
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

const char *budge_accel_site_name(enum budge_accel_site s)
{
	switch (s) {
	case BUDGE_SITE_HIP: return "hip";
	case BUDGE_SITE_WRIST: return "wrist";
	case BUDGE_SITE_THIGH: return "thigh";
	case BUDGE_SITE_UNKNOWN: break;
	}
	return "unknown";
}

int budge_accel_site_parse(const char *name, enum budge_accel_site *out)
{
	static const enum budge_accel_site all[] = {BUDGE_SITE_HIP, BUDGE_SITE_WRIST,
						    BUDGE_SITE_THIGH};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (name && strcmp(name, budge_accel_site_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return -EINVAL;
}

int budge_accel_pipeline_create(const struct budge_accel_pipeline_opts *opts,
				const struct budge_accel_pipeline_sink *sink,
				struct budge_accel_pipeline **out)
{
	struct budge_accel_pipeline *p;

	if (!opts || opts->epoch_s == 0 || 60 % opts->epoch_s != 0 ||
	    opts->utc_offset_s <= -86400 || opts->utc_offset_s >= 86400)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->opts = *opts;
	if (sink)
		p->sink = *sink;
	p->epoch_us = (int64_t)opts->epoch_s * US_PER_S;
	p->qcap = (size_t)(NW_WINDOW_BLOCKS + 2) * NW_BLOCK_S / opts->epoch_s + 2;
	p->queue = calloc(p->qcap, sizeof(*p->queue));
	p->counts = malloc(sizeof(*p->counts));
	if (!p->queue || !p->counts) {
		free(p->queue);
		free(p->counts);
		free(p);
		return -ENOMEM;
	}
	p->counts->n = 0;
	for (size_t i = 0; i < 8; i++)
		p->blocks[i].index = INT64_MIN;
	*out = p;
	return 0;
}

void budge_accel_pipeline_destroy(struct budge_accel_pipeline *p)
{
	if (!p)
		return;
	free(p->queue);
	free(p->counts);
	free(p);
}

void budge_accel_pipeline_totals(const struct budge_accel_pipeline *p,
				 struct budge_accel_totals *out)
{
	*out = p->totals;
	out->site = p->site;
}

/* ---- days ---- */

static void put_num(char *dst, int64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int day_emit(struct budge_accel_pipeline *p)
{
	int r = 0;

	if (p->day_active && p->sink.day)
		r = p->sink.day(&p->day, p->sink.userdata);
	p->day_active = false;
	return r;
}

static void day_start(struct budge_accel_pipeline *p, int64_t day)
{
	/* civil date from days since 1970-01-01 (H. Hinnant's algorithm) */
	int64_t z = day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	if (m <= 2)
		y++;
	if (y < 0 || y > 9999)
		y = 0;
	p->day = (struct budge_accel_day){.start_s = day * 86400 - p->opts.utc_offset_s};
	put_num(p->day.date, y, 4);
	p->day.date[4] = '-';
	put_num(p->day.date + 5, m, 2);
	p->day.date[7] = '-';
	put_num(p->day.date + 8, d, 2);
	p->day.date[10] = '\0';
	p->day_index = day;
	p->day_active = true;
	p->prev_sedentary = false;
	p->bout_s = 0;
}

static void classify(const struct budge_accel_pipeline *p, struct budge_accel_epoch *e)
{
	const double E = e->epoch_s;

	e->sedentary = false;
	e->intensity = 0;
	if (e->nonwear)
		return;
	switch (p->site) {
	case BUDGE_SITE_WRIST:
		if (e->enmo_mg < BUDGE_ACCEL_WRIST_SEDENTARY_MG)
			e->intensity = 0;
		else if (e->enmo_mg < BUDGE_ACCEL_WRIST_MODERATE_MG)
			e->intensity = 1;
		else if (e->enmo_mg < BUDGE_ACCEL_WRIST_VIGOROUS_MG)
			e->intensity = 2;
		else
			e->intensity = 3;
		break;
	case BUDGE_SITE_THIGH: {
		double g = sqrt(e->mean_g[0] * e->mean_g[0] + e->mean_g[1] * e->mean_g[1] +
				e->mean_g[2] * e->mean_g[2]);
		/* sitting or lying: the thigh (device x) is more than 45
		 * degrees from vertical */
		bool sitting = fabs(e->mean_g[0]) <
			       g * cos(BUDGE_ACCEL_THIGH_SITTING_DEG * 3.14159265358979323846 / 180);
		if (sitting)
			e->intensity = 0;
		else if (e->enmo_mg >= BUDGE_ACCEL_WRIST_VIGOROUS_MG)
			e->intensity = 3;
		else if (e->enmo_mg >= BUDGE_ACCEL_WRIST_MODERATE_MG)
			e->intensity = 2;
		else
			e->intensity = 1;
		break;
	}
	case BUDGE_SITE_HIP:
	case BUDGE_SITE_UNKNOWN:
	default: {
		double cpm = e->counts[p->vertical] * 60.0 / E;
		if (cpm < BUDGE_ACCEL_HIP_SEDENTARY_CPM)
			e->intensity = 0;
		else if (cpm < BUDGE_ACCEL_HIP_MODERATE_CPM)
			e->intensity = 1;
		else if (cpm < BUDGE_ACCEL_HIP_VIGOROUS_CPM)
			e->intensity = 2;
		else
			e->intensity = 3;
		break;
	}
	}
	e->sedentary = e->intensity == 0;
}

static int day_add(struct budge_accel_pipeline *p, const struct budge_accel_epoch *e)
{
	int64_t day = floor_div(e->start_us + (int64_t)p->opts.utc_offset_s * US_PER_S,
				86400 * US_PER_S);
	int r;

	if (!p->day_active || day != p->day_index) {
		if ((r = day_emit(p)) < 0)
			return r;
		day_start(p, day);
	}
	struct budge_accel_day *d = &p->day;
	if (e->nonwear) {
		p->prev_sedentary = false;
		p->bout_s = 0;
		return 0;
	}
	/* time covered by samples: partly covered epochs at the ends of
	 * the recording and around gaps count for what they hold */
	uint32_t dur = e->epoch_s;
	double covered = floor((double)e->samples / p->totals.rate_hz + 0.5);
	if (covered < dur)
		dur = (uint32_t)covered;
	d->wear_s += dur;
	d->steps += e->steps;
	if (e->sedentary) {
		d->sedentary_s += dur;
		p->bout_s += dur;
		if (p->bout_s > d->longest_sedentary_bout_s)
			d->longest_sedentary_bout_s = p->bout_s;
	} else {
		if (p->prev_sedentary)
			d->breaks++;
		p->bout_s = 0;
		if (e->intensity == 1)
			d->light_s += dur;
		else if (e->intensity == 2)
			d->moderate_s += dur;
		else
			d->vigorous_s += dur;
	}
	p->prev_sedentary = e->sedentary;
	return 0;
}

/* ---- the epoch queue and non-wear ---- */

static struct nw_block *block_get(struct budge_accel_pipeline *p, int64_t index)
{
	struct nw_block *b = &p->blocks[(uint64_t)index & 7];
	return b->index == index ? b : NULL;
}

static void counts_flush(struct budge_accel_pipeline *p);

static int release_until(struct budge_accel_pipeline *p, int64_t last_block)
{
	int r;

	counts_flush(p); /* the epochs' counts are complete */
	while (p->qlen > 0) {
		struct pending *q = &p->queue[p->qhead];
		if (q->block > last_block)
			break;
		struct nw_block *b = block_get(p, q->block);
		const uint32_t *c = q->e.counts;
		q->e.counts_vm = (uint32_t)lround(sqrt((double)c[0] * c[0] + (double)c[1] * c[1] +
						       (double)c[2] * c[2]));
		q->e.nonwear = q->e.samples == 0 || (b && b->nonwear);
		classify(p, &q->e);
		if ((r = day_add(p, &q->e)) < 0)
			return r;
		if (p->sink.epoch && (r = p->sink.epoch(&q->e, p->sink.userdata)) < 0)
			return r;
		p->qhead = (p->qhead + 1) % p->qcap;
		p->qlen--;
	}
	return 0;
}

/* Block k is complete: evaluate the 60-min window that ends with it
 * (van Hees et al. 2013, as in GGIR: an axis is still when its standard
 * deviation is below 13 mg and its range below 50 mg; the window is
 * non-wear when at least two axes are still). Blocks before k-3 are
 * final afterwards. */
static int window_close(struct budge_accel_pipeline *p, int64_t k)
{
	uint64_t n = 0;
	double sum[3] = {0}, sumsq[3] = {0};
	float mn[3] = {INFINITY, INFINITY, INFINITY}, mx[3] = {-INFINITY, -INFINITY, -INFINITY};

	for (int64_t j = k - NW_WINDOW_BLOCKS + 1; j <= k; j++) {
		struct nw_block *b = block_get(p, j);
		if (!b || b->n == 0)
			continue;
		n += b->n;
		for (int a = 0; a < 3; a++) {
			sum[a] += b->sum[a];
			sumsq[a] += b->sumsq[a];
			mn[a] = fminf(mn[a], b->min[a]);
			mx[a] = fmaxf(mx[a], b->max[a]);
		}
	}
	if (n > 1 && (double)n >= NW_MIN_DATA_S * p->totals.rate_hz * 0.95) {
		int still = 0;
		for (int a = 0; a < 3; a++) {
			double var = (sumsq[a] - sum[a] * sum[a] / (double)n) / (double)(n - 1);
			double sd = var > 0 ? sqrt(var) : 0;
			if (sd < NW_SD_G && (double)mx[a] - (double)mn[a] < NW_RANGE_G)
				still++;
		}
		if (still >= 2)
			for (int64_t j = k - NW_WINDOW_BLOCKS + 1; j <= k; j++) {
				struct nw_block *b = block_get(p, j);
				if (b)
					b->nonwear = true;
			}
	}
	return release_until(p, k - NW_WINDOW_BLOCKS + 1);
}

static void block_open(struct budge_accel_pipeline *p, int64_t k)
{
	struct nw_block *b = &p->blocks[(uint64_t)k & 7];
	*b = (struct nw_block){.index = k};
	for (int a = 0; a < 3; a++) {
		b->min[a] = INFINITY;
		b->max[a] = -INFINITY;
	}
	p->cur_block = k;
}

static void epoch_reset(struct budge_accel_pipeline *p)
{
	p->cur_n = 0;
	p->cur_steps = 0;
	p->cur_enmo = 0;
	for (int a = 0; a < 3; a++) {
		p->cur_counts[a] = 0;
		p->cur_sum[a] = p->cur_sumsq[a] = 0;
		p->cur_min[a] = INFINITY;
		p->cur_max[a] = -INFINITY;
	}
}

static int64_t block_of_epoch(const struct budge_accel_pipeline *p, int64_t e)
{
	return floor_div(e * (int64_t)p->opts.epoch_s, NW_BLOCK_S);
}

/* Close the current epoch: queue it, fold its sums into its block. */
static int epoch_close(struct budge_accel_pipeline *p)
{
	struct budge_accel_epoch e = {
		.start_us = p->cur_epoch * p->epoch_us,
		.epoch_s = p->opts.epoch_s,
		.samples = p->cur_n,
		.steps = p->cur_steps,
	};
	struct nw_block *b = block_get(p, p->cur_block);
	int r;

	for (int a = 0; a < 3; a++)
		e.counts[a] = p->cur_counts[a]; /* more may come: counts_flush() */
	if (p->cur_n > 0) {
		e.enmo_mg = p->cur_enmo / p->cur_n * 1000.0;
		for (int a = 0; a < 3; a++) {
			e.mean_g[a] = p->cur_sum[a] / p->cur_n + p->ref[a];
			if (b) {
				b->sum[a] += p->cur_sum[a];
				b->sumsq[a] += p->cur_sumsq[a];
				b->min[a] = fminf(b->min[a], p->cur_min[a]);
				b->max[a] = fmaxf(b->max[a], p->cur_max[a]);
			}
		}
		if (b)
			b->n += p->cur_n;
	}
	if (p->qlen == p->qcap && (r = release_until(p, INT64_MAX)) < 0)
		return r; /* cannot happen: the queue holds 6 blocks */
	p->queue[(p->qhead + p->qlen) % p->qcap] =
		(struct pending){.e = e, .index = p->cur_epoch, .block = p->cur_block};
	p->qlen++;
	epoch_reset(p);
	return 0;
}

/* Move the current epoch forward to `target`, closing epochs (and blocks)
 * on the way; epochs without samples are queued as missing. */
static int advance_to(struct budge_accel_pipeline *p, int64_t target)
{
	int r;

	while (p->cur_epoch < target) {
		if ((r = epoch_close(p)) < 0)
			return r;
		p->cur_epoch++;
		int64_t k = block_of_epoch(p, p->cur_epoch);
		if (k != p->cur_block) {
			if ((r = window_close(p, p->cur_block)) < 0)
				return r;
			block_open(p, k);
		}
	}
	return 0;
}

/* ---- samples ---- */

/* Add the 10 Hz count values of the buffered samples to their epochs: the
 * current one, or one still waiting in the queue (counts are flushed
 * before any epoch leaves the queue). */
static void counts_flush(struct budge_accel_pipeline *p)
{
	size_t n = budge_accel_counts3_flush(p->counts, p->out_raw, p->out_val), t = 0;

	for (size_t i = 0; i < n; i++) {
		while (t + 1 < p->ntags && p->tag_start[t + 1] <= p->out_raw[i])
			t++;
		int64_t e = p->tag_epoch[t];
		uint32_t *dst = NULL;
		if (p->qlen > 0) {
			int64_t pos = e - p->queue[p->qhead].index;
			if (pos >= 0 && (size_t)pos < p->qlen) {
				struct pending *q = &p->queue[(p->qhead + (size_t)pos) % p->qcap];
				if (q->index == e)
					dst = q->e.counts;
			}
		}
		if (!dst && e == p->cur_epoch)
			dst = p->cur_counts;
		if (dst)
			for (int a = 0; a < 3; a++)
				dst[a] += p->out_val[i][a];
	}
	p->ntags = 0;
}

static void counts_add(struct budge_accel_pipeline *p, const float *x, const float *y,
		       const float *z, size_t n)
{
	struct budge_accel_counts3 *c = p->counts;

	while (n > 0) {
		if (c->n == CB)
			counts_flush(p);
		size_t m = CB - c->n < n ? CB - c->n : n;
		if (p->ntags == 0 || p->tag_epoch[p->ntags - 1] != p->cur_epoch) {
			p->tag_epoch[p->ntags] = p->cur_epoch;
			p->tag_start[p->ntags] = (uint32_t)c->n;
			p->ntags++;
		}
		memcpy(c->raw[0] + c->n, x, m * sizeof(float));
		memcpy(c->raw[1] + c->n, y, m * sizeof(float));
		memcpy(c->raw[2] + c->n, z, m * sizeof(float));
		c->n += m;
		x += m, y += m, z += m, n -= m;
	}
}

struct chunk_stats {
	double enmo, s[3], q[3];
	float mn[3], mx[3];
};

/* Per-sample sums of one chunk (m <= CHUNK samples): vector magnitude
 * into p->vm, ENMO, and the per-axis sums, sums of squares (about ref),
 * minima and maxima for the non-wear rule. */
static void chunk_scalar(const float *x, const float *y, const float *z, size_t i, size_t m,
			 const float ref[3], float *vm, struct chunk_stats *cs)
{
	for (; i < m; i++) {
		float a = x[i], b = y[i], c = z[i];
		float v = sqrtf(a * a + b * b + c * c);
		vm[i] = v;
		cs->enmo += v > 1.0f ? v - 1.0f : 0.0f;
		float d[3] = {a - ref[0], b - ref[1], c - ref[2]};
		float raw[3] = {a, b, c};
		for (int k = 0; k < 3; k++) {
			cs->s[k] += d[k];
			cs->q[k] += (double)d[k] * d[k];
			cs->mn[k] = raw[k] < cs->mn[k] ? raw[k] : cs->mn[k];
			cs->mx[k] = raw[k] > cs->mx[k] ? raw[k] : cs->mx[k];
		}
	}
}

#if defined(__SSE2__)
/* The same with SSE (x86-64 baseline), four samples at a time. Products
 * of samples of a 16-bit or finer grid are exact in float; the sums are
 * gathered per chunk in float and then added in double. */
static void chunk_stats(const float *x, const float *y, const float *z, size_t m,
			const float ref[3], float *vm, struct chunk_stats *cs)
{
	const __m128 one = _mm_set1_ps(1.0f), zero = _mm_setzero_ps();
	const __m128 r0 = _mm_set1_ps(ref[0]), r1 = _mm_set1_ps(ref[1]), r2 = _mm_set1_ps(ref[2]);
	__m128 en = zero, s0 = zero, s1 = zero, s2 = zero, q0 = zero, q1 = zero, q2 = zero;
	__m128 mn0 = _mm_set1_ps(cs->mn[0]), mn1 = _mm_set1_ps(cs->mn[1]),
	       mn2 = _mm_set1_ps(cs->mn[2]);
	__m128 mx0 = _mm_set1_ps(cs->mx[0]), mx1 = _mm_set1_ps(cs->mx[1]),
	       mx2 = _mm_set1_ps(cs->mx[2]);
	size_t i = 0;

	for (; i + 4 <= m; i += 4) {
		__m128 a = _mm_loadu_ps(x + i), b = _mm_loadu_ps(y + i), c = _mm_loadu_ps(z + i);
		__m128 v = _mm_sqrt_ps(_mm_add_ps(_mm_add_ps(_mm_mul_ps(a, a), _mm_mul_ps(b, b)),
						  _mm_mul_ps(c, c)));
		_mm_storeu_ps(vm + i, v);
		en = _mm_add_ps(en, _mm_max_ps(_mm_sub_ps(v, one), zero));
		__m128 da = _mm_sub_ps(a, r0), db = _mm_sub_ps(b, r1), dc = _mm_sub_ps(c, r2);
		s0 = _mm_add_ps(s0, da);
		s1 = _mm_add_ps(s1, db);
		s2 = _mm_add_ps(s2, dc);
		q0 = _mm_add_ps(q0, _mm_mul_ps(da, da));
		q1 = _mm_add_ps(q1, _mm_mul_ps(db, db));
		q2 = _mm_add_ps(q2, _mm_mul_ps(dc, dc));
		mn0 = _mm_min_ps(mn0, a);
		mn1 = _mm_min_ps(mn1, b);
		mn2 = _mm_min_ps(mn2, c);
		mx0 = _mm_max_ps(mx0, a);
		mx1 = _mm_max_ps(mx1, b);
		mx2 = _mm_max_ps(mx2, c);
	}
	float t[4];
#define HSUM(v, dst)                                                                              \
	do {                                                                                      \
		_mm_storeu_ps(t, v);                                                              \
		dst += (double)t[0] + (double)t[1] + (double)t[2] + (double)t[3];                 \
	} while (0)
#define HMIN(v, dst)                                                                              \
	do {                                                                                      \
		_mm_storeu_ps(t, v);                                                              \
		for (int l = 0; l < 4; l++)                                                       \
			dst = t[l] < dst ? t[l] : dst;                                            \
	} while (0)
#define HMAX(v, dst)                                                                              \
	do {                                                                                      \
		_mm_storeu_ps(t, v);                                                              \
		for (int l = 0; l < 4; l++)                                                       \
			dst = t[l] > dst ? t[l] : dst;                                            \
	} while (0)
	HSUM(en, cs->enmo);
	HSUM(s0, cs->s[0]);
	HSUM(s1, cs->s[1]);
	HSUM(s2, cs->s[2]);
	HSUM(q0, cs->q[0]);
	HSUM(q1, cs->q[1]);
	HSUM(q2, cs->q[2]);
	HMIN(mn0, cs->mn[0]);
	HMIN(mn1, cs->mn[1]);
	HMIN(mn2, cs->mn[2]);
	HMAX(mx0, cs->mx[0]);
	HMAX(mx1, cs->mx[1]);
	HMAX(mx2, cs->mx[2]);
#undef HSUM
#undef HMIN
#undef HMAX
	chunk_scalar(x, y, z, i, m, ref, vm, cs);
}
#else
static void chunk_stats(const float *x, const float *y, const float *z, size_t m,
			const float ref[3], float *vm, struct chunk_stats *cs)
{
	chunk_scalar(x, y, z, 0, m, ref, vm, cs);
}
#endif

static void process(struct budge_accel_pipeline *p, const float *x, const float *y,
		    const float *z, size_t n)
{
	counts_add(p, x, y, z, n);

	const float ref[3] = {(float)p->ref[0], (float)p->ref[1], (float)p->ref[2]};
	while (n > 0) {
		size_t m = n < CHUNK ? n : CHUNK;
		struct chunk_stats cs = {
			.mn = {p->cur_min[0], p->cur_min[1], p->cur_min[2]},
			.mx = {p->cur_max[0], p->cur_max[1], p->cur_max[2]},
		};
		chunk_stats(x, y, z, m, ref, p->vm, &cs);
		p->cur_enmo += cs.enmo;
		for (int k = 0; k < 3; k++) {
			p->cur_sum[k] += cs.s[k];
			p->cur_sumsq[k] += cs.q[k];
			p->cur_min[k] = cs.mn[k];
			p->cur_max[k] = cs.mx[k];
		}
		p->cur_steps += budge_accel_steps_push(&p->steps, p->vm, m);
		p->cur_n += (uint32_t)m;
		x += m;
		y += m;
		z += m;
		n -= m;
	}
}

static int counts_rate(double rate)
{
	double nominal = floor(rate / 10.0 + 0.5) * 10.0;
	if (nominal < 30 || nominal > 100 || fabs(rate - nominal) > 0.05 * nominal)
		return -ENOTSUP;
	return (int)nominal;
}

static int run_start(struct budge_accel_pipeline *p, double rate)
{
	int cr = counts_rate(rate), r;

	if (cr < 0)
		return cr;
	if (p->started)
		counts_flush(p); /* the previous run's samples, with its filters */
	if ((r = budge_accel_counts3_init(p->counts, cr)) < 0)
		return r;
	if ((r = budge_accel_steps_init(&p->steps, rate)) < 0)
		return r;
	p->run_rate = rate;
	p->counts_rate = cr;
	return 0;
}

static int64_t sample_epoch(const struct budge_accel_pipeline *p, const struct budge_accel_block *b,
			    size_t i)
{
	/* block starts are rounded to whole microseconds (and may drift a
	 * little): a sample less than a quarter of a sample period before
	 * an epoch boundary belongs to the next epoch */
	double t = (double)b->start_us + ((double)i + 0.25) * 1e6 / b->rate_hz;
	return floor_div((int64_t)floor(t), p->epoch_us);
}

static int feed(struct budge_accel_pipeline *p, const struct budge_accel_block *b, size_t i)
{
	int r;

	while (i < b->n) {
		int64_t e = sample_epoch(p, b, i);
		if (e > p->cur_epoch && (r = advance_to(p, e)) < 0)
			return r;
		/* the first sample of a later epoch */
		double t_end = (double)((p->cur_epoch + 1) * p->epoch_us);
		double je = ceil((t_end - (double)b->start_us) * b->rate_hz / 1e6);
		size_t j = je <= (double)i ? i + 1 : je >= (double)b->n ? b->n : (size_t)je;
		while (j > i + 1 && sample_epoch(p, b, j - 1) > p->cur_epoch)
			j--;
		while (j < b->n && sample_epoch(p, b, j) <= p->cur_epoch)
			j++;
		process(p, b->x + i, b->y + i, b->z + i, j - i);
		p->totals.samples += j - i;
		i = j;
	}
	p->last[0] = b->x[b->n - 1];
	p->last[1] = b->y[b->n - 1];
	p->last[2] = b->z[b->n - 1];
	p->next_us = (double)b->start_us + (double)b->n * 1e6 / b->rate_hz;
	p->totals.end_us = (int64_t)llround(p->next_us);
	return 0;
}

/* Fill the time from p->next_us to until_us with the last sample, at the
 * run's rate (ActiGraph idle sleep: the device stops sampling while it
 * lies still; ActiLife repeats the last sample). */
static int fill_gap(struct budge_accel_pipeline *p, int64_t until_us)
{
	enum { F = 1024 };
	float x[F], y[F], z[F];
	const double rate = p->run_rate;
	double n = floor(((double)until_us - p->next_us) * rate / 1e6 + 0.5);
	int r;

	for (size_t k = 0; k < F; k++)
		x[k] = p->last[0], y[k] = p->last[1], z[k] = p->last[2];
	const double origin = p->next_us, total = n;
	while (n > 0) {
		size_t m = n < F ? (size_t)n : F;
		double done = total - n;
		uint64_t before = p->totals.samples;
		/* each piece placed from the origin: no rounding drift */
		struct budge_accel_block b = {
			.start_us = (int64_t)llround(origin + done * 1e6 / rate),
			.rate_hz = rate, .n = m, .x = x, .y = y, .z = z};
		if ((r = feed(p, &b, 0)) < 0)
			return r;
		p->totals.samples = before; /* these are not recorded samples */
		p->totals.filled += m;
		n -= (double)m;
	}
	p->next_us = origin + total * 1e6 / rate;
	return 0;
}

static int drop(struct budge_accel_pipeline *p, const struct budge_accel_block *b,
                enum budge_accel_drop_reason why, size_t n)
{
	struct budge_accel_drop dr = {
	    .reason = why, .start_us = b->start_us, .rate_hz = b->rate_hz, .n = n};
	if (why == BUDGE_DROP_RATE) {
		if (p->totals.dropped_rate == 0)
			p->totals.dropped_rate_hz = b->rate_hz;
		p->totals.dropped_rate += n;
	} else {
		p->totals.dropped += n;
	}
	return p->sink.drop ? p->sink.drop(&dr, p->sink.userdata) : 0;
}

int budge_accel_pipeline_push(const struct budge_accel_block *b, void *pipeline)
{
	struct budge_accel_pipeline *p = pipeline;
	size_t i = 0;
	int r;

	if (!b || !(b->rate_hz > 0) || !isfinite(b->rate_hz))
		return -EINVAL;
	if (b->n == 0)
		return 0;
	if (counts_rate(b->rate_hz) < 0)
		return drop(p, b, BUDGE_DROP_RATE, b->n);
	if (!p->started) {
		const struct budge_accel_device *dev = p->opts.device;
		p->site = p->opts.site;
		if (p->site == BUDGE_SITE_UNKNOWN && dev)
			p->site = dev->site;
		if (p->site == BUDGE_SITE_UNKNOWN)
			p->site = BUDGE_SITE_HIP;
		/* ActiGraph's axis 1 (vertical when worn on the hip) is the
		 * device y axis; Axivity's long axis is x. */
		p->vertical = (dev && (dev->type[0] == 'A' && dev->type[1] == 'X')) ? 0 : 1;
		if ((r = run_start(p, b->rate_hz)) < 0)
			return r;
		p->ref[0] = b->x[0];
		p->ref[1] = b->y[0];
		p->ref[2] = b->z[0];
		p->cur_epoch = sample_epoch(p, b, 0);
		block_open(p, block_of_epoch(p, p->cur_epoch));
		epoch_reset(p);
		p->totals.first_us = b->start_us;
		p->totals.rate_hz = b->rate_hz;
		p->started = true;
	} else {
		double delta = (double)b->start_us - p->next_us;
		/* per-block rates measured from timestamps jitter: only a real
		 * change of the sample rate starts a new run */
		bool new_run = fabs(b->rate_hz - p->run_rate) > 0.05 * p->run_rate;
		if (delta > (double)MAX_JUMP_US)
			return -ERANGE;
		if (delta > (double)GAP_TOLERANCE_US) {
			struct budge_accel_gap g = {
				.start_us = (int64_t)llround(p->next_us),
				.end_us = b->start_us,
				.filled = p->opts.fill_gaps && !new_run,
			};
			p->totals.gaps++;
			if (p->sink.gap && (r = p->sink.gap(&g, p->sink.userdata)) < 0)
				return r;
			if (g.filled) {
				if ((r = fill_gap(p, b->start_us)) < 0)
					return r;
			} else {
				new_run = true;
			}
		} else if (delta < -(double)GAP_TOLERANCE_US) {
			/* overlap: drop the samples before the expected time */
			double skip = ceil(-delta * b->rate_hz / 1e6);
			if (skip >= (double)b->n)
				return drop(p, b, BUDGE_DROP_OVERLAP, b->n);
			i = (size_t)skip;
			if ((r = drop(p, b, BUDGE_DROP_OVERLAP, i)) < 0)
				return r;
		}
		if (new_run && (r = run_start(p, b->rate_hz)) < 0)
			return r;
	}

	return feed(p, b, i);
}

int budge_accel_pipeline_finish(struct budge_accel_pipeline *p)
{
	int r;

	if (!p->started)
		return 0;
	counts_flush(p);
	if (p->cur_n > 0 && (r = epoch_close(p)) < 0)
		return r;
	/* evaluate the windows that end in the last blocks */
	if ((r = window_close(p, p->cur_block)) < 0)
		return r;
	if ((r = release_until(p, INT64_MAX)) < 0)
		return r;
	p->started = false;
	return day_emit(p);
}
