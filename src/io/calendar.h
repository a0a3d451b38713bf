/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CALENDAR_H
#define BUDGE_DAEMON_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Meetings from iCalendar files ([meetings] calendar, budge(5)). The
 * events of a time window are expanded with libical (recurrences: RRULE,
 * RDATE, EXDATE and RECURRENCE-ID overrides; time zones from the file's
 * VTIMEZONE, UTC, or floating = local time) into busy spans. All-day
 * events, events marked TRANSP:TRANSPARENT and STATUS:CANCELLED ones are
 * not meetings. Only the times are kept: never a title, attendee or place.
 *
 * libical is loaded with dlopen("libical.so.3") on first use, never
 * linked, so that the coach maps it only when a calendar is configured.
 */

/* A meeting [start, end), Unix seconds. */
struct budge_cal_span {
	int64_t start, end;
};

/* A growable list of spans (embedded: init/finish). */
struct budge_cal_spans {
	struct budge_cal_span *v;
	size_t n, cap;
};

void budge_cal_spans_init(struct budge_cal_spans *s);
void budge_cal_spans_finish(struct budge_cal_spans *s);
/* Sort by start and merge spans that overlap or touch. */
void budge_cal_spans_merge(struct budge_cal_spans *s);

/* The i-th file name of a [meetings] calendar list (comma-separated,
 * blanks around names ignored, a leading "~/" replaced by $HOME) into buf
 * (borrowed, len bytes). Returns 0, -ENOENT past the last name,
 * -ENAMETOOLONG, or -EINVAL for "~/" without HOME. */
int budge_calendar_path_at(const char *list, size_t i, char *buf, size_t len);

/* Load libical once per process. Returns 0, or -ENOTSUP with a message
 * naming the Debian package (libical3) in err (borrowed, may be NULL). */
int budge_calendar_lib_load(char *err, size_t errlen);

/*
 * Append to out the meetings of the iCalendar text (borrowed,
 * NUL-terminated) that overlap [from, to). `name` (borrowed) is the file
 * name for messages. Returns the number of spans appended (>= 0), or:
 *   -EBADMSG  the text is not iCalendar (err: "NAME: ...")
 *   -ENOTSUP  libical is missing (err names the package)
 *   -ENOMEM
 * *skipped (may be NULL) gets the number of lines or events libical could
 * not read and that were left out.
 */
int budge_calendar_expand(const char *text, const char *name, int64_t from, int64_t to,
                          struct budge_cal_spans *out, int *skipped, char *err, size_t errlen);

/* The same for a file (at most 64 MiB); -ENOENT, -EACCES, ... when it
 * cannot be read ("PATH: No such file or directory" in err). */
int budge_calendar_expand_file(const char *path, int64_t from, int64_t to,
                               struct budge_cal_spans *out, int *skipped, char *err, size_t errlen);

#endif
