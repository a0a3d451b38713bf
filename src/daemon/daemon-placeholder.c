/* SPDX-License-Identifier: MIT */
/* placeholder */
int budge_daemon_placeholder(void);
int budge_daemon_placeholder(void) { return 0; }
