/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_CLI_ARGS_H
#define BUDGE_CLI_CLI_ARGS_H

#include <budge/config.h>

/*
 * Small pieces every subcommand repeats, with one wording for all.
 * sub is the subcommand name as main() passes it in argv[0] (borrowed);
 * it also names the command in "see 'budge SUB --help'".
 */

/* For getopt_long's ':' (missing value) and '?'/unknown results, right
 * after the call that returned c: prints "option '-x' needs a value" or
 * "unknown option '-x'; see 'budge SUB --help'" and returns
 * BUDGE_EXIT_USAGE. */
int cli_bad_option(const char *sub, int c, char **argv);

/* After the options (and any operands the command takes): if argv[optind]
 * is still there, prints "unexpected argument 'ARG'; see 'budge SUB --help'"
 * and returns BUDGE_EXIT_USAGE; else BUDGE_EXIT_OK. */
int cli_no_more_args(const char *sub, int argc, char **argv);

/* Load the user's config file (or the defaults when there is none) into
 * *cfg (caller-owned). Returns BUDGE_EXIT_OK, or prints the problem as
 * "budge SUB: FILE:LINE: ..." and returns BUDGE_EXIT_CONFIG. */
int cli_config_load(const char *sub, struct budge_config *cfg);

#endif
