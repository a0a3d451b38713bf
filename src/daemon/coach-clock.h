/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_COACH_CLOCK_H
#define BUDGE_DAEMON_COACH_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

/*
 * The clock the coach coaches by: the wall clock (CLOCK_REALTIME) in
 * seconds, and what happened to it between two looks. A step of the wall
 * clock shows against CLOCK_BOOTTIME, a sleep nobody reported as
 * CLOCK_BOOTTIME running ahead of CLOCK_MONOTONIC. The kernel says when the
 * clock is set (a timerfd with TFD_TIMER_CANCEL_ON_SET), so a step back is
 * seen at once; nothing polls.
 *
 * Two test hooks, both read once at start from the environment:
 *   BUDGE_TEST_TIME_SCALE=N  the coach's clock runs N times faster;
 *   BUDGE_TEST_CLOCK=FILE    FILE holds "STEP SLEPT" (whole seconds of the
 *                            coach's clock): how far its clock has been set,
 *                            and how long it slept without a suspend event.
 *                            Rewriting FILE makes the jump happen (the real
 *                            clock cannot be set without privileges, and
 *                            libfaketime breaks sd-event's monotonic timers).
 */

struct budge_clock_jump {
	int64_t at;    /* the coach's time where the jump began (old clock) */
	int64_t slept; /* seconds asleep that no suspend event reported */
	int64_t step;  /* seconds the clock was set by (negative: back) */
};

struct budge_coach_clock {
	int64_t scale; /* 1 in normal use */
	int64_t t0_us; /* real time when the fast clock began */
	char *seam;    /* BUDGE_TEST_CLOCK, or NULL */
	int64_t seam_step, seam_slept;
	/* the last look */
	int64_t ref_real_us, ref_mono_us, ref_boot_us, ref_step, ref_slept;
	sd_event_source *set_src, *seam_src;
	void (*changed)(void *userdata);
	void *userdata;
};

/* Read the test hooks. Returns an exit code (BUDGE_EXIT_USAGE with a
 * message for a malformed hook). */
int budge_coach_clock_init(struct budge_coach_clock *c);
/* Call changed(userdata) from the loop whenever the clock is set (or the
 * seam file is rewritten). 0 or negative errno. */
int budge_coach_clock_watch(struct budge_coach_clock *c, sd_event *event,
                            void (*changed)(void *userdata), void *userdata);
void budge_coach_clock_fini(struct budge_coach_clock *c);

/* The coach's time now, in seconds. */
int64_t budge_coach_clock_now(const struct budge_coach_clock *c);
/* Whether the clock jumped since the last call (steps and sleeps under 2 s
 * of real time are drift, not jumps); *j says how. */
bool budge_coach_clock_jumped(struct budge_coach_clock *c, struct budge_clock_jump *j);
/* The CLOCK_REALTIME microseconds at which the coach's clock reads t. */
uint64_t budge_coach_clock_realtime_usec(const struct budge_coach_clock *c, int64_t t);

#endif
