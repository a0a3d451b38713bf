/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static enum budge_log_level current_level = BUDGE_LOG_INFO;

void budge_log_set_level(enum budge_log_level level) { current_level = level; }

enum budge_log_level budge_log_get_level(void) { return current_level; }

void budge_log(enum budge_log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"error", "warning", "info", "debug"};
	va_list ap;

	if (level > current_level)
		return;
	fprintf(stderr, "budge: %s: ", names[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
