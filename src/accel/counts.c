/* SPDX-License-Identifier: MIT */
/*
 * ActiGraph counts: the published open algorithm (Neishabouri et al.,
 * "Quantification of acceleration as activity counts in ActiGraph
 * wearable", Sci Rep 12:11958, 2022), following its reference
 * implementation actigraph/agcounts (agcounts/extract.py, _extract) step by
 * step so that the results are bit-identical in double precision:
 *
 *   1. resample to 30 Hz: upsample by L (zero stuffing), first-order IIR
 *      low-pass y[m] = a*L*(u[m] + u[m-1]) - b*y[m-1] (only for rates that
 *      are not 30, 60 or 90 Hz), keep every M-th value;
 *   2. round to 3 decimals (half to even, as numpy.round);
 *   3. band-pass IIR (ActiLife's coefficients) in the transposed direct
 *      form II of scipy.signal.lfilter, starting from the steady state of
 *      the first value (lfilter_zi * x[0]);
 *   4. scale by (3/4096) / (2.6/256) * 237.5;
 *   5. |v| < 4 -> 0, |v| > 128 -> 128, floor;
 *   6. 10 Hz: floor(mean of 3 consecutive values);
 *   7. epoch: sum of the 10 Hz values.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "pipeline-internal.h"

static const double bpf_b[9] = {
	-0.009341062898525, -0.025470289659360, -0.004235264826105,
	0.044152415456420,  0.036493718347760,  -0.011893961934740,
	-0.022917390623150, -0.006788163862310, 0.000000000000000,
};
static const double bpf_a[9] = {
	1.00000000000000000000,	 -3.63367395910957000000, 5.03689812757486000000,
	-3.09612247819666000000, 0.50620507633883000000,  0.32421701566682000000,
	-0.15685485875559000000, 0.01949130205890000000,  0.00000000000000000000,
};
/* lfilter_zi(b, a): the state of the filter after an infinitely long
 * unit step. */
static void compute_zi(double bpf_zi[8])
{
	/* Solve (I - A^T) zi = b[1:] - a[1:] * b[0], A = companion(a), by
	 * Gaussian elimination with partial pivoting (as LAPACK's gesv). */
	double m[8][9];

	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < 8; j++)
			m[i][j] = (i == j) ? 1.0 : 0.0;
		m[i][0] -= -bpf_a[i + 1];
		if (i + 1 < 8)
			m[i][i + 1] -= 1.0;
		m[i][8] = bpf_b[i + 1] - bpf_a[i + 1] * bpf_b[0];
	}
	for (int col = 0; col < 8; col++) {
		int piv = col;
		for (int r = col + 1; r < 8; r++)
			if (fabs(m[r][col]) > fabs(m[piv][col]))
				piv = r;
		if (piv != col)
			for (int j = 0; j < 9; j++) {
				double t = m[col][j];
				m[col][j] = m[piv][j];
				m[piv][j] = t;
			}
		for (int r = col + 1; r < 8; r++) {
			double f = m[r][col] / m[col][col];
			for (int j = col; j < 9; j++)
				m[r][j] -= f * m[col][j];
		}
	}
	for (int i = 7; i >= 0; i--) {
		double s = m[i][8];
		for (int j = i + 1; j < 8; j++)
			s -= m[i][j] * bpf_zi[j];
		bpf_zi[i] = s / m[i][i];
	}
}

int budge_accel_counts_init(struct budge_accel_counts *c, int rate_hz)
{
	int up, down;

	switch (rate_hz) {
	case 30: up = 1, down = 1; break;
	case 40: up = 3, down = 4; break;
	case 50: up = 3, down = 5; break;
	case 60: up = 1, down = 2; break;
	case 70: up = 3, down = 7; break;
	case 80: up = 3, down = 8; break;
	case 90: up = 1, down = 3; break;
	case 100: up = 3, down = 10; break;
	default: return -ENOTSUP;
	}
	const double pi = 3.141592653589793;
	const double a_fp = pi / (pi + 2 * up);
	*c = (struct budge_accel_counts){
		.up = up,
		.down = down,
		.lpf_c = a_fp * (double)up,
		.lpf_b = (pi - 2 * up) / (pi + 2 * up),
	};
	compute_zi(c->zi);
	return 0;
}

