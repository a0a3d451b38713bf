/* SPDX-License-Identifier: MIT */
/* [cues]: a prompt to the phone (KDE Connect), a user program, a sound. */
#include "cues.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "budge/utf8.h"
#include "cue-runner.h"
#include "log.h"
#include "budge/i18n.h"

#define KDC_SERVICE "org.kde.kdeconnect"
#define KDC_PATH "/modules/kdeconnect"
#define KDC_DAEMON "org.kde.kdeconnect.daemon"
#define KDC_PING "org.kde.kdeconnect.device.ping"
#define MAX_PINGS 8
#define MAX_ARGS 32
#define RUN_LIMIT_MS 10000
#define DEFAULT_SOUND "/usr/share/sounds/freedesktop/stereo/message-new-instant.oga"

struct budge_cues {
	sd_event *ev;
	sd_bus *bus;
	uint32_t last_id; /* the newest prompt sent */
	/* phone */
	bool phone;
	char device[128];
	char ping_text[320];
	sd_bus_slot *list_slot, *ping_slots[MAX_PINGS];
	bool phone_failing;
	/* command */
	char command[512]; /* split in place: argv points into it */
	char *argv[MAX_ARGS + 1];
	struct budge_cue_runner *command_runner;
	/* sound */
	char sound[512]; /* "" none */
	struct budge_cue_runner *sound_runner;
};

/* ---- phone: KDE Connect ------------------------------------------------ */

static void phone_failed(struct budge_cues *c, const char *what, const char *detail)
{
	if (!c->phone_failing)
		log_warn("[cues] phone = kdeconnect: %s%s%s (said once)", what, detail ? ": " : "",
		         detail ? detail : "");
	c->phone_failing = true;
}

static int on_ping(sd_bus_message *m, void *userdata, sd_bus_error *ret)
{
	struct budge_cues *c = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);

	(void)ret;
	for (int i = 0; i < MAX_PINGS; i++)
		if (c->ping_slots[i] == sd_bus_get_current_slot(sd_bus_message_get_bus(m)))
			c->ping_slots[i] = sd_bus_slot_unref(c->ping_slots[i]);
	if (e)
		phone_failed(c, "the ping failed", e->message);
	else
		c->phone_failing = false;
	return 0;
}

static void ping(struct budge_cues *c, const char *id)
{
	char path[256];
	int slot = -1;

	for (int i = 0; i < MAX_PINGS && slot < 0; i++)
		if (!c->ping_slots[i])
			slot = i;
	if (slot < 0)
		return; /* more than MAX_PINGS devices: the first ones get it */
	snprintf(path, sizeof(path), KDC_PATH "/devices/%s/ping", id);
	if (!sd_bus_object_path_is_valid(path)) {
		phone_failed(c, "a device id that is no D-Bus path", id);
		return;
	}
	int r = sd_bus_call_method_async(c->bus, &c->ping_slots[slot], KDC_SERVICE, path, KDC_PING,
	                                 "sendPing", on_ping, c, "s", c->ping_text);
	if (r < 0)
		phone_failed(c, "cannot send the ping", strerror(-r));
}

/* The reply to deviceNames(reachable, paired): a{ss} id -> name. */
static int on_devices(sd_bus_message *m, void *userdata, sd_bus_error *ret)
{
	struct budge_cues *c = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);
	const char *id, *name;
	int sent = 0, r;

	(void)ret;
	c->list_slot = sd_bus_slot_unref(c->list_slot);
	if (e) {
		phone_failed(c, "KDE Connect does not answer (is kdeconnectd running?)", e->message);
		return 0;
	}
	r = sd_bus_message_enter_container(m, 'a', "{ss}");
	while (r > 0 && (r = sd_bus_message_read(m, "{ss}", &id, &name)) > 0) {
		if (strcmp(c->device, "all") == 0 || strcmp(c->device, id) == 0 ||
		    strcasecmp(c->device, name) == 0) {
			ping(c, id);
			sent++;
		}
	}
	if (r < 0)
		phone_failed(c, "KDE Connect's device list is not a{ss}", strerror(-r));
	else if (!sent)
		phone_failed(c, strcmp(c->device, "all") == 0
		                    ? "no paired phone is reachable now"
		                    : "no reachable paired device has the [cues] device name or id",
		             c->device);
	return 0;
}

static void phone_prompt(struct budge_cues *c, const char *title, const char *body)
{
	char text[sizeof(c->ping_text)];
	int r;

	if (!c->bus) {
		phone_failed(c, "no session bus", NULL);
		return;
	}
	snprintf(text, sizeof(text), "%s: %s", title, body);
	budge_utf8_clip(c->ping_text, sizeof(c->ping_text), text, sizeof(c->ping_text) - 1);
	c->list_slot = sd_bus_slot_unref(c->list_slot); /* an older question is dropped */
	r = sd_bus_call_method_async(c->bus, &c->list_slot, KDC_SERVICE, KDC_PATH, KDC_DAEMON,
	                             "deviceNames", on_devices, c, "bb", 1, 1);
	if (r < 0)
		phone_failed(c, "cannot ask KDE Connect for devices", strerror(-r));
}

/* ---- command and sound --------------------------------------------------- */

/* "~/x" -> "$HOME/x" into buf; else a copy. */
static void expand_home(const char *in, char *buf, size_t len)
{
	const char *home = getenv("HOME");

	if (in[0] == '~' && in[1] == '/' && home && *home)
		snprintf(buf, len, "%s%s", home, in + 1);
	else
		snprintf(buf, len, "%s", in);
}

