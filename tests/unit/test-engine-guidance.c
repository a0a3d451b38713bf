/* SPDX-License-Identifier: MIT */
/* Engine follow-ups, with fake time: the micro slot (prompts.micro_interval),
 * whole-body movements carried by the movement break, check-in guidance
 * (budge_engine_set_guidance), and rotation to movements not shown lately
 * (check-in "rotate" and after a mostly ignored day). Expected times are
 * reasoned from the rules; the config is the harness's (limit 30m, gap 2m,
 * min_gap 5m, 6 an hour, timeout 2m, Mon-Fri 08:00-18:00, no micro slot)
 * unless a test changes it. 2026-01-05 is a Monday. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine-harness.h"

#define BASE ((int64_t)20458 * 86400) /* 2026-01-05 00:00 */
#define AT(h, m) (BASE + (h) * 3600 + (m) * 60)
#define DAY 86400

static struct budge_movement cat_two_items[] = {
	MOVE("pelvic-tilt", BUDGE_REGION_PELVIS, 10, false),
	MOVE("toe-spread", BUDGE_REGION_FEET, 10, true),
};
static struct budge_movement cat_one_items[] = {
	MOVE("toe-spread", BUDGE_REGION_FEET, 10, true),
};
/* whole-body movements with short cadences: never micro prompts */
static struct budge_movement cat_wb_items[] = {
	MOVE("a-feet", BUDGE_REGION_FEET, 10, true),
	MOVE("stand-up", BUDGE_REGION_WHOLE_BODY, 5, true),
	MOVE("walk-break", BUDGE_REGION_WHOLE_BODY, 5, false),
};
static struct budge_movement cat_wb_nowalk_items[] = {
	MOVE("a-feet", BUDGE_REGION_FEET, 10, true),
	MOVE("stand-up", BUDGE_REGION_WHOLE_BODY, 5, true),
};
/* rotation: w is due rarely, x often, z in between */
static struct budge_movement cat_rot_items[] = {
	MOVE("w-feet", BUDGE_REGION_FEET, 60, true),
	MOVE("x-feet", BUDGE_REGION_FEET, 10, true),
	MOVE("z-feet", BUDGE_REGION_FEET, 15, true),
};
#define CAT(a) {.items = a, .n = sizeof(a) / sizeof(a[0])}
static struct budge_catalog cat_two = CAT(cat_two_items);
static struct budge_catalog cat_one = CAT(cat_one_items);
static struct budge_catalog cat_wb = CAT(cat_wb_items);
static struct budge_catalog cat_wb_nowalk = CAT(cat_wb_nowalk_items);
static struct budge_catalog cat_rot = CAT(cat_rot_items);

static struct run R;

static int32_t hm(const char *s)
{
	return (int32_t)(atoi(s) * 3600 + atoi(s + 3) * 60);
}

/* ---- stepwise driver (inputs and guidance at chosen times) ---- */

static void start(struct run *r, const struct budge_config *cfg, const struct budge_catalog *cat,
		  int64_t plan_start)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(budge_sim_create(cfg, cat, plan_start, BASE, NULL, run_cb, r, &r->sim), 0);
	r->e = budge_sim_engine(r->sim);
}

static int feed(struct run *r, int64_t t, enum budge_input type, enum budge_response resp)
{
	struct budge_input_event ev = {.type = type, .at = t, .response = resp};
	return budge_sim_feed(r->sim, t, &ev);
}

static void guide(struct run *r, int64_t t, const struct budge_engine_guidance *g)
{
	budge_sim_run_until(r->sim, t);
	budge_engine_set_guidance(r->e, g, t);
	budge_sim_run_until(r->sim, t); /* deliver the actions it queued */
}

static size_t count_prompts_between(const struct run *r, int64_t from, int64_t to)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->acts[i].type == BUDGE_ACT_PROMPT && r->acts[i].at >= from &&
		     r->acts[i].at < to;
	return n;
}

