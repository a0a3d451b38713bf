/* SPDX-License-Identifier: MIT */
/*
 * The tray icon (tray.h): org.kde.StatusNotifierItem, what its menu's items
 * do, and the registration with org.kde.StatusNotifierWatcher (the tray
 * host), again each time a watcher takes the name. Hosts read the
 * properties when told NewIcon / NewStatus / NewToolTip, which are emitted
 * only when what they show changes.
 */
#include "tray.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "budge-build-config.h"
#include "budge/i18n.h"
#include "log.h"
#include "tray-menu.h"

#define ITEM_PATH "/StatusNotifierItem"
#define ITEM_IFACE "org.kde.StatusNotifierItem"
#define MENU_PATH "/MenuBar"
#define WATCHER_NAME "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH "/StatusNotifierWatcher"

extern char **environ;

struct budge_tray {
	struct budge_daemon *d;
	const struct budge_coach_ops *ops;
	sd_bus *bus;
	sd_bus_slot *vtable, *owner_match, *register_call;
	struct budge_tray_menu *menu;
	char *db_path;
	bool required;
	bool said_no_host; /* the one line for "no tray host" was logged */
	char theme_path[4096];
	/* what the hosts were last told (the tooltip without its minute count,
	 * which a host reading the property gets fresh) */
	char icon[32], status[16], tooltip[256];
};

const char *budge_tray_icon(const char *state, bool prompt_open)
{
	static const struct {
		const char *state, *icon;
	} icons[] = {
	    {"stopped", "budge-stopped"}, {"meeting", "budge-meeting"}, {"call", "budge-meeting"}, {"paused", "budge-paused"},
	    {"quiet", "budge-paused"},    {"away", "budge-away"},       {"idle", "budge-away"},
	};
	for (size_t i = 0; i < sizeof(icons) / sizeof(icons[0]); i++)
		if (strcmp(state, icons[i].state) == 0)
			return icons[i].icon;
	return prompt_open ? "budge-due" : "budge-sitting";
}

/* "24 min" or "1 h 05 min" into buf. */
static void minutes(int64_t s, char *buf, size_t len)
{
	int64_t m = (s + 30) / 60;
	if (m < 60)
		snprintf(buf, len, "%lld min", (long long)(m < 0 ? 0 : m));
	else
		snprintf(buf, len, "%lld h %02lld min", (long long)(m / 60), (long long)(m % 60));
}

/* "10:24", local time. */
static void clock_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (localtime_r(&tt, &tm))
		strftime(buf, len, "%H:%M", &tm);
	else
		snprintf(buf, len, "?");
}

/* What comes next, with a time of day (which stays right while cached). */
static void next_text(struct budge_tray *t, const struct budge_status *st, const char *state,
                      char *buf, size_t len)
{
	const char *reason = NULL;
	char at[16];

	if (strcmp(state, "stopped") == 0 && t->ops->stopped(t->d, &reason)) {
		snprintf(buf, len, _("coaching stopped: %s"), reason ? reason : "");
	} else if (st->paused && st->paused_until > 0) {
		clock_time(st->paused_until, at, sizeof(at));
		snprintf(buf, len, _("paused until %s"), at);
	} else if (st->paused) {
		snprintf(buf, len, "%s", _("paused"));
	} else if (st->in_meeting && strcmp(state, "call") == 0) {
		snprintf(buf, len, "%s", _("in a call: discreet movements only"));
	} else if (st->in_meeting) {
		/* discreet prompts still come; a due break waits for the end */
		snprintf(buf, len, "%s", _("in a meeting: discreet movements only"));
	} else if (st->open_prompt_id) {
		snprintf(buf, len, "%s", _("a prompt is open"));
	} else if (st->next_prompt_at != BUDGE_NO_DEADLINE) {
		clock_time(st->next_prompt_at, at, sizeof(at));
		/* TRANSLATORS: %s is a time of day, "10:24" */
		snprintf(buf, len,
			 st->next_kind == BUDGE_PROMPT_MOVEMENT_BREAK ? _("movement break at %s")
			 : st->next_kind == BUDGE_PROMPT_WALK         ? _("walk at %s")
								      : _("micro-movement at %s"),
			 at);
	} else {
		snprintf(buf, len, "%s", _("nothing due"));
	}
}

