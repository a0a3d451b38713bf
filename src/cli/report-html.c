/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: one self-contained page (inline CSS, inline SVG, no
 * scripts, no network). Every chart is an <svg class="chart" id="...">
 * so tests can find them after rendering.
 */
#include <stdio.h>
#include <string.h>

#include "i18n-init.h"
#include "report.h"
#include "budge/i18n.h"

#define W 920 /* chart width in px */

static const char *const wd_short[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
				       N_("Fri"), N_("Sat"), N_("Sun")};

/* Text for people into HTML: & < > " escaped (translations are text). */
static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A section's start with its heading. */
static void section(FILE *f, const char *title)
{
	fputs("<section><h2>", f);
	esc(f, title);
	fputs("</h2>", f);
}

/* One key of a chart's legend: a colour swatch (round for prompts), its text. */
static void swatch(FILE *f, const char *color, bool round, const char *text)
{
	fprintf(f, "<span class=\"sw\" style=\"background:%s%s\"></span>", color,
		round ? ";border-radius:6px" : "");
	esc(f, text);
}

static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;"
    "background:#f6f7f9;color:#1d2330}"
    "main{max-width:980px;margin:0 auto;padding:24px 28px 48px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}"
    ".sub{color:#5b6475;margin:0 0 18px}"
    ".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}"
    ".card{background:#fff;border-radius:10px;padding:10px 14px;box-shadow:0 1px 2px #0001}"
    ".card b{display:block;font-size:22px}.card span{color:#5b6475;font-size:13px}"
    "section{background:#fff;border-radius:10px;padding:8px 16px 12px;margin-top:14px;"
    "box-shadow:0 1px 2px #0001}"
    "svg{display:block;max-width:100%;height:auto}"
    "svg text{font:12px system-ui,sans-serif;fill:#3b4252}"
    ".legend{color:#5b6475;font-size:13px;margin:4px 0}"
    ".sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 4px 0 12px;"
    "vertical-align:-1px}"
    ".note{color:#5b6475;font-size:13px}"
    "table.checklist{border-collapse:collapse;width:100%;font-size:14px}"
    ".checklist th{text-align:left;color:#5b6475;font-weight:600;padding:4px 8px}"
    ".checklist td{border-top:1px solid #eceff3;padding:5px 8px;vertical-align:top}"
    ".checklist tr.moved td{background:#eaf6ec}.checklist .date{color:#9aa3b2;font-size:12px}"
    ".checklist td+td{white-space:nowrap}"
    "footer{color:#7a8294;font-size:12px;margin-top:26px}";

#define C_SIT "#3b82c4"
#define C_OVER "#d9534f"
#define C_BREAK "#5cb85c"
#define C_DONE "#2e7d32"
#define C_MISS "#9aa3b2"
#define C_SKIP "#e0a030"
#define C_PAIN "#8e44ad"
#define C_STEPS "#16a085"
#define C_SED "#7f8c8d"

static void card(FILE *f, const char *value, const char *label)
{
	fprintf(f, "<div class=\"card\"><b>%s</b><span>", value);
	esc(f, label);
	fputs("</span></div>", f);
}

