/* SPDX-License-Identifier: MIT */
/* BUDGE_IN_MOVEMENT_DONE: a movement done outside a prompt (`budge now`
 * while the coach runs), with fake time. It counts as done today, restarts
 * the movement's cadence, marks its region done today and the movement as
 * shown, and leaves an open prompt alone. The config is the harness's
 * (limit 30m, gap 2m, min_gap 5m, 6 an hour, timeout 2m, Mon-Fri
 * 08:00-18:00, no micro slot); the movement break is moved out of the way.
 * 2026-01-05 is a Monday. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine-harness.h"

#define BASE ((int64_t)20458 * 86400) /* 2026-01-05 00:00 */
#define AT(h, m) (BASE + (h)*3600 + (m)*60)

static struct budge_movement cat_one_items[] = {
    MOVE("toe-spread", BUDGE_REGION_FEET, 10, true),
};
/* two feet movements and one of the pelvis, all due every 10 min */
static struct budge_movement cat_three_items[] = {
    MOVE("a-feet", BUDGE_REGION_FEET, 10, true),
    MOVE("b-feet", BUDGE_REGION_FEET, 10, true),
    MOVE("p-pelvis", BUDGE_REGION_PELVIS, 10, true),
};
#define CAT(a)                                                                                     \
	{                                                                                          \
		.items = a, .n = sizeof(a) / sizeof(a[0])                                          \
	}
static struct budge_catalog cat_one = CAT(cat_one_items);
static struct budge_catalog cat_three = CAT(cat_three_items);

static struct run R;

static void config(struct budge_config *cfg)
{
	test_config(cfg);
	cfg->sitting_limit = 8 * 3600; /* micro prompts only */
	cfg->plan_start_regions = (1u << BUDGE_REGION_FEET) | (1u << BUDGE_REGION_PELVIS);
}

static void start(struct run *r, const struct budge_config *cfg, const struct budge_catalog *cat)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(budge_sim_create(cfg, cat, BASE, BASE, NULL, run_cb, r, &r->sim), 0);
	r->e = budge_sim_engine(r->sim);
}

static int feed(struct run *r, int64_t t, enum budge_input type)
{
	struct budge_input_event ev = {.type = type, .at = t};
	return budge_sim_feed(r->sim, t, &ev);
}

static int done(struct run *r, int64_t t, const char *movement)
{
	struct budge_input_event ev = {
	    .type = BUDGE_IN_MOVEMENT_DONE, .at = t, .movement = movement};
	return budge_sim_feed(r->sim, t, &ev);
}

static struct budge_day_stats stats(const struct run *r, int64_t t)
{
	struct budge_day_stats d;
	assert_int_equal(budge_engine_day_stats(r->e, t, &d), 0);
	return d;
}

/* ---- 1. day statistics; bad ids ---- */

static void test_stats(void **state)
{
	(void)state;
	struct budge_config cfg;
	config(&cfg);
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	assert_int_equal(done(&R, AT(9, 1), "p-pelvis"), 0);
	assert_int_equal(done(&R, AT(9, 2), "a-feet"), 0);
	assert_int_equal(done(&R, AT(9, 3), "a-feet"), 0);
	/* unknown or missing ids change nothing */
	assert_int_equal(done(&R, AT(9, 4), "no-such-movement"), -EINVAL);
	assert_int_equal(done(&R, AT(9, 4), NULL), -EINVAL);
	assert_int_equal(done(&R, AT(9, 4), ""), -EINVAL);
	struct budge_day_stats d = stats(&R, AT(9, 4));
	assert_int_equal(d.done, 3);
	assert_int_equal(d.prompts, 0); /* not a prompt */
	assert_int_equal(d.ignored, 0);
	assert_int_equal(d.region_done[BUDGE_REGION_FEET], 2);
	assert_int_equal(d.region_done[BUDGE_REGION_PELVIS], 1);
	assert_int_equal(d.region_prompts[BUDGE_REGION_FEET], 0);
	/* nothing to show or record but the presence/bout actions */
	assert_int_equal(count_acts(&R, BUDGE_ACT_RESPONSE), 0);
	assert_int_equal(count_acts(&R, BUDGE_ACT_PROMPT), 0);
	/* the next day starts from zero */
	budge_sim_run_until(R.sim, AT(24 + 9, 0));
	d = stats(&R, AT(24 + 9, 0));
	assert_int_equal(d.done, 0);
	run_finish(&R);
}

