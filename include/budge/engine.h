/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_ENGINE_H
#define BUDGE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budge/catalog.h"
#include "budge/config.h"
#include "budge/region.h"

/*
 * The coaching engine: a deterministic state machine. No I/O, no clock:
 * every call takes `now` (Unix seconds, UTC). Local calendar things (work
 * hours, day boundaries) use the UTC offset the caller sets with
 * budge_engine_set_utc_offset() (the daemon refreshes it every wakeup; the
 * simulator uses 0 so trace times are local times).
 *
 * Use (dunst-style): feed events with budge_engine_handle(), call
 * budge_engine_advance() when the clock reaches budge_engine_next_deadline(),
 * and after either call take the resulting actions with
 * budge_engine_pop_action() until it returns false.
 */

#define BUDGE_NO_DEADLINE INT64_MAX

enum budge_input {
	BUDGE_IN_ACTIVE,          /* input seen at `at` */
	BUDGE_IN_IDLE,            /* no input since `at` (at <= now) */
	BUDGE_IN_LOCK,            /* screen locked: away */
	BUDGE_IN_UNLOCK,
	BUDGE_IN_SUSPEND,         /* system suspends: away */
	BUDGE_IN_RESUME,
	BUDGE_IN_MEETING_START,   /* arg: planned duration in s, 0 = until end */
	BUDGE_IN_MEETING_END,
	BUDGE_IN_PAUSE,           /* arg: duration in s, 0 = until resumed */
	BUDGE_IN_RESUME_COACHING,
	BUDGE_IN_RESPOND,         /* response to the current prompt */
	BUDGE_IN_WALK,            /* arg: minutes walked (logged by hand) */
	BUDGE_IN_MOVEMENT_DONE,   /* movement: done outside a prompt (`budge now`) */
	BUDGE_IN_QUIET_START,     /* the desktop's do-not-disturb turned on */
	BUDGE_IN_QUIET_END,       /* ... and off */
};

enum budge_response {
	BUDGE_RESP_NONE = 0, /* no response within the timeout: "ignored" */
	BUDGE_RESP_DONE,
	BUDGE_RESP_SNOOZE,
	BUDGE_RESP_SKIP,
	BUDGE_RESP_TOO_HARD,
	BUDGE_RESP_HURTS,
};

/* Who starts or ends a meeting (BUDGE_IN_MEETING_START/END). The coach is
 * in a meeting while any source holds one. */
enum budge_meeting_source {
	BUDGE_MEETING_MANUAL = 0, /* `budge meeting`, D-Bus, a trace line */
	BUDGE_MEETING_CALENDAR,   /* an event of the [meetings] calendar */
	BUDGE_MEETING_FULLSCREEN, /* the focused window is fullscreen (presenting) */
	BUDGE_MEETING_CALL,       /* a camera or microphone capture is running */
};
#define BUDGE_MEETING_SOURCE_COUNT 4

/*
 * Meeting holds, as implemented: each source holds a meeting or not, with
 * its own end (0 = until ended). START(source, arg) sets that source's hold
 * (arg = duration in s, 0 = until ended); END(source) releases that source
 * only, except END from MANUAL (the user says the meeting is over), which
 * releases every hold. A timed hold ends by itself; the engine's deadline
 * includes the earliest end. Only a MANUAL start counts as input (the user
 * is there); a calendar or fullscreen start does not end a break.
 * budge_engine_save() keeps the manual and calendar holds (an open-ended
 * one only within the same local day); a fullscreen or call hold is not
 * kept (the daemon looks again at start).
 */
const char *budge_meeting_source_name(enum budge_meeting_source s); /* "manual", ... */
int budge_meeting_source_parse(const char *s, enum budge_meeting_source *out);

struct budge_input_event {
	enum budge_input type;
	int64_t at;    /* when it happened (Unix s); for IDLE the last input */
	int64_t arg;   /* see enum budge_input */
	enum budge_response response; /* for BUDGE_IN_RESPOND */
	uint32_t prompt_id;           /* for RESPOND: 0 = the latest prompt */
	enum budge_meeting_source source; /* for MEETING_START/END */
	const char *movement;         /* for MOVEMENT_DONE: a catalog movement id (borrowed) */
};

