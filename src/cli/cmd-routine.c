/* SPDX-License-Identifier: MIT */
/*
 * budge routine [morning|evening] [--minutes N] [--reverse] [--no-wait]
 *               [--speed FACTOR]
 * A guided head-to-toe routine of about N minutes (default 10): body
 * regions in order from the feet up (or the reverse), two movements for a
 * region of this week's plan and one for the others until the time is
 * full, in the catalog's doses. Morning favours standing movements at the
 * catalog's pace; evening is slower (holds 1.5 times as long), favours
 * seated and floor movements and ends breathing. A movement that hurt in
 * the last 7 days comes in its easier version; one that hurt twice is left
 * out (the coach rests it for a week too). Red flags apply as for budge
 * now. The session itself is guided-session.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "budge/catalog.h"
#include "budge/i18n.h"
#include "catalog-load.h"
#include "cli-args.h"
#include "cli.h"
#include "config-file.h"
#include "guided-session.h"
#include "report.h"
#include "store.h"

enum flavour { MORNING, EVENING };

/* Time to read a movement's steps and get into position: a routine goes
 * from one movement to the next without a break between. */
#define READY_S 10

/* Feet to head; the evening moves breathing to the end. */
static const enum budge_region feet_to_head[] = {
    BUDGE_REGION_FEET,       BUDGE_REGION_LEGS,       BUDGE_REGION_PELVIS,
    BUDGE_REGION_PATTERNS,   BUDGE_REGION_LOWER_BACK, BUDGE_REGION_CORE,
    BUDGE_REGION_BREATHING,  BUDGE_REGION_UPPER_BACK, BUDGE_REGION_SHOULDERS,
    BUDGE_REGION_HANDS,      BUDGE_REGION_NECK,       BUDGE_REGION_EYES,
};
#define N_ORDER (sizeof(feet_to_head) / sizeof(feet_to_head[0]))

struct routine_args {
	const char *speed;
	int minutes;
	enum flavour flavour;
	bool reverse, no_wait;
};

static void usage(FILE *f)
{
	fputs(_("Usage: budge routine [morning|evening] [--minutes N] [--reverse] [--no-wait]\n"
		"                     [--speed FACTOR]\n\n"
		"A guided head-to-toe routine of about N minutes, from the feet up (--reverse:\n"
		"from the head down), with the same countdowns and keys as 'budge now' (Enter\n"
		"or n: next movement, p: pause, q: quit). This week's regions get two\n"
		"movements, the others one, until the time is full. morning (the default\n"
		"before 14:00) favours standing movements; evening (after) is slower and ends\n"
		"with breathing. A movement that hurt this week comes in its easier version,\n"
		"one that hurt twice is left out. At the end budge asks whether you did them\n"
		"and logs those you went through, like 'budge now'.\n\n"
		"Options:\n"
		"  --minutes N      about how long, 5-20 (default 10)\n"
		"  --reverse        from the head down\n"
		"  --no-wait        only list the routine: no countdowns, nothing logged\n"
		"  --speed FACTOR   make the seconds pass FACTOR times faster (tests; also\n"
		"                   the environment variable BUDGE_TIME_SCALE)\n"
		"  -h, --help       show this help\n"),
	      f);
}

static int parse_args(int argc, char **argv, struct routine_args *a)
{
	const char *sub = argv[0];
	enum { OPT_MINUTES = 1000, OPT_REVERSE, OPT_NOWAIT, OPT_SPEED };
	static const struct option opts[] = {
	    {"minutes", required_argument, NULL, OPT_MINUTES},
	    {"reverse", no_argument, NULL, OPT_REVERSE},
	    {"no-wait", no_argument, NULL, OPT_NOWAIT},
	    {"speed", required_argument, NULL, OPT_SPEED},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	char *end;
	double scale;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_MINUTES:
			a->minutes = (int)strtol(optarg, &end, 10);
			if (!*optarg || *end || a->minutes < 5 || a->minutes > 20) {
				cli_error(sub, _("--minutes '%s': expected a whole number from 5 to 20"),
					  optarg);
				return BUDGE_EXIT_USAGE;
			}
			break;
		case OPT_REVERSE: a->reverse = true; break;
		case OPT_NOWAIT: a->no_wait = true; break;
		case OPT_SPEED: a->speed = optarg; break;
		default: return cli_bad_option(sub, c, argv);
		}
	}
	if (optind < argc) {
		if (strcmp(argv[optind], "morning") == 0)
			a->flavour = MORNING;
		else if (strcmp(argv[optind], "evening") == 0)
			a->flavour = EVENING;
		else {
			cli_error(sub, _("unknown routine '%s': expected morning or evening"),
				  argv[optind]);
			return BUDGE_EXIT_USAGE;
		}
		optind++;
	}
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK ||
	    guided_parse_speed(sub, a->speed, &scale) < 0)
		return BUDGE_EXIT_USAGE;
	return BUDGE_EXIT_OK;
}

