/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ACCEL_PIPELINE_INTERNAL_H
#define BUDGE_ACCEL_PIPELINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "budge/accel-pipeline.h"

/* Buffered three-axis counts: raw samples are gathered (up to
 * BUDGE_ACCEL_COUNTS_BUF per axis) and filtered in one go, which lets the
 * resampling filter run on four stretches side by side. */
#define BUDGE_ACCEL_COUNTS_BUF 4096
struct budge_accel_counts3 {
	struct budge_accel_counts c[3];
	size_t n; /* buffered samples */
	float raw[3][BUDGE_ACCEL_COUNTS_BUF];
	double y[3][3 * BUDGE_ACCEL_COUNTS_BUF];
	double v30[3][BUDGE_ACCEL_COUNTS_BUF + 1];
	uint32_t raw_of[BUDGE_ACCEL_COUNTS_BUF + 1];
	uint32_t kept_t[BUDGE_ACCEL_COUNTS_BUF];
};
int budge_accel_counts3_init(struct budge_accel_counts3 *c, int rate_hz);
/* Filter the buffered samples. Writes each completed 10 Hz value (three
 * axes) and the buffer index of the raw sample that completed it; returns
 * how many (at most BUDGE_ACCEL_COUNTS_BUF / 3 + 1). Empties the buffer. */
size_t budge_accel_counts3_flush(struct budge_accel_counts3 *c, uint32_t *out_raw,
				 uint32_t (*out_val)[3]);

/* Step counter: vector magnitude, decimated to 20..40 Hz, band-pass
 * 0.5-3 Hz (two second-order Butterworth sections), hysteresis peak
 * detection. */
struct budge_accel_steps {
	int decim, phase;
	double acc;
	double hp_b[3], hp_a[3], lp_b[3], lp_a[3];
	double hp_s[2], lp_s[2];
	int armed;
	int64_t since_last;     /* decimated samples since the last step */
	int64_t refractory;     /* minimum decimated samples between steps */
	int warmup;
};
int budge_accel_steps_init(struct budge_accel_steps *s, double rate_hz);
/* Feed n vector magnitudes (g); returns the steps detected. */
uint32_t budge_accel_steps_push(struct budge_accel_steps *s, const float *vm, size_t n);

#endif
