/* SPDX-License-Identifier: MIT */
/*
 * X11 idle backend: the XSync extension's IDLETIME system counter (the
 * server's milliseconds since the last input event). Two alarms, never a
 * poll:
 *   - idle alarm:   XSyncPositiveComparison at timeout_ms -> idle
 *   - active alarm: XSyncNegativeComparison below that    -> active again
 * An alarm with delta 0 turns inactive after it fires, so each one is
 * re-armed (XSyncChangeAlarm) when the other fires. Only the counter is
 * read; key codes and pointer positions are never requested.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xlib.h>
#include <X11/extensions/sync.h>

#include "idle.h"
#include "log.h"

struct x11_state {
	struct budge_idle_params p;
	Display *dpy;
	int ev_base;
	XSyncCounter counter;
	XSyncAlarm idle_alarm;
	XSyncAlarm active_alarm;
	bool idle;
	bool dead; /* the connection broke (Xlib I/O error) */
};

/* Xlib calls these from deep inside; they only log. */
static int on_x_error(Display *dpy, XErrorEvent *ev)
{
	log_warn("X11 error %d (request %d.%d)", ev->error_code, ev->request_code, ev->minor_code);
	return 0;
}

/* The default I/O error handler exits the process; this one returns, so
 * Xlib goes on to the exit handler below, which only marks the connection
 * dead: the coach outlives the X server (it goes on without idle input). */
static int on_x_io_error(Display *dpy)
{
	log_warn("X11: connection to the X server lost");
	return 0;
}

static void on_x_io_exit(Display *dpy, void *userdata)
{
	/* Default would exit(). The source is disabled by the caller on the
	 * dispatch error that follows. */
	bool *dead = userdata;
	*dead = true;
}

static void set_alarm(struct x11_state *st, XSyncAlarm *alarm, int test, int64_t value)
{
	XSyncAlarmAttributes attr = {0};
	unsigned long flags = XSyncCACounter | XSyncCAValueType | XSyncCATestType | XSyncCAValue |
	                      XSyncCADelta | XSyncCAEvents;

	attr.trigger.counter = st->counter;
	attr.trigger.value_type = XSyncAbsolute;
	attr.trigger.test_type = test;
	XSyncIntsToValue(&attr.trigger.wait_value, (unsigned)(value & 0xffffffffu),
	                 (int)(value >> 32));
	XSyncIntToValue(&attr.delta, 0);
	attr.events = True;
	if (*alarm == None)
		*alarm = XSyncCreateAlarm(st->dpy, flags, &attr);
	else
		XSyncChangeAlarm(st->dpy, *alarm, flags, &attr);
}

static int x11_create(const struct budge_idle_params *params, void **state)
{
	struct x11_state *st;
	int err_base, major, minor, n = 0;
	XSyncSystemCounter *counters;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->p = *params;
	st->dpy = XOpenDisplay(NULL);
	if (!st->dpy) {
		free(st);
		return -ENODEV;
	}
	XSetErrorHandler(on_x_error);
	XSetIOErrorHandler(on_x_io_error);
	XSetIOErrorExitHandler(st->dpy, on_x_io_exit, &st->dead);
	if (!XSyncQueryExtension(st->dpy, &st->ev_base, &err_base) ||
	    !XSyncInitialize(st->dpy, &major, &minor))
		goto nodev;
	counters = XSyncListSystemCounters(st->dpy, &n);
	for (int i = 0; counters && i < n; i++)
		if (strcmp(counters[i].name, "IDLETIME") == 0)
			st->counter = counters[i].counter;
	if (counters)
		XSyncFreeSystemCounterList(counters);
	if (st->counter == None)
		goto nodev;
	*state = st;
	return 0;
nodev:
	XCloseDisplay(st->dpy);
	free(st);
	return -ENODEV;
}

static int x11_start(void *state)
{
	struct x11_state *st = state;

	set_alarm(st, &st->idle_alarm, XSyncPositiveComparison, (int64_t)st->p.timeout_ms);
	XFlush(st->dpy);
	return 0;
}

static int x11_get_fd(void *state)
{
	struct x11_state *st = state;
	return ConnectionNumber(st->dpy);
}

static void handle_alarm(struct x11_state *st, const XSyncAlarmNotifyEvent *ev)
{
	int64_t v = ((int64_t)XSyncValueHigh32(ev->counter_value) << 32) |
	            XSyncValueLow32(ev->counter_value);

	if (ev->alarm == st->idle_alarm && !st->idle) {
		st->idle = true;
		/* Back below the threshold means input arrived. */
		set_alarm(st, &st->active_alarm, XSyncNegativeComparison,
		          (int64_t)st->p.timeout_ms - 1);
		st->p.cb(BUDGE_IDLE_EV_IDLE, v > 0 ? (uint64_t)v : 0, st->p.userdata);
	} else if (ev->alarm == st->active_alarm && st->idle) {
		st->idle = false;
		set_alarm(st, &st->idle_alarm, XSyncPositiveComparison, (int64_t)st->p.timeout_ms);
		st->p.cb(BUDGE_IDLE_EV_ACTIVE, 0, st->p.userdata);
	}
}

static int x11_dispatch(void *state)
{
	struct x11_state *st = state;

	if (st->dead)
		return -EPIPE;
	while (!st->dead && XPending(st->dpy) > 0) {
		XEvent ev;
		XNextEvent(st->dpy, &ev);
		if (ev.type == st->ev_base + XSyncAlarmNotify)
			handle_alarm(st, (const XSyncAlarmNotifyEvent *)&ev);
	}
	if (st->dead)
		return -EPIPE;
	XFlush(st->dpy);
	return 0;
}

static void x11_destroy(void *state)
{
	struct x11_state *st = state;

	if (!st)
		return;
	if (!st->dead) {
		if (st->idle_alarm != None)
			XSyncDestroyAlarm(st->dpy, st->idle_alarm);
		if (st->active_alarm != None)
			XSyncDestroyAlarm(st->dpy, st->active_alarm);
	}
	/* Also after an I/O error: Xlib then only frees the Display. */
	XCloseDisplay(st->dpy);
	free(st);
}

const struct budge_idle_ops budge_idle_x11_ops = {
    .name = "x11",
    .caps = BUDGE_IDLE_CAP_IDLE | BUDGE_IDLE_CAP_ACTIVE | BUDGE_IDLE_CAP_AUTO,
    .description = "X11 XSync IDLETIME alarms",
    .create = x11_create,
    .start = x11_start,
    .get_fd = x11_get_fd,
    .dispatch = x11_dispatch,
    .destroy = x11_destroy,
};
