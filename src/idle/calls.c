/* SPDX-License-Identifier: MIT */
/* Calls: the backends behind one ops table, auto's choice and fallback. */
#include "calls.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

#define CHECK_EVERY_S 60 /* the alsa backend's looks, while sitting */

struct calls_ops {
	const char *name;
	bool polled;
	int (*start)(struct budge_calls *c); /* 0, or negative errno (not here) */
	void (*stop)(struct budge_calls *c);
};

struct budge_calls {
	sd_event *ev;
	enum budge_calls_choice choice;
	budge_calls_fn cb;
	void *userdata;
	const struct calls_ops *ops;
	bool in_call;
	/* pipewire: the watcher child and its pipe */
	pid_t child;
	sd_event_source *pipe_src;
	char line[256];
	size_t line_len;
	/* alsa */
	const char *root;
	int64_t last_check; /* INT64_MIN: not yet */
};

static const struct calls_ops pipewire_ops, alsa_ops;

static void set_in_call(struct budge_calls *c, bool on)
{
	if (on == c->in_call)
		return;
	c->in_call = on;
	c->cb(on, c->userdata);
}

/* ---- pipewire --------------------------------------------------------- */

/* Is there a PipeWire socket to connect to? (auto does not start a
 * watcher that could only fail.) */
static bool pipewire_socket_present(void)
{
	const char *remote = getenv("PIPEWIRE_REMOTE");
	const char *dir = getenv("PIPEWIRE_RUNTIME_DIR");
	char path[4096];
	struct stat st;

	if (!dir || !*dir)
		dir = getenv("XDG_RUNTIME_DIR");
	if (!dir || !*dir)
		return false;
	if (remote && remote[0] == '/')
		snprintf(path, sizeof(path), "%s", remote);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, remote && *remote ? remote : "pipewire-0");
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

static void switch_to(struct budge_calls *c, const struct calls_ops *ops);

/* The watcher said E, or its pipe closed. */
static void pipewire_lost(struct budge_calls *c, const char *why)
{
	if (c->choice == BUDGE_CALLS_AUTO) {
		log_info("calls: %s; looking at ALSA and /dev/video instead", why);
		switch_to(c, &alsa_ops);
	} else {
		log_warn("[meetings] calls = pipewire: %s; calls are not seen until the "
		         "coach is reloaded",
		         why);
		c->ops->stop(c);
		c->ops = NULL;
		set_in_call(c, false);
	}
}

static void pipewire_line(struct budge_calls *c, const char *l)
{
	if (strcmp(l, "R") == 0)
		log_info("calls: watching PipeWire for camera and microphone capture");
	else if (strcmp(l, "1") == 0 || strcmp(l, "0") == 0)
		set_in_call(c, l[0] == '1');
	else if (l[0] == 'E' && l[1] == ' ')
		pipewire_lost(c, l + 2);
	else
		log_debug("calls: the PipeWire watcher said '%.40s'", l);
}

static int on_watcher(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_calls *c = userdata;
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf));

	(void)s;
	(void)revents;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		pipewire_lost(c, "the PipeWire watcher ended");
		return 0;
	}
	for (ssize_t i = 0; i < n && c->ops == &pipewire_ops; i++) {
		if (buf[i] != '\n') {
			if (c->line_len < sizeof(c->line) - 1)
				c->line[c->line_len++] = buf[i];
			continue;
		}
		c->line[c->line_len] = '\0';
		c->line_len = 0;
		pipewire_line(c, c->line); /* may stop the watcher */
	}
	return 0;
}

static int pipewire_start(struct budge_calls *c)
{
	int fd, r;
	pid_t pid;

	if (c->choice == BUDGE_CALLS_AUTO && !pipewire_socket_present())
		return -ENOENT;
	pid = budge_calls_pipewire_spawn(&fd);
	if (pid < 0)
		return pid;
	c->child = pid;
	c->line_len = 0;
	r = sd_event_add_io(c->ev, &c->pipe_src, fd, EPOLLIN, on_watcher, c);
	if (r >= 0)
		r = sd_event_source_set_io_fd_own(c->pipe_src, 1);
	if (r < 0) {
		if (!c->pipe_src)
			close(fd);
		c->ops = &pipewire_ops;
		pipewire_ops.stop(c);
		return r;
	}
	return 0;
}