/* ---- 1. the micro slot ---- */

struct slot_case {
	const char *name;
	const struct budge_catalog *cat;
	int64_t interval;
	const char *trace;
	const char *end;
	const char *expect;
};

static const struct slot_case slot_cases[] = {
	/* without a slot both 10-min movements alternate every 5 min (min_gap) */
	{"no slot", &cat_two, 0, "day 2026-01-05\n09:00 active\n", "09:31",
	 "09:10:00 micro pelvic-tilt\n09:15:00 micro toe-spread\n09:20:00 micro pelvic-tilt\n"
	 "09:25:00 micro toe-spread\n09:30:00 micro pelvic-tilt\n"},
	/* 15 min slot: one micro prompt per 15 min of sitting, the most overdue
	 * (toe-spread 15/10 x1.5 vs pelvic-tilt 15/10 x1.5 x0.5 just shown) */
	{"15 min slot", &cat_two, 15 * 60, "day 2026-01-05\n09:00 active\n", "10:01",
	 "09:10:00 micro pelvic-tilt\n09:25:00 micro toe-spread\n09:40:00 micro pelvic-tilt\n"
	 "09:55:00 micro toe-spread\n"},
	/* the slot runs on sitting time: idle 09:15-09:30 does not count, so
	 * after 09:10 the next slot ends at 09:40 (5 + 10 min of sitting) */
	{"slot counts sitting", &cat_one, 15 * 60,
	 "day 2026-01-05\n09:00 active\n09:15 idle\n09:30 active\n", "09:41",
	 "09:10:00 micro toe-spread\n09:40:00 micro toe-spread\n"},
	/* a slot shorter than the cadence changes nothing */
	{"short slot", &cat_one, 5 * 60, "day 2026-01-05\n09:00 active\n", "09:31",
	 "09:10:00 micro toe-spread\n09:20:00 micro toe-spread\n09:30:00 micro toe-spread\n"},
};

static void test_micro_slot(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < sizeof(slot_cases) / sizeof(slot_cases[0]); i++) {
		const struct slot_case *c = &slot_cases[i];
		struct budge_config cfg;
		test_config(&cfg);
		cfg.sitting_limit = 8 * 3600; /* micro prompts only */
		cfg.plan_start_regions |= 1u << BUDGE_REGION_PELVIS;
		cfg.prompts_micro_interval = c->interval;
		assert_int_equal(run_trace(&R, &cfg, c->cat, c->trace, hm(c->end), 0), 0);
		if (strcmp(R.prompts, c->expect) != 0) {
			fprintf(stderr, "case '%s':\nexpected:\n%sgot:\n%s\n", c->name, c->expect,
				R.prompts);
			failed++;
		}
		run_finish(&R);
	}
	assert_int_equal(failed, 0);
}

/* ---- 2. whole-body movements go with the movement break ---- */

