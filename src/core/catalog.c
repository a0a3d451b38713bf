/* SPDX-License-Identifier: MIT */
#include "budge/catalog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/duration.h"
#include "budge/i18n.h"

/*
 * Movement files: a small line-based INI dialect, parsed here rather than
 * with inih because every diagnostic must carry the line of the offending key
 * and a bad entry must be skipped without losing the rest of the file.
 *
 *   # comment (whole lines only, '#' or ';')
 *   [movement-id]
 *   key = value
 *   step = first step      (repeated, in order)
 *
 * Keys and their meaning are documented in budge(5), MOVEMENT FILES.
 */

#define HOLD_MAX_S 3600
#define CYCLES_MAX 1000
#define CADENCE_MIN_S 60
#define CADENCE_MAX_S (7 * 86400)
#define ID_MAX 48

enum key {
	K_TITLE,
	K_REGION,
	K_POSITION,
	K_DISCREET,
	K_DEFAULT,
	K_CUE,
	K_STEP,
	K_HOLD,
	K_CYCLES,
	K_DOSE,
	K_CADENCE,
	K_EASIER,
	K_EASIER_DOSE,
	K_HARDER,
	K_HARDER_DOSE,
	K_CAUTIONS,
	K_EVIDENCE,
	K_COUNT,
};

static const struct {
	const char *name;
	bool required;
} keys[K_COUNT] = {
    [K_TITLE] = {"title", true},       [K_REGION] = {"region", true},
    [K_POSITION] = {"position", true}, [K_DISCREET] = {"discreet", false},
    [K_DEFAULT] = {"default", false},  [K_CUE] = {"cue", true},
    [K_STEP] = {"step", true},         [K_HOLD] = {"hold", false},
    [K_CYCLES] = {"cycles", false},    [K_DOSE] = {"dose", true},
    [K_CADENCE] = {"cadence", true},   [K_EASIER] = {"easier", false},
    [K_HARDER] = {"harder", false},    [K_CAUTIONS] = {"cautions", false},
    [K_EASIER_DOSE] = {"easier_dose", false}, [K_HARDER_DOSE] = {"harder_dose", false},
    [K_EVIDENCE] = {"evidence", true},
};

static const char *const position_names[] = {"seated", "standing", "floor"};
#define N_POSITIONS (sizeof(position_names) / sizeof(position_names[0]))

/* The entry being read. */
struct pending {
	struct budge_movement m;
	bool active;     /* inside a section */
	bool bad;        /* an error was reported: skip the entry */
	bool bad_header; /* the [id] line itself was bad: stay silent */
	unsigned line;   /* line of the [id] header */
	unsigned seen[K_COUNT];
};

struct parser {
	struct budge_catalog *cat;
	const char *name;
	budge_catalog_diag_fn diag;
	void *userdata;
	unsigned line;
	int added;
	struct pending p;
};

void budge_catalog_init(struct budge_catalog *cat)
{
	*cat = (struct budge_catalog){.items = NULL, .n = 0};
}

static void movement_finish(struct budge_movement *m)
{
	if (!m)
		return;
	free(m->id);
	free(m->title);
	free(m->cue);
	for (size_t i = 0; i < m->n_steps; i++)
		free(m->steps[i]);
	free(m->steps);
	free(m->dose);
	free(m->easier);
	free(m->harder);
	free(m->easier_dose);
	free(m->harder_dose);
	free(m->cautions);
	free(m->evidence);
	free(m->source);
	*m = (struct budge_movement){.id = NULL};
}

void budge_catalog_finish(struct budge_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->n; i++)
		movement_finish(&cat->items[i]);
	free(cat->items);
	cat->items = NULL;
	cat->n = 0;
}

/* *text = tr(*text) when that is another text; 0 or -ENOMEM. */
static int translate_one(char **text, budge_catalog_tr_fn tr, void *userdata)
{
	if (!*text || !**text) /* gettext("") is the catalog's header */
		return 0;
	const char *t = tr(*text, userdata);
	if (!t || t == *text || strcmp(t, *text) == 0)
		return 0;
	char *copy = strdup(t);
	if (!copy)
		return -ENOMEM;
	free(*text);
	*text = copy;
	return 0;
}

int budge_catalog_translate(struct budge_catalog *cat, budge_catalog_tr_fn tr, void *userdata)
{
	for (size_t i = 0; i < cat->n; i++) {
		struct budge_movement *m = &cat->items[i];
		char **texts[] = {&m->title,  &m->cue,         &m->dose,   &m->easier,
				  &m->harder, &m->easier_dose, &m->harder_dose, &m->cautions};
		for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
			if (translate_one(texts[k], tr, userdata) < 0)
				return -ENOMEM;
		for (size_t k = 0; k < m->n_steps; k++)
			if (translate_one(&m->steps[k], tr, userdata) < 0)
				return -ENOMEM;
	}
	return 0;
}

