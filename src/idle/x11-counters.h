/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IDLE_X11_COUNTERS_H
#define BUDGE_IDLE_X11_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The counter list of a SYNC ListSystemCounters reply, read from its wire
 * bytes. Each entry is counter (CARD32), resolution (INT64), name_len
 * (CARD16), then the name, padded to 4 bytes. libxcb's
 * xcb_sync_systemcounter_t is 16 bytes (C padding after name_len), so its
 * name accessor points two bytes too far and its iterator loses step
 * after a name whose length is 1 or 2 modulo 4 (freedesktop bug 23403;
 * e.g. "DEVICEIDLETIME 10" on a server with ten input devices).
 *
 * data (borrowed): the list, i.e. the bytes after the 32-byte reply header;
 * size: their number (4 × the reply's length); n: the reply's counters_len;
 * name (borrowed): the counter to look for (e.g. "IDLETIME").
 * Returns 0 and *id, -ENOENT if there is no such counter, -EBADMSG if an
 * entry runs past size.
 */
int budge_x11_find_counter(const uint8_t *data, size_t size, uint32_t n, const char *name,
                           uint32_t *id);

#endif
