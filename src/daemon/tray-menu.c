/* SPDX-License-Identifier: MIT */
/*
 * com.canonical.dbusmenu for the tray icon (tray-menu.h): a flat menu, one
 * table of items. The layout is (ia{sv}av): an id, properties (label,
 * type, visible, enabled) and children; item 0 is the root. The revision
 * goes up whenever an item is shown or hidden.
 */
#include "tray-menu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge-build-config.h"
#include "budge/i18n.h"

#define MENU_IFACE "com.canonical.dbusmenu"

/* When an item is shown. */
enum when {
	ALWAYS,
	PROMPT_OPEN,
	NOT_PAUSED,
	PAUSED,
};

static const struct item {
	const char *label; /* NULL: a separator */
	enum when when;
	bool disabled;
} items[BUDGE_TRAY_ITEM_COUNT] = {
    [BUDGE_TRAY_DONE] = {N_("Done"), PROMPT_OPEN, false},
    [BUDGE_TRAY_SNOOZE] = {N_("Snooze"), PROMPT_OPEN, false},
    [BUDGE_TRAY_SKIP] = {N_("Skip"), PROMPT_OPEN, false},
    [BUDGE_TRAY_HURTS] = {N_("It hurts"), PROMPT_OPEN, false},
    [BUDGE_TRAY_SEP_PROMPT] = {NULL, PROMPT_OPEN, false},
    [BUDGE_TRAY_PAUSE_30M] = {N_("Pause 30 min"), NOT_PAUSED, false},
    [BUDGE_TRAY_PAUSE_1H] = {N_("Pause 1 h"), NOT_PAUSED, false},
    [BUDGE_TRAY_PAUSE_TOMORROW] = {N_("Pause until tomorrow"), NOT_PAUSED, false},
    [BUDGE_TRAY_RESUME] = {N_("Resume"), PAUSED, false},
    [BUDGE_TRAY_SEP_PAUSE] = {NULL, ALWAYS, false},
    [BUDGE_TRAY_GUIDED] = {N_("Start a guided session"), ALWAYS, false},
    [BUDGE_TRAY_REPORT] = {N_("Today's report"), ALWAYS, false},
    [BUDGE_TRAY_SEP_ABOUT] = {NULL, ALWAYS, false},
    [BUDGE_TRAY_ABOUT] = {"budge " BUDGE_VERSION ": a micro-movement coach", ALWAYS, true},
    [BUDGE_TRAY_QUIT] = {N_("Quit"), ALWAYS, false},
};

struct budge_tray_menu {
	sd_bus *bus;
	sd_bus_slot *slot;
	char *path;
	budge_tray_menu_fn cb;
	void *userdata;
	struct budge_tray_menu_state st;
	uint32_t revision;
};

const char *budge_tray_item_label(enum budge_tray_item item)
{
	if (item <= 0 || item >= BUDGE_TRAY_ITEM_COUNT)
		return NULL;
	return items[item].label ? items[item].label : "";
}

/* What the menu shows for an item with a label: in the user's language,
 * the About line with the version. Static storage. */
static const char *shown_label(int id)
{
	static char about[160];

	if (id != BUDGE_TRAY_ABOUT)
		return _(items[id].label);
	snprintf(about, sizeof(about), "budge %s: %s", BUDGE_VERSION, _(items[id].label));
	return about;
}

static bool visible(const struct budge_tray_menu *m, int id)
{
	switch (items[id].when) {
	case PROMPT_OPEN:
		return m->st.prompt_open;
	case NOT_PAUSED:
		return !m->st.paused;
	case PAUSED:
		return m->st.paused;
	case ALWAYS:
		break;
	}
	return true;
}

static bool known(int id)
{
	return id >= 0 && id < BUDGE_TRAY_ITEM_COUNT;
}

/* The a{sv} of item id (0 = the root). */
static int append_props(sd_bus_message *r, const struct budge_tray_menu *m, int id)
{
	int k = sd_bus_message_open_container(r, 'a', "{sv}");
	if (k < 0)
		return k;
	if (id == 0)
		k = sd_bus_message_append(r, "{sv}", "children-display", "s", "submenu");
	else if (!items[id].label)
		k = sd_bus_message_append(r, "{sv}{sv}", "type", "s", "separator", "visible", "b",
		                          visible(m, id));
	else
		k = sd_bus_message_append(r, "{sv}{sv}{sv}", "label", "s", shown_label(id),
		                          "visible", "b", visible(m, id), "enabled", "b",
		                          !items[id].disabled);
	if (k < 0)
		return k;
	return sd_bus_message_close_container(r);
}

/* (ia{sv}av): the item, and for the root its children when depth allows. */
static int append_item(sd_bus_message *r, const struct budge_tray_menu *m, int id, int depth)
{
	int k;
	if ((k = sd_bus_message_open_container(r, 'r', "ia{sv}av")) < 0 ||
	    (k = sd_bus_message_append(r, "i", id)) < 0 || (k = append_props(r, m, id)) < 0 ||
	    (k = sd_bus_message_open_container(r, 'a', "v")) < 0)
		return k;
	for (int c = 1; id == 0 && depth != 0 && c < BUDGE_TRAY_ITEM_COUNT; c++) {
		if ((k = sd_bus_message_open_container(r, 'v', "(ia{sv}av)")) < 0 ||
		    (k = append_item(r, m, c, 0)) < 0 || (k = sd_bus_message_close_container(r)) < 0)
			return k;
	}
	if ((k = sd_bus_message_close_container(r)) < 0)
		return k;
	return sd_bus_message_close_container(r);
}

