/* SPDX-License-Identifier: MIT */
/* The where-to-start checklist: its INI parser (file:line diagnostics) and
 * the starting regions that follow from the "no" answers. */
#include "budge/checklist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/i18n.h"

#define ID_MAX 40
#define MOVEMENTS_MAX 8

struct parser {
	struct budge_checklist *cl;
	const struct budge_catalog *cat;
	const char *name;
	unsigned line;
	budge_catalog_diag_fn diag;
	void *userdata;
	int added;
	/* the item being read */
	bool active, bad, seen[4];
	unsigned item_line;
	struct budge_checklist_item it;
};

enum key { K_QUESTION, K_PRIORITY, K_REGIONS, K_MOVEMENTS, K_COUNT };
static const char *const key_names[K_COUNT] = {"question", "priority", "regions", "movements"};

void budge_checklist_init(struct budge_checklist *cl)
{
	*cl = (struct budge_checklist){.items = NULL, .n = 0};
}

static void item_finish(struct budge_checklist_item *it)
{
	free(it->id);
	free(it->question);
	for (size_t i = 0; i < it->n_movements; i++)
		free(it->movements[i]);
	free(it->movements);
	free(it->source);
	*it = (struct budge_checklist_item){.id = NULL};
}

void budge_checklist_finish(struct budge_checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->n; i++)
		item_finish(&cl->items[i]);
	free(cl->items);
	budge_checklist_init(cl);
}

__attribute__((format(printf, 3, 4))) static void report(struct parser *ps, unsigned line,
							 const char *fmt, ...)
{
	struct budge_catalog_diag d;
	va_list ap;

	if (!ps->diag)
		return;
	snprintf(d.where, sizeof(d.where), "%s:%u", ps->name, line);
	va_start(ap, fmt);
	vsnprintf(d.message, sizeof(d.message), fmt, ap);
	va_end(ap);
	ps->diag(&d, ps->userdata);
}

static bool valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return false;
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return false;
	return true;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

