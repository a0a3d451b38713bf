/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_CLI_H
#define BUDGE_CLI_CLI_H

#include <stdbool.h>

/* Exit codes of every budge command (documented in budge(1), EXIT STATUS). */
enum budge_exit {
	BUDGE_EXIT_OK = 0,
	BUDGE_EXIT_FAILURE = 1,   /* runtime failure not covered below */
	BUDGE_EXIT_USAGE = 2,     /* bad command line: unknown option, bad value */
	BUDGE_EXIT_CONFIG = 3,    /* the config file is invalid */
	BUDGE_EXIT_STORE = 4,     /* the database cannot be opened or is invalid */
	BUDGE_EXIT_NO_DAEMON = 5, /* a control command found no running daemon */
	BUDGE_EXIT_INPUT = 6,     /* an input file (trace, wearable, catalog) is unreadable or invalid */
};

/* A subcommand: argv[0] is the subcommand name; getopt state is reset
 * before each call. Returns an enum budge_exit value. */
typedef int (*budge_cmd_fn)(int argc, char **argv);

struct budge_cmd {
	const char *name;
	budge_cmd_fn fn;
	const char *summary; /* one line for `budge --help` */
};

/* Each is defined in src/cli/cmd-<name>.c. */
int cmd_run(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_next(int argc, char **argv);
int cmd_respond(int argc, char **argv); /* done | snooze | skip | too-hard | hurts */
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_meeting(int argc, char **argv);
int cmd_now(int argc, char **argv);
int cmd_breathe(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_checkin(int argc, char **argv);
int cmd_pain(int argc, char **argv);
int cmd_walk(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_config(int argc, char **argv);

/* Print "budge SUB: message" to stderr (printf format). */
__attribute__((format(printf, 2, 3)))
void cli_error(const char *sub, const char *fmt, ...);

/* True when argv has -h/--help before "--": commands print their usage to
 * stdout and exit 0. */
bool cli_wants_help(int argc, char **argv);

#endif
