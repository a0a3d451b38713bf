/* SPDX-License-Identifier: MIT */
/* Reports in the terminal, as JSON and as CSV. */
#include <stdio.h>
#include <string.h>

#include "report.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"

static const char *col(const struct report_out *o, const char *c)
{
	return o->color ? c : "";
}

static const char *const weekday_short[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const weekday_long[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};

/* A bar of `width` cells for value/max with eighth blocks. */
static void print_bar(FILE *f, double value, double max, int width)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int n8 = max > 0 ? (int)(value / max * width * 8 + 0.5) : 0;
	int cells = 0;

	if (n8 > width * 8)
		n8 = width * 8;
	if (value > 0 && n8 == 0)
		n8 = 1; /* something, not nothing */
	for (; n8 >= 8; n8 -= 8, cells++)
		fputs("█", f);
	if (n8 > 0) {
		fputs(eighths[n8], f);
		cells++;
	}
	for (; cells < width; cells++)
		fputc(' ', f);
}

static void print_spark(FILE *f, const double *v, const bool *have, int n)
{
	static const char *const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	double max = 0;

	for (int i = 0; i < n; i++)
		if (have[i] && v[i] > max)
			max = v[i];
	for (int i = 0; i < n; i++) {
		if (!have[i]) {
			fputs("·", f);
			continue;
		}
		int l = max > 0 ? (int)(v[i] / max * 7 + 0.5) : 0;
		fputs(levels[l < 0 ? 0 : l > 7 ? 7 : l], f);
	}
}

static double per_hour(int32_t breaks, int64_t desk_s)
{
	return desk_s > 0 ? breaks * 3600.0 / (double)desk_s : 0.0;
}

/* Movements done in guided sessions: not answers to prompts, so apart. */
static void print_guided(FILE *f, int32_t guided)
{
	if (guided)
		fprintf(f, "%-11s%d movement%s in guided sessions (budge now)\n", "Guided", guided,
		        guided == 1 ? "" : "s");
}

/* Time in calls (a camera or microphone capture ran), when there was any. */
static void print_calls(FILE *f, int64_t call_s)
{
	char buf[32];

	if (!call_s)
		return;
	report_fmt_duration(call_s, buf, sizeof(buf));
	fprintf(f, "%-11s%s (camera or microphone on; discreet movements only)\n", "Calls", buf);
}

static void print_regions(FILE *f, const struct report_out *o, const int32_t *done,
                          const int32_t *prompts)
{
	bool any = false;

	fprintf(f, "%-11s", "Movements");
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if (!done[k] && !prompts[k])
			continue;
		fprintf(f, "%s%s %s%d%s/%d", any ? " · " : "",
		        budge_region_name((enum budge_region)k), col(o, C_GREEN), done[k],
		        col(o, C_RESET), prompts[k]);
		any = true;
	}
	fprintf(f, "%s\n", any ? "  (done/prompted)" : "none prompted");
}

static void print_plan(FILE *f, const struct report_out *o)
{
	const struct report_plan *p = o->plan;
	char date[16];

	if (!p)
		return;
	if (!p->started) {
		fprintf(f, "%-11sno plan yet (run 'budge checkin --setup' to start one)\n", "Plan");
		return;
	}
	fprintf(f, "%-11sweek %d:", "Plan", p->week);
	bool any = false;
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (p->active & (1u << k)) {
			fprintf(f, "%s %s", any ? "," : "",
			        budge_region_name((enum budge_region)k));
			any = true;
		}
	if (!any)
		fputs(" no region active", f);
	if (p->plan_paused)
		fputs("; paused by the check-in (no new region for now)", f);
	else if (p->plan_hold)
		fputs("; no new region this week (from the check-in)", f);
	else if (p->next_region >= 0) {
		report_format_date(report_day_of(p->next_at), date, sizeof(date));
		fprintf(f, "; next: %s on %s", budge_region_name((enum budge_region)p->next_region),
		        date);
	}
	fputc('\n', f);
	fprintf(f, "%-11s%d of %d walks, %d min walked (target %d × %d min)\n", "", p->walks_done,
	        p->walk_days, p->walked_minutes, p->walk_days, p->walk_minutes);
}

