/* SPDX-License-Identifier: MIT */
/* Trace lines and calendar dates for the simulator (pure). */
#include "budge/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/duration.h"
#include "budge/i18n.h"

/* Days from civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int budge_date_parse(const char *s, int32_t *day)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -EINVAL;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return -EINVAL;
	int md = mdays[m - 1] + (m == 2 && leap(y));
	if (d > md)
		return -EINVAL;
	*day = (int32_t)days_from_civil(y, m, d);
	return 0;
}

void budge_date_format(int32_t day, char *buf, size_t len)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(buf, len, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
}

static const struct {
	const char *name;
	enum budge_input type;
	int arg; /* 0 none, 1 optional duration, 2 required response, 3 required minutes,
	          * 4 optional duration then optional source, 5 optional source */
} events[] = {
	{"active", BUDGE_IN_ACTIVE, 0},
	{"idle", BUDGE_IN_IDLE, 0},
	{"lock", BUDGE_IN_LOCK, 0},
	{"unlock", BUDGE_IN_UNLOCK, 0},
	{"suspend", BUDGE_IN_SUSPEND, 0},
	{"resume", BUDGE_IN_RESUME, 0},
	{"meeting-start", BUDGE_IN_MEETING_START, 4},
	{"meeting-end", BUDGE_IN_MEETING_END, 5},
	{"pause", BUDGE_IN_PAUSE, 1},
	{"resume-coaching", BUDGE_IN_RESUME_COACHING, 0},
	{"respond", BUDGE_IN_RESPOND, 2},
	{"walk", BUDGE_IN_WALK, 3},
	{"quiet-start", BUDGE_IN_QUIET_START, 0},
	{"quiet-end", BUDGE_IN_QUIET_END, 0},
};

#define EVENT_NAMES                                                                           \
	"active, idle, lock, unlock, suspend, resume, meeting-start, meeting-end, pause, "    \
	"resume-coaching, respond, walk, quiet-start or quiet-end"

__attribute__((format(printf, 3, 4))) static int fail(char *msg, size_t len, const char *fmt,
						       ...)
{
	va_list ap;
	if (msg && len) {
		va_start(ap, fmt);
		vsnprintf(msg, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Split the next whitespace-separated word; returns NULL at end. */
static char *word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	if (!*s)
		return NULL;
	char *w = s;
	while (*s && *s != ' ' && *s != '\t' && *s != '\r')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static int parse_clock(const char *w, int32_t *sec)
{
	int h, m, s = 0, n = 0;
	size_t l = strlen(w);
	if (l == 5) {
		if (sscanf(w, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5)
			return -EINVAL;
	} else if (l == 8) {
		if (sscanf(w, "%2d:%2d:%2d%n", &h, &m, &s, &n) != 3 || n != 8)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	for (size_t i = 0; i < l; i++)
		if (!(isdigit((unsigned char)w[i]) || ((i == 2 || i == 5) && w[i] == ':')))
			return -EINVAL;
	if (h > 23 || m > 59 || s > 59)
		return -EINVAL;
	*sec = h * 3600 + m * 60 + s;
	return 0;
}

int budge_trace_parse_line(const char *line, struct budge_trace_line *out, char *msg, size_t len)
{
	char buf[256];
	if (!line || !out)
		return -EINVAL;
	if (strlen(line) >= sizeof(buf))
		return fail(msg, len, _("line too long%s (at most 255 characters expected)"), "");
	strcpy(buf, line);
	char *hash = strchr(buf, '#');
	if (hash)
		*hash = '\0';
	char *p = buf;
	char *w = word(&p);
	if (!w)
		return 0;
	*out = (struct budge_trace_line){0};

	if (strcmp(w, "day") == 0) {
		char *d = word(&p);
		if (!d)
			return fail(msg, len, _("expected a date after 'day' (YYYY-MM-DD)%s"), "");
		if (budge_date_parse(d, &out->day) < 0)
			return fail(msg, len, _("'%s' is not a date: expected YYYY-MM-DD"), d);
		if ((w = word(&p)))
			return fail(msg, len, _("unexpected '%s' after the date"), w);
		out->kind = BUDGE_TRACE_DAY;
		return 1;
	}
	if (parse_clock(w, &out->sec) < 0)
		return fail(msg, len,
			    _("expected 'day YYYY-MM-DD' or a time HH:MM[:SS] at the start, got '%s'"),
			    w);
	char *name = word(&p);
	if (!name)
		return fail(msg, len, "expected an event after the time (one of " EVENT_NAMES ")%s",
			    "");
	size_t i;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (strcmp(name, events[i].name) == 0)
			break;
	if (i == sizeof(events) / sizeof(events[0]))
		return fail(msg, len, "unknown event '%s': expected one of " EVENT_NAMES, name);
	out->kind = BUDGE_TRACE_EVENT;
	out->ev.type = events[i].type;
	char *arg = word(&p);
	/* meeting-start [DURATION] [SOURCE], meeting-end [SOURCE] */
	if (events[i].arg >= 4) {
		if (arg && events[i].arg == 4 &&
		    budge_meeting_source_parse(arg, &out->ev.source) < 0) {
			int64_t d;
			if (budge_duration_parse(arg, &d) < 0 || d < 0 || d > 7 * 86400)
				return fail(msg, len,
					    _("'%s' is not a duration or a meeting source: expected e.g. "
					    "30m, 1h30m or 90s (at most 7d), then manual, calendar, "
					    "fullscreen or call"),
					    arg);
			out->ev.arg = d;
			arg = word(&p);
		} else if (arg && events[i].arg == 4) {
			arg = NULL; /* the source was given, no duration */
		}
		if (arg && budge_meeting_source_parse(arg, &out->ev.source) < 0)
			return fail(msg, len,
				    _("unknown meeting source '%s': expected manual, calendar or fullscreen"),
				    arg);
		if ((w = word(&p)))
			return fail(msg, len, _("unexpected '%s' at the end of the line"), w);
		return 1;
	}
	switch (events[i].arg) {
	case 0:
		if (arg)
			return fail(msg, len, _("unexpected '%s': this event takes no argument"), arg);
		break;
	case 1:
		if (arg) {
			int64_t d;
			if (budge_duration_parse(arg, &d) < 0 || d < 0 || d > 7 * 86400)
				return fail(msg, len,
					    _("'%s' is not a duration: expected e.g. 30m, 1h30m or 90s "
					    "(at most 7d)"),
					    arg);
			out->ev.arg = d;
		}
		break;
	case 2:
		if (!arg || budge_response_parse(arg, &out->ev.response) < 0 ||
		    out->ev.response == BUDGE_RESP_NONE)
			return fail(msg, len,
				    _("expected a response after 'respond': done, snooze, skip, too-hard "
				    "or hurts%s"),
				    arg ? "" : " (none given)");
		break;
	case 3: {
		char *end;
		long m = arg ? strtol(arg, &end, 10) : 0;
		if (!arg || *end || m < 1 || m > 600)
			return fail(msg, len,
				    _("expected minutes walked after 'walk' (1-600, as budge walk "
				    "takes)%s"),
				    "");
		out->ev.arg = m;
		break;
	}
	}
	if (arg && (w = word(&p)))
		return fail(msg, len, _("unexpected '%s' at the end of the line"), w);
	return 1;
}
