/* SPDX-License-Identifier: MIT */
/*
 * Guided sessions in the terminal:
 *   budge now [REGION] [--count N] [--no-wait] [--speed FACTOR]
 *   budge breathe [--cycles N] [--speed FACTOR]
 *
 * Countdowns update one line in place on a terminal and print one line per
 * tick otherwise. Keys (read without Enter on a terminal): Enter or n skips
 * to the next movement, q quits. BUDGE_TIME_SCALE or --speed makes the
 * seconds pass faster (tests).
 *
 * The "done" answers of `budge now` go to the running coach when there is
 * one (org.budge.Coach1.RecordDone: it records them and counts them today);
 * without a coach they are written to the store directly. Either way one
 * row per movement, never two.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "budge/catalog.h"
#include "catalog-load.h"
#include "cli-args.h"
#include "cli-store.h"
#include "cli.h"
#include "config-file.h"
#include "budge/coach-bus.h"
#include "report.h"
#include "store.h"
#include "budge/i18n.h"

/* ---- terminal and timing ---- */

struct pacer {
	double scale; /* seconds pass this many times faster */
	bool tty_out; /* rewrite one line with \r */
	bool tty_in;  /* keys without Enter */
	bool in_eof;  /* stdin closed: no more keys */
	bool raw;     /* terminal mode changed (restore it) */
	struct termios saved;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void pacer_raw(struct pacer *p, bool on)
{
	if (!p->tty_in)
		return;
	if (on && !p->raw) {
		struct termios t;
		if (tcgetattr(STDIN_FILENO, &p->saved) < 0)
			return;
		t = p->saved;
		t.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
			p->raw = true;
	} else if (!on && p->raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &p->saved);
		p->raw = false;
	}
}

/* The time scale from --speed (borrowed, may be NULL) or BUDGE_TIME_SCALE. */
static int parse_speed(const char *sub, const char *speed, double *out)
{
	const char *env = getenv("BUDGE_TIME_SCALE");
	const char *v = speed ? speed : (env && *env ? env : NULL);

	*out = 1.0;
	if (v) {
		char *end = NULL;
		errno = 0;
		double d = strtod(v, &end);
		if (errno || end == v || *end || !(d >= 0.01 && d <= 1000.0)) {
			cli_error(sub, _("%s '%s': expected a number from 0.01 to 1000"),
			          speed ? "--speed" : "BUDGE_TIME_SCALE", v);
			return -EINVAL;
		}
		*out = d;
	}
	return 0;
}

static int pacer_init(struct pacer *p, const char *sub, const char *speed)
{
	struct sigaction sa = {.sa_handler = on_signal};

	*p = (struct pacer){.scale = 1.0};
	if (parse_speed(sub, speed, &p->scale) < 0)
		return -EINVAL;
	p->tty_out = isatty(STDOUT_FILENO);
	p->tty_in = isatty(STDIN_FILENO);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	pacer_raw(p, true);
	return 0;
}

static void pacer_finish(struct pacer *p)
{
	pacer_raw(p, false);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

enum key { KEY_NONE, KEY_NEXT, KEY_QUIT };

/* Wait until the monotonic time `until`, watching for keys. */
static enum key pacer_wait(struct pacer *p, double until)
{
	for (;;) {
		if (interrupted)
			return KEY_QUIT;
		double left = until - now_s();
		if (left <= 0)
			return KEY_NONE;
		struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
		int ms = (int)(left * 1000) + 1;
		/* keys are read only from a terminal: piped input is kept for
		 * the questions */
		int n = poll(&pfd, p->in_eof || !p->tty_in ? 0 : 1, ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return KEY_NONE;
		}
		if (n == 0 || !(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		char buf[64];
		ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
		if (r <= 0) {
			if (r == 0 || (errno != EINTR && errno != EAGAIN))
				p->in_eof = true;
			continue;
		}
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] == 'q' || buf[i] == 'Q' || buf[i] == 3 /* ^C in raw mode */)
				return KEY_QUIT;
			if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == 'n' || buf[i] == 'N')
				return KEY_NEXT;
		}
	}
}

/* label padded with blanks to 11 characters (not bytes: translations). */
static void pad_label(const char *label, char *buf, size_t len)
{
	size_t w = 0;

	for (const char *c = label; *c; c++)
		w += ((unsigned char)*c & 0xC0) != 0x80;
	snprintf(buf, len, "%s%*s", label, w < 11 ? (int)(11 - w) : 0, "");
}

