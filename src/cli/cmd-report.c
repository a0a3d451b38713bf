/* SPDX-License-Identifier: MIT */
/* budge report [day|week|month] [--date YYYY-MM-DD] [--json|--csv|--html FILE] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli-args.h"
#include "cli-store.h"
#include "cli.h"
#include "config-file.h"
#include "checkin-checklist.h"
#include "report.h"
#include "budge/i18n.h"

static void usage(FILE *f)
{
	fputs(_("Usage: budge report [day|week|month] [--date DAY]\n"
	      "                    [--json | --csv | --html FILE] [--db FILE]\n\n"
	      "Show what the coach logged: sitting bouts, breaks, prompts and answers,\n"
	      "movements by region, walks, pain ratings, wearable steps and sedentary time,\n"
	      "and the plan's week. The default period is today; a week runs Monday to\n"
	      "Sunday; a month is the calendar month containing --date.\n\n"
	      "Options:\n"
	      "  --date DAY         the day (or a day of the week/month) to report:\n"
	      "                     YYYY-MM-DD, today or yesterday\n"
	      "  --json             the numbers as one JSON object (fields: see budge(1))\n"
	      "  --csv              one CSV row per day with a header row\n"
	      "  --html FILE        a self-contained HTML page with SVG charts ('-' = stdout)\n"
	      "  --db FILE          read this database instead of the default\n"
	      "  -h, --help         show this help\n\n"
	      "Colour is used only on a terminal and never when NO_COLOR is set.\n"
	      "Exit status: 0 ok (also when there is no data yet), 2 bad usage,\n"
	      "3 bad config file, 4 the database cannot be read.\n"),
	      f);
}

static bool want_color(void)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc != NULL)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

/* What the command line asked for. */
struct report_args {
	enum report_period period;
	const char *date, *html, *db;
	bool json, csv;
};

