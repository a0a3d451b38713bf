#!/bin/sh
# SPDX-License-Identifier: MIT
# Daemon footprint: budge, Workrave and Safe Eyes side by side in one Xvfb
# session (private session bus, dunst as the notification server) under
# the same scripted activity, for DURATION seconds (default 600). Reports,
# per program: peak RSS (VmHWM, summed over its processes), CPU seconds
# (utime+stime of every process, all threads) and voluntary context
# switches (all threads of every process), both per hour of wall time.
#
# A fourth row, "floor", is bench/daemon-floor (built next to budge): the
# coach's libraries doing the least the coach must do (sd-event, sd-bus,
# SQLite in WAL mode, xcb-sync idle alarms) and nothing else; budge's own
# share of the memory is the difference to it.
#
# Usage: bench/daemon-footprint.sh BUDGE_BINARY [DURATION_S]
#   FLOOR=PATH overrides the floor program (default: BUILD/bench/daemon-floor
#   for BUDGE_BINARY = BUILD/src/cli/budge; the row is left out if missing).
# Installs the peers (Debian packages workrave, safeeyes) when missing.
set -u
BUDGE=${1:?usage: daemon-footprint.sh BUDGE_BINARY [DURATION_S]}
DURATION=${2:-600}
WARMUP=30 # seconds of start-up left out of the CPU and wakeup counts

if ! command -v workrave >/dev/null || ! command -v safeeyes >/dev/null; then
	echo "installing the peers (workrave, safeeyes)..." >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		workrave safeeyes >/dev/null || exit 1
fi
for p in Xvfb xdotool dbus-daemon dunst; do
	command -v $p >/dev/null || { echo "$p is needed" >&2; exit 1; }
done

T=$(mktemp -d)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

N=70
while [ -e /tmp/.X$N-lock ] || [ -e /tmp/.X11-unix/X$N ]; do N=$((N + 1)); done
Xvfb :$N -nolisten tcp -screen 0 1280x800x24 >/dev/null 2>&1 &
PIDS="$PIDS $!"
export DISPLAY=:$N
until xdotool getmouselocation >/dev/null 2>&1; do sleep 0.1; done
dbus-daemon --session --nofork --nopidfile --print-address=3 3>"$T/bus" >/dev/null 2>&1 &
PIDS="$PIDS $!"
until [ -s "$T/bus" ]; do sleep 0.1; done
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$T/bus")
export DBUS_SESSION_BUS_ADDRESS
dunst >/dev/null 2>&1 &
PIDS="$PIDS $!"

# Every program gets its own fresh HOME (first-run state, default settings).
export XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
start() { # start NAME CMD...: run CMD with HOME=$T/NAME
	name=$1; shift
	mkdir -p "$T/$name/.config/budge"
	HOME="$T/$name" XDG_CONFIG_HOME="$T/$name/.config" XDG_DATA_HOME="$T/$name/.local/share" \
		"$@" >"$T/$name.log" 2>&1 &
	echo $! >"$T/$name.pid"
	PIDS="$PIDS $!"
}
# budge: the defaults, coaching at any hour (the bench may run at night).
printf '[general]\nwork_hours = always\n' >"$T/budge-cfg"
mkdir -p "$T/budge/.config/budge" && cp "$T/budge-cfg" "$T/budge/.config/budge/config"
start budge "$BUDGE" run
start workrave workrave
start safeeyes safeeyes
FLOOR=${FLOOR:-$(dirname "$BUDGE")/../../bench/daemon-floor}
NAMES="budge workrave safeeyes"
if [ -x "$FLOOR" ]; then
	mkdir -p "$T/floor"
	start floor "$FLOOR" "$T/floor/floor.db"
	NAMES="$NAMES floor"
else
	echo "no floor program at $FLOOR: its row is left out" >&2
fi
sleep 2

# Scripted activity, the same for all: 4 min of input (a pointer move every
# 2 s, a key every 10 s), then 1 min without input, repeated.
(
	t=0
	while :; do
		phase=$((t % 300))
		if [ $phase -lt 240 ]; then
			xdotool mousemove $((200 + t % 600)) $((200 + t % 300)) 2>/dev/null
			[ $((t % 10)) = 0 ] && xdotool key shift 2>/dev/null
		fi
		sleep 2
		t=$((t + 2))
	done
) &
PIDS="$PIDS $!"

