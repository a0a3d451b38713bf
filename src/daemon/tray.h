/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_TRAY_H
#define BUDGE_DAEMON_TRAY_H

#include <systemd/sd-bus.h>

#include "bus-api.h"

/*
 * The tray icon (tray.c): a StatusNotifierItem on the session bus at
 * /StatusNotifierItem, with its menu (tray-menu.c) at /MenuBar, registered
 * with org.kde.StatusNotifierWatcher whenever one appears. Everything is
 * pushed: the icon, status and tooltip change when the coach's state does
 * (budge_tray_changed), never on a timer.
 */

struct budge_tray;

/* ops (borrowed) as for the D-Bus API; db_path (copied) is passed to
 * `budge report` from the menu. required: [tray] enabled = yes (say so
 * louder when no tray host is there). Returns 0 or a negative errno. */
int budge_tray_create(struct budge_daemon *d, const struct budge_coach_ops *ops, sd_bus *bus,
                      const char *db_path, bool required, struct budge_tray **out);
void budge_tray_destroy(struct budge_tray *t);
/* The coach's state may have changed: update what the hosts show. */
void budge_tray_changed(struct budge_tray *t);

/* The icon name for a coach state ("present", "meeting", ...) and whether
 * a prompt is open: budge-sitting, budge-due, budge-meeting, budge-paused,
 * budge-away or budge-stopped. */
const char *budge_tray_icon(const char *state, bool prompt_open);

#endif
