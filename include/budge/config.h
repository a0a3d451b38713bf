/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CONFIG_H
#define BUDGE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budge/region.h"

/*
 * The effective configuration. Pure data: the INI file is read by the shell
 * (src/daemon/config-file.c); values are parsed and validated here, in the
 * core, through one table of {section, key, type, default, offset}.
 * All durations are in seconds.
 */

enum budge_idle_backend_choice {
	BUDGE_IDLE_AUTO = 0,
	BUDGE_IDLE_X11,
	BUDGE_IDLE_WAYLAND,
	BUDGE_IDLE_GNOME,
	BUDGE_IDLE_NONE,
};

/* A switch that may be left to budge: on when what it needs is there. */
enum budge_auto_switch {
	BUDGE_SWITCH_AUTO = 0,
	BUDGE_SWITCH_YES,
	BUDGE_SWITCH_NO,
};

/* Work hours: for each weekday (0 = Monday .. 6 = Sunday) a window
 * [start, end) in seconds since local midnight. start == end means the day
 * is off. "always" sets every day to [0, 86400). */
struct budge_work_hours {
	int32_t start[7];
	int32_t end[7];
};

struct budge_config {
	/* [general] */
	struct budge_work_hours work_hours;
	/* [sitting] */
	int64_t sitting_limit;      /* 30m: continuous sitting before a movement break */
	int64_t sitting_gap;        /* 2m: idle at least this long ends the bout */
	int64_t sitting_full_break; /* 5m: idle this long is a full movement break */
	/* [prompts] */
	int64_t prompts_min_gap;          /* never two prompts closer than this */
	int32_t prompts_max_per_hour;     /* hard cap in any rolling hour */
	int64_t prompts_response_timeout; /* unanswered after this: "ignored" */
	int64_t prompts_snooze;           /* "snooze" delays by this */
	bool prompts_micro;               /* micro-movement prompts on/off */
	bool prompts_do_not_disturb;      /* follow the server's do-not-disturb */
	bool prompts_sound;               /* sound-name hint on prompts */
	int64_t prompts_micro_interval;   /* 15m: at most one micro prompt per this much sitting (0: no limit) */
	/* [plan] */
	budge_region_mask plan_start_regions; /* regions active in week 1 */
	int64_t plan_add_region_every;        /* 7d: one more region each period */
	budge_region_mask plan_regions;       /* regions the plan may ever add */
	/* [walking] */
	int32_t walking_start_minutes;  /* 10: first week's minutes per walk */
	int32_t walking_target_minutes; /* 30: minutes per walk to build to */
	int32_t walking_start_days;     /* 3: walks per week in week 1 */
	int32_t walking_target_days;    /* 5: walks per week to build to */
	int32_t walking_weeks;          /* 26: weeks to reach the target */
	/* [idle] */
	enum budge_idle_backend_choice idle_backend;
	enum budge_auto_switch tray_enabled; /* [tray] enabled */
	/* [meetings] */
	bool meetings_fullscreen; /* yes: a fullscreen focused window (X11) is a meeting */
	char meetings_calendar[1024]; /* "": none; else comma-separated .ics paths, as
	                               * written ("~/" is expanded by the daemon) */
	int meetings_calls; /* enum budge_calls_choice: camera/microphone capture = a call */
	/* [cues] */
	int cues_phone;         /* enum budge_phone_choice */
	char cues_device[128];  /* KDE Connect device name or id, or "all" */
	char cues_command[512]; /* "": none; else PATH ARGS..., split at spaces */
	char cues_sound[512];   /* "no", "yes" or a sound file */
	/* [routine] at: the daily routine's reminder, seconds after local
	 * midnight, or -1 (off) */
	int32_t routine_at;
};

/* [meetings] calls and [cues] phone (the order of the config's names). */
enum budge_calls_choice {
	BUDGE_CALLS_AUTO = 0, /* PipeWire when it runs, else ALSA and /dev/video */
	BUDGE_CALLS_PIPEWIRE,
	BUDGE_CALLS_ALSA,
	BUDGE_CALLS_NO,
};
enum budge_phone_choice {
	BUDGE_PHONE_NO = 0,
	BUDGE_PHONE_KDECONNECT,
};

/* Where a parse error happened and what was expected. */
struct budge_config_error {
	char path[256]; /* file name, or "" */
	int line;       /* 1-based, 0 if not from a file */
	char message[256];
	/* Added: the key the error is about ("" if none), and for a failed
	 * cross-field check the other key involved (section2/key2), so that a
	 * file reader can point at the line that set either of them. */
	char section[32];
	char key[32];
	char section2[32];
	char key2[32];
};

/* Fill *cfg with the built-in defaults (parsed from the same table as
 * user input). Never fails. */
void budge_config_defaults(struct budge_config *cfg);

/* Set one key. Returns 0, or -EINVAL with err->message filled (err->path
 * and err->line are left to the caller). Unknown section/key is -ENOENT. */
int budge_config_set(struct budge_config *cfg, const char *section, const char *key,
		     const char *value, struct budge_config_error *err);

/* Cross-field validation after all keys are set (e.g. gap < full_break <
 * limit). Returns 0 or -EINVAL with err->message filled. */
int budge_config_validate(const struct budge_config *cfg, struct budge_config_error *err);

/* Write the configuration as an INI document (every key, canonical values)
 * into buf (borrowed, len bytes). Returns the length needed, like snprintf. */
int budge_config_format(const struct budge_config *cfg, char *buf, size_t len);

/* Is local time (weekday 0 = Monday, seconds since midnight) inside work
 * hours? */
bool budge_work_hours_contains(const struct budge_work_hours *wh, int weekday, int32_t sec_of_day);

/* Added: the key table, for listings and documentation checks.
 * budge_config_key_count() keys; budge_config_key_at() gives the i-th key's
 * section, name and default value (static storage; any out pointer may be
 * NULL). Returns 0, or -ERANGE when i is out of range.
 * budge_config_section_known() says whether the table has that section. */
size_t budge_config_key_count(void);
bool budge_config_section_known(const char *section);
int budge_config_key_at(size_t i, const char **section, const char **key, const char **def);

/* Added: the canonical text of one key's value, as budge_config_format
 * writes it, into buf (borrowed, len bytes). Returns the length needed like
 * snprintf, or -ENOENT for an unknown section/key. */
int budge_config_get(const struct budge_config *cfg, const char *section, const char *key,
		     char *buf, size_t len);

/* Added: the configuration as one JSON object {"section": {"key": value}}.
 * Durations are integers in seconds, counts integers, switches booleans,
 * everything else strings in the canonical form. Returns the length needed,
 * like snprintf. */
int budge_config_format_json(const struct budge_config *cfg, char *buf, size_t len);

/* Added: parse a work-hours value ("Mon-Fri 08:00-18:00, Sat 10:00-14:00",
 * "always", "never") into *out. Returns 0, or -EINVAL with a message saying
 * what was wrong written into msg (borrowed, len bytes; may be NULL). */
int budge_work_hours_parse(const char *s, struct budge_work_hours *out, char *msg, size_t len);

/* Added: canonical text of work hours (days with the same window grouped
 * into ranges). Returns the length needed, like snprintf. */
int budge_work_hours_format(const struct budge_work_hours *wh, char *buf, size_t len);

#endif
