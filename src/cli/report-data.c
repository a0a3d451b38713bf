/* SPDX-License-Identifier: MIT */
/* Reports: turning the store's event log into per-day statistics. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budge/engine.h"
#include "report.h"

void report_fmt_duration(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	int64_t min = (s + 30) / 60;
	if (min >= 60)
		snprintf(buf, len, "%lldh%02lldm", (long long)(min / 60), (long long)(min % 60));
	else
		snprintf(buf, len, "%lldm", (long long)min);
}

/* ---- gathering ---- */

int report_init(struct report *r, int32_t first_day, int32_t n_days, int64_t sitting_limit)
{
	*r = (struct report){
	    .first_day = first_day, .n_days = n_days, .sitting_limit = sitting_limit};
	r->days = calloc((size_t)n_days, sizeof(*r->days));
	if (!r->days)
		return -ENOMEM;
	for (int32_t i = 0; i < n_days; i++) {
		struct report_day *d = &r->days[i];
		d->day = first_day + i;
		d->start = report_day_start(d->day);
		d->end = report_day_start(d->day + 1);
	}
	return 0;
}

void report_finish(struct report *r)
{
	if (!r)
		return;
	free(r->days);
	r->days = NULL;
	r->n_days = 0;
}

static struct report_day *day_for(struct report *r, int64_t ts)
{
	if (r->n_days <= 0 || ts < r->days[0].start || ts >= r->days[r->n_days - 1].end)
		return NULL;
	int32_t i = report_day_of(ts) - r->first_day;
	if (i < 0 || i >= r->n_days)
		return NULL;
	return &r->days[i];
}

/* Paint the minutes of [from, to) with `slot` across the report's days. */
static void paint(struct report *r, int64_t from, int64_t to, uint8_t slot)
{
	if (r->n_days <= 0 || to <= from)
		return;
	if (from < r->days[0].start)
		from = r->days[0].start;
	if (to > r->days[r->n_days - 1].end)
		to = r->days[r->n_days - 1].end;
	while (from < to) {
		struct report_day *d = day_for(r, from);
		if (!d)
			return;
		int64_t stop = to < d->end ? to : d->end;
		int64_t m0 = (from - d->start) / 60;
		int64_t m1 = (stop - d->start + 59) / 60;
		if (m1 > REPORT_MINUTES)
			m1 = REPORT_MINUTES;
		for (int64_t m = m0 < 0 ? 0 : m0; m < m1; m++)
			d->slots[m] = slot;
		from = stop;
	}
}

/* Add [from, to) to the call time of the days it covers. */
static void add_call(struct report *r, int64_t from, int64_t to)
{
	while (from < to) {
		struct report_day *d = day_for(r, from);
		if (!d)
			return;
		int64_t stop = to < d->end ? to : d->end;
		d->call_s += stop - from;
		from = stop;
	}
}

/* A call's rows: "start call", then "end call" or a manual "end" (which
 * ends every meeting). A coach that starts again without an end row
 * (it crashed) leaves the call's end unknown: that call is not counted. */
static void feed_call(struct report *r, const struct budge_log_entry *e)
{
	bool call = e->prompt_kind && strcmp(e->prompt_kind, "call") == 0;

	if (e->kind == BUDGE_LOG_DAEMON) {
		if (e->text && strcmp(e->text, "start") == 0)
			r->call_since = 0;
		return;
	}
	if (!e->text)
		return;
	if (call && strcmp(e->text, "start") == 0 && !r->call_since)
		r->call_since = e->ts;
	else if ((call || !e->prompt_kind) && strcmp(e->text, "end") == 0 && r->call_since) {
		add_call(r, r->call_since, e->ts);
		r->call_since = 0;
	}
}

static int region_of(const char *name)
{
	enum budge_region reg;

	if (!name || !*name || budge_region_parse(name, &reg) < 0)
		return -1;
	return (int)reg;
}

static void add_pain(struct report_day *d, int64_t v)
{
	if (v < 0 || v > 10)
		return;
	if (d->pain_n == 0 || v < d->pain_min)
		d->pain_min = (int32_t)v;
	if (d->pain_n == 0 || v > d->pain_max)
		d->pain_max = (int32_t)v;
	d->pain_n++;
	d->pain_sum += (int32_t)v;
}

static struct report_mark *find_mark(struct report *r, struct report_day *d, uint32_t id)
{
	/* responses normally land on the prompt's day; look back one day for
	 * prompts answered after midnight */
	for (int k = 0; k < 2; k++) {
		struct report_day *x = d - k;
		if (x < r->days)
			break;
		for (int32_t i = x->n_marks - 1; i >= 0; i--)
			if (x->marks[i].prompt_id == id)
				return &x->marks[i];
	}
	return NULL;
}

