/* SPDX-License-Identifier: MIT */
/*
 * X11 idle backend: the SYNC extension's IDLETIME system counter (the
 * server's milliseconds since the last input event), spoken over plain xcb
 * (libxcb + libxcb-sync; no Xlib). Two alarms, never a poll:
 *   - idle alarm:   PositiveComparison at timeout_ms -> idle
 *   - active alarm: NegativeComparison below that    -> active again
 * An alarm with delta 0 turns inactive after it fires, so each one is
 * re-armed (ChangeAlarm) when the other fires. Only the counter is read;
 * key codes and pointer positions are never requested.
 */
#include <errno.h>
#include <stdlib.h>

#include <xcb/sync.h>
#include <xcb/xcb.h>

#include "idle.h"
#include "log.h"
#include "x11-counters.h"

struct x11_state {
	struct budge_idle_params p;
	xcb_connection_t *conn;
	uint8_t ev_base; /* the SYNC extension's first event */
	xcb_sync_counter_t counter;
	xcb_sync_alarm_t idle_alarm;
	xcb_sync_alarm_t active_alarm;
	bool idle;
	bool dead; /* the connection broke */
};

static bool conn_dead(struct x11_state *st)
{
	if (!st->dead && xcb_connection_has_error(st->conn)) {
		log_warn("X11: connection to the X server lost");
		st->dead = true;
	}
	return st->dead;
}

static void log_x_error(const xcb_generic_error_t *e)
{
	log_warn("X11 error %d (request %d.%d)", e->error_code, e->major_code, e->minor_code);
}

static xcb_sync_int64_t to_int64(int64_t v)
{
	return (xcb_sync_int64_t){
	    .hi = (int32_t)(v >> 32),
	    .lo = (uint32_t)(v & 0xffffffffu),
	};
}

/* Creates *alarm, or changes it if it exists. Unchecked: an error comes
 * back as an event and is logged by dispatch. */
static void set_alarm(struct x11_state *st, xcb_sync_alarm_t *alarm, xcb_sync_testtype_t test,
                      int64_t value)
{
	const uint32_t mask = XCB_SYNC_CA_COUNTER | XCB_SYNC_CA_VALUE_TYPE | XCB_SYNC_CA_VALUE |
	                      XCB_SYNC_CA_TEST_TYPE | XCB_SYNC_CA_DELTA | XCB_SYNC_CA_EVENTS;

	if (*alarm == XCB_NONE) {
		const xcb_sync_create_alarm_value_list_t v = {
		    .counter = st->counter,
		    .valueType = XCB_SYNC_VALUETYPE_ABSOLUTE,
		    .value = to_int64(value),
		    .testType = test,
		    .delta = to_int64(0),
		    .events = 1,
		};
		*alarm = xcb_generate_id(st->conn);
		xcb_sync_create_alarm_aux(st->conn, *alarm, mask, &v);
	} else {
		const xcb_sync_change_alarm_value_list_t v = {
		    .counter = st->counter,
		    .valueType = XCB_SYNC_VALUETYPE_ABSOLUTE,
		    .value = to_int64(value),
		    .testType = test,
		    .delta = to_int64(0),
		    .events = 1,
		};
		xcb_sync_change_alarm_aux(st->conn, *alarm, mask, &v);
	}
}

static int x11_create(const struct budge_idle_params *params, void **state)
{
	struct x11_state *st;
	const xcb_query_extension_reply_t *ext;
	xcb_sync_initialize_reply_t *init = NULL;
	xcb_sync_list_system_counters_reply_t *list = NULL;
	xcb_sync_initialize_cookie_t init_ck;
	xcb_sync_list_system_counters_cookie_t list_ck;
	xcb_generic_error_t *err = NULL;
	int r;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->p = *params;
	/* Never NULL: a failed connection is an error object. */
	st->conn = xcb_connect(NULL, NULL);
	if (xcb_connection_has_error(st->conn))
		goto fail;
	ext = xcb_get_extension_data(st->conn, &xcb_sync_id);
	if (!ext || !ext->present)
		goto fail;
	st->ev_base = ext->first_event;
	/* Version 3.1, the one these headers speak. */
	init_ck = xcb_sync_initialize(st->conn, XCB_SYNC_MAJOR_VERSION, XCB_SYNC_MINOR_VERSION);
	list_ck = xcb_sync_list_system_counters(st->conn);
	init = xcb_sync_initialize_reply(st->conn, init_ck, &err);
	if (!init) {
		xcb_discard_reply(st->conn, list_ck.sequence);
		goto fail;
	}
	list = xcb_sync_list_system_counters_reply(st->conn, list_ck, &err);
	if (!list)
		goto fail;
	/* Not with libxcb's systemcounter iterator: see x11-counters.h. */
	r = budge_x11_find_counter((const uint8_t *)(list + 1), (size_t)list->length * 4,
	                           list->counters_len, "IDLETIME", &st->counter);
	if (r == -EBADMSG)
		log_warn("X11: the server's list of SYNC system counters is cut short");
	if (r < 0)
		goto fail;
	free(list);
	free(init);
	*state = st;
	return 0;
fail:
	if (err)
		log_x_error(err);
	free(err);
	free(list);
	free(init);
	xcb_disconnect(st->conn);
	free(st);
	return -ENODEV;
}

