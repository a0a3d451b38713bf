/* SPDX-License-Identifier: MIT */
/* Trace lines, dates, the PRNG and the synthetic workday generator. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "budge/sim.h"

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int32_t day;
	} ok[] = {
		{"1970-01-01", 0}, {"1970-01-02", 1}, {"2000-02-29", 11016},
		{"2026-01-05", 20458}, {"2024-12-31", 20088},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int32_t d = -1;
		char buf[16];
		assert_int_equal(budge_date_parse(ok[i].s, &d), 0);
		assert_int_equal(d, ok[i].day);
		budge_date_format(d, buf, sizeof(buf));
		assert_string_equal(buf, ok[i].s);
	}
	/* 2026-01-05 is a Monday */
	assert_int_equal(budge_local_weekday(20458), 0);
	static const char *bad[] = {"2026-02-29", "2026-13-01", "2026-1-05", "1969-12-31",
				    "2026-01-32", "20260105", "", "2026-01-0x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t d;
		assert_int_equal(budge_date_parse(bad[i], &d), -EINVAL);
	}
}

static void test_trace_lines(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		int ret;
		enum budge_input type;
		int32_t sec;
		int64_t arg;
		enum budge_response resp;
	} cases[] = {
		{"", 0, 0, 0, 0, 0},
		{"   # a comment", 0, 0, 0, 0, 0},
		{"09:00 active", 1, BUDGE_IN_ACTIVE, 32400, 0, 0},
		{"09:00:30 idle   # reading", 1, BUDGE_IN_IDLE, 32430, 0, 0},
		{"23:59:59 lock", 1, BUDGE_IN_LOCK, 86399, 0, 0},
		{"10:00 unlock", 1, BUDGE_IN_UNLOCK, 36000, 0, 0},
		{"10:00 suspend", 1, BUDGE_IN_SUSPEND, 36000, 0, 0},
		{"10:00 resume", 1, BUDGE_IN_RESUME, 36000, 0, 0},
		{"10:00 meeting-start", 1, BUDGE_IN_MEETING_START, 36000, 0, 0},
		{"10:00 meeting-start 45m", 1, BUDGE_IN_MEETING_START, 36000, 2700, 0},
		{"10:00 meeting-end", 1, BUDGE_IN_MEETING_END, 36000, 0, 0},
		{"10:00 pause 1h30m", 1, BUDGE_IN_PAUSE, 36000, 5400, 0},
		{"10:00 pause", 1, BUDGE_IN_PAUSE, 36000, 0, 0},
		{"10:00 resume-coaching", 1, BUDGE_IN_RESUME_COACHING, 36000, 0, 0},
		{"10:00 respond done", 1, BUDGE_IN_RESPOND, 36000, 0, BUDGE_RESP_DONE},
		{"10:00 respond too-hard", 1, BUDGE_IN_RESPOND, 36000, 0, BUDGE_RESP_TOO_HARD},
		{"10:00 respond hurts", 1, BUDGE_IN_RESPOND, 36000, 0, BUDGE_RESP_HURTS},
		{"10:00 walk 20", 1, BUDGE_IN_WALK, 36000, 20, 0},
		/* errors */
		{"9:00 active", -EINVAL, 0, 0, 0, 0},
		{"24:00 active", -EINVAL, 0, 0, 0, 0},
		{"09:60 active", -EINVAL, 0, 0, 0, 0},
		{"09:00", -EINVAL, 0, 0, 0, 0},
		{"09:00 jump", -EINVAL, 0, 0, 0, 0},
		{"09:00 active now", -EINVAL, 0, 0, 0, 0},
		{"09:00 pause soon", -EINVAL, 0, 0, 0, 0},
		{"09:00 respond", -EINVAL, 0, 0, 0, 0},
		{"09:00 respond ignored", -EINVAL, 0, 0, 0, 0},
		{"09:00 respond maybe", -EINVAL, 0, 0, 0, 0},
		{"09:00 walk", -EINVAL, 0, 0, 0, 0},
		{"09:00 walk -3", -EINVAL, 0, 0, 0, 0},
		{"09:00 walk 20 30", -EINVAL, 0, 0, 0, 0},
		{"09:00 walk 600", 1, BUDGE_IN_WALK, 32400, 600, 0},
		{"09:00 walk 601", -EINVAL, 0, 0, 0, 0}, /* as budge walk: 1-600 */
		{"day", -EINVAL, 0, 0, 0, 0},
		{"day 2026-02-30", -EINVAL, 0, 0, 0, 0},
		{"day 2026-01-05 extra", -EINVAL, 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct budge_trace_line tl;
		char msg[256] = "";
		int r = budge_trace_parse_line(cases[i].line, &tl, msg, sizeof(msg));
		if (r != cases[i].ret)
			fprintf(stderr, "line '%s': %d (%s)\n", cases[i].line, r, msg);
		assert_int_equal(r, cases[i].ret);
		if (r < 0) {
			assert_true(strlen(msg) > 10);
			continue;
		}
		if (r == 0)
			continue;
		assert_int_equal(tl.kind, BUDGE_TRACE_EVENT);
		assert_int_equal(tl.ev.type, cases[i].type);
		assert_int_equal(tl.sec, cases[i].sec);
		assert_int_equal(tl.ev.arg, cases[i].arg);
		if (cases[i].type == BUDGE_IN_RESPOND)
			assert_int_equal(tl.ev.response, cases[i].resp);
	}
	struct budge_trace_line tl;
	char msg[256];
	/* meeting sources: meeting-start [DURATION] [SOURCE], meeting-end [SOURCE] */
	static const struct {
		const char *line;
		int ret;
		int64_t arg;
		enum budge_meeting_source source;
	} src_cases[] = {
		{"09:15 meeting-start 20m calendar", 1, 1200, BUDGE_MEETING_CALENDAR},
		{"09:15 meeting-start fullscreen", 1, 0, BUDGE_MEETING_FULLSCREEN},
		{"09:15 meeting-start 1h manual", 1, 3600, BUDGE_MEETING_MANUAL},
		{"09:15 meeting-start 20m", 1, 1200, BUDGE_MEETING_MANUAL},
		{"09:35 meeting-end calendar", 1, 0, BUDGE_MEETING_CALENDAR},
		{"09:35 meeting-end", 1, 0, BUDGE_MEETING_MANUAL},
		{"09:15 meeting-start 20m outlook", -EINVAL, 0, 0},
		{"09:15 meeting-start calendar 20m", -EINVAL, 0, 0},
		{"09:15 meeting-start soon", -EINVAL, 0, 0},
		{"09:35 meeting-end 20m", -EINVAL, 0, 0},
		{"09:35 meeting-end calendar now", -EINVAL, 0, 0},
	};
	for (size_t i = 0; i < sizeof(src_cases) / sizeof(src_cases[0]); i++) {
		msg[0] = 0;
		int r = budge_trace_parse_line(src_cases[i].line, &tl, msg, sizeof(msg));
		if (r != src_cases[i].ret)
			fprintf(stderr, "line '%s': %d (%s)\n", src_cases[i].line, r, msg);
		assert_int_equal(r, src_cases[i].ret);
		if (r < 0) {
			assert_true(strlen(msg) > 10);
			continue;
		}
		assert_int_equal(tl.ev.arg, src_cases[i].arg);
		assert_int_equal(tl.ev.source, src_cases[i].source);
	}
	assert_int_equal(budge_trace_parse_line("09:15 meeting-start 20m outlook", &tl, msg,
						sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "calendar"));
	assert_int_equal(budge_trace_parse_line("day 2026-01-05 # monday", &tl, msg, sizeof(msg)), 1);
	assert_int_equal(tl.kind, BUDGE_TRACE_DAY);
	assert_int_equal(tl.day, 20458);
	/* the message says what was expected */
	assert_int_equal(budge_trace_parse_line("09:00 jump", &tl, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "jump"));
	assert_non_null(strstr(msg, "meeting-start"));
}

