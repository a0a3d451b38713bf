/* SPDX-License-Identifier: MIT */
/* Reading the INI config file: line numbers, errors, parse -> validate -> swap. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config-file.h"

static const struct {
	const char *text;
	int ret;
	int line;        /* expected err.line */
	const char *msg; /* substring of err.message, NULL when ret == 0 */
} cases[] = {
    {"", 0, 0, NULL},
    {"# only a comment\n; another\n\n", 0, 0, NULL},
    {"[sitting]\nlimit = 45m\n", 0, 0, NULL},
    {"[sitting]\nlimit=45m\ngap = 1m ; inline comment\n", 0, 0, NULL},
    {"\xEF\xBB\xBF[sitting]\nlimit = 45m\n", 0, 0, NULL},
    {"[general]\n[sitting]\n", 0, 0, NULL},
    {"[sitting]\nlimit = 45m", 0, 0, NULL}, /* no final newline */
    {"[sitting]\r\nlimit = 45m\r\n", 0, 0, NULL},
    {"[sitting]\nlimit = 45m\n[sitting]\ngap = 1m\n", 0, 0, NULL},
    {"[sitting]\nlimt = 45m\n", -EINVAL, 2, "unknown key 'limt' in [sitting]"},
    {"\n\n[sitting]\nlimit = 5x\n", -EINVAL, 4, "[sitting] limit: '5x' is not a duration"},
    {"[siting]\nlimit = 45m\n", -EINVAL, 1, "unknown section [siting]"},
    {"[general]\n\n[nosuch]\n", -EINVAL, 3, "unknown section [nosuch]"},
    {"[]\n", -EINVAL, 1, "empty section name"},
    {"limit = 45m\n", -EINVAL, 1, "outside any section"},
    {"[sitting]\nlimit 45m\n", -EINVAL, 2, "syntax error"},
    {"[sitting]\n = 45m\n", -EINVAL, 2, "no key name before '='"},
    {"[sitting\nlimit = 45m\n", -EINVAL, 1, "syntax error"},
    {"[sitting]\nlimit = 45m\nlimit = 50m\n", -EINVAL, 3, "set twice (first on line 2"},
    {"[sitting]\nlimit = 45m\n[sitting]\nlimit = 50m\n", -EINVAL, 4, "set twice"},
    {"[sitting]\nlimit = 45m\nbad line\nlimit = x\n", -EINVAL, 3, "syntax error"},
    {"[sitting]\nlimit = x\nbad line\n", -EINVAL, 2, "not a duration"},
    {"[sitting]\ngap = 10m\n", -EINVAL, 2, "gap (10m) must be shorter than full_break (5m)"},
    {"[sitting]\nlimit = 4m\n", -EINVAL, 2, "full_break (5m) must be shorter than limit (4m)"},
    {"[sitting]\nlimit = 20m\n\n[walking]\nstart_minutes = 40\n", -EINVAL, 5,
     "start_minutes (40) must not exceed target_minutes"},
    {"[walking]\ntarget_minutes = 5\n", -EINVAL, 2, "must not exceed target_minutes"},
    {"[plan]\nregions = neck\n", -EINVAL, 2, "start_regions has feet"},
    {"[prompts]\nmax_per_hour = 0\n", -EINVAL, 2, "expected 1 to 60"},
    {"[general]\nwork_hours = Mon-Fri 08:00-12:00, Mon 13:00-17:00\n", -EINVAL, 2,
     "Mon has more than one window"},
    {"[idle]\nbackend = xorg\n", -EINVAL, 2, "expected auto, x11, wayland, gnome or none"},
};

static void test_stream_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct budge_config cfg, before;
		struct budge_config_error err;
		FILE *f;
		int r;

		/* fmemopen refuses size 0: an empty file is /dev/null */
		if (cases[i].text[0])
			f = fmemopen((void *)cases[i].text, strlen(cases[i].text), "r");
		else
			f = fopen("/dev/null", "r");
		assert_non_null(f);
		memset(&cfg, 0x33, sizeof(cfg));
		before = cfg;
		memset(&err, 0, sizeof(err));
		r = budge_config_load_stream(f, "test.ini", &cfg, &err);
		fclose(f);
		if (r != cases[i].ret)
			fail_msg("case %zu: returned %d (%s), expected %d", i, r, err.message,
			         cases[i].ret);
		if (r == 0) {
			assert_int_equal(budge_config_validate(&cfg, &err), 0);
			continue;
		}
		if (err.line != cases[i].line || !strstr(err.message, cases[i].msg))
			fail_msg("case %zu: line %d '%s', expected line %d and '%s'", i, err.line,
			         err.message, cases[i].line, cases[i].msg);
		assert_string_equal(err.path, "test.ini");
		if (memcmp(&cfg, &before, sizeof(cfg)) != 0)
			fail_msg("case %zu: *out changed on error", i);
	}
}

