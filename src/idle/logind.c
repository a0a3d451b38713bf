/* SPDX-License-Identifier: MIT */
/*
 * logind watcher: this session's Lock/Unlock signals and the manager's
 * PrepareForSleep(b), on the system bus. All asynchronous. If the system
 * bus or logind is missing, it says so once and budge goes on without it.
 *
 * Which session: started as a systemd user service (data/budge.service.in)
 * budge is not inside any session, so GetSessionByPID fails there. logind
 * resolves the session name "auto" to the caller's session or, failing
 * that, the user's graphical ("display") session: asked first; logind
 * versions without "auto" are asked GetSessionByPID.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idle.h"
#include "log.h"

#define LOGIN1 "org.freedesktop.login1"

struct budge_logind {
	sd_bus *bus;
	budge_logind_fn cb;
	void *userdata;
	sd_bus_slot *sleep_match;
	sd_bus_slot *lock_match;
	sd_bus_slot *unlock_match;
	sd_bus_slot *call;
	bool by_pid; /* "auto" was refused: asked GetSessionByPID */
};

static int on_sleep(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_logind *l = userdata;
	int start;

	if (sd_bus_message_read(m, "b", &start) < 0)
		return 0;
	l->cb(start ? BUDGE_LOGIND_SLEEP : BUDGE_LOGIND_WAKE, l->userdata);
	return 0;
}

static int on_lock(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_logind *l = userdata;
	l->cb(BUDGE_LOGIND_LOCK, l->userdata);
	return 0;
}

static int on_unlock(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_logind *l = userdata;
	l->cb(BUDGE_LOGIND_UNLOCK, l->userdata);
	return 0;
}

static int on_session(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct budge_logind *l = userdata;
	const sd_bus_error *e = sd_bus_message_get_error(m);
	const char *path;
	int r;

	l->call = sd_bus_slot_unref(l->call);
	if (e && !l->by_pid) {
		log_debug("logind: no \"auto\" session (%s); asking by process",
		          e->message ? e->message : e->name);
		l->by_pid = true;
		r = sd_bus_call_method_async(l->bus, &l->call, LOGIN1, "/org/freedesktop/login1",
		                             LOGIN1 ".Manager", "GetSessionByPID", on_session, l,
		                             "u", (uint32_t)getpid());
		if (r < 0)
			log_info("logind: cannot ask for this process's session: %s; screen lock "
			         "is not watched",
			         strerror(-r));
		return 0;
	}
	if (e) {
		log_info("logind: no session for this user (%s); screen lock is not watched",
		         e->message ? e->message : e->name);
		return 0;
	}
	if (sd_bus_message_read(m, "o", &path) < 0)
		return 0;
	r = sd_bus_match_signal_async(l->bus, &l->lock_match, LOGIN1, path, LOGIN1 ".Session",
	                              "Lock", on_lock, NULL, l);
	if (r >= 0)
		r = sd_bus_match_signal_async(l->bus, &l->unlock_match, LOGIN1, path,
		                              LOGIN1 ".Session", "Unlock", on_unlock, NULL, l);
	if (r < 0)
		log_info("logind: cannot watch session %s: %s", path, strerror(-r));
	else
		log_debug("logind: watching %s", path);
	return 0;
}

int budge_logind_create(sd_event *event, budge_logind_fn cb, void *userdata,
                        struct budge_logind **out)
{
	struct budge_logind *l;
	int r;

	/* No logind (systemd-logind and elogind keep their state under
	 * /run/systemd) and no system bus named in the environment: nothing
	 * to watch. */
	if (access("/run/systemd/system", F_OK) < 0 && access("/run/systemd/seats", F_OK) < 0 &&
	    !getenv("DBUS_SYSTEM_BUS_ADDRESS"))
		return -ENODEV;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->cb = cb;
	l->userdata = userdata;
	r = sd_bus_open_system(&l->bus);
	if (r < 0)
		goto fail;
	r = sd_bus_attach_event(l->bus, event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0)
		goto fail;
	r = sd_bus_match_signal_async(l->bus, &l->sleep_match, LOGIN1, "/org/freedesktop/login1",
	                              LOGIN1 ".Manager", "PrepareForSleep", on_sleep, NULL, l);
	if (r < 0)
		goto fail;
	r = sd_bus_call_method_async(l->bus, &l->call, LOGIN1, "/org/freedesktop/login1",
	                             LOGIN1 ".Manager", "GetSession", on_session, l, "s", "auto");
	if (r < 0)
		goto fail;
	*out = l;
	return 0;
fail:
	budge_logind_destroy(l);
	return r;
}

void budge_logind_destroy(struct budge_logind *l)
{
	if (!l)
		return;
	sd_bus_slot_unref(l->call);
	sd_bus_slot_unref(l->lock_match);
	sd_bus_slot_unref(l->unlock_match);
	sd_bus_slot_unref(l->sleep_match);
	sd_bus_flush_close_unref(l->bus);
	free(l);
}
