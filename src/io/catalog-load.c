/* SPDX-License-Identifier: MIT */
#include "catalog-load.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budge/i18n.h"
#include "builtin-data.h"
#include "log.h"
#include "paths.h"

/* Wraps the caller's diag to count problems and to log when there is none. */
struct counter {
	budge_catalog_diag_fn diag;
	void *userdata;
	int problems;
};

static void count_diag(const struct budge_catalog_diag *d, void *userdata)
{
	struct counter *c = userdata;

	c->problems++;
	if (c->diag)
		c->diag(d, c->userdata);
	else
		log_warn("%s: %s", d->where, d->message);
}

__attribute__((format(printf, 3, 4))) static void file_problem(struct counter *c, const char *path,
                                                               const char *fmt, ...)
{
	struct budge_catalog_diag d;
	va_list ap;

	snprintf(d.where, sizeof(d.where), "%s", path);
	va_start(ap, fmt);
	vsnprintf(d.message, sizeof(d.message), fmt, ap);
	va_end(ap);
	count_diag(&d, c);
}

static int add_text(struct budge_catalog *cat, const char *name, const char *text,
                    struct counter *c)
{
	int r = budge_catalog_add_text(cat, name, text, count_diag, c);

	return r < 0 ? r : 0;
}

/* Where a file's text goes: the catalog or the checklist. */
struct sink {
	int (*add)(const struct sink *s, const char *name, const char *text, struct counter *c);
	struct budge_catalog *cat;      /* the catalog filled, or the one checked against */
	struct budge_checklist *cl;     /* NULL for the catalog */
};

static int add_movements(const struct sink *s, const char *name, const char *text,
			 struct counter *c)
{
	return add_text(s->cat, name, text, c);
}

static int add_checklist(const struct sink *s, const char *name, const char *text,
			 struct counter *c)
{
	int r = budge_checklist_add_text(s->cl, name, text, s->cat, count_diag, c);

	return r < 0 ? r : 0;
}

static const char *builtin_tr(const char *text, void *userdata)
{
	return gettext(text);
}

/* The built-in movements, in the user's language (po/: their texts are in
 * the template); drop-ins added later stay as their authors wrote them. */
static int load_builtin(struct budge_catalog *cat, struct counter *c)
{
	char name[300];

	for (size_t i = 0; i < budge_builtin_movements_count; i++) {
		snprintf(name, sizeof(name), "builtin/%s", budge_builtin_movements[i].name);
		int r = add_text(cat, name, budge_builtin_movements[i].text, c);
		if (r < 0)
			return r;
	}
	return budge_catalog_translate(cat, builtin_tr, NULL);
}

int budge_catalog_load_builtin(struct budge_catalog *cat, budge_catalog_diag_fn diag,
                               void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	int r = load_builtin(cat, &c);

	return r < 0 ? r : c.problems;
}

/* Read a whole regular file into a NUL-terminated buffer (owned by the
 * caller). Problems are reported; returns 0 (read), 1 (skipped) or -ENOMEM. */
static int read_file(const char *path, char **out, struct counter *c)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;
	int r = 1;

	*out = NULL;
	if (!f) {
		file_problem(c, path, _("cannot open: %s; expected a readable movement file"),
		             strerror(errno));
		return 1;
	}
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
		file_problem(c, path, _("not a regular file; expected a movement file"));
		goto out;
	}
	if (st.st_size > BUDGE_CATALOG_FILE_MAX) {
		file_problem(c, path, _("file is %lld bytes; expected at most %d"),
		             (long long)st.st_size, BUDGE_CATALOG_FILE_MAX);
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		file_problem(c, path, _("read error: %s"), strerror(errno));
		goto out;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		file_problem(c, path, _("contains a NUL byte; expected a text file"));
		goto out;
	}
	*out = buf;
	buf = NULL;
	r = 0;
out:
	free(buf);
	fclose(f);
	return r;
}