static void split_command(struct budge_cues *c, const char *command)
{
	char first[512];
	size_t n = 0;

	snprintf(c->command, sizeof(c->command), "%s", command);
	for (char *save = NULL, *w = strtok_r(c->command, " \t", &save); w && n < MAX_ARGS;
	     w = strtok_r(NULL, " \t", &save))
		c->argv[n++] = w;
	c->argv[n] = NULL;
	if (n && c->argv[0][0] == '~') {
		/* the path moves to the end of the buffer's unused part */
		expand_home(c->argv[0], first, sizeof(first));
		size_t used = strlen(command) + 1, need = strlen(first) + 1;
		if (used + need <= sizeof(c->command)) {
			memcpy(c->command + used, first, need);
			c->argv[0] = c->command + used;
		}
	}
	if (n && strchr(c->argv[0], '/') && access(c->argv[0], X_OK) != 0)
		log_warn("[cues] command: %s is not an executable file (%s); it is tried anyway",
		         c->argv[0], strerror(errno));
}

static void set_sound(struct budge_cues *c, const char *sound)
{
	c->sound[0] = '\0';
	if (!strcasecmp(sound, "no") || !strcasecmp(sound, "false") || !strcasecmp(sound, "off") ||
	    !*sound)
		return;
	if (!strcasecmp(sound, "yes") || !strcasecmp(sound, "true") || !strcasecmp(sound, "on"))
		snprintf(c->sound, sizeof(c->sound), "%s", DEFAULT_SOUND);
	else
		expand_home(sound, c->sound, sizeof(c->sound));
	if (access(c->sound, R_OK) != 0)
		log_warn("[cues] sound: cannot read %s (%s)%s", c->sound, strerror(errno),
		         strcmp(c->sound, DEFAULT_SOUND) == 0
		             ? "; install sound-theme-freedesktop or give a sound file"
		             : "");
}

static void run_command(struct budge_cues *c, uint32_t id, const char *kind, const char *title,
                        const char *body)
{
	char e_kind[64], e_title[256], e_body[600], e_id[32];
	char *extra[] = {e_kind, e_title, e_body, e_id, NULL};

	snprintf(e_kind, sizeof(e_kind), "BUDGE_CUE_KIND=%s", kind);
	snprintf(e_title, sizeof(e_title), "BUDGE_CUE_TITLE=%s", title);
	snprintf(e_body, sizeof(e_body), "BUDGE_CUE_BODY=%s", body);
	snprintf(e_id, sizeof(e_id), "BUDGE_CUE_ID=%" PRIu32, id);
	budge_cue_runner_run(c->command_runner, c->argv, extra);
}

/* ---- the whole ------------------------------------------------------------ */

struct budge_cues *budge_cues_new(sd_event *ev, sd_bus *bus)
{
	struct budge_cues *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ev = ev;
	c->bus = bus;
	c->command_runner = budge_cue_runner_new(ev, "[cues] command", RUN_LIMIT_MS);
	c->sound_runner = budge_cue_runner_new(ev, "[cues] sound (pw-play)", RUN_LIMIT_MS);
	if (!c->command_runner || !c->sound_runner) {
		budge_cues_free(c);
		return NULL;
	}
	return c;
}

void budge_cues_configure(struct budge_cues *c, const struct budge_config *cfg)
{
	if (!c)
		return;
	c->phone = cfg->cues_phone == BUDGE_PHONE_KDECONNECT;
	snprintf(c->device, sizeof(c->device), "%s", *cfg->cues_device ? cfg->cues_device : "all");
	c->phone_failing = false;
	split_command(c, cfg->cues_command);
	set_sound(c, cfg->cues_sound);
	char what[700];
	int n = snprintf(what, sizeof(what), "%s", "");
	if (c->phone)
		n += snprintf(what + n, sizeof(what) - (size_t)n, _(", phones (KDE Connect, %s)"), c->device);
	if (c->argv[0])
		n += snprintf(what + n, sizeof(what) - (size_t)n, _(", the command %.200s"), c->argv[0]);
	if (c->sound[0])
		snprintf(what + n, sizeof(what) - (size_t)n, _(", the sound %.200s"), c->sound);
	if (what[0])
		log_info("cues: each prompt also goes to%s", what + 1);
}

void budge_cues_prompt(struct budge_cues *c, uint32_t id, const char *kind, const char *title,
                       const char *body)
{
	if (!c || (id && id <= c->last_id))
		return; /* sent already */
	if (sd_event_get_state(c->ev) == SD_EVENT_FINISHED)
		return; /* stopping: nothing is started any more */
	c->last_id = id;
	if (c->phone)
		phone_prompt(c, title, body);
	if (c->argv[0])
		run_command(c, id, kind, title, body);
	if (c->sound[0]) {
		char *argv[] = {"pw-play", c->sound, NULL};
		budge_cue_runner_run(c->sound_runner, argv, NULL);
	}
}

void budge_cues_free(struct budge_cues *c)
{
	if (!c)
		return;
	sd_bus_slot_unref(c->list_slot);
	for (int i = 0; i < MAX_PINGS; i++)
		sd_bus_slot_unref(c->ping_slots[i]);
	budge_cue_runner_free(c->command_runner);
	budge_cue_runner_free(c->sound_runner);
	free(c);
}
