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
#include "report.h"

static void usage(FILE *f)
{
	fputs("Usage: budge report [day|week|month] [--date DAY]\n"
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
	      "3 bad config file, 4 the database cannot be read.\n",
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

int cmd_report(int argc, char **argv)
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
	enum report_period period = REPORT_DAY;
	const char *date = NULL, *html = NULL, *db = NULL;
	bool json = false, csv = false;
	int c, ret = BUDGE_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_CSV:
			csv = true;
			break;
		case OPT_HTML:
			html = optarg;
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
	if (optind < argc) {
		const char *p = argv[optind++];
		if (strcmp(p, "day") == 0 || strcmp(p, "today") == 0)
			period = REPORT_DAY;
		else if (strcmp(p, "week") == 0)
			period = REPORT_WEEK;
		else if (strcmp(p, "month") == 0)
			period = REPORT_MONTH;
		else {
			cli_error(sub, "unknown period '%s': expected day, week or month", p);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (cli_no_more_args(sub, argc, argv) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_USAGE;
	if ((json ? 1 : 0) + (csv ? 1 : 0) + (html ? 1 : 0) > 1) {
		cli_error(sub, "--json, --csv and --html cannot be combined: choose one");
		return BUDGE_EXIT_USAGE;
	}
	if (html && !html[0]) {
		cli_error(sub, "--html: expected a file name (or '-' for standard output)");
		return BUDGE_EXIT_USAGE;
	}

	int64_t now = (int64_t)time(NULL);
	int32_t day = report_day_of(now);
	if (date && strcmp(date, "today") == 0) {
		/* the default */
	} else if (date && strcmp(date, "yesterday") == 0) {
		day--;
	} else if (date && report_parse_date(date, &day) < 0) {
		cli_error(sub,
		          "--date '%s': expected a calendar date YYYY-MM-DD (1970 or later), "
		          "today or yesterday",
		          date);
		return BUDGE_EXIT_USAGE;
	}

	struct budge_config cfg;
	if (cli_config_load(sub, &cfg) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_CONFIG;

	int32_t first = day, n = 1;
	int y, m, d;
	switch (period) {
	case REPORT_DAY:
		break;
	case REPORT_WEEK:
		first = day - report_weekday(day);
		n = 7;
		break;
	case REPORT_MONTH:
		report_civil_from_days(day, &y, &m, &d);
		first = report_days_from_civil(y, m, 1);
		n = (m == 12 ? report_days_from_civil(y + 1, 1, 1)
		             : report_days_from_civil(y, m + 1, 1)) -
		    first;
		break;
	}

	char path[4096];
	struct budge_store *s = NULL;
	ret = budge_cli_store_open_existing(sub, db, &s, path, sizeof(path));
	if (ret != BUDGE_EXIT_OK)
		return ret;

	struct report r = {0}, hist = {0};
	struct report_plan plan = {0};
	int rc = report_init(&r, first, n, cfg.sitting_limit);
	if (rc < 0)
		goto fail;
	if (html) {
		int32_t last = first + n - 1;
		int32_t hfirst = last - report_weekday(last) - 11 * 7;
		rc = report_init(&hist, hfirst, last - hfirst + 1, cfg.sitting_limit);
		if (rc < 0)
			goto fail;
	}
	if (s) {
		rc = report_gather(&r, s);
		if (rc >= 0 && html)
			rc = report_gather(&hist, s);
		if (rc >= 0)
			/* the plan as it stood at the end of the period (or now) */
			rc = report_plan_compute(
			    s, &cfg, r.days[n - 1].end - 1 < now ? r.days[n - 1].end - 1 : now,
			    &plan);
		if (rc < 0)
			goto fail;
	} else {
		fprintf(stderr,
		        "budge report: no data yet (%s does not exist); start the coach with "
		        "'budge run' or see 'budge checkin --setup'\n",
		        path);
	}

	struct report_out o = {
	    .period = period,
	    .r = &r,
	    .history = html ? &hist : NULL,
	    .plan = &plan,
	    .color = !json && !csv && !html && want_color(),
	    .unicode = true,
	};
	if (json) {
		report_print_json(stdout, &o);
	} else if (csv) {
		report_print_csv(stdout, &o);
	} else if (html) {
		FILE *f = strcmp(html, "-") == 0 ? stdout : fopen(html, "w");
		if (!f) {
			cli_error(sub, "--html %s: cannot write: %s", html, strerror(errno));
			ret = BUDGE_EXIT_FAILURE;
			goto out;
		}
		report_print_html(f, &o);
		if (f != stdout) {
			if (ferror(f) | (fclose(f) != 0)) {
				cli_error(sub, "--html %s: write failed: %s", html,
				          strerror(errno));
				ret = BUDGE_EXIT_FAILURE;
				goto out;
			}
		}
	} else {
		report_print_text(stdout, &o);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(sub, "cannot write the report: %s", strerror(errno));
		ret = BUDGE_EXIT_FAILURE;
	}
	goto out;
fail:
	cli_error(sub, "%s: %s", path,
	          rc == -EBADMSG ? "the database is corrupt or not a budge database"
	                         : strerror(-rc));
	ret = rc == -ENOMEM ? BUDGE_EXIT_FAILURE : BUDGE_EXIT_STORE;
out:
	report_finish(&hist);
	report_finish(&r);
	budge_store_close(s);
	return ret;
}
