/* SPDX-License-Identifier: MIT */
/* Wearable imports in the SQLite store (see store-accel.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-accel.h"
#include "store-internal.h"

/* ---- SHA-256 (FIPS 180-4) ---- */

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t nbuf;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
			      sha_k[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
				       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

static void sha256_update(struct sha256 *s, const uint8_t *p, size_t n)
{
	s->len += n;
	if (s->nbuf) {
		size_t k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, k);
		s->nbuf += k, p += k, n -= k;
		if (s->nbuf < 64)
			return;
		sha256_block(s, s->buf);
		s->nbuf = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		sha256_block(s, p);
	memcpy(s->buf, p, n);
	s->nbuf = n;
}

static void sha256_hex(struct sha256 *s, char hex[65])
{
	uint64_t bits = s->len * 8;
	uint8_t pad[72] = {0x80};
	size_t padlen = (s->nbuf < 56 ? 56 : 120) - s->nbuf;

	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, pad, padlen + 8);
	for (int i = 0; i < 32; i++) {
		static const char d[] = "0123456789abcdef";
		uint8_t v = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
		hex[2 * i] = d[v >> 4];
		hex[2 * i + 1] = d[v & 15];
	}
	hex[64] = '\0';
}

int budge_accel_file_sha256(const char *path, char hex[65])
{
	struct sha256 s;
	uint8_t *buf;
	int fd, ret = 0;

	fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return strcmp(path, "-") == 0 ? -ESPIPE : -errno;
	buf = malloc(1 << 16);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	sha256_init(&s);
	for (;;) {
		ssize_t n = read(fd, buf, 1 << 16);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		sha256_update(&s, buf, (size_t)n);
	}
	if (ret == 0)
		sha256_hex(&s, hex);
	free(buf);
	close(fd);
	return ret;
}

/* ---- imports ---- */

int budge_store_accel_find(struct budge_store *s, const char *sha256_hex, int64_t *id,
			   int64_t *imported_at)
{
	sqlite3 *db = budge_store_db(s);
	sqlite3_stmt *st = NULL;
	int rc, ret;

	rc = sqlite3_prepare_v2(db, "SELECT id, imported_at FROM imports WHERE sha256 = ?", -1,
				&st, NULL);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	sqlite3_bind_text(st, 1, sha256_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*imported_at = sqlite3_column_int64(st, 1);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		ret = budge_store_errno(rc);
	}
	sqlite3_finalize(st);
	return ret;
}

struct budge_store_accel_writer {
	sqlite3 *db;
	sqlite3_stmt *epoch, *day;
	int64_t id;
	bool open_tx;
};

static int exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : budge_store_errno(rc);
}

int budge_store_accel_writer_create(struct budge_store *s,
				    const struct budge_store_accel_import *imp,
				    struct budge_store_accel_writer **out)
{
	struct budge_store_accel_writer *w;
	sqlite3_stmt *st = NULL;
	int rc, r;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->db = budge_store_db(s);
	if ((r = exec(w->db, "BEGIN IMMEDIATE")) < 0)
		goto fail;
	w->open_tx = true;
	rc = sqlite3_prepare_v2(w->db,
				"INSERT INTO imports(sha256, path, format, device, imported_at) "
				"VALUES (?, ?, ?, ?, ?)",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		r = budge_store_errno(rc);
		goto fail;
	}
	sqlite3_bind_text(st, 1, imp->sha256_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imp->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, imp->format, -1, SQLITE_STATIC);
	if (imp->device_json)
		sqlite3_bind_text(st, 4, imp->device_json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, imp->imported_at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		r = (rc & 0xff) == SQLITE_CONSTRAINT ? -EEXIST : budge_store_errno(rc);
		goto fail;
	}
	w->id = sqlite3_last_insert_rowid(w->db);
	rc = sqlite3_prepare_v2(w->db,
				"INSERT INTO accel_epochs(import_id, ts, epoch_s, counts_x, counts_y, "
				"counts_z, vm, enmo_mg, steps, nonwear) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				-1, &w->epoch, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(w->db,
					"INSERT INTO accel_days(import_id, date, wear_s, sedentary_s, "
					"breaks, longest_sedentary_bout_s, light_s, moderate_s, "
					"vigorous_s, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					-1, &w->day, NULL);
	if (rc != SQLITE_OK) {
		r = budge_store_errno(rc);
		goto fail;
	}
	*out = w;
	return 0;
fail:
	budge_store_accel_writer_destroy(w);
	return r < 0 ? r : -EIO;
}

int64_t budge_store_accel_writer_id(const struct budge_store_accel_writer *w)
{
	return w->id;
}

static int step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return budge_store_errno(rc) < 0 ? budge_store_errno(rc) : -EIO;
}

