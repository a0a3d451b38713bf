/* SPDX-License-Identifier: MIT */
/* libFuzzer target: `budge simulate` trace lines, each parsed alone; a
 * refused line must say what was expected, an accepted one must be in range. */
#include <stdlib.h>
#include <string.h>

#include "budge/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[512], msg[256];
	size_t i = 0;

	while (i < size) {
		size_t n = 0;
		while (i < size && data[i] != '\n' && n + 1 < sizeof(line))
			line[n++] = (char)data[i++];
		line[n] = '\0';
		if (i < size && data[i] == '\n')
			i++;
		struct budge_trace_line tl;
		msg[0] = '\0';
		int r = budge_trace_parse_line(line, &tl, msg, sizeof(msg));
		if (r < 0 && msg[0] == '\0')
			abort();
		if (r == 1 && tl.kind == BUDGE_TRACE_EVENT && (tl.sec < 0 || tl.sec > 86399))
			abort();
	}
	return 0;
}
