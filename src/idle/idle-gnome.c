/* SPDX-License-Identifier: MIT */
/*
 * GNOME idle backend: org.gnome.Mutter.IdleMonitor over the session bus
 * (GNOME on Wayland does not offer ext-idle-notify everywhere). An idle
 * watch fires after timeout_ms without input; a user-active watch (one
 * shot) fires on the next input. All calls are asynchronous: replies and
 * WatchFired signals arrive through the bus connection in the event loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "idle.h"
#include "log.h"

#define MUTTER_NAME "org.gnome.Mutter.IdleMonitor"
#define MUTTER_PATH "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IFACE "org.gnome.Mutter.IdleMonitor"

struct gnome_state {
	struct budge_idle_params p;
	sd_bus_slot *match;
	sd_bus_slot *call;
	uint32_t idle_watch;
	uint32_t active_watch;
};

static int on_active_added(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct gnome_state *st = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);

	st->call = sd_bus_slot_unref(st->call);
	if (e) {
		log_warn("gnome idle monitor: AddUserActiveWatch failed: %s", e->message);
		return 0;
	}
	if (sd_bus_message_read(m, "u", &st->active_watch) < 0)
		log_warn("gnome idle monitor: bad AddUserActiveWatch reply");
	return 0;
}

static int on_idle_added(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct gnome_state *st = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);

	st->call = sd_bus_slot_unref(st->call);
	if (e) {
		log_warn("gnome idle monitor: AddIdleWatch failed: %s", e->message);
		return 0;
	}
	if (sd_bus_message_read(m, "u", &st->idle_watch) < 0)
		log_warn("gnome idle monitor: bad AddIdleWatch reply");
	return 0;
}

static int on_watch_fired(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct gnome_state *st = userdata;
	uint32_t id;

	if (sd_bus_message_read(m, "u", &id) < 0 || id == 0)
		return 0;
	if (id == st->idle_watch) {
		st->p.cb(BUDGE_IDLE_EV_IDLE, st->p.timeout_ms, st->p.userdata);
		st->call = sd_bus_slot_unref(st->call);
		int r = sd_bus_call_method_async(st->p.bus, &st->call, MUTTER_NAME, MUTTER_PATH,
		                                 MUTTER_IFACE, "AddUserActiveWatch",
		                                 on_active_added, st, "");
		if (r < 0)
			log_warn("gnome idle monitor: AddUserActiveWatch: %s", strerror(-r));
	} else if (id == st->active_watch) {
		st->active_watch = 0; /* one shot: Mutter removed it */
		st->p.cb(BUDGE_IDLE_EV_ACTIVE, 0, st->p.userdata);
	}
	return 0;
}

static int gnome_create(const struct budge_idle_params *params, void **state)
{
	struct gnome_state *st;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	int r;

	if (!params->bus)
		return -ENODEV;
	/* Start-up only (before the loop runs): is Mutter there at all? */
	r = sd_bus_call_method(params->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	                       "org.freedesktop.DBus", "GetNameOwner", &err, &reply, "s",
	                       MUTTER_NAME);
	sd_bus_error_free(&err);
	sd_bus_message_unref(reply);
	if (r < 0)
		return -ENODEV;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->p = *params;
	*state = st;
	return 0;
}

static int gnome_start(void *state)
{
	struct gnome_state *st = state;
	int r;

	r = sd_bus_match_signal_async(st->p.bus, &st->match, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
	                              "WatchFired", on_watch_fired, NULL, st);
	if (r < 0)
		return r;
	return sd_bus_call_method_async(st->p.bus, &st->call, MUTTER_NAME, MUTTER_PATH,
	                                MUTTER_IFACE, "AddIdleWatch", on_idle_added, st, "t",
	                                (uint64_t)st->p.timeout_ms);
}

static int gnome_get_fd(void *state)
{
	return -1;
}

static int gnome_dispatch(void *state)
{
	return 0;
}

static void gnome_destroy(void *state)
{
	struct gnome_state *st = state;

	if (!st)
		return;
	sd_bus_slot_unref(st->call);
	sd_bus_slot_unref(st->match);
	if (st->idle_watch)
		sd_bus_call_method_async(st->p.bus, NULL, MUTTER_NAME, MUTTER_PATH, MUTTER_IFACE,
		                         "RemoveWatch", NULL, NULL, "u", st->idle_watch);
	free(st);
}

const struct budge_idle_ops budge_idle_gnome_ops = {
    .name = "gnome",
    .caps = BUDGE_IDLE_CAP_IDLE | BUDGE_IDLE_CAP_ACTIVE | BUDGE_IDLE_CAP_NEEDS_BUS |
            BUDGE_IDLE_CAP_AUTO,
    .description = "GNOME Mutter IdleMonitor watches over D-Bus",
    .create = gnome_create,
    .start = gnome_start,
    .get_fd = gnome_get_fd,
    .dispatch = gnome_dispatch,
    .destroy = gnome_destroy,
};
