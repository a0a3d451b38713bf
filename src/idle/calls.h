/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IDLE_CALLS_H
#define BUDGE_IDLE_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "budge/config.h" /* enum budge_calls_choice */

/*
 * Calls: is a camera or microphone capture running? budge treats that as a
 * call (a meeting: discreet movements only). Only that one fact is used:
 * never audio, video, application names, titles or process names.
 *
 * Two backends behind one ops table (calls.c):
 *   pipewire  event-driven. A child process (fork, no exec; calls-pipewire.c)
 *             loads libpipewire with dlopen, watches the registry for capture
 *             streams (media.class Stream/Input/Audio or Stream/Input/Video,
 *             not level monitors) and writes a line to a pipe when "some
 *             capture stream is running" changes. The coach maps nothing of
 *             PipeWire itself.
 *   alsa      polled, for machines without PipeWire (calls-proc.c): an ALSA
 *             capture substream in state RUNNING, or a /dev/video* device
 *             held open by one of the user's processes. The coach looks only
 *             while the user sits, at most once a minute of its clock.
 * auto is pipewire when its socket is there, else alsa; a PipeWire that
 * goes away later also falls back to alsa.
 *
 * Test hook: BUDGE_CALLS_PROC=DIR is read instead of /proc (a fake tree).
 */

typedef void (*budge_calls_fn)(bool in_call, void *userdata);

struct budge_calls;

/* choice: not BUDGE_CALLS_NO. Returns 0 and *out (budge_calls_destroy), or
 * negative errno when the chosen backend cannot work here (logged). cb is
 * called from the event loop when the answer changes, and when the backend
 * changes (auto falling back to alsa: a polled look is then due). */
int budge_calls_create(sd_event *ev, enum budge_calls_choice choice, budge_calls_fn cb,
                       void *userdata, struct budge_calls **out);
/* "pipewire" or "alsa": the backend in use now. */
const char *budge_calls_backend(const struct budge_calls *c);
bool budge_calls_in_call(const struct budge_calls *c);
/* A polled backend: when the next look is due (the coach's Unix s), given
 * the last one (0 when it never looked: at once); INT64_MAX for an
 * event-driven backend. */
int64_t budge_calls_next_check(const struct budge_calls *c);
/* Look now if a look is due at `now` (a polled backend; no-op otherwise).
 * cb runs when the answer changed. */
void budge_calls_check(struct budge_calls *c, int64_t now);
void budge_calls_destroy(struct budge_calls *c); /* NULL ok; ends the child */

/* ---- the backends' side (calls.c gives them these) ---- */

/* What one look of the alsa backend found under root (e.g. "/proc"). */
struct budge_calls_scan {
	int capture_running; /* ALSA capture substreams in state RUNNING */
	int video_open;      /* /dev/video* file descriptors held open */
	int fds_seen;        /* file descriptors looked at (the cost) */
};
void budge_calls_proc_scan(const char *root, struct budge_calls_scan *out);

/* Run the PipeWire watcher child; returns its pid and the read end of its
 * pipe (non-blocking, close-on-exec), or negative errno. */
int budge_calls_pipewire_spawn(int *read_fd);

#endif
