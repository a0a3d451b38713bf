/* SPDX-License-Identifier: MIT */
/*
 * Write a long synthetic Axivity CWA recording for benchmarks: the data
 * sectors of a real recording (e.g. tiny-sample.cwa.gz) are repeated in
 * order with rewritten sequence ids and timestamps (a continuous 100 Hz
 * timeline from 2024-01-01 00:00:00) and fixed checksums.
 *
 *   gen-cwa SOURCE.cwa[.gz] OUT.cwa [DAYS]    (DAYS default 7)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define SECTOR 512
#define HEADER 1024
#define SAMPLES 120

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t packed_time(int64_t unix_s)
{
	int64_t days = unix_s / 86400, sod = unix_s % 86400;
	/* civil from days (H. Hinnant) */
	int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	return (uint32_t)(((y - 2000) & 0x3f) << 26 | m << 22 | d << 17 | (sod / 3600) << 12 |
			  ((sod / 60) % 60) << 6 | (sod % 60));
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen-cwa SOURCE.cwa[.gz] OUT.cwa [DAYS]\n");
		return 2;
	}
	double days = argc == 4 ? atof(argv[3]) : 7;
	gzFile in = gzopen(argv[1], "rb");
	if (!in) {
		fprintf(stderr, "gen-cwa: %s: cannot open\n", argv[1]);
		return 1;
	}
	uint8_t header[HEADER];
	if (gzread(in, header, HEADER) != HEADER || header[0] != 'M' || header[1] != 'D') {
		fprintf(stderr, "gen-cwa: %s: not a CWA file (no \"MD\" header)\n", argv[1]);
		return 1;
	}
	size_t n = 0, cap = 0;
	uint8_t *src = NULL, sec[SECTOR];
	while (gzread(in, sec, SECTOR) == SECTOR) {
		/* packed 3-axis sectors at 100 Hz with 120 samples only */
		if (sec[0] != 'A' || sec[1] != 'X' || sec[25] != 0x30 || sec[24] != 0x4a ||
		    (sec[28] | sec[29] << 8) != SAMPLES)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			src = realloc(src, cap * SECTOR);
			if (!src)
				return 1;
		}
		memcpy(src + n * SECTOR, sec, SECTOR);
		n++;
	}
	gzclose(in);
	if (n == 0) {
		fprintf(stderr, "gen-cwa: %s: no 100 Hz packed data sectors\n", argv[1]);
		return 1;
	}
	FILE *out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	fwrite(header, 1, HEADER, out);
	const int64_t t0 = 1704067200; /* 2024-01-01 00:00:00 */
	uint64_t blocks = (uint64_t)(days * 86400 * 100 / SAMPLES);
	for (uint64_t i = 0; i < blocks; i++) {
		memcpy(sec, src + (i % n) * SECTOR, SECTOR);
		/* sample 0 of block i is at t0 + 1.2 i s; anchor the timestamp
		 * at the first whole second inside the block */
		uint64_t first = i * SAMPLES;                  /* samples since t0 */
		uint64_t sec_whole = (first + 99) / 100;       /* seconds since t0 */
		uint16_t offset = (uint16_t)(sec_whole * 100 - first);
		put16(sec + 4, 0); /* no fractional timestamp */
		put32(sec + 10, (uint32_t)i);
		put32(sec + 14, packed_time(t0 + (int64_t)sec_whole));
		put16(sec + 26, offset);
		put16(sec + 510, 0);
		uint16_t sum = 0;
		for (int k = 0; k < SECTOR; k += 2)
			sum = (uint16_t)(sum + (sec[k] | sec[k + 1] << 8));
		put16(sec + 510, (uint16_t)(0x10000 - sum));
		if (fwrite(sec, 1, SECTOR, out) != SECTOR) {
			perror(argv[2]);
			return 1;
		}
	}
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	free(src);
	fprintf(stderr, "gen-cwa: %s: %llu sectors, %llu samples at 100 Hz (%.2f days)\n", argv[2],
		(unsigned long long)blocks, (unsigned long long)(blocks * SAMPLES),
		(double)blocks * SAMPLES / 100 / 86400);
	return 0;
}
