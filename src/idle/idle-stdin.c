/* SPDX-License-Identifier: MIT */
/*
 * "stdin": a scripted idle source for tests and for wiring budge to other
 * tools. One command per line on standard input:
 *   idle [MS]   no input for MS milliseconds (default: the idle timeout)
 *   active      input again
 * Never chosen automatically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idle.h"
#include "log.h"

struct stdin_state {
	struct budge_idle_params p;
	char buf[256];
	size_t len;
};

static int stdin_create(const struct budge_idle_params *params, void **state)
{
	struct stdin_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->p = *params;
	*state = st;
	return 0;
}

static int stdin_start(void *state)
{
	int fl = fcntl(STDIN_FILENO, F_GETFL);

	if (fl < 0 || fcntl(STDIN_FILENO, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

static int stdin_get_fd(void *state)
{
	return STDIN_FILENO;
}

static void handle_line(struct stdin_state *st, char *line)
{
	char *end;

	if (strncmp(line, "idle", 4) == 0 && (line[4] == '\0' || line[4] == ' ')) {
		unsigned long long ms = st->p.timeout_ms;
		if (line[4] == ' ') {
			errno = 0;
			ms = strtoull(line + 5, &end, 10);
			if (errno || end == line + 5 || *end) {
				log_warn("stdin idle source: '%s': expected 'idle [MS]'", line);
				return;
			}
		}
		st->p.cb(BUDGE_IDLE_EV_IDLE, ms, st->p.userdata);
	} else if (strcmp(line, "active") == 0) {
		st->p.cb(BUDGE_IDLE_EV_ACTIVE, 0, st->p.userdata);
	} else if (line[0]) {
		log_warn(
		    "stdin idle source: unknown command '%s' (expected 'idle [MS]' or 'active')",
		    line);
	}
}

static int stdin_dispatch(void *state)
{
	struct stdin_state *st = state;

	for (;;) {
		ssize_t n = read(STDIN_FILENO, st->buf + st->len, sizeof(st->buf) - 1 - st->len);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		if (n == 0)
			return -EPIPE; /* end of input: no more idle reports */
		st->len += (size_t)n;
		st->buf[st->len] = '\0';
		char *nl;
		while ((nl = strchr(st->buf, '\n'))) {
			*nl = '\0';
			handle_line(st, st->buf);
			size_t used = (size_t)(nl + 1 - st->buf);
			memmove(st->buf, nl + 1, st->len - used + 1);
			st->len -= used;
		}
		if (st->len == sizeof(st->buf) - 1) {
			log_warn("stdin idle source: line too long, dropped");
			st->len = 0;
		}
	}
}

static void stdin_destroy(void *state)
{
	free(state);
}

const struct budge_idle_ops budge_idle_stdin_ops = {
    .name = "stdin",
    .caps = BUDGE_IDLE_CAP_IDLE | BUDGE_IDLE_CAP_ACTIVE,
    .description = "scripted: 'idle [MS]' / 'active' lines on standard input",
    .create = stdin_create,
    .start = stdin_start,
    .get_fd = stdin_get_fd,
    .dispatch = stdin_dispatch,
    .destroy = stdin_destroy,
};
