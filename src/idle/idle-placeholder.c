/* SPDX-License-Identifier: MIT */
/* placeholder */
int budge_idle_placeholder(void);
int budge_idle_placeholder(void) { return 0; }
