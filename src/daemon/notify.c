/* SPDX-License-Identifier: MIT */
/*
 * Desktop notifications (org.freedesktop.Notifications), asynchronous.
 * One prompt at a time: a new prompt replaces the shown one in place
 * (replaces_id). Answers come back as ActionInvoked signals. When there is
 * no bus or no server, or the call fails, the prompt is printed to stdout
 * and answered with the CLI; when a server appears (NameOwnerChanged), the
 * open prompt is shown there again. Never exits on any of this.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "notify.h"
#include "budge/i18n.h"
#include "log.h"

#define NOTIF_NAME "org.freedesktop.Notifications"
#define NOTIF_PATH "/org/freedesktop/Notifications"
#define NOTIF_IFACE "org.freedesktop.Notifications"
/* Do not disturb, as the servers announce it on NOTIF_PATH: dunst's
 * "paused" and KDE Plasma's "Inhibited" (both boolean properties with
 * PropertiesChanged). */
#define DUNST_IFACE "org.dunstproject.cmd0"
#define PROPS_IFACE "org.freedesktop.DBus.Properties"

struct budge_notifier {
	sd_bus *bus; /* borrowed; NULL: terminal only */
	budge_notify_action_fn cb;
	void *userdata;
	sd_bus_slot *match_action;
	sd_bus_slot *match_closed;
	sd_bus_slot *match_owner;
	sd_bus_slot *call;
	/* the open prompt */
	uint32_t prompt_id; /* 0: none */
	char *summary;
	char *body;
	uint32_t notif_id; /* server's id of the shown notification, 0: none */
	bool server_ok;    /* the last call succeeded */
	bool warned;       /* "no notification server" was logged */
	/* do not disturb */
	budge_notify_quiet_fn quiet_cb; /* NULL: not watched */
	void *quiet_userdata;
	sd_bus_slot *match_props;
	sd_bus_slot *get_paused, *get_inhibited;
	bool paused;    /* dunst: paused */
	bool inhibited; /* Plasma: Inhibited */
	bool quiet;     /* what was last reported */
	char answer_hint[160]; /* how to answer a prompt printed here */
	bool sound;            /* ask the server for a sound with each prompt */
};

static void print_prompt(struct budge_notifier *n)
{
	char stamp[16] = "";
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(stamp, sizeof(stamp), "%H:%M", &tm);
	printf("[%s] %s\n        %s\n        %s\n", stamp, n->summary, n->body,
	       n->answer_hint[0] ? n->answer_hint
	                         : _("answer with: budge done | snooze | skip | too-hard | hurts"));
	fflush(stdout);
}

static int send_notify(struct budge_notifier *n);

static int on_notify_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);
	uint32_t id;

	n->call = sd_bus_slot_unref(n->call);
	if (e) {
		if (!n->warned)
			log_warn("notifications: %s; printing prompts here until a notification "
			         "server appears",
			         e->message);
		n->warned = true;
		n->server_ok = false;
		n->notif_id = 0;
		if (n->prompt_id)
			print_prompt(n);
		return 0;
	}
	if (sd_bus_message_read(m, "u", &id) >= 0)
		n->notif_id = id;
	if (!n->server_ok && n->warned)
		log_info("notifications: the notification server answers again");
	n->server_ok = true;
	n->warned = false;
	return 0;
}

static int send_notify(struct budge_notifier *n)
{
	sd_bus_message *m = NULL;
	int r;

	if (!n->bus || !n->prompt_id)
		return -ENOTCONN;
	n->call = sd_bus_slot_unref(n->call);
	r = sd_bus_message_new_method_call(n->bus, &m, NOTIF_NAME, NOTIF_PATH, NOTIF_IFACE,
	                                   "Notify");
	if (r < 0)
		goto out;
	/* app_icon: budge's icon in the hicolor theme */
	r = sd_bus_message_append(m, "susss", "budge", n->notif_id, "budge", n->summary, n->body);
	if (r < 0)
		goto out;
	/* Each answer once. "default" (a click on the notification where the
	 * server sends one: GNOME Shell, mako, KDE) is Done; servers list it
	 * in their action menus as Done too, so there is no "done" besides. */
	r = sd_bus_message_append(m, "as", 10, "default", _("Done"), "snooze", _("Snooze"), "skip",
	                          _("Skip"), "too-hard", _("Too hard"), "hurts", _("It hurts"));
	if (r < 0)
		goto out;
	if (n->sound) /* the freedesktop sound theme's name for a message */
		r = sd_bus_message_append(m, "a{sv}", 4, "urgency", "y", (uint8_t)1, "category",
		                          "s", "x-budge.prompt", "desktop-entry", "s", "budge",
		                          "sound-name", "s", "message-new-instant");
	else
		r = sd_bus_message_append(m, "a{sv}", 3, "urgency", "y", (uint8_t)1, "category",
		                          "s", "x-budge.prompt", "desktop-entry", "s", "budge");
	if (r < 0)
		goto out;
	/* Never expires by itself: the coach withdraws it after
	 * prompts.response_timeout. */
	r = sd_bus_message_append(m, "i", (int32_t)0);
	if (r < 0)
		goto out;
	r = sd_bus_call_async(n->bus, &n->call, m, on_notify_reply, n, 0);
out:
	sd_bus_message_unref(m);
	return r;
}