static void cards(FILE *f, const struct report *r)
{
	struct report_totals t;
	char buf[64], a[32];

	report_totals(r, &t);
	fputs("<div class=\"cards\">", f);
	report_fmt_duration(t.sitting_s, buf, sizeof(buf));
	card(f, buf, _("sitting (from desk activity)"));
	snprintf(buf, sizeof(buf), "%d", t.bouts);
	card(f, buf, _("sitting bouts"));
	report_fmt_duration(t.longest_bout_s, buf, sizeof(buf));
	card(f, buf, _("longest bout"));
	report_fmt_duration(r->sitting_limit, a, sizeof(a));
	char lab[64];
	snprintf(buf, sizeof(buf), "%d", t.bouts_over_limit);
	snprintf(lab, sizeof(lab), _("bouts over the %s limit"), a);
	card(f, buf, lab);
	snprintf(buf, sizeof(buf), "%d", t.breaks);
	card(f, buf, _("breaks from sitting"));
	snprintf(buf, sizeof(buf), "%d / %d", t.done, t.prompts);
	card(f, buf, _("prompts done / asked"));
	if (t.guided) {
		snprintf(buf, sizeof(buf), "%d", t.guided);
		card(f, buf, _("movements in guided sessions"));
	}
	snprintf(buf, sizeof(buf), "%d min", t.walk_minutes);
	card(f, buf, _("walking logged"));
	if (t.call_s) {
		report_fmt_duration(t.call_s, buf, sizeof(buf));
		card(f, buf, _("in calls (camera or microphone on)"));
	}
	if (t.pain_n)
		snprintf(buf, sizeof(buf), "%s / 10",
			 budge_fmt_decimal(a, sizeof(a), (double)t.pain_sum / t.pain_n, 1));
	else
		snprintf(buf, sizeof(buf), "–");
	card(f, buf, _("mean pain rating"));
	fputs("</div>\n", f);
}

/* Day timelines: one row per day, hours on the x axis. */
static void timelines(FILE *f, const struct report *r)
{
	int h0 = 24, h1 = 0;

	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		for (int m = 0; m < REPORT_MINUTES; m++)
			if (d->slots[m]) {
				if (m / 60 < h0)
					h0 = m / 60;
				if (m / 60 + 1 > h1)
					h1 = m / 60 + 1;
			}
		for (int32_t k = 0; k < d->n_marks; k++) {
			int h = d->marks[k].minute / 60;
			if (h < h0)
				h0 = h;
			if (h + 1 > h1)
				h1 = h + 1;
		}
	}
	if (h0 >= h1) {
		h0 = 8;
		h1 = 18;
	}
	const int left = 96, right = 12, row = 26, top = 22;
	const double span = (h1 - h0) * 60.0;
	const double pw = W - left - right;
	int height = top + row * r->n_days + 8;

	section(f, _("Day timelines"));
	fputs("<div class=\"legend\">", f);
	swatch(f, C_SIT, false, _("sitting"));
	swatch(f, C_OVER, false, _("sitting past the limit"));
	swatch(f, C_BREAK, false, _("break"));
	swatch(f, C_DONE, true, _("prompt done"));
	swatch(f, C_SKIP, true, _("skipped/snoozed"));
	swatch(f, C_MISS, true, _("not answered"));
	fputs("</div>\n", f);
	fprintf(f,
		"<svg class=\"chart\" id=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-label=\"",
		W, height, W, height);
	esc(f, _("Day timelines"));
	fputs("\">\n", f);
	for (int h = h0; h <= h1; h++) {
		double x = left + (h - h0) * 60.0 / span * pw;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e6eb\"/>",
		        x, top - 4, x, height - 6);
		if ((h1 - h0) <= 14 || h % 2 == 0)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%02d</text>",
			        x, top - 8, h % 24);
	}
	fputc('\n', f);
	for (int32_t i = 0; i < r->n_days; i++) {
		const struct report_day *d = &r->days[i];
		char date[16];
		int y = top + i * row;
		report_format_date(d->day, date, sizeof(date));
		fprintf(f, "<text x=\"0\" y=\"%d\">%s %s</text>", y + 16,
		        _(wd_short[report_weekday(d->day)]), date + 5);
		fprintf(f,
		        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#f1f3f6\"/>",
		        left, y + 3, pw);
		if (!d->has_data) {
			fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#9aa3b2\">", left + 8, y + 16);
			esc(f, _("no data"));
			fputs("</text>", f);
			fputc('\n', f);
			continue;
		}
		/* runs of equal slots */
		int m = h0 * 60;
		while (m < h1 * 60 && m < REPORT_MINUTES) {
			uint8_t s = d->slots[m];
			int e = m;
			while (e < h1 * 60 && e < REPORT_MINUTES && d->slots[e] == s)
				e++;
			if (s != REPORT_SLOT_NONE) {
				const char *c = s == REPORT_SLOT_SIT    ? C_SIT
				                : s == REPORT_SLOT_OVER ? C_OVER
				                                        : C_BREAK;
				fprintf(f,
				        "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
				        "height=\"18\" fill=\"%s\"/>",
				        s == REPORT_SLOT_BREAK ? "brk" : "sit",
				        left + (m - h0 * 60) / span * pw, y + 3,
				        (e - m) / span * pw, c);
			}
			m = e;
		}
		for (int32_t k = 0; k < d->n_marks; k++) {
			const struct report_mark *mk = &d->marks[k];
			const char *c = mk->state == REPORT_MARK_DONE   ? C_DONE
			                : mk->state == REPORT_MARK_SKIP ? C_SKIP
			                                                : C_MISS;
			fprintf(
			    f,
			    "<circle class=\"prompt\" cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\" "
			    "stroke=\"#fff\" stroke-width=\"1.2\"/>",
			    left + (mk->minute - h0 * 60 + 0.5) / span * pw, y + 12, c);
		}
		fputc('\n', f);
	}
	fputs("</svg></section>\n", f);
}