static void print_wear(FILE *f, const struct report_wear *w, int64_t sitting_s)
{
	char a[32], b[32], c[32];

	report_fmt_duration(w->sedentary_s, a, sizeof(a));
	report_fmt_duration(w->wear_s, b, sizeof(b));
	report_fmt_duration(sitting_s, c, sizeof(c));
	fprintf(
	    f,
	    "%-11s%lld steps · sedentary %s of %s worn · %d sedentary breaks (desk: %s sitting)\n",
	    "Wearable", (long long)w->steps, a, b, w->breaks, c);
}

static void print_day(FILE *f, const struct report_out *o, const struct report_day *d)
{
	char date[16], a[32], b[32];
	int first = -1, last = -1;

	report_format_date(d->day, date, sizeof(date));
	fprintf(f, "%sbudge — %s %s%s%s\n\n", col(o, C_BOLD), weekday_long[report_weekday(d->day)],
	        date, d->synthetic ? " (simulated)" : "", col(o, C_RESET));
	if (!d->has_data && !d->wear.present) {
		fprintf(f, "No data for this day.\n");
		if (o->plan) {
			fputc('\n', f);
			print_plan(f, o);
		}
		return;
	}
	for (int h = 0; h < 24; h++) {
		bool used = false;
		for (int m = h * 60; m < h * 60 + 60; m++)
			used |= d->slots[m] != REPORT_SLOT_NONE;
		for (int32_t i = 0; i < d->n_marks; i++)
			used |= d->marks[i].minute / 60 == h;
		if (used) {
			if (first < 0)
				first = h;
			last = h;
		}
	}
	if (first >= 0) {
		fprintf(f, "Timeline   one cell = 5 min: █ sitting  ▓ past the limit  ░ break  · "
		           "nothing\n");
		fprintf(f, "           prompts: ● done  ◐ skipped/snoozed  ○ not answered\n");
		for (int h = first; h <= last; h++) {
			fprintf(f, "  %02d:00    ", h);
			for (int c = 0; c < 12; c++) {
				int sit = 0, brk = 0, over = 0;
				for (int m = h * 60 + c * 5; m < h * 60 + c * 5 + 5; m++) {
					sit += d->slots[m] == REPORT_SLOT_SIT;
					over += d->slots[m] == REPORT_SLOT_OVER;
					brk += d->slots[m] == REPORT_SLOT_BREAK;
				}
				if (sit == 0 && brk == 0 && over == 0)
					fprintf(f, "%s·%s", col(o, C_DIM), col(o, C_RESET));
				else if (over > 0 && over + sit >= brk)
					fprintf(f, "%s▓%s", col(o, C_RED), col(o, C_RESET));
				else if (sit >= brk)
					fprintf(f, "%s█%s", col(o, C_CYAN), col(o, C_RESET));
				else
					fprintf(f, "%s░%s", col(o, C_GREEN), col(o, C_RESET));
			}
			fputs("  ", f);
			for (int32_t i = 0; i < d->n_marks; i++) {
				if (d->marks[i].minute / 60 != h)
					continue;
				switch (d->marks[i].state) {
				case REPORT_MARK_DONE:
					fprintf(f, "%s●%s", col(o, C_GREEN), col(o, C_RESET));
					break;
				case REPORT_MARK_SKIP:
					fprintf(f, "%s◐%s", col(o, C_YELLOW), col(o, C_RESET));
					break;
				default:
					fprintf(f, "%s○%s", col(o, C_DIM), col(o, C_RESET));
					break;
				}
			}
			fputc('\n', f);
		}
		fputc('\n', f);
	}
	report_fmt_duration(d->sitting_s, a, sizeof(a));
	report_fmt_duration(d->longest_bout_s, b, sizeof(b));
	fprintf(f, "%-11s%s%s%s in %d bout%s", "Sitting", col(o, C_BOLD), a, col(o, C_RESET),
	        d->bouts, d->bouts == 1 ? "" : "s");
	if (d->open_bout_s) {
		char c[32];
		report_fmt_duration(d->open_bout_s, c, sizeof(c));
		fprintf(f, " (one in progress, %s so far)", c);
	}
	fprintf(f, " · longest %s", b);
	report_fmt_duration(o->r->sitting_limit, a, sizeof(a));
	fprintf(f, " · %s%d over the %s limit%s\n", d->bouts_over_limit ? col(o, C_RED) : "",
	        d->bouts_over_limit, a, d->bouts_over_limit ? col(o, C_RESET) : "");
	fprintf(f, "%-11s%d (%d of 5 min or more) · %.1f per hour at the desk\n", "Breaks",
	        d->breaks, d->full_breaks, per_hour(d->breaks, d->sitting_s + d->break_s));
	fprintf(f, "%-11s%d: %s%d done%s, %d skipped, %d snoozed, %d not answered", "Prompts",
	        d->prompts, col(o, C_GREEN), d->done, col(o, C_RESET), d->skipped, d->snoozed,
	        d->ignored);
	if (d->too_hard || d->hurts)
		fprintf(f, ", %d too hard, %d hurt", d->too_hard, d->hurts);
	fputc('\n', f);
	print_regions(f, o, d->region_done, d->region_prompts);
	print_guided(f, d->guided);
	fprintf(f, "%-11s%d min (%d walk%s)\n", "Walking", d->walk_minutes, d->walks,
	        d->walks == 1 ? "" : "s");
	print_calls(f, d->call_s);
	if (d->pain_n == 1)
		fprintf(f, "%-11s%d/10\n", "Pain", d->pain_sum);
	else if (d->pain_n > 1)
		fprintf(f, "%-11s%d–%d/10 (%d ratings, mean %.1f)\n", "Pain", d->pain_min,
		        d->pain_max, d->pain_n, (double)d->pain_sum / d->pain_n);
	else
		fprintf(f, "%-11snot rated\n", "Pain");
	if (d->wear.present)
		print_wear(f, &d->wear, d->sitting_s);
	if (o->plan)
		print_plan(f, o);
}

