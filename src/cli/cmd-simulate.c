/* SPDX-License-Identifier: MIT */
/*
 * budge simulate: replay a trace file, or synthetic workdays, through the
 * coaching engine and print every prompt and a summary per day (or JSON),
 * optionally writing the simulated events into a database.
 *
 * Times in traces are local wall-clock times; the engine runs with them as
 * if they were UTC (offset 0). Only --into converts them to real Unix times
 * (with the local time zone, TZ) for the database.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budge/catalog.h"
#include "budge/config.h"
#include "budge/duration.h"
#include "budge/engine.h"
#include "budge/region.h"
#include "budge/sim.h"
#include "catalog-load.h"
#include "cli-store.h"
#include "cli.h"
#include "config-file.h"
#include "budge/i18n.h"

#define SUB "simulate"
#define MAX_DAYS 36500

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: budge simulate --trace FILE [options]\n"
		"       budge simulate --days N [--seed S] [--start YYYY-MM-DD] [options]\n"
		"\n"
		"Replay a trace of presence events (see budge(5), TRACE FILES), or N days of\n"
		"synthetic workdays, through the coaching engine. Prints every prompt and a\n"
		"summary per day. Nothing is shown on the desktop and, without --into, nothing\n"
		"is recorded.\n"
		"\n"
		"Options:\n"
		"  -t, --trace FILE       replay FILE ('-' reads standard input)\n"
		"  -n, --days N           simulate N synthetic days (1-%d) instead\n"
		"  -s, --seed S           seed of the synthetic days and answers (default 1)\n"
		"      --start DATE       first synthetic day, YYYY-MM-DD (default: the days\n"
		"                         end today)\n"
		"      --plan-start DATE  when the progressive plan started (default: the\n"
		"                         first simulated day)\n"
		"  -c, --config FILE      use this config file (default: your config file,\n"
		"                         or the defaults if there is none)\n"
		"      --catalog FILE     use only the movements of FILE instead of the\n"
		"                         built-in catalog and your drop-ins\n"
		"      --into DB          also write the simulated events into database DB,\n"
		"                         marked as simulated; refused when DB holds lived\n"
		"                         events (use a new file)\n"
		"      --into-existing    write them even so, for good\n"
		"      --json             print JSON: {\"prompts\":[...],\"days\":[...]}\n"
		"  -h, --help             show this help\n"
		"\n"
		"Exit status: 0 ok, 2 bad usage, 3 invalid config, 4 database error,\n"
		"6 unreadable or invalid trace or catalog file.\n",
		MAX_DAYS);
}

struct out {
	bool json;
	int nprompts;
	struct budge_store *store;
	int32_t *days; /* days to summarise (trace mode), in order */
	size_t n_days, cap_days;
	int walk_minutes; /* of the open walk prompt */
	int store_err;
};

static int add_day(struct out *o, int32_t day)
{
	if (o->n_days && o->days[o->n_days - 1] == day)
		return 0;
	if (o->n_days == o->cap_days) {
		size_t nc = o->cap_days ? o->cap_days * 2 : 64;
		int32_t *nd = realloc(o->days, nc * sizeof(*nd));
		if (!nd)
			return -ENOMEM;
		o->days = nd;
		o->cap_days = nc;
	}
	o->days[o->n_days++] = day;
	return 0;
}

static void fmt_time(int64_t t, char *buf, size_t len, bool iso)
{
	char date[16];
	int32_t day = budge_local_day(t, 0);
	int64_t s = t - (int64_t)day * 86400;
	budge_date_format(day, date, sizeof(date));
	snprintf(buf, len, "%s%c%02d:%02d:%02d", date, iso ? 'T' : ' ', (int)(s / 3600),
		 (int)(s / 60 % 60), (int)(s % 60));
}

/* Local simulated time (as UTC) -> real Unix time in the local zone. */
static int64_t real_time(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return t;
	tm.tm_isdst = -1;
	time_t r = mktime(&tm);
	return r == (time_t)-1 ? t : (int64_t)r;
}

