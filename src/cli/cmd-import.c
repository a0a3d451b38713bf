/* SPDX-License-Identifier: MIT */
/* budge import: analyse wearable files and store their epochs and days. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accel-cli.h"
#include "cli-store.h"
#include "cli.h"
#include "store-accel.h"
#include "budge/i18n.h"
#include "i18n-init.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: budge import [OPTIONS] FILE...\n\n"
		"Analyse wearable accelerometer recordings (Axivity .cwa, ActiGraph .gt3x,\n"
		"CSV; .gz accepted) and store their epochs and daily summaries in the\n"
		"database, for reports. A file that was imported before (same SHA-256)\n"
		"is skipped.\n\n"
		"Options:\n" ACCEL_CLI_HELP
		"      --db FILE         use this database instead of the default\n"
		"  -h, --help            show this help\n\n"
		"See budge(1), \"Wearable data\".\n");
}

struct import_state {
	struct budge_store_accel_writer *w;
	uint64_t epochs, days;
	uint64_t wear_s, sedentary_s, breaks, steps;
};

static int imp_epoch(const struct budge_accel_epoch *e, void *userdata)
{
	struct import_state *st = userdata;
	st->epochs++;
	return budge_store_accel_add_epoch(st->w, e);
}

static int imp_day(const struct budge_accel_day *d, void *userdata)
{
	struct import_state *st = userdata;
	st->days++;
	st->wear_s += d->wear_s;
	st->sedentary_s += d->sedentary_s;
	st->breaks += d->breaks;
	st->steps += d->steps;
	return budge_store_accel_add_day(st->w, d);
}

static void json_escape(char *dst, size_t len, const char *s)
{
	size_t o = 0;
	for (; *s && o + 7 < len; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			dst[o++] = '\\';
			dst[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(dst + o, len - o, "\\u%04x", c);
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
}

static int import_one(const char *sub, struct budge_store *store, const char *path,
		      const struct accel_cli_opts *base)
{
	char hex[65], when[40];
	int64_t id, at;
	int r, ret;

	if (strcmp(path, "-") == 0) {
		cli_error(sub, _("-: import needs a file (its hash identifies it), not standard input"));
		return BUDGE_EXIT_USAGE;
	}
	if ((r = budge_accel_file_sha256(path, hex)) < 0) {
		cli_error(sub, _("%s: cannot read: %s"), path, strerror(-r));
		return BUDGE_EXIT_INPUT;
	}
	r = budge_store_accel_find(store, hex, &id, &at);
	if (r < 0) {
		cli_error(sub, "database: %s", strerror(-r));
		return BUDGE_EXIT_STORE;
	}
	if (r == 1) {
		accel_cli_iso(at * 1000000, when, sizeof(when));
		printf(_("%s: already imported (import %lld on %s); nothing changed\n"), path,
		       (long long)id, when);
		return BUDGE_EXIT_OK;
	}

	/* the import row needs the format and device: they are only known
	 * once decoding starts, so the row is written with placeholders and
	 * completed before the commit */
	struct import_state st = {0};
	struct budge_store_accel_import imp = {
		.sha256_hex = hex,
		.path = path,
		.format = "",
		.imported_at = (int64_t)time(NULL),
	};
	if ((r = budge_store_accel_writer_create(store, &imp, &st.w)) < 0) {
		cli_error(sub, _("database: cannot start the import: %s"), strerror(-r));
		return BUDGE_EXIT_STORE;
	}
	struct accel_cli_opts o = *base;
	o.sink = (struct budge_accel_pipeline_sink){
		.epoch = imp_epoch, .day = imp_day, .userdata = &st};
	o.device_clock_local = true;
	struct accel_cli_result res;
	ret = accel_cli_run(sub, path, &o, &res);
	if (ret != BUDGE_EXIT_OK)
		goto out; /* the writer rolls back */

	char type[80], serial[140], dev[4096];
	json_escape(type, sizeof(type), res.device.type);
	json_escape(serial, sizeof(serial), res.device.serial);
	int dn = snprintf(
	    dev, sizeof(dev),
	    "{\"type\": \"%s\", \"serial\": \"%s\", \"sample_rate_hz\": %.6g, "
	    "\"range_g\": %.6g, \"site\": \"%s\", \"epoch_s\": %u, \"samples\": %" PRIu64
	    ", \"filled_samples\": %" PRIu64 ", \"gaps\": %u, \"problems\": %" PRIu64
	    ", \"dropped_samples\": %" PRIu64 ", \"notes\": [",
	    type, serial, res.device.sample_rate_hz, res.device.range_g,
	    budge_accel_site_name(res.totals.site), o.epoch_s, res.totals.samples, res.totals.filled,
	    res.totals.gaps, res.problems, res.totals.dropped + res.totals.dropped_rate);
	for (size_t i = 0; i < res.nnotes; i++) {
		char note[520];
		json_escape(note, sizeof(note), res.notes[i]);
		dn += snprintf(dev + dn, sizeof(dev) - (size_t)dn, "%s\"%s\"", i ? ", " : "", note);
	}
	snprintf(dev + dn, sizeof(dev) - (size_t)dn, "]}");
	id = budge_store_accel_writer_id(st.w);
	if ((r = budge_store_accel_set_details(st.w, budge_accel_format_name(res.format), dev)) <
	    0)
		goto store_fail;
	const char *base_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct budge_log_entry e = {
		.ts = imp.imported_at,
		.kind = BUDGE_LOG_IMPORT,
		.value = id,
		.text = base_name,
	};
	int64_t lr = budge_store_append(store, &e);
	if (lr < 0) {
		r = (int)lr;
		goto store_fail;
	}
	if ((r = budge_store_accel_commit(st.w)) < 0)
		goto store_fail;
	char worn[32], sed[32];
	printf(_("%s: imported as import %lld: %llu epochs of %u s, %llu day(s); worn %s h, "
		 "sedentary %s h, %llu breaks, %llu steps\n"),
	       path, (long long)id, (unsigned long long)st.epochs, o.epoch_s,
	       (unsigned long long)st.days, budge_fmt_decimal(worn, sizeof(worn), st.wear_s / 3600.0, 1),
	       budge_fmt_decimal(sed, sizeof(sed), st.sedentary_s / 3600.0, 1),
	       (unsigned long long)st.breaks, (unsigned long long)st.steps);
	ret = BUDGE_EXIT_OK;
	goto out;
