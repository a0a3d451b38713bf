/* SPDX-License-Identifier: MIT */
/* `budge pain N [--note TEXT] [--date DAY]` and `budge walk MINUTES [--date DAY]`:
 * one event appended to the store each. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-args.h"
#include "cli-store.h"
#include "cli.h"
#include "budge/i18n.h"

#define NOTE_MAX 500

/* A whole decimal number with no sign, spaces or fraction, in [min, max]. */
static int parse_count(const char *s, long min, long max, long *out)
{
	long v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		v = v * 10 + (*p - '0');
		if (v > 100000)
			return -ERANGE;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* "today", "yesterday" or YYYY-MM-DD (local) -> noon of that day; never a
 * future day. Without --date: now. */
static int parse_day(const char *sub, const char *s, time_t now, int64_t *out)
{
	struct tm tm;
	int y, m, d, n = 0;

	localtime_r(&now, &tm);
	if (strcmp(s, "today") == 0) {
		*out = (int64_t)now;
		return 0;
	}
	if (strcmp(s, "yesterday") == 0) {
		tm.tm_mday -= 1;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' &&
	           strlen(s) == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
	} else {
		cli_error(sub, _("--date: expected YYYY-MM-DD, 'today' or 'yesterday', got '%s'"), s);
		return -EINVAL;
	}
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	struct tm want = tm;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || (strcmp(s, "yesterday") != 0 && tm.tm_mday != want.tm_mday)) {
		cli_error(sub, _("--date: '%s' is not a calendar day"), s);
		return -EINVAL;
	}
	struct tm today;
	localtime_r(&now, &today);
	if (tm.tm_year > today.tm_year ||
	    (tm.tm_year == today.tm_year && tm.tm_yday > today.tm_yday)) {
		cli_error(sub, _("--date: '%s' is in the future"), s);
		return -EINVAL;
	}
	if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
		t = now; /* today: the real time */
	*out = (int64_t)t;
	return 0;
}

/* getopt would take "-1" for an option: say what is wrong instead. */
static bool negative_number(int argc, char **argv, const char *sub, const char *what)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && isdigit((unsigned char)argv[i][1])) {
			cli_error(sub, "%s, got '%s'", what, argv[i]);
			return true;
		}
	}
	return false;
}

static void pain_usage(FILE *f)
{
	fprintf(f,
	        _("Usage: budge pain N [--note TEXT] [--date DAY]\n\n"
	        "Record how much pain you feel now, from 0 (none) to 10 (worst imaginable).\n"
	        "A change of about 2 points is a real change; 'budge checkin' compares them.\n\n"
	        "Options:\n"
	        "  -n, --note TEXT  a short note (up to %d bytes), e.g. where it hurts\n"
	        "  -d, --date DAY   the day it refers to: YYYY-MM-DD, today, yesterday\n"
	        "                   (default: now)\n"
	        "      --db FILE    the database (default $XDG_DATA_HOME/budge/budge.db)\n"
	        "  -h, --help       show this help\n"),
	        NOTE_MAX);
}

static int note_ok(const char *sub, const char *note)
{
	if (strlen(note) > NOTE_MAX) {
		cli_error(sub, _("--note: at most %d bytes, got %zu"), NOTE_MAX, strlen(note));
		return -EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)note; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			cli_error(sub,
			          _("--note: control characters (such as newlines) are not "
			          "allowed, found one at byte %td"),
			          (const char *)p - note);
			return -EINVAL;
		}
	}
	return 0;
}

struct last_value {
	int64_t ts, value;
};

static int take_last(const struct budge_log_entry *e, void *ud)
{
	struct last_value *l = ud;
	l->ts = e->ts;
	l->value = e->value;
	return 0;
}

/* What `pain` and `walk` differ in; the rest of their command line (one
 * whole number, --date, --db) is handled by parse_log_args() for both. */
struct log_cmd {
	const struct option *opts;
	const char *optstring;
	void (*usage)(FILE *f);
	const char *what;    /* "minutes are a whole number from 1 to 600" */
	const char *missing; /* the message when the number is missing */
	const char *one;     /* "one length only" */
	const char *hint;    /* after "got extra 'X'": "" or " (...)" */
	long min, max;
};

