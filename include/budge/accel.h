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
	/* Added by the decoders. Device clocks (CWA, GT3X) keep local wall
	 * time without a zone: their times are passed on unchanged as if they
	 * were UTC, and utc_offset_s (local - UTC, seconds) says what the file
	 * knows about the zone (GT3X info.txt "TimeZone"; CWA headers carry
	 * none). */
	bool has_utc_offset;
	int32_t utc_offset_s;
	uint32_t device_id;    /* CWA numeric device id, 0 if unknown */
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
	char message[256];
};

struct budge_accel_sink {
	/* Called for every decoded block, in file order. Return 0 to go on,
	 * negative errno to stop decoding (returned by the push call). */
	int (*block)(const struct budge_accel_block *b, void *userdata);
	/* Called for each skipped corrupt piece; may be NULL. */
	void (*problem)(const struct budge_accel_problem *p, void *userdata);
	void *userdata;
	/* Called for each guess the decoder made and the user should know of:
	 * the unit of x, y, z, which columns hold what, how a numeric time
	 * column was read, a repaired timestamp. One sentence; may be NULL. */
	void (*note)(const char *message, void *userdata);
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

/* ---- Added by the decoder work ---- */

/* "cwa", "gt3x", "csv" (static string). */
const char *budge_accel_format_name(enum budge_accel_format fmt);

/* Counters of a decoder so far (for reports and tests). */
struct budge_accel_decoder_stats {
	uint64_t bytes;    /* input bytes consumed */
	uint64_t blocks;   /* blocks passed to sink->block */
	uint64_t samples;  /* samples passed to sink->block */
	uint64_t problems; /* problems reported (skipped pieces) */
};
void budge_accel_decoder_get_stats(const struct budge_accel_decoder *d,
				   struct budge_accel_decoder_stats *out);

/* CSV files without a time column (only x,y,z) need a sample rate and a
 * start time. They come from a comment line in the file ("# 30 Hz; start
 * 2023-04-24 15:02:00"), from an ActiLife CSV preamble, or from this call,
 * made before the first push; the call wins. For a file with a time column
 * the times are still used and rate_hz replaces the rate estimated from
 * them. rate_hz must be > 0 and <= 10000. Returns 0, -EINVAL (bad value)
 * or -ENOTSUP (not a CSV decoder). budge_accel_gt3x_info() likewise returns
 * -ENOTSUP for a decoder that is not GT3X. */
int budge_accel_csv_set_timing(struct budge_accel_decoder *d, double rate_hz, int64_t start_us);

/* The unit of x, y, z in a CSV file; blocks always carry g. */
enum budge_accel_unit {
	BUDGE_UNIT_AUTO = 0, /* from the header, else from the values at rest */
	BUDGE_UNIT_G,
	BUDGE_UNIT_MG,
	BUDGE_UNIT_MS2,
};
/* "g", "mg", "m/s2" ("auto" for AUTO; static string). */
const char *budge_accel_unit_name(enum budge_accel_unit u);
/* "g", "mg", "m/s2" (also "m/s^2", "ms2") -> 0, else -EINVAL. */
int budge_accel_unit_parse(const char *s, enum budge_accel_unit *out);

/* A whole string "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|+HH[:MM]]" (no zone:
 * UTC, as in CSV files) -> 0 and *us (Unix microseconds), else -EINVAL. */
int budge_accel_time_parse(const char *s, int64_t *us);

#define BUDGE_ACCEL_CSV_MAX_COLUMNS 32

/* What the user says about a CSV file (the CLI's --units, --columns and
 * --start). */
struct budge_accel_csv_options {
	enum budge_accel_unit unit;
	/* The role of each column in file order: 't', 'x', 'y', 'z', or 0
	 * for a column to ignore; ncolumns 0 = from the header or by position. */
	size_t ncolumns;
	char columns[BUDGE_ACCEL_CSV_MAX_COLUMNS];
	/* When the recording began: time 0 of a time column that counts
	 * seconds from the start (phone apps), or the first sample of a file
	 * without a time column. */
	bool have_start;
	int64_t start_us;
};

/* Parse a --columns list ("time,x,y,z", "-,time,z,y,x": one name per
 * column, "-" for a column to ignore; x, y and z exactly once, time at
 * most once) into o->columns/ncolumns. Returns 0 or -EINVAL, with what was
 * wrong in msg (borrowed, len bytes). */
int budge_accel_csv_columns_parse(const char *s, struct budge_accel_csv_options *o, char *msg,
                                  size_t len);

/* Before the first push. Returns 0, -EINVAL or -ENOTSUP (not CSV). */
int budge_accel_csv_set_options(struct budge_accel_decoder *d,
                                const struct budge_accel_csv_options *o);

/* Samples per budge_accel_block at most (CSV and GT3X gather consecutive
 * samples up to this; a CWA block is one 512-byte data block, <= 120). */
#define BUDGE_ACCEL_MAX_BLOCK 4096

#endif
