/* SPDX-License-Identifier: MIT */
/*
 * The alsa calls backend's one look, for machines without PipeWire:
 *   ROOT/asound/cardN/pcmMc/subK/status   "state: RUNNING": a capture runs;
 *   ROOT/PID/fd/N                         a link to /dev/videoN: a camera is
 *                                         held open (only the user's own
 *                                         processes can be read).
 * Only the state line and the link targets are read: never a process's
 * name, command line or anything it reads.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "calls.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Does dir's entry name start with prefix (and is it more than that)? */
static bool named(const struct dirent *e, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(e->d_name, prefix, n) == 0 && e->d_name[n];
}

static bool substream_running(const char *path)
{
	char line[128];
	FILE *f = fopen(path, "re");
	bool running = false;

	if (!f)
		return false;
	/* "state: RUNNING" (or "closed" for a substream nobody opened) */
	while (!running && fgets(line, sizeof(line), f))
		running = strncmp(line, "state:", 6) == 0 && strstr(line + 6, "RUNNING");
	fclose(f);
	return running;
}

/* Each ROOT/asound/cardN/pcmMc/subK/status. */
static void scan_alsa(const char *root, struct budge_calls_scan *out)
{
	char dir[4096], sub[4096 + 300];
	DIR *asound, *card, *pcm;
	struct dirent *c, *p, *s;

	snprintf(dir, sizeof(dir), "%s/asound", root);
	if (!(asound = opendir(dir)))
		return;
	while ((c = readdir(asound))) {
		if (!named(c, "card"))
			continue;
		snprintf(dir, sizeof(dir), "%s/asound/%s", root, c->d_name);
		if (!(card = opendir(dir)))
			continue;
		while ((p = readdir(card))) {
			size_t n = strlen(p->d_name);
			if (!named(p, "pcm") || p->d_name[n - 1] != 'c')
				continue; /* pcmNp is playback */
			snprintf(sub, sizeof(sub), "%s/%s", dir, p->d_name);
			if (!(pcm = opendir(sub)))
				continue;
			while ((s = readdir(pcm))) {
				char st[4096 + 600];
				if (!named(s, "sub"))
					continue;
				snprintf(st, sizeof(st), "%s/%s/status", sub, s->d_name);
				out->capture_running += substream_running(st);
			}
			closedir(pcm);
		}
		closedir(card);
	}
	closedir(asound);
}

/* The links in ROOT/PID/fd that point at a /dev/video* device. */
static void scan_fds(const char *root, const char *pid, struct budge_calls_scan *out)
{
	char dir[4096], link[4096 + 300], target[64];
	struct dirent *e;
	DIR *fds;

	snprintf(dir, sizeof(dir), "%s/%s/fd", root, pid);
	if (!(fds = opendir(dir)))
		return; /* another user's process, or gone */
	while ((e = readdir(fds))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		out->fds_seen++;
		if (n <= 0)
			continue;
		target[n] = '\0';
		out->video_open += strncmp(target, "/dev/video", 10) == 0;
	}
	closedir(fds);
}

void budge_calls_proc_scan(const char *root, struct budge_calls_scan *out)
{
	struct dirent *e;
	DIR *procs;

	memset(out, 0, sizeof(*out));
	scan_alsa(root, out);
	if (!(procs = opendir(root)))
		return;
	while ((e = readdir(procs)) && !out->video_open)
		if (all_digits(e->d_name))
			scan_fds(root, e->d_name, out);
	closedir(procs);
}
