/* SPDX-License-Identifier: MIT */
/*
 * Guided sessions in the terminal:
 *   budge now [REGION] [--count N] [--no-wait] [--speed FACTOR]
 *   budge breathe [--cycles N] [--speed FACTOR]
 * The pacer, the movement guide and the logging are guided-session.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budge/catalog.h"
#include "budge/i18n.h"
#include "catalog-load.h"
#include "cli-args.h"
#include "cli.h"
#include "config-file.h"
#include "guided-session.h"
#include "report.h"

/* ---- budge breathe ---- */

static void breathe_usage(FILE *f)
{
	fputs(_("Usage: budge breathe [--cycles N] [--speed FACTOR]\n\n"
	      "Pace a 4-second box breath with a small weight shift: breathe in for 4 s\n"
	      "while easing your weight onto the right foot, hold 4 s as you come back to\n"
	      "the middle, breathe out for 4 s onto the left foot, hold 4 s back in the\n"
	      "middle. Works seated (feel the shift through your feet and sit-bones) or\n"
	      "standing. Press q to stop.\n\n"
	      "Options:\n"
	      "  --cycles N       how many boxes to breathe, 1-60 (default 4)\n"
	      "  --speed FACTOR   make the seconds pass FACTOR times faster (tests; also\n"
	      "                   the environment variable BUDGE_TIME_SCALE)\n"
	      "  -h, --help       show this help\n"),
	      f);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end = NULL;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int cmd_breathe(int argc, char **argv)
{
	const char *sub = argv[0];
	enum { OPT_CYCLES = 1000, OPT_SPEED };
	static const struct option opts[] = {
	    {"cycles", required_argument, NULL, OPT_CYCLES},
	    {"speed", required_argument, NULL, OPT_SPEED},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	static const struct {
		const char *label;
		const char *cue;
	} phases[4] = {
	    {N_("Breathe in"), N_("let your weight drift onto your right foot")},
	    {N_("Hold"), N_("come back to the middle")},
	    {N_("Breathe out"), N_("let your weight drift onto your left foot")},
	    {N_("Hold"), N_("come back to the middle, lungs resting")},
	};
	const char *speed = NULL;
	int cycles = 4, c;

	if (cli_wants_help(argc, argv)) {
		breathe_usage(stdout);
		return BUDGE_EXIT_OK;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CYCLES:
			if (parse_int(optarg, 1, 60, &cycles) < 0) {
				cli_error(sub,
				          _("--cycles '%s': expected a whole number from 1 to 60"),
				          optarg);
				return BUDGE_EXIT_USAGE;
			}
			break;
		case OPT_SPEED:
			speed = optarg;
			break;
		case 'h':
			breathe_usage(stdout);
			return BUDGE_EXIT_OK;
		default: /* ':' (missing value) or an unknown option */
			return cli_bad_option(sub, c, argv);
		}
	}
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_USAGE;
	struct pacer p;
	if (pacer_init(&p, sub, speed) < 0)
		return BUDGE_EXIT_USAGE;

	printf(P_("Box breathing, %d cycle of 4 × 4 s. Sit or stand tall, shoulders easy,\n"
		  "and breathe slowly through the nose. Press q to stop.\n\n",
		  "Box breathing, %d cycles of 4 × 4 s. Sit or stand tall, shoulders easy,\n"
		  "and breathe slowly through the nose. Press q to stop.\n\n",
		  cycles),
	       cycles);
	int done = 0;
	bool quit = false;
	for (int i = 0; i < cycles && !quit; i++) {
		for (int ph = 0; ph < 4 && !quit; ph++) {
			char label[160];
			guided_pad_label(_(phases[ph].label), label, sizeof(label));
			printf("%d/%d  %s  %s\n", i + 1, cycles, label, _(phases[ph].cue));
			snprintf(label, sizeof(label), "%s", _(phases[ph].label));
			enum guided_key k = pacer_countdown(&p, label, 4);
			if (k == KEY_QUIT)
				quit = true;
			/* Enter/n: move on to the next phase */
		}
		if (!quit) {
			done++;
			if (i + 1 < cycles)
				putchar('\n');
		}
	}
	pacer_finish(&p);
	if (guided_interrupted() || quit)
		printf(P_("\nStopped after %d full cycle.\n", "\nStopped after %d full cycles.\n",
			  done),
		       done);
	else
		printf(P_("\nDone: %d cycle. Notice how you feel, then carry on.\n",
			  "\nDone: %d cycles. Notice how you feel, then carry on.\n", done),
		       done);
	return BUDGE_EXIT_OK;
}

/* ---- budge now ---- */

static void now_usage(FILE *f)
{
	fputs(_("Usage: budge now [REGION] [--count N] [--no-wait] [--speed FACTOR]\n\n"
	      "A short guided session: 1-4 movements (3 unless --count says) from this\n"
	      "week's plan regions (or from REGION), seated and discreet ones first,\n"
	      "with the steps and a countdown for each hold or cycle. Keys: Enter or n\n"
	      "skips to the next movement, p pauses, q quits. At the end budge asks\n"
	      "whether you did them; 'y' logs a 'done' response (kind micro) for each\n"
	      "movement you went through -- through the running coach when there is one,\n"
	      "so that it counts them as done today and does not prompt them again right\n"
	      "away.\n\n"
	      "Options:\n"
	      "  --count N        number of movements, 1-4 (default 3)\n"
	      "  --no-wait        only list the movements and their steps: no countdowns,\n"
	      "                   no question, nothing logged\n"
	      "  --speed FACTOR   make the seconds pass FACTOR times faster (tests; also\n"
	      "                   the environment variable BUDGE_TIME_SCALE)\n"
	      "  -h, --help       show this help\n\n"
	      "Regions: feet, pelvis, shoulders, neck, eyes, hands, upper-back,\n"
	      "lower-back, core, breathing, legs, whole-body, patterns.\n"),
	      f);
}

static int rank(const struct budge_movement *m)
{
	bool seated = m->positions & BUDGE_POS_SEATED;

	if (seated && m->discreet)
		return 0;
	if (seated)
		return 1;
	if (m->discreet)
		return 2;
	return m->positions & BUDGE_POS_FLOOR ? 4 : 3;
}

/* What `budge now` was asked for. */
struct now_args {
	const char *speed;
	int count;
	bool no_wait, have_region;
	enum budge_region region;
};

/* Options, then an optional REGION; -1 after printing --help. */
static int parse_now_args(int argc, char **argv, struct now_args *a)
{
	const char *sub = argv[0];
	enum { OPT_COUNT = 1000, OPT_NOWAIT, OPT_SPEED };
	static const struct option opts[] = {
	    {"count", required_argument, NULL, OPT_COUNT},
	    {"no-wait", no_argument, NULL, OPT_NOWAIT},
	    {"speed", required_argument, NULL, OPT_SPEED},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	double scale;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_COUNT:
			if (parse_int(optarg, 1, 4, &a->count) < 0) {
				cli_error(sub, _("--count '%s': expected a whole number from 1 to 4"),
				          optarg);
				return BUDGE_EXIT_USAGE;
			}
			break;
		case OPT_NOWAIT: a->no_wait = true; break;
		case OPT_SPEED: a->speed = optarg; break;
		case 'h':
			now_usage(stdout);
			return -1;
		default: /* ':' (missing value) or an unknown option */
			return cli_bad_option(sub, c, argv);
		}
	}
	if (optind < argc) {
		if (budge_region_parse(argv[optind], &a->region) < 0) {
			cli_error(sub,
			          _("unknown region '%s'; expected one of feet, pelvis, shoulders, "
			          "neck, eyes, hands, upper-back, lower-back, core, breathing, "
			          "legs, whole-body, patterns"),
			          argv[optind]);
			return BUDGE_EXIT_USAGE;
		}
		a->have_region = true;
		optind++;
	}
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK ||
	    guided_parse_speed(sub, a->speed, &scale) < 0)
		return BUDGE_EXIT_USAGE;
	return BUDGE_EXIT_OK;
}