static void test_whole_body(void **state)
{
	(void)state;
	struct budge_config cfg;
	test_config(&cfg);
	cfg.plan_start_regions = BUDGE_REGION_ALL;
	/* stand-up and walk-break (cadence 5 min) are never micro prompts; the
	 * break at 09:30 carries walk-break */
	assert_int_equal(run_trace(&R, &cfg, &cat_wb, "day 2026-01-05\n09:00 active\n", hm("09:31"),
				   0),
			 0);
	assert_string_equal(R.prompts, "09:10:00 micro a-feet\n09:20:00 micro a-feet\n"
				       "09:30:00 movement_break walk-break\n");
	/* its answer names the same movement */
	budge_sim_run_until(R.sim, AT(9, 33));
	bool seen = false;
	for (size_t i = 0; i < R.n; i++)
		if (R.acts[i].type == BUDGE_ACT_RESPONSE && R.acts[i].kind == BUDGE_PROMPT_MOVEMENT_BREAK) {
			assert_non_null(R.acts[i].movement);
			assert_string_equal(R.acts[i].movement->id, "walk-break");
			assert_int_equal(R.acts[i].region, BUDGE_REGION_WHOLE_BODY);
			seen = true;
		}
	assert_true(seen);
	run_finish(&R);

	/* without walk-break: the other whole-body movement */
	assert_int_equal(run_trace(&R, &cfg, &cat_wb_nowalk, "day 2026-01-05\n09:00 active\n",
				   hm("09:31"), 0),
			 0);
	assert_string_equal(R.prompts, "09:10:00 micro a-feet\n09:20:00 micro a-feet\n"
				       "09:30:00 movement_break stand-up\n");
	run_finish(&R);

	/* status announces the break's movement */
	struct budge_status st;

	cfg.prompts_micro = false;
	start(&R, &cfg, &cat_wb, BASE);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	budge_engine_status(R.e, AT(9, 1), &st);
	assert_int_equal(st.next_prompt_at, AT(9, 30));
	assert_int_equal(st.next_kind, BUDGE_PROMPT_MOVEMENT_BREAK);
	assert_non_null(st.next_movement);
	assert_string_equal(st.next_movement->id, "walk-break");
	/* a red flag on whole-body: the break still comes, without a movement */
	struct budge_engine_guidance g = {.blocked_regions = 1u << BUDGE_REGION_WHOLE_BODY};
	guide(&R, AT(9, 5), &g);
	budge_sim_run_until(R.sim, AT(9, 31));
	assert_string_equal(R.prompts, "09:30:00 movement_break\n");
	run_finish(&R);
}

/* ---- 3. check-in guidance ---- */

static void test_guidance_stopped(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_engine_guidance g = {0}, got;
	test_config(&cfg);
	start(&R, &cfg, &cat_one, BASE);
	budge_engine_get_guidance(R.e, &got);
	assert_false(got.stopped || got.plan_paused || got.step_down || got.rotate);
	assert_int_equal(got.blocked_regions, 0);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	/* stopped while the 09:10 prompt is open: it is withdrawn, unanswered */
	g.stopped = true;
	guide(&R, AT(9, 10) + 30, &g);
	budge_engine_get_guidance(R.e, &got);
	assert_true(got.stopped);
	size_t resp = 0, closes = 0;
	for (size_t i = 0; i < R.n; i++) {
		if (R.acts[i].type == BUDGE_ACT_RESPONSE) {
			assert_int_equal(R.acts[i].at, AT(9, 10) + 30);
			assert_int_equal(R.acts[i].response, BUDGE_RESP_NONE);
			resp++;
		}
		closes += R.acts[i].type == BUDGE_ACT_PROMPT_CLOSE;
	}
	assert_int_equal(resp, 1);
	assert_int_equal(closes, 1);
	/* nothing at all while stopped: no micro prompts, no breaks, no walk */
	budge_sim_run_until(R.sim, AT(14, 0));
	assert_int_equal(count_prompts_between(&R, AT(9, 11), AT(14, 0)), 0);
	struct budge_status st;
	budge_engine_status(R.e, AT(14, 0), &st);
	assert_int_equal(st.next_prompt_at, BUDGE_NO_DEADLINE);
	assert_int_equal(st.presence, BUDGE_PRESENT); /* presence goes on */
	assert_int_equal(budge_engine_next_deadline(R.e) > AT(14, 0), true);
	/* cleared: prompts again (the break is long overdue: now) */
	g.stopped = false;
	guide(&R, AT(14, 0), &g);
	budge_sim_run_until(R.sim, AT(14, 1));
	assert_int_equal(count_prompts_between(&R, AT(14, 0), AT(14, 1)), 1);
	run_finish(&R);
}

