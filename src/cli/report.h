/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_REPORT_H
#define BUDGE_CLI_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "budge/config.h"
#include "budge/region.h"
#include "store.h"

/*
 * Reports: per-day statistics derived from the store's event log (bouts,
 * breaks, prompts, responses, walks, pain), plus wearable day rows when the
 * store has them. Used by `budge report` and `budge plan`.
 *
 * Days are local calendar days (the process time zone, TZ), numbered as
 * days since 1970-01-01 like struct budge_day_stats.day.
 */

#define REPORT_MINUTES 1440
#define REPORT_MAX_MARKS 96

enum report_slot {
	REPORT_SLOT_NONE = 0,
	REPORT_SLOT_SIT = 1,
	REPORT_SLOT_BREAK = 2,
	REPORT_SLOT_OVER = 3, /* sitting, past the sitting limit of its bout */
};

enum report_mark_state {
	REPORT_MARK_OPEN = 0, /* prompted, no response logged */
	REPORT_MARK_DONE,
	REPORT_MARK_SKIP, /* skipped, snoozed, too hard, hurts */
	REPORT_MARK_IGNORED,
};

struct report_mark {
	uint32_t prompt_id;
	int16_t minute;      /* minute of the local day */
	uint8_t state;       /* enum report_mark_state */
	bool movement_break; /* a movement-break prompt (not a micro-movement) */
};

struct report_wear {
	bool present;
	int64_t wear_s, sedentary_s, longest_sedentary_bout_s;
	int64_t light_s, moderate_s, vigorous_s;
	int32_t breaks;
	int64_t steps;
};

struct report_day {
	int32_t day;   /* days since 1970-01-01, local */
	int64_t start; /* Unix time of local midnight */
	int64_t end;   /* Unix time of the next local midnight */
	bool has_data; /* any logged event that day */

	int64_t sitting_s;
	int32_t bouts;
	int64_t longest_bout_s;
	int32_t bouts_over_limit;
	int32_t breaks, full_breaks;
	int64_t break_s;
	int32_t prompts, micro_prompts, break_prompts;
	int32_t done, skipped, snoozed, ignored, too_hard, hurts;
	int32_t guided; /* movements done in `budge now`: not answers to prompts */
	int32_t region_prompts[BUDGE_REGION_COUNT];
	int32_t region_done[BUDGE_REGION_COUNT];
	int32_t walk_minutes, walks;
	int32_t pain_n, pain_sum, pain_min, pain_max;
	int32_t redflags;
	int64_t call_s; /* time in calls (camera or microphone capture) */

	struct report_wear wear;

	uint8_t slots[REPORT_MINUTES]; /* enum report_slot per minute */
	struct report_mark marks[REPORT_MAX_MARKS];
	int32_t n_marks;
	int64_t open_bout_s; /* the bout in progress (counted in sitting_s, bouts) */
	bool synthetic;      /* holds rows of `budge simulate --into` */
};

struct report {
	int32_t first_day;
	int32_t n_days;
	struct report_day *days; /* owned, n_days */
	int64_t sitting_limit;   /* bouts longer than this are "over the limit" */
	bool any_wear;
	int64_t call_since; /* a call's start row seen, its end not yet (0: none) */
};

/* Totals over a report's days. */
struct report_totals {
	int32_t days_with_data;
	int64_t sitting_s;
	int32_t bouts;
	int64_t longest_bout_s;
	int32_t bouts_over_limit;
	int32_t breaks, full_breaks;
	int64_t break_s;
	int32_t prompts, micro_prompts, break_prompts;
	int32_t done, skipped, snoozed, ignored, too_hard, hurts;
	int32_t guided;
	int32_t region_prompts[BUDGE_REGION_COUNT];
	int32_t region_done[BUDGE_REGION_COUNT];
	int32_t walk_minutes, walks;
	int32_t pain_n, pain_sum, pain_min, pain_max;
	int32_t wear_days;
	int64_t steps, sedentary_s, wear_s;
	int64_t call_s;
};