enum budge_prompt_kind {
	BUDGE_PROMPT_MICRO,          /* one micro-movement */
	BUDGE_PROMPT_MOVEMENT_BREAK, /* stand up and move ~5 min */
	BUDGE_PROMPT_WALK,           /* the walking plan's walk of the day */
	BUDGE_PROMPT_ROUTINE,        /* [routine] at: the day's head-to-toe routine */
};

enum budge_presence {
	BUDGE_PRESENT,  /* active or briefly idle: sitting */
	BUDGE_IDLE,     /* idle >= gap: on a break */
	BUDGE_AWAY,     /* locked or suspended */
};

enum budge_action_type {
	BUDGE_ACT_PROMPT,          /* show a prompt; arg: a walk's minutes, a movement
	                            * break's seconds sat in the bout so far */
	BUDGE_ACT_PROMPT_CLOSE,    /* withdraw a prompt (answered, expired, away) */
	BUDGE_ACT_RESPONSE,        /* a response was recorded (incl. ignored) */
	BUDGE_ACT_PRESENCE,        /* presence changed */
	BUDGE_ACT_BOUT_END,        /* a sitting bout ended: arg = its length s */
	BUDGE_ACT_BREAK,           /* a break ended: arg = its length s, full? */
	BUDGE_ACT_VARIANT,         /* a movement's variant changed */
	BUDGE_ACT_SAFETY,          /* repeated "hurts": show the safety advice */
	BUDGE_ACT_ADAPT,           /* frequency lowered / rotation (message) */
	BUDGE_ACT_PLAN,            /* the plan added a region */
	BUDGE_ACT_DAY_END,         /* a day's statistics are final */
};

struct budge_action {
	enum budge_action_type type;
	int64_t at;                     /* when (Unix s) */
	uint32_t prompt_id;             /* PROMPT, PROMPT_CLOSE, RESPONSE */
	enum budge_prompt_kind kind;    /* PROMPT, RESPONSE */
	const struct budge_movement *movement; /* borrowed from the catalog; NULL for breaks/walks */
	enum budge_region region;
	bool discreet;
	enum budge_variant variant;     /* PROMPT, VARIANT */
	enum budge_response response;   /* RESPONSE */
	enum budge_presence presence;   /* PRESENCE */
	int64_t arg;                    /* see enum budge_action_type */
	bool full_break;                /* BREAK */
	bool after_meeting;             /* PROMPT: a break a meeting held, at its end */
	char message[320];              /* ADAPT, SAFETY, PLAN: human text */
};

/* Statistics of one local day (see budge_engine_day_stats). */
struct budge_day_stats {
	int32_t day;                  /* days since 1970-01-01, local */
	int64_t sitting_s;            /* total time sitting (present) */
	int32_t bouts;                /* sitting bouts */
	int64_t longest_bout_s;
	int32_t bouts_over_limit;     /* bouts longer than sitting.limit */
	int32_t breaks;               /* idle periods >= gap */
	int32_t full_breaks;          /* idle periods >= full_break */
	int64_t work_s;               /* time inside work hours, for breaks/hour */
	int32_t prompts, done, skipped, snoozed, ignored, too_hard, hurts;
	int32_t region_prompts[BUDGE_REGION_COUNT];
	int32_t region_done[BUDGE_REGION_COUNT];
	int32_t region_skipped[BUDGE_REGION_COUNT];
	int32_t region_ignored[BUDGE_REGION_COUNT];
	int32_t walk_minutes;
};

struct budge_status {
	enum budge_presence presence;
	bool paused;
	int64_t paused_until;     /* 0 = indefinitely (when paused) */
	bool quiet;               /* do not disturb: no prompts, sitting still counts */
	bool in_meeting;
	uint32_t meeting_sources; /* bit (1u << enum budge_meeting_source) per hold */
	int64_t meeting_until;    /* when the meeting ends: the last hold's end; 0 if
	                           * not in a meeting or a hold lasts until ended */
	int64_t meeting_ends[BUDGE_MEETING_SOURCE_COUNT]; /* per held source; 0 = until ended */
	bool in_work_hours;
	int64_t sitting_s;        /* current bout length */
	int64_t next_prompt_at;   /* BUDGE_NO_DEADLINE if none planned */
	enum budge_prompt_kind next_kind;
	const struct budge_movement *next_movement; /* borrowed, may be NULL */
	uint32_t open_prompt_id;  /* 0 if none */
	int32_t plan_week;        /* 1-based */
	budge_region_mask active_regions;
};

