/* SPDX-License-Identifier: MIT */
/* Reading wearable files from disk into the streaming decoders. */
#include "accel-file.h"
#include "budge/i18n.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <zip.h>
#include <zlib.h>

#define CHUNK (256 * 1024)
#define INFO_MAX (1024 * 1024)

struct reader {
	const char *path;
	struct budge_accel_sink user; /* the caller's sink */
	char last_problem[256];
	char *err;
	size_t errsize;
};

__attribute__((format(printf, 3, 4))) static void set_err(struct reader *r, int code,
                                                          const char *fmt, ...)
{
	va_list ap;
	if (!r->err || r->errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errsize, fmt, ap);
	va_end(ap);
	(void)code;
}

static int fwd_block(const struct budge_accel_block *b, void *userdata)
{
	struct reader *r = userdata;
	return r->user.block(b, r->user.userdata);
}

static void fwd_problem(const struct budge_accel_problem *p, void *userdata)
{
	struct reader *r = userdata;
	snprintf(r->last_problem, sizeof(r->last_problem), "%s", p->message);
	if (r->user.problem)
		r->user.problem(p, r->user.userdata);
}

static void fwd_note(const char *msg, void *userdata)
{
	struct reader *r = userdata;
	if (r->user.note)
		r->user.note(msg, r->user.userdata);
}

/* A decoder failure: describe it. */
static int decoder_failed(struct reader *r, int ret)
{
	if (ret == -EBADMSG)
		set_err(r, ret, "%s: %s", r->path,
		        r->last_problem[0] ? r->last_problem : "not a valid wearable file");
	else if (ret == -ENOMEM)
		set_err(r, ret, _("%s: out of memory"), r->path);
	else
		set_err(r, ret, _("%s: decoding stopped: %s"), r->path, strerror(-ret));
	return ret;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int create_decoder(struct reader *r, enum budge_accel_format fmt,
                          const struct budge_accel_file_options *opt,
                          struct budge_accel_device *device, struct budge_accel_decoder **d)
{
	struct budge_accel_sink s = {
	    .block = fwd_block, .problem = fwd_problem, .note = fwd_note, .userdata = r};
	int ret = budge_accel_decoder_create(fmt, &s, device, d);
	if (ret < 0) {
		set_err(r, ret, _("%s: cannot create a decoder: %s"), r->path, strerror(-ret));
		return ret;
	}
	if (fmt == BUDGE_ACCEL_CSV && opt && opt->csv_rate_hz > 0) {
		ret = budge_accel_csv_set_timing(*d, opt->csv_rate_hz, opt->csv_start_us);
		if (ret < 0) {
			set_err(r, ret,
			        "%s: invalid CSV sample rate %g Hz (expected 0 < rate <= 10000)",
			        r->path, opt->csv_rate_hz);
			budge_accel_decoder_destroy(*d);
			*d = NULL;
			return ret;
		}
	}
	if (fmt == BUDGE_ACCEL_CSV && opt && (ret = budge_accel_csv_set_options(*d, &opt->csv)) < 0) {
		set_err(r, ret, _("%s: invalid CSV options"), r->path);
		budge_accel_decoder_destroy(*d);
		*d = NULL;
		return ret;
	}
	return 0;
}

/*
 * libzip is loaded with dlopen() on the first .gt3x file, not linked: it
 * pulls in libcrypto and libbz2 (about 1.6 MB of resident mappings) that
 * the coach (`budge run`, same binary) never needs. <zip.h> is used for its
 * types only. The handle is kept until exit (one load per process).
 */
static struct {
	bool tried, ok;
	zip_t *(*open)(const char *, int, int *);
	void (*error_init_with_code)(zip_error_t *, int);
	const char *(*error_strerror)(zip_error_t *);
	void (*error_fini)(zip_error_t *);
	zip_file_t *(*fopen)(zip_t *, const char *, zip_flags_t);
	zip_int64_t (*fread)(zip_file_t *, void *, zip_uint64_t);
	int (*fclose)(zip_file_t *);
	zip_int64_t (*name_locate)(zip_t *, const char *, zip_flags_t);
	const char *(*strerror)(zip_t *);
	void (*discard)(zip_t *);
} lz;

static bool libzip_load(struct reader *r)
{
	if (lz.tried) {
		if (!lz.ok)
			set_err(r, -ENOTSUP, _("%s: reading .gt3x needs libzip (Debian package libzip4)"),
			        r->path);
		return lz.ok;
	}
	lz.tried = true;
	void *h = dlopen("libzip.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		set_err(r, -ENOTSUP,
		        _("%s: reading .gt3x needs libzip (Debian package libzip4): %s"), r->path,
		        e ? e : "cannot load libzip.so.4");
		return false;
	}
	/* POSIX: a void * from dlsym() converts to a function pointer. */
#define LZ_SYM(field, name)                                                          \
	do {                                                                         \
		void *sym_ = dlsym(h, name);                                         \
		if (!sym_) {                                                         \
			set_err(r, -ENOTSUP,                                         \
			        "%s: reading .gt3x needs libzip 1.x (Debian package "  \
			        "libzip4); the libzip.so.4 found lacks %s",           \
			        r->path, name);                                       \
			dlclose(h);                                                  \
			return false;                                                \
		}                                                                    \
		memcpy(&lz.field, &sym_, sizeof(sym_));                              \
	} while (0)
	LZ_SYM(open, "zip_open");
	LZ_SYM(error_init_with_code, "zip_error_init_with_code");
	LZ_SYM(error_strerror, "zip_error_strerror");
	LZ_SYM(error_fini, "zip_error_fini");
	LZ_SYM(fopen, "zip_fopen");
	LZ_SYM(fread, "zip_fread");
	LZ_SYM(fclose, "zip_fclose");
	LZ_SYM(name_locate, "zip_name_locate");
	LZ_SYM(strerror, "zip_strerror");
	LZ_SYM(discard, "zip_discard");
#undef LZ_SYM
	lz.ok = true;
	return true;
}