/* The tooltip: since when the user sits (and, for a host reading it now,
 * for how long), what comes next, today so far. */
static void tooltip_text(struct budge_tray *t, bool with_minutes, char *buf, size_t len)
{
	struct budge_status st;
	char since[16], sat[48] = "", next[160];
	uint32_t asked = 0, done = 0;
	int64_t now = t->ops->now(t->d);

	t->ops->status(t->d, now, &st);
	const char *state = t->ops->state(t->d, &st);
	t->ops->today(t->d, &asked, &done);
	next_text(t, &st, state, next, sizeof(next));
	if (st.presence == BUDGE_PRESENT && st.sitting_s > 0) {
		clock_time(now - st.sitting_s, since, sizeof(since));
		if (with_minutes) {
			char m[40];
			minutes(st.sitting_s, m, sizeof(m));
			snprintf(sat, sizeof(sat), " (%s)", m);
		}
		/* TRANSLATORS: "Sitting since 10:02 (24 min) · walk at 10:32 · today 3
		 * of 4 done"; %1$s the time, %2$s the minutes or nothing, %3$s what
		 * comes next, %4$u the done prompts, %5$u all prompts */
		snprintf(buf, len, _("Sitting since %1$s%2$s · %3$s · today %4$u of %5$u done"), since,
			 sat, next, done, asked);
	} else {
		/* TRANSLATORS: "Away · nothing due · today 3 of 4 done" */
		snprintf(buf, len, _("%1$s · %2$s · today %3$u of %4$u done"),
			 strcmp(state, "away") == 0 || strcmp(state, "idle") == 0 ? _("Away")
										 : _("Not sitting"),
			 next, done, asked);
	}
}

static int get_property(sd_bus *bus, const char *path, const char *iface, const char *prop,
                        sd_bus_message *reply, void *userdata, sd_bus_error *err)
{
	struct budge_tray *t = userdata;
	(void)bus, (void)path, (void)iface, (void)err;

	if (strcmp(prop, "Category") == 0)
		return sd_bus_message_append(reply, "s", "ApplicationStatus");
	if (strcmp(prop, "Id") == 0 || strcmp(prop, "Title") == 0)
		return sd_bus_message_append(reply, "s", "budge");
	if (strcmp(prop, "Status") == 0)
		return sd_bus_message_append(reply, "s", t->status);
	if (strcmp(prop, "WindowId") == 0)
		return sd_bus_message_append(reply, "i", 0);
	if (strcmp(prop, "IconName") == 0)
		return sd_bus_message_append(reply, "s", t->icon);
	if (strcmp(prop, "AttentionIconName") == 0)
		return sd_bus_message_append(reply, "s", "budge-due");
	if (strcmp(prop, "OverlayIconName") == 0 || strcmp(prop, "AttentionMovieName") == 0)
		return sd_bus_message_append(reply, "s", "");
	if (strcmp(prop, "IconThemePath") == 0)
		return sd_bus_message_append(reply, "s", t->theme_path);
	if (strcmp(prop, "ToolTip") == 0) {
		char tip[256];
		tooltip_text(t, true, tip, sizeof(tip));
		return sd_bus_message_append(reply, "(sa(iiay)ss)", t->icon, 0, "budge", tip);
	}
	if (strcmp(prop, "ItemIsMenu") == 0)
		return sd_bus_message_append(reply, "b", 0);
	if (strcmp(prop, "Menu") == 0)
		return sd_bus_message_append(reply, "o", MENU_PATH);
	return sd_bus_message_append(reply, "a(iiay)", 0); /* the pixmaps: none, icons by name */
}

