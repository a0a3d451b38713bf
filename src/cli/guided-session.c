/* SPDX-License-Identifier: MIT */
/*
 * A guided session in the terminal, shared by budge now and budge routine:
 * the pacer (countdowns that update one line in place on a terminal and
 * print one line per tick otherwise; keys read without Enter on a
 * terminal: Enter or n skips to the next movement, p or space pauses, q
 * quits; BUDGE_TIME_SCALE or --speed makes the seconds pass faster for
 * tests), one movement's guide and timing, the regions a session may use,
 * and the "done" answers: to the running coach when there is one
 * (org.budge.Coach1.RecordDone: it records them and counts them today),
 * else straight into the store; one row per movement, never two.
 */
#include "guided-session.h"

#include <errno.h>
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

#include "budge/coach-bus.h"
#include "budge/i18n.h"
#include "cli-store.h"
#include "cli.h"
#include "report.h"
#include "store.h"

/* ---- terminal and timing ---- */



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
int guided_parse_speed(const char *sub, const char *speed, double *out)
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

int pacer_init(struct pacer *p, const char *sub, const char *speed)
{
	struct sigaction sa = {.sa_handler = on_signal};

	*p = (struct pacer){.scale = 1.0, .pace = 1.0, .ready_s = 3};
	if (guided_parse_speed(sub, speed, &p->scale) < 0)
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

void pacer_finish(struct pacer *p)
{
	pacer_raw(p, false);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}


/* Wait until the monotonic time `until`, watching for keys. */
static enum guided_key pacer_wait(struct pacer *p, double until)
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
			if (buf[i] == 'p' || buf[i] == 'P' || buf[i] == ' ')
				return KEY_PAUSE;
		}
	}
}

/* label padded with blanks to 11 characters (not bytes: translations). */
void guided_pad_label(const char *label, char *buf, size_t len)
{
	size_t w = 0;

	for (const char *c = label; *c; c++)
		w += ((unsigned char)*c & 0xC0) != 0x80;
	snprintf(buf, len, "%s%*s", label, w < 11 ? (int)(11 - w) : 0, "");
}

/* Show `label` (in the user's language) with a countdown of `secs` seconds. */
enum guided_key pacer_countdown(struct pacer *p, const char *text, int secs)
{
	double start = now_s();
	char label[192];