/* A round axis maximum >= v: 1, 2, 2.5, 4, 5, 8 or 10 times a power of 10;
 * for counts (integer) a multiple of 4 so the quarter grid lines are whole. */
static double nice_max(double v, bool integer)
{
	static const double steps[] = {1, 2, 2.5, 4, 5, 8, 10};
	double p = 1;

	if (v <= 0)
		return integer ? 4 : 1;
	if (integer && v <= 8)
		return v <= 4 ? 4 : 8;
	if (integer) {
		static const double isteps[] = {2, 4, 8, 10};
		p = 10;
		while (p * 10 < v)
			p *= 10;
		for (size_t i = 0; i < sizeof(isteps) / sizeof(isteps[0]); i++)
			if (isteps[i] * p >= v)
				return isteps[i] * p;
		return 10 * p;
	}
	while (p * 10 < v)
		p *= 10;
	while (p > v)
		p /= 10;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * p >= v)
			return steps[i] * p;
	return 10 * p;
}

/* A bar chart of values per day with an optional dot series on a second
 * scale. */
static void day_bars(FILE *f, const char *id, const char *title, const char *label_a,
		     const char *label_b,
                     const struct report_day *days, const bool *have, int n, const double *a,
                     const char *ca, int dec_a, const char *unit_a, const double *b, const char *cb,
                     int dec_b, const char *unit_b)
{
	const int left = 44, right = 44, top = 16, bottom = 34, h = 200;
	double amax = 0, bmax = 0;

	for (int i = 0; i < n; i++) {
		if (a[i] > amax)
			amax = a[i];
		if (b && b[i] > bmax)
			bmax = b[i];
	}
	amax = nice_max(amax, dec_a == 0);
	bmax = nice_max(bmax, dec_b == 0);
	double pw = W - left - right, ph = h - top - bottom;
	double slot = pw / n, bw = slot * 0.6;

	section(f, title);
	fputs("<div class=\"legend\">", f);
	swatch(f, ca, false, label_a);
	if (b)
		swatch(f, cb, false, label_b);
	fputs("</div>\n", f);
	fprintf(
	    f, "<svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">\n",
	    id, W, h, W, h);
	for (int g = 0; g <= 4; g++) {
		double y = top + ph - ph * g / 4.0;
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eceff3\"/>",
		        left, y, W - right, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 4);
		fprintf(f, "%.*f%s", dec_a, amax * g / 4.0, unit_a);
		fputs("</text>", f);
		if (b) {
			fprintf(f, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">", W - right + 6, y + 4,
			        cb);
			fprintf(f, "%.*f%s", dec_b, bmax * g / 4.0, unit_b);
			fputs("</text>", f);
		}
	}
	fputc('\n', f);
	for (int i = 0; i < n; i++) {
		double x = left + i * slot + (slot - bw) / 2;
		double bh = a[i] / amax * ph;
		char date[16];
		report_format_date(days[i].day, date, sizeof(date));
		if (have[i])
			fprintf(f,
			        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"%.1f\" "
			        "fill=\"%s\" rx=\"2\"/>",
			        x, top + ph - bh, bw, bh, ca);
		else
			fprintf(f,
			        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			        "fill=\"#b0b7c3\">–</text>",
			        x + bw / 2, top + ph - 4);
		if (n <= 10 || i % (n > 20 ? 3 : 2) == 0)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%s%s</text>",
			        x + bw / 2, h - bottom + 16,
			        n <= 10 ? _(wd_short[report_weekday(days[i].day)]) : "",
			        n <= 10 ? " " : "", date + 8);
	}
	if (b) {
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
		        cb);
		for (int i = 0; i < n; i++)
			if (have[i])
				fprintf(f, "%.1f,%.1f ", left + i * slot + slot / 2,
				        top + ph - b[i] / bmax * ph);
		fputs("\"/>", f);
		for (int i = 0; i < n; i++)
			if (have[i])
				fprintf(
				    f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>",
				    left + i * slot + slot / 2, top + ph - b[i] / bmax * ph, cb);
	}
	fputs("\n</svg></section>\n", f);
}