/* ---- 2. the cadence restarts: not due again right away ---- */

struct cadence_case {
	const char *name;
	int done_min; /* minute after 09:00 of the MOVEMENT_DONE, -1 none */
	const char *expect;
};

static const struct cadence_case cadence_cases[] = {
    {"no guided movement", -1,
     "09:10:00 micro toe-spread\n09:20:00 micro toe-spread\n09:30:00 micro toe-spread\n"},
    /* done at 09:08: due 10 min of sitting later */
    {"done at 09:08", 8, "09:18:00 micro toe-spread\n09:28:00 micro toe-spread\n"},
    /* done right after the 09:10 prompt was answered (below): 09:22 */
    {"done at 09:12", 12, "09:10:00 micro toe-spread\n09:22:00 micro toe-spread\n"},
};

static void test_cadence(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < sizeof(cadence_cases) / sizeof(cadence_cases[0]); i++) {
		const struct cadence_case *c = &cadence_cases[i];
		struct budge_config cfg;
		config(&cfg);
		start(&R, &cfg, &cat_one);
		assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
		if (c->done_min >= 0) {
			budge_sim_run_until(R.sim, AT(9, c->done_min) - 1);
			/* answer an open prompt first, so that only the guided
			 * movement moves the schedule */
			struct budge_status st;
			budge_engine_status(R.e, AT(9, c->done_min), &st);
			if (st.open_prompt_id) {
				struct budge_input_event ev = {.type = BUDGE_IN_RESPOND,
				                               .response = BUDGE_RESP_DONE};
				assert_int_equal(budge_sim_feed(R.sim, AT(9, c->done_min) - 1, &ev),
				                 0);
			}
			assert_int_equal(done(&R, AT(9, c->done_min), "toe-spread"), 0);
			/* the status already plans the next prompt accordingly */
			budge_engine_status(R.e, AT(9, c->done_min), &st);
			assert_int_equal(st.next_prompt_at, AT(9, c->done_min + 10));
		}
		budge_sim_run_until(R.sim, AT(9, 31));
		if (strcmp(R.prompts, c->expect) != 0) {
			fprintf(stderr, "case '%s':\nexpected:\n%sgot:\n%s\n", c->name, c->expect,
			        R.prompts);
			failed++;
		}
		run_finish(&R);
	}
	assert_int_equal(failed, 0);
}

/* ---- 3. the region counts as done today ---- */

static void test_region_done_today(void **state)
{
	(void)state;
	struct budge_config cfg;
	config(&cfg);
	/* all three are due at 09:10 with the same score: the first wins */
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	budge_sim_run_until(R.sim, AT(9, 10));
	assert_string_equal(R.prompts, "09:10:00 micro a-feet\n");
	run_finish(&R);
	/* b-feet done at 09:01 (its cadence restarts): the feet region is
	 * done today, so the pelvis (not done today, x1.5) comes first */
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	assert_int_equal(done(&R, AT(9, 1), "b-feet"), 0);
	budge_sim_run_until(R.sim, AT(9, 10));
	assert_string_equal(R.prompts, "09:10:00 micro p-pelvis\n");
	run_finish(&R);
}

/* ---- 4. an open prompt is left alone ---- */

static void test_open_prompt_untouched(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_status st;
	config(&cfg);
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	budge_sim_run_until(R.sim, AT(9, 10));
	budge_engine_status(R.e, AT(9, 10), &st);
	uint32_t open = st.open_prompt_id;
	assert_true(open != 0);
	size_t n_before = R.n;
	/* the prompted movement itself, and another one */
	assert_int_equal(done(&R, AT(9, 11), "a-feet"), 0);
	assert_int_equal(done(&R, AT(9, 11), "p-pelvis"), 0);
	budge_engine_status(R.e, AT(9, 11), &st);
	assert_int_equal(st.open_prompt_id, open);
	for (size_t i = n_before; i < R.n; i++) {
		assert_int_not_equal(R.acts[i].type, BUDGE_ACT_RESPONSE);
		assert_int_not_equal(R.acts[i].type, BUDGE_ACT_PROMPT_CLOSE);
	}
	struct budge_day_stats d = stats(&R, AT(9, 11));
	assert_int_equal(d.prompts, 1);
	assert_int_equal(d.done, 2);
	/* the prompt can still be answered */
	struct budge_input_event ev = {.type = BUDGE_IN_RESPOND, .response = BUDGE_RESP_DONE};
	assert_int_equal(budge_sim_feed(R.sim, AT(9, 12), &ev), 0);
	d = stats(&R, AT(9, 12));
	assert_int_equal(d.done, 3);
	assert_int_equal(d.region_done[BUDGE_REGION_FEET], 2);
	assert_int_equal(d.region_done[BUDGE_REGION_PELVIS], 1);
	/* a timeout would have answered it "ignored": it was not */
	budge_engine_status(R.e, AT(9, 12), &st);
	assert_int_equal(st.open_prompt_id, 0);
	assert_int_equal(stats(&R, AT(9, 12)).ignored, 0);
	run_finish(&R);
}

