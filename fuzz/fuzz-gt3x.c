/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the GT3X decoder. Input = info.txt, a NUL byte, then
 * log.bin (without a NUL the whole input is log.bin and no info is given). */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct budge_accel_sink sink = {.block = fuzz_block, .problem = fuzz_problem};
	struct budge_accel_device dev;
	struct budge_accel_decoder *d;
	const uint8_t *nul = memchr(data, 0, size < 4096 ? size : 4096);

	if (budge_accel_decoder_create(BUDGE_ACCEL_GT3X, &sink, &dev, &d) < 0)
		return 0;
	if (nul) {
		size_t n = (size_t)(nul - data);
		if (budge_accel_gt3x_info(d, (const char *)data, n) < 0) {
			budge_accel_decoder_destroy(d);
			return 0;
		}
		data += n + 1;
		size -= n + 1;
	}
	fuzz_feed(d, data, size, size ? data[0] : 0);
	budge_accel_decoder_destroy(d);
	return 0;
}
