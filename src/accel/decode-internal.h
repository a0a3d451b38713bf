/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ACCEL_DECODE_INTERNAL_H
#define BUDGE_ACCEL_DECODE_INTERNAL_H

/* Shared between decoder.c (dispatch) and the format decoders
 * decode-*.c. Not installed, not part of the contract. */

#include <math.h>

#include <budge/accel.h>

struct budge_accel_decoder;

/* One table per format. `state` is owned by the decoder; destroy frees it
 * and accepts a NULL state. */
struct budge_accel_decoder_ops {
	const char *name;
	int (*create)(struct budge_accel_decoder *d);
	int (*push)(struct budge_accel_decoder *d, const uint8_t *buf, size_t n);
	int (*finish)(struct budge_accel_decoder *d);
	void (*destroy)(struct budge_accel_decoder *d);
};

struct budge_accel_decoder {
	const struct budge_accel_decoder_ops *ops;
	enum budge_accel_format fmt;
	struct budge_accel_sink sink;
	struct budge_accel_device *dev; /* borrowed */
	struct budge_accel_decoder_stats stats;
	void *state; /* owned, per format */
	int error;   /* sticky: first fatal error */
	bool finished;
};

extern const struct budge_accel_decoder_ops budge_accel_cwa_ops;
extern const struct budge_accel_decoder_ops budge_accel_gt3x_ops;
extern const struct budge_accel_decoder_ops budge_accel_csv_ops;

/* Report a skipped piece through sink->problem (printf format). */
__attribute__((format(printf, 4, 5))) void budge_accel_problem(struct budge_accel_decoder *d,
                                                               uint64_t offset, uint64_t line,
                                                               const char *fmt, ...);

/* Tell the user of a guess through sink->note (printf format). */
__attribute__((format(printf, 2, 3))) void budge_accel_note(struct budge_accel_decoder *d,
                                                            const char *fmt, ...);

/* Pass a block to sink->block and count it. Returns the sink's result. */
int budge_accel_emit(struct budge_accel_decoder *d, const struct budge_accel_block *b);

/* For decoders that gather samples in fixed arrays: pass the *n samples
 * of x/y/z (first one at *start_us, rate Hz) as one block, then move
 * *start_us past them and empty the arrays (*n = 0). Returns the sink's
 * result. */
static inline int budge_accel_emit_buffered(struct budge_accel_decoder *d, int64_t *start_us,
                                            double rate, size_t *n, const float *x,
                                            const float *y, const float *z)
{
	struct budge_accel_block b = {
	    .start_us = *start_us,
	    .rate_hz = rate,
	    .n = *n,
	    .x = x,
	    .y = y,
	    .z = z,
	};
	int r = budge_accel_emit(d, &b);
	*start_us += llround((double)*n * 1e6 / rate);
	*n = 0;
	return r;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
int64_t budge_accel_days_from_civil(int64_t y, unsigned m, unsigned d);

/* True if y-m-d hh:mm:ss is a valid calendar time (ss may be 60: no). */
bool budge_accel_valid_civil(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                             unsigned s);

/* Parse "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|+HH[:MM]|-HH[:MM]]" at s (len n,
 * not NUL-terminated). On success returns the number of characters used
 * and sets *us (Unix microseconds; a zone, if given, is applied; without
 * one the wall time is taken as UTC). Returns -1 if s is not such a time. */
int budge_accel_parse_iso8601(const char *s, size_t n, int64_t *us);

/* Copy a string into a fixed buffer, NUL-terminated, truncating. */
void budge_accel_strlcpy(char *dst, const char *src, size_t len, size_t dstsize);

#endif
