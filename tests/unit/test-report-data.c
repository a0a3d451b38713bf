/* SPDX-License-Identifier: MIT */
/* Reports: calendar helpers and the per-day accounting of logged events. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "report.h"

static void test_parse_date(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int y, m, d;
	} cases[] = {
	    {"2025-03-10", 1, 2025, 3, 10},  {"2024-02-29", 1, 2024, 2, 29},
	    {"2000-02-29", 1, 2000, 2, 29},  {"1970-01-01", 1, 1970, 1, 1},
	    {"2025-12-31", 1, 2025, 12, 31}, {"2025-02-29", 0, 0, 0, 0},
	    {"1900-02-29", 0, 0, 0, 0},      {"2025-13-01", 0, 0, 0, 0},
	    {"2025-00-10", 0, 0, 0, 0},      {"2025-04-31", 0, 0, 0, 0},
	    {"2025-3-10", 0, 0, 0, 0},       {"2025-03-10x", 0, 0, 0, 0},
	    {"25-03-2010", 0, 0, 0, 0},      {"1969-12-31", 0, 0, 0, 0},
	    {"abcd-ef-gh", 0, 0, 0, 0},      {"", 0, 0, 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t day = -1;
		int rc = report_parse_date(cases[i].in, &day);
		if (!cases[i].ok) {
			assert_int_equal(rc, -EINVAL);
			continue;
		}
		assert_int_equal(rc, 0);
		int y, m, d;
		report_civil_from_days(day, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
		char buf[16];
		report_format_date(day, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].in);
	}
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(report_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(report_weekday(0), 3);                                    /* Thursday */
	assert_int_equal(report_weekday(report_days_from_civil(2025, 3, 10)), 0);  /* Monday */
	assert_int_equal(report_weekday(report_days_from_civil(2026, 11, 22)), 6); /* Sunday */
	for (int32_t day = -800; day < 80000; day += 37) {
		int y, m, d;
		report_civil_from_days(day, &y, &m, &d);
		assert_int_equal(report_days_from_civil(y, m, d), day);
	}
	/* TZ=UTC (set in main): midnights are multiples of a day */
	int32_t day = report_days_from_civil(2025, 3, 10);
	assert_int_equal(report_day_start(day), (int64_t)day * 86400);
	assert_int_equal(report_day_of((int64_t)day * 86400 + 86399), day);
	assert_int_equal(report_day_of((int64_t)day * 86400 + 86400), day + 1);
}

#define D0 (20157 * (int64_t)86400) /* 2025-03-10 00:00 UTC */
#define AT(dd, hh, mm) (D0 + (dd)*86400 + (hh)*3600 + (mm)*60)

static struct budge_log_entry ev(int64_t ts, enum budge_log_kind kind, int64_t value)
{
	return (struct budge_log_entry){.ts = ts, .kind = kind, .value = value};
}

