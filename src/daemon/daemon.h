/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_DAEMON_H
#define BUDGE_DAEMON_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "budge/catalog.h"
#include "budge/config.h"
#include "budge/engine.h"

/* The coach: `budge run`. */

#define BUDGE_BUS_NAME "org.budge.Coach1"
#define BUDGE_BUS_PATH "/org/budge/Coach1"
#define BUDGE_BUS_IFACE "org.budge.Coach1"
#define BUDGE_BUS_ERROR_NO_PROMPT "org.budge.Coach1.Error.NoPrompt"
#define BUDGE_BUS_ERROR_STOPPED "org.budge.Coach1.Error.Stopped"
#define BUDGE_BUS_ERROR_INVALID_CONFIG "org.budge.Coach1.Error.InvalidConfig"
#define BUDGE_BUS_ERROR_STORE "org.budge.Coach1.Error.Store"

struct budge_daemon_opts {
	const char *config_path; /* borrowed; NULL: the default place */
	const char *db_path;     /* borrowed; NULL: the default place */
	const char *idle;        /* borrowed; NULL: [idle] backend from the config */
	bool no_notify;          /* print prompts to stdout only */
	bool verbose;
};

/* Run until SIGTERM/SIGINT. Returns an enum budge_exit value. */
int budge_daemon_run(const struct budge_daemon_opts *opts);

struct budge_daemon;

/* Used by the D-Bus API (bus-api.c). */
int64_t budge_daemon_now(struct budge_daemon *d);
void budge_daemon_status(struct budge_daemon *d, int64_t now, struct budge_status *out);
/* Feed one input and carry out the resulting actions (store first). */
int budge_daemon_input(struct budge_daemon *d, const struct budge_input_event *ev);
/* The catalog movement with this id (borrowed from the coach's catalog),
 * or NULL. */
const struct budge_movement *budge_daemon_movement(struct budge_daemon *d, const char *id);
/* The user did movement m (from budge_daemon_movement) outside a prompt
 * (`budge now`): append its "done" response row (prompt kind micro, text
 * "guided") to the store, then feed the engine BUDGE_IN_MOVEMENT_DONE and
 * carry out the actions. Returns 0, or negative errno when the row could
 * not be stored (then the engine is not told either). */
int budge_daemon_record_done(struct budge_daemon *d, const struct budge_movement *m);
/* The status as one JSON object into buf (borrowed). Returns the length
 * needed, like snprintf. */
int budge_daemon_status_json(struct budge_daemon *d, char *buf, size_t len);
/* "present", "idle", "away", "paused" or "meeting". */
const char *budge_daemon_state_name(const struct budge_status *st);
/* Like budge_daemon_state_name, but "stopped" while the check-in's
 * emergency stop (kv coaching.stopped) is in force. */
const char *budge_daemon_state(struct budge_daemon *d, const struct budge_status *st);
/* true while coaching is stopped; *reason (may be NULL) gets the kv value
 * (borrowed, valid until the next refresh). */
bool budge_daemon_stopped(struct budge_daemon *d, const char **reason);
/* Re-read the check-in's kv keys and apply them to the engine when they
 * changed (another process may have written them). */
void budge_daemon_refresh(struct budge_daemon *d);
/* Reload the config file: parse, validate, swap; on error keep the running
 * configuration, write "PATH:LINE: message" into errbuf (borrowed, may be
 * NULL) and return negative errno. */
int budge_daemon_reload(struct budge_daemon *d, char *errbuf, size_t errlen);

/*
 * Notifications (notify.c): org.freedesktop.Notifications over the session
 * bus, asynchronous, one prompt at a time updated in place (replaces_id).
 * Without a bus or server the prompt goes to stdout.
 */
struct budge_notifier;

/* action: "done", "snooze", "skip", "hurts" ("default" is mapped to
 * "done"). */
typedef void (*budge_notify_action_fn)(uint32_t prompt_id, const char *action, void *userdata);

/* bus (borrowed, may be NULL) must outlive the notifier. */
int budge_notifier_create(sd_bus *bus, bool use_bus, budge_notify_action_fn cb, void *userdata,
                          struct budge_notifier **out);
void budge_notifier_destroy(struct budge_notifier *n);
/* Show (or update in place) the prompt. Strings are copied. */
int budge_notifier_show(struct budge_notifier *n, uint32_t prompt_id, const char *summary,
                        const char *body);
/* Withdraw the prompt if it is still the one shown. */
void budge_notifier_close(struct budge_notifier *n, uint32_t prompt_id);
/* A one-off message without actions (safety advice, plan news). */
void budge_notifier_message(struct budge_notifier *n, const char *summary, const char *body);
/* Do not disturb on the notification server (dunst paused, KDE Plasma's
 * Inhibited): cb(true) when it turns on, cb(false) when it turns off or
 * the server goes away. Asks the server at once and again whenever a server
 * appears. Without a bus nothing is watched. Returns 0 or negative errno. */
typedef void (*budge_notify_quiet_fn)(bool quiet, void *userdata);
int budge_notifier_watch_quiet(struct budge_notifier *n, budge_notify_quiet_fn cb,
                               void *userdata);
/* The do-not-disturb state last reported. */
bool budge_notifier_quiet(const struct budge_notifier *n);
/* "desktop" while the notification server answers, "terminal" otherwise. */
const char *budge_notifier_mode(const struct budge_notifier *n);
/* The body of a micro prompt: the one-line cue, then the dose in
 * parentheses -- unless the cue already states the amount (it has a digit
 * or a number word such as "three" or "twice"), so that the body never says
 * it twice ("... 5 times. (5 rounds)"). cue/dose may be NULL. Writes into
 * buf (borrowed) and returns the length needed, like snprintf. */
int budge_prompt_body(const char *cue, const char *dose, char *buf, size_t len);

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
int budge_bus_api_create(struct budge_daemon *d, sd_bus *bus, budge_bus_api_name_fn cb,
                         void *userdata, struct budge_bus_api **out);
void budge_bus_api_destroy(struct budge_bus_api *a);
void budge_bus_api_emit_prompt(struct budge_bus_api *a, const struct budge_action *act,
                               const char *summary, const char *body);
/* Emit PropertiesChanged for whatever changed since the last call. */
void budge_bus_api_changed(struct budge_bus_api *a);

#endif
