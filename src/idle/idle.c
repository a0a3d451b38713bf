/* SPDX-License-Identifier: MIT */
/* Idle backend registry and the sd-event glue shared by all backends. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "budge-build-config.h"
#include "idle.h"
#include "log.h"

const struct budge_idle_ops *const budge_idle_backends[] = {
#if HAVE_WAYLAND
    &budge_idle_wayland_ops,
#endif
    &budge_idle_gnome_ops,
#if HAVE_X11
    &budge_idle_x11_ops,
#endif
    &budge_idle_none_ops,    &budge_idle_stdin_ops, NULL,
};

struct budge_idle_source {
	const struct budge_idle_ops *ops;
	void *state;
	sd_event_source *io;
	budge_idle_fn cb; /* the caller's callback, for the "lost" fallback */
	void *userdata;
	bool lost;        /* the connection went away: behaves like "none" */
};

const struct budge_idle_ops *budge_idle_find(const char *name)
{
	for (size_t i = 0; budge_idle_backends[i]; i++)
		if (strcmp(budge_idle_backends[i]->name, name) == 0)
			return budge_idle_backends[i];
	return NULL;
}

static int on_io(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct budge_idle_source *s = userdata;
	int r = s->ops->dispatch(s->state);

	if (r < 0 || (revents & (EPOLLHUP | EPOLLERR))) {
		/* The display went away (e.g. X server gone). Stop watching;
		 * the coach goes on without an idle source. */
		log_warn("idle source %s: connection lost (%s); continuing without idle "
		         "detection, assuming you are present during work hours",
		         s->ops->name, strerror(r < 0 ? -r : EPIPE));
		sd_event_source_set_enabled(src, SD_EVENT_OFF);
		if (!s->lost) {
			s->lost = true;
			/* Like the "none" source: present, so the last state
			 * seen (perhaps idle) does not freeze. */
			s->cb(BUDGE_IDLE_EV_ACTIVE, 0, s->userdata);
		}
	}
	return 0;
}

static int try_start(sd_event *event, const struct budge_idle_ops *ops,
                     const struct budge_idle_params *params, struct budge_idle_source *s)
{
	int r, fd;

	s->ops = ops;
	s->state = NULL;
	s->cb = params->cb;
	s->userdata = params->userdata;
	s->lost = false;
	r = ops->create(params, &s->state);
	if (r < 0)
		return r;
	r = ops->start(s->state);
	if (r < 0)
		goto fail;
	fd = ops->get_fd(s->state);
	if (fd >= 0) {
		r = sd_event_add_io(event, &s->io, fd, EPOLLIN, on_io, s);
		if (r < 0)
			goto fail;
		/* Anything already read into the library's buffer. */
		r = ops->dispatch(s->state);
		if (r < 0)
			goto fail;
	}
	return 0;
fail:
	s->io = sd_event_source_disable_unref(s->io);
	ops->destroy(s->state);
	s->state = NULL;
	return r;
}

int budge_idle_source_create(sd_event *event, const char *name,
                             const struct budge_idle_params *params, struct budge_idle_source **out)
{
	struct budge_idle_source *s = calloc(1, sizeof(*s));
	int r = -ENODEV;

	if (!s)
		return -ENOMEM;
	if (name && strcmp(name, "auto") != 0) {
		const struct budge_idle_ops *ops = budge_idle_find(name);
		if (!ops) {
			free(s);
			return -ENOENT;
		}
		r = try_start(event, ops, params, s);
		if (r < 0) {
			free(s);
			return r;
		}
		*out = s;
		return 0;
	}
	for (size_t i = 0; budge_idle_backends[i]; i++) {
		const struct budge_idle_ops *ops = budge_idle_backends[i];
		if (!(ops->caps & BUDGE_IDLE_CAP_AUTO))
			continue;
		if ((ops->caps & BUDGE_IDLE_CAP_NEEDS_BUS) && !params->bus)
			continue;
		r = try_start(event, ops, params, s);
		if (r == 0) {
			*out = s;
			return 0;
		}
		log_debug("idle backend %s not available: %s", ops->name, strerror(-r));
	}
	free(s);
	return r;
}

void budge_idle_source_destroy(struct budge_idle_source *s)
{
	if (!s)
		return;
	sd_event_source_disable_unref(s->io);
	s->ops->destroy(s->state);
	free(s);
}

const char *budge_idle_source_name(const struct budge_idle_source *s)
{
	return s->lost ? "none" : s->ops->name;
}
