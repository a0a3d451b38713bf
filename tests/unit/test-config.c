/* SPDX-License-Identifier: MIT */
/* The config key table: defaults, set, validate, format, work hours. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "budge/config.h"

#define H 3600
#define M 60

/* ---- set: good values, checked through the canonical text ---- */

static const struct {
	const char *section, *key, *value, *canonical;
} good[] = {
    {"general", "work_hours", "Mon-Fri 08:00-18:00", "Mon-Fri 08:00-18:00"},
    {"general", "work_hours", "always", "always"},
    {"general", "work_hours", "ALWAYS", "always"},
    {"general", "work_hours", "never", "never"},
    {"general", "work_hours", "Mon-Sun 00:00-24:00", "always"},
    {"general", "work_hours", "mon-fri 9:00-17:30, sat 10:00-12:00",
     "Mon-Fri 09:00-17:30, Sat 10:00-12:00"},
    {"general", "work_hours", "Monday 08:00 - 12:00", "Mon 08:00-12:00"},
    {"sitting", "limit", "45m", "45m"},
    {"sitting", "limit", "1h", "1h"},
    {"sitting", "limit", "1h 30m", "1h30m"},
    {"sitting", "limit", "3600", "1h"},
    {"sitting", "limit", "1m", "1m"},
    {"sitting", "limit", "8h", "8h"},
    {"sitting", "gap", "90s", "1m30s"},
    {"sitting", "gap", "10s", "10s"},
    {"sitting", "full_break", "10m", "10m"},
    {"prompts", "min_gap", "1s", "1s"},
    {"prompts", "min_gap", "4h", "4h"},
    {"prompts", "max_per_hour", "1", "1"},
    {"prompts", "max_per_hour", "60", "60"},
    {"prompts", "max_per_hour", "007", "7"},
    {"prompts", "response_timeout", "30s", "30s"},
    {"prompts", "snooze", "10m", "10m"},
    {"prompts", "micro_interval", "0", "0s"},
    {"prompts", "micro_interval", "20m", "20m"},
    {"prompts", "micro_interval", "4h", "4h"},
    {"prompts", "micro", "false", "false"},
    {"prompts", "micro", "no", "false"},
    {"prompts", "micro", "off", "false"},
    {"prompts", "micro", "0", "false"},
    {"prompts", "micro", "TRUE", "true"},
    {"prompts", "micro", "yes", "true"},
    {"prompts", "micro", "on", "true"},
    {"prompts", "micro", "1", "true"},
    {"prompts", "do_not_disturb", "no", "false"},
    {"prompts", "do_not_disturb", "on", "true"},
    {"prompts", "sound", "yes", "true"},
    {"plan", "start_regions", "feet", "feet"},
    {"plan", "start_regions", "neck, feet", "feet, neck"},
    {"plan", "start_regions", "hips ankles", "feet, pelvis"},
    {"plan", "start_regions", "all", "all"},
    {"plan", "add_region_every", "14d", "14d"},
    {"plan", "add_region_every", "1w", "7d"},
    {"plan", "add_region_every", "1h", "1h"},
    {"plan", "regions", "all", "all"},
    {"plan", "regions", "feet,neck,eyes", "feet, neck, eyes"},
    {"walking", "start_minutes", "5", "5"},
    {"walking", "target_minutes", "240", "240"},
    {"walking", "start_days", "1", "1"},
    {"walking", "target_days", "7", "7"},
    {"walking", "weeks", "52", "52"},
    {"idle", "backend", "auto", "auto"},
    {"idle", "backend", "x11", "x11"},
    {"idle", "backend", "Wayland", "wayland"},
    {"idle", "backend", "gnome", "gnome"},
    {"idle", "backend", "none", "none"},
    {"tray", "enabled", "auto", "auto"},
    {"tray", "enabled", "yes", "yes"},
    {"tray", "enabled", "off", "no"},
    {"tray", "enabled", "TRUE", "yes"},
    {"meetings", "calls", "auto", "auto"},
    {"meetings", "calls", "PipeWire", "pipewire"},
    {"meetings", "calls", "alsa", "alsa"},
    {"meetings", "calls", "no", "no"},
    {"cues", "phone", "kdeconnect", "kdeconnect"},
    {"cues", "phone", "no", "no"},
    {"cues", "device", "  Pixel 7  ", "Pixel 7"},
    {"cues", "device", "all", "all"},
    {"cues", "command", "~/bin/buzz --twice", "~/bin/buzz --twice"},
    {"cues", "command", "", ""},
    {"cues", "sound", "yes", "yes"},
    {"cues", "sound", "/usr/share/sounds/a.oga", "/usr/share/sounds/a.oga"},
    {"routine", "at", "off", "off"},
    {"routine", "at", "Morning", "08:30"},
    {"routine", "at", "evening", "19:00"},
    {"routine", "at", "07:05", "07:05"},
    {"routine", "at", "23:59", "23:59"},
    {"meetings", "fullscreen", "no", "false"},
    {"meetings", "fullscreen", "yes", "true"},
    {"meetings", "calendar", "", ""},
    {"meetings", "calendar", "  ~/cal/work.ics  ", "~/cal/work.ics"},
    {"meetings", "calendar", "/a/b.ics, ~/c d.ics", "/a/b.ics, ~/c d.ics"},
};

