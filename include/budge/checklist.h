/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CHECKLIST_H
#define BUDGE_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "budge/catalog.h"
#include "budge/region.h"

/*
 * The where-to-start checklist: questions a "no" to which points at body
 * regions and movements to start with. Pure data model and parser, like
 * the catalog; the files are read by src/io/checklist-load.c.
 */

struct budge_checklist_item {
	char *id;            /* "spine"; [a-z0-9-] */
	char *question;      /* answered yes (already true) or no */
	int priority;        /* 1..99: a lower number is worked on first */
	enum budge_region regions[BUDGE_REGION_COUNT]; /* in the file's order */
	size_t n_regions;
	char **movements;    /* catalog ids to try, n_movements of them */
	size_t n_movements;
	char *source;        /* "file:line" */
};

/* Longest question, in characters. */
#define BUDGE_CHECKLIST_QUESTION_MAX 200

struct budge_checklist {
	struct budge_checklist_item *items; /* owned, sorted by priority, then id */
	size_t n;
};

void budge_checklist_init(struct budge_checklist *cl);
void budge_checklist_finish(struct budge_checklist *cl);

/* Parse an INI text (borrowed) named `name` and add its items; a later
 * item with the same id replaces the earlier one. Bad items are reported
 * through diag ("file:line" and what was expected) and skipped. A movement
 * id that cat (may be NULL) does not hold is reported too, and the item
 * kept without it. Returns the number of items added, or -ENOMEM. */
int budge_checklist_add_text(struct budge_checklist *cl, const char *name, const char *text,
			     const struct budge_catalog *cat, budge_catalog_diag_fn diag,
			     void *userdata);

/* Replace the questions with tr(question) where it returns another text
 * (the built-in items in the user's language). 0 or -ENOMEM. */
int budge_checklist_translate(struct budge_checklist *cl, budge_catalog_tr_fn tr, void *userdata);

const struct budge_checklist_item *budge_checklist_find(const struct budge_checklist *cl,
							 const char *id);

/* Starting regions from the answers: no[i] true for item i answered "no".
 * The regions of the "no" items in priority order, skipping those in
 * `blocked`, until `max` regions are chosen; order[] (may be NULL, room
 * for BUDGE_REGION_COUNT) gets them in that order. Returns the mask (0:
 * no "no" answer, or all blocked). */
budge_region_mask budge_checklist_suggest(const struct budge_checklist *cl, const bool *no,
					  budge_region_mask blocked, int max,
					  enum budge_region *order, int *n_order);

#endif
