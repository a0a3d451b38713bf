/* SPDX-License-Identifier: MIT */
#ifndef BUDGE_IO_COACH_LOCK_H
#define BUDGE_IO_COACH_LOCK_H

#include <sys/types.h>

/*
 * One coach per database, with or without a session bus: an exclusive
 * flock(2) on DB.lock next to the database, held for the coach's lifetime
 * (the kernel drops it when the process ends, however it ends). The file
 * holds the holder's pid, for the message.
 */

/* Take the lock for the database at db_path. Returns the lock's fd (keep
 * it open; close it to let go), -EWOULDBLOCK when another process holds it
 * (*holder = its pid, 0 if unknown), -EROFS on a read-only file system
 * without a lock file (an existing one is locked read-only), or another
 * negative errno. */
int budge_coach_lock(const char *db_path, pid_t *holder);

#endif