static void test_set_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct budge_config cfg;
		struct budge_config_error err;
		char buf[256];
		int r;

		budge_config_defaults(&cfg);
		r = budge_config_set(&cfg, good[i].section, good[i].key, good[i].value, &err);
		if (r != 0)
			fail_msg("[%s] %s = %s: %d %s", good[i].section, good[i].key, good[i].value,
			         r, err.message);
		r = budge_config_get(&cfg, good[i].section, good[i].key, buf, sizeof(buf));
		assert_int_equal(r, (int)strlen(buf));
		if (strcmp(buf, good[i].canonical) != 0)
			fail_msg("[%s] %s = %s: canonical '%s', expected '%s'", good[i].section,
			         good[i].key, good[i].value, buf, good[i].canonical);
	}
}

static void test_set_fields(void **state)
{
	struct budge_config cfg;
	struct budge_config_error err;
	(void)state;

	budge_config_defaults(&cfg);
	assert_int_equal(budge_config_set(&cfg, "sitting", "limit", "45m", &err), 0);
	assert_int_equal(cfg.sitting_limit, 45 * M);
	assert_int_equal(budge_config_set(&cfg, "sitting", "gap", "90s", &err), 0);
	assert_int_equal(cfg.sitting_gap, 90);
	assert_int_equal(budge_config_set(&cfg, "sitting", "full_break", "10m", &err), 0);
	assert_int_equal(cfg.sitting_full_break, 10 * M);
	assert_int_equal(budge_config_set(&cfg, "prompts", "min_gap", "7m", &err), 0);
	assert_int_equal(cfg.prompts_min_gap, 7 * M);
	assert_int_equal(budge_config_set(&cfg, "prompts", "max_per_hour", "4", &err), 0);
	assert_int_equal(cfg.prompts_max_per_hour, 4);
	assert_int_equal(budge_config_set(&cfg, "prompts", "response_timeout", "1m", &err), 0);
	assert_int_equal(cfg.prompts_response_timeout, 60);
	assert_int_equal(budge_config_set(&cfg, "prompts", "snooze", "15m", &err), 0);
	assert_int_equal(cfg.prompts_snooze, 15 * M);
	assert_int_equal(budge_config_set(&cfg, "prompts", "micro", "no", &err), 0);
	assert_false(cfg.prompts_micro);
	assert_int_equal(budge_config_set(&cfg, "plan", "start_regions", "neck", &err), 0);
	assert_int_equal(cfg.plan_start_regions, 1u << BUDGE_REGION_NECK);
	assert_int_equal(budge_config_set(&cfg, "plan", "add_region_every", "2w", &err), 0);
	assert_int_equal(cfg.plan_add_region_every, 14 * 86400);
	assert_int_equal(budge_config_set(&cfg, "plan", "regions", "neck, eyes", &err), 0);
	assert_int_equal(cfg.plan_regions, (1u << BUDGE_REGION_NECK) | (1u << BUDGE_REGION_EYES));
	assert_int_equal(budge_config_set(&cfg, "walking", "start_minutes", "12", &err), 0);
	assert_int_equal(cfg.walking_start_minutes, 12);
	assert_int_equal(budge_config_set(&cfg, "walking", "target_minutes", "40", &err), 0);
	assert_int_equal(cfg.walking_target_minutes, 40);
	assert_int_equal(budge_config_set(&cfg, "walking", "start_days", "2", &err), 0);
	assert_int_equal(cfg.walking_start_days, 2);
	assert_int_equal(budge_config_set(&cfg, "walking", "target_days", "6", &err), 0);
	assert_int_equal(cfg.walking_target_days, 6);
	assert_int_equal(budge_config_set(&cfg, "walking", "weeks", "30", &err), 0);
	assert_int_equal(cfg.walking_weeks, 30);
	assert_int_equal(budge_config_set(&cfg, "idle", "backend", "gnome", &err), 0);
	assert_int_equal(cfg.idle_backend, BUDGE_IDLE_GNOME);
	assert_int_equal(budge_config_set(&cfg, "general", "work_hours", "Tue 09:00-10:00", &err),
	                 0);
	for (int d = 0; d < 7; d++) {
		assert_int_equal(cfg.work_hours.start[d], d == 1 ? 9 * H : 0);
		assert_int_equal(cfg.work_hours.end[d], d == 1 ? 10 * H : 0);
	}
	assert_int_equal(budge_config_validate(&cfg, &err), 0);
}