/* .gt3x: zip with info.txt and log.bin. */
static int decode_gt3x(struct reader *r, const struct budge_accel_file_options *opt,
                       struct budge_accel_device *device, struct budge_accel_file_info *info)
{
	struct budge_accel_decoder *d = NULL;
	zip_t *za = NULL;
	zip_file_t *zf = NULL;
	uint8_t *buf = NULL;
	int zerr = 0, ret;

	if (!libzip_load(r))
		return -ENOTSUP;
	za = lz.open(r->path, ZIP_RDONLY, &zerr);
	if (!za) {
		zip_error_t ze;
		lz.error_init_with_code(&ze, zerr);
		set_err(r, -EBADMSG, _("%s: not a readable .gt3x (zip) archive: %s"), r->path,
		        lz.error_strerror(&ze));
		lz.error_fini(&ze);
		return -EBADMSG;
	}
	ret = create_decoder(r, BUDGE_ACCEL_GT3X, opt, device, &d);
	if (ret < 0)
		goto out;
	buf = malloc(CHUNK > INFO_MAX ? CHUNK : INFO_MAX);
	if (!buf) {
		ret = -ENOMEM;
		set_err(r, ret, _("%s: out of memory"), r->path);
		goto out;
	}

	zf = lz.fopen(za, "info.txt", 0);
	if (!zf) {
		ret = -EBADMSG;
		set_err(r, ret, _("%s: the archive has no info.txt, so it is not a GT3X file"),
		        r->path);
		goto out;
	}
	zip_int64_t n = lz.fread(zf, buf, INFO_MAX);
	lz.fclose(zf);
	zf = NULL;
	if (n < 0) {
		ret = -EIO;
		set_err(r, ret, _("%s: cannot read info.txt from the archive"), r->path);
		goto out;
	}
	ret = budge_accel_gt3x_info(d, (const char *)buf, (size_t)n);
	if (ret < 0) {
		decoder_failed(r, ret);
		goto out;
	}