/* numpy.round(v * 1000) / 1000 with round-half-even, without libm. */
static inline double round3(double v)
{
	double t = v * 1000.0;
	if (fabs(t) < 2251799813685248.0) { /* 2^51 */
		const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
		double r = t + magic; /* rounds to an integer, ties to even */
		t = r - magic;
	}
	return t / 1000.0;
}

static const double scale = (3.0 / 4096.0) / (2.6 / 256.0) * 237.5;

/* One 30 Hz value through band-pass, scale, trim and the 10 Hz step.
 * Returns the completed 10 Hz value or -1. */
static inline int bpf_step(struct budge_accel_counts *c, double x)
{
	double *z = c->z;

	if (!c->started) {
		for (int k = 0; k < 8; k++)
			z[k] = c->zi[k] * x;
		c->started = true;
	}
	const double y = z[0] + bpf_b[0] * x;
	z[0] = z[1] + x * bpf_b[1] - y * bpf_a[1];
	z[1] = z[2] + x * bpf_b[2] - y * bpf_a[2];
	z[2] = z[3] + x * bpf_b[3] - y * bpf_a[3];
	z[3] = z[4] + x * bpf_b[4] - y * bpf_a[4];
	z[4] = z[5] + x * bpf_b[5] - y * bpf_a[5];
	z[5] = z[6] + x * bpf_b[6] - y * bpf_a[6];
	z[6] = z[7] + x * bpf_b[7] - y * bpf_a[7];
	z[7] = x * bpf_b[8] - y * bpf_a[8];

	double v = fabs(scale * y);
	uint32_t t;
	if (v < 4.0)
		t = 0;
	else if (v > 128.0)
		t = 128;
	else
		t = (uint32_t)v; /* floor of a positive value */
	c->trip_sum += t;
	if (++c->trip_n == 3) {
		int out = (int)(c->trip_sum / 3); /* floor(mean) */
		c->trip_n = 0;
		c->trip_sum = 0;
		return out;
	}
	return -1;
}

/* One raw sample: resampling to 30 Hz; returns a completed 10 Hz value or -1. */
static inline int raw_step(struct budge_accel_counts *c, double r)
{
	int out = -1, v;

	if (c->up == 1) {
		/* 30, 60, 90 Hz: no low-pass, keep every down-th sample */
		if (c->phase == 0)
			out = bpf_step(c, round3(r));
		if (++c->phase == c->down)
			c->phase = 0;
		return out;
	}
	/* up == 3: u = r, 0, 0 */
	const double cc = c->lpf_c, b = c->lpf_b;
	double y = c->lpf_y;
	y = cc * (r + 0.0) - b * y;
	if (c->phase == 0 && (v = bpf_step(c, round3(y))) >= 0)
		out = v;
	if (++c->phase == c->down)
		c->phase = 0;
	y = cc * (0.0 + r) - b * y;
	if (c->phase == 0 && (v = bpf_step(c, round3(y))) >= 0)
		out = v;
	if (++c->phase == c->down)
		c->phase = 0;
	y = cc * (0.0 + 0.0) - b * y;
	if (c->phase == 0 && (v = bpf_step(c, round3(y))) >= 0)
		out = v;
	if (++c->phase == c->down)
		c->phase = 0;
	c->lpf_y = y;
	return out;
}

uint32_t budge_accel_counts_push(struct budge_accel_counts *c, const float *v, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++) {
		int o = raw_step(c, v[i]);
		if (o > 0)
			sum += (uint32_t)o;
	}
	return sum;
}

/* ---- buffered three-axis counts (the pipeline's hot path) ---- */

/* Eight independent stretches of the signal side by side (GCC/Clang vector
 * extension: the same IEEE operations per lane as the scalar code). */