/* ---- set: bad values; the message names the key and what was expected ---- */

static const struct {
	const char *section, *key, *value;
	int ret;
	const char *msg; /* substring of err.message */
} bad[] = {
    {"sitting", "limit", "", -EINVAL, "expected e.g. 90s"},
    {"sitting", "limit", "5x", -EINVAL, "[sitting] limit: '5x' is not a duration"},
    {"sitting", "limit", "1h30", -EINVAL, "not a duration"},
    {"sitting", "limit", "-5m", -EINVAL, "not a duration"},
    {"sitting", "limit", "99999999999999999999d", -EINVAL, "too large"},
    {"sitting", "limit", "59s", -EINVAL, "out of range (expected 1m to 8h)"},
    {"sitting", "limit", "8h1s", -EINVAL, "out of range"},
    {"sitting", "gap", "9s", -EINVAL, "out of range (expected 10s to 1h)"},
    {"sitting", "gap", "2 minutes", -EINVAL, "not a duration"},
    {"sitting", "full_break", "29s", -EINVAL, "out of range"},
    {"sitting", "full_break", "4h1s", -EINVAL, "out of range"},
    {"prompts", "min_gap", "0", -EINVAL, "out of range (expected 1s to 4h)"},
    {"prompts", "min_gap", "0s", -EINVAL, "out of range"},
    {"prompts", "max_per_hour", "0", -EINVAL, "out of range (expected 1 to 60)"},
    {"prompts", "max_per_hour", "61", -EINVAL, "out of range (expected 1 to 60)"},
    {"prompts", "max_per_hour", "-1", -EINVAL, "not a whole number"},
    {"prompts", "max_per_hour", "6.5", -EINVAL, "not a whole number"},
    {"prompts", "max_per_hour", "", -EINVAL, "not a whole number"},
    {"prompts", "max_per_hour", "99999999999999999999", -EINVAL, "out of range"},
    {"prompts", "max_per_hour", "six", -EINVAL, "not a whole number"},
    {"prompts", "response_timeout", "9s", -EINVAL, "out of range"},
    {"prompts", "response_timeout", "2h", -EINVAL, "out of range"},
    {"prompts", "snooze", "30s", -EINVAL, "out of range (expected 1m to 4h)"},
    {"prompts", "micro_interval", "4h1s", -EINVAL, "out of range (expected 0s to 4h)"},
    {"prompts", "micro_interval", "-1m", -EINVAL, "not a duration"},
    {"prompts", "micro", "maybe", -EINVAL, "expected true or false"},
    {"prompts", "micro", "", -EINVAL, "expected true or false"},
    {"prompts", "do_not_disturb", "sometimes", -EINVAL, "expected true or false"},
    {"prompts", "sound", "loud", -EINVAL, "expected true or false"},
    {"plan", "start_regions", "knees", -EINVAL, "unknown region 'knees'"},
    {"plan", "start_regions", "feet, knees", -EINVAL, "unknown region 'knees'"},
    {"plan", "start_regions", "", -EINVAL, "no region given"},
    {"plan", "regions", ",", -EINVAL, "no region given"},
    {"plan", "add_region_every", "59m", -EINVAL, "out of range (expected 1h to 365d)"},
    {"plan", "add_region_every", "366d", -EINVAL, "out of range"},
    {"walking", "start_minutes", "0", -EINVAL, "expected 1 to 240"},
    {"walking", "target_minutes", "241", -EINVAL, "expected 1 to 240"},
    {"walking", "start_days", "8", -EINVAL, "expected 1 to 7"},
    {"walking", "target_days", "0", -EINVAL, "expected 1 to 7"},
    {"walking", "weeks", "0", -EINVAL, "expected 1 to 520"},
    {"walking", "weeks", "521", -EINVAL, "expected 1 to 520"},
    {"idle", "backend", "xorg", -EINVAL, "expected auto, x11, wayland, gnome or none"},
    {"tray", "enabled", "maybe", -EINVAL, "'maybe' is not auto, yes or no"},
    {"meetings", "calls", "pulse", -EINVAL,
     "'pulse' is not one of the values (expected auto, pipewire, alsa or no)"},
    {"cues", "phone", "yes", -EINVAL, "'yes' is not one of the values (expected no or kdeconnect)"},
    {"cues", "device", "my \"phone\"", -EINVAL, "has a quote, backslash or control character"},
    {"cues", "command", "buzz \\x", -EINVAL, "has a quote, backslash or control character"},
    {"cues", "sound", "a\tb", -EINVAL, "has a quote, backslash or control character"},
    {"routine", "at", "24:00", -EINVAL, "'24:00' is not a time of day (expected off, morning, evening or HH:MM"},
    {"routine", "at", "8:30", -EINVAL, "'8:30' is not a time of day"},
    {"routine", "at", "08:60", -EINVAL, "'08:60' is not a time of day"},
    {"routine", "at", "noon", -EINVAL, "'noon' is not a time of day"},
    {"routine", "at", "08:30x", -EINVAL, "'08:30x' is not a time of day"},
    {"meetings", "fullscreen", "sometimes", -EINVAL, "expected true or false"},
    {"meetings", "calendar", "a.ics,,b.ics", -EINVAL, "empty file name between commas"},
    {"meetings", "calendar", "a.ics, ", -EINVAL, "empty file name between commas"},
    {"meetings", "calendar", "\"a.ics\"", -EINVAL, "quote, backslash"},
    {"general", "work_hours", "", -EINVAL, "empty value"},
    {"general", "work_hours", "Mon-Fri", -EINVAL, "no time window"},
    {"general", "work_hours", "Mon-Fro 08:00-18:00", -EINVAL, "unknown day 'Fro'"},
    {"general", "work_hours", "Mo 08:00-18:00", -EINVAL, "unknown day 'Mo'"},
    {"general", "work_hours", "Mon 08:00", -EINVAL, "not a time window"},
    {"general", "work_hours", "Mon 25:00-26:00", -EINVAL, "bad time"},
    {"general", "work_hours", "Mon 08:60-09:00", -EINVAL, "bad time"},
    {"general", "work_hours", "Mon 24:01-24:30", -EINVAL, "bad time"},
    {"general", "work_hours", "Mon 8-18", -EINVAL, "bad time"},
    {"general", "work_hours", "Mon 08:00-08:00", -EINVAL, "ends before it starts"},
    {"general", "work_hours", "Mon 22:00-02:00", -EINVAL, "across midnight"},
    {"general", "work_hours", "Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:00", -EINVAL,
     "Mon has more than one window"},
    {"general", "work_hours", "Mon 08:00-12:00,, Tue 08:00-12:00", -EINVAL, "empty window"},
    {"general", "work_hours", "Mon 08:00-12:00,", -EINVAL, "empty window"},
    {"general", "work_hours", "always, Mon 08:00-12:00", -EINVAL, "'always' has no time window"},
    {"general", "nope", "1", -ENOENT,
     "unknown key 'nope' in [general] (expected one of: work_hours)"},
    {"sitting", "limits", "30m", -ENOENT, "expected one of: limit, gap, full_break"},
    {"sitting", "limits", "30m", -ENOENT, "(did you mean 'limit'? expected one of"},
    {"prompts", "maxperhour", "6", -ENOENT, "did you mean 'max_per_hour'?"},
    {"Sitting", "limit", "30m", -ENOENT, "did you mean [sitting]?"},
    {"walkin", "weeks", "30", -ENOENT, "unknown section [walkin] (did you mean [walking]?"},
    {"Sitting", "limit", "30m", -ENOENT, "unknown section [Sitting]"},
    {"sound", "volume", "3", -ENOENT,
     "expected one of: general, sitting, prompts, plan, walking, idle"},
    {"", "limit", "30m", -ENOENT, "outside any section"},
};

