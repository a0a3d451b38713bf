/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the CSV decoder (with and without caller timing, units,
 * columns and a start). */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct budge_accel_sink sink = {.block = fuzz_block, .problem = fuzz_problem};
	struct budge_accel_device dev;
	struct budge_accel_decoder *d;
	unsigned seed = size ? data[size - 1] : 0;

	if (budge_accel_decoder_create(BUDGE_ACCEL_CSV, &sink, &dev, &d) < 0)
		return 0;
	if (seed & 1)
		budge_accel_csv_set_timing(d, 1 + seed % 100, 0);
	if (seed & 2) {
		struct budge_accel_csv_options o = {.unit = (enum budge_accel_unit)((seed >> 2) % 4),
		                                    .have_start = seed & 16,
		                                    .start_us = INT64_C(1700000000000000)};
		char msg[160];
		static const char *const cols[] = {"time,x,y,z", "-,time,z,y,x", "x,y,z", "z,-,-,x,y"};
		if (seed & 32)
			budge_accel_csv_columns_parse(cols[(seed >> 6) % 4], &o, msg, sizeof(msg));
		budge_accel_csv_set_options(d, &o);
	}
	fuzz_feed(d, data, size, seed);
	budge_accel_decoder_destroy(d);
	return 0;
}