/* ---- what hurt lately ---- */

struct hurts {
	const struct budge_catalog *cat;
	int *count; /* per catalog item: "hurts" answers in the last 7 days */
};

static int on_response(const struct budge_log_entry *e, void *userdata)
{
	struct hurts *h = userdata;

	if (!e->response || strcmp(e->response, "hurts") != 0 || !e->movement)
		return 0;
	for (size_t i = 0; i < h->cat->n; i++)
		if (strcmp(h->cat->items[i].id, e->movement) == 0)
			h->count[i]++;
	return 0;
}

/* count[i]: how often movement i hurt in the 7 days before now (0 without
 * a database). */
static void load_hurts(const struct budge_catalog *cat, int *count, int64_t now)
{
	char path[4096], err[512];
	struct budge_store *s = NULL;
	struct stat st;
	struct hurts h = {.cat = cat, .count = count};

	if (budge_store_default_path(path, sizeof(path)) == 0 && stat(path, &st) == 0 &&
	    budge_store_open(path, BUDGE_STORE_READONLY, &s, err, sizeof(err)) == 0) {
		budge_store_each_kind(s, BUDGE_LOG_RESPONSE, now - 7 * 86400, now + 1, on_response,
				      &h);
		budge_store_close(s);
	}
}

/* ---- choosing ---- */

/* Lower first: the positions the flavour favours, then discreet ones. */
static int rank(const struct budge_movement *m, enum flavour f)
{
	bool standing = m->positions & BUDGE_POS_STANDING, floor = m->positions & BUDGE_POS_FLOOR;
	int r = f == MORNING ? (standing ? 0 : floor ? 2 : 1) : (floor ? 0 : standing ? 2 : 1);

	return r * 2 + !m->discreet;
}

struct plan_pick {
	const struct budge_movement *pick[GUIDED_MAX];
	bool easier[GUIDED_MAX];
	int order[GUIDED_MAX]; /* position of the region in the routine's order */
	int n, seconds;
};

/* The best unused movement of region r for the flavour, or -1. */
static int best_of(const struct budge_catalog *cat, enum budge_region r, enum flavour f,
		   const bool *used, const int *hurt)
{
	int best = -1;

	for (size_t i = 0; i < cat->n; i++) {
		const struct budge_movement *m = &cat->items[i];
		if (used[i] || m->region != r || !m->is_default || hurt[i] >= 2)
			continue;
		if (best < 0 || rank(m, f) < rank(&cat->items[best], f))
			best = (int)i;
	}
	return best;
}

/* Passes over the regions in order: this week's regions in the first two,
 * every allowed region in the first and third, until the time is full. */
static void choose(const struct budge_catalog *cat, budge_region_mask allowed,
		   budge_region_mask active, const struct routine_args *a, const int *hurt,
		   struct plan_pick *out)
{
	double pace = a->flavour == EVENING ? 1.5 : 1.0;
	int budget = a->minutes * 60;
	bool used[4096] = {false};
	enum budge_region order[N_ORDER];
	size_t n_order = 0;

	for (size_t i = 0; i < N_ORDER; i++)
		if (a->flavour == MORNING || feet_to_head[i] != BUDGE_REGION_BREATHING)
			order[n_order++] = feet_to_head[i];
	if (a->flavour == EVENING)
		order[n_order++] = BUDGE_REGION_BREATHING; /* the evening ends breathing */
	for (int pass = 0; pass < 6 && out->seconds < budget; pass++) {
		for (size_t k = 0; k < n_order && out->n < GUIDED_MAX; k++) {
			enum budge_region r = order[k];
			bool in_plan = active & (1u << r);
			if (!(allowed & (1u << r)) || (pass % 2 == 1 && !in_plan))
				continue;
			int i = cat->n <= 4096 ? best_of(cat, r, a->flavour, used, hurt) : -1;
			if (i < 0)
				continue;
			int secs = guided_movement_seconds(&cat->items[i], pace, READY_S);
			if (out->seconds + secs > budget + 30)
				continue; /* too long for what is left: a shorter one may fit */
			used[i] = true;
			out->pick[out->n] = &cat->items[i];
			out->easier[out->n] = hurt[i] == 1 && cat->items[i].easier;
			out->order[out->n] = a->reverse ? (int)(n_order - 1 - k) : (int)k;
			out->seconds += secs;
			out->n++;
		}
	}
	/* into the routine's order, keeping the passes' order within a region */
	for (int i = 1; i < out->n; i++)
		for (int j = i; j > 0 && out->order[j - 1] > out->order[j]; j--) {
			const struct budge_movement *m = out->pick[j];
			bool e = out->easier[j];
			int o = out->order[j];
			out->pick[j] = out->pick[j - 1], out->easier[j] = out->easier[j - 1];
			out->order[j] = out->order[j - 1];
			out->pick[j - 1] = m, out->easier[j - 1] = e, out->order[j - 1] = o;
		}
}