	zf = lz.fopen(za, "log.bin", 0);
	if (!zf) {
		ret = -EBADMSG;
		if (lz.name_locate(za, "activity.bin", 0) >= 0)
			set_err(r, ret,
			        _("%s: this is an old-style GT3X file (activity.bin, NHANES era), "
			        "which is not supported; only log.bin files are"),
			        r->path);
		else
			set_err(r, ret, _("%s: the archive has no log.bin"), r->path);
		goto out;
	}
	for (;;) {
		n = lz.fread(zf, buf, CHUNK);
		if (n < 0) {
			ret = -EBADMSG;
			set_err(r, ret, _("%s: cannot read log.bin from the archive: %s"), r->path,
			        lz.strerror(za));
			goto out;
		}
		if (n == 0)
			break;
		ret = budge_accel_decoder_push(d, buf, (size_t)n);
		if (ret < 0) {
			decoder_failed(r, ret);
			goto out;
		}
	}
	ret = budge_accel_decoder_finish(d);
	if (ret < 0)
		decoder_failed(r, ret);
out:
	if (info)
		budge_accel_decoder_get_stats(d, &info->stats);
	if (zf)
		lz.fclose(zf);
	budge_accel_decoder_destroy(d);
	free(buf);
	if (za)
		lz.discard(za);
	return ret;
}

/*
 * zlib, like libzip, is loaded on the first gzip-compressed file only (the
 * coach never reads one; about 84 kB less resident). <zlib.h> gives the
 * types; inflateInit2() is a macro over inflateInit2_().
 */
static struct {
	bool tried, ok;
	int (*init2_)(z_streamp, int, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*reset)(z_streamp);
	int (*end)(z_streamp);
	const char *(*version)(void);
} zl;

static bool zlib_load(struct reader *r)
{
	if (zl.tried) {
		if (!zl.ok)
			set_err(r, -ENOTSUP,
			        _("%s: reading gzip-compressed files needs zlib (Debian package "
			        "zlib1g)"),
			        r->path);
		return zl.ok;
	}
	zl.tried = true;
	void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		set_err(r, -ENOTSUP,
		        _("%s: reading gzip-compressed files needs zlib (Debian package zlib1g): %s"),
		        r->path, e ? e : "cannot load libz.so.1");
		return false;
	}
#define ZL_SYM(field, name)                                                          \
	do {                                                                         \
		void *sym_ = dlsym(h, name);                                         \
		if (!sym_) {                                                         \
			set_err(r, -ENOTSUP,                                         \
			        "%s: reading gzip-compressed files needs zlib 1.x; "   \
			        "the libz.so.1 found lacks %s",                       \
			        r->path, name);                                       \
			dlclose(h);                                                  \
			return false;                                                \
		}                                                                    \
		memcpy(&zl.field, &sym_, sizeof(sym_));                              \
	} while (0)
	ZL_SYM(init2_, "inflateInit2_");
	ZL_SYM(inflate, "inflate");
	ZL_SYM(reset, "inflateReset");
	ZL_SYM(end, "inflateEnd");
	ZL_SYM(version, "zlibVersion");
#undef ZL_SYM
	zl.ok = true;
	return true;
}

/* The bytes of a plain or gzip file, a chunk at a time. */
struct stream {
	struct reader *r;
	FILE *f;
	uint8_t *in, *out;
	size_t in_n, out_n; /* raw bytes waiting in in[]; bytes ready in out[] */
	z_stream zs;
	bool gz, zinit, eof, member_end;
	uint64_t in_total;
};

/* Read the next raw chunk into in[] when it is empty. */
static int stream_read(struct stream *st)
{
	if (st->in_n > 0 || st->eof)
		return 0;
	st->in_n = fread(st->in, 1, CHUNK, st->f);
	if (st->in_n < CHUNK) {
		if (ferror(st->f)) {
			set_err(st->r, -EIO, _("%s: read error"), st->r->path);
			return -EIO;
		}
		st->eof = true;
	}
	return 0;
}

/* One inflate step into out[]; concatenated gzip members continue. */
static int stream_inflate(struct stream *st, bool *done)
{
	struct reader *r = st->r;
	st->zs.next_out = st->out;
	st->zs.avail_out = CHUNK;
	int zr = zl.inflate(&st->zs, Z_NO_FLUSH);
	st->out_n = CHUNK - st->zs.avail_out;
	st->member_end = false;
	if (zr == Z_STREAM_END) {
		st->member_end = true;
		if (st->zs.avail_in == 0 && st->eof)
			*done = true;
		else if (zl.reset(&st->zs) != Z_OK) {
			set_err(r, -EBADMSG, _("%s: corrupt gzip stream"), r->path);
			return -EBADMSG;
		}
	} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
		set_err(r, -EBADMSG, _("%s: corrupt gzip data near compressed byte %llu: %s"), r->path,
		        (unsigned long long)(st->in_total - st->zs.avail_in),
		        st->zs.msg ? st->zs.msg : "inflate failed");
		return -EBADMSG;
	}
	return 0;
}