static void store_row(struct out *o, int64_t t, const struct budge_log_entry *in)
{
	if (!o->store || o->store_err)
		return;
	struct budge_log_entry e = *in;
	e.ts = real_time(t);
	e.synthetic = true; /* reports tell simulated days apart */
	int64_t r = budge_store_append(o->store, &e);
	if (r < 0)
		o->store_err = (int)r;
}

/* --into writes one transaction per simulated day: a row-by-row commit
 * costs a sync each (minutes for a year of days). */
static void store_begin(struct out *o)
{
	if (!o->store || o->store_err)
		return;
	int r = budge_store_begin(o->store);
	if (r < 0)
		o->store_err = r;
}

/* Commit the rows so far and, unless last, start the next transaction. */
static void store_commit(struct out *o, bool last)
{
	if (!o->store || o->store_err)
		return;
	int r = budge_store_commit(o->store);
	if (r < 0) {
		o->store_err = r;
		(void)budge_store_rollback(o->store);
		return;
	}
	if (!last)
		store_begin(o);
}

static void on_action(const struct budge_action *a, void *ud)
{
	struct out *o = ud;
	char when[40];
	const char *mid = a->movement ? a->movement->id : NULL;
	const char *reg = budge_region_name(a->region);

	switch (a->type) {
	case BUDGE_ACT_PROMPT:
		o->nprompts++;
		if (a->kind == BUDGE_PROMPT_WALK)
			o->walk_minutes = (int)a->arg;
		if (o->json) {
			fmt_time(a->at, when, sizeof(when), true);
			printf("%s\n{\"time\":\"%s\",\"kind\":\"%s\",\"movement\":", o->nprompts > 1 ? "," : "",
			       when, budge_prompt_kind_name(a->kind));
			if (mid)
				printf("\"%s\"", mid); /* ids are [a-z0-9-] */
			else
				printf("null");
			printf(",\"region\":\"%s\",\"discreet\":%s,\"after_meeting\":%s}", reg ? reg : "",
			       a->discreet ? "true" : "false", a->after_meeting ? "true" : "false");
		} else {
			fmt_time(a->at, when, sizeof(when), false);
			if (a->kind == BUDGE_PROMPT_MICRO)
				printf("%s  micro           %s (%s)%s\n", when, mid ? mid : "?",
				       reg ? reg : "?", a->discreet ? ", discreet" : "");
			else if (a->kind == BUDGE_PROMPT_WALK)
				printf("%s  walk            about %d min\n", when, (int)a->arg);
			else if (a->kind == BUDGE_PROMPT_ROUTINE)
				printf("%s  routine\n", when);
			else if (mid)
				printf("%s  movement_break  %s%s\n", when, mid,
				       a->after_meeting ? " (held by a meeting)" : "");
			else
				printf("%s  movement_break\n", when);
		}
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_PROMPT,
						    .prompt_id = a->prompt_id,
						    .prompt_kind = budge_prompt_kind_name(a->kind),
						    .movement = mid,
						    .region = reg,
						    .value = a->variant});
		break;
	case BUDGE_ACT_RESPONSE:
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_RESPONSE,
						    .prompt_id = a->prompt_id,
						    .prompt_kind = budge_prompt_kind_name(a->kind),
						    .movement = mid,
						    .region = reg,
						    .response = budge_response_name(a->response)});
		if (a->kind == BUDGE_PROMPT_WALK && a->response == BUDGE_RESP_DONE)
			store_row(o, a->at,
				  &(struct budge_log_entry){.kind = BUDGE_LOG_WALK,
							    .value = o->walk_minutes,
							    .text = "manual"});
		break;
	case BUDGE_ACT_PRESENCE:
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_PRESENCE,
						    .text = budge_presence_name(a->presence)});
		break;
	case BUDGE_ACT_BOUT_END:
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_BOUT, .value = a->arg});
		break;
	case BUDGE_ACT_BREAK:
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_BREAK,
						    .value = a->arg,
						    .text = a->full_break ? "full" : "short"});
		break;
	case BUDGE_ACT_PLAN:
		store_row(o, a->at,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_PLAN,
						    .text = a->message,
						    .region = reg});
		/* also shown */
		__attribute__((fallthrough));
	case BUDGE_ACT_ADAPT:
	case BUDGE_ACT_SAFETY:
	case BUDGE_ACT_VARIANT:
		if (!o->json) {
			static const char *names[] = {
				[BUDGE_ACT_PLAN] = "plan",
				[BUDGE_ACT_ADAPT] = "adapt",
				[BUDGE_ACT_SAFETY] = "safety",
				[BUDGE_ACT_VARIANT] = "variant",
			};
			fmt_time(a->at, when, sizeof(when), false);
			printf("%s  %-15s %s\n", when, names[a->type], a->message);
		}
		break;
	default:
		break;
	}
}