/* ---- 5. last shown: saved with the state; recent list and novelty ---- */

static void test_shown_saved(void **state)
{
	(void)state;
	struct budge_config cfg;
	char buf[4096], want[64];
	config(&cfg);
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	assert_int_equal(done(&R, AT(9, 5), "p-pelvis"), 0);
	budge_sim_run_until(R.sim, AT(9, 7));
	int n = budge_engine_save(R.e, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));
	snprintf(want, sizeof(want), "shown.p-pelvis=%lld\n", (long long)AT(9, 5));
	assert_non_null(strstr(buf, want));
	/* its cadence restarted at 09:05: 2 min of sitting ago, the others' 7
	 * min ago at the bout's start (variant 0, streak 0) */
	assert_non_null(strstr(buf, "movement.p-pelvis=0,0,120,"));
	assert_non_null(strstr(buf, "movement.a-feet=0,0,420,"));
	run_finish(&R);
}

/* ---- 6. today's counts survive a restart on the same day ---- */

static void test_today_saved(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_day_stats want, got;
	struct budge_engine *e2;
	char buf[4096];
	config(&cfg);
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	assert_int_equal(done(&R, AT(9, 5), "p-pelvis"), 0);
	budge_sim_run_until(R.sim, AT(9, 11)); /* a feet prompt at 09:10 */
	want = stats(&R, AT(9, 11));
	assert_true(want.prompts >= 1);
	assert_int_equal(want.done, 1);
	assert_int_equal(want.region_done[BUDGE_REGION_PELVIS], 1);
	int n = budge_engine_save(R.e, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));
	assert_non_null(strstr(buf, "\ntoday=20458,"));
	assert_non_null(strstr(buf, "\ntoday.pelvis=0,1,0,0\n"));

	/* restarted at 09:12 the same day: the same counts */
	assert_int_equal(budge_engine_create(&cfg, &cat_three, BASE, AT(9, 12), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(9, 12)), 0);
	assert_int_equal(budge_engine_day_stats(e2, AT(9, 12), &got), 0);
	assert_int_equal(got.prompts, want.prompts);
	assert_int_equal(got.done, want.done);
	assert_int_equal(got.region_done[BUDGE_REGION_PELVIS], 1);
	assert_int_equal(got.region_prompts[BUDGE_REGION_FEET],
	                 want.region_prompts[BUDGE_REGION_FEET]);
	budge_engine_destroy(e2);

	/* restarted the next day: a new day starts from zero */
	assert_int_equal(budge_engine_create(&cfg, &cat_three, BASE, AT(9, 12) + 86400, &e2), 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(9, 12) + 86400), 0);
	assert_int_equal(budge_engine_day_stats(e2, AT(9, 12) + 86400, &got), 0);
	assert_int_equal(got.prompts, 0);
	assert_int_equal(got.done, 0);

	/* malformed lines are refused; an unknown region is ignored */
	assert_int_equal(budge_engine_restore(e2, "today=20459,1,2\n", AT(9, 12) + 86400),
	                 -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "today=20459,1,1,0,0,-1,0,0,0\n",
	                                      AT(9, 12) + 86400),
	                 -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "today.feet=1,x,0,0\n", AT(9, 12) + 86400),
	                 -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "today.tail=1,1,0,0\n", AT(9, 12) + 86400),
	                 0);
	budge_engine_destroy(e2);
	run_finish(&R);
}

/* ---- 6b. prompt ids and the open prompt across a restart ---- */

