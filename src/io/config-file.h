/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CONFIG_FILE_H
#define BUDGE_DAEMON_CONFIG_FILE_H

#include <stdio.h>

#include "budge/config.h"

/*
 * Reading the INI config file (inih): parse into a temporary, validate,
 * then swap. On any error *out is left untouched, so a daemon reloading on
 * SIGHUP keeps its running configuration.
 */

/* Load the config file at path (borrowed), or at the default place
 * ($XDG_CONFIG_HOME/budge/config) when path is NULL. A missing file at the
 * default place means the defaults (returns 0); a missing file that was
 * named explicitly is an error. Returns 0 and fills *out; or a negative
 * errno with *err filled (path, line when known, message):
 *   -EINVAL  a syntax error, unknown section/key, bad value or a failed
 *            cross-field check;
 *   -ENOENT  path given but missing, or no HOME/XDG_CONFIG_HOME;
 *   other    the file exists but cannot be read (-EACCES, -EISDIR, ...). */
int budge_config_load(const char *path, struct budge_config *out, struct budge_config_error *err);

/* Parse an already open stream (borrowed; not closed). name (borrowed) is
 * used in error messages. Same contract as budge_config_load. */
int budge_config_load_stream(FILE *f, const char *name, struct budge_config *out,
                             struct budge_config_error *err);

/* The default config file path into buf (borrowed, len bytes). Returns 0,
 * -ENAMETOOLONG or -ENOENT (neither XDG_CONFIG_HOME nor HOME set). */
int budge_config_default_path(char *buf, size_t len);

/* "PATH:LINE: message", "PATH: message" or "message", whichever fits the
 * error, into buf (borrowed, len bytes). Returns the length like snprintf. */
int budge_config_error_format(const struct budge_config_error *err, char *buf, size_t len);

/* Print the formatted error and a newline to f (borrowed), e.g. stderr. */
void budge_config_error_print(FILE *f, const struct budge_config_error *err);

#endif