#define LANES 8
typedef double vnd __attribute__((vector_size(8 * LANES)));

#define WARM 24 /* raw samples a lane runs before its stretch begins */

/* The resampling low-pass (L = 3) serially over raw samples [i0, i1) of
 * the buffer, three axes, from states yv[] at y-phase *ph; appends the
 * kept values (rounded) to v30/raw_of at *k. */
static void lpf3_serial(struct budge_accel_counts3 *c, size_t i0, size_t i1, double yv[3],
			int *ph, size_t *k)
{
	const double cc = c->c[0].lpf_c, bb = c->c[0].lpf_b;
	const int down = c->c[0].down;
	int phase = *ph;

	for (size_t i = i0; i < i1; i++) {
		int keep = phase == 0 ? 0 : (down - phase <= 2 ? down - phase : -1);
		for (int ax = 0; ax < 3; ax++) {
			double r = c->raw[ax][i];
			double y0 = cc * (r + 0.0) - bb * yv[ax];
			double y1 = cc * (0.0 + r) - bb * y0;
			double y2 = cc * (0.0 + 0.0) - bb * y1;
			yv[ax] = y2;
			if (keep >= 0)
				c->v30[ax][*k] = round3(keep == 0 ? y0 : keep == 1 ? y1 : y2);
		}
		if (keep >= 0)
			c->raw_of[(*k)++] = (uint32_t)i;
		phase += 3;
		if (phase >= down)
			phase -= down;
	}
	*ph = phase;
}

/* One axis of the lane-parallel low-pass (see lpf3_block): runs s + WARM
 * steps, stores the kept values of every lane (LANES doubles per kept
 * step) in out, the state after the warm-up in *warm and the final state
 * in *fin. Returns the number of kept steps; kept_t[] gets their step. */
static size_t lpf_lanes(const float *raw, size_t s, double cc, double bb, int down, int phase0,
			double y_start, double *out, uint32_t *kept_t, vnd *warm, vnd *fin)
{
	/* four native two-lane vectors: registers, not memory */
	typedef double v2d __attribute__((vector_size(16)));
	const v2d vcc = {cc, cc}, vbb = {bb, bb}, zero = {0, 0};
	v2d s0 = {y_start, 0}, s1 = zero, s2 = zero, s3 = zero;
	const float *p0 = raw, *p1 = raw + s, *p2 = raw + 2 * s, *p3 = raw + 3 * s;
	const float *p4 = raw + 4 * s, *p5 = raw + 5 * s, *p6 = raw + 6 * s, *p7 = raw + 7 * s;
	size_t j = 0;
	int ph = phase0;

	_Static_assert(LANES == 8, "lpf_lanes is written for 8 lanes");
	for (size_t t = 0; t < s + WARM; t++) {
		if (t == WARM) {
			double w[8] = {s0[0], s0[1], s1[0], s1[1], s2[0], s2[1], s3[0], s3[1]};
			memcpy(warm, w, sizeof(w));
		}
		int keep = ph == 0 ? 0 : (down - ph <= 2 ? down - ph : -1);
		v2d r0 = {p0[t], p1[t]}, r1 = {p2[t], p3[t]}, r2 = {p4[t], p5[t]},
		    r3 = {p6[t], p7[t]};
		v2d a0 = vcc * (r0 + zero) - vbb * s0;
		v2d b0 = vcc * (r1 + zero) - vbb * s1;
		v2d c0 = vcc * (r2 + zero) - vbb * s2;
		v2d d0 = vcc * (r3 + zero) - vbb * s3;
		v2d a1 = vcc * (zero + r0) - vbb * a0;
		v2d b1 = vcc * (zero + r1) - vbb * b0;
		v2d c1 = vcc * (zero + r2) - vbb * c0;
		v2d d1 = vcc * (zero + r3) - vbb * d0;
		s0 = vcc * (zero + zero) - vbb * a1;
		s1 = vcc * (zero + zero) - vbb * b1;
		s2 = vcc * (zero + zero) - vbb * c1;
		s3 = vcc * (zero + zero) - vbb * d1;
		if (keep >= 0) {
			v2d k0 = keep == 0 ? a0 : keep == 1 ? a1 : s0;
			v2d k1 = keep == 0 ? b0 : keep == 1 ? b1 : s1;
			v2d k2 = keep == 0 ? c0 : keep == 1 ? c1 : s2;
			v2d k3 = keep == 0 ? d0 : keep == 1 ? d1 : s3;
			double *o = out + LANES * j;
			memcpy(o, &k0, 16);
			memcpy(o + 2, &k1, 16);
			memcpy(o + 4, &k2, 16);
			memcpy(o + 6, &k3, 16);
			kept_t[j++] = (uint32_t)t;
		}
		ph += 3;
		if (ph >= down)
			ph -= down;
	}
	double f[8] = {s0[0], s0[1], s1[0], s1[1], s2[0], s2[1], s3[0], s3[1]};
	memcpy(fin, f, sizeof(f));
	return j;
}

