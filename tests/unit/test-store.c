/* SPDX-License-Identifier: MIT */
/* The SQLite store: open, permissions, WAL, append/each/last, kv,
 * append-only trigger, migrations, refusing newer/corrupt/read-only files. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store-internal.h"

static char tmpdir[256];

static void path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static int setup_dir(void **state)
{
	/* as root the read-only case runs as "nobody", who must be able to
	 * reach the directory: /tmp, not a private $TMPDIR */
	snprintf(tmpdir, sizeof(tmpdir), "%s/budge-store-XXXXXX",
	         getenv("TMPDIR") && geteuid() != 0 ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown_dir(void **state)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", tmpdir, tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* FNV-1a of a file's bytes, plus its size: "file untouched" checks. */
static uint64_t file_sum(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint64_t h = 1469598103934665603ull;
	int c;
	size_t n = 0;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF) {
		h = (h ^ (unsigned char)c) * 1099511628211ull;
		n++;
	}
	fclose(f);
	return h ^ ((uint64_t)n << 40);
}

static struct budge_store *open_ok(const char *path, unsigned flags)
{
	struct budge_store *s = NULL;
	char err[512];
	int r = budge_store_open(path, flags, &s, err, sizeof(err));
	if (r < 0)
		fail_msg("open %s: %d %s", path, r, err);
	assert_non_null(s);
	return s;
}