struct budge_engine;

/* cfg and cat are borrowed and must outlive the engine (the daemon swaps
 * them only via budge_engine_set_config). plan_start is the Unix time the
 * plan started (first run). Returns 0 or -ENOMEM. */
int budge_engine_create(const struct budge_config *cfg, const struct budge_catalog *cat,
			int64_t plan_start, int64_t now, struct budge_engine **out);
void budge_engine_destroy(struct budge_engine *e);

/* Replace the config (reload). Borrowed as above. */
void budge_engine_set_config(struct budge_engine *e, const struct budge_config *cfg);
/* A copy of e with its own memory (the config and catalog stay borrowed):
 * the daemon keeps one while it records a request, and goes back to it
 * when the request could not be stored. 0 or -ENOMEM. */
int budge_engine_clone(const struct budge_engine *e, struct budge_engine **out);
void budge_engine_set_utc_offset(struct budge_engine *e, int32_t offset_s);
/* Prompt ids after `last` only: the daemon passes the largest prompt id
 * its store holds, so that ids stay unique across restarts even when the
 * saved state is older than the last prompt. */
void budge_engine_set_prompt_seq(struct budge_engine *e, uint32_t last);

/* Feed one input. Returns 0, -EINVAL for a malformed event (e.g. RESPOND
 * with no open prompt is -ENOENT). */
int budge_engine_handle(struct budge_engine *e, const struct budge_input_event *ev, int64_t now);

/* Let time pass up to now (fires due timers). */
void budge_engine_advance(struct budge_engine *e, int64_t now);

/* The clock jumped where the engine's time was `at` (the old clock): the
 * machine slept `slept` seconds that no suspend event reported, then the
 * clock was set by `step` seconds (negative: back). Sleep, and a step
 * forward of at least sitting.gap, are time away: the bout ends at `at`,
 * an open prompt goes unanswered, nothing due in between fires, and a user
 * who was active is active again after it. A step back, or forward by less
 * than the gap, moves every time the engine holds by `step`, so that bouts
 * and deadlines keep their real lengths. Times before `at` are advanced
 * through first. */
void budge_engine_clock_jump(struct budge_engine *e, int64_t at, int64_t slept, int64_t step);

/* When budge_engine_advance must next be called; BUDGE_NO_DEADLINE if the
 * engine waits only for input. */
int64_t budge_engine_next_deadline(const struct budge_engine *e);

/* Take the next pending action into *out; false when none is left. */
bool budge_engine_pop_action(struct budge_engine *e, struct budge_action *out);

void budge_engine_status(const struct budge_engine *e, int64_t now, struct budge_status *out);

/* Statistics of the local day containing `day_time` (only days the engine
 * has seen since creation/restore). Returns 0 or -ENOENT. */
int budge_engine_day_stats(const struct budge_engine *e, int64_t day_time, struct budge_day_stats *out);

/* Persistent state (variants, per-movement last-done, plan, snoozes, the
 * current bout) as a text of "key=value" lines, for the store. Writes into
 * buf (borrowed) and returns the length needed, like snprintf. */
int budge_engine_save(const struct budge_engine *e, char *buf, size_t len);
/* Restore what budge_engine_save wrote. Unknown keys are ignored; malformed
 * lines give -EINVAL and leave the engine unchanged. */
int budge_engine_restore(struct budge_engine *e, const char *text, int64_t now);

const char *budge_response_name(enum budge_response r);  /* "done", ... */
int budge_response_parse(const char *s, enum budge_response *out);
const char *budge_prompt_kind_name(enum budge_prompt_kind k); /* "micro", "movement_break", "walk" */
const char *budge_presence_name(enum budge_presence p);     /* "present", "idle", "away" */

