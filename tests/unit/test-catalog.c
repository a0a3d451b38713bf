/* SPDX-License-Identifier: MIT */
/* The movement-file parser (src/core/catalog.c): a table of good and bad
 * inputs, each checked for the entries kept and the file:line diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "budge/catalog.h"

/* A complete, valid entry (lines 1-16 of its text). */
#define GOOD(id)                                                                                   \
	"[" id "]\n"                                                                               \
	"title = A movement\n"                                                                     \
	"region = feet\n"                                                                          \
	"position = seated, standing\n"                                                            \
	"discreet = yes\n"                                                                         \
	"default = no\n"                                                                           \
	"cue = Do the thing.\n"                                                                    \
	"step = First step.\n"                                                                     \
	"step = Second step.\n"                                                                    \
	"hold = 3s\n"                                                                              \
	"cycles = 5\n"                                                                             \
	"dose = 3 s, 5 times\n"                                                                    \
	"cadence = 30m\n"                                                                          \
	"easier = Less.\n"                                                                         \
	"harder = More.\n"                                                                         \
	"evidence = common practice\n"

/* A minimal valid entry with only the required keys (8 lines). */
#define MINIMAL(id, extra)                                                                         \
	"[" id "]\n"                                                                               \
	"title = T\n"                                                                              \
	"region = neck\n"                                                                          \
	"position = floor\n"                                                                       \
	"cue = C\n"                                                                                \
	"step = S\n"                                                                               \
	"dose = D\n"                                                                               \
	"cadence = 1h\n" extra "evidence = e\n"

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
	ds->n++;
}

struct parse_case {
	const char *name;
	const char *text;
	int added;      /* return value */
	size_t n_items; /* items in the catalog afterwards */
	size_t n_diags;
	const char *where;  /* expected where of the first diag */
	const char *substr; /* expected in the first diag's message */
};

