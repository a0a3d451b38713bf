/* SPDX-License-Identifier: MIT */
#include "budge/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "budge/duration.h"
#include "budge/i18n.h"

/*
 * One table of {section, key, type, default, offset}. The defaults are
 * strings and go through budge_config_set() like user input, so the table is
 * the single source of truth for names, defaults, ranges and help text.
 */

enum key_type {
	T_DURATION,   /* int64_t seconds, range [min, max] */
	T_INT,        /* int32_t, range [min, max] */
	T_BOOL,       /* bool */
	T_WORK_HOURS, /* struct budge_work_hours */
	T_REGIONS,    /* budge_region_mask, must not be empty */
	T_IDLE,       /* enum budge_idle_backend_choice */
	T_PATHS,      /* char[BUDGE_CONFIG_PATHS_MAX]: comma-separated file names, may be empty */
	T_SWITCH,     /* enum budge_auto_switch: auto, yes or no */
	T_CHOICE,     /* int: the index of the value in .names (NULL-terminated) */
	T_STRING,     /* char[.size]: free text, may be empty; no quotes or backslashes */
	T_CLOCK,      /* int32_t seconds after midnight, or -1: off, morning, evening, HH:MM */
};

struct key {
	const char *section;
	const char *key;
	enum key_type type;
	const char *def;
	size_t offset;
	int64_t min, max;
	const char *const *names; /* T_CHOICE: the values, NULL-terminated */
	size_t size;              /* T_STRING: the field's size */
	const char *help;
};

static const char *const calls_names[] = {"auto", "pipewire", "alsa", "no", NULL};
static const char *const phone_names[] = {"no", "kdeconnect", NULL};

#define OFF(field) offsetof(struct budge_config, field)
#define MIN_S 60
#define HOUR_S 3600
#define DAY_S 86400