/* The next decompressed chunk into out[0..out_n); out_n 0 at the end. */
static int stream_next_gz(struct stream *st)
{
	bool done = false;
	int ret;

	st->out_n = 0;
	while (st->out_n == 0 && !done) {
		if (st->zs.avail_in == 0) {
			if ((ret = stream_read(st)) < 0)
				return ret;
			if (st->in_n == 0 && st->eof) {
				if (st->member_end)
					return 0;
				set_err(st->r, -EBADMSG,
				        _("%s: the gzip stream is truncated (ends after %llu "
				        "compressed bytes)"),
				        st->r->path, (unsigned long long)st->in_total);
				return -EBADMSG;
			}
			st->zs.next_in = st->in;
			st->zs.avail_in = (uInt)st->in_n;
			st->in_total += st->in_n;
			st->in_n = 0;
		}
		if ((ret = stream_inflate(st, &done)) < 0)
			return ret;
	}
	return 0;
}

/* The next chunk of (decompressed) bytes into out[0..out_n). */
static int stream_next(struct stream *st)
{
	int ret;

	if (st->gz)
		return stream_next_gz(st);
	if ((ret = stream_read(st)) < 0)
		return ret;
	memcpy(st->out, st->in, st->in_n);
	st->out_n = st->in_n;
	st->in_n = 0;
	return 0;
}

static int stream_open(struct stream *st, struct reader *r, FILE *f, const uint8_t *head,
                       size_t headn)
{
	*st = (struct stream){.r = r, .f = f};
	st->gz = headn >= 2 && head[0] == 0x1f && head[1] == 0x8b;
	st->in = malloc(CHUNK);
	st->out = malloc(CHUNK);
	if (!st->in || !st->out) {
		set_err(r, -ENOMEM, _("%s: out of memory"), r->path);
		return -ENOMEM;
	}
	memcpy(st->in, head, headn);
	st->in_n = headn;
	if (!st->gz)
		return 0;
	if (!zlib_load(r))
		return -ENOTSUP;
	if (zl.init2_(&st->zs, 16 + MAX_WBITS, zl.version(), (int)sizeof(z_stream)) != Z_OK) {
		set_err(r, -ENOMEM, _("%s: cannot start gzip decompression"), r->path);
		return -ENOMEM;
	}
	st->zinit = true;
	return 0;
}

static void stream_close(struct stream *st)
{
	if (st->zinit)
		zl.end(&st->zs);
	free(st->in);
	free(st->out);
}

/* The format of the first chunk: forced by the options, or detected from
 * its bytes and the file name (without .gz). */
static int stream_format(struct stream *st, const struct budge_accel_file_options *opt,
                         enum budge_accel_format *fmt)
{
	char name[4096];

	if (opt && opt->force_format) {
		*fmt = opt->format;
		return 0;
	}
	snprintf(name, sizeof(name), "%s", st->r->path);
	if (has_suffix(name, ".gz"))
		name[strlen(name) - 3] = '\0';
	if (budge_accel_detect(st->out, st->out_n, name, fmt) < 0) {
		set_err(st->r, -EINVAL,
		        _("%s: unknown file format (expected an Axivity .cwa, an ActiGraph .gt3x "
		        "or a CSV file)"),
		        st->r->path);
		return -EINVAL;
	}
	return 0;
}

/* The decoder for the first chunk; 1 (no decoder) when the file is a
 * .gt3x zip archive, which budge_accel_file_decode reads on its own. */
static int stream_decoder(struct stream *st, const struct budge_accel_file_options *opt,
                          struct budge_accel_device *device, struct budge_accel_file_info *info,
                          struct budge_accel_decoder **d)
{
	enum budge_accel_format fmt;
	int ret = stream_format(st, opt, &fmt);

