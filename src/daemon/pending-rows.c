/* SPDX-License-Identifier: MIT */
/* Rows the store could not take, kept to be written again (pending-rows.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pending-rows.h"

static void free_strings(struct budge_log_entry *e)
{
	free((char *)e->prompt_kind);
	free((char *)e->movement);
	free((char *)e->region);
	free((char *)e->response);
	free((char *)e->text);
}

static int dup_string(const char **s)
{
	if (*s && !(*s = strdup(*s)))
		return -ENOMEM;
	return 0;
}

static int copy_entry(struct budge_log_entry *to, const struct budge_log_entry *from)
{
	const char **strings[] = {&to->prompt_kind, &to->movement, &to->region, &to->response,
	                          &to->text};
	int r = 0;

	*to = *from;
	to->id = 0;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (r < 0)
			*strings[i] = NULL; /* not copied: nothing to free */
		else
			r = dup_string(strings[i]);
	if (r < 0)
		free_strings(to);
	return r;
}

static void drop_oldest(struct budge_pending_rows *p)
{
	free_strings(&p->rows[0]);
	memmove(p->rows, p->rows + 1, (p->n - 1) * sizeof(p->rows[0]));
	p->n--;
	p->dropped++;
}

int budge_pending_add(struct budge_pending_rows *p, const struct budge_log_entry *e)
{
	if (p->n == BUDGE_PENDING_MAX)
		drop_oldest(p);
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct budge_log_entry *nr = realloc(p->rows, cap * sizeof(*nr));
		if (!nr) {
			p->dropped++;
			return -ENOMEM;
		}
		p->rows = nr;
		p->cap = cap;
	}
	if (copy_entry(&p->rows[p->n], e) < 0) {
		p->dropped++;
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

int budge_pending_flush(struct budge_pending_rows *p, struct budge_store *s)
{
	int r;

	if (p->n == 0)
		return 0;
	if ((r = budge_store_begin(s)) < 0)
		return r;
	for (size_t i = 0; i < p->n; i++) {
		int64_t id = budge_store_append(s, &p->rows[i]);
		if (id < 0) {
			budge_store_rollback(s);
			return (int)id;
		}
	}
	if ((r = budge_store_commit(s)) < 0) {
		budge_store_rollback(s);
		return r;
	}
	for (size_t i = 0; i < p->n; i++)
		free_strings(&p->rows[i]);
	p->n = 0;
	return 0;
}

void budge_pending_finish(struct budge_pending_rows *p)
{
	for (size_t i = 0; i < p->n; i++)
		free_strings(&p->rows[i]);
	free(p->rows);
	*p = (struct budge_pending_rows){0};
}