static void test_guidance_blocked(void **state)
{
	(void)state;
	struct budge_config cfg;
	test_config(&cfg);
	cfg.sitting_limit = 8 * 3600;
	cfg.plan_start_regions |= 1u << BUDGE_REGION_PELVIS;
	start(&R, &cfg, &cat_two, BASE);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	/* pelvic-tilt's prompt of 09:10 is open when pelvis is blocked */
	struct budge_engine_guidance g = {.blocked_regions = 1u << BUDGE_REGION_PELVIS};
	guide(&R, AT(9, 11), &g);
	budge_sim_run_until(R.sim, AT(9, 41));
	/* withdrawn at 09:11; toe-spread (due 09:10) after min_gap, then every
	 * 10 min; pelvic-tilt no more */
	assert_string_equal(R.prompts, "09:10:00 micro pelvic-tilt\n09:15:00 micro toe-spread\n"
				       "09:25:00 micro toe-spread\n09:35:00 micro toe-spread\n");
	/* every region blocked (redflag.regions=all): no micro prompts */
	g.blocked_regions = BUDGE_REGION_ALL;
	guide(&R, AT(9, 41), &g);
	budge_sim_run_until(R.sim, AT(11, 0));
	assert_int_equal(count_prompts_between(&R, AT(9, 41), AT(11, 0)), 0);
	run_finish(&R);
}

static void test_guidance_plan_paused(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_status st;
	test_config(&cfg);
	cfg.prompts_micro = false;
	/* the plan started 6 days before Monday: pelvis would join on Tuesday
	 * 00:00 (week 2) */
	start(&R, &cfg, &cat_two, BASE - 6 * DAY);
	struct budge_engine_guidance g = {.plan_paused = true};
	guide(&R, AT(12, 0), &g);
	budge_sim_run_until(R.sim, AT(12, 0) + 3 * DAY);
	assert_int_equal(count_acts(&R, BUDGE_ACT_PLAN), 0);
	budge_engine_status(R.e, AT(12, 0) + 3 * DAY, &st);
	assert_int_equal(st.plan_week, 1);
	assert_int_equal(st.active_regions, 1u << BUDGE_REGION_FEET);
	/* the pause survives a save and restore */
	char buf[4096];
	assert_true(budge_engine_save(R.e, buf, sizeof(buf)) < (int)sizeof(buf));
	assert_non_null(strstr(buf, "plan_paused_at="));
	struct budge_engine *e2;
	assert_int_equal(budge_engine_create(&cfg, &cat_two, BASE - 6 * DAY, AT(12, 0) + 3 * DAY, &e2),
			 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(12, 0) + 3 * DAY), 0);
	budge_engine_status(e2, AT(12, 0) + 3 * DAY, &st);
	assert_int_equal(st.active_regions, 1u << BUDGE_REGION_FEET);
	budge_engine_destroy(e2);
	/* lifted on Thursday 12:00 after 3 days: week 2 begins 3 days later
	 * than planned, Friday 00:00 */
	g.plan_paused = false;
	guide(&R, AT(12, 0) + 3 * DAY, &g);
	budge_sim_run_until(R.sim, AT(12, 0) + 5 * DAY);
	assert_int_equal(count_acts(&R, BUDGE_ACT_PLAN), 1);
	for (size_t i = 0; i < R.n; i++)
		if (R.acts[i].type == BUDGE_ACT_PLAN) {
			assert_int_equal(R.acts[i].at, BASE + 4 * DAY);
			assert_int_equal(R.acts[i].region, BUDGE_REGION_PELVIS);
			assert_int_equal(R.acts[i].arg, 2);
		}
	run_finish(&R);
}