static int unknown_id(sd_bus_error *err, int id)
{
	return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS, "no menu item %d", id);
}

static int method_get_layout(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	struct budge_tray_menu *m = userdata;
	sd_bus_message *r = NULL;
	int32_t parent, depth;
	int k = sd_bus_message_read(msg, "ii", &parent, &depth);

	if (k < 0)
		return k;
	if (!known(parent))
		return unknown_id(err, parent);
	if ((k = sd_bus_message_new_method_return(msg, &r)) >= 0 &&
	    (k = sd_bus_message_append(r, "u", m->revision)) >= 0 &&
	    (k = append_item(r, m, parent, depth)) >= 0)
		k = sd_bus_send(NULL, r, NULL);
	sd_bus_message_unref(r);
	return k;
}

static void clicked(struct budge_tray_menu *m, int id, const char *event)
{
	if (strcmp(event, "clicked") == 0 && id > 0 && known(id) && items[id].label &&
	    !items[id].disabled && visible(m, id))
		m->cb((enum budge_tray_item)id, m->userdata);
}

static int method_event(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	struct budge_tray_menu *m = userdata;
	const char *event;
	int32_t id;
	int k = sd_bus_message_read(msg, "is", &id, &event);

	if (k < 0 || (k = sd_bus_message_skip(msg, "vu")) < 0)
		return k;
	if (!known(id))
		return unknown_id(err, id);
	clicked(m, id, event);
	return sd_bus_reply_method_return(msg, "");
}

/* EventGroup(a(isvu)) -> ai: the ids that do not exist. */
static int method_event_group(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	struct budge_tray_menu *m = userdata;
	int32_t bad[64];
	size_t nbad = 0;
	int k = sd_bus_message_enter_container(msg, 'a', "(isvu)");

	if (k < 0)
		return k;
	while ((k = sd_bus_message_enter_container(msg, 'r', "isvu")) > 0) {
		const char *event;
		int32_t id;
		if ((k = sd_bus_message_read(msg, "is", &id, &event)) < 0 ||
		    (k = sd_bus_message_skip(msg, "vu")) < 0 ||
		    (k = sd_bus_message_exit_container(msg)) < 0)
			return k;
		if (!known(id)) {
			if (nbad < sizeof(bad) / sizeof(bad[0]))
				bad[nbad++] = id;
			continue;
		}
		clicked(m, id, event);
	}
	if (k < 0 || (k = sd_bus_message_exit_container(msg)) < 0)
		return k;
	sd_bus_message *r = NULL;
	if ((k = sd_bus_message_new_method_return(msg, &r)) >= 0 &&
	    (k = sd_bus_message_append_array(r, 'i', bad, nbad * sizeof(bad[0]))) >= 0)
		k = sd_bus_send(NULL, r, NULL);
	sd_bus_message_unref(r);
	(void)err;
	return k;
}

static int method_about_to_show(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	int32_t id;
	int k = sd_bus_message_read(msg, "i", &id);
	(void)userdata;
	if (k < 0)
		return k;
	if (!known(id))
		return unknown_id(err, id);
	return sd_bus_reply_method_return(msg, "b", 0); /* the layout is always current */
}

static int method_about_to_show_group(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	const int32_t *ids;
	size_t n;
	int32_t bad[64];
	size_t nbad = 0;
	int k = sd_bus_message_read_array(msg, 'i', (const void **)&ids, &n);
	(void)userdata, (void)err;

	if (k < 0)
		return k;
	for (size_t i = 0; i < n / sizeof(int32_t); i++)
		if (!known(ids[i]) && nbad < sizeof(bad) / sizeof(bad[0]))
			bad[nbad++] = ids[i];
	sd_bus_message *r = NULL;
	if ((k = sd_bus_message_new_method_return(msg, &r)) >= 0 &&
	    (k = sd_bus_message_append_array(r, 'i', NULL, 0)) >= 0 &&
	    (k = sd_bus_message_append_array(r, 'i', bad, nbad * sizeof(bad[0]))) >= 0)
		k = sd_bus_send(NULL, r, NULL);
	sd_bus_message_unref(r);
	return k;
}

