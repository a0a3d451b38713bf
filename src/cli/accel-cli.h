/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_CLI_ACCEL_CLI_H
#define BUDGE_CLI_ACCEL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <budge/accel-pipeline.h>
#include <budge/accel.h>

#include "accel-file.h"

/* Shared by `budge analyze` and `budge import` (defined in cmd-analyze.c):
 * decode a wearable file and run the analysis pipeline over it. */

struct accel_cli_opts {
	uint32_t epoch_s;
	enum budge_accel_site site; /* UNKNOWN: from the file, else hip */
	/* Called with every epoch/gap/day (may be NULL); negative stops. */
	struct budge_accel_pipeline_sink sink;
	/* Device clocks without a zone (CWA) are this machine's local time:
	 * convert them to UTC and count days in the local zone (import).
	 * false: take the clock as UTC (analyze). */
	bool device_clock_local;
	/* --units, --columns, --start, --rate (CSV files) */
	struct budge_accel_file_options file;
};

/* The notes of a run (the decoders' guesses), for JSON and the store. */
#define ACCEL_CLI_MAX_NOTES 8

struct accel_cli_result {
	struct budge_accel_device device;
	struct budge_accel_totals totals;
	enum budge_accel_format format;
	uint64_t problems;
	size_t nnotes;
	char notes[ACCEL_CLI_MAX_NOTES][256];
};

/* The options analyze and import share, for their getopt tables and
 * help texts; accel_cli_option() takes each one's val. */
#define ACCEL_CLI_LONGOPTS                                                                     \
	{"epoch", required_argument, NULL, 'e'}, {"site", required_argument, NULL, 's'},        \
	    {"units", required_argument, NULL, 'u'}, {"columns", required_argument, NULL, 'C'}, \
	    {"start", required_argument, NULL, 'S'}, {                                          \
		"rate", required_argument, NULL, 'R'                                            \
	}
#define ACCEL_CLI_SHORTOPTS "e:s:u:"
#define ACCEL_CLI_HELP                                                                         \
	"  -e, --epoch SECONDS   epoch length, a divisor of 60 (default 60)\n"                    \
	"  -s, --site SITE       hip, wrist or thigh (default: from the file, else hip)\n"        \
	"CSV files:\n"                                                                           \
	"  -u, --units UNIT      x, y, z in g, mg or m/s2 (default: from the header, else\n"      \
	"                        from the magnitude at rest, and said)\n"                         \
	"      --columns LIST    what each column holds, e.g. time,x,y,z or -,time,z,y,x\n"       \
	"                        (- for a column to ignore)\n"                                    \
	"      --start TIME      when the recording began (ISO 8601): time 0 of a time\n"         \
	"                        column counting seconds, or the first sample without one\n"     \
	"      --rate HZ         the sample rate of a file without a time column\n"

/* Format a Unix-microsecond time as ISO 8601 UTC ("...Z", milliseconds
 * only when not a whole second) into buf (>= 32 bytes). */
void accel_cli_iso(int64_t us, char *buf, size_t len);

/* Runs the whole file. Problems (skipped corrupt pieces) are printed to
 * stderr as "budge SUB: PATH: byte N: message". On failure prints the
 * error and returns an enum budge_exit value (INPUT for unreadable or
 * unusable files, FAILURE otherwise); 0 on success. */
int accel_cli_run(const char *sub, const char *path, const struct accel_cli_opts *o,
		  struct accel_cli_result *res);

/* Parse --epoch's value (1..60, divides 60). Returns 0 or -EINVAL. */
int accel_cli_parse_epoch(const char *s, uint32_t *out);

/* True if c is one of ACCEL_CLI_LONGOPTS's vals. */
bool accel_cli_is_option(int c);

/* The options analyze and import share: c is getopt's val for one of
 * ACCEL_CLI_LONGOPTS, arg its value (borrowed). Sets the field of *o. Returns
 * 0 (BUDGE_EXIT_OK), or prints "budge SUB: --OPTION: ..." and returns
 * BUDGE_EXIT_USAGE. */
int accel_cli_option(const char *sub, int c, const char *arg, struct accel_cli_opts *o);

#endif
