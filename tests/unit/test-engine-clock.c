/* SPDX-License-Identifier: MIT */
/* Clock jumps (budge_engine_clock_jump), table-driven with fake time: a
 * trace up to the jump, the jump (an unreported sleep, then a step of the
 * clock), a trace after it in the new clock, and the prompts and sitting
 * bouts expected. The rule under test: time that did not pass at the desk
 * is never sitting, nothing missed is replayed, and a step back keeps every
 * length. Defaults as in test-engine.c (limit 30m, gap 2m); movement breaks
 * only (the first after noon is the day's walk). 2026-01-05 is a Monday. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine-harness.h"

static struct budge_movement items[] = {
	MOVE("toe-spread", BUDGE_REGION_FEET, 10, true),
};
static struct budge_catalog cat = {.items = items, .n = 1};

#define H 3600
#define M 60

struct jump_case {
	const char *name;
	const char *before; /* trace up to the jump */
	int32_t at;         /* seconds after the day's midnight (old clock) */
	int64_t slept, step;
	const char *after;  /* trace after it (new clock; starts with a day line) */
	int32_t end;        /* run to, seconds after the last day's midnight */
	const char *prompts;
	const char *bouts;  /* lengths of the bouts that ended, in s, "600 1800" */
};

static const struct jump_case cases[] = {
	/* the issue's +2 h: one bout of 10 min, no storm, the next break 30
	 * min into the bout that starts after the step */
	{"forward 2 h while active", "day 2026-01-05\n09:00 active\n", 9 * H + 10 * M, 0, 2 * H,
	 "day 2026-01-05\n", 11 * H + 44 * M, "11:40:00 movement_break\n", "600"},
	{"forward one day", "day 2026-01-05\n09:00 active\n", 9 * H + 10 * M, 0, 24 * H,
	 "day 2026-01-06\n", 9 * H + 44 * M, "09:40:00 movement_break\n", "600"},
	/* back 1 h: the bout keeps its 20 min, the break comes 10 min later */
	{"back 1 h while active", "day 2026-01-05\n09:00 active\n", 9 * H + 20 * M, 0, -1 * H,
	 "day 2026-01-05\n08:40 idle\n08:45 active\n", 8 * H + 50 * M,
	 "08:30:00 movement_break\n08:35:00 movement_break\n", "2400"},
	{"back across midnight", "day 2026-01-05\n09:00 active\n", 9 * H + 20 * M, 0, -10 * H,
	 "day 2026-01-04\n23:30 idle\n", 23 * H + 40 * M, "", "1800"},
	/* an unreported sleep of 2 h is time away, like a reported one */
	{"sleep 2 h while active", "day 2026-01-05\n09:00 active\n", 9 * H + 10 * M, 2 * H, 0,
	 "day 2026-01-05\n", 11 * H + 44 * M, "11:40:00 movement_break\n", "600"},
	{"sleep 2 h, then set back 1 h", "day 2026-01-05\n09:00 active\n", 9 * H + 10 * M, 2 * H,
	 -1 * H, "day 2026-01-05\n", 10 * H + 44 * M, "10:40:00 movement_break\n", "600"},
	/* a step shorter than the gap moves the times: the bout is not cut */
	{"forward 30 s", "day 2026-01-05\n09:00 active\n", 9 * H + 10 * M, 0, 30,
	 "day 2026-01-05\n09:33 idle\n09:40 active\n", 9 * H + 45 * M,
	 "09:30:30 movement_break\n", "1950"},
	/* idle before the step: still idle after it, no prompt until input */
	{"forward 2 h while idle", "day 2026-01-05\n09:00 active\n09:05 idle\n", 9 * H + 6 * M, 0,
	 2 * H, "day 2026-01-05\n11:30 active\n", 12 * H + 4 * M, "12:00:00 walk\n",
	 "300"},
	/* an open prompt goes unanswered at the step; its re-prompts are
	 * not replayed */
	{"forward 2 h with a prompt open", "day 2026-01-05\n09:00 active\n", 9 * H + 31 * M, 0,
	 2 * H, "day 2026-01-05\n", 12 * H + 5 * M,
	 "09:30:00 movement_break\n12:01:00 walk\n", "1860"},
	/* in a meeting the bout goes on through short idle, but not through
	 * time that did not pass */
	{"forward 2 h in a meeting", "day 2026-01-05\n09:00 active\n09:05 meeting-start\n",
	 9 * H + 20 * M, 0, 2 * H, "day 2026-01-05\n11:30 meeting-end\n", 11 * H + 35 * M, "",
	 "1200"},
};

static void bouts_of(const struct run *r, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		if (r->acts[i].type != BUDGE_ACT_BOUT_END)
			continue;
		int n = snprintf(buf + o, len - o, "%s%lld", o ? " " : "",
				 (long long)r->acts[i].arg);
		if (n < 0 || (size_t)n >= len - o)
			return;
		o += (size_t)n;
	}
}

static void test_jumps(void **state)
{
	(void)state;
	struct budge_config cfg;
	int failed = 0;
	test_config(&cfg);
	cfg.prompts_micro = false;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct jump_case *c = &cases[i];
		static struct run r;
		char bouts[256];

		assert_int_equal(run_trace(&r, &cfg, &cat, c->before, c->at, 0), 0);
		budge_sim_clock_jump(r.sim, r.last_day_base + c->at, c->slept, c->step);
		assert_int_equal(run_feed(&r, &cfg, &cat, c->after, 0), 0);
		budge_sim_run_until(r.sim, r.last_day_base + c->end);
		bouts_of(&r, bouts, sizeof(bouts));
		if (strcmp(r.prompts, c->prompts) != 0 || strcmp(bouts, c->bouts) != 0) {
			print_error("%s:\nprompts:\n%sexpected:\n%sbouts: '%s', expected '%s'\n",
				    c->name, r.prompts, c->prompts, bouts, c->bouts);
			failed++;
		}
		run_finish(&r);
	}
	assert_int_equal(failed, 0);
}

/* What the status says right after a step back: the bout is as long as it
 * really was, and the break is due when it was due. */
static void test_back_status(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_status st;
	static struct run r;

	test_config(&cfg);
	cfg.prompts_micro = false;
	assert_int_equal(run_trace(&r, &cfg, &cat, "day 2026-01-05\n09:00 active\n",
				   9 * H + 20 * M, 0), 0);
	budge_sim_clock_jump(r.sim, r.last_day_base + 9 * H + 20 * M, 0, -1 * H);
	budge_engine_status(r.e, r.last_day_base + 8 * H + 20 * M, &st);
	assert_int_equal(st.presence, BUDGE_PRESENT);
	assert_int_equal(st.sitting_s, 20 * M);
	assert_int_equal(budge_engine_next_deadline(r.e), r.last_day_base + 8 * H + 30 * M);
	run_finish(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jumps),
		cmocka_unit_test(test_back_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