static int64_t pragma_int(struct budge_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(budge_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- open, permissions, pragmas --------------------------------------- */

static void test_create_permissions_wal(void **state)
{
	char dir[512], path[600];
	struct stat st;

	umask(022); /* a permissive umask must not leak into the modes */
	path_in(dir, sizeof(dir), "new/budge");
	snprintf(path, sizeof(path), "%s/budge.db", dir);
	struct budge_store *s = open_ok(path, BUDGE_STORE_CREATE);

	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(budge_store_schema_version(s), BUDGE_STORE_SCHEMA_VERSION);

	sqlite3_stmt *jm;
	assert_int_equal(
	    sqlite3_prepare_v2(budge_store_db(s), "PRAGMA journal_mode", -1, &jm, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(jm), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(jm, 0), "wal");
	sqlite3_finalize(jm);
	assert_int_equal(pragma_int(s, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(pragma_int(s, "PRAGMA foreign_keys"), 1);
	assert_true(pragma_int(s, "PRAGMA busy_timeout") >= 1000);

	/* the WAL side file inherits the database's mode */
	struct budge_log_entry e = {.ts = 1, .kind = BUDGE_LOG_PAIN, .value = 3};
	assert_true(budge_store_append(s, &e) > 0);
	char wal[640];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	budge_store_close(s);
	assert_string_equal(budge_store_path(s = open_ok(path, 0)), path);
	budge_store_close(s);
	umask(077);
}

static void test_missing_file(void **state)
{
	static const unsigned flag_cases[] = {0, BUDGE_STORE_READONLY,
	                                      BUDGE_STORE_READONLY | BUDGE_STORE_CREATE};
	char path[512], err[512];

	path_in(path, sizeof(path), "absent/budge.db");
	for (size_t i = 0; i < sizeof(flag_cases) / sizeof(flag_cases[0]); i++) {
		struct budge_store *s = (void *)1;
		assert_int_equal(budge_store_open(path, flag_cases[i], &s, err, sizeof(err)),
		                 -ENOENT);
		assert_null(s);
		assert_non_null(strstr(err, path));
		assert_non_null(strstr(err, "no database yet"));
		struct stat st;
		assert_int_equal(stat(path, &st), -1); /* nothing created */
	}
}

/* ---- events ---------------------------------------------------------- */

struct collected {
	int n;
	int64_t ts[16];
	int64_t id[16];
	enum budge_log_kind kind[16];
	char text[16][32];
	bool region_null[16];
};

static int collect(const struct budge_log_entry *e, void *ud)
{
	struct collected *c = ud;
	if (c->n >= 16)
		return -1;
	c->ts[c->n] = e->ts;
	c->id[c->n] = e->id;
	c->kind[c->n] = e->kind;
	snprintf(c->text[c->n], sizeof(c->text[0]), "%s", e->text ? e->text : "(null)");
	c->region_null[c->n] = e->region == NULL;
	c->n++;
	return 0;
}

static int stop_at_two(const struct budge_log_entry *e, void *ud)
{
	int *n = ud;
	return ++*n == 2 ? 42 : 0;
}

static void test_append_each(void **state)
{
	static const struct budge_log_entry rows[] = {
	    {.ts = 300, .kind = BUDGE_LOG_WALK, .value = 10, .text = "manual"},
	    {.ts = 100,
	     .kind = BUDGE_LOG_PROMPT,
	     .prompt_id = 7,
	     .prompt_kind = "micro",
	     .movement = "pelvic-tilt",
	     .region = "lower-back",
	     .value = 0},
	    {.ts = 200, .kind = BUDGE_LOG_PAIN, .value = 4, .text = "stiff"},
	    {.ts = 100, .kind = BUDGE_LOG_RESPONSE, .prompt_id = 7, .response = "done"},
	    {.ts = 400, .kind = BUDGE_LOG_PAIN, .value = 2, .text = NULL},
	};
	static const struct {
		int64_t from, to;
		int n;
		int64_t ts[5];
		const char *first_text;
	} cases[] = {
	    {0, 1000, 5, {100, 100, 200, 300, 400}, "(null)"},
	    {100, 200, 2, {100, 100}, "(null)"},
	    {200, 201, 1, {200}, "stiff"},
	    {401, 1000, 0, {0}, NULL},
	    {300, 300, 0, {0}, NULL},
	};
	char path[512];
	path_in(path, sizeof(path), "each.db");
	struct budge_store *s = open_ok(path, BUDGE_STORE_CREATE);
	int64_t prev = 0;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t id = budge_store_append(s, &rows[i]);
		assert_true(id > prev);
		prev = id;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct collected c = {0};
		assert_int_equal(budge_store_each(s, cases[i].from, cases[i].to, collect, &c), 0);
		assert_int_equal(c.n, cases[i].n);
		for (int j = 0; j < c.n; j++) {
			assert_int_equal(c.ts[j], cases[i].ts[j]);
			if (j > 0 && c.ts[j] == c.ts[j - 1])
				assert_true(c.id[j] > c.id[j - 1]); /* (ts, id) order */
		}
		if (cases[i].first_text)
			assert_string_equal(c.text[0], cases[i].first_text);
	}
	/* strings and NULLs round-trip */
	struct collected c = {0};
	assert_int_equal(budge_store_each(s, 100, 101, collect, &c), 0);
	assert_int_equal(c.kind[0], BUDGE_LOG_PROMPT);
	assert_false(c.region_null[0]);
	assert_true(c.region_null[1]);

	/* the callback's non-zero return stops the walk and is returned */
	int n = 0;
	assert_int_equal(budge_store_each(s, 0, 1000, stop_at_two, &n), 42);
	assert_int_equal(n, 2);

	/* per kind, and the last of a kind */
	memset(&c, 0, sizeof(c));
	assert_int_equal(budge_store_each_kind(s, BUDGE_LOG_PAIN, 0, 1000, collect, &c), 0);
	assert_int_equal(c.n, 2);
	memset(&c, 0, sizeof(c));
	assert_int_equal(budge_store_last(s, BUDGE_LOG_PAIN, INT64_MAX, collect, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.ts[0], 400);
	memset(&c, 0, sizeof(c));
	assert_int_equal(budge_store_last(s, BUDGE_LOG_PAIN, 400, collect, &c), 0);
	assert_int_equal(c.ts[0], 200);
	assert_int_equal(budge_store_last(s, BUDGE_LOG_CHECKIN, INT64_MAX, collect, &c), -ENOENT);

	/* bad input */
	struct budge_log_entry bad = {.ts = 1, .kind = BUDGE_LOG_KIND_COUNT};
	assert_int_equal(budge_store_append(s, &bad), -EINVAL);
	budge_store_close(s);

	/* rows survive close/reopen, read-only */
	s = open_ok(path, BUDGE_STORE_READONLY);
	memset(&c, 0, sizeof(c));
	assert_int_equal(budge_store_each(s, 0, 1000, collect, &c), 0);
	assert_int_equal(c.n, 5);
	assert_int_equal(budge_store_append(s, &rows[0]), -EROFS);
	assert_int_equal(budge_store_set(s, "k", "v"), -EROFS);
	budge_store_close(s);
}

static void test_kind_names(void **state)
{
	for (int k = 0; k < BUDGE_LOG_KIND_COUNT; k++) {
		enum budge_log_kind back;
		const char *name = budge_log_kind_name((enum budge_log_kind)k);
		assert_non_null(name);
		assert_int_equal(budge_log_kind_parse(name, &back), 0);
		assert_int_equal(back, k);
	}
	enum budge_log_kind k;
	assert_int_equal(budge_log_kind_parse("nope", &k), -EINVAL);
	assert_null(budge_log_kind_name(BUDGE_LOG_KIND_COUNT));
}

static void test_transactions(void **state)
{
	char path[512];
	path_in(path, sizeof(path), "tx.db");
	struct budge_store *s = open_ok(path, BUDGE_STORE_CREATE);
	struct budge_log_entry e = {.ts = 5, .kind = BUDGE_LOG_BOUT, .value = 1800};
	int n = 0;

	assert_int_equal(budge_store_commit(s), -EINVAL);
	assert_int_equal(budge_store_begin(s), 0);
	assert_int_equal(budge_store_begin(s), -EBUSY);
	for (int i = 0; i < 100; i++)
		assert_true(budge_store_append(s, &e) > 0);
	assert_int_equal(budge_store_rollback(s), 0);
	assert_int_equal(budge_store_each(s, 0, 10, stop_at_two, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(budge_store_begin(s), 0);
	for (int i = 0; i < 100; i++)
		assert_true(budge_store_append(s, &e) > 0);
	assert_int_equal(budge_store_commit(s), 0);
	assert_int_equal(pragma_int(s, "SELECT count(*) FROM events"), 100);
	budge_store_close(s);
}

/* ---- kv -------------------------------------------------------------- */

static void test_kv(void **state)
{
	static const struct {
		const char *key, *value;
	} cases[] = {
	    {"setup.done", "1"},
	    {"plan.start", "2026-11-16"},
	    {"plan.start_regions", "lower-back,neck"},
	    {"empty", ""},
	    {"setup.done", "1"}, /* overwrite with the same */
	    {"plan.start", "2026-11-23"},
	};
	char path[512], buf[64];
	path_in(path, sizeof(path), "kv.db");
	struct budge_store *s = open_ok(path, BUDGE_STORE_CREATE);

	assert_int_equal(budge_setup_needed(s), 1);
	assert_int_equal(budge_store_get(s, "setup.done", buf, sizeof(buf)), -ENOENT);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(budge_store_set(s, cases[i].key, cases[i].value), 0);
		assert_int_equal(budge_store_get(s, cases[i].key, buf, sizeof(buf)),
		                 (int)strlen(cases[i].value));
		assert_string_equal(buf, cases[i].value);
	}
	assert_int_equal(budge_setup_needed(s), 0);
	assert_int_equal(budge_store_get(s, "plan.start", buf, 5), -ENOBUFS);
	assert_int_equal(budge_store_unset(s, "plan.start"), 0);
	assert_int_equal(budge_store_unset(s, "plan.start"), 0);
	assert_int_equal(budge_store_get(s, "plan.start", buf, sizeof(buf)), -ENOENT);
	budge_store_close(s);
	s = open_ok(path, 0);
	assert_int_equal(budge_store_get(s, "plan.start_regions", buf, sizeof(buf)), 15);
	budge_store_close(s);
}

/* ---- append-only ----------------------------------------------------- */

static void test_append_only(void **state)
{
	static const char *const forbidden[] = {
	    "UPDATE events SET value = 9",
	    "UPDATE events SET text = 'x' WHERE id = 1",
	    "DELETE FROM events",
	    "DELETE FROM events WHERE id = 1",
	};
	char path[512];
	path_in(path, sizeof(path), "ao.db");
	struct budge_store *s = open_ok(path, BUDGE_STORE_CREATE);
	struct budge_log_entry e = {.ts = 10, .kind = BUDGE_LOG_PAIN, .value = 5, .text = "a"};

	assert_true(budge_store_append(s, &e) > 0);
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		char *msg = NULL;
		int rc = sqlite3_exec(budge_store_db(s), forbidden[i], NULL, NULL, &msg);
		assert_int_not_equal(rc, SQLITE_OK);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "append-only"));
		sqlite3_free(msg);
	}
	assert_int_equal(pragma_int(s, "SELECT count(*) FROM events"), 1);
	assert_int_equal(pragma_int(s, "SELECT value FROM events"), 5);
	budge_store_close(s);
}

/* ---- refusing files -------------------------------------------------- */

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void test_newer_schema(void **state)
{
	char path[512], err[512];
	struct budge_store *s = NULL;

	path_in(path, sizeof(path), "newer.db");
	budge_store_close(open_ok(path, BUDGE_STORE_CREATE));
	raw_exec(path, "PRAGMA user_version = 9; PRAGMA journal_mode = DELETE;");
	uint64_t before = file_sum(path);
	static const unsigned flags[] = {0, BUDGE_STORE_CREATE, BUDGE_STORE_READONLY};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(budge_store_open(path, flags[i], &s, err, sizeof(err)),
		                 -EPROTONOSUPPORT);
		assert_null(s);
		assert_non_null(strstr(err, "version 9"));
		char want[32];
		snprintf(want, sizeof(want), "(%d)", BUDGE_STORE_SCHEMA_VERSION);
		assert_non_null(strstr(err, want));
		assert_int_equal(file_sum(path), before);
	}
}

enum corrupt_kind { RANDOM, TEXT, TRUNCATED, FOREIGN_DB, BAD_PAGES, HEADER_ONLY };

static void make_corrupt(const char *path, enum corrupt_kind k)
{
	unsigned char buf[8192];
	srand(1234 + (unsigned)k);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rand();
	switch (k) {
	case RANDOM:
		write_bytes(path, buf, sizeof(buf));
		break;
	case TEXT:
		write_bytes(path, "[general]\nwork_hours = 9-17\n", 28);
		break;
	case TRUNCATED: {
		budge_store_close(open_ok(path, BUDGE_STORE_CREATE));
		struct budge_store *s = open_ok(path, 0);
		struct budge_log_entry e = {.ts = 1,
		                            .kind = BUDGE_LOG_PLAN,
		                            .text = "a long enough text to fill some pages"};
		budge_store_begin(s);
		for (int i = 0; i < 2000; i++)
			budge_store_append(s, &e);
		budge_store_commit(s);
		budge_store_close(s);
		raw_exec(path, "PRAGMA journal_mode = DELETE;");
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(truncate(path, st.st_size / 2), 0);
		break;
	}
	case FOREIGN_DB:
		raw_exec(path, "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT);"
		               "INSERT INTO photos(name) VALUES ('cat');");
		break;
	case BAD_PAGES: {
		/* a valid header followed by garbage pages */
		budge_store_close(open_ok(path, BUDGE_STORE_CREATE));
		raw_exec(path, "PRAGMA journal_mode = DELETE;");
		int fd = open(path, O_WRONLY);
		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, buf, 4096 - 100, 100), 4096 - 100);
		close(fd);
		break;
	}
	case HEADER_ONLY:
		write_bytes(path, "SQLite format 3", 16);
		break;
	}
}

