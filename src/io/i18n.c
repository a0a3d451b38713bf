/* SPDX-License-Identifier: MIT */
/* The process's locale and text domain: people's language for messages
 * and dates, but C numbers everywhere (config values, JSON and CSV are
 * parsed and printed the same in every language). */
#include "i18n-init.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge-build-config.h"
#include "budge/i18n.h"

/* the decimal point of the user's LC_NUMERIC (budge's own stays C) */
static char radix[8] = ".";

static void read_radix(void)
{
	locale_t people = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);

	if (people == (locale_t)0)
		return;
	const char *r = nl_langinfo_l(RADIXCHAR, people);
	if (r && *r && strlen(r) < sizeof(radix))
		snprintf(radix, sizeof(radix), "%s", r);
	freelocale(people);
}

char *budge_fmt_decimal(char *buf, size_t len, double v, int prec)
{
	char c[64];
	size_t o = 0;

	snprintf(c, sizeof(c), "%.*f", prec, v);
	for (const char *p = c; *p && o + strlen(radix) < len; p++) {
		if (*p == '.') {
			memcpy(buf + o, radix, strlen(radix));
			o += strlen(radix);
		} else {
			buf[o++] = *p;
		}
	}
	if (len)
		buf[o < len ? o : len - 1] = '\0';
	return buf;
}

void budge_i18n_init(void)
{
	/* BUDGE_LOCALEDIR: the build tree's catalogs for an uninstalled budge
	 * (the tests); else the installed ones */
	const char *dir = getenv("BUDGE_LOCALEDIR");

	setlocale(LC_ALL, "");
	read_radix();
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(BUDGE_TEXT_DOMAIN, dir && *dir ? dir : BUDGE_LOCALEDIR);
	bind_textdomain_codeset(BUDGE_TEXT_DOMAIN, "UTF-8");
	textdomain(BUDGE_TEXT_DOMAIN);
}
