/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the config file reader (inih + the key table), then the
 * formatters on whatever was accepted. An error must say where and what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budge/config.h"
#include "config-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct budge_config cfg;
	struct budge_config_error err;
	char buf[8192];
	FILE *f = fmemopen((void *)data, size, "r");

	if (!f)
		return 0;
	memset(&err, 0, sizeof(err));
	int r = budge_config_load_stream(f, "fuzz.conf", &cfg, &err);
	fclose(f);
	if (r < 0) {
		if (err.message[0] == '\0')
			abort(); /* every refusal says what was wrong */
		budge_config_error_format(&err, buf, sizeof(buf));
		return 0;
	}
	if (budge_config_validate(&cfg, &err) < 0)
		abort(); /* load validates: what it accepts must be valid */
	budge_config_format(&cfg, buf, sizeof(buf));
	budge_config_format_json(&cfg, buf, sizeof(buf));
	return 0;
}
