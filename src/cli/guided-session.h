/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_GUIDED_SESSION_H
#define BUDGE_CLI_GUIDED_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#include "budge/catalog.h"
#include "budge/config.h"

/* A guided session in the terminal (src/cli/guided-session.c): budge now,
 * budge breathe and budge routine. */

/* The most movements one session runs. */
#define GUIDED_MAX 64

struct pacer {
	double scale; /* seconds pass this many times faster */
	bool tty_out; /* rewrite one line with \r */
	bool tty_in;  /* keys without Enter */
	bool in_eof;  /* stdin closed: no more keys */
	bool raw;     /* terminal mode changed (restore it) */
	double pace;  /* holds and cycles take this many times their time (1) */
	int ready_s;  /* the "get ready" countdown before a movement (3) */
	struct termios saved;
};

enum guided_key { KEY_NONE, KEY_NEXT, KEY_QUIT, KEY_PAUSE };

/* The time scale from --speed (borrowed, may be NULL) or BUDGE_TIME_SCALE;
 * -EINVAL after an error message. */
int guided_parse_speed(const char *sub, const char *speed, double *out);

/* Keys without Enter on a terminal, SIGINT/SIGTERM/SIGHUP end the session
 * (guided_interrupted); pacer_finish restores the terminal. */
int pacer_init(struct pacer *p, const char *sub, const char *speed);
void pacer_finish(struct pacer *p);
bool guided_interrupted(void);

/* label padded with blanks to 11 characters into buf. */
void guided_pad_label(const char *label, char *buf, size_t len);

/* Show text with a countdown of secs seconds; p or space pauses it.
 * KEY_NONE at the end, KEY_NEXT or KEY_QUIT when a key ended it. */
enum guided_key pacer_countdown(struct pacer *p, const char *text, int secs);

/* The timed part of one movement: its holds or cycles, or a calm 20 s. */
enum guided_key guided_movement(struct pacer *p, const struct budge_movement *m);

/* "LABEL TITLE (region · positions)", the steps, the dose (with easier,
 * the easier version and its dose) and the cautions. */
void guided_print(const char *label, const struct budge_movement *m, bool easier);

/* y/n on a line: 1 yes, 0 no, -1 end of input. */
int guided_ask_yes_no(const char *q);

/* Log the completed ones of pick[0..n) as done (the coach, else the
 * store); prints what happened. An enum budge_exit value. */
int guided_record_done(const char *sub, const struct budge_movement *const *pick,
		       const bool *completed, int n);

/* The plan now, from the default database (none: not started, nothing
 * stopped or paused); BUDGE_EXIT_FAILURE after an error message while
 * coaching is stopped (a red flag at check-in), else BUDGE_EXIT_OK. */
struct report_plan;
int guided_plan(const char *sub, const struct budge_config *cfg, struct report_plan *plan);

/* The regions a session may draw from: region (have_region), else the
 * plan's week, else the start regions; an error (and BUDGE_EXIT_FAILURE)
 * while coaching is stopped or the regions are paused after a red flag. */
int guided_choose_regions(const char *sub, const struct budge_config *cfg, bool have_region,
			  enum budge_region region, budge_region_mask *regions);

/* Run pick[0..n) after printing intro; easier (may be NULL) marks those to
 * show in their easier version. Asks at the end and logs the finished ones.
 * An enum budge_exit value. */
int guided_run(const char *sub, const char *speed, const struct budge_movement **pick,
	       const bool *easier, int n, const char *intro, double pace, int ready_s);

/* The seconds the timed part of m takes at pace, with ready_s to get
 * ready first (as guided_movement runs it). */
int guided_movement_seconds(const struct budge_movement *m, double pace, int ready_s);

#endif