static void test_rng(void **state)
{
	(void)state;
	struct budge_rng a, b;
	budge_rng_seed(&a, 42);
	budge_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		assert_true(budge_rng_next(&a) == budge_rng_next(&b));
	budge_rng_seed(&b, 43);
	assert_true(budge_rng_next(&a) != budge_rng_next(&b));
	int hist[10] = {0};
	for (int i = 0; i < 10000; i++) {
		int64_t x = budge_rng_range(&a, 0, 9);
		assert_true(x >= 0 && x <= 9);
		hist[x]++;
	}
	for (int i = 0; i < 10; i++)
		assert_true(hist[i] > 800 && hist[i] < 1200);
}

static void test_synth(void **state)
{
	(void)state;
	static struct budge_trace_line a[512], b[512];
	struct budge_rng ra, rb;
	budge_rng_seed(&ra, 7);
	budge_rng_seed(&rb, 7);
	int total_arrivals = 0;
	for (int day = 0; day < 500; day++) {
		int wd = day % 7;
		int na = budge_synth_day(&ra, wd, a, 512);
		int nb = budge_synth_day(&rb, wd, b, 512);
		assert_int_equal(na, nb);
		assert_true(na >= 0);
		assert_memory_equal(a, b, (size_t)na * sizeof(a[0]));
		if (wd >= 5) {
			assert_int_equal(na, 0);
			continue;
		}
		assert_true(na > 10);
		/* plausible: arrive 08:00-09:00, leave before midnight, in order */
		assert_true(a[0].sec >= 8 * 3600 && a[0].sec <= 9 * 3600);
		total_arrivals++;
		bool meeting = false;
		for (int i = 1; i < na; i++) {
			assert_true(a[i].sec >= a[i - 1].sec);
			if (a[i].ev.type == BUDGE_IN_MEETING_START) {
				assert_false(meeting);
				meeting = true;
			}
			if (a[i].ev.type == BUDGE_IN_MEETING_END) {
				assert_true(meeting);
				meeting = false;
			}
		}
		assert_false(meeting);
		assert_int_equal(a[na - 1].ev.type, BUDGE_IN_LOCK);
		assert_true(a[na - 1].sec >= 16 * 3600);
	}
	assert_true(total_arrivals > 300);
	/* too small a buffer */
	budge_rng_seed(&ra, 7);
	assert_int_equal(budge_synth_day(&ra, 0, a, 3), -ENOBUFS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_trace_lines),
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_synth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
