/* SPDX-License-Identifier: MIT */
/* The built-in catalog (data/movements/\*.ini as embedded in the binary) and
 * the drop-in loader (src/daemon/catalog-load.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <libintl.h>
#include <locale.h>

#include "budge/catalog.h"
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

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int load_builtin(void **state)
{
	static struct budge_catalog cat;
	struct diags ds = {.n = 0};

	budge_catalog_init(&cat);
	assert_true(budge_catalog_load_builtin(&cat, collect, &ds) >= 0);
	assert_int_equal(ds.n, 0); /* the built-in files have no bad entry */
	*state = &cat;
	return 0;
}

static int free_builtin(void **state)
{
	budge_catalog_finish(*state);
	return 0;
}

static void test_size(void **state)
{
	const struct budge_catalog *cat = *state;
	budge_region_mask mask = budge_catalog_regions(cat);
	int regions = 0;

	for (int r = 0; r < BUDGE_REGION_COUNT; r++)
		regions += (mask >> r) & 1;
	print_message("%zu movements in %d regions\n", cat->n, regions);
	assert_true(cat->n >= 30);
	assert_true(regions >= 10);
}

static void test_every_field(void **state)
{
	const struct budge_catalog *cat = *state;

	for (size_t i = 0; i < cat->n; i++) {
		const struct budge_movement *m = &cat->items[i];
		const char *strings[] = {m->id,     m->title,    m->cue,      m->dose,  m->easier,
		                         m->harder, m->cautions, m->evidence, m->source};

		print_message("checking %s\n", m->id);
		for (size_t k = 0; k < sizeof(strings) / sizeof(strings[0]); k++) {
			assert_non_null(strings[k]);
			assert_true(strings[k][0] != '\0');
		}
		assert_true(m->region < BUDGE_REGION_COUNT);
		assert_true(m->positions != 0);
		assert_true(m->n_steps >= 2);
		for (size_t s = 0; s < m->n_steps; s++)
			assert_true(strlen(m->steps[s]) > 0);
		assert_true(utf8_chars(m->cue) <= BUDGE_CATALOG_CUE_MAX);
		assert_null(strchr(m->cue, '\n'));
		assert_true(m->cadence_s > 0);
		assert_true(m->hold_s >= 0);
		assert_true(m->cycles >= 0);
		assert_non_null(strstr(m->source, "builtin/"));
		/* floor movements are never offered during a call */
		if (m->positions == BUDGE_POS_FLOOR)
			assert_false(m->discreet);
	}
}

/* Claims shared/research/evidence.md section 4 rules out, plus diet and
 * supplement words. Matched case-insensitively in every text field. */
static const char *const banned[] = {
    "fixes posture",
    "fix your posture",
    "correct posture",
    "corrects posture",
    "posture causes",
    "bad posture",
    "poor posture",
    "misalign",
    "deep muscles",
    "strengthens deep",
    "inflammation",
    "inflamed",
    "muscle memory",
    "synovial",
    "seed oil",
    "vitamin",
    "magnesium",
    "supplement",
    "diet",
    "lose weight",
    "weight loss",
    "nervous system",
    "always brace",
    "brace all day",
    "keep your core tight",
    "structural integrity",
    "joint longevity",
    "cures",
};

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static void test_no_banned_claims(void **state)
{
	const struct budge_catalog *cat = *state;

	for (size_t i = 0; i < cat->n; i++) {
		const struct budge_movement *m = &cat->items[i];
		const char *fields[] = {m->title,  m->cue,      m->dose,    m->easier,
		                        m->harder, m->cautions, m->evidence};

		for (size_t b = 0; b < sizeof(banned) / sizeof(banned[0]); b++) {
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
				if (contains_nocase(fields[f], banned[b]))
					fail_msg("%s: '%s' in \"%s\"", m->id, banned[b], fields[f]);
			}
			for (size_t s = 0; s < m->n_steps; s++)
				if (contains_nocase(m->steps[s], banned[b]))
					fail_msg("%s: '%s' in a step", m->id, banned[b]);
		}
	}
}

