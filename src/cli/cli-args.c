/* SPDX-License-Identifier: MIT */
/* Small helpers every subcommand uses: errors, --help, option values. */
#include "cli-args.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config-file.h"
#include "budge/i18n.h"

void cli_error(const char *sub, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "budge%s%s: ", sub ? " " : "", sub ? sub : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int cli_bad_option(const char *sub, int c, char **argv)
{
	if (c == ':')
		cli_error(sub, _("option '%s' needs a value"), argv[optind - 1]);
	else
		cli_error(sub, _("unknown option '%s'; see 'budge %s --help'"), argv[optind - 1],
		          sub);
	return BUDGE_EXIT_USAGE;
}

int cli_no_more_args(const char *sub, int argc, char **argv)
{
	if (optind < argc) {
		cli_error(sub, _("unexpected argument '%s'; see 'budge %s --help'"), argv[optind],
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