static void test_corrupt(void **state)
{
	static const struct {
		enum corrupt_kind kind;
		const char *name, *expect;
	} cases[] = {
	    {RANDOM, "random.db", "not a budge database"},
	    {TEXT, "text.db", "not a budge database"},
	    {TRUNCATED, "trunc.db", "truncated or corrupt"},
	    {FOREIGN_DB, "foreign.db", "not a budge one"},
	    {BAD_PAGES, "badpages.db", "corrupt"},
	    {HEADER_ONLY, "header.db", "not a budge database"},
	};
	static const unsigned flags[] = {0, BUDGE_STORE_CREATE, BUDGE_STORE_READONLY};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[512], err[512];
		path_in(path, sizeof(path), cases[i].name);
		make_corrupt(path, cases[i].kind);
		uint64_t before = file_sum(path);
		for (size_t f = 0; f < 3; f++) {
			struct budge_store *s = NULL;
			int r = budge_store_open(path, flags[f], &s, err, sizeof(err));
			if (r != -EBADMSG)
				fail_msg("%s flags %u: got %d (%s)", cases[i].name, flags[f], r,
				         err);
			assert_null(s);
			if (!strstr(err, cases[i].expect))
				fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err,
				         cases[i].expect);
			assert_non_null(strstr(err, path));
			assert_int_equal(file_sum(path), before);
		}
	}
}

