/* SPDX-License-Identifier: MIT */
/* Reports in the terminal (in the user's language), as JSON and as CSV
 * (the same in every language). */
#include <stdio.h>
#include <string.h>

#include "i18n-init.h"
#include "report.h"
#include "budge/i18n.h"

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

static const char *const weekday_short[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					    N_("Fri"), N_("Sat"), N_("Sun")};
static const char *const weekday_long[] = {N_("Monday"), N_("Tuesday"),  N_("Wednesday"),
					   N_("Thursday"), N_("Friday"), N_("Saturday"),
					   N_("Sunday")};

/* text, then spaces up to `width` columns (counted in characters: a
 * translation's letters may take two bytes, which printf's widths count);
 * right-aligned when right is true. */
static void pad(FILE *f, const char *text, int width, bool right)
{
	int w = 0;

	for (const char *p = text; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	if (right)
		fprintf(f, "%*s", width > w ? width - w : 0, "");
	fputs(text, f);
	if (!right)
		fprintf(f, "%*s", width > w ? width - w : 0, "");
}

/* "day", "week", "month": for people (report_period_name is the JSON key). */
static const char *period_title(enum report_period p)
{
	return p == REPORT_MONTH ? N_("month") : p == REPORT_WEEK ? N_("week") : N_("day");
}

/* A row's label in the 11-column gutter, at least one blank after it; ""
 * for a continuation row. */
static void label(FILE *f, const char *text)
{
	pad(f, *text ? _(text) : "", 10, false);
	fputc(' ', f);
}

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

static void label(FILE *f, const char *text);

static void print_not_rated(FILE *f)
{
	label(f, N_("Pain"));
	fputs(_("not rated\n"), f);
}

static double per_hour(int32_t breaks, int64_t desk_s)
{
	return desk_s > 0 ? breaks * 3600.0 / (double)desk_s : 0.0;
}

/* Movements done in guided sessions: not answers to prompts, so apart. */
static void print_guided(FILE *f, int32_t guided)
{
	if (!guided)
		return;
	label(f, N_("Guided"));
	fprintf(f,
		P_("%d movement in guided sessions (budge now)\n",
		   "%d movements in guided sessions (budge now)\n", guided),
		guided);
}

/* Time in calls (a camera or microphone capture ran), when there was any. */
static void print_calls(FILE *f, int64_t call_s)
{
	char buf[32];

	if (!call_s)
		return;
	report_fmt_duration(call_s, buf, sizeof(buf));
	label(f, N_("Calls"));
	fprintf(f, _("%s (camera or microphone on; discreet movements only)\n"), buf);
}

static void print_regions(FILE *f, const struct report_out *o, const int32_t *done,
                          const int32_t *prompts)
{
	bool any = false;

	label(f, N_("Movements"));
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if (!done[k] && !prompts[k])
			continue;
		fprintf(f, "%s%s %s%d%s/%d", any ? " · " : "",
		        budge_region_name((enum budge_region)k), col(o, C_GREEN), done[k],
		        col(o, C_RESET), prompts[k]);
		any = true;
	}
	fprintf(f, "%s\n", any ? _("  (done/prompted)") : _("none prompted"));
}

static void print_plan(FILE *f, const struct report_out *o)
{
	const struct report_plan *p = o->plan;
	char date[16];

	if (!p)
		return;
	label(f, N_("Plan"));
	if (!p->started) {
		fputs(_("no plan yet (run 'budge checkin --setup' to start one)\n"), f);
		return;
	}
	fprintf(f, _("week %d:"), p->week);
	bool any = false;
	for (int k = 0; k < BUDGE_REGION_COUNT; k++)
		if (p->active & (1u << k)) {
			fprintf(f, "%s %s", any ? "," : "",
			        budge_region_name((enum budge_region)k));
			any = true;
		}
	if (!any)
		fputs(_(" no region active"), f);
	if (p->plan_paused)
		fputs(_("; paused by the check-in (no new region for now)"), f);
	else if (p->plan_hold)
		fputs(_("; no new region this week (from the check-in)"), f);
	else if (p->next_region >= 0) {
		report_format_date_people(report_day_of(p->next_at), date, sizeof(date));
		fprintf(f, _("; next: %s on %s"), budge_region_name((enum budge_region)p->next_region),
		        date);
	}
	fputc('\n', f);
	label(f, "");
	fprintf(f, _("%d of %d walks, %d min walked (target %d × %d min)\n"), p->walks_done,
	        p->walk_days, p->walked_minutes, p->walk_days, p->walk_minutes);
}

