/* SPDX-License-Identifier: MIT */
/* The language of budge's messages and the user's decimal point. Only
 * LC_MESSAGES follows the environment: every other category stays C, so
 * config values, JSON and CSV are parsed and printed the same in every
 * language, character classes stay ASCII, and the coach does not map a
 * locale's collation tables (setlocale(LC_ALL, "") costs ~3 MB of RSS for
 * de_DE.UTF-8; LC_MESSAGES alone ~0.1 MB). */
#include "i18n-init.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budge-build-config.h"
#include "budge/i18n.h"

void budge_i18n_init(void)
{
	/* BUDGE_LOCALEDIR: the build tree's catalogs for an uninstalled budge
	 * (the tests); else the installed ones */
	const char *dir = getenv("BUDGE_LOCALEDIR");

	setlocale(LC_MESSAGES, "");
	bindtextdomain(BUDGE_TEXT_DOMAIN, dir && *dir ? dir : BUDGE_LOCALEDIR);
	/* UTF-8 whatever LC_CTYPE says (C): budge's texts and libc's own
	 * (strerror) */
	bind_textdomain_codeset(BUDGE_TEXT_DOMAIN, "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(BUDGE_TEXT_DOMAIN);
}

/* The LC_TIME locale the environment names (LC_ALL, LC_TIME, LANG, as
 * setlocale would pick it), or NULL for C, POSIX and C.UTF-8. */
static const char *time_locale_name(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_TIME", "LANG"};
	const char *name = NULL;

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && !name; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			name = v;
	}
	if (!name || !strcmp(name, "C") || !strcmp(name, "POSIX") || !strncmp(name, "C.", 2))
		return NULL;
	return name;
}

char *budge_fmt_date(char *buf, size_t len, int y, int m, int d)
{
	static locale_t people = (locale_t)0;
	static bool read;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};

	if (!read) {
		read = true;
		if (time_locale_name())
			people = newlocale(LC_TIME_MASK, "", (locale_t)0);
	}
	if (people == (locale_t)0 || !strftime_l(buf, len, "%x", &tm, people))
		snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* The decimal point of the user's LC_NUMERIC, read once when a number for
 * people is first printed (the coach never needs it). */
static const char *radix(void)
{
	static char r[8] = ".";
	static bool read;

	if (read)
		return r;
	read = true;
	locale_t people = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	if (people == (locale_t)0)
		return r;
	const char *p = nl_langinfo_l(RADIXCHAR, people);
	if (p && *p && strlen(p) < sizeof(r))
		snprintf(r, sizeof(r), "%s", p);
	freelocale(people);
	return r;
}

char *budge_fmt_decimal(char *buf, size_t len, double v, int prec)
{
	const char *point = radix();
	size_t o = 0, pl = strlen(point);
	char c[64];

	if (!len)
		return buf;
	snprintf(c, sizeof(c), "%.*f", prec, v);
	for (const char *p = c; *p && o + pl < len; p++) {
		if (*p == '.') {
			memcpy(buf + o, point, pl);
			o += pl;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	return buf;
}
