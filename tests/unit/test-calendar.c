/* SPDX-License-Identifier: MIT */
/* The calendar expansion (src/daemon/calendar.c) against real libical:
 * recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), time zones
 * (VTIMEZONE, UTC, floating = local), what is not a meeting (all-day,
 * TRANSP:TRANSPARENT, STATUS:CANCELLED), bad files, the file list. Skips
 * (77) only when libical.so.3 cannot be loaded. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "calendar-watch.h"
#include "calendar.h"
#include "ical-abi.h"

#if HAVE_LIBICAL_HEADERS
/* the declarations of ical-abi.h match libical's own */
#include <libical/ical.h>
_Static_assert(sizeof(struct budge_ical_time) == sizeof(struct icaltimetype), "icaltimetype");
_Static_assert(offsetof(struct budge_ical_time, is_date) == offsetof(struct icaltimetype, is_date),
               "is_date");
_Static_assert(offsetof(struct budge_ical_time, zone) == offsetof(struct icaltimetype, zone),
               "zone");
_Static_assert(sizeof(struct budge_ical_span) == sizeof(struct icaltime_span), "span");
_Static_assert(offsetof(struct budge_ical_span, end) == offsetof(struct icaltime_span, end), "end");
_Static_assert(BUDGE_ICAL_ANY_COMPONENT == ICAL_ANY_COMPONENT, "any");
_Static_assert(BUDGE_ICAL_XROOT_COMPONENT == ICAL_XROOT_COMPONENT, "xroot");
_Static_assert(BUDGE_ICAL_VEVENT_COMPONENT == ICAL_VEVENT_COMPONENT, "vevent");
_Static_assert(BUDGE_ICAL_VCALENDAR_COMPONENT == ICAL_VCALENDAR_COMPONENT, "vcalendar");
_Static_assert(BUDGE_ICAL_ANY_PROPERTY == ICAL_ANY_PROPERTY, "anyprop");
_Static_assert(BUDGE_ICAL_DTSTART_PROPERTY == ICAL_DTSTART_PROPERTY, "dtstart");
_Static_assert(BUDGE_ICAL_RECURRENCEID_PROPERTY == ICAL_RECURRENCEID_PROPERTY, "recurrenceid");
_Static_assert(BUDGE_ICAL_TRANSP_PROPERTY == ICAL_TRANSP_PROPERTY, "transp");
_Static_assert(BUDGE_ICAL_XLICERROR_PROPERTY == ICAL_XLICERROR_PROPERTY, "xlicerror");
_Static_assert(BUDGE_ICAL_TRANSP_TRANSPARENT == ICAL_TRANSP_TRANSPARENT, "transparent");
_Static_assert(BUDGE_ICAL_TRANSP_TRANSPARENTNOCONFLICT == ICAL_TRANSP_TRANSPARENTNOCONFLICT,
               "transparentnoconflict");
_Static_assert(BUDGE_ICAL_STATUS_CANCELLED == ICAL_STATUS_CANCELLED, "cancelled");
#endif

/* 2026-01-05 (a Monday), times in UTC */
static int64_t utc(int day, int h, int m)
{
	/* 2026-01-01T00:00Z = 1767225600 */
	return 1767225600LL + (int64_t)(day - 1) * 86400 + h * 3600 + m * 60;
}