static const struct parse_case parse_cases[] = {
    {"good", GOOD("a"), 1, 1, 0, NULL, NULL},
    {"minimal", MINIMAL("m", ""), 1, 1, 0, NULL, NULL},
    {"comments-blank-crlf", "# c\r\n; c\r\n\r\n" MINIMAL("m", ""), 1, 1, 0, NULL, NULL},
    {"two-entries", GOOD("a") "\n" GOOD("b"), 2, 2, 0, NULL, NULL},
    {"duplicate-id-overrides", GOOD("a") MINIMAL("a", ""), 2, 1, 0, NULL, NULL},
    {"missing-required",
     "[x]\ntitle = T\nregion = feet\nposition = seated\ncue = C\n"
     "step = S\ndose = D\nevidence = e\n",
     0, 0, 1, "t.ini:1", "missing required key cadence"},
    {"unknown-key", MINIMAL("x", "colour = red\n"), 0, 0, 1, "t.ini:9", "unknown key 'colour'"},
    {"bad-region",
     "[x]\ntitle = T\nregion = elbow\nposition = floor\ncue = C\nstep = S\n"
     "dose = D\ncadence = 1h\nevidence = e\n",
     0, 0, 1, "t.ini:3", "unknown region 'elbow'"},
    {"bad-region-and-missing", "[x]\ntitle = T\nregion = elbow\n", 0, 0, 2, "t.ini:3",
     "unknown region 'elbow'"},
    {"missing-several", "[x]\ntitle = T\n", 0, 0, 1, "t.ini:1",
     "missing required keys region, position, cue, step, dose, cadence, evidence"},
    {"bad-duration", MINIMAL("x", "hold = 3 parsecs\n"), 0, 0, 1, "t.ini:9", "bad hold"},
    {"bad-cadence",
     "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = C\nstep = S\n"
     "dose = D\ncadence = soon\nevidence = e\n",
     0, 0, 1, "t.ini:8", "bad cadence 'soon'"},
    {"cadence-too-short",
     "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = C\n"
     "step = S\ndose = D\ncadence = 10s\nevidence = e\n",
     0, 0, 1, "t.ini:8", "from 1m to 7d"},
    {"bad-bool", MINIMAL("x", "discreet = maybe\n"), 0, 0, 1, "t.ini:9", "expected yes or no"},
    {"bad-cycles", MINIMAL("x", "cycles = -3\n"), 0, 0, 1, "t.ini:9", "bad cycles '-3'"},
    {"bad-position",
     "[x]\ntitle = T\nregion = neck\nposition = lying\ncue = C\nstep = S\n"
     "dose = D\ncadence = 1h\nevidence = e\n",
     0, 0, 1, "t.ini:4", "bad position 'lying'"},
    {"empty-step", MINIMAL("x", "step =\n"), 0, 0, 1, "t.ini:9", "empty value for 'step'"},
    {"no-steps",
     "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = C\ndose = D\n"
     "cadence = 1h\nevidence = e\n",
     0, 0, 1, "t.ini:1", "missing required key step"},
    {"key-twice", MINIMAL("x", "title = again\n"), 0, 0, 1, "t.ini:9",
     "given twice (first on line 2)"},
    {"key-outside", "title = T\n" MINIMAL("m", ""), 1, 1, 1, "t.ini:1", "outside a movement"},
    {"bad-id", "[Bad_ID]\ntitle = T\n" MINIMAL("ok", ""), 1, 1, 1, "t.ini:1",
     "bad movement id 'Bad_ID'"},
    {"unclosed-section", "[x\ntitle = T\n" MINIMAL("ok", ""), 1, 1, 1, "t.ini:1",
     "lacks the closing ']'"},
    {"no-equals", MINIMAL("x", "just words\n"), 0, 0, 1, "t.ini:9", "expected 'key = value'"},
    {"bad-then-good", MINIMAL("x", "nope = 1\n") "\n" GOOD("y"), 1, 1, 1, "t.ini:9",
     "unknown key 'nope'"},
    {"empty-text", "", 0, 0, 0, NULL, NULL},
    {"only-comments", "# nothing\n; here\n", 0, 0, 0, NULL, NULL},
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct budge_catalog cat;
		struct diags ds = {.n = 0};
		int r;

		budge_catalog_init(&cat);
		r = budge_catalog_add_text(&cat, "t.ini", c->text, collect, &ds);
		if (r != c->added || cat.n != c->n_items || ds.n != c->n_diags)
			print_error("case %s: added %d (want %d), items %zu (want %zu), diags %zu "
			            "(want %zu), first: %s: %s\n",
			            c->name, r, c->added, cat.n, c->n_items, ds.n, c->n_diags,
			            ds.n ? ds.where[0] : "-", ds.n ? ds.message[0] : "-");
		assert_int_equal(r, c->added);
		assert_int_equal(cat.n, c->n_items);
		assert_int_equal(ds.n, c->n_diags);
		if (c->where) {
			if (strcmp(ds.where[0], c->where) != 0 || !strstr(ds.message[0], c->substr))
				print_error("case %s: got %s: %s\n", c->name, ds.where[0],
				            ds.message[0]);
			assert_string_equal(ds.where[0], c->where);
			assert_non_null(strstr(ds.message[0], c->substr));
		}
		budge_catalog_finish(&cat);
	}
}

static void test_fields(void **state)
{
	struct budge_catalog cat;
	const struct budge_movement *m;

	(void)state;
	budge_catalog_init(&cat);
	assert_int_equal(budge_catalog_add_text(&cat, "f.ini", "\n" GOOD("pelvic-x"), NULL, NULL),
	                 1);
	m = budge_catalog_find(&cat, "pelvic-x");
	assert_non_null(m);
	assert_string_equal(m->title, "A movement");
	assert_int_equal(m->region, BUDGE_REGION_FEET);
	assert_int_equal(m->positions, BUDGE_POS_SEATED | BUDGE_POS_STANDING);
	assert_true(m->discreet);
	assert_false(m->is_default);
	assert_string_equal(m->cue, "Do the thing.");
	assert_int_equal(m->n_steps, 2);
	assert_string_equal(m->steps[0], "First step.");
	assert_string_equal(m->steps[1], "Second step.");
	assert_int_equal(m->hold_s, 3);
	assert_int_equal(m->cycles, 5);
	assert_string_equal(m->dose, "3 s, 5 times");
	assert_int_equal(m->cadence_s, 1800);
	assert_string_equal(m->easier, "Less.");
	assert_string_equal(m->harder, "More.");
	assert_null(m->cautions);
	assert_string_equal(m->evidence, "common practice");
	assert_string_equal(m->source, "f.ini:2");
	assert_null(budge_catalog_find(&cat, "pelvic"));
	budge_catalog_finish(&cat);
	budge_catalog_finish(&cat); /* idempotent */
	budge_catalog_finish(NULL);
}

