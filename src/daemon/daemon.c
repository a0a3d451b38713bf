/* SPDX-License-Identifier: MIT */
/*
 * The coach's event loop (`budge run`). One sd-event loop holds every
 * source: the idle backend's fd (or the bus for D-Bus backends), the
 * session and system bus connections, the signals, and ONE timer armed at
 * the engine's next deadline. Each wakeup reads the wall clock once, feeds
 * event + now to the engine, appends the resulting actions to the store
 * (before anything is shown or acknowledged), performs them, saves the
 * engine snapshot and re-arms the timer. Nothing polls.
 *
 * The timer uses CLOCK_REALTIME: after a suspend it fires as soon as the
 * machine wakes up if its deadline has passed. Every look at the clock
 * first asks whether it jumped (coach-clock.h): a sleep nobody reported or
 * a step of the clock goes to the engine as such, never as sitting.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/inotify.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "budge-build-config.h"
#include "budge/engine.h"
#include "budge/i18n.h"
#include "calendar-watch.h"
#include "calls.h"
#include "cues.h"
#include "catalog-load.h"
#include "coach-clock.h"
#include "coach-lock.h"
#include "budge/exit.h"
#include "bus-api.h"
#include "config-file.h"
#include "budge/coach.h"
#include "idle.h"
#include "log.h"
#include "notify.h"
#include "pending-rows.h"
#include "store.h"
#include "tty-answers.h"
#include "tray.h"

#define KV_ENGINE_STATE "engine.state"
#define KV_PLAN_START "plan.start"

struct budge_daemon {
	sd_event *event;
	sd_bus *bus; /* session bus; NULL when there is none */
	const struct budge_daemon_opts *opts;
	struct budge_config cfgs[2]; /* double buffer: reload swaps */
	int cfg_idx;
	struct budge_catalog cat;
	struct budge_engine *engine;
	struct budge_store *store;
	/* the database could only be opened read-only (a read-only file
	 * system): the coach coaches, keeps its rows, and opens it for
	 * writing again before each write until that works */
	bool store_readonly;
	char store_path[4096];
	int lock_fd; /* one coach per database (coach-lock.h); -1 none */
	struct budge_pending_rows pending; /* rows to write again (a full disk) */
	bool in_request;                   /* inside a request's transaction */
	sd_event_source *timer;
	struct budge_idle_source *idle;
	struct budge_logind *logind;
	struct budge_fullscreen *fullscreen; /* NULL: not watched ([meetings] fullscreen) */
	bool fullscreen_held;                /* a fullscreen meeting was started */
	struct budge_calls *calls;           /* NULL: not watched ([meetings] calls) */
	enum budge_calls_choice calls_choice;
	bool call_held; /* a call's meeting was started */
	struct budge_notifier *notifier;
	struct budge_cues *cues; /* [cues]: phone, command, sound */
	struct budge_tty_answers *tty; /* answers typed here (no session bus) */
	struct budge_bus_api *api;
	struct budge_tray *tray; /* NULL: no tray icon */
	/* the last prompt shown, to show it again (the tray's left click) */
	uint32_t shown_id;
	char shown_summary[160], shown_body[512];
	/* coaching began (the name question is answered, or there is no
	 * bus): only from then on is anything shown or recorded */
	bool started;
	bool had_tty; /* started with a controlling terminal */
	bool refused;            /* another coach owns the name, or start failed */
	char plan_start_new[32]; /* plan.start to record once started ("" none) */
	int64_t plan_start;
	int32_t utc_offset;
	char *state_buf;
	size_t state_len;
	/* the wall clock, with the tests' hooks: a fast clock (so that the
	 * end-to-end tests can use the configuration's smallest durations
	 * and still finish in a minute) and a movable one */
	struct budge_coach_clock clock;
	bool sleep_reported; /* logind said the machine goes to sleep */
	/* the check-in's guidance in force (see refresh_guidance) */
	struct budge_engine_guidance guidance;
	bool have_guidance;
	bool in_refresh;
	char stop_reason[256];
	sd_event_source *watch;  /* inotify on the database's directory */
	struct budge_calendar_watch *calendar; /* NULL: no [meetings] calendar */
	sd_event_source *settle; /* one-shot: re-read the keys after writes */
};

static bool refresh_guidance(struct budge_daemon *d, int64_t now, bool force);
static const struct budge_coach_ops coach_ops;
static void apply_tray(struct budge_daemon *d);
static bool sitting_now(struct budge_daemon *d, int64_t now);
static void calls_step(struct budge_daemon *d);

static const struct budge_config *cfg(const struct budge_daemon *d)
{
	return &d->cfgs[d->cfg_idx];
}

static const char *daemon_state(struct budge_daemon *d, const struct budge_status *st);
static void clock_jumped(struct budge_daemon *d, const struct budge_clock_jump *j);

/* The coach's time now; a jump of the clock since the last look is
 * handled first. */
static int64_t daemon_now(struct budge_daemon *d)
{
	time_t t = time(NULL);
	struct budge_clock_jump j;
	struct tm tm;

	if (localtime_r(&t, &tm))
		d->utc_offset = (int32_t)tm.tm_gmtoff;
	if (d->engine)
		budge_engine_set_utc_offset(d->engine, d->utc_offset);
	if (d->started && d->engine && budge_coach_clock_jumped(&d->clock, &j))
		clock_jumped(d, &j);
	return budge_coach_clock_now(&d->clock);
}

static void daemon_status(struct budge_daemon *d, int64_t now, struct budge_status *out)
{
	budge_engine_status(d->engine, now, out);
}

static const char *daemon_state_name(const struct budge_status *st)
{
	if (st->paused)
		return "paused";
	if (st->quiet)
		return "quiet";
	if (st->in_meeting)
		return st->meeting_sources & (1u << BUDGE_MEETING_CALL) ? "call" : "meeting";
	return budge_presence_name(st->presence);
}

static void region_list_json(budge_region_mask mask, char *buf, size_t len)
{
	size_t l = 0;

	buf[0] = 0;
	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		if (!(mask & (1u << r)))
			continue;
		int n = snprintf(buf + l, len - l, "%s\"%s\"", l ? "," : "",
		                 budge_region_name((enum budge_region)r));
		if (n < 0 || (size_t)n >= len - l)
			break;
		l += (size_t)n;
	}
}

/* ISO 8601 local time with offset, or "null" (unquoted) for none. */
static void iso_time(struct budge_daemon *d, int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char off[8];
	long o;

	if (t <= 0 || t == BUDGE_NO_DEADLINE || !localtime_r(&tt, &tm)) {
		snprintf(buf, len, "null");
		return;
	}
	o = tm.tm_gmtoff;
	snprintf(off, sizeof(off), "%c%02u:%02u", o < 0 ? '-' : '+',
	         (unsigned)(labs(o) / 3600) % 24u, (unsigned)(labs(o) % 3600) / 60u % 60u);
	char base[32];
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "\"%s%s\"", base, off);
}

