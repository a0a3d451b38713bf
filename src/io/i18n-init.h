/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IO_I18N_INIT_H
#define BUDGE_IO_I18N_INIT_H

/* Set the locale from the environment (LC_NUMERIC stays C) and bind
 * budge's translations; called once at the start of main(). */
void budge_i18n_init(void);

#endif