/* ---- calendar helpers (local time) ---- */
int32_t report_days_from_civil(int y, int m, int d);
void report_civil_from_days(int32_t day, int *y, int *m, int *d);
/* Local day number of Unix time ts. */
int32_t report_day_of(int64_t ts);
/* Unix time of local midnight starting `day`. */
int64_t report_day_start(int32_t day);
/* 0 = Monday .. 6 = Sunday */
int report_weekday(int32_t day);
/* Parse "YYYY-MM-DD" strictly; returns 0 and the day, or -EINVAL. */
int report_parse_date(const char *s, int32_t *day);
/* "YYYY-MM-DD" into buf (>= 11 bytes). */
void report_format_date(int32_t day, char *buf, size_t len);
/* The same for people: the user's date format (budge_fmt_date), ISO in C. */
void report_format_date_people(int32_t day, char *buf, size_t len);

/* ---- gathering ---- */
/* Allocate days [first_day, first_day + n_days). Returns 0 or -ENOMEM. */
int report_init(struct report *r, int32_t first_day, int32_t n_days, int64_t sitting_limit);
void report_finish(struct report *r); /* idempotent */
/* Account one log entry (borrowed). Entries must come in time order. */
void report_feed(struct report *r, const struct budge_log_entry *e);
/* Read the store's events for the report's days (range query on ts) and
 * feed them; also the wearable rows when available. s is borrowed.
 * Returns 0 or negative errno. */
int report_gather(struct report *r, struct budge_store *s);
void report_totals(const struct report *r, struct report_totals *t);
/* Count the bout in progress at now, len seconds long (the running
 * coach's), as a bout ending now, and mark it as open. */
void report_add_open_bout(struct report *r, int64_t now, int64_t len);

/* ---- plan (shared with `budge plan`) ---- */
struct report_plan {
	bool started;             /* plan.start found in the store */
	int64_t start;            /* Unix time */
	int32_t week;             /* 1-based */
	budge_region_mask active; /* regions of this week, red-flagged removed */
	budge_region_mask paused; /* red-flagged regions (kv redflag.regions) */
	bool plan_paused;         /* kv plan.paused: the check-in slowed the plan */
	bool plan_hold;           /* kv plan.hold: no new region this week */
	bool coaching_stopped;    /* kv coaching.stopped set (emergency red flag) */
	int next_region;          /* -1 when every region is active */
	int64_t next_at;          /* when the next region joins */
	int32_t walk_minutes;     /* target minutes per walk this week */
	int32_t walk_days;        /* target walks this week */
	int32_t walked_minutes;   /* logged this plan week */
	int32_t walks_done;       /* walks logged this plan week (>= 1 minute) */
	int64_t week_start, week_end;
};
/* Compute the plan at `now` from the store's plan.start and logged events.
 * s may be NULL (no database): started = false. Returns 0 or negative errno. */
int report_plan_compute(struct budge_store *s, const struct budge_config *cfg, int64_t now,
                        struct report_plan *out);

/* The where-to-start checklist's answers up to the end of the period:
 * each item's first and latest answer (budge checkin --checklist, the
 * setup, the weekly check-in). */
struct report_checklist_item {
	const char *id, *question; /* borrowed from the loaded checklist */
	int first, last;           /* -1 never answered, 0 no, 1 yes */
	int64_t first_ts, last_ts;
};
struct report_checklist {
	const struct report_checklist_item *items;
	size_t n;
	size_t answered; /* items with at least one answer */
};

/* ---- output ---- */
enum report_period { REPORT_DAY, REPORT_WEEK, REPORT_MONTH };
const char *report_period_name(enum report_period p);

struct report_out {
	enum report_period period;
	const struct report *r;         /* the period's days */
	const struct report *history;   /* 12 weeks up to the period end (HTML), may be NULL */
	const struct report_plan *plan; /* may be NULL */
	const struct report_checklist *checklist; /* NULL or none answered: not shown */
	bool color;
	bool unicode;
};

void report_print_text(FILE *f, const struct report_out *o);
void report_print_json(FILE *f, const struct report_out *o);
void report_print_csv(FILE *f, const struct report_out *o);
void report_print_html(FILE *f, const struct report_out *o);

/* "2h05m", "45m", "0m" into buf */
void report_fmt_duration(int64_t s, char *buf, size_t len);

#endif
