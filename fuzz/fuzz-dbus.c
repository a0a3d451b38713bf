/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the coach's D-Bus methods and properties (bus-api.c)
 * with arguments and signatures from the input. The coach's side of a
 * socketpair is an sd-bus client as in `budge run`; the other side stands
 * in for the bus daemon (it answers Hello and RequestName) and sends the
 * calls. The coach's state behind the API is a stand-in ops table whose
 * answers also come from the input. Every call must get a reply, and every
 * error reply must carry a name and a message that is valid UTF-8.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "bus-api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the input, read as it is used ---- */

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t take_byte(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t take_u64(struct input *in)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | take_byte(in);
	return v;
}

/* A string of up to 80 bytes, ended by a NUL byte or the input. */
static void take_string(struct input *in, char *buf, size_t len)
{
	size_t k = 0;
	while (in->n > 0 && k + 1 < len && k < 80) {
		uint8_t c = take_byte(in);
		if (c == 0)
			break;
		buf[k++] = (char)c;
	}
	buf[k] = '\0';
}

/* ---- the coach behind the API ---- */

struct budge_daemon {
	struct input *in;
};

static int64_t fake_now(struct budge_daemon *d)
{
	return 1767225600 + (take_byte(d->in) << 8);
}

static void fake_status(struct budge_daemon *d, int64_t now, struct budge_status *out)
{
	uint8_t b = take_byte(d->in);
	memset(out, 0, sizeof(*out));
	out->paused = b & 1;
	out->paused_until = (b & 2) ? now + 600 : 0;
	out->in_meeting = b & 4;
	out->meeting_sources = (b >> 3) & 7;
	out->meeting_until = (b & 64) ? now + 1800 : 0;
	out->sitting_s = (int64_t)take_byte(d->in) * 60 - 120; /* may be negative */
	out->next_prompt_at = (b & 128) ? BUDGE_NO_DEADLINE : now + take_byte(d->in);
	out->next_kind = (enum budge_prompt_kind)(take_byte(d->in) % 3);
	out->open_prompt_id = take_byte(d->in);
	out->plan_week = (int32_t)take_byte(d->in) - 3;
}

static int fake_input(struct budge_daemon *d, const struct budge_input_event *ev, int *store_err)
{
	static const int answers[] = {0, 0, -ENOENT, -EINVAL, -EALREADY};
	uint8_t b = take_byte(d->in);
	(void)ev;
	*store_err = (b & 0x80) ? ((b & 0x40) ? -ENOSPC : -EIO) : 0;
	return answers[b % 5];
}

static const struct budge_movement fake_movement = {.id = "neck-roll"};

static const struct budge_movement *fake_find(struct budge_daemon *d, const char *id)
{
	(void)d;
	return strcmp(id, fake_movement.id) == 0 ? &fake_movement : NULL;
}

static int fake_record_done(struct budge_daemon *d, const struct budge_movement *m)
{
	(void)m;
	return (take_byte(d->in) & 1) ? -EROFS : 0;
}

static int fake_status_json(struct budge_daemon *d, char *buf, size_t len)
{
	return snprintf(buf, len, "{\"state\": \"present\", \"n\": %u}", take_byte(d->in));
}

static const char *fake_state(struct budge_daemon *d, const struct budge_status *st)
{
	static const char *const states[] = {"present", "idle", "away", "paused", "meeting",
	                                     "stopped"};
	(void)st;
	return states[take_byte(d->in) % 6];
}

static bool fake_stopped(struct budge_daemon *d, const char **reason)
{
	if (reason)
		*reason = "the check-in said stop (a fuzzed reason \xff\xfe cut)";
	return take_byte(d->in) & 1;
}

static void fake_refresh(struct budge_daemon *d)
{
	(void)d;
}

