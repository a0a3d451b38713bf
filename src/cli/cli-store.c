/* SPDX-License-Identifier: MIT */
#include "cli-store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "budge/i18n.h"

int budge_cli_store_open(const char *sub, const char *path, unsigned flags,
                         struct budge_store **out)
{
	char def[4096], err[1024];
	int r;

	*out = NULL;
	if (!path) {
		r = budge_store_default_path(def, sizeof(def));
		if (r < 0) {
			cli_error(sub, _("cannot find the database: set HOME or XDG_DATA_HOME"));
			return BUDGE_EXIT_STORE;
		}
		path = def;
	}
	r = budge_store_open(path, flags, out, err, sizeof(err));
	if (r < 0) {
		cli_error(sub, "%s", err[0] ? err : "cannot open the database");
		return BUDGE_EXIT_STORE;
	}
	return BUDGE_EXIT_OK;
}

int budge_cli_store_open_existing(const char *sub, const char *db, struct budge_store **out,
                                  char *path, size_t len)
{
	struct stat st;
	int rc;

	*out = NULL;
	if (db) {
		if (snprintf(path, len, "%s", db) >= (int)len) {
			cli_error(sub, _("--db: path too long"));
			return BUDGE_EXIT_USAGE;
		}
	} else if ((rc = budge_store_default_path(path, len)) < 0) {
		cli_error(sub, _("cannot find the database: %s (set XDG_DATA_HOME or HOME)"),
		          strerror(-rc));
		return BUDGE_EXIT_STORE;
	}
	if (stat(path, &st) < 0 && errno == ENOENT)
		return BUDGE_EXIT_OK;
	return budge_cli_store_open(sub, path, BUDGE_STORE_READONLY, out);
}
