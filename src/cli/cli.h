/* SPDX-License-Identifier: MIT */
/* The budge command's table of subcommands and its small shared helpers. */
#ifndef BUDGE_CLI_CLI_H
#define BUDGE_CLI_CLI_H

#include <stdint.h>

#include <stdbool.h>

#include "budge/exit.h"

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
int cmd_routine(int argc, char **argv);

/* How long the running coach's current sitting bout has lasted, in
 * seconds (0: none open), or -1 when no coach answers; prints nothing
 * (src/cli/cmd-control.c). */
int64_t cli_coach_sitting_s(void);
/* A tiny reader for the flat JSON object the coach's Status() returns:
 * the raw value of key (strings without quotes) into buf; false if missing
 * (status-field.c). */
bool cli_json_field(const char *json, const char *key, char *buf, size_t len);
/* `budge status --follow`: one line per change (cmd-follow.c); format NULL
 * is plain. Returns an enum budge_exit value. */
int cli_status_follow(const char *sub, const char *format);

/* Print "budge SUB: message" to stderr (printf format). */
__attribute__((format(printf, 2, 3)))
void cli_error(const char *sub, const char *fmt, ...);

/* True when argv has -h/--help before "--": commands print their usage to
 * stdout and exit 0. */
bool cli_wants_help(int argc, char **argv);

#endif