static int parse_period(const char *sub, const char *p, enum report_period *period)
{
	if (strcmp(p, "day") == 0 || strcmp(p, "today") == 0)
		*period = REPORT_DAY;
	else if (strcmp(p, "week") == 0)
		*period = REPORT_WEEK;
	else if (strcmp(p, "month") == 0)
		*period = REPORT_MONTH;
	else {
		cli_error(sub, _("unknown period '%s': expected day, week or month"), p);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* Options, then an optional period; -1 after printing --help. */
static int parse_args(int argc, char **argv, struct report_args *a)
{
	const char *sub = argv[0];
	enum { OPT_DATE = 1000, OPT_JSON, OPT_CSV, OPT_HTML, OPT_DB };
	static const struct option opts[] = {
	    {"date", required_argument, NULL, OPT_DATE},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"csv", no_argument, NULL, OPT_CSV},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"db", required_argument, NULL, OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DATE: a->date = optarg; break;
		case OPT_JSON: a->json = true; break;
		case OPT_CSV: a->csv = true; break;
		case OPT_HTML: a->html = optarg; break;
		case OPT_DB: a->db = optarg; break;
		case 'h':
			usage(stdout);
			return -1;
		default: /* ':' (missing value) or an unknown option */
			return cli_bad_option(sub, c, argv);
		}
	}
	if (optind < argc && parse_period(sub, argv[optind++], &a->period) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_USAGE;
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_USAGE;
	if ((a->json ? 1 : 0) + (a->csv ? 1 : 0) + (a->html ? 1 : 0) > 1) {
		cli_error(sub, _("--json, --csv and --html cannot be combined: choose one"));
		return BUDGE_EXIT_USAGE;
	}
	if (a->html && !a->html[0]) {
		cli_error(sub, _("--html: expected a file name (or '-' for standard output)"));
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* --date: today (the default), yesterday or YYYY-MM-DD into *day. */
static int parse_day(const char *sub, const char *date, int64_t now, int32_t *day)
{
	*day = report_day_of(now);
	if (!date || strcmp(date, "today") == 0)
		return BUDGE_EXIT_OK;
	if (strcmp(date, "yesterday") == 0) {
		--*day;
		return BUDGE_EXIT_OK;
	}
	if (report_parse_date(date, day) < 0) {
		cli_error(sub,
		          _("--date '%s': expected a calendar date YYYY-MM-DD (1970 or later), "
		          "today or yesterday"),
		          date);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* The days of the period that holds day: [*first, *first + *n). */
static void period_span(enum report_period period, int32_t day, int32_t *first, int32_t *n)
{
	int y, m, d;

	*first = day;
	*n = 1;
	if (period == REPORT_WEEK) {
		*first = day - report_weekday(day);
		*n = 7;
	} else if (period == REPORT_MONTH) {
		report_civil_from_days(day, &y, &m, &d);
		*first = report_days_from_civil(y, m, 1);
		*n = (m == 12 ? report_days_from_civil(y + 1, 1, 1)
		              : report_days_from_civil(y, m + 1, 1)) -
		     *first;
	}
}

/* The period's days, the 12 weeks of history the HTML page charts, and
 * the plan as it stood at the end of the period (or now). s may be NULL
 * (no database yet). Returns 0 or negative errno. */
static int gather(struct budge_store *s, const struct budge_config *cfg, bool html,
                  int32_t first, int32_t n, int64_t now, struct report *r, struct report *hist,
                  struct report_plan *plan)
{
	int rc = report_init(r, first, n, cfg->sitting_limit);
	if (rc < 0)
		return rc;
	if (html) {
		int32_t last = first + n - 1;
		int32_t hfirst = last - report_weekday(last) - 11 * 7;
		rc = report_init(hist, hfirst, last - hfirst + 1, cfg->sitting_limit);
		if (rc < 0)
			return rc;
	}
	if (!s)
		return 0;
	rc = report_gather(r, s);
	if (rc >= 0 && html)
		rc = report_gather(hist, s);
	if (rc >= 0) {
		int64_t end = r->days[n - 1].end - 1;
		rc = report_plan_compute(s, cfg, end < now ? end : now, plan);
	}
	return rc;
}

/* The checklist's answers before `end` (cl is loaded here, the caller
 * finishes it and frees out->items). A checklist that cannot be loaded is
 * left out of the report (checklist_open said why). 0 or negative errno. */
static int gather_checklist(const char *sub, struct budge_store *s, int64_t end,
			    struct budge_checklist *cl, struct report_checklist *out)
{
	if (checklist_open(sub, cl) != BUDGE_EXIT_OK || !cl->n)
		return 0;
	struct checklist_history *h = calloc(cl->n, sizeof(*h));
	struct report_checklist_item *items = calloc(cl->n, sizeof(*items));
	int rc = h && items ? checklist_history(s, cl, end, h) : -ENOMEM;
	for (size_t i = 0; rc >= 0 && i < cl->n; i++) {
		items[i] = (struct report_checklist_item){
		    .id = cl->items[i].id, .question = cl->items[i].question, .first = h[i].first,
		    .last = h[i].last, .first_ts = h[i].first_ts, .last_ts = h[i].last_ts};
		out->answered += h[i].last >= 0;
	}
	free(h);
	if (rc < 0) {
		free(items);
		return rc;
	}
	out->items = items;
	out->n = cl->n;
	return 0;
}

/* The report in the asked format, to stdout or the --html file. */
static int write_report(const char *sub, const struct report_args *a, const struct report_out *o)
{
	if (a->json) {
		report_print_json(stdout, o);
	} else if (a->csv) {
		report_print_csv(stdout, o);
	} else if (a->html) {
		FILE *f = strcmp(a->html, "-") == 0 ? stdout : fopen(a->html, "w");
		if (!f) {
			cli_error(sub, _("--html %s: cannot write: %s"), a->html, strerror(errno));
			return BUDGE_EXIT_FAILURE;
		}
		report_print_html(f, o);
		if (f != stdout && (ferror(f) | (fclose(f) != 0))) {
			cli_error(sub, _("--html %s: write failed: %s"), a->html, strerror(errno));
			return BUDGE_EXIT_FAILURE;
		}
	} else {
		report_print_text(stdout, o);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(sub, _("cannot write the report: %s"), strerror(errno));
		return BUDGE_EXIT_FAILURE;
	}
	return BUDGE_EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
	const char *sub = argv[0];
	struct report_args a = {.period = REPORT_DAY};
	int64_t now = (int64_t)time(NULL);
	int32_t day, first, n;
	int ret;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if ((ret = parse_args(argc, argv, &a)) != BUDGE_EXIT_OK)
		return ret < 0 ? BUDGE_EXIT_OK : ret;
	if ((ret = parse_day(sub, a.date, now, &day)) != BUDGE_EXIT_OK)
		return ret;
	struct budge_config cfg;
	if (cli_config_load(sub, &cfg) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_CONFIG;
	period_span(a.period, day, &first, &n);

	char path[4096];
	struct budge_store *s = NULL;
	ret = budge_cli_store_open_existing(sub, a.db, &s, path, sizeof(path));
	if (ret != BUDGE_EXIT_OK)
		return ret;
	if (!s)
		fprintf(stderr,
		        _("budge report: no data yet (%s does not exist); start the coach with "
		        "'budge run' or see 'budge checkin --setup'\n"),
		        path);
	struct report r = {0}, hist = {0};
	struct report_plan plan = {0};
	struct budge_checklist cl;
	struct report_checklist rcl = {0};
	budge_checklist_init(&cl);
	int rc = gather(s, &cfg, a.html, first, n, now, &r, &hist, &plan);
	if (rc >= 0 && s)
		rc = gather_checklist(sub, s, r.days[n - 1].end, &cl, &rcl);
	/* today's bout in progress is not in the store yet: the running
	 * coach's (only for its own database, the default one) */
	int64_t open = rc >= 0 && !a.db ? cli_coach_sitting_s() : -1;
	if (open > 0)
		report_add_open_bout(&r, now, open);
	if (rc < 0) {
		cli_error(sub, "%s: %s", path,
		          rc == -EBADMSG ? "the database is corrupt or not a budge database"
		                         : strerror(-rc));
		ret = rc == -ENOMEM ? BUDGE_EXIT_FAILURE : BUDGE_EXIT_STORE;
	} else {
		struct report_out o = {
		    .period = a.period,
		    .r = &r,
		    .history = a.html ? &hist : NULL,
		    .plan = &plan,
		    .checklist = &rcl,
		    .color = !a.json && !a.csv && !a.html && want_color(),
		    .unicode = true,
		};
		ret = write_report(sub, &a, &o);
	}
	free((void *)rcl.items);
	budge_checklist_finish(&cl);
	report_finish(&hist);
	report_finish(&r);
	budge_store_close(s);
	return ret;
}