/* The low-pass over the whole buffer. The buffer is cut into LANES
 * stretches of s samples (s a multiple of the downsampling factor, so all
 * lanes keep the same steps) filtered side by side; lane l starts at
 * sample l*s, lanes >= 1 from a zero state, and runs s + WARM samples:
 * lanes >= 1 use their first WARM samples only to warm up (lane l-1 covers
 * them with the true state). The filter forgets its state by a factor
 * |b|^3 ~ 0.03 per raw sample, so the warmed-up state equals the true one
 * bit for bit; this is checked, and the plain serial loop runs instead if
 * it ever does not hold. Returns the number of 30 Hz values. */
static size_t lpf3_block(struct budge_accel_counts3 *c, size_t n)
{
	const double cc = c->c[0].lpf_c, bb = c->c[0].lpf_b;
	const int down = c->c[0].down;
	const int phase0 = c->c[0].phase;
	double yv[3] = {c->c[0].lpf_y, c->c[1].lpf_y, c->c[2].lpf_y};
	size_t s = n > WARM ? (n - WARM) / LANES / (size_t)down * (size_t)down : 0;
	size_t k = 0;
	int ph = phase0;

	if (s >= 2 * WARM) {
		vnd warm[3], fin[3];
		size_t j = 0;
		bool ok = true;
		for (int ax = 0; ax < 3; ax++) {
			j = lpf_lanes(c->raw[ax], s, cc, bb, down, phase0, yv[ax], c->y[ax],
				      c->kept_t, &warm[ax], &fin[ax]);
			for (int l = 1; l < LANES; l++)
				ok = ok && warm[ax][l] == fin[ax][l - 1];
		}
		if (ok) {
			for (int l = 0; l < LANES; l++)
				for (size_t q = 0; q < j; q++) {
					size_t t = c->kept_t[q];
					if (l > 0 && t < WARM)
						continue;
					for (int ax = 0; ax < 3; ax++)
						c->v30[ax][k] =
							round3(c->y[ax][LANES * q + (size_t)l]);
					c->raw_of[k++] = (uint32_t)((size_t)l * s + t);
				}
			for (int ax = 0; ax < 3; ax++)
				yv[ax] = fin[ax][LANES - 1];
			/* s is a multiple of down: the phase after
			 * LANES*s + WARM samples is the one after WARM */
			ph = (int)(((size_t)phase0 + 3 * WARM) % (size_t)down);
			lpf3_serial(c, LANES * s + WARM, n, yv, &ph, &k);
			goto done;
		}
		/* not converged (never seen): start over serially */
	}
	lpf3_serial(c, 0, n, yv, &ph, &k);
done:
	for (int ax = 0; ax < 3; ax++) {
		c->c[ax].lpf_y = yv[ax];
		c->c[ax].phase = ph;
	}
	return k;
}

/* |v| < 4 -> 0, |v| > 128 -> 128, else the whole part (v >= 0 here). */
static inline uint32_t trim(double v)
{
	return v < 4.0 ? 0 : v > 128.0 ? 128 : (uint32_t)v;
}

