/* SPDX-License-Identifier: MIT */
/*
 * Commands that talk to the running coach over D-Bus (org.budge.Coach1 on
 * the session bus): status, next, done|snooze|skip|too-hard|hurts, pause,
 * resume, meeting. Synchronous calls (this is the CLI, not the loop). The
 * calls never start a coach by bus activation: when none runs, they say so
 * and exit 5.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "budge/duration.h"
#include "cli.h"
#include "budge/coach-bus.h"
#include "budge/i18n.h"


static int connect_bus(const char *sub, sd_bus **bus)
{
	int r = sd_bus_open_user(bus);

	if (r < 0) {
		cli_error(sub,
			  _("no coach is running: there is no session bus (%s); start it with "
			    "'budge run' or 'systemctl --user start budge'"),
			  strerror(-r));
		return BUDGE_EXIT_NO_DAEMON;
	}
	return BUDGE_EXIT_OK;
}

static int map_error(const char *sub, const sd_bus_error *e, int r)
{
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER) ||
	    sd_bus_error_has_name(e, SD_BUS_ERROR_NO_REPLY) || r == -ECONNRESET) {
		cli_error(sub, "%s",
			  _("no coach is running in this session; start it with 'budge run' or "
			    "'systemctl --user start budge'"));
		return BUDGE_EXIT_NO_DAEMON;
	}
	if (sd_bus_error_has_name(e, SD_BUS_ERROR_INVALID_ARGS)) {
		cli_error(sub, "%s", e->message);
		return BUDGE_EXIT_USAGE;
	}
	if (sd_bus_error_has_name(e, BUDGE_BUS_ERROR_STORE)) {
		cli_error(sub, "%s", e->message);
		return BUDGE_EXIT_STORE;
	}
	cli_error(sub, "%s", e && e->message ? e->message : strerror(-r));
	return BUDGE_EXIT_FAILURE;
}

/* Call a method of the coach; *reply (may be NULL) owned by the caller.
 * Returns an enum budge_exit value. */
static int call(const char *sub, const char *method, sd_bus_message **reply, const char *types, ...)
{
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *rep = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	va_list ap;
	int ret = connect_bus(sub, &bus), r;

	if (ret != BUDGE_EXIT_OK)
		return ret;
	r = sd_bus_message_new_method_call(bus, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH, BUDGE_BUS_IFACE,
	                                   method);
	if (r >= 0)
		r = sd_bus_message_set_auto_start(m, 0);
	if (r >= 0 && types) {
		va_start(ap, types);
		r = sd_bus_message_appendv(m, types, ap);
		va_end(ap);
	}
	if (r < 0) {
		cli_error(sub, _("cannot build the request: %s"), strerror(-r));
		ret = BUDGE_EXIT_FAILURE;
		goto out;
	}
	r = sd_bus_call(bus, m, 10 * 1000000ULL, &e, &rep);
	if (r < 0) {
		ret = map_error(sub, &e, r);
		goto out;
	}
	if (reply)
		*reply = sd_bus_message_ref(rep);
out:
	sd_bus_error_free(&e);
	sd_bus_message_unref(rep);
	sd_bus_message_unref(m);
	sd_bus_flush_close_unref(bus);
	return ret;
}

static int get_status(const char *sub, char **json)
{
	sd_bus_message *rep = NULL;
	const char *s;
	int ret = call(sub, "Status", &rep, NULL);

	if (ret != BUDGE_EXIT_OK)
		return ret;
	if (sd_bus_message_read(rep, "s", &s) < 0 || !(*json = strdup(s))) {
		cli_error(sub, _("the coach sent a malformed status"));
		ret = BUDGE_EXIT_FAILURE;
	}
	sd_bus_message_unref(rep);
	return ret;
}

int64_t cli_coach_sitting_s(void)
{
	sd_bus *bus = NULL;
	sd_bus_message *m = NULL, *rep = NULL;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	const char *s;
	char sit[32];
	int64_t v = -1;

	if (sd_bus_open_user(&bus) < 0)
		return -1;
	if (sd_bus_message_new_method_call(bus, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH, BUDGE_BUS_IFACE,
	                                   "Status") >= 0 &&
	    sd_bus_message_set_auto_start(m, 0) >= 0 &&
	    sd_bus_call(bus, m, 2 * 1000000ULL, &e, &rep) >= 0 &&
	    sd_bus_message_read(rep, "s", &s) >= 0 && cli_json_field(s, "sitting_s", sit, sizeof(sit)))
		v = strtoll(sit, NULL, 10);
	sd_bus_error_free(&e);
	sd_bus_message_unref(rep);
	sd_bus_message_unref(m);
	sd_bus_flush_close_unref(bus);
	return v < 0 ? -1 : v;
}

