/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_PATHS_H
#define BUDGE_DAEMON_PATHS_H

#include <stddef.h>

/* XDG locations. Each writes "<base>/budge/<name>" into buf (borrowed, len
 * bytes); name may be NULL for the directory itself. Returns 0,
 * -ENAMETOOLONG, or -ENOENT when neither the XDG variable nor HOME is set. */
int budge_path_config(char *buf, size_t len, const char *name); /* $XDG_CONFIG_HOME/budge */
int budge_path_data(char *buf, size_t len, const char *name);   /* $XDG_DATA_HOME/budge */

/* mkdir -p with the given mode for the last component (parents 0700 too
 * when created). Returns 0 or negative errno. */
int budge_mkdir_p(const char *path, unsigned mode);

#endif
