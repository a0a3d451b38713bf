/* SPDX-License-Identifier: MIT */
/*
 * The pipewire calls backend's watcher: a child process (fork, no exec)
 * that loads libpipewire-0.3.so.0 with dlopen, so that the coach maps none
 * of it, and says on a pipe whether a capture stream runs:
 *   R        connected, the registry's first round is in
 *   1 / 0    some capture stream runs / none does (after R, on change)
 *   E TEXT   it cannot go on (no library, no daemon, the daemon left)
 * A capture stream is a node of media.class Stream/Input/Audio or
 * Stream/Input/Video in state "running", that is not a level meter
 * (stream.monitor) or a recording of what is played (stream.capture.sink).
 * Only those properties are read: never an application's name or media.
 * The child ends when the coach does (PR_SET_PDEATHSIG, and its pipe).
 */
#define _GNU_SOURCE /* pipe2, close_range */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "calls.h"
#include "budge-build-config.h" /* HAVE_PIPEWIRE_HEADERS */

#if HAVE_PIPEWIRE_HEADERS
#include <pipewire/pipewire.h>

#define MAX_NODES 64
#define PIPE_FD 3

/* What the child takes from the library (the rest is inline in its headers). */
struct pw_lib {
	void (*init)(int *, char ***);
	struct pw_main_loop *(*main_loop_new)(const struct spa_dict *);
	struct pw_loop *(*main_loop_get_loop)(struct pw_main_loop *);
	int (*main_loop_run)(struct pw_main_loop *);
	int (*main_loop_quit)(struct pw_main_loop *);
	struct pw_context *(*context_new)(struct pw_loop *, struct pw_properties *, size_t);
	struct pw_core *(*context_connect)(struct pw_context *, struct pw_properties *, size_t);
	void (*proxy_destroy)(struct pw_proxy *);
};

struct node {
	uint32_t id;
	struct pw_proxy *proxy; /* NULL: a free slot */
	struct spa_hook listener;
	bool running;
};

struct watcher {
	struct pw_lib pw;
	struct pw_main_loop *loop;
	struct pw_core *core;
	struct pw_registry *registry;
	struct spa_hook core_listener, registry_listener;
	int sync_seq;
	bool ready;
	int said; /* -1 nothing yet, else 0/1 */
	struct node nodes[MAX_NODES];
};

static void say(const char *line)
{
	size_t n = strlen(line);
	/* a coach that is gone: SIGPIPE or EPIPE ends the child */
	if (write(PIPE_FD, line, n) != (ssize_t)n)
		_exit(1);
}

static void fail(const char *what)
{
	char line[300];
	snprintf(line, sizeof(line), "E %s\n", what);
	say(line);
	_exit(0);
}

static void report(struct watcher *w)
{
	int running = 0;

	if (!w->ready)
		return;
	for (int i = 0; i < MAX_NODES; i++)
		running |= w->nodes[i].proxy && w->nodes[i].running;
	if (running != w->said) {
		w->said = running;
		say(running ? "1\n" : "0\n");
	}
}

static struct watcher *the_watcher; /* one per child process */

static void on_node_info(void *data, const struct pw_node_info *info)
{
	struct node *n = data;

	if (info->change_mask & PW_NODE_CHANGE_MASK_STATE)
		n->running = info->state == PW_NODE_STATE_RUNNING;
	report(the_watcher);
}

static const struct pw_node_events node_events = {
    .version = PW_VERSION_NODE_EVENTS,
    .info = on_node_info,
};

static bool is_capture(const struct spa_dict *props)
{
	const char *cls = props ? spa_dict_lookup(props, PW_KEY_MEDIA_CLASS) : NULL;
	const char *mon = props ? spa_dict_lookup(props, PW_KEY_STREAM_MONITOR) : NULL;
	const char *sink = props ? spa_dict_lookup(props, PW_KEY_STREAM_CAPTURE_SINK) : NULL;

	if (!cls || (strcmp(cls, "Stream/Input/Audio") != 0 && strcmp(cls, "Stream/Input/Video") != 0))
		return false;
	return !(mon && strcmp(mon, "true") == 0) && !(sink && strcmp(sink, "true") == 0);
}

static void on_global(void *data, uint32_t id, uint32_t permissions, const char *type,
                      uint32_t version, const struct spa_dict *props)
{
	struct watcher *w = data;
	(void)permissions;
	(void)version;

	if (strcmp(type, PW_TYPE_INTERFACE_Node) != 0 || !is_capture(props))
		return;
	for (int i = 0; i < MAX_NODES; i++) {
		struct node *n = &w->nodes[i];
		if (n->proxy)
			continue;
		n->proxy = pw_registry_bind(w->registry, id, PW_TYPE_INTERFACE_Node,
		                            PW_VERSION_NODE, 0);
		if (!n->proxy)
			return;
		n->id = id;
		n->running = false;
		pw_node_add_listener((struct pw_node *)n->proxy, &n->listener, &node_events, n);
		return;
	}
	/* more than MAX_NODES capture streams at once: the first ones decide */
}

