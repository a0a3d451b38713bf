/* SPDX-License-Identifier: MIT */
/*
 * budge's own D-Bus API on the session bus, for status bars and scripts:
 *   name org.budge.Coach1, object /org/budge/Coach1, interface
 *   org.budge.Coach1 (introspectable; documented in budge(1)).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/utf8.h"
#include "bus-api.h"
#include "log.h"

/* Longest pause or meeting accepted: a year. */
#define MAX_DURATION_S (366LL * 86400)

/* How long to wait for the bus to answer RequestName. A bus answers at
 * once; one whose policy never answers must not hold up coaching for the
 * sd-bus default of 25 s. */
#define NAME_TIMEOUT_US (5ULL * 1000000)

/* RequestName replies (D-Bus specification). */
#define NAME_REPLY_PRIMARY_OWNER 1
#define NAME_REPLY_IN_QUEUE 2
#define NAME_REPLY_EXISTS 3
#define NAME_REPLY_ALREADY_OWNER 4

/* Longest error text sent, and longest quote of a caller's argument in it. */
#define ERROR_MAX 300
#define QUOTE_MAX 60

/* Every error reply goes through here: formatted, then clipped to valid
 * UTF-8 of at most ERROR_MAX bytes. sd-bus refuses to send a string that is
 * not valid UTF-8, and the caller would then wait for its timeout. */
