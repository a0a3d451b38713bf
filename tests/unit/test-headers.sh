#!/bin/sh
# The pure libraries (src/core, src/accel, include/budge) must not include
# I/O, event-loop, X11 (Xlib or xcb), Wayland, systemd or SQLite headers.
# This scans every #include line of their .c/.h files. It first checks the scanner itself on
# a temporary tree with known violations, so a broken pattern cannot pass.
#   test-headers.sh [SOURCE_ROOT]
set -u

root=${1:-${BUDGE_SOURCE_ROOT:-$(dirname "$0")/../..}}

# Extended regex for the header name between <> or "".
banned='unistd\.h|poll\.h|sys/timerfd\.h|sys/epoll\.h|sys/socket\.h|fcntl\.h|dirent\.h|X11/.*|xcb/.*|wayland-.*|systemd/sd-.*|sqlite3\.h'

# scan DIR...: print "file:line: #include ..." for every banned include;
# exit 1 if any, 0 if none. Prints the number of files scanned to fd 3.
scan() {
	files=$(find "$@" -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
	n=0
	bad=0
	for f in $files; do
		n=$((n + 1))
		if grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($banned)[>\"]" "$f" \
			>"$tmp/hits" 2>/dev/null; then
			sed "s|^|$f:|" "$tmp/hits"
			bad=1
		fi
	done
	echo "$n" >&3
	return $bad
}

# --- self-test of the scanner ---
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/clean" "$tmp/dirty/sub"
cat >"$tmp/clean/ok.c" <<'C'
#include <stdio.h>
#include "budge/config.h"
/* #include <unistd.h> in a comment is fine */
// see sqlite3.h
#include <myunistd.h>
C
printf '#include <stdint.h>\n#include <unistd.h>\n' >"$tmp/dirty/a.c"
printf '  #  include "sqlite3.h"\n' >"$tmp/dirty/b.h"
printf '#include <X11/extensions/sync.h>\n' >"$tmp/dirty/sub/c.c"
printf '#include <wayland-client.h>\n#include <systemd/sd-event.h>\n' >"$tmp/dirty/sub/d.h"
printf '#include <poll.h>\n#include <sys/timerfd.h>\n' >"$tmp/dirty/e.c"
printf '#include <xcb/sync.h>\n' >"$tmp/dirty/f.c"
printf '#include <unistd.h>\n' >"$tmp/dirty/not-source.txt"

fail=0
if ! scan "$tmp/clean" 3>/dev/null >"$tmp/out"; then
	echo "self-test: the scanner flagged a clean file:"; cat "$tmp/out"; fail=1
fi
if scan "$tmp/dirty" 3>/dev/null >"$tmp/out"; then
	echo "self-test: the scanner missed every violation"; fail=1
fi
for want in 'a.c:2:' 'b.h:1:' 'c.c:1:' 'd.h:1:' 'd.h:2:' 'e.c:1:' 'e.c:2:' 'f.c:1:'; do
	grep -q "$want" "$tmp/out" || { echo "self-test: missed $want"; fail=1; }
done
if grep -q 'not-source' "$tmp/out" || grep -q 'a.c:1:' "$tmp/out"; then
	echo "self-test: flagged a line it should not have"; fail=1
fi
[ "$fail" = 0 ] || exit 1

# --- the real scan ---
for d in src/core src/accel include/budge; do
	[ -d "$root/$d" ] || { echo "missing directory $root/$d"; exit 1; }
done
scan "$root/src/core" "$root/src/accel" "$root/include/budge" 3>"$tmp/count" >"$tmp/out"
rc=$?
count=$(cat "$tmp/count")
if [ "$count" -lt 5 ]; then
	echo "only $count files scanned under $root: wrong source root?"
	exit 1
fi
if [ $rc -ne 0 ]; then
	echo "The pure libraries (core, accel) must not include these headers:"
	cat "$tmp/out"
	exit 1
fi
echo "ok: $count files, no banned includes"
exit 0