/* A meeting row's source as the coach stores it (store.h): NULL for a
 * manual meeting, else "calendar", "fullscreen" or "call". */
static const char *meeting_source(const struct budge_input_event *ev)
{
	return ev->source == BUDGE_MEETING_MANUAL ? NULL : budge_meeting_source_name(ev->source);
}

/* Store rows for inputs that have a log kind of their own. */
static void store_input(struct out *o, int64_t t, const struct budge_input_event *ev)
{
	switch (ev->type) {
	case BUDGE_IN_WALK:
		store_row(o, t,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_WALK,
						    .value = ev->arg,
						    .text = "manual"});
		break;
	case BUDGE_IN_PAUSE:
		store_row(o, t, &(struct budge_log_entry){.kind = BUDGE_LOG_PAUSE, .value = ev->arg});
		break;
	case BUDGE_IN_RESUME_COACHING:
		store_row(o, t, &(struct budge_log_entry){.kind = BUDGE_LOG_RESUME});
		break;
	case BUDGE_IN_MEETING_START:
		store_row(o, t,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_MEETING,
						    .value = ev->arg,
						    .text = "start",
						    .prompt_kind = meeting_source(ev)});
		break;
	case BUDGE_IN_MEETING_END:
		store_row(o, t,
			  &(struct budge_log_entry){.kind = BUDGE_LOG_MEETING,
						    .text = "end",
						    .prompt_kind = meeting_source(ev)});
		break;
	default:
		break;
	}
}

static void print_days(struct out *o, struct budge_engine *e)
{
	if (o->json)
		printf("%s],\n\"days\":[", o->nprompts ? "\n" : "");
	bool first = true;
	for (size_t i = 0; i < o->n_days; i++) {
		struct budge_day_stats d;
		char date[16], sit[32], longest[32];
		if (budge_engine_day_stats(e, (int64_t)o->days[i] * 86400, &d) < 0)
			d = (struct budge_day_stats){.day = o->days[i]};
		budge_date_format(o->days[i], date, sizeof(date));
		if (o->json) {
			printf("%s\n{\"date\":\"%s\",\"sitting_s\":%" PRId64 ",\"bouts\":%d,"
			       "\"longest_bout_s\":%" PRId64 ",\"bouts_over_limit\":%d,\"breaks\":%d,"
			       "\"prompts\":%d,\"done\":%d,\"skipped\":%d,\"ignored\":%d}",
			       first ? "" : ",", date, d.sitting_s, (int)d.bouts, d.longest_bout_s,
			       (int)d.bouts_over_limit, (int)d.breaks, (int)d.prompts, (int)d.done,
			       (int)d.skipped, (int)d.ignored);
			first = false;
			continue;
		}
		budge_duration_format(d.sitting_s, sit, sizeof(sit));
		budge_duration_format(d.longest_bout_s, longest, sizeof(longest));
		double per_h = d.work_s > 0 ? (double)d.breaks * 3600.0 / (double)d.work_s : 0.0;
		printf(_("%s: sitting %s in %d bouts (longest %s, %d over the limit); %d breaks "
		       "(%d full, %.1f per hour); %d prompts: %d done, %d snoozed, %d skipped, "
		       "%d ignored"),
		       date, sit, (int)d.bouts, longest, (int)d.bouts_over_limit, (int)d.breaks,
		       (int)d.full_breaks, per_h, (int)d.prompts, (int)d.done, (int)d.snoozed,
		       (int)d.skipped, (int)d.ignored);
		if (d.too_hard || d.hurts)
			printf(_(", %d too hard, %d hurt"), (int)d.too_hard, (int)d.hurts);
		if (d.walk_minutes)
			printf(_("; walked %d min"), (int)d.walk_minutes);
		printf("\n");
	}
	if (o->json)
		printf("%s]}\n", first ? "" : "\n");
}

