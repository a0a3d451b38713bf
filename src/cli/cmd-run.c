/* SPDX-License-Identifier: MIT */
/* budge run: the coach (daemon) in the foreground. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-store.h"
#include "cli.h"
#include "budge/coach.h"
#include "idle.h"
#include "store.h"
#include "budge/i18n.h"

static void usage(FILE *f)
{
	fprintf(f, _("Usage: budge run [OPTIONS]\n\n"
	           "Run the coach in the foreground: watch idle time, prompt movements and\n"
	           "breaks, record everything in the database. Stop it with Ctrl-C or SIGTERM;\n"
	           "SIGHUP reloads the configuration. Usually started by the systemd user unit\n"
	           "(systemctl --user enable --now budge) or the desktop's autostart.\n\n"
	           "Options:\n"
	           "  -c, --config FILE   read this config file instead of the default\n"
	           "  -d, --db FILE       use this database instead of the default\n"
	           "  -i, --idle NAME     idle source: auto, x11, wayland, gnome, none, stdin\n"
	           "                      (overrides [idle] backend)\n"
	           "  -n, --no-notify     print prompts here instead of desktop notifications\n"
	           "  -v, --verbose       log debugging details to stderr\n"
	           "  -h, --help          show this help\n\n"
	           "Idle sources built in:"));
	for (size_t i = 0; budge_idle_backends[i]; i++)
		fprintf(f, " %s", budge_idle_backends[i]->name);
	fprintf(f, "\n");
}

/* The first start: with a person at the terminal, run the setup of
 * `budge checkin --setup` (the not-a-medical-device statement, the safety
 * questions, starting regions and work hours) before coaching; otherwise
 * (systemd, autostart) say how to run it. Returns an enum budge_exit. */
static int first_start(const char *sub, const struct budge_daemon_opts *o)
{
	struct budge_store *s = NULL;
	char def[4096], err[1024];
	const char *path = o->db_path;
	int need, r, ex;

	if (!path && budge_store_default_path(def, sizeof(def)) == 0)
		path = def;
	if (!path)
		return budge_cli_store_open(sub, NULL, BUDGE_STORE_CREATE, &s); /* says why */
	r = budge_store_open(path, BUDGE_STORE_CREATE, &s, err, sizeof(err));
	/* a read-only database: the coach says so and coaches anyway */
	if (r == -EROFS && budge_store_open(path, BUDGE_STORE_READONLY, &s, NULL, 0) == 0)
		r = 0;
	if (r < 0) {
		cli_error(sub, "%s", err[0] ? err : "cannot open the database");
		return BUDGE_EXIT_STORE;
	}
	need = budge_setup_needed(s);
	budge_store_close(s);
	if (need != 1)
		return BUDGE_EXIT_OK;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("budge %s: first start without a terminal: coaching starts with "
		                "the default plan and work hours, and the safety questions are "
		                "not asked yet; run 'budge checkin --setup' in a terminal to "
		                "answer them and choose your starting regions and work hours\n"),
		        sub);
		return BUDGE_EXIT_OK;
	}
	/* argv[0] names the command in messages: the user ran `budge run` */
	char *av[5] = {(char *)sub, (char *)"--setup", NULL, NULL, NULL};
	int ac = 2;
	if (o->db_path) {
		av[ac++] = (char *)"--db";
		av[ac++] = (char *)o->db_path;
	}
	printf(_("Welcome to budge. A few questions first (once).\n\n"));
	optind = 0;
	ex = cmd_checkin(ac, av);
	if (ex == BUDGE_EXIT_OK)
		printf(_("\nStarting the coach. Stop it with Ctrl-C.\n"));
	return ex;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"db", required_argument, NULL, 'd'},
	    {"idle", required_argument, NULL, 'i'},
	    {"no-notify", no_argument, NULL, 'n'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct budge_daemon_opts o = {0};
	int c;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, "+c:d:i:nvh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.config_path = optarg;
			break;
		case 'd':
			o.db_path = optarg;
			break;
		case 'i':
			if (strcmp(optarg, "auto") != 0 && !budge_idle_find(optarg)) {
				cli_error(argv[0],
				          _("unknown idle source '%s': expected auto or one of the "
				          "list in 'budge run --help'"),
				          optarg);
				return BUDGE_EXIT_USAGE;
			}
			o.idle = optarg;
			break;
		case 'n':
			o.no_notify = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		default:
			usage(stderr);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(argv[0], _("unexpected argument '%s'; see 'budge run --help'"),
		          argv[optind]);
		return BUDGE_EXIT_USAGE;
	}
	int ex = first_start(argv[0], &o);
	if (ex != BUDGE_EXIT_OK)
		return ex;
	return budge_daemon_run(&o);
}