/* The same claims in German, for the translated catalog (po/de.po). */
static const char *const banned_de[] = {
    "Haltung korrigier", "korrigiert die Haltung", "Fehlhaltung", "schlechte Haltung",
    "falsche Haltung", "Fehlstellung", "Tiefenmuskulatur", "tiefe Muskeln", "Entzündung",
    "entzündet", "Muskelgedächtnis", "Gelenkschmiere", "Vitamin", "Magnesium",
    "Nahrungsergänzung", "Diät", "abnehmen", "Gewichtsverlust", "Nervensystem",
    "immer anspannen", "ständig anspannen", "den ganzen Tag anspannen", "heilt", "Heilung",
};

/* The English catalog, to compare the German one with. */
static struct budge_catalog english;

/* LANGUAGE=de with the build tree's catalogs (BUDGE_LOCALEDIR), as
 * budge_i18n_init() would bind them; the English catalog first (gettext
 * keeps what it found, so the language is not switched back after). */
static int load_german(void **state)
{
	const char *dir = getenv("BUDGE_LOCALEDIR");

	if (!dir || !setlocale(LC_ALL, "C.UTF-8"))
		skip();
	unsetenv("LANGUAGE");
	budge_catalog_init(&english);
	assert_true(budge_catalog_load_builtin(&english, NULL, NULL) >= 0);
	setenv("LANGUAGE", "de", 1);
	bindtextdomain("budge", dir);
	bind_textdomain_codeset("budge", "UTF-8");
	textdomain("budge");
	return load_builtin(state);
}

static int free_german(void **state)
{
	budge_catalog_finish(&english);
	return free_builtin(state);
}

/* Every movement is in German (the English title differs), its cue still
 * fits a notification, and no banned claim came in with the translation. */
static void test_german(void **state)
{
	const struct budge_catalog *cat = *state, *en = &english;

	assert_int_equal(en->n, cat->n);
	for (size_t i = 0; i < cat->n; i++) {
		const struct budge_movement *m = &cat->items[i], *e = &en->items[i];
		const char *fields[] = {m->title, m->cue, m->dose, m->easier, m->harder, m->cautions};

		assert_string_equal(m->id, e->id);
		if (strcmp(m->title, e->title) == 0 || strcmp(m->cue, e->cue) == 0)
			fail_msg("%s: not translated: \"%s\"", m->id, m->title);
		for (size_t k = 0; k < m->n_steps; k++)
			if (strcmp(m->steps[k], e->steps[k]) == 0)
				fail_msg("%s: step %zu not translated", m->id, k + 1);
		if (utf8_chars(m->cue) > BUDGE_CATALOG_CUE_MAX)
			fail_msg("%s: the German cue has %zu characters (at most %d): %s", m->id,
				 utf8_chars(m->cue), BUDGE_CATALOG_CUE_MAX, m->cue);
		for (size_t b = 0; b < sizeof(banned_de) / sizeof(banned_de[0]); b++) {
			for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
				if (contains_nocase(fields[f], banned_de[b]))
					fail_msg("%s: '%s' in \"%s\"", m->id, banned_de[b], fields[f]);
			for (size_t k = 0; k < m->n_steps; k++)
				if (contains_nocase(m->steps[k], banned_de[b]))
					fail_msg("%s: '%s' in a step", m->id, banned_de[b]);
		}
	}
}

/* Every movement the seed articles name is present, with the seed numbers
 * where the seeds give them (cadence in seconds, 0: not checked). */
