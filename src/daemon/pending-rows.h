/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_PENDING_ROWS_H
#define BUDGE_DAEMON_PENDING_ROWS_H

#include <stddef.h>

#include "store.h"

/*
 * Rows of what the coach did on its own (a prompt, an unanswered prompt, a
 * bout, a presence change) that the store could not take, on a full disk
 * say: kept in memory, with copies of their strings, and written again,
 * oldest first, before the next row the coach writes. Nobody waits for
 * these rows, so nothing is refused for them; requests are different (see
 * daemon_bus_input). At most BUDGE_PENDING_MAX rows are kept: beyond that
 * the oldest is dropped and counted.
 */

#define BUDGE_PENDING_MAX 4096

struct budge_pending_rows {
	struct budge_log_entry *rows;
	size_t n, cap;
	size_t dropped; /* rows given up since the last report */
};

/* Keep a copy of e. 0 or -ENOMEM (then e is counted as dropped). */
int budge_pending_add(struct budge_pending_rows *p, const struct budge_log_entry *e);
/* Write the kept rows in one transaction; they are forgotten only once it
 * is committed. 0 (also when there is nothing to write), or the store's
 * negative errno. */
int budge_pending_flush(struct budge_pending_rows *p, struct budge_store *s);
void budge_pending_finish(struct budge_pending_rows *p);

#endif
