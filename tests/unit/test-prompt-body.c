/* SPDX-License-Identifier: MIT */
/* The body of a micro prompt: cue, plus the dose unless the cue says it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "notify.h"

static const struct {
	const char *cue, *dose, *want;
} cases[] = {
    /* the cue states the amount: no dose */
    {"Spread your toes for 2 s, then let them go. 5 times.", "2 s spread; 5 rounds",
     "Spread your toes for 2 s, then let them go. 5 times."},
    {"Let your belly go soft for three easy breaths.", "3 relaxed breaths",
     "Let your belly go soft for three easy breaths."},
    {"Shrug twice, slowly.", "2 shrugs", "Shrug twice, slowly."},
    /* no amount in the cue: the dose follows */
    {"Lift the pelvic floor gently, then let it relax.", "3 s hold, 3 times",
     "Lift the pelvic floor gently, then let it relax. (3 s hold, 3 times)"},
    /* number words only as whole words ("often" has "ten", "someone" "one") */
    {"Stretch often, like someone waking up.", "5 slow reaches",
     "Stretch often, like someone waking up. (5 slow reaches)"},
    /* missing parts */
    {"Roll your shoulders.", NULL, "Roll your shoulders."},
    {"Roll your shoulders.", "", "Roll your shoulders."},
    {NULL, "5 rolls", "5 rolls"},
    {"", NULL, ""},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[256];
		int n = budge_prompt_body(cases[i].cue, cases[i].dose, buf, sizeof(buf));
		assert_int_equal(n, (int)strlen(cases[i].want));
		assert_string_equal(buf, cases[i].want);
	}
}

/* a movement break states how long the user really sat (issue 19: a
 * 45-minute bout was announced as "30 min", the limit) */
static void test_break_body(void **state)
{
	static const struct {
		int64_t sat;
		const char *cue, *want;
	} b[] = {
	    {45 * 60 + 2, NULL,
	     "You have been sitting for 45 min. Stand up and walk or move about for ~5 minutes."},
	    {65 * 60, "", "You have been sitting for 1 h 05 min. Stand up and walk or move about "
	                  "for ~5 minutes."},
	    {20, "Walk for 1-2 minutes.", "You have been sitting for 1 min. Walk for 1-2 minutes."},
	};
	char buf[160];

	(void)state;
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		budge_break_body(b[i].sat, b[i].cue, buf, sizeof(buf));
		assert_string_equal(buf, b[i].want);
	}
}

/* a variant shows its own dose, or none: never the base dose, which
 * contradicts it (issue 19: "whatever distance you have. (20 s at 6 m)") */
static void test_variant_dose(void **state)
{
	struct budge_movement m = {
	    .cue = (char *)"Look at something 6 m away for 20 s.",
	    .dose = (char *)"20 s at 6 m (20 ft) or farther",
	    .easier = (char *)"Look at the far side of the room, whatever distance you have.",
	    .harder = (char *)"Add a slow tilt of the head.",
	    .harder_dose = (char *)"20 s far, then a tilt each way",
	};
	const char *cue, *dose;
	char buf[256];

	(void)state;
	budge_prompt_variant(&m, BUDGE_VARIANT_STANDARD, &cue, &dose);
	assert_string_equal(cue, m.cue);
	assert_string_equal(dose, m.dose);
	budge_prompt_variant(&m, BUDGE_VARIANT_EASIER, &cue, &dose);
	budge_prompt_body(cue, dose, buf, sizeof(buf));
	assert_string_equal(buf, "Look at the far side of the room, whatever distance you have.");
	budge_prompt_variant(&m, BUDGE_VARIANT_HARDER, &cue, &dose);
	budge_prompt_body(cue, dose, buf, sizeof(buf));
	assert_string_equal(buf, "Add a slow tilt of the head. (20 s far, then a tilt each way)");
	m.easier = NULL; /* no easier version: the base one */
	budge_prompt_variant(&m, BUDGE_VARIANT_EASIER, &cue, &dose);
	assert_string_equal(dose, m.dose);
}

static void test_truncation(void **state)
{
	char small[8];

	(void)state;
	int n = budge_prompt_body("Roll your shoulders.", "5 rolls", small, sizeof(small));
	assert_int_equal(n, (int)strlen("Roll your shoulders. (5 rolls)"));
	assert_string_equal(small, "Roll yo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_break_body),
	    cmocka_unit_test(test_variant_dose),
	    cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