static void test_open_prompt_saved(void **state)
{
	(void)state;
	struct budge_config cfg;
	struct budge_status st, st2;
	struct budge_engine *e2;
	char buf[4096];
	config(&cfg);
	start(&R, &cfg, &cat_three);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	budge_sim_run_until(R.sim, AT(9, 11)); /* a feet prompt at 09:10, open */
	budge_engine_status(R.e, AT(9, 11), &st);
	assert_true(st.open_prompt_id > 0);
	int n = budge_engine_save(R.e, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));
	assert_non_null(strstr(buf, "\nprompt_seq="));
	assert_non_null(strstr(buf, "\nopen="));

	/* restarted a minute later: the same prompt is open and can be
	 * answered; the next prompt gets a new id */
	assert_int_equal(budge_engine_create(&cfg, &cat_three, BASE, AT(9, 12), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(9, 12)), 0);
	budge_engine_status(e2, AT(9, 12), &st2);
	assert_int_equal(st2.open_prompt_id, st.open_prompt_id);
	struct budge_input_event ev = {.type = BUDGE_IN_RESPOND, .at = AT(9, 12),
				       .response = BUDGE_RESP_DONE,
				       .prompt_id = st.open_prompt_id};
	assert_int_equal(budge_engine_handle(e2, &ev, AT(9, 12)), 0);
	/* closed; a prompt that opens right after it has a new id */
	budge_engine_status(e2, AT(9, 12), &st2);
	assert_true(st2.open_prompt_id == 0 || st2.open_prompt_id > st.open_prompt_id);
	struct budge_day_stats got;
	assert_int_equal(budge_engine_day_stats(e2, AT(9, 12), &got), 0);
	assert_int_equal(got.done, 1);
	budge_engine_destroy(e2);

	/* without the open line, ids still go on from prompt_seq; and the
	 * daemon's store maximum wins over an older saved counter */
	assert_int_equal(budge_engine_create(&cfg, &cat_three, BASE, AT(9, 12), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, "prompt_seq=41\n", AT(9, 12)), 0);
	budge_engine_set_prompt_seq(e2, 57);
	budge_engine_set_prompt_seq(e2, 3); /* never backwards */
	ev = (struct budge_input_event){.type = BUDGE_IN_ACTIVE, .at = AT(9, 12)};
	assert_int_equal(budge_engine_handle(e2, &ev, AT(9, 12)), 0);
	for (int64_t t = AT(9, 12); t < AT(10, 30); t += 60) {
		budge_engine_advance(e2, t);
		budge_engine_status(e2, t, &st2);
		if (st2.open_prompt_id)
			break;
	}
	assert_int_equal(st2.open_prompt_id, 58);
	/* malformed open lines are refused */
	assert_int_equal(budge_engine_restore(e2, "open=0,0,1,0,1\n", AT(9, 12)), -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "open=5,9,1,0,1\n", AT(9, 12)), -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "prompt_seq=-1\n", AT(9, 12)), -EINVAL);
	budge_engine_destroy(e2);
	run_finish(&R);
}

/* ---- 7. the movement break as it stood: kept by a reload and a restart ---- */

static int respond(struct run *r, int64_t t, enum budge_response resp)
{
	struct budge_input_event ev = {.type = BUDGE_IN_RESPOND, .at = t, .response = resp};
	return budge_sim_feed(r->sim, t, &ev);
}

