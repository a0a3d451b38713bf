/* SPDX-License-Identifier: MIT */
/* budge_utf8_clip: valid, bounded UTF-8 from any bytes, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "budge/utf8.h"

static const struct {
	const char *in;
	size_t max;
	const char *out;
} cases[] = {
    {"plain", 80, "plain"},
    {"", 80, ""},
    {"caf\xc3\xa9", 80, "caf\xc3\xa9"},
    /* a character cut at the limit is not split: it is left out */
    {"abc\xc3\xa9xyz", 7, "abc..."},
    {"ab\xc3\xa9", 4, "ab\xc3\xa9"},
    /* stray, overlong, surrogate, beyond U+10FFFF, cut short */
    {"a\xff\xfe" "b", 80, "a\\xff\\xfeb"},
    {"\xc0\xaf", 80, "\\xc0\\xaf"},
    {"\xe0\x80\xaf", 80, "\\xe0\\x80\\xaf"},
    {"\xed\xa0\x80", 80, "\\xed\\xa0\\x80"},
    {"\xf4\x90\x80\x80", 80, "\\xf4\\x90\\x80\\x80"},
    {"\xe2\x82", 80, "\\xe2\\x82"},
    {"\xf0\x9f\x98\x80!", 80, "\xf0\x9f\x98\x80!"},
    /* noncharacters: valid UTF-8, but sd-bus refuses them (the D-Bus fuzz
     * target found a Reload error that was never answered) */
    {"a\xef\xbf\xbe", 80, "a\\xef\\xbf\\xbe"},
    {"\xf1\xbf\xbf\xbf", 80, "\\xf1\\xbf\\xbf\\xbf"},
    {"\xef\xb7\x90z", 80, "\\xef\\xb7\\x90z"},
    {"\xef\xb7\xb0", 80, "\xef\xb7\xb0"}, /* U+FDF0 is a character */
    /* control characters other than tab and newline */
    {"a\x1b[1mb\tc\nd\x7f", 80, "a\\x1b[1mb\tc\nd\\x7f"},
    /* long input: max bytes at most, "..." at the end */
    {"aaaaaaaaaaaaaaaaaaaa", 10, "aaaaaaa..."},
    {"aaaaaaaaaa", 10, "aaaaaaaaaa"},
    {"aaaaaaaaa\xff", 10, "aaaaaaa..."},
    {"abc", 2, "ab"},
};

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		if (!n)
			return 0;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[128];
		size_t n = budge_utf8_clip(out, sizeof(out), cases[i].in, cases[i].max);
		if (strcmp(out, cases[i].out) != 0)
			print_error("case %zu: got '%s', expected '%s'\n", i, out, cases[i].out);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, strlen(out));
		assert_true(n <= cases[i].max);
	}
}

/* every byte string of up to 3 bytes gives valid UTF-8 within the bounds */
static void test_all_short(void **state)
{
	(void)state;
	char in[4], out[16];
	for (unsigned a = 1; a < 256; a++)
		for (unsigned b = 0; b < 256; b++)
			for (unsigned c = 0; c < 256; c += b ? 1 : 256) {
				in[0] = (char)a, in[1] = (char)b, in[2] = (char)(b ? c : 0), in[3] = 0;
				for (size_t max = 0; max <= 12; max += 4) {
					size_t n = budge_utf8_clip(out, sizeof(out), in, max);
					assert_true(n <= max && valid_utf8(out));
				}
			}
}

/* the destination's size bounds the copy as well as max */
static void test_small_dst(void **state)
{
	(void)state;
	char out[6];
	assert_int_equal(budge_utf8_clip(out, sizeof(out), "abcdefgh", 100), 5);
	assert_string_equal(out, "ab...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_all_short),
	    cmocka_unit_test(test_small_dst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
