/* SPDX-License-Identifier: MIT */
/* libFuzzer target: iCalendar text through calendar.c (libical, loaded
 * with dlopen as in the coach), expanded over a week. Every span must lie
 * in the window asked for and end after it starts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded = -1;
	const int64_t from = 1767225600, to = from + 7 * 86400; /* 2026-01-01 + 7 days */
	struct budge_cal_spans spans;
	char err[256];
	int skipped = 0;

	if (loaded < 0)
		loaded = budge_calendar_lib_load(err, sizeof(err)) == 0;
	if (!loaded)
		abort(); /* fuzzing without libical tests nothing */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	budge_cal_spans_init(&spans);
	err[0] = '\0';
	int r = budge_calendar_expand(text, "fuzz.ics", from, to, &spans, &skipped, err, sizeof(err));
	if (r == -EBADMSG && err[0] == '\0')
		abort();
	for (size_t i = 0; i < spans.n; i++)
		if (spans.v[i].end <= spans.v[i].start || spans.v[i].end <= from ||
		    spans.v[i].start >= to)
			abort();
	budge_cal_spans_merge(&spans);
	budge_cal_spans_finish(&spans);
	free(text);
	return 0;
}