static int on_action(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;
	uint32_t id;
	const char *key;

	if (sd_bus_message_read(m, "us", &id, &key) < 0)
		return 0;
	if (!n->prompt_id || id != n->notif_id)
		return 0; /* not ours, or an old one */
	if (strcmp(key, "default") == 0)
		key = "done";
	n->cb(n->prompt_id, key, n->userdata);
	return 0;
}

static int on_closed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;
	uint32_t id, reason;

	if (sd_bus_message_read(m, "uu", &id, &reason) < 0)
		return 0;
	if (!n->notif_id || id != n->notif_id)
		return 0; /* not ours, or one the coach closed itself */
	n->notif_id = 0;
	/* 2: dismissed by the user (dunst's left click, a close button): the
	 * user saw it and said no for now, an answer (skip), not silence.
	 * 1 (expired; budge asks for no timeout) and others: the prompt
	 * stays open and counts as ignored after the response timeout. */
	if (reason == 2 && n->prompt_id)
		n->cb(n->prompt_id, "skip", n->userdata);
	return 0;
}

/* ---- do not disturb ------------------------------------------------- */

static void quiet_update(struct budge_notifier *n)
{
	bool q = n->paused || n->inhibited;

	if (q == n->quiet || !n->quiet_cb)
		return;
	n->quiet = q;
	log_info("notifications: do not disturb is %s", q ? "on: no prompts until it is off"
	                                                    : "off");
	n->quiet_cb(q, n->quiet_userdata);
}

/* Reply to Properties.Get of a boolean; an error (a server without that
 * property) reads as false. */
static bool reply_bool(sd_bus_message *m)
{
	int b = 0;

	if (sd_bus_message_is_method_error(m, NULL) || sd_bus_message_read(m, "v", "b", &b) < 0)
		return false;
	return b != 0;
}

static int on_paused_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;

	n->get_paused = sd_bus_slot_unref(n->get_paused);
	n->paused = reply_bool(m);
	quiet_update(n);
	return 0;
}

static int on_inhibited_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;

	n->get_inhibited = sd_bus_slot_unref(n->get_inhibited);
	n->inhibited = reply_bool(m);
	quiet_update(n);
	return 0;
}

static void query_quiet(struct budge_notifier *n)
{
	n->get_paused = sd_bus_slot_unref(n->get_paused);
	n->get_inhibited = sd_bus_slot_unref(n->get_inhibited);
	sd_bus_call_method_async(n->bus, &n->get_paused, NOTIF_NAME, NOTIF_PATH, PROPS_IFACE,
	                         "Get", on_paused_reply, n, "ss", DUNST_IFACE, "paused");
	sd_bus_call_method_async(n->bus, &n->get_inhibited, NOTIF_NAME, NOTIF_PATH, PROPS_IFACE,
	                         "Get", on_inhibited_reply, n, "ss", NOTIF_IFACE, "Inhibited");
}

static int on_props(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;
	const char *iface, *name;
	bool *field;
	int r, b;

	if (sd_bus_message_read(m, "s", &iface) < 0)
		return 0;
	if (strcmp(iface, DUNST_IFACE) != 0 && strcmp(iface, NOTIF_IFACE) != 0)
		return 0;
	if (sd_bus_message_enter_container(m, 'a', "{sv}") < 0)
		return 0;
	while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		if (sd_bus_message_read(m, "s", &name) < 0)
			return 0;
		field = NULL;
		if (strcmp(iface, DUNST_IFACE) == 0 && strcmp(name, "paused") == 0)
			field = &n->paused;
		else if (strcmp(iface, NOTIF_IFACE) == 0 && strcmp(name, "Inhibited") == 0)
			field = &n->inhibited;
		if (field) {
			if (sd_bus_message_read(m, "v", "b", &b) < 0)
				return 0;
			*field = b != 0;
		} else if (sd_bus_message_skip(m, "v") < 0) {
			return 0;
		}
		if (sd_bus_message_exit_container(m) < 0)
			return 0;
	}
	quiet_update(n);
	return 0;
}

