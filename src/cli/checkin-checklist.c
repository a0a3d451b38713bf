/* SPDX-License-Identifier: MIT */
/* The where-to-start checklist at check-in: asking, storing, suggesting
 * starting regions, and the answers' history (for the reports). */
#include "checkin-checklist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "budge/i18n.h"
#include "catalog-load.h"
#include "cli.h"

bool checkin_is_answer(const char *s, const char *word, const char *letter)
{
	return !strcasecmp(s, word) || !strcasecmp(s, letter) || !strcasecmp(s, _(word)) ||
	       !strcasecmp(s, _(letter));
}

int checkin_parse_yes_no(const char *s)
{
	/* TRANSLATORS: "yes", "y", "no", "n": answers typed at the questions */
	if (checkin_is_answer(s, N_("yes"), N_("y")))
		return 1;
	if (checkin_is_answer(s, N_("no"), N_("n")))
		return 0;
	return -1;
}

static void warn_diag(const struct budge_catalog_diag *d, void *userdata)
{
	fprintf(stderr, _("budge %s: warning: %s: %s\n"), (const char *)userdata, d->where,
		d->message);
}

int checklist_open(const char *sub, struct budge_checklist *cl)
{
	struct budge_catalog cat;

	budge_catalog_init(&cat);
	budge_checklist_init(cl);
	int r = budge_catalog_load(&cat, NULL, NULL);
	if (r >= 0)
		r = budge_checklist_load(cl, &cat, warn_diag, (void *)sub);
	budge_catalog_finish(&cat);
	if (r < 0) {
		cli_error(sub, _("cannot load the checklist: %s"), strerror(-r));
		budge_checklist_finish(cl);
		return BUDGE_EXIT_FAILURE;
	}
	return BUDGE_EXIT_OK;
}

int checklist_ask(const struct budge_checklist_item *it, int number, int total,
		  checklist_read_fn rd, void *ctx)
{
	char prompt[512];
	const char *line;

	/* TRANSLATORS: "3/10 Can you ...?", then the answers on a line of their own */
	snprintf(prompt, sizeof(prompt), _("%d/%d %s\n      [yes/no, Enter: skip]: "), number,
		 total, it->question);
	for (;;) {
		if (rd(ctx, prompt, &line) < 0)
			return -1;
		if (!*line)
			return 2;
		int v = checkin_parse_yes_no(line);
		if (v >= 0)
			return v;
		printf(_("  Please answer yes or no, or press Enter to skip (you typed '%s').\n"),
		       line);
	}
}

int checklist_store(struct budge_store *s, const struct budge_checklist_item *it, int yes,
		    int64_t now)
{
	struct budge_log_entry e = {
	    .ts = now, .kind = BUDGE_LOG_CHECKLIST, .text = it->id, .value = yes ? 1 : 0};
	int64_t id = budge_store_append(s, &e);

	return id < 0 ? (int)id : 0;
}

void checklist_regions_text(const struct budge_checklist *cl, const int *ans,
			    budge_region_mask blocked, int max, char *buf, size_t len)
{
	bool *no = calloc(cl->n ? cl->n : 1, sizeof(*no));
	enum budge_region order[BUDGE_REGION_COUNT];
	int n = 0;
	size_t off = 0;

	buf[0] = '\0';
	if (!no)
		return; /* out of memory: no proposal */
	for (size_t i = 0; i < cl->n; i++)
		no[i] = ans[i] == 0;
	budge_checklist_suggest(cl, no, blocked, max, order, &n);
	free(no);
	for (int i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
					budge_region_name(order[i]));
}