static const struct key keys[] = {
    {.section = "general",
     .key = "work_hours",
     .type = T_WORK_HOURS,
     .def = "Mon-Fri 08:00-18:00",
     .offset = OFF(work_hours),
     .help = "when to coach: 'always', 'never', or windows like Mon-Fri 08:00-18:00"},

    {.section = "sitting",
     .key = "limit",
     .type = T_DURATION,
     .def = "30m",
     .offset = OFF(sitting_limit),
     .min = MIN_S,
     .max = 8 * HOUR_S,
     .help = "continuous sitting before a movement break is prompted"},
    {.section = "sitting",
     .key = "gap",
     .type = T_DURATION,
     .def = "2m",
     .offset = OFF(sitting_gap),
     .min = 10,
     .max = HOUR_S,
     .help = "idle at least this long ends a sitting bout"},
    {.section = "sitting",
     .key = "full_break",
     .type = T_DURATION,
     .def = "5m",
     .offset = OFF(sitting_full_break),
     .min = 30,
     .max = 4 * HOUR_S,
     .help = "idle at least this long counts as a full movement break"},

    {.section = "prompts",
     .key = "min_gap",
     .type = T_DURATION,
     .def = "10m",
     .offset = OFF(prompts_min_gap),
     .min = 1,
     .max = 4 * HOUR_S,
     .help = "never two prompts closer together than this"},
    {.section = "prompts",
     .key = "max_per_hour",
     .type = T_INT,
     .def = "4",
     .offset = OFF(prompts_max_per_hour),
     .min = 1,
     .max = 60,
     .help = "at most this many prompts in any hour"},
    {.section = "prompts",
     .key = "response_timeout",
     .type = T_DURATION,
     .def = "2m",
     .offset = OFF(prompts_response_timeout),
     .min = 10,
     .max = HOUR_S,
     .help = "a prompt not answered within this counts as ignored"},
    {.section = "prompts",
     .key = "snooze",
     .type = T_DURATION,
     .def = "5m",
     .offset = OFF(prompts_snooze),
     .min = MIN_S,
     .max = 4 * HOUR_S,
     .help = "how long 'snooze' puts a prompt off"},
    {.section = "prompts",
     .key = "micro",
     .type = T_BOOL,
     .def = "true",
     .offset = OFF(prompts_micro),
     .help = "micro-movement prompts between movement breaks"},
    {.section = "prompts",
     .key = "micro_interval",
     .type = T_DURATION,
     .def = "15m",
     .offset = OFF(prompts_micro_interval),
     .min = 0,
     .max = 4 * HOUR_S,
     .help = "at most one micro-movement prompt per this much sitting (0: no limit)"},
    {.section = "prompts",
     .key = "do_not_disturb",
     .type = T_BOOL,
     .def = "true",
     .offset = OFF(prompts_do_not_disturb),
     .help = "no prompts while the notification server's do-not-disturb is on"},
    {.section = "prompts",
     .key = "sound",
     .type = T_BOOL,
     .def = "false",
     .offset = OFF(prompts_sound),
     .help = "ask the notification server to play its message sound with a prompt"},

    {.section = "plan",
     .key = "start_regions",
     .type = T_REGIONS,
     .def = "feet",
     .offset = OFF(plan_start_regions),
     .help = "body regions active in the first week"},
    {.section = "plan",
     .key = "add_region_every",
     .type = T_DURATION,
     .def = "7d",
     .offset = OFF(plan_add_region_every),
     .min = HOUR_S,
     .max = 365 * DAY_S,
     .help = "one more region joins the plan after each period of this length"},
    {.section = "plan",
     .key = "regions",
     .type = T_REGIONS,
     .def = "all",
     .offset = OFF(plan_regions),
     .help = "regions the plan may add, in the built-in order"},

    {.section = "walking",
     .key = "start_minutes",
     .type = T_INT,
     .def = "10",
     .offset = OFF(walking_start_minutes),
     .min = 1,
     .max = 240,
     .help = "minutes per walk in the first week"},
    {.section = "walking",
     .key = "target_minutes",
     .type = T_INT,
     .def = "30",
     .offset = OFF(walking_target_minutes),
     .min = 1,
     .max = 240,
     .help = "minutes per walk to build up to"},
    {.section = "walking",
     .key = "start_days",
     .type = T_INT,
     .def = "3",
     .offset = OFF(walking_start_days),
     .min = 1,
     .max = 7,
     .help = "walks per week in the first week"},
    {.section = "walking",
     .key = "target_days",
     .type = T_INT,
     .def = "5",
     .offset = OFF(walking_target_days),
     .min = 1,
     .max = 7,
     .help = "walks per week to build up to"},
    {.section = "walking",
     .key = "weeks",
     .type = T_INT,
     .def = "26",
     .offset = OFF(walking_weeks),
     .min = 1,
     .max = 520,
     .help = "weeks to go from the start to the target"},

    {.section = "idle",
     .key = "backend",
     .type = T_IDLE,
     .def = "auto",
     .offset = OFF(idle_backend),
     .help = "activity source: auto, x11, wayland, gnome or none (timer only)"},

    {.section = "tray",
     .key = "enabled",
     .type = T_SWITCH,
     .def = "auto",
     .offset = OFF(tray_enabled),
     .help = "an icon in the tray (StatusNotifierItem): auto = when a tray host runs, yes, no"},

    {.section = "meetings",
     .key = "fullscreen",
     .type = T_BOOL,
     .def = "true",
     .offset = OFF(meetings_fullscreen),
     .help = "a fullscreen focused window (presenting, X11) counts as a meeting"},
    {.section = "meetings",
     .key = "calendar",
     .type = T_PATHS,
     .def = "",
     .offset = OFF(meetings_calendar),
     .help = "iCalendar (.ics) files whose events are meetings, comma-separated (empty: none)"},
    {.section = "meetings",
     .key = "calls",
     .type = T_CHOICE,
     .def = "auto",
     .offset = OFF(meetings_calls),
     .names = calls_names,
     .help = "a running camera or microphone capture is a call: auto, pipewire, alsa or no"},

    {.section = "cues",
     .key = "phone",
     .type = T_CHOICE,
     .def = "no",
     .offset = OFF(cues_phone),
     .names = phone_names,
     .help = "send each prompt to a paired phone too: no or kdeconnect"},
    {.section = "cues",
     .key = "device",
     .type = T_STRING,
     .def = "all",
     .offset = OFF(cues_device),
     .size = sizeof(((struct budge_config *)0)->cues_device),
     .help = "the KDE Connect device (its name or id) that gets prompts, or all"},
    {.section = "cues",
     .key = "command",
     .type = T_STRING,
     .def = "",
     .offset = OFF(cues_command),
     .size = sizeof(((struct budge_config *)0)->cues_command),
     .help = "a program run for each prompt (PATH ARGS..., split at spaces; empty: none)"},
    {.section = "cues",
     .key = "sound",
     .type = T_STRING,
     .def = "no",
     .offset = OFF(cues_sound),
     .size = sizeof(((struct budge_config *)0)->cues_sound),
     .help = "play a sound with each prompt: no, yes (the desktop's message sound) or a file"},

    {.section = "routine",
     .key = "at",
     .type = T_CLOCK,
     .def = "off",
     .offset = OFF(routine_at),
     .help = "a daily reminder for 'budge routine': off, morning (08:30), evening (19:00) or HH:MM"},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const idle_names[] = {
    [BUDGE_IDLE_AUTO] = "auto",   [BUDGE_IDLE_X11] = "x11",   [BUDGE_IDLE_WAYLAND] = "wayland",
    [BUDGE_IDLE_GNOME] = "gnome", [BUDGE_IDLE_NONE] = "none",
};

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const day_full[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

__attribute__((format(printf, 3, 4))) static void set_msg(char *msg, size_t len, const char *fmt,
                                                          ...)
{
	va_list ap;

	if (!msg || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

static void set_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* ---- work hours ---- */

static int parse_day(const char *s, size_t n)
{
	for (int d = 0; d < 7; d++) {
		if ((n == 3 && strncasecmp(s, day_names[d], 3) == 0) ||
		    (n == strlen(day_full[d]) && strncasecmp(s, day_full[d], n) == 0))
			return d;
	}
	return -1;
}

/* "H:MM" or "HH:MM", 00:00 .. 24:00. Returns seconds or -1. */
static int32_t parse_clock(const char *s, size_t n)
{
	int h = 0, m;
	size_t i = 0;

	if (n < 4 || n > 5)
		return -1;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		h = h * 10 + (s[i++] - '0');
	if (i == 0 || i > 2 || i + 3 != n || s[i] != ':')
		return -1;
	if (s[i + 1] < '0' || s[i + 1] > '5' || s[i + 2] < '0' || s[i + 2] > '9')
		return -1;
	m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	return (int32_t)(h * 3600 + m * 60);
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static size_t trimmed_len(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n;
}

#define WH_EXPECTED                                                                                \
	"expected 'always', 'never' or comma-separated windows like 'Mon-Fri 08:00-18:00'"

/* One item "DAYS HH:MM-HH:MM" of n bytes (already trimmed). */
static int parse_wh_item(const char *s, size_t n, struct budge_work_hours *wh, bool seen[7],
                         char *msg, size_t len)
{
	size_t dn = 0, a_len, t_len;
	const char *dash, *t, *t2;
	int d1, d2;
	int32_t start, end;

	while (dn < n && s[dn] != ' ' && s[dn] != '\t')
		dn++;
	if (dn == n) {
		set_msg(msg, len, "'%.*s' has no time window; " WH_EXPECTED, (int)(n > 40 ? 40 : n),
		        s);
		return -EINVAL;
	}
	/* days: DAY or DAY-DAY */
	dash = memchr(s, '-', dn);
	a_len = dash ? (size_t)(dash - s) : dn;
	d1 = parse_day(s, a_len);
	if (d1 < 0) {
		set_msg(msg, len,
		        _("unknown day '%.*s' (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)"),
		        (int)(a_len > 20 ? 20 : a_len), s);
		return -EINVAL;
	}
	d2 = d1;
	if (dash) {
		size_t b_len = dn - a_len - 1;
		d2 = parse_day(dash + 1, b_len);
		if (d2 < 0) {
			set_msg(msg, len,
			        _("unknown day '%.*s' (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun)"),
			        (int)(b_len > 20 ? 20 : b_len), dash + 1);
			return -EINVAL;
		}
	}
	/* times: HH:MM-HH:MM, blanks allowed around the dash */
	t = skip_blanks(s + dn);
	t_len = n - (size_t)(t - s);
	dash = memchr(t, '-', t_len);
	if (!dash) {
		set_msg(msg, len,
		        _("'%.*s' is not a time window (expected HH:MM-HH:MM, e.g. 08:00-18:00)"),
		        (int)(t_len > 20 ? 20 : t_len), t);
		return -EINVAL;
	}
	a_len = trimmed_len(t, (size_t)(dash - t));
	start = parse_clock(t, a_len);
	t2 = skip_blanks(dash + 1);
	end = parse_clock(t2, n - (size_t)(t2 - s));
	if (start < 0 || end < 0) {
		set_msg(msg, len,
		        _("bad time in '%.*s' (expected HH:MM-HH:MM between 00:00 and 24:00)"),
		        (int)(t_len > 20 ? 20 : t_len), t);
		return -EINVAL;
	}
	if (end <= start) {
		set_msg(msg, len,
		        _("window '%.*s' ends before it starts (windows across midnight are not "
		        "supported; split them, e.g. 'Mon 22:00-24:00, Tue 00:00-02:00')"),
		        (int)(t_len > 20 ? 20 : t_len), t);
		return -EINVAL;
	}
	for (int d = d1;; d = (d + 1) % 7) {
		if (seen[d]) {
			set_msg(msg, len, _("%s has more than one window (one window per day)"),
			        day_names[d]);
			return -EINVAL;
		}
		seen[d] = true;
		wh->start[d] = start;
		wh->end[d] = end;
		if (d == d2)
			break;
	}
	return 0;
}

int budge_work_hours_parse(const char *s, struct budge_work_hours *out, char *msg, size_t len)
{
	struct budge_work_hours wh;
	bool seen[7] = {false};
	const char *p;
	size_t n;

	if (!s || !out)
		return -EINVAL;
	memset(&wh, 0, sizeof(wh));
	p = skip_blanks(s);
	n = trimmed_len(p, strlen(p));
	if (n == 0) {
		set_msg(msg, len, "empty value; " WH_EXPECTED);
		return -EINVAL;
	}
	if (n == 6 && strncasecmp(p, "always", 6) == 0) {
		for (int d = 0; d < 7; d++) {
			wh.start[d] = 0;
			wh.end[d] = DAY_S;
		}
		*out = wh;
		return 0;
	}
	if (n == 5 && strncasecmp(p, "never", 5) == 0) {
		*out = wh;
		return 0;
	}
	for (;;) {
		const char *comma = memchr(p, ',', n);
		size_t item = comma ? (size_t)(comma - p) : n;
		size_t it = trimmed_len(p, item);
		int r;

		if (it == 0) {
			set_msg(msg, len, "empty window between commas; " WH_EXPECTED);
			return -EINVAL;
		}
		r = parse_wh_item(p, it, &wh, seen, msg, len);
		if (r < 0)
			return r;
		if (!comma)
			break;
		p = skip_blanks(comma + 1);
		n = trimmed_len(p, strlen(p));
	}
	*out = wh;
	return 0;
}

static void fmt_clock(char buf[8], int32_t s)
{
	unsigned h = (unsigned)(s / 3600) % 100, m = (unsigned)(s % 3600 / 60) % 60;

	buf[0] = (char)('0' + h / 10);
	buf[1] = (char)('0' + h % 10);
	buf[2] = ':';
	buf[3] = (char)('0' + m / 10);
	buf[4] = (char)('0' + m % 10);
	buf[5] = '\0';
}

int budge_work_hours_format(const struct budge_work_hours *wh, char *buf, size_t len)
{
	char out[256];
	size_t pos = 0;
	bool all = true, none = true;

	for (int d = 0; d < 7; d++) {
		if (wh->start[d] != 0 || wh->end[d] != DAY_S)
			all = false;
		if (wh->end[d] > wh->start[d])
			none = false;
	}
	if (all)
		return snprintf(buf, len, "always");
	if (none)
		return snprintf(buf, len, "never");

	out[0] = '\0';
	for (int d = 0; d < 7;) {
		int e = d;
		char a[8], b[8];

		if (wh->end[d] <= wh->start[d]) {
			d++;
			continue;
		}
		while (e + 1 < 7 && wh->start[e + 1] == wh->start[d] &&
		       wh->end[e + 1] == wh->end[d])
			e++;
		fmt_clock(a, wh->start[d]);
		fmt_clock(b, wh->end[d]);
		if (e == d)
			pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%s %s-%s",
			                        pos ? ", " : "", day_names[d], a, b);
		else
			pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%s-%s %s-%s",
			                        pos ? ", " : "", day_names[d], day_names[e], a, b);
		d = e + 1;
	}
	return snprintf(buf, len, "%s", out);
}

bool budge_work_hours_contains(const struct budge_work_hours *wh, int weekday, int32_t sec_of_day)
{
	if (!wh || weekday < 0 || weekday > 6)
		return false;
	return sec_of_day >= wh->start[weekday] && sec_of_day < wh->end[weekday];
}

/* ---- regions ---- */

static int format_regions(budge_region_mask mask, char *buf, size_t len)
{
	char out[256];
	size_t pos = 0;

	if (mask == BUDGE_REGION_ALL)
		return snprintf(buf, len, "all");
	out[0] = '\0';
	for (int r = 0; r < BUDGE_REGION_COUNT; r++)
		if (mask & (1u << r))
			pos +=
			    (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%s", pos ? ", " : "",
			                     budge_region_name((enum budge_region)r));
	return snprintf(buf, len, "%s", out);
}

/* ---- the table ---- */

static const struct key *find_key(const char *section, const char *key, bool *section_known)
{
	*section_known = false;
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		*section_known = true;
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	}
	return NULL;
}

/* Edit distance (insert, delete, substitute; case-insensitive) between a
 * and b, capped: names longer than 31 bytes are "far". */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[32];

	if (la > 31 || lb > 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The known key of section (or the known section, when section is NULL)
 * closest to name, if it is a likely typo; NULL otherwise. */
static const char *suggest(const char *section, const char *name)
{
	const char *best = NULL;
	int best_d = 3; /* at most two edits */

	for (size_t i = 0; i < N_KEYS; i++) {
		const char *cand;
		int d;
		if (section) {
			if (strcmp(keys[i].section, section) != 0)
				continue;
			cand = keys[i].key;
		} else {
			cand = keys[i].section;
		}
		d = distance(name, cand);
		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	return best;
}

/* "a, b, c" of the keys of a section, or of all sections when section is NULL. */
static void list_names(const char *section, char *buf, size_t len)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < N_KEYS && pos < len; i++) {
		const char *name;
		if (section) {
			if (strcmp(keys[i].section, section) != 0)
				continue;
			name = keys[i].key;
		} else {
			if (i > 0 && strcmp(keys[i - 1].section, keys[i].section) == 0)
				continue;
			name = keys[i].section;
		}
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", name);
	}
}

bool budge_config_section_known(const char *section)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (strcmp(keys[i].section, section) == 0)
			return true;
	return false;
}

/* One parser per key type: value into field (the key's member of the
 * config); on error a message into msg and -EINVAL. */
typedef int (*set_fn)(const struct key *k, void *field, const char *value, char *msg,
                      size_t len);

static int set_duration(const struct key *k, void *field, const char *value, char *msg,
                        size_t len)
{
	char b1[32], b2[32];
	int64_t v;
	int r = budge_duration_parse(value, &v);
	if (r == -ERANGE) {
		set_msg(msg, len, _("'%.40s' is too large"), value);
		return -EINVAL;
	}
	if (r < 0) {
		set_msg(msg, len, _("'%.40s' is not a duration (expected e.g. 90s, 5m, 2h, 7d or 1h30m)"),
		        value);
		return -EINVAL;
	}
	if (v < k->min || v > k->max) {
		budge_duration_format(k->min, b1, sizeof(b1));
		budge_duration_format(k->max, b2, sizeof(b2));
		set_msg(msg, len, _("'%.40s' is out of range (expected %s to %s)"), value, b1, b2);
		return -EINVAL;
	}
	memcpy(field, &v, sizeof(v));
	return 0;
}

static int set_int(const struct key *k, void *field, const char *value, char *msg, size_t len)
{
	long long v = 0;
	const char *p = value;
	bool ok = *p != '\0';
	for (; *p >= '0' && *p <= '9'; p++)
		if (v < 100000000)
			v = v * 10 + (*p - '0');
	if (*p || !ok) {
		set_msg(msg, len, _("'%.40s' is not a whole number (expected %lld to %lld)"), value,
		        (long long)k->min, (long long)k->max);
		return -EINVAL;
	}
	if (v < k->min || v > k->max) {
		set_msg(msg, len, _("%.40s is out of range (expected %lld to %lld)"), value,
		        (long long)k->min, (long long)k->max);
		return -EINVAL;
	}
	int32_t v32 = (int32_t)v;
	memcpy(field, &v32, sizeof(v32));
	return 0;
}

static int set_bool(const struct key *k, void *field, const char *value, char *msg, size_t len)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
			bool v = strcasecmp(value, yes[i]) == 0;
			memcpy(field, &v, sizeof(v));
			return 0;
		}
	}
	set_msg(msg, len, _("'%.40s' is not a switch (expected true or false)"), value);
	return -EINVAL;
}

