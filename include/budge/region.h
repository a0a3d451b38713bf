/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_REGION_H
#define BUDGE_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Body regions of the catalog and the progressive plan. The order is the
 * default order in which the plan adds regions (feet first, as the seed
 * suggests: start with one region and add one more each week).
 */
enum budge_region {
	BUDGE_REGION_FEET = 0,   /* "feet": feet and ankles */
	BUDGE_REGION_PELVIS,     /* "pelvis": pelvis and hips */
	BUDGE_REGION_SHOULDERS,  /* "shoulders" */
	BUDGE_REGION_NECK,       /* "neck" */
	BUDGE_REGION_EYES,       /* "eyes" */
	BUDGE_REGION_HANDS,      /* "hands": hands and wrists */
	BUDGE_REGION_UPPER_BACK, /* "upper-back" */
	BUDGE_REGION_LOWER_BACK, /* "lower-back" */
	BUDGE_REGION_CORE,       /* "core" */
	BUDGE_REGION_BREATHING,  /* "breathing" */
	BUDGE_REGION_LEGS,       /* "legs" */
	BUDGE_REGION_WHOLE_BODY, /* "whole-body": standing up, walking */
	BUDGE_REGION_PATTERNS,   /* "patterns": rolling, kneeling, squatting */
	BUDGE_REGION_COUNT,
};

/* Bit set of regions: bit (1u << region). */
typedef uint32_t budge_region_mask;
#define BUDGE_REGION_ALL ((budge_region_mask)((1u << BUDGE_REGION_COUNT) - 1))

/* Canonical lower-case name ("upper-back"); static storage, never NULL
 * for a valid region, NULL otherwise. */
const char *budge_region_name(enum budge_region r);

/* A short human title ("Upper back"); static storage. */
const char *budge_region_title(enum budge_region r);

/* Parse a region name (case-insensitive; a few aliases such as "hips",
 * "ankles", "wrists", "walking" are accepted). Returns 0 and sets *out, or
 * -EINVAL. */
int budge_region_parse(const char *name, enum budge_region *out);

/* Parse a comma/space separated list of regions into a mask ("all" is every
 * region). Returns 0, or -EINVAL with *bad_offset set to the byte offset of
 * the first unknown word. */
int budge_region_parse_list(const char *list, budge_region_mask *out, size_t *bad_offset);

#endif
