/* SPDX-License-Identifier: MIT */
/* budge config: print, check and locate the configuration file; ask the
 * running coach to reload it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budge/config.h"
#include "calendar.h"
#include "cli.h"
#include "config-file.h"
#include "budge/coach-bus.h"
#include "budge/i18n.h"

#include <systemd/sd-bus.h>

static void config_usage(FILE *f)
{
	fprintf(f, _("Usage: budge config [--json] [FILE]\n"
	           "       budge config --defaults [--json]\n"
	           "       budge config --check [FILE]\n"
	           "       budge config --path\n"
	           "       budge config reload\n"
	           "\n"
	           "Print the effective configuration as an INI file with every key: the\n"
	           "config file (FILE, or the default place) with the defaults filled in.\n"
	           "\n"
	           "Options:\n"
	           "  -d, --defaults  print the built-in defaults instead\n"
	           "  -c, --check     only check the file; print what is wrong and where\n"
	           "                  (also that the [meetings] calendar files can be read)\n"
	           "  -p, --path      print where the config file is looked for\n"
	           "      --json      print as JSON (durations in seconds)\n"
	           "  -h, --help      show this help\n"
	           "\n"
	           "'budge config reload' asks the running coach to read its config file again\n"
	           "(like SIGHUP): a valid file takes effect at once; an invalid one is reported\n"
	           "with its file and line and the coach keeps the configuration it has.\n"
	           "\n"
	           "FILE '-' reads standard input.\n"
	           "The default file is $XDG_CONFIG_HOME/budge/config (~/.config/budge/config);\n"
	           "a missing default file means the defaults. Keys and values: budge(5).\n"
	           "Exit status: 0 ok, 2 bad usage, 3 the file is invalid or unreadable,\n"
	           "5 (reload) no coach is running.\n"));
}

/* budge config reload: the coach's Reload() method over the session bus. */
static int config_reload(int argc, char **argv)
{
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *rep = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int ret = BUDGE_EXIT_OK, r;

	if (argc == 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
		config_usage(stdout);
		return BUDGE_EXIT_OK;
	}
	if (argc > 2) {
		cli_error("config", _("'reload' takes no argument, got '%s'"), argv[2]);
		return BUDGE_EXIT_USAGE;
	}
	r = sd_bus_open_user(&bus);
	if (r < 0) {
		cli_error("config",
		          _("no coach is running: there is no session bus (%s); start it with "
		          "'budge run' or 'systemctl --user start budge'"),
		          strerror(-r));
		return BUDGE_EXIT_NO_DAEMON;
	}
	r = sd_bus_message_new_method_call(bus, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH, BUDGE_BUS_IFACE,
	                                   "Reload");
	if (r >= 0)
		r = sd_bus_message_set_auto_start(m, 0);
	if (r < 0) {
		cli_error("config", _("cannot build the request: %s"), strerror(-r));
		ret = BUDGE_EXIT_FAILURE;
		goto out;
	}
	r = sd_bus_call(bus, m, 10 * 1000000ULL, &e, &rep);
	if (r >= 0) {
		printf(_("the coach reloaded its configuration\n"));
	} else if (sd_bus_error_has_name(&e, BUDGE_BUS_ERROR_INVALID_CONFIG)) {
		fprintf(stderr, "%s\n", e.message);
		cli_error("config",
		          _("the file is invalid: the coach keeps its running configuration"));
		ret = BUDGE_EXIT_CONFIG;
	} else if (sd_bus_error_has_name(&e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	           sd_bus_error_has_name(&e, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	           sd_bus_error_has_name(&e, SD_BUS_ERROR_NO_REPLY) || r == -ECONNRESET) {
		cli_error("config", _("no coach is running in this session; start it with 'budge "
		                    "run' or 'systemctl --user start budge'"));
		ret = BUDGE_EXIT_NO_DAEMON;
	} else {
		cli_error("config", _("the coach could not reload: %s"),
		          e.message ? e.message : strerror(-r));
		ret = BUDGE_EXIT_FAILURE;
	}
out:
	sd_bus_error_free(&e);
	sd_bus_message_unref(rep);
	sd_bus_message_unref(m);
	sd_bus_flush_close_unref(bus);
	return ret;
}

static int print_config(const struct budge_config *cfg, bool json, const char *comment)
{
	int n = json ? budge_config_format_json(cfg, NULL, 0) : budge_config_format(cfg, NULL, 0);
	char *buf;

	if (n < 0)
		return BUDGE_EXIT_FAILURE;
	buf = malloc((size_t)n + 1);
	if (!buf) {
		cli_error("config", _("out of memory"));
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
		cli_error("config", _("cannot write the output: %s"), strerror(errno));
		return BUDGE_EXIT_FAILURE;
	}
	return BUDGE_EXIT_OK;
}

/* --check: the calendar files must be there and readable (the coach only
 * warns and runs without them). Returns how many are not; each is named
 * on stderr after `where` (the config file). */
static int check_calendars(const struct budge_config *cfg, const char *where)
{
	int bad = 0;
	for (size_t i = 0;; i++) {
		char cal[4096];
		int cr = budge_calendar_path_at(cfg->meetings_calendar, i, cal, sizeof(cal));
		FILE *cf;
		if (cr == -ENOENT)
			break;
		if (cr < 0) {
			fprintf(stderr, _("%s: [meetings] calendar: file %zu: %s\n"), where, i + 1,
			        cr == -EINVAL ? "'~/' but HOME is not set" : "the name is too long");
			bad++;
		} else if (!(cf = fopen(cal, "re"))) {
			fprintf(stderr, _("%s: [meetings] calendar: %s: %s\n"), where, cal,
			        strerror(errno));
			bad++;
		} else {
			fclose(cf);
		}
	}
	return bad;
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

	if (argc >= 2 && strcmp(argv[1], "reload") == 0)
		return config_reload(argc, argv);
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
			cli_error("config", _("unknown option '%s'; see 'budge config --help'"),
			          argv[optind - 1]);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc) {
		cli_error("config", _("unexpected argument '%s' (expected at most one FILE)"),
		          argv[optind]);
		return BUDGE_EXIT_USAGE;
	}
	if (defaults + check + show_path > 1) {
		cli_error("config", _("--defaults, --check and --path do not go together"));
		return BUDGE_EXIT_USAGE;
	}
	if ((defaults || show_path) && file) {
		cli_error("config", _("--%s takes no FILE"), defaults ? "defaults" : "path");
		return BUDGE_EXIT_USAGE;
	}
	if ((check || show_path) && json) {
		cli_error("config", _("--json goes with printing the configuration only"));
		return BUDGE_EXIT_USAGE;
	}

	if (defaults) {
		budge_config_defaults(&cfg);
		return print_config(&cfg, json, "the built-in defaults of budge");
	}

	r = budge_config_default_path(def_path, sizeof(def_path));
	if (r < 0 && !file) {
		cli_error("config", _("cannot find the config directory: %s"),
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
		if (check_calendars(&cfg, file ? file : def_path) > 0)
			return BUDGE_EXIT_CONFIG;
		if (missing)
			printf(_("%s: no such file; the defaults apply\n"), def_path);
		else
			printf("%s: ok\n", file ? file : def_path);
		return BUDGE_EXIT_OK;
	}
	if (missing)
		snprintf(comment, sizeof(comment), _("no file at %s: these are the defaults"),
		         def_path);
	else
		snprintf(comment, sizeof(comment), _("effective configuration from %s"),
		         file ? file : def_path);
	return print_config(&cfg, json, comment);
}