/* Up to count movements: in each round the best-ranked unused one of each
 * region (the default ones only, unless a region was named), starting at a
 * place that moves with the day of the year so that sessions vary.
 * Returns how many went into pick. */
static int pick_movements(const struct budge_catalog *cat, budge_region_mask regions,
                          bool any, int count, const struct budge_movement **pick)
{
	int n = 0;
	bool used[4096] = {false};
	size_t ncat = cat->n < 4096 ? cat->n : 4096;
	size_t rot = (size_t)(report_day_of((int64_t)time(NULL)) % 97);

	for (int round = 0; n < count && round < 64; round++) {
		bool added = false;
		for (int reg = 0; reg < BUDGE_REGION_COUNT && n < count; reg++) {
			if (!(regions & (1u << reg)))
				continue;
			const struct budge_movement *best = NULL;
			size_t besti = 0;
			for (size_t j = 0; j < ncat; j++) {
				size_t i = (j + rot) % ncat;
				const struct budge_movement *m = &cat->items[i];
				if (used[i] || (int)m->region != reg || (!any && !m->is_default))
					continue;
				if (!best || rank(m) < rank(best)) {
					best = m;
					besti = i;
				}
			}
			if (best) {
				used[besti] = true;
				pick[n++] = best;
				added = true;
			}
		}
		if (!added)
			break;
	}
	return n;
}

int cmd_now(int argc, char **argv)
{
	const char *sub = argv[0];
	struct now_args a = {.count = 3, .region = BUDGE_REGION_FEET};
	const struct budge_movement *pick[4];
	budge_region_mask regions;
	struct budge_config cfg;
	struct budge_catalog cat;
	char label[16];
	int ret, n;

	if (cli_wants_help(argc, argv)) {
		now_usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if ((ret = parse_now_args(argc, argv, &a)) != BUDGE_EXIT_OK)
		return ret < 0 ? BUDGE_EXIT_OK : ret;
	if (cli_config_load(sub, &cfg) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_CONFIG;
	if ((ret = guided_choose_regions(sub, &cfg, a.have_region, a.region, &regions)) != BUDGE_EXIT_OK)
		return ret;
	budge_catalog_init(&cat);
	if (budge_catalog_load(&cat, NULL, NULL) < 0) {
		cli_error(sub, _("out of memory loading the movement catalog"));
		ret = BUDGE_EXIT_FAILURE;
	} else if ((n = pick_movements(&cat, regions, a.have_region, a.count, pick)) == 0) {
		cli_error(sub, _("no movements found for %s in the catalog"),
			  a.have_region ? budge_region_name(a.region) : _("this week's regions"));
		ret = BUDGE_EXIT_FAILURE;
	} else if (a.no_wait) {
		for (int i = 0; i < n; i++) {
			snprintf(label, sizeof(label), "%d.", i + 1);
			guided_print(label, pick[i], false);
			putchar('\n');
		}
	} else {
		char intro[160];
		snprintf(intro, sizeof(intro),
			 _("A %d-movement session. Enter or n: next movement · p: pause · q: quit\n"),
			 n);
		ret = guided_run(sub, a.speed, pick, NULL, n, intro, 1.0, 3);
	}
	budge_catalog_finish(&cat);
	return ret;
}
