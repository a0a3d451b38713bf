/* SPDX-License-Identifier: MIT */
/* Shared helpers of the engine unit and property tests: a small test
 * catalog, a config, and a runner that replays trace text. */
#ifndef BUDGE_TESTS_UNIT_ENGINE_HARNESS_H
#define BUDGE_TESTS_UNIT_ENGINE_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/config.h"
#include "budge/engine.h"
#include "budge/sim.h"

#define MAX_ACTS 4096

struct run {
	struct budge_action acts[MAX_ACTS];
	size_t n;
	char prompts[8192]; /* "HH:MM:SS kind[ movement]\n" per prompt */
	size_t plen;
	int last_day_base_set;
	int64_t last_day_base;
	struct budge_engine *e; /* valid until run_finish */
	struct budge_sim *sim;
};

static inline void run_cb(const struct budge_action *a, void *ud)
{
	struct run *r = ud;
	if (r->n < MAX_ACTS)
		r->acts[r->n++] = *a;
	if (a->type == BUDGE_ACT_PROMPT) {
		int64_t s = ((a->at % 86400) + 86400) % 86400;
		int n = snprintf(r->prompts + r->plen, sizeof(r->prompts) - r->plen,
				 "%02d:%02d:%02d %s%s%s\n", (int)(s / 3600), (int)(s / 60 % 60),
				 (int)(s % 60), budge_prompt_kind_name(a->kind),
				 a->movement ? " " : "", a->movement ? a->movement->id : "");
		if (n > 0 && (size_t)n < sizeof(r->prompts) - r->plen)
			r->plen += (size_t)n;
	}
}

/* Feed trace text into r's driver (created at the first day line, the
 * plan started plan_offset_s before that day's midnight). Returns 0 or the
 * first parse/feed error (negative). */
static inline int run_feed(struct run *r, const struct budge_config *cfg,
			   const struct budge_catalog *cat, const char *trace, int64_t plan_offset_s)
{
	char line[256], msg[256];
	const char *p = trace;
	int ret = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);
		if (l >= sizeof(line))
			return -E2BIG;
		memcpy(line, p, l);
		line[l] = '\0';
		p = eol ? eol + 1 : p + l;
		struct budge_trace_line tl;
		int k = budge_trace_parse_line(line, &tl, msg, sizeof(msg));
		if (k < 0) {
			fprintf(stderr, "trace: %s: %s\n", line, msg);
			return k;
		}
		if (k == 0)
			continue;
		if (tl.kind == BUDGE_TRACE_DAY) {
			r->last_day_base = (int64_t)tl.day * 86400;
			if (!r->sim) {
				int c = budge_sim_create(cfg, cat,
							 r->last_day_base - plan_offset_s,
							 r->last_day_base, NULL, run_cb, r, &r->sim);
				if (c < 0)
					return c;
				r->e = budge_sim_engine(r->sim);
			}
			continue;
		}
		if (!r->sim)
			return -EINVAL;
		int64_t t = r->last_day_base + tl.sec;
		tl.ev.at = t;
		int f = budge_sim_feed(r->sim, t, &tl.ev);
		if (f < 0 && ret == 0 && f != -ENOENT)
			ret = f;
	}
	return ret;
}

/* Replay trace text; end = seconds after the last day's midnight to run to.
 * The plan started plan_offset_s seconds before the first day's midnight.
 * Returns 0 or the first parse/feed error (negative). */
static inline int run_trace(struct run *r, const struct budge_config *cfg,
			    const struct budge_catalog *cat, const char *trace, int32_t end,
			    int64_t plan_offset_s)
{
	memset(r, 0, sizeof(*r));
	int ret = run_feed(r, cfg, cat, trace, plan_offset_s);
	if (r->sim)
		budge_sim_run_until(r->sim, r->last_day_base + end);
	return ret;
}

static inline void run_finish(struct run *r)
{
	budge_sim_destroy(r->sim);
	r->sim = NULL;
	r->e = NULL;
}

static inline size_t count_acts(const struct run *r, enum budge_action_type t)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->acts[i].type == t;
	return n;
}

/* Movement literals for test catalogs (sorted by id). */
#define MOVE(ID, REGION, CAD_MIN, DISCREET)                                                   \
	{                                                                                     \
		.id = (char *)(ID), .title = (char *)(ID), .region = (REGION),                \
		.positions = BUDGE_POS_SEATED, .discreet = (DISCREET), .is_default = true,    \
		.cue = (char *)"cue", .cadence_s = (CAD_MIN) * 60,                            \
	}

static inline void test_config(struct budge_config *cfg)
{
	budge_config_defaults(cfg);
	/* the defaults, spelled out: the expectations below rely on them */
	cfg->sitting_limit = 30 * 60;
	cfg->sitting_gap = 2 * 60;
	cfg->sitting_full_break = 5 * 60;
	cfg->prompts_min_gap = 5 * 60;
	cfg->prompts_max_per_hour = 6;
	cfg->prompts_response_timeout = 2 * 60;
	cfg->prompts_snooze = 5 * 60;
	cfg->prompts_micro = true;
	cfg->prompts_micro_interval = 0; /* no micro slot: cadences, gap and cap only */
	cfg->plan_start_regions = 1u << BUDGE_REGION_FEET;
	cfg->plan_regions = BUDGE_REGION_ALL;
	cfg->plan_add_region_every = 7 * 86400;
	for (int d = 0; d < 7; d++) {
		cfg->work_hours.start[d] = d < 5 ? 8 * 3600 : 0;
		cfg->work_hours.end[d] = d < 5 ? 18 * 3600 : 0;
	}
}

#endif