/* Left click: the open prompt again, else the status as a notification. */
static int method_activate(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_tray *t = userdata;
	(void)err;
	char tip[256];
	if (!t->ops->show_prompt(t->d)) {
		tooltip_text(t, true, tip, sizeof(tip));
		t->ops->notice(t->d, "budge", tip);
	}
	return sd_bus_reply_method_return(m, "");
}

/* The host draws the menu itself (from /MenuBar); scrolling does nothing. */
static int method_nothing(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)userdata, (void)err;
	return sd_bus_reply_method_return(m, "");
}

#define PROP(name, sig) SD_BUS_PROPERTY(name, sig, get_property, 0, 0)
static const sd_bus_vtable item_vtable[] = {
    SD_BUS_VTABLE_START(0),
    PROP("Category", "s"),
    PROP("Id", "s"),
    PROP("Title", "s"),
    PROP("Status", "s"),
    PROP("WindowId", "i"),
    PROP("IconName", "s"),
    PROP("IconPixmap", "a(iiay)"),
    PROP("IconThemePath", "s"),
    PROP("OverlayIconName", "s"),
    PROP("OverlayIconPixmap", "a(iiay)"),
    PROP("AttentionIconName", "s"),
    PROP("AttentionIconPixmap", "a(iiay)"),
    PROP("AttentionMovieName", "s"),
    PROP("ToolTip", "(sa(iiay)ss)"),
    PROP("ItemIsMenu", "b"),
    PROP("Menu", "o"),
    SD_BUS_METHOD("Activate", "ii", "", method_activate, 0),
    SD_BUS_METHOD("SecondaryActivate", "ii", "", method_activate, 0),
    SD_BUS_METHOD("ContextMenu", "ii", "", method_nothing, 0),
    SD_BUS_METHOD("Scroll", "is", "", method_nothing, 0),
    SD_BUS_SIGNAL("NewTitle", "", 0),
    SD_BUS_SIGNAL("NewIcon", "", 0),
    SD_BUS_SIGNAL("NewAttentionIcon", "", 0),
    SD_BUS_SIGNAL("NewOverlayIcon", "", 0),
    SD_BUS_SIGNAL("NewToolTip", "", 0),
    SD_BUS_SIGNAL("NewStatus", "s", 0),
    SD_BUS_VTABLE_END,
};

/* ---- what the menu's items do ---------------------------------------- */

/* Run script with sh, detached: sh starts the command in the background
 * and exits at once ($0 = this budge, $1 = the database). Returns sh's
 * exit status, or -1 if it could not run. */