int budge_notifier_watch_quiet(struct budge_notifier *n, budge_notify_quiet_fn cb,
                               void *userdata)
{
	int r;

	if (!n->bus)
		return 0;
	n->quiet_cb = cb;
	n->quiet_userdata = userdata;
	r = sd_bus_match_signal_async(n->bus, &n->match_props, NOTIF_NAME, NOTIF_PATH,
	                              PROPS_IFACE, "PropertiesChanged", on_props, NULL, n);
	if (r < 0)
		return r;
	query_quiet(n);
	return 0;
}

bool budge_notifier_quiet(const struct budge_notifier *n)
{
	return n->quiet;
}

static int on_owner(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_notifier *n = userdata;
	const char *name, *old_owner, *new_owner;

	if (sd_bus_message_read(m, "sss", &name, &old_owner, &new_owner) < 0)
		return 0;
	if (strcmp(name, NOTIF_NAME) != 0)
		return 0;
	n->notif_id = 0; /* ids belong to the old server */
	/* do not disturb belonged to the old server too */
	n->paused = n->inhibited = false;
	if (n->quiet_cb && new_owner[0])
		query_quiet(n);
	quiet_update(n);
	if (!new_owner[0]) {
		log_info("notifications: the notification server went away");
		n->server_ok = false;
		if (n->prompt_id)
			print_prompt(n);
		return 0;
	}
	log_info("notifications: a notification server appeared");
	if (n->prompt_id)
		send_notify(n);
	return 0;
}

int budge_notifier_create(sd_bus *bus, bool use_bus, budge_notify_action_fn cb, void *userdata,
                          struct budge_notifier **out)
{
	struct budge_notifier *n = calloc(1, sizeof(*n));
	int r;

	if (!n)
		return -ENOMEM;
	n->cb = cb;
	n->userdata = userdata;
	if (bus && use_bus) {
		n->bus = bus;
		r = sd_bus_match_signal_async(bus, &n->match_action, NULL, NOTIF_PATH, NOTIF_IFACE,
		                              "ActionInvoked", on_action, NULL, n);
		if (r >= 0)
			r = sd_bus_match_signal_async(bus, &n->match_closed, NULL, NOTIF_PATH,
			                              NOTIF_IFACE, "NotificationClosed", on_closed,
			                              NULL, n);
		if (r >= 0)
			/* Only this one name's changes: arg0 keeps every other
			 * client's comings and goings from waking us up. */
			r = sd_bus_add_match_async(
			    bus, &n->match_owner,
			    "type='signal',sender='org.freedesktop.DBus',"
			    "path='/org/freedesktop/DBus',interface='org.freedesktop.DBus',"
			    "member='NameOwnerChanged',arg0='" NOTIF_NAME "'",
			    on_owner, NULL, n);
		if (r < 0) {
			budge_notifier_destroy(n);
			return r;
		}
		n->server_ok = true;
	}
	*out = n;
	return 0;
}

void budge_notifier_destroy(struct budge_notifier *n)
{
	if (!n)
		return;
	sd_bus_slot_unref(n->call);
	sd_bus_slot_unref(n->match_action);
	sd_bus_slot_unref(n->match_closed);
	sd_bus_slot_unref(n->match_owner);
	sd_bus_slot_unref(n->match_props);
	sd_bus_slot_unref(n->get_paused);
	sd_bus_slot_unref(n->get_inhibited);
	free(n->summary);
	free(n->body);
	free(n);
}

int budge_notifier_show(struct budge_notifier *n, uint32_t prompt_id, const char *summary,
                        const char *body)
{
	char *s = strdup(summary), *b = strdup(body);

	if (!s || !b) {
		free(s);
		free(b);
		return -ENOMEM;
	}
	free(n->summary);
	free(n->body);
	n->summary = s;
	n->body = b;
	n->prompt_id = prompt_id;
	if (!n->bus || send_notify(n) < 0)
		print_prompt(n);
	return 0;
}

void budge_notifier_set_sound(struct budge_notifier *n, bool on)
{
	if (n)
		n->sound = on;
}

void budge_notifier_set_answer_hint(struct budge_notifier *n, const char *hint)
{
	snprintf(n->answer_hint, sizeof(n->answer_hint), "%s", hint ? hint : "");
}

