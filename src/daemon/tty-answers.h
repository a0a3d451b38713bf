/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_TTY_ANSWERS_H
#define BUDGE_DAEMON_TTY_ANSWERS_H

#include <systemd/sd-event.h>

/*
 * Answers typed at the coach's own terminal, for a coach with no session
 * bus (over ssh, in a plain console), where `budge done` cannot reach it:
 * one line per answer, a letter or the word (d done, s snooze, k skip,
 * t too-hard, h hurts). Reads standard input only while it is a terminal
 * that no idle source uses; the end of input stops it.
 */

/* translated where it is shown: _(BUDGE_TTY_ANSWER_HINT) */
#define BUDGE_TTY_ANSWER_HINT N_("answer here: d done, s snooze, k skip, t too hard, h it hurts, then Enter")

/* Called with the response's name ("done", ...) for each answer line. */
typedef void (*budge_tty_answer_fn)(const char *response, void *userdata);

struct budge_tty_answers;

/* Watch standard input. 0, or negative errno (then nothing is watched). */
int budge_tty_answers_create(sd_event *event, budge_tty_answer_fn cb, void *userdata,
                             struct budge_tty_answers **out);
void budge_tty_answers_destroy(struct budge_tty_answers *t);
/* The response a line means, or NULL (exposed for the tests). */
const char *budge_tty_answer_parse(const char *line);

#endif
