/* SPDX-License-Identifier: MIT */
/* The where-to-start checklist: the parser's file:line errors (a table of
 * bad files), the built-in checklist against the catalog, and the starting
 * regions that follow from the answers (a table of answer sets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "budge/checklist.h"
#include "catalog-load.h"

struct diags {
	size_t n;
	char where[8][300];
	char message[8][256];
};

static void collect(const struct budge_catalog_diag *d, void *userdata)
{
	struct diags *ds = userdata;

	if (ds->n < 8) {
		memcpy(ds->where[ds->n], d->where, sizeof(d->where));
		memcpy(ds->message[ds->n], d->message, sizeof(d->message));
	}
	print_message("diag: %s: %s\n", d->where, d->message);
	ds->n++;
}

static const char good_item[] = "[a]\nquestion = Is it so?\npriority = 5\nregions = neck\n";

/* A file, the items it leaves, and its first problem (where, what). */
static const struct bad_case {
	const char *text;
	int items;
	const char *where, *message;
} bad_cases[] = {
    {"[a]\nquestion = Is it so?\npriority = 5\n", 0, "t.ini:1", "item 'a': missing 'regions'"},
    {"[a]\nquestion = Q?\npriority = 0\nregions = neck\n", 0, "t.ini:3",
     "bad priority '0'; expected a whole number from 1 to 99"},
    {"[a]\nquestion = Q?\npriority = 3\nregions = neck, knees\n", 0, "t.ini:4",
     "unknown region 'knees'"},
    {"[a]\nquestion = Q?\nquestion = R?\npriority = 3\nregions = neck\n", 0, "t.ini:3",
     "'question' given twice"},
    {"[a]\ncolour = blue\nquestion = Q?\npriority = 3\nregions = neck\n", 0, "t.ini:2",
     "unknown key 'colour'"},
    {"[A b]\nquestion = Q?\npriority = 3\nregions = neck\n", 0, "t.ini:1", "bad item id 'A b'"},
    {"question = Q?\n[a]\nquestion = Q?\npriority = 3\nregions = neck\n", 1, "t.ini:1",
     "a key outside an item"},
    {"[a\nquestion = Q?\npriority = 3\nregions = neck\n", 0, "t.ini:1", "lacks the closing ']'"},
    {"[a]\nquestion = Q?\npriority = 3\nregions = neck\nmovements = neck-tilt, no-such\n", 1,
     "t.ini:5", "no movement 'no-such' in the catalog"},
    {"[a]\njust words\nquestion = Q?\npriority = 3\nregions = neck\n", 0, "t.ini:2",
     "is not 'key = value'"},
    {"[a]\nquestion =\npriority = 3\nregions = neck\n", 0, "t.ini:2",
     "the question must have 1 to 200 characters"},
};

static int load_catalog(void **state)
{
	static struct budge_catalog cat;

	budge_catalog_init(&cat);
	assert_true(budge_catalog_load_builtin(&cat, NULL, NULL) >= 0);
	*state = &cat;
	return 0;
}

static int free_catalog(void **state)
{
	budge_catalog_finish(*state);
	return 0;
}

static void test_bad_files(void **state)
{
	const struct budge_catalog *cat = *state;

	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct budge_checklist cl;
		struct diags ds = {.n = 0};

		budge_checklist_init(&cl);
		int r = budge_checklist_add_text(&cl, "t.ini", c->text, cat, collect, &ds);
		if (r != c->items || cl.n != (size_t)c->items || ds.n == 0 ||
		    strcmp(ds.where[0], c->where) != 0 || !strstr(ds.message[0], c->message))
			fail_msg("case %zu: %d item(s), %zu diag(s), first %s: %s", i, r, ds.n,
				 ds.n ? ds.where[0] : "-", ds.n ? ds.message[0] : "-");
		budge_checklist_finish(&cl);
	}
}

