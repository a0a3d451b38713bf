/* SPDX-License-Identifier: MIT */
#include "cli-args.h"

#include <getopt.h>

#include "cli.h"
#include "config-file.h"

int cli_bad_option(const char *sub, int c, char **argv)
{
	if (c == ':')
		cli_error(sub, "option '%s' needs a value", argv[optind - 1]);
	else
		cli_error(sub, "unknown option '%s'; see 'budge %s --help'", argv[optind - 1],
		          sub);
	return BUDGE_EXIT_USAGE;
}

int cli_no_more_args(const char *sub, int argc, char **argv)
{
	if (optind < argc) {
		cli_error(sub, "unexpected argument '%s'; see 'budge %s --help'", argv[optind],
		          sub);
		return BUDGE_EXIT_USAGE;
	}
	return BUDGE_EXIT_OK;
}

int cli_config_load(const char *sub, struct budge_config *cfg)
{
	struct budge_config_error cerr = {0};

	if (budge_config_load(NULL, cfg, &cerr) < 0) {
		char msg[800];
		budge_config_error_format(&cerr, msg, sizeof(msg));
		cli_error(sub, "%s", msg);
		return BUDGE_EXIT_CONFIG;
	}
	return BUDGE_EXIT_OK;
}