/* Show `label` (in the user's language) with a countdown of `secs` seconds. */
static enum key countdown(struct pacer *p, const char *text, int secs)
{
	double start = now_s();
	char label[192];

	pad_label(text, label, sizeof(label));

	for (int left = secs; left > 0; left--) {
		char bar[64] = "";
		int done = secs - left, width = secs <= 12 ? secs : 12;
		int filled = secs ? done * width / secs : 0;
		size_t o = 0;
		for (int i = 0; i < width && o + 4 < sizeof(bar); i++) {
			const char *c = i < filled ? "▮" : "▯";
			memcpy(bar + o, c, strlen(c));
			o += strlen(c);
		}
		bar[o] = '\0';
		if (p->tty_out)
			printf("\r\033[K  %s  %2d s  %s", label, left, bar);
		else
			printf("  %s  %d s\n", label, left);
		fflush(stdout);
		enum key k = pacer_wait(p, start + (secs - left + 1) / p->scale);
		if (k != KEY_NONE) {
			if (p->tty_out)
				fputs("\r\033[K", stdout);
			return k;
		}
	}
	if (p->tty_out)
		fputs("\r\033[K", stdout);
	return KEY_NONE;
}

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
			pad_label(_(phases[ph].label), label, sizeof(label));
			printf("%d/%d  %s  %s\n", i + 1, cycles, label, _(phases[ph].cue));
			snprintf(label, sizeof(label), "%s", _(phases[ph].label));
			enum key k = countdown(&p, label, 4);
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
	if (interrupted || quit)
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
	      "skips to the next movement, q quits. At the end budge asks whether you\n"
	      "did them; 'y' logs a 'done' response (kind micro) for each movement you\n"
	      "went through -- through the running coach when there is one, so that it\n"
	      "counts them as done today and does not prompt them again right away.\n\n"
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

/* ---- recording: through the running coach, or into the store ---- */

enum coach_answer {
	COACH_RECORDED, /* the coach recorded it (and counts it today) */
	COACH_ABSENT,   /* no coach runs (or it has no RecordDone): it recorded nothing */
	COACH_UNKNOWN,  /* the coach does not know this movement: it recorded nothing */
	COACH_FAILED,   /* an error; it may or may not have recorded it */
};

/* Ask the coach on bus (borrowed) to record movement id as done. On
 * COACH_FAILED, e (owned by the caller) or the return r explains. */
static enum coach_answer coach_record_done(sd_bus *bus, const char *id, sd_bus_error *e, int *r)
{
	sd_bus_message *m = NULL;

	*r = sd_bus_message_new_method_call(bus, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH,
	                                    BUDGE_BUS_IFACE, "RecordDone");
	if (*r >= 0)
		*r = sd_bus_message_set_auto_start(m, 0); /* never start a coach for this */
	if (*r >= 0)
		*r = sd_bus_message_append(m, "s", id);
	if (*r >= 0)
		*r = sd_bus_call(bus, m, 10 * 1000000ULL, e, NULL);
	sd_bus_message_unref(m);
	if (*r >= 0)
		return COACH_RECORDED;
	/* answers that say for sure that nothing was recorded */
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_UNKNOWN_METHOD) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_UNKNOWN_OBJECT) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_UNKNOWN_INTERFACE))
		return COACH_ABSENT;
	/* no bus to talk to: the connection failed before anything was sent */
	if (!sd_bus_error_is_set(e) &&
	    (*r == -ENOENT || *r == -ECONNREFUSED || *r == -ENOTCONN || *r == -EACCES))
		return COACH_ABSENT;
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_INVALID_ARGS))
		return COACH_UNKNOWN;
	return COACH_FAILED;
}

/* Record the completed movements as done: through the running coach, or,
 * when none runs, straight into the store. Prints what happened; returns
 * an enum budge_exit value. */