static void catalog_diag(const struct budge_catalog_diag *d, void *ud)
{
	int *n = ud;
	fprintf(stderr, _("budge simulate: %s: %s\n"), d->where, d->message);
	(*n)++;
}

static int parse_date_opt(const char *opt, const char *v, int32_t *day)
{
	if (budge_date_parse(v, day) < 0) {
		cli_error(SUB, _("%s '%s' is not a date: expected YYYY-MM-DD"), opt, v);
		return -EINVAL;
	}
	return 0;
}

struct item {
	struct budge_trace_line tl;
	int lineno;
};

/* Read and check a whole trace file into *items (owned by the caller).
 * Returns an exit code; errors are printed as FILE:LINE: message. */
static int read_trace(FILE *f, const char *name, struct item **items, size_t *n_items)
{
	char line[1024], msg[256];
	struct item *v = NULL;
	size_t n = 0, cap = 0;
	int lineno = 0;
	int32_t day = 0;
	int32_t last = -1;
	bool have_day = false;

	*items = NULL;
	*n_items = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\n')
			line[--l] = '\0';
		else if (!feof(f)) {
			fprintf(stderr, _("%s:%d: line too long (at most 255 characters expected)\n"), name,
				lineno);
			goto bad;
		}
		struct budge_trace_line tl;
		int k = budge_trace_parse_line(line, &tl, msg, sizeof(msg));
		if (k < 0) {
			fprintf(stderr, "%s:%d: %s\n", name, lineno, msg);
			goto bad;
		}
		if (k == 0)
			continue;
		if (tl.kind == BUDGE_TRACE_DAY) {
			if (have_day && tl.day <= day) {
				char prev[16];
				budge_date_format(day, prev, sizeof(prev));
				fprintf(stderr, _("%s:%d: expected a day after %s (days must go forward)\n"),
					name, lineno, prev);
				goto bad;
			}
			day = tl.day;
			have_day = true;
			last = -1;
		} else if (!have_day) {
			fprintf(stderr, _("%s:%d: expected 'day YYYY-MM-DD' before the first event\n"), name,
				lineno);
			goto bad;
		} else if (tl.sec < last) {
			fprintf(stderr,
				_("%s:%d: expected a time at or after %02d:%02d:%02d (events of a day must "
				"be in time order)\n"),
				name, lineno, (int)(last / 3600), (int)(last / 60 % 60), (int)(last % 60));
			goto bad;
		} else {
			last = tl.sec;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct item *nv = realloc(v, nc * sizeof(*nv));
			if (!nv) {
				free(v);
				cli_error(SUB, _("out of memory"));
				return BUDGE_EXIT_FAILURE;
			}
			v = nv;
			cap = nc;
		}
		v[n++] = (struct item){.tl = tl, .lineno = lineno};
	}
	if (ferror(f)) {
		cli_error(SUB, _("cannot read %s: %s"), name, strerror(errno));
		goto bad;
	}
	if (!have_day) {
		fprintf(stderr, _("%s: no 'day YYYY-MM-DD' line: expected at least one day\n"), name);
		goto bad;
	}
	*items = v;
	*n_items = n;
	return BUDGE_EXIT_OK;
bad:
	free(v);
	return BUDGE_EXIT_INPUT;
}

