/* SPDX-License-Identifier: MIT */
/* Format detection and dispatch of the streaming accelerometer decoders
 * (the helpers they share are in decode-util.c). */
#include "decode-internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);
	return n >= m && strcasecmp(name + n - m, suffix) == 0;
}

static bool looks_like_text(const uint8_t *head, size_t n)
{
	size_t printable = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = head[i];
		if (c == 0)
			return false;
		if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0x80)
			printable++;
	}
	return printable == n;
}

int budge_accel_detect(const uint8_t *head, size_t n, const char *name,
                       enum budge_accel_format *out)
{
	if (!out || (!head && n > 0))
		return -EINVAL;
	if (n >= 2 && head[0] == 'M' && head[1] == 'D') {
		*out = BUDGE_ACCEL_CWA;
		return 0;
	}
	if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
		*out = BUDGE_ACCEL_GT3X;
		return 0;
	}
	if (name) {
		if (has_suffix(name, ".cwa")) {
			*out = BUDGE_ACCEL_CWA;
			return 0;
		}
		if (has_suffix(name, ".gt3x")) {
			*out = BUDGE_ACCEL_GT3X;
			return 0;
		}
		if (has_suffix(name, ".csv") || has_suffix(name, ".txt")) {
			*out = BUDGE_ACCEL_CSV;
			return 0;
		}
	}
	if (looks_like_text(head, n)) {
		*out = BUDGE_ACCEL_CSV;
		return 0;
	}
	return -EINVAL;
}

const char *budge_accel_format_name(enum budge_accel_format fmt)
{
	switch (fmt) {
	case BUDGE_ACCEL_CWA:
		return "cwa";
	case BUDGE_ACCEL_GT3X:
		return "gt3x";
	case BUDGE_ACCEL_CSV:
		return "csv";
	}
	return "unknown";
}

int budge_accel_decoder_create(enum budge_accel_format fmt, const struct budge_accel_sink *sink,
                               struct budge_accel_device *device, struct budge_accel_decoder **out)
{
	const struct budge_accel_decoder_ops *ops;
	struct budge_accel_decoder *d;
	int r;

	if (!sink || !sink->block || !device || !out)
		return -EINVAL;
	switch (fmt) {
	case BUDGE_ACCEL_CWA:
		ops = &budge_accel_cwa_ops;
		break;
	case BUDGE_ACCEL_GT3X:
		ops = &budge_accel_gt3x_ops;
		break;
	case BUDGE_ACCEL_CSV:
		ops = &budge_accel_csv_ops;
		break;
	default:
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	*d = (struct budge_accel_decoder){
	    .ops = ops,
	    .fmt = fmt,
	    .sink = *sink,
	    .dev = device,
	};
	*device = (struct budge_accel_device){.site = BUDGE_SITE_UNKNOWN};
	r = ops->create(d);
	if (r < 0) {
		free(d);
		return r;
	}
	*out = d;
	return 0;
}

int budge_accel_decoder_push(struct budge_accel_decoder *d, const uint8_t *buf, size_t n)
{
	int r;
	if (!d || (!buf && n > 0))
		return -EINVAL;
	if (d->error)
		return d->error;
	if (d->finished)
		return -EINVAL;
	if (n == 0)
		return 0;
	r = d->ops->push(d, buf, n);
	if (r < 0)
		d->error = r;
	return r;
}

int budge_accel_decoder_finish(struct budge_accel_decoder *d)
{
	int r;
	if (!d)
		return -EINVAL;
	if (d->error)
		return d->error;
	if (d->finished)
		return 0;
	d->finished = true;
	r = d->ops->finish(d);
	if (r < 0)
		d->error = r;
	return r;
}

void budge_accel_decoder_destroy(struct budge_accel_decoder *d)
{
	if (!d)
		return;
	d->ops->destroy(d);
	free(d);
}

void budge_accel_decoder_get_stats(const struct budge_accel_decoder *d,
                                   struct budge_accel_decoder_stats *out)
{
	if (!out)
		return;
	if (!d) {
		*out = (struct budge_accel_decoder_stats){0};
		return;
	}
	*out = d->stats;
}
