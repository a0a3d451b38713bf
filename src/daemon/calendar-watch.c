/* SPDX-License-Identifier: MIT */
/* [meetings] calendar in the coach: read, watch, and say when meetings are. */
#include "calendar-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "log.h"
#include "budge/i18n.h"

#define MAX_FILES 16
#define MAX_REPORT (4 * 1024 * 1024)

/*
 * The files are read in a short-lived child process: libical pulls in ICU
 * and libstdc++ (about 6 MB resident), which the coach would otherwise
 * keep mapped for the rest of the session. The child (fork, no exec) loads
 * libical, expands the files and writes one line per result to a pipe:
 *   S START END     a meeting (Unix s)
 *   W MESSAGE       a warning about one file ("PATH: ...")
 *   L MESSAGE       libical is missing: no calendar at all
 *   N COUNT         the number of meetings, last line
 * The coach reads the pipe from its event loop, never blocking, and reaps
 * the child at EOF. A read asked for while one runs is done after it.
 */

struct file {
	struct budge_calendar_watch *w;
	char path[4096];
	const char *base; /* into path */
	sd_event_source *src;
};

struct budge_calendar_watch {
	sd_event *ev;
	char *list;
	struct file files[MAX_FILES];
	size_t n_files;
	struct budge_cal_spans spans; /* merged */
	int64_t valid_until;          /* the next local midnight: read again */
	bool lib_ok;
	struct budge_cal_span applied; /* the span last started ({0} = none) */
	budge_calendar_event_fn cb;
	void *userdata;
	/* the reader child */
	pid_t child;
	sd_event_source *pipe_src;
	char *report;
	size_t report_len, report_cap;
	bool again;      /* read again when the child is done */
	int64_t again_now;
	int64_t from, to; /* the window being read */
};

/* libical missing is said once per process, not at every read */
static bool lib_warned;

static int64_t local_midnight(int64_t t, int add_days)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return t - t % 86400 + add_days * 86400;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += add_days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* ---- the child ---- */

static void put_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;
		s += k;
		n -= (size_t)k;
	}
}

/* One line "TAG text" with no newline inside the text. */
static void put_line(int fd, char tag, const char *text)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "%c %s", tag, text);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	for (int i = 2; i < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[n++] = '\n';
	put_all(fd, line, (size_t)n);
}

static void child_main(const struct budge_calendar_watch *w, int fd)
{
	struct budge_cal_spans spans;
	char err[512], msg[640];
	int total = 0;

	if (budge_calendar_lib_load(err, sizeof(err)) < 0) {
		put_line(fd, 'L', err);
		return;
	}
	budge_cal_spans_init(&spans);
	for (size_t i = 0; i < w->n_files; i++) {
		int skipped = 0;
		int r = budge_calendar_expand_file(w->files[i].path, w->from, w->to, &spans,
		                                   &skipped, err, sizeof(err));
		if (r < 0) {
			put_line(fd, 'W', err);
			continue;
		}
		if (skipped > 0) {
			snprintf(msg, sizeof(msg),
			         _("%.512s: %d line(s) or event(s) could not be read and were left out"),
			         w->files[i].path, skipped);
			put_line(fd, 'W', msg);
		}
		total += r;
	}
	budge_cal_spans_merge(&spans);
	for (size_t i = 0; i < spans.n; i++) {
		snprintf(msg, sizeof(msg), "%" PRId64 " %" PRId64, spans.v[i].start,
		         spans.v[i].end);
		put_line(fd, 'S', msg);
	}
	snprintf(msg, sizeof(msg), "%d", total);
	put_line(fd, 'N', msg);
	budge_cal_spans_finish(&spans);
}

/* ---- the coach's side ---- */