void budge_notifier_close(struct budge_notifier *n, uint32_t prompt_id)
{
	if (!n->prompt_id || (prompt_id && prompt_id != n->prompt_id))
		return;
	n->prompt_id = 0;
	if (n->bus && n->notif_id) {
		/* Fire and forget: an error only means it is gone already. */
		sd_bus_call_method_async(n->bus, NULL, NOTIF_NAME, NOTIF_PATH, NOTIF_IFACE,
		                         "CloseNotification", NULL, NULL, "u", n->notif_id);
	}
	n->notif_id = 0;
}

/* A notification without actions; advice is critical and has no timeout,
 * so that it stays until the user closes it. Printed when there is no
 * server. */
static void send_message(struct budge_notifier *n, const char *summary, const char *body,
                         bool advice)
{
	int r = -ENOTCONN;

	if (n->bus && n->server_ok && advice)
		r = sd_bus_call_method_async(n->bus, NULL, NOTIF_NAME, NOTIF_PATH, NOTIF_IFACE,
		                             "Notify", NULL, NULL, "susssasa{sv}i", "budge",
		                             (uint32_t)0, "budge", summary, body, 0, 2, "urgency", "y",
		                             (uint8_t)2, "category", "s", "x-budge.safety",
		                             (int32_t)0);
	else if (n->bus && n->server_ok)
		r = sd_bus_call_method_async(n->bus, NULL, NOTIF_NAME, NOTIF_PATH, NOTIF_IFACE,
		                             "Notify", NULL, NULL, "susssasa{sv}i", "budge",
		                             (uint32_t)0, "budge", summary, body, 0, 0, (int32_t)-1);
	if (r < 0) {
		printf("budge: %s\n        %s\n", summary, body);
		fflush(stdout);
	}
}

void budge_notifier_message(struct budge_notifier *n, const char *summary, const char *body)
{
	send_message(n, summary, body, false);
}

void budge_notifier_advice(struct budge_notifier *n, const char *summary, const char *body)
{
	send_message(n, summary, body, true);
}

const char *budge_notifier_mode(const struct budge_notifier *n)
{
	return n->bus && n->server_ok ? "desktop" : "terminal";
}

/* Does the text already say how much (a digit, or a number word)? */
static bool says_amount(const char *t)
{
	/* TRANSLATORS: words that say how often or how many, separated by
	 * spaces, as they stand as whole words in the movements' cues: a cue
	 * with one of them gets no dose in brackets after it. */
	const char *words = _("once twice two three four five six seven eight nine ten");

	for (const char *p = t; *p; p++) {
		if (isdigit((unsigned char)*p))
			return true;
		if (!isalpha((unsigned char)*p) || (p > t && isalpha((unsigned char)p[-1])))
			continue;
		for (const char *w = words; *w;) {
			size_t n = strcspn(w, " ");
			if (n && strncasecmp(p, w, n) == 0 && !isalpha((unsigned char)p[n]))
				return true;
			w += n + (w[n] == ' ');
		}
	}
	return false;
}

int budge_prompt_body(const char *cue, const char *dose, char *buf, size_t len)
{
	if (!cue || !cue[0])
		return snprintf(buf, len, "%s", dose && dose[0] ? dose : "");
	if (!dose || !dose[0] || says_amount(cue))
		return snprintf(buf, len, "%s", cue);
	return snprintf(buf, len, "%s (%s)", cue, dose);
}


int budge_break_body(int64_t sat_s, const char *cue, char *buf, size_t len)
{
	int64_t min = sat_s / 60;
	char sat[32];

	if (min >= 60)
		snprintf(sat, sizeof(sat), "%" PRId64 " h %02" PRId64 " min", min / 60, min % 60);
	else
		snprintf(sat, sizeof(sat), "%" PRId64 " min", min < 1 ? 1 : min);
	if (!cue || !cue[0])
		cue = _("Stand up and walk or move about for ~5 minutes.");
	/* TRANSLATORS: %1$s is how long, "45 min" or "1 h 05 min"; %2$s the movement */
	return snprintf(buf, len, _("You have been sitting for %1$s. %2$s"), sat, cue);

}

void budge_prompt_variant(const struct budge_movement *m, enum budge_variant v, const char **cue,
                          const char **dose)
{
	*cue = m->cue;
	*dose = m->dose;
	if (v == BUDGE_VARIANT_EASIER && m->easier && m->easier[0]) {
		*cue = m->easier;
		*dose = m->easier_dose;
	} else if (v == BUDGE_VARIANT_HARDER && m->harder && m->harder[0]) {
		*cue = m->harder;
		*dose = m->harder_dose;
	}
}
