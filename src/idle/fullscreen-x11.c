/* SPDX-License-Identifier: MIT */
/*
 * Fullscreen watcher (X11, EWMH): is the focused window fullscreen? budge
 * treats that as presenting (a meeting): only discreet movements.
 *
 * Its own xcb connection, attached to the sd-event loop by its fd; nothing
 * polls and nothing blocks: every request is asynchronous, its reply picked
 * up when the fd is readable.
 *
 *   root window:   PropertyChangeMask, _NET_ACTIVE_WINDOW (set by the window
 *                  manager) names the focused window;
 *   that window:   PropertyChangeMask (and StructureNotifyMask, to see it
 *                  destroyed), _NET_WM_STATE is fullscreen when it holds
 *                  _NET_WM_STATE_FULLSCREEN.
 *
 * Privacy: only those two properties are read, and of _NET_WM_STATE only
 * whether one atom is in it. Never a window's title, class, name, pid or
 * contents.
 *
 * A window that vanishes (BadWindow, DestroyNotify) is not fullscreen.
 * Without a window manager that sets _NET_ACTIVE_WINDOW nothing is ever
 * fullscreen. When the X connection is lost the watcher reports "not
 * fullscreen" (if it had said fullscreen), logs once and stops.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <xcb/xcb.h>
#include <xcb/xcbext.h> /* xcb_poll_for_reply */

#include "idle.h"
#include "log.h"

/* _NET_WM_STATE rarely holds more than a handful of atoms. */
#define STATE_MAX_ATOMS 64

struct budge_fullscreen {
	xcb_connection_t *c;
	sd_event_source *io;
	budge_fullscreen_fn cb;
	void *userdata;
	xcb_window_t root;
	xcb_atom_t a_active, a_state, a_fullscreen;
	xcb_window_t watched; /* the active window whose state is watched, or 0 */
	bool fullscreen;      /* last reported */
	/* at most one request of each kind in flight (a newer one replaces it) */
	bool active_pending, state_pending;
	unsigned int active_seq, state_seq;
	xcb_window_t state_win; /* window asked by state_seq */
};

static void report(struct budge_fullscreen *f, bool fullscreen)
{
	if (fullscreen == f->fullscreen)
		return;
	f->fullscreen = fullscreen;
	log_debug("fullscreen: %s",
	          fullscreen ? "the focused window is fullscreen" : "no fullscreen window focused");
	f->cb(fullscreen, f->userdata);
}

static void ask_active(struct budge_fullscreen *f)
{
	if (f->active_pending)
		xcb_discard_reply(f->c, f->active_seq);
	f->active_seq =
	    xcb_get_property(f->c, 0, f->root, f->a_active, XCB_ATOM_WINDOW, 0, 1).sequence;
	f->active_pending = true;
}

static void ask_state(struct budge_fullscreen *f)
{
	if (f->state_pending)
		xcb_discard_reply(f->c, f->state_seq);
	f->state_pending = false;
	if (!f->watched) {
		report(f, false);
		return;
	}
	f->state_seq =
	    xcb_get_property(f->c, 0, f->watched, f->a_state, XCB_ATOM_ATOM, 0, STATE_MAX_ATOMS)
	        .sequence;
	f->state_win = f->watched;
	f->state_pending = true;
}

/* Move the property watch to w (0: none) and read its state. */
static void watch(struct budge_fullscreen *f, xcb_window_t w)
{
	if (w == f->root)
		w = 0;
	if (w == f->watched)
		return;
	/* Only this connection's selection on the old window is removed. A
	 * BadWindow (it is gone) comes back as an error event and is ignored. */
	if (f->watched)
		xcb_change_window_attributes(f->c, f->watched, XCB_CW_EVENT_MASK,
		                             (const uint32_t[]){XCB_EVENT_MASK_NO_EVENT});
	f->watched = w;
	if (w)
		xcb_change_window_attributes(f->c, w, XCB_CW_EVENT_MASK,
		                             (const uint32_t[]){XCB_EVENT_MASK_PROPERTY_CHANGE |
		                                                XCB_EVENT_MASK_STRUCTURE_NOTIFY});
	/* Selected first, read second: no change falls in between. */
	ask_state(f);
}

static void on_active_reply(struct budge_fullscreen *f, xcb_get_property_reply_t *r)
{
	xcb_window_t w = 0;

	if (r && r->type == XCB_ATOM_WINDOW && r->format == 32 &&
	    xcb_get_property_value_length(r) >= 4)
		memcpy(&w, xcb_get_property_value(r), sizeof(w));
	watch(f, w);
}

static void on_state_reply(struct budge_fullscreen *f, xcb_get_property_reply_t *r)
{
	bool fs = false;

	if (f->state_win != f->watched)
		return; /* the focus moved on meanwhile */
	if (r && r->type == XCB_ATOM_ATOM && r->format == 32) {
		const xcb_atom_t *atoms = xcb_get_property_value(r);
		int n = xcb_get_property_value_length(r) / 4;
		for (int i = 0; i < n && !fs; i++)
			fs = atoms[i] == f->a_fullscreen;
	}
	/* no reply: BadWindow, the window is gone */
	report(f, fs);
}

