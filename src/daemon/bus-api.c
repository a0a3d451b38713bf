/* SPDX-License-Identifier: MIT */
/*
 * budge's own D-Bus API on the session bus, for status bars and scripts:
 *   name org.budge.Coach1, object /org/budge/Coach1, interface
 *   org.budge.Coach1 (introspectable; documented in budge(1)).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"

/* Longest pause or meeting accepted: a year. */
#define MAX_DURATION_S (366LL * 86400)

struct budge_bus_api {
	struct budge_daemon *d;
	sd_bus *bus;
	sd_bus_slot *vtable;
	/* last values sent in PropertiesChanged */
	char state[16];
	uint64_t next_prompt_at;
	char next_movement[64];
	int32_t plan_week;
	uint32_t open_prompt;
	bool have_snapshot;
};

static uint64_t next_at(const struct budge_status *st)
{
	return st->next_prompt_at == BUDGE_NO_DEADLINE || st->next_prompt_at < 0
	           ? 0
	           : (uint64_t)st->next_prompt_at;
}

static const char *next_movement(const struct budge_status *st)
{
	if (st->next_prompt_at == BUDGE_NO_DEADLINE)
		return "";
	if (st->next_movement)
		return st->next_movement->id;
	return budge_prompt_kind_name(st->next_kind);
}

static int get_property(sd_bus *bus, const char *path, const char *iface, const char *prop,
                        sd_bus_message *reply, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	struct budge_status st;
	int64_t now = budge_daemon_now(a->d);

	budge_daemon_status(a->d, now, &st);
	if (strcmp(prop, "State") == 0)
		return sd_bus_message_append(reply, "s", budge_daemon_state(a->d, &st));
	if (strcmp(prop, "SittingSeconds") == 0)
		return sd_bus_message_append(reply, "t",
		                             (uint64_t)(st.sitting_s > 0 ? st.sitting_s : 0));
	if (strcmp(prop, "NextPromptAt") == 0)
		return sd_bus_message_append(reply, "t", next_at(&st));
	if (strcmp(prop, "NextMovement") == 0)
		return sd_bus_message_append(reply, "s", next_movement(&st));
	if (strcmp(prop, "PlanWeek") == 0)
		return sd_bus_message_append(reply, "i", st.plan_week);
	if (strcmp(prop, "PausedUntil") == 0)
		return sd_bus_message_append(
		    reply, "t", (uint64_t)(st.paused && st.paused_until > 0 ? st.paused_until : 0));
	if (strcmp(prop, "OpenPrompt") == 0)
		return sd_bus_message_append(reply, "u", st.open_prompt_id);
	return sd_bus_error_setf(err, SD_BUS_ERROR_UNKNOWN_PROPERTY, "unknown property %s", prop);
}

static int reply_after_input(sd_bus_message *m, struct budge_daemon *d,
                             const struct budge_input_event *ev, sd_bus_error *err)
{
	int r = budge_daemon_input(d, ev);

	if (r == -ENOENT)
		return sd_bus_error_setf(err, BUDGE_BUS_ERROR_NO_PROMPT,
		                         "there is no open prompt to answer");
	if (r < 0)
		return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "the coach refused this request: %s", strerror(-r));
	return sd_bus_reply_method_return(m, "");
}

static int method_respond(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	const char *name;
	enum budge_response resp;
	int r = sd_bus_message_read(m, "s", &name);

	if (r < 0)
		return r;
	if (budge_response_parse(name, &resp) < 0 || resp == BUDGE_RESP_NONE)
		return sd_bus_error_setf(
		    err, SD_BUS_ERROR_INVALID_ARGS,
		    "unknown response '%s': expected done, snooze, skip, too-hard or hurts", name);
	struct budge_input_event ev = {
	    .type = BUDGE_IN_RESPOND,
	    .at = budge_daemon_now(a->d),
	    .response = resp,
	};
	return reply_after_input(m, a->d, &ev, err);
}

static int read_duration(sd_bus_message *m, const char *what, uint64_t *out, sd_bus_error *err)
{
	int r = sd_bus_message_read(m, "t", out);

	if (r < 0)
		return r;
	if (*out > (uint64_t)MAX_DURATION_S)
		return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "%s of %" PRIu64
		                         " s is too long: expected 0 (until ended) up to %lld s",
		                         what, *out, (long long)MAX_DURATION_S);
	return 0;
}

static int method_pause(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	uint64_t secs;
	int r = read_duration(m, "a pause", &secs, err);

	if (r < 0)
		return r;
	struct budge_input_event ev = {
	    .type = BUDGE_IN_PAUSE, .at = budge_daemon_now(a->d), .arg = (int64_t)secs};
	return reply_after_input(m, a->d, &ev, err);
}

static int method_resume(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	struct budge_input_event ev = {.type = BUDGE_IN_RESUME_COACHING,
	                               .at = budge_daemon_now(a->d)};
	const char *reason;
	int r = budge_daemon_input(a->d, &ev);

	if (r < 0)
		return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "the coach refused this request: %s", strerror(-r));
	/* A pause is lifted, but an emergency stop from the check-in is not:
	 * only `budge checkin --clear-red-flags` lifts it. */
	if (budge_daemon_stopped(a->d, &reason))
		return sd_bus_error_setf(
		    err, BUDGE_BUS_ERROR_STOPPED,
		    "coaching stays stopped: an emergency sign was reported at check-in (%s); "
		    "after a clinician has seen you, run 'budge checkin --clear-red-flags'",
		    reason);
	return sd_bus_reply_method_return(m, "");
}