static int daemon_status_json(struct budge_daemon *d, char *buf, size_t len)
{
	struct budge_status st;
	int64_t now = daemon_now(d);
	char next[64], paused_until[64], nowiso[64], mov[80];
	char regions[256], blocked[256], reason[256], done_regions[256];
	struct budge_day_stats day = {0};
	budge_region_mask done_mask = 0;

	daemon_status(d, now, &st);
	/* today's answers so far (including movements done in `budge now`) */
	if (budge_engine_day_stats(d->engine, now, &day) < 0)
		day = (struct budge_day_stats){0};
	for (int r = 0; r < BUDGE_REGION_COUNT; r++)
		if (day.region_done[r] > 0)
			done_mask |= 1u << r;
	region_list_json(done_mask, done_regions, sizeof(done_regions));
	iso_time(d, now, nowiso, sizeof(nowiso));
	iso_time(d, st.next_prompt_at, next, sizeof(next));
	iso_time(d, st.paused && st.paused_until > 0 ? st.paused_until : 0, paused_until,
	         sizeof(paused_until));
	if (st.next_prompt_at != BUDGE_NO_DEADLINE && st.next_movement)
		snprintf(mov, sizeof(mov), "\"%s\"", st.next_movement->id);
	else
		snprintf(mov, sizeof(mov), "null");
	region_list_json(st.active_regions, regions, sizeof(regions));
	region_list_json(d->guidance.blocked_regions, blocked, sizeof(blocked));
	/* the reason is a word written by `budge checkin`; keep it JSON-safe */
	size_t rl = 0;
	for (const char *p = d->stop_reason; *p && rl < sizeof(reason) - 1; p++)
		if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			reason[rl++] = *p;
	reason[rl] = 0;
	/* why in a meeting: the sources holding one, and when it ends */
	char msources[64] = "", muntil[64], calendar_until[64];
	for (int i = 0, l = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
		if (st.meeting_sources & (1u << i))
			l += snprintf(msources + l, sizeof(msources) - (size_t)l, "%s\"%s\"",
			              l ? "," : "",
			              budge_meeting_source_name((enum budge_meeting_source)i));
	iso_time(d, st.in_meeting ? st.meeting_until : 0, muntil, sizeof(muntil));
	iso_time(d, st.meeting_ends[BUDGE_MEETING_CALENDAR], calendar_until,
	         sizeof(calendar_until));
	return snprintf(
	    buf, len,
	    "{\"state\":\"%s\",\"presence\":\"%s\",\"now\":%s,\"sitting_s\":%" PRId64
	    ",\"next_prompt_at\":%s,\"next_kind\":%s%s%s,\"next_movement\":%s"
	    ",\"open_prompt\":%" PRIu32 ",\"plan_week\":%" PRId32
	    ",\"active_regions\":[%s],\"paused\":%s,\"paused_until\":%s,\"quiet\":%s"
	    ",\"in_meeting\":%s,\"meeting_source\":[%s],\"meeting_until\":%s"
	    ",\"calendar_meeting_until\":%s,\"in_call\":%s,\"calls\":\"%s\""
	    ",\"in_work_hours\":%s,\"idle_backend\":\"%s\""
	    ",\"notifications\":\"%s\",\"stopped\":%s,\"stop_reason\":%s%s%s"
	    ",\"blocked_regions\":[%s],\"plan_paused\":%s,\"step_down\":%s,\"rotate\":%s"
	    ",\"prompts_today\":%" PRId32 ",\"done_today\":%" PRId32
	    ",\"regions_done_today\":[%s],\"limit_s\":%" PRId64 "}",
	    daemon_state(d, &st), budge_presence_name(st.presence), nowiso,
	    st.sitting_s > 0 ? st.sitting_s : 0, next,
	    st.next_prompt_at == BUDGE_NO_DEADLINE ? "" : "\"",
	    st.next_prompt_at == BUDGE_NO_DEADLINE ? "null" : budge_prompt_kind_name(st.next_kind),
	    st.next_prompt_at == BUDGE_NO_DEADLINE ? "" : "\"", mov, st.open_prompt_id,
	    st.plan_week, regions, st.paused ? "true" : "false", paused_until,
	    st.quiet ? "true" : "false",
	    st.in_meeting ? "true" : "false", msources, muntil, calendar_until,
	    st.meeting_sources & (1u << BUDGE_MEETING_CALL) ? "true" : "false",
	    budge_calls_backend(d->calls), st.in_work_hours ? "true" : "false",
	    d->idle ? budge_idle_source_name(d->idle) : "none",
	    d->notifier ? budge_notifier_mode(d->notifier) : "terminal",
	    d->guidance.stopped ? "true" : "false", d->guidance.stopped ? "\"" : "",
	    d->guidance.stopped ? reason : "null", d->guidance.stopped ? "\"" : "", blocked,
	    d->guidance.plan_paused ? "true" : "false", d->guidance.step_down ? "true" : "false",
	    d->guidance.rotate ? "true" : "false", day.prompts, day.done, done_regions, (int64_t)cfg(d)->sitting_limit);
}

/* ---- store ---------------------------------------------------------- */

/* A store opened read-only: try to open it for writing now. 0 when it is
 * writable, else -EROFS (quietly: the first failure was said). */
static int store_writable(struct budge_daemon *d)
{
	struct budge_store *s = NULL;
	char err[512];
	pid_t holder;

	if (!d->store_readonly)
		return 0;
	if (d->in_request)
		return -EROFS; /* not inside a request's transaction: before it */
	if (budge_store_open(d->store_path, BUDGE_STORE_CREATE | BUDGE_STORE_SMALL_CACHE, &s, err,
	                     sizeof(err)) < 0)
		return -EROFS;
	if (d->lock_fd < 0 && (d->lock_fd = budge_coach_lock(d->store_path, &holder)) < 0) {
		log_error("store: %s can be written again, but the coach's lock cannot be "
		          "taken (%s): nothing is written",
		          d->store_path, strerror(-d->lock_fd));
		budge_store_close(s);
		return -EROFS;
	}
	budge_store_close(d->store);
	d->store = s;
	d->store_readonly = false;
	log_info("store: %s can be written again", d->store_path);
	return 0;
}

/* Write the rows kept after failed writes, oldest first. 0 or -errno. */
static int flush_pending(struct budge_daemon *d)
{
	size_t n = d->pending.n;
	int r = store_writable(d);

	if (r == 0)
		r = budge_pending_flush(&d->pending, d->store);

	if (r == 0 && n)
		log_info("store: the %zu rows kept after failed writes are stored now", n);
	if (d->pending.dropped) {
		log_error("store: %zu rows could not be kept and are lost", d->pending.dropped);
		d->pending.dropped = 0;
	}
	return r;
}

/* One row. Inside a request a failure is the request's (it is refused as
 * a whole); outside, the row is kept and written again, after the ones
 * kept before it, with the next row. 0 or -errno. */
static int store_append(struct budge_daemon *d, const struct budge_log_entry *e)
{
	int r = d->in_request ? store_writable(d) : flush_pending(d);
	int64_t id = r < 0 ? r : budge_store_append(d->store, e);

	if (id >= 0)
		return 0;
	if (d->in_request || d->pending.n == 0)
		log_error("store: cannot record a %s event: %s%s", budge_log_kind_name(e->kind),
		          strerror((int)-id),
		          d->in_request ? "" : "; kept in memory and written again with the next row");
	if (!d->in_request)
		budge_pending_add(&d->pending, e);
	return (int)id;
}

static void save_engine(struct budge_daemon *d)
{
	int n = budge_engine_save(d->engine, d->state_buf, d->state_len);

	if (n < 0)
		return;
	if ((size_t)n >= d->state_len) {
		char *nb = realloc(d->state_buf, (size_t)n + 1);
		if (!nb)
			return;
		d->state_buf = nb;
		d->state_len = (size_t)n + 1;
		budge_engine_save(d->engine, d->state_buf, d->state_len);
	}
	int r = store_writable(d);
	if (r == 0 && (r = budge_store_set(d->store, KV_ENGINE_STATE, d->state_buf)) < 0)
		log_error("store: cannot save the coach's state: %s", strerror(-r));
}

/* ---- actions -------------------------------------------------------- */

/* after a red flag at check-in, until it is cleared */
static const char stopped_body[] = N_("You reported a sign that needs a doctor today. budge will "
				      "not prompt any movement until that is cleared.");


static void prompt_text(const struct budge_daemon *d, const struct budge_action *a, char *summary,
                        size_t slen, char *body, size_t blen)
{
	const struct budge_movement *m = a->movement;
	const char *cue = NULL, *dose = NULL;

	if (m)
		budge_prompt_variant(m, a->variant, &cue, &dose);
	switch (a->kind) {
	case BUDGE_PROMPT_MICRO:
		if (m) {
			snprintf(summary, slen, "%s", m->title);
			budge_prompt_body(cue, dose, body, blen);
			return;
		}
		snprintf(summary, slen, "%s", _("Time for a small movement"));
		snprintf(body, blen, "%s", _("Pick any movement from 'budge catalog' and do one set."));
		return;
	case BUDGE_PROMPT_MOVEMENT_BREAK:
		snprintf(summary, slen, "%s", _("Time to get up"));
		/* the movement it carries, in the version the answers chose */
		budge_break_body(a->arg, cue, body, blen);
		return;
	case BUDGE_PROMPT_WALK:
		snprintf(summary, slen, "%s", _("Today's walk"));
		if (a->arg > 0)
			snprintf(body, blen,
				 P_("Your walking plan: about %lld minute today.",
				    "Your walking plan: about %lld minutes today.", a->arg),
				 (long long)a->arg);
		else
			snprintf(body, blen, "%s", _("Your walking plan has a walk for today."));
		return;	case BUDGE_PROMPT_ROUTINE:
		snprintf(summary, slen, "%s", _("Your daily routine"));
		snprintf(body, blen, "%s",
			 _("About 10 minutes from the feet up: run 'budge routine' in a terminal."));
		return;
	}
	snprintf(summary, slen, "budge");
	snprintf(body, blen, "%s", _("Time to move."));
}

static const char *region_or_null(enum budge_region r)
{
	return budge_region_name(r);
}

/* The store row of action a, if it has one. 0, or negative errno when it
 * could not be stored (logged). */
static int record_action(struct budge_daemon *d, const struct budge_action *a)
{
	struct budge_log_entry e = {.ts = a->at};

	switch (a->type) {
	case BUDGE_ACT_PROMPT:
	case BUDGE_ACT_RESPONSE:
		e.kind = a->type == BUDGE_ACT_PROMPT ? BUDGE_LOG_PROMPT : BUDGE_LOG_RESPONSE;
		e.prompt_id = a->prompt_id;
		e.prompt_kind = budge_prompt_kind_name(a->kind);
		e.movement = a->movement ? a->movement->id : NULL;
		e.region = a->movement ? region_or_null(a->region) : NULL;
		if (a->type == BUDGE_ACT_PROMPT)
			e.value = a->variant;
		else
			e.response = a->response == BUDGE_RESP_NONE ? "ignored"
			                                            : budge_response_name(a->response);
		break;
	case BUDGE_ACT_PRESENCE:
		e.kind = BUDGE_LOG_PRESENCE;
		e.text = budge_presence_name(a->presence);
		break;
	case BUDGE_ACT_BOUT_END:
		e.kind = BUDGE_LOG_BOUT;
		e.value = a->arg;
		break;
	case BUDGE_ACT_BREAK:
		e.kind = BUDGE_LOG_BREAK;
		e.value = a->arg;
		e.text = a->full_break ? "full" : "short";
		break;
	case BUDGE_ACT_PLAN:
		e.kind = BUDGE_LOG_PLAN;
		e.text = a->message;
		e.region = region_or_null(a->region);
		break;
	default:
		return 0; /* no row */
	}
	return store_append(d, &e);
}

/* What action a does besides its row: notifications, signals, the log. */
static void show_action(struct budge_daemon *d, const struct budge_action *a)
{
	char summary[160], body[512];

	switch (a->type) {
	case BUDGE_ACT_PROMPT:
		prompt_text(d, a, summary, sizeof(summary), body, sizeof(body));
		log_info("prompt %" PRIu32 ": %s: %s", a->prompt_id, summary, body);
		budge_notifier_show(d->notifier, a->prompt_id, summary, body);
		budge_cues_prompt(d->cues, a->prompt_id, budge_prompt_kind_name(a->kind), summary,
		                  body);
		budge_bus_api_emit_prompt(d->api, a, summary, body);
		d->shown_id = a->prompt_id;
		snprintf(d->shown_summary, sizeof(d->shown_summary), "%s", summary);
		snprintf(d->shown_body, sizeof(d->shown_body), "%s", body);
		break;
	case BUDGE_ACT_PROMPT_CLOSE:
		budge_notifier_close(d->notifier, a->prompt_id);
		break;
	case BUDGE_ACT_RESPONSE:
		log_info("prompt %" PRIu32 ": %s", a->prompt_id,
		         a->response == BUDGE_RESP_NONE ? "ignored" : budge_response_name(a->response));
		break;
	case BUDGE_ACT_PRESENCE:
		log_info("presence: %s", budge_presence_name(a->presence));
		break;
	case BUDGE_ACT_PLAN:
		log_info("plan: %s", a->message);
		budge_notifier_message(d->notifier, _("Your plan grows"), a->message);
		break;
	case BUDGE_ACT_SAFETY:
		log_warn("safety: %s", a->message);
		budge_notifier_advice(d->notifier, _("Please take care"), a->message);
		break;
	case BUDGE_ACT_ADAPT:
	case BUDGE_ACT_VARIANT:
		if (a->message[0])
			log_info("%s", a->message);
		break;
	default:
		break;
	}
}

/* Store first, then show. */
static void perform(struct budge_daemon *d, const struct budge_action *a)
{
	record_action(d, a);
	show_action(d, a);
}

static void rearm(struct budge_daemon *d)
{
	int64_t dl = budge_engine_next_deadline(d->engine);
	int r;

	/* the same one timer also wakes us for the next calendar meeting */
	if (d->calendar) {
		int64_t c = budge_calendar_watch_next(d->calendar,
		                                      budge_coach_clock_now(&d->clock));
		if (c < dl)
			dl = c;
	}
	/* ... and for the next look for calls (a polled backend, while sitting) */
	if (d->calls && budge_calls_next_check(d->calls) < dl &&
	    sitting_now(d, budge_coach_clock_now(&d->clock)))
		dl = budge_calls_next_check(d->calls);

	if (sd_event_get_state(d->event) == SD_EVENT_FINISHED)
		return; /* shutting down */
	if (dl == BUDGE_NO_DEADLINE || dl < 0) {
		sd_event_source_set_enabled(d->timer, SD_EVENT_OFF);
		return;
	}
	if (dl > INT64_MAX / 1000000 / 2)
		dl = INT64_MAX / 1000000 / 2;
	/* The engine has just advanced to now: a deadline not after now
	 * would fire at once, again and again. Never spin. */
	int64_t now = budge_coach_clock_now(&d->clock);
	if (dl <= now)
		dl = now + 1;
	r = sd_event_source_set_time(d->timer, budge_coach_clock_realtime_usec(&d->clock, dl));
	if (r >= 0)
		r = sd_event_source_set_enabled(d->timer, SD_EVENT_ONESHOT);
	if (r < 0)
		log_error("cannot arm the timer: %s", strerror(-r));
}

static void run_actions(struct budge_daemon *d)
{
	struct budge_action a;
	bool any = false;

	while (budge_engine_pop_action(d->engine, &a)) {
		perform(d, &a);
		any = true;
	}
	if (any)
		save_engine(d);
	budge_bus_api_changed(d->api);
	budge_tray_changed(d->tray);
	rearm(d);
}

/* The store's name of a meeting's source (prompt_kind of a meeting row);
 * NULL for a manual one, so that those rows stay as they were. */
static const char *meeting_source_name(enum budge_meeting_source s)
{
	return s == BUDGE_MEETING_MANUAL ? NULL : budge_meeting_source_name(s);
}

/* The row that records input ev itself (a pause, a resume, a meeting),
 * if it has one. 0, or negative errno when it could not be stored. */
static int record_input(struct budge_daemon *d, const struct budge_input_event *ev, int64_t now)
{
	struct budge_log_entry e = {.ts = now};

	switch (ev->type) {
	case BUDGE_IN_PAUSE:
		e.kind = BUDGE_LOG_PAUSE;
		e.value = ev->arg;
		break;
	case BUDGE_IN_RESUME_COACHING:
		e.kind = BUDGE_LOG_RESUME;
		break;
	case BUDGE_IN_MEETING_START:
	case BUDGE_IN_MEETING_END:
		e.kind = BUDGE_LOG_MEETING;
		e.text = ev->type == BUDGE_IN_MEETING_START ? "start" : "end";
		e.value = ev->arg;
		/* who: NULL for manual, else the source's name (store.h) */
		e.prompt_kind = meeting_source_name(ev->source);
		break;
	default:
		return 0;
	}
	return store_append(d, &e);
}

/* The rows of input ev (when the engine took it) and of every action it
 * caused, in one transaction;
 * the actions are moved to *acts (n of them, the caller frees). 0, or
 * negative errno when a write or the commit failed (rolled back). */
static int record_request(struct budge_daemon *d, const struct budge_input_event *ev,
                          bool taken, int64_t now, struct budge_action **acts, size_t *n)
{
	size_t cap = 0;
	struct budge_action a;
	int w = taken ? record_input(d, ev, now) : 0;

	*acts = NULL;
	*n = 0;
	while (budge_engine_pop_action(d->engine, &a)) {
		if (*n == cap) {
			struct budge_action *na = realloc(*acts, (cap = cap ? 2 * cap : 8) * sizeof(a));
			if (!na) {
				w = -ENOMEM;
				break;
			}
			*acts = na;
		}
		(*acts)[(*n)++] = a;
		if (w >= 0)
			w = record_action(d, &a);
	}
	if (w >= 0)
		w = budge_store_commit(d->store);
	if (w < 0)
		budge_store_rollback(d->store);
	return w;
}

/* A D-Bus request, which the caller waits to hear was stored: what was due
 * before it first; then the engine takes it, and its rows and those of the actions
 * it causes are stored in one transaction before anything is shown. When
 * that fails the engine goes back to where it was, as if the request had
 * not come: *store_err gets the write's negative errno, and
 * the next request tries the disk again. Returns the engine's answer. */
static int daemon_bus_input(struct budge_daemon *d, const struct budge_input_event *ev,
                            int *store_err)
{
	int64_t now = daemon_now(d);
	struct budge_engine *before = NULL;
	struct budge_action *acts = NULL;
	size_t n = 0;
	int r, w;

	*store_err = 0;
	refresh_guidance(d, now, false);
	budge_engine_advance(d->engine, now);
	run_actions(d);
	flush_pending(d); /* older rows first; a failure shows below */
	if ((w = budge_engine_clone(d->engine, &before)) < 0 ||
	    (w = budge_store_begin(d->store)) < 0) {
		budge_engine_destroy(before);
		log_error("store: cannot record a request: %s", strerror(-w));
		*store_err = w;
		return 0;
	}
	r = budge_engine_handle(d->engine, ev, now);
	d->in_request = true;
	w = record_request(d, ev, r >= 0, now, &acts, &n);
	d->in_request = false;
	if (w < 0) {
		budge_engine_destroy(d->engine);
		d->engine = before;
		*store_err = w;
	} else {
		budge_engine_destroy(before);
		for (size_t i = 0; i < n; i++)
			show_action(d, &acts[i]);
		if (n)
			save_engine(d);
	}
	free(acts);
	budge_bus_api_changed(d->api);
	budge_tray_changed(d->tray);
	rearm(d);
	return r;
}

/* An input nobody waits for an answer to (idle, lock, the calendar, a
 * click in a notification): rows that cannot be stored are logged and the
 * coach goes on. */
static int daemon_input(struct budge_daemon *d, const struct budge_input_event *ev)
{
	int64_t now = daemon_now(d);
	int r;

	refresh_guidance(d, now, false);
	budge_engine_advance(d->engine, now);
	r = budge_engine_handle(d->engine, ev, now);
	if (r >= 0)
		record_input(d, ev, now);
	run_actions(d);
	return r;
}

static const struct budge_movement *daemon_movement(struct budge_daemon *d, const char *id)
{
	return id ? budge_catalog_find(&d->cat, id) : NULL;
}

static int daemon_record_done(struct budge_daemon *d, const struct budge_movement *m)
{
	int64_t now = daemon_now(d);
	struct budge_input_event ev = {
	    .type = BUDGE_IN_MOVEMENT_DONE, .at = now, .movement = m->id};
	/* the row `budge now` writes itself when no coach runs */
	struct budge_log_entry e = {
	    .ts = now,
	    .kind = BUDGE_LOG_RESPONSE,
	    .prompt_kind = "micro",
	    .movement = m->id,
	    .region = budge_region_name(m->region),
	    .response = "done",
	    .text = "guided",
	};
	int64_t id;
	int r;

	/* what was due before now happens (and is recorded) first */
	refresh_guidance(d, now, false);
	budge_engine_advance(d->engine, now);
	run_actions(d);
	/* durable before the engine counts it and the caller hears back */
	id = budge_store_append(d->store, &e);
	if (id < 0) {
		log_error("store: cannot record '%s' as done: %s", m->id, strerror((int)-id));
		return (int)id;
	}
	r = budge_engine_handle(d->engine, &ev, now);
	if (r < 0)
		log_error("the engine did not take '%s' as done: %s", m->id, strerror(-r));
	else
		log_info("done outside a prompt: %s", m->id);
	run_actions(d);
	return 0;
}

/* ---- event sources -------------------------------------------------- */

static void calendar_step(struct budge_daemon *d);

/* Time passed: the timer fired, or the clock was set. */
static void wake(struct budge_daemon *d)
{
	int64_t now = daemon_now(d);

	refresh_guidance(d, now, false);
	calendar_step(d);
	calls_step(d);
	budge_engine_advance(d->engine, now);
	run_actions(d);
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	(void)s;
	(void)usec;
	wake(userdata);
	return 0;
}

static void on_clock_set(void *userdata)
{
	struct budge_daemon *d = userdata;

	if (d->started)
		wake(d);
}

static void duration_words(int64_t s, char *buf, size_t len)
{
	s = s < 0 ? -s : s;
	if (s >= 3600)
		snprintf(buf, len, "%" PRId64 "h%02" PRId64 "m", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(buf, len, "%" PRId64 "m%02" PRId64 "s", s / 60, s % 60);
	else
		snprintf(buf, len, "%" PRId64 "s", s);
}

/* The clock jumped: a sleep nobody reported, and a step of the clock, go
 * to the engine as what they are (time away, or times moved), logged and
 * recorded as "daemon" rows (clock: value = seconds set by; sleep: value =
 * seconds slept), and whatever they caused is recorded and shown now. */
static void clock_jumped(struct budge_daemon *d, const struct budge_clock_jump *jump)
{
	int64_t now = budge_coach_clock_now(&d->clock);
	struct budge_clock_jump jj = *jump, *j = &jj;
	char len[32];

	if (j->slept && d->sleep_reported) {
		log_debug("woke up after %" PRId64 " s of the sleep logind reported", j->slept);
		j->slept = 0; /* the engine has had SUSPEND already */
	}
	if (j->slept) {
		duration_words(j->slept, len, sizeof(len));
		log_info("the machine slept %s without a suspend event: counted as time away", len);
		store_append(d, &(struct budge_log_entry){.ts = now, .kind = BUDGE_LOG_DAEMON,
		                                          .text = "sleep", .value = j->slept});
	}
	if (j->step) {
		duration_words(j->step, len, sizeof(len));
		log_info("the clock was set %s by %s: %s", j->step > 0 ? "forward" : "back", len,
		         j->step >= cfg(d)->sitting_gap ? "counted as time away, nothing missed is "
		                                          "replayed"
		                                        : "the coach's times move with it");
		store_append(d, &(struct budge_log_entry){.ts = now, .kind = BUDGE_LOG_DAEMON,
		                                          .text = "clock", .value = j->step});
	}
	budge_engine_clock_jump(d->engine, j->at, j->slept, j->step);
	run_actions(d);
}

static void on_idle(enum budge_idle_event ev, uint64_t idle_ms, void *userdata)
{
	struct budge_daemon *d = userdata;
	int64_t now = daemon_now(d);
	struct budge_input_event in = {
	    .type = ev == BUDGE_IDLE_EV_IDLE ? BUDGE_IN_IDLE : BUDGE_IN_ACTIVE,
	    .at = ev == BUDGE_IDLE_EV_IDLE
	              ? now - (int64_t)(idle_ms * (uint64_t)d->clock.scale / 1000)
	                                   : now,
	};

	log_debug("idle source: %s (%" PRIu64 " ms)", ev == BUDGE_IDLE_EV_IDLE ? "idle" : "active",
	          idle_ms);
	daemon_input(d, &in);
}

static void on_logind(enum budge_logind_event ev, void *userdata)
{
	struct budge_daemon *d = userdata;
	static const enum budge_input map[] = {
	    [BUDGE_LOGIND_LOCK] = BUDGE_IN_LOCK,
	    [BUDGE_LOGIND_UNLOCK] = BUDGE_IN_UNLOCK,
	    [BUDGE_LOGIND_SLEEP] = BUDGE_IN_SUSPEND,
	    [BUDGE_LOGIND_WAKE] = BUDGE_IN_RESUME,
	};
	/* the look at the clock on waking sees the sleep logind reported */
	struct budge_input_event in = {.type = map[ev], .at = daemon_now(d)};

	log_debug("logind: %s", ev == BUDGE_LOGIND_LOCK     ? "lock"
	                        : ev == BUDGE_LOGIND_UNLOCK ? "unlock"
	                        : ev == BUDGE_LOGIND_SLEEP  ? "sleep"
	                                                    : "wake");
	if (ev == BUDGE_LOGIND_SLEEP || ev == BUDGE_LOGIND_WAKE)
		d->sleep_reported = ev == BUDGE_LOGIND_SLEEP;
	daemon_input(d, &in);
}

/* ---- fullscreen = presenting (X11) ------------------------------------ */

/* A watched source (a fullscreen window, a call) starts or ends its
 * meeting hold; *held says whether it holds one. */
static void watched_hold(struct budge_daemon *d, enum budge_meeting_source src, bool *held,
                         bool on, const char *what)
{
	int64_t now = daemon_now(d);
	struct budge_status st;

	if (on == *held)
		return;
	*held = on;
	if (!on) {
		/* `budge meeting end` may have released the hold already: then
		 * there is nothing to end (and no second end row to write). */
		budge_engine_status(d->engine, now, &st);
		if (!(st.meeting_sources & (1u << src))) {
			log_info("%s ended (its meeting was already ended)", what);
			return;
		}
	}
	log_info("%s %s: %s", what, on ? "began" : "ended",
	         on ? "meeting (discreet movements only)" : "its meeting ends");
	daemon_input(d, &(struct budge_input_event){
	                          .type = on ? BUDGE_IN_MEETING_START : BUDGE_IN_MEETING_END,
	                          .at = now,
	                          .arg = 0,
	                          .source = src,
	                      });
}

static void fullscreen_hold(struct budge_daemon *d, bool on)
{
	watched_hold(d, BUDGE_MEETING_FULLSCREEN, &d->fullscreen_held, on,
	             "a fullscreen window");
}

#if HAVE_X11
static void on_fullscreen(bool fullscreen, void *userdata)
{
	fullscreen_hold(userdata, fullscreen);
}
#endif

/* Start or stop the fullscreen watch as [meetings] fullscreen says: only in
 * an X session (DISPLAY set, as the x11 idle backend needs too). */
static void apply_fullscreen(struct budge_daemon *d)
{
	const char *display = getenv("DISPLAY");
	bool want = cfg(d)->meetings_fullscreen && display && *display;

#if HAVE_X11
	/* a reload reconnects a watcher whose X server went away */
	if (d->fullscreen && !budge_fullscreen_connected(d->fullscreen)) {
		budge_fullscreen_destroy(d->fullscreen);
		d->fullscreen = NULL;
	}
	if (!want && d->fullscreen) {
		budge_fullscreen_destroy(d->fullscreen);
		d->fullscreen = NULL;
		log_info("fullscreen windows are no longer watched");
	}
	if (!want)
		fullscreen_hold(d, false);
	if (want && !d->fullscreen) {
		int r = budge_fullscreen_create(d->event, on_fullscreen, d, &d->fullscreen);
		if (r < 0)
			log_info("cannot watch for fullscreen windows on %s (%s): presenting is not "
			         "detected",
			         display, strerror(-r));
		else
			log_info("watching for a fullscreen focused window on %s", display);
	}
#else
	(void)want;
#endif
}

/* ---- calls: a camera or microphone capture ([meetings] calls) ------------ */

static void call_hold(struct budge_daemon *d, bool on)
{
	watched_hold(d, BUDGE_MEETING_CALL, &d->call_held, on, "a call (camera or microphone)");
}

static void on_call(bool in_call, void *userdata)
{
	call_hold(userdata, in_call);
	rearm(userdata); /* the backend may have changed: the next look */
}

/* Is the user sitting at the desk now (present, coached)? The polled
 * calls backend looks only then. */
static bool sitting_now(struct budge_daemon *d, int64_t now)
{
	struct budge_status st;

	budge_engine_status(d->engine, now, &st);
	return st.presence == BUDGE_PRESENT && !st.paused;
}

/* A look for calls, if the backend is polled and one is due. */
static void calls_step(struct budge_daemon *d)
{
	int64_t now = budge_coach_clock_now(&d->clock);

	if (d->calls && sitting_now(d, now))
		budge_calls_check(d->calls, now);
}

/* Start, stop or change the calls watch as [meetings] calls says. */
static void apply_calls(struct budge_daemon *d)
{
	enum budge_calls_choice want = (enum budge_calls_choice)cfg(d)->meetings_calls;

	/* kept as it is unless the choice changed, or PipeWire was lost (a
	 * reload tries it again) */
	if (d->calls && want == d->calls_choice &&
	    strcmp(budge_calls_backend(d->calls), want == BUDGE_CALLS_ALSA ? "alsa" : "pipewire") == 0)
		return;
	budge_calls_destroy(d->calls);
	d->calls = NULL;
	d->calls_choice = want;
	if (want != BUDGE_CALLS_NO) {
		int r = budge_calls_create(d->event, want, on_call, d, &d->calls);
		if (r < 0)
			log_warn("[meetings] calls: cannot watch for calls (%s)",
			         r == -ENOTSUP ? "built without PipeWire's headers" : strerror(-r));
		else
			log_info("calls: looking for camera and microphone capture (%s)",
			         budge_calls_backend(d->calls));
	}
	if (!d->calls)
		call_hold(d, false);
	calls_step(d);
}

/* ---- meetings from the calendar ([meetings] calendar) -------------------- */

/* Tell the engine what the calendar says now: a meeting starts (for the
 * time left of it), or one it holds is gone from the files. */
static void calendar_step(struct budge_daemon *d)
{
	struct budge_status st;
	int64_t now, arg = 0;
	enum budge_calendar_step step;

	if (!d->calendar)
		return;
	now = daemon_now(d);
	budge_engine_advance(d->engine, now); /* expired holds are gone */
	daemon_status(d, now, &st);
	step = budge_calendar_watch_step(d->calendar, now, &st, &arg);
	if (step == BUDGE_CALENDAR_NOTHING)
		return;
	if (step == BUDGE_CALENDAR_START) {
		char until[16];
		time_t end = (time_t)(now + arg);
		struct tm tm;
		if (localtime_r(&end, &tm))
			strftime(until, sizeof(until), "%H:%M", &tm);
		else
			snprintf(until, sizeof(until), "?");
		log_info("calendar: meeting until %s (discreet movements only)", until);
	} else {
		log_info("calendar: the meeting is no longer in the calendar");
	}
	daemon_input(d, &(struct budge_input_event){
	                          .type = step == BUDGE_CALENDAR_START ? BUDGE_IN_MEETING_START
	                                                               : BUDGE_IN_MEETING_END,
	                          .at = now,
	                          .arg = step == BUDGE_CALENDAR_START ? arg : 0,
	                          .source = BUDGE_MEETING_CALENDAR,
	                      });
}

static void on_calendar(enum budge_calendar_event ev, void *userdata)
{
	struct budge_daemon *d = userdata;

	if (ev == BUDGE_CALENDAR_FILE_CHANGED) {
		budge_calendar_watch_read(d->calendar, daemon_now(d));
		return;
	}
	calendar_step(d);
	run_actions(d);
}

/* Start, stop or re-read the calendar as [meetings] calendar says (start,
 * reload). The caller runs the actions. */
static void apply_calendar(struct budge_daemon *d)
{
	const char *list = cfg(d)->meetings_calendar;
	int64_t now = daemon_now(d);

	if (d->calendar && strcmp(budge_calendar_watch_list(d->calendar), list) != 0) {
		budge_calendar_watch_destroy(d->calendar);
		d->calendar = NULL;
	}
	if (!list[0]) {
		struct budge_status st;
		daemon_status(d, now, &st);
		if (st.meeting_sources & (1u << BUDGE_MEETING_CALENDAR))
			daemon_input(d, &(struct budge_input_event){
			                          .type = BUDGE_IN_MEETING_END,
			                          .at = now,
			                          .source = BUDGE_MEETING_CALENDAR,
			                      });
		return;
	}
	if (d->calendar) {
		budge_calendar_watch_read(d->calendar, now);
	} else if (budge_calendar_watch_create(d->event, list, now, on_calendar, d, &d->calendar) <
	           0) {
		log_error("[meetings] calendar: out of memory; coaching goes on without it");
		return;
	}
	calendar_step(d);
}

static void on_tty_answer(const char *response, void *userdata)
{
	struct budge_daemon *d = userdata;
	struct budge_input_event in = {.type = BUDGE_IN_RESPOND, .at = daemon_now(d)};

	budge_response_parse(response, &in.response); /* the table's names parse */
	if (daemon_input(d, &in) < 0)
		printf(_("        no prompt is open: nothing to answer\n"));
	else
		printf("        recorded: %s\n", response);
	fflush(stdout);
}

/* Without a session bus the control commands cannot reach the coach: its
 * own terminal takes the answers when there is one (and no idle source
 * reads it), else the prompt says that it cannot be answered. */
static void answer_here(struct budge_daemon *d)
{
	char hint[160];

	if (isatty(STDIN_FILENO) && strcmp(budge_idle_source_name(d->idle), "stdin") != 0 &&
	    budge_tty_answers_create(d->event, on_tty_answer, d, &d->tty) == 0) {
		budge_notifier_set_answer_hint(d->notifier, _(BUDGE_TTY_ANSWER_HINT));
		return;
	}
	snprintf(hint, sizeof(hint),
		 _("no session bus, so 'budge done' cannot reach this coach: unanswered, the "
		   "prompt counts as ignored after %lld s"),
		 (long long)cfg(d)->prompts_response_timeout);

	budge_notifier_set_answer_hint(d->notifier, hint);
}

static void on_notify_action(uint32_t prompt_id, const char *action, void *userdata)
{
	struct budge_daemon *d = userdata;
	enum budge_response resp;

	if (budge_response_parse(action, &resp) < 0 || resp == BUDGE_RESP_NONE) {
		log_warn("notifications: unknown action '%s' ignored", action);
		return;
	}
	struct budge_input_event in = {
	    .type = BUDGE_IN_RESPOND,
	    .at = daemon_now(d),
	    .response = resp,
	    .prompt_id = prompt_id,
	};
	int r = daemon_input(d, &in);
	if (r < 0)
		log_info("notifications: answer '%s' to prompt %" PRIu32 " came too late", action,
		         prompt_id);
}

/* Do not disturb: the engine is quiet while the server's do-not-disturb
 * is on and the config says to follow it. */
static void apply_quiet(struct budge_daemon *d)
{
	struct budge_status st;
	bool want = d->notifier && budge_notifier_quiet(d->notifier) &&
	            cfg(d)->prompts_do_not_disturb;

	daemon_status(d, daemon_now(d), &st);
	if (want == st.quiet)
		return;
	daemon_input(d, &(struct budge_input_event){
	                          .type = want ? BUDGE_IN_QUIET_START : BUDGE_IN_QUIET_END,
	                          .at = daemon_now(d),
	                      });
}

static void on_quiet(bool quiet, void *userdata)
{
	apply_quiet(userdata);
}

static uint64_t idle_timeout_ms(const struct budge_config *c)
{
	/* Report idleness well before it matters (half the gap, at most a
	 * minute) so the engine can date the break from the last input. */
	int64_t ms = c->sitting_gap * 1000 / 2;

	if (ms > 60000)
		ms = 60000;
	if (ms < 1000)
		ms = 1000;
	return (uint64_t)ms;
}

static const char *idle_choice_name(enum budge_idle_backend_choice c)
{
	switch (c) {
	case BUDGE_IDLE_X11:
		return "x11";
	case BUDGE_IDLE_WAYLAND:
		return "wayland";
	case BUDGE_IDLE_GNOME:
		return "gnome";
	case BUDGE_IDLE_NONE:
		return "none";
	case BUDGE_IDLE_AUTO:
		break;
	}
	return NULL;
}

static int start_idle(struct budge_daemon *d)
{
	const char *name = d->opts->idle ? d->opts->idle : idle_choice_name(cfg(d)->idle_backend);
	struct budge_idle_params p = {
	    .timeout_ms = idle_timeout_ms(cfg(d)) / (uint64_t)d->clock.scale,
	    .cb = on_idle,
	    .userdata = d,
	    .bus = d->bus,
	};
	int r;

	budge_idle_source_destroy(d->idle);
	d->idle = NULL;
	r = budge_idle_source_create(d->event, name, &p, &d->idle);
	if (r < 0 && name) {
		log_warn("idle backend '%s' is not available here (%s); trying the others", name,
		         strerror(-r));
		r = budge_idle_source_create(d->event, NULL, &p, &d->idle);
	}
	if (r < 0)
		return r;
	if (strcmp(budge_idle_source_name(d->idle), "none") == 0)
		log_info("no idle source: assuming you are present (sitting) during work hours");
	else
		log_info("idle source: %s", budge_idle_source_name(d->idle));
	return 0;
}

/* ---- check-in guidance ------------------------------------------------
 *
 * `budge checkin` runs as its own process and writes kv keys (store.h). The
 * coach maps them to the engine's guidance (budge_engine_set_guidance) at
 * start, on reload and at every wakeup (timer, idle/lock input, D-Bus call)
 * and, so that a check-in takes effect within a second even when nothing
 * else happens, shortly after the database files change (inotify on their
 * directory). A read is six indexed kv lookups; wakeups are rare. */

static bool kv_flag(struct budge_daemon *d, const char *key)
{
	char buf[16];

	return budge_store_get(d->store, key, buf, sizeof(buf)) >= 0 && strcmp(buf, "1") == 0;
}

static void read_guidance(struct budge_daemon *d, struct budge_engine_guidance *g, char *reason,
                          size_t rlen)
{
	char buf[256];
	size_t bad;

	memset(g, 0, sizeof(*g));
	reason[0] = 0;
	if (budge_store_get(d->store, "coaching.stopped", buf, sizeof(buf)) >= 0 && buf[0]) {
		g->stopped = true;
		snprintf(reason, rlen, "%s", buf);
	}
	if (budge_store_get(d->store, "redflag.regions", buf, sizeof(buf)) >= 0 && buf[0]) {
		budge_region_mask mask = 0;
		if (budge_region_parse_list(buf, &mask, &bad) < 0) {
			/* Unknown words: safer to block every region than none. */
			log_warn("store: redflag.regions '%s' has an unknown region at byte %zu; "
			         "not coaching any region",
			         buf, bad);
			mask = BUDGE_REGION_ALL;
		}
		g->blocked_regions = mask;
	}
	g->plan_paused = kv_flag(d, "plan.paused") || kv_flag(d, "plan.hold");
	g->step_down = kv_flag(d, "plan.step_down");
	g->rotate = kv_flag(d, "cues.rotate");
}

static bool guidance_equal(const struct budge_engine_guidance *a,
                           const struct budge_engine_guidance *b)
{
	return a->stopped == b->stopped && a->blocked_regions == b->blocked_regions &&
	       a->plan_paused == b->plan_paused && a->step_down == b->step_down &&
	       a->rotate == b->rotate;
}

/* Re-read the check-in's keys; apply them when they changed (or always
 * when force). Returns true when the engine got new guidance; the caller
 * runs the actions. */
static bool refresh_guidance(struct budge_daemon *d, int64_t now, bool force)
{
	struct budge_engine_guidance g;
	char reason[sizeof(d->stop_reason)];

	if (!d->store || !d->engine)
		return false;
	read_guidance(d, &g, reason, sizeof(reason));
	if (!force && d->have_guidance && guidance_equal(&g, &d->guidance) &&
	    strcmp(reason, d->stop_reason) == 0)
		return false;
	bool was_stopped = d->have_guidance && d->guidance.stopped;
	budge_region_mask was_blocked = d->have_guidance ? d->guidance.blocked_regions : 0;

	budge_engine_set_guidance(d->engine, &g, now);
	d->guidance = g;
	d->have_guidance = true;
	snprintf(d->stop_reason, sizeof(d->stop_reason), "%s", reason);
	if (g.stopped && !was_stopped) {
		log_warn("coaching is stopped after an emergency sign at check-in (%s): see a "
		         "clinician today, then run 'budge checkin --clear-red-flags'",
		         reason);
		if (d->notifier)
			budge_notifier_message(d->notifier, _("Coaching is stopped"),
					       _(stopped_body));
	} else if (!g.stopped && was_stopped) {
		log_info("the emergency stop was cleared: coaching goes on");
	}
	if (g.blocked_regions != was_blocked && !g.stopped &&
	    (g.blocked_regions || !was_stopped)) {
		char list[256] = "";
		size_t l = 0;
		for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
			if (!(g.blocked_regions & (1u << r)))
				continue;
			int n = snprintf(list + l, sizeof(list) - l, "%s%s", l ? ", " : "",
			                 budge_region_name((enum budge_region)r));
			if (n < 0 || (size_t)n >= sizeof(list) - l)
				break;
			l += (size_t)n;
		}
		if (g.blocked_regions)
			log_info("not coaching these regions after a red flag at check-in: %s",
			         list);
		else
			log_info("no region is blocked by a red flag any more");
	}
	log_debug("guidance: stopped=%d blocked=0x%x plan_paused=%d step_down=%d rotate=%d",
	          g.stopped, (unsigned)g.blocked_regions, g.plan_paused, g.step_down, g.rotate);
	return true;
}

static void daemon_refresh(struct budge_daemon *d)
{
	if (d->in_refresh)
		return;
	d->in_refresh = true;
	if (refresh_guidance(d, daemon_now(d), false))
		run_actions(d);
	d->in_refresh = false;
}

static bool daemon_stopped(struct budge_daemon *d, const char **reason)
{
	if (reason)
		*reason = d->stop_reason;
	return d->have_guidance && d->guidance.stopped;
}

static const char *daemon_state(struct budge_daemon *d, const struct budge_status *st)
{
	if (daemon_stopped(d, NULL))
		return "stopped";
	return daemon_state_name(st);
}

/* The database's directory changed (another process committed, or we did):
 * look at the keys a moment later, once per burst of writes. */
static int on_store_settled(sd_event_source *s, uint64_t usec, void *userdata)
{
	daemon_refresh(userdata);
	return 0;
}

static int on_store_changed(sd_event_source *s, const struct inotify_event *ev, void *userdata)
{
	struct budge_daemon *d = userdata;
	int enabled = SD_EVENT_OFF;

	if (!d->settle)
		return 0;
	sd_event_source_get_enabled(d->settle, &enabled);
	if (enabled != SD_EVENT_OFF)
		return 0;
	uint64_t t;
	if (sd_event_now(d->event, CLOCK_MONOTONIC, &t) < 0)
		return 0;
	if (sd_event_source_set_time(d->settle, t + 300 * 1000) >= 0)
		sd_event_source_set_enabled(d->settle, SD_EVENT_ONESHOT);
	return 0;
}

static void watch_store(struct budge_daemon *d, const char *db_path)
{
	char dir[4096];
	const char *slash = strrchr(db_path, '/');
	int r;

	if (slash == db_path)
		snprintf(dir, sizeof(dir), "/");
	else if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - db_path), db_path);
	else
		snprintf(dir, sizeof(dir), ".");
	r = sd_event_add_time(d->event, &d->settle, CLOCK_MONOTONIC, 0, 100 * 1000,
	                      on_store_settled, d);
	if (r >= 0)
		r = sd_event_source_set_enabled(d->settle, SD_EVENT_OFF);
	if (r >= 0)
		r = sd_event_add_inotify(d->event, &d->watch, dir,
		                         IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE,
		                         on_store_changed, d);
	if (r < 0)
		log_info("cannot watch %s (%s): a check-in takes effect at the coach's next "
		         "wakeup",
		         dir, strerror(-r));
}

