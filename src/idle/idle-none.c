/* SPDX-License-Identifier: MIT */
/* "none": no idle source. The coach assumes you are present during work
 * hours; the daemon says so at start. */
#include <errno.h>

#include "idle.h"

static int none_create(const struct budge_idle_params *params, void **state)
{
	*state = NULL;
	return 0;
}

static int none_start(void *state)
{
	return 0;
}

static int none_get_fd(void *state)
{
	return -1;
}

static int none_dispatch(void *state)
{
	return 0;
}

static void none_destroy(void *state) {}

const struct budge_idle_ops budge_idle_none_ops = {
    .name = "none",
    .caps = BUDGE_IDLE_CAP_AUTO,
    .description = "no idle source: present during work hours",
    .create = none_create,
    .start = none_start,
    .get_fd = none_get_fd,
    .dispatch = none_dispatch,
    .destroy = none_destroy,
};