static void stop_child(struct budge_calendar_watch *w)
{
	w->pipe_src = sd_event_source_disable_unref(w->pipe_src);
	if (w->child > 0) {
		kill(w->child, SIGKILL);
		while (waitpid(w->child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	w->child = 0;
	w->report_len = 0;
}

/* The child's report is complete: take its meetings. */
static void take_report(struct budge_calendar_watch *w)
{
	struct budge_cal_spans spans;
	bool complete = false, oom = false;
	long long total = 0;
	char *p = w->report, *end = w->report + w->report_len;

	budge_cal_spans_init(&spans);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		*nl = 0;
		if (nl - p >= 2 && p[1] == ' ') {
			const char *text = p + 2;
			long long s, e;
			switch (p[0]) {
			case 'S':
				if (sscanf(text, "%lld %lld", &s, &e) == 2 && e > s) {
					if (spans.n == spans.cap) {
						size_t cap = spans.cap ? spans.cap * 2 : 16;
						struct budge_cal_span *v =
						    realloc(spans.v, cap * sizeof(*v));
						if (!v) {
							oom = true;
							break;
						}
						spans.v = v;
						spans.cap = cap;
					}
					spans.v[spans.n++] =
					    (struct budge_cal_span){.start = s, .end = e};
				}
				break;
			case 'W':
				log_warn("%s; coaching goes on without it", text);
				break;
			case 'L':
				w->lib_ok = false;
				if (!lib_warned)
					log_warn("[meetings] calendar: %s; coaching goes on without "
					         "the calendar",
					         text);
				lib_warned = true;
				complete = true;
				break;
			case 'N':
				total = strtoll(text, NULL, 10);
				complete = true;
				w->lib_ok = true;
				break;
			default:
				break;
			}
		}
		p = nl + 1;
	}
	if (oom) {
		log_error("calendar: out of memory; keeping the meetings read before");
		budge_cal_spans_finish(&spans);
		return;
	}
	if (!complete) {
		log_warn("calendar: the reader stopped early; keeping the meetings read before");
		budge_cal_spans_finish(&spans);
		return;
	}
	budge_cal_spans_finish(&w->spans);
	w->spans = spans;
	budge_cal_spans_merge(&w->spans);
	if (w->lib_ok)
		log_info("calendar: %lld meeting(s) today and tomorrow in %zu file(s)", total,
		         w->n_files);
}

static int on_report(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_calendar_watch *w = userdata;
	char buf[4096];
	ssize_t n;

	(void)s;
	(void)revents;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0; /* more later */
		if (n <= 0)
			break; /* EOF (or an error): the child is done */
		if (w->report_len + (size_t)n > MAX_REPORT)
			continue; /* absurd: drop the rest, the report is incomplete */
		if (w->report_len + (size_t)n > w->report_cap) {
			size_t cap = w->report_cap ? w->report_cap : 4096;
			while (cap < w->report_len + (size_t)n)
				cap *= 2;
			char *nb = realloc(w->report, cap);
			if (!nb)
				continue;
			w->report = nb;
			w->report_cap = cap;
		}
		memcpy(w->report + w->report_len, buf, (size_t)n);
		w->report_len += (size_t)n;
	}
	take_report(w);
	/* the child closed its end and is exiting: reap it */
	w->pipe_src = sd_event_source_disable_unref(w->pipe_src);
	while (w->child > 0 && waitpid(w->child, NULL, 0) < 0 && errno == EINTR)
		;
	w->child = 0;
	w->report_len = 0;
	if (w->again) {
		w->again = false;
		budge_calendar_watch_read(w, w->again_now);
	}
	if (w->cb)
		w->cb(BUDGE_CALENDAR_UPDATED, w->userdata);
	return 0;
}

void budge_calendar_watch_read(struct budge_calendar_watch *w, int64_t now)
{
	int fds[2];
	int r;

	if (!w)
		return;
	w->valid_until = local_midnight(now, 1);
	if (w->valid_until <= now)
		w->valid_until = now + 3600; /* a clock without midnights: hourly */
	if (w->child > 0) {
		w->again = true; /* the files changed again meanwhile */
		w->again_now = now;
		return;
	}
	w->from = local_midnight(now, 0);
	w->to = local_midnight(now, 2);
	if (pipe(fds) < 0) {
		log_warn("calendar: cannot read the files now: %s", strerror(errno));
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		log_warn("calendar: cannot read the files now: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(w, fds[1]);
		_exit(0);
	}
	close(fds[1]);
	w->child = pid;
	w->report_len = 0;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	r = sd_event_add_io(w->ev, &w->pipe_src, fds[0], EPOLLIN, on_report, w);
	if (r >= 0)
		r = sd_event_source_set_io_fd_own(w->pipe_src, 1);
	if (r < 0) {
		log_warn("calendar: cannot read the files now: %s", strerror(-r));
		if (!w->pipe_src)
			close(fds[0]);
		stop_child(w);
	}
}

static int on_dir_changed(sd_event_source *s, const struct inotify_event *ev, void *userdata)
{
	struct file *f = userdata;
	struct budge_calendar_watch *w = f->w;

	(void)s;
	if (!ev->len || strcmp(ev->name, f->base) != 0)
		return 0;
	log_info("calendar: %s changed: reading it again", f->path);
	/* the daemon reads the files again with its clock */
	if (w->cb)
		w->cb(BUDGE_CALENDAR_FILE_CHANGED, w->userdata);
	return 0;
}

static void watch_file(struct budge_calendar_watch *w, struct file *f)
{
	char dir[4096];
	const char *slash = strrchr(f->path, '/');
	int r;

	if (slash == f->path)
		snprintf(dir, sizeof(dir), "/");
	else if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - f->path), f->path);
	else
		snprintf(dir, sizeof(dir), ".");
	f->base = slash ? slash + 1 : f->path;
	r = sd_event_add_inotify(w->ev, &f->src, dir,
	                         IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE,
	                         on_dir_changed, f);
	if (r < 0)
		log_warn("%s: cannot watch %s for changes (%s); the calendar is read again on "
		         "reload and at midnight",
		         f->path, dir, strerror(-r));
}