static int x11_start(void *state)
{
	struct x11_state *st = state;

	set_alarm(st, &st->idle_alarm, XCB_SYNC_TESTTYPE_POSITIVE_COMPARISON,
	          (int64_t)st->p.timeout_ms);
	xcb_flush(st->conn); /* <= 0 only on a connection error */
	return conn_dead(st) ? -EPIPE : 0;
}

static int x11_get_fd(void *state)
{
	struct x11_state *st = state;
	return xcb_get_file_descriptor(st->conn);
}

static void handle_alarm(struct x11_state *st, const xcb_sync_alarm_notify_event_t *ev)
{
	int64_t v =
	    (int64_t)(((uint64_t)(uint32_t)ev->counter_value.hi << 32) | ev->counter_value.lo);

	if (ev->alarm == st->idle_alarm && !st->idle) {
		st->idle = true;
		/* Back below the threshold means input arrived. */
		set_alarm(st, &st->active_alarm, XCB_SYNC_TESTTYPE_NEGATIVE_COMPARISON,
		          (int64_t)st->p.timeout_ms - 1);
		st->p.cb(BUDGE_IDLE_EV_IDLE, v > 0 ? (uint64_t)v : 0, st->p.userdata);
	} else if (ev->alarm == st->active_alarm && st->idle) {
		st->idle = false;
		set_alarm(st, &st->idle_alarm, XCB_SYNC_TESTTYPE_POSITIVE_COMPARISON,
		          (int64_t)st->p.timeout_ms);
		st->p.cb(BUDGE_IDLE_EV_ACTIVE, 0, st->p.userdata);
	}
}

/* Handles and frees one event. */
static void handle_event(struct x11_state *st, xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;

	if (type == 0)
		log_x_error((const xcb_generic_error_t *)ev);
	else if (type == st->ev_base + XCB_SYNC_ALARM_NOTIFY)
		handle_alarm(st, (const xcb_sync_alarm_notify_event_t *)ev);
	free(ev);
}

static int x11_dispatch(void *state)
{
	struct x11_state *st = state;
	xcb_generic_event_t *ev;

	if (conn_dead(st))
		return -EPIPE;
	for (;;) {
		/* Reads what the socket holds. */
		while ((ev = xcb_poll_for_event(st->conn)))
			handle_event(st, ev);
		/* Send the re-armed alarms. Flushing may read more events
		 * into xcb's queue, where the fd no longer shows them. */
		xcb_flush(st->conn);
		if (conn_dead(st))
			return -EPIPE;
		ev = xcb_poll_for_queued_event(st->conn);
		if (!ev)
			break;
		handle_event(st, ev);
	}
	return 0;
}

static void x11_destroy(void *state)
{
	struct x11_state *st = state;

	if (!st)
		return;
	if (!st->dead && !xcb_connection_has_error(st->conn)) {
		if (st->idle_alarm != XCB_NONE)
			xcb_sync_destroy_alarm(st->conn, st->idle_alarm);
		if (st->active_alarm != XCB_NONE)
			xcb_sync_destroy_alarm(st->conn, st->active_alarm);
		xcb_flush(st->conn);
	}
	/* Also after an error: xcb then only frees the connection. */
	xcb_disconnect(st->conn);
	free(st);
}

const struct budge_idle_ops budge_idle_x11_ops = {
    .name = "x11",
    .caps = BUDGE_IDLE_CAP_IDLE | BUDGE_IDLE_CAP_ACTIVE | BUDGE_IDLE_CAP_AUTO,
    .description = "X11 XSync IDLETIME alarms (xcb)",
    .create = x11_create,
    .start = x11_start,
    .get_fd = x11_get_fd,
    .dispatch = x11_dispatch,
    .destroy = x11_destroy,
};