static void print_days(FILE *f, const struct report_out *o)
{
	const struct report *r = o->r;
	struct report_totals t;
	char d0[16], d1[16], a[32], b[32];
	int64_t max_sit = 0;

	report_totals(r, &t);
	for (int32_t i = 0; i < r->n_days; i++)
		if (r->days[i].sitting_s > max_sit)
			max_sit = r->days[i].sitting_s;
	report_format_date(r->first_day, d0, sizeof(d0));
	report_format_date(r->first_day + r->n_days - 1, d1, sizeof(d1));
	fprintf(f, "%sbudge — %s %s to %s%s\n\n", col(o, C_BOLD), report_period_name(o->period), d0,
	        d1, col(o, C_RESET));
	fprintf(f, "%-9s  %-19s %5s %7s %4s %6s %9s %5s %4s%s\n", "day", "sitting", "bouts",
	        "longest", "over", "breaks", "done/asked", "walk", "pain",
	        r->any_wear ? "   steps" : "");
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		char date[16];
		report_format_date(d->day, date, sizeof(date));
		fprintf(f, "%s %s  ", weekday_short[report_weekday(d->day)], date + 5);
		if (!d->has_data && !d->wear.present) {
			fprintf(f, "%sno data%s\n", col(o, C_DIM), col(o, C_RESET));
			continue;
		}
		report_fmt_duration(d->sitting_s, a, sizeof(a));
		report_fmt_duration(d->longest_bout_s, b, sizeof(b));
		fprintf(f, "%6s %s", a, col(o, C_CYAN));
		print_bar(f, (double)d->sitting_s, (double)max_sit, 12);
		fprintf(f, "%s %5d %7s %s%4d%s %6d %4d/%-4d %4dm ", col(o, C_RESET), d->bouts, b,
		        d->bouts_over_limit ? col(o, C_RED) : "", d->bouts_over_limit,
		        d->bouts_over_limit ? col(o, C_RESET) : "", d->breaks, d->done, d->prompts,
		        d->walk_minutes);
		if (d->pain_n)
			fprintf(f, "%4.0f", (double)d->pain_sum / d->pain_n);
		else
			fprintf(f, "%4s", "–");
		if (r->any_wear) {
			if (d->wear.present)
				fprintf(f, " %7lld", (long long)d->wear.steps);
			else
				fprintf(f, " %7s", "–");
		}
		fputs(d->synthetic ? "  simulated\n" : "\n", f);
	}
	fputc('\n', f);
	if (t.days_with_data == 0 && t.wear_days == 0) {
		fprintf(f, "No data in this %s.\n", report_period_name(o->period));
		if (o->plan) {
			fputc('\n', f);
			print_plan(f, o);
		}
		return;
	}
	report_fmt_duration(t.sitting_s, a, sizeof(a));
	report_fmt_duration(t.days_with_data ? t.sitting_s / t.days_with_data : 0, b, sizeof(b));
	fprintf(f, "%-11s%s%s%s in %d bouts on %d day%s with data (%s a day)\n", "Sitting",
	        col(o, C_BOLD), a, col(o, C_RESET), t.bouts, t.days_with_data,
	        t.days_with_data == 1 ? "" : "s", b);
	report_fmt_duration(t.longest_bout_s, a, sizeof(a));
	report_fmt_duration(r->sitting_limit, b, sizeof(b));
	fprintf(f, "%-11slongest %s · %s%d over the %s limit%s\n", "", a,
	        t.bouts_over_limit ? col(o, C_RED) : "", t.bouts_over_limit, b,
	        t.bouts_over_limit ? col(o, C_RESET) : "");
	fprintf(f, "%-11s%d (%d of 5 min or more) · %.1f per hour at the desk\n", "Breaks",
	        t.breaks, t.full_breaks, per_hour(t.breaks, t.sitting_s + t.break_s));
	fprintf(f, "%-11s%d: %s%d done%s, %d skipped, %d snoozed, %d not answered", "Prompts",
	        t.prompts, col(o, C_GREEN), t.done, col(o, C_RESET), t.skipped, t.snoozed,
	        t.ignored);
	if (t.too_hard || t.hurts)
		fprintf(f, ", %d too hard, %d hurt", t.too_hard, t.hurts);
	fputc('\n', f);
	print_regions(f, o, t.region_done, t.region_prompts);
	print_guided(f, t.guided);
	fprintf(f, "%-11s%d min in %d walk%s\n", "Walking", t.walk_minutes, t.walks,
	        t.walks == 1 ? "" : "s");
	print_calls(f, t.call_s);
	if (t.pain_n)
		fprintf(f, "%-11s%d ratings, %d–%d/10, mean %.1f\n", "Pain", t.pain_n, t.pain_min,
		        t.pain_max, (double)t.pain_sum / t.pain_n);
	else
		fprintf(f, "%-11snot rated\n", "Pain");
	if (t.wear_days) {
		report_fmt_duration(t.sedentary_s, a, sizeof(a));
		report_fmt_duration(t.wear_s, b, sizeof(b));
		fprintf(f, "%-11s%lld steps on %d day%s · sedentary %s of %s worn\n", "Wearable",
		        (long long)t.steps, t.wear_days, t.wear_days == 1 ? "" : "s", a, b);
	}

	/* trends */
	double v[64];
	bool have[64];
	int n = r->n_days < 64 ? r->n_days : 64;
	fprintf(f, "\n%-11s%-10s", "Trend", "sitting");
	for (int i = 0; i < n; i++) {
		v[i] = (double)r->days[i].sitting_s;
		have[i] = r->days[i].has_data;
	}
	print_spark(f, v, have, n);
	fprintf(f, "\n%-11s%-10s", "", "breaks/h");
	for (int i = 0; i < n; i++) {
		const struct report_day *d = &r->days[i];
		v[i] = per_hour(d->breaks, d->sitting_s + d->break_s);
	}
	print_spark(f, v, have, n);
	fprintf(f, "\n%-11s%-10s", "", "done");
	for (int i = 0; i < n; i++)
		v[i] = (double)r->days[i].done;
	print_spark(f, v, have, n);
	fputc('\n', f);
	if (o->plan) {
		fputc('\n', f);
		print_plan(f, o);
	}
}