/* The where-to-start checklist: how many are yes now, which moved from
 * no to yes, which are still no (by item id). Nothing before any answer. */
static void print_checklist(FILE *f, const struct report_out *o)
{
	const struct report_checklist *c = o->checklist;
	size_t yes = 0;

	if (!c || !c->answered)
		return;
	for (size_t i = 0; i < c->n; i++)
		yes += c->items[i].last == 1;
	label(f, N_("Checklist"));
	fprintf(f, _("%zu of %zu yes"), yes, c->n);
	const char *heads[2] = {_(" · now yes (were no): "), _(" · still no: ")};
	for (int kind = 0; kind < 2; kind++) {
		bool any = false;
		for (size_t i = 0; i < c->n; i++) {
			const struct report_checklist_item *it = &c->items[i];
			bool moved = it->first == 0 && it->last == 1;
			if (kind == 0 ? !moved : it->last != 0)
				continue;
			fprintf(f, "%s%s", any ? ", " : heads[kind], it->id);
			any = true;
		}
	}
	fputc('\n', f);
}

static void print_wear(FILE *f, const struct report_wear *w, int64_t sitting_s)
{
	char a[32], b[32], c[32];

	report_fmt_duration(w->sedentary_s, a, sizeof(a));
	report_fmt_duration(w->wear_s, b, sizeof(b));
	report_fmt_duration(sitting_s, c, sizeof(c));
	label(f, N_("Wearable"));
	fprintf(f, _("%lld steps · sedentary %s of %s worn · %d sedentary breaks (desk: %s sitting)\n"),
		(long long)w->steps, a, b, w->breaks, c);
}

/* The day's timeline: one row per hour with data, a cell per 5 minutes,
 * then the hour's prompts. */