static int set_work_hours(const struct key *k, void *field, const char *value, char *msg,
                          size_t len)
{
	struct budge_work_hours wh;
	char detail[200];
	if (budge_work_hours_parse(value, &wh, detail, sizeof(detail)) < 0) {
		set_msg(msg, len, "%s", detail);
		return -EINVAL;
	}
	memcpy(field, &wh, sizeof(wh));
	return 0;
}

static int set_regions(const struct key *k, void *field, const char *value, char *msg,
                       size_t len)
{
	budge_region_mask m;
	size_t bad = 0;
	if (budge_region_parse_list(value, &m, &bad) < 0) {
		size_t n = strcspn(value + bad, ", \t");
		set_msg(msg, len,
		        _("unknown region '%.*s' (expected 'all' or names from: feet, pelvis, "
		        "shoulders, neck, eyes, hands, upper-back, lower-back, core, "
		        "breathing, legs, whole-body, patterns)"),
		        (int)(n > 30 ? 30 : n), value + bad);
		return -EINVAL;
	}
	if (m == 0) {
		set_msg(msg, len, _("no region given (expected 'all' or a list such as 'feet, neck')"));
		return -EINVAL;
	}
	memcpy(field, &m, sizeof(m));
	return 0;
}

/* Kept as written, trimmed; the shell expands "~/" and reads the files.
 * No quotes or backslashes: the canonical text goes into JSON unescaped. */