static int load_text(const char *text, struct budge_config *cfg, struct budge_config_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	assert_non_null(f);
	r = budge_config_load_stream(f, "t", cfg, err);
	fclose(f);
	return r;
}

static void test_values_arrive(void **state)
{
	struct budge_config cfg;
	struct budge_config_error err;
	(void)state;

	assert_int_equal(load_text("[sitting]\nlimit = 45m\ngap = 90s\n[prompts]\nmicro = no\n"
	                           "[plan]\nstart_regions = neck, eyes\n[idle]\nbackend = none\n",
	                           &cfg, &err),
	                 0);
	assert_int_equal(cfg.sitting_limit, 45 * 60);
	assert_int_equal(cfg.sitting_gap, 90);
	assert_int_equal(cfg.sitting_full_break, 300); /* default kept */
	assert_false(cfg.prompts_micro);
	assert_int_equal(cfg.plan_start_regions,
	                 (1u << BUDGE_REGION_NECK) | (1u << BUDGE_REGION_EYES));
	assert_int_equal(cfg.idle_backend, BUDGE_IDLE_NONE);
}

static void test_long_line(void **state)
{
	struct budge_config cfg;
	struct budge_config_error err;
	char text[600];
	(void)state;

	snprintf(text, sizeof(text), "[plan]\n# %0500d\nregions = all\n", 0);
	assert_int_equal(load_text(text, &cfg, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "longer than"));
	/* a long but acceptable line */
	snprintf(text, sizeof(text), "[plan]\nregions = %s\n",
	         "feet, pelvis, shoulders, neck, eyes, hands, upper-back, lower-back, core, "
	         "breathing, legs, whole-body, patterns");
	assert_int_equal(load_text(text, &cfg, &err), 0);
	assert_int_equal(cfg.plan_regions, BUDGE_REGION_ALL);
}

static void test_nul_byte(void **state)
{
	static const char text[] = "[sitting]\nli\0mit = 5m\n";
	struct budge_config cfg;
	struct budge_config_error err;
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	(void)state;

	assert_non_null(f);
	assert_int_equal(budge_config_load_stream(f, "t", &cfg, &err), -EINVAL);
	fclose(f);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "NUL"));
}

/* budge_config_load with files: default path, missing, unreadable, directory */
static void test_load_files(void **state)
{
	char dir[] = "/tmp/budge-cfg-XXXXXX";
	char path[600], cfgdir[512];
	struct budge_config cfg, defaults;
	struct budge_config_error err;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	budge_config_defaults(&defaults);

	/* no file at the default place: defaults */
	memset(&cfg, 0x11, sizeof(cfg));
	assert_int_equal(budge_config_load(NULL, &cfg, &err), 0);
	assert_memory_equal(&cfg, &defaults, sizeof(cfg));
	assert_int_equal(budge_config_default_path(path, sizeof(path)), 0);
	snprintf(cfgdir, sizeof(cfgdir), "%s/budge/config", dir);
	assert_string_equal(path, cfgdir);

	/* an explicitly named missing file is an error */
	snprintf(path, sizeof(path), "%s/nope.ini", dir);
	assert_int_equal(budge_config_load(path, &cfg, &err), -ENOENT);
	assert_string_equal(err.path, path);
	assert_non_null(strstr(err.message, "cannot open"));

	/* a file at the default place is read */
	snprintf(cfgdir, sizeof(cfgdir), "%s/budge", dir);
	assert_int_equal(mkdir(cfgdir, 0700), 0);
	snprintf(path, sizeof(path), "%s/config", cfgdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[sitting]\nlimit = 40m\n", f);
	fclose(f);
	assert_int_equal(budge_config_load(NULL, &cfg, &err), 0);
	assert_int_equal(cfg.sitting_limit, 2400);

	/* a bad file at the default place: error, *out untouched */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[sitting]\n\nlimit = 40\n", f);
	fclose(f);
	assert_int_equal(budge_config_load(NULL, &cfg, &err), -EINVAL);
	assert_int_equal(cfg.sitting_limit, 2400);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.path, path);
	{
		char buf[700], want[700];
		budge_config_error_format(&err, buf, sizeof(buf));
		snprintf(want, sizeof(want), "%s:3: [sitting] limit: '40' is out of range", path);
		assert_memory_equal(buf, want, strlen(want));
	}

	/* unreadable (skip as root, who can read anything) */
	if (geteuid() != 0) {
		chmod(path, 0);
		assert_int_equal(budge_config_load(NULL, &cfg, &err), -EACCES);
		assert_non_null(strstr(err.message, "cannot open"));
		chmod(path, 0600);
	}
	unlink(path);

	/* a directory where the file should be */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(budge_config_load(NULL, &cfg, &err), -EISDIR);
	assert_non_null(strstr(err.message, "is a directory"));
	rmdir(path);
	rmdir(cfgdir);
	rmdir(dir);

	/* no XDG_CONFIG_HOME and no HOME */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_int_equal(budge_config_load(NULL, &cfg, &err), -ENOENT);
	assert_non_null(strstr(err.message, "HOME"));
}