/* The band-pass over n values in place: v[j] becomes |scale * y[j]|. The
 * same operations as bpf_step, with the state in registers. */
static void bpf_run(struct budge_accel_counts *c, double *v, size_t n)
{
	if (n == 0)
		return;
	if (!c->started) {
		for (int k = 0; k < 8; k++)
			c->z[k] = c->zi[k] * v[0];
		c->started = true;
	}
	double z0 = c->z[0], z1 = c->z[1], z2 = c->z[2], z3 = c->z[3];
	double z4 = c->z[4], z5 = c->z[5], z6 = c->z[6], z7 = c->z[7];
	for (size_t j = 0; j < n; j++) {
		const double x = v[j];
		const double y = z0 + bpf_b[0] * x;
		z0 = z1 + x * bpf_b[1] - y * bpf_a[1];
		z1 = z2 + x * bpf_b[2] - y * bpf_a[2];
		z2 = z3 + x * bpf_b[3] - y * bpf_a[3];
		z3 = z4 + x * bpf_b[4] - y * bpf_a[4];
		z4 = z5 + x * bpf_b[5] - y * bpf_a[5];
		z5 = z6 + x * bpf_b[6] - y * bpf_a[6];
		z6 = z7 + x * bpf_b[7] - y * bpf_a[7];
		z7 = x * bpf_b[8] - y * bpf_a[8];
		v[j] = fabs(scale * y);
	}
	c->z[0] = z0, c->z[1] = z1, c->z[2] = z2, c->z[3] = z3;
	c->z[4] = z4, c->z[5] = z5, c->z[6] = z6, c->z[7] = z7;
}

int budge_accel_counts3_init(struct budge_accel_counts3 *c, int rate_hz)
{
	int r;
	for (int a = 0; a < 3; a++)
		if ((r = budge_accel_counts_init(&c->c[a], rate_hz)) < 0)
			return r;
	c->n = 0;
	return 0;
}

size_t budge_accel_counts3_flush(struct budge_accel_counts3 *c, uint32_t *out_raw,
				 uint32_t (*out_val)[3])
{
	struct budge_accel_counts *a = &c->c[0], *b = &c->c[1], *d = &c->c[2];
	const size_t n = c->n;
	const int down = a->down;
	int phase = a->phase;
	size_t k = 0, nout = 0;

	if (n == 0)
		return 0;
	if (a->up == 1) {
		for (size_t i = 0; i < n; i++) {
			if (phase == 0) {
				for (int ax = 0; ax < 3; ax++)
					c->v30[ax][k] = round3(c->raw[ax][i]);
				c->raw_of[k++] = (uint32_t)i;
			}
			if (++phase == down)
				phase = 0;
		}
	} else {
		k = lpf3_block(c, n);
		phase = a->phase;
	}
	a->phase = b->phase = d->phase = phase;
	/* band-pass and scale each axis (in place), then trim and the 10 Hz
	 * step for the three together (their triplets are in lockstep) */
	for (int ax = 0; ax < 3; ax++)
		bpf_run(&c->c[ax], c->v30[ax], k);
	int trip_n = a->trip_n;
	uint32_t t0 = a->trip_sum, t1 = b->trip_sum, t2 = d->trip_sum;
	for (size_t j = 0; j < k; j++) {
		t0 += trim(c->v30[0][j]);
		t1 += trim(c->v30[1][j]);
		t2 += trim(c->v30[2][j]);
		if (++trip_n == 3) {
			out_raw[nout] = c->raw_of[j];
			out_val[nout][0] = t0 / 3; /* floor of the mean */
			out_val[nout][1] = t1 / 3;
			out_val[nout][2] = t2 / 3;
			nout++;
			trip_n = 0;
			t0 = t1 = t2 = 0;
		}
	}
	a->trip_n = b->trip_n = d->trip_n = trip_n;
	a->trip_sum = t0, b->trip_sum = t1, d->trip_sum = t2;
	c->n = 0;
	return nout;
}
