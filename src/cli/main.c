/* SPDX-License-Identifier: MIT */
/* The budge command: the table of subcommands and the dispatch. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "budge-build-config.h"
#include "budge/i18n.h"
#include "cli.h"
#include "i18n-init.h"

static const struct budge_cmd commands[] = {
	{"run", cmd_run, N_("run the coach in the foreground (the daemon)")},
	{"status", cmd_status, N_("show the running coach's state")},
	{"next", cmd_next, N_("show the next planned prompt")},
	{"done", cmd_respond, N_("answer the current prompt: done")},
	{"snooze", cmd_respond, N_("answer the current prompt: ask again later")},
	{"skip", cmd_respond, N_("answer the current prompt: skip it")},
	{"too-hard", cmd_respond, N_("answer the current prompt: too hard, step down")},
	{"hurts", cmd_respond, N_("answer the current prompt: it hurts, step down")},
	{"pause", cmd_pause, N_("pause coaching [for DURATION]")},
	{"resume", cmd_resume, N_("resume coaching after a pause")},
	{"meeting", cmd_meeting, N_("start a meeting [DURATION] or end it (discreet prompts only)")},
	{"now", cmd_now, N_("a guided session of 1-4 movements in the terminal")},
	{"breathe", cmd_breathe, N_("a 4-second box-breathing pacer")},
	{"routine", cmd_routine, N_("a guided head-to-toe routine of about 10 minutes")},
	{"catalog", cmd_catalog, N_("list, show and search movements")},
	{"plan", cmd_plan, N_("this week's regions, the next region, the walking target")},
	{"checkin", cmd_checkin, N_("the weekly self-check, pain rating and safety screen")},
	{"pain", cmd_pain, N_("log a 0-10 pain rating")},
	{"walk", cmd_walk, N_("log a walk in minutes")},
	{"report", cmd_report, N_("day, week or month report (terminal, JSON, CSV, HTML)")},
	{"import", cmd_import, N_("import wearable accelerometer files into the database")},
	{"analyze", cmd_analyze, N_("analyse a wearable accelerometer file (no database)")},
	{"simulate", cmd_simulate, N_("replay a trace or synthetic days through the engine")},
	{"config", cmd_config, N_("print the effective configuration or the defaults")},
};

static void usage(FILE *f)
{
	fprintf(f, _("Usage: budge [--version] [--help] COMMAND [ARGS...]\n\n"
		     "A micro-movement coach for people who sit at a computer.\n\n"
		     "Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f, "\n%s\n",
		_("Run 'budge COMMAND --help' for a command's options; see budge(1) and budge(5)."));
}

int main(int argc, char **argv)
{
	budge_i18n_init();
	if (argc < 2) {
		usage(stderr);
		return BUDGE_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			/* "budge help CMD" is "budge CMD --help" */
			char *hargv[] = {argv[2], (char *)"--help", NULL};
			for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
				if (strcmp(argv[2], commands[i].name) == 0)
					return commands[i].fn(2, hargv);
			cli_error(NULL, _("unknown command '%s'; see 'budge --help'"), argv[2]);
			return BUDGE_EXIT_USAGE;
		}
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("budge %s\n", BUDGE_VERSION);
		return BUDGE_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			optind = 0; /* full getopt reset for the subcommand */
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	cli_error(NULL, _("unknown command '%s'; see 'budge --help'"), argv[1]);
	return BUDGE_EXIT_USAGE;
}