static int daemon_reload(struct budge_daemon *d, char *errbuf, size_t errlen)
{
	struct budge_config_error err = {0};
	int next = 1 - d->cfg_idx;
	int r = budge_config_load(d->opts->config_path, &d->cfgs[next], &err);

	if (r < 0) {
		char msg[700];
		budge_config_error_format(&err, msg, sizeof(msg));
		log_error("reload: %s; keeping the running configuration", msg);
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s", msg);
		return r;
	}
	uint64_t old_timeout = idle_timeout_ms(cfg(d));
	budge_engine_set_config(d->engine, &d->cfgs[next]);
	budge_notifier_set_sound(d->notifier, d->cfgs[next].prompts_sound);
	d->cfg_idx = next;
	if (!d->started) {
		/* SIGHUP while the name question is open: start_coaching uses
		 * the new settings; nothing is recorded before */
		log_info("configuration reloaded");
		return 0;
	}
	store_append(d, &(struct budge_log_entry){
	                    .ts = daemon_now(d), .kind = BUDGE_LOG_DAEMON, .text = "reload"});
	log_info("configuration reloaded");
	if (idle_timeout_ms(cfg(d)) != old_timeout && start_idle(d) < 0)
		log_warn("idle source lost on reload; continuing without one");
	apply_fullscreen(d);
	apply_calls(d);
	budge_cues_configure(d->cues, cfg(d));
	apply_quiet(d);
	apply_calendar(d);
	apply_tray(d);
	int64_t now = daemon_now(d);
	refresh_guidance(d, now, true);
	budge_engine_advance(d->engine, now);
	run_actions(d);
	return 0;
}