static void test_set_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct budge_config cfg, before;
		struct budge_config_error err;
		int r;

		budge_config_defaults(&cfg);
		before = cfg;
		memset(&err, 0, sizeof(err));
		r = budge_config_set(&cfg, bad[i].section, bad[i].key, bad[i].value, &err);
		if (r != bad[i].ret)
			fail_msg("[%s] %s = '%s': returned %d, expected %d", bad[i].section,
			         bad[i].key, bad[i].value, r, bad[i].ret);
		if (!strstr(err.message, bad[i].msg))
			fail_msg("[%s] %s = '%s': message '%s' lacks '%s'", bad[i].section,
			         bad[i].key, bad[i].value, err.message, bad[i].msg);
		if (memcmp(&cfg, &before, sizeof(cfg)) != 0)
			fail_msg("[%s] %s = '%s': a failed set changed the config", bad[i].section,
			         bad[i].key, bad[i].value);
		assert_string_equal(err.section, bad[i].section);
		assert_string_equal(err.key, bad[i].key);
	}
	/* NULL err is allowed */
	struct budge_config cfg;
	budge_config_defaults(&cfg);
	assert_int_equal(budge_config_set(&cfg, "sitting", "limit", "x", NULL), -EINVAL);
	assert_int_equal(budge_config_set(&cfg, "x", "y", "z", NULL), -ENOENT);
}

