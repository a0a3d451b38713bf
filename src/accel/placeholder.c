/* SPDX-License-Identifier: MIT */
/* placeholder */
int budge_accel_placeholder(void);
int budge_accel_placeholder(void) { return 0; }
