/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_BUS_API_H
#define BUDGE_DAEMON_BUS_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-bus.h>

#include "budge/catalog.h"
#include "budge/coach-bus.h"
#include "budge/engine.h"

/* What the API asks of the coach (daemon.c fills it in), so that the API
 * does not depend on the loop's internals. */
struct budge_daemon;
struct budge_coach_ops {
	int64_t (*now)(struct budge_daemon *d);
	void (*status)(struct budge_daemon *d, int64_t now, struct budge_status *out);
	/* Feed one input and carry out the resulting actions, stored first:
	 * *store_err gets 0, or the negative errno of a write that failed
	 * (then nothing changed). Returns the engine's answer. */
	int (*input)(struct budge_daemon *d, const struct budge_input_event *ev, int *store_err);
	/* The catalog movement with this id (borrowed), or NULL. */
	const struct budge_movement *(*movement)(struct budge_daemon *d, const char *id);
	/* The user did m outside a prompt (`budge now`): store its "done" row,
	 * then tell the engine. 0, or negative errno when it was not stored
	 * (then the engine is not told either). */
	int (*record_done)(struct budge_daemon *d, const struct budge_movement *m);
	/* The status as one JSON object into buf; the length needed, like
	 * snprintf. */
	int (*status_json)(struct budge_daemon *d, char *buf, size_t len);
	/* "present", "idle", "away", "paused", "meeting", "call"
	 * (a meeting because a camera or microphone capture runs) or "stopped". */
	const char *(*state)(struct budge_daemon *d, const struct budge_status *st);
	/* true while the check-in's emergency stop is in force; *reason (may
	 * be NULL) gets why (borrowed). */
	bool (*stopped)(struct budge_daemon *d, const char **reason);
	/* Re-read the check-in's keys another process may have written. */
	void (*refresh)(struct budge_daemon *d);
	/* Reload the config file; on error keep the running one, write
	 * "PATH:LINE: message" into errbuf and return negative errno. */
	int (*reload)(struct budge_daemon *d, char *errbuf, size_t errlen);
	/* Today's prompts and the ones answered done (for the tray). */
	void (*today)(struct budge_daemon *d, uint32_t *asked, uint32_t *done);
	/* Show the open prompt again; false if none is open. */
	bool (*show_prompt)(struct budge_daemon *d);
	/* A one-off notification (strings borrowed). */
	void (*notice)(struct budge_daemon *d, const char *summary, const char *body);
	/* Stop the coach, as SIGTERM does. */
	void (*quit)(struct budge_daemon *d);
};

/*
 * budge's own D-Bus API (bus-api.c): org.budge.Coach1 on the session bus.
 */
struct budge_bus_api;

/* The answer to the name request: 0 the name is ours, -EEXIST another
 * coach owns it, another negative errno when the bus refused or did not
 * answer in time (then the API may not be reachable). */
typedef void (*budge_bus_api_name_fn)(int result, void *userdata);

/* Registers the object and requests the name asynchronously: cb (with
 * userdata, borrowed) is called once from the event loop with the answer.
 * Until then, and after -EEXIST, methods that change or record something
 * fail with "the coach is still starting". Returns 0 or negative errno
 * (the request could not be sent). */
int budge_bus_api_create(struct budge_daemon *d, const struct budge_coach_ops *ops, sd_bus *bus,
                         budge_bus_api_name_fn cb, void *userdata, struct budge_bus_api **out);
void budge_bus_api_destroy(struct budge_bus_api *a);
void budge_bus_api_emit_prompt(struct budge_bus_api *a, const struct budge_action *act,
                               const char *summary, const char *body);
/* Emit PropertiesChanged for whatever changed since the last call. */
void budge_bus_api_changed(struct budge_bus_api *a);

#endif
