/* SPDX-License-Identifier: MIT */
/*
 * Decode-only throughput of the accelerometer decoders: the file is read
 * (and gunzipped) into memory once, then decoded REPEAT times from memory
 * in 1 MiB pushes into a sink that only sums the samples.
 *
 *   bench-decode FILE [REPEAT]      (FILE: .cwa, .cwa.gz, .csv, .csv.gz)
 */
#include <budge/accel.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

struct acc {
	double sum;
	uint64_t n;
};

static int on_block(const struct budge_accel_block *b, void *u)
{
	struct acc *a = u;
	float s = 0;
	for (size_t i = 0; i < b->n; i++)
		s += b->x[i] + b->y[i] + b->z[i];
	a->sum += s;
	a->n += b->n;
	return 0;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	uint8_t *buf = malloc(cap);
	if (!f || !buf) {
		fprintf(stderr, "bench-decode: cannot open %s\n", path);
		exit(1);
	}
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				exit(1);
		}
		int r = gzread(f, buf + n, (unsigned)(cap - n));
		if (r < 0) {
			fprintf(stderr, "bench-decode: read error in %s\n", path);
			exit(1);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	gzclose(f);
	*len = n;
	return buf;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-decode FILE [REPEAT]\n");
		return 2;
	}
	int repeat = argc > 2 ? atoi(argv[2]) : 20;
	size_t len;
	uint8_t *data = slurp(argv[1], &len);
	enum budge_accel_format fmt;
	char name[4096];
	snprintf(name, sizeof(name), "%s", argv[1]);
	size_t nl = strlen(name);
	if (nl > 3 && strcmp(name + nl - 3, ".gz") == 0)
		name[nl - 3] = '\0';
	if (budge_accel_detect(data, len, name, &fmt) < 0 || fmt == BUDGE_ACCEL_GT3X) {
		fprintf(stderr, "bench-decode: %s: need a CWA or CSV file\n", argv[1]);
		return 1;
	}
	struct acc a = {0};
	struct budge_accel_sink sink = {.block = on_block, .userdata = &a};
	struct budge_accel_device dev;
	double t0 = now_s();
	for (int k = 0; k < repeat; k++) {
		struct budge_accel_decoder *d;
		if (budge_accel_decoder_create(fmt, &sink, &dev, &d) < 0)
			return 1;
		for (size_t off = 0; off < len; off += 1 << 20) {
			size_t n = len - off < (1u << 20) ? len - off : 1u << 20;
			if (budge_accel_decoder_push(d, data + off, n) < 0)
				return 1;
		}
		if (budge_accel_decoder_finish(d) < 0)
			return 1;
		budge_accel_decoder_destroy(d);
	}
	double dt = now_s() - t0;
	printf("%s: %s, %d x %zu bytes, %" PRIu64 " samples in %.3f s = %.1f M samples/s "
	       "(%.0f MB/s) [checksum %.1f]\n",
	       argv[1], budge_accel_format_name(fmt), repeat, len, a.n, dt, a.n / dt / 1e6,
	       (double)len * repeat / dt / 1e6, a.sum);
	free(data);
	return 0;
}