/* GetGroupProperties(ai ids, as names) -> a(ia{sv}); no ids = every item. */
static int method_get_group_properties(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	struct budge_tray_menu *m = userdata;
	const int32_t *ids;
	size_t n;
	sd_bus_message *r = NULL;
	int k = sd_bus_message_read_array(msg, 'i', (const void **)&ids, &n);
	(void)err;

	if (k < 0)
		return k;
	n /= sizeof(int32_t);
	if ((k = sd_bus_message_new_method_return(msg, &r)) < 0 ||
	    (k = sd_bus_message_open_container(r, 'a', "(ia{sv})")) < 0)
		goto out;
	for (int id = 0; id < BUDGE_TRAY_ITEM_COUNT; id++) {
		bool want = n == 0;
		for (size_t i = 0; i < n && !want; i++)
			want = ids[i] == id;
		if (!want)
			continue;
		if ((k = sd_bus_message_open_container(r, 'r', "ia{sv}")) < 0 ||
		    (k = sd_bus_message_append(r, "i", id)) < 0 || (k = append_props(r, m, id)) < 0 ||
		    (k = sd_bus_message_close_container(r)) < 0)
			goto out;
	}
	if ((k = sd_bus_message_close_container(r)) >= 0)
		k = sd_bus_send(NULL, r, NULL);
out:
	sd_bus_message_unref(r);
	return k;
}

static int method_get_property(sd_bus_message *msg, void *userdata, sd_bus_error *err)
{
	struct budge_tray_menu *m = userdata;
	const char *name;
	int32_t id;
	int k = sd_bus_message_read(msg, "is", &id, &name);

	if (k < 0)
		return k;
	if (!known(id))
		return unknown_id(err, id);
	if (strcmp(name, "visible") == 0)
		return sd_bus_reply_method_return(msg, "v", "b", visible(m, id));
	if (strcmp(name, "label") == 0 && id > 0 && items[id].label)
		return sd_bus_reply_method_return(msg, "v", "s", shown_label(id));
	if (strcmp(name, "enabled") == 0 && id > 0)
		return sd_bus_reply_method_return(msg, "v", "b", !items[id].disabled);
	if (strcmp(name, "type") == 0 && id > 0 && !items[id].label)
		return sd_bus_reply_method_return(msg, "v", "s", "separator");
	return sd_bus_error_setf(err, SD_BUS_ERROR_INVALID_ARGS, "menu item %d has no property %s",
	                         id, name);
}

static int get_version(sd_bus *bus, const char *path, const char *iface, const char *prop,
                       sd_bus_message *reply, void *userdata, sd_bus_error *err)
{
	(void)bus, (void)path, (void)iface, (void)userdata, (void)err;
	if (strcmp(prop, "Version") == 0)
		return sd_bus_message_append(reply, "u", 3);
	if (strcmp(prop, "TextDirection") == 0)
		return sd_bus_message_append(reply, "s", "ltr");
	if (strcmp(prop, "Status") == 0)
		return sd_bus_message_append(reply, "s", "normal");
	return sd_bus_message_append(reply, "as", 0); /* IconThemePath */
}

static const sd_bus_vtable menu_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("GetLayout", "iias", "u(ia{sv}av)", method_get_layout, 0),
    SD_BUS_METHOD("GetGroupProperties", "aias", "a(ia{sv})", method_get_group_properties, 0),
    SD_BUS_METHOD("GetProperty", "is", "v", method_get_property, 0),
    SD_BUS_METHOD("Event", "isvu", "", method_event, 0),
    SD_BUS_METHOD("EventGroup", "a(isvu)", "ai", method_event_group, 0),
    SD_BUS_METHOD("AboutToShow", "i", "b", method_about_to_show, 0),
    SD_BUS_METHOD("AboutToShowGroup", "ai", "aiai", method_about_to_show_group, 0),
    SD_BUS_PROPERTY("Version", "u", get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("TextDirection", "s", get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Status", "s", get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("IconThemePath", "as", get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_SIGNAL("ItemsPropertiesUpdated", "a(ia{sv})a(ias)", 0),
    SD_BUS_SIGNAL("LayoutUpdated", "ui", 0),
    SD_BUS_SIGNAL("ItemActivationRequested", "iu", 0),
    SD_BUS_VTABLE_END,
};

int budge_tray_menu_create(sd_bus *bus, const char *path, budge_tray_menu_fn cb, void *userdata,
                           struct budge_tray_menu **out)
{
	struct budge_tray_menu *m = calloc(1, sizeof(*m));
	int r;

	if (!m || !(m->path = strdup(path))) {
		free(m);
		return -ENOMEM;
	}
	m->bus = bus;
	m->cb = cb;
	m->userdata = userdata;
	m->revision = 1;
	r = sd_bus_add_object_vtable(bus, &m->slot, m->path, MENU_IFACE, menu_vtable, m);
	if (r < 0) {
		budge_tray_menu_destroy(m);
		return r;
	}
	*out = m;
	return 0;
}

void budge_tray_menu_destroy(struct budge_tray_menu *m)
{
	if (!m)
		return;
	sd_bus_slot_unref(m->slot);
	free(m->path);
	free(m);
}

void budge_tray_menu_update(struct budge_tray_menu *m, const struct budge_tray_menu_state *st)
{
	if (!m || (st->prompt_open == m->st.prompt_open && st->paused == m->st.paused))
		return;
	m->st = *st;
	m->revision++;
	sd_bus_emit_signal(m->bus, m->path, MENU_IFACE, "LayoutUpdated", "ui", m->revision, 0);
}