static int set_paths(const struct key *k, void *field, const char *value, char *msg,
                     size_t len)
{
	const char *p = skip_blanks(value);
	size_t n = trimmed_len(p, strlen(p));
	enum { SIZE = sizeof(((struct budge_config *)0)->meetings_calendar) };
	if (n >= SIZE) {
		set_msg(msg, len, _("the list is too long (at most %zu bytes expected)"),
		        (size_t)SIZE - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\' || (unsigned char)p[i] < 0x20) {
			set_msg(msg, len,
			        _("'%.40s' has a quote, backslash or control character (expected "
			        "file names separated by commas)"),
			        p);
			return -EINVAL;
		}
	}
	for (size_t i = 0, start = 0; i <= n; i++) {
		if (i < n && p[i] != ',')
			continue;
		size_t a = start, b = i;
		while (a < b && (p[a] == ' ' || p[a] == '\t'))
			a++;
		if (a == b && n > 0) {
			set_msg(msg, len,
			        _("empty file name between commas (expected e.g. "
			        "'~/calendars/work.ics, ~/calendars/team.ics')"));
			return -EINVAL;
		}
		start = i + 1;
	}
	memmove(field, p, n); /* p may point into field (the defaults) */
	((char *)field)[n] = '\0';
	return 0;
}

