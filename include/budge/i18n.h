/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_I18N_H
#define BUDGE_I18N_H

/*
 * Translations: gettext with budge's text domain ("budge"). _() translates
 * a text for people, N_() marks one that is translated later (tables),
 * P_() picks the plural form for a count. Without a call to
 * budge_i18n_init() (the unit tests, a library user) every text stays as
 * written, in English. Keys, JSON, CSV and logs are never translated.
 */
#include <libintl.h>

#define BUDGE_TEXT_DOMAIN "budge"

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext((one), (many), (unsigned long)(n))

#endif