void report_feed(struct report *r, const struct budge_log_entry *e)
{
	struct report_day *d = day_for(r, e->ts);

	if (!d)
		return;
	d->has_data = true;
	d->synthetic |= e->synthetic;
	switch (e->kind) {
	case BUDGE_LOG_BOUT:
		d->bouts++;
		d->sitting_s += e->value;
		if (e->value > d->longest_bout_s)
			d->longest_bout_s = e->value;
		if (r->sitting_limit > 0 && e->value > r->sitting_limit)
			d->bouts_over_limit++;
		if (r->sitting_limit > 0 && e->value > r->sitting_limit) {
			paint(r, e->ts - e->value, e->ts - e->value + r->sitting_limit,
			      REPORT_SLOT_SIT);
			paint(r, e->ts - e->value + r->sitting_limit, e->ts, REPORT_SLOT_OVER);
		} else {
			paint(r, e->ts - e->value, e->ts, REPORT_SLOT_SIT);
		}
		break;
	case BUDGE_LOG_BREAK:
		d->breaks++;
		d->break_s += e->value;
		if (e->text && strcmp(e->text, "full") == 0)
			d->full_breaks++;
		paint(r, e->ts - e->value, e->ts, REPORT_SLOT_BREAK);
		break;
	case BUDGE_LOG_PROMPT: {
		int reg = region_of(e->region);
		bool mb = e->prompt_kind && strcmp(e->prompt_kind, "micro") != 0;
		d->prompts++;
		if (mb)
			d->break_prompts++;
		else
			d->micro_prompts++;
		if (reg >= 0)
			d->region_prompts[reg]++;
		if (d->n_marks < REPORT_MAX_MARKS)
			d->marks[d->n_marks++] = (struct report_mark){
			    .prompt_id = e->prompt_id,
			    .minute = (int16_t)((e->ts - d->start) / 60),
			    .state = REPORT_MARK_OPEN,
			    .movement_break = mb,
			};
		break;
	}
	case BUDGE_LOG_RESPONSE: {
		const char *resp = e->response ? e->response : "";
		int reg = region_of(e->region);
		uint8_t st = REPORT_MARK_SKIP;
		if (!e->prompt_id && e->text && strcmp(e->text, "guided") == 0) {
			d->guided++; /* no prompt asked for it */
			break;
		}
		if (strcmp(resp, "done") == 0) {
			d->done++;
			if (reg >= 0)
				d->region_done[reg]++;
			st = REPORT_MARK_DONE;
		} else if (strcmp(resp, "skip") == 0) {
			d->skipped++;
		} else if (strcmp(resp, "snooze") == 0) {
			d->snoozed++;
		} else if (strcmp(resp, "ignored") == 0 || strcmp(resp, "none") == 0) {
			d->ignored++;
			st = REPORT_MARK_IGNORED;
		} else if (strcmp(resp, "too-hard") == 0 || strcmp(resp, "too_hard") == 0) {
			d->too_hard++;
		} else if (strcmp(resp, "hurts") == 0) {
			d->hurts++;
		}
		if (e->prompt_id) {
			struct report_mark *m = find_mark(r, d, e->prompt_id);
			if (m)
				m->state = st;
		}
		break;
	}
	case BUDGE_LOG_WALK:
		if (e->value > 0) {
			d->walk_minutes += (int32_t)e->value;
			d->walks++;
		}
		break;
	case BUDGE_LOG_PAIN:
	case BUDGE_LOG_CHECKIN:
		add_pain(d, e->value);
		break;
	case BUDGE_LOG_REDFLAG:
		d->redflags++;
		break;
	case BUDGE_LOG_MEETING:
	case BUDGE_LOG_DAEMON:
		feed_call(r, e);
		break;
	default:
		break;
	}
}

/* Wearable day rows: filled in when the store has an accel_days table
 * (see report-wear.c). */
int report_gather_wear(struct report *r, struct budge_store *s);

static int feed_cb(const struct budge_log_entry *e, void *userdata)
{
	report_feed(userdata, e);
	return 0;
}

int report_gather(struct report *r, struct budge_store *s)
{
	if (r->n_days <= 0)
		return 0;
	/* Bouts and breaks are logged when they end: a bout ending just after
	 * the first midnight may have started the day before; paint() clips. */
	int rc = budge_store_each(s, r->days[0].start, r->days[r->n_days - 1].end, feed_cb, r);
	if (rc < 0)
		return rc;
	return report_gather_wear(r, s);
}