static const char *const switch_names[] = {"auto", "yes", "no"};

static int set_switch(const struct key *k, void *field, const char *value, char *msg, size_t len)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	enum budge_auto_switch v = BUDGE_SWITCH_AUTO;
	bool known = strcasecmp(value, "auto") == 0;

	for (size_t i = 0; i < 4 && !known; i++) {
		if (strcasecmp(value, yes[i]) == 0)
			v = BUDGE_SWITCH_YES, known = true;
		else if (strcasecmp(value, no[i]) == 0)
			v = BUDGE_SWITCH_NO, known = true;
	}
	if (!known) {
		set_msg(msg, len, _("'%.40s' is not auto, yes or no"), value);
		return -EINVAL;
	}
	memcpy(field, &v, sizeof(v));
	return 0;
}

static int set_choice(const struct key *k, void *field, const char *value, char *msg,
                      size_t len)
{
	size_t l = 0;
	char names[96];

	for (int i = 0; k->names[i]; i++) {
		if (strcasecmp(value, k->names[i]) == 0) {
			memcpy(field, &i, sizeof(i));
			return 0;
		}
		l += (size_t)snprintf(names + l, l < sizeof(names) ? sizeof(names) - l : 0, "%s%s",
		                      i ? (k->names[i + 1] ? ", " : " or ") : "", k->names[i]);
	}
	set_msg(msg, len, _("'%.40s' is not one of the values (expected %s)"), value, names);
	return -EINVAL;
}

/* Kept as written, trimmed. No quotes or backslashes: the canonical text
 * goes into JSON unescaped. */