static void test_guidance_step_down(void **state)
{
	(void)state;
	struct budge_config cfg;
	test_config(&cfg);
	cfg.sitting_limit = 8 * 3600;
	start(&R, &cfg, &cat_one, BASE);
	struct budge_engine_guidance g = {.step_down = true};
	guide(&R, AT(8, 0), &g);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	/* five "done" in a row would step up: not while stepping down */
	for (int k = 0; k < 5; k++)
		assert_int_equal(feed(&R, AT(9, 11 + 10 * k), BUDGE_IN_RESPOND, BUDGE_RESP_DONE), 0);
	assert_int_equal(count_acts(&R, BUDGE_ACT_VARIANT), 0);
	size_t prompts = 0;
	for (size_t i = 0; i < R.n; i++)
		if (R.acts[i].type == BUDGE_ACT_PROMPT) {
			assert_int_equal(R.acts[i].variant, BUDGE_VARIANT_EASIER);
			prompts++;
		}
	assert_int_equal(prompts, 5);
	/* lifted: the stored variant (standard) is shown again at 10:00 */
	g.step_down = false;
	guide(&R, AT(9, 55), &g);
	budge_sim_run_until(R.sim, AT(10, 1));
	assert_int_equal(count_prompts_between(&R, AT(10, 0), AT(10, 1)), 1);
	for (size_t i = 0; i < R.n; i++)
		if (R.acts[i].type == BUDGE_ACT_PROMPT && R.acts[i].at >= AT(10, 0))
			assert_int_equal(R.acts[i].variant, BUDGE_VARIANT_STANDARD);
	run_finish(&R);
}

/* ---- 4. rotation ---- */

/* 09:10 x (only x due). 09:35: x 25/10 x1.5 x0.5 (just shown) = 1.875 vs
 * z 35/15 x1.5 = 3.5: z. 10:00 w becomes due: w 60/60 x1.5 = 1.5 vs x
 * 50/10 x1.5 x0.5 = 3.75: x. Rotating, the novelty weight (0.1 for a
 * movement just shown, 1 for one never shown) turns it: x 7.5 x0.11 = 0.83
 * vs w 1.5: w. */
#define ROT_NORMAL "09:10:00 micro x-feet\n09:35:00 micro z-feet\n10:00:00 micro x-feet\n"
#define ROT_ROTATE "09:10:00 micro x-feet\n09:35:00 micro z-feet\n10:00:00 micro w-feet\n"

static void rot_config(struct budge_config *cfg)
{
	test_config(cfg);
	cfg->sitting_limit = 8 * 3600;
	cfg->prompts_min_gap = 25 * 60;
}

static void test_rotate_guidance(void **state)
{
	(void)state;
	struct budge_config cfg;
	rot_config(&cfg);
	assert_int_equal(run_trace(&R, &cfg, &cat_rot, "day 2026-01-05\n09:00 active\n", hm("10:01"),
				   0),
			 0);
	assert_string_equal(R.prompts, ROT_NORMAL);
	run_finish(&R);

	start(&R, &cfg, &cat_rot, BASE);
	struct budge_engine_guidance g = {.rotate = true};
	guide(&R, AT(8, 0), &g);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	budge_sim_run_until(R.sim, AT(10, 1));
	assert_string_equal(R.prompts, ROT_ROTATE);
	run_finish(&R);
}