static int record_done(const char *sub, const struct budge_movement *const *pick,
                       const bool *completed, int n)
{
	sd_bus *bus = NULL;
	struct budge_store *s = NULL;
	bool coach = sd_bus_open_user(&bus) >= 0;
	int ret = BUDGE_EXIT_OK, logged = 0, by_coach = 0;
	int64_t now = (int64_t)time(NULL);

	for (int i = 0; i < n && ret == BUDGE_EXIT_OK; i++) {
		if (!completed[i])
			continue;
		const struct budge_movement *mv = pick[i];
		if (coach) {
			sd_bus_error e = SD_BUS_ERROR_NULL;
			int r;
			enum coach_answer a = coach_record_done(bus, mv->id, &e, &r);
			if (a == COACH_RECORDED) {
				logged++;
				by_coach++;
			} else if (a == COACH_ABSENT) {
				coach = false;
			} else if (a == COACH_UNKNOWN) {
				fprintf(
				    stderr,
				    _("budge %s: the running coach does not know '%s' (its catalog "
				    "is older): recording it directly\n"),
				    sub, mv->id);
			} else if (sd_bus_error_has_name(&e, BUDGE_BUS_ERROR_STORE)) {
				cli_error(sub, "%s", e.message);
				ret = BUDGE_EXIT_STORE;
			} else {
				/* it may have recorded it: writing it here too could
				 * count it twice */
				cli_error(sub,
				          _("the running coach did not confirm '%s' as done (%s); it "
				          "may not be logged: see 'budge report'"),
				          mv->id, e.message ? e.message : strerror(-r));
				ret = BUDGE_EXIT_FAILURE;
			}
			sd_bus_error_free(&e);
			if (a == COACH_RECORDED || ret != BUDGE_EXIT_OK)
				continue;
		}
		if (!s &&
		    budge_cli_store_open(sub, NULL, BUDGE_STORE_CREATE, &s) != BUDGE_EXIT_OK) {
			ret = BUDGE_EXIT_STORE;
			break;
		}
		struct budge_log_entry e = {
		    .ts = now,
		    .kind = BUDGE_LOG_RESPONSE,
		    .prompt_kind = "micro",
		    .movement = mv->id,
		    .region = budge_region_name(mv->region),
		    .response = "done",
		    .text = "guided",
		};
		if (budge_store_append(s, &e) < 0) {
			cli_error(sub, _("could not log '%s' as done"), mv->id);
			ret = BUDGE_EXIT_STORE;
			break;
		}
		logged++;
	}
	budge_store_close(s);
	sd_bus_flush_close_unref(bus);
	if (ret == BUDGE_EXIT_OK)
		/* TRANSLATORS: %2$s is nothing or one of the two texts in brackets */
		printf(P_("Logged %1$d movement as done%2$s. Nice.\n",
			  "Logged %1$d movements as done%2$s. Nice.\n", logged),
		       logged,
		       by_coach == logged ? _(" (the running coach counts them today)")
		       : by_coach         ? _(" (some through the running coach)")
					  : "");
	return ret;
}

/* Ask y/n on a line; returns 1 yes, 0 no, -1 end of input. */
static int ask_yes_no(const char *q)
{
	char line[128];

	for (;;) {
		if (interrupted)
			return -1;
		printf(_("%s (y/n) "), q);
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return -1;
		line[strcspn(line, "\r\n")] = '\0';
		/* English always, and the user's words (the same as the check-in's) */
		if (!strcasecmp(line, "y") || !strcasecmp(line, "yes") || !strcasecmp(line, _("y")) ||
		    !strcasecmp(line, _("yes")))
			return 1;
		if (!strcasecmp(line, "n") || !strcasecmp(line, "no") || !strcasecmp(line, _("n")) ||
		    !strcasecmp(line, _("no")))
			return 0;
		printf(_("Please answer y (yes) or n (no).\n"));
	}
}

/* Run the timed part of one movement. Returns KEY_NONE when it ran to the
 * end, KEY_NEXT when skipped, KEY_QUIT. */
static enum key guide_movement(struct pacer *p, const struct budge_movement *m)
{
	char label[96];
	int cycles = m->cycles > 0 ? m->cycles : 1;
	int hold = m->hold_s > 0 ? m->hold_s : 0;

	enum key k = countdown(p, _("Get ready"), 3);
	if (k != KEY_NONE)
		return k;
	if (hold == 0 && m->cycles <= 0) {
		/* no dose in seconds: give a calm 20 s to do it */
		return countdown(p, _("Take your time"), 20);
	}
	for (int i = 1; i <= cycles; i++) {
		if (hold > 0)
			snprintf(label, sizeof(label),
				 m->cycles > 0 ? _("Cycle %d of %d · hold") : _("Set %d of %d · hold"), i,
				 cycles);
		else
			snprintf(label, sizeof(label), _("Cycle %d of %d"), i, cycles);
		/* without a hold, pace each cycle at about 4 s (2 s each way) */
		k = countdown(p, label, hold > 0 ? hold : 4);
		if (k != KEY_NONE)
			return k;
	}
	return KEY_NONE;
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
	    parse_speed(sub, a->speed, &scale) < 0)
		return BUDGE_EXIT_USAGE;
	return BUDGE_EXIT_OK;
}

