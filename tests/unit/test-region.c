/* SPDX-License-Identifier: MIT */
/* Body regions: names, titles, parsing of names and lists. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "budge/region.h"

#define BIT(r) (1u << (r))

static const struct {
	const char *in;
	enum budge_region want;
} names[] = {
    {"feet", BUDGE_REGION_FEET},
    {"FEET", BUDGE_REGION_FEET},
    {"ankles", BUDGE_REGION_FEET},
    {"pelvis", BUDGE_REGION_PELVIS},
    {"hips", BUDGE_REGION_PELVIS},
    {"shoulders", BUDGE_REGION_SHOULDERS},
    {"neck", BUDGE_REGION_NECK},
    {"eyes", BUDGE_REGION_EYES},
    {"hands", BUDGE_REGION_HANDS},
    {"wrists", BUDGE_REGION_HANDS},
    {"upper-back", BUDGE_REGION_UPPER_BACK},
    {"Upper-Back", BUDGE_REGION_UPPER_BACK},
    {"lower-back", BUDGE_REGION_LOWER_BACK},
    {"core", BUDGE_REGION_CORE},
    {"breathing", BUDGE_REGION_BREATHING},
    {"legs", BUDGE_REGION_LEGS},
    {"whole-body", BUDGE_REGION_WHOLE_BODY},
    {"walking", BUDGE_REGION_WHOLE_BODY},
    {"patterns", BUDGE_REGION_PATTERNS},
};

static const char *const bad_names[] = {
    "", "fee", "feets", "upper back", "upper_back", "all", " feet", "feet ", "knees", "-",
};

static void test_names_roundtrip(void **state)
{
	(void)state;
	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		const char *n = budge_region_name((enum budge_region)r);
		enum budge_region back = BUDGE_REGION_COUNT;
		assert_non_null(n);
		assert_non_null(budge_region_title((enum budge_region)r));
		assert_true(strlen(budge_region_title((enum budge_region)r)) > 0);
		assert_int_equal(budge_region_parse(n, &back), 0);
		assert_int_equal(back, r);
		/* names are unique */
		for (int o = 0; o < r; o++)
			assert_string_not_equal(n, budge_region_name((enum budge_region)o));
	}
	assert_null(budge_region_name(BUDGE_REGION_COUNT));
	assert_null(budge_region_name((enum budge_region) - 1));
	assert_null(budge_region_title(BUDGE_REGION_COUNT));
}

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		enum budge_region r = BUDGE_REGION_COUNT;
		if (budge_region_parse(names[i].in, &r) != 0 || r != names[i].want)
			fail_msg("'%s' parsed to %d, expected %d", names[i].in, (int)r,
			         (int)names[i].want);
	}
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		enum budge_region r = BUDGE_REGION_COUNT;
		if (budge_region_parse(bad_names[i], &r) != -EINVAL || r != BUDGE_REGION_COUNT)
			fail_msg("'%s' should be rejected", bad_names[i]);
	}
	assert_int_equal(budge_region_parse(NULL, &(enum budge_region){0}), -EINVAL);
}

static const struct {
	const char *in;
	int ret;
	budge_region_mask mask;
	size_t bad_offset;
} lists[] = {
    {"feet", 0, BIT(BUDGE_REGION_FEET), 0},
    {"feet,neck", 0, BIT(BUDGE_REGION_FEET) | BIT(BUDGE_REGION_NECK), 0},
    {"feet, neck", 0, BIT(BUDGE_REGION_FEET) | BIT(BUDGE_REGION_NECK), 0},
    {" feet  neck ", 0, BIT(BUDGE_REGION_FEET) | BIT(BUDGE_REGION_NECK), 0},
    {"feet,,neck,", 0, BIT(BUDGE_REGION_FEET) | BIT(BUDGE_REGION_NECK), 0},
    {"feet, ankles", 0, BIT(BUDGE_REGION_FEET), 0},
    {"all", 0, BUDGE_REGION_ALL, 0},
    {"ALL", 0, BUDGE_REGION_ALL, 0},
    {"neck, all", 0, BUDGE_REGION_ALL, 0},
    {"", 0, 0, 0},
    {" , ", 0, 0, 0},
    {"upper-back\tlower-back", 0, BIT(BUDGE_REGION_UPPER_BACK) | BIT(BUDGE_REGION_LOWER_BACK), 0},
    {"knees", -EINVAL, 0, 0},
    {"feet, knees", -EINVAL, 0, 6},
    {"feet,neck,allx", -EINVAL, 0, 10},
    {"feet upper back", -EINVAL, 0, 5},
};

static void test_parse_list(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		budge_region_mask m = 0xdeadbeef;
		size_t off = 999;
		int r = budge_region_parse_list(lists[i].in, &m, &off);
		if (r != lists[i].ret)
			fail_msg("'%s': returned %d, expected %d", lists[i].in, r, lists[i].ret);
		if (r == 0 && m != lists[i].mask)
			fail_msg("'%s': mask %#x, expected %#x", lists[i].in, m, lists[i].mask);
		if (r < 0 && (off != lists[i].bad_offset || m != 0xdeadbeef))
			fail_msg("'%s': bad offset %zu (expected %zu), mask must stay untouched",
			         lists[i].in, off, lists[i].bad_offset);
	}
	/* bad_offset may be NULL */
	budge_region_mask m;
	assert_int_equal(budge_region_parse_list("nope", &m, NULL), -EINVAL);
}

static void test_all_mask(void **state)
{
	(void)state;
	for (int r = 0; r < BUDGE_REGION_COUNT; r++)
		assert_true(BUDGE_REGION_ALL & BIT(r));
	assert_false(BUDGE_REGION_ALL & BIT(BUDGE_REGION_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names_roundtrip),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_list),
	    cmocka_unit_test(test_all_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
