/* SPDX-License-Identifier: MIT */
/*
 * budge status --follow [--format json|waybar|i3bar|plain]: one line each
 * time what a status bar shows changes. Driven by the coach's
 * PropertiesChanged signals and by its name coming and going on the bus
 * (a stopped or restarted coach is said, and followed again by itself);
 * the coach is never polled. The minute count while sitting is the
 * client's own: from "sitting since" (the coach's sitting_s at the last
 * change), a timer here wakes once a minute while the user sits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "budge/coach-bus.h"
#include "cli.h"
#include "budge/i18n.h"

enum format { FMT_PLAIN, FMT_JSON, FMT_WAYBAR, FMT_I3BAR };

static const char *const format_names[] = {"plain", "json", "waybar", "i3bar"};

struct follow {
	const char *sub;
	enum format fmt;
	sd_bus *bus;
	sd_event *ev;
	sd_event_source *tick;
	char *status;      /* the coach's last Status(), NULL when none runs */
	uint64_t fetched;  /* CLOCK_MONOTONIC µs of that */
	char last[2048];   /* the line printed last */
};

/* The raw value of "key" in the coach's JSON object ("" if none). */
static void field(const char *json, const char *key, char *buf, size_t len)
{
	buf[0] = '\0';
	if (json && !cli_json_field(json, key, buf, len))
		buf[0] = '\0';
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* ---- what a bar shows ------------------------------------------------- */

struct view {
	char cls[16];      /* sitting, due, limit, meeting, call, paused, away, stopped, not-running */
	char text[64];     /* short: "24m", "paused" */
	char tooltip[256];
	int percentage;    /* of the sitting limit */
};

/* "HH:MM" of a time the coach wrote as ISO 8601 with its offset. */
static void hhmm(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strlen(iso) >= 16 ? "" : "?");
	if (strlen(iso) >= 16)
		snprintf(buf, len, "%.5s", iso + 11);
}

static void make_view(const struct follow *f, struct view *v)
{
	char state[16], sit[24], limit[24], next[48], kind[24], open[16], until[48], done[16],
	    asked[16], at[8];
	const char *s = f->status;

	memset(v, 0, sizeof(*v));
	if (!s) {
		snprintf(v->cls, sizeof(v->cls), "not-running");
		snprintf(v->text, sizeof(v->text), "off");
		snprintf(v->tooltip, sizeof(v->tooltip), _("budge is not running"));
		return;
	}
	field(s, "state", state, sizeof(state));
	field(s, "sitting_s", sit, sizeof(sit));
	field(s, "limit_s", limit, sizeof(limit));
	field(s, "next_prompt_at", next, sizeof(next));
	field(s, "next_kind", kind, sizeof(kind));
	field(s, "open_prompt", open, sizeof(open));
	field(s, "paused_until", until, sizeof(until));
	field(s, "done_today", done, sizeof(done));
	field(s, "prompts_today", asked, sizeof(asked));
	int64_t sat = strtoll(sit, NULL, 10), lim = strtoll(limit, NULL, 10);
	bool present = strcmp(state, "present") == 0;
	if (present || strcmp(state, "meeting") == 0 || strcmp(state, "call") == 0 ||
	    strcmp(state, "quiet") == 0)
		sat += (int64_t)((mono_us() - f->fetched) / 1000000); /* sitting goes on */
	int64_t min = sat / 60;
	v->percentage = lim > 0 ? (int)(sat * 100 / lim) : 0;
	if (v->percentage > 100)
		v->percentage = 100;

	char what[96];
	if (strcmp(open, "0") != 0 && open[0])
		snprintf(what, sizeof(what), _("a prompt is open"));
	else if (strcmp(next, "null") != 0 && next[0]) {
		hhmm(next, at, sizeof(at));
		snprintf(what, sizeof(what), "%s at %s",
		         strcmp(kind, "movement_break") == 0 ? "movement break"
		         : strcmp(kind, "walk") == 0        ? "walk"
		                                            : "micro-movement",
		         at);
	} else
		snprintf(what, sizeof(what), _("nothing due"));

	if (strcmp(state, "paused") == 0 || strcmp(state, "quiet") == 0) {
		snprintf(v->cls, sizeof(v->cls), "paused");
		if (strcmp(state, "paused") == 0 && strcmp(until, "null") != 0) {
			hhmm(until, at, sizeof(at));
			snprintf(v->text, sizeof(v->text), "paused %s", at);
		} else
			snprintf(v->text, sizeof(v->text), "%s", state);
	} else if (strcmp(state, "present") == 0) {
		snprintf(v->cls, sizeof(v->cls), "%s",
		         strcmp(open, "0") != 0 && open[0] ? "due" : sat >= lim && lim > 0 ? "limit"
		                                                                           : "sitting");
		snprintf(v->text, sizeof(v->text), "%" PRId64 "m", min);
	} else {
		snprintf(v->cls, sizeof(v->cls), "%s",
		         strcmp(state, "idle") == 0 ? "away" : state);
		snprintf(v->text, sizeof(v->text), "%s", v->cls);
	}
	if (present)
		snprintf(v->tooltip, sizeof(v->tooltip), "Sitting %" PRId64 " min · %s · today %s of %s done",
		         min, what, done, asked);
	else
		snprintf(v->tooltip, sizeof(v->tooltip), _("%s · %s · today %s of %s done"), state,
		         what, done, asked);
}

