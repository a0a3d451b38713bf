/* SPDX-License-Identifier: MIT */
/* Wearable imports in the store: SHA-256, find, atomic writer, day query. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store-accel.h"

static char dir[256];

static struct budge_store *open_store(void)
{
	char path[300], err[256];
	struct budge_store *s = NULL;
	snprintf(path, sizeof(path), "%s/budge.db", dir);
	assert_int_equal(budge_store_open(path, BUDGE_STORE_CREATE, &s, err, sizeof(err)), 0);
	return s;
}

static void test_sha256(void **state)
{
	static const struct {
		const char *content;
		const char *hex;
	} t[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char path[300], hex[65];
		snprintf(path, sizeof(path), "%s/f%zu", dir, i);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fputs(t[i].content, f);
		fclose(f);
		assert_int_equal(budge_accel_file_sha256(path, hex), 0);
		assert_string_equal(hex, t[i].hex);
	}
	/* a million 'a' crosses many blocks and buffer boundaries */
	char path[300], hex[65];
	snprintf(path, sizeof(path), "%s/million", dir);
	FILE *f = fopen(path, "wb");
	for (int i = 0; i < 1000000; i++)
		fputc('a', f);
	fclose(f);
	assert_int_equal(budge_accel_file_sha256(path, hex), 0);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(budge_accel_file_sha256(path, hex), -ENOENT);
}

struct rows {
	struct budge_accel_day_row r[8];
	size_t n;
};

static int collect(const struct budge_accel_day_row *row, void *ud)
{
	struct rows *rs = ud;
	if (rs->n < 8)
		rs->r[rs->n] = *row;
	rs->n++;
	return 0;
}

static void add_import(struct budge_store *s, const char *hash, const char *const *dates,
		       size_t n, bool commit)
{
	struct budge_store_accel_writer *w = NULL;
	struct budge_store_accel_import imp = {
		.sha256_hex = hash, .path = "x.cwa", .format = "cwa", .imported_at = 1700000000};
	assert_int_equal(budge_store_accel_writer_create(s, &imp, &w), 0);
	for (size_t i = 0; i < n; i++) {
		struct budge_accel_day d = {.wear_s = 1000 + (uint32_t)i, .sedentary_s = 500,
					    .breaks = 7, .steps = 42};
		snprintf(d.date, sizeof(d.date), "%s", dates[i]);
		assert_int_equal(budge_store_accel_add_day(w, &d), 0);
		struct budge_accel_epoch e = {.start_us = (1700000000LL + 60 * (int64_t)i) * 1000000,
					      .epoch_s = 60, .samples = 10, .counts = {1, 2, 3}};
		assert_int_equal(budge_store_accel_add_epoch(w, &e), 0);
	}
	assert_int_equal(budge_store_accel_set_details(w, "cwa", "{}"), 0);
	if (commit)
		assert_int_equal(budge_store_accel_commit(w), 0);
	budge_store_accel_writer_destroy(w);
}

static void test_import_and_query(void **state)
{
	struct budge_store *s = open_store();
	static const char *const a[] = {"2024-01-01", "2024-01-02", "2024-01-03"};
	static const char *const b[] = {"2024-01-02"};
	int64_t id = 0, at = 0;

	assert_int_equal(budge_store_accel_find(s, "aa", &id, &at), 0);
	add_import(s, "aa", a, 3, true);
	add_import(s, "bb", b, 1, false); /* rolled back */
	assert_int_equal(budge_store_accel_find(s, "aa", &id, &at), 1);
	assert_int_equal(at, 1700000000);
	assert_int_equal(budge_store_accel_find(s, "bb", &id, &at), 0);
	add_import(s, "cc", b, 1, true);

	/* the same hash again is refused by the store */
	struct budge_store_accel_writer *w = NULL;
	struct budge_store_accel_import imp = {
		.sha256_hex = "aa", .path = "y", .format = "csv", .imported_at = 1};
	assert_int_equal(budge_store_accel_writer_create(s, &imp, &w), -EEXIST);

	static const struct {
		const char *from, *to;
		size_t n;
		const char *first;
	} q[] = {
		{NULL, NULL, 4, "2024-01-01"},
		{"2024-01-02", "2024-01-03", 2, "2024-01-02"},
		{"2024-01-03", NULL, 1, "2024-01-03"},
		{NULL, "2024-01-01", 0, NULL},
		{"2025-01-01", NULL, 0, NULL},
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		struct rows rs = {0};
		assert_int_equal(budge_store_accel_days(s, q[i].from, q[i].to, collect, &rs), 0);
		assert_int_equal(rs.n, q[i].n);
		if (q[i].first) {
			assert_string_equal(rs.r[0].date, q[i].first);
			assert_int_equal(rs.r[0].sedentary_s, 500);
			assert_int_equal(rs.r[0].breaks, 7);
			assert_int_equal(rs.r[0].steps, 42);
		}
	}
	budge_store_close(s);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/budge-test-store-accel-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_import_and_query),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
