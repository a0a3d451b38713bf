/* SPDX-License-Identifier: MIT */
/*
 * The coaching engine: presence and sitting bouts, movement-break and
 * micro-movement scheduling, responses, variants, the progressive plan,
 * adaptation, walking prompts and per-day statistics. Pure: no I/O, no
 * clock, no globals. See include/budge/engine.h and DESIGN.md §3.
 *
 * Time model. A "sitting clock" S counts seconds of sitting (bouts,
 * including short idles below sitting.gap). Micro-movement cadences run on
 * S: movement m is due when S - sit_last[m] >= cadence (scaled by the
 * adaptation factor). The movement break runs on wall time inside the
 * current bout: due at bout start + sitting.limit.
 *
 * Timers are processed one at a time at their own instant (step()), so the
 * outcome does not depend on how often the caller wakes the engine.
 */
#include "budge/engine.h"
#include "budge/i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_S 86400
#define HOUR_S 3600
#define CAP_RING 64
#define RECENT_N 3
#define MAX_SCALE_STEPS 3
#define REPROMPT1_S (5 * 60)
#define REPROMPT2_S (10 * 60)
#define HURTS_WINDOW_S (7 * DAY_S)
#define HURTS_HOLD_S (7 * DAY_S)
#define DONE_STREAK_UP 5
#define ADAPT_MIN_PROMPTS 4
#define WALK_AFTER_S (12 * HOUR_S)
#define NOVELTY_WINDOW_S (3 * DAY_S)
#define NOVELTY_FLOOR 0.1

struct mstate {
	int64_t sit_last;        /* sitting clock at the last prompt (or start) */
	enum budge_variant variant;
	int32_t streak;          /* "done" in a row without complaint */
	int64_t hurts[2];        /* times of the last two "hurts" (0 = none) */
	int64_t held_until;      /* after safety advice: not prompted before */
	int64_t shown_at;        /* wall time of the last prompt (0 = never) */
};

struct budge_engine {
	const struct budge_config *cfg;
	const struct budge_catalog *cat;
	int64_t plan_start;
	int32_t utc_off;
	int64_t t;               /* last processed time */

	/* presence */
	bool locked, suspended;
	bool inactive;           /* no input since inactive_since */
	int64_t inactive_since;
	bool bout_open;
	int64_t bout_start;
	int64_t sit_acc;         /* sitting clock at bout_start */
	bool had_bout;           /* a bout ended and no break counted yet */
	int64_t bout_end;        /* end of the last bout (break start) */
	enum budge_presence presence;

	/* context */
	bool paused;
	int64_t paused_until;    /* 0 = until resumed */
	bool quiet;              /* do not disturb (not saved: the daemon asks again) */
	bool in_meeting;         /* meeting_holds != 0 */
	uint32_t meeting_holds;  /* bit per enum budge_meeting_source */
	int64_t meeting_until[BUDGE_MEETING_SOURCE_COUNT]; /* per hold; 0 = until ended */

	/* prompts */
	uint32_t next_id;
	uint32_t open_id;        /* 0 = none */
	int64_t open_at;
	enum budge_prompt_kind open_kind;
	int open_movement;       /* catalog index, -1 for break/walk */
	enum budge_region open_region;
	int64_t open_bout;       /* bout_start when the prompt was shown */
	int64_t last_prompt_at;  /* INT64_MIN/2 if none */
	int64_t ring[CAP_RING];  /* recent prompt times */
	int ring_pos, ring_n;
	int recent[RECENT_N];    /* last movements shown (catalog index) */
	int64_t brk_due;
	int brk_stage;           /* 0 normal, 1/2 gentle re-prompts sent */
	bool brk_held;           /* the break fell due in a meeting (not saved) */
	int scale_steps;         /* adaptation: cadences x 1.5^steps */
	bool adapt_rotate;       /* adaptation: a mostly ignored day: favour novelty */
	int64_t micro_sit_last;  /* sitting clock at the last micro prompt */
	int open_shown;          /* catalog index shown with the open prompt, -1 none */

	/* check-in guidance (budge_engine_set_guidance) */
	struct budge_engine_guidance guide;
	int64_t plan_paused_at;  /* when plan_paused began (valid while paused) */

	/* plan */
	budge_region_mask active;

	/* walking */
	int32_t walk_week;       /* local calendar week index */
	int32_t walks_week;      /* walks logged this week */
	int32_t walk_prompt_day; /* day a walk prompt was issued */
	int32_t walk_day;        /* day a walk was logged */

	/* the routine's reminder ([routine] at) */
	int32_t routine_day;     /* day it was prompted (and answered or not) */
	int64_t routine_after;   /* snoozed: not before */

	/* days */
	int32_t first_day;
	struct budge_day_stats *days;
	size_t n_days, cap_days;
	bool region_done_today[BUDGE_REGION_COUNT];

	/* per movement */
	struct mstate *ms;

	/* action queue */
	struct budge_action *q;
	size_t q_head, q_n, q_cap;
	bool oom;
};

/* ---- helpers ---- */

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int32_t budge_local_day(int64_t t, int32_t utc_offset)
{
	return (int32_t)floordiv(t + utc_offset, DAY_S);
}

