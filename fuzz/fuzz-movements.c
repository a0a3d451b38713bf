/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a movement file (the catalog's INI format) added over
 * the built-in catalog, then every movement it holds looked up and
 * formatted. Each diagnostic must carry a message. */
#include <stdlib.h>
#include <string.h>

#include "budge/catalog.h"
#include "catalog-load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_diag(const struct budge_catalog_diag *d, void *userdata)
{
	(void)userdata;
	if (d->message[0] == '\0' || strnlen(d->message, sizeof(d->message)) == sizeof(d->message))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct budge_catalog cat;
	char *text = malloc(size + 1);
	char buf[256];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	budge_catalog_init(&cat);
	budge_catalog_load_builtin(&cat, NULL, NULL);
	budge_catalog_add_text(&cat, "fuzz.movements", text, on_diag, NULL);
	for (size_t i = 0; i < cat.n; i++) {
		const struct budge_movement *m = &cat.items[i];
		if (budge_catalog_find(&cat, m->id) == NULL)
			abort();
		budge_positions_format(m->positions, buf, sizeof(buf));
	}
	budge_catalog_regions(&cat);
	budge_catalog_finish(&cat);
	free(text);
	return 0;
}
