/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_CLI_STORE_H
#define BUDGE_CLI_CLI_STORE_H

#include "store.h"

/*
 * Opening the database from a command, with the error printed once.
 *
 * path: the database file (borrowed), or NULL for the default
 * ($XDG_DATA_HOME/budge/budge.db). sub: the subcommand name for messages
 * (borrowed). flags: BUDGE_STORE_CREATE for commands that record data,
 * BUDGE_STORE_READONLY for commands that only read (reports).
 *
 * Returns BUDGE_EXIT_OK and sets *out (owned by the caller: close it with
 * budge_store_close), or prints "budge SUB: MESSAGE" to stderr, sets *out
 * to NULL and returns BUDGE_EXIT_STORE.
 */
int budge_cli_store_open(const char *sub, const char *path, unsigned flags,
                         struct budge_store **out);

#endif