static const char ics[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//budge//test//EN\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Custom/Plus3\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0300\r\n"
    "TZOFFSETTO:+0300\r\n"
    "TZNAME:P3\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    /* daily 08:00-08:15Z, not on the 6th */
    "BEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Secret standup\r\n"
    "DTSTART:20260101T080000Z\r\nDTEND:20260101T081500Z\r\n"
    "RRULE:FREQ=DAILY\r\nEXDATE:20260106T080000Z\r\nEND:VEVENT\r\n"
    /* 14:00Z for 30 min, and once more on the 6th at 15:00Z */
    "BEGIN:VEVENT\r\nUID:review\r\nDTSTART:20260105T140000Z\r\nDURATION:PT30M\r\n"
    "RDATE:20260106T150000Z\r\nEND:VEVENT\r\n"
    /* 12:00 at +03:00 = 09:00Z */
    "BEGIN:VEVENT\r\nUID:tz\r\nDTSTART;TZID=Custom/Plus3:20260105T120000\r\n"
    "DTEND;TZID=Custom/Plus3:20260105T123000\r\nEND:VEVENT\r\n"
    /* floating 11:00 local (TZ=Europe/Berlin, +01:00) = 10:00Z */
    "BEGIN:VEVENT\r\nUID:floating\r\nDTSTART:20260105T110000\r\n"
    "DTEND:20260105T120000\r\nEND:VEVENT\r\n"
    /* not meetings: all day, free, cancelled */
    "BEGIN:VEVENT\r\nUID:allday\r\nDTSTART;VALUE=DATE:20260105\r\n"
    "DTEND;VALUE=DATE:20260106\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:free\r\nDTSTART:20260105T160000Z\r\nDTEND:20260105T170000Z\r\n"
    "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:cancelled\r\nDTSTART:20260105T170000Z\r\n"
    "DTEND:20260105T180000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
    /* daily 12:00-13:00Z; on the 5th moved to 12:10-12:20, on the 6th cancelled */
    "BEGIN:VEVENT\r\nUID:lunch-talk\r\nDTSTART:20251229T120000Z\r\n"
    "DTEND:20251229T130000Z\r\nRRULE:FREQ=DAILY;COUNT=30\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:lunch-talk\r\nRECURRENCE-ID:20260105T120000Z\r\n"
    "DTSTART:20260105T121000Z\r\nDTEND:20260105T122000Z\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:lunch-talk\r\nRECURRENCE-ID:20260106T120000Z\r\n"
    "DTSTART:20260106T120000Z\r\nDTEND:20260106T130000Z\r\nSTATUS:CANCELLED\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static int cmp(const void *a, const void *b)
{
	const struct budge_cal_span *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static void test_expand(void **state)
{
	(void)state;
	struct budge_cal_spans s;
	char err[256] = "";
	int skipped = -1;
	/* the local days 2026-01-05 and -06 in Berlin: 2026-01-04T23:00Z on */
	int64_t from = utc(4, 23, 0), to = from + 2 * 86400;
	budge_cal_spans_init(&s);
	int n = budge_calendar_expand(ics, "test.ics", from, to, &s, &skipped, err, sizeof(err));
	if (n < 0)
		fprintf(stderr, "%s\n", err);
	qsort(s.v, s.n, sizeof(s.v[0]), cmp);
	for (size_t i = 0; n != 6 && i < s.n; i++)
		fprintf(stderr, "span %lld-%lld\n", (long long)s.v[i].start, (long long)s.v[i].end);
	const struct budge_cal_span want[] = {
	    {utc(5, 8, 0), utc(5, 8, 15)},   {utc(5, 9, 0), utc(5, 9, 30)},
	    {utc(5, 10, 0), utc(5, 11, 0)},  {utc(5, 12, 10), utc(5, 12, 20)},
	    {utc(5, 14, 0), utc(5, 14, 30)}, {utc(6, 15, 0), utc(6, 15, 30)},
	};
	assert_int_equal(n, 6);
	assert_int_equal(s.n, 6);
	assert_int_equal(skipped, 0);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(s.v[i].start, want[i].start);
		assert_int_equal(s.v[i].end, want[i].end);
	}
	/* a narrower window keeps what overlaps it */
	s.n = 0;
	n = budge_calendar_expand(ics, "test.ics", utc(5, 8, 10), utc(5, 9, 0), &s, NULL, err,
	                          sizeof(err));
	assert_int_equal(n, 1);
	assert_int_equal(s.v[0].start, utc(5, 8, 0));
	budge_cal_spans_finish(&s);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct budge_cal_spans s;
	char err[256] = "";
	budge_cal_spans_init(&s);
	assert_int_equal(budge_calendar_expand("this is not a calendar\n", "notes.ics", 0, 1 << 30,
	                                       &s, NULL, err, sizeof(err)),
	                 -EBADMSG);
	assert_non_null(strstr(err, "notes.ics: not an iCalendar file"));
	assert_int_equal(budge_calendar_expand_file("/nonexistent/budge/cal.ics", 0, 1 << 30, &s,
	                                            NULL, err, sizeof(err)),
	                 -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/budge/cal.ics: No such file"));
	assert_int_equal(budge_calendar_expand_file("/", 0, 1 << 30, &s, NULL, err, sizeof(err)),
	                 -EISDIR);
	/* a broken line is left out and counted; the rest is read */
	int skipped = 0;
	int n = budge_calendar_expand("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\n"
	                              "DTSTART:20260105T080000Z\nDTEND:20260105T090000Z\n"
	                              "GARBAGE LINE WITHOUT COLON\nEND:VEVENT\n"
	                              "BEGIN:VEVENT\nUID:y\nEND:VEVENT\nEND:VCALENDAR\n",
	                              "partly.ics", utc(5, 0, 0), utc(6, 0, 0), &s, &skipped, err,
	                              sizeof(err));
	assert_int_equal(n, 1);
	assert_true(skipped >= 2); /* the bad line, the event without DTSTART */
	assert_int_equal(s.v[0].start, utc(5, 8, 0));
	budge_cal_spans_finish(&s);
	budge_cal_spans_finish(NULL);
}

static void test_merge_and_paths(void **state)
{
	(void)state;
	struct budge_cal_spans s;
	budge_cal_spans_init(&s);
	s.cap = 8;
	s.v = calloc(s.cap, sizeof(s.v[0]));
	assert_non_null(s.v);
	const struct budge_cal_span in[] = {{50, 60}, {10, 20}, {15, 30}, {30, 40}, {45, 50}};
	memcpy(s.v, in, sizeof(in));
	s.n = 5;
	budge_cal_spans_merge(&s);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.v[0].start, 10);
	assert_int_equal(s.v[0].end, 40);
	assert_int_equal(s.v[1].start, 45);
	assert_int_equal(s.v[1].end, 60);
	budge_cal_spans_finish(&s);

	char buf[64];
	setenv("HOME", "/home/u", 1);
	assert_int_equal(budge_calendar_path_at(" ~/a.ics , /b c.ics", 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/u/a.ics");
	assert_int_equal(budge_calendar_path_at(" ~/a.ics , /b c.ics", 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/b c.ics");
	assert_int_equal(budge_calendar_path_at(" ~/a.ics , /b c.ics", 2, buf, sizeof(buf)),
	                 -ENOENT);
	assert_int_equal(budge_calendar_path_at("", 0, buf, sizeof(buf)), -ENOENT);
	assert_int_equal(budge_calendar_path_at("~/x", 0, buf, 8), -ENAMETOOLONG);
	unsetenv("HOME");
	assert_int_equal(budge_calendar_path_at("~/x", 0, buf, sizeof(buf)), -EINVAL);
}

static int updates;

static void on_watch(enum budge_calendar_event ev, void *userdata)
{
	(void)userdata;
	if (ev == BUDGE_CALENDAR_UPDATED)
		updates++;
}

/* Run the loop until the reader child has reported (at most 10 s). */
static void wait_update(sd_event *ev, struct budge_calendar_watch *w)
{
	int before = updates;
	assert_true(budge_calendar_watch_reading(w));
	for (int i = 0; i < 100 && updates == before; i++)
		assert_true(sd_event_run(ev, 100 * 1000) >= 0);
	assert_int_equal(updates, before + 1);
	assert_false(budge_calendar_watch_reading(w));
}

/* The coach's side: the files are read in a child process; when to start
 * a meeting, once; an end when the file loses it; the next wakeup. */
static void test_watch_steps(void **state)
{
	(void)state;
	char dir[] = "/tmp/budge-cal-XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.ics", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	/* 09:00-09:30Z and 09:30-10:00Z (merged), 11:00-11:15Z */
	fputs("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n"
	      "BEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000Z\nDTEND:20260105T093000Z\nEND:VEVENT\n"
	      "BEGIN:VEVENT\nUID:b\nDTSTART:20260105T093000Z\nDTEND:20260105T100000Z\nEND:VEVENT\n"
	      "BEGIN:VEVENT\nUID:c\nDTSTART:20260105T110000Z\nDTEND:20260105T111500Z\nEND:VEVENT\n"
	      "END:VCALENDAR\n",
	      f);
	fclose(f);
	sd_event *ev = NULL;
	assert_true(sd_event_new(&ev) >= 0);
	struct budge_calendar_watch *w = NULL;
	int64_t now = utc(5, 8, 0), arg = 0;
	assert_int_equal(budge_calendar_watch_create(ev, path, now, on_watch, NULL, &w), 0);
	assert_string_equal(budge_calendar_watch_list(w), path);
	struct budge_status st = {0};
	wait_update(ev, w);
	/* before: nothing, wake at 09:00 */
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_NOTHING);
	assert_int_equal(budge_calendar_watch_next(w, now), utc(5, 9, 0));
	/* 09:00: start until 10:00 (the two touching events are one meeting) */
	now = utc(5, 9, 0);
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_START);
	assert_int_equal(arg, 3600);
	assert_int_equal(budge_calendar_watch_next(w, now), utc(5, 11, 0));
	/* started once: after `budge meeting end` (no hold) not again */
	now = utc(5, 9, 40);
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_NOTHING);
	/* 11:05 with a hold restored at start that ends at 11:15: nothing */
	st.meeting_sources = 1u << BUDGE_MEETING_CALENDAR;
	st.meeting_ends[BUDGE_MEETING_CALENDAR] = utc(5, 11, 15);
	now = utc(5, 11, 5);
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_NOTHING);
	/* the file loses the event: the hold ends */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nEND:VCALENDAR\n", f);
	fclose(f);
	budge_calendar_watch_read(w, now);
	/* no end while the read runs: the meetings read before stay */
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_NOTHING);
	wait_update(ev, w);
	assert_int_equal(budge_calendar_watch_step(w, now, &st, &arg), BUDGE_CALENDAR_END);
	/* nothing more today: wake at the next local midnight (TZ Berlin) */
	assert_int_equal(budge_calendar_watch_next(w, now), utc(5, 23, 0));
	budge_calendar_watch_destroy(w);
	budge_calendar_watch_destroy(NULL);
	assert_int_equal(budge_calendar_watch_step(NULL, now, &st, &arg), BUDGE_CALENDAR_NOTHING);
	assert_int_equal(budge_calendar_watch_next(NULL, now), BUDGE_NO_DEADLINE);
	sd_event_unref(ev);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	char err[256];
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	if (budge_calendar_lib_load(err, sizeof(err)) < 0) {
		printf("SKIP: %s\n", err);
		return 77;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expand),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_merge_and_paths),
	    cmocka_unit_test(test_watch_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
