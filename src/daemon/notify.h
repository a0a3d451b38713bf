/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_NOTIFY_H
#define BUDGE_DAEMON_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <systemd/sd-bus.h>

#include "budge/catalog.h"

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
/* Safety advice: like a message, but critical and without a timeout, so
 * that it stays until the user closes it. */
void budge_notifier_advice(struct budge_notifier *n, const char *summary, const char *body);
/* Do not disturb on the notification server (dunst paused, KDE Plasma's
 * Inhibited): cb(true) when it turns on, cb(false) when it turns off or
 * the server goes away. Asks the server at once and again whenever a server
 * appears. Without a bus nothing is watched. Returns 0 or negative errno. */
typedef void (*budge_notify_quiet_fn)(bool quiet, void *userdata);
int budge_notifier_watch_quiet(struct budge_notifier *n, budge_notify_quiet_fn cb,
                               void *userdata);
/* Ask the server to play its message sound with each prompt ([prompts]
 * sound). */
void budge_notifier_set_sound(struct budge_notifier *n, bool on);
/* How a prompt printed on standard output says to answer it (NULL: the
 * control commands, "answer with: budge done | ..."). */
void budge_notifier_set_answer_hint(struct budge_notifier *n, const char *hint);
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
/* The cue and dose to show for movement m in variant v: the variant's own
 * cue with its own dose (NULL when it has none: the base dose would
 * contradict it), or the base cue and dose. */
void budge_prompt_variant(const struct budge_movement *m, enum budge_variant v, const char **cue,
                          const char **dose);
/* The body of a movement break after sat_s seconds of sitting: the real
 * length of the bout ("45 min", "1 h 05 min"), not the limit, then the
 * cue of the movement it carries (NULL or "": a plain "stand up and
 * move"). Like snprintf. */
int budge_break_body(int64_t sat_s, const char *cue, char *buf, size_t len);

#endif