static void test_break_kept(void **state)
{
	(void)state;
	struct budge_config cfg, cfg45;
	struct budge_status st;
	struct budge_engine *e2;
	char buf[8192];
	test_config(&cfg);
	cfg.prompts_micro = false; /* movement breaks only */
	cfg45 = cfg;
	cfg45.sitting_limit = 45 * 60;
	start(&R, &cfg, &cat_one);
	assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
	budge_sim_run_until(R.sim, AT(9, 31));
	assert_string_equal(R.prompts, "09:30:00 movement_break\n");
	/* done at 09:31: the next break is due at 10:01 */
	assert_int_equal(respond(&R, AT(9, 31), BUDGE_RESP_DONE), 0);
	budge_engine_status(R.e, AT(9, 32), &st);
	assert_int_equal(st.next_prompt_at, AT(10, 1));
	/* a reload with the same limit leaves it there (it used to go back to
	 * the bout's start + limit, 09:30: at once) */
	budge_engine_set_config(R.e, &cfg);
	budge_engine_status(R.e, AT(9, 32), &st);
	assert_int_equal(st.next_prompt_at, AT(10, 1));
	/* a longer limit moves it by the difference: 45 min after 09:31 */
	budge_engine_set_config(R.e, &cfg45);
	budge_engine_status(R.e, AT(9, 32), &st);
	assert_int_equal(st.next_prompt_at, AT(10, 16));
	budge_engine_set_config(R.e, &cfg);

	/* the break prompted at 10:01 is snoozed at 10:02: due at 10:07 */
	budge_sim_run_until(R.sim, AT(10, 2));
	assert_int_equal(respond(&R, AT(10, 2), BUDGE_RESP_SNOOZE), 0);
	budge_engine_status(R.e, AT(10, 3), &st);
	assert_int_equal(st.next_prompt_at, AT(10, 7));
	int n = budge_engine_save(R.e, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));

	/* a restart a minute later keeps the snooze */
	assert_int_equal(budge_engine_create(&cfg, &cat_one, BASE, AT(10, 3), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, buf, AT(10, 3)), 0);
	/* the daemon's first input: the user is here */
	assert_int_equal(budge_engine_handle(e2,
	                                     &(struct budge_input_event){.type = BUDGE_IN_ACTIVE,
	                                                                 .at = AT(10, 3)},
	                                     AT(10, 3)),
	                 0);
	budge_engine_status(e2, AT(10, 3), &st);
	assert_true(st.sitting_s >= 63 * 60);
	assert_int_equal(st.next_prompt_at, AT(10, 7));
	budge_engine_destroy(e2);

	/* a bad line is refused */
	assert_int_equal(budge_engine_create(&cfg, &cat_one, BASE, AT(10, 4), &e2), 0);
	assert_int_equal(budge_engine_restore(e2, "break_due=5\n", AT(10, 4)), -EINVAL);
	assert_int_equal(budge_engine_restore(e2, "break_due=5,3\n", AT(10, 4)), -EINVAL);
	budge_engine_destroy(e2);
	run_finish(&R);
}

/* Two feet movements due at 09:10 with the same score: the first wins,
 * unless the user did it by hand at 09:00 (the bout's start, so its cadence
 * does not move): then it was just shown -- the recent list halves its
 * score, and when rotating its novelty weight is about 0.1. */
struct shown_case {
	const char *name;
	bool rotate;
	bool done_a;
	const char *expect;
};

static const struct shown_case shown_cases[] = {
    {"not done", false, false, "09:10:00 micro a-feet\n"},
    {"not done, rotating", true, false, "09:10:00 micro a-feet\n"},
    {"done: recent", false, true, "09:10:00 micro b-feet\n"},
    {"done: novelty", true, true, "09:10:00 micro b-feet\n"},
};

static void test_recent_and_novelty(void **state)
{
	(void)state;
	static struct budge_movement items[] = {
	    MOVE("a-feet", BUDGE_REGION_FEET, 10, true),
	    MOVE("b-feet", BUDGE_REGION_FEET, 10, true),
	};
	static struct budge_catalog cat = CAT(items);
	int failed = 0;
	for (size_t i = 0; i < sizeof(shown_cases) / sizeof(shown_cases[0]); i++) {
		const struct shown_case *c = &shown_cases[i];
		struct budge_config cfg;
		config(&cfg);
		cfg.plan_start_regions = 1u << BUDGE_REGION_FEET;
		start(&R, &cfg, &cat);
		struct budge_engine_guidance g = {.rotate = c->rotate};
		budge_engine_set_guidance(R.e, &g, BASE);
		assert_int_equal(feed(&R, AT(9, 0), BUDGE_IN_ACTIVE), 0);
		if (c->done_a)
			assert_int_equal(done(&R, AT(9, 0), "a-feet"), 0);
		budge_sim_run_until(R.sim, AT(9, 10));
		if (strcmp(R.prompts, c->expect) != 0) {
			fprintf(stderr, "case '%s':\nexpected:\n%sgot:\n%s\n", c->name, c->expect,
			        R.prompts);
			failed++;
		}
		run_finish(&R);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stats),
	    cmocka_unit_test(test_today_saved),
	    cmocka_unit_test(test_open_prompt_saved),
	    cmocka_unit_test(test_break_kept),
	    cmocka_unit_test(test_cadence),
	    cmocka_unit_test(test_region_done_today),
	    cmocka_unit_test(test_open_prompt_untouched),
	    cmocka_unit_test(test_shown_saved),
	    cmocka_unit_test(test_recent_and_novelty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
