/* SPDX-License-Identifier: MIT */
/*
 * The SYNC system counter list of the x11 idle backend, read from wire
 * bytes built here the way the X server lays them out (entry: counter,
 * resolution, name_len, name, padded to 4). Names of every length modulo 4
 * come before the one looked for: libxcb's own iterator loses step after
 * some of them (freedesktop bug 23403).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "x11-counters.h"

struct list {
	uint8_t b[512];
	size_t size;
	uint32_t n;
};

/* Appends one entry as the server writes it. */
static void add(struct list *l, uint32_t id, const char *name)
{
	uint16_t len = (uint16_t)strlen(name);
	uint32_t res[2] = {0, 4}; /* resolution: hi, lo */

	memcpy(l->b + l->size, &id, 4);
	memcpy(l->b + l->size + 4, res, 8);
	memcpy(l->b + l->size + 12, &len, 2);
	memcpy(l->b + l->size + 14, name, len);
	l->size += 14 + len;
	while (l->size % 4) /* the server pads with zero bytes */
		l->b[l->size++] = 0;
	l->n++;
}

/* Counters as Xorg lists them on a machine with many input devices. */
static void server_list(struct list *l)
{
	static const char *const devices[] = {
	    "DEVICEIDLETIME 12", /* 17: libxcb's iterator steps 4 bytes too far */
	    "DEVICEIDLETIME 9",  /* 16 */
	    "DEVICEIDLETIME 10", "DEVICEIDLETIME 11", "x", "xy", "xyz", "xyzw",
	};
	*l = (struct list){0};
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		add(l, 100 + (uint32_t)i, devices[i]);
	add(l, 62, "IDLETIME");
	add(l, 61, "SERVERTIME");
}

static void test_found_after_names_of_every_length(void **state)
{
	struct list l;
	uint32_t id = 0;

	(void)state;
	server_list(&l);
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "IDLETIME", &id), 0);
	assert_int_equal(id, 62);
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "SERVERTIME", &id), 0);
	assert_int_equal(id, 61);
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "DEVICEIDLETIME 10", &id), 0);
	assert_int_equal(id, 102);
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "xyz", &id), 0);
	assert_int_equal(id, 106);
}

static void test_whole_names_only(void **state)
{
	struct list l = {0};
	uint32_t id = 7;

	(void)state;
	add(&l, 1, "IDLETIMER");
	add(&l, 2, "IDLE");
	add(&l, 3, "DEVICEIDLETIME 2");
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "IDLETIME", &id), -ENOENT);
	assert_int_equal(id, 7);
	/* an empty list */
	assert_int_equal(budge_x11_find_counter(l.b, 0, 0, "IDLETIME", &id), -ENOENT);
}

static void test_cut_short(void **state)
{
	struct list l;
	uint32_t id;

	(void)state;
	server_list(&l);
	/* IDLETIME is the second-to-last entry: 24 + 24 bytes from the end */
	for (size_t cut = 1; cut <= 48; cut++) {
		int r = budge_x11_find_counter(l.b, l.size - cut, l.n, "IDLETIME", &id);
		/* cut in SERVERTIME or in IDLETIME's 2 padding bytes: found */
		assert_int_equal(r, cut <= 24 + 2 ? 0 : -EBADMSG);
	}
	/* more counters announced than bytes sent */
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n + 3, "NOSUCH", &id), -EBADMSG);
	/* a name_len past the end */
	l = (struct list){0};
	add(&l, 1, "IDLETIME");
	l.b[12] = 200;
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "IDLETIME", &id), -EBADMSG);
}

/* The last entry's padding may be left off: still found, no read past size. */
static void test_unpadded_tail(void **state)
{
	struct list l = {0};
	uint32_t id = 0;

	(void)state;
	add(&l, 5, "SERVERTIME");
	add(&l, 9, "IDLETIMEXYZ"); /* 14 + 11 bytes + 3 padding */
	l.size -= 3;
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "IDLETIMEXYZ", &id), 0);
	assert_int_equal(id, 9);
	assert_int_equal(budge_x11_find_counter(l.b, l.size, l.n, "IDLETIME", &id), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_found_after_names_of_every_length),
	    cmocka_unit_test(test_whole_names_only),
	    cmocka_unit_test(test_cut_short),
	    cmocka_unit_test(test_unpadded_tail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
