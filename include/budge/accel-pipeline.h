/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ACCEL_PIPELINE_H
#define BUDGE_ACCEL_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budge/accel.h"

/*
 * The wearable analysis pipeline: a pure, streaming consumer of the blocks
 * the decoders emit (struct budge_accel_block). It stitches blocks into
 * continuous runs, records gaps, and produces per-epoch values (ActiGraph
 * counts, ENMO, steps, non-wear) and per-day summaries (wear, sedentary
 * time, breaks, longest sedentary bout, light/moderate/vigorous time,
 * steps). Memory is constant in the recording's length (the non-wear rule
 * looks 75 minutes ahead, so epochs are delivered with that delay).
 *
 * Epochs sit on a wall-clock grid: epoch k covers
 * [k * epoch_s, (k + 1) * epoch_s) seconds since the Unix epoch (UTC).
 * Days are calendar days at a fixed UTC offset (opts.utc_offset_s). The algorithms and their references are
 * documented in budge(1), "Wearable data".
 */

/* Cut-points (documented in budge(1)). */
#define BUDGE_ACCEL_HIP_SEDENTARY_CPM 100.0  /* Healy 2008; Matthews 2008 */
#define BUDGE_ACCEL_HIP_MODERATE_CPM 1952.0  /* Freedson 1998 */
#define BUDGE_ACCEL_HIP_VIGOROUS_CPM 5725.0  /* Freedson 1998 */
#define BUDGE_ACCEL_WRIST_SEDENTARY_MG 40.0  /* GGIR default inactivity */
#define BUDGE_ACCEL_WRIST_MODERATE_MG 100.0  /* Hildebrand 2014, rounded */
#define BUDGE_ACCEL_WRIST_VIGOROUS_MG 400.0  /* Hildebrand 2014, rounded */
#define BUDGE_ACCEL_THIGH_SITTING_DEG 45.0   /* thigh more than 45 deg from vertical */

struct budge_accel_epoch {
	int64_t start_us;    /* Unix microseconds UTC, a multiple of epoch_s */
	uint32_t epoch_s;
	uint32_t samples;    /* samples that fell into the epoch (0: no data) */
	uint32_t counts[3];  /* ActiGraph counts per device axis x, y, z */
	uint32_t counts_vm;  /* round(sqrt(x^2 + y^2 + z^2)) of the three above */
	double enmo_mg;      /* mean of max(0, |a| - 1 g) in milli-g */
	double mean_g[3];    /* mean acceleration per axis (orientation) */
	uint32_t steps;
	bool nonwear;        /* not worn, or no data (samples == 0) */
	bool sedentary;      /* classified sedentary for the site (false if nonwear) */
	uint8_t intensity;   /* 0 sedentary, 1 light, 2 moderate, 3 vigorous (worn only) */
};

struct budge_accel_gap {
	int64_t start_us; /* where the next sample was expected */
	int64_t end_us;   /* where data resumed */
	bool filled;      /* filled with the last sample (opts.fill_gaps) */
};

struct budge_accel_day {
	char date[11];     /* "YYYY-MM-DD" at the pipeline's UTC offset */
	int64_t start_s;   /* Unix seconds of that day's midnight */
	uint32_t wear_s;
	uint32_t sedentary_s;
	uint32_t breaks;   /* sedentary -> not sedentary transitions while worn */
	uint32_t longest_sedentary_bout_s;
	uint32_t light_s;
	uint32_t moderate_s;
	uint32_t vigorous_s;
	uint32_t steps;
};

struct budge_accel_pipeline_opts {
	uint32_t epoch_s;             /* must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60) */
	enum budge_accel_site site;   /* UNKNOWN: use the device's site, else hip */
	/* The device description; borrowed, may be NULL; read when the first
	 * block arrives (site, type: which axis is vertical for hip counts). */
	const struct budge_accel_device *device;
	/* Days run from local midnight at this fixed offset from UTC
	 * (seconds east, e.g. 3600 for UTC+1); 0: UTC days. */
	int32_t utc_offset_s;
	/* Fill gaps with the last sample instead of leaving them empty (for
	 * ActiGraph idle sleep, as ActiLife does); the gaps are still
	 * reported, with filled = true. Not across a change of rate. */
	bool fill_gaps;
};

