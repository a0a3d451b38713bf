/* SPDX-License-Identifier: MIT */
/* The process's locale and text domain: people's language for messages
 * and dates, but C numbers everywhere (config values, JSON and CSV are
 * parsed and printed the same in every language). */
#include "i18n-init.h"

#include <locale.h>
#include <stdlib.h>

#include "budge-build-config.h"
#include "budge/i18n.h"

void budge_i18n_init(void)
{
	/* BUDGE_LOCALEDIR: the build tree's catalogs for an uninstalled budge
	 * (the tests); else the installed ones */
	const char *dir = getenv("BUDGE_LOCALEDIR");

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(BUDGE_TEXT_DOMAIN, dir && *dir ? dir : BUDGE_LOCALEDIR);
	bind_textdomain_codeset(BUDGE_TEXT_DOMAIN, "UTF-8");
	textdomain(BUDGE_TEXT_DOMAIN);
}
