/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IO_I18N_INIT_H
#define BUDGE_IO_I18N_INIT_H

#include <stddef.h>

/* Take the language of messages from the environment (LC_MESSAGES,
 * LANGUAGE; the other categories stay C) and bind budge's translations;
 * called once at the start of main(). */
void budge_i18n_init(void);

/* v with prec decimals in the user's number format ("1,5" in German) into
 * buf, for text for people; JSON, CSV and the config stay in C ("1.5").
 * Returns buf. */
char *budge_fmt_decimal(char *buf, size_t len, double v, int prec);

/* The date y-m-d in the user's date format (LC_TIME's %x: "10.03.2025" in
 * German) into buf, for text for people; YYYY-MM-DD when LC_TIME is C or
 * POSIX (the output scripts see) or the locale is not there. Returns buf. */
char *budge_fmt_date(char *buf, size_t len, int y, int m, int d);

#endif
