/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_CHECKIN_CHECKLIST_H
#define BUDGE_CLI_CHECKIN_CHECKLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "budge/checklist.h"
#include "store.h"

/*
 * The where-to-start checklist at check-in (src/cli/checkin-checklist.c):
 * asking its questions, storing the answers (events of kind "checklist"),
 * the regions the "no" answers point at, and the history of the answers.
 */

/* Reads one trimmed answer line after printing prompt; -1 at the end of
 * input (the check-in's line reader). */
typedef int (*checklist_read_fn)(void *ctx, const char *prompt, const char **line);

/* s is the word or its letter (N_() texts), in English or in the user's
 * language. */
bool checkin_is_answer(const char *s, const char *word, const char *letter);

/* yes (1), no (0), or -1: the English words and letters, and the user's
 * language's (the same words the check-in's questions show). */
int checkin_parse_yes_no(const char *s);

/* The checklist with its movements checked against the catalog; problems
 * in a drop-in file are printed as warnings. 0, or BUDGE_EXIT_FAILURE
 * after an error message. The caller finishes cl. */
int checklist_open(const char *sub, struct budge_checklist *cl);

/* Ask item i: 1 yes, 0 no, 2 skipped (an empty line), -1 end of input. */
int checklist_ask(const struct budge_checklist_item *it, int number, int total,
		  checklist_read_fn rd, void *ctx);

/* Store one answer (1 yes, 0 no) at now. 0 or negative errno. */
int checklist_store(struct budge_store *s, const struct budge_checklist_item *it, int yes,
		    int64_t now);

/* Ask every item, the answers into ans[] (1, 0 or 2); -1 at the end of
 * input. */
int checklist_ask_all(const struct budge_checklist *cl, checklist_read_fn rd, void *ctx, int *ans);

/* Store the answered ones (no transaction of its own). 0 or -errno. */
int checklist_store_all(struct budge_store *s, const struct budge_checklist *cl, const int *ans,
			int64_t now);

/* What to work on first: the regions the "no" answers point at, and the
 * first "no" items with their movements. */
void checklist_print_suggestion(const struct budge_checklist *cl, const int *ans);

/* Ask every item (the answers into ans[]: 1, 0 or 2), store the answered
 * ones in one transaction, print which regions to start with. Returns an
 * enum budge_exit value; -1 at the end of input (nothing stored). */
int checklist_run_all(const char *sub, struct budge_store *s, const struct budge_checklist *cl,
		      checklist_read_fn rd, void *ctx, int *ans);

/* The starting regions the "no" answers in ans[] point at, as a list for
 * [plan] start_regions ("lower-back,upper-back"), at most max, none of
 * blocked; "" when no answer was "no". */
void checklist_regions_text(const struct budge_checklist *cl, const int *ans,
			    budge_region_mask blocked, int max, char *buf, size_t len);

/* The item the weekly check-in asks next: one never answered, else the
 * one answered longest ago (priority order on ties); -1 when cl is empty
 * or the store cannot be read. */
int checklist_next(struct budge_store *s, const struct budge_checklist *cl);

/* Each item's first and latest answer up to `to` (exclusive): -1 none,
 * 0 no, 1 yes; first_ts/last_ts (may be NULL) their times. */
struct checklist_history {
	int first, last;
	int64_t first_ts, last_ts;
};
int checklist_history(struct budge_store *s, const struct budge_checklist *cl, int64_t to,
		      struct checklist_history *h);

#endif