void report_print_text(FILE *f, const struct report_out *o)
{
	if (o->period == REPORT_DAY && o->r->n_days == 1)
		print_day(f, o, &o->r->days[0]);
	else
		print_days(f, o);
}

/* ---- JSON ---- */

static void json_regions(FILE *f, const int32_t *done, const int32_t *prompts)
{
	bool any = false;

	fputc('{', f);
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if (!done[k] && !prompts[k])
			continue;
		fprintf(f, "%s\"%s\":{\"prompts\":%d,\"done\":%d}", any ? "," : "",
		        budge_region_name((enum budge_region)k), prompts[k], done[k]);
		any = true;
	}
	fputc('}', f);
}

static void json_wear(FILE *f, const struct report_wear *w)
{
	if (!w->present) {
		fputs("null", f);
		return;
	}
	fprintf(
	    f,
	    "{\"wear_s\":%lld,\"sedentary_s\":%lld,\"breaks\":%d,\"longest_sedentary_bout_s\":%lld,"
	    "\"light_s\":%lld,\"moderate_s\":%lld,\"vigorous_s\":%lld,\"steps\":%lld}",
	    (long long)w->wear_s, (long long)w->sedentary_s, w->breaks,
	    (long long)w->longest_sedentary_bout_s, (long long)w->light_s, (long long)w->moderate_s,
	    (long long)w->vigorous_s, (long long)w->steps);
}