static int fake_reload(struct budge_daemon *d, char *errbuf, size_t errlen)
{
	char msg[96];
	if (!(take_byte(d->in) & 1))
		return 0;
	take_string(d->in, msg, sizeof(msg)); /* any bytes, as a file's line may hold */
	snprintf(errbuf, errlen, "config:3: %s", msg);
	return -EINVAL;
}

static const struct budge_coach_ops fake_ops = {
    .now = fake_now,
    .status = fake_status,
    .input = fake_input,
    .movement = fake_find,
    .record_done = fake_record_done,
    .status_json = fake_status_json,
    .state = fake_state,
    .stopped = fake_stopped,
    .refresh = fake_refresh,
    .reload = fake_reload,
};

/* ---- the stand-in bus daemon ---- */

static int driver_hello(sd_bus_message *m, void *u, sd_bus_error *e)
{
	(void)u, (void)e;
	return sd_bus_reply_method_return(m, "s", ":1.7");
}

static int driver_request_name(sd_bus_message *m, void *u, sd_bus_error *e)
{
	(void)u, (void)e;
	return sd_bus_reply_method_return(m, "u", 1); /* primary owner */
}

static const sd_bus_vtable driver_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Hello", "", "s", driver_hello, 0),
    SD_BUS_METHOD("RequestName", "su", "u", driver_request_name, 0),
    SD_BUS_VTABLE_END,
};

struct call {
	bool done;
};

/* Well-formed UTF-8 (no stray, overlong, surrogate or cut-short bytes). */
static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p, len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
		                                   : (c >> 3) == 30 ? 4 : 0;
		uint32_t v = len == 1 ? c : len == 2 ? c & 31 : len == 3 ? c & 15 : c & 7;
		if (len == 0)
			return false;
		for (unsigned i = 1; i < len; i++) {
			if ((p[i] >> 6) != 2)
				return false;
			v = v << 6 | (p[i] & 63);
		}
		if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
		    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return false;
		p += len;
	}
	return true;
}

static int on_reply(sd_bus_message *m, void *userdata, sd_bus_error *e)
{
	struct call *c = userdata;
	const sd_bus_error *err = sd_bus_message_get_error(m);
	(void)e;
	if (err) {
		if (!err->name || !err->message) {
			fprintf(stderr, "error reply %s without a message\n", err->name ? err->name : "(no name)");
			abort(); /* an error without a name or a message */
		}
		size_t n = strlen(err->message);
		if (n > 300 || !valid_utf8(err->message)) {
			fprintf(stderr, "error reply %s: %zu bytes: %s\n", err->name, n, err->message);
			abort(); /* longer than 300 bytes, or not valid UTF-8 */
		}
	}
	if (getenv("BUDGE_FUZZ_VERBOSE")) /* to see what the coach answered */
		fprintf(stderr, "reply: %s %s\n", err ? err->name : "ok",
		        err && err->message ? err->message : "");
	c->done = true;
	return 0;
}

/* Let both sides work until neither has anything left to do (a socketpair
 * delivers at once: no waiting), or *until is set. */
static void pump(sd_bus *a, sd_bus *b, const bool *until, int rounds)
{
	int idle = 0;
	for (int i = 0; i < rounds && !(until && *until) && idle < 3; i++) {
		int ra = sd_bus_process(a, NULL), rb = sd_bus_process(b, NULL);
		if (getenv("BUDGE_FUZZ_VERBOSE") && (ra != 0 || rb != 0))
			fprintf(stderr, "pump %d: %d %d\n", i, ra, rb);
		idle = ra == 0 && rb == 0 ? idle + 1 : 0;
	}
}

/* One call from the input: which member, with which signature and values.
 * Returns false if the call could not be built (then nothing was sent). */
