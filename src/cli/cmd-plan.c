/* SPDX-License-Identifier: MIT */
/* budge plan [--json]: this week's regions, the next one, the walking target. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli-args.h"
#include "cli-store.h"
#include "cli.h"
#include "config-file.h"
#include "report.h"
#include "budge/i18n.h"

static void usage(FILE *f)
{
	fputs(_("Usage: budge plan [--json] [--db FILE]\n\n"
	      "Show the progressive plan: the plan week, the body regions coached this\n"
	      "week, the region that joins next and when, regions paused after a red\n"
	      "flag, and this week's walking target with the walks logged so far\n"
	      "('budge walk MINUTES' or wearable imports).\n\n"
	      "Options:\n"
	      "  --json      the plan as one JSON object (fields: see budge(1))\n"
	      "  --db FILE   read this database instead of the default\n"
	      "  -h, --help  show this help\n"),
	      f);
}

static void print_regions(budge_region_mask m)
{
	bool any = false;

	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (m & (1u << k)) {
			printf("%s%s", any ? ", " : "", budge_region_title((enum budge_region)k));
			any = true;
		}
	if (!any)
		fputs("none", stdout);
}

static void json_regions(budge_region_mask m)
{
	bool any = false;

	putchar('[');
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (m & (1u << k)) {
			printf("%s\"%s\"", any ? "," : "", budge_region_name((enum budge_region)k));
			any = true;
		}
	putchar(']');
}

/* The plan as one JSON object (budge plan --json). */
static void print_plan_json(const struct report_plan *p, const char *d0, const char *d1,
                            const char *dn)
{
	if (!p->started) {
		puts("{\"started\":false}");
		return;
	}
	printf("{\"started\":true,\"start\":\"%s\",\"week\":%d,\"week_start\":\"%s\","
	       "\"active\":",
	       d0, p->week, d1);
	json_regions(p->active);
	fputs(",\"paused_regions\":", stdout);
	json_regions(p->paused);
	printf(",\"paused\":%s,\"hold\":%s,\"next_region\":",
	       p->plan_paused ? "true" : "false", p->plan_hold ? "true" : "false");
	if (p->next_region >= 0)
		printf("\"%s\",\"next_region_date\":\"%s\"",
		       budge_region_name((enum budge_region)p->next_region), dn);
	else
		fputs("null,\"next_region_date\":null", stdout);
	printf(
	    ",\"walking\":{\"target_minutes\":%d,\"target_walks\":%d,\"walked_minutes\":%d,"
	    "\"walks\":%d}}\n",
	    p->walk_minutes, p->walk_days, p->walked_minutes, p->walks_done);
	return;
}

/* The plan for the terminal. */
static void print_plan_text(const struct report_plan *p, const char *d0, const char *d1,
                            const char *dn)
{
	if (!p->started) {
		puts(_("No plan yet: run 'budge checkin --setup' to choose where to start."));
		return;
	}
	printf(_("Plan week %d (started %s; this week began %s)\n\n"), p->week, d0, d1);
	fputs(_("This week   "), stdout);
	print_regions(p->active);
	putchar('\n');
	if (p->paused) {
		fputs("Paused      ", stdout);
		print_regions(p->paused);
		puts(_(" (red flag reported: see a clinician before coaching resumes here)"));
	}
	if (p->plan_paused)
		puts(_("Next        paused by your last check-in: no new region until a\n"
		     "            check-in without rising pain"));
	else if (p->plan_hold)
		puts(_("Next        no new region this week (the new movements do not feel\n"
		     "            natural yet, from your last check-in)"));
	else if (p->next_region >= 0)
		printf(_("Next        %s joins on %s\n"),
		       budge_region_title((enum budge_region)p->next_region), dn);
	else
		puts(_("Next        every region of the plan is already active"));
	printf(P_("\nWalking     target %d walk of %d min this week\n",
		  "\nWalking     target %d walks of %d min this week\n", p->walk_days),
	       p->walk_days, p->walk_minutes);
	printf(P_("            logged %d walk, %d min", "            logged %d walks, %d min",
		  p->walks_done),
	       p->walks_done, p->walked_minutes);
	if (p->walk_days > 0) {
		int left = p->walk_days - p->walks_done;
		if (left > 0)
			printf(_(" (%d to go)\n"), left);
		else
			puts(_(" (target reached)"));
	} else {
		putchar('\n');
	}
}

int cmd_plan(int argc, char **argv)
{
	const char *sub = argv[0];
	enum { OPT_JSON = 1000, OPT_DB };
	static const struct option opts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"db", required_argument, NULL, OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	bool json = false;
	const char *db = NULL;
	int c;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case 'h':
			usage(stdout);
			return BUDGE_EXIT_OK;
		default: /* ':' (missing value) or an unknown option */
			return cli_bad_option(sub, c, argv);
		}
	}
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_USAGE;

	struct budge_config cfg;
	if (cli_config_load(sub, &cfg) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_CONFIG;

	char path[4096];
	struct budge_store *s = NULL;
	int rc = budge_cli_store_open_existing(sub, db, &s, path, sizeof(path));
	if (rc != BUDGE_EXIT_OK)
		return rc;

	struct report_plan p;
	int64_t now = (int64_t)time(NULL);
	rc = report_plan_compute(s, &cfg, now, &p);
	budge_store_close(s);
	if (rc < 0) {
		cli_error(sub, "%s: %s", path, strerror(-rc));
		return BUDGE_EXIT_STORE;
	}

	/* ISO dates in JSON, the user's format in the text */
	void (*fmt)(int32_t, char *, size_t) = json ? report_format_date : report_format_date_people;
	char d0[64] = "", d1[64] = "", dn[64] = "";
	if (p.started) {
		fmt(report_day_of(p.start), d0, sizeof(d0));
		fmt(report_day_of(p.week_start), d1, sizeof(d1));
		if (p.next_region >= 0)
			fmt(report_day_of(p.next_at), dn, sizeof(dn));
	}
	if (json)
		print_plan_json(&p, d0, d1, dn);
	else
		print_plan_text(&p, d0, d1, dn);
	return BUDGE_EXIT_OK;
}
