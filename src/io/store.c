/* SPDX-License-Identifier: MIT */
/* The SQLite store: open/validate/migrate, the append-only event log, kv. */
#include "store-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "budge/i18n.h"

struct budge_store {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool in_tx;
	sqlite3_stmt *append;
	sqlite3_stmt *kv_get;
	sqlite3_stmt *kv_set;
};

static const char *const kind_names[BUDGE_LOG_KIND_COUNT] = {
    [BUDGE_LOG_PROMPT] = "prompt",     [BUDGE_LOG_RESPONSE] = "response",
    [BUDGE_LOG_PRESENCE] = "presence", [BUDGE_LOG_BOUT] = "bout",
    [BUDGE_LOG_BREAK] = "break",       [BUDGE_LOG_WALK] = "walk",
    [BUDGE_LOG_PAIN] = "pain",         [BUDGE_LOG_CHECKIN] = "checkin",
    [BUDGE_LOG_REDFLAG] = "redflag",   [BUDGE_LOG_IMPORT] = "import",
    [BUDGE_LOG_PAUSE] = "pause",       [BUDGE_LOG_RESUME] = "resume",
    [BUDGE_LOG_MEETING] = "meeting",   [BUDGE_LOG_DAEMON] = "daemon",
    [BUDGE_LOG_PLAN] = "plan",         [BUDGE_LOG_CHECKLIST] = "checklist",
};

const char *budge_log_kind_name(enum budge_log_kind k)
{
	if ((unsigned)k >= BUDGE_LOG_KIND_COUNT)
		return NULL;
	return kind_names[k];
}

int budge_log_kind_parse(const char *name, enum budge_log_kind *out)
{
	if (!name)
		return -EINVAL;
	for (unsigned i = 0; i < BUDGE_LOG_KIND_COUNT; i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum budge_log_kind)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- migrations ------------------------------------------------------ */

/* Each step takes the schema from version i to i + 1 inside one
 * transaction. Append new steps; never edit a shipped one. */
static const char *const migrations[] = {
    /* 0 -> 1: event log and settings */
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " ts INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " prompt_id INTEGER NOT NULL DEFAULT 0,"
    " prompt_kind TEXT, movement TEXT, region TEXT, response TEXT,"
    " value INTEGER NOT NULL DEFAULT 0,"
    " text TEXT);"
    "CREATE INDEX events_ts ON events(ts);"
    "CREATE INDEX events_kind_ts ON events(kind, ts);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'budge: the event log is append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'budge: the event log is append-only'); END;"
    "CREATE TABLE kv ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL,"
    " updated INTEGER NOT NULL);",
    /* 1 -> 2: wearable imports */
    "CREATE TABLE imports ("
    " id INTEGER PRIMARY KEY,"
    " sha256 TEXT NOT NULL UNIQUE,"
    " path TEXT NOT NULL,"
    " format TEXT NOT NULL,"
    " device TEXT,"
    " imported_at INTEGER NOT NULL);"
    "CREATE TABLE accel_epochs ("
    " import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
    " ts INTEGER NOT NULL,"
    " epoch_s INTEGER NOT NULL,"
    " counts_x INTEGER, counts_y INTEGER, counts_z INTEGER,"
    " vm REAL, enmo_mg REAL, steps INTEGER,"
    " nonwear INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(import_id, ts)) WITHOUT ROWID;"
    "CREATE INDEX accel_epochs_ts ON accel_epochs(ts);"
    "CREATE TABLE accel_days ("
    " import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
    " date TEXT NOT NULL,"
    " wear_s INTEGER, sedentary_s INTEGER, breaks INTEGER,"
    " longest_sedentary_bout_s INTEGER, light_s INTEGER, moderate_s INTEGER,"
    " vigorous_s INTEGER, steps INTEGER,"
    " PRIMARY KEY(import_id, date));"
    "CREATE INDEX accel_days_date ON accel_days(date);",
    /* 2 -> 3: rows written by `budge simulate --into` are marked */
    "ALTER TABLE events ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == BUDGE_STORE_SCHEMA_VERSION,
               "one migration step per schema version");

/* ---- helpers --------------------------------------------------------- */

__attribute__((format(printf, 3, 4))) static void seterr(char *err, size_t errlen, const char *fmt,
                                                         ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int budge_store_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_FORMAT:
		return -EBADMSG;
	case SQLITE_CANTOPEN:
		return -ENOENT;
	case SQLITE_CONSTRAINT:
		return -EPERM;
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
	case SQLITE_MISMATCH:
		return -EINVAL;
	default:
		return -EIO;
	}
}