static int method_reload(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	char msg[800];
	int r = budge_daemon_reload(a->d, msg, sizeof(msg));

	if (r < 0)
		return sd_bus_error_setf(err, BUDGE_BUS_ERROR_INVALID_CONFIG, "%s", msg);
	return sd_bus_reply_method_return(m, "");
}

static int method_meeting_start(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	uint64_t secs;
	int r = read_duration(m, "a meeting", &secs, err);

	if (r < 0)
		return r;
	struct budge_input_event ev = {
	    .type = BUDGE_IN_MEETING_START, .at = budge_daemon_now(a->d), .arg = (int64_t)secs};
	return reply_after_input(m, a->d, &ev, err);
}

static int method_meeting_end(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	struct budge_input_event ev = {.type = BUDGE_IN_MEETING_END, .at = budge_daemon_now(a->d)};
	return reply_after_input(m, a->d, &ev, err);
}

static int method_status(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;
	char buf[2048];

	budge_daemon_refresh(a->d);
	int n = budge_daemon_status_json(a->d, buf, sizeof(buf));

	if (n < 0 || (size_t)n >= sizeof(buf))
		return sd_bus_error_setf(err, SD_BUS_ERROR_FAILED, "status does not fit");
	return sd_bus_reply_method_return(m, "s", buf);
}

static const sd_bus_vtable coach_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_PROPERTY("State", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("SittingSeconds", "t", get_property, 0,
                    SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION),
    SD_BUS_PROPERTY("NextPromptAt", "t", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("NextMovement", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("PlanWeek", "i", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("PausedUntil", "t", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_PROPERTY("OpenPrompt", "u", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
    SD_BUS_METHOD_WITH_NAMES("Respond", "s", SD_BUS_PARAM(response), "", , method_respond,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES("Pause", "t", SD_BUS_PARAM(seconds), "", , method_pause,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Resume", "", "", method_resume, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES("MeetingStart", "t", SD_BUS_PARAM(seconds), "", , method_meeting_start,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("MeetingEnd", "", "", method_meeting_end, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Reload", "", "", method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD_WITH_NAMES("Status", "", , "s", SD_BUS_PARAM(json), method_status,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL_WITH_NAMES("Prompt", "usssss",
                             SD_BUS_PARAM(id) SD_BUS_PARAM(kind) SD_BUS_PARAM(movement)
                                 SD_BUS_PARAM(region) SD_BUS_PARAM(summary) SD_BUS_PARAM(body),
                             0),
    SD_BUS_VTABLE_END,
};

int budge_bus_api_create(struct budge_daemon *d, sd_bus *bus, struct budge_bus_api **out)
{
	struct budge_bus_api *a = calloc(1, sizeof(*a));
	int r;

	if (!a)
		return -ENOMEM;
	a->d = d;
	a->bus = bus;
	r = sd_bus_add_object_vtable(bus, &a->vtable, BUDGE_BUS_PATH, BUDGE_BUS_IFACE, coach_vtable,
	                             a);
	if (r < 0)
		goto fail;
	/* Start-up, before the loop runs: a synchronous request is fine and
	 * tells us at once whether another coach is running. */
	r = sd_bus_request_name(bus, BUDGE_BUS_NAME, 0);
	if (r < 0)
		goto fail;
	*out = a;
	return 0;
fail:
	budge_bus_api_destroy(a);
	return r;
}

void budge_bus_api_destroy(struct budge_bus_api *a)
{
	if (!a)
		return;
	sd_bus_slot_unref(a->vtable);
	free(a);
}

void budge_bus_api_emit_prompt(struct budge_bus_api *a, const struct budge_action *act,
                               const char *summary, const char *body)
{
	int r;

	if (!a)
		return;
	r = sd_bus_emit_signal(
	    a->bus, BUDGE_BUS_PATH, BUDGE_BUS_IFACE, "Prompt", "usssss", act->prompt_id,
	    budge_prompt_kind_name(act->kind), act->movement ? act->movement->id : "",
	    budge_region_name(act->region) ? budge_region_name(act->region) : "", summary, body);
	if (r < 0)
		log_debug("D-Bus: cannot emit Prompt: %s", strerror(-r));
}

void budge_bus_api_changed(struct budge_bus_api *a)
{
	struct budge_status st;
	const char *names[8];
	size_t n = 0;

	if (!a)
		return;
	budge_daemon_status(a->d, budge_daemon_now(a->d), &st);
	const char *state = budge_daemon_state(a->d, &st);
	const char *mov = next_movement(&st);
	uint64_t at = next_at(&st);

	if (!a->have_snapshot || strcmp(state, a->state) != 0)
		names[n++] = "State";
	if (!a->have_snapshot || at != a->next_prompt_at)
		names[n++] = "NextPromptAt";
	if (!a->have_snapshot || strcmp(mov, a->next_movement) != 0)
		names[n++] = "NextMovement";
	if (!a->have_snapshot || st.plan_week != a->plan_week)
		names[n++] = "PlanWeek";
	if (!a->have_snapshot || st.open_prompt_id != a->open_prompt)
		names[n++] = "OpenPrompt";
	if (n) {
		names[n++] = "PausedUntil";
		names[n] = NULL;
		int r = sd_bus_emit_properties_changed_strv(a->bus, BUDGE_BUS_PATH, BUDGE_BUS_IFACE,
		                                            (char **)names);
		if (r < 0)
			log_debug("D-Bus: cannot emit PropertiesChanged: %s", strerror(-r));
	}
	snprintf(a->state, sizeof(a->state), "%s", state);
	snprintf(a->next_movement, sizeof(a->next_movement), "%s", mov);
	a->next_prompt_at = at;
	a->plan_week = st.plan_week;
	a->open_prompt = st.open_prompt_id;
	a->have_snapshot = true;
}
