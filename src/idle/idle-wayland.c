/* SPDX-License-Identifier: MIT */
/*
 * Wayland idle backend: ext-idle-notify-v1. The compositor sends "idled"
 * after timeout_ms without input and "resumed" on the next input. Version 2
 * of the protocol adds get_input_idle_notification, which ignores idle
 * inhibitors (a playing video must not hide that you are still sitting):
 * used when both the protocol headers and the compositor offer it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <wayland-client.h>

#include "ext-idle-notify-v1-client-protocol.h"
#include "idle.h"
#include "log.h"

struct wl_state {
	struct budge_idle_params p;
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_seat *seat;
	struct ext_idle_notifier_v1 *notifier;
	uint32_t notifier_version;
	struct ext_idle_notification_v1 *notification;
};

static void on_idled(void *data, struct ext_idle_notification_v1 *n)
{
	struct wl_state *st = data;
	st->p.cb(BUDGE_IDLE_EV_IDLE, st->p.timeout_ms, st->p.userdata);
}

static void on_resumed(void *data, struct ext_idle_notification_v1 *n)
{
	struct wl_state *st = data;
	st->p.cb(BUDGE_IDLE_EV_ACTIVE, 0, st->p.userdata);
}

static const struct ext_idle_notification_v1_listener notification_listener = {
    .idled = on_idled,
    .resumed = on_resumed,
};

static void on_global(void *data, struct wl_registry *reg, uint32_t name, const char *iface,
                      uint32_t version)
{
	struct wl_state *st = data;

	if (strcmp(iface, ext_idle_notifier_v1_interface.name) == 0 && !st->notifier) {
		uint32_t v = version < (uint32_t)ext_idle_notifier_v1_interface.version
		                 ? version
		                 : (uint32_t)ext_idle_notifier_v1_interface.version;
		st->notifier = wl_registry_bind(reg, name, &ext_idle_notifier_v1_interface, v);
		st->notifier_version = v;
	} else if (strcmp(iface, wl_seat_interface.name) == 0 && !st->seat) {
		/* The first seat; budge watches one person. */
		st->seat = wl_registry_bind(reg, name, &wl_seat_interface, 1);
	}
}

static void on_global_remove(void *data, struct wl_registry *reg, uint32_t name) {}

static const struct wl_registry_listener registry_listener = {
    .global = on_global,
    .global_remove = on_global_remove,
};

static void wl_destroy(void *state);

static int wl_create(const struct budge_idle_params *params, void **state)
{
	struct wl_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	/* Not a Wayland session: do not let libwayland guess a socket (and
	 * complain about XDG_RUNTIME_DIR). */
	if (!getenv("WAYLAND_DISPLAY") && !getenv("WAYLAND_SOCKET")) {
		free(st);
		return -ENODEV;
	}
	st->p = *params;
	st->display = wl_display_connect(NULL);
	if (!st->display) {
		free(st);
		return -ENODEV;
	}
	st->registry = wl_display_get_registry(st->display);
	wl_registry_add_listener(st->registry, &registry_listener, st);
	/* Start-up only: learn the globals before the loop runs. */
	if (wl_display_roundtrip(st->display) < 0 || !st->notifier || !st->seat) {
		if (!st->notifier)
			log_debug("wayland: the compositor does not offer ext_idle_notifier_v1");
		wl_destroy(st);
		return -ENODEV;
	}
	*state = st;
	return 0;
}

static int wl_start(void *state)
{
	struct wl_state *st = state;
	uint32_t t = st->p.timeout_ms > UINT32_MAX ? UINT32_MAX : (uint32_t)st->p.timeout_ms;

#ifdef EXT_IDLE_NOTIFIER_V1_GET_INPUT_IDLE_NOTIFICATION_SINCE_VERSION
	if (st->notifier_version >= EXT_IDLE_NOTIFIER_V1_GET_INPUT_IDLE_NOTIFICATION_SINCE_VERSION)
		st->notification =
		    ext_idle_notifier_v1_get_input_idle_notification(st->notifier, t, st->seat);
	else
#endif
		st->notification =
		    ext_idle_notifier_v1_get_idle_notification(st->notifier, t, st->seat);
	ext_idle_notification_v1_add_listener(st->notification, &notification_listener, st);
	if (wl_display_flush(st->display) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

static int wl_get_fd(void *state)
{
	struct wl_state *st = state;
	return wl_display_get_fd(st->display);
}

static int wl_dispatch(void *state)
{
	struct wl_state *st = state;

	/* Called when the fd is readable (and once at start, when nothing may
	 * be pending: then only what is queued is dispatched). */
	if (wl_display_prepare_read(st->display) == 0) {
		if (wl_display_read_events(st->display) < 0 && errno != EAGAIN)
			return -errno;
	}
	if (wl_display_dispatch_pending(st->display) < 0)
		return -EPIPE;
	if (wl_display_flush(st->display) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

static void wl_destroy(void *state)
{
	struct wl_state *st = state;

	if (!st)
		return;
	if (st->notification)
		ext_idle_notification_v1_destroy(st->notification);
	if (st->notifier)
		ext_idle_notifier_v1_destroy(st->notifier);
	if (st->seat)
		wl_seat_destroy(st->seat);
	if (st->registry)
		wl_registry_destroy(st->registry);
	wl_display_disconnect(st->display);
	free(st);
}

const struct budge_idle_ops budge_idle_wayland_ops = {
    .name = "wayland",
    .caps = BUDGE_IDLE_CAP_IDLE | BUDGE_IDLE_CAP_ACTIVE | BUDGE_IDLE_CAP_AUTO,
    .description = "Wayland ext-idle-notify-v1",
    .create = wl_create,
    .start = wl_start,
    .get_fd = wl_get_fd,
    .dispatch = wl_dispatch,
    .destroy = wl_destroy,
};
