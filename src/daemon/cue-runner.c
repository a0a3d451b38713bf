/* SPDX-License-Identifier: MIT */
/* A cue's user program: run, logged, bounded, never blocking (cue-runner.h). */
#define _GNU_SOURCE /* pipe2 */
#include "cue-runner.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "budge/i18n.h"

extern char **environ;

#define MAX_ENV 512
#define MAX_LOGGED_LINES 20 /* of one run's output */

struct budge_cue_runner {
	sd_event *ev;
	char what[48];
	int limit_ms;
	pid_t pid; /* 0: none runs */
	sd_event_source *exit_src, *out_src, *limit_src;
	bool killed, failing;
	char line[256];
	size_t line_len;
	int lines;
};

/* what: what went wrong, detail: why ("" none) */
static void failed(struct budge_cue_runner *r, const char *what, const char *detail)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s%s", what, detail);
	if (!r->failing)
		log_warn("%s: %s (said once; later failures are logged at debug level)", r->what, msg);
	else
		log_debug("%s: %s", r->what, msg);
	r->failing = true;
}

static void out_line(struct budge_cue_runner *r)
{
	r->line[r->line_len] = '\0';
	r->line_len = 0;
	if (++r->lines <= MAX_LOGGED_LINES)
		log_info("%s said: %s", r->what, r->line);
	else if (r->lines == MAX_LOGGED_LINES + 1)
		log_info("%s: more output (not logged)", r->what);
}

static int on_output(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_cue_runner *r = userdata;
	char buf[512];
	ssize_t n = read(fd, buf, sizeof(buf));

	(void)revents;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		if (r->line_len)
			out_line(r);
		r->out_src = sd_event_source_disable_unref(s);
		return 0;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || r->line_len == sizeof(r->line) - 1)
			out_line(r);
		if (buf[i] != '\n')
			r->line[r->line_len++] = (unsigned char)buf[i] < 0x20 ? ' ' : buf[i];
	}
	return 0;
}

static int on_limit(sd_event_source *s, uint64_t usec, void *userdata)
{
	struct budge_cue_runner *r = userdata;

	(void)s;
	(void)usec;
	if (r->pid > 0) {
		r->killed = true;
		kill(-r->pid, SIGKILL); /* its group; the pidfd says when it is gone */
	}
	return 0;
}

static int on_exit_fd(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_cue_runner *r = userdata;
	int status = 0;
	char detail[64];

	(void)fd;
	(void)revents;
	if (waitpid(r->pid, &status, WNOHANG) == 0)
		return 0;
	r->exit_src = sd_event_source_disable_unref(s);
	r->limit_src = sd_event_source_disable_unref(r->limit_src);
	r->pid = 0;
	if (r->killed) {
		snprintf(detail, sizeof(detail), "%d ms: stopped", r->limit_ms);
		failed(r, "still running after ", detail);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (r->failing)
			log_info("%s works again", r->what);
		else
			log_debug("%s: done", r->what);
		r->failing = false;
	} else {
		if (WIFEXITED(status))
			snprintf(detail, sizeof(detail), _("exit status %d"), WEXITSTATUS(status));
		else
			snprintf(detail, sizeof(detail), "signal %d", WTERMSIG(status));
		failed(r, "failed: ", detail);
	}
	return 0;
}

struct budge_cue_runner *budge_cue_runner_new(sd_event *ev, const char *what, int limit_ms)
{
	struct budge_cue_runner *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->ev = ev;
	r->limit_ms = limit_ms;
	snprintf(r->what, sizeof(r->what), "%s", what);
	return r;
}

bool budge_cue_runner_busy(const struct budge_cue_runner *r)
{
	return r && r->pid > 0;
}

/* environ, then extra: a NULL-terminated array in env (MAX_ENV). */
static void make_env(char *const extra[], char **env)
{
	size_t n = 0;

	for (char **e = environ; *e && n < MAX_ENV - 16; e++)
		if (strncmp(*e, "BUDGE_CUE_", 10) != 0)
			env[n++] = *e;
	for (size_t i = 0; extra && extra[i] && n < MAX_ENV - 1; i++)
		env[n++] = extra[i];
	env[n] = NULL;
}

/* The child's watches: its output, its end, its time limit. */
static int watch_child(struct budge_cue_runner *r, int out_fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, r->pid, 0);
	int e;

	if (pidfd < 0)
		return -errno;
	e = sd_event_add_io(r->ev, &r->exit_src, pidfd, EPOLLIN, on_exit_fd, r);
	if (e < 0) {
		close(pidfd);
		return e;
	}
	sd_event_source_set_io_fd_own(r->exit_src, 1);
	if (sd_event_add_io(r->ev, &r->out_src, out_fd, EPOLLIN, on_output, r) >= 0)
		sd_event_source_set_io_fd_own(r->out_src, 1);
	else
		close(out_fd);
	return sd_event_add_time_relative(r->ev, &r->limit_src, CLOCK_MONOTONIC,
	                                  (uint64_t)r->limit_ms * 1000, 10 * 1000, on_limit, r);
}

bool budge_cue_runner_run(struct budge_cue_runner *r, char *const argv[], char *const extra[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *env[MAX_ENV];
	int fds[2], e;

	if (r->pid > 0) {
		log_info("%s: the last one still runs; this cue is skipped", r->what);
		return false;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		failed(r, "cannot run it: ", strerror(errno));
		return false;
	}
	make_env(extra, env);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	/* its own process group, so that a time limit stops what it started;
	 * and none of the coach's blocked signals */
	posix_spawnattr_init(&attr);
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
	e = posix_spawnp(&r->pid, argv[0], &fa, &attr, argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		r->pid = 0;
		close(fds[0]);
		failed(r, "cannot run it: ", strerror(e));
		return false;
	}
	r->killed = false;
	r->lines = 0;
	r->line_len = 0;
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	e = watch_child(r, fds[0]);
	if (e < 0) {
		log_warn("%s: cannot watch it (%s); it is stopped", r->what, strerror(-e));
		kill(r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
		r->pid = 0;
		r->exit_src = sd_event_source_disable_unref(r->exit_src);
		r->out_src = sd_event_source_disable_unref(r->out_src);
		return false;
	}
	return true;
}

void budge_cue_runner_free(struct budge_cue_runner *r)
{
	if (!r)
		return;
	if (r->pid > 0) {
		kill(-r->pid, SIGKILL);
		waitpid(r->pid, NULL, 0);
	}
	sd_event_source_disable_unref(r->exit_src);
	sd_event_source_disable_unref(r->out_src);
	sd_event_source_disable_unref(r->limit_src);
	free(r);
}