static void json_pain(FILE *f, int32_t n, int32_t sum, int32_t min, int32_t max)
{
	if (!n) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"ratings\":%d,\"mean\":%.2f,\"min\":%d,\"max\":%d}", n, (double)sum / n, min,
	        max);
}

static void json_plan(FILE *f, const struct report_plan *p)
{
	char date[16];

	if (!p || !p->started) {
		fputs("null", f);
		return;
	}
	report_format_date(report_day_of(p->start), date, sizeof(date));
	fprintf(f, "{\"start\":\"%s\",\"week\":%d,\"active\":[", date, p->week);
	bool any = false;
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (p->active & (1u << k)) {
			fprintf(f, "%s\"%s\"", any ? "," : "",
			        budge_region_name((enum budge_region)k));
			any = true;
		}
	fputs("],\"paused_regions\":[", f);
	any = false;
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (p->paused & (1u << k)) {
			fprintf(f, "%s\"%s\"", any ? "," : "",
			        budge_region_name((enum budge_region)k));
			any = true;
		}
	fprintf(f,
	        "],\"paused\":%s,\"hold\":%s,\"next_region\":", p->plan_paused ? "true" : "false",
	        p->plan_hold ? "true" : "false");
	if (p->next_region >= 0) {
		report_format_date(report_day_of(p->next_at), date, sizeof(date));
		fprintf(f, "\"%s\",\"next_region_date\":\"%s\"",
		        budge_region_name((enum budge_region)p->next_region), date);
	} else {
		fputs("null,\"next_region_date\":null", f);
	}
	fprintf(f,
	        ",\"walking\":{\"target_minutes\":%d,\"target_walks\":%d,\"walked_minutes\":%d,"
	        "\"walks\":%d}}",
	        p->walk_minutes, p->walk_days, p->walked_minutes, p->walks_done);
}