static int set_string(const struct key *k, void *field, const char *value, char *msg,
                      size_t len)
{
	const char *p = skip_blanks(value);
	size_t n = trimmed_len(p, strlen(p));

	if (n >= k->size) {
		set_msg(msg, len, _("the value is too long (at most %zu bytes expected)"), k->size - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\' || (unsigned char)p[i] < 0x20) {
			set_msg(msg, len, _("'%.40s' has a quote, backslash or control character"), value);
			return -EINVAL;
		}
	}
	memmove(field, p, n);
	((char *)field)[n] = '\0';
	return 0;
}

/* off, morning (08:30), evening (19:00) or HH:MM. */
static int set_clock(const struct key *k, void *field, const char *value, char *msg, size_t len)
{
	int32_t v = -1;
	int h, m;
	char tail;

	if (strcasecmp(value, "off") == 0)
		v = -1;
	else if (strcasecmp(value, "morning") == 0)
		v = 8 * HOUR_S + 30 * MIN_S;
	else if (strcasecmp(value, "evening") == 0)
		v = 19 * HOUR_S;
	else if (strlen(value) == 5 && value[2] == ':' &&
		 sscanf(value, "%2d:%2d%c", &h, &m, &tail) == 2 && h >= 0 && h < 24 && m >= 0 &&
		 m < 60)
		v = h * HOUR_S + m * MIN_S;
	else {
		set_msg(msg, len, _("'%.40s' is not a time of day (expected off, morning, evening or "
				    "HH:MM, e.g. 08:30)"),
			value);
		return -EINVAL;
	}
	memcpy(field, &v, sizeof(v));
	return 0;
}

static int set_idle(const struct key *k, void *field, const char *value, char *msg, size_t len)
{
	for (size_t i = 0; i < sizeof(idle_names) / sizeof(idle_names[0]); i++) {
		if (strcasecmp(value, idle_names[i]) == 0) {
			enum budge_idle_backend_choice v = (enum budge_idle_backend_choice)i;
			memcpy(field, &v, sizeof(v));
			return 0;
		}
	}
	set_msg(msg, len,
	        _("'%.40s' is not an idle backend (expected auto, x11, wayland, gnome or none)"),
	        value);
	return -EINVAL;
}

static const set_fn setters[] = {
    [T_DURATION] = set_duration, [T_INT] = set_int,         [T_BOOL] = set_bool,
    [T_WORK_HOURS] = set_work_hours, [T_REGIONS] = set_regions, [T_IDLE] = set_idle,
    [T_SWITCH] = set_switch, [T_CHOICE] = set_choice, [T_STRING] = set_string,
    [T_PATHS] = set_paths,       [T_CLOCK] = set_clock,
};

static int set_value(const struct key *k, struct budge_config *cfg, const char *value, char *msg,
                     size_t len)
{
	if ((size_t)k->type >= sizeof(setters) / sizeof(setters[0]) || !setters[k->type])
		return -EINVAL;
	return setters[k->type](k, (char *)cfg + k->offset, value, msg, len);
}

int budge_config_set(struct budge_config *cfg, const char *section, const char *key,
                     const char *value, struct budge_config_error *err)
{
	const struct key *k;
	bool section_known;
	char detail[224], names[160];
	int r;

	if (err) {
		err->message[0] = '\0';
		set_name(err->section, sizeof(err->section), section);
		set_name(err->key, sizeof(err->key), key);
		err->section2[0] = err->key2[0] = '\0';
	}
	if (!section || !key || !value)
		return -EINVAL;
	k = find_key(section, key, &section_known);
	if (!k) {
		if (!err)
			return -ENOENT;
		if (!section[0]) {
			set_msg(err->message, sizeof(err->message),
			        _("'%.40s' is outside any section (expected a [section] line first)"),
			        key);
		} else if (!section_known) {
			const char *near = suggest(NULL, section);
			list_names(NULL, names, sizeof(names));
			set_msg(err->message, sizeof(err->message),
			        _("unknown section [%.40s] (%s%s%sexpected one of: %s)"), section,
			        near ? "did you mean [" : "", near ? near : "", near ? "]? " : "",
			        names);
		} else {
			const char *near = suggest(section, key);
			list_names(section, names, sizeof(names));
			set_msg(err->message, sizeof(err->message),
			        _("unknown key '%.40s' in [%s] (%s%s%sexpected one of: %s)"), key,
			        section, near ? "did you mean '" : "", near ? near : "",
			        near ? "'? " : "", names);
		}
		return -ENOENT;
	}
	r = set_value(k, cfg, value, detail, sizeof(detail));
	if (r < 0 && err)
		set_msg(err->message, sizeof(err->message), "[%s] %s: %s", k->section, k->key,
		        detail);
	return r;
}

void budge_config_defaults(struct budge_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < N_KEYS; i++)
		(void)set_value(&keys[i], cfg, keys[i].def, NULL, 0);
}