__attribute__((format(printf, 3, 4))) static int reply_error(sd_bus_error *err,
                                                             const char *name,
                                                             const char *fmt, ...)
{
	char raw[1024], msg[ERROR_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	budge_utf8_clip(msg, sizeof(msg), raw, ERROR_MAX);
	return sd_bus_error_set(err, name, msg);
}

/* A caller's argument as quoted in an error: short, valid UTF-8. */
static const char *quote(char *buf, size_t len, const char *arg)
{
	budge_utf8_clip(buf, len, arg, QUOTE_MAX);
	return buf;
}

struct budge_bus_api {
	struct budge_daemon *d;
	const struct budge_coach_ops *ops;
	sd_bus *bus;
	sd_bus_slot *vtable;
	sd_bus_slot *name_slot; /* the pending RequestName call */
	budge_bus_api_name_fn name_cb;
	void *name_userdata;
	/* the name question is answered and the coach coaches: methods that
	 * change or record something are served only from then on */
	bool serving;
	/* last values sent in PropertiesChanged */
	char state[16];
	uint64_t next_prompt_at;
	char next_movement[64];
	int32_t plan_week;
	uint32_t open_prompt;
	uint32_t meeting_sources;
	int64_t meeting_until;
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
	int64_t now = a->ops->now(a->d);

	a->ops->status(a->d, now, &st);
	if (strcmp(prop, "State") == 0)
		return sd_bus_message_append(reply, "s", a->ops->state(a->d, &st));
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
	if (strcmp(prop, "MeetingUntil") == 0)
		return sd_bus_message_append(
		    reply, "t", (uint64_t)(st.in_meeting && st.meeting_until > 0 ? st.meeting_until : 0));
	if (strcmp(prop, "MeetingSources") == 0) {
		const char *names[BUDGE_MEETING_SOURCE_COUNT + 1];
		size_t n = 0;
		for (int i = 0; i < BUDGE_MEETING_SOURCE_COUNT; i++)
			if (st.meeting_sources & (1u << i))
				names[n++] = budge_meeting_source_name((enum budge_meeting_source)i);
		names[n] = NULL;
		return sd_bus_message_append_strv(reply, (char **)names);
	}
	return reply_error(err, SD_BUS_ERROR_UNKNOWN_PROPERTY, "unknown property %s", prop);
}

/* Methods that change or record something wait until the coach coaches
 * (the name request is answered): a coach that turns out to be a second
 * one must not touch the store. */
static int not_serving(sd_bus_error *err)
{
	return reply_error(err, SD_BUS_ERROR_FAILED, "the coach is still starting");
}

/* The request was not stored (disk full, read-only, I/O error): nothing
 * changed, and the caller is told so. */
static int store_error(sd_bus_error *err, int store_err)
{
	return reply_error(err, BUDGE_BUS_ERROR_STORE,
	                   "the coach could not store this, so nothing changed: %s%s",
	                   strerror(-store_err),
	                   store_err == -ENOSPC ? " (the disk that holds budge's data is full)" : "");
}

static int reply_after_input(sd_bus_message *m, struct budge_bus_api *a,
                             const struct budge_input_event *ev, sd_bus_error *err)
{
	int store_err, r = a->ops->input(a->d, ev, &store_err);

	if (store_err < 0)
		return store_error(err, store_err);
	if (r == -ENOENT)
		return reply_error(err, BUDGE_BUS_ERROR_NO_PROMPT,
		                         "there is no open prompt to answer");
	if (r < 0)
		return reply_error(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "the coach refused this request: %s", strerror(-r));
	return sd_bus_reply_method_return(m, "");
}

static int method_respond(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	const char *name;
	enum budge_response resp;
	int r = sd_bus_message_read(m, "s", &name);

	if (r < 0)
		return r;
	if (budge_response_parse(name, &resp) < 0 || resp == BUDGE_RESP_NONE)
		return reply_error(
		    err, SD_BUS_ERROR_INVALID_ARGS,
		    "unknown response '%s': expected done, snooze, skip, too-hard or hurts",
		    quote((char[QUOTE_MAX + 1]){0}, QUOTE_MAX + 1, name));
	struct budge_input_event ev = {
	    .type = BUDGE_IN_RESPOND,
	    .at = a->ops->now(a->d),
	    .response = resp,
	};
	return reply_after_input(m, a, &ev, err);
}

static int read_duration(sd_bus_message *m, const char *what, uint64_t *out, sd_bus_error *err)
{
	int r = sd_bus_message_read(m, "t", out);

	if (r < 0)
		return r;
	if (*out > (uint64_t)MAX_DURATION_S)
		return reply_error(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "%s of %" PRIu64
		                         " s is too long: expected 0 (until ended) up to %lld s",
		                         what, *out, (long long)MAX_DURATION_S);
	return 0;
}

static int method_pause(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	uint64_t secs;
	int r = read_duration(m, "a pause", &secs, err);

	if (r < 0)
		return r;
	struct budge_input_event ev = {
	    .type = BUDGE_IN_PAUSE, .at = a->ops->now(a->d), .arg = (int64_t)secs};
	return reply_after_input(m, a, &ev, err);
}

static int method_resume(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	struct budge_input_event ev = {.type = BUDGE_IN_RESUME_COACHING,
	                               .at = a->ops->now(a->d)};
	const char *reason;
	int store_err, r = a->ops->input(a->d, &ev, &store_err);

	if (store_err < 0)
		return store_error(err, store_err);
	if (r < 0)
		return reply_error(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "the coach refused this request: %s", strerror(-r));
	/* A pause is lifted, but an emergency stop from the check-in is not:
	 * only `budge checkin --clear-red-flags` lifts it. */
	if (a->ops->stopped(a->d, &reason))
		return reply_error(
		    err, BUDGE_BUS_ERROR_STOPPED,
		    "coaching stays stopped: an emergency sign was reported at check-in (%s); "
		    "after a clinician has seen you, run 'budge checkin --clear-red-flags'",
		    reason);
	return sd_bus_reply_method_return(m, "");
}

static int method_reload(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	char msg[800];
	int r = a->ops->reload(a->d, msg, sizeof(msg));

	if (r < 0)
		return reply_error(err, BUDGE_BUS_ERROR_INVALID_CONFIG, "%s", msg);
	return sd_bus_reply_method_return(m, "");
}

static int method_meeting_start(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	uint64_t secs;
	int r = read_duration(m, "a meeting", &secs, err);

	if (r < 0)
		return r;
	struct budge_input_event ev = {
	    .type = BUDGE_IN_MEETING_START, .at = a->ops->now(a->d), .arg = (int64_t)secs};
	return reply_after_input(m, a, &ev, err);
}

static int method_meeting_end(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	struct budge_input_event ev = {.type = BUDGE_IN_MEETING_END, .at = a->ops->now(a->d)};
	return reply_after_input(m, a, &ev, err);
}

/* A movement done outside a prompt (`budge now`): recorded in the store,
 * then counted by the engine (ops->record_done). */
static int method_record_done(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	const char *id;
	int r = sd_bus_message_read(m, "s", &id);

	if (r < 0)
		return r;
	const struct budge_movement *mv = a->ops->movement(a->d, id);
	if (!mv)
		return reply_error(err, SD_BUS_ERROR_INVALID_ARGS,
		                         "unknown movement '%s': expected a movement ID of the "
		                         "catalog ('budge catalog' lists them)",
		                         quote((char[QUOTE_MAX + 1]){0}, QUOTE_MAX + 1, id));
	r = a->ops->record_done(a->d, mv);
	if (r < 0)
		return reply_error(err, BUDGE_BUS_ERROR_STORE,
		                         "the coach could not record '%s' as done: %s", mv->id,
		                         strerror(-r));
	return sd_bus_reply_method_return(m, "");
}

static int method_status(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	struct budge_bus_api *a = userdata;

	if (!a->serving)
		return not_serving(err);
	char buf[2048];

	a->ops->refresh(a->d);
	int n = a->ops->status_json(a->d, buf, sizeof(buf));

	if (n < 0 || (size_t)n >= sizeof(buf))
		return reply_error(err, SD_BUS_ERROR_FAILED, "status does not fit");
	return sd_bus_reply_method_return(m, "s", buf);
}

#define EMITS_change SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE
#define EMITS_invalidation SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION
#define PROPERTY_ENTRY(name, sig, emits) SD_BUS_PROPERTY(#name, sig, get_property, 0, EMITS_##emits),
static const sd_bus_vtable coach_vtable[] = {
    SD_BUS_VTABLE_START(0),
    BUDGE_BUS_PROPERTIES(PROPERTY_ENTRY)
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
    SD_BUS_METHOD_WITH_NAMES("RecordDone", "s", SD_BUS_PARAM(movement), "", , method_record_done,
                             SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_SIGNAL_WITH_NAMES("Prompt", "usssss",
                             SD_BUS_PARAM(id) SD_BUS_PARAM(kind) SD_BUS_PARAM(movement)
                                 SD_BUS_PARAM(region) SD_BUS_PARAM(summary) SD_BUS_PARAM(body),
                             0),
    SD_BUS_VTABLE_END,
};

/* The answer to RequestName, from the event loop (or an error: timeout,
 * access denied, the connection failed). */
static int on_request_name(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_bus_api *a = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);
	uint32_t reply = 0;
	int r;

	if (e) {
		r = sd_bus_error_get_errno(e);
		r = r > 0 ? -r : -EIO;
		log_debug("D-Bus: RequestName %s: %s: %s", BUDGE_BUS_NAME, e->name,
		          e->message ? e->message : "");
	} else if ((r = sd_bus_message_read(m, "u", &reply)) >= 0) {
		switch (reply) {
		case NAME_REPLY_PRIMARY_OWNER:
		case NAME_REPLY_ALREADY_OWNER:
			r = 0;
			break;
		case NAME_REPLY_EXISTS:
		case NAME_REPLY_IN_QUEUE: /* not asked for (no queueing) */
			r = -EEXIST;
			break;
		default:
			r = -EIO;
			break;
		}
	}
	a->serving = r != -EEXIST;
	if (a->name_cb)
		a->name_cb(r, a->name_userdata);
	return 0;
}

int budge_bus_api_create(struct budge_daemon *d, const struct budge_coach_ops *ops, sd_bus *bus,
                         budge_bus_api_name_fn cb, void *userdata, struct budge_bus_api **out)
{
	struct budge_bus_api *a = calloc(1, sizeof(*a));
	uint64_t timeout = 0;
	int r;

	if (!a)
		return -ENOMEM;
	a->d = d;
	a->ops = ops;
	a->bus = bus;
	a->name_cb = cb;
	a->name_userdata = userdata;
	/* The object first, so that it answers as soon as the name is ours
	 * (a call by name arrives after the RequestName reply). */
	r = sd_bus_add_object_vtable(bus, &a->vtable, BUDGE_BUS_PATH, BUDGE_BUS_IFACE, coach_vtable,
	                             a);
	if (r < 0)
		goto fail;
	/* Asynchronous: the answer comes to on_request_name from the event
	 * loop, so a bus that is slow to answer never blocks the coach. The
	 * bus's method timeout is read when the call is queued. */
	if (sd_bus_get_method_call_timeout(bus, &timeout) < 0)
		timeout = 0;
	sd_bus_set_method_call_timeout(bus, NAME_TIMEOUT_US);
	r = sd_bus_request_name_async(bus, &a->name_slot, BUDGE_BUS_NAME, 0, on_request_name, a);
	if (timeout)
		sd_bus_set_method_call_timeout(bus, timeout);
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
	sd_bus_slot_unref(a->name_slot);
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
	const char *names[12];
	size_t n = 0;

	if (!a)
		return;
	a->ops->status(a->d, a->ops->now(a->d), &st);
	const char *state = a->ops->state(a->d, &st);
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
	if (!a->have_snapshot || st.meeting_sources != a->meeting_sources ||
	    st.meeting_until != a->meeting_until)
		names[n++] = "MeetingSources";
	if (n) {
		names[n++] = "MeetingUntil";
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
	a->meeting_sources = st.meeting_sources;
	a->meeting_until = st.meeting_until;
	a->have_snapshot = true;
}
