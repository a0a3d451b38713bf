/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_STORE_INTERNAL_H
#define BUDGE_DAEMON_STORE_INTERNAL_H

/*
 * For store*.c files only (they are the only files that include sqlite3.h).
 * Gives sibling modules (store-accel.c: wearable imports) the raw handle.
 *
 * Schema (PRAGMA user_version; migrations live in store.c, one transaction
 * each, forward only):
 *
 * v1
 *   events(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL,
 *          prompt_id INTEGER NOT NULL DEFAULT 0, prompt_kind TEXT, movement TEXT,
 *          region TEXT, response TEXT, value INTEGER NOT NULL DEFAULT 0, text TEXT)
 *     index events_ts(ts), index events_kind_ts(kind, ts);
 *     triggers events_no_update / events_no_delete: RAISE(ABORT) - the log is
 *     append-only, never UPDATE or DELETE it.
 *   kv(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated INTEGER NOT NULL)
 *
 * v2 (wearable imports; rows are written by store-accel.c)
 *   imports(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE  -- hex digest of the file
 *           path TEXT NOT NULL, format TEXT NOT NULL              -- "cwa"|"gt3x"|"csv"
 *           device TEXT                                           -- JSON object or NULL
 *           imported_at INTEGER NOT NULL)                         -- Unix s, UTC
 *   accel_epochs(import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
 *           ts INTEGER NOT NULL, epoch_s INTEGER NOT NULL,
 *           counts_x INTEGER, counts_y INTEGER, counts_z INTEGER, vm REAL,
 *           enmo_mg REAL, steps INTEGER, nonwear INTEGER NOT NULL DEFAULT 0,
 *           PRIMARY KEY(import_id, ts)) WITHOUT ROWID
 *     index accel_epochs_ts(ts)
 *   accel_days(import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
 *           date TEXT NOT NULL                                     -- "YYYY-MM-DD" local
 *           wear_s, sedentary_s, breaks, longest_sedentary_bout_s, light_s,
 *           moderate_s, vigorous_s, steps  (all INTEGER),
 *           PRIMARY KEY(import_id, date))
 *     index accel_days_date(date)
 *
 * foreign_keys is ON for every connection, synchronous=FULL, WAL.
 */

#include <sqlite3.h>

#include "store.h"

/* The connection (borrowed: owned by the store, valid until
 * budge_store_close). Do not close it and do not change its pragmas. */
sqlite3 *budge_store_db(struct budge_store *s);

/* Map an SQLite result code to a negative errno (-EBUSY, -EROFS, -EBADMSG
 * for corruption, -ENOSPC, -EIO, ...). */
int budge_store_errno(int sqlite_rc);

#endif