/* Replay a checked trace. Returns an exit code. */
static int run_trace(const struct item *items, size_t n, const char *name,
		     const struct budge_config *cfg, const struct budge_catalog *cat,
		     bool have_plan_start, int32_t plan_day, struct out *o)
{
	struct budge_sim *sim = NULL;
	int64_t base = 0;

	if (o->json)
		printf("{\"prompts\":[");
	for (size_t i = 0; i < n; i++) {
		const struct budge_trace_line *tl = &items[i].tl;
		if (tl->kind == BUDGE_TRACE_DAY) {
			base = (int64_t)tl->day * 86400;
			if (sim)
				store_commit(o, false);
			if (add_day(o, tl->day) < 0)
				goto oom;
			if (!sim) {
				int64_t ps = have_plan_start ? (int64_t)plan_day * 86400 : base;
				if (budge_sim_create(cfg, cat, ps, base, NULL, on_action, o, &sim) < 0)
					goto oom;
			}
			continue;
		}
		int64_t t = base + tl->sec;
		struct budge_input_event ev = tl->ev;
		ev.at = t;
		store_input(o, t, &ev);
		int r = budge_sim_feed(sim, t, &ev);
		if (r == -ENOENT)
			fprintf(stderr, _("%s:%d: warning: no prompt is open to answer; response ignored\n"),
				name, items[i].lineno);
		else if (r == -ENOMEM)
			goto oom;
	}
	/* let the last day finish (open bouts end, statistics are final) */
	budge_sim_run_until(sim, base + 86400);
	store_commit(o, true);
	print_days(o, budge_sim_engine(sim));
	budge_sim_destroy(sim);
	return BUDGE_EXIT_OK;
oom:
	budge_sim_destroy(sim);
	cli_error(SUB, _("out of memory"));
	return BUDGE_EXIT_FAILURE;
}

static int run_synthetic(long days, uint64_t seed, int32_t start, const struct budge_config *cfg,
			 const struct budge_catalog *cat, bool have_plan_start, int32_t plan_day,
			 struct out *o)
{
	struct budge_rng gen, user;
	struct budge_sim *sim;
	static struct budge_trace_line evs[512];
	budge_rng_seed(&gen, seed);
	budge_rng_seed(&user, seed ^ 0x9e3779b97f4a7c15ull);
	if (o->json)
		printf("{\"prompts\":[");
	int64_t ps = (int64_t)(have_plan_start ? plan_day : start) * 86400;
	if (budge_sim_create(cfg, cat, ps, (int64_t)start * 86400, &user, on_action, o, &sim) < 0) {
		cli_error(SUB, _("out of memory"));
		return BUDGE_EXIT_FAILURE;
	}
	for (long i = 0; i < days; i++) {
		int32_t day = start + (int32_t)i;
		int64_t base = (int64_t)day * 86400;
		int n = budge_synth_day(&gen, budge_local_weekday(day), evs, 512);
		for (int k = 0; k < n; k++) {
			struct budge_input_event ev = evs[k].ev;
			int64_t t = base + evs[k].sec;
			ev.at = t;
			store_input(o, t, &ev);
			(void)budge_sim_feed(sim, t, &ev);
		}
		budge_sim_run_until(sim, base + 86400);
		store_commit(o, i + 1 == days);
		struct budge_day_stats d;
		if (budge_engine_day_stats(budge_sim_engine(sim), base, &d) == 0 &&
		    (d.bouts > 0 || d.prompts > 0) && add_day(o, day) < 0) {
			budge_sim_destroy(sim);
			cli_error(SUB, _("out of memory"));
			return BUDGE_EXIT_FAILURE;
		}
	}
	print_days(o, budge_sim_engine(sim));
	budge_sim_destroy(sim);
	return BUDGE_EXIT_OK;
}

/* The long options without a short letter. */
enum { OPT_START = 256, OPT_PLAN_START, OPT_CATALOG, OPT_INTO, OPT_INTO_EXISTING, OPT_JSON };

/* What the command line asked for. */
struct sim_args {
	const char *trace, *config, *catalog, *into;
	long days;
	uint64_t seed;
	int32_t start, plan_day;
	bool have_start, have_plan_start, json, into_existing;
};