static void pipewire_stop(struct budge_calls *c)
{
	c->pipe_src = sd_event_source_disable_unref(c->pipe_src);
	if (c->child > 0) {
		kill(c->child, SIGTERM);
		while (waitpid(c->child, NULL, 0) < 0 && errno == EINTR)
			;
		c->child = 0;
	}
}

static const struct calls_ops pipewire_ops = {
    .name = "pipewire",
    .polled = false,
    .start = pipewire_start,
    .stop = pipewire_stop,
};

/* ---- alsa (and /dev/video) -------------------------------------------- */

static int alsa_start(struct budge_calls *c)
{
	const char *root = getenv("BUDGE_CALLS_PROC");

	c->root = root && *root ? root : "/proc";
	c->last_check = INT64_MIN;
	return 0;
}

static void alsa_stop(struct budge_calls *c)
{
	(void)c;
}

static const struct calls_ops alsa_ops = {
    .name = "alsa",
    .polled = true,
    .start = alsa_start,
    .stop = alsa_stop,
};

/* ---- the common part -------------------------------------------------- */

static void switch_to(struct budge_calls *c, const struct calls_ops *ops)
{
	if (c->ops)
		c->ops->stop(c);
	c->ops = ops;
	if (ops->start(c) < 0)
		c->ops = NULL;
	if (c->in_call)
		set_in_call(c, false); /* the new backend says again */
	else
		c->cb(false, c->userdata); /* the backend changed: a look may be due */
}

int budge_calls_create(sd_event *ev, enum budge_calls_choice choice, budge_calls_fn cb,
                       void *userdata, struct budge_calls **out)
{
	struct budge_calls *c = calloc(1, sizeof(*c));
	const struct calls_ops *ops = choice == BUDGE_CALLS_ALSA ? &alsa_ops : &pipewire_ops;
	int r;

	if (!c)
		return -ENOMEM;
	*c = (struct budge_calls){.ev = ev, .choice = choice, .cb = cb, .userdata = userdata};
	r = ops->start(c);
	if (r < 0 && choice == BUDGE_CALLS_AUTO)
		r = (ops = &alsa_ops)->start(c);
	if (r < 0) {
		free(c);
		return r;
	}
	c->ops = ops;
	*out = c;
	return 0;
}

const char *budge_calls_backend(const struct budge_calls *c)
{
	return c && c->ops ? c->ops->name : "none";
}

bool budge_calls_in_call(const struct budge_calls *c)
{
	return c && c->in_call;
}

int64_t budge_calls_next_check(const struct budge_calls *c)
{
	if (!c || !c->ops || !c->ops->polled)
		return INT64_MAX;
	/* never looked yet: due at once (0 is before any now; not negative,
	 * which the daemon's timer takes for "no deadline") */
	return c->last_check == INT64_MIN ? 0 : c->last_check + CHECK_EVERY_S;
}

void budge_calls_check(struct budge_calls *c, int64_t now)
{
	struct budge_calls_scan scan;

	if (!c || !c->ops || !c->ops->polled || now < budge_calls_next_check(c))
		return;
	c->last_check = now;
	budge_calls_proc_scan(c->root, &scan);
	log_debug("calls: %d running ALSA capture(s), %d open camera(s); %d fds looked at",
	          scan.capture_running, scan.video_open, scan.fds_seen);
	set_in_call(c, scan.capture_running > 0 || scan.video_open > 0);
}

void budge_calls_destroy(struct budge_calls *c)
{
	if (!c)
		return;
	if (c->ops)
		c->ops->stop(c);
	free(c);
}