	if (ret < 0)
		return ret;
	if (fmt == BUDGE_ACCEL_GT3X && st->out_n >= 2 && st->out[0] == 'P' && st->out[1] == 'K') {
		if (!st->gz)
			return 1;
		set_err(st->r, -EINVAL,
		        _("%s: a gzip-compressed .gt3x archive cannot be read; decompress it first"),
		        st->r->path);
		return -EINVAL;
	}
	if (info)
		info->format = fmt;
	return create_decoder(st->r, fmt, opt, device, d);
}

/* A plain or gzip stream: CWA or CSV (or GT3X given as a bare log.bin with
 * --format). */
static int decode_stream(struct reader *r, FILE *f, const uint8_t *head, size_t headn,
                         const struct budge_accel_file_options *opt,
                         struct budge_accel_device *device, struct budge_accel_file_info *info,
                         bool *is_zip)
{
	struct budge_accel_decoder *d = NULL;
	struct stream st;
	int ret = stream_open(&st, r, f, head, headn);

	if (info)
		info->gzip = st.gz;
	while (ret >= 0 && (ret = stream_next(&st)) >= 0 && st.out_n > 0) {
		if (!d && (ret = stream_decoder(&st, opt, device, info, &d)) != 0) {
			*is_zip = ret == 1;
			break;
		}
		ret = budge_accel_decoder_push(d, st.out, st.out_n);
		if (ret < 0)
			decoder_failed(r, ret);
		else if (!st.gz && st.eof)
			break;
	}
	if (ret >= 0 && !*is_zip && !d) {
		ret = -EBADMSG;
		set_err(r, ret, _("%s: the file is empty"), r->path);
	} else if (ret >= 0 && d && (ret = budge_accel_decoder_finish(d)) < 0) {
		decoder_failed(r, ret);
	}
	if (*is_zip)
		ret = 0;
	if (info && d)
		budge_accel_decoder_get_stats(d, &info->stats);
	stream_close(&st);
	budge_accel_decoder_destroy(d);
	return ret;
}

int budge_accel_file_decode(const char *path, const struct budge_accel_file_options *opt,
                            const struct budge_accel_sink *sink, struct budge_accel_device *device,
                            struct budge_accel_file_info *info, char *err, size_t errsize)
{
	struct reader r = {.path = path, .err = err, .errsize = errsize};
	uint8_t head[512];
	size_t headn;
	bool is_zip = false, is_stdin;
	FILE *f;
	int ret;

	if (err && errsize)
		err[0] = '\0';
	if (info)
		*info = (struct budge_accel_file_info){0};
	if (!path || !sink || !sink->block || !device) {
		set_err(&r, -EINVAL, _("invalid arguments"));
		return -EINVAL;
	}
	r.user = *sink;
	is_stdin = strcmp(path, "-") == 0;
	if (is_stdin)
		r.path = "standard input";
	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		ret = -errno;
		set_err(&r, ret, _("%s: cannot open: %s"), path, strerror(errno));
		return ret;
	}
	struct stat sb;
	if (!is_stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		set_err(&r, -EISDIR, _("%s: is a directory, not a wearable file"), path);
		return -EISDIR;
	}
	headn = fread(head, 1, sizeof(head), f);
	if (headn < sizeof(head) && ferror(f)) {
		ret = -EIO;
		set_err(&r, ret, _("%s: read error"), r.path);
		goto out;
	}
	if ((opt && opt->force_format && opt->format == BUDGE_ACCEL_GT3X && headn >= 2 &&
	     head[0] == 'P' && head[1] == 'K') ||
	    (!(opt && opt->force_format) && headn >= 4 && memcmp(head, "PK\3\4", 4) == 0))
		is_zip = true;
	else {
		ret = decode_stream(&r, f, head, headn, opt, device, info, &is_zip);
		if (!is_zip)
			goto out;
	}
	if (is_stdin) {
		ret = -EINVAL;
		set_err(&r, ret,
		        _("%s: a .gt3x archive must be given as a file, not on standard input"),
		        r.path);
		goto out;
	}
	if (info)
		info->format = BUDGE_ACCEL_GT3X;
	ret = decode_gt3x(&r, opt, device, info);
out:
	if (!is_stdin)
		fclose(f);
	return ret;
}