int budge_local_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = ((int64_t)day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static int32_t local_sec(int64_t t, int32_t off)
{
	return (int32_t)(t + off - (int64_t)budge_local_day(t, off) * DAY_S);
}

static int64_t day_start(int32_t day, int32_t off)
{
	return (int64_t)day * DAY_S - off;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* The time the plan computations see: frozen while the plan is paused. */
static int64_t plan_time(const struct budge_engine *e, int64_t t)
{
	return e->guide.plan_paused ? min64(t, e->plan_paused_at) : t;
}

void budge_walking_target(const struct budge_config *cfg, int32_t week, int32_t *minutes,
			  int32_t *days)
{
	int32_t n = cfg->walking_weeks > 1 ? cfg->walking_weeks : 1;
	int32_t w = week < 1 ? 1 : week > n ? n : week;
	int32_t m, d;

	if (n == 1) {
		m = cfg->walking_target_minutes;
		d = cfg->walking_target_days;
	} else {
		/* linear, rounded to nearest */
		m = cfg->walking_start_minutes +
		    (int32_t)(((int64_t)(cfg->walking_target_minutes - cfg->walking_start_minutes) *
				       (w - 1) * 2 + (n - 1)) /
			      (2 * (n - 1)));
		d = cfg->walking_start_days +
		    (int32_t)(((int64_t)(cfg->walking_target_days - cfg->walking_start_days) *
				       (w - 1) * 2 + (n - 1)) /
			      (2 * (n - 1)));
	}
	if (minutes)
		*minutes = m;
	if (days)
		*days = d;
}

int32_t budge_plan_week(const struct budge_config *cfg, int64_t plan_start, int64_t now)
{
	int64_t every = cfg->plan_add_region_every > 0 ? cfg->plan_add_region_every : 7 * DAY_S;
	if (now < plan_start)
		return 1;
	int64_t w = (now - plan_start) / every + 1;
	return w > INT32_MAX ? INT32_MAX : (int32_t)w;
}

budge_region_mask budge_plan_regions(const struct budge_config *cfg, int64_t plan_start,
				     int64_t now)
{
	budge_region_mask m = cfg->plan_start_regions & BUDGE_REGION_ALL;
	int32_t add = budge_plan_week(cfg, plan_start, now) - 1;

	for (int r = 0; r < BUDGE_REGION_COUNT && add > 0; r++) {
		budge_region_mask bit = 1u << r;
		if ((cfg->plan_regions & bit) && !(m & bit)) {
			m |= bit;
			add--;
		}
	}
	return m;
}

const char *budge_response_name(enum budge_response r)
{
	switch (r) {
	case BUDGE_RESP_NONE: return "ignored";
	case BUDGE_RESP_DONE: return "done";
	case BUDGE_RESP_SNOOZE: return "snooze";
	case BUDGE_RESP_SKIP: return "skip";
	case BUDGE_RESP_TOO_HARD: return "too-hard";
	case BUDGE_RESP_HURTS: return "hurts";
	}
	return NULL;
}

int budge_response_parse(const char *s, enum budge_response *out)
{
	static const enum budge_response all[] = {BUDGE_RESP_NONE, BUDGE_RESP_DONE,
						  BUDGE_RESP_SNOOZE, BUDGE_RESP_SKIP,
						  BUDGE_RESP_TOO_HARD, BUDGE_RESP_HURTS};
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, budge_response_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	if (strcmp(s, "too_hard") == 0) {
		*out = BUDGE_RESP_TOO_HARD;
		return 0;
	}
	return -EINVAL;
}

const char *budge_prompt_kind_name(enum budge_prompt_kind k)
{
	switch (k) {
	case BUDGE_PROMPT_MICRO: return "micro";
	case BUDGE_PROMPT_MOVEMENT_BREAK: return "movement_break";
	case BUDGE_PROMPT_WALK: return "walk";
	case BUDGE_PROMPT_ROUTINE: return "routine";
	}
	return NULL;
}

const char *budge_presence_name(enum budge_presence p)
{
	switch (p) {
	case BUDGE_PRESENT: return "present";
	case BUDGE_IDLE: return "idle";
	case BUDGE_AWAY: return "away";
	}
	return NULL;
}

/* ---- action queue ---- */

static struct budge_action *push(struct budge_engine *e, enum budge_action_type type, int64_t at)
{
	if (e->q_head + e->q_n == e->q_cap) {
		if (e->q_head > 0) {
			memmove(e->q, e->q + e->q_head, e->q_n * sizeof(*e->q));
			e->q_head = 0;
		} else {
			size_t ncap = e->q_cap ? e->q_cap * 2 : 16;
			struct budge_action *nq = realloc(e->q, ncap * sizeof(*nq));
			if (!nq) {
				e->oom = true;
				return NULL;
			}
			e->q = nq;
			e->q_cap = ncap;
		}
	}
	struct budge_action *a = &e->q[e->q_head + e->q_n++];
	*a = (struct budge_action){.type = type, .at = at, .movement = NULL};
	return a;
}

bool budge_engine_pop_action(struct budge_engine *e, struct budge_action *out)
{
	if (!e || e->q_n == 0)
		return false;
	*out = e->q[e->q_head++];
	e->q_n--;
	if (e->q_n == 0)
		e->q_head = 0;
	return true;
}

/* ---- days ---- */

static struct budge_day_stats *cur_day(const struct budge_engine *e)
{
	return e->n_days ? &e->days[e->n_days - 1] : NULL;
}

static int add_day(struct budge_engine *e, int32_t day)
{
	if (e->n_days == e->cap_days) {
		size_t ncap = e->cap_days ? e->cap_days * 2 : 32;
		struct budge_day_stats *nd = realloc(e->days, ncap * sizeof(*nd));
		if (!nd) {
			e->oom = true;
			return -ENOMEM;
		}
		e->days = nd;
		e->cap_days = ncap;
	}
	e->days[e->n_days++] = (struct budge_day_stats){.day = day};
	memset(e->region_done_today, 0, sizeof(e->region_done_today));
	return 0;
}

int budge_engine_day_stats(const struct budge_engine *e, int64_t day_time,
			   struct budge_day_stats *out)
{
	if (!e || !out || e->n_days == 0)
		return -ENOENT;
	int32_t d = budge_local_day(day_time, e->utc_off);
	if (d < e->first_day || (size_t)(d - e->first_day) >= e->n_days)
		return -ENOENT;
	*out = e->days[d - e->first_day];
	return 0;
}

/* ---- movements ---- */

static int64_t scaled(const struct budge_engine *e, int64_t cad)
{
	for (int i = 0; i < e->scale_steps; i++)
		cad = cad * 3 / 2;
	return cad;
}

static bool movement_enabled(const struct budge_engine *e, size_t i, int64_t t)
{
	const struct budge_movement *m = &e->cat->items[i];
	/* whole-body movements come with the movement break, never as micro */
	return m->is_default && m->cadence_s > 0 && m->region >= 0 &&
	       m->region < BUDGE_REGION_COUNT && m->region != BUDGE_REGION_WHOLE_BODY &&
	       (e->active & (1u << m->region)) && !(e->guide.blocked_regions & (1u << m->region)) &&
	       e->ms[i].held_until <= t;
}

/* The whole-body movement a movement break carries, or -1: "walk-break"
 * when it can be shown, else the first whole-body movement of the catalog;
 * when favouring novelty, the one shown least recently. */
static int break_movement(const struct budge_engine *e, int64_t t, bool novelty)
{
	int best = -1;
	if (!e->cat || (e->guide.blocked_regions & (1u << BUDGE_REGION_WHOLE_BODY)))
		return -1;
	for (size_t i = 0; i < e->cat->n; i++) {
		const struct budge_movement *m = &e->cat->items[i];
		if (m->region != BUDGE_REGION_WHOLE_BODY || !m->is_default ||
		    e->ms[i].held_until > t)
			continue;
		if (best < 0) {
			best = (int)i;
		} else if (novelty) {
			if (e->ms[i].shown_at < e->ms[best].shown_at)
				best = (int)i;
		} else if (strcmp(m->id, "walk-break") == 0) {
			best = (int)i;
		}
	}
	return best;
}

/* Novelty is favoured after a mostly ignored day and when the check-in
 * said the cues became background noise. */
static bool rotating(const struct budge_engine *e)
{
	return e->adapt_rotate || e->guide.rotate;
}

/* Weight of movement i at t: 1 when not shown in the novelty window, down
 * to NOVELTY_FLOOR when just shown. */
static double novelty(const struct budge_engine *e, size_t i, int64_t t)
{
	int64_t shown = e->ms[i].shown_at;
	if (shown == 0 || t - shown >= NOVELTY_WINDOW_S)
		return 1.0;
	double age = (double)max64(0, t - shown) / (double)NOVELTY_WINDOW_S;
	return NOVELTY_FLOOR + (1.0 - NOVELTY_FLOOR) * age;
}

static int64_t sit_clock(const struct budge_engine *e, int64_t t)
{
	return e->bout_open ? e->sit_acc + (t - e->bout_start) : e->sit_acc;
}

/* ---- presence ---- */

static enum budge_presence presence_at(const struct budge_engine *e, int64_t t)
{
	if (e->locked || e->suspended)
		return BUDGE_AWAY;
	if (e->bout_open || !e->inactive)
		return BUDGE_PRESENT;
	(void)t;
	return BUDGE_IDLE;
}

static void update_presence(struct budge_engine *e, int64_t t)
{
	enum budge_presence p = presence_at(e, t);
	if (p != e->presence) {
		e->presence = p;
		struct budge_action *a = push(e, BUDGE_ACT_PRESENCE, t);
		if (a)
			a->presence = p;
	}
}

static void respond_open(struct budge_engine *e, int64_t t, enum budge_response r);

static void start_bout(struct budge_engine *e, int64_t t)
{
	e->bout_open = true;
	e->bout_start = t;
	e->brk_due = t + e->cfg->sitting_limit;
	e->brk_stage = 0;
	e->brk_held = false;
}

static void end_bout(struct budge_engine *e, int64_t end, int64_t t)
{
	struct budge_day_stats *d = cur_day(e);
	int64_t len = max64(0, end - e->bout_start);

	e->sit_acc += len;
	e->bout_open = false;
	e->had_bout = true;
	e->bout_end = end;
	if (d) {
		d->sitting_s += len;
		d->work_s += len;
		d->bouts++;
		if (len > d->longest_bout_s)
			d->longest_bout_s = len;
		if (len > e->cfg->sitting_limit)
			d->bouts_over_limit++;
	}
	struct budge_action *a = push(e, BUDGE_ACT_BOUT_END, t);
	if (a)
		a->arg = len;
}

/* Input resumed at t (activity, unlock, resume, meeting start). */
static void became_active(struct budge_engine *e, int64_t t)
{
	/* idle of exactly the gap, reported in the same second as the return */
	if (e->bout_open && e->inactive && (e->locked || e->suspended || !e->in_meeting) &&
	    t >= e->inactive_since + e->cfg->sitting_gap)
		end_bout(e, e->inactive_since, t);
	if (e->bout_open) {
		e->inactive = false;
		return;
	}
	if (e->had_bout) {
		int64_t len = t - e->bout_end;
		struct budge_day_stats *d = cur_day(e);
		/* overnight absences and breaks spanning midnight are not breaks */
		if (len >= e->cfg->sitting_gap &&
		    budge_local_day(e->bout_end, e->utc_off) == budge_local_day(t, e->utc_off)) {
			bool full = len >= e->cfg->sitting_full_break;
			if (d) {
				d->breaks++;
				if (full)
					d->full_breaks++;
				d->work_s += len;
			}
			struct budge_action *a = push(e, BUDGE_ACT_BREAK, t);
			if (a) {
				a->arg = len;
				a->full_break = full;
			}
		}
		e->had_bout = false;
	}
	e->inactive = false;
	start_bout(e, t);
}

/* ---- prompts ---- */

static bool in_work_hours(const struct budge_engine *e, int64_t t)
{
	int32_t day = budge_local_day(t, e->utc_off);
	return budge_work_hours_contains(&e->cfg->work_hours, budge_local_weekday(day),
					 local_sec(t, e->utc_off));
}

/* Earliest time >= t inside work hours, or BUDGE_NO_DEADLINE. */
static int64_t work_next_open(const struct budge_engine *e, int64_t t)
{
	if (in_work_hours(e, t))
		return t;
	int32_t day = budge_local_day(t, e->utc_off);
	for (int i = 0; i <= 7; i++) {
		int wd = budge_local_weekday(day + i);
		int32_t s = e->cfg->work_hours.start[wd], en = e->cfg->work_hours.end[wd];
		if (s >= en)
			continue;
		int64_t c = day_start(day + i, e->utc_off) + s;
		if (c >= t)
			return c;
		if (day_start(day + i, e->utc_off) + en > t)
			return t; /* unreachable: t would be inside */
	}
	return BUDGE_NO_DEADLINE;
}

static int ring_count_since(const struct budge_engine *e, int64_t since, int64_t *oldest_kth)
{
	/* Count prompts with time > since; the k-th most recent (k =
	 * max_per_hour) determines when the cap frees up. */
	int k = e->cfg->prompts_max_per_hour;
	int n = 0;
	for (int i = 0; i < e->ring_n; i++) {
		int idx = (e->ring_pos - 1 - i + CAP_RING) % CAP_RING;
		if (e->ring[idx] > since) {
			n++;
			if (n == k && oldest_kth)
				*oldest_kth = e->ring[idx];
		}
	}
	return n;
}

/* Earliest time >= t at which the gap and hourly caps allow a prompt. */
static int64_t caps_allow_at(const struct budge_engine *e, int64_t t)
{
	int64_t at = max64(t, e->last_prompt_at + e->cfg->prompts_min_gap);
	int64_t kth = 0;
	int k = e->cfg->prompts_max_per_hour;
	if (k < 1)
		k = 1;
	if (ring_count_since(e, at - HOUR_S, &kth) >= k)
		at = max64(at, kth + HOUR_S);
	return at;
}

/* Whether a prompt may be shown now. Never while input is idle outside a
 * meeting (the user may be taking the break: the prompt waits for the
 * return, and a break that became a full one is not asked for). */
static bool context_allows(const struct budge_engine *e)
{
	return e->bout_open && !e->locked && !e->suspended && !e->paused && !e->quiet &&
	       !e->guide.stopped && e->open_id == 0 && (e->in_meeting || !e->inactive);
}

/* Due time of movement i while the bout is open. */
static int64_t micro_due(const struct budge_engine *e, size_t i)
{
	int64_t target = e->ms[i].sit_last + scaled(e, e->cat->items[i].cadence_s);
	return e->bout_start + (target - e->sit_acc);
}

/* Sitting time that must pass between two micro prompts (0: no limit). */
static int64_t micro_slot(const struct budge_engine *e)
{
	return e->cfg->prompts_micro_interval > 0 ? scaled(e, e->cfg->prompts_micro_interval) : 0;
}

static int64_t earliest_micro(const struct budge_engine *e, int64_t t)
{
	int64_t best = BUDGE_NO_DEADLINE;
	if (!e->cfg->prompts_micro || !e->cat)
		return best;
	/* one micro prompt per slot of sitting: none before the slot ends */
	int64_t slot = micro_slot(e);
	int64_t slot_due = slot ? e->bout_start + (e->micro_sit_last + slot - e->sit_acc)
				: INT64_MIN;
	for (size_t i = 0; i < e->cat->n; i++) {
		if (!movement_enabled(e, i, t))
			continue;
		if (e->in_meeting && !e->cat->items[i].discreet)
			continue;
		int64_t d = micro_due(e, i);
		if (e->ms[i].held_until > d)
			d = e->ms[i].held_until;
		best = min64(best, d);
	}
	if (best != BUDGE_NO_DEADLINE)
		best = max64(best, slot_due);
	return best;
}

/* Pick the movement to prompt at t, or -1. */
static int pick_micro(const struct budge_engine *e, int64_t t)
{
	int best = -1;
	double best_score = 0;
	if (!e->cfg->prompts_micro || !e->cat)
		return -1;
	int64_t s = sit_clock(e, t);
	int64_t slot = micro_slot(e);
	if (slot && s - e->micro_sit_last < slot)
		return -1;
	bool rot = rotating(e);
	for (size_t i = 0; i < e->cat->n; i++) {
		const struct budge_movement *m = &e->cat->items[i];
		if (!movement_enabled(e, i, t))
			continue;
		if (e->in_meeting && !m->discreet)
			continue;
		int64_t cad = scaled(e, m->cadence_s);
		int64_t over = s - e->ms[i].sit_last;
		if (over < cad)
			continue;
		double score = (double)over / (double)cad;
		if (!e->region_done_today[m->region])
			score *= 1.5;
		if (rot) {
			/* favour movements not shown in the last days */
			score *= novelty(e, i, t);
		} else {
			for (int j = 0; j < RECENT_N; j++)
				if (e->recent[j] == (int)i)
					score *= 0.5;
		}
		if (best < 0 || score > best_score) {
			best = (int)i;
			best_score = score;
		}
	}
	return best;
}

static bool walk_wanted(const struct budge_engine *e, int64_t t)
{
	int32_t day = budge_local_day(t, e->utc_off);
	int wd = budge_local_weekday(day);
	if (e->cfg->work_hours.start[wd] >= e->cfg->work_hours.end[wd])
		return false;
	if (local_sec(t, e->utc_off) < WALK_AFTER_S)
		return false;
	if (e->guide.blocked_regions & (1u << BUDGE_REGION_WHOLE_BODY))
		return false;
	if (e->walk_prompt_day == day || e->walk_day == day)
		return false;
	int32_t minutes, days;
	budge_walking_target(e->cfg, budge_plan_week(e->cfg, e->plan_start, plan_time(e, t)),
			     &minutes, &days);
	int32_t wk = (int32_t)floordiv((int64_t)day + 3, 7);
	int32_t done = wk == e->walk_week ? e->walks_week : 0;
	return done < days;
}

/* The next time a prompt would fire if nothing else happens; sets *is_break. */
static int64_t prompt_candidate(const struct budge_engine *e, int64_t t, bool *is_break)
{
	*is_break = false;
	if (!context_allows(e))
		return BUDGE_NO_DEADLINE;
	int64_t brk = e->in_meeting ? BUDGE_NO_DEADLINE : e->brk_due;
	int64_t mic = earliest_micro(e, t);
	/* a break a meeting held comes as soon as it ends: no min_gap or
	 * hourly cap behind the discreet prompts of the meeting */
	if (e->brk_held && brk != BUDGE_NO_DEADLINE) {
		*is_break = true;
		return work_next_open(e, max64(brk, t));
	}
	/* a movement break outranks micro prompts: none so close before it
	 * that its min_gap would push the break back */
	if (brk != BUDGE_NO_DEADLINE && mic < brk && brk - mic < e->cfg->prompts_min_gap)
		mic = BUDGE_NO_DEADLINE;
	int64_t c = min64(brk, mic);
	if (c == BUDGE_NO_DEADLINE)
		return c;
	c = caps_allow_at(e, max64(c, t));
	c = work_next_open(e, c);
	if (c == BUDGE_NO_DEADLINE)
		return c;
	/* the caps may have moved it: re-check which fires first */
	*is_break = !e->in_meeting && e->brk_due <= c;
	return c;
}

/* When the routine's reminder is due: at [routine] at each day (any day:
 * the evening is outside work hours), once, while the user sits at the
 * computer, not in a meeting, with nothing open, min_gap after the last
 * prompt. A day whose time passed while away still gets it later that day. */
static int64_t routine_candidate(const struct budge_engine *e, int64_t t)
{
	if (e->cfg->routine_at < 0 || !context_allows(e) || e->in_meeting)
		return BUDGE_NO_DEADLINE;
	int32_t day = budge_local_day(t, e->utc_off);
	int64_t at = day_start(day, e->utc_off) + e->cfg->routine_at;
	if (e->routine_day == day)
		at = day_start(day + 1, e->utc_off) + e->cfg->routine_at;
	return max64(max64(at, t), max64(e->routine_after, e->last_prompt_at + e->cfg->prompts_min_gap));
}

static void record_prompt(struct budge_engine *e, int64_t t)
{
	e->last_prompt_at = t;
	e->ring[e->ring_pos] = t;
	e->ring_pos = (e->ring_pos + 1) % CAP_RING;
	if (e->ring_n < CAP_RING)
		e->ring_n++;
}

static void issue_prompt(struct budge_engine *e, int64_t t, enum budge_prompt_kind kind, int mi)
{
	struct budge_day_stats *d = cur_day(e);
	uint32_t id = ++e->next_id;
	if (id == 0)
		id = e->next_id = 1;
	e->open_id = id;
	e->open_at = t;
	e->open_kind = kind;
	e->open_movement = mi;
	e->open_shown = mi;
	e->open_bout = e->bout_start;
	record_prompt(e, t);

	struct budge_action *a = push(e, BUDGE_ACT_PROMPT, t);
	if (mi >= 0) {
		const struct budge_movement *m = &e->cat->items[mi];
		e->open_region = m->region;
		e->ms[mi].sit_last = sit_clock(e, t);
		e->ms[mi].shown_at = t;
		e->micro_sit_last = sit_clock(e, t);
		memmove(e->recent + 1, e->recent, (RECENT_N - 1) * sizeof(e->recent[0]));
		e->recent[0] = mi;
		if (a) {
			a->movement = m;
			a->discreet = m->discreet;
			/* a check-in that asked to step down shows the easier version */
			a->variant = e->guide.step_down ? BUDGE_VARIANT_EASIER : e->ms[mi].variant;
		}
	} else {
		e->open_region = BUDGE_REGION_WHOLE_BODY;
		if (kind == BUDGE_PROMPT_MOVEMENT_BREAK) {
			if (a)
				a->arg = e->bout_open ? t - e->bout_start : 0; /* sat so far */
			/* the break carries a whole-body movement (title, cue, dose) */
			int bm = break_movement(e, t, rotating(e));
			e->open_shown = bm;
			if (bm >= 0) {
				e->ms[bm].shown_at = t;
				if (a) {
					a->movement = &e->cat->items[bm];
					a->discreet = e->cat->items[bm].discreet;
					a->variant = e->guide.step_down ? BUDGE_VARIANT_EASIER
									: e->ms[bm].variant;
				}
			}
		}
		if (kind == BUDGE_PROMPT_ROUTINE) {
			e->routine_day = budge_local_day(t, e->utc_off);
			if (a)
				snprintf(a->message, sizeof(a->message), "%s",
					 _("Time for your daily routine: about 10 minutes, head to toe."));
		}
		if (kind == BUDGE_PROMPT_WALK) {
			int32_t minutes;
			e->walk_prompt_day = budge_local_day(t, e->utc_off);
			budge_walking_target(e->cfg,
					     budge_plan_week(e->cfg, e->plan_start, plan_time(e, t)),
					     &minutes, NULL);
			if (a) {
				a->arg = minutes;
				snprintf(a->message, sizeof(a->message),
					 P_("Time for today's walk: about %d minute.",
					    "Time for today's walk: about %d minutes.", minutes),
					 (int)minutes);
			}
		}
	}
	if (a) {
		a->prompt_id = id;
		a->kind = kind;
		a->region = e->open_region;
		a->after_meeting = kind != BUDGE_PROMPT_MICRO && kind != BUDGE_PROMPT_ROUTINE &&
				   e->brk_held;
	}
	if (kind == BUDGE_PROMPT_MOVEMENT_BREAK || kind == BUDGE_PROMPT_WALK)
		e->brk_held = false;
	if (d) {
		d->prompts++;
		d->region_prompts[e->open_region]++;
	}
}

static void try_prompt(struct budge_engine *e, int64_t t)
{
	bool is_break;
	int64_t c = prompt_candidate(e, t, &is_break);
	if (c > t) {
		/* nothing else due now: the routine's reminder, when it is */
		if (routine_candidate(e, t) <= t)
			issue_prompt(e, t, BUDGE_PROMPT_ROUTINE, -1);
		return;
	}
	if (is_break) {
		issue_prompt(e, t, walk_wanted(e, t) ? BUDGE_PROMPT_WALK : BUDGE_PROMPT_MOVEMENT_BREAK,
			     -1);
		return;
	}
	int mi = pick_micro(e, t);
	if (mi >= 0)
		issue_prompt(e, t, BUDGE_PROMPT_MICRO, mi);
}

static void variant_step(struct budge_engine *e, int64_t t, int mi, int dir, const char *why)
{
	struct mstate *s = &e->ms[mi];
	int v = (int)s->variant + dir;
	if (v < BUDGE_VARIANT_EASIER || v > BUDGE_VARIANT_HARDER)
		return;
	s->variant = (enum budge_variant)v;
	struct budge_action *a = push(e, BUDGE_ACT_VARIANT, t);
	if (a) {
		const struct budge_movement *m = &e->cat->items[mi];
		a->movement = m;
		a->region = m->region;
		a->variant = s->variant;
		snprintf(a->message, sizeof(a->message), "%s: %s", m->title ? m->title : m->id,
			 why);
	}
}

/* A walk of `minutes` logged at now: the week's and the day's walking. */
static void walked(struct budge_engine *e, int64_t now, int32_t minutes)
{
	int32_t day = budge_local_day(now, e->utc_off);
	int32_t wk = (int32_t)floordiv((int64_t)day + 3, 7);
	if (wk != e->walk_week) {
		e->walk_week = wk;
		e->walks_week = 0;
	}
	e->walks_week++;
	e->walk_day = day;
	if (cur_day(e))
		cur_day(e)->walk_minutes += minutes;
}

/* The response and prompt-close actions of the open prompt. */
static void push_answer(struct budge_engine *e, int64_t t, enum budge_response r)
{
	const struct budge_movement *m =
	    e->open_shown >= 0 ? &e->cat->items[e->open_shown] : NULL;
	struct budge_action *a = push(e, BUDGE_ACT_RESPONSE, t);
	if (a) {
		a->prompt_id = e->open_id;
		a->kind = e->open_kind;
		a->response = r;
		a->region = e->open_region;
		a->movement = m;
	}
	a = push(e, BUDGE_ACT_PROMPT_CLOSE, t);
	if (a) {
		a->prompt_id = e->open_id;
		a->kind = e->open_kind;
		a->region = e->open_region;
		a->movement = m;
	}
}

static void count_answer(struct budge_day_stats *d, enum budge_region reg, enum budge_response r)
{
	if (!d)
		return;
	switch (r) {
	case BUDGE_RESP_NONE: d->ignored++; d->region_ignored[reg]++; break;
	case BUDGE_RESP_DONE: d->done++; d->region_done[reg]++; break;
	case BUDGE_RESP_SNOOZE: d->snoozed++; break;
	case BUDGE_RESP_SKIP: d->skipped++; d->region_skipped[reg]++; break;
	case BUDGE_RESP_TOO_HARD: d->too_hard++; break;
	case BUDGE_RESP_HURTS: d->hurts++; break;
	}
}

/* The answer to a movement break or walk prompt shown at `at`: a done
 * walk counts toward the week's walking; the break's next due time. */
static void break_answered(struct budge_engine *e, int64_t t, int64_t at, enum budge_response r)
{
	if (e->open_kind == BUDGE_PROMPT_WALK && r == BUDGE_RESP_DONE) {
		int32_t minutes;
		budge_walking_target(e->cfg, budge_plan_week(e->cfg, e->plan_start, plan_time(e, t)),
				     &minutes, NULL);
		walked(e, t, minutes);
	}
	/* an answer that arrives after the bout ended (and maybe a new one
	 * began) does not move the new bout's schedule */
	if (!e->bout_open || e->bout_start != e->open_bout)
		return;
	switch (r) {
	case BUDGE_RESP_NONE:
		/* asked again twice at most (none after a mostly ignored day),
		 * then not before the next bout */
		if (e->brk_stage == 0 && e->scale_steps == 0) {
			e->brk_stage = 1;
			e->brk_due = at + REPROMPT1_S;
		} else if (e->brk_stage == 1) {
			e->brk_stage = 2;
			e->brk_due = at + REPROMPT2_S;
		} else {
			e->brk_stage = 2;
			e->brk_due = BUDGE_NO_DEADLINE;
		}
		break;
	case BUDGE_RESP_SNOOZE:
		e->brk_due = t + e->cfg->prompts_snooze;
		break;
	default:
		e->brk_stage = 0;
		e->brk_due = t + e->cfg->sitting_limit;
		break;
	}
}

/* When to seek care, in words that fit the region (the joints' numbness
 * and weakness mean nothing for the eyes or the breath). */
static const char *care_advice(enum budge_region r)
{
	switch (r) {
	case BUDGE_REGION_EYES:
		return N_("budge pauses this movement for a week. If eye pain, blurred or double "
		       "vision or headaches go on, see an optician or a doctor.");
	case BUDGE_REGION_BREATHING:
		return N_("budge pauses this movement for a week; breathe as feels easy. If you "
		       "get breathless, dizzy or have chest pain, see a doctor.");
	default:
		/* not "rest it": for back and joint pain, staying active helps
		 * and resting does harm (../shared/research/evidence.md) */
		return N_("budge pauses this movement for a week. Keep moving in ways that feel "
		       "comfortable: staying active helps more than resting. If the pain "
		       "persists, spreads or comes with numbness or weakness, see a health "
		       "professional.");
	}
}

/* "hurts" on movement mi: step down; a second one within 7 days for this
 * movement or its region holds it for a week with safety advice. */
static void movement_hurt(struct budge_engine *e, int64_t t, int mi)
{
	struct mstate *s = &e->ms[mi];
	const struct budge_movement *m = &e->cat->items[mi];
	s->streak = 0;
	variant_step(e, t, mi, -1, _("it hurt: stepping down to the easier version"));
	bool repeat = s->hurts[0] && t - s->hurts[0] <= HURTS_WINDOW_S;
	for (size_t j = 0; !repeat && j < e->cat->n; j++) {
		if ((int)j == mi || e->cat->items[j].region != m->region)
			continue;
		if (e->ms[j].hurts[0] && t - e->ms[j].hurts[0] <= HURTS_WINDOW_S)
			repeat = true;
	}
	s->hurts[1] = s->hurts[0];
	s->hurts[0] = t;
	if (!repeat)
		return;
	struct budge_action *sa = push(e, BUDGE_ACT_SAFETY, t);
	if (m->region == BUDGE_REGION_WHOLE_BODY) {
		/* breaks from sitting go on (sitting still is the risk), in
		 * their easiest version */
		if (sa) {
			sa->movement = m;
			sa->region = m->region;
			snprintf(sa->message, sizeof(sa->message), "%s",
				 _("Getting up hurt twice this week: breaks stay gentle (shift your "
				   "weight, a few steps). If standing or walking keeps hurting, see a "
				   "health professional."));
		}
		return;
	}
	s->held_until = t + HURTS_HOLD_S;
	if (sa) {
		sa->movement = m;
		sa->region = m->region;
		/* TRANSLATORS: %1$s is a body region ("Neck and shoulders"), %2$s
		 * the advice that follows */
		snprintf(sa->message, sizeof(sa->message), _("%1$s hurt more than once this week. %2$s"),
			 budge_region_title(m->region) ? budge_region_title(m->region)
						      : _("This area"),
			 _(care_advice(m->region)));
	}
}

/* The answer to a micro prompt for movement mi: streaks and variants. */
static void movement_answered(struct budge_engine *e, int64_t t, int mi, enum budge_response r)
{
	struct mstate *s = &e->ms[mi];
	const struct budge_movement *m = &e->cat->items[mi];
	switch (r) {
	case BUDGE_RESP_DONE:
		e->region_done_today[m->region] = true;
		/* no stepping up while the check-in asks to step down */
		if (++s->streak >= DONE_STREAK_UP && !e->guide.step_down) {
			s->streak = 0;
			variant_step(e, t, mi, +1,
				     _("five in a row without trouble: try the harder version"));
		}
		break;
	case BUDGE_RESP_SNOOZE:
		s->sit_last = sit_clock(e, t) + e->cfg->prompts_snooze - scaled(e, m->cadence_s);
		break;
	case BUDGE_RESP_TOO_HARD:
		s->streak = 0;
		variant_step(e, t, mi, -1, "stepping down to the easier version");
		break;
	case BUDGE_RESP_HURTS:
		movement_hurt(e, t, mi);
		break;
	case BUDGE_RESP_NONE:
	case BUDGE_RESP_SKIP:
		break;
	}
}

static void respond_open(struct budge_engine *e, int64_t t, enum budge_response r)
{
	int mi = e->open_movement;

	if (!e->open_id)
		return;
	push_answer(e, t, r);
	e->open_id = 0;
	count_answer(cur_day(e), e->open_region, r);
	if (mi >= 0) {
		movement_answered(e, t, mi, r);
		return;
	}
	if (e->open_kind == BUDGE_PROMPT_ROUTINE) {
		/* the routine itself runs in `budge routine`; a snooze asks again */
		if (r == BUDGE_RESP_SNOOZE) {
			e->routine_day = INT32_MIN;
			e->routine_after = t + e->cfg->prompts_snooze;
		}
		return;
	}
	break_answered(e, t, e->open_at, r);
	/* a break that hurts, or is too hard, steps its movement down (the
	 * next break is gentler) under the same seek-care rule as a micro
	 * movement: a second "hurts" within a week rests it with advice */
	if (e->open_shown >= 0 && (r == BUDGE_RESP_HURTS || r == BUDGE_RESP_TOO_HARD))
		movement_answered(e, t, e->open_shown, r);
}

/* ---- time steps ---- */

static void day_end(struct budge_engine *e, int64_t midnight)
{
	struct budge_day_stats *d = cur_day(e);
	if (!d)
		return;
	struct budge_action *a = push(e, BUDGE_ACT_DAY_END, midnight);
	if (a)
		a->arg = d->day;
	if (d->prompts >= ADAPT_MIN_PROMPTS) {
		bool mostly_ignored = d->ignored * 2 > d->prompts;
		bool was_rotating = e->adapt_rotate;
		/* a mostly ignored day also rotates to movements not shown lately;
		 * a mostly answered one ends that */
		e->adapt_rotate = mostly_ignored;
		if (mostly_ignored && (e->scale_steps < MAX_SCALE_STEPS || !was_rotating)) {
			bool slower = e->scale_steps < MAX_SCALE_STEPS;
			if (slower)
				e->scale_steps++;
			a = push(e, BUDGE_ACT_ADAPT, midnight);
			if (a) {
				a->arg = e->scale_steps;
				/* TRANSLATORS: %1$d unanswered of %2$d prompts */
				snprintf(a->message, sizeof(a->message),
					 slower ? _("%1$d of %2$d prompts went unanswered yesterday: "
						    "micro prompts come less often, ignored breaks are "
						    "not repeated, movements not seen lately come first.")
						: _("%1$d of %2$d prompts went unanswered yesterday: "
						    "movements not seen lately come first."),
					 (int)d->ignored, (int)d->prompts);
			}
		} else if (!mostly_ignored && e->scale_steps > 0) {
			e->scale_steps--;
			a = push(e, BUDGE_ACT_ADAPT, midnight);
			if (a) {
				a->arg = e->scale_steps;
				snprintf(a->message, sizeof(a->message),
					 _("You answered %1$d of %2$d prompts yesterday: micro-movement "
					   "prompts come a little more often again."),
					 (int)(d->prompts - d->ignored), (int)d->prompts);
			}
		}
	}
}

static void update_plan(struct budge_engine *e, int64_t t)
{
	budge_region_mask m = budge_plan_regions(e->cfg, e->plan_start, plan_time(e, t));
	budge_region_mask added = m & ~e->active;
	if (!added) {
		e->active = m;
		return;
	}
	int64_t s = sit_clock(e, t);
	for (size_t i = 0; e->cat && i < e->cat->n; i++)
		if (added & (1u << e->cat->items[i].region))
			e->ms[i].sit_last = s;
	e->active = m;
	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		if (!(added & (1u << r)))
			continue;
		struct budge_action *a = push(e, BUDGE_ACT_PLAN, t);
		if (a) {
			a->region = (enum budge_region)r;
			a->arg = budge_plan_week(e->cfg, e->plan_start, plan_time(e, t));
			/* TRANSLATORS: %1$d the plan's week, %2$s a body region */
			snprintf(a->message, sizeof(a->message), _("Week %1$d: %2$s joins your plan."),
				 (int)a->arg, budge_region_title((enum budge_region)r));

		}
	}
}

static int64_t plan_next_change(const struct budge_engine *e, int64_t t)
{
	if ((e->active & e->cfg->plan_regions) == e->cfg->plan_regions || e->guide.plan_paused)
		return BUDGE_NO_DEADLINE;
	int64_t every = e->cfg->plan_add_region_every > 0 ? e->cfg->plan_add_region_every : 7 * DAY_S;
	if (t < e->plan_start)
		return e->plan_start + every;
	return e->plan_start + ((t - e->plan_start) / every + 1) * every;
}

/* Release the meeting holds in mask at t; when the last one goes, silence
 * counts from t on (in a meeting it was sitting). */
static void release_meeting(struct budge_engine *e, uint32_t mask, int64_t t)
{
	if (!e->in_meeting)
		return;
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++) {
		if (mask & e->meeting_holds & (1u << i)) {
			e->meeting_holds &= ~(1u << i);
			e->meeting_until[i] = 0;
		}
	}
	if (e->meeting_holds)
		return;
	e->in_meeting = false;
	if (e->inactive)
		e->inactive_since = max64(e->inactive_since, t);
	/* a break that fell due in the meeting is prompted at its end */
	if (e->bout_open && e->brk_due <= t)
		e->brk_held = true;
}