void checklist_print_suggestion(const struct budge_checklist *cl, const int *ans)
{
	char regions[256];
	int shown = 0;

	checklist_regions_text(cl, ans, 0, 3, regions, sizeof(regions));
	if (!*regions) {
		puts(_("\nEvery answer was yes (or skipped): no gap stands out. If you are unsure "
		       "where to start,\nstart with moving the spine (lower-back, upper-back)."));
		return;
	}
	printf(_("\nStart with: %s (from your first 'no' answers).\n"), regions);
	for (size_t i = 0; i < cl->n && shown < 3; i++) {
		const struct budge_checklist_item *it = &cl->items[i];
		if (ans[i] != 0 || !it->n_movements)
			continue;
		printf(_("  %s\n    to try: "), it->question);
		for (size_t k = 0; k < it->n_movements; k++)
			printf("%s%s", k ? ", " : "", it->movements[k]);
		puts(_(" ('budge catalog show ID')"));
		shown++;
	}
}

int checklist_ask_all(const struct budge_checklist *cl, checklist_read_fn rd, void *ctx, int *ans)
{
	printf(_("\nWhere to start: %zu questions. Answer yes when it is already true for you; "
		 "a no\npoints at what to work on first. Enter skips a question.\n\n"),
	       cl->n);
	for (size_t i = 0; i < cl->n; i++)
		if ((ans[i] = checklist_ask(&cl->items[i], (int)i + 1, (int)cl->n, rd, ctx)) < 0)
			return -1;
	return 0;
}

int checklist_store_all(struct budge_store *s, const struct budge_checklist *cl, const int *ans,
			int64_t now)
{
	int r = 0;

	for (size_t i = 0; i < cl->n && r >= 0; i++)
		if (ans[i] != 2)
			r = checklist_store(s, &cl->items[i], ans[i], now);
	return r;
}

int checklist_run_all(const char *sub, struct budge_store *s, const struct budge_checklist *cl,
		      checklist_read_fn rd, void *ctx, int *ans)
{
	int r;

	if (checklist_ask_all(cl, rd, ctx, ans) < 0)
		return -1;
	if ((r = budge_store_begin(s)) < 0)
		goto fail;
	r = checklist_store_all(s, cl, ans, (int64_t)time(NULL));
	if (r >= 0)
		r = budge_store_commit(s);
	if (r < 0) {
		budge_store_rollback(s);
		goto fail;
	}
	checklist_print_suggestion(cl, ans);
	return BUDGE_EXIT_OK;
fail:
	cli_error(sub, _("%s: cannot save the checklist: %s"), budge_store_path(s), strerror(-r));
	return BUDGE_EXIT_STORE;
}

/* ---- history ---- */

struct scan {
	const struct budge_checklist *cl;
	struct checklist_history *h;
};

static int on_answer(const struct budge_log_entry *e, void *userdata)
{
	struct scan *sc = userdata;

	for (size_t i = 0; e->text && i < sc->cl->n; i++) {
		if (strcmp(sc->cl->items[i].id, e->text) != 0)
			continue;
		struct checklist_history *h = &sc->h[i];
		int v = e->value ? 1 : 0;
		if (h->first < 0) {
			h->first = v;
			h->first_ts = e->ts;
		}
		h->last = v;
		h->last_ts = e->ts;
	}
	return 0;
}

int checklist_history(struct budge_store *s, const struct budge_checklist *cl, int64_t to,
		      struct checklist_history *h)
{
	struct scan sc = {.cl = cl, .h = h};

	for (size_t i = 0; i < cl->n; i++)
		h[i] = (struct checklist_history){.first = -1, .last = -1};
	return budge_store_each_kind(s, BUDGE_LOG_CHECKLIST, 0, to, on_answer, &sc);
}

int checklist_next(struct budge_store *s, const struct budge_checklist *cl)
{
	struct checklist_history *h = calloc(cl->n ? cl->n : 1, sizeof(*h));
	int best = -1;

	if (!h || checklist_history(s, cl, INT64_MAX, h) < 0) {
		free(h);
		return -1;
	}
	for (size_t i = 0; i < cl->n; i++) {
		if (h[i].last < 0) {
			best = (int)i; /* never answered: the first of those, by priority */
			break;
		}
		if (best < 0 || h[i].last_ts < h[best].last_ts)
			best = (int)i;
	}
	free(h);
	return best;
}
