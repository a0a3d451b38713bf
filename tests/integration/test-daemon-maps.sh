#!/bin/sh
# SPDX-License-Identifier: MIT
# The coach's footprint: `budge run` must not map the wearable-file
# libraries (libzip, and through it libcrypto and libbz2; zlib). They are
# loaded with dlopen() by `budge analyze`/`import` only (see BENCHMARKS.md,
# "Daemon footprint"). Also checks that its peak RSS stays under a loose
# ceiling, so that a new link dependency of a few MB shows up here.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
[ -r /proc/self/maps ] || { echo "SKIP: no /proc"; exit 77; }

T=$(mktemp -d)
DPID= BPID=
cleanup() {
	[ -n "$BPID" ] && kill "$BPID" 2>/dev/null
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
printf '[general]\nwork_hours = always\n' >"$XDG_CONFIG_HOME/budge/config"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

"$BUDGE" run --idle none --no-notify >"$T/out" 2>"$T/err" &
BPID=$!
i=0
until grep -q "coach started" "$T/err"; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$BPID" 2>/dev/null; then
		echo "FAIL: the coach did not start (after $i tries):"; cat "$T/err"; exit 1
	fi
	sleep 0.1
done
"$BUDGE" status >/dev/null 2>&1 || fail "budge status against the running coach"

cp "/proc/$BPID/maps" "$T/maps"
grep -q "libsqlite3" "$T/maps" && ok "the maps are the coach's (libsqlite3 is there)" \
	|| fail "libsqlite3 not in the coach's maps: wrong process?"
for lib in libzip libcrypto libbz2 libz.so; do
	if grep -q "/$lib" "$T/maps"; then
		fail "the coach maps $lib: $(grep "/$lib" "$T/maps" | awk '{ print $6 }' | sort -u)"
	else
		ok "the coach does not map $lib"
	fi
done

# A loose ceiling (today ~6.5 MB; 8 MB when libzip was linked). The
# sanitizers' runtimes and shadow memory make it meaningless there.
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$BPID/status")
if grep -q "libasan\|libubsan\|vgpreload" "$T/maps"; then
	ok "peak RSS $hwm kB (not checked under the sanitizers)"
elif [ "${hwm:-0}" -gt 0 ] && [ "$hwm" -le 12288 ]; then
	ok "peak RSS $hwm kB (ceiling 12 MB)"
else
	fail "peak RSS ${hwm:-?} kB, over the 12 MB ceiling"
fi

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all ok"
