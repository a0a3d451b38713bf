/* SPDX-License-Identifier: MIT */
/* A field of the flat JSON object the coach's Status() returns (cli.h),
 * shared by `budge status` and `budge status --follow`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

bool cli_json_field(const char *json, const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	if (!p)
		return false;
	p += strlen(pat);
	if (*p == '"') {
		p++;
		end = strchr(p, '"');
	} else {
		end = p + strcspn(p, ",}");
	}
	if (!end)
		return false;
	snprintf(buf, len, "%.*s", (int)(end - p), p);
	return true;
}