/* Samples of a block the pipeline could not use: time went backwards
 * (they overlap what came before), or the block's sample rate is not one
 * counts can use (30..100 Hz). */
enum budge_accel_drop_reason {
	BUDGE_DROP_OVERLAP,
	BUDGE_DROP_RATE,
};
struct budge_accel_drop {
	enum budge_accel_drop_reason reason;
	int64_t start_us; /* the block's start */
	double rate_hz;   /* the block's rate */
	size_t n;         /* samples dropped */
};

/* All callbacks may be NULL. A negative return stops the pipeline and is
 * returned by push/finish. Records are borrowed for the callback only. */
struct budge_accel_pipeline_sink {
	int (*epoch)(const struct budge_accel_epoch *e, void *userdata);
	int (*gap)(const struct budge_accel_gap *g, void *userdata);
	int (*day)(const struct budge_accel_day *d, void *userdata);
	void *userdata;
	int (*drop)(const struct budge_accel_drop *dr, void *userdata);
};

struct budge_accel_pipeline;

/* Returns 0, -EINVAL (bad epoch), -ENOMEM. opts and sink are copied. */
int budge_accel_pipeline_create(const struct budge_accel_pipeline_opts *opts,
				const struct budge_accel_pipeline_sink *sink,
				struct budge_accel_pipeline **out);

/* Feed one decoded block (borrowed). A block whose sample rate counts
 * cannot use (30..100 Hz within 5% of a multiple of 10 Hz) is dropped and
 * reported through sink.drop. Returns 0, a sink error, -ERANGE if time jumps forward by more than 366
 * days, -EINVAL for a malformed block (rate <= 0). The signature fits
 * struct budge_accel_sink.block with the pipeline as userdata. */
int budge_accel_pipeline_push(const struct budge_accel_block *b, void *pipeline);

/* Flush: delivers the remaining epochs and the last day. Returns 0 or a
 * sink error. Call once. */
int budge_accel_pipeline_finish(struct budge_accel_pipeline *p);

void budge_accel_pipeline_destroy(struct budge_accel_pipeline *p); /* NULL ok */

/* Totals over everything pushed so far. */
struct budge_accel_totals {
	int64_t first_us;  /* first sample time, 0 if none */
	int64_t end_us;    /* time just after the last sample */
	uint64_t samples;  /* samples used (overlaps dropped) */
	uint64_t dropped;  /* overlapping samples dropped */
	uint64_t dropped_rate; /* samples of blocks at an unusable rate */
	double dropped_rate_hz; /* the rate of the first such block */
	uint64_t filled;   /* samples made up to fill gaps (opts.fill_gaps) */
	uint32_t gaps;
	double rate_hz;    /* rate of the first block */
	enum budge_accel_site site; /* the site the classification used */
};
void budge_accel_pipeline_totals(const struct budge_accel_pipeline *p,
				 struct budge_accel_totals *out);

const char *budge_accel_site_name(enum budge_accel_site s); /* "hip", ..., "unknown" */
int budge_accel_site_parse(const char *name, enum budge_accel_site *out); /* 0 / -EINVAL */

/*
 * ActiGraph counts on their own (Neishabouri et al. 2022; the open
 * implementation actigraph/agcounts), one axis, streaming. Exposed for
 * tests and tools. rate_hz must be 30, 40, ..., 100.
 */
struct budge_accel_counts {
	int up, down, phase;
	double lpf_c, lpf_b, lpf_y;
	bool started;
	double z[8];
	double zi[8]; /* the band-pass filter's steady state for a unit step */
	int trip_n;
	uint32_t trip_sum;
};
int budge_accel_counts_init(struct budge_accel_counts *c, int rate_hz); /* 0 / -ENOTSUP */
/* Push n raw samples in g; returns the sum of the 10 Hz count values that
 * were completed by these samples. */
uint32_t budge_accel_counts_push(struct budge_accel_counts *c, const float *v, size_t n);

#endif