	guided_pad_label(text, label, sizeof(label));

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
		enum guided_key k = pacer_wait(p, start + (secs - left + 1) / p->scale);
		if (k == KEY_PAUSE) {
			/* the clock stops until p or space again; the second goes on */
			double t0 = now_s();
			printf("%s", p->tty_out ? "\r\033[K" : "");
			printf(_("  paused: p or space goes on, q quits"));
			printf("%s", p->tty_out ? "" : "\n");
			fflush(stdout);
			do
				k = pacer_wait(p, t0 + 24 * 3600.0);
			while (k == KEY_NEXT);
			start += now_s() - t0;
			left++;
			if (k == KEY_PAUSE || k == KEY_NONE)
				continue;
		}
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

bool guided_interrupted(void)
{
	return interrupted != 0;
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
int guided_record_done(const char *sub, const struct budge_movement *const *pick,
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
int guided_ask_yes_no(const char *q)
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
/* A time of the catalog at pace, in whole seconds (at least 1). */
static int paced(int secs, double pace)
{
	int s = (int)(secs * pace + 0.5);
	return s < 1 ? 1 : s;
}

int guided_movement_seconds(const struct budge_movement *m, double pace, int ready_s)
{
	int cycles = m->cycles > 0 ? m->cycles : 1;

	if (m->hold_s <= 0 && m->cycles <= 0)
		return ready_s + paced(20, pace);
	return ready_s + cycles * paced(m->hold_s > 0 ? m->hold_s : 4, pace);
}

enum guided_key guided_movement(struct pacer *p, const struct budge_movement *m)
{
	char label[96];
	int cycles = m->cycles > 0 ? m->cycles : 1;
	int hold = m->hold_s > 0 ? paced(m->hold_s, p->pace) : 0;

	enum guided_key k = pacer_countdown(p, _("Get ready"), p->ready_s);
	if (k != KEY_NONE)
		return k;
	if (hold == 0 && m->cycles <= 0) {
		/* no dose in seconds: give a calm 20 s to do it */
		return pacer_countdown(p, _("Take your time"), paced(20, p->pace));
	}
	for (int i = 1; i <= cycles; i++) {
		if (hold > 0)
			snprintf(label, sizeof(label),
				 m->cycles > 0 ? _("Cycle %d of %d · hold") : _("Set %d of %d · hold"), i,
				 cycles);
		else
			snprintf(label, sizeof(label), _("Cycle %d of %d"), i, cycles);
		/* without a hold, pace each cycle at about 4 s (2 s each way) */
		k = pacer_countdown(p, label, hold > 0 ? hold : paced(4, p->pace));
		if (k != KEY_NONE)
			return k;
	}
	return KEY_NONE;
}

int guided_plan(const char *sub, const struct budge_config *cfg, struct report_plan *plan)
{
	char path[4096], err[512];
	struct budge_store *s = NULL;
	struct stat st;

	*plan = (struct report_plan){0};
	if (budge_store_default_path(path, sizeof(path)) == 0 && stat(path, &st) == 0 &&
	    budge_store_open(path, BUDGE_STORE_READONLY, &s, err, sizeof(err)) == 0) {
		if (report_plan_compute(s, cfg, (int64_t)time(NULL), plan) < 0)
			*plan = (struct report_plan){0};
		budge_store_close(s);
	}
	if (!plan->coaching_stopped)
		return BUDGE_EXIT_OK;
	cli_error(sub, _("coaching is stopped: your check-in reported a sign that needs "
			 "urgent medical care. Please get seen today; after a clinician has "
			 "seen you, 'budge checkin --clear-red-flags' resumes coaching"));
	return BUDGE_EXIT_FAILURE;
}

/* The regions to draw from: REGION, or the plan's week, or the start
 * regions; none while coaching is stopped or the regions are paused. */
int guided_choose_regions(const char *sub, const struct budge_config *cfg,
			  bool have_region, enum budge_region region, budge_region_mask *regions)
{
	struct report_plan plan;

	if (guided_plan(sub, cfg, &plan) != BUDGE_EXIT_OK)
		return BUDGE_EXIT_FAILURE;
	if (have_region) {
		if (plan.paused & (1u << region)) {
			cli_error(sub,
			          _("%s is paused after a red flag in your check-in; please get it "
			          "checked by a clinician before coaching it again"),
			          budge_region_name(region));
			return BUDGE_EXIT_FAILURE;
		}
		*regions = 1u << region;
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

/* "LABEL TITLE  (region · positions[ · discreet])", then the steps, the
 * dose (the easier version's, with easier) and the cautions. */
void guided_print(const char *label, const struct budge_movement *m, bool easier)
{
	char pos[64];
	budge_positions_format(m->positions, pos, sizeof(pos));
	printf("%s %s  (%s · %s%s)\n", label, m->title, budge_region_name(m->region), pos,
	       m->discreet ? _(" · discreet") : "");
	for (size_t k = 0; k < m->n_steps; k++)
		printf("   %zu) %s\n", k + 1, m->steps[k]);
	if (easier && m->easier) {
		/* it hurt lately: the easier version, and its dose when it has one */
		printf(_("   It hurt lately, so the easier version: %s\n"), m->easier);
		if (m->easier_dose || m->dose)
			printf(_("   Dose: %s\n"), m->easier_dose ? m->easier_dose : m->dose);
	} else if (m->dose) {
		printf(_("   Dose: %s\n"), m->dose);
	}
	if (m->cautions)
		printf(_("   Take care: %s\n"), m->cautions);
}

/* The paced session over pick[0..n) after intro (easier[i], may be NULL:
 * show the easier version); the finished ones are logged when the user
 * confirms. */
int guided_run(const char *sub, const char *speed, const struct budge_movement **pick,
	       const bool *easier, int n, const char *intro, double pace, int ready_s)
{
	struct pacer p;
	bool completed[GUIDED_MAX] = {false}, quit = false;
	int went = 0;
	char label[32];

	if (pacer_init(&p, sub, speed) < 0)
		return BUDGE_EXIT_USAGE;
	p.pace = pace;
	p.ready_s = ready_s;
	if (n > GUIDED_MAX)
		n = GUIDED_MAX;
	fputs(intro, stdout);
	for (int i = 0; i < n && !quit; i++) {
		snprintf(label, sizeof(label), "\n%d/%d ", i + 1, n);
		guided_print(label, pick[i], easier && easier[i]);
		fflush(stdout);
		enum guided_key k = guided_movement(&p, pick[i]);
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
	if (guided_ask_yes_no(went == 1 ? _("Did you do it?") : _("Did you do them?")) == 1)
		return guided_record_done(sub, pick, completed, n);
	puts(_("Nothing logged."));
	return BUDGE_EXIT_OK;
}