/* "2026-11-22T06:30:00+01:00" -> "06:30" on the day of the status's
 * "now", else "2026-11-22 06:30" */
static void fmt_when(const char *st, const char *iso, char *buf, size_t len)
{
	char now[48] = "";

	cli_json_field(st, "now", now, sizeof(now));
	if (strlen(iso) >= 16 && iso[10] == 'T' && strncmp(now, iso, 10) == 0)
		snprintf(buf, len, "%.5s", iso + 11);
	else if (strlen(iso) >= 16 && iso[10] == 'T')
		snprintf(buf, len, "%.10s %.5s", iso, iso + 11);
	else
		snprintf(buf, len, "%s", iso);
}

/* "KEY":["a","b"] of the status object -> "a, b" ("" if none). */
static void json_list(const char *json, const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p;
	size_t l = 0;

	buf[0] = 0;
	snprintf(pat, sizeof(pat), "\"%s\":[", key);
	p = strstr(json, pat);
	if (!p)
		return;
	for (p += strlen(pat); *p && *p != ']' && l + 3 < len; p++) {
		if (*p == '"')
			continue;
		buf[l++] = *p;
		if (*p == ',')
			buf[l++] = ' ';
	}
	buf[l] = 0;
}

/* "meeting: calendar, until 10:30" */
static void print_meeting(const char *st)
{
	char sources[80], until[48] = "null", cal[48] = "null", when[48], cwhen[48];

	json_list(st, "meeting_source", sources, sizeof(sources));
	cli_json_field(st, "meeting_until", until, sizeof(until));
	cli_json_field(st, "calendar_meeting_until", cal, sizeof(cal));
	fmt_when(st, until, when, sizeof(when));
	fmt_when(st, cal, cwhen, sizeof(cwhen));
	/* TRANSLATORS: budge status's lines: the values start at column 14 */
	printf(_("meeting:     %s, until %s"), sources[0] ? sources : "manual",
	       strcmp(until, "null") != 0 ? when
	       : strstr(sources, "call")  ? _("the camera and microphone are off (in a call)")
					  : "'budge meeting end'");
	if (strcmp(cal, "null") != 0 && strcmp(cal, until) != 0)
		printf(_(" (the calendar's until %s)"), cwhen);
	printf("\n");
}