/* ---- work hours grammar ---- */

static const struct {
	const char *in;
	int32_t start[7], end[7];
} wh_good[] = {
    {"Mon-Fri 08:00-18:00",
     {8 * H, 8 * H, 8 * H, 8 * H, 8 * H, 0, 0},
     {18 * H, 18 * H, 18 * H, 18 * H, 18 * H, 0, 0}},
    {"always", {0, 0, 0, 0, 0, 0, 0}, {86400, 86400, 86400, 86400, 86400, 86400, 86400}},
    {"never", {0}, {0}},
    {"Sat-Sun 10:00-12:30",
     {0, 0, 0, 0, 0, 10 * H, 10 * H},
     {0, 0, 0, 0, 0, 12 * H + 30 * M, 12 * H + 30 * M}},
    {"Fri-Mon 09:00-10:00", /* a range may wrap around the week */
     {9 * H, 0, 0, 0, 9 * H, 9 * H, 9 * H},
     {10 * H, 0, 0, 0, 10 * H, 10 * H, 10 * H}},
    {"Wed 00:00-24:00", {0}, {0, 0, 86400, 0, 0, 0, 0}},
    {" Mon 7:05-7:06 ,Sunday 23:00-24:00 ",
     {7 * H + 5 * M, 0, 0, 0, 0, 0, 23 * H},
     {7 * H + 6 * M, 0, 0, 0, 0, 0, 24 * H}},
    {"Mon-Tue 08:00-12:00, Wed-Fri 13:00-17:00",
     {8 * H, 8 * H, 13 * H, 13 * H, 13 * H, 0, 0},
     {12 * H, 12 * H, 17 * H, 17 * H, 17 * H, 0, 0}},
};

static void test_work_hours_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(wh_good) / sizeof(wh_good[0]); i++) {
		struct budge_work_hours wh;
		char msg[200] = "";
		int r = budge_work_hours_parse(wh_good[i].in, &wh, msg, sizeof(msg));
		if (r != 0)
			fail_msg("'%s': %s", wh_good[i].in, msg);
		for (int d = 0; d < 7; d++)
			if (wh.start[d] != wh_good[i].start[d] || wh.end[d] != wh_good[i].end[d])
				fail_msg("'%s' day %d: [%d, %d), expected [%d, %d)", wh_good[i].in,
				         d, wh.start[d], wh.end[d], wh_good[i].start[d],
				         wh_good[i].end[d]);
	}
}

static void test_work_hours_format(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"Mon-Fri 08:00-18:00", "Mon-Fri 08:00-18:00"},
	    {"Fri-Mon 09:00-10:00", "Mon 09:00-10:00, Fri-Sun 09:00-10:00"},
	    {"Mon 08:00-12:00, Tue 08:00-12:00", "Mon-Tue 08:00-12:00"},
	    {"Mon 08:00-12:00, Wed 08:00-12:00", "Mon 08:00-12:00, Wed 08:00-12:00"},
	    {"Sun 00:00-24:00", "Sun 00:00-24:00"},
	    {"Mon-Sun 00:00-24:00", "always"},
	    {"never", "never"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct budge_work_hours wh, back;
		char buf[200];
		assert_int_equal(budge_work_hours_parse(cases[i].in, &wh, NULL, 0), 0);
		budge_work_hours_format(&wh, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(budge_work_hours_parse(buf, &back, NULL, 0), 0);
		assert_memory_equal(&wh, &back, sizeof(wh));
	}
}