/* Index of id in the sorted items, or where it would go (*found false). */
static size_t catalog_lookup(const struct budge_catalog *cat, const char *id, bool *found)
{
	size_t lo = 0, hi = cat->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(cat->items[mid].id, id);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const struct budge_movement *budge_catalog_find(const struct budge_catalog *cat, const char *id)
{
	bool found;
	size_t i;

	if (!cat || !id)
		return NULL;
	i = catalog_lookup(cat, id, &found);
	return found ? &cat->items[i] : NULL;
}

__attribute__((format(printf, 3, 4))) static void report(struct parser *ps, unsigned line,
                                                         const char *fmt, ...)
{
	struct budge_catalog_diag d;
	va_list ap;

	if (ps->p.active)
		ps->p.bad = true;
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
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Non-negative decimal integer up to max. */
static int parse_count(const char *v, long max, int32_t *out)
{
	long n = 0;

	if (!*v)
		return -EINVAL;
	for (const char *c = v; *c; c++) {
		if (*c < '0' || *c > '9')
			return -EINVAL;
		n = n * 10 + (*c - '0');
		if (n > max)
			return -ERANGE;
	}
	*out = (int32_t)n;
	return 0;
}

/* Comma and/or blank separated position names. */
static int parse_positions(const char *v, uint32_t *out)
{
	uint32_t bits = 0;
	const char *c = v;

	while (*c) {
		size_t len;
		size_t i;

		while (*c == ',' || *c == ' ' || *c == '\t')
			c++;
		if (!*c)
			break;
		len = strcspn(c, ", \t");
		for (i = 0; i < N_POSITIONS; i++)
			if (strlen(position_names[i]) == len &&
			    strncmp(c, position_names[i], len) == 0)
				break;
		if (i == N_POSITIONS)
			return -EINVAL;
		bits |= 1u << i;
		c += len;
	}
	if (!bits)
		return -EINVAL;
	*out = bits;
	return 0;
}

static int set_string(char **dst, const char *v)
{
	char *s = strdup(v);

	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static int add_step(struct budge_movement *m, const char *v)
{
	char **steps = realloc(m->steps, (m->n_steps + 1) * sizeof(*steps));

	if (!steps)
		return -ENOMEM;
	m->steps = steps;
	steps[m->n_steps] = strdup(v);
	if (!steps[m->n_steps])
		return -ENOMEM;
	m->n_steps++;
	return 0;
}

/* Handle one "key = value" inside a section. Returns 0 or -ENOMEM; value
 * errors are reported and mark the entry bad. */
static int handle_key(struct parser *ps, const char *key, const char *val)
{
	struct budge_movement *m = &ps->p.m;
	unsigned line = ps->line;
	const char *id = m->id;
	enum key k;
	int64_t secs;
	int r;

	for (k = 0; k < K_COUNT; k++)
		if (strcmp(key, keys[k].name) == 0)
			break;
	if (k == K_COUNT) {
		report(ps, line,
		       _("movement '%s': unknown key '%s'; expected one of title, region, position, "
		       "discreet, default, cue, step, hold, cycles, dose, cadence, easier, "
		       "easier_dose, harder, harder_dose, "
		       "cautions, evidence"),
		       id, key);
		return 0;
	}
	if (k != K_STEP && ps->p.seen[k]) {
		report(ps, line,
		       _("movement '%s': key '%s' given twice (first on line %u); expected it once"),
		       id, key, ps->p.seen[k]);
		return 0;
	}
	ps->p.seen[k] = line;
	if (!*val) {
		report(ps, line, _("movement '%s': empty value for '%s'; expected some text"), id,
		       key);
		return 0;
	}

	switch (k) {
	case K_TITLE:
		return set_string(&m->title, val);
	case K_REGION:
		if (budge_region_parse(val, &m->region) < 0)
			report(ps, line,
			       _("movement '%s': unknown region '%s'; expected one of feet, pelvis, "
			       "shoulders, neck, eyes, hands, upper-back, lower-back, core, "
			       "breathing, "
			       "legs, whole-body, patterns"),
			       id, val);
		return 0;
	case K_POSITION:
		if (parse_positions(val, &m->positions) < 0)
			report(ps, line,
			       _("movement '%s': bad position '%s'; expected seated, standing and/or "
			       "floor, separated by commas"),
			       id, val);
		return 0;
	case K_DISCREET:
	case K_DEFAULT:
		if (parse_bool(val, k == K_DISCREET ? &m->discreet : &m->is_default) < 0)
			report(ps, line, _("movement '%s': bad %s value '%s'; expected yes or no"), id,
			       key, val);
		return 0;
	case K_CUE:
		if (strlen(val) > 4 * BUDGE_CATALOG_CUE_MAX ||
		    utf8_chars(val) > BUDGE_CATALOG_CUE_MAX) {
			report(ps, line,
			       _("movement '%s': cue is %zu characters long; expected at most %d so "
			       "that it fits a notification"),
			       id, utf8_chars(val), BUDGE_CATALOG_CUE_MAX);
			return 0;
		}
		return set_string(&m->cue, val);
	case K_STEP:
		return add_step(m, val);
	case K_HOLD:
		r = budge_duration_parse(val, &secs);
		if (r < 0 || secs > HOLD_MAX_S)
			report(ps, line,
			       _("movement '%s': bad hold '%s'; expected a duration from 0s to 1h, "
			       "e.g. 3s"),
			       id, val);
		else
			m->hold_s = (int32_t)secs;
		return 0;
	case K_CYCLES:
		if (parse_count(val, CYCLES_MAX, &m->cycles) < 0)
			report(
			    ps, line,
			    _("movement '%s': bad cycles '%s'; expected a whole number from 0 to %d"),
			    id, val, CYCLES_MAX);
		return 0;
	case K_DOSE:
		return set_string(&m->dose, val);
	case K_CADENCE:
		r = budge_duration_parse(val, &secs);
		if (r < 0 || secs < CADENCE_MIN_S || secs > CADENCE_MAX_S)
			report(
			    ps, line,
			    _("movement '%s': bad cadence '%s'; expected a duration from 1m to 7d, "
			    "e.g. 30m or 1h"),
			    id, val);
		else
			m->cadence_s = secs;
		return 0;
	case K_EASIER:
		return set_string(&m->easier, val);
	case K_EASIER_DOSE:
		return set_string(&m->easier_dose, val);
	case K_HARDER:
		return set_string(&m->harder, val);
	case K_HARDER_DOSE:
		return set_string(&m->harder_dose, val);
	case K_CAUTIONS:
		return set_string(&m->cautions, val);
	case K_EVIDENCE:
		return set_string(&m->evidence, val);
	case K_COUNT:
		break;
	}
	return 0;
}

/* Move the finished entry into the catalog (replacing one with the same
 * id) or drop it when it was bad. Returns 0 or -ENOMEM. */
static int commit(struct parser *ps)
{
	struct pending *p = &ps->p;
	struct budge_catalog *cat = ps->cat;
	char where[320];
	bool found;
	size_t at;
	int r = 0;

	if (!p->active)
		return 0;
	if (!p->bad_header) {
		char missing[160] = "";
		size_t n_missing = 0, used = 0;

		for (enum key k = 0; k < K_COUNT; k++) {
			if (!keys[k].required || p->seen[k])
				continue;
			int w = snprintf(missing + used, sizeof(missing) - used, "%s%s",
			                 n_missing ? ", " : "", keys[k].name);
			if (w > 0 && (size_t)w < sizeof(missing) - used)
				used += (size_t)w;
			n_missing++;
		}
		if (n_missing)
			report(ps, p->line,
			       P_("movement '%s': missing required key %s",
				  "movement '%s': missing required keys %s", n_missing),
			       p->m.id, missing);
	}
	if (p->bad || p->bad_header)
		goto out;

	snprintf(where, sizeof(where), "%s:%u", ps->name, p->line);
	r = set_string(&p->m.source, where);
	if (r < 0)
		goto out;

	at = catalog_lookup(cat, p->m.id, &found);
	if (found) {
		movement_finish(&cat->items[at]);
	} else {
		struct budge_movement *items = realloc(cat->items, (cat->n + 1) * sizeof(*items));
		if (!items) {
			r = -ENOMEM;
			goto out;
		}
		cat->items = items;
		memmove(&items[at + 1], &items[at], (cat->n - at) * sizeof(*items));
		cat->n++;
	}
	cat->items[at] = p->m;
	p->m = (struct budge_movement){.id = NULL};
	ps->added++;
out:
	movement_finish(&p->m);
	*p = (struct pending){.active = false};
	return r;
}

static int begin(struct parser *ps, const char *id)
{
	struct pending *p = &ps->p;

	*p = (struct pending){
	    .active = true,
	    .line = ps->line,
	    .m = {.region = BUDGE_REGION_COUNT, .is_default = true},
	};
	if (!valid_id(id)) {
		report(ps, ps->line,
		       _("bad movement id '%s'; expected 1-%d characters of a-z, 0-9 and '-', "
		       "not starting or ending with '-'"),
		       id, ID_MAX);
		p->bad_header = true;
		return 0;
	}
	return set_string(&p->m.id, id);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

/* One line (writable copy, no newline). */
static int parse_line(struct parser *ps, char *raw)
{
	char *s = trim(raw);
	char *eq;

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		size_t n = strlen(s);
		int r = commit(ps);
		if (r < 0)
			return r;
		if (s[n - 1] != ']') {
			/* Keep the following keys out of the previous entry. */
			ps->p =
			    (struct pending){.active = true, .bad_header = true, .line = ps->line};
			report(ps, ps->line,
			       _("section header '%s' lacks the closing ']'; expected [movement-id]"),
			       s);
			return 0;
		}
		s[n - 1] = '\0';
		return begin(ps, trim(s + 1));
	}
	eq = strchr(s, '=');
	if (!eq) {
		report(ps, ps->line, "expected 'key = value' or '[movement-id]', found '%s'", s);
		return 0;
	}
	*eq = '\0';
	if (!ps->p.active) {
		report(ps, ps->line,
		       _("key '%s' outside a movement; expected a '[movement-id]' line first"),
		       trim(s));
		return 0;
	}
	if (ps->p.bad_header)
		return 0;
	return handle_key(ps, trim(s), trim(eq + 1));
}

int budge_catalog_add_text(struct budge_catalog *cat, const char *name, const char *text,
                           budge_catalog_diag_fn diag, void *userdata)
{
	struct parser ps = {
	    .cat = cat,
	    .name = name ? name : "<text>",
	    .diag = diag,
	    .userdata = userdata,
	};
	const char *c = text ? text : "";
	char *buf = NULL;
	size_t cap = 0;
	int r = 0;

	/* Skip a UTF-8 byte order mark. */
	if ((unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBB &&
	    (unsigned char)c[2] == 0xBF)
		c += 3;

	while (*c) {
		size_t len = strcspn(c, "\n");

		ps.line++;
		if (len + 1 > cap) {
			char *nb = realloc(buf, len + 1);
			if (!nb) {
				r = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap = len + 1;
		}
		memcpy(buf, c, len);
		buf[len] = '\0';
		r = parse_line(&ps, buf);
		if (r < 0)
			goto out;
		c += len;
		if (*c == '\n')
			c++;
	}
	r = commit(&ps);
out:
	movement_finish(&ps.p.m);
	free(buf);
	return r < 0 ? r : ps.added;
}

const char *budge_position_name(enum budge_position p)
{
	for (size_t i = 0; i < N_POSITIONS; i++)
		if ((uint32_t)p == 1u << i)
			return position_names[i];
	return NULL;
}

int budge_positions_format(uint32_t positions, char *buf, size_t len)
{
	int total = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < N_POSITIONS; i++) {
		if (!(positions & (1u << i)))
			continue;
		size_t used = (size_t)total < len ? (size_t)total : len;
		int n = snprintf(buf ? buf + used : NULL, len - used, "%s%s", total ? ", " : "",
		                 position_names[i]);
		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

budge_region_mask budge_catalog_regions(const struct budge_catalog *cat)
{
	budge_region_mask mask = 0;

	for (size_t i = 0; cat && i < cat->n; i++)
		if (cat->items[i].region < BUDGE_REGION_COUNT)
			mask |= 1u << cat->items[i].region;
	return mask;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!hay)
		return false;
	if (n == 0)
		return true;
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool movement_has(const struct budge_movement *m, const char *word)
{
	const char *fields[] = {m->id,       m->title,    m->cue,
	                        m->dose,     m->easier,   m->harder,
	                        m->cautions, m->evidence, budge_region_name(m->region)};
	char pos[64];

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (contains_nocase(fields[i], word))
			return true;
	for (size_t i = 0; i < m->n_steps; i++)
		if (contains_nocase(m->steps[i], word))
			return true;
	budge_positions_format(m->positions, pos, sizeof(pos));
	return contains_nocase(pos, word);
}

bool budge_movement_matches(const struct budge_movement *m, const char *const *words,
                            size_t n_words)
{
	for (size_t i = 0; i < n_words; i++)
		if (!movement_has(m, words[i]))
			return false;
	return true;
}
