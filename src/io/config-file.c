/* SPDX-License-Identifier: MIT */
#include "config-file.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "budge/i18n.h"

#define MAX_KEYS 64

struct load_ctx {
	FILE *f;
	int line;
	char *buf; /* one line: inih's buffer size + 1 */
	int read_errno;          /* a read error stopped the parse */
	bool failed;             /* err holds the first content error */
	struct budge_config cfg; /* the temporary: swapped in only when valid */
	struct budge_config_error err;
	int set_line[MAX_KEYS]; /* line where each table key was set, 0 if not */
};

/* Copy, truncating silently: a path longer than the error field is still
 * worth showing in part. */
static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int key_index(const char *section, const char *key)
{
	size_t n = budge_config_key_count();

	for (size_t i = 0; i < n && i < MAX_KEYS; i++) {
		const char *s, *k;
		budge_config_key_at(i, &s, &k, NULL);
		if (strcmp(s, section) == 0 && strcmp(k, key) == 0)
			return (int)i;
	}
	return -1;
}

__attribute__((format(printf, 3, 4))) static void fail(struct load_ctx *c, int line,
                                                       const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	c->err.line = line;
	va_start(ap, fmt);
	vsnprintf(c->err.message, sizeof(c->err.message), fmt, ap);
	va_end(ap);
}

/* One line into c->buf (at most num - 1 bytes and the newline), counted.
 * Returns its length, 0 at the end of the input or -1 after an error: a
 * read error, a NUL byte, or a line that does not fit, which is refused at
 * once, without reading the rest of it (a config file never has one; a
 * device or a binary file may be endless). */
static ssize_t read_line(struct load_ctx *c, int num)
{
	ssize_t n = 0;
	int ch;

	errno = 0;
	while ((ch = getc(c->f)) != EOF) {
		if (n == 0)
			c->line++;
		if (ch == '\0') {
			fail(c, c->line, _("a NUL byte in the line (expected a text file)"));
			return -1;
		}
		if (n >= num - 1) {
			fail(c, c->line, _("the line is longer than %d characters"), num - 2);
			return -1;
		}
		c->buf[n++] = (char)ch;
		if (ch == '\n')
			break;
	}
	if (ch == EOF && ferror(c->f)) {
		c->read_errno = errno ? errno : EIO;
		return -1;
	}
	c->buf[n] = '\0';
	return n;
}

/* Feeds inih one line at a time, counting lines (the packaged inih is built
 * without INI_HANDLER_LINENO), refusing lines too long for inih's buffer
 * instead of letting it split them, and catching unknown section headers,
 * which inih never reports for a section without keys. */
static char *reader(char *str, int num, void *stream)
{
	struct load_ctx *c = stream;
	ssize_t n;
	const char *p;

	if (c->failed || c->read_errno)
		return NULL; /* the first error is the one reported */
	if (!c->buf && !(c->buf = malloc((size_t)num + 1))) {
		c->read_errno = ENOMEM;
		return NULL;
	}
	n = read_line(c, num);
	if (n <= 0)
		return NULL;
	p = c->buf;
	if (c->line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	p += strspn(p, " \t");
	if (*p == '[') {
		const char *end = strchr(p, ']');
		if (end) {
			char name[64];
			size_t len = (size_t)(end - p - 1);
			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, p + 1, len);
			name[len] = '\0';
			if (!name[0]) {
				fail(c, c->line, _("empty section name (expected e.g. [sitting])"));
				return NULL;
			}
			if (!budge_config_section_known(name)) {
				struct budge_config_error e = {0};
				budge_config_set(&c->cfg, name, "?", "", &e);
				fail(c, c->line, "%s", e.message);
				return NULL;
			}
		}
	}
	memcpy(str, c->buf, (size_t)n + 1);
	return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *c = user;
	struct budge_config_error e = {0};
	int idx;

	if (c->failed)
		return 1;
	if (!name[0]) {
		fail(c, c->line, "no key name before '=' (expected 'key = value')");
		return 1;
	}
	idx = key_index(section, name);
	if (idx >= 0 && c->set_line[idx]) {
		fail(c, c->line,
		     _("[%s] %s is set twice (first on line %d; a line starting with a blank "
		     "continues the previous value)"),
		     section, name, c->set_line[idx]);
		return 1;
	}
	if (budge_config_set(&c->cfg, section, name, value, &e) < 0) {
		fail(c, c->line, "%s", e.message);
		return 1;
	}
	if (idx >= 0)
		c->set_line[idx] = c->line;
	/* Always 1: errors are tracked here, so inih's own return value
	 * only reports syntax errors. */
	return 1;
}

int budge_config_load_stream(FILE *f, const char *name, struct budge_config *out,
                             struct budge_config_error *err)
{
	struct load_ctx *c;
	int r, rc = 0;