int budge_calendar_watch_create(sd_event *ev, const char *list, int64_t now,
                                budge_calendar_event_fn cb, void *userdata,
                                struct budge_calendar_watch **out)
{
	struct budge_calendar_watch *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->ev = ev;
	w->cb = cb;
	w->userdata = userdata;
	w->lib_ok = true; /* until the reader says otherwise */
	w->list = strdup(list);
	if (!w->list) {
		free(w);
		return -ENOMEM;
	}
	budge_cal_spans_init(&w->spans);
	for (size_t i = 0;; i++) {
		struct file *f = &w->files[w->n_files];
		int r = budge_calendar_path_at(list, i, f->path, sizeof(f->path));
		if (r == -ENOENT)
			break;
		if (i >= MAX_FILES) {
			log_warn("[meetings] calendar: more than %d files; the others are ignored",
			         MAX_FILES);
			break;
		}
		if (r < 0) {
			log_warn("[meetings] calendar: file %zu of '%s': %s", i + 1, list,
			         r == -EINVAL ? "'~/' but HOME is not set" : "the name is too long");
			continue;
		}
		f->w = w;
		w->n_files++;
		watch_file(w, f);
	}
	budge_calendar_watch_read(w, now);
	*out = w;
	return 0;
}

void budge_calendar_watch_destroy(struct budge_calendar_watch *w)
{
	if (!w)
		return;
	stop_child(w);
	for (size_t i = 0; i < w->n_files; i++)
		sd_event_source_disable_unref(w->files[i].src);
	budge_cal_spans_finish(&w->spans);
	free(w->report);
	free(w->list);
	free(w);
}

const char *budge_calendar_watch_list(const struct budge_calendar_watch *w)
{
	return w ? w->list : "";
}

bool budge_calendar_watch_reading(const struct budge_calendar_watch *w)
{
	return w && w->child > 0;
}

enum budge_calendar_step budge_calendar_watch_step(struct budge_calendar_watch *w, int64_t now,
                                                   const struct budge_status *st, int64_t *arg)
{
	const uint32_t bit = 1u << BUDGE_MEETING_CALENDAR;
	const struct budge_cal_span *in = NULL;

	if (!w)
		return BUDGE_CALENDAR_NOTHING;
	/* a new day: read again; meanwhile the meetings read yesterday for
	 * today go on */
	if (now >= w->valid_until)
		budge_calendar_watch_read(w, now);
	for (size_t i = 0; i < w->spans.n && w->spans.v[i].start <= now; i++)
		if (now < w->spans.v[i].end)
			in = &w->spans.v[i];
	bool held = st->meeting_sources & bit;
	int64_t held_end = st->meeting_ends[BUDGE_MEETING_CALENDAR];
	if (in) {
		if (w->applied.start == in->start && w->applied.end == in->end)
			return BUDGE_CALENDAR_NOTHING; /* started already (maybe ended by hand) */
		w->applied = *in;
		if (held && held_end == in->end)
			return BUDGE_CALENDAR_NOTHING; /* restored at start */
		*arg = in->end - now;
		return BUDGE_CALENDAR_START;
	}
	w->applied = (struct budge_cal_span){0};
	/* held, but the files no longer have it (edited, or a restored hold);
	 * not before the first read is done */
	if (held && (held_end == 0 || held_end > now) && w->lib_ok && !w->child)
		return BUDGE_CALENDAR_END;
	return BUDGE_CALENDAR_NOTHING;
}

int64_t budge_calendar_watch_next(const struct budge_calendar_watch *w, int64_t now)
{
	if (!w || !w->lib_ok)
		return BUDGE_NO_DEADLINE;
	int64_t next = w->valid_until;
	for (size_t i = 0; i < w->spans.n; i++) {
		if (w->spans.v[i].start > now) {
			if (w->spans.v[i].start < next)
				next = w->spans.v[i].start;
			break;
		}
	}
	return next;
}
