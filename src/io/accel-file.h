/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_DAEMON_ACCEL_FILE_H
#define BUDGE_DAEMON_ACCEL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <budge/accel.h>

/*
 * Shell-side reader of wearable files: opens a path, undoes gzip (".gz" or
 * gzip magic, zlib streaming), opens .gt3x zip archives (libzip: info.txt
 * through budge_accel_gt3x_info(), then log.bin), detects the format and
 * feeds the streaming decoder in chunks. Memory stays constant in the file
 * length. "-" reads standard input (not for .gt3x, which needs a seekable
 * zip). Used by `budge analyze` and `budge import`.
 */

struct budge_accel_file_options {
	/* Force the format instead of detecting it. */
	bool force_format;
	enum budge_accel_format format;
	/* CSV without a time column: rate and start (see
	 * budge_accel_csv_set_timing); csv_rate_hz 0 = from the file. */
	double csv_rate_hz;
	int64_t csv_start_us;
	/* CSV units, columns and start (budge_accel_csv_set_options). */
	struct budge_accel_csv_options csv;
};

struct budge_accel_file_info {
	enum budge_accel_format format;
	bool gzip;                              /* input was gzip-compressed */
	struct budge_accel_decoder_stats stats; /* bytes are uncompressed bytes */
};

/*
 * Decode the file at `path` (borrowed) into `sink` (copied). `opt` may be
 * NULL (detect everything). `device` (borrowed) is filled as metadata is
 * read; `info` (borrowed, may be NULL) is filled on return, also on failure.
 * Skipped corrupt pieces go to sink->problem and decoding goes on.
 *
 * Returns 0, or a negative errno on a fatal error, and then writes a
 * one-line message (with the path and where in the file) to err (size
 * errsize, may be NULL/0):
 *   -ENOENT, -EACCES, -EIO, ...  the file cannot be opened or read
 *   -EISDIR    the path is a directory
 *   -EBADMSG   the content is not a usable wearable file (bad magic, corrupt
 *              gzip stream, a zip without log.bin, ...)
 *   -EINVAL    unknown format, or bad options
 *   -ENOMEM    out of memory
 *   -ENOTSUP   a .gt3x file and libzip is missing (Debian package libzip4),
 *              or a gzip file and zlib is (zlib1g): both are loaded on
 *              demand with dlopen(), so that the coach never maps them
 *   other      the value returned by sink->block to stop decoding
 */
int budge_accel_file_decode(const char *path, const struct budge_accel_file_options *opt,
                            const struct budge_accel_sink *sink, struct budge_accel_device *device,
                            struct budge_accel_file_info *info, char *err, size_t errsize);

#endif
