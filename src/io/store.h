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
	/* the coach: it only appends events and reads a few keys, so a small
	 * page cache (16 pages) and lookaside (32 slots) keep its memory low */
	BUDGE_STORE_SMALL_CACHE = 1u << 2,
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
	BUDGE_LOG_MEETING,   /* ("meeting") text = start|end, value = duration,
	                        prompt_kind = source: NULL (manual), "calendar" or
	                        "fullscreen" */
	BUDGE_LOG_DAEMON,    /* ("daemon") text = start|stop|reload, or clock (value =
	                      * seconds the clock was set by) or sleep (value = seconds
	                      * asleep without a suspend event) */
	BUDGE_LOG_PLAN,      /* ("plan") text = message, region */
	BUDGE_LOG_CHECKLIST, /* ("checklist") text = item id, value = 1 yes / 0 no */
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
	bool synthetic;          /* written by `budge simulate --into`, not lived */
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

/* ---- additions (store owner) ---------------------------------------- */

/* The schema version this budge writes (PRAGMA user_version). */
#define BUDGE_STORE_SCHEMA_VERSION 3

/* Open details:
 * - no flags: the file must exist (-ENOENT otherwise); migrates it.
 * - BUDGE_STORE_CREATE: creates the directory (0700) and file (0600).
 * - BUDGE_STORE_READONLY: never creates, writes or migrates. A missing file
 *   is -ENOENT; a schema older than BUDGE_STORE_SCHEMA_VERSION is -ESTALE
 *   ("run a command that records something, e.g. 'budge checkin', or start
 *   the coach, to upgrade it").
 * Errors: -EPROTONOSUPPORT schema newer than this budge; -EBADMSG not an
 * SQLite/budge database, truncated or corrupt; -EROFS the file or its
 * directory cannot be written although writing was asked; -EACCES; -EBUSY.
 * In every error case the file is left exactly as it was. No full
 * integrity check runs at open (it would cost O(size) on every command);
 * the header (magic, page size, page count vs. file size) is checked and
 * any corruption SQLite finds later is reported as -EBADMSG. */

/* The path the store was opened with (borrowed, valid until close). */
const char *budge_store_path(struct budge_store *s);

/* The most recent entry of kind (largest ts, then id) with ts < before
 * (INT64_MAX for "any"): calls cb once and returns its result, or -ENOENT
 * when there is none. */
int budge_store_last(struct budge_store *s, enum budge_log_kind kind, int64_t before,
		     budge_store_entry_fn cb, void *userdata);

/* Like budge_store_each, restricted to one kind. */
int budge_store_each_kind(struct budge_store *s, enum budge_log_kind kind, int64_t from,
			  int64_t to, budge_store_entry_fn cb, void *userdata);

/* Remove a kv key (missing is fine: returns 0). Only kv can change; the
 * event log cannot. */
int budge_store_unset(struct budge_store *s, const char *key);

/* How many events were lived (not written by `budge simulate`) into *out.
 * 0 or negative errno. */
int budge_store_count_lived(struct budge_store *s, int64_t *out);

/* The largest prompt id recorded (0 when none) into *out. */
int budge_store_max_prompt_id(struct budge_store *s, uint32_t *out);

/* Group many appends into one durable transaction (the simulator, bulk
 * imports). Not nestable: begin inside begin is -EBUSY. commit/rollback
 * without begin is -EINVAL. Appends outside begin/commit commit one by one. */
int budge_store_begin(struct budge_store *s);
int budge_store_commit(struct budge_store *s);
int budge_store_rollback(struct budge_store *s);

/* 1 when first-run setup has not been completed (kv "setup.done" missing),
 * 0 when it has, negative errno on error. */
int budge_setup_needed(struct budge_store *s);

/*
 * kv keys written by `budge checkin` (values are text; read them with
 * budge_store_get, absent means the default):
 *   setup.done          "1" after `budge checkin --setup` completed
 *   setup.ts            Unix seconds of the setup
 *   plan.start          "YYYY-MM-DD" (local) first day of plan week 1
 *   plan.start_regions  comma-separated region names chosen at setup
 *   plan.paused         "1": do not add regions / increase the walking plan
 *                       (tightness persists and pain rose by >= 2 points,
 *                       the NPRS minimal important change); cleared ("0")
 *                       by a later check-in without that pattern
 *   plan.step_down      "1": step movements down to their easier variant
 *                       (pain rose >= 2 points since the previous check-in,
 *                       or since the last `budge pain` for the first one);
 *                       "0" otherwise
 *   plan.hold           "1": new movements do not feel natural yet; do not
 *                       add a region this week; "0" otherwise
 *   cues.rotate         "1": cues became background noise; rotate wording
 *                       and movements, "0" when cues are effective
 *   coaching.stopped    "redflag-emergency": an emergency (cauda equina)
 *                       sign was reported; the coach must not prompt any
 *                       movement until the user runs `budge checkin
 *                       --clear-red-flags` after seeing a clinician
 *   redflag.regions     comma-separated region names not to coach (urgent
 *                       red flag), or "all" (also set with coaching.stopped);
 *                       cleared by --clear-red-flags
 *   (all plan.* / cues.* keys are written "0" or "1" at every check-in
 *   except one reporting an emergency sign)
 *
 * REDFLAG events from the check-in: text = flag id (saddle-numbness,
 * bladder, bowel, sexual, both-legs | cancer, infection, fracture, thoracic,
 * unwell, neuro | swelling, numbness, range, persisting, or "cleared"),
 * value = 1 emergency / 2 urgent / 3 physiotherapy review / 0 cleared,
 * region = "all" (emergency), the affected regions (urgent) or NULL.
 *   advice.physio       "1": a seed-level flag (swelling, numbness, loss of
 *                       range, pain persisting) suggests a physiotherapy review
 *   checkin.last        Unix seconds of the last weekly check-in
 *   pain.last           last pain rating 0..10 (check-in or `budge pain`)
 */

#endif
