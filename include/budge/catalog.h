/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CATALOG_H
#define BUDGE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budge/region.h"

/*
 * The movement catalog: pure data model. Files are read by the shell
 * (src/daemon/catalog-load.c) and handed to the core as text buffers.
 */

enum budge_position {
	BUDGE_POS_SEATED = 1u << 0,
	BUDGE_POS_STANDING = 1u << 1,
	BUDGE_POS_FLOOR = 1u << 2,
};

/* A variant level of a movement: the plan steps between them. */
enum budge_variant {
	BUDGE_VARIANT_EASIER = -1,
	BUDGE_VARIANT_STANDARD = 0,
	BUDGE_VARIANT_HARDER = 1,
};

struct budge_movement {
	char *id;          /* "pelvic-tilt"; unique, [a-z0-9-] */
	char *title;       /* "Pelvic tilt swings" */
	enum budge_region region;
	uint32_t positions; /* enum budge_position bits */
	bool discreet;      /* fine on camera / in a meeting */
	bool is_default;    /* enabled unless the user opts in (false: opt-in only) */
	char *cue;          /* one line, fits a notification */
	char **steps;       /* n_steps numbered steps */
	size_t n_steps;
	int32_t hold_s;     /* seconds per hold (0: none) */
	int32_t cycles;     /* cycles or repetitions per set (0: none) */
	char *dose;         /* human dose text: "2-3 s each way, 5 cycles" */
	int64_t cadence_s;  /* a set about every cadence_s of sitting */
	char *easier;       /* easier variant, one line */
	char *easier_dose;  /* its own dose, or NULL (then none is shown with it) */
	char *harder;       /* harder variant, one line */
	char *harder_dose;  /* its own dose, or NULL */
	char *cautions;
	char *evidence;     /* seed file, study, or "common practice" */
	char *source;       /* where it was defined: "file:line" */
};

struct budge_catalog {
	struct budge_movement *items; /* owned, n items, sorted by id */
	size_t n;
};

/* Diagnostic from a catalog parse: a bad entry is skipped, the rest kept. */
struct budge_catalog_diag {
	char where[300];   /* "file:line" */
	char message[256]; /* what was wrong, what was expected */
};

typedef void (*budge_catalog_diag_fn)(const struct budge_catalog_diag *d, void *userdata);

void budge_catalog_init(struct budge_catalog *cat);
void budge_catalog_finish(struct budge_catalog *cat);

/* Parse an INI text (borrowed, NUL-terminated) named `name` (for messages)
 * and add its movements to cat. A later entry with the same id replaces
 * the earlier one (drop-ins override built-ins). Bad entries are reported
 * through diag (may be NULL) and skipped. Returns the number of entries
 * added, or -ENOMEM. */
int budge_catalog_add_text(struct budge_catalog *cat, const char *name, const char *text,
			   budge_catalog_diag_fn diag, void *userdata);

/* Replace the texts for people of the entries added so far (title, cue,
 * steps, doses, variants, cautions; not id or evidence) with tr(text,
 * userdata) where it returns another text (a translation; borrowed, copied
 * here). Returns 0 or -ENOMEM (the entry keeps its earlier texts). */
typedef const char *(*budge_catalog_tr_fn)(const char *text, void *userdata);
int budge_catalog_translate(struct budge_catalog *cat, budge_catalog_tr_fn tr, void *userdata);

/* Look up by id; borrowed pointer or NULL. */
const struct budge_movement *budge_catalog_find(const struct budge_catalog *cat, const char *id);

/* Longest cue, in characters (UTF-8 code points), that a catalog entry may have. */
#define BUDGE_CATALOG_CUE_MAX 100

/* Name of one position bit ("seated", "standing", "floor"); static storage,
 * NULL for anything that is not exactly one known bit. */
const char *budge_position_name(enum budge_position p);

/* Write the position bits as "seated, standing" into buf (borrowed, len
 * bytes). Returns the length snprintf would write. */
int budge_positions_format(uint32_t positions, char *buf, size_t len);

/* Bit set of the regions that have at least one movement in cat. */
budge_region_mask budge_catalog_regions(const struct budge_catalog *cat);

/* True when every word (borrowed, n_words of them) occurs, ignoring ASCII
 * case, somewhere in the movement's id, title, region name, positions, cue,
 * steps, dose, variants, cautions or evidence. No words: true. */
bool budge_movement_matches(const struct budge_movement *m, const char *const *words,
			    size_t n_words);

#endif