static void on_event(struct budge_fullscreen *f, xcb_generic_event_t *ev)
{
	switch (ev->response_type & 0x7f) {
	case 0: {
		xcb_generic_error_t *e = (xcb_generic_error_t *)ev;
		/* BadWindow on the watched window: it vanished. */
		if (e->error_code == XCB_WINDOW && e->resource_id == f->watched && f->watched) {
			f->watched = 0;
			ask_state(f);
		}
		break;
	}
	case XCB_PROPERTY_NOTIFY: {
		xcb_property_notify_event_t *p = (xcb_property_notify_event_t *)ev;
		if (p->window == f->root && p->atom == f->a_active)
			ask_active(f);
		else if (p->window == f->watched && p->atom == f->a_state)
			ask_state(f);
		break;
	}
	case XCB_DESTROY_NOTIFY: {
		xcb_destroy_notify_event_t *d = (xcb_destroy_notify_event_t *)ev;
		if (d->window == f->watched) {
			f->watched = 0;
			ask_state(f);
		}
		break;
	}
	default:
		break;
	}
}

static void lost(struct budge_fullscreen *f)
{
	log_warn("fullscreen: the X connection is lost; fullscreen windows are no longer "
	         "watched");
	f->io = sd_event_source_disable_unref(f->io);
	f->active_pending = f->state_pending = false;
	f->watched = 0;
	report(f, false);
}

/*
 * Handle everything xcb has, without blocking. Level-triggered io only sees
 * what is still in the socket, so whatever xcb has already read into its
 * buffers (events, replies) is drained here before returning.
 */
static int on_io(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_fullscreen *f = userdata;
	xcb_generic_event_t *ev;
	bool progress;

	do {
		progress = false;
		while ((ev = xcb_poll_for_event(f->c))) {
			on_event(f, ev);
			free(ev);
			progress = true;
		}
		if (f->active_pending) {
			void *r = NULL;
			xcb_generic_error_t *e = NULL;
			if (xcb_poll_for_reply(f->c, f->active_seq, &r, &e)) {
				f->active_pending = false;
				on_active_reply(f, r);
				free(r);
				free(e);
				progress = true;
			}
		}
		if (f->state_pending) {
			void *r = NULL;
			xcb_generic_error_t *e = NULL;
			if (xcb_poll_for_reply(f->c, f->state_seq, &r, &e)) {
				f->state_pending = false;
				on_state_reply(f, r);
				free(r);
				free(e);
				progress = true;
			}
		}
		/* Polling for a reply may have read events into the queue. */
		if (!progress && (ev = xcb_poll_for_queued_event(f->c))) {
			on_event(f, ev);
			free(ev);
			progress = true;
		}
		xcb_flush(f->c);
		if (xcb_connection_has_error(f->c)) {
			lost(f);
			return 0;
		}
	} while (progress);
	return 0;
}

static xcb_intern_atom_cookie_t intern(xcb_connection_t *c, const char *name)
{
	return xcb_intern_atom(c, 0, (uint16_t)strlen(name), name);
}

int budge_fullscreen_create(sd_event *event, budge_fullscreen_fn cb, void *userdata,
                            struct budge_fullscreen **out)
{
	struct budge_fullscreen *f;
	int screen_num = 0, r;

	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->cb = cb;
	f->userdata = userdata;
	f->c = xcb_connect(NULL, &screen_num);
	if (xcb_connection_has_error(f->c)) {
		r = -ENODEV;
		goto fail;
	}
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(f->c));
	for (int i = 0; i < screen_num && it.rem; i++)
		xcb_screen_next(&it);
	if (!it.rem) {
		r = -ENODEV;
		goto fail;
	}
	f->root = it.data->root;

	/* The only round trip: three atoms, once, at start. */
	xcb_intern_atom_cookie_t ck[3] = {intern(f->c, "_NET_ACTIVE_WINDOW"),
	                                  intern(f->c, "_NET_WM_STATE"),
	                                  intern(f->c, "_NET_WM_STATE_FULLSCREEN")};
	xcb_atom_t *atoms[3] = {&f->a_active, &f->a_state, &f->a_fullscreen};
	r = 0;
	for (int i = 0; i < 3; i++) {
		xcb_intern_atom_reply_t *rep = xcb_intern_atom_reply(f->c, ck[i], NULL);
		if (rep)
			*atoms[i] = rep->atom;
		else
			r = -EIO;
		free(rep);
	}
	if (r < 0)
		goto fail;

	xcb_change_window_attributes(f->c, f->root, XCB_CW_EVENT_MASK,
	                             (const uint32_t[]){XCB_EVENT_MASK_PROPERTY_CHANGE});
	ask_active(f);
	if (xcb_flush(f->c) <= 0) {
		r = -EIO;
		goto fail;
	}
	r = sd_event_add_io(event, &f->io, xcb_get_file_descriptor(f->c), EPOLLIN, on_io, f);
	if (r < 0)
		goto fail;
	*out = f;
	return 0;
fail:
	budge_fullscreen_destroy(f);
	return r;
}

bool budge_fullscreen_connected(const struct budge_fullscreen *f)
{
	return f && f->io;
}

void budge_fullscreen_destroy(struct budge_fullscreen *f)
{
	if (!f)
		return;
	sd_event_source_disable_unref(f->io);
	if (f->c)
		xcb_disconnect(f->c);
	free(f);
}