static void test_error_format(void **state)
{
	struct budge_config_error e = {.path = "a.ini", .line = 7, .message = "bad"};
	char buf[64];
	(void)state;

	budge_config_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "a.ini:7: bad");
	e.line = 0;
	budge_config_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "a.ini: bad");
	e.path[0] = '\0';
	budge_config_error_format(&e, buf, sizeof(buf));
	assert_string_equal(buf, "bad");
}

/* Random files made of plausible and broken lines: loading never crashes,
 * an error names a line of the file, success gives a valid config, and
 * *out is only written on success. */
static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_random_files(void **state)
{
	static const char *const lines[] = {
	    "[general]",
	    "[sitting]",
	    "[prompts]",
	    "[plan]",
	    "[walking]",
	    "[idle]",
	    "[nope]",
	    "[sitting",
	    "[]",
	    "",
	    "# comment",
	    "; comment",
	    "   ",
	    "limit = 45m",
	    "limit = 4m",
	    "gap = 90s",
	    "gap = 10m",
	    "full_break = 6m",
	    "min_gap = 0",
	    "max_per_hour = 61",
	    "max_per_hour = 3",
	    "micro = no",
	    "micro = maybe",
	    "start_regions = neck",
	    "regions = feet, neck",
	    "add_region_every = 2w",
	    "start_minutes = 40",
	    "target_days = 2",
	    "weeks = 10",
	    "backend = none",
	    "backend = xorg",
	    "work_hours = always",
	    "work_hours = Mon-Fri 9:00-17:00",
	    "work_hours = Mon 9-5",
	    "  continued",
	    "key without equals",
	    "= value",
	    "limit = 5x ; trailing",
	};
	uint32_t seed = 777;
	int ok = 0, bad = 0;
	(void)state;

	for (int i = 0; i < 3000; i++) {
		char text[2048];
		size_t pos = 0;
		int nlines = 1 + (int)(rng_next(&seed) % 12);
		struct budge_config cfg;
		struct budge_config_error err;
		unsigned char canary[sizeof(cfg)];
		FILE *f;
		int r;

		for (int l = 0; l < nlines; l++)
			pos += (size_t)snprintf(
			    text + pos, sizeof(text) - pos, "%s\n",
			    lines[rng_next(&seed) % (sizeof(lines) / sizeof(lines[0]))]);
		memset(&cfg, 0x5c, sizeof(cfg));
		memcpy(canary, &cfg, sizeof(cfg));
		f = fmemopen(text, pos, "r");
		assert_non_null(f);
		r = budge_config_load_stream(f, "rand", &cfg, &err);
		fclose(f);
		if (r == 0) {
			ok++;
			assert_int_equal(budge_config_validate(&cfg, &err), 0);
		} else {
			bad++;
			assert_int_equal(r, -EINVAL);
			if (err.line < 1 || err.line > nlines)
				fail_msg("line %d of %d for:\n%s(%s)", err.line, nlines, text,
				         err.message);
			assert_true(err.message[0] != '\0');
			assert_memory_equal(&cfg, canary, sizeof(cfg));
		}
	}
	assert_true(ok > 50 && bad > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stream_cases), cmocka_unit_test(test_values_arrive),
	    cmocka_unit_test(test_long_line),    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_load_files),   cmocka_unit_test(test_error_format),
	    cmocka_unit_test(test_random_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
