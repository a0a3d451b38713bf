/* SPDX-License-Identifier: MIT */
/* One coach per database: a flock on DB.lock (coach-lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "coach-lock.h"

static pid_t read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	long v = strtol(buf, NULL, 10);
	return v > 0 ? (pid_t)v : 0;
}

int budge_coach_lock(const char *db_path, pid_t *holder)
{
	char path[4200], pid[32];
	int fd, n;

	*holder = 0;
	if (snprintf(path, sizeof(path), "%s.lock", db_path) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EROFS) {
		/* a read-only file system: an existing lock file still locks
		 * (flock needs no write); without one, -EROFS */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			return errno == ENOENT ? -EROFS : -errno;
	}
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;
		*holder = read_pid(fd);
		close(fd);
		return e;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	/* the pid is only for the message: the lock holds without it */
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		pid[0] = '\0';
	return fd;
}
