// SPDX-License-Identifier: MIT
/*
 * daemon-floor: the memory floor of the coach's libraries, for the daemon
 * footprint benchmark (bench/daemon-footprint.sh runs it next to `budge run`).
 *
 * It does the least the coach must do with the libraries DESIGN.md §7
 * prescribes, and nothing of budge itself: an sd-event loop with one timer
 * and SIGTERM, the session bus (sd-bus) with a well-known name and one call
 * to the notification server, a SQLite database in WAL mode with one row
 * appended per idle/active change, and the X11 idle alarms through
 * xcb-sync (IDLETIME counter, both directions). Its peak RSS is what those
 * libraries alone cost on the machine the benchmark runs on; budge's own
 * share is the difference.
 *
 * Usage: daemon-floor DB_PATH   (DISPLAY and a session bus must be set)
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <sqlite3.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>
#include <xcb/sync.h>
#include <xcb/xcb.h>

struct floor {
	sd_event *event;
	sd_bus *bus;
	sqlite3 *db;
	xcb_connection_t *x;
	uint8_t sync_base;
	xcb_sync_counter_t idletime;
	xcb_sync_alarm_t idle_alarm, active_alarm;
};

static void record(struct floor *f, const char *what)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(f->db, "INSERT INTO log(at, what) VALUES (strftime('%s','now'), ?)",
	                       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, what, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

static void arm(struct floor *f, xcb_sync_alarm_t alarm, bool create, int64_t value,
                uint32_t test)
{
	uint32_t mask = XCB_SYNC_CA_COUNTER | XCB_SYNC_CA_VALUE_TYPE | XCB_SYNC_CA_VALUE |
	                XCB_SYNC_CA_TEST_TYPE | XCB_SYNC_CA_DELTA | XCB_SYNC_CA_EVENTS;
	uint32_t v[] = {
	    f->idletime,
	    XCB_SYNC_VALUETYPE_ABSOLUTE,
	    (uint32_t)(value >> 32),
	    (uint32_t)value,
	    test,
	    0,
	    0,
	    1,
	};

	if (create)
		xcb_sync_create_alarm(f->x, alarm, mask, v);
	else
		xcb_sync_change_alarm(f->x, alarm, mask, v);
}

static int on_x(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct floor *f = userdata;
	xcb_generic_event_t *ev;

	while ((ev = xcb_poll_for_event(f->x))) {
		if ((ev->response_type & 0x7f) == f->sync_base + XCB_SYNC_ALARM_NOTIFY) {
			const xcb_sync_alarm_notify_event_t *an = (const void *)ev;
			bool idle = an->alarm == f->idle_alarm;
			record(f, idle ? "idle" : "active");
			arm(f, idle ? f->active_alarm : f->idle_alarm, false, 60000,
			    idle ? XCB_SYNC_TESTTYPE_NEGATIVE_TRANSITION
			         : XCB_SYNC_TESTTYPE_POSITIVE_TRANSITION);
			xcb_flush(f->x);
		}
		free(ev);
	}
	if (xcb_connection_has_error(f->x))
		return sd_event_exit(sd_event_source_get_event(s), 1);
	return 0;
}

static int on_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
	/* the coach's one timer: re-armed at the next deadline */
	return sd_event_source_set_time(s, usec + 3600ULL * 1000000ULL);
}

static int open_x(struct floor *f)
{
	const xcb_query_extension_reply_t *ext;
	xcb_sync_initialize_reply_t *init;
	xcb_sync_list_system_counters_reply_t *list;
	xcb_sync_systemcounter_iterator_t it;

	f->x = xcb_connect(NULL, NULL);
	if (xcb_connection_has_error(f->x))
		return -1;
	ext = xcb_get_extension_data(f->x, &xcb_sync_id);
	if (!ext || !ext->present)
		return -1;
	f->sync_base = ext->first_event;
	init = xcb_sync_initialize_reply(f->x, xcb_sync_initialize(f->x, 3, 1), NULL);
	free(init);
	list = xcb_sync_list_system_counters_reply(f->x, xcb_sync_list_system_counters(f->x),
	                                           NULL);
	if (!list)
		return -1;
	/* Walked by hand: on the wire an entry is 14 bytes, then the name,
	 * padded to 4; the generated struct is 16 bytes, so libxcb 1.15's
	 * xcb_sync_systemcounter_name()/_next() read at the wrong offset. */
	it = xcb_sync_list_system_counters_counters_iterator(list);
	for (uint32_t i = 0; i < list->counters_len; i++) {
		const xcb_sync_systemcounter_t *c = it.data;
		const char *name = (const char *)c + 14;
		if (c->name_len == 8 && memcmp(name, "IDLETIME", 8) == 0)
			f->idletime = c->counter;
		it.data = (void *)((char *)it.data + ((14u + c->name_len + 3) & ~3u));
	}
	free(list);
	if (!f->idletime)
		return -1;
	f->idle_alarm = xcb_generate_id(f->x);
	f->active_alarm = xcb_generate_id(f->x);
	arm(f, f->idle_alarm, true, 60000, XCB_SYNC_TESTTYPE_POSITIVE_TRANSITION);
	arm(f, f->active_alarm, true, 60000, XCB_SYNC_TESTTYPE_NEGATIVE_TRANSITION);
	xcb_flush(f->x);
	return 0;
}

int main(int argc, char **argv)
{
	struct floor f = {0};
	sigset_t mask;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: daemon-floor DB_PATH\n");
		return 2;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if (sd_event_default(&f.event) < 0 ||
	    sd_event_add_signal(f.event, NULL, SIGTERM, NULL, NULL) < 0 ||
	    sd_event_add_signal(f.event, NULL, SIGINT, NULL, NULL) < 0 ||
	    sd_event_add_time_relative(f.event, NULL, CLOCK_REALTIME, 3600ULL * 1000000ULL, 0,
	                               on_timer, &f) < 0) {
		fprintf(stderr, "daemon-floor: sd-event failed\n");
		return 1;
	}
	if (sd_bus_open_user(&f.bus) < 0 || sd_bus_attach_event(f.bus, f.event, 0) < 0 ||
	    sd_bus_request_name_async(f.bus, NULL, "org.budge.Floor", 0, NULL, NULL) < 0 ||
	    sd_bus_call_method_async(f.bus, NULL, "org.freedesktop.Notifications",
	                             "/org/freedesktop/Notifications",
	                             "org.freedesktop.Notifications", "GetServerInformation",
	                             NULL, NULL, "") < 0) {
		fprintf(stderr, "daemon-floor: no session bus\n");
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &f.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(f.db,
	                 "PRAGMA journal_mode=WAL;"
	                 "CREATE TABLE IF NOT EXISTS log(at INTEGER, what TEXT)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "daemon-floor: %s: cannot open the database\n", argv[1]);
		return 1;
	}
	record(&f, "start");
	if (open_x(&f) < 0 ||
	    sd_event_add_io(f.event, NULL, xcb_get_file_descriptor(f.x), EPOLLIN, on_x, &f) < 0) {
		fprintf(stderr, "daemon-floor: no X server with the SYNC extension\n");
		return 1;
	}
	r = sd_event_loop(f.event);
	xcb_disconnect(f.x);
	sqlite3_close(f.db);
	sd_bus_flush_close_unref(f.bus);
	sd_event_unref(f.event);
	return r < 0 ? 1 : 0;
}
