/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CUE_RUNNER_H
#define BUDGE_DAEMON_CUE_RUNNER_H

#include <stdbool.h>

#include <systemd/sd-event.h>

/*
 * One user program at a time, run for a cue without blocking the loop
 * (cue-runner.c): posix_spawn, its output read from a pipe and logged line
 * by line, its end seen through a pidfd, killed when it runs longer than
 * its limit. A failure (it cannot start, exits non-zero, is killed) is
 * logged as a warning once; the next ones quietly, until it works again.
 */
struct budge_cue_runner;

/* what: the name in the log ("[cues] command"). limit_ms: the longest run. */
struct budge_cue_runner *budge_cue_runner_new(sd_event *ev, const char *what, int limit_ms);
void budge_cue_runner_free(struct budge_cue_runner *r); /* kills a running program */
/* Run argv (argv[0] a path, or a name looked up in PATH) with env extra
 * ("NAME=value" strings, NULL-terminated, added to the coach's). Returns
 * false when one still runs (this cue is skipped) or it could not start. */
bool budge_cue_runner_run(struct budge_cue_runner *r, char *const argv[], char *const extra[]);
bool budge_cue_runner_busy(const struct budge_cue_runner *r);

#endif
