/* SPDX-License-Identifier: MIT */
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int xdg_path(char *buf, size_t len, const char *var, const char *fallback,
		    const char *name)
{
	const char *base = getenv(var);
	int n;

	if (base && base[0] == '/') {
		n = snprintf(buf, len, "%s/budge%s%s", base, name ? "/" : "", name ? name : "");
	} else {
		const char *home = getenv("HOME");
		if (!home || !home[0])
			return -ENOENT;
		n = snprintf(buf, len, "%s/%s/budge%s%s", home, fallback, name ? "/" : "",
			     name ? name : "");
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int budge_path_config(char *buf, size_t len, const char *name)
{
	return xdg_path(buf, len, "XDG_CONFIG_HOME", ".config", name);
}

int budge_path_data(char *buf, size_t len, const char *name)
{
	return xdg_path(buf, len, "XDG_DATA_HOME", ".local/share", name);
}

int budge_mkdir_p(const char *path, unsigned mode)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, n + 1);
	while (n > 1 && tmp[n - 1] == '/')
		tmp[--n] = '\0';
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, (mode_t)mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}