tree() { # pids of $1 and its descendants
	echo "$1"
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done
}
cpu_ticks() { # utime+stime of the process tree, clock ticks (from stat)
	s=0
	for p in $(tree "$1"); do
		v=$(awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null) && s=$((s + ${v:-0}))
	done
	echo $s
}
cpu_ns() { # time on CPU of every thread of the tree, ns (from schedstat:
	# finer than the 10 ms ticks of stat, which a quiet daemon never reaches)
	s=0
	for p in $(tree "$1"); do
		v=$(cat /proc/"$p"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }')
		s=$((s + ${v:-0}))
	done
	echo $s
}
pss_kb() { # sum of Pss (shared pages divided among their users) of the tree
	s=0
	for p in $(tree "$1"); do
		v=$(awk '/^Pss:/ { print $2 }' /proc/"$p"/smaps_rollup 2>/dev/null) && s=$((s + ${v:-0}))
	done
	echo $s
}
vcsw() { # voluntary context switches, all threads of the tree
	s=0
	for p in $(tree "$1"); do
		v=$(cat /proc/"$p"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }')
		s=$((s + v))
	done
	echo $s
}
rss_kb() { # sum of VmRSS of the tree
	s=0
	for p in $(tree "$1"); do
		v=$(awk '/^VmRSS/ { print $2 }' /proc/"$p"/status 2>/dev/null) && s=$((s + ${v:-0}))
	done
	echo $s
}
hwm_kb() { # sum of VmHWM (per-process peak) of the tree
	s=0
	for p in $(tree "$1"); do
		v=$(awk '/^VmHWM/ { print $2 }' /proc/"$p"/status 2>/dev/null) && s=$((s + ${v:-0}))
	done
	echo $s
}

sleep $WARMUP
for n in $NAMES; do
	pid=$(cat "$T/$n.pid")
	kill -0 "$pid" 2>/dev/null || { echo "$n did not stay up:" >&2; cat "$T/$n.log" >&2; exit 1; }
	echo "$(cpu_ticks $pid) $(vcsw $pid) $(cpu_ns $pid)" >"$T/$n.start"
	echo 0 >"$T/$n.peak"
	echo 0 >"$T/$n.pss"
done
start_s=$(date +%s)
while [ $(( $(date +%s) - start_s )) -lt "$DURATION" ]; do
	for n in $NAMES; do
		pid=$(cat "$T/$n.pid")
		r=$(rss_kb "$pid"); h=$(hwm_kb "$pid")
		[ "$h" -gt "$r" ] && r=$h
		[ "$r" -gt "$(cat "$T/$n.peak")" ] && echo "$r" >"$T/$n.peak"
		q=$(pss_kb "$pid")
		[ "$q" -gt "$(cat "$T/$n.pss")" ] && echo "$q" >"$T/$n.pss"
	done
	sleep 10
done
elapsed=$(( $(date +%s) - start_s ))
hz=$(getconf CLK_TCK)

echo "Ran ${elapsed} s (after a ${WARMUP} s warm-up) in one Xvfb session, same scripted input."
echo
echo "| program | version | peak RSS (MB) | peak PSS (MB) | CPU s / hour | CPU s / hour (ticks) | voluntary ctx switches / hour |"
echo "|---|---|---:|---:|---:|---:|---:|"
for n in $NAMES; do
	pid=$(cat "$T/$n.pid")
	set -- $(cat "$T/$n.start")
	c0=$1 v0=$2 n0=$3
	c1=$(cpu_ticks "$pid"); v1=$(vcsw "$pid"); n1=$(cpu_ns "$pid")
	case $n in
	budge) ver=$("$BUDGE" --version | awk '{ print $2 }') ;;
	floor) ver="libraries only" ;;
	*) ver=$(dpkg-query -W -f '${Version}' "$n" 2>/dev/null) ;;
	esac
	awk -v n="$n" -v ver="$ver" -v peak="$(cat "$T/$n.peak")" -v pss="$(cat "$T/$n.pss")" \
	    -v c="$((c1 - c0))" -v ns="$((n1 - n0))" -v v="$((v1 - v0))" -v e="$elapsed" -v hz="$hz" 'BEGIN {
		printf "| %s | %s | %.1f | %.1f | %.4f | %.2f | %.0f |\n", n, ver, peak / 1024, pss / 1024,
			ns / 1e9 * 3600 / e, c / hz * 3600 / e, v * 3600 / e
	}'
done