static void regions(FILE *f, const struct report *r)
{
	struct report_totals t;
	int rows = 0, max = 1;

	report_totals(r, &t);
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if (t.region_prompts[k] || t.region_done[k])
			rows++;
		if (t.region_prompts[k] > max)
			max = t.region_prompts[k];
		if (t.region_done[k] > max)
			max = t.region_done[k];
	}
	section(f, _("Region coverage"));
	fputs("<div class=\"legend\">", f);
	swatch(f, C_DONE, false, _("done"));
	swatch(f, "#d5dbe3", false, _("prompted"));
	fputs("</div>\n", f);
	const int left = 170, row = 24;
	int h = 10 + row * (rows ? rows : 1);
	fprintf(f,
	        "<svg class=\"chart\" id=\"regions\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	        "height=\"%d\">\n",
	        W, h, W, h);
	if (!rows)
		fprintf(f, "<text x=\"0\" y=\"20\" fill=\"#9aa3b2\">%s</text>",
			_("no movements prompted in this period"));
	int i = 0;
	double pw = W - left - 80;
	for (int k = 0; k < BUDGE_REGION_COUNT; k++) {
		if (!t.region_prompts[k] && !t.region_done[k])
			continue;
		int y = 5 + i * row;
		fprintf(f, "<text x=\"0\" y=\"%d\">", y + 14);
		esc(f, budge_region_title((enum budge_region)k));
		fputs("</text>", f);
		fprintf(f,
		        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#d5dbe3\" "
		        "rx=\"2\"/>",
		        left, y + 2, t.region_prompts[k] * pw / max);
		fprintf(f,
		        "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
		        "fill=\"" C_DONE "\" rx=\"2\"/>",
		        left, y + 2, t.region_done[k] * pw / max);
		double end =
		    t.region_prompts[k] > t.region_done[k] ? t.region_prompts[k] : t.region_done[k];
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">%d / %d</text>\n", left + end * pw / max + 6,
		        y + 14, t.region_done[k], t.region_prompts[k]);
		i++;
	}
	fputs("</svg></section>\n", f);
}

/* The where-to-start checklist: each question with its first and latest
 * answer; the ones that moved from no to yes stand out. */
