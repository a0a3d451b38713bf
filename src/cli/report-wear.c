/* SPDX-License-Identifier: MIT */
/* Reports: wearable day rows (accel_days, written by `budge import`). */
#include <string.h>

#include "report.h"
#include "store-accel.h"

int report_gather_wear(struct report *r, struct budge_store *s);

static int wear_cb(const struct budge_accel_day_row *row, void *userdata)
{
	struct report *r = userdata;
	int32_t day;

	if (report_parse_date(row->date, &day) < 0)
		return 0;
	int32_t i = day - r->first_day;
	if (i < 0 || i >= r->n_days)
		return 0;
	struct report_wear *w = &r->days[i].wear;
	/* Two recordings of the same day (two devices, or overlapping files):
	 * keep the one worn longest rather than adding them up. */
	if (w->present && (int64_t)row->wear_s <= w->wear_s)
		return 0;
	*w = (struct report_wear){
	    .present = true,
	    .wear_s = row->wear_s,
	    .sedentary_s = row->sedentary_s,
	    .longest_sedentary_bout_s = row->longest_sedentary_bout_s,
	    .light_s = row->light_s,
	    .moderate_s = row->moderate_s,
	    .vigorous_s = row->vigorous_s,
	    .breaks = (int32_t)row->breaks,
	    .steps = row->steps,
	};
	r->any_wear = true;
	return 0;
}

int report_gather_wear(struct report *r, struct budge_store *s)
{
	char from[16], to[16];

	if (r->n_days <= 0)
		return 0;
	report_format_date(r->first_day, from, sizeof(from));
	report_format_date(r->first_day + r->n_days, to, sizeof(to));
	return budge_store_accel_days(s, from, to, wear_cb, r);
}