static void test_defaults_and_override(void **state)
{
	struct budge_catalog cat;
	const struct budge_movement *m;

	(void)state;
	budge_catalog_init(&cat);
	assert_int_equal(
	    budge_catalog_add_text(&cat, "builtin", GOOD("b") GOOD("a") GOOD("c"), NULL, NULL), 3);
	/* sorted by id */
	assert_string_equal(cat.items[0].id, "a");
	assert_string_equal(cat.items[1].id, "b");
	assert_string_equal(cat.items[2].id, "c");
	/* a drop-in replaces the whole entry */
	assert_int_equal(budge_catalog_add_text(&cat, "drop.ini", MINIMAL("b", ""), NULL, NULL), 1);
	assert_int_equal(cat.n, 3);
	m = budge_catalog_find(&cat, "b");
	assert_non_null(m);
	assert_int_equal(m->region, BUDGE_REGION_NECK);
	assert_false(m->discreet);  /* default */
	assert_true(m->is_default); /* default */
	assert_int_equal(m->hold_s, 0);
	assert_int_equal(m->cycles, 0);
	assert_null(m->easier);
	assert_string_equal(m->source, "drop.ini:1");
	assert_int_equal(budge_catalog_regions(&cat),
	                 (1u << BUDGE_REGION_FEET) | (1u << BUDGE_REGION_NECK));
	budge_catalog_finish(&cat);
}

static void test_cue_limit(void **state)
{
	char text[1024], cue[BUDGE_CATALOG_CUE_MAX + 2];
	struct budge_catalog cat;
	struct diags ds = {.n = 0};

	(void)state;
	/* exactly the limit: accepted */
	memset(cue, 'x', BUDGE_CATALOG_CUE_MAX);
	cue[BUDGE_CATALOG_CUE_MAX] = '\0';
	snprintf(text, sizeof(text),
	         "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = %s\n"
	         "step = S\ndose = D\ncadence = 1h\nevidence = e\n",
	         cue);
	budge_catalog_init(&cat);
	assert_int_equal(budge_catalog_add_text(&cat, "t.ini", text, collect, &ds), 1);
	assert_int_equal(ds.n, 0);
	budge_catalog_finish(&cat);
	/* one more: rejected with the line of the cue */
	strcat(cue, "y");
	snprintf(text, sizeof(text),
	         "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = %s\n"
	         "step = S\ndose = D\ncadence = 1h\nevidence = e\n",
	         cue);
	assert_int_equal(budge_catalog_add_text(&cat, "t.ini", text, collect, &ds), 0);
	assert_int_equal(ds.n, 1);
	assert_string_equal(ds.where[0], "t.ini:5");
	assert_non_null(strstr(ds.message[0], "at most 100"));
	budge_catalog_finish(&cat);
	/* multi-byte characters count once */
	ds.n = 0;
	snprintf(
	    text, sizeof(text),
	    "[x]\ntitle = T\nregion = neck\nposition = floor\ncue = %s\n"
	    "step = S\ndose = D\ncadence = 1h\nevidence = e\n",
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0"
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0"
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0"
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0"
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0"
	    "\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0\xc2\xb0");
	assert_int_equal(budge_catalog_add_text(&cat, "t.ini", text, collect, &ds), 1);
	assert_int_equal(ds.n, 0);
	budge_catalog_finish(&cat);
}

static void test_search_and_positions(void **state)
{
	struct budge_catalog cat;
	const struct budge_movement *m;
	const char *hit[] = {"SECOND", "feet"};
	const char *miss[] = {"second", "nowhere"};
	const char *pos[] = {"standing"};
	char buf[64];

	(void)state;
	budge_catalog_init(&cat);
	assert_int_equal(budge_catalog_add_text(&cat, "t.ini", GOOD("a"), NULL, NULL), 1);
	m = budge_catalog_find(&cat, "a");
	assert_true(budge_movement_matches(m, hit, 2));
	assert_false(budge_movement_matches(m, miss, 2));
	assert_true(budge_movement_matches(m, pos, 1));
	assert_true(budge_movement_matches(m, NULL, 0));
	assert_int_equal(budge_positions_format(m->positions, buf, sizeof(buf)), 16);
	assert_string_equal(buf, "seated, standing");
	assert_int_equal(budge_positions_format(BUDGE_POS_FLOOR, buf, 3), 5);
	assert_string_equal(buf, "fl");
	assert_string_equal(budge_position_name(BUDGE_POS_FLOOR), "floor");
	assert_null(budge_position_name((enum budge_position)3));
	budge_catalog_finish(&cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_table),           cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_defaults_and_override), cmocka_unit_test(test_cue_limit),
	    cmocka_unit_test(test_search_and_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