/* Everything that is due at exactly time t (t >= e->t). */
static void step(struct budge_engine *e, int64_t t)
{
	/* day rollover */
	int32_t today = budge_local_day(t, e->utc_off);
	while (cur_day(e) && cur_day(e)->day < today) {
		int32_t next = cur_day(e)->day + 1;
		day_end(e, day_start(next, e->utc_off));
		if (add_day(e, next) < 0)
			break;
	}
	e->t = t;

	update_plan(e, t);

	if (e->paused && e->paused_until && t >= e->paused_until) {
		e->paused = false;
		e->paused_until = 0;
	}
	if (e->in_meeting) {
		for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
			if ((e->meeting_holds & (1u << i)) && e->meeting_until[i] &&
			    t >= e->meeting_until[i])
				release_meeting(e, 1u << i, t);
	}
	if (e->open_id && t >= e->open_at + e->cfg->prompts_response_timeout)
		respond_open(e, t, BUDGE_RESP_NONE);
	if (e->bout_open && e->inactive && (e->locked || e->suspended || !e->in_meeting) &&
	    t >= e->inactive_since + e->cfg->sitting_gap) {
		end_bout(e, e->inactive_since, t);
	}
	update_presence(e, t);
	try_prompt(e, t);
}

int64_t budge_engine_next_deadline(const struct budge_engine *e)
{
	int64_t t = e->t;
	int64_t d = BUDGE_NO_DEADLINE;
	bool is_break;

	if (cur_day(e))
		d = min64(d, day_start(cur_day(e)->day + 1, e->utc_off));
	d = min64(d, plan_next_change(e, t));
	if (e->paused && e->paused_until)
		d = min64(d, e->paused_until);
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
		if ((e->meeting_holds & (1u << i)) && e->meeting_until[i])
			d = min64(d, e->meeting_until[i]);
	if (e->open_id)
		d = min64(d, e->open_at + e->cfg->prompts_response_timeout);
	if (e->bout_open && e->inactive && (e->locked || e->suspended || !e->in_meeting))
		d = min64(d, e->inactive_since + e->cfg->sitting_gap);
	d = min64(d, prompt_candidate(e, t, &is_break));
	d = min64(d, routine_candidate(e, t));
	if (d <= t)
		d = t + 1; /* something is due now: never return the past */
	return d;
}

