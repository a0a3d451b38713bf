/* SPDX-License-Identifier: MIT */
/* Durations: parse and format, table-driven. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "budge/duration.h"

static const struct {
	const char *in;
	int64_t secs;
} good[] = {
    {"0", 0},
    {"90", 90},
    {"90s", 90},
    {"5m", 300},
    {"2h", 7200},
    {"7d", 604800},
    {"1w", 604800},
    {"1h30m", 5400},
    {"1h 30m", 5400},
    {"  1h30m  ", 5400},
    {"1d2h3m4s", 93784},
    {"1w1d", 691200},
    {"0s", 0},
    {"00005m", 300},
    {"\t10m", 600},
    {"9223372036854775807", INT64_MAX},
    {"9223372036854775807s", INT64_MAX},
    {"15250284452471w", 15250284452471LL * 604800},
};

static const struct {
	const char *in;
	int err;
} bad[] = {
    {"", -EINVAL},
    {"   ", -EINVAL},
    {"5x", -EINVAL},
    {"1h30", -EINVAL}, /* a bare number only on its own */
    {"-5m", -EINVAL},  /* no sign */
    {"+5m", -EINVAL},
    {"m", -EINVAL},
    {"5 m x", -EINVAL},
    {"1.5h", -EINVAL},
    {"30m1h", -EINVAL}, /* largest unit first */
    {"1h1h", -EINVAL},  /* each unit once */
    {"5M", -EINVAL},    /* units are lower case */
    {"1h,30m", -EINVAL},
    {"5mm", -EINVAL},
    {"9223372036854775808", -ERANGE},
    {"99999999999999999999s", -ERANGE},
    {"15250284452472w", -ERANGE},
    {"106751991167301d", -ERANGE},
    {"9223372036854775807s1s", -EINVAL}, /* s then s: order error first */
    {"106751991167300d86400s", -ERANGE}, /* sum overflows */
};

static void test_parse_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t v = -1;
		int r = budge_duration_parse(good[i].in, &v);
		if (r != 0 || v != good[i].secs)
			fail_msg("'%s': r=%d v=%lld, expected %lld", good[i].in, r, (long long)v,
			         (long long)good[i].secs);
	}
}

static void test_parse_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 12345;
		int r = budge_duration_parse(bad[i].in, &v);
		if (r != bad[i].err || v != 12345)
			fail_msg("'%s': r=%d v=%lld, expected error %d and v untouched", bad[i].in,
			         r, (long long)v, bad[i].err);
	}
	assert_int_equal(budge_duration_parse(NULL, &(int64_t){0}), -EINVAL);
}

static const struct {
	int64_t secs;
	const char *out;
} fmt[] = {
    {0, "0s"},
    {1, "1s"},
    {59, "59s"},
    {60, "1m"},
    {90, "1m30s"},
    {300, "5m"},
    {3600, "1h"},
    {5400, "1h30m"},
    {86400, "1d"},
    {604800, "7d"},
    {93784, "1d2h3m4s"},
    {-300, "-5m"},
    {INT64_MAX, "106751991167300d15h30m7s"},
    {INT64_MIN, "-106751991167300d15h30m8s"},
};

static void test_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		char buf[64];
		int n = budge_duration_format(fmt[i].secs, buf, sizeof(buf));
		assert_string_equal(buf, fmt[i].out);
		assert_int_equal(n, (int)strlen(fmt[i].out));
	}
}

static void test_format_truncates_like_snprintf(void **state)
{
	char small[4];
	(void)state;
	assert_int_equal(budge_duration_format(5400, small, sizeof(small)), 5);
	assert_string_equal(small, "1h3");
	assert_int_equal(budge_duration_format(5400, NULL, 0), 5);
}

/* format then parse gives the same number, for every non-negative value of
 * a spread of magnitudes */
static void test_roundtrip(void **state)
{
	(void)state;
	for (int64_t v = 0; v < 200000; v += 37) {
		char buf[64];
		int64_t back = -1;
		budge_duration_format(v, buf, sizeof(buf));
		assert_int_equal(budge_duration_parse(buf, &back), 0);
		assert_int_equal(back, v);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char buf[64];
		int64_t back = -1;
		budge_duration_format(good[i].secs, buf, sizeof(buf));
		assert_int_equal(budge_duration_parse(buf, &back), 0);
		assert_int_equal(back, good[i].secs);
	}
}

/* Deterministic random strings from the characters durations are made of:
 * parsing never crashes, failure leaves *out alone, and whatever parses
 * formats back to the same number. */
static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_random_strings(void **state)
{
	static const char alphabet[] = "0123456789smhdwx -+.\t";
	uint32_t seed = 12345;
	int parsed = 0;
	(void)state;

	for (int i = 0; i < 200000; i++) {
		char in[24], buf[64];
		size_t n = rng_next(&seed) % (sizeof(in) - 1);
		int64_t v = -7, back = -8;
		int r;

		for (size_t j = 0; j < n; j++)
			in[j] = alphabet[rng_next(&seed) % (sizeof(alphabet) - 1)];
		in[n] = '\0';
		r = budge_duration_parse(in, &v);
		if (r < 0) {
			assert_true(r == -EINVAL || r == -ERANGE);
			assert_int_equal(v, -7);
			continue;
		}
		parsed++;
		assert_true(v >= 0);
		budge_duration_format(v, buf, sizeof(buf));
		assert_int_equal(budge_duration_parse(buf, &back), 0);
		if (back != v)
			fail_msg("'%s' -> %lld -> '%s' -> %lld", in, (long long)v, buf,
			         (long long)back);
	}
	assert_true(parsed > 1000); /* the generator does reach valid input */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_good),
	    cmocka_unit_test(test_parse_bad),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_truncates_like_snprintf),
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_random_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