static void test_work_hours_contains(void **state)
{
	struct budge_work_hours wh;
	static const struct {
		int day;
		int32_t sec;
		bool in;
	} cases[] = {
	    {0, 8 * H - 1, false}, {0, 8 * H, true},   {0, 18 * H - 1, true}, {0, 18 * H, false},
	    {4, 12 * H, true},     {5, 12 * H, false}, {6, 12 * H, false},    {-1, 12 * H, false},
	    {7, 12 * H, false},    {2, 0, false},
	};
	(void)state;
	assert_int_equal(budge_work_hours_parse("Mon-Fri 08:00-18:00", &wh, NULL, 0), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (budge_work_hours_contains(&wh, cases[i].day, cases[i].sec) != cases[i].in)
			fail_msg("day %d sec %d: expected %d", cases[i].day, cases[i].sec,
			         cases[i].in);
	assert_int_equal(budge_work_hours_parse("always", &wh, NULL, 0), 0);
	assert_true(budge_work_hours_contains(&wh, 6, 0));
	assert_true(budge_work_hours_contains(&wh, 6, 86399));
	assert_int_equal(budge_work_hours_parse("never", &wh, NULL, 0), 0);
	for (int d = 0; d < 7; d++)
		assert_false(budge_work_hours_contains(&wh, d, 12 * H));
	assert_false(budge_work_hours_contains(NULL, 0, 0));
}

/* ---- defaults ---- */

static void test_defaults(void **state)
{
	struct budge_config cfg;
	struct budge_config_error err;
	(void)state;

	budge_config_defaults(&cfg);
	assert_int_equal(budge_config_validate(&cfg, &err), 0);
	assert_int_equal(cfg.sitting_limit, 30 * M);
	assert_int_equal(cfg.sitting_gap, 2 * M);
	assert_int_equal(cfg.sitting_full_break, 5 * M);
	assert_int_equal(cfg.prompts_min_gap, 10 * M);
	assert_int_equal(cfg.prompts_max_per_hour, 4);
	assert_int_equal(cfg.prompts_micro_interval, 15 * M);
	assert_int_equal(cfg.prompts_response_timeout, 2 * M);
	assert_int_equal(cfg.prompts_snooze, 5 * M);
	assert_true(cfg.prompts_micro);
	assert_int_equal(cfg.plan_start_regions, 1u << BUDGE_REGION_FEET);
	assert_int_equal(cfg.plan_add_region_every, 7 * 86400);
	assert_int_equal(cfg.plan_regions, BUDGE_REGION_ALL);
	assert_int_equal(cfg.walking_start_minutes, 10);
	assert_int_equal(cfg.walking_target_minutes, 30);
	assert_int_equal(cfg.walking_start_days, 3);
	assert_int_equal(cfg.walking_target_days, 5);
	assert_int_equal(cfg.walking_weeks, 26);
	assert_int_equal(cfg.idle_backend, BUDGE_IDLE_AUTO);
	assert_true(cfg.meetings_fullscreen);
	assert_true(budge_work_hours_contains(&cfg.work_hours, 0, 9 * H));
	assert_false(budge_work_hours_contains(&cfg.work_hours, 5, 9 * H));

	/* every key's default string is its canonical value, and every key
	 * has a good case above */
	assert_true(budge_config_key_count() >= 18);
	for (size_t i = 0; i < budge_config_key_count(); i++) {
		const char *s, *k, *def;
		char buf[256];
		bool covered = false;
		assert_int_equal(budge_config_key_at(i, &s, &k, &def), 0);
		assert_true(budge_config_section_known(s));
		assert_true(budge_config_get(&cfg, s, k, buf, sizeof(buf)) >= 0);
		assert_string_equal(buf, def);
		for (size_t g = 0; g < sizeof(good) / sizeof(good[0]); g++)
			if (strcmp(good[g].section, s) == 0 && strcmp(good[g].key, k) == 0)
				covered = true;
		if (!covered)
			fail_msg("[%s] %s has no good-value test case", s, k);
		covered = false;
		for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]); b++)
			if (strcmp(bad[b].section, s) == 0 && strcmp(bad[b].key, k) == 0)
				covered = true;
		if (!covered)
			fail_msg("[%s] %s has no bad-value test case", s, k);
	}
	assert_int_equal(budge_config_key_at(budge_config_key_count(), NULL, NULL, NULL), -ERANGE);
	assert_false(budge_config_section_known("sound"));
	assert_int_equal(budge_config_get(&cfg, "sitting", "nope", NULL, 0), -ENOENT);
}

/* ---- validate: relations between keys ---- */

static const struct {
	const char *set[3][3]; /* up to three {section, key, value} */
	const char *msg;       /* NULL: valid */
	const char *key;       /* err.key */
} rel[] = {
    {{{"sitting", "gap", "5m"}}, "gap (5m) must be shorter than full_break (5m)", "gap"},
    {{{"sitting", "gap", "6m"}}, "must be shorter than full_break", "gap"},
    {{{"sitting", "full_break", "30m"}},
     "full_break (30m) must be shorter than limit (30m)",
     "full_break"},
    {{{"sitting", "limit", "4m"}}, "full_break (5m) must be shorter than limit (4m)", "full_break"},
    {{{"sitting", "limit", "3m"}, {"sitting", "full_break", "2m"}},
     "gap (2m) must be shorter than full_break (2m)",
     "gap"},
    {{{"sitting", "limit", "3m"}, {"sitting", "full_break", "2m30s"}, {"sitting", "gap", "1m"}},
     NULL,
     NULL},
    {{{"walking", "start_minutes", "31"}},
     "start_minutes (31) must not exceed target_minutes (30)",
     "start_minutes"},
    {{{"walking", "target_minutes", "9"}}, "must not exceed target_minutes", "start_minutes"},
    {{{"walking", "start_minutes", "30"}}, NULL, NULL},
    {{{"walking", "start_days", "6"}},
     "start_days (6) must not exceed target_days (5)",
     "start_days"},
    {{{"walking", "target_days", "2"}}, "must not exceed target_days", "start_days"},
    {{{"plan", "regions", "neck, eyes"}},
     "start_regions has feet, which [plan] regions leaves out",
     "start_regions"},
    {{{"plan", "regions", "neck, eyes"}, {"plan", "start_regions", "eyes"}}, NULL, NULL},
    {{{"plan", "start_regions", "all"}}, NULL, NULL},
    {{{"prompts", "max_per_hour", "60"}, {"prompts", "min_gap", "1s"}}, NULL, NULL},
};

