/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DURATION_H
#define BUDGE_DURATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Durations in whole seconds. Accepted: "90s", "5m", "2h", "7d", "1w" and
 * combinations like "1h30m" or "1h 30m"; a bare number is seconds. Returns 0
 * and sets *out, or -EINVAL (bad syntax) / -ERANGE (overflow).
 */
int budge_duration_parse(const char *s, int64_t *out);

/* Format seconds in the shortest canonical form ("1h30m", "0s") into buf
 * (borrowed, len bytes). Returns the length snprintf would write. */
int budge_duration_format(int64_t secs, char *buf, size_t len);

#endif