void report_print_json(FILE *f, const struct report_out *o)
{
	const struct report *r = o->r;
	struct report_totals t;
	char d0[16], d1[16];

	report_totals(r, &t);
	report_format_date(r->first_day, d0, sizeof(d0));
	report_format_date(r->first_day + r->n_days - 1, d1, sizeof(d1));
	fprintf(
	    f,
	    "{\"period\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"sitting_limit_s\":%lld,\"days\":[",
	    report_period_name(o->period), d0, d1, (long long)r->sitting_limit);
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		char date[16];
		report_format_date(d->day, date, sizeof(date));
		fprintf(
		    f,
		    "%s{\"date\":\"%s\",\"has_data\":%s,\"sitting_s\":%lld,\"bouts\":%d,"
		    "\"longest_bout_s\":%lld,\"bouts_over_limit\":%d,\"breaks\":%d,\"full_breaks\":"
		    "%d,"
		    "\"break_s\":%lld,\"breaks_per_hour\":%.2f,\"prompts\":%d,\"micro_prompts\":%d,"
		    "\"break_prompts\":%d,\"done\":%d,\"skipped\":%d,\"snoozed\":%d,\"ignored\":%d,"
		    "\"too_hard\":%d,\"hurts\":%d,\"guided\":%d,\"walk_minutes\":%d,\"walks\":%d,"
		    "\"call_s\":%lld,\"open_bout_s\":%lld,\"synthetic\":%s,\"regions\":",
		    i ? "," : "", date, d->has_data ? "true" : "false", (long long)d->sitting_s,
		    d->bouts, (long long)d->longest_bout_s, d->bouts_over_limit, d->breaks,
		    d->full_breaks, (long long)d->break_s,
		    per_hour(d->breaks, d->sitting_s + d->break_s), d->prompts, d->micro_prompts,
		    d->break_prompts, d->done, d->skipped, d->snoozed, d->ignored, d->too_hard,
		    d->hurts, d->guided, d->walk_minutes, d->walks, (long long)d->call_s,
		    (long long)d->open_bout_s,
		    d->synthetic ? "true" : "false");
		json_regions(f, d->region_done, d->region_prompts);
		fputs(",\"pain\":", f);
		json_pain(f, d->pain_n, d->pain_sum, d->pain_min, d->pain_max);
		fputs(",\"wearable\":", f);
		json_wear(f, &d->wear);
		fputc('}', f);
	}
	fprintf(
	    f,
	    "],\"totals\":{\"days_with_data\":%d,\"sitting_s\":%lld,\"bouts\":%d,"
	    "\"longest_bout_s\":%lld,\"bouts_over_limit\":%d,\"breaks\":%d,\"full_breaks\":%d,"
	    "\"break_s\":%lld,\"breaks_per_hour\":%.2f,\"prompts\":%d,\"done\":%d,\"skipped\":%d,"
	    "\"snoozed\":%d,\"ignored\":%d,\"too_hard\":%d,\"hurts\":%d,\"guided\":%d,"
	    "\"walk_minutes\":%d,\"walks\":%d,\"call_s\":%lld,\"regions\":",
	    t.days_with_data, (long long)t.sitting_s, t.bouts, (long long)t.longest_bout_s,
	    t.bouts_over_limit, t.breaks, t.full_breaks, (long long)t.break_s,
	    per_hour(t.breaks, t.sitting_s + t.break_s), t.prompts, t.done, t.skipped, t.snoozed,
	    t.ignored, t.too_hard, t.hurts, t.guided, t.walk_minutes, t.walks,
	    (long long)t.call_s);
	json_regions(f, t.region_done, t.region_prompts);
	fputs(",\"pain\":", f);
	json_pain(f, t.pain_n, t.pain_sum, t.pain_min, t.pain_max);
	if (t.wear_days)
		fprintf(f,
		        ",\"wearable\":{\"days\":%d,\"steps\":%lld,\"sedentary_s\":%lld,\"wear_s\":"
		        "%lld}",
		        t.wear_days, (long long)t.steps, (long long)t.sedentary_s,
		        (long long)t.wear_s);
	else
		fputs(",\"wearable\":null", f);
	fputs("},\"plan\":", f);
	json_plan(f, o->plan);
	fputs("}\n", f);
}

/* ---- CSV ---- */

void report_print_csv(FILE *f, const struct report_out *o)
{
	const struct report *r = o->r;

	fputs("date,has_data,sitting_s,bouts,longest_bout_s,bouts_over_limit,breaks,full_breaks,"
	      "break_s,prompts,done,skipped,snoozed,ignored,too_hard,hurts,walk_minutes,pain_mean,"
	      "pain_ratings,wear_s,sedentary_s,steps",
	      f);
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		fprintf(f, ",done_%s", budge_region_name((enum budge_region)k));
	fputs(",guided,synthetic,call_s\n", f);
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		char date[16];
		report_format_date(d->day, date, sizeof(date));
		fprintf(f, "%s,%d,%lld,%d,%lld,%d,%d,%d,%lld,%d,%d,%d,%d,%d,%d,%d,%d,", date,
		        d->has_data ? 1 : 0, (long long)d->sitting_s, d->bouts,
		        (long long)d->longest_bout_s, d->bouts_over_limit, d->breaks,
		        d->full_breaks, (long long)d->break_s, d->prompts, d->done, d->skipped,
		        d->snoozed, d->ignored, d->too_hard, d->hurts, d->walk_minutes);
		if (d->pain_n)
			fprintf(f, "%.2f", (double)d->pain_sum / d->pain_n);
		fprintf(f, ",%d,", d->pain_n);
		if (d->wear.present)
			fprintf(f, "%lld,%lld,%lld", (long long)d->wear.wear_s,
			        (long long)d->wear.sedentary_s, (long long)d->wear.steps);
		else
			fputs(",,", f);
		for (int k = 0; k < BUDGE_REGION_COUNT; k++)
			fprintf(f, ",%d", d->region_done[k]);
		fprintf(f, ",%d,%d,%lld\n", d->guided, d->synthetic ? 1 : 0, (long long)d->call_s);
	}
}
