/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_SIM_H
#define BUDGE_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budge/engine.h"

/*
 * Simulation helpers, pure like the engine: a parser for trace lines (the
 * format is described in budge(5), TRACE FILES), a seeded generator of
 * plausible synthetic workdays, and a driver that replays inputs through an
 * engine in time order, answering prompts on behalf of a synthetic user
 * when asked to. No I/O, no clock, no globals.
 */

/* ---- dates ---- */

/* Parse "YYYY-MM-DD" (a real calendar date, years 1970..9999) into days
 * since 1970-01-01. Returns 0 or -EINVAL. */
int budge_date_parse(const char *s, int32_t *day);
/* Format days since 1970-01-01 as "YYYY-MM-DD" into buf (>= 11 bytes). */
void budge_date_format(int32_t day, char *buf, size_t len);

/* ---- trace lines ---- */

enum budge_trace_kind {
	BUDGE_TRACE_DAY,   /* "day YYYY-MM-DD": day is set */
	BUDGE_TRACE_EVENT, /* "HH:MM[:SS] EVENT [ARG]": sec and ev are set */
};

struct budge_trace_line {
	enum budge_trace_kind kind;
	int32_t day; /* DAY: days since 1970-01-01 */
	int32_t sec; /* EVENT: seconds since local midnight, 0..86399 */
	struct budge_input_event ev; /* EVENT: type, arg, response; at is 0 */
};

/* Parse one line (borrowed, NUL-terminated, without the newline). Returns
 * 1 and fills *out for a day or event line, 0 for a blank or comment line,
 * or -EINVAL with a message saying what was expected written into msg
 * (borrowed, len bytes). */
int budge_trace_parse_line(const char *line, struct budge_trace_line *out, char *msg, size_t len);

/* ---- seeded PRNG (splitmix64) ---- */

struct budge_rng {
	uint64_t state;
};

void budge_rng_seed(struct budge_rng *r, uint64_t seed);
uint64_t budge_rng_next(struct budge_rng *r);
/* Uniform integer in [lo, hi] (lo <= hi). */
int64_t budge_rng_range(struct budge_rng *r, int64_t lo, int64_t hi);
/* True with probability per_mille / 1000. */
bool budge_rng_chance(struct budge_rng *r, int per_mille);

/* ---- synthetic workdays ---- */

/* Generate the events of one synthetic day with the given weekday
 * (0 = Monday): nothing on Saturday and Sunday; on workdays arrival around
 * 08:00-09:00, typing bursts, idle thinking, coffee breaks (locked screen),
 * lunch, zero to three meetings, an occasional walk, leaving around
 * 17:00-18:00. Events are written to out (borrowed, cap entries) in time
 * order with kind BUDGE_TRACE_EVENT and sec set. Returns the count, or
 * -ENOBUFS if cap is too small (512 is always enough). */
int budge_synth_day(struct budge_rng *r, int weekday, struct budge_trace_line *out, size_t cap);

/* How a synthetic user answers a prompt: returns true with *resp and
 * *delay_s (1..90 s after the prompt) set, or false for no answer. */
bool budge_synth_response(struct budge_rng *r, enum budge_prompt_kind kind,
			  enum budge_response *resp, int64_t *delay_s);

/* ---- driver ---- */

/* Called for every engine action, in time order. */
typedef void (*budge_sim_action_fn)(const struct budge_action *a, void *userdata);

struct budge_sim;

/* Create a driver around a new engine (see budge_engine_create; cfg and cat
 * are borrowed). responder (borrowed, may be NULL) answers prompts with
 * budge_synth_response; NULL leaves answering to the inputs. cb receives
 * every action. Returns 0 or -ENOMEM. */
int budge_sim_create(const struct budge_config *cfg, const struct budge_catalog *cat,
		     int64_t plan_start, int64_t now, struct budge_rng *responder,
		     budge_sim_action_fn cb, void *userdata, struct budge_sim **out);
void budge_sim_destroy(struct budge_sim *s);

/* The engine (borrowed, owned by the driver). */
struct budge_engine *budge_sim_engine(struct budge_sim *s);

/* Let time run to t (timers and synthetic answers fire in order). */
void budge_sim_run_until(struct budge_sim *s, int64_t t);

/* Run to the driver's time t, then let the clock jump there (see
 * budge_engine_clock_jump): the driver's time becomes t + slept + step. */
void budge_sim_clock_jump(struct budge_sim *s, int64_t t, int64_t slept, int64_t step);

/* Run to t, then feed ev at t (ev->at is used for IDLE; 0 means t).
 * Returns budge_engine_handle's result (-ENOENT: a response with no open
 * prompt). t earlier than the last input is treated as that time. */
int budge_sim_feed(struct budge_sim *s, int64_t t, const struct budge_input_event *ev);

#endif