/* The regions to draw from: REGION, or the plan's week, or the start
 * regions; none while coaching is stopped or the regions are paused. */
static int choose_regions(const char *sub, const struct budge_config *cfg,
                          const struct now_args *a, budge_region_mask *regions)
{
	struct report_plan plan = {0};
	char path[4096], err[512];
	struct budge_store *s = NULL;
	struct stat st;

	if (budge_store_default_path(path, sizeof(path)) == 0 && stat(path, &st) == 0 &&
	    budge_store_open(path, BUDGE_STORE_READONLY, &s, err, sizeof(err)) == 0) {
		if (report_plan_compute(s, cfg, (int64_t)time(NULL), &plan) < 0)
			plan = (struct report_plan){0};
		budge_store_close(s);
	}
	if (plan.coaching_stopped) {
		cli_error(sub, _("coaching is stopped: your check-in reported a sign that needs "
		               "urgent medical care. Please get seen today; after a clinician has "
		               "seen you, 'budge checkin --clear-red-flags' resumes coaching"));
		return BUDGE_EXIT_FAILURE;
	}
	if (a->have_region) {
		if (plan.paused & (1u << a->region)) {
			cli_error(sub,
			          _("%s is paused after a red flag in your check-in; please get it "
			          "checked by a clinician before coaching it again"),
			          budge_region_name(a->region));
			return BUDGE_EXIT_FAILURE;
		}
		*regions = 1u << a->region;
	} else if (plan.started) {
		*regions = plan.active;
		if (!*regions) {
			cli_error(sub,
			          _("every region of this week's plan is paused after a red flag; "
			          "please see a clinician before coaching resumes"));
			return BUDGE_EXIT_FAILURE;
		}
	} else {
		*regions = cfg->plan_start_regions ? cfg->plan_start_regions
		                                   : 1u << BUDGE_REGION_FEET;
	}
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

/* "LABEL TITLE  (region · positions[ · discreet])", then the steps, the
 * dose and the cautions. */
static void print_guide(const char *label, const struct budge_movement *m)
{
	char pos[64];
	budge_positions_format(m->positions, pos, sizeof(pos));
	printf("%s %s  (%s · %s%s)\n", label, m->title, budge_region_name(m->region), pos,
	       m->discreet ? _(" · discreet") : "");
	for (size_t k = 0; k < m->n_steps; k++)
		printf("   %zu) %s\n", k + 1, m->steps[k]);
	if (m->dose)
		printf(_("   Dose: %s\n"), m->dose);
	if (m->cautions)
		printf(_("   Take care: %s\n"), m->cautions);
}

/* The paced session over pick[0..n); the finished ones are logged when
 * the user confirms. */
static int run_session(const char *sub, const char *speed, const struct budge_movement **pick,
                       int n)
{
	struct pacer p;
	bool completed[4] = {false}, quit = false;
	int went = 0;
	char label[32];

	if (pacer_init(&p, sub, speed) < 0)
		return BUDGE_EXIT_USAGE;
	printf(_("A %d-movement session. Enter or n: next movement · q: quit\n"), n);
	for (int i = 0; i < n && !quit; i++) {
		snprintf(label, sizeof(label), "\n%d/%d ", i + 1, n);
		print_guide(label, pick[i]);
		fflush(stdout);
		enum key k = guide_movement(&p, pick[i]);
		if (k == KEY_QUIT) {
			quit = true;
		} else if (k == KEY_NEXT) {
			puts(_("  skipped"));
		} else {
			puts(_("  ✓ finished"));
			completed[i] = true;
			went++;
		}
	}
	pacer_finish(&p);
	if (interrupted || went == 0) {
		puts(interrupted || quit ? _("\nStopped; nothing logged.")
					 : _("\nNo movement was finished; nothing logged."));
		return BUDGE_EXIT_OK;
	}
	printf("\n");
	if (ask_yes_no(went == 1 ? _("Did you do it?") : _("Did you do them?")) == 1)
		return record_done(sub, pick, completed, n);
	puts(_("Nothing logged."));
	return BUDGE_EXIT_OK;
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
	if ((ret = choose_regions(sub, &cfg, &a, &regions)) != BUDGE_EXIT_OK)
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
			print_guide(label, pick[i]);
			putchar('\n');
		}
	} else {
		ret = run_session(sub, a.speed, pick, n);
	}
	budge_catalog_finish(&cat);
	return ret;
}