/* "pelvis, legs" in the file's order; false (and a report) on a bad word. */
static bool parse_regions(struct parser *ps, char *v)
{
	char *save = NULL;

	ps->it.n_regions = 0;
	for (char *w = strtok_r(v, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		enum budge_region r;
		if (budge_region_parse(w, &r) < 0) {
			report(ps, ps->line,
			       _("item '%s': unknown region '%s'; expected names from feet, pelvis, "
				 "shoulders, neck, eyes, hands, upper-back, lower-back, core, "
				 "breathing, legs, whole-body, patterns"),
			       ps->it.id, w);
			return false;
		}
		bool dup = false;
		for (size_t i = 0; i < ps->it.n_regions; i++)
			dup |= ps->it.regions[i] == r;
		if (!dup)
			ps->it.regions[ps->it.n_regions++] = r;
	}
	if (!ps->it.n_regions)
		report(ps, ps->line, _("item '%s': no region given; expected e.g. 'pelvis, legs'"),
		       ps->it.id);
	return ps->it.n_regions > 0;
}

/* Catalog ids; one the catalog lacks is reported and left out. */
static int parse_movements(struct parser *ps, char *v)
{
	char *save = NULL;

	for (char *w = strtok_r(v, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		if (ps->cat && !budge_catalog_find(ps->cat, w)) {
			report(ps, ps->line,
			       _("item '%s': no movement '%s' in the catalog ('budge catalog list' "
				 "shows the IDs); left out"),
			       ps->it.id, w);
			continue;
		}
		if (ps->it.n_movements >= MOVEMENTS_MAX) {
			report(ps, ps->line, _("item '%s': more than %d movements; the rest left out"),
			       ps->it.id, MOVEMENTS_MAX);
			break;
		}
		char **m = realloc(ps->it.movements, (ps->it.n_movements + 1) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		ps->it.movements = m;
		if (!(m[ps->it.n_movements] = strdup(w)))
			return -ENOMEM;
		ps->it.n_movements++;
	}
	return 0;
}

static bool parse_priority(struct parser *ps, const char *v)
{
	char *end;
	long p = strtol(v, &end, 10);

	if (*v && !*end && p >= 1 && p <= 99) {
		ps->it.priority = (int)p;
		return true;
	}
	report(ps, ps->line, _("item '%s': bad priority '%s'; expected a whole number from 1 to 99"),
	       ps->it.id, v);
	return false;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* 0, 1 (reported: the item is bad) or -ENOMEM. */
static int parse_question(struct parser *ps, const char *v)
{
	if (!*v || chars(v) > BUDGE_CHECKLIST_QUESTION_MAX) {
		report(ps, ps->line, _("item '%s': the question must have 1 to %d characters"),
		       ps->it.id, BUDGE_CHECKLIST_QUESTION_MAX);
		return 1;
	}
	ps->it.question = strdup(v);
	return ps->it.question ? 0 : -ENOMEM;
}

/* key = value inside an item. Returns 0 or -ENOMEM. */
static int handle_key(struct parser *ps, const char *key, char *val)
{
	int k = 0;

	while (k < K_COUNT && strcmp(key, key_names[k]) != 0)
		k++;
	if (k == K_COUNT) {
		report(ps, ps->line,
		       _("item '%s': unknown key '%s'; expected question, priority, regions or "
			 "movements"),
		       ps->it.id, key);
		ps->bad = true;
		return 0;
	}
	if (ps->seen[k]) {
		report(ps, ps->line, _("item '%s': '%s' given twice; expected it once"), ps->it.id,
		       key);
		ps->bad = true;
		return 0;
	}
	ps->seen[k] = true;
	switch (k) {
	case K_QUESTION: {
		int q = parse_question(ps, val);
		ps->bad |= q == 1;
		return q < 0 ? q : 0;
	}
	case K_PRIORITY:
		ps->bad |= !parse_priority(ps, val);
		return 0;
	case K_REGIONS:
		ps->bad |= !parse_regions(ps, val);
		return 0;
	default:
		return parse_movements(ps, val);
	}
}

static int cmp_items(const void *a, const void *b)
{
	const struct budge_checklist_item *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The item read so far into the list (replacing one with its id). */
static int commit(struct parser *ps)
{
	if (!ps->active)
		return 0;
	ps->active = false;
	for (int k = 0; k < K_MOVEMENTS && !ps->bad; k++) {
		if (!ps->seen[k]) {
			report(ps, ps->item_line, _("item '%s': missing '%s'"), ps->it.id,
			       key_names[k]);
			ps->bad = true;
		}
	}
	if (ps->bad) {
		item_finish(&ps->it);
		return 0;
	}
	struct budge_checklist *cl = ps->cl;
	size_t at = cl->n;
	for (size_t i = 0; i < cl->n; i++)
		if (strcmp(cl->items[i].id, ps->it.id) == 0)
			at = i;
	if (at == cl->n) {
		struct budge_checklist_item *items = realloc(cl->items, (cl->n + 1) * sizeof(*items));
		if (!items) {
			item_finish(&ps->it);
			return -ENOMEM;
		}
		cl->items = items;
		cl->n++;
	} else {
		item_finish(&cl->items[at]);
	}
	cl->items[at] = ps->it;
	ps->it = (struct budge_checklist_item){.id = NULL};
	qsort(cl->items, cl->n, sizeof(cl->items[0]), cmp_items);
	ps->added++;
	return 0;
}

/* "[id]": the start of an item. Returns 0 or -ENOMEM. */
static int begin(struct parser *ps, char *s)
{
	size_t n = strlen(s);
	int r = commit(ps);
	char src[320];

	if (r < 0)
		return r;
	ps->active = true;
	ps->bad = false;
	memset(ps->seen, 0, sizeof(ps->seen));
	ps->item_line = ps->line;
	ps->it = (struct budge_checklist_item){.id = NULL};
	if (s[n - 1] != ']') {
		report(ps, ps->line, _("'%s' lacks the closing ']'; expected [item-id]"), s);
		ps->bad = true;
		/* the following keys' messages name it as written */
		ps->it.id = strdup(s + 1);
		return ps->it.id ? 0 : -ENOMEM;
	}
	s[n - 1] = '\0';
	char *id = trim(s + 1);
	if (!valid_id(id)) {
		report(ps, ps->line,
		       _("bad item id '%s'; expected 1-%d characters of a-z, 0-9 and '-'"), id,
		       ID_MAX);
		ps->bad = true;
	}
	snprintf(src, sizeof(src), "%s:%u", ps->name, ps->line);
	ps->it.id = strdup(id);
	ps->it.source = strdup(src);
	return ps->it.id && ps->it.source ? 0 : -ENOMEM;
}

static int parse_line(struct parser *ps, char *raw)
{
	char *s = trim(raw);

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return begin(ps, s);
	char *eq = strchr(s, '=');
	if (!eq) {
		report(ps, ps->line, _("'%s' is not 'key = value' or '[item-id]'"), s);
		ps->bad = ps->active;
		return 0;
	}
	if (!ps->active) {
		report(ps, ps->line, _("a key outside an item; expected an '[item-id]' line first"));
		return 0;
	}
	*eq = '\0';
	return handle_key(ps, trim(s), trim(eq + 1));
}

int budge_checklist_add_text(struct budge_checklist *cl, const char *name, const char *text,
			     const struct budge_catalog *cat, budge_catalog_diag_fn diag,
			     void *userdata)
{
	struct parser ps = {.cl = cl, .cat = cat, .name = name, .diag = diag, .userdata = userdata};
	const char *p = text;
	int r = 0;

	while (*p && r >= 0) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		if (!line) {
			r = -ENOMEM;
			break;
		}
		ps.line++;
		r = parse_line(&ps, line);
		free(line);
		p += n + (p[n] == '\n');
	}
	if (r >= 0)
		r = commit(&ps);
	else
		item_finish(&ps.it);
	return r < 0 ? r : ps.added;
}

int budge_checklist_translate(struct budge_checklist *cl, budge_catalog_tr_fn tr, void *userdata)
{
	for (size_t i = 0; i < cl->n; i++) {
		const char *t = tr(cl->items[i].question, userdata);
		if (!t || strcmp(t, cl->items[i].question) == 0)
			continue;
		char *copy = strdup(t);
		if (!copy)
			return -ENOMEM;
		free(cl->items[i].question);
		cl->items[i].question = copy;
	}
	return 0;
}

const struct budge_checklist_item *budge_checklist_find(const struct budge_checklist *cl,
							 const char *id)
{
	for (size_t i = 0; cl && id && i < cl->n; i++)
		if (strcmp(cl->items[i].id, id) == 0)
			return &cl->items[i];
	return NULL;
}

budge_region_mask budge_checklist_suggest(const struct budge_checklist *cl, const bool *no,
					  budge_region_mask blocked, int max,
					  enum budge_region *order, int *n_order)
{
	budge_region_mask m = 0;
	int n = 0;

	for (size_t i = 0; i < cl->n && n < max; i++) {
		if (!no[i])
			continue;
		const struct budge_checklist_item *it = &cl->items[i];
		for (size_t k = 0; k < it->n_regions && n < max; k++) {
			budge_region_mask bit = 1u << it->regions[k];
			if ((m | blocked) & bit)
				continue;
			m |= bit;
			if (order)
				order[n] = it->regions[k];
			n++;
		}
	}
	if (n_order)
		*n_order = n;
	return m;
}