static void checklist(FILE *f, const struct report_checklist *c)
{
	if (!c || !c->answered)
		return;
	section(f, _("Where to start: the checklist"));
	fputs("<table class=\"checklist\"><tr><th>", f);
	esc(f, _("question"));
	fputs("</th><th>", f);
	esc(f, _("first answer"));
	fputs("</th><th>", f);
	esc(f, _("latest answer"));
	fputs("</th></tr>\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const struct report_checklist_item *it = &c->items[i];
		bool moved = it->first == 0 && it->last == 1;
		fprintf(f, "<tr class=\"%s\" id=\"check-%s\"><td>", moved ? "moved" : "", it->id);
		esc(f, it->question);
		for (int k = 0; k < 2; k++) {
			int a = k ? it->last : it->first;
			char d[16] = "";
			if (a >= 0)
				report_format_date_people(report_day_of(k ? it->last_ts : it->first_ts), d,
						   sizeof(d));
			fputs("</td><td>", f);
			esc(f, a == 1 ? _("yes") : a == 0 ? _("no") : "–");
			if (a >= 0)
				fprintf(f, " <span class=\"date\">%s</span>", d);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table><p class=\"note\">", f);
	esc(f, _("A yes means it is already true for you; a no, something to work on. "
		 "'budge checkin --checklist' asks the questions again; the weekly check-in "
		 "asks one of them each week."));
	fputs("</p></section>\n", f);
}

/* Pain versus adherence per week over the history. */
static void pain_weeks(FILE *f, const struct report *h)
{
	enum { MAXW = 16 };
	double adh[MAXW], pain[MAXW];
	bool have_adh[MAXW], have_pain[MAXW];
	int32_t wstart[MAXW];
	int nw = (h->n_days + 6) / 7; /* the last week may be partial */

	if (nw > MAXW)
		nw = MAXW;
	for (int w = 0; w < nw; w++) {
		int32_t prompts = 0, done = 0, pn = 0, ps = 0;
		for (int i = w * 7; i < w * 7 + 7 && i < h->n_days; i++) {
			prompts += h->days[i].prompts;
			done += h->days[i].done;
			pn += h->days[i].pain_n;
			ps += h->days[i].pain_sum;
		}
		wstart[w] = h->days[w * 7].day;
		have_adh[w] = prompts > 0;
		adh[w] = prompts ? 100.0 * done / prompts : 0;
		have_pain[w] = pn > 0;
		pain[w] = pn ? (double)ps / pn : 0;
	}
	const int left = 44, right = 44, top = 16, bottom = 34, hh = 210;
	double pw = W - left - right, ph = hh - top - bottom, slot = pw / (nw ? nw : 1),
	       bw = slot * 0.55;

	section(f, _("Pain and adherence by week"));
	fputs("<div class=\"legend\">", f);
	swatch(f, C_DONE, false, _("prompts done (%, left)"));
	swatch(f, C_PAIN, false, _("mean pain rating (0–10, right)"));
	fputs("</div>\n", f);
	fprintf(f,
	        "<svg class=\"chart\" id=\"pain-adherence\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	        "height=\"%d\">\n",
	        W, hh, W, hh);
	for (int g = 0; g <= 4; g++) {
		double y = top + ph - ph * g / 4.0;
		fprintf(f,
		        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eceff3\"/>"
		        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>"
		        "<text x=\"%d\" y=\"%.1f\" fill=\"" C_PAIN "\">%.1f</text>",
		        left, y, W - right, y, left - 6, y + 4, g * 25, W - right + 6, y + 4,
		        g * 2.5);
	}
	for (int w = 0; w < nw; w++) {
		double x = left + w * slot + (slot - bw) / 2;
		char date[16];
		report_format_date(wstart[w], date, sizeof(date));
		if (have_adh[w])
			fprintf(f,
			        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			        "height=\"%.1f\" "
			        "fill=\"" C_DONE "\" opacity=\"0.8\" rx=\"2\"/>",
			        x, top + ph - adh[w] / 100 * ph, bw, adh[w] / 100 * ph);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x + bw / 2,
		        hh - bottom + 16, date + 5);
	}
	fputs("<polyline fill=\"none\" stroke=\"" C_PAIN "\" stroke-width=\"2\" points=\"", f);
	for (int w = 0; w < nw; w++)
		if (have_pain[w])
			fprintf(f, "%.1f,%.1f ", left + w * slot + slot / 2,
			        top + ph - pain[w] / 10 * ph);
	fputs("\"/>", f);
	for (int w = 0; w < nw; w++)
		if (have_pain[w])
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" C_PAIN "\"/>",
			        left + w * slot + slot / 2, top + ph - pain[w] / 10 * ph);
	fputs("\n</svg><p class=\"note\">", f);
	esc(f, _("Weeks start on Monday. A week without prompts or pain ratings has no bar or "
		 "point. This shows the two side by side; it does not say one causes the other."));
	fputs("</p></section>\n", f);
}