/* A JSON string (the texts here hold no control characters but may hold
 * quotes from a stop reason). */
static void json_string(char *buf, size_t len, const char *s)
{
	size_t n = 0;
	if (len < 3)
		return;
	buf[n++] = '"';
	for (; *s && n + 3 < len; s++) {
		if (*s == '"' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = (unsigned char)*s < 0x20 ? ' ' : *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

static void render(const struct follow *f, char *line, size_t len)
{
	struct view v;
	char text[160], tip[600];

	if (f->fmt == FMT_JSON) {
		snprintf(line, len, "%s", f->status ? f->status : "{\"state\":\"not-running\"}");
		return;
	}
	make_view(f, &v);
	json_string(text, sizeof(text), v.text);
	json_string(tip, sizeof(tip), v.tooltip);
	if (f->fmt == FMT_WAYBAR) {
		snprintf(line, len, "{\"text\":%s,\"alt\":\"%s\",\"tooltip\":%s,\"class\":\"%s\",\"percentage\":%d}",
		         text, v.cls, tip, v.cls, v.percentage);
	} else if (f->fmt == FMT_I3BAR) {
		/* i3status-rust's custom block (json = true) */
		const char *st = strcmp(v.cls, "due") == 0 || strcmp(v.cls, "limit") == 0 ? "Warning"
		                 : strcmp(v.cls, "stopped") == 0                          ? "Critical"
		                 : strcmp(v.cls, "sitting") == 0                          ? "Info"
		                                                                          : "Idle";
		snprintf(line, len, "{\"text\":%s,\"short_text\":%s,\"state\":\"%s\"}", text, text, st);
	} else {
		snprintf(line, len, "budge %s", v.text);
	}
}

/* Print the line if it changed. Returns -EPIPE when stdout is gone. */
static int show(struct follow *f)
{
	char line[2048];
	render(f, line, sizeof(line));
	if (strcmp(line, f->last) == 0)
		return 0;
	snprintf(f->last, sizeof(f->last), "%s", line);
	if (printf("%s\n", line) < 0 || fflush(stdout) != 0)
		return -EPIPE;
	return 0;
}

/* ---- the coach -------------------------------------------------------- */

static int on_tick(sd_event_source *s, uint64_t usec, void *userdata);

/* While the user sits, wake when the minute count changes. */
static void arm_tick(struct follow *f)
{
	char state[16], sit[24];
	field(f->status, "state", state, sizeof(state));
	field(f->status, "sitting_s", sit, sizeof(sit));
	sd_event_source_set_enabled(f->tick, SD_EVENT_OFF);
	if (!f->status || f->fmt == FMT_JSON || strcmp(state, "present") != 0)
		return;
	uint64_t sat_us = (uint64_t)strtoll(sit, NULL, 10) * 1000000 + (mono_us() - f->fetched);
	uint64_t next = mono_us() + (60000000 - sat_us % 60000000);
	sd_event_source_set_time(f->tick, next);
	sd_event_source_set_enabled(f->tick, SD_EVENT_ONESHOT);
}

static void fetch(struct follow *f)
{
	sd_bus_message *m = NULL, *rep = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	const char *s;

	free(f->status);
	f->status = NULL;
	if (sd_bus_message_new_method_call(f->bus, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH,
	                                   BUDGE_BUS_IFACE, "Status") >= 0 &&
	    sd_bus_message_set_auto_start(m, 0) >= 0 &&
	    sd_bus_call(f->bus, m, 5 * 1000000ULL, &e, &rep) >= 0 &&
	    sd_bus_message_read(rep, "s", &s) >= 0)
		f->status = strdup(s);
	f->fetched = mono_us();
	sd_bus_error_free(&e);
	sd_bus_message_unref(rep);
	sd_bus_message_unref(m);
}

static int refresh(struct follow *f)
{
	fetch(f);
	arm_tick(f);
	if (show(f) < 0)
		return sd_event_exit(f->ev, BUDGE_EXIT_FAILURE);
	return 0;
}

static int on_tick(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct follow *f = userdata;
	(void)s, (void)usec;
	arm_tick(f);
	if (show(f) < 0)
		return sd_event_exit(f->ev, BUDGE_EXIT_FAILURE);
	return 0;
}

static int on_changed(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)m, (void)err;
	return refresh(userdata);
}

/* The coach's name got or lost an owner: it started or stopped. */
static int on_owner(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct follow *f = userdata;
	const char *name, *old, *new;
	(void)err;
	if (sd_bus_message_read(m, "sss", &name, &old, &new) < 0)
		return 0;
	if (new[0])
		return refresh(f);
	free(f->status);
	f->status = NULL;
	arm_tick(f);
	if (show(f) < 0)
		return sd_event_exit(f->ev, BUDGE_EXIT_FAILURE);
	return 0;
}

static int follow_loop(struct follow *f)
{
	int r, ret = BUDGE_EXIT_FAILURE;

	if ((r = sd_bus_open_user(&f->bus)) < 0) {
		cli_error(f->sub, _("there is no session bus (%s), so no coach to follow"),
		          strerror(-r));
		return BUDGE_EXIT_NO_DAEMON;
	}
	if ((r = sd_event_default(&f->ev)) < 0 ||
	    (r = sd_bus_attach_event(f->bus, f->ev, SD_EVENT_PRIORITY_NORMAL)) < 0 ||
	    /* the session ends (its bus goes away): so does the stream */
	    (r = sd_bus_set_exit_on_disconnect(f->bus, 1)) < 0 ||
	    (r = sd_bus_match_signal(f->bus, NULL, BUDGE_BUS_NAME, BUDGE_BUS_PATH,
	                             "org.freedesktop.DBus.Properties", "PropertiesChanged",
	                             on_changed, f)) < 0 ||
	    (r = sd_bus_add_match(f->bus, NULL,
	                          "type='signal',sender='org.freedesktop.DBus',member="
	                          "'NameOwnerChanged',arg0='" BUDGE_BUS_NAME "'",
	                          on_owner, f)) < 0 ||
	    (r = sd_event_add_time(f->ev, &f->tick, CLOCK_MONOTONIC, UINT64_MAX, 1000000, on_tick,
	                           f)) < 0) {
		cli_error(f->sub, _("cannot listen to the coach: %s"), strerror(-r));
		goto out;
	}
	sd_event_source_set_enabled(f->tick, SD_EVENT_OFF);
	refresh(f);
	r = sd_event_loop(f->ev);
	ret = r < 0 ? BUDGE_EXIT_FAILURE : r;
out:
	free(f->status);
	sd_event_source_unref(f->tick);
	sd_bus_flush_close_unref(f->bus);
	sd_event_unref(f->ev);
	return ret;
}

int cli_status_follow(const char *sub, const char *format)
{
	struct follow f = {.sub = sub, .fmt = FMT_PLAIN};
	size_t i;

	for (i = 0; format && i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(format, format_names[i]) == 0)
			break;
	if (format && i == sizeof(format_names) / sizeof(format_names[0])) {
		cli_error(sub, _("--format: '%s' is not json, waybar, i3bar or plain"), format);
		return BUDGE_EXIT_USAGE;
	}
	f.fmt = format ? (enum format)i : FMT_PLAIN;
	return follow_loop(&f);
}
