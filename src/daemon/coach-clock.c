/* SPDX-License-Identifier: MIT */
/*
 * The coach's clock (coach-clock.h): the wall clock in seconds, made fast
 * or moved by the test hooks, and the jumps between two looks at it, found
 * by comparing CLOCK_REALTIME, CLOCK_BOOTTIME and CLOCK_MONOTONIC.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "budge/exit.h"
#include "coach-clock.h"
#include "log.h"

#define DRIFT_US (2 * 1000000LL) /* less than this is drift, not a jump */

static int64_t clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The coach's seconds at real time real_us, without the seam's offsets. */
static int64_t coach_s(const struct budge_coach_clock *c, int64_t real_us)
{
	if (c->scale > 1)
		return floor_div(c->t0_us, 1000000) +
		       floor_div((real_us - c->t0_us) * c->scale, 1000000);
	return floor_div(real_us, 1000000);
}

/* Read the seam file: "STEP SLEPT". A file that is not there is "0 0";
 * one that cannot be read keeps what was read before. 0 or -EINVAL. */
static int read_seam(struct budge_coach_clock *c)
{
	FILE *f = fopen(c->seam, "re");
	long long step = 0, slept = 0;
	char tail;
	int n;

	if (!f && errno == ENOENT) {
		c->seam_step = c->seam_slept = 0;
		return 0;
	}
	if (!f) {
		log_error("%s: %s", c->seam, strerror(errno));
		return -errno;
	}
	n = fscanf(f, "%lld %lld %c", &step, &slept, &tail);
	fclose(f);
	if (n != 2 || slept < 0 || step < -(1LL << 40) || step > (1LL << 40) ||
	    slept > (1LL << 40)) {
		log_error("%s: expected two whole numbers of seconds, STEP and SLEPT (>= 0)",
		          c->seam);
		return -EINVAL;
	}
	c->seam_step = step;
	c->seam_slept = slept;
	return 0;
}

static void take_reference(struct budge_coach_clock *c)
{
	c->ref_mono_us = clock_us(CLOCK_MONOTONIC);
	c->ref_boot_us = clock_us(CLOCK_BOOTTIME);
	c->ref_real_us = clock_us(CLOCK_REALTIME);
	c->ref_step = c->seam_step;
	c->ref_slept = c->seam_slept;
}

static int read_scale(struct budge_coach_clock *c)
{
	const char *scale = getenv("BUDGE_TEST_TIME_SCALE");
	char *end;

	if (!scale || !*scale)
		return BUDGE_EXIT_OK;
	long v = strtol(scale, &end, 10);
	if (*end || v < 1 || v > 3600) {
		log_error("BUDGE_TEST_TIME_SCALE='%s': expected a whole number from 1 to 3600",
		          scale);
		return BUDGE_EXIT_USAGE;
	}
	c->scale = v;
	if (v > 1)
		log_warn("test mode: the coach's clock runs %ld times faster", v);
	return BUDGE_EXIT_OK;
}

int budge_coach_clock_init(struct budge_coach_clock *c)
{
	const char *seam = getenv("BUDGE_TEST_CLOCK");
	int ret;

	*c = (struct budge_coach_clock){.scale = 1, .t0_us = clock_us(CLOCK_REALTIME)};
	if ((ret = read_scale(c)) != BUDGE_EXIT_OK)
		return ret;
	if (seam && *seam) {
		if (seam[0] != '/') {
			log_error("BUDGE_TEST_CLOCK='%s': expected an absolute file name", seam);
			return BUDGE_EXIT_USAGE;
		}
		if (!(c->seam = strdup(seam)))
			return BUDGE_EXIT_FAILURE;
		if (read_seam(c) < 0)
			return BUDGE_EXIT_USAGE;
		log_warn("test mode: the coach's clock is moved by %s", seam);
	}
	take_reference(c);
	return BUDGE_EXIT_OK;
}

int64_t budge_coach_clock_now(const struct budge_coach_clock *c)
{
	return coach_s(c, clock_us(CLOCK_REALTIME)) + c->seam_step + c->seam_slept;
}

uint64_t budge_coach_clock_realtime_usec(const struct budge_coach_clock *c, int64_t t)
{
	int64_t x = t - c->seam_step - c->seam_slept, us;

	if (c->scale > 1)
		us = c->t0_us + (x - floor_div(c->t0_us, 1000000)) * 1000000 / c->scale;
	else
		us = x * 1000000;
	return us > 0 ? (uint64_t)us : 0;
}