void report_print_html(FILE *f, const struct report_out *o)
{
	const struct report *r = o->r;
	char d0[16], d1[16];
	/* bar charts: the period's days, or the last 7 days for a day report */
	const struct report_day *days = r->days;
	int n = r->n_days;

	if (o->period == REPORT_DAY && o->history && o->history->n_days >= 7) {
		days = o->history->days + o->history->n_days - 7;
		n = 7;
	}
	report_format_date_people(r->first_day, d0, sizeof(d0));
	report_format_date_people(r->first_day + r->n_days - 1, d1, sizeof(d1));
	const char *heading = o->period == REPORT_MONTH ? _("budge — month report")
			      : o->period == REPORT_WEEK ? _("budge — week report")
							 : _("budge — day report");
	/* TRANSLATORS: this translation's language code, for <html lang="..."> */
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
		_("en"));
	esc(f, heading);
	fprintf(f, " %s%s%s</title>", d0, r->n_days == 1 ? "" : " – ", r->n_days == 1 ? "" : d1);
	fprintf(f, "<style>%s</style></head><body><main>\n<h1>", css);
	esc(f, heading);
	fputs("</h1>", f);
	if (r->n_days == 1)
		fprintf(f, "<p class=\"sub\">%s, %s</p>\n", _(wd_short[report_weekday(r->first_day)]),
		        d0);
	else
		/* TRANSLATORS: a period, "2026-03-02 to 2026-03-08" */
		fprintf(f, _("<p class=\"sub\">%s to %s</p>\n"), d0, d1);
	cards(f, r);
	timelines(f, r);

	double a[62], b[62];
	bool have[62];
	if (n > 62)
		n = 62;
	for (int i = 0; i < n; i++) {
		a[i] = days[i].sitting_s / 3600.0;
		b[i] = days[i].breaks;
		have[i] = days[i].has_data;
	}
	day_bars(f, "sitting-breaks", _("Sitting and breaks per day"), _("hours sitting (left)"),
		 _("breaks (right)"), days, have, n, a, C_SIT, 1, "h", b, C_BREAK, 0, "");
	regions(f, r);
	checklist(f, o->checklist);
	if (o->history)
		pain_weeks(f, o->history);

	bool wear = false;
	for (int i = 0; i < n; i++)
		wear |= days[i].wear.present;
	if (wear) {
		for (int i = 0; i < n; i++) {
			a[i] = (double)days[i].wear.steps;
			b[i] = days[i].wear.sedentary_s / 3600.0;
			have[i] = days[i].wear.present;
		}
		day_bars(f, "wearable", _("Wearable: steps and sedentary time"), _("steps (left)"),
			 _("sedentary hours while worn (right)"), days, have, n, a, C_STEPS, 0, "", b, C_SED, 1, "h");
	} else {
		section(f, _("Wearable"));
		fputs("<p class=\"note\">", f);
		/* TRANSLATORS: %s is the command, "budge import FILE" */
		fprintf(f, _("No wearable data for these days. Import a recording with %s to see "
			     "steps and sedentary time here."),
			"<code>budge import FILE</code>");
		fputs("</p></section>\n", f);
	}
	fputs("<footer>", f);
	esc(f, _("Sitting time and breaks are estimated from keyboard and mouse activity at this "
		 "computer; a wearable measures the whole day. budge is not a medical device. "
		 "Generated by budge."));
	fputs("</footer>\n</main></body></html>\n", f);
}
