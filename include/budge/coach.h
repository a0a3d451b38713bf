/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_COACH_H
#define BUDGE_COACH_H

#include <stdbool.h>

/* The coach's entry point, `budge run` (src/daemon/daemon.c): all that
 * src/cli sees of the daemon. The loop's own parts are in src/daemon. */

struct budge_daemon_opts {
	const char *config_path; /* borrowed; NULL: the default place */
	const char *db_path;     /* borrowed; NULL: the default place */
	const char *idle;        /* borrowed; NULL: [idle] backend from the config */
	bool no_notify;          /* print prompts to stdout only */
	bool verbose;
};

/* Run until SIGTERM/SIGINT. Returns an enum budge_exit value. */
int budge_daemon_run(const struct budge_daemon_opts *opts);

#endif