/* The value of one option (getopt's c, optarg) into a. */
static int set_option(struct sim_args *a, int c, const char *arg)
{
	char *end;

	switch (c) {
	case 't': a->trace = arg; break;
	case 'c': a->config = arg; break;
	case OPT_CATALOG: a->catalog = arg; break;
	case OPT_INTO: a->into = arg; break;
	case OPT_JSON: a->json = true; break;
	case OPT_INTO_EXISTING: a->into_existing = true; break;
	case 'n':
		errno = 0;
		a->days = strtol(arg, &end, 10);
		if (errno || *end || end == arg || a->days < 1 || a->days > MAX_DAYS) {
			cli_error(SUB, _("--days '%s': expected a whole number from 1 to %d"), arg,
				  MAX_DAYS);
			return BUDGE_EXIT_USAGE;
		}
		break;
	case 's':
		errno = 0;
		a->seed = strtoull(arg, &end, 10);
		if (errno || *end || end == arg || arg[0] == '-') {
			cli_error(SUB, _("--seed '%s': expected a non-negative whole number"), arg);
			return BUDGE_EXIT_USAGE;
		}
		break;
	case OPT_START:
		if (parse_date_opt("--start", arg, &a->start) < 0)
			return BUDGE_EXIT_USAGE;
		a->have_start = true;
		break;
	case OPT_PLAN_START:
		if (parse_date_opt("--plan-start", arg, &a->plan_day) < 0)
			return BUDGE_EXIT_USAGE;
		a->have_plan_start = true;
		break;
	}
	return BUDGE_EXIT_OK;
}

