/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_TRAY_MENU_H
#define BUDGE_DAEMON_TRAY_MENU_H

#include <stdbool.h>

#include <systemd/sd-bus.h>

/*
 * The tray icon's menu (tray-menu.c): com.canonical.dbusmenu at one object
 * path, the protocol tray hosts (KDE Plasma, waybar, Xfce, GNOME's
 * AppIndicator extension) read the menu of a StatusNotifierItem with. It
 * knows the items, their labels and when each is shown; what an item does
 * is the caller's (tray.c).
 */

enum budge_tray_item {
	BUDGE_TRAY_DONE = 1,
	BUDGE_TRAY_SNOOZE,
	BUDGE_TRAY_SKIP,
	BUDGE_TRAY_HURTS,
	BUDGE_TRAY_SEP_PROMPT,
	BUDGE_TRAY_PAUSE_30M,
	BUDGE_TRAY_PAUSE_1H,
	BUDGE_TRAY_PAUSE_TOMORROW,
	BUDGE_TRAY_RESUME,
	BUDGE_TRAY_SEP_PAUSE,
	BUDGE_TRAY_GUIDED,
	BUDGE_TRAY_REPORT,
	BUDGE_TRAY_SEP_ABOUT,
	BUDGE_TRAY_ABOUT,
	BUDGE_TRAY_QUIT,
	BUDGE_TRAY_ITEM_COUNT /* one past the last id */
};

/* What decides which items are shown. */
struct budge_tray_menu_state {
	bool prompt_open; /* Done / Snooze / Skip / It hurts */
	bool paused;      /* Resume instead of the pauses */
};

/* An item was clicked. */
typedef void (*budge_tray_menu_fn)(enum budge_tray_item item, void *userdata);

struct budge_tray_menu;

/* Export the menu at path (borrowed) on bus; cb gets the clicks. */
int budge_tray_menu_create(sd_bus *bus, const char *path, budge_tray_menu_fn cb, void *userdata,
                           struct budge_tray_menu **out);
void budge_tray_menu_destroy(struct budge_tray_menu *m);
/* Show the items st calls for; the hosts are told (LayoutUpdated) when
 * that changes the menu. */
void budge_tray_menu_update(struct budge_tray_menu *m, const struct budge_tray_menu_state *st);
/* An item's label ("" for a separator). */
const char *budge_tray_item_label(enum budge_tray_item item);

#endif
