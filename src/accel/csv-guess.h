/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ACCEL_CSV_GUESS_H
#define BUDGE_ACCEL_CSV_GUESS_H

/* What the CSV decoder infers about a file and then says it inferred
 * (csv-guess.c): the unit of x, y, z from a column name or from the
 * magnitude of the data at rest, and how a numeric time column counts.
 * Not installed. */

#include <stdbool.h>
#include <stddef.h>

#include <budge/accel.h>

/* The unit a column name states ("acc_x (m/s^2)", "x [mg]", "gFx"), or
 * AUTO when it states none. */
enum budge_accel_unit csv_unit_in_name(const char *s, size_t n);

/* Factor from the unit to g (AUTO counts as g). */
double csv_unit_to_g(enum budge_accel_unit u);

/* "g", "mg", "m/s²": for messages. */
const char *csv_unit_text(enum budge_accel_unit u);

/* The magnitude |a| of the samples at rest: the median of the mean |a| of
 * half-second windows whose |a| varies by at most 5 %; still = false when
 * no window is still (then the median |a| of all samples). */
struct csv_rest {
	double magnitude;
	bool still;
};
void csv_rest_magnitude(const float *x, const float *y, const float *z, size_t n, double rate_hz,
                        struct csv_rest *out);

/* The unit in which 1 g has this magnitude (within 25 %): G (≈ 1), MS2
 * (≈ 9.81) or MG (≈ 1000); AUTO when it fits none. */
enum budge_accel_unit csv_unit_of_magnitude(double m);

/* How the numbers of a time column count, from the first one. */
enum csv_time_kind {
	CSV_TIME_FROM_START, /* below 1e8: seconds since the recording began */
	CSV_TIME_UNIX_S,
	CSV_TIME_UNIX_MS,
	CSV_TIME_UNIX_US,
	CSV_TIME_UNIX_NS,
};
enum csv_time_kind csv_time_kind_of(double first);
/* Microseconds per unit of the kind. */
double csv_time_us_per_unit(enum csv_time_kind k);
/* "seconds", "milliseconds", ...: for messages. */
const char *csv_time_kind_text(enum csv_time_kind k);

#endif
