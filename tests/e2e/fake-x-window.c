/* SPDX-License-Identifier: MIT */
/*
 * Test helper: a window, and a stand-in for the window manager's
 * _NET_ACTIVE_WINDOW (xprop cannot write a property of type WINDOW).
 *
 *   fake-x-window [--active]
 *       create and map a window, print its id (0x...) on stdout, and keep it
 *       until killed (SIGTERM) or the X server goes away; --active also
 *       names it in the root window's _NET_ACTIVE_WINDOW.
 *   fake-x-window --set-active ID
 *       set the root window's _NET_ACTIVE_WINDOW to ID (0: none) and exit.
 *   fake-x-window --set-state ID [ATOM...]
 *       set window ID's _NET_WM_STATE to the list of atoms and exit (xprop
 *       -set writes a single atom only).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/xcb.h>

static xcb_atom_t atom(xcb_connection_t *c, const char *name)
{
	xcb_intern_atom_reply_t *r =
	    xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_ATOM_NONE;

	free(r);
	return a;
}

static int check(xcb_connection_t *c, xcb_void_cookie_t ck, const char *what)
{
	xcb_generic_error_t *e = xcb_request_check(c, ck);

	if (e) {
		fprintf(stderr, "fake-x-window: cannot set %s (X error %d)\n", what, e->error_code);
		free(e);
		return 1;
	}
	return 0;
}

static int set_active(xcb_connection_t *c, xcb_window_t root, xcb_window_t w)
{
	return check(c,
	             xcb_change_property_checked(c, XCB_PROP_MODE_REPLACE, root,
	                                         atom(c, "_NET_ACTIVE_WINDOW"), XCB_ATOM_WINDOW, 32,
	                                         1, &w),
	             "_NET_ACTIVE_WINDOW");
}

static int set_state(xcb_connection_t *c, xcb_window_t w, int n, char **names)
{
	xcb_atom_t atoms[16];

	if (n > 16)
		n = 16;
	for (int i = 0; i < n; i++)
		atoms[i] = atom(c, names[i]);
	return check(c,
	             xcb_change_property_checked(c, XCB_PROP_MODE_REPLACE, w,
	                                         atom(c, "_NET_WM_STATE"), XCB_ATOM_ATOM, 32,
	                                         (uint32_t)n, atoms),
	             "_NET_WM_STATE");
}

static int parse_id(const char *opt, const char *s, xcb_window_t *out)
{
	char *end;
	unsigned long id = strtoul(s, &end, 0);

	if (*end || end == s || id > 0xffffffffUL) {
		fprintf(stderr, "fake-x-window: %s: expected a window id, got '%s'\n", opt, s);
		return -1;
	}
	*out = (xcb_window_t)id;
	return 0;
}

int main(int argc, char **argv)
{
	int screen_num = 0, ret = 1;
	bool active = false;
	const char *set = NULL, *state = NULL;
	xcb_connection_t *c;

	if (argc == 2 && strcmp(argv[1], "--active") == 0)
		active = true;
	else if (argc == 3 && strcmp(argv[1], "--set-active") == 0)
		set = argv[2];
	else if (argc >= 3 && strcmp(argv[1], "--set-state") == 0)
		state = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: fake-x-window [--active | --set-active ID | --set-state ID "
		                "[ATOM...]]\n");
		return 2;
	}
	c = xcb_connect(NULL, &screen_num);
	if (xcb_connection_has_error(c)) {
		fprintf(stderr, "fake-x-window: cannot connect to the X server\n");
		goto out;
	}
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(c));
	for (int i = 0; i < screen_num && it.rem; i++)
		xcb_screen_next(&it);
	xcb_screen_t *scr = it.data;

	xcb_window_t id;
	if (set) {
		if (parse_id("--set-active", set, &id) == 0)
			ret = set_active(c, scr->root, id);
		goto out;
	}
	if (state) {
		if (parse_id("--set-state", state, &id) == 0)
			ret = set_state(c, id, argc - 3, argv + 3);
		goto out;
	}

	xcb_window_t w = xcb_generate_id(c);
	xcb_create_window(c, XCB_COPY_FROM_PARENT, w, scr->root, 0, 0, 200, 100, 0,
	                  XCB_WINDOW_CLASS_INPUT_OUTPUT, scr->root_visual, XCB_CW_BACK_PIXEL,
	                  (const uint32_t[]){scr->white_pixel});
	xcb_map_window(c, w);
	if (active && set_active(c, scr->root, w))
		goto out;
	xcb_flush(c);
	printf("0x%x\n", (unsigned)w);
	fflush(stdout);
	/* keep the window until the server goes or we are killed */
	xcb_generic_event_t *ev;
	while ((ev = xcb_wait_for_event(c)))
		free(ev);
	ret = 0;
out:
	xcb_disconnect(c);
	return ret;
}