store_fail:
	cli_error(sub, _("%s: storing the import failed: %s; nothing was stored"), path,
		  strerror(-r));
	ret = BUDGE_EXIT_STORE;
out:
	budge_store_accel_writer_destroy(st.w);
	return ret;
}

int cmd_import(int argc, char **argv)
{
	enum { OPT_DB = 1000 };
	static const struct option longopts[] = {
		ACCEL_CLI_LONGOPTS,
		{"db", required_argument, NULL, OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct accel_cli_opts o = {.epoch_s = 60};
	const char *db = NULL;
	struct budge_store *store = NULL;
	int c, ret = BUDGE_EXIT_OK;

	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return BUDGE_EXIT_OK;
	}
	while ((c = getopt_long(argc, argv, ACCEL_CLI_SHORTOPTS "h", longopts, NULL)) != -1) {
		if (accel_cli_is_option(c)) {
			if (accel_cli_option(argv[0], c, optarg, &o) != BUDGE_EXIT_OK)
				return BUDGE_EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_DB:
			db = optarg;
			break;
		default:
			usage(stderr);
			return BUDGE_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error(argv[0], _("expected one or more FILEs to import"));
		return BUDGE_EXIT_USAGE;
	}
	if ((ret = budge_cli_store_open(argv[0], db, BUDGE_STORE_CREATE, &store)) !=
	    BUDGE_EXIT_OK)
		return ret;
	for (int i = optind; i < argc; i++) {
		int r = import_one(argv[0], store, argv[i], &o);
		if (r != BUDGE_EXIT_OK && ret == BUDGE_EXIT_OK)
			ret = r; /* go on with the other files; report the first failure */
	}
	budge_store_close(store);
	return ret;
}