void budge_engine_advance(struct budge_engine *e, int64_t now)
{
	if (!e || now < e->t)
		return;
	for (;;) {
		int64_t d = budge_engine_next_deadline(e);
		if (d > now)
			break;
		step(e, d);
	}
	step(e, now);
}

/* ---- clock jumps ---- */

/* Move every time the engine holds by `by` seconds (lengths stay). */
static void shift_times(struct budge_engine *e, int64_t by)
{
	int64_t *always[] = {&e->t, &e->inactive_since, &e->bout_start, &e->bout_end,
			     &e->open_at, &e->open_bout, &e->brk_due, &e->plan_paused_at};

	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (*always[i] != BUDGE_NO_DEADLINE)
			*always[i] += by;
	if (e->paused_until)
		e->paused_until += by;
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
		if (e->meeting_until[i])
			e->meeting_until[i] += by;
	if (e->last_prompt_at > INT64_MIN / 4)
		e->last_prompt_at += by;
	for (int i = 0; i < CAP_RING; i++)
		e->ring[i] += by;
	for (size_t i = 0; e->cat && i < e->cat->n; i++) {
		struct mstate *m = &e->ms[i];
		int64_t *set[] = {&m->hurts[0], &m->hurts[1], &m->held_until, &m->shown_at};
		for (size_t k = 0; k < sizeof(set) / sizeof(set[0]); k++)
			if (*set[k])
				*set[k] += by;
	}
}

