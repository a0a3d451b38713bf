/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ACCEL_H
#define BUDGE_ACCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Wearable accelerometer data: the contract between the format decoders
 * (src/accel/decode-*.c) and the analysis pipeline (src/accel/pipeline*.c,
 * counts, steps, bouts). Everything here is pure: decoders are fed byte
 * buffers by the caller (the CLI reads files, gunzips) and emit blocks of
 * samples through a callback; memory is constant in the recording length.
 */

enum budge_accel_format {
	BUDGE_ACCEL_CWA,
	BUDGE_ACCEL_GT3X,
	BUDGE_ACCEL_CSV,
};

enum budge_accel_site {
	BUDGE_SITE_UNKNOWN = 0,
	BUDGE_SITE_HIP,
	BUDGE_SITE_WRIST,
	BUDGE_SITE_THIGH,
};

/* What the file says about the device (filled by decoders as they learn
 * it; strings are NUL-terminated, "" if unknown). */
struct budge_accel_device {
	char type[32];       /* "AX3", "AX6", "wGT3X-BT", "GT9X", "csv" */
	char serial[64];
	char firmware[32];
	double sample_rate_hz; /* nominal */
	double range_g;        /* +/- range, 0 if unknown */
	enum budge_accel_site site; /* from metadata (e.g. CWA "_p=right+wrist"), or UNKNOWN */
	int64_t start_us;      /* first sample time, Unix microseconds UTC (0 if unknown) */
};

/* A run of evenly spaced samples. Sample i is at start_us + i * 1e6 / rate_hz.
 * A later block that does not start where the previous one ended is a gap
 * (or an overlap, which the pipeline drops). x, y, z are in g, device axes.
 * Pointers are borrowed for the duration of the callback. */
struct budge_accel_block {
	int64_t start_us;
	double rate_hz;
	size_t n;
	const float *x;
	const float *y;
	const float *z;
};

/* A problem in the input that was skipped (corrupt block, bad checksum,
 * malformed line). `offset` is the byte offset in the (uncompressed) input
 * or, for CSV, the 1-based line number in `line`. */
struct budge_accel_problem {
	uint64_t offset;
	uint64_t line;   /* 0 if not line-based */
	char message[160];
};

struct budge_accel_sink {
	/* Called for every decoded block, in file order. Return 0 to go on,
	 * negative errno to stop decoding (returned by the push call). */
	int (*block)(const struct budge_accel_block *b, void *userdata);
	/* Called for each skipped corrupt piece; may be NULL. */
	void (*problem)(const struct budge_accel_problem *p, void *userdata);
	void *userdata;
};

/* A streaming decoder: create, push byte buffers of any size in order,
 * finish, destroy. */
struct budge_accel_decoder;

/* Guess the format from the first bytes (>= 16 recommended) and/or the
 * file name (may be NULL; ".gz" already stripped by the caller).
 * Returns 0 and sets *out, or -EINVAL. */
int budge_accel_detect(const uint8_t *head, size_t n, const char *name,
		       enum budge_accel_format *out);

/* sink is copied. device (borrowed, must outlive the decoder) is filled as
 * metadata is decoded. Returns 0 or -ENOMEM. */
int budge_accel_decoder_create(enum budge_accel_format fmt, const struct budge_accel_sink *sink,
			       struct budge_accel_device *device,
			       struct budge_accel_decoder **out);
/* Returns 0, or negative errno if the input is unusable as a whole (e.g.
 * not a CWA file at all: -EBADMSG with a problem reported), or a sink
 * error. Corrupt pieces are reported through sink->problem and skipped. */
int budge_accel_decoder_push(struct budge_accel_decoder *d, const uint8_t *buf, size_t n);
int budge_accel_decoder_finish(struct budge_accel_decoder *d);
void budge_accel_decoder_destroy(struct budge_accel_decoder *d);

/* GT3X files are zip archives: the caller (the shell, using libzip) opens
 * the archive and pushes "info.txt" through budge_accel_gt3x_info() first,
 * then "log.bin" (and optional "calibration.json") contents through the
 * decoder as usual. Returns 0 or -EBADMSG. */
int budge_accel_gt3x_info(struct budge_accel_decoder *d, const char *info_txt, size_t n);

#endif