static int run_detached(struct budge_tray *t, const char *script)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *argv[] = {"sh", "-c", (char *)script, self, t->db_path, NULL};
	pid_t pid;
	int status;

	if (n <= 0)
		return -1;
	self[n] = '\0';
	if (posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char guided_script[] =
    "t=${TERMINAL:-x-terminal-emulator}; command -v \"$t\" >/dev/null 2>&1 || exit 3; "
    "\"$t\" -e \"$0\" now --db \"$1\" </dev/null >/dev/null 2>&1 &";
static const char report_script[] =
    "command -v xdg-open >/dev/null 2>&1 || exit 3; "
    "( f=$(mktemp --suffix=.html \"${TMPDIR:-/tmp}/budge-report-XXXXXX\") && "
    "\"$0\" report --db \"$1\" --html \"$f\" && exec xdg-open \"$f\" ) "
    "</dev/null >/dev/null 2>&1 &";

static void spawn_item(struct budge_tray *t, enum budge_tray_item item)
{
	bool guided = item == BUDGE_TRAY_GUIDED;
	int r = run_detached(t, guided ? guided_script : report_script);
	if (r == 0)
		return;
	t->ops->notice(t->d, "budge",
		       r == 3 && guided ? _("No terminal to run the session in: set TERMINAL, or "
					    "run 'budge now' in a terminal.")
		       : r == 3         ? _("No xdg-open to show the report: run 'budge report "
					    "--html FILE' and open FILE.")
					: _("Could not start it."));
}

/* Seconds from now to the next local midnight. */
static int64_t until_tomorrow(int64_t now)
{
	time_t tt = (time_t)now;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return 86400;
	return 86400 - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

static void on_item(enum budge_tray_item item, void *userdata)
{
	static const enum budge_response answers[] = {
	    [BUDGE_TRAY_DONE] = BUDGE_RESP_DONE,   [BUDGE_TRAY_SNOOZE] = BUDGE_RESP_SNOOZE,
	    [BUDGE_TRAY_SKIP] = BUDGE_RESP_SKIP,   [BUDGE_TRAY_HURTS] = BUDGE_RESP_HURTS,
	};
	struct budge_tray *t = userdata;
	int64_t now = t->ops->now(t->d);
	struct budge_input_event ev = {.at = now};
	int store_err = 0, r;

	if (item <= BUDGE_TRAY_HURTS) {
		ev.type = BUDGE_IN_RESPOND;
		ev.response = answers[item];
	} else if (item == BUDGE_TRAY_PAUSE_30M || item == BUDGE_TRAY_PAUSE_1H ||
	           item == BUDGE_TRAY_PAUSE_TOMORROW) {
		ev.type = BUDGE_IN_PAUSE;
		ev.arg = item == BUDGE_TRAY_PAUSE_30M ? 1800
		         : item == BUDGE_TRAY_PAUSE_1H ? 3600
		                                       : until_tomorrow(now);
	} else if (item == BUDGE_TRAY_RESUME) {
		ev.type = BUDGE_IN_RESUME_COACHING;
	} else if (item == BUDGE_TRAY_QUIT) {
		t->ops->quit(t->d);
		return;
	} else {
		spawn_item(t, item);
		return;
	}
	log_info("tray: %s", budge_tray_item_label(item));
	r = t->ops->input(t->d, &ev, &store_err);
	if (store_err < 0)
		t->ops->notice(t->d, _("budge could not store this"),
			       _("Nothing changed: the disk that holds budge's data refused the write."));
	else if (r < 0 && r != -ENOENT)
		t->ops->notice(t->d, "budge", _("The coach refused this just now."));

}

/* ---- registration ---------------------------------------------------- */

static void no_host(struct budge_tray *t, const char *why)
{
	if (t->said_no_host)
		return;
	t->said_no_host = true;
	if (t->required)
		log_warn("tray: %s; the icon appears when a tray host starts", why);
	else
		log_info("tray: %s; the icon appears when a tray host starts", why);
}

static int on_registered(sd_bus_message *m, void *userdata, sd_bus_error *ret)
{
	struct budge_tray *t = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);
	(void)ret;
	t->register_call = sd_bus_slot_unref(t->register_call);
	if (e) {
		no_host(t, sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
		                   sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER)
		               ? "no StatusNotifierWatcher on the session bus"
		               : e->message ? e->message : e->name);
		return 0;
	}
	t->said_no_host = false;
	log_info("tray: the icon is in the tray");
	return 0;
}

static void register_item(struct budge_tray *t)
{
	const char *unique = NULL;
	t->register_call = sd_bus_slot_unref(t->register_call);
	if (sd_bus_get_unique_name(t->bus, &unique) < 0 ||
	    sd_bus_call_method_async(t->bus, &t->register_call, WATCHER_NAME, WATCHER_PATH,
	                             WATCHER_NAME, "RegisterStatusNotifierItem", on_registered, t,
	                             "s", unique) < 0)
		no_host(t, "cannot ask the tray host");
}

/* A watcher took the name (a tray host started or restarted). */
static int on_owner_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret)
{
	struct budge_tray *t = userdata;
	const char *name, *old, *new;
	(void)ret;
	if (sd_bus_message_read(m, "sss", &name, &old, &new) >= 0 && new[0] &&
	    strcmp(name, WATCHER_NAME) == 0)
		register_item(t);
	return 0;
}