static void test_rotate_after_ignored_day(void **state)
{
	(void)state;
	struct budge_config cfg;
	char buf[4096];
	test_config(&cfg);
	cfg.sitting_limit = 8 * 3600;
	/* Monday: 5 prompts, none answered -> slower and rotating; Tuesday: all
	 * answered -> rotation ends */
	const char *trace = "day 2026-01-05\n09:00 active\n10:00 lock\n"
			    "day 2026-01-06\n09:00 unlock\n09:06 respond done\n09:21 respond done\n"
			    "09:36 respond done\n09:51 respond done\n10:00 lock\n";
	assert_int_equal(run_trace(&R, &cfg, &cat_one, trace, 86400, 0), 0);
	size_t adapt = 0;
	for (size_t i = 0; i < R.n; i++)
		if (R.acts[i].type == BUDGE_ACT_ADAPT && adapt++ == 0)
			assert_non_null(strstr(R.acts[i].message, "not seen lately"));
	assert_int_equal(adapt, 2);
	assert_true(budge_engine_save(R.e, buf, sizeof(buf)) > 0);
	assert_null(strstr(buf, "adapt_rotate=1"));
	run_finish(&R);
	/* only the ignored Monday: rotating, kept by save/restore */
	assert_int_equal(run_trace(&R, &cfg, &cat_one, "day 2026-01-05\n09:00 active\n10:00 lock\n"
						       "day 2026-01-06\n",
				   hm("08:00"), 0),
			 0);
	assert_true(budge_engine_save(R.e, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "adapt_rotate=1"));
	run_finish(&R);

	/* an engine restored as rotating picks like the check-in rotation */
	rot_config(&cfg);
	struct budge_engine *e;
	assert_int_equal(budge_engine_create(&cfg, &cat_rot, BASE, AT(8, 0), &e), 0);
	assert_int_equal(budge_engine_restore(e, "version=1\nadapt_rotate=1\n", AT(8, 0)), 0);
	assert_int_equal(budge_engine_restore(e, "version=1\nadapt_rotate=yes\n", AT(8, 0)),
			 -EINVAL);
	struct budge_input_event ev = {.type = BUDGE_IN_ACTIVE, .at = AT(9, 0)};
	assert_int_equal(budge_engine_handle(e, &ev, AT(9, 0)), 0);
	memset(&R, 0, sizeof(R));
	struct budge_action a;
	for (int64_t t = AT(9, 0); t <= AT(10, 1);) {
		budge_engine_advance(e, t);
		while (budge_engine_pop_action(e, &a))
			run_cb(&a, &R);
		int64_t d = budge_engine_next_deadline(e);
		t = d > AT(10, 1) ? AT(10, 1) + 1 : d;
	}
	assert_string_equal(R.prompts, ROT_ROTATE);
	budge_engine_destroy(e);
}

/* ---- 5. state: the new keys round-trip ---- */

static void test_state_keys(void **state)
{
	(void)state;
	struct budge_config cfg;
	char buf[4096], buf2[4096];
	test_config(&cfg);
	cfg.prompts_micro_interval = 15 * 60;
	cfg.sitting_limit = 8 * 3600;
	start(&R, &cfg, &cat_one, BASE);
	feed(&R, AT(9, 0), BUDGE_IN_ACTIVE, 0);
	budge_sim_run_until(R.sim, AT(9, 12));
	int n = budge_engine_save(R.e, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));
	assert_non_null(strstr(buf, "micro_slot=120\n")); /* 2 min of sitting since 09:10 */
	char shown[64];
	snprintf(shown, sizeof(shown), "shown.toe-spread=%lld\n", (long long)AT(9, 10));
	assert_non_null(strstr(buf, shown));
	struct budge_engine *e2;
	assert_int_equal(budge_engine_create(&cfg, &cat_one, BASE, AT(9, 12), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(9, 12)), 0);
	assert_int_equal(budge_engine_save(e2, buf2, sizeof(buf2)), n);
	assert_string_equal(buf, buf2);
	assert_int_equal(budge_engine_restore(e2, "micro_slot=-5\n", AT(9, 12)), -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "plan_paused_at=x\n", AT(9, 12)), -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "shown.toe-spread=\n", AT(9, 12)), -EINVAL);
	budge_engine_destroy(e2);
	run_finish(&R);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_micro_slot),
		cmocka_unit_test(test_whole_body),
		cmocka_unit_test(test_guidance_stopped),
		cmocka_unit_test(test_guidance_blocked),
		cmocka_unit_test(test_guidance_plan_paused),
		cmocka_unit_test(test_guidance_step_down),
		cmocka_unit_test(test_rotate_guidance),
		cmocka_unit_test(test_rotate_after_ignored_day),
		cmocka_unit_test(test_state_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