/* ---- read-only files and directories --------------------------------- */

/* As root, chmod does not stop writes; run the open as "nobody" in a child
 * so the permission check is real either way. Returns the open result. */
static int open_as_user(const char *path, unsigned flags, char *err, size_t errlen)
{
	int pfd[2];
	assert_int_equal(pipe(pfd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		if (geteuid() == 0) {
			struct passwd *pw = getpwnam("nobody");
			uid_t uid = pw ? pw->pw_uid : 65534;
			gid_t gid = pw ? pw->pw_gid : 65534;
			if (setgid(gid) < 0 || setuid(uid) < 0)
				_exit(100);
		}
		struct budge_store *s = NULL;
		char e[512] = "";
		int r = budge_store_open(path, flags, &s, e, sizeof(e));
		budge_store_close(s);
		if (write(pfd[1], e, strlen(e) + 1) < 0)
			_exit(101);
		_exit(r < 0 ? -r : 0);
	}
	close(pfd[1]);
	ssize_t n = read(pfd[0], err, errlen - 1);
	err[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_true(WEXITSTATUS(status) < 100);
	return -WEXITSTATUS(status);
}

static void test_read_only(void **state)
{
	char dir[512], path[600], err[512];
	bool root = geteuid() == 0;
	struct stat st;

	/* a directory the child user can enter */
	path_in(dir, sizeof(dir), "ro");
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	snprintf(path, sizeof(path), "%s/budge.db", dir);
	budge_store_close(open_ok(path, BUDGE_STORE_CREATE));
	raw_exec(path, "PRAGMA journal_mode = DELETE;"); /* no side files */
	if (root) {
		/* the child is "nobody": hand it the files, then take write away */
		struct passwd *pw = getpwnam("nobody");
		uid_t uid = pw ? pw->pw_uid : 65534;
		assert_int_equal(chown(dir, uid, (gid_t)-1), 0);
		assert_int_equal(chown(path, uid, (gid_t)-1), 0);
	}
	uint64_t before = file_sum(path);

	/* 1. the file is read-only */
	assert_int_equal(chmod(path, 0400), 0);
	assert_int_equal(open_as_user(path, 0, err, sizeof(err)), -EROFS);
	assert_non_null(strstr(err, "read-only"));
	assert_int_equal(file_sum(path), before);
	/* ...but a reader may still read it? Not without the WAL side files:
	 * the file is in DELETE mode now, so READONLY works: */
	raw_exec(path, "SELECT 1;");

	/* 2. the directory is read-only (no room for the WAL journal) */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chmod(dir, 0555), 0);
	int r = open_as_user(path, 0, err, sizeof(err));
	assert_int_equal(r, -EROFS);
	assert_non_null(strstr(err, path));
	assert_int_equal(file_sum(path), before);

	/* 3. creating in a read-only directory */
	char path2[640];
	snprintf(path2, sizeof(path2), "%s/sub/budge.db", dir);
	assert_int_equal(open_as_user(path2, BUDGE_STORE_CREATE, err, sizeof(err)), -EROFS);
	assert_non_null(strstr(err, "cannot create"));
	assert_int_equal(stat(path2, &st), -1);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(chmod(tmpdir, 0700), 0);
}

/* ---- migrations ------------------------------------------------------ */

/* The v1 schema exactly as budge 0.1 shipped it (kept here on purpose:
 * the test must not reuse the store's own migration text). */
static const char v1_schema[] =
    "CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL,"
    " prompt_id INTEGER NOT NULL DEFAULT 0, prompt_kind TEXT, movement TEXT, region TEXT,"
    " response TEXT, value INTEGER NOT NULL DEFAULT 0, text TEXT);"
    "CREATE INDEX events_ts ON events(ts);"
    "CREATE INDEX events_kind_ts ON events(kind, ts);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'budge: the event log is append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'budge: the event log is append-only'); END;"
    "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated INTEGER NOT NULL);"
    "INSERT INTO events(ts, kind, value, text) VALUES (1000, 'pain', 6, 'old note');"
    "INSERT INTO events(ts, kind, prompt_id, movement, region, response)"
    " VALUES (900, 'response', 3, 'head-tilt', 'neck', 'done');"
    "INSERT INTO kv VALUES ('setup.done', '1', 5);"
    "PRAGMA user_version = 1;";

static void test_migrate_v1(void **state)
{
	char path[512], err[512], buf[16];
	struct budge_store *s = NULL;

	path_in(path, sizeof(path), "v1.db");
	raw_exec(path, v1_schema);

	/* a reader refuses to migrate and leaves the file alone */
	uint64_t before = file_sum(path);
	assert_int_equal(budge_store_open(path, BUDGE_STORE_READONLY, &s, err, sizeof(err)),
	                 -ESTALE);
	assert_non_null(strstr(err, "version 1"));
	assert_int_equal(file_sum(path), before);

	s = open_ok(path, 0);
	assert_int_equal(budge_store_schema_version(s), BUDGE_STORE_SCHEMA_VERSION);
	struct collected c = {0};
	assert_int_equal(budge_store_each(s, 0, INT64_MAX, collect, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ts[0], 900);
	assert_int_equal(c.kind[0], BUDGE_LOG_RESPONSE);
	assert_string_equal(c.text[1], "old note");
	assert_int_equal(budge_store_get(s, "setup.done", buf, sizeof(buf)), 1);
	/* the v2 tables exist and enforce their foreign keys */
	sqlite3 *db = budge_store_db(s);
	assert_int_equal(sqlite3_exec(db,
	                              "INSERT INTO imports(sha256, path, format, imported_at)"
	                              " VALUES ('ab', '/x.cwa', 'cwa', 1);"
	                              "INSERT INTO accel_epochs(import_id, ts, epoch_s, enmo_mg)"
	                              " VALUES (1, 0, 60, 12.5);"
	                              "INSERT INTO accel_days(import_id, date, steps)"
	                              " VALUES (1, '2026-11-20', 5000);",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
	                                  "INSERT INTO accel_epochs(import_id, ts, epoch_s)"
	                                  " VALUES (99, 0, 60)",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	/* the trigger still holds after the migration */
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL), SQLITE_OK);
	struct budge_log_entry e = {.ts = 2000, .kind = BUDGE_LOG_WALK, .value = 15};
	assert_true(budge_store_append(s, &e) > 2);
	budge_store_close(s);

	/* idempotent: reopening does not migrate again */
	s = open_ok(path, BUDGE_STORE_READONLY);
	assert_int_equal(pragma_int(s, "SELECT count(*) FROM events"), 3);
	budge_store_close(s);
}

/* The daemon and CLI commands write at the same time: several processes
 * create, migrate and append to one new file concurrently; nothing is lost
 * and nobody sees "busy". */
static void test_concurrent_writers(void **state)
{
	enum { WRITERS = 4, ROWS = 150 };
	char path[512];
	pid_t pids[WRITERS];

	path_in(path, sizeof(path), "conc/budge.db");
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			struct budge_store *s = NULL;
			char err[512];
			if (budge_store_open(path, BUDGE_STORE_CREATE, &s, err, sizeof(err)) < 0) {
				fprintf(stderr, "writer %d: %s\n", w, err);
				_exit(1);
			}
			for (int i = 0; i < ROWS; i++) {
				struct budge_log_entry e = {
				    .ts = i, .kind = BUDGE_LOG_BOUT, .value = w};
				/* half of them inside short transactions */
				bool tx = i % 2 == 0;
				if (tx && budge_store_begin(s) < 0)
					_exit(2);
				if (budge_store_append(s, &e) <= 0)
					_exit(3);
				if (tx && budge_store_commit(s) < 0)
					_exit(4);
			}
			budge_store_close(s);
			_exit(0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	struct budge_store *s = open_ok(path, BUDGE_STORE_READONLY);
	assert_int_equal(pragma_int(s, "SELECT count(*) FROM events"), WRITERS * ROWS);
	assert_int_equal(pragma_int(s, "SELECT count(DISTINCT value) FROM events"), WRITERS);
	assert_int_equal(budge_store_schema_version(s), BUDGE_STORE_SCHEMA_VERSION);
	budge_store_close(s);
}

static void test_default_path(void **state)
{
	char buf[512], want[600];
	const char *old = getenv("XDG_DATA_HOME");
	char saved[512] = "";
	if (old)
		snprintf(saved, sizeof(saved), "%s", old);

	setenv("XDG_DATA_HOME", tmpdir, 1);
	assert_int_equal(budge_store_default_path(buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/budge/budge.db", tmpdir);
	assert_string_equal(buf, want);
	assert_int_equal(budge_store_default_path(buf, 8), -ENAMETOOLONG);
	if (old)
		setenv("XDG_DATA_HOME", saved, 1);
	else
		unsetenv("XDG_DATA_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_permissions_wal),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_append_each),
	    cmocka_unit_test(test_kind_names),
	    cmocka_unit_test(test_transactions),
	    cmocka_unit_test(test_kv),
	    cmocka_unit_test(test_append_only),
	    cmocka_unit_test(test_newer_schema),
	    cmocka_unit_test(test_corrupt),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_migrate_v1),
	    cmocka_unit_test(test_concurrent_writers),
	    cmocka_unit_test(test_default_path),
	};
	umask(077);
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