void report_totals(const struct report *r, struct report_totals *t)
{
	*t = (struct report_totals){0};
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		if (d->has_data)
			t->days_with_data++;
		t->sitting_s += d->sitting_s;
		t->bouts += d->bouts;
		if (d->longest_bout_s > t->longest_bout_s)
			t->longest_bout_s = d->longest_bout_s;
		t->bouts_over_limit += d->bouts_over_limit;
		t->breaks += d->breaks;
		t->full_breaks += d->full_breaks;
		t->break_s += d->break_s;
		t->prompts += d->prompts;
		t->micro_prompts += d->micro_prompts;
		t->break_prompts += d->break_prompts;
		t->done += d->done;
		t->skipped += d->skipped;
		t->snoozed += d->snoozed;
		t->ignored += d->ignored;
		t->too_hard += d->too_hard;
		t->hurts += d->hurts;
		t->guided += d->guided;
		for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
			t->region_prompts[k] += d->region_prompts[k];
			t->region_done[k] += d->region_done[k];
		}
		t->walk_minutes += d->walk_minutes;
		t->walks += d->walks;
		t->call_s += d->call_s;
		if (d->pain_n) {
			if (t->pain_n == 0 || d->pain_min < t->pain_min)
				t->pain_min = d->pain_min;
			if (t->pain_n == 0 || d->pain_max > t->pain_max)
				t->pain_max = d->pain_max;
			t->pain_n += d->pain_n;
			t->pain_sum += d->pain_sum;
		}
		if (d->wear.present) {
			t->wear_days++;
			t->steps += d->wear.steps;
			t->sedentary_s += d->wear.sedentary_s;
			t->wear_s += d->wear.wear_s;
		}
	}
}

const char *report_period_name(enum report_period p)
{
	switch (p) {
	case REPORT_DAY:
		return "day";
	case REPORT_WEEK:
		return "week";
	case REPORT_MONTH:
		return "month";
	}
	return "?";
}

/* ---- plan ---- */

static int plan_walk_cb(const struct budge_log_entry *e, void *userdata)
{
	struct report_plan *p = userdata;

	if (e->value > 0) {
		p->walked_minutes += (int32_t)e->value;
		p->walks_done++;
	}
	return 0;
}

int report_plan_compute(struct budge_store *s, const struct budge_config *cfg, int64_t now,
                        struct report_plan *out)
{
	char buf[256];
	struct report_plan p = {.next_region = -1};
	int32_t day;

	*out = p;
	if (!s)
		return 0;
	if (budge_store_get(s, "coaching.stopped", buf, sizeof(buf)) > 0 && buf[0])
		p.coaching_stopped = true;
	if (budge_store_get(s, "redflag.regions", buf, sizeof(buf)) > 0 && buf[0]) {
		budge_region_mask m = 0;
		size_t bad = 0;
		if (budge_region_parse_list(buf, &m, &bad) == 0)
			p.paused = m;
	}
	if (budge_store_get(s, "plan.start", buf, sizeof(buf)) > 0) {
		if (report_parse_date(buf, &day) == 0) {
			p.started = true;
			p.start = report_day_start(day);
		} else {
			/* older/hand-written values: Unix seconds */
			char *end = NULL;
			errno = 0;
			long long v = strtoll(buf, &end, 10);
			if (errno == 0 && end != buf && *end == '\0' && v > 0) {
				p.started = true;
				p.start = v;
			}
		}
	}
	if (!p.started) {
		*out = p;
		return 0;
	}
	if (budge_store_get(s, "plan.paused", buf, sizeof(buf)) > 0 && strcmp(buf, "1") == 0)
		p.plan_paused = true;
	if (budge_store_get(s, "plan.hold", buf, sizeof(buf)) > 0 && strcmp(buf, "1") == 0)
		p.plan_hold = true;

	int64_t every = cfg->plan_add_region_every > 0 ? cfg->plan_add_region_every : 7 * 86400;
	int64_t at = now < p.start ? p.start : now;
	p.week = budge_plan_week(cfg, p.start, at);
	p.week_start = p.start + (int64_t)(p.week - 1) * every;
	p.week_end = p.week_start + every;
	budge_region_mask active = budge_plan_regions(cfg, p.start, at);
	budge_region_mask later = budge_plan_regions(cfg, p.start, p.week_end);
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if ((later & (1u << k)) && !(active & (1u << k))) {
			p.next_region = k;
			p.next_at = p.week_end;
			break;
		}
	}
	budge_walking_target(cfg, p.week, &p.walk_minutes, &p.walk_days);

	int rc = budge_store_each_kind(s, BUDGE_LOG_WALK, p.week_start, now + 1, plan_walk_cb, &p);
	if (rc < 0)
		return rc;
	p.active = active & ~p.paused;
	*out = p;
	return 0;
}

void report_add_open_bout(struct report *r, int64_t now, int64_t len)
{
	struct report_day *d = day_for(r, now);

	if (!d || len <= 0)
		return;
	report_feed(r, &(struct budge_log_entry){.ts = now, .kind = BUDGE_LOG_BOUT, .value = len});
	d->open_bout_s = len;
	d->has_data = true;
}