/* A message for an SQLite failure on this database (the file is named). */
static int sql_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                    size_t errlen)
{
	int e = budge_store_errno(rc);
	int sys = db ? sqlite3_system_errno(db) : 0;

	/* an I/O error that is a full disk (or a file size limit) says so */
	if ((rc & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG || sys == EDQUOT))
		e = -ENOSPC;
	if (e == -ENOSPC)
		seterr(err, errlen,
		       _("%s: the disk is full (%s while %s); free some space and try again"),
		       path, sys ? strerror(sys) : sqlite3_errstr(rc), what);
	else if (e == -EBADMSG)
		seterr(err, errlen,
		       _("%s: not a budge database or corrupt (%s while %s); "
		       "the file was left untouched: move it away to start a new one"),
		       path, sqlite3_errstr(rc), what);
	else if (e == -EROFS)
		seterr(err, errlen,
		       _("%s: read-only (cannot write while %s); check the file's and "
		       "its directory's permissions"),
		       path, what);
	else if ((rc & 0xff) == SQLITE_CANTOPEN)
		seterr(err, errlen,
		       _("%s: cannot open or create its files while %s (the directory must be "
		       "writable for the WAL journal): %s"),
		       path, what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	else
		seterr(err, errlen, "%s: %s while %s", path,
		       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), what);
	return e ? e : -EIO;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Check the file before SQLite sees it: magic and (when no WAL is in use)
 * that the file is as long as its header says. Reads only. */
static int check_header(const char *path, const struct stat *st, char *err, size_t errlen)
{
	unsigned char h[100];
	char walpath[4200];
	struct stat wst;
	ssize_t n;
	int fd;

	if (st->st_size == 0)
		return 0; /* a new, empty database */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		seterr(err, errlen, _("%s: cannot read: %s"), path, strerror(e));
		return -e;
	}
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		seterr(err, errlen,
		       _("%s: not a budge database (not an SQLite 3 file, or cut short); the file "
		       "was left untouched: move it away to start a new one"),
		       path);
		return -EBADMSG;
	}
	uint32_t page = (uint32_t)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0) {
		seterr(err, errlen,
		       "%s: corrupt database header (page size %" PRIu32 "); the file "
		       "was left untouched",
		       path, page);
		return -EBADMSG;
	}
	/* The in-header page count is valid when the change counter (24) equals
	 * the version-valid-for number (92). With a live WAL a checkpoint may be
	 * in progress, so only check a quiescent file. */
	snprintf(walpath, sizeof(walpath), "%s-wal", path);
	bool wal_live = stat(walpath, &wst) == 0 && wst.st_size > 0;
	uint32_t pages = be32(h + 28);
	if (!wal_live && pages > 0 && be32(h + 24) == be32(h + 92) &&
	    (uint64_t)st->st_size < (uint64_t)pages * page) {
		seterr(err, errlen,
		       _("%s: database is truncated or corrupt (%lld bytes, its header says %llu); "
		       "the file was left untouched: restore a backup or move it away"),
		       path, (long long)st->st_size, (unsigned long long)pages * page);
		return -EBADMSG;
	}
	return 0;
}

static int migrate(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int64_t v = 0;
	int rc;

	for (;;) {
		/* IMMEDIATE: a concurrent opener waits (busy_timeout), then sees
		 * the new version and skips the step. */
		rc = exec(db, "BEGIN IMMEDIATE");
		if (rc != SQLITE_OK)
			return sql_fail(db, rc, path, "starting a schema upgrade", err, errlen);
		rc = query_int(db, "PRAGMA user_version", &v);
		if (rc != SQLITE_OK)
			goto fail;
		if (v >= BUDGE_STORE_SCHEMA_VERSION) {
			exec(db, "COMMIT");
			return 0;
		}
		rc = exec(db, migrations[v]);
		if (rc != SQLITE_OK)
			goto fail;
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", (int)v + 1);
		rc = exec(db, sql);
		if (rc != SQLITE_OK)
			goto fail;
		rc = exec(db, "COMMIT");
		if (rc != SQLITE_OK)
			goto fail;
	}
fail:;
	char what[64];
	snprintf(what, sizeof(what), _("upgrading the schema from version %d"), (int)v);
	int e = sql_fail(db, rc, path, what, err, errlen);
	exec(db, "ROLLBACK");
	return e;
}