static int run(const char *sub, const struct routine_args *a, const struct budge_catalog *cat,
	       budge_region_mask allowed, budge_region_mask active)
{
	int *hurt = calloc(cat->n ? cat->n : 1, sizeof(*hurt));
	struct plan_pick *pp = calloc(1, sizeof(*pp));
	int ret = BUDGE_EXIT_OK;
	char intro[256], label[32];

	if (!hurt || !pp) {
		free(hurt);
		free(pp);
		cli_error(sub, _("out of memory"));
		return BUDGE_EXIT_FAILURE;
	}
	load_hurts(cat, hurt, (int64_t)time(NULL));
	choose(cat, allowed, active, a, hurt, pp);
	int minutes = (pp->seconds + 30) / 60;
	/* TRANSLATORS: "A 10-minute morning routine from the feet up: 14 movements." */
	snprintf(intro, sizeof(intro),
		 a->flavour == MORNING
		     ? (a->reverse ? _("A %d-minute morning routine from the head down: %d movements.\n")
				   : _("A %d-minute morning routine from the feet up: %d movements.\n"))
		     : (a->reverse ? _("A %d-minute evening routine from the head down: %d movements.\n")
				   : _("A %d-minute evening routine from the feet up: %d movements.\n")),
		 minutes < 1 ? 1 : minutes, pp->n);
	if (!pp->n) {
		cli_error(sub, _("no movements found for the routine in the catalog"));
		ret = BUDGE_EXIT_FAILURE;
	} else if (a->no_wait) {
		fputs(intro, stdout);
		for (int i = 0; i < pp->n; i++) {
			snprintf(label, sizeof(label), "\n%d.", i + 1);
			guided_print(label, pp->pick[i], pp->easier[i]);
		}
	} else {
		size_t len = strlen(intro);
		snprintf(intro + len, sizeof(intro) - len, "%s",
			 _("Enter or n: next movement · p: pause · q: quit\n"));
		ret = guided_run(sub, a->speed, pp->pick, pp->easier, pp->n, intro,
				 a->flavour == EVENING ? 1.5 : 1.0, READY_S);
	}
	free(hurt);
	free(pp);
	return ret;
}

int cmd_routine(int argc, char **argv)
{
	const char *sub = argv[0];
	time_t now = time(NULL);
	struct tm tm;
	struct routine_args a = {.minutes = 10};
	struct budge_config cfg;
	struct budge_catalog cat;
	budge_region_mask allowed = BUDGE_REGION_ALL & ~(1u << BUDGE_REGION_WHOLE_BODY);
	int ret;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	a.flavour = localtime_r(&now, &tm) && tm.tm_hour >= 14 ? EVENING : MORNING;
	if ((ret = parse_args(argc, argv, &a)) != BUDGE_EXIT_OK)
		return ret;
	if (cli_config_load(sub, &cfg) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_CONFIG;
	/* red flags: nothing while coaching is stopped, no paused region */
	struct report_plan plan;
	if (guided_plan(sub, &cfg, &plan) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_FAILURE;
	allowed &= ~plan.paused;
	/* this week's regions get two movements: the plan's, else the start ones */
	budge_region_mask active = plan.started ? plan.active : cfg.plan_start_regions;
	budge_catalog_init(&cat);
	if (budge_catalog_load(&cat, NULL, NULL) < 0) {
		cli_error(sub, _("out of memory loading the movement catalog"));
		ret = BUDGE_EXIT_FAILURE;
	} else {
		ret = run(sub, &a, &cat, allowed, active & allowed);
	}
	budge_catalog_finish(&cat);
	return ret;
}