static int load_file(const struct sink *sk, const char *path, struct counter *c)
{
	char *text;
	int r = read_file(path, &text, c);

	if (r != 0)
		return r < 0 ? r : 0;
	r = sk->add(sk, path, text, c);
	free(text);
	return r;
}

int budge_catalog_load_file(struct budge_catalog *cat, const char *path, budge_catalog_diag_fn diag,
                            void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	struct sink sk = {.add = add_movements, .cat = cat};
	int r = load_file(&sk, path, &c);

	return r < 0 ? r : c.problems;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_ini(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".ini") == 0;
}

static int load_dir(const struct sink *sk, const char *dir, struct counter *c)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int r = 0;

	if (!d) {
		if (errno != ENOENT)
			file_problem(c, dir, _("cannot open the directory: %s"), strerror(errno));
		return 0;
	}
	while ((de = readdir(d))) {
		if (!is_ini(de->d_name))
			continue;
		char **nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn) {
			r = -ENOMEM;
			goto out;
		}
		names = nn;
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n && r >= 0; i++) {
		char path[4096];
		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path)) {
			file_problem(c, names[i], _("path too long"));
			continue;
		}
		r = load_file(sk, path, c);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return r;
}

int budge_catalog_load_dir(struct budge_catalog *cat, const char *dir, budge_catalog_diag_fn diag,
                           void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	struct sink sk = {.add = add_movements, .cat = cat};
	int r = load_dir(&sk, dir, &c);

	return r < 0 ? r : c.problems;
}

/* The user's drop-in directory `sub` of the config directory. */
static int load_dropins(const struct sink *sk, const char *sub, struct counter *c)
{
	char dir[4096];
	int r = budge_path_config(dir, sizeof(dir), sub);

	if (r == -ENOENT)
		return 0; /* no HOME and no XDG_CONFIG_HOME: built-ins only */
	if (r < 0) {
		file_problem(c, sub, _("cannot build the drop-in path: %s"), strerror(-r));
		return 0;
	}
	return load_dir(sk, dir, c);
}

int budge_catalog_load(struct budge_catalog *cat, budge_catalog_diag_fn diag, void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	struct sink sk = {.add = add_movements, .cat = cat};
	int r = load_builtin(cat, &c);

	if (r >= 0)
		r = load_dropins(&sk, BUDGE_CATALOG_DROPIN_DIR, &c);
	return r < 0 ? r : c.problems;
}

/* ---- the checklist ---- */

int budge_checklist_load_builtin(struct budge_checklist *cl, const struct budge_catalog *cat,
				 budge_catalog_diag_fn diag, void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	char name[300];

	for (size_t i = 0; i < budge_builtin_checklist_count; i++) {
		snprintf(name, sizeof(name), "builtin/%s", budge_builtin_checklist[i].name);
		int r = budge_checklist_add_text(cl, name, budge_builtin_checklist[i].text, cat,
						 count_diag, &c);
		if (r < 0)
			return r;
	}
	int r = budge_checklist_translate(cl, builtin_tr, NULL);
	return r < 0 ? r : c.problems;
}

int budge_checklist_load_file(struct budge_checklist *cl, const struct budge_catalog *cat,
			      const char *path, budge_catalog_diag_fn diag, void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	struct sink sk = {.add = add_checklist, .cat = (struct budge_catalog *)cat, .cl = cl};
	int r = load_file(&sk, path, &c);

	return r < 0 ? r : c.problems;
}

int budge_checklist_load(struct budge_checklist *cl, const struct budge_catalog *cat,
			 budge_catalog_diag_fn diag, void *userdata)
{
	struct counter c = {.diag = diag, .userdata = userdata};
	struct sink sk = {.add = add_checklist, .cat = (struct budge_catalog *)cat, .cl = cl};
	int r = budge_checklist_load_builtin(cl, cat, diag, userdata);

	if (r < 0)
		return r;
	c.problems = r;
	r = load_dropins(&sk, BUDGE_CHECKLIST_DROPIN_DIR, &c);
	return r < 0 ? r : c.problems;
}
