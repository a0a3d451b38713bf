/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CUES_H
#define BUDGE_DAEMON_CUES_H

#include <stdint.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "budge/config.h"

/*
 * Cues beyond the screen ([cues], cues.c): each new prompt also goes
 *   - to paired phones through KDE Connect's daemon on the session bus (a
 *     ping with the prompt's text; a watch that mirrors the phone's
 *     notifications vibrates too), [cues] phone = kdeconnect, device;
 *   - to a user program, [cues] command, with the prompt in BUDGE_CUE_KIND,
 *     BUDGE_CUE_TITLE, BUDGE_CUE_BODY and BUDGE_CUE_ID (at most 10 s);
 *   - as a sound played with pw-play, [cues] sound.
 * A prompt is sent once: shown again, answered or timed out, it is not sent
 * again. budge opens no network connection: KDE Connect's daemon does.
 */
struct budge_cues;

struct budge_cues *budge_cues_new(sd_event *ev, sd_bus *bus); /* bus may be NULL */
void budge_cues_free(struct budge_cues *c);
/* At start and on reload; problems with the settings are logged. */
void budge_cues_configure(struct budge_cues *c, const struct budge_config *cfg);
void budge_cues_prompt(struct budge_cues *c, uint32_t id, const char *kind, const char *title,
                       const char *body);

#endif