static void test_seed_movements(void **state)
{
	static const struct {
		const char *id;
		enum budge_region region;
		int64_t cadence_s;
	} want[] = {
	    {"pelvic-tilt", BUDGE_REGION_PELVIS, 1800},
	    {"lateral-hip-shift", BUDGE_REGION_PELVIS, 0},
	    {"micro-hip-abduction", BUDGE_REGION_PELVIS, 0},
	    {"hip-cars", BUDGE_REGION_PELVIS, 0},
	    {"lunge-hip-opener", BUDGE_REGION_PELVIS, 0},
	    {"seated-knee-lift", BUDGE_REGION_LEGS, 0},
	    {"sit-to-stand", BUDGE_REGION_LEGS, 0},
	    {"seated-back-arch", BUDGE_REGION_LOWER_BACK, 0},
	    {"wall-lean", BUDGE_REGION_LOWER_BACK, 0},
	    {"seated-twist", BUDGE_REGION_LOWER_BACK, 0},
	    {"neck-tilt", BUDGE_REGION_NECK, 0},
	    {"micro-head-tilt", BUDGE_REGION_NECK, 0},
	    {"shoulder-rolls", BUDGE_REGION_SHOULDERS, 0},
	    {"shoulder-blade-squeeze", BUDGE_REGION_SHOULDERS, 0},
	    {"scapular-clock", BUDGE_REGION_SHOULDERS, 0},
	    {"overhead-reach", BUDGE_REGION_SHOULDERS, 0},
	    {"thoracic-extension", BUDGE_REGION_UPPER_BACK, 0},
	    {"segmental-cat-cow", BUDGE_REGION_UPPER_BACK, 0},
	    {"toe-spread", BUDGE_REGION_FEET, 600},
	    {"heel-lift-pulse", BUDGE_REGION_FEET, 0},
	    {"ankle-circles", BUDGE_REGION_FEET, 0},
	    {"calf-stretch", BUDGE_REGION_FEET, 0},
	    {"big-toe-mobility", BUDGE_REGION_FEET, 0},
	    {"finger-piano", BUDGE_REGION_HANDS, 0},
	    {"wrist-turns", BUDGE_REGION_HANDS, 1200},
	    {"grip-modulation", BUDGE_REGION_HANDS, 0},
	    {"eye-20-20-20", BUDGE_REGION_EYES, 1200},
	    {"box-breath-shift", BUDGE_REGION_BREATHING, 0},
	    {"rib-breathing-360", BUDGE_REGION_BREATHING, 0},
	    {"diaphragm-breathing", BUDGE_REGION_BREATHING, 0},
	    {"tummy-draw-in", BUDGE_REGION_CORE, 0},
	    {"pelvic-floor-lift", BUDGE_REGION_CORE, 0},
	    {"belly-soften", BUDGE_REGION_CORE, 0},
	    {"rolling", BUDGE_REGION_PATTERNS, 0},
	    {"quadruped-rock", BUDGE_REGION_PATTERNS, 0},
	    {"half-kneeling", BUDGE_REGION_PATTERNS, 0},
	    {"supported-squat", BUDGE_REGION_PATTERNS, 0},
	    {"stand-up", BUDGE_REGION_WHOLE_BODY, 0},
	    {"walk-break", BUDGE_REGION_WHOLE_BODY, 1800},
	};
	const struct budge_catalog *cat = *state;
	const struct budge_movement *m;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		m = budge_catalog_find(cat, want[i].id);
		if (!m)
			fail_msg("missing movement '%s'", want[i].id);
		assert_int_equal(m->region, want[i].region);
		if (want[i].cadence_s)
			assert_int_equal(m->cadence_s, want[i].cadence_s);
	}
	/* head tilt 2-3 times an hour; scapular clock and ankles 3-4 an hour */
	m = budge_catalog_find(cat, "micro-head-tilt");
	assert_true(m->cadence_s >= 1200 && m->cadence_s <= 1800);
	m = budge_catalog_find(cat, "scapular-clock");
	assert_true(m->cadence_s >= 900 && m->cadence_s <= 1200);
	m = budge_catalog_find(cat, "ankle-circles");
	assert_true(m->cadence_s >= 900 && m->cadence_s <= 1200);
	/* the 20-20-20 rule, not the seed's 15 min / 5 s */
	m = budge_catalog_find(cat, "eye-20-20-20");
	assert_int_equal(m->hold_s, 20);
	/* box breathing: 4 s phases */
	m = budge_catalog_find(cat, "box-breath-shift");
	assert_int_equal(m->hold_s, 4);
	/* the Columbia dose: 5 minutes every 30 */
	m = budge_catalog_find(cat, "walk-break");
	assert_int_equal(m->hold_s, 300);
	assert_non_null(strstr(m->evidence, "Duran"));
	/* D10 and D11: never default; the draw-in is not every 10 minutes */
	m = budge_catalog_find(cat, "tummy-draw-in");
	assert_false(m->is_default);
	assert_true(m->cadence_s >= 3600);
	m = budge_catalog_find(cat, "pelvic-floor-lift");
	assert_false(m->is_default);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_dropin_dir(void **state)
{
	char dir[] = "/tmp/budge-test-catalog-XXXXXX";
	struct budge_catalog cat;
	struct diags ds = {.n = 0};
	const struct budge_movement *m;
	size_t n_builtin;
	char cmd[600];

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "20-bad.ini",
	           "# a comment\n[bad-one]\ntitle = B\nregion = kneecap\nposition = seated\n"
	           "cue = c\nstep = s\ndose = d\ncadence = 1h\nevidence = e\n");
	write_file(dir, "10-good.ini",
	           "[my-stretch]\ntitle = Mine\nregion = neck\nposition = seated\ncue = c\n"
	           "step = s\ndose = d\ncadence = 2h\nevidence = my physiotherapist\n");
	/* overrides a built-in, and is read after 10-good.ini */
	write_file(dir, "30-override.ini",
	           "[toe-spread]\ntitle = My toes\nregion = feet\nposition = standing\ncue = c\n"
	           "step = s\ndose = d\ncadence = 1h\nevidence = e\n");
	write_file(dir, "notes.txt", "not a movement file\n");
	write_file(dir, ".hidden.ini", "garbage\n");

	budge_catalog_init(&cat);
	assert_int_equal(budge_catalog_load_builtin(&cat, collect, &ds), 0);
	n_builtin = cat.n;
	assert_int_equal(budge_catalog_load_dir(&cat, dir, collect, &ds), 1);
	assert_int_equal(ds.n, 1);
	snprintf(cmd, sizeof(cmd), "%s/20-bad.ini:4", dir);
	assert_string_equal(ds.where[0], cmd);
	assert_non_null(strstr(ds.message[0], "unknown region 'kneecap'"));
	assert_int_equal(cat.n, n_builtin + 1);
	assert_non_null(budge_catalog_find(&cat, "my-stretch"));
	assert_null(budge_catalog_find(&cat, "bad-one"));
	m = budge_catalog_find(&cat, "toe-spread");
	assert_string_equal(m->title, "My toes");
	assert_int_equal(m->cadence_s, 3600);

	/* a missing directory is fine; an unreadable file is reported */
	ds.n = 0;
	assert_int_equal(budge_catalog_load_dir(&cat, "/nonexistent/budge", collect, &ds), 0);
	snprintf(cmd, sizeof(cmd), "%s/none.ini", dir);
	assert_int_equal(budge_catalog_load_file(&cat, cmd, collect, &ds), 1);
	assert_non_null(strstr(ds.message[0], "cannot open"));
	budge_catalog_finish(&cat);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_size, load_builtin, free_builtin),
	    cmocka_unit_test_setup_teardown(test_every_field, load_builtin, free_builtin),
	    cmocka_unit_test_setup_teardown(test_no_banned_claims, load_builtin, free_builtin),
	    cmocka_unit_test_setup_teardown(test_seed_movements, load_builtin, free_builtin),
	    cmocka_unit_test(test_dropin_dir),
	    cmocka_unit_test_setup_teardown(test_german, load_german, free_german),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
