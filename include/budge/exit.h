/* SPDX-License-Identifier: MIT */
/* Exit codes of every budge command, the coach's included (documented in
 * budge(1), EXIT STATUS). */
#ifndef BUDGE_EXIT_H
#define BUDGE_EXIT_H

enum budge_exit {
	BUDGE_EXIT_OK = 0,
	BUDGE_EXIT_FAILURE = 1,   /* runtime failure not covered below */
	BUDGE_EXIT_USAGE = 2,     /* bad command line: unknown option, bad value */
	BUDGE_EXIT_CONFIG = 3,    /* the config file is invalid */
	BUDGE_EXIT_STORE = 4,     /* the database cannot be opened or is invalid */
	BUDGE_EXIT_NO_DAEMON = 5, /* a control command found no running daemon */
	BUDGE_EXIT_INPUT = 6,     /* an input file (trace, wearable, catalog) is unreadable or invalid */
};

#endif