int cmd_status(int argc, char **argv)
{
	bool json = false, follow = false;
	const char *format = NULL;
	char *st = NULL;
	char state[32] = "", sit[32] = "0", next[48] = "null", mov[80] = "null", week[16] = "?",
	     kind[32] = "", until[48] = "null", when[48], dur[32], openp[16] = "0",
	     reason[80] = "", blocked[256] = "";
	int ret;

	if (cli_wants_help(argc, argv)) {
		printf(_("Usage: budge status [--json]\n"
		       "       budge status --follow [--format plain|json|waybar|i3bar]\n\n"
		       "Show the running coach's state: present, idle, away, paused, quiet (the\n"
		       "desktop's do not disturb: no prompts, sitting still counts), meeting, call\n"
		       "(a camera or microphone is in use) or stopped (an emergency sign at\n"
		       "check-in: no prompts until 'budge checkin --clear-red-flags'); in a\n"
		       "meeting, where it comes from (manual, calendar, fullscreen, call) and when\n"
		       "it ends; how long you have been sitting; the next prompt;\n"
		       "the plan week; regions not coached after a red flag.\n"
		       "--json prints one JSON object (see budge(1)). Exit status 5 when no coach "
		       "runs.\n"
		       "--follow prints a line each time the state changes, for status bars (waybar,\n"
		       "i3status-rust, polybar: see budge(1)), and goes on when the coach stops or\n"
		       "restarts; --format says how the line looks (default plain).\n"));
		return BUDGE_EXIT_OK;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--follow") == 0 || strcmp(argv[i], "-f") == 0) {
			follow = true;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			format = argv[++i];
		} else if (strncmp(argv[i], "--format=", 9) == 0) {
			format = argv[i] + 9;
		} else {
			cli_error(argv[0], _("unexpected argument '%s': expected --json, --follow or "
			                   "--format"), argv[i]);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (format && !follow) {
		cli_error(argv[0], _("--format goes with --follow"));
		return BUDGE_EXIT_USAGE;
	}
	if (follow)
		return cli_status_follow(argv[0], json ? "json" : format);
	ret = get_status(argv[0], &st);
	if (ret != BUDGE_EXIT_OK)
		return ret;
	if (json) {
		printf("%s\n", st);
		free(st);
		return BUDGE_EXIT_OK;
	}
	cli_json_field(st, "state", state, sizeof(state));
	cli_json_field(st, "sitting_s", sit, sizeof(sit));
	cli_json_field(st, "next_prompt_at", next, sizeof(next));
	cli_json_field(st, "next_movement", mov, sizeof(mov));
	cli_json_field(st, "next_kind", kind, sizeof(kind));
	cli_json_field(st, "plan_week", week, sizeof(week));
	cli_json_field(st, "paused_until", until, sizeof(until));
	budge_duration_format(strtoll(sit, NULL, 10), dur, sizeof(dur));
	printf(_("state:       %s\n"), state);
	if (strcmp(state, "paused") == 0) {
		fmt_when(st, until, when, sizeof(when));
		printf(_("paused:      %s\n"),
		       strcmp(until, "null") == 0 ? _("until 'budge resume'") : when);
	}
	if (strcmp(state, "quiet") == 0)
		printf(_("quiet:       do not disturb is on: no prompts until it is off\n"));
	if (strcmp(state, "meeting") == 0 || strcmp(state, "call") == 0)
		print_meeting(st);
	if (strcmp(state, "stopped") == 0) {
		cli_json_field(st, "stop_reason", reason, sizeof(reason));
		printf(_("stopped:     after an emergency sign at check-in (%s); see a clinician "
		       "today,\n             then run 'budge checkin --clear-red-flags'\n"),
		       reason);
	}
	/* "blocked_regions":["a","b"] -> a, b */
	const char *b = strstr(st, "\"blocked_regions\":[");
	if (b) {
		size_t l = 0;
		b += strlen("\"blocked_regions\":[");
		for (; *b && *b != ']' && l < sizeof(blocked) - 3; b++) {
			if (*b == '"')
				continue;
			blocked[l++] = *b;
			if (*b == ',')
				blocked[l++] = ' ';
		}
		blocked[l] = 0;
		if (blocked[0] && strcmp(state, "stopped") != 0)
			printf(_("not coached: %s (red flag at check-in)\n"), blocked);
	}
	printf(_("sitting:     %s\n"), dur);
	if (cli_json_field(st, "open_prompt", openp, sizeof(openp)) && strcmp(openp, "0") != 0) {
		printf(
		    _("open prompt: %s (answer with budge done, snooze, skip, too-hard or hurts)\n"),
		    openp);
	} else if (strcmp(next, "null") == 0) {
		printf(_("next prompt: none planned\n"));
	} else {
		fmt_when(st, next, when, sizeof(when));
		printf(_("next prompt: %s at %s\n"), strcmp(mov, "null") == 0 ? kind : mov, when);
	}
	printf(_("plan week:   %s\n"), week);
	free(st);
	return BUDGE_EXIT_OK;
}

int cmd_next(int argc, char **argv)
{
	char *st = NULL;
	char next[48] = "null", mov[80] = "null", kind[32] = "", when[48];
	int ret;

	if (cli_wants_help(argc, argv)) {
		printf(_("Usage: budge next\n\nShow the next prompt the running coach plans and "
		       "when.\n"));
		return BUDGE_EXIT_OK;
	}
	if (argc > 1) {
		cli_error(argv[0], _("unexpected argument '%s'"), argv[1]);
		return BUDGE_EXIT_USAGE;
	}
	ret = get_status(argv[0], &st);
	if (ret != BUDGE_EXIT_OK)
		return ret;
	cli_json_field(st, "next_prompt_at", next, sizeof(next));
	cli_json_field(st, "next_movement", mov, sizeof(mov));
	cli_json_field(st, "next_kind", kind, sizeof(kind));
	if (strcmp(next, "null") == 0) {
		printf(_("no prompt planned (away, paused, outside work hours or nothing due)\n"));
	} else {
		fmt_when(st, next, when, sizeof(when));
		printf("%s (%s) at %s\n", strcmp(mov, "null") == 0 ? kind : mov, kind, when);
	}
	free(st);
	return BUDGE_EXIT_OK;
}

int cmd_respond(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf(_("Usage: budge %s\n\n"
		       "Answer the coach's open prompt: done, snooze (ask again later), skip,\n"
		       "too-hard (step down to the easier variant) or hurts (step down; repeated\n"
		       "pain shows safety advice).\n"),
		       argv[0]);
		return BUDGE_EXIT_OK;
	}
	if (argc > 1) {
		cli_error(argv[0], _("unexpected argument '%s'"), argv[1]);
		return BUDGE_EXIT_USAGE;
	}
	int ret = call(argv[0], "Respond", NULL, "s", argv[0]);
	if (ret == BUDGE_EXIT_OK)
		printf("recorded: %s\n", argv[0]);
	return ret;
}

