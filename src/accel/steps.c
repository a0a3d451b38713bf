/* SPDX-License-Identifier: MIT */
/*
 * A simple step counter (budge's own; not validated against a reference
 * device): the vector magnitude is averaged down to 20..40 Hz, band-passed
 * 0.5-3 Hz (second-order Butterworth high-pass and low-pass sections,
 * bilinear transform, RBJ cookbook form) and a step is counted each time
 * the filtered signal rises above +0.05 g after having been below -0.05 g,
 * at most one step per 0.25 s. The first 2 s after a reset are ignored
 * while the filters settle.
 */
#include <errno.h>
#include <math.h>

#include "pipeline-internal.h"

#define STEP_THRESHOLD_G 0.05
#define STEP_REFRACTORY_S 0.25
#define STEP_WARMUP_S 2.0

static void biquad(double f0, double fs, bool highpass, double b[3], double a[3])
{
	const double pi = 3.14159265358979323846;
	double w0 = 2 * pi * f0 / fs;
	double alpha = sin(w0) / (2 * (1 / sqrt(2.0)));
	double cw = cos(w0);
	double a0 = 1 + alpha;

	if (highpass) {
		b[0] = (1 + cw) / 2 / a0;
		b[1] = -(1 + cw) / a0;
		b[2] = (1 + cw) / 2 / a0;
	} else {
		b[0] = (1 - cw) / 2 / a0;
		b[1] = (1 - cw) / a0;
		b[2] = (1 - cw) / 2 / a0;
	}
	a[0] = 1;
	a[1] = -2 * cw / a0;
	a[2] = (1 - alpha) / a0;
}

int budge_accel_steps_init(struct budge_accel_steps *s, double rate_hz)
{
	if (!(rate_hz >= 6.5) || rate_hz > 100000)
		return -ENOTSUP;
	int decim = (int)(rate_hz / 20.0);
	if (decim < 1)
		decim = 1;
	double fs = rate_hz / decim;
	*s = (struct budge_accel_steps){
		.decim = decim,
		.refractory = (int64_t)(STEP_REFRACTORY_S * fs),
		.warmup = (int)(STEP_WARMUP_S * fs),
		.since_last = 1 << 30,
	};
	biquad(0.5, fs, true, s->hp_b, s->hp_a);
	biquad(3.0, fs, false, s->lp_b, s->lp_a);
	return 0;
}

uint32_t budge_accel_steps_push(struct budge_accel_steps *s, const float *vm, size_t n)
{
	uint32_t steps = 0;
	const double inv = 1.0 / s->decim;

	for (size_t i = 0; i < n;) {
		size_t take = (size_t)(s->decim - s->phase);
		if (take > n - i)
			take = n - i;
		double acc = s->acc;
		for (size_t k = 0; k < take; k++)
			acc += vm[i + k];
		i += take;
		s->acc = acc;
		s->phase += (int)take;
		if (s->phase < s->decim)
			continue;
		double x = s->acc * inv;
		s->acc = 0;
		s->phase = 0;
		/* transposed direct form II */
		double h = s->hp_b[0] * x + s->hp_s[0];
		s->hp_s[0] = s->hp_b[1] * x - s->hp_a[1] * h + s->hp_s[1];
		s->hp_s[1] = s->hp_b[2] * x - s->hp_a[2] * h;
		double l = s->lp_b[0] * h + s->lp_s[0];
		s->lp_s[0] = s->lp_b[1] * h - s->lp_a[1] * l + s->lp_s[1];
		s->lp_s[1] = s->lp_b[2] * h - s->lp_a[2] * l;
		s->since_last++;
		if (s->warmup > 0) {
			s->warmup--;
			continue;
		}
		if (l < -STEP_THRESHOLD_G) {
			s->armed = 1;
		} else if (l > STEP_THRESHOLD_G && s->armed && s->since_last >= s->refractory) {
			steps++;
			s->armed = 0;
			s->since_last = 0;
		}
	}
	return steps;
}
