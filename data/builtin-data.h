/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DATA_BUILTIN_DATA_H
#define BUDGE_DATA_BUILTIN_DATA_H

#include <stddef.h>

/* Data files compiled into the binary (tools/embed.py), so budge works
 * from the build tree and needs no installed data directory. */
struct budge_builtin_file {
	const char *name; /* base name, e.g. "feet.ini" */
	const char *text; /* NUL-terminated contents */
};

/* The built-in movement catalog: data/movements/\*.ini. */
extern const struct budge_builtin_file budge_builtin_movements[];
extern const size_t budge_builtin_movements_count;

/* The built-in where-to-start checklist: data/checklist/\*.ini. */
extern const struct budge_builtin_file budge_builtin_checklist[];
extern const size_t budge_builtin_checklist_count;

#endif