int budge_store_accel_add_epoch(struct budge_store_accel_writer *w,
				const struct budge_accel_epoch *e)
{
	sqlite3_stmt *st = w->epoch;

	sqlite3_bind_int64(st, 1, w->id);
	sqlite3_bind_int64(st, 2, e->start_us / 1000000);
	sqlite3_bind_int(st, 3, (int)e->epoch_s);
	if (e->samples > 0) {
		sqlite3_bind_int64(st, 4, e->counts[0]);
		sqlite3_bind_int64(st, 5, e->counts[1]);
		sqlite3_bind_int64(st, 6, e->counts[2]);
		sqlite3_bind_double(st, 7, e->counts_vm);
		sqlite3_bind_double(st, 8, e->enmo_mg);
		sqlite3_bind_int64(st, 9, e->steps);
	} else {
		/* no data in this epoch: values unknown */
		for (int i = 4; i <= 9; i++)
			sqlite3_bind_null(st, i);
	}
	sqlite3_bind_int(st, 10, e->nonwear ? 1 : 0);
	return step_reset(st);
}

int budge_store_accel_add_day(struct budge_store_accel_writer *w, const struct budge_accel_day *d)
{
	sqlite3_stmt *st = w->day;

	sqlite3_bind_int64(st, 1, w->id);
	sqlite3_bind_text(st, 2, d->date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, d->wear_s);
	sqlite3_bind_int64(st, 4, d->sedentary_s);
	sqlite3_bind_int64(st, 5, d->breaks);
	sqlite3_bind_int64(st, 6, d->longest_sedentary_bout_s);
	sqlite3_bind_int64(st, 7, d->light_s);
	sqlite3_bind_int64(st, 8, d->moderate_s);
	sqlite3_bind_int64(st, 9, d->vigorous_s);
	sqlite3_bind_int64(st, 10, d->steps);
	return step_reset(st);
}

int budge_store_accel_set_details(struct budge_store_accel_writer *w, const char *format,
				  const char *device_json)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(w->db, "UPDATE imports SET format = ?, device = ? WHERE id = ?",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	sqlite3_bind_text(st, 1, format, -1, SQLITE_STATIC);
	if (device_json)
		sqlite3_bind_text(st, 2, device_json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, w->id);
	rc = step_reset(st);
	sqlite3_finalize(st);
	return rc;
}

int budge_store_accel_commit(struct budge_store_accel_writer *w)
{
	int r = exec(w->db, "COMMIT");
	if (r == 0)
		w->open_tx = false;
	return r;
}

void budge_store_accel_writer_destroy(struct budge_store_accel_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->epoch);
	sqlite3_finalize(w->day);
	if (w->open_tx)
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
	free(w);
}

int budge_store_accel_days(struct budge_store *s, const char *from_date, const char *to_date,
			   budge_store_accel_day_fn cb, void *userdata)
{
	sqlite3 *db = budge_store_db(s);
	sqlite3_stmt *st = NULL;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(db,
				"SELECT import_id, date, wear_s, sedentary_s, breaks, "
				"longest_sedentary_bout_s, light_s, moderate_s, vigorous_s, steps "
				"FROM accel_days WHERE (?1 IS NULL OR date >= ?1) "
				"AND (?2 IS NULL OR date < ?2) ORDER BY date, import_id",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return budge_store_errno(rc);
	if (from_date)
		sqlite3_bind_text(st, 1, from_date, -1, SQLITE_STATIC);
	if (to_date)
		sqlite3_bind_text(st, 2, to_date, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct budge_accel_day_row row = {.import_id = sqlite3_column_int64(st, 0)};
		const char *d = (const char *)sqlite3_column_text(st, 1);
		if (d)
			snprintf(row.date, sizeof(row.date), "%s", d);
		uint32_t *f[] = {&row.wear_s,	   &row.sedentary_s, &row.breaks,
				 &row.longest_sedentary_bout_s, &row.light_s, &row.moderate_s,
				 &row.vigorous_s,  &row.steps};
		for (int i = 0; i < 8; i++)
			*f[i] = (uint32_t)sqlite3_column_int64(st, 2 + i);
		if ((ret = cb(&row, userdata)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = budge_store_errno(rc) < 0 ? budge_store_errno(rc) : -EIO;
	sqlite3_finalize(st);
	return ret;
}
