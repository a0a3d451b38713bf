/* SPDX-License-Identifier: MIT */
/* budge config: print, check and locate the configuration file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budge/config.h"
#include "cli.h"
#include "config-file.h"

static void config_usage(FILE *f)
{
	fprintf(f, "Usage: budge config [--json] [FILE]\n"
	           "       budge config --defaults [--json]\n"
	           "       budge config --check [FILE]\n"
	           "       budge config --path\n"
	           "\n"
	           "Print the effective configuration as an INI file with every key: the\n"
	           "config file (FILE, or the default place) with the defaults filled in.\n"
	           "\n"
	           "Options:\n"
	           "  -d, --defaults  print the built-in defaults instead\n"
	           "  -c, --check     only check the file; print what is wrong and where\n"
	           "  -p, --path      print where the config file is looked for\n"
	           "      --json      print as JSON (durations in seconds)\n"
	           "  -h, --help      show this help\n"
	           "\n"
	           "FILE '-' reads standard input.\n"
	           "The default file is $XDG_CONFIG_HOME/budge/config (~/.config/budge/config);\n"
	           "a missing default file means the defaults. Keys and values: budge(5).\n"
	           "Exit status: 0 ok, 2 bad usage, 3 the file is invalid or unreadable.\n");
}

static int print_config(const struct budge_config *cfg, bool json, const char *comment)
{
	int n = json ? budge_config_format_json(cfg, NULL, 0) : budge_config_format(cfg, NULL, 0);
	char *buf;

	if (n < 0)
		return BUDGE_EXIT_FAILURE;
	buf = malloc((size_t)n + 1);
	if (!buf) {
		cli_error("config", "out of memory");
		return BUDGE_EXIT_FAILURE;
	}
	if (json)
		budge_config_format_json(cfg, buf, (size_t)n + 1);
	else
		budge_config_format(cfg, buf, (size_t)n + 1);
	if (!json && comment)
		printf("# %s\n\n", comment);
	fputs(buf, stdout);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("config", "cannot write the output: %s", strerror(errno));
		return BUDGE_EXIT_FAILURE;
	}
	return BUDGE_EXIT_OK;
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"defaults", no_argument, NULL, 'd'}, {"check", no_argument, NULL, 'c'},
	    {"path", no_argument, NULL, 'p'},     {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},     {0},
	};
	bool defaults = false, check = false, show_path = false, json = false, missing;
	struct budge_config cfg;
	struct budge_config_error err;
	char def_path[4096], comment[4200];
	const char *file = NULL;
	struct stat st;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+dcph", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			defaults = true;
			break;
		case 'c':
			check = true;
			break;
		case 'p':
			show_path = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			config_usage(stdout);
			return BUDGE_EXIT_OK;
		default:
			cli_error("config", "unknown option '%s'; see 'budge config --help'",
			          argv[optind - 1]);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc) {
		cli_error("config", "unexpected argument '%s' (expected at most one FILE)",
		          argv[optind]);
		return BUDGE_EXIT_USAGE;
	}
	if (defaults + check + show_path > 1) {
		cli_error("config", "--defaults, --check and --path do not go together");
		return BUDGE_EXIT_USAGE;
	}
	if ((defaults || show_path) && file) {
		cli_error("config", "--%s takes no FILE", defaults ? "defaults" : "path");
		return BUDGE_EXIT_USAGE;
	}
	if ((check || show_path) && json) {
		cli_error("config", "--json goes with printing the configuration only");
		return BUDGE_EXIT_USAGE;
	}

	if (defaults) {
		budge_config_defaults(&cfg);
		return print_config(&cfg, json, "the built-in defaults of budge");
	}

	r = budge_config_default_path(def_path, sizeof(def_path));
	if (r < 0 && !file) {
		cli_error("config", "cannot find the config directory: %s",
		          r == -ENOENT ? "neither XDG_CONFIG_HOME nor HOME is set"
		                       : "the path is too long");
		return BUDGE_EXIT_CONFIG;
	}
	if (show_path) {
		printf("%s\n", def_path);
		return BUDGE_EXIT_OK;
	}

	if (file && strcmp(file, "-") == 0)
		r = budge_config_load_stream(stdin, "<stdin>", &cfg, &err);
	else
		r = budge_config_load(file, &cfg, &err);
	if (r < 0) {
		budge_config_error_print(stderr, &err);
		return BUDGE_EXIT_CONFIG;
	}
	missing = !file && stat(def_path, &st) < 0 && errno == ENOENT;
	if (check) {
		if (missing)
			printf("%s: no such file; the defaults apply\n", def_path);
		else
			printf("%s: ok\n", file ? file : def_path);
		return BUDGE_EXIT_OK;
	}
	if (missing)
		snprintf(comment, sizeof(comment), "no file at %s: these are the defaults",
		         def_path);
	else
		snprintf(comment, sizeof(comment), "effective configuration from %s",
		         file ? file : def_path);
	return print_config(&cfg, json, comment);
}