/* ---- additions (engine owner) ----
 *
 * Details of the contract above, as implemented:
 * - budge_engine_handle() first fires timers due strictly before `now`, then
 *   applies the input, then whatever is due at `now`: an input wins over a
 *   timer due in the same second (a lock at 10:00 prevents a prompt due at
 *   10:00).
 * - Every PROMPT gets exactly one RESPONSE (an answer, or BUDGE_RESP_NONE
 *   after prompts.response_timeout, or when the user goes away or pauses),
 *   followed by a PROMPT_CLOSE.
 * - DAY_END: at = the local midnight that ended the day, arg = the day
 *   number (days since 1970-01-01, local); read its numbers with
 *   budge_engine_day_stats(e, at - 1, ...). Bouts and breaks count on the
 *   day they end; a break spanning midnight is not counted.
 * - PROMPT of kind WALK: arg = planned minutes, message = text.
 * - ADAPT: arg = adaptation steps now in force (cadences x 1.5^arg).
 * - PLAN: region = the region that joined, arg = plan week.
 * - budge_engine_save() also writes the current bout; restore continues it
 *   when less than sitting.gap passed since the save.
 */

/* The walking plan of plan week `week` (1-based): minutes per walk and
 * walks per week, growing linearly from [walking] start_* in week 1 to
 * target_* in week walking.weeks and staying there. */
void budge_walking_target(const struct budge_config *cfg, int32_t week, int32_t *minutes,
			  int32_t *days);

/* The plan week (1-based) and the regions active at `now` for a plan that
 * started at plan_start: plan.start_regions, plus one more region of
 * plan.regions (in enum order) every plan.add_region_every. */
int32_t budge_plan_week(const struct budge_config *cfg, int64_t plan_start, int64_t now);
budge_region_mask budge_plan_regions(const struct budge_config *cfg, int64_t plan_start,
				     int64_t now);

/* Guidance from the weekly check-in (store kv keys written by `budge
 * checkin`, see src/daemon/store.h). The daemon maps them and calls
 * budge_engine_set_guidance() after budge_engine_restore() at start, on
 * reload and whenever the kv keys change:
 *   stopped          coaching.stopped is set: no prompts at all (micro,
 *                    movement breaks, walks); presence and statistics go on
 *   blocked_regions  redflag.regions ("all" = BUDGE_REGION_ALL): movements
 *                    of these regions are not prompted; whole-body blocked
 *                    also drops the break's movement and the walk prompts
 *   plan_paused      plan.paused or plan.hold: the plan keeps the regions
 *                    and the walking target it has; when lifted it goes on
 *                    from there (the paused time does not count)
 *   step_down        plan.step_down: prompts show the easier variant, and no
 *                    variant steps up meanwhile (stored variants are kept)
 *   rotate           cues.rotate: favour movements not shown lately (the
 *                    same novelty weight as after a mostly ignored day)
 */
struct budge_engine_guidance {
	bool stopped;
	budge_region_mask blocked_regions;
	bool plan_paused;
	bool step_down;
	bool rotate;
};

/* Apply guidance at `now` (g is copied). Timers due before now fire first;
 * an open prompt that may no longer be shown gets its RESPONSE (ignored)
 * and PROMPT_CLOSE. The plan pause is kept by budge_engine_save(). */
void budge_engine_set_guidance(struct budge_engine *e, const struct budge_engine_guidance *g,
			       int64_t now);
/* The guidance in force (all false/0 until set). */
void budge_engine_get_guidance(const struct budge_engine *e, struct budge_engine_guidance *out);

/* More details, as implemented:
 * - Micro prompts: at most one per prompts.micro_interval of sitting (x the
 *   adaptation factor); the most overdue movement wins. Whole-body
 *   movements are never micro prompts: a MOVEMENT_BREAK prompt carries one
 *   in `movement` ("walk-break" when the catalog has it; NULL if none).
 * - A mostly ignored day (more than half of >= 4 prompts) also turns on
 *   the novelty weight (movements not shown in the last 3 days first) until
 *   a mostly answered day.
 */

/* BUDGE_IN_MOVEMENT_DONE: the user did `movement` (a catalog id) on their
 * own, e.g. in a guided `budge now` session. It counts as done today like a
 * prompt answered "done": day stats done and region_done (not prompts), the
 * region is done today (its movements lose the not-done-today bonus), the
 * movement's cadence restarts at now and it counts as shown at now (the
 * recent list and the novelty weight), so it is not prompted again right
 * away. It does not count towards the five-in-a-row variant step and leaves
 * an open prompt, the micro slot and the movement break alone. An unknown
 * id (or NULL) is -EINVAL. */

/* Local day number (days since 1970-01-01) and weekday (0 = Monday) of a
 * Unix time shifted by a UTC offset. */
int32_t budge_local_day(int64_t t, int32_t utc_offset);
int budge_local_weekday(int32_t day);

#endif
