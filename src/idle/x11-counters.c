/* SPDX-License-Identifier: MIT */
/* The SYNC extension's system counter list, walked by hand (see the header). */
#include <errno.h>
#include <string.h>

#include "x11-counters.h"

enum {
	ENTRY_NAME_LEN = 12, /* after counter (4) and resolution (8) */
	ENTRY_NAME = 14,
};

int budge_x11_find_counter(const uint8_t *data, size_t size, uint32_t n, const char *name,
                           uint32_t *id)
{
	size_t want = strlen(name), off = 0;

	for (uint32_t i = 0; i < n; i++) {
		uint16_t len;
		uint32_t counter;

		if (size - off < ENTRY_NAME)
			return -EBADMSG;
		/* In the host's byte order: xcb asks the server for it at
		 * connection setup. memcpy: no alignment is assumed of data. */
		memcpy(&counter, data + off, sizeof(counter));
		memcpy(&len, data + off + ENTRY_NAME_LEN, sizeof(len));
		if (size - off - ENTRY_NAME < len)
			return -EBADMSG;
		if (len == want && memcmp(data + off + ENTRY_NAME, name, want) == 0) {
			*id = counter;
			return 0;
		}
		/* The last entry's padding may be missing. */
		off += ENTRY_NAME + len;
		off += (4 - off % 4) % 4;
		if (off > size)
			off = size;
	}
	return -ENOENT;
}