/* ---- life ------------------------------------------------------------ */

/* The icons' theme: installed with budge, else the source tree's. */
static void find_theme(struct budge_tray *t)
{
	static const char *const dirs[] = {BUDGE_ICONDIR, BUDGE_SOURCE_ICONDIR};
	char probe[4200];
	struct stat sb;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(probe, sizeof(probe), "%s/hicolor/scalable/status/budge-sitting.svg",
		         dirs[i]);
		if (stat(probe, &sb) == 0) {
			snprintf(t->theme_path, sizeof(t->theme_path), "%s", dirs[i]);
			return;
		}
	}
	t->theme_path[0] = '\0'; /* the system's themes */
}

int budge_tray_create(struct budge_daemon *d, const struct budge_coach_ops *ops, sd_bus *bus,
                      const char *db_path, bool required, struct budge_tray **out)
{
	struct budge_tray *t = calloc(1, sizeof(*t));
	int r;

	if (!t || !(t->db_path = strdup(db_path))) {
		free(t);
		return -ENOMEM;
	}
	*t = (struct budge_tray){.d = d, .ops = ops, .bus = bus, .db_path = t->db_path,
	                         .required = required};
	find_theme(t);
	snprintf(t->status, sizeof(t->status), "Active");
	snprintf(t->icon, sizeof(t->icon), "budge-sitting");
	if ((r = budge_tray_menu_create(bus, MENU_PATH, on_item, t, &t->menu)) < 0 ||
	    (r = sd_bus_add_object_vtable(bus, &t->vtable, ITEM_PATH, ITEM_IFACE, item_vtable, t)) <
	        0 ||
	    (r = sd_bus_add_match_async(bus, &t->owner_match,
	                                "type='signal',sender='org.freedesktop.DBus',"
	                                "member='NameOwnerChanged',arg0='" WATCHER_NAME "'",
	                                on_owner_changed, NULL, t)) < 0) {
		budge_tray_destroy(t);
		return r;
	}
	budge_tray_changed(t);
	register_item(t);
	*out = t;
	return 0;
}

void budge_tray_destroy(struct budge_tray *t)
{
	if (!t)
		return;
	sd_bus_slot_unref(t->register_call);
	sd_bus_slot_unref(t->owner_match);
	sd_bus_slot_unref(t->vtable);
	budge_tray_menu_destroy(t->menu);
	free(t->db_path);
	free(t);
}

void budge_tray_changed(struct budge_tray *t)
{
	struct budge_status st;
	char tip[256];

	if (!t)
		return;
	t->ops->status(t->d, t->ops->now(t->d), &st);
	const char *state = t->ops->state(t->d, &st);
	const char *icon = budge_tray_icon(state, st.open_prompt_id != 0);
	const char *status = st.open_prompt_id ? "NeedsAttention" : "Active";

	tooltip_text(t, false, tip, sizeof(tip));
	if (strcmp(icon, t->icon) != 0) {
		snprintf(t->icon, sizeof(t->icon), "%s", icon);
		sd_bus_emit_signal(t->bus, ITEM_PATH, ITEM_IFACE, "NewIcon", "");
	}
	if (strcmp(status, t->status) != 0) {
		snprintf(t->status, sizeof(t->status), "%s", status);
		sd_bus_emit_signal(t->bus, ITEM_PATH, ITEM_IFACE, "NewStatus", "s", status);
	}
	if (strcmp(tip, t->tooltip) != 0) {
		snprintf(t->tooltip, sizeof(t->tooltip), "%s", tip);
		sd_bus_emit_signal(t->bus, ITEM_PATH, ITEM_IFACE, "NewToolTip", "");
	}
	budge_tray_menu_update(t->menu, &(struct budge_tray_menu_state){
	                                    .prompt_open = st.open_prompt_id != 0,
	                                    .paused = st.paused});
}