static int parse_duration_arg(const char *sub, const char *s, uint64_t *out)
{
	int64_t v;

	if (budge_duration_parse(s, &v) < 0 || v <= 0) {
		cli_error(sub, _("bad duration '%s': expected e.g. 30m, 1h or 1h30m"), s);
		return BUDGE_EXIT_USAGE;
	}
	*out = (uint64_t)v;
	return BUDGE_EXIT_OK;
}

int cmd_pause(int argc, char **argv)
{
	uint64_t secs = 0;
	int ret;

	if (cli_wants_help(argc, argv)) {
		printf(_("Usage: budge pause [DURATION]\n\n"
		       "Pause coaching for DURATION (e.g. 30m, 2h) or until 'budge resume'.\n"));
		return BUDGE_EXIT_OK;
	}
	if (argc > 2) {
		cli_error(argv[0], _("unexpected argument '%s'"), argv[2]);
		return BUDGE_EXIT_USAGE;
	}
	if (argc == 2 && (ret = parse_duration_arg(argv[0], argv[1], &secs)) != BUDGE_EXIT_OK)
		return ret;
	ret = call(argv[0], "Pause", NULL, "t", secs);
	if (ret == BUDGE_EXIT_OK)
		printf(argc == 2 ? _("paused for %s\n") : _("paused until 'budge resume'%s\n"),
		       argc == 2 ? argv[1] : "");
	return ret;
}

int cmd_resume(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf(_("Usage: budge resume\n\n"
		       "Resume coaching after 'budge pause'. It does not lift an emergency stop\n"
		       "from the check-in: only 'budge checkin --clear-red-flags' does (exit\n"
		       "status 1 while coaching stays stopped).\n"));
		return BUDGE_EXIT_OK;
	}
	if (argc > 1) {
		cli_error(argv[0], _("unexpected argument '%s'"), argv[1]);
		return BUDGE_EXIT_USAGE;
	}
	char *st = NULL, paused[8] = "";
	int ret = get_status(argv[0], &st);

	if (ret != BUDGE_EXIT_OK)
		return ret;
	cli_json_field(st, "paused", paused, sizeof(paused));
	free(st);
	ret = call(argv[0], "Resume", NULL, NULL);
	if (ret == BUDGE_EXIT_OK)
		fputs(strcmp(paused, "true") == 0 ? _("coaching resumed\n")
			: _("coaching was not paused: nothing to resume\n"),
		      stdout);
	return ret;
}

int cmd_meeting(int argc, char **argv)
{
	uint64_t secs = 0;
	int ret;

	if (cli_wants_help(argc, argv)) {
		printf(
		    _("Usage: budge meeting [DURATION | end]\n\n"
		    "Start a meeting (for DURATION, or until 'budge meeting end'): only discreet\n"
		    "movements are prompted, and a due movement break waits until it ends.\n"
		    "Meetings also come from the calendar ([meetings] calendar, budge(5)) and\n"
		    "from a fullscreen window; 'budge meeting end' ends them all. 'budge status'\n"
		    "says where the meeting comes from and when it ends.\n"));
		return BUDGE_EXIT_OK;
	}
	if (argc > 2) {
		cli_error(argv[0], _("unexpected argument '%s'"), argv[2]);
		return BUDGE_EXIT_USAGE;
	}
	if (argc == 2 && strcmp(argv[1], "end") == 0) {
		ret = call(argv[0], "MeetingEnd", NULL, NULL);
		if (ret == BUDGE_EXIT_OK)
			printf(_("meeting ended\n"));
		return ret;
	}
	if (argc == 2 && (ret = parse_duration_arg(argv[0], argv[1], &secs)) != BUDGE_EXIT_OK)
		return ret;
	ret = call(argv[0], "MeetingStart", NULL, "t", secs);
	if (ret == BUDGE_EXIT_OK)
		printf(argc == 2 ? _("in a meeting for %s\n")
				 : _("in a meeting until 'budge meeting end'%s\n"),
		       argc == 2 ? argv[1] : "");
	return ret;
}