static int relation_error(struct budge_config_error *err, const char *s1, const char *k1,
                          const char *s2, const char *k2, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int relation_error(struct budge_config_error *err, const char *s1, const char *k1,
                          const char *s2, const char *k2, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -EINVAL;
	set_name(err->section, sizeof(err->section), s1);
	set_name(err->key, sizeof(err->key), k1);
	set_name(err->section2, sizeof(err->section2), s2);
	set_name(err->key2, sizeof(err->key2), k2);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Is every table value in range? (A struct filled by hand can be off.) */
static int check_ranges(const struct budge_config *cfg, struct budge_config_error *err)
{
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		const char *field = (const char *)cfg + k->offset;
		int64_t v;

		if (k->type == T_DURATION) {
			memcpy(&v, field, sizeof(v));
		} else if (k->type == T_INT) {
			int32_t v32;
			memcpy(&v32, field, sizeof(v32));
			v = v32;
		} else if (k->type == T_REGIONS) {
			budge_region_mask m;
			memcpy(&m, field, sizeof(m));
			if (m == 0 || (m & ~BUDGE_REGION_ALL))
				return relation_error(err, k->section, k->key, "", "",
				                      _("[%s] %s: no valid region"), k->section,
				                      k->key);
			continue;
		} else if (k->type == T_SWITCH) {
			enum budge_auto_switch c;
			memcpy(&c, field, sizeof(c));
			if ((unsigned)c > BUDGE_SWITCH_NO)
				return relation_error(err, k->section, k->key, "", "",
				                      _("[%s] %s: not auto, yes or no"), k->section,
				                      k->key);
			continue;
		} else if (k->type == T_CHOICE) {
			int c, n = 0;
			memcpy(&c, field, sizeof(c));
			while (k->names[n])
				n++;
			if (c < 0 || c >= n)
				return relation_error(err, k->section, k->key, "", "",
				                      _("[%s] %s: not a known value"), k->section, k->key);
			continue;
		} else if (k->type == T_CLOCK) {
			int32_t c;
			memcpy(&c, field, sizeof(c));
			if (c < -1 || c >= DAY_S)
				return relation_error(err, k->section, k->key, "", "",
						      _("[%s] %s: not a time of day"), k->section,
						      k->key);
			continue;
		} else if (k->type == T_STRING) {
			if (!memchr(field, '\0', k->size))
				return relation_error(err, k->section, k->key, "", "",
				                      _("[%s] %s: not terminated"), k->section, k->key);
			continue;
		} else if (k->type == T_IDLE) {
			enum budge_idle_backend_choice c;
			memcpy(&c, field, sizeof(c));
			if ((unsigned)c > BUDGE_IDLE_NONE)
				return relation_error(err, k->section, k->key, "", "",
				                      _("[%s] %s: unknown backend"), k->section,
				                      k->key);
			continue;
		} else if (k->type == T_WORK_HOURS) {
			const struct budge_work_hours *wh = (const void *)field;
			for (int d = 0; d < 7; d++)
				if (wh->start[d] < 0 || wh->end[d] > DAY_S ||
				    (wh->end[d] < wh->start[d]))
					return relation_error(err, k->section, k->key, "", "",
					                      _("[%s] %s: bad window for %s"),
					                      k->section, k->key, day_names[d]);
			continue;
		} else {
			continue;
		}
		if (v < k->min || v > k->max)
			return relation_error(err, k->section, k->key, "", "",
			                      _("[%s] %s: %lld is out of range (%lld to %lld)"),
			                      k->section, k->key, (long long)v, (long long)k->min,
			                      (long long)k->max);
	}
	return 0;
}

int budge_config_validate(const struct budge_config *cfg, struct budge_config_error *err)
{
	char a[32], b[32];
	int r;

	if (err)
		err->message[0] = err->section[0] = err->key[0] = err->section2[0] = err->key2[0] =
		    '\0';
	r = check_ranges(cfg, err);
	if (r < 0)
		return r;

#define DUR2(x, y)                                                                                 \
	(budge_duration_format((x), a, sizeof(a)), budge_duration_format((y), b, sizeof(b)))
	if (cfg->sitting_gap >= cfg->sitting_full_break) {
		DUR2(cfg->sitting_gap, cfg->sitting_full_break);
		return relation_error(err, "sitting", "gap", "sitting", "full_break",
		                      _("[sitting] gap (%s) must be shorter than full_break (%s): a "
		                      "full break is a longer pause than the one that ends a bout"),
		                      a, b);
	}
	if (cfg->sitting_full_break >= cfg->sitting_limit) {
		DUR2(cfg->sitting_full_break, cfg->sitting_limit);
		return relation_error(err, "sitting", "full_break", "sitting", "limit",
		                      _("[sitting] full_break (%s) must be shorter than limit (%s)"),
		                      a, b);
	}
	if (cfg->walking_start_minutes > cfg->walking_target_minutes)
		return relation_error(err, "walking", "start_minutes", "walking", "target_minutes",
		                      _("[walking] start_minutes (%d) must not exceed target_minutes "
		                      "(%d)"),
		                      (int)cfg->walking_start_minutes,
		                      (int)cfg->walking_target_minutes);
	if (cfg->walking_start_days > cfg->walking_target_days)
		return relation_error(err, "walking", "start_days", "walking", "target_days",
		                      _("[walking] start_days (%d) must not exceed target_days (%d)"),
		                      (int)cfg->walking_start_days, (int)cfg->walking_target_days);
	if (cfg->plan_start_regions & ~cfg->plan_regions) {
		format_regions(cfg->plan_start_regions & ~cfg->plan_regions, a, sizeof(a));
		return relation_error(
		    err, "plan", "start_regions", "plan", "regions",
		    _("[plan] start_regions has %s, which [plan] regions leaves out"), a);
	}
#undef DUR2
	return 0;
}

/* ---- output ---- */

static int format_value(const struct key *k, const struct budge_config *cfg, char *buf, size_t len)
{
	const char *field = (const char *)cfg + k->offset;

	switch (k->type) {
	case T_DURATION: {
		int64_t v;
		memcpy(&v, field, sizeof(v));
		return budge_duration_format(v, buf, len);
	}
	case T_INT: {
		int32_t v;
		memcpy(&v, field, sizeof(v));
		return snprintf(buf, len, "%d", (int)v);
	}
	case T_BOOL: {
		bool v;
		memcpy(&v, field, sizeof(v));
		return snprintf(buf, len, "%s", v ? "true" : "false");
	}
	case T_WORK_HOURS:
		return budge_work_hours_format((const struct budge_work_hours *)(const void *)field,
		                               buf, len);
	case T_REGIONS: {
		budge_region_mask m;
		memcpy(&m, field, sizeof(m));
		return format_regions(m, buf, len);
	}
	case T_IDLE: {
		enum budge_idle_backend_choice c;
		memcpy(&c, field, sizeof(c));
		if ((unsigned)c > BUDGE_IDLE_NONE)
			return snprintf(buf, len, "auto");
		return snprintf(buf, len, "%s", idle_names[c]);
	}
	case T_PATHS:
		return snprintf(buf, len, "%.*s", (int)sizeof(cfg->meetings_calendar), field);
	case T_SWITCH: {
		enum budge_auto_switch c;
		memcpy(&c, field, sizeof(c));
		return snprintf(buf, len, "%s", switch_names[(unsigned)c <= BUDGE_SWITCH_NO ? c : 0]);
	}
	case T_CHOICE: {
		int c, n = 0;
		memcpy(&c, field, sizeof(c));
		while (k->names[n])
			n++;
		return snprintf(buf, len, "%s", k->names[c >= 0 && c < n ? c : 0]);
	}
	case T_STRING:
		return snprintf(buf, len, "%.*s", (int)k->size, field);
	case T_CLOCK: {
		int32_t c;
		memcpy(&c, field, sizeof(c));
		if (c < 0 || c >= DAY_S)
			return snprintf(buf, len, "off");
		return snprintf(buf, len, "%02d:%02d", (int)(c / HOUR_S), (int)(c % HOUR_S / MIN_S));
	}
	}
	return snprintf(buf, len, "%s", "");
}

int budge_config_get(const struct budge_config *cfg, const char *section, const char *key,
                     char *buf, size_t len)
{
	bool section_known;
	const struct key *k = find_key(section, key, &section_known);

	if (!k)
		return -ENOENT;
	return format_value(k, cfg, buf, len);
}

size_t budge_config_key_count(void)
{
	return N_KEYS;
}

int budge_config_key_at(size_t i, const char **section, const char **key, const char **def)
{
	if (i >= N_KEYS)
		return -ERANGE;
	if (section)
		*section = keys[i].section;
	if (key)
		*key = keys[i].key;
	if (def)
		*def = keys[i].def;
	return 0;
}

/* Appends to buf like snprintf, tracking the total length needed. */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

__attribute__((format(printf, 2, 3))) static void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
	              o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

int budge_config_format(const struct budge_config *cfg, char *buf, size_t len)
{
	struct out o = {.buf = buf, .len = len, .pos = 0};

	if (buf && len)
		buf[0] = '\0';
	for (size_t i = 0; i < N_KEYS; i++) {
		char v[1040];
		if (i == 0 || strcmp(keys[i - 1].section, keys[i].section) != 0)
			out_printf(&o, "%s[%s]\n", i ? "\n" : "", keys[i].section);
		format_value(&keys[i], cfg, v, sizeof(v));
		out_printf(&o, "# %s (default: %s)\n%s = %s\n", keys[i].help, keys[i].def,
		           keys[i].key, v);
	}
	return (int)o.pos;
}

int budge_config_format_json(const struct budge_config *cfg, char *buf, size_t len)
{
	struct out o = {.buf = buf, .len = len, .pos = 0};

	if (buf && len)
		buf[0] = '\0';
	out_printf(&o, "{");
	for (size_t i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		const char *field = (const char *)cfg + k->offset;
		char v[1040];

		if (i == 0 || strcmp(keys[i - 1].section, k->section) != 0)
			out_printf(&o, "%s\"%s\":{", i ? "}," : "", k->section);
		else
			out_printf(&o, ",");
		if (k->type == T_DURATION) {
			int64_t d;
			memcpy(&d, field, sizeof(d));
			out_printf(&o, "\"%s\":%lld", k->key, (long long)d);
		} else {
			/* canonical text never holds '"' or '\\' */
			format_value(k, cfg, v, sizeof(v));
			if (k->type == T_INT || k->type == T_BOOL)
				out_printf(&o, "\"%s\":%s", k->key, v);
			else
				out_printf(&o, "\"%s\":\"%s\"", k->key, v);
		}
	}
	out_printf(&o, "}}\n");
	return (int)o.pos;
}
