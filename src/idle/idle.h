/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IDLE_IDLE_H
#define BUDGE_IDLE_IDLE_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

/*
 * Idle sources. Each backend reports only *when* input stopped or started
 * again, never what the input was: budge never reads keystrokes.
 *
 * A backend is a const ops table with an explicit lifecycle
 *   create -> start -> (get_fd + dispatch while running) -> destroy
 * and an opaque `void *state` (no function-pointer casts). Backends whose
 * events come over D-Bus (gnome) have no fd of their own: get_fd returns
 * -1 and the shared sd-bus connection, already attached to the event loop,
 * delivers their replies and signals.
 */

enum budge_idle_event {
	BUDGE_IDLE_EV_IDLE,   /* no input for idle_ms (>= the timeout asked for) */
	BUDGE_IDLE_EV_ACTIVE, /* input seen again (idle_ms = 0) */
};

/* Called by a backend from its dispatch (or bus callback). */
typedef void (*budge_idle_fn)(enum budge_idle_event ev, uint64_t idle_ms, void *userdata);

enum budge_idle_caps {
	BUDGE_IDLE_CAP_IDLE = 1u << 0,   /* reports idle */
	BUDGE_IDLE_CAP_ACTIVE = 1u << 1, /* reports the return to activity */
	BUDGE_IDLE_CAP_IGNORES_INHIBIT = 1u
	                                 << 2, /* idle inhibitors (video) do not hide input idle */
	BUDGE_IDLE_CAP_NEEDS_BUS = 1u << 3,    /* needs the session bus */
	BUDGE_IDLE_CAP_AUTO = 1u << 4,         /* may be picked automatically */
};

struct budge_idle_params {
	uint64_t timeout_ms; /* report idle after this long without input */
	budge_idle_fn cb;
	void *userdata; /* passed to cb */
	sd_bus *bus;    /* borrowed session bus or NULL */
};

struct budge_idle_ops {
	const char *name;
	unsigned caps; /* enum budge_idle_caps */
	const char *description;
	/* Connect; -ENODEV (or another negative errno) when this backend
	 * cannot work here. *state is owned by the backend until destroy.
	 * params is copied. */
	int (*create)(const struct budge_idle_params *params, void **state);
	/* Arm the watches. Returns 0 or negative errno. */
	int (*start)(void *state);
	/* The fd to poll for input, or -1 if the backend has none. */
	int (*get_fd)(void *state);
	/* Read and handle whatever is pending on the fd (never blocks).
	 * Returns 0, or negative errno when the connection is lost. */
	int (*dispatch)(void *state);
	void (*destroy)(void *state); /* NULL ok */
};

/* Registry, in auto-selection order, NULL-terminated. */
extern const struct budge_idle_ops *const budge_idle_backends[];

/* Backends (one file each). */
extern const struct budge_idle_ops budge_idle_x11_ops;
extern const struct budge_idle_ops budge_idle_wayland_ops;
extern const struct budge_idle_ops budge_idle_gnome_ops;
extern const struct budge_idle_ops budge_idle_stdin_ops;
extern const struct budge_idle_ops budge_idle_none_ops;

/* Find a backend by name; NULL if unknown or not built in. */
const struct budge_idle_ops *budge_idle_find(const char *name);

/*
 * A running idle source: the chosen backend hooked into an sd-event loop.
 */
struct budge_idle_source;

/* Pick and start a backend. name NULL or "auto": the first backend of the
 * registry marked AUTO that starts; a named backend must start, otherwise
 * the error is returned. event (borrowed) must outlive the source. On
 * success *out is owned by the caller (budge_idle_source_destroy). */
int budge_idle_source_create(sd_event *event, const char *name,
                             const struct budge_idle_params *params,
                             struct budge_idle_source **out);
void budge_idle_source_destroy(struct budge_idle_source *s);
/* The running backend's name (static storage); "none" once its connection
 * was lost (the source then reported ACTIVE once and stays silent, like the
 * "none" backend). */
const char *budge_idle_source_name(const struct budge_idle_source *s);

/*
 * logind: screen lock/unlock and suspend/resume, reported as "away". Uses
 * the system bus; when it is not reachable the watcher logs once and does
 * nothing.
 */
enum budge_logind_event {
	BUDGE_LOGIND_LOCK,
	BUDGE_LOGIND_UNLOCK,
	BUDGE_LOGIND_SLEEP,
	BUDGE_LOGIND_WAKE,
};
typedef void (*budge_logind_fn)(enum budge_logind_event ev, void *userdata);
struct budge_logind;
/* Returns 0 and *out (owned) or negative errno (no system bus). */
int budge_logind_create(sd_event *event, budge_logind_fn cb, void *userdata,
                        struct budge_logind **out);
void budge_logind_destroy(struct budge_logind *l);

/*
 * Fullscreen (X11, EWMH): whether the focused window (_NET_ACTIVE_WINDOW)
 * is fullscreen (_NET_WM_STATE_FULLSCREEN in its _NET_WM_STATE), i.e. you
 * are presenting. Reads only those window-state properties, never titles,
 * classes or contents. Its own X connection in the event loop; reports
 * transitions only. A lost X connection reports false (if it was true),
 * is logged, and the watcher goes silent. Built only with X11 support.
 */
typedef void (*budge_fullscreen_fn)(bool fullscreen, void *userdata);
struct budge_fullscreen;
/* Returns 0 and *out (owned; budge_fullscreen_destroy), or negative errno:
 * -ENODEV when no X server can be reached. event is borrowed and must
 * outlive the watcher. */
int budge_fullscreen_create(sd_event *event, budge_fullscreen_fn cb, void *userdata,
                            struct budge_fullscreen **out);
/* false once the X connection was lost (and for NULL). */
bool budge_fullscreen_connected(const struct budge_fullscreen *f);
void budge_fullscreen_destroy(struct budge_fullscreen *f); /* NULL ok */

#endif