/* A later item with the same id replaces the earlier; items sort by priority. */
static void test_replace_and_order(void **state)
{
	struct budge_checklist cl;

	budge_checklist_init(&cl);
	assert_int_equal(budge_checklist_add_text(&cl, "a.ini", good_item, NULL, NULL, NULL), 1);
	assert_int_equal(
	    budge_checklist_add_text(&cl, "b.ini",
				     "[b]\nquestion = First?\npriority = 1\nregions = feet, legs\n"
				     "[a]\nquestion = Now?\npriority = 9\nregions = eyes\n",
				     NULL, NULL, NULL),
	    2);
	assert_int_equal(cl.n, 2);
	assert_string_equal(cl.items[0].id, "b");
	assert_string_equal(cl.items[1].id, "a");
	assert_string_equal(cl.items[1].question, "Now?");
	assert_string_equal(cl.items[1].source, "b.ini:5");
	assert_int_equal(cl.items[0].n_regions, 2);
	assert_int_equal(cl.items[0].regions[0], BUDGE_REGION_FEET);
	assert_int_equal(cl.items[0].regions[1], BUDGE_REGION_LEGS);
	budge_checklist_finish(&cl);
}

/* The built-in checklist: no problem against the catalog, ten items in
 * priority order, each with regions and existing movements. */
static void test_builtin(void **state)
{
	const struct budge_catalog *cat = *state;
	struct budge_checklist cl;
	struct diags ds = {.n = 0};

	budge_checklist_init(&cl);
	assert_int_equal(budge_checklist_load_builtin(&cl, cat, collect, &ds), 0);
	assert_int_equal(ds.n, 0);
	assert_int_equal(cl.n, 10);
	for (size_t i = 0; i < cl.n; i++) {
		const struct budge_checklist_item *it = &cl.items[i];
		assert_true(it->n_regions > 0);
		assert_true(it->n_movements > 0);
		for (size_t k = 0; k < it->n_movements; k++)
			assert_non_null(budge_catalog_find(cat, it->movements[k]));
		if (i)
			assert_true(cl.items[i - 1].priority < it->priority);
	}
	assert_string_equal(cl.items[0].id, "breaks");
	assert_string_equal(cl.items[1].id, "spine");
	budge_checklist_finish(&cl);
}

/* Answers (one letter per built-in item in priority order: y, n or - for
 * skipped), what is blocked, how many regions: the regions, in order. */
static const struct suggest_case {
	const char *answers;
	budge_region_mask blocked;
	int max;
	const char *regions;
} suggest_cases[] = {
    {"yyyyyyyyyy", 0, 2, ""},
    {"----------", 0, 2, ""},
    {"ynyyyyyyyy", 0, 2, "lower-back upper-back"},
    {"ynyyyyyyyy", 0, 3, "lower-back upper-back patterns"},
    {"nyyyyyyyyy", 0, 2, "whole-body pelvis"},
    {"yyyyyyyyyn", 0, 2, "feet legs"},
    /* the first "no" has one region: the next "no" fills up */
    {"yyyynyyyyy", 0, 2, "breathing"},
    {"yyyynnyyyy", 0, 2, "breathing core"},
    /* a region the safety questions named is never proposed */
    {"ynyyyyyyyy", 1u << BUDGE_REGION_LOWER_BACK, 2, "upper-back patterns"},
    /* a region already chosen is not repeated */
    {"yyynyyyyny", 0, 3, "pelvis lower-back legs"},
};

static void test_suggest(void **state)
{
	const struct budge_catalog *cat = *state;
	struct budge_checklist cl;

	budge_checklist_init(&cl);
	assert_int_equal(budge_checklist_load_builtin(&cl, cat, NULL, NULL), 0);
	for (size_t i = 0; i < sizeof(suggest_cases) / sizeof(suggest_cases[0]); i++) {
		const struct suggest_case *c = &suggest_cases[i];
		bool no[10];
		enum budge_region order[BUDGE_REGION_COUNT];
		int n = 0;
		char got[256] = "";

		for (size_t k = 0; k < 10; k++)
			no[k] = c->answers[k] == 'n';
		budge_region_mask m = budge_checklist_suggest(&cl, no, c->blocked, c->max, order, &n);
		budge_region_mask want = 0;
		for (int k = 0; k < n; k++) {
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? " " : "",
				 budge_region_name(order[k]));
			want |= 1u << order[k];
		}
		if (strcmp(got, c->regions) != 0 || m != want)
			fail_msg("case %zu (%s): got '%s', expected '%s'", i, c->answers, got,
				 c->regions);
	}
	budge_checklist_finish(&cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_bad_files, load_catalog, free_catalog),
	    cmocka_unit_test(test_replace_and_order),
	    cmocka_unit_test_setup_teardown(test_builtin, load_catalog, free_catalog),
	    cmocka_unit_test_setup_teardown(test_suggest, load_catalog, free_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