static void test_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		struct budge_config cfg;
		struct budge_config_error err;
		int r;

		budge_config_defaults(&cfg);
		for (int j = 0; j < 3 && rel[i].set[j][0]; j++)
			if (budge_config_set(&cfg, rel[i].set[j][0], rel[i].set[j][1],
			                     rel[i].set[j][2], &err) != 0)
				fail_msg("case %zu: set %s failed: %s", i, rel[i].set[j][1],
				         err.message);
		memset(&err, 0, sizeof(err));
		r = budge_config_validate(&cfg, &err);
		if (!rel[i].msg) {
			if (r != 0)
				fail_msg("case %zu: unexpected error %s", i, err.message);
			continue;
		}
		if (r != -EINVAL || !strstr(err.message, rel[i].msg))
			fail_msg("case %zu: r=%d message '%s', expected '%s'", i, r, err.message,
			         rel[i].msg);
		assert_string_equal(err.key, rel[i].key);
		assert_true(err.key2[0] != '\0');
	}
}

/* A struct filled by hand (not through set) is range-checked too. */
static void test_validate_by_hand(void **state)
{
	struct budge_config cfg;
	struct budge_config_error err;
	(void)state;

	budge_config_defaults(&cfg);
	cfg.prompts_max_per_hour = 0;
	assert_int_equal(budge_config_validate(&cfg, &err), -EINVAL);
	assert_non_null(strstr(err.message, "max_per_hour"));

	budge_config_defaults(&cfg);
	cfg.prompts_min_gap = 0;
	assert_int_equal(budge_config_validate(&cfg, &err), -EINVAL);
	assert_string_equal(err.key, "min_gap");

	budge_config_defaults(&cfg);
	cfg.plan_regions = 0;
	assert_int_equal(budge_config_validate(&cfg, &err), -EINVAL);

	budge_config_defaults(&cfg);
	cfg.idle_backend = (enum budge_idle_backend_choice)42;
	assert_int_equal(budge_config_validate(&cfg, &err), -EINVAL);

	budge_config_defaults(&cfg);
	cfg.work_hours.end[3] = 90000;
	assert_int_equal(budge_config_validate(&cfg, &err), -EINVAL);
	assert_non_null(strstr(err.message, "Thu"));
}

/* ---- format: every key, and format -> parse gives the same struct ---- */

/* A minimal INI reader for the test: [section] and key = value lines. */
static void parse_ini(const char *text, struct budge_config *cfg)
{
	char section[32] = "";
	char *copy = strdup(text), *save = NULL;

	assert_non_null(copy);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct budge_config_error err;
		char *eq;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == '[') {
			char *end = strchr(line, ']');
			assert_non_null(end);
			*end = '\0';
			snprintf(section, sizeof(section), "%s", line + 1);
			continue;
		}
		eq = strstr(line, " = ");
		assert_non_null(eq);
		*eq = '\0';
		if (budge_config_set(cfg, section, line, eq + 3, &err) != 0)
			fail_msg("[%s] %s = '%s': %s", section, line, eq + 3, err.message);
	}
	free(copy);
}