/* Time from `from` to `to` passed with nobody at the desk: the bout ends
 * where the time stopped and an open prompt goes unanswered there; nothing
 * due in between is replayed; whoever was active before is active after. */
static void time_away(struct budge_engine *e, int64_t from, int64_t to)
{
	bool was_active = !e->inactive && !e->locked && !e->suspended;

	if (e->open_id)
		respond_open(e, from, BUDGE_RESP_NONE);
	if (!e->inactive) {
		e->inactive = true;
		e->inactive_since = from;
	}
	/* even in a meeting: nobody sat through time that did not pass */
	if (e->bout_open && to >= e->inactive_since + e->cfg->sitting_gap)
		end_bout(e, e->inactive_since, from);
	step(e, to);
	if (was_active)
		became_active(e, to);
	update_presence(e, to);
}

void budge_engine_clock_jump(struct budge_engine *e, int64_t at, int64_t slept, int64_t step_s)
{
	if (!e || slept < 0)
		return;
	budge_engine_advance(e, at);
	at = e->t;
	if (slept > 0)
		time_away(e, at, at + slept);
	if (step_s >= e->cfg->sitting_gap)
		time_away(e, e->t, e->t + step_s);
	else if (step_s != 0)
		shift_times(e, step_s);
}

/* ---- inputs ---- */

