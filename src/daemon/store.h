/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_STORE_H
#define BUDGE_DAEMON_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The SQLite store: the only code that includes sqlite3.h lives in
 * src/daemon/store*.c. One database file at $XDG_DATA_HOME/budge/budge.db,
 * created 0600 in a 0700 directory, WAL, schema versioned with
 * PRAGMA user_version and forward migrations.
 *
 * The event log is append-only: rows are never updated or deleted.
 */

struct budge_store;

enum budge_store_flags {
	BUDGE_STORE_READONLY = 1u << 0, /* CLI reports: never create or migrate */
	BUDGE_STORE_CREATE = 1u << 1,   /* create the file (and directory) if missing */
};

/* Event kinds of the log (stored as text: the names in parentheses). */
enum budge_log_kind {
	BUDGE_LOG_PROMPT,    /* ("prompt") prompt_id, prompt_kind, movement, region, value=variant */
	BUDGE_LOG_RESPONSE,  /* ("response") prompt_id, response, movement, region, prompt_kind */
	BUDGE_LOG_PRESENCE,  /* ("presence") text = present|idle|away */
	BUDGE_LOG_BOUT,      /* ("bout") a sitting bout ended: value = length s */
	BUDGE_LOG_BREAK,     /* ("break") value = length s, text = "full" or "short" */
	BUDGE_LOG_WALK,      /* ("walk") value = minutes, text = "manual"|"wearable" */
	BUDGE_LOG_PAIN,      /* ("pain") value = 0..10, text = note */
	BUDGE_LOG_CHECKIN,   /* ("checkin") text = JSON answers, value = pain */
	BUDGE_LOG_REDFLAG,   /* ("redflag") text = flag id, region */
	BUDGE_LOG_IMPORT,    /* ("import") text = file name, value = import id */
	BUDGE_LOG_PAUSE,     /* ("pause") value = duration s (0 = until resume) */
	BUDGE_LOG_RESUME,    /* ("resume") */
	BUDGE_LOG_MEETING,   /* ("meeting") text = start|end, value = duration */
	BUDGE_LOG_DAEMON,    /* ("daemon") text = start|stop|reload */
	BUDGE_LOG_PLAN,      /* ("plan") text = message, region */
	BUDGE_LOG_KIND_COUNT,
};

struct budge_log_entry {
	int64_t id;           /* set by the store on append/read */
	int64_t ts;           /* Unix seconds, UTC */
	enum budge_log_kind kind;
	uint32_t prompt_id;
	const char *prompt_kind; /* "micro" | "movement_break" | "walk" or NULL */
	const char *movement;    /* movement id or NULL */
	const char *region;      /* region name or NULL */
	const char *response;    /* response name or NULL */
	int64_t value;
	const char *text;        /* free text / JSON or NULL */
};

/* Open (and, unless READONLY, create/migrate) the database at path
 * (borrowed). On failure returns negative errno and writes a one-line
 * human message to err (borrowed, errlen bytes): e.g. "budge.db: schema
 * version 9 is newer than this budge (3); upgrade budge",
 * "...: file is not a database", "...: read-only". Never deletes or
 * rewrites an existing file it cannot understand. */
int budge_store_open(const char *path, unsigned flags, struct budge_store **out, char *err,
		     size_t errlen);
void budge_store_close(struct budge_store *s); /* NULL ok; flushes (WAL checkpoint) */

/* Default path: $XDG_DATA_HOME/budge/budge.db or ~/.local/share/budge/budge.db.
 * Writes into buf; returns 0 or -ENAMETOOLONG / -ENOENT (no HOME). */
int budge_store_default_path(char *buf, size_t len);

int budge_store_schema_version(struct budge_store *s);

/* Append one entry (strings borrowed). Durable on return (synchronous
 * commit). Returns the new row id (> 0) or negative errno. */
int64_t budge_store_append(struct budge_store *s, const struct budge_log_entry *e);

/* Iterate entries with from <= ts < to in (ts, id) order. The entry and its
 * strings are valid only during the callback. A non-zero return from cb
 * stops the walk and is returned. */
typedef int (*budge_store_entry_fn)(const struct budge_log_entry *e, void *userdata);
int budge_store_each(struct budge_store *s, int64_t from, int64_t to, budge_store_entry_fn cb,
		     void *userdata);

/* Key/value settings (plan start, setup done, engine snapshot, ...).
 * get: copies into buf, returns length, -ENOENT if missing. */
int budge_store_get(struct budge_store *s, const char *key, char *buf, size_t len);
int budge_store_set(struct budge_store *s, const char *key, const char *value);

const char *budge_log_kind_name(enum budge_log_kind k);
int budge_log_kind_parse(const char *name, enum budge_log_kind *out);

#endif
