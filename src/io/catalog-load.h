/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_CATALOG_LOAD_H
#define BUDGE_DAEMON_CATALOG_LOAD_H

#include "budge/catalog.h"
#include "budge/checklist.h"

/*
 * Reading movement files and checklist files from their places (the shell
 * side of budge/catalog.h and budge/checklist.h). Every function adds to cat, which must be initialised
 * with budge_catalog_init (borrowed; the caller finishes it). A later entry
 * with the same id replaces the earlier one.
 *
 * Problems (a bad entry, an unreadable or oversized file) are passed to diag
 * with "file:line" (or the file name alone) and what was expected, and the
 * entry or file is skipped; the rest still loads. diag may be NULL: then each
 * problem is logged as a warning. userdata is passed through, borrowed.
 *
 * Each returns the number of problems reported (>= 0), or -ENOMEM.
 */

/* Name of the drop-in directory under $XDG_CONFIG_HOME/budge. */
#define BUDGE_CATALOG_DROPIN_DIR "movements.d"

/* Largest movement file read, in bytes. */
#define BUDGE_CATALOG_FILE_MAX (1024 * 1024)

/* The catalog compiled into the binary (data/movements/\*.ini); names in
 * messages are "builtin/<file>". */
int budge_catalog_load_builtin(struct budge_catalog *cat, budge_catalog_diag_fn diag,
                               void *userdata);

/* One file (path borrowed). */
int budge_catalog_load_file(struct budge_catalog *cat, const char *path, budge_catalog_diag_fn diag,
                            void *userdata);

/* Every "*.ini" in dir (borrowed) in byte-wise sorted name order; hidden
 * files are ignored. A missing directory is not a problem. */
int budge_catalog_load_dir(struct budge_catalog *cat, const char *dir, budge_catalog_diag_fn diag,
                           void *userdata);

/* The whole catalog: built-in movements, then the drop-in directory
 * $XDG_CONFIG_HOME/budge/movements.d. */
int budge_catalog_load(struct budge_catalog *cat, budge_catalog_diag_fn diag, void *userdata);

/* The checklist's drop-in directory under $XDG_CONFIG_HOME/budge. */
#define BUDGE_CHECKLIST_DROPIN_DIR "checklist.d"

/* The built-in checklist (data/checklist/\*.ini), its questions in the
 * user's language; movement ids are checked against cat (may be NULL). */
int budge_checklist_load_builtin(struct budge_checklist *cl, const struct budge_catalog *cat,
				 budge_catalog_diag_fn diag, void *userdata);

/* One checklist file (path borrowed). */
int budge_checklist_load_file(struct budge_checklist *cl, const struct budge_catalog *cat,
			      const char *path, budge_catalog_diag_fn diag, void *userdata);

/* The whole checklist: built-in, then $XDG_CONFIG_HOME/budge/checklist.d. */
int budge_checklist_load(struct budge_checklist *cl, const struct budge_catalog *cat,
			 budge_catalog_diag_fn diag, void *userdata);

#endif