static bool send_call(sd_bus *drv, struct input *in, struct call *c)
{
	static const char *const members[] = {"Respond",    "Pause",  "Resume", "MeetingStart",
	                                      "MeetingEnd", "Reload", "Status", "RecordDone",
	                                      "Get",        "GetAll", "Introspect", "Nope"};
	static const char *const words[] = {"done",      "snooze", "skip",       "too-hard",
	                                    "hurts",     "none",   "neck-roll",  "State",
	                                    "OpenPrompt", "MeetingSources"};
	const char *member = members[take_byte(in) % 12];
	bool props = strcmp(member, "Get") == 0 || strcmp(member, "GetAll") == 0;
	const char *iface = props ? "org.freedesktop.DBus.Properties"
	                    : strcmp(member, "Introspect") == 0 ? "org.freedesktop.DBus.Introspectable"
	                                                        : BUDGE_BUS_IFACE;
	sd_bus_message *m = NULL;
	char s[96];
	int r;

	if (sd_bus_message_new_method_call(drv, &m, BUDGE_BUS_NAME, BUDGE_BUS_PATH, iface,
	                                   member) < 0)
		return false;
	if (props)
		sd_bus_message_append(m, "s", BUDGE_BUS_IFACE);
	for (uint8_t nargs = take_byte(in) % 3; nargs > 0; nargs--) {
		uint8_t kind = take_byte(in);
		if (kind % 4 == 0) {
			sd_bus_message_append(m, "t", take_u64(in));
		} else if (kind % 4 == 1) {
			sd_bus_message_append(m, "s", words[take_byte(in) % 10]);
		} else if (kind % 4 == 2) {
			take_string(in, s, sizeof(s));
			sd_bus_message_append(m, "s", s); /* sd-bus refuses it unless valid UTF-8 */
		} else {
			sd_bus_message_append(m, "i", (int32_t)take_u64(in));
		}
	}
	r = sd_bus_call_async(drv, NULL, m, on_reply, c, 0);
	if (getenv("BUDGE_FUZZ_VERBOSE"))
		fprintf(stderr, "call: %s.%s: %s\n", iface, member, r < 0 ? strerror(-r) : "sent");
	sd_bus_message_unref(m);
	return r >= 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {.p = data, .n = size};
	struct budge_daemon daemon = {.in = &in};
	struct budge_bus_api *api = NULL;
	sd_bus *coach = NULL, *drv = NULL;
	sd_id128_t id = SD_ID128_MAKE(b0,d9,e0,00,00,00,40,00,80,00,00,00,00,00,00,01);
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) < 0)
		abort();
	if (sd_bus_new(&drv) < 0 || sd_bus_set_fd(drv, fds[0], fds[0]) < 0 ||
	    sd_bus_set_server(drv, 1, id) < 0 || sd_bus_set_anonymous(drv, 1) < 0 ||
	    sd_bus_add_object_vtable(drv, NULL, "/org/freedesktop/DBus", "org.freedesktop.DBus",
	                             driver_vtable, NULL) < 0 ||
	    sd_bus_start(drv) < 0)
		abort();
	if (sd_bus_new(&coach) < 0 || sd_bus_set_fd(coach, fds[1], fds[1]) < 0 ||
	    sd_bus_set_bus_client(coach, 1) < 0 || sd_bus_set_anonymous(coach, 1) < 0 ||
	    sd_bus_start(coach) < 0)
		abort();
	if (budge_bus_api_create(&daemon, &fake_ops, coach, NULL, NULL, &api) < 0)
		abort();
	pump(drv, coach, NULL, 50); /* Hello, RequestName */
	for (int calls = 0; calls < 8 && in.n > 0; calls++) {
		struct call c = {0};
		if (!send_call(drv, &in, &c))
			continue;
		pump(drv, coach, &c.done, 200);
		if (!c.done) {
			fprintf(stderr, "no answer; buses open: coach %d, driver %d\n",
			        sd_bus_is_open(coach), sd_bus_is_open(drv));
			abort(); /* the coach never answered */
		}
		budge_bus_api_changed(api);
		pump(drv, coach, NULL, 10);
	}
	budge_bus_api_destroy(api);
	sd_bus_flush_close_unref(coach);
	sd_bus_flush_close_unref(drv);
	return 0;
}