static void print_timeline(FILE *f, const struct report_out *o, const struct report_day *d)
{
	int first = -1, last = -1;

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
	if (first < 0)
		return;
	label(f, N_("Timeline"));
	fputs(_("one cell = 5 min: █ sitting  ▓ past the limit  ░ break  · nothing\n"), f);
	label(f, "");
	fputs(_("prompts: ● done  ◐ skipped/snoozed  ○ not answered\n"), f);
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

/* Breaks, prompts, regions, guided, walking, calls: the rows a day and a
 * period share; t holds either one day or the period's totals. */
static void print_answers(FILE *f, const struct report_out *o, int32_t breaks, int32_t full,
			  double per_h, const struct report_totals *t)
{
	label(f, N_("Breaks"));
	char ph[32];
	fprintf(f, _("%d (%d of 5 min or more) · %s per hour at the desk\n"), breaks, full,
		budge_fmt_decimal(ph, sizeof(ph), per_h, 1));
	label(f, N_("Prompts"));
	fprintf(f, _("%d: %s%d done%s, %d skipped, %d snoozed, %d not answered"), t->prompts,
		col(o, C_GREEN), t->done, col(o, C_RESET), t->skipped, t->snoozed, t->ignored);
	if (t->too_hard || t->hurts)
		fprintf(f, _(", %d too hard, %d hurt"), t->too_hard, t->hurts);
	fputc('\n', f);
	print_regions(f, o, t->region_done, t->region_prompts);
	print_guided(f, t->guided);
}

static void print_day(FILE *f, const struct report_out *o, const struct report_day *d)
{
	char date[16], a[32], b[32];

	report_format_date_people(d->day, date, sizeof(date));
	fprintf(f, "%sbudge — %s %s%s%s\n\n", col(o, C_BOLD),
		_(weekday_long[report_weekday(d->day)]), date, d->synthetic ? _(" (simulated)") : "",
		col(o, C_RESET));
	if (!d->has_data && !d->wear.present) {
		fputs(_("No data for this day.\n"), f);
		if (o->plan) {
			fputc('\n', f);
			print_plan(f, o);
		}
		return;
	}
	print_timeline(f, o, d);
	report_fmt_duration(d->sitting_s, a, sizeof(a));
	report_fmt_duration(d->longest_bout_s, b, sizeof(b));
	label(f, N_("Sitting"));
	fprintf(f, P_("%s%s%s in %d bout", "%s%s%s in %d bouts", d->bouts), col(o, C_BOLD), a,
		col(o, C_RESET), d->bouts);
	if (d->open_bout_s) {
		char c[32];
		report_fmt_duration(d->open_bout_s, c, sizeof(c));
		fprintf(f, _(" (one in progress, %s so far)"), c);
	}
	fprintf(f, _(" · longest %s"), b);
	report_fmt_duration(o->r->sitting_limit, a, sizeof(a));
	fprintf(f, _(" · %s%d over the %s limit%s\n"), d->bouts_over_limit ? col(o, C_RED) : "",
	        d->bouts_over_limit, a, d->bouts_over_limit ? col(o, C_RESET) : "");
	struct report_totals one = {.prompts = d->prompts, .done = d->done, .skipped = d->skipped,
				    .snoozed = d->snoozed, .ignored = d->ignored,
				    .too_hard = d->too_hard, .hurts = d->hurts, .guided = d->guided};
	memcpy(one.region_done, d->region_done, sizeof(one.region_done));
	memcpy(one.region_prompts, d->region_prompts, sizeof(one.region_prompts));
	print_answers(f, o, d->breaks, d->full_breaks, per_hour(d->breaks, d->sitting_s + d->break_s),
		      &one);
	label(f, N_("Walking"));
	fprintf(f, P_("%d min (%d walk)\n", "%d min (%d walks)\n", d->walks), d->walk_minutes,
		d->walks);
	print_calls(f, d->call_s);
	if (d->pain_n)
		label(f, N_("Pain"));
	if (d->pain_n == 1)
		fprintf(f, "%d/10\n", d->pain_sum);
	else if (d->pain_n > 1)
		fprintf(f, _("%d–%d/10 (%d ratings, mean %s)\n"), d->pain_min, d->pain_max,
			d->pain_n, budge_fmt_decimal(a, sizeof(a), (double)d->pain_sum / d->pain_n, 1));
	else
		print_not_rated(f);
	if (d->wear.present)
		print_wear(f, &d->wear, d->sitting_s);
	if (o->plan)
		print_plan(f, o);
	print_checklist(f, o);
}

/* The period's table: a row per day. */
static void print_day_rows(FILE *f, const struct report_out *o, int64_t max_sit)
{
	const struct report *r = o->r;
	char a[32], b[32];

	/* TRANSLATORS: the headings of the report's table, each at most as wide
	 * as the column (day 9, sitting 19, bouts 5, longest 7, over 4, breaks
	 * 6, done/asked 10, walk 5, pain 4, steps 7 characters) */
	pad(f, _("day"), 9, false);
	fputs("  ", f);
	pad(f, _("sitting"), 19, false);
	const struct {
		const char *text;
		int width;
	} heads[] = {{N_("bouts"), 5}, {N_("longest"), 7}, {N_("over"), 4},     {N_("breaks"), 6},
		     {N_("done/asked"), 10}, {N_("walk"), 5}, {N_("pain"), 4}, {N_("steps"), 7}};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]) - !r->any_wear; i++) {
		fputc(' ', f);
		pad(f, _(heads[i].text), heads[i].width, true);
	}
	fputc('\n', f);
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		char date[16];
		report_format_date(d->day, date, sizeof(date));
		pad(f, _(weekday_short[report_weekday(d->day)]), 3, false);
		fprintf(f, " %s  ", date + 5);
		if (!d->has_data && !d->wear.present) {
			fprintf(f, "%s%s%s\n", col(o, C_DIM), _("no data"), col(o, C_RESET));
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
		if (d->synthetic)
			fprintf(f, "  %s", _("simulated"));
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* The sparklines of the period: sitting, breaks per hour, done. */
static void print_trends(FILE *f, const struct report *r)
{
	double v[64];
	bool have[64];
	int n = r->n_days < 64 ? r->n_days : 64;

	fputc('\n', f);
	label(f, N_("Trend"));
	pad(f, _("sitting"), 10, false);
	for (int i = 0; i < n; i++) {
		v[i] = (double)r->days[i].sitting_s;
		have[i] = r->days[i].has_data;
	}
	print_spark(f, v, have, n);
	fputc('\n', f);
	label(f, "");
	pad(f, _("breaks/h"), 10, false);
	for (int i = 0; i < n; i++) {
		const struct report_day *d = &r->days[i];
		v[i] = per_hour(d->breaks, d->sitting_s + d->break_s);
	}
	print_spark(f, v, have, n);
	fputc('\n', f);
	label(f, "");
	pad(f, _("done"), 10, false);
	for (int i = 0; i < n; i++)
		v[i] = (double)r->days[i].done;
	print_spark(f, v, have, n);
	fputc('\n', f);
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
	report_format_date_people(r->first_day, d0, sizeof(d0));
	report_format_date_people(r->first_day + r->n_days - 1, d1, sizeof(d1));
	/* TRANSLATORS: "budge — week 2026-03-02 to 2026-03-08"; %2$s is "day",
	 * "week" or "month", %1$s and %5$s switch bold on and off */
	fprintf(f, _("%1$sbudge — %2$s %3$s to %4$s%5$s\n\n"), col(o, C_BOLD),
		_(period_title(o->period)), d0, d1, col(o, C_RESET));
	print_day_rows(f, o, max_sit);
	if (t.days_with_data == 0 && t.wear_days == 0) {
		fputs(o->period == REPORT_MONTH ? _("No data in this month.\n")
		      : o->period == REPORT_WEEK ? _("No data in this week.\n")
						 : _("No data in this day.\n"),
		      f);
		if (o->plan) {
			fputc('\n', f);
			print_plan(f, o);
		}
		return;
	}
	report_fmt_duration(t.sitting_s, a, sizeof(a));
	report_fmt_duration(t.days_with_data ? t.sitting_s / t.days_with_data : 0, b, sizeof(b));
	label(f, N_("Sitting"));
	fprintf(f, P_("%s%s%s in %d bouts on %d day with data (%s a day)\n",
		      "%s%s%s in %d bouts on %d days with data (%s a day)\n", t.days_with_data),
		col(o, C_BOLD), a, col(o, C_RESET), t.bouts, t.days_with_data, b);
	report_fmt_duration(t.longest_bout_s, a, sizeof(a));
	report_fmt_duration(r->sitting_limit, b, sizeof(b));
	label(f, "");
	fprintf(f, _("longest %s · %s%d over the %s limit%s\n"), a,
	        t.bouts_over_limit ? col(o, C_RED) : "", t.bouts_over_limit, b,
	        t.bouts_over_limit ? col(o, C_RESET) : "");
	print_answers(f, o, t.breaks, t.full_breaks, per_hour(t.breaks, t.sitting_s + t.break_s),
		      &t);
	label(f, N_("Walking"));
	fprintf(f, P_("%d min in %d walk\n", "%d min in %d walks\n", t.walks), t.walk_minutes,
		t.walks);
	print_calls(f, t.call_s);
	if (t.pain_n) {
		label(f, N_("Pain"));
		fprintf(f, P_("%d rating, %d–%d/10, mean %s\n", "%d ratings, %d–%d/10, mean %s\n",
			      t.pain_n),
			t.pain_n, t.pain_min, t.pain_max,
			budge_fmt_decimal(a, sizeof(a), (double)t.pain_sum / t.pain_n, 1));
	} else {
		print_not_rated(f);
	}
	if (t.wear_days) {
		report_fmt_duration(t.sedentary_s, a, sizeof(a));
		report_fmt_duration(t.wear_s, b, sizeof(b));
		label(f, N_("Wearable"));
		fprintf(f, P_("%lld steps on %d day · sedentary %s of %s worn\n",
			      "%lld steps on %d days · sedentary %s of %s worn\n", t.wear_days),
			(long long)t.steps, t.wear_days, a, b);
	}
	print_trends(f, r);
	if (o->plan) {
		fputc('\n', f);
		print_plan(f, o);
	}
	print_checklist(f, o);
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

static const char *answer_name(int a)
{
	return a == 1 ? "\"yes\"" : a == 0 ? "\"no\"" : "null";
}

/* {"answered":N,"yes":N,"items":[{"id":..,"first":..,"last":..,
 * "first_date":..,"last_date":..}]} or null before any answer. */
static void json_checklist(FILE *f, const struct report_checklist *c)
{
	size_t yes = 0;

	if (!c || !c->answered) {
		fputs("null", f);
		return;
	}
	for (size_t i = 0; i < c->n; i++)
		yes += c->items[i].last == 1;
	fprintf(f, "{\"answered\":%zu,\"yes\":%zu,\"items\":[", c->answered, yes);
	for (size_t i = 0; i < c->n; i++) {
		const struct report_checklist_item *it = &c->items[i];
		char d0[16] = "", d1[16] = "";
		if (it->first >= 0) {
			report_format_date(report_day_of(it->first_ts), d0, sizeof(d0));
			report_format_date(report_day_of(it->last_ts), d1, sizeof(d1));
		}
		fprintf(f, "%s{\"id\":\"%s\",\"first\":%s,\"last\":%s,", i ? "," : "", it->id,
			answer_name(it->first), answer_name(it->last));
		if (it->first >= 0)
			fprintf(f, "\"first_date\":\"%s\",\"last_date\":\"%s\"}", d0, d1);
		else
			fputs("\"first_date\":null,\"last_date\":null}", f);
	}
	fputs("]}", f);
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
	fputs(",\"checklist\":", f);
	json_checklist(f, o->checklist);
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
