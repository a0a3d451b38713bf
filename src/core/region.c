/* SPDX-License-Identifier: MIT */
#include "budge/region.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "budge/i18n.h"

static const struct {
	const char *name;
	const char *title;
} regions[BUDGE_REGION_COUNT] = {
	[BUDGE_REGION_FEET] = {"feet", N_("Feet and ankles")},
	[BUDGE_REGION_PELVIS] = {"pelvis", N_("Pelvis and hips")},
	[BUDGE_REGION_SHOULDERS] = {"shoulders", N_("Shoulders")},
	[BUDGE_REGION_NECK] = {"neck", N_("Neck")},
	[BUDGE_REGION_EYES] = {"eyes", N_("Eyes")},
	[BUDGE_REGION_HANDS] = {"hands", N_("Hands and wrists")},
	[BUDGE_REGION_UPPER_BACK] = {"upper-back", N_("Upper back")},
	[BUDGE_REGION_LOWER_BACK] = {"lower-back", N_("Lower back")},
	[BUDGE_REGION_CORE] = {"core", N_("Core")},
	[BUDGE_REGION_BREATHING] = {"breathing", N_("Breathing")},
	[BUDGE_REGION_LEGS] = {"legs", N_("Legs")},
	[BUDGE_REGION_WHOLE_BODY] = {"whole-body", N_("Whole body and walking")},
	[BUDGE_REGION_PATTERNS] = {"patterns", N_("Basic patterns")},
};

static const struct {
	const char *alias;
	enum budge_region region;
} aliases[] = {
	{"ankles", BUDGE_REGION_FEET},       {"foot", BUDGE_REGION_FEET},
	{"hips", BUDGE_REGION_PELVIS},       {"hip", BUDGE_REGION_PELVIS},
	{"shoulder", BUDGE_REGION_SHOULDERS}, {"wrists", BUDGE_REGION_HANDS},
	{"hand", BUDGE_REGION_HANDS},        {"eye", BUDGE_REGION_EYES},
	{"upperback", BUDGE_REGION_UPPER_BACK}, {"lowerback", BUDGE_REGION_LOWER_BACK},
	{"back", BUDGE_REGION_LOWER_BACK},   {"breath", BUDGE_REGION_BREATHING},
	{"leg", BUDGE_REGION_LEGS},          {"walking", BUDGE_REGION_WHOLE_BODY},
	{"walk", BUDGE_REGION_WHOLE_BODY},   {"wholebody", BUDGE_REGION_WHOLE_BODY},
	{"pattern", BUDGE_REGION_PATTERNS},
};

const char *budge_region_name(enum budge_region r)
{
	if ((unsigned)r >= BUDGE_REGION_COUNT)
		return NULL;
	return regions[r].name;
}

const char *budge_region_title(enum budge_region r)
{
	if ((unsigned)r >= BUDGE_REGION_COUNT)
		return NULL;
	return _(regions[r].title);
}

static int parse_n(const char *name, size_t n, enum budge_region *out)
{
	for (int i = 0; i < BUDGE_REGION_COUNT; i++) {
		if (strlen(regions[i].name) == n && strncasecmp(regions[i].name, name, n) == 0) {
			*out = (enum budge_region)i;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strlen(aliases[i].alias) == n && strncasecmp(aliases[i].alias, name, n) == 0) {
			*out = aliases[i].region;
			return 0;
		}
	}
	return -EINVAL;
}

int budge_region_parse(const char *name, enum budge_region *out)
{
	if (!name)
		return -EINVAL;
	return parse_n(name, strlen(name), out);
}

int budge_region_parse_list(const char *list, budge_region_mask *out, size_t *bad_offset)
{
	budge_region_mask mask = 0;
	const char *p = list;

	while (*p) {
		size_t n;
		enum budge_region r;

		p += strspn(p, ", \t");
		if (!*p)
			break;
		n = strcspn(p, ", \t");
		if (n == 3 && strncasecmp(p, "all", 3) == 0) {
			mask |= BUDGE_REGION_ALL;
		} else if (parse_n(p, n, &r) == 0) {
			mask |= 1u << r;
		} else {
			if (bad_offset)
				*bad_offset = (size_t)(p - list);
			return -EINVAL;
		}
		p += n;
	}
	*out = mask;
	return 0;
}