	c = calloc(1, sizeof(*c));
	if (!c) {
		if (err) {
			memset(err, 0, sizeof(*err));
			snprintf(err->message, sizeof(err->message), _("out of memory"));
		}
		return -ENOMEM;
	}
	c->f = f;
	budge_config_defaults(&c->cfg);
	copy_str(c->err.path, sizeof(c->err.path), name ? name : "");

	r = ini_parse_stream(reader, c, handler, c);
	if (c->read_errno) {
		c->err.line = 0;
		snprintf(c->err.message, sizeof(c->err.message), _("cannot read the file: %s"),
		         strerror(c->read_errno));
		rc = -c->read_errno;
		goto out;
	}
	if (r == -2) {
		snprintf(c->err.message, sizeof(c->err.message), _("out of memory"));
		rc = -ENOMEM;
		goto out;
	}
	if (r > 0 && (!c->failed || r < c->err.line)) {
		c->failed = false;
		fail(c, r,
		     "syntax error (expected '[section]', 'key = value' or a comment "
		     "starting with '#' or ';')");
	}
	if (c->failed) {
		rc = -EINVAL;
		goto out;
	}
	if (budge_config_validate(&c->cfg, &c->err) < 0) {
		int i1 = key_index(c->err.section, c->err.key);
		int i2 = key_index(c->err.section2, c->err.key2);
		c->err.line = 0;
		if (i1 >= 0 && c->set_line[i1])
			c->err.line = c->set_line[i1];
		else if (i2 >= 0 && c->set_line[i2])
			c->err.line = c->set_line[i2];
		rc = -EINVAL;
		goto out;
	}
	*out = c->cfg; /* the swap */
out:
	if (rc < 0 && err)
		*err = c->err;
	free(c->buf);
	free(c);
	return rc;
}

int budge_config_default_path(char *buf, size_t len)
{
	return budge_path_config(buf, len, "config");
}

/* Not an errno value: open_regular's "the path is no regular file". */
#define EFTYPE_NOT_REGULAR 10000

/* What a path that is no regular file is, for the message. */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "is a directory" : S_ISFIFO(m) ? "is a FIFO" : S_ISSOCK(m) ? "is a socket"
	       : S_ISCHR(m) || S_ISBLK(m)            ? "is a device"
	                                             : "is not a regular file";
}

/* path opened for reading if it is a regular file. Opened non-blocking
 * first, so that a FIFO does not block the open, and checked with fstat
 * before a byte is read. NULL with *r = -errno, or -EFTYPE_NOT_REGULAR and
 * *mode the file's type. */
static FILE *open_regular(const char *path, int *r, mode_t *mode)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	FILE *f;

	if (fd < 0) {
		*r = -errno;
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		*r = -errno;
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*r = -EFTYPE_NOT_REGULAR;
		*mode = st.st_mode;
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!(f = fdopen(fd, "r"))) {
		*r = -errno;
		close(fd);
	}
	return f;
}

int budge_config_load(const char *path, struct budge_config *out, struct budge_config_error *err)
{
	char def[4096];
	mode_t mode = 0;
	FILE *f;
	int r;

	if (err)
		memset(err, 0, sizeof(*err));
	if (!path) {
		r = budge_config_default_path(def, sizeof(def));
		if (r < 0) {
			if (err)
				snprintf(err->message, sizeof(err->message),
				         r == -ENOENT ? "cannot find the config directory: neither "
				                        "XDG_CONFIG_HOME nor HOME is set"
				                      : "the config path is too long");
			return r;
		}
	}
	f = open_regular(path ? path : def, &r, &mode);
	if (!f) {
		if (!path && r == -ENOENT) {
			budge_config_defaults(out);
			return 0;
		}
		if (err) {
			copy_str(err->path, sizeof(err->path), path ? path : def);
			if (r == -EFTYPE_NOT_REGULAR)
				snprintf(err->message, sizeof(err->message),
				         _("%s (expected a config file, a regular file)"),
				         file_kind(mode));
			else
				snprintf(err->message, sizeof(err->message),
				         _("cannot open the file: %s"), strerror(-r));
		}
		return r != -EFTYPE_NOT_REGULAR ? r : S_ISDIR(mode) ? -EISDIR : -EINVAL;
	}
	r = budge_config_load_stream(f, path ? path : def, out, err);
	fclose(f);
	return r;
}

int budge_config_error_format(const struct budge_config_error *err, char *buf, size_t len)
{
	if (err->path[0] && err->line > 0)
		return snprintf(buf, len, "%s:%d: %s", err->path, err->line, err->message);
	if (err->path[0])
		return snprintf(buf, len, "%s: %s", err->path, err->message);
	return snprintf(buf, len, "%s", err->message);
}

void budge_config_error_print(FILE *f, const struct budge_config_error *err)
{
	char buf[640];

	budge_config_error_format(err, buf, sizeof(buf));
	fprintf(f, "%s\n", buf);
}
