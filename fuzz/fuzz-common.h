/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_FUZZ_FUZZ_COMMON_H
#define BUDGE_FUZZ_FUZZ_COMMON_H

/* Shared by the libFuzzer targets: a sink that checks the block contract
 * (and aborts on a violation, which libFuzzer reports as a crash). */

#include <budge/accel.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int fuzz_block(const struct budge_accel_block *b, void *userdata)
{
	(void)userdata;
	if (b->n == 0 || b->n > BUDGE_ACCEL_MAX_BLOCK || !(b->rate_hz > 0) || !isfinite(b->rate_hz))
		abort();
	for (size_t i = 0; i < b->n; i++)
		if (!isfinite(b->x[i]) || !isfinite(b->y[i]) || !isfinite(b->z[i]))
			abort();
	return 0;
}

static void fuzz_problem(const struct budge_accel_problem *p, void *userdata)
{
	(void)userdata;
	if (p->message[0] == '\0' || strnlen(p->message, sizeof(p->message)) == sizeof(p->message))
		abort();
}

/* Push data in chunks whose sizes come from `seed`, then finish. */
static void fuzz_feed(struct budge_accel_decoder *d, const uint8_t *data, size_t size,
                      unsigned seed)
{
	size_t off = 0;
	while (off < size) {
		size_t chunk = 1 + (seed % 997);
		seed = seed * 1103515245u + 12345u;
		if (chunk > size - off)
			chunk = size - off;
		if (budge_accel_decoder_push(d, data + off, chunk) < 0)
			return;
		off += chunk;
	}
	budge_accel_decoder_finish(d);
}

#endif
