/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_STORE_ACCEL_H
#define BUDGE_DAEMON_STORE_ACCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <budge/accel-pipeline.h>

#include "store.h"

/*
 * Wearable imports in the store (schema v2 tables imports, accel_epochs,
 * accel_days; see store-internal.h). An import is written in one
 * transaction: either all of its epochs and days are stored or none.
 * Files are identified by the SHA-256 of their bytes (as stored on disk,
 * i.e. of the .gz file when compressed), so the same file is imported once.
 */

/* SHA-256 of a file's bytes as 64 lowercase hex digits + NUL in hex
 * (borrowed, >= 65 bytes). path is borrowed. Returns 0 or -errno. */
int budge_accel_file_sha256(const char *path, char hex[65]);

/* Look an earlier import up by its hash. Returns 1 and fills *id and
 * *imported_at (Unix s) when found, 0 when not, negative errno on error. */
int budge_store_accel_find(struct budge_store *s, const char *sha256_hex, int64_t *id,
			   int64_t *imported_at);

struct budge_store_accel_import {
	const char *sha256_hex;  /* borrowed */
	const char *path;        /* borrowed: as given by the user */
	const char *format;      /* borrowed: "cwa" | "gt3x" | "csv" */
	const char *device_json; /* borrowed, may be NULL */
	int64_t imported_at;     /* Unix s */
};

/* An import being written. create() opens a transaction and inserts the
 * imports row; add_epoch/add_day insert rows; commit() makes it durable;
 * destroy() rolls back if commit() was not reached. The store (borrowed)
 * must outlive the writer, and nothing else may use it meanwhile. */
struct budge_store_accel_writer;
int budge_store_accel_writer_create(struct budge_store *s,
				    const struct budge_store_accel_import *imp,
				    struct budge_store_accel_writer **out);
int64_t budge_store_accel_writer_id(const struct budge_store_accel_writer *w);
int budge_store_accel_add_epoch(struct budge_store_accel_writer *w,
				const struct budge_accel_epoch *e); /* borrowed */
int budge_store_accel_add_day(struct budge_store_accel_writer *w,
			      const struct budge_accel_day *d); /* borrowed */
/* Set the imports row's format and device JSON (borrowed) once they are
 * known (the decoder learns them while reading). */
int budge_store_accel_set_details(struct budge_store_accel_writer *w, const char *format,
				  const char *device_json);
int budge_store_accel_commit(struct budge_store_accel_writer *w);
void budge_store_accel_writer_destroy(struct budge_store_accel_writer *w); /* NULL ok */

/* One accel_days row (for reports). Days are the device's local calendar
 * days (see budge(1), "Wearable data"). */
struct budge_accel_day_row {
	int64_t import_id;
	char date[11]; /* "YYYY-MM-DD" */
	uint32_t wear_s;
	uint32_t sedentary_s;
	uint32_t breaks;
	uint32_t longest_sedentary_bout_s;
	uint32_t light_s;
	uint32_t moderate_s;
	uint32_t vigorous_s;
	uint32_t steps;
};

/* Calls cb for every day row with from_date <= date < to_date ("YYYY-MM-DD",
 * borrowed; NULL = unbounded), ordered by date, then import id. Two
 * imports covering the same day give two rows. The row is valid during
 * the callback only. A non-zero return from cb stops the walk and is
 * returned. Returns 0 or negative errno. */
typedef int (*budge_store_accel_day_fn)(const struct budge_accel_day_row *row, void *userdata);
int budge_store_accel_days(struct budge_store *s, const char *from_date, const char *to_date,
			   budge_store_accel_day_fn cb, void *userdata);

#endif