static void on_global_remove(void *data, uint32_t id)
{
	struct watcher *w = data;

	for (int i = 0; i < MAX_NODES; i++) {
		struct node *n = &w->nodes[i];
		if (n->proxy && n->id == id) {
			spa_hook_remove(&n->listener);
			w->pw.proxy_destroy(n->proxy);
			n->proxy = NULL;
		}
	}
	report(w);
}

static const struct pw_registry_events registry_events = {
    .version = PW_VERSION_REGISTRY_EVENTS,
    .global = on_global,
    .global_remove = on_global_remove,
};

static void on_core_done(void *data, uint32_t id, int seq)
{
	struct watcher *w = data;

	if (id != PW_ID_CORE || seq != w->sync_seq || w->ready)
		return;
	w->ready = true;
	say("R\n");
	report(w);
}

static void on_core_error(void *data, uint32_t id, int seq, int res, const char *message)
{
	(void)data;
	(void)seq;
	(void)message;
	if (id == PW_ID_CORE && res == -EPIPE)
		fail("the PipeWire daemon went away");
}

static const struct pw_core_events core_events = {
    .version = PW_VERSION_CORE_EVENTS,
    .done = on_core_done,
    .error = on_core_error,
};

static void load(struct pw_lib *pw)
{
	void *h = dlopen("libpipewire-0.3.so.0", RTLD_NOW | RTLD_LOCAL);
#define SYM(field, name)                                                                           \
	do {                                                                                       \
		*(void **)&pw->field = h ? dlsym(h, name) : NULL;                                  \
		if (!pw->field)                                                                    \
			fail(h ? "libpipewire-0.3.so.0 lacks " name                                \
			       : "libpipewire-0.3.so.0 is not installed");                         \
	} while (0)
	SYM(init, "pw_init");
	SYM(main_loop_new, "pw_main_loop_new");
	SYM(main_loop_get_loop, "pw_main_loop_get_loop");
	SYM(main_loop_run, "pw_main_loop_run");
	SYM(main_loop_quit, "pw_main_loop_quit");
	SYM(context_new, "pw_context_new");
	SYM(context_connect, "pw_context_connect");
	SYM(proxy_destroy, "pw_proxy_destroy");
#undef SYM
}

static void child_main(void)
{
	static struct watcher w = {.said = -1};
	struct pw_context *ctx;

	the_watcher = &w;
	load(&w.pw);
	w.pw.init(NULL, NULL);
	w.loop = w.pw.main_loop_new(NULL);
	ctx = w.loop ? w.pw.context_new(w.pw.main_loop_get_loop(w.loop), NULL, 0) : NULL;
	if (!ctx)
		fail("cannot set up a PipeWire client");
	w.core = w.pw.context_connect(ctx, NULL, 0);
	if (!w.core)
		fail("no PipeWire daemon to connect to");
	pw_core_add_listener(w.core, &w.core_listener, &core_events, &w);
	w.registry = pw_core_get_registry(w.core, PW_VERSION_REGISTRY, 0);
	if (!w.registry)
		fail("cannot read PipeWire's registry");
	pw_registry_add_listener(w.registry, &w.registry_listener, &registry_events, &w);
	w.sync_seq = pw_core_sync(w.core, PW_ID_CORE, 0);
	w.pw.main_loop_run(w.loop);
	fail("the PipeWire loop ended");
}

/* In the child: only the pipe stays open (as fd 3), every signal as the
 * default has it, and the child ends with the coach. */
static void child_setup(int fd, pid_t parent)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGXFSZ, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0);
	if (fd != PIPE_FD && dup2(fd, PIPE_FD) < 0)
		_exit(1);
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1); /* libpipewire's own messages go to stderr, which stays */
	}
	close_range(PIPE_FD + 1, ~0u, 0);
	fcntl(PIPE_FD, F_SETFD, 0);
}

int budge_calls_pipewire_spawn(int *read_fd)
{
	int fds[2];
	pid_t parent = getpid(), pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0) {
		child_setup(fds[1], parent);
		child_main();
		_exit(0);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	*read_fd = fds[0];
	return pid;
}

#else /* no PipeWire headers at build time */

int budge_calls_pipewire_spawn(int *read_fd)
{
	(void)read_fd;
	return -ENOTSUP;
}

#endif