/* Catalog index of movement id, or -1. */
static int find_movement(const struct budge_engine *e, const char *id)
{
	for (size_t i = 0; id && e->cat && i < e->cat->n; i++)
		if (strcmp(e->cat->items[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Movement mi was done outside a prompt (BUDGE_IN_MOVEMENT_DONE). */
static void movement_done(struct budge_engine *e, int64_t t, int mi)
{
	struct budge_day_stats *d = cur_day(e);
	enum budge_region reg = e->cat->items[mi].region;

	if (reg < 0 || reg >= BUDGE_REGION_COUNT)
		return;
	if (d) {
		d->done++;
		d->region_done[reg]++;
	}
	e->region_done_today[reg] = true;
	e->ms[mi].sit_last = sit_clock(e, t);
	e->ms[mi].shown_at = t;
	/* first in the recent list, once */
	int j = 0;
	while (j < RECENT_N - 1 && e->recent[j] != mi)
		j++;
	memmove(e->recent + 1, e->recent, (size_t)j * sizeof(e->recent[0]));
	e->recent[0] = mi;
}

/* A meeting starts or ends (BUDGE_IN_MEETING_START/END). 0 or -EINVAL. */
static int meeting_input(struct budge_engine *e, const struct budge_input_event *ev, int64_t at,
			 int64_t now)
{
	if ((unsigned)ev->source >= BUDGE_MEETING_SOURCE_COUNT)
		return -EINVAL;
	if (ev->type == BUDGE_IN_MEETING_START) {
		if (ev->arg < 0)
			return -EINVAL;
		e->meeting_holds |= 1u << ev->source;
		/* the hold's length counts from when the event was issued: a
		 * calendar event ends at its end, however late it is handled */
		e->meeting_until[ev->source] = ev->arg ? (at > 0 ? at : now) + ev->arg : 0;
		e->in_meeting = true;
	} else {
		/* the user saying the meeting is over ends every hold */
		release_meeting(e, ev->source == BUDGE_MEETING_MANUAL ? ~0u : 1u << ev->source,
				now);
	}
	/* only the user starting or ending a meeting says they are here */
	if (ev->source == BUDGE_MEETING_MANUAL && !e->locked && !e->suspended)
		became_active(e, now);
	return 0;
}

int budge_engine_handle(struct budge_engine *e, const struct budge_input_event *ev, int64_t now)
{
	if (!e || !ev)
		return -EINVAL;
	if (now < e->t)
		now = e->t;
	/* timers due before now fire first; an input wins over a timer due at
	 * the same second (a lock at 10:00 comes before a prompt due at 10:00) */
	for (;;) {
		int64_t d = budge_engine_next_deadline(e);
		if (d >= now)
			break;
		step(e, d);
	}
	int64_t at = ev->at;
	if (at > now)
		at = now;

	switch (ev->type) {
	case BUDGE_IN_ACTIVE:
		if (!e->locked && !e->suspended)
			became_active(e, now);
		break;
	case BUDGE_IN_IDLE:
		if (!e->inactive) {
			e->inactive = true;
			e->inactive_since = max64(at, e->bout_open ? e->bout_start : at);
		}
		break;
	case BUDGE_IN_LOCK:
	case BUDGE_IN_SUSPEND:
		if (ev->type == BUDGE_IN_LOCK)
			e->locked = true;
		else
			e->suspended = true;
		if (!e->inactive) {
			e->inactive = true;
			e->inactive_since = now;
		}
		if (e->open_id)
			respond_open(e, now, BUDGE_RESP_NONE);
		break;
	case BUDGE_IN_UNLOCK:
	case BUDGE_IN_RESUME:
		if (ev->type == BUDGE_IN_UNLOCK)
			e->locked = false;
		else
			e->suspended = false;
		if (!e->locked && !e->suspended)
			became_active(e, now);
		break;
	case BUDGE_IN_MEETING_START:
	case BUDGE_IN_MEETING_END:
		if (meeting_input(e, ev, at, now) < 0)
			return -EINVAL;
		break;
	case BUDGE_IN_QUIET_START:
		/* like a pause for the prompts, but the bout goes on: do not
		 * disturb is not a break, and a break that falls due comes
		 * when it is over */
		e->quiet = true;
		if (e->open_id)
			respond_open(e, now, BUDGE_RESP_NONE);
		break;
	case BUDGE_IN_QUIET_END:
		e->quiet = false;
		break;
	case BUDGE_IN_PAUSE:
		if (ev->arg < 0)
			return -EINVAL;
		e->paused = true;
		e->paused_until = ev->arg ? now + ev->arg : 0;
		if (e->open_id)
			respond_open(e, now, BUDGE_RESP_NONE);
		break;
	case BUDGE_IN_RESUME_COACHING:
		e->paused = false;
		e->paused_until = 0;
		break;
	case BUDGE_IN_RESPOND:
		if (ev->response < BUDGE_RESP_NONE || ev->response > BUDGE_RESP_HURTS)
			return -EINVAL;
		if (!e->open_id || (ev->prompt_id && ev->prompt_id != e->open_id))
			return -ENOENT;
		respond_open(e, now, ev->response);
		break;
	case BUDGE_IN_WALK:
		if (ev->arg <= 0 || ev->arg > 24 * 60)
			return -EINVAL;
		walked(e, now, (int32_t)ev->arg);
		break;
	case BUDGE_IN_MOVEMENT_DONE: {
		int mi = find_movement(e, ev->movement);
		if (mi < 0)
			return -EINVAL;
		movement_done(e, now, mi);
		break;
	}
	default:
		return -EINVAL;
	}
	step(e, now);
	return e->oom ? -ENOMEM : 0;
}

/* ---- lifecycle ---- */

int budge_engine_create(const struct budge_config *cfg, const struct budge_catalog *cat,
			int64_t plan_start, int64_t now, struct budge_engine **out)
{
	struct budge_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->cfg = cfg;
	e->cat = cat;
	e->plan_start = plan_start;
	e->t = now;
	e->inactive = true;
	e->inactive_since = now;
	e->presence = BUDGE_IDLE;
	e->last_prompt_at = INT64_MIN / 4;
	e->open_movement = -1;
	e->open_shown = -1;
	e->micro_sit_last = INT64_MIN / 4;
	e->walk_prompt_day = INT32_MIN;
	e->routine_day = INT32_MIN;
	e->routine_after = INT64_MIN / 4;
	e->walk_day = INT32_MIN;
	e->walk_week = INT32_MIN;
	for (int j = 0; j < RECENT_N; j++)
		e->recent[j] = -1;
	if (cat && cat->n) {
		e->ms = calloc(cat->n, sizeof(*e->ms));
		if (!e->ms) {
			free(e);
			return -ENOMEM;
		}
	}
	e->first_day = budge_local_day(now, 0);
	if (add_day(e, e->first_day) < 0) {
		budge_engine_destroy(e);
		return -ENOMEM;
	}
	e->active = budge_plan_regions(cfg, plan_start, now);
	*out = e;
	return 0;
}

/* A heap copy of n elements of size sz at src (NULL stays NULL). */
static void *dup_array(const void *src, size_t n, size_t sz, bool *oom)
{
	if (!src || n == 0)
		return NULL;
	void *p = malloc(n * sz);
	if (!p)
		*oom = true;
	else
		memcpy(p, src, n * sz);
	return p;
}

int budge_engine_clone(const struct budge_engine *e, struct budge_engine **out)
{
	struct budge_engine *c;
	bool oom = false;

	if (!e || !out)
		return -EINVAL;
	*out = NULL;
	if (!(c = malloc(sizeof(*c))))
		return -ENOMEM;
	*c = *e;
	c->ms = dup_array(e->ms, e->cat ? e->cat->n : 0, sizeof(*e->ms), &oom);
	c->days = dup_array(e->days, e->cap_days, sizeof(*e->days), &oom);
	c->q = dup_array(e->q, e->q_cap, sizeof(*e->q), &oom);
	if (oom) {
		budge_engine_destroy(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void budge_engine_destroy(struct budge_engine *e)
{
	if (!e)
		return;
	free(e->ms);
	free(e->days);
	free(e->q);
	free(e);
}

void budge_engine_set_config(struct budge_engine *e, const struct budge_config *cfg)
{
	if (!e || !cfg)
		return;
	/* a new sitting limit moves the pending break by the difference: it
	 * stays counted from where it was (the bout's start, or the last
	 * answer to a break), so a reload does not bring an answered break
	 * back at once */
	if (e->bout_open && e->brk_stage == 0 && e->brk_due != BUDGE_NO_DEADLINE)
		e->brk_due += cfg->sitting_limit - e->cfg->sitting_limit;
	e->cfg = cfg;
	e->active = budge_plan_regions(cfg, e->plan_start, plan_time(e, e->t));
}

void budge_engine_set_guidance(struct budge_engine *e, const struct budge_engine_guidance *g,
			       int64_t now)
{
	if (!e || !g)
		return;
	if (now < e->t)
		now = e->t;
	/* timers due before now fire under the old guidance (as in handle) */
	for (;;) {
		int64_t d = budge_engine_next_deadline(e);
		if (d >= now)
			break;
		step(e, d);
	}
	struct budge_engine_guidance ng = *g;
	ng.blocked_regions &= BUDGE_REGION_ALL;
	if (ng.plan_paused && !e->guide.plan_paused) {
		e->plan_paused_at = now;
	} else if (!ng.plan_paused && e->guide.plan_paused) {
		/* the plan goes on where it stopped: the paused time does not count */
		if (now > e->plan_paused_at)
			e->plan_start += now - e->plan_paused_at;
		e->plan_paused_at = 0;
	}
	e->guide = ng;
	/* an open prompt that may no longer be shown is withdrawn */
	if (e->open_id &&
	    (ng.stopped || (e->open_shown >= 0 &&
			    (ng.blocked_regions & (1u << e->cat->items[e->open_shown].region)))))
		respond_open(e, now, BUDGE_RESP_NONE);
	step(e, now);
}

void budge_engine_get_guidance(const struct budge_engine *e, struct budge_engine_guidance *out)
{
	if (e && out)
		*out = e->guide;
}

void budge_engine_set_utc_offset(struct budge_engine *e, int32_t offset_s)
{
	if (!e)
		return;
	e->utc_off = offset_s;
	/* re-anchor the day list if nothing happened yet */
	if (e->n_days == 1 && e->days[0].prompts == 0 && e->days[0].bouts == 0) {
		e->first_day = budge_local_day(e->t, offset_s);
		e->days[0].day = e->first_day;
	}
}

void budge_engine_status(const struct budge_engine *e, int64_t now, struct budge_status *out)
{
	bool is_break;
	*out = (struct budge_status){0};
	out->presence = e->presence;
	out->paused = e->paused;
	out->quiet = e->quiet;
	out->paused_until = e->paused_until;
	out->in_meeting = e->in_meeting;
	out->meeting_sources = e->meeting_holds;
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++) {
		if (!(e->meeting_holds & (1u << i)))
			continue;
		out->meeting_ends[i] = e->meeting_until[i];
		if (!e->meeting_until[i])
			out->meeting_until = -1; /* a hold until ended */
		else if (out->meeting_until >= 0)
			out->meeting_until = max64(out->meeting_until, e->meeting_until[i]);
	}
	if (out->meeting_until < 0)
		out->meeting_until = 0;
	out->in_work_hours = in_work_hours(e, now);
	out->sitting_s = e->bout_open ? max64(0, now - e->bout_start) : 0;
	out->next_prompt_at = prompt_candidate(e, max64(now, e->t), &is_break);
	/* a break held by a meeting that ends at a known time comes when it
	 * ends: say so, rather than a micro prompt due later */
	if (e->in_meeting && out->meeting_until > 0 && context_allows(e)) {
		int64_t b = max64(max64(e->brk_due, out->meeting_until), max64(now, e->t));
		b = work_next_open(e, caps_allow_at(e, b));
		if (b != BUDGE_NO_DEADLINE && b <= out->next_prompt_at) {
			out->next_prompt_at = b;
			is_break = true;
		}
	}
	out->next_kind = BUDGE_PROMPT_MICRO;
	out->next_movement = NULL;
	if (out->next_prompt_at != BUDGE_NO_DEADLINE) {
		if (is_break) {
			out->next_kind = walk_wanted(e, out->next_prompt_at) ? BUDGE_PROMPT_WALK
									  : BUDGE_PROMPT_MOVEMENT_BREAK;
			if (out->next_kind == BUDGE_PROMPT_MOVEMENT_BREAK) {
				int bm = break_movement(e, out->next_prompt_at, rotating(e));
				out->next_movement = bm >= 0 ? &e->cat->items[bm] : NULL;
			}
		} else {
			/* the pick at that time if nothing else happens first */
			int mi = pick_micro(e, out->next_prompt_at);
			out->next_movement = mi >= 0 ? &e->cat->items[mi] : NULL;
		}
	}
	out->open_prompt_id = e->open_id;
	out->plan_week = budge_plan_week(e->cfg, e->plan_start, plan_time(e, now));
	out->active_regions = e->active;
}

/* Holds the daemon looks up again at start (a window, a capture stream):
 * not saved with the engine's state. */
static bool meeting_source_looked_up(int s)
{
	return s == BUDGE_MEETING_FULLSCREEN || s == BUDGE_MEETING_CALL;
}

static const char *const meeting_source_names[BUDGE_MEETING_SOURCE_COUNT] = {
	[BUDGE_MEETING_MANUAL] = "manual",
	[BUDGE_MEETING_CALENDAR] = "calendar",
	[BUDGE_MEETING_FULLSCREEN] = "fullscreen",
	[BUDGE_MEETING_CALL] = "call",
};

const char *budge_meeting_source_name(enum budge_meeting_source s)
{
	return (unsigned)s < BUDGE_MEETING_SOURCE_COUNT ? meeting_source_names[s] : "unknown";
}

int budge_meeting_source_parse(const char *s, enum budge_meeting_source *out)
{
	for (int i = 0; s && i < BUDGE_MEETING_SOURCE_COUNT; i++) {
		if (strcmp(s, meeting_source_names[i]) == 0) {
			if (out)
				*out = (enum budge_meeting_source)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- persistence ---- */

void budge_engine_set_prompt_seq(struct budge_engine *e, uint32_t last)
{
	if (e && last > e->next_id)
		e->next_id = last;
}

int budge_engine_save(const struct budge_engine *e, char *buf, size_t len)
{
	size_t pos = 0;
	int n;
	int64_t s = sit_clock(e, e->t);
#define OUT(...)                                                                              \
	do {                                                                                  \
		n = snprintf(buf && pos < len ? buf + pos : NULL, buf && pos < len ? len - pos : 0, \
			     __VA_ARGS__);                                                    \
		if (n < 0)                                                                    \
			return -EINVAL;                                                       \
		pos += (size_t)n;                                                             \
	} while (0)
	OUT("version=1\n");
	OUT("plan_start=%lld\n", (long long)e->plan_start);
	OUT("scale_steps=%d\n", e->scale_steps);
	OUT("walk_week=%d\n", (int)e->walk_week);
	OUT("walks_week=%d\n", (int)e->walks_week);
	OUT("walk_day=%d\n", (int)e->walk_day);
	OUT("walk_prompt_day=%d\n", (int)e->walk_prompt_day);
	OUT("routine_day=%d\n", (int)e->routine_day);
	OUT("saved_at=%lld\n", (long long)e->t);
	/* prompt ids go on after a restart; the open prompt can be answered */
	OUT("prompt_seq=%u\n", (unsigned)e->next_id);
	if (e->open_id) {
		OUT("open=%u,%d,%lld,%d,%lld\n", (unsigned)e->open_id, (int)e->open_kind,
		    (long long)e->open_at, (int)e->open_region, (long long)e->open_bout);
		if (e->open_movement >= 0)
			OUT("open.movement=%s\n", e->cat->items[e->open_movement].id);
		if (e->open_shown >= 0)
			OUT("open.shown=%s\n", e->cat->items[e->open_shown].id);
	}
	if (e->bout_open) {
		OUT("bout_start=%lld\n", (long long)e->bout_start);
		OUT("break_due=%lld,%d\n", (long long)e->brk_due, e->brk_stage);
	}
	if (e->adapt_rotate)
		OUT("adapt_rotate=1\n");
	if (e->micro_sit_last > INT64_MIN / 4)
		OUT("micro_slot=%lld\n", (long long)(s - e->micro_sit_last));
	if (e->guide.plan_paused)
		OUT("plan_paused_at=%lld\n", (long long)e->plan_paused_at);
	/* meeting holds (not fullscreen or call: the daemon looks again at start) */
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
		if ((e->meeting_holds & (1u << i)) && !meeting_source_looked_up(i))
			OUT("meeting.%s=%lld\n",
			    budge_meeting_source_name((enum budge_meeting_source)i),
			    (long long)e->meeting_until[i]);
	/* today's answers, so that a restart keeps the day's counts (and the
	 * regions already done today) */
	const struct budge_day_stats *d = cur_day(e);
	if (d && (d->prompts || d->done || d->walk_minutes)) {
		OUT("today=%d,%d,%d,%d,%d,%d,%d,%d,%d\n", (int)d->day, (int)d->prompts,
		    (int)d->done, (int)d->skipped, (int)d->snoozed, (int)d->ignored,
		    (int)d->too_hard, (int)d->hurts, (int)d->walk_minutes);
		for (int r = 0; r < BUDGE_REGION_COUNT; r++)
			if (d->region_prompts[r] || d->region_done[r] || d->region_skipped[r] ||
			    d->region_ignored[r])
				OUT("today.%s=%d,%d,%d,%d\n",
				    budge_region_name((enum budge_region)r),
				    (int)d->region_prompts[r], (int)d->region_done[r],
				    (int)d->region_skipped[r], (int)d->region_ignored[r]);
	}
	for (size_t i = 0; e->cat && i < e->cat->n; i++) {
		const struct mstate *m = &e->ms[i];
		OUT("movement.%s=%d,%d,%lld,%lld,%lld,%lld\n", e->cat->items[i].id,
		    (int)m->variant, (int)m->streak, (long long)(s - m->sit_last),
		    (long long)m->hurts[0], (long long)m->hurts[1], (long long)m->held_until);
		if (m->shown_at)
			OUT("shown.%s=%lld\n", e->cat->items[i].id, (long long)m->shown_at);
	}
#undef OUT
	return pos > INT32_MAX ? -EOVERFLOW : (int)pos;
}

/* What budge_engine_restore read, applied only when every line parsed. */
struct restored {
	struct mstate *ms; /* a copy of the catalog's movement states */
	int scale, ww, wc, wd, wpd, rd;
	long long ps, saved_at, bout_start, paused_at, slot_rel, brk_due;
	int brk_stage;
	bool have_slot, rot;
	uint32_t holds;
	int64_t hold_until[BUDGE_MEETING_SOURCE_COUNT];
	struct budge_day_stats today;
	int64_t sit; /* the sitting clock now */
	long long seq; /* the last prompt id given */
	/* the open prompt: id 0 none; movement indexes -1 none or unknown */
	long long open_id, open_at, open_bout;
	int open_kind, open_region, open_movement, open_shown;
	bool open_lost; /* names a movement this catalog does not have */
};

/* A whole number line into *out; false when it is not one. */
static bool parse_ll(const char *v, long long min, long long *out)
{
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end || end == v || x < min)
		return false;
	*out = x;
	return true;
}

/* The small integer keys: scale_steps and the walking plan's days. */
static bool restore_int(struct restored *rs, const char *k, const char *v)
{
	long long x;
	if (!parse_ll(v, INT32_MIN, &x) || x > INT32_MAX)
		return false;
	if (strcmp(k, "scale_steps") == 0) {
		if (x < 0 || x > MAX_SCALE_STEPS)
			return false;
		rs->scale = (int)x;
	} else if (strcmp(k, "walk_week") == 0) {
		rs->ww = (int)x;
	} else if (strcmp(k, "walks_week") == 0) {
		rs->wc = (int)x;
	} else if (strcmp(k, "walk_prompt_day") == 0) {
		rs->wpd = (int)x;
	} else if (strcmp(k, "routine_day") == 0) {
		rs->rd = (int)x;
	} else {
		rs->wd = (int)x;
	}
	return true;
}

/* today=DAY,prompts,done,skipped,snoozed,ignored,too_hard,hurts,walk_min */
static bool restore_today(struct restored *rs, const char *v)
{
	int v9[9];
	char tail;
	if (sscanf(v, "%d,%d,%d,%d,%d,%d,%d,%d,%d%c", &v9[0], &v9[1], &v9[2], &v9[3], &v9[4],
		   &v9[5], &v9[6], &v9[7], &v9[8], &tail) != 9)
		return false;
	for (int i = 1; i < 9; i++)
		if (v9[i] < 0)
			return false;
	struct budge_day_stats *t = &rs->today;
	t->day = v9[0];
	t->prompts = v9[1];
	t->done = v9[2];
	t->skipped = v9[3];
	t->snoozed = v9[4];
	t->ignored = v9[5];
	t->too_hard = v9[6];
	t->hurts = v9[7];
	t->walk_minutes = v9[8];
	return true;
}

/* today.REGION=prompts,done,skipped,ignored */
static bool restore_today_region(struct restored *rs, const char *name, const char *v)
{
	int c[4];
	char tail;
	enum budge_region r;
	if (sscanf(v, "%d,%d,%d,%d%c", &c[0], &c[1], &c[2], &c[3], &tail) != 4 || c[0] < 0 ||
	    c[1] < 0 || c[2] < 0 || c[3] < 0)
		return false;
	/* a region this version does not know is ignored */
	if (budge_region_parse(name, &r) == 0 && r >= 0 && r < BUDGE_REGION_COUNT) {
		rs->today.region_prompts[r] = c[0];
		rs->today.region_done[r] = c[1];
		rs->today.region_skipped[r] = c[2];
		rs->today.region_ignored[r] = c[3];
	}
	return true;
}

/* movement.ID=variant,streak,sit_rel,hurts0,hurts1,held_until */
static bool restore_movement(const struct budge_engine *e, struct restored *rs, const char *id,
			     const char *v)
{
	int var, streak;
	long long rel, h0, h1, held;
	char tail;
	if (sscanf(v, "%d,%d,%lld,%lld,%lld,%lld%c", &var, &streak, &rel, &h0, &h1, &held,
		   &tail) != 6 ||
	    var < BUDGE_VARIANT_EASIER || var > BUDGE_VARIANT_HARDER)
		return false;
	for (size_t i = 0; e->cat && i < e->cat->n; i++)
		if (strcmp(e->cat->items[i].id, id) == 0)
			rs->ms[i] = (struct mstate){.variant = (enum budge_variant)var,
						    .streak = streak,
						    .sit_last = rs->sit - rel,
						    .hurts = {h0, h1},
						    .held_until = held};
	return true;
}

/* meeting.SOURCE=until (0: until ended); the fullscreen hold is never
 * kept, a source this version does not know is ignored */
static bool restore_meeting(struct restored *rs, const char *name, const char *v)
{
	enum budge_meeting_source src;
	long long x;
	if (!parse_ll(v, 0, &x))
		return false;
	if (budge_meeting_source_parse(name, &src) == 0 && !meeting_source_looked_up(src)) {
		rs->holds |= 1u << src;
		rs->hold_until[src] = x;
	}
	return true;
}

/* open=ID,KIND,AT,REGION,BOUT_START */
static bool restore_open(struct restored *rs, const char *v)
{
	char tail;
	return sscanf(v, "%lld,%d,%lld,%d,%lld%c", &rs->open_id, &rs->open_kind, &rs->open_at,
		      &rs->open_region, &rs->open_bout, &tail) == 5 &&
	       rs->open_id > 0 && rs->open_id <= UINT32_MAX && rs->open_kind >= 0 &&
	       rs->open_kind <= BUDGE_PROMPT_ROUTINE && rs->open_region >= 0 &&
	       rs->open_region < BUDGE_REGION_COUNT;
}

/* The prompt counter, and the prompt that was open, so that an answer
 * after a restart pairs with it (it times out as it would have). */
static void apply_open(struct budge_engine *e, const struct restored *rs)
{
	if ((uint32_t)rs->seq > e->next_id)
		e->next_id = (uint32_t)rs->seq;
	if (!rs->open_id || rs->open_lost || e->open_id)
		return;
	if ((uint32_t)rs->open_id > e->next_id)
		e->next_id = (uint32_t)rs->open_id;
	e->open_id = (uint32_t)rs->open_id;
	e->open_kind = (enum budge_prompt_kind)rs->open_kind;
	e->open_at = rs->open_at;
	e->open_region = (enum budge_region)rs->open_region;
	e->open_bout = rs->open_bout;
	e->open_movement = rs->open_movement;
	e->open_shown = rs->open_shown;
}

/* One KEY=VALUE line of the saved state; unknown keys are ignored. */
static bool restore_line(const struct budge_engine *e, struct restored *rs, const char *k,
			 const char *v)
{
	long long x;
	char tail;

	if (strcmp(k, "version") == 0)
		return strcmp(v, "1") == 0;
	if (strcmp(k, "plan_start") == 0)
		return parse_ll(v, LLONG_MIN, &rs->ps);
	if (strcmp(k, "scale_steps") == 0 || strcmp(k, "walk_week") == 0 ||
	    strcmp(k, "walks_week") == 0 || strcmp(k, "walk_day") == 0 ||
	    strcmp(k, "walk_prompt_day") == 0 || strcmp(k, "routine_day") == 0)
		return restore_int(rs, k, v);
	if (strcmp(k, "adapt_rotate") == 0) {
		rs->rot = v[0] == '1';
		return strcmp(v, "0") == 0 || strcmp(v, "1") == 0;
	}
	if (strcmp(k, "micro_slot") == 0)
		return (rs->have_slot = parse_ll(v, 0, &rs->slot_rel));
	if (strcmp(k, "plan_paused_at") == 0)
		return parse_ll(v, 0, &rs->paused_at);
	if (strncmp(k, "meeting.", 8) == 0)
		return restore_meeting(rs, k + 8, v);
	if (strcmp(k, "break_due") == 0)
		return sscanf(v, "%lld,%d%c", &rs->brk_due, &rs->brk_stage, &tail) == 2 &&
		       rs->brk_due > 0 && rs->brk_stage >= 0 && rs->brk_stage <= 2;
	if (strcmp(k, "today") == 0)
		return restore_today(rs, v);
	if (strncmp(k, "today.", 6) == 0)
		return restore_today_region(rs, k + 6, v);
	if (strncmp(k, "shown.", 6) == 0) /* applied after the movement lines */
		return parse_ll(v, 0, &x);
	if (strcmp(k, "saved_at") == 0)
		return parse_ll(v, LLONG_MIN, &rs->saved_at);
	if (strcmp(k, "bout_start") == 0)
		return parse_ll(v, LLONG_MIN, &rs->bout_start);
	if (strncmp(k, "movement.", 9) == 0)
		return restore_movement(e, rs, k + 9, v);
	if (strcmp(k, "prompt_seq") == 0)
		return parse_ll(v, 0, &rs->seq) && rs->seq <= UINT32_MAX;
	if (strcmp(k, "open") == 0)
		return restore_open(rs, v);
	if (strcmp(k, "open.movement") == 0 || strcmp(k, "open.shown") == 0) {
		int mi = find_movement(e, v);
		rs->open_lost |= mi < 0;
		*(k[5] == 'm' ? &rs->open_movement : &rs->open_shown) = mi;
	}
	return true;
}

/* Every line of text through restore_line; false at the first bad one. */
static bool restore_lines(const struct budge_engine *e, struct restored *rs, const char *text)
{
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		char line[512];
		if (ll >= sizeof(line))
			return false;
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = eol ? eol + 1 : p + ll;
		if (!line[0] || line[0] == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq)
			return false;
		*eq = '\0';
		if (!restore_line(e, rs, line, eq + 1))
			return false;
	}
	return true;
}

/* Second pass: the last-shown times (the movement lines reset the state). */
static void restore_shown(const struct budge_engine *e, struct restored *rs, const char *text)
{
	size_t n = e->cat ? e->cat->n : 0;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		if (ll > 6 && strncmp(p, "shown.", 6) == 0) {
			const char *eq = memchr(p, '=', ll);
			for (size_t i = 0; eq && i < n; i++) {
				size_t idl = strlen(e->cat->items[i].id);
				if ((size_t)(eq - p - 6) == idl &&
				    strncmp(p + 6, e->cat->items[i].id, idl) == 0)
					rs->ms[i].shown_at = strtoll(eq + 1, NULL, 10);
			}
		}
		p = eol ? eol + 1 : p + ll;
	}
}

/* Today's answers, when saved the same day: added to the day's counts. */
static void apply_today(struct budge_engine *e, const struct budge_day_stats *t, int64_t now)
{
	struct budge_day_stats *cd = cur_day(e);
	if (!cd || t->day != cd->day || t->day != budge_local_day(now, e->utc_off))
		return;
	cd->prompts += t->prompts;
	cd->done += t->done;
	cd->skipped += t->skipped;
	cd->snoozed += t->snoozed;
	cd->ignored += t->ignored;
	cd->too_hard += t->too_hard;
	cd->hurts += t->hurts;
	cd->walk_minutes += t->walk_minutes;
	for (int r = 0; r < BUDGE_REGION_COUNT; r++) {
		cd->region_prompts[r] += t->region_prompts[r];
		cd->region_done[r] += t->region_done[r];
		cd->region_skipped[r] += t->region_skipped[r];
		cd->region_ignored[r] += t->region_ignored[r];
		if (t->region_done[r] > 0)
			e->region_done_today[r] = true;
	}
}

/* Meeting holds: a timed one until its end; one until ended only on the
 * day it was saved (a meeting is not left running overnight). */
static void apply_holds(struct budge_engine *e, const struct restored *rs, int64_t now)
{
	for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++) {
		if (!(rs->holds & (1u << i)))
			continue;
		if (rs->hold_until[i] ? rs->hold_until[i] <= now
				      : rs->saved_at <= 0 || budge_local_day(rs->saved_at, e->utc_off) !=
								 budge_local_day(now, e->utc_off))
			continue;
		e->meeting_holds |= 1u << i;
		e->meeting_until[i] = rs->hold_until[i];
		e->in_meeting = true;
	}
}

/* A bout that was open when saved continues if the restart was shorter
 * than the gap; it ends at the save time otherwise. */
static void apply_bout(struct budge_engine *e, const struct restored *rs, int64_t now)
{
	long long bs = rs->bout_start, due = rs->brk_due;
	if (e->bout_open || bs <= 0 || rs->saved_at < bs || now < rs->saved_at ||
	    now - rs->saved_at >= e->cfg->sitting_gap)
		return;
	e->bout_open = true;
	e->bout_start = bs;
	e->sit_acc -= e->t - bs; /* the sitting clock stays where it was */
	/* the break as it stood: after a snooze or an answer it is not due at
	 * the bout's start + limit */
	e->brk_due = due > bs ? due : bs + e->cfg->sitting_limit;
	e->brk_stage = due > bs ? rs->brk_stage : 0;
	e->inactive = true;
	e->inactive_since = rs->saved_at;
	e->presence = BUDGE_PRESENT;
}

int budge_engine_restore(struct budge_engine *e, const char *text, int64_t now)
{
	if (!e || !text)
		return -EINVAL;
	size_t n = e->cat ? e->cat->n : 0;
	struct restored rs = {
	    .scale = e->scale_steps, .ps = e->plan_start, .ww = e->walk_week,
	    .wc = e->walks_week, .wd = e->walk_day, .wpd = e->walk_prompt_day,
	    .rd = e->routine_day,
	    .today = {.day = INT32_MIN}, .sit = sit_clock(e, e->t),
	    .open_movement = -1, .open_shown = -1};
	if (n) {
		rs.ms = malloc(n * sizeof(*rs.ms));
		if (!rs.ms)
			return -ENOMEM;
		memcpy(rs.ms, e->ms, n * sizeof(*rs.ms));
	}
	if (!restore_lines(e, &rs, text)) {
		free(rs.ms);
		return -EINVAL;
	}
	restore_shown(e, &rs, text);
	if (n)
		memcpy(e->ms, rs.ms, n * sizeof(*rs.ms));
	free(rs.ms);
	e->adapt_rotate = rs.rot;
	if (rs.have_slot)
		e->micro_sit_last = rs.sit - rs.slot_rel;
	if (rs.paused_at > 0) {
		e->guide.plan_paused = true;
		e->plan_paused_at = rs.paused_at;
	}
	e->plan_start = rs.ps;
	e->scale_steps = rs.scale;
	e->walk_week = rs.ww;
	e->walks_week = rs.wc;
	e->walk_day = rs.wd;
	e->walk_prompt_day = rs.wpd;
	e->routine_day = rs.rd;
	e->active = budge_plan_regions(e->cfg, e->plan_start, plan_time(e, max64(now, e->t)));
	apply_today(e, &rs.today, now);
	apply_holds(e, &rs, now);
	apply_bout(e, &rs, now);
	apply_open(e, &rs);
	return 0;
}
