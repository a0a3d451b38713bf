/* SPDX-License-Identifier: MIT */
#include "cli-store.h"

#include <stdio.h>

#include "cli.h"

int budge_cli_store_open(const char *sub, const char *path, unsigned flags,
                         struct budge_store **out)
{
	char def[4096], err[1024];
	int r;

	*out = NULL;
	if (!path) {
		r = budge_store_default_path(def, sizeof(def));
		if (r < 0) {
			cli_error(sub, "cannot find the database: set HOME or XDG_DATA_HOME");
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