/* ---- open / close ---------------------------------------------------- */

static int create_file(const char *path, char *err, size_t errlen)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, r;

	if (slash && slash != path) {
		size_t n = (size_t)(slash - path);
		if (n >= sizeof(dir)) {
			seterr(err, errlen, _("%s: path too long"), path);
			return -ENAMETOOLONG;
		}
		memcpy(dir, path, n);
		dir[n] = '\0';
		r = budge_mkdir_p(dir, 0700);
		if (r < 0) {
			seterr(err, errlen, _("%s: cannot create the directory: %s"), dir,
			       strerror(-r));
			return r == -EACCES ? -EROFS : r;
		}
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			return 0; /* created concurrently */
		seterr(err, errlen, _("%s: cannot create the database: %s"), path, strerror(e));
		return e == EACCES ? -EROFS : -e;
	}
	/* umask can only narrow 0600; make it exact anyway */
	if (fchmod(fd, 0600) < 0) {
		int e = errno;
		close(fd);
		seterr(err, errlen, _("%s: cannot set mode 0600: %s"), path, strerror(e));
		return -e;
	}
	close(fd);
	return 0;
}

/* The file before SQLite opens it: there (or created, 0600, when flags
 * allow), a regular file, an SQLite header. */
static int check_file(const char *path, unsigned flags, char *err, size_t errlen)
{
	bool ro = flags & BUDGE_STORE_READONLY;
	struct stat st;
	int r;

	if (stat(path, &st) < 0) {
		int e = errno;
		if (e != ENOENT || ro || !(flags & BUDGE_STORE_CREATE)) {
			if (e == ENOENT)
				seterr(err, errlen,
				       _("%s: no database yet (nothing has been recorded; "
				       "it is created by the coach or a command that records "
				       "data, e.g. 'budge pain' or 'budge checkin')"),
				       path);
			else
				seterr(err, errlen, "%s: %s", path, strerror(e));
			return -e;
		}
		r = create_file(path, err, errlen);
		if (r < 0)
			return r;
		if (stat(path, &st) < 0) {
			int e2 = errno;
			seterr(err, errlen, "%s: %s", path, strerror(e2));
			return -e2;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, _("%s: not a regular file"), path);
		return -EINVAL;
	}
	r = check_header(path, &st, err, errlen);
	if (r < 0)
		return r;
	if (ro && st.st_size == 0) {
		seterr(err, errlen, _("%s: the database is empty (nothing recorded yet)"), path);
		return -ENOENT;
	}
	return 0;
}

