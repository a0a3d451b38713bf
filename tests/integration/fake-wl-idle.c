/* SPDX-License-Identifier: MIT */
/*
 * A stand-in Wayland compositor for the wayland idle backend's test
 * (test-daemon-wayland.sh). It draws nothing and has no input devices: it
 * listens on $XDG_RUNTIME_DIR/<argv[1]>, offers wl_seat and
 * ext_idle_notifier_v1, remembers every idle notification a client asks
 * for and fires them on commands read from its standard input, one a line:
 *   idle    send "idled" to every notification
 *   resume  send "resumed" to every notification
 *   quit    exit (so does the end of the input)
 * Everything it does is written to standard output, one line each, for the
 * test to wait on: "ready", "bind <interface> v<n>", "notification <ms>",
 * "sent idled <n>", "sent resumed <n>", "gone notification", ...
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wayland-server.h>

#include "ext-idle-notify-v1-server-protocol.h"

struct fake {
	struct wl_display *display;
	struct wl_list notifications; /* struct wl_resource links */
	char line[256];
	size_t len;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* ---- wl_seat: advertised, no devices ------------------------------------ */

static void seat_get_device(struct wl_client *client, struct wl_resource *res, uint32_t id)
{
	wl_resource_post_error(res, WL_SEAT_ERROR_MISSING_CAPABILITY,
	                       "this test compositor has no input devices");
}

static const struct wl_seat_interface seat_impl = {
    .get_pointer = seat_get_device,
    .get_keyboard = seat_get_device,
    .get_touch = seat_get_device,
};

static void bind_seat(struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
	struct wl_resource *res = wl_resource_create(client, &wl_seat_interface, (int)version, id);

	if (!res) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(res, &seat_impl, data, NULL);
	wl_seat_send_capabilities(res, 0);
	say("bind wl_seat v%u", version);
}

/* ---- ext_idle_notification_v1 -------------------------------------------- */

static void resource_destroy(struct wl_client *client, struct wl_resource *res)
{
	wl_resource_destroy(res);
}

static const struct ext_idle_notification_v1_interface notification_impl = {
    .destroy = resource_destroy,
};

static void notification_gone(struct wl_resource *res)
{
	wl_list_remove(wl_resource_get_link(res));
	say("gone notification");
}

static void get_idle_notification(struct wl_client *client, struct wl_resource *notifier,
                                  uint32_t id, uint32_t timeout, struct wl_resource *seat)
{
	struct fake *f = wl_resource_get_user_data(notifier);
	struct wl_resource *res = wl_resource_create(client, &ext_idle_notification_v1_interface,
	                                             wl_resource_get_version(notifier), id);

	if (!res) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(res, &notification_impl, f, notification_gone);
	wl_list_insert(&f->notifications, wl_resource_get_link(res));
	say("notification %u", timeout);
}

static const struct ext_idle_notifier_v1_interface notifier_impl = {
    .destroy = resource_destroy,
    .get_idle_notification = get_idle_notification,
};

static void bind_notifier(struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
	struct wl_resource *res =
	    wl_resource_create(client, &ext_idle_notifier_v1_interface, (int)version, id);

	if (!res) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(res, &notifier_impl, data, NULL);
	say("bind ext_idle_notifier_v1 v%u", version);
}

/* ---- commands ------------------------------------------------------------- */

static void command(struct fake *f, const char *cmd)
{
	struct wl_resource *res;
	int n = 0;

	if (strcmp(cmd, "idle") == 0 || strcmp(cmd, "resume") == 0) {
		bool idle = cmd[0] == 'i';
		wl_resource_for_each(res, &f->notifications)
		{
			if (idle)
				ext_idle_notification_v1_send_idled(res);
			else
				ext_idle_notification_v1_send_resumed(res);
			n++;
		}
		wl_display_flush_clients(f->display);
		say("sent %s %d", idle ? "idled" : "resumed", n);
	} else if (strcmp(cmd, "quit") == 0) {
		wl_display_terminate(f->display);
	} else if (cmd[0]) {
		say("unknown command '%s' (expected idle, resume or quit)", cmd);
	}
}

static int on_stdin(int fd, uint32_t mask, void *data)
{
	struct fake *f = data;
	ssize_t n = read(fd, f->line + f->len, sizeof(f->line) - 1 - f->len);

	if (n <= 0) {
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		say("end of commands");
		wl_display_terminate(f->display);
		return 0;
	}
	f->len += (size_t)n;
	for (;;) {
		char *nl = memchr(f->line, '\n', f->len);
		if (!nl)
			break;
		*nl = 0;
		command(f, f->line);
		f->len -= (size_t)(nl + 1 - f->line);
		memmove(f->line, nl + 1, f->len);
	}
	if (f->len == sizeof(f->line) - 1) {
		say("command line too long");
		f->len = 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fake f = {.len = 0};
	const char *name = argc > 1 ? argv[1] : "wayland-budge-test";
	int rc = 0;

	if (!getenv("XDG_RUNTIME_DIR")) {
		fprintf(stderr, "fake-wl-idle: XDG_RUNTIME_DIR is not set\n");
		return 1;
	}
	wl_list_init(&f.notifications);
	f.display = wl_display_create();
	if (!f.display) {
		fprintf(stderr, "fake-wl-idle: cannot create a display\n");
		return 1;
	}
	if (wl_display_add_socket(f.display, name) < 0) {
		fprintf(stderr, "fake-wl-idle: cannot listen on %s/%s: %s\n",
		        getenv("XDG_RUNTIME_DIR"), name, strerror(errno));
		rc = 1;
		goto out;
	}
	if (!wl_global_create(f.display, &wl_seat_interface, 1, &f, bind_seat) ||
	    !wl_global_create(f.display, &ext_idle_notifier_v1_interface,
	                      ext_idle_notifier_v1_interface.version, &f, bind_notifier) ||
	    !wl_event_loop_add_fd(wl_display_get_event_loop(f.display), STDIN_FILENO,
	                          WL_EVENT_READABLE, on_stdin, &f)) {
		fprintf(stderr, "fake-wl-idle: cannot set up the globals\n");
		rc = 1;
		goto out;
	}
	say("ready");
	wl_display_run(f.display);
out:
	wl_display_destroy_clients(f.display);
	wl_display_destroy(f.display);
	return rc;
}