static void roundtrip(const struct budge_config *cfg)
{
	struct budge_config back;
	int n = budge_config_format(cfg, NULL, 0);
	char *buf = malloc((size_t)n + 1);

	assert_non_null(buf);
	assert_int_equal(budge_config_format(cfg, buf, (size_t)n + 1), n);
	assert_int_equal((int)strlen(buf), n);
	/* every key appears */
	for (size_t i = 0; i < budge_config_key_count(); i++) {
		const char *s, *k;
		char needle[80];
		budge_config_key_at(i, &s, &k, NULL);
		snprintf(needle, sizeof(needle), "\n%s = ", k);
		assert_non_null(strstr(buf, needle));
		snprintf(needle, sizeof(needle), "[%s]\n", s);
		assert_non_null(strstr(buf, needle));
	}
	/* start from a config different in every field */
	memset(&back, 0x5a, sizeof(back));
	back.prompts_micro = !cfg->prompts_micro;
	parse_ini(buf, &back);
	assert_int_equal(back.sitting_limit, cfg->sitting_limit);
	assert_memory_equal(&back.work_hours, &cfg->work_hours, sizeof(cfg->work_hours));
	assert_int_equal(back.sitting_gap, cfg->sitting_gap);
	assert_int_equal(back.sitting_full_break, cfg->sitting_full_break);
	assert_int_equal(back.prompts_min_gap, cfg->prompts_min_gap);
	assert_int_equal(back.prompts_max_per_hour, cfg->prompts_max_per_hour);
	assert_int_equal(back.prompts_response_timeout, cfg->prompts_response_timeout);
	assert_int_equal(back.prompts_snooze, cfg->prompts_snooze);
	assert_int_equal(back.prompts_micro, cfg->prompts_micro);
	assert_int_equal(back.prompts_micro_interval, cfg->prompts_micro_interval);
	assert_int_equal(back.plan_start_regions, cfg->plan_start_regions);
	assert_int_equal(back.plan_add_region_every, cfg->plan_add_region_every);
	assert_int_equal(back.plan_regions, cfg->plan_regions);
	assert_int_equal(back.walking_start_minutes, cfg->walking_start_minutes);
	assert_int_equal(back.walking_target_minutes, cfg->walking_target_minutes);
	assert_int_equal(back.walking_start_days, cfg->walking_start_days);
	assert_int_equal(back.walking_target_days, cfg->walking_target_days);
	assert_int_equal(back.walking_weeks, cfg->walking_weeks);
	assert_int_equal(back.idle_backend, cfg->idle_backend);
	free(buf);
}

static void test_format_roundtrip(void **state)
{
	struct budge_config cfg;
	(void)state;

	budge_config_defaults(&cfg);
	roundtrip(&cfg);
	/* each good value on its own */
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		budge_config_defaults(&cfg);
		assert_int_equal(
		    budge_config_set(&cfg, good[i].section, good[i].key, good[i].value, NULL), 0);
		roundtrip(&cfg);
	}
	/* all of them at once (later ones win) */
	budge_config_defaults(&cfg);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		budge_config_set(&cfg, good[i].section, good[i].key, good[i].value, NULL);
	roundtrip(&cfg);
	/* odd durations */
	budge_config_defaults(&cfg);
	cfg.sitting_limit = 7 * H + 59 * M + 59;
	cfg.sitting_gap = 61;
	roundtrip(&cfg);
}

static void test_format_truncation(void **state)
{
	struct budge_config cfg;
	char small[16];
	int n;
	(void)state;

	budge_config_defaults(&cfg);
	n = budge_config_format(&cfg, small, sizeof(small));
	assert_true(n > (int)sizeof(small));
	assert_int_equal((int)strlen(small), (int)sizeof(small) - 1);
	assert_int_equal(budge_config_format(&cfg, NULL, 0), n);
}

static void test_format_json(void **state)
{
	struct budge_config cfg;
	char buf[4096];
	int n;
	(void)state;

	budge_config_defaults(&cfg);
	n = budge_config_format_json(&cfg, buf, sizeof(buf));
	assert_true(n > 0 && n < (int)sizeof(buf));
	assert_int_equal(budge_config_format_json(&cfg, NULL, 0), n);
	assert_non_null(strstr(buf, "\"sitting\":{\"limit\":1800,\"gap\":120,\"full_break\":300}"));
	assert_non_null(strstr(buf, "\"work_hours\":\"Mon-Fri 08:00-18:00\""));
	assert_non_null(strstr(buf, "\"micro\":true"));
	assert_non_null(strstr(buf, "\"max_per_hour\":4"));
	assert_non_null(strstr(buf, "\"micro_interval\":900"));
	assert_non_null(strstr(buf, "\"backend\":\"auto\""));
	assert_int_equal(buf[0], '{');
	assert_string_equal(buf + n - 3, "}}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_good),          cmocka_unit_test(test_set_fields),
	    cmocka_unit_test(test_set_bad),           cmocka_unit_test(test_work_hours_parse),
	    cmocka_unit_test(test_work_hours_format), cmocka_unit_test(test_work_hours_contains),
	    cmocka_unit_test(test_defaults),          cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_validate_by_hand),  cmocka_unit_test(test_format_roundtrip),
	    cmocka_unit_test(test_format_truncation), cmocka_unit_test(test_format_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