/* The file system that holds path is mounted read-only. */
static bool on_readonly_fs(const char *path)
{
	struct statvfs sv;
	return statvfs(path, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

/* "file:PATH?immutable=1" with PATH %-escaped: on a read-only file
 * system nobody can write the file, and SQLite then reads a WAL database
 * without creating its -shm file (which it cannot). */
static int immutable_uri(const char *path, char *buf, size_t len)
{
	size_t n = 0;
	if (len < 32)
		return -ENAMETOOLONG;
	n = (size_t)snprintf(buf, len, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (n + 4 >= len)
			return -ENAMETOOLONG;
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
			n += (size_t)snprintf(buf + n, len - n, "%%%02X", *p);
		else
			buf[n++] = (char)*p;
	}
	if (n + 13 >= len)
		return -ENAMETOOLONG;
	snprintf(buf + n, len - n, "?immutable=1");
	return 0;
}

/* Open the connection; writable unless flags say read-only. */
static int connect_db(const char *path, unsigned flags, sqlite3 **out, char *err, size_t errlen)
{
	bool ro = flags & BUDGE_STORE_READONLY;
	char uri[8300];
	int rc, r;

	if (flags & BUDGE_STORE_SMALL_CACHE)
		/* No bulk page-cache allocation per connection (SQLite's default is
		 * 20 pages up front): pages come one by one, 16 at most (tune_db).
		 * Process-wide, so only effective before SQLite's first use;
		 * SQLITE_MISUSE after that is harmless. */
		sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
	if (ro && on_readonly_fs(path) && immutable_uri(path, uri, sizeof(uri)) == 0)
		rc = sqlite3_open_v2(uri, out,
		                     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	else
		rc = sqlite3_open_v2(
		    path, out,
		    (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = sql_fail(*out, rc, path, "opening", err, errlen);
		return r == -ENOENT ? (ro ? -EACCES : -EROFS) : r;
	}
	sqlite3_extended_result_codes(*out, 1);
	if (flags & BUDGE_STORE_SMALL_CACHE) {
		/* Before any statement, while no lookaside slot is in use; a
		 * failure only leaves SQLite's defaults (1200 B x 100 slots). */
		sqlite3_db_config(*out, SQLITE_DBCONFIG_LOOKASIDE, NULL, 256, 32);
	}
	if (!ro && sqlite3_db_readonly(*out, "main") == 1) {
		if (on_readonly_fs(path))
			seterr(err, errlen,
			       _("%s: the file system that holds it is mounted read-only, so nothing "
			       "can be recorded; remount it writable, or set XDG_DATA_HOME to a "
			       "writable place"),
			       path);
		else
			seterr(err, errlen,
			       _("%s: read-only (permission denied), but this command needs to "
			       "write; check the file's owner and mode (it should be 0600 and "
			       "yours)"),
			       path);
		return -EROFS;
	}
	sqlite3_busy_timeout(*out, 5000);
	return 0;
}

/* A version-v file with tables must hold budge's events and kv tables. */
static int check_tables(sqlite3 *db, const char *path, int64_t v, char *err, size_t errlen)
{
	int64_t has = 0;
	int rc = query_int(db,
	                   "SELECT count(*) FROM sqlite_master WHERE type='table' AND "
	                   "name IN ('events','kv')",
	                   &has);
	if (rc != SQLITE_OK)
		return sql_fail(db, rc, path, "reading the schema", err, errlen);
	if (has != 2) {
		seterr(err, errlen,
		       "%s: not a budge database (schema version %" PRId64
		       " but no events/kv tables); the file was left untouched",
		       path, v);
		return -EBADMSG;
	}
	return 0;
}

/* Reading the header and schema validates the file before any write. One
 * read transaction, so that the version and the tables come from the same
 * snapshot while another process may be migrating the file. */
static int check_schema(sqlite3 *db, const char *path, bool ro, char *err, size_t errlen)
{
	int64_t v = 0, ntables = 0;
	int rc = exec(db, "BEGIN"), r = 0;

	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", &v);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM sqlite_master", &ntables);
	if (rc != SQLITE_OK)
		return sql_fail(db, rc, path, "reading the schema", err, errlen);
	if (v > BUDGE_STORE_SCHEMA_VERSION) {
		seterr(err, errlen,
		       "%s: schema version %" PRId64 " is newer than this budge supports (%d); "
		       "upgrade budge (the file was left untouched)",
		       path, v, BUDGE_STORE_SCHEMA_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (v < 0 || (v == 0 && ntables > 0)) {
		seterr(err, errlen,
		       _("%s: an SQLite database, but not a budge one (no budge schema version); "
		       "the file was left untouched"),
		       path);
		return -EBADMSG;
	}
	if (v > 0 && (r = check_tables(db, path, v, err, errlen)) < 0)
		return r;
	exec(db, "COMMIT"); /* ends the read transaction; nothing to write */
	if (ro && v < BUDGE_STORE_SCHEMA_VERSION) {
		seterr(err, errlen,
		       "%s: schema version %" PRId64 " is older than this budge's (%d) and this "
		       "command only reads; start the coach or run a command that records "
		       "something (e.g. 'budge checkin') to upgrade it",
		       path, v, BUDGE_STORE_SCHEMA_VERSION);
		return -ESTALE;
	}
	return 0;
}

/* Switching a new file to WAL while another process opens it can fail with
 * SQLITE_BUSY at once, without the busy handler: retry for up to 5 s (as
 * busy_timeout). */
static int set_wal(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int rc, r;

	for (int tries = 0;; tries++) {
		sqlite3_stmt *jm = NULL;
		rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &jm, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(jm);
			if (rc == SQLITE_ROW) {
				const char *m = (const char *)sqlite3_column_text(jm, 0);
				rc = m && strcmp(m, "wal") == 0 ? SQLITE_OK : SQLITE_READONLY;
			}
		}
		sqlite3_finalize(jm);
		if ((rc & 0xff) != SQLITE_BUSY || tries >= 500)
			break;
		nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
	}
	if (rc == SQLITE_OK)
		return 0;
	r = sql_fail(db, rc, path, "switching to WAL mode", err, errlen);
	return r == -ENOENT ? -EROFS : r;
}

/* The connection's settings; a writable store is migrated to the current
 * schema. */
static int tune_db(sqlite3 *db, const char *path, unsigned flags, char *err, size_t errlen)
{
	int rc = exec(db, "PRAGMA foreign_keys = ON"), r;

	if (rc != SQLITE_OK)
		return sql_fail(db, rc, path, "enabling foreign keys", err, errlen);
	if (flags & BUDGE_STORE_SMALL_CACHE) {
		rc = exec(db, "PRAGMA cache_size = 16");
		if (rc != SQLITE_OK)
			return sql_fail(db, rc, path, "setting the cache size", err, errlen);
	}
	if (flags & BUDGE_STORE_READONLY) {
		exec(db, "PRAGMA query_only = ON");
		return 0;
	}
	if (strcmp(path, ":memory:") != 0 && (r = set_wal(db, path, err, errlen)) < 0)
		return r;
	rc = exec(db, "PRAGMA synchronous = FULL");
	if (rc != SQLITE_OK)
		return sql_fail(db, rc, path, "setting synchronous", err, errlen);
	return migrate(db, path, err, errlen);
}

int budge_store_open(const char *path, unsigned flags, struct budge_store **out, char *err,
                     size_t errlen)
{
	bool ro = flags & BUDGE_STORE_READONLY;
	struct budge_store *s = NULL;
	sqlite3 *db = NULL;
	int r;

	if (err && errlen)
		err[0] = '\0';
	*out = NULL;
	if (!path || !path[0]) {
		seterr(err, errlen, _("empty database path"));
		return -EINVAL;
	}
	if (strcmp(path, ":memory:") != 0 && (r = check_file(path, flags, err, errlen)) < 0)
		return r;
	if ((r = connect_db(path, flags, &db, err, errlen)) < 0 ||
	    (r = check_schema(db, path, ro, err, errlen)) < 0 ||
	    (r = tune_db(db, path, flags, err, errlen)) < 0)
		goto fail;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = strdup(path))) {
		seterr(err, errlen, _("out of memory"));
		r = -ENOMEM;
		goto fail;
	}
	s->db = db;
	s->readonly = ro;
	*out = s;
	return 0;
fail:
	if (s)
		free(s->path);
	free(s);
	sqlite3_close_v2(db);
	return r;
}

void budge_store_close(struct budge_store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->append);
	sqlite3_finalize(s->kv_get);
	sqlite3_finalize(s->kv_set);
	if (s->in_tx)
		exec(s->db, "ROLLBACK");
	if (!s->readonly)
		sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

sqlite3 *budge_store_db(struct budge_store *s)
{
	return s->db;
}

const char *budge_store_path(struct budge_store *s)
{
	return s->path;
}

int budge_store_default_path(char *buf, size_t len)
{
	return budge_path_data(buf, len, "budge.db");
}

int budge_store_schema_version(struct budge_store *s)
{
	int64_t v = 0;
	int rc = query_int(s->db, "PRAGMA user_version", &v);

	return rc == SQLITE_OK ? (int)v : budge_store_errno(rc);
}

/* ---- events ---------------------------------------------------------- */

static int prepare_cached(struct budge_store *s, sqlite3_stmt **st, const char *sql)
{
	if (*st) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return 0;
	}
	return budge_store_errno(
	    sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL));
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(st, i, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int64_t budge_store_append(struct budge_store *s, const struct budge_log_entry *e)
{
	const char *kind;
	int r, rc;

	if (!s || !e || !(kind = budge_log_kind_name(e->kind)))
		return -EINVAL;
	if (s->readonly)
		return -EROFS;
	r = prepare_cached(s, &s->append,
	                   "INSERT INTO events(ts, kind, prompt_id, prompt_kind, movement, region,"
	                   " response, value, text, synthetic) VALUES (?,?,?,?,?,?,?,?,?,?)");
	if (r < 0)
		return r;
	sqlite3_bind_int64(s->append, 1, e->ts);
	sqlite3_bind_text(s->append, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->append, 3, e->prompt_id);
	bind_text_or_null(s->append, 4, e->prompt_kind);
	bind_text_or_null(s->append, 5, e->movement);
	bind_text_or_null(s->append, 6, e->region);
	bind_text_or_null(s->append, 7, e->response);
	sqlite3_bind_int64(s->append, 8, e->value);
	bind_text_or_null(s->append, 9, e->text);
	sqlite3_bind_int(s->append, 10, e->synthetic ? 1 : 0);
	rc = sqlite3_step(s->append);
	sqlite3_reset(s->append);
	sqlite3_clear_bindings(s->append);
	if (rc != SQLITE_DONE)
		return budge_store_errno(rc) ? budge_store_errno(rc) : -EIO;
	return sqlite3_last_insert_rowid(s->db);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
	                                                 : (const char *)sqlite3_column_text(st, i);
}

static int walk_rows(sqlite3_stmt *st, budge_store_entry_fn cb, void *userdata, bool *any)
{
	int rc, ret = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct budge_log_entry e = {
		    .id = sqlite3_column_int64(st, 0),
		    .ts = sqlite3_column_int64(st, 1),
		    .prompt_id = (uint32_t)sqlite3_column_int64(st, 3),
		    .prompt_kind = col_text(st, 4),
		    .movement = col_text(st, 5),
		    .region = col_text(st, 6),
		    .response = col_text(st, 7),
		    .value = sqlite3_column_int64(st, 8),
		    .synthetic = sqlite3_column_int(st, 10) != 0,
		    .text = col_text(st, 9),
		};
		if (budge_log_kind_parse((const char *)sqlite3_column_text(st, 2), &e.kind) < 0) {
			ret = -EBADMSG; /* a kind this budge does not know */
			break;
		}
		if (any)
			*any = true;
		ret = cb(&e, userdata);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = budge_store_errno(rc) ? budge_store_errno(rc) : -EIO;
	return ret;
}

#define EVENT_COLS                                                                        \
	"id, ts, kind, prompt_id, prompt_kind, movement, region, response, value, text, synthetic"

static int each(struct budge_store *s, const char *kind, int64_t from, int64_t to,
                budge_store_entry_fn cb, void *userdata)
{
	sqlite3_stmt *st = NULL;
	int rc, ret;

	if (!s || !cb)
		return -EINVAL;
	rc = sqlite3_prepare_v2(
	    s->db,
	    kind ? "SELECT " EVENT_COLS " FROM events WHERE kind = ?3 AND ts >= ?1"
	           " AND ts < ?2 ORDER BY ts, id"
	         : "SELECT " EVENT_COLS " FROM events WHERE ts >= ?1 AND ts < ?2"
	           " ORDER BY ts, id",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	if (kind)
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	ret = walk_rows(st, cb, userdata, NULL);
	sqlite3_finalize(st);
	return ret;
}

int budge_store_each(struct budge_store *s, int64_t from, int64_t to, budge_store_entry_fn cb,
                     void *userdata)
{
	return each(s, NULL, from, to, cb, userdata);
}

int budge_store_each_kind(struct budge_store *s, enum budge_log_kind kind, int64_t from, int64_t to,
                          budge_store_entry_fn cb, void *userdata)
{
	const char *k = budge_log_kind_name(kind);

	if (!k)
		return -EINVAL;
	return each(s, k, from, to, cb, userdata);
}

int budge_store_last(struct budge_store *s, enum budge_log_kind kind, int64_t before,
                     budge_store_entry_fn cb, void *userdata)
{
	const char *k = budge_log_kind_name(kind);
	sqlite3_stmt *st = NULL;
	bool any = false;
	int rc, ret;

	if (!s || !cb || !k)
		return -EINVAL;
	rc = sqlite3_prepare_v2(s->db,
	                        "SELECT " EVENT_COLS " FROM events WHERE kind = ?1 AND ts < ?2"
	                        " ORDER BY ts DESC, id DESC LIMIT 1",
	                        -1, &st, NULL);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before);
	ret = walk_rows(st, cb, userdata, &any);
	sqlite3_finalize(st);
	if (ret == 0 && !any)
		return -ENOENT;
	return ret;
}

int budge_store_count_lived(struct budge_store *s, int64_t *out)
{
	int64_t v = 0;
	int rc = query_int(s->db, "SELECT count(*) FROM events WHERE synthetic = 0", &v);

	if (rc != SQLITE_OK)
		return budge_store_errno(rc) ? budge_store_errno(rc) : -EIO;
	*out = v;
	return 0;
}

int budge_store_max_prompt_id(struct budge_store *s, uint32_t *out)
{
	int64_t v = 0;
	int rc;

	if (!s || !out)
		return -EINVAL;
	rc = query_int(s->db, "SELECT coalesce(max(prompt_id), 0) FROM events", &v);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	*out = v > 0 && v <= UINT32_MAX ? (uint32_t)v : 0;
	return 0;
}

/* ---- transactions ---------------------------------------------------- */

int budge_store_begin(struct budge_store *s)
{
	if (s->readonly)
		return -EROFS;
	if (s->in_tx)
		return -EBUSY;
	int rc = exec(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	s->in_tx = true;
	return 0;
}

int budge_store_commit(struct budge_store *s)
{
	if (!s->in_tx)
		return -EINVAL;
	int rc = exec(s->db, "COMMIT");
	if (rc != SQLITE_OK)
		return budge_store_errno(rc); /* still in the transaction: rollback next */
	s->in_tx = false;
	return 0;
}

int budge_store_rollback(struct budge_store *s)
{
	if (!s->in_tx)
		return -EINVAL;
	s->in_tx = false;
	int rc = exec(s->db, "ROLLBACK");
	return rc == SQLITE_OK ? 0 : budge_store_errno(rc);
}

/* ---- kv -------------------------------------------------------------- */

int budge_store_get(struct budge_store *s, const char *key, char *buf, size_t len)
{
	int r, rc;

	if (!s || !key || (!buf && len))
		return -EINVAL;
	r = prepare_cached(s, &s->kv_get, "SELECT value FROM kv WHERE key = ?");
	if (r < 0)
		return r;
	sqlite3_bind_text(s->kv_get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->kv_get);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s->kv_get, 0);
		size_t n = v ? strlen(v) : 0;
		if (n >= len) {
			r = -ENOBUFS;
		} else {
			memcpy(buf, v ? v : "", n + 1);
			r = (int)n;
		}
	} else if (rc == SQLITE_DONE) {
		r = -ENOENT;
	} else {
		r = budge_store_errno(rc) ? budge_store_errno(rc) : -EIO;
	}
	sqlite3_reset(s->kv_get);
	sqlite3_clear_bindings(s->kv_get);
	return r;
}

int budge_store_set(struct budge_store *s, const char *key, const char *value)
{
	int r, rc;

	if (!s || !key || !value)
		return -EINVAL;
	if (s->readonly)
		return -EROFS;
	r = prepare_cached(s, &s->kv_set,
	                   "INSERT INTO kv(key, value, updated) VALUES (?1, ?2, ?3)"
	                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
	                   " updated = excluded.updated");
	if (r < 0)
		return r;
	sqlite3_bind_text(s->kv_set, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->kv_set, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->kv_set, 3, (int64_t)time(NULL));
	rc = sqlite3_step(s->kv_set);
	sqlite3_reset(s->kv_set);
	sqlite3_clear_bindings(s->kv_set);
	if (rc != SQLITE_DONE)
		return budge_store_errno(rc) ? budge_store_errno(rc) : -EIO;
	return 0;
}

int budge_store_unset(struct budge_store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!s || !key)
		return -EINVAL;
	if (s->readonly)
		return -EROFS;
	rc = sqlite3_prepare_v2(s->db, "DELETE FROM kv WHERE key = ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : (budge_store_errno(rc) ? budge_store_errno(rc) : -EIO);
}

int budge_setup_needed(struct budge_store *s)
{
	char buf[16];
	int r = budge_store_get(s, "setup.done", buf, sizeof(buf));

	if (r == -ENOENT)
		return 1;
	if (r < 0)
		return r;
	return strcmp(buf, "1") == 0 ? 0 : 1;
}