/* The options; -1 after printing --help. */
static int parse_args(int argc, char **argv, struct sim_args *a)
{
	static const struct option opts[] = {
		{"trace", required_argument, NULL, 't'},
		{"days", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"start", required_argument, NULL, OPT_START},
		{"into-existing", no_argument, NULL, OPT_INTO_EXISTING},
		{"plan-start", required_argument, NULL, OPT_PLAN_START},
		{"config", required_argument, NULL, 'c'},
		{"catalog", required_argument, NULL, OPT_CATALOG},
		{"into", required_argument, NULL, OPT_INTO},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+t:n:s:c:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (c == '?' || c == ':') {
			if (optopt)
				cli_error(SUB, _("option '-%c' %s; see 'budge simulate --help'"), optopt,
					  strchr("tnsc", optopt) ? "needs a value" : "is unknown");
			else
				cli_error(SUB, _("unknown or incomplete option '%s'; see 'budge simulate --help'"),
					  argv[optind - 1]);
			return BUDGE_EXIT_USAGE;
		}
		if (set_option(a, c, optarg) != BUDGE_EXIT_OK)
			return BUDGE_EXIT_USAGE;
	}
	if (optind < argc) {
		cli_error(SUB, _("unexpected argument '%s'; see 'budge simulate --help'"), argv[optind]);
		return BUDGE_EXIT_USAGE;
	}
	if (!a->trace == !a->days) {
		cli_error(SUB, _("give either --trace FILE or --days N; see 'budge simulate --help'"));
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

/* Read and check the whole trace before any output. */
static int load_trace(const char *trace, const char *tname, struct item **items, size_t *n)
{
	FILE *f = strcmp(trace, "-") == 0 ? stdin : fopen(trace, "r");
	if (!f) {
		cli_error(SUB, _("cannot open %s: %s"), trace, strerror(errno));
		return BUDGE_EXIT_INPUT;
	}
	int ret = read_trace(f, tname, items, n);
	if (f != stdin)
		fclose(f);
	return ret;
}

/* --catalog FILE (every entry must be valid) or the built-in movements. */
static int load_movements(const char *catalog, struct budge_catalog *cat)
{
	int problems = 0;

	if (!catalog) {
		if (budge_catalog_load(cat, NULL, NULL) < 0) {
			cli_error(SUB, _("out of memory"));
			return BUDGE_EXIT_FAILURE;
		}
		return BUDGE_EXIT_OK;
	}
	int r = budge_catalog_load_file(cat, catalog, catalog_diag, &problems);
	if (r >= 0 && problems == 0 && cat->n > 0)
		return BUDGE_EXIT_OK;
	if (r >= 0 && cat->n == 0 && problems == 0)
		cli_error(SUB, _("%s: no movements found"), catalog);
	return r == -ENOMEM ? BUDGE_EXIT_FAILURE : BUDGE_EXIT_INPUT;
}

/* Today, local, in days since 1970-01-01. */
static int32_t today_local(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 20458; /* 2026-01-05 */
	return budge_local_day((int64_t)t, (int32_t)tm.tm_gmtoff);
}

/* Simulated days written into a database stay there for good (the event
 * log cannot be edited): only into one with no lived events, unless the
 * user asks for it. Returns an exit code. */
static int check_into(const char *path, bool existing, struct budge_store *s)
{
	int64_t lived = 0;
	int r = budge_store_count_lived(s, &lived);

	if (r < 0) {
		cli_error(SUB, _("%s: cannot read it: %s"), path, strerror(-r));
		return BUDGE_EXIT_STORE;
	}
	if (lived > 0 && !existing) {
		cli_error(SUB,
			  P_("%s holds %lld event that was lived, not simulated; simulated days "
			     "written into it would stay for good (the log cannot be edited). Use a "
			     "new file, or add --into-existing to mix them in (reports mark "
			     "simulated days)",
			     "%s holds %lld events that were lived, not simulated; simulated days "
			     "written into it would stay for good (the log cannot be edited). Use a "
			     "new file, or add --into-existing to mix them in (reports mark "
			     "simulated days)",
			     lived),
			  path, (long long)lived);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

int cmd_simulate(int argc, char **argv)
{
	struct sim_args a = {.seed = 1, .days = 0};
	struct item *items = NULL;
	size_t n_items = 0;
	struct budge_catalog cat;
	struct budge_config cfg;
	struct budge_config_error cerr;
	int ret;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if ((ret = parse_args(argc, argv, &a)) != BUDGE_EXIT_OK)
		return ret < 0 ? BUDGE_EXIT_OK : ret;
	if (!a.have_start) /* the synthetic days end today */
		a.start = today_local() - (int32_t)(a.days > 0 ? a.days - 1 : 0);
	if (budge_config_load(a.config, &cfg, &cerr) < 0) {
		budge_config_error_print(stderr, &cerr);
		return BUDGE_EXIT_CONFIG;
	}
	const char *tname = a.trace && strcmp(a.trace, "-") == 0 ? "<stdin>" : a.trace;
	if (a.trace && (ret = load_trace(a.trace, tname, &items, &n_items)) != BUDGE_EXIT_OK)
		return ret;
	budge_catalog_init(&cat);
	struct out o = {.json = a.json};
	if ((ret = load_movements(a.catalog, &cat)) != BUDGE_EXIT_OK)
		goto out;
	if (a.into && budge_cli_store_open(SUB, a.into, BUDGE_STORE_CREATE, &o.store) != BUDGE_EXIT_OK) {
		ret = BUDGE_EXIT_STORE;
		goto out;
	}
	if (o.store && (ret = check_into(a.into, a.into_existing, o.store)) != BUDGE_EXIT_OK) {
		budge_store_close(o.store);
		goto out;
	}
	store_begin(&o);
	if (a.trace)
		ret = run_trace(items, n_items, tname, &cfg, &cat, a.have_plan_start, a.plan_day, &o);
	else
		ret = run_synthetic(a.days, a.seed, a.start, &cfg, &cat, a.have_plan_start, a.plan_day,
				    &o);
	/* a run that stopped early keeps the days committed so far; the rest
	 * is dropped (-EINVAL: nothing was open) */
	if (o.store)
		(void)budge_store_rollback(o.store);
	if (o.store_err && ret == BUDGE_EXIT_OK) {
		cli_error(SUB, _("%s: cannot write the simulated events: %s"), a.into,
			  strerror(-o.store_err));
		ret = BUDGE_EXIT_STORE;
	}
	budge_store_close(o.store);
	free(o.days);
	if (fflush(stdout) != 0 && ret == BUDGE_EXIT_OK) {
		cli_error(SUB, _("cannot write the output: %s"), strerror(errno));
		ret = BUDGE_EXIT_FAILURE;
	}
out:
	free(items);
	budge_catalog_finish(&cat);
	return ret;
}
