/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CALENDAR_WATCH_H
#define BUDGE_DAEMON_CALENDAR_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include <systemd/sd-event.h>

#include "budge/engine.h"

/*
 * The coach's side of [meetings] calendar (calendar.h does the reading):
 * the meetings of the local day of `now` and the next one, merged into
 * spans, re-read when a file changes (inotify on each file's directory:
 * written and closed, renamed over, deleted), on reload and at midnight.
 * The files are read in a short-lived child process (fork): libical and
 * the ICU and C++ libraries it pulls in (~6 MB resident) are never mapped
 * by the coach itself. The child's report is read from the event loop.
 * It has no timer of its own: the daemon arms its one timer at
 * min(engine deadline, budge_calendar_watch_next()) and asks
 * budge_calendar_watch_step() what to tell the engine at each wakeup.
 * Missing or unreadable files are logged ("PATH: ...") and skipped; the
 * coach goes on. Only times are kept, never titles, attendees or places.
 */

struct budge_calendar_watch;

enum budge_calendar_event {
	/* a file changed on disk: the daemon calls budge_calendar_watch_read()
	 * with its clock */
	BUDGE_CALENDAR_FILE_CHANGED,
	/* a read is done and its meetings are in force: the daemon calls
	 * budge_calendar_watch_step() and re-arms its timer */
	BUDGE_CALENDAR_UPDATED,
};
typedef void (*budge_calendar_event_fn)(enum budge_calendar_event ev, void *userdata);

/* list: the [meetings] calendar value (copied), not empty. A read for the
 * days of `now` starts at once (UPDATED when done). ev is borrowed and must
 * outlive the watch. Returns 0 or -ENOMEM. */
int budge_calendar_watch_create(sd_event *ev, const char *list, int64_t now,
                                budge_calendar_event_fn cb, void *userdata,
                                struct budge_calendar_watch **out);
void budge_calendar_watch_destroy(struct budge_calendar_watch *w);

/* The list it was created with (borrowed). */
const char *budge_calendar_watch_list(const struct budge_calendar_watch *w);

/* Start reading the files again (reload, SIGHUP, a change); UPDATED when
 * done. While a read runs, another one follows it. */
void budge_calendar_watch_read(struct budge_calendar_watch *w, int64_t now);
/* true while a read runs */
bool budge_calendar_watch_reading(const struct budge_calendar_watch *w);

enum budge_calendar_step {
	BUDGE_CALENDAR_NOTHING,
	BUDGE_CALENDAR_START, /* *arg = seconds until the meeting ends */
	BUDGE_CALENDAR_END,   /* the engine holds a calendar meeting the files no longer have */
};

/* What the engine (its status at now: st, borrowed) should be told at now.
 * A meeting is started once: after `budge meeting end` it is not started
 * again (unless the files change its times). At midnight the files are
 * read again for the new day. w may be NULL (nothing). */
enum budge_calendar_step budge_calendar_watch_step(struct budge_calendar_watch *w, int64_t now,
                                                   const struct budge_status *st, int64_t *arg);

/* When the daemon must next call budge_calendar_watch_step(): the next
 * meeting's start or the next midnight; BUDGE_NO_DEADLINE for a NULL w. */
int64_t budge_calendar_watch_next(const struct budge_calendar_watch *w, int64_t now);

#endif