struct log_args {
	const char *note, *date; /* borrowed from argv, NULL if not given */
	long value;
	int64_t ts; /* noon of --date, or now */
	struct budge_store *s;
};

/* Parse the command line and open the store. Returns BUDGE_EXIT_OK with
 * a->s open (owned by the caller: budge_store_close), or with a->s NULL
 * when the usage was printed for --help; else prints the problem and
 * returns the exit code. */
static int parse_log_args(int argc, char **argv, const struct log_cmd *lc, struct log_args *a)
{
	const char *sub = argv[0], *db = NULL;
	time_t now = time(NULL);
	int c;

	*a = (struct log_args){.ts = (int64_t)now};
	if (cli_wants_help(argc, argv)) {
		lc->usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if (negative_number(argc, argv, sub, lc->what))
		return BUDGE_EXIT_USAGE;
	while ((c = getopt_long(argc, argv, lc->optstring, lc->opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			a->note = optarg;
			break;
		case 'd':
			a->date = optarg;
			break;
		case 'D':
			db = optarg;
			break;
		default: /* ':' (missing value) or an unknown option */
			return cli_bad_option(sub, c, argv);
		}
	}
	if (optind >= argc) {
		cli_error(sub, "%s", lc->missing);
		return BUDGE_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		cli_error(sub, _("%s, got extra '%s'%s"), lc->one, argv[optind + 1], lc->hint);
		return BUDGE_EXIT_USAGE;
	}
	if (parse_count(argv[optind], lc->min, lc->max, &a->value) < 0) {
		cli_error(sub, "%s, got '%s'", lc->what, argv[optind]);
		return BUDGE_EXIT_USAGE;
	}
	if (a->note && note_ok(sub, a->note) < 0)
		return BUDGE_EXIT_USAGE;
	if (a->date && parse_day(sub, a->date, now, &a->ts) < 0)
		return BUDGE_EXIT_USAGE;
	return budge_cli_store_open(sub, db, BUDGE_STORE_CREATE, &a->s);
}

int cmd_pain(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"note", required_argument, NULL, 'n'},
	    {"date", required_argument, NULL, 'd'},
	    {"db", required_argument, NULL, 'D'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	static const struct log_cmd lc = {
	    .opts = opts,
	    .optstring = ":n:d:h",
	    .usage = pain_usage,
	    .what = "the pain rating is a whole number from 0 to 10",
	    .missing = "missing the pain rating: budge pain N (0 = none, 10 = worst)",
	    .one = "one rating only",
	    .hint = " (quote a note: --note \"...\")",
	    .min = 0,
	    .max = 10,
	};
	const char *sub = argv[0];
	struct log_args la;
	int ex = parse_log_args(argc, argv, &lc, &la);
	if (ex != BUDGE_EXIT_OK || !la.s)
		return ex;

	struct budge_store *s = la.s;
	const char *note = la.note, *date = la.date;
	int64_t ts = la.ts;
	long n = la.value;
	struct last_value prev = {.ts = -1};
	budge_store_last(s, BUDGE_LOG_PAIN, ts + 1, take_last, &prev);
	struct budge_log_entry e = {
	    .ts = ts,
	    .kind = BUDGE_LOG_PAIN,
	    .value = n,
	    .text = note,
	};
	int64_t id = budge_store_append(s, &e);
	if (id < 0) {
		cli_error(sub, _("%s: cannot record the rating: %s"), budge_store_path(s),
		          strerror((int)-id));
		budge_store_close(s);
		return BUDGE_EXIT_STORE;
	}
	char val[8];
	snprintf(val, sizeof(val), "%ld", n);
	if (!date || ts >= prev.ts)
		budge_store_set(s, "pain.last", val); /* a hint only; the log is the record */
	budge_store_close(s);

	printf(_("Pain %ld/10 recorded."), n);
	if (prev.ts >= 0) {
		char day[32];
		time_t pt = (time_t)prev.ts;
		struct tm tm;
		localtime_r(&pt, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		printf(" Previous: %" PRId64 "/10 on %s.", prev.value, day);
	}
	putchar('\n');
	if (n >= 7)
		printf(_("That is a lot. If it is severe, new, or comes with numbness, weakness or\n"
		       "changes in bladder or bowel control, stop the exercises and get medical\n"
		       "advice. 'budge checkin' runs the full safety questions.\n"));
	else if (prev.ts >= 0 && n - prev.value >= 2)
		printf(_("That is %lld points more than last time. 'budge checkin' adjusts the "
			 "plan when pain rises.\n"),
		       (long long)(n - prev.value));
	return BUDGE_EXIT_OK;
}

static void walk_usage(FILE *f)
{
	fprintf(f, _("Usage: budge walk MINUTES [--date DAY]\n\n"
	           "Record a walk you took, in whole minutes (1 to 600). Walks count toward\n"
	           "the walking plan ('budge plan') and the reports.\n\n"
	           "Options:\n"
	           "  -d, --date DAY   the day of the walk: YYYY-MM-DD, today, yesterday\n"
	           "                   (default: now)\n"
	           "      --db FILE    the database (default $XDG_DATA_HOME/budge/budge.db)\n"
	           "  -h, --help       show this help\n"));
}

struct walk_sum {
	int64_t minutes, walks;
};

static int sum_walk(const struct budge_log_entry *e, void *ud)
{
	struct walk_sum *w = ud;
	w->minutes += e->value;
	w->walks++;
	return 0;
}

int cmd_walk(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"date", required_argument, NULL, 'd'},
	    {"db", required_argument, NULL, 'D'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	static const struct log_cmd lc = {
	    .opts = opts,
	    .optstring = ":d:h",
	    .usage = walk_usage,
	    .what = "minutes are a whole number from 1 to 600",
	    .missing = "missing the length: budge walk MINUTES (e.g. budge walk 15)",
	    .one = "one length only",
	    .hint = "",
	    .min = 1,
	    .max = 600,
	};
	const char *sub = argv[0];
	struct log_args la;
	int ex = parse_log_args(argc, argv, &lc, &la);
	if (ex != BUDGE_EXIT_OK || !la.s)
		return ex;

	struct budge_store *s = la.s;
	int64_t ts = la.ts;
	long minutes = la.value;
	struct budge_log_entry e = {
	    .ts = ts,
	    .kind = BUDGE_LOG_WALK,
	    .value = minutes,
	    .text = "manual",
	};
	int64_t id = budge_store_append(s, &e);
	if (id < 0) {
		cli_error(sub, _("%s: cannot record the walk: %s"), budge_store_path(s),
		          strerror((int)-id));
		budge_store_close(s);
		return BUDGE_EXIT_STORE;
	}
	/* this week's total (Monday 00:00 local onward) */
	time_t t = (time_t)ts;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday -= (tm.tm_wday + 6) % 7;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	int64_t monday = (int64_t)mktime(&tm);
	tm.tm_mday += 7;
	tm.tm_isdst = -1;
	int64_t next_monday = (int64_t)mktime(&tm);
	struct walk_sum week = {0};
	budge_store_each_kind(s, BUDGE_LOG_WALK, monday, next_monday, sum_walk, &week);
	budge_store_close(s);
	/* the walk's week: "this week" only when it is the current one */
	char which[96], day[16];
	int64_t now = (int64_t)time(NULL);
	snprintf(which, sizeof(which), "%s", _("This week"));
	if (now < monday || now >= next_monday) {
		tm.tm_mday -= 7;
		tm.tm_isdst = -1;
		mktime(&tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		snprintf(which, sizeof(which), _("The week of Monday %s"), day);
	}
	/* TRANSLATORS: "Walk of 20 min recorded. This week: 2 walks, 45 min." */
	printf(P_("Walk of %1$ld min recorded. %2$s: %3$lld walk, %4$lld min.\n",
		  "Walk of %1$ld min recorded. %2$s: %3$lld walks, %4$lld min.\n", week.walks),
	       minutes, which, (long long)week.walks, (long long)week.minutes);
	return BUDGE_EXIT_OK;
}