bool budge_coach_clock_jumped(struct budge_coach_clock *c, struct budge_clock_jump *j)
{
	int64_t mono = clock_us(CLOCK_MONOTONIC), boot = clock_us(CLOCK_BOOTTIME);
	int64_t real = clock_us(CLOCK_REALTIME);
	int64_t slept_us = (boot - c->ref_boot_us) - (mono - c->ref_mono_us);
	int64_t step_us = (real - c->ref_real_us) - (boot - c->ref_boot_us);

	if (slept_us < DRIFT_US)
		slept_us = 0;
	if (step_us > -DRIFT_US && step_us < DRIFT_US)
		step_us = 0;
	*j = (struct budge_clock_jump){
	    .slept = slept_us * c->scale / 1000000 + (c->seam_slept - c->ref_slept),
	    .step = step_us * c->scale / 1000000 + (c->seam_step - c->ref_step),
	};
	j->at = budge_coach_clock_now(c) - j->slept - j->step;
	take_reference(c);
	return j->slept != 0 || j->step != 0;
}

/* ---- being told ---------------------------------------------------- */

/* A timer far in the future that the kernel cancels when the clock is set. */
static int arm_cancel_on_set(int fd)
{
	struct itimerspec its = {.it_value = {.tv_sec = time(NULL) + 10LL * 366 * 86400}};

	return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) < 0
	           ? -errno
	           : 0;
}

static int on_clock_set(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_coach_clock *c = userdata;
	uint64_t n;
	int r;

	(void)s;
	(void)revents;
	/* ECANCELED: the clock was set; either way the timer is armed again */
	if (read(fd, &n, sizeof(n)) < 0 && errno != ECANCELED && errno != EAGAIN)
		log_warn("clock watch: %s", strerror(errno));
	if ((r = arm_cancel_on_set(fd)) < 0)
		log_warn("clock watch: cannot re-arm: %s", strerror(-r));
	c->changed(c->userdata);
	return 0;
}

static int on_seam(sd_event_source *s, int fd, uint32_t revents, void *userdata)
{
	struct budge_coach_clock *c = userdata;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	char *copy = strdup(c->seam);
	const char *name = copy ? basename(copy) : "";
	bool ours = false;
	ssize_t len;

	(void)s;
	(void)revents;
	while ((len = read(fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			ours |= ev->len && strcmp(ev->name, name) == 0;
			p += sizeof(*ev) + ev->len;
		}
	free(copy);
	if (ours && read_seam(c) == 0)
		c->changed(c->userdata);
	return 0;
}

static int watch_seam(struct budge_coach_clock *c, sd_event *event)
{
	char *copy = strdup(c->seam);
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC), r;

	if (!copy || fd < 0) {
		r = !copy ? -ENOMEM : -errno;
		goto out;
	}
	r = inotify_add_watch(fd, dirname(copy), IN_CLOSE_WRITE | IN_MOVED_TO) < 0 ? -errno : 0;
	if (r == 0)
		r = sd_event_add_io(event, &c->seam_src, fd, EPOLLIN, on_seam, c);
	if (r == 0) {
		sd_event_source_set_io_fd_own(c->seam_src, 1);
		fd = -1;
	}
out:
	if (fd >= 0)
		close(fd);
	free(copy);
	return r;
}

int budge_coach_clock_watch(struct budge_coach_clock *c, sd_event *event,
                            void (*changed)(void *userdata), void *userdata)
{
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC), r;

	c->changed = changed;
	c->userdata = userdata;
	if (fd < 0)
		return -errno;
	r = arm_cancel_on_set(fd);
	if (r == 0)
		r = sd_event_add_io(event, &c->set_src, fd, EPOLLIN, on_clock_set, c);
	if (r < 0) {
		close(fd);
		return r;
	}
	sd_event_source_set_io_fd_own(c->set_src, 1);
	return c->seam ? watch_seam(c, event) : 0;
}

void budge_coach_clock_fini(struct budge_coach_clock *c)
{
	c->set_src = sd_event_source_disable_unref(c->set_src);
	c->seam_src = sd_event_source_disable_unref(c->seam_src);
	free(c->seam);
	c->seam = NULL;
}
