/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_LOG_H
#define BUDGE_DAEMON_LOG_H

/* Tiny logger for the shell (daemon and CLI). The core and accel libraries
 * never log: they return values. Output goes to stderr (journald captures
 * it for the systemd unit). */

enum budge_log_level {
	BUDGE_LOG_ERROR = 0,
	BUDGE_LOG_WARN,
	BUDGE_LOG_INFO,
	BUDGE_LOG_DEBUG,
};

void budge_log_set_level(enum budge_log_level level);
enum budge_log_level budge_log_get_level(void);

__attribute__((format(printf, 2, 3)))
void budge_log(enum budge_log_level level, const char *fmt, ...);

#define log_error(...) budge_log(BUDGE_LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  budge_log(BUDGE_LOG_WARN, __VA_ARGS__)
#define log_info(...)  budge_log(BUDGE_LOG_INFO, __VA_ARGS__)
#define log_debug(...) budge_log(BUDGE_LOG_DEBUG, __VA_ARGS__)

#endif