/* Is the controlling terminal still there? After a hang-up it cannot be
 * opened any more. */
static bool terminal_present(void)
{
	int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct budge_daemon *d = userdata;

	if (si->ssi_signo == SIGHUP) {
		if (!d->had_tty || terminal_present()) {
			daemon_reload(d, NULL, 0);
			return 0;
		}
		/* the coach's terminal was closed: the hang-up means "stop",
		 * not "reload" (a service has no terminal to lose) */
	}
	log_info("stopping (%s)", si->ssi_signo == SIGTERM  ? "SIGTERM"
	                          : si->ssi_signo == SIGINT ? "SIGINT"
	                                                    : "SIGHUP: the terminal was closed");
	/* Still waiting for the bus to answer the name question: it may
	 * never answer, and flushing on exit would wait for it. Nothing of
	 * ours is queued that matters. */
	if (!d->started && d->bus)
		sd_bus_close(d->bus);
	return sd_event_exit(sd_event_source_get_event(s), 0);
}

static void on_catalog_diag(const struct budge_catalog_diag *dg, void *userdata)
{
	log_warn("movement catalog: %s: %s", dg->where, dg->message);
}

/* kv plan.start is "YYYY-MM-DD" (local): its local midnight. */
static int64_t plan_start(struct budge_daemon *d, int64_t now)
{
	char buf[32];
	struct tm tm = {0};
	int y, m, dd;
	time_t t = (time_t)now;

	if (budge_store_get(d->store, KV_PLAN_START, buf, sizeof(buf)) >= 0 &&
	    sscanf(buf, "%d-%d-%d", &y, &m, &dd) == 3) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = dd;
		tm.tm_isdst = -1;
		time_t s = mktime(&tm);
		if (s != (time_t)-1)
			return (int64_t)s;
		log_warn("store: plan.start '%s' is not a date; starting the plan today", buf);
	}
	localtime_r(&t, &tm);
	/* recorded when coaching starts (start_coaching): a coach refused
	 * as the second one writes nothing */
	strftime(d->plan_start_new, sizeof(d->plan_start_new), "%Y-%m-%d", &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static void restore_engine(struct budge_daemon *d, int64_t now)
{
	size_t len = 65536;
	char *buf = NULL;
	int n;

	for (;;) {
		char *nb = realloc(buf, len);
		if (!nb)
			goto out;
		buf = nb;
		n = budge_store_get(d->store, KV_ENGINE_STATE, buf, len);
		if (n < 0)
			goto out; /* first run */
		if ((size_t)n < len)
			break;
		len = (size_t)n + 1;
	}
	if (budge_engine_restore(d->engine, buf, now) < 0)
		log_warn("store: the saved coach state is not readable; starting fresh today");
	else
		log_info("resumed the saved state");
out:
	free(buf);
}

/* Everything after the name question: notifications, the idle, logind and
 * fullscreen watches, the start record and the first input, the store
 * watch. Nothing is shown or recorded before. Returns 0 or negative errno
 * (logged). */
/* [tray] enabled: the icon on (auto, yes) or off (no); at start and on
 * reload. Needs the session bus. */
static void apply_tray(struct budge_daemon *d)
{
	enum budge_auto_switch want = cfg(d)->tray_enabled;
	int r;

	if (want == BUDGE_SWITCH_NO || !d->bus) {
		if (want == BUDGE_SWITCH_YES)
			log_warn("tray: no session bus, so no tray icon");
		budge_tray_destroy(d->tray);
		d->tray = NULL;
		return;
	}
	if (d->tray)
		return;
	r = budge_tray_create(d, &coach_ops, d->bus, d->store_path, want == BUDGE_SWITCH_YES,
	                      &d->tray);
	if (r < 0)
		log_warn("tray: cannot export the tray icon: %s", strerror(-r));
}

static int start_coaching(struct budge_daemon *d)
{
	int64_t now = daemon_now(d);
	int r;

	r = budge_notifier_create(d->bus, !d->opts->no_notify, on_notify_action, d, &d->notifier);
	if (r < 0 && d->bus) {
		/* a bus that cannot take our signal matches: prompt in the
		 * terminal rather than not at all */
		log_warn("notifications: cannot watch the notification server (%s): prompts go "
		         "to this terminal",
		         strerror(-r));
		r = budge_notifier_create(NULL, false, on_notify_action, d, &d->notifier);
	}
	if (r < 0) {
		log_error("cannot set up notifications: %s", strerror(-r));
		return r;
	}
	budge_notifier_set_sound(d->notifier, cfg(d)->prompts_sound);
	d->cues = budge_cues_new(d->event, d->bus);
	if (!d->cues)
		return -ENOMEM;
	budge_cues_configure(d->cues, cfg(d));
	r = budge_notifier_watch_quiet(d->notifier, on_quiet, d);
	if (r < 0)
		log_warn("notifications: cannot watch do-not-disturb: %s", strerror(-r));
	if (start_idle(d) < 0)
		log_warn("no idle source could start");
	if (!d->bus)
		answer_here(d);
	r = budge_logind_create(d->event, on_logind, d, &d->logind);
	if (r < 0)
		log_info("logind not reachable (%s): screen lock and suspend are not watched",
		         strerror(-r));

	d->started = true;
	apply_tray(d);
	if (d->plan_start_new[0] && budge_store_set(d->store, KV_PLAN_START, d->plan_start_new) < 0)
		log_warn("store: cannot record the plan's start");
	store_append(
	    d, &(struct budge_log_entry){.ts = now, .kind = BUDGE_LOG_DAEMON, .text = "start"});
	log_info("coach started (store %s, notifications: %s)", budge_store_path(d->store),
	         budge_notifier_mode(d->notifier));
	/* The user is here: they just started it. */
	daemon_input(d, &(struct budge_input_event){.type = BUDGE_IN_ACTIVE, .at = now});
	if (d->guidance.stopped)
		budge_notifier_message(d->notifier, _("Coaching is stopped"), _(stopped_body));

	watch_store(d, budge_store_path(d->store));
	/* After the store and the first input: a window already fullscreen
	 * at start is reported (and recorded) from the loop. */
	apply_fullscreen(d);
	apply_calls(d);
	/* a meeting of the calendar now starts at once */
	apply_calendar(d);
	run_actions(d);
	return 0;
}

/* The bus answered the name question (bus-api.c), from the loop. */
static void on_bus_name(int result, void *userdata)
{
	struct budge_daemon *d = userdata;

	if (result == -EEXIST) {
		log_error("another coach is already running in this session (%s is taken)",
		          BUDGE_BUS_NAME);
		d->refused = true;
		sd_event_exit(d->event, 0);
		return;
	}
	if (result < 0)
		log_warn("D-Bus API not available: %s", strerror(-result));
	else
		log_debug("D-Bus: %s is ours", BUDGE_BUS_NAME);
	if (start_coaching(d) < 0) {
		d->refused = true;
		sd_event_exit(d->event, 0);
	}
}

/* What the D-Bus API may ask of the coach (bus-api.h). */
static void daemon_today(struct budge_daemon *d, uint32_t *asked, uint32_t *done)
{
	struct budge_day_stats day = {0};
	if (budge_engine_day_stats(d->engine, daemon_now(d), &day) < 0)
		day = (struct budge_day_stats){0};
	*asked = (uint32_t)day.prompts;
	*done = (uint32_t)day.done;
}

static bool daemon_show_prompt(struct budge_daemon *d)
{
	struct budge_status st;
	daemon_status(d, daemon_now(d), &st);
	if (!st.open_prompt_id || st.open_prompt_id != d->shown_id)
		return false;
	budge_notifier_show(d->notifier, d->shown_id, d->shown_summary, d->shown_body);
	return true;
}

static void daemon_notice(struct budge_daemon *d, const char *summary, const char *body)
{
	budge_notifier_message(d->notifier, summary, body);
}

static void daemon_quit(struct budge_daemon *d)
{
	log_info("stopping (asked from the tray menu)");
	sd_event_exit(d->event, 0);
}

static const struct budge_coach_ops coach_ops = {
    .now = daemon_now,
    .status = daemon_status,
    .input = daemon_bus_input,
    .movement = daemon_movement,
    .record_done = daemon_record_done,
    .status_json = daemon_status_json,
    .state = daemon_state,
    .stopped = daemon_stopped,
    .refresh = daemon_refresh,
    .reload = daemon_reload,
    .today = daemon_today,
    .show_prompt = daemon_show_prompt,
    .notice = daemon_notice,
    .quit = daemon_quit,
};

/* The config, the catalog, the store and the engine (restored). Returns
 * an exit code. */
/* One coach per database, whatever the bus. Returns an exit code. */
static int take_lock(struct budge_daemon *d, const char *db)
{
	pid_t holder;

	d->lock_fd = budge_coach_lock(db, &holder);
	if (d->lock_fd == -EROFS && d->store_readonly) {
		d->lock_fd = -1; /* nobody can write here: taken once it is writable */
		return BUDGE_EXIT_OK;
	}
	if (d->lock_fd == -EWOULDBLOCK) {
		char pid[32] = "";
		if (holder)
			snprintf(pid, sizeof(pid), ", pid %ld", (long)holder);
		log_error("another coach is already running on %s%s: stop it first "
		          "('budge status' shows it when it is on this session's bus)",
		          db, pid);
		return BUDGE_EXIT_FAILURE;
	}
	if (d->lock_fd < 0) {
		log_error("%s.lock: cannot take the coach's lock: %s", db, strerror(-d->lock_fd));
		return BUDGE_EXIT_STORE;
	}
	return BUDGE_EXIT_OK;
}

static int load_state(struct budge_daemon *d)
{
	const struct budge_daemon_opts *opts = d->opts;
	struct budge_config_error cerr = {0};
	char path[4096], err[512];
	int r;

	if (budge_config_load(opts->config_path, &d->cfgs[0], &cerr) < 0) {
		budge_config_error_print(stderr, &cerr);
		return BUDGE_EXIT_CONFIG;
	}
	if (budge_catalog_load(&d->cat, on_catalog_diag, NULL) < 0) {
		log_error("out of memory loading the movement catalog");
		return BUDGE_EXIT_FAILURE;
	}
	if (d->cat.n == 0)
		log_warn("the movement catalog is empty: only movement breaks will be prompted");
	if (opts->db_path)
		snprintf(path, sizeof(path), "%s", opts->db_path);
	else if (budge_store_default_path(path, sizeof(path)) < 0) {
		log_error("cannot find the data directory: set XDG_DATA_HOME or HOME");
		return BUDGE_EXIT_STORE;
	}
	snprintf(d->store_path, sizeof(d->store_path), "%s", path);
	r = budge_store_open(path, BUDGE_STORE_CREATE | BUDGE_STORE_SMALL_CACHE, &d->store, err,
	                     sizeof(err));
	if (r == -EROFS &&
	    budge_store_open(path, BUDGE_STORE_READONLY | BUDGE_STORE_SMALL_CACHE, &d->store, NULL,
	                     0) == 0) {
		/* read what is there and coach; write once it can be written */
		log_error("%s; the coach coaches anyway and keeps what it does in memory (up to "
		          "%d rows), to write it as soon as the database can be written again",
		          err, BUDGE_PENDING_MAX);
		d->store_readonly = true;
		r = 0;
	}
	if (r < 0) {
		log_error("%s", err);
		return BUDGE_EXIT_STORE;
	}
	if ((r = take_lock(d, path)) != BUDGE_EXIT_OK)
		return r;
	int64_t now = daemon_now(d);
	d->plan_start = plan_start(d, now);
	r = budge_engine_create(cfg(d), &d->cat, d->plan_start, now, &d->engine);
	if (r < 0) {
		log_error("cannot create the engine: %s", strerror(-r));
		return BUDGE_EXIT_FAILURE;
	}
	budge_engine_set_utc_offset(d->engine, d->utc_offset);
	restore_engine(d, now);
	/* ids after every recorded prompt, whatever the saved state says */
	uint32_t last_id = 0;
	if (budge_store_max_prompt_id(d->store, &last_id) < 0)
		log_warn("cannot read the last prompt id; prompt ids may repeat");
	budge_engine_set_prompt_seq(d->engine, last_id);
	refresh_guidance(d, now, true);
	return BUDGE_EXIT_OK;
}

/* The loop with its signals and the one timer (off until armed). */
static int make_loop(struct budge_daemon *d)
{
	sigset_t mask;
	int r = sd_event_default(&d->event);

	if (r < 0) {
		log_error("cannot create the event loop: %s", strerror(-r));
		return r;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	/* a file size limit makes a write fail (EFBIG, reported like a full
	 * disk) instead of killing the coach */
	signal(SIGXFSZ, SIG_IGN);
	d->had_tty = terminal_present();
	if (sd_event_add_signal(d->event, NULL, SIGTERM, on_signal, d) < 0 ||
	    sd_event_add_signal(d->event, NULL, SIGINT, on_signal, d) < 0 ||
	    sd_event_add_signal(d->event, NULL, SIGHUP, on_signal, d) < 0) {
		log_error("cannot watch signals");
		return -EIO;
	}
	r = sd_event_add_time(d->event, &d->timer, CLOCK_REALTIME, 0, 200 * 1000, on_timer, d);
	if (r < 0) {
		log_error("cannot create the timer: %s", strerror(-r));
		return r;
	}
	sd_event_source_set_enabled(d->timer, SD_EVENT_OFF);
	r = budge_coach_clock_watch(&d->clock, d->event, on_clock_set, d);
	if (r < 0)
		log_warn("cannot watch for the clock being set (%s): a step back is seen only "
		         "at the next wakeup", strerror(-r));
	return 0;
}

/* The session bus and the D-Bus API on it. The name question is answered
 * from the loop (on_bus_name), which then starts coaching; without a bus,
 * or when the question cannot be asked, coaching starts right away. */
static int connect_bus(struct budge_daemon *d)
{
	int r = sd_bus_open_user(&d->bus);

	if (r >= 0)
		r = sd_bus_attach_event(d->bus, d->event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		log_warn("no session bus (%s): prompts go to this terminal and 'budge status' "
		         "cannot reach the coach",
		         strerror(-r));
		d->bus = sd_bus_flush_close_unref(d->bus);
	}
	if (d->bus) {
		r = budge_bus_api_create(d, &coach_ops, d->bus, on_bus_name, d, &d->api);
		if (r < 0) {
			log_warn("D-Bus API not available: %s", strerror(-r));
			d->api = NULL;
			if (sd_bus_is_open(d->bus) <= 0) {
				/* the connection is gone already: go on as without a bus */
				log_warn("the session bus closed: prompts go to this terminal");
				d->bus = sd_bus_flush_close_unref(d->bus);
			}
		}
	}
	return !d->api ? start_coaching(d) : 0;
}

/* After the loop: the last actions, the snapshot and the "stop" row. */
static void finish_coaching(struct budge_daemon *d)
{
	/* Nobody watches the window after this: the snapshot must not keep
	 * a fullscreen meeting that nothing would end. */
	fullscreen_hold(d, false);
	call_hold(d, false);
	budge_engine_advance(d->engine, daemon_now(d));
	run_actions(d);
	save_engine(d);
	store_append(d, &(struct budge_log_entry){
	                    .ts = daemon_now(d), .kind = BUDGE_LOG_DAEMON, .text = "stop"});
	if (d->pending.n)
		log_error("store: %zu rows could not be stored before the coach stopped",
		          d->pending.n);
}

static void free_daemon(struct budge_daemon *d)
{
	sd_event_source_disable_unref(d->watch);
	sd_event_source_disable_unref(d->settle);
	budge_calendar_watch_destroy(d->calendar);
	budge_calls_destroy(d->calls);
#if HAVE_X11
	budge_fullscreen_destroy(d->fullscreen);
#endif
	budge_logind_destroy(d->logind);
	budge_idle_source_destroy(d->idle);
	budge_tty_answers_destroy(d->tty);
	budge_cues_free(d->cues);
	budge_notifier_destroy(d->notifier);
	budge_tray_destroy(d->tray);
	budge_bus_api_destroy(d->api);
	sd_bus_flush_close_unref(d->bus);
	sd_event_source_disable_unref(d->timer);
	budge_coach_clock_fini(&d->clock);
	sd_event_unref(d->event);
	budge_engine_destroy(d->engine);
	budge_pending_finish(&d->pending);
	budge_store_close(d->store);
	if (d->lock_fd >= 0)
		close(d->lock_fd);
	budge_catalog_finish(&d->cat);
	free(d->state_buf);
}

int budge_daemon_run(const struct budge_daemon_opts *opts)
{
	struct budge_daemon dd = {.opts = opts, .lock_fd = -1}, *d = &dd;
	int ret, r;

	if (opts->verbose)
		budge_log_set_level(BUDGE_LOG_DEBUG);
	budge_catalog_init(&d->cat);
	if ((ret = budge_coach_clock_init(&d->clock)) != BUDGE_EXIT_OK)
		goto out;
	if ((ret = load_state(d)) != BUDGE_EXIT_OK)
		goto out;
	ret = BUDGE_EXIT_FAILURE;
	if (make_loop(d) < 0 || connect_bus(d) < 0)
		goto out;
	r = sd_event_loop(d->event);
	if (r < 0)
		log_error("event loop failed: %s", strerror(-r));
	else if (!d->refused)
		ret = BUDGE_EXIT_OK;
	/* refused, or stopped before the name question was answered: nothing
	 * to finish */
	if (d->started)
		finish_coaching(d);
out:
	free_daemon(d);
	return ret;
}
