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

/*
 * Opening the database read-only for a command that only reads, when a
 * database that does not exist yet simply means "nothing recorded".
 *
 * db: the --db value (borrowed) or NULL for the default path. The path
 * used is written to path (len bytes, for later messages). Sets *out to
 * the open store (owned by the caller: budge_store_close), or to NULL when
 * the file does not exist. Returns BUDGE_EXIT_OK; or prints the problem
 * and returns BUDGE_EXIT_USAGE (path too long) or BUDGE_EXIT_STORE.
 */
int budge_cli_store_open_existing(const char *sub, const char *db, struct budge_store **out,
                                  char *path, size_t len);

#endif