static void test_feed(void **state)
{
	struct report r;
	(void)state;
	assert_int_equal(report_init(&r, 20157, 3, 1800), 0);
	assert_int_equal(r.days[0].day, 20157);

	struct budge_log_entry e[16];
	size_t n = 0;
	e[n++] = ev(AT(0, 9, 45), BUDGE_LOG_BOUT, 2700); /* 09:00-09:45, 15 min over */
	e[n] = ev(AT(0, 9, 52), BUDGE_LOG_BREAK, 420);
	e[n++].text = "full";
	e[n] = ev(AT(0, 9, 30), BUDGE_LOG_PROMPT, 0);
	e[n].prompt_id = 7;
	e[n].prompt_kind = "micro";
	e[n++].region = "feet";
	e[n] = ev(AT(0, 9, 31), BUDGE_LOG_RESPONSE, 0);
	e[n].prompt_id = 7;
	e[n].response = "done";
	e[n++].region = "feet";
	e[n] = ev(AT(0, 9, 40), BUDGE_LOG_PROMPT, 0);
	e[n].prompt_id = 8;
	e[n++].prompt_kind = "movement_break";
	e[n] = ev(AT(0, 9, 50), BUDGE_LOG_RESPONSE, 0);
	e[n].prompt_id = 8;
	e[n++].response = "ignored";
	e[n++] = ev(AT(0, 17, 0), BUDGE_LOG_PAIN, 4);
	e[n++] = ev(AT(0, 18, 0), BUDGE_LOG_PAIN, 11); /* out of range: not a rating */
	e[n++] = ev(AT(0, 18, 0), BUDGE_LOG_WALK, 25);
	/* a bout across midnight: 23:50 day 0 to 00:10 day 1, counted on day 1 */
	e[n++] = ev(AT(1, 0, 10), BUDGE_LOG_BOUT, 1200);
	/* before and after the report: ignored */
	e[n++] = ev(AT(-1, 12, 0), BUDGE_LOG_BOUT, 600);
	e[n++] = ev(AT(3, 0, 0), BUDGE_LOG_BOUT, 600);
	for (size_t i = 0; i < n; i++)
		report_feed(&r, &e[i]);

	const struct report_day *d = &r.days[0];
	assert_true(d->has_data);
	assert_int_equal(d->sitting_s, 2700);
	assert_int_equal(d->bouts, 1);
	assert_int_equal(d->longest_bout_s, 2700);
	assert_int_equal(d->bouts_over_limit, 1);
	assert_int_equal(d->breaks, 1);
	assert_int_equal(d->full_breaks, 1);
	assert_int_equal(d->prompts, 2);
	assert_int_equal(d->micro_prompts, 1);
	assert_int_equal(d->break_prompts, 1);
	assert_int_equal(d->done, 1);
	assert_int_equal(d->ignored, 1);
	assert_int_equal(d->region_prompts[BUDGE_REGION_FEET], 1);
	assert_int_equal(d->region_done[BUDGE_REGION_FEET], 1);
	assert_int_equal(d->pain_n, 1);
	assert_int_equal(d->pain_sum, 4);
	assert_int_equal(d->walk_minutes, 25);
	/* minutes painted: sitting 09:00-09:30, past the limit 09:30-09:45,
	 * break 09:45-09:52, nothing at 08:59 */
	static const struct {
		int minute;
		uint8_t slot;
	} slots[] = {
	    {8 * 60 + 59, REPORT_SLOT_NONE},  {9 * 60, REPORT_SLOT_SIT},
	    {9 * 60 + 29, REPORT_SLOT_SIT},   {9 * 60 + 30, REPORT_SLOT_OVER},
	    {9 * 60 + 44, REPORT_SLOT_OVER},  {9 * 60 + 45, REPORT_SLOT_BREAK},
	    {9 * 60 + 51, REPORT_SLOT_BREAK}, {9 * 60 + 52, REPORT_SLOT_NONE},
	    {23 * 60 + 49, REPORT_SLOT_NONE}, {23 * 60 + 50, REPORT_SLOT_SIT},
	};
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		assert_int_equal(d->slots[slots[i].minute], slots[i].slot);
	assert_int_equal(d->n_marks, 2);
	assert_int_equal(d->marks[0].state, REPORT_MARK_DONE);
	assert_int_equal(d->marks[0].minute, 9 * 60 + 30);
	assert_int_equal(d->marks[1].state, REPORT_MARK_IGNORED);
	assert_true(d->marks[1].movement_break);

	const struct report_day *d1 = &r.days[1];
	assert_int_equal(d1->bouts, 1);
	assert_int_equal(d1->sitting_s, 1200);
	assert_int_equal(d1->slots[0], REPORT_SLOT_SIT);
	assert_int_equal(d1->slots[9], REPORT_SLOT_SIT);
	assert_int_equal(d1->slots[10], REPORT_SLOT_NONE);
	assert_false(r.days[2].has_data);

	struct report_totals t;
	report_totals(&r, &t);
	assert_int_equal(t.days_with_data, 2);
	assert_int_equal(t.sitting_s, 3900);
	assert_int_equal(t.bouts, 2);
	assert_int_equal(t.bouts_over_limit, 1);
	assert_int_equal(t.longest_bout_s, 2700);
	report_finish(&r);
	report_finish(&r); /* idempotent */
}

/* Call time from meeting rows: "start call" to "end call", to a manual
 * end (which ends every meeting), across midnight; a restart without an
 * end row drops the call; other sources' rows do not count. */
static void test_call_time(void **state)
{
	static const struct {
		int dd, hh, mm;
		enum budge_log_kind kind;
		const char *text, *source;
	} rows[] = {
	    {0, 9, 0, BUDGE_LOG_MEETING, "start", "call"},
	    {0, 9, 30, BUDGE_LOG_MEETING, "end", "call"},       /* 30 min */
	    {0, 10, 0, BUDGE_LOG_MEETING, "start", "calendar"}, /* not a call */
	    {0, 10, 10, BUDGE_LOG_MEETING, "start", "call"},
	    {0, 10, 15, BUDGE_LOG_MEETING, "start", "call"},    /* no second start */
	    {0, 10, 25, BUDGE_LOG_MEETING, "end", "calendar"},  /* the call goes on */
	    {0, 10, 40, BUDGE_LOG_MEETING, "end", NULL},        /* manual: 30 min */
	    {0, 12, 0, BUDGE_LOG_MEETING, "start", "call"},
	    {0, 12, 5, BUDGE_LOG_DAEMON, "start", NULL},        /* crashed: dropped */
	    {0, 12, 50, BUDGE_LOG_MEETING, "end", "call"},      /* no start: nothing */
	    {0, 23, 50, BUDGE_LOG_MEETING, "start", "call"},
	    {1, 0, 20, BUDGE_LOG_MEETING, "end", "call"},       /* 10 + 20 min */
	};
	struct report r;
	(void)state;
	assert_int_equal(report_init(&r, 20157, 2, 1800), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct budge_log_entry e = ev(AT(rows[i].dd, rows[i].hh, rows[i].mm), rows[i].kind, 0);
		e.text = rows[i].text;
		e.prompt_kind = rows[i].source;
		report_feed(&r, &e);
	}
	assert_int_equal(r.days[0].call_s, (30 + 30 + 10) * 60);
	assert_int_equal(r.days[1].call_s, 20 * 60);
	struct report_totals t;
	report_totals(&r, &t);
	assert_int_equal(t.call_s, 90 * 60);
	report_finish(&r);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_date),
	    cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_feed),
	    cmocka_unit_test(test_call_time),
	};
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
