#!/bin/sh
# SPDX-License-Identifier: MIT
# The coach's footprint: `budge run` must not map the wearable-file
# libraries (libzip, and through it libcrypto and libbz2; zlib). They are
# loaded with dlopen() by `budge analyze`/`import` only (see BENCHMARKS.md,
# "Daemon footprint"). On X11 (a private Xvfb, when installed) it must not
# map Xlib either (libX11, libXext): the x11 idle backend speaks the SYNC
# extension over plain xcb. Also checks that its peak RSS stays under a
# loose ceiling, so that a new link dependency of a few MB shows up here.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
[ -r /proc/self/maps ] || { echo "SKIP: no /proc"; exit 77; }

DPID= BPID= XPID=
PIDS_TO_KILL="BPID DPID XPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
printf '[general]\nwork_hours = always\n' >"$XDG_CONFIG_HOME/budge/config"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

# A private X server when there is one: the coach then runs its x11 idle
# backend, as on an X11 desktop. -displayfd: the server picks a free
# number and writes it once it accepts connections.
IDLE=none
if ! "$BUDGE" run --help | grep -q "^Idle sources built in:.* x11"; then
	unset DISPLAY
	echo "note: built without the x11 idle backend (-Dx11=disabled)"
else
	. "$BUDGE_SOURCE_ROOT/tests/lib/xvfb.sh"
	private_xvfb 640x480x24
	IDLE=x11
fi

"$BUDGE" run --idle $IDLE --no-notify >"$T/out" 2>"$T/err" &
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
# (not libsqlite3: it may be linked statically, -Dstatic_sqlite)
exe=$(readlink -f "$BUDGE")
grep -qF " $exe" "$T/maps" && ok "the maps are the coach's ($exe is there)" \
	|| fail "$exe not in the coach's maps: wrong process?"
if [ $IDLE = x11 ]; then
	b=$("$BUDGE" status --json 2>/dev/null | sed -n 's/.*"idle_backend":"\([^"]*\)".*/\1/p')
	[ "$b" = x11 ] && ok "the coach runs the x11 idle backend" || fail "idle backend '$b', expected x11"
	grep -q "/libxcb-sync" "$T/maps" && ok "the coach maps libxcb-sync (the x11 backend's)" \
		|| fail "libxcb-sync not in the maps of a coach on X11"
fi
# Xlib: libX11.so / libX11-xcb.so, libXext.so; libical (no [meetings] calendar);
# libpipewire (only the calls watcher child loads it)
for lib in libzip libcrypto libbz2 libz.so libX11 libXext libical libpipewire; do
	if grep -q "/$lib" "$T/maps"; then
		fail "the coach maps $lib: $(grep "/$lib" "$T/maps" | awk '{ print $6 }' | sort -u)"
	else
		ok "the coach does not map $lib"
	fi
done

# A loose ceiling (today ~5.9 MB; 6.4 MB with Xlib, 8 MB with libzip). The
# sanitizers' runtimes and shadow memory make it meaningless there.
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$BPID/status")
if grep -q "libasan\|libubsan\|vgpreload" "$T/maps"; then
	ok "peak RSS $hwm kB (not checked under the sanitizers)"
elif [ "${hwm:-0}" -gt 0 ] && [ "$hwm" -le 12288 ]; then
	ok "peak RSS $hwm kB (ceiling 12 MB)"
else
	fail "peak RSS ${hwm:-?} kB, over the 12 MB ceiling"
fi

# With a [meetings] calendar the files are read by a short-lived child
# process that loads libical (dlopen; it pulls in ICU and libstdc++, ~6 MB):
# the coach itself still maps none of them, and stays under the ceiling.
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//budge//maps test//EN\nEND:VCALENDAR\n' >"$T/cal.ics"
printf '[general]\nwork_hours = always\n[meetings]\ncalendar = %s\n' "$T/cal.ics" \
	>"$XDG_CONFIG_HOME/budge/config"
"$BUDGE" run --idle none --no-notify >"$T/out" 2>"$T/err" &
BPID=$!
i=0
until grep -q "calendar: .* meeting(s)\|needs libical" "$T/err"; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$BPID" 2>/dev/null; then
		echo "FAIL: the coach with a calendar did not start:"; cat "$T/err"; exit 1
	fi
	sleep 0.1
done
if grep -q "needs libical" "$T/err"; then
	ok "libical3 is not installed: the calendar is off ($(grep -m1 "needs libical" "$T/err"))"
else
	ok "the calendar was read: $(grep -m1 "calendar: .* meeting(s)" "$T/err")"
fi
cp "/proc/$BPID/maps" "$T/maps"
# (the sanitizers' runtime links libstdc++ itself)
libs="libical libicu libstdc++"
grep -q "libasan\|libubsan" "$T/maps" && libs="libical libicu"
for lib in $libs; do
	if grep -q "/$lib" "$T/maps"; then
		fail "with a calendar the coach maps $lib: $(grep "/$lib" "$T/maps" | awk '{ print $6 }' | sort -u)"
	else
		ok "with a calendar the coach does not map $lib"
	fi
done
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$BPID/status")
if grep -q "libasan\|libubsan\|vgpreload" "$T/maps"; then
	ok "peak RSS with a calendar $hwm kB (not checked under the sanitizers)"
elif [ "${hwm:-0}" -gt 0 ] && [ "$hwm" -le 12288 ]; then
	ok "peak RSS with a calendar $hwm kB (ceiling 12 MB)"
else
	fail "peak RSS with a calendar ${hwm:-?} kB, over the 12 MB ceiling"
fi

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all ok"
