#!/bin/sh
# SPDX-License-Identifier: MIT
# The logind watcher against a stand-in for org.freedesktop.login1
# (fake-logind.py) on a second private bus used as the system bus: the
# session found with GetSession("auto") (GetSessionByPID when logind does
# not know "auto"), Lock -> away, Unlock -> present, PrepareForSleep(true)
# -> away, PrepareForSleep(false) -> present.
set -u
: "${BUDGE:?}"
HERE=$(dirname "$0")
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
/usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "SKIP: no python3-gi"; exit 77; }

SPID= YPID= BPID= LPID=
PIDS_TO_KILL="BPID LPID YPID SPID"
cleanup_extra() { exec 4>&- 2>/dev/null; }
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/session"; SPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
private_bus system "$T/system"; YPID=$BUS_PID
DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
printf '[general]\nwork_hours = always\n[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n' \
	>"$XDG_CONFIG_HOME/budge/config"

# start_both NAME [NO_AUTO]: the stand-in logind (commands on fd 4) and
# the coach; logs in $T/NAME.logind and $T/NAME.err
start_both() {
	rm -f "$T/cmd"; mkfifo "$T/cmd"
	NO_AUTO=${2:-0} /usr/bin/python3 "$HERE/fake-logind.py" <"$T/cmd" >"$T/$1.logind" 2>&1 &
	LPID=$!
	exec 4>"$T/cmd"
	wait_log "$T/$1.logind" ready || { echo "fake logind did not start"; cat "$T/$1.logind"; exit 1; }
	printf '0 0\n' >"$T/clock"
	BUDGE_TEST_CLOCK=$T/clock BUDGE_TEST_TIME_SCALE=3 "$BUDGE" run --idle none --no-notify -v >"$T/$1.out" 2>"$T/$1.err" &
	BPID=$!
	i=0
	until "$BUDGE" status >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 150 ] && { echo "coach did not start"; cat "$T/$1.err"; exit 1; }; sleep 0.1
	done
}
stop_both() { # stop_both NAME
	kill -TERM "$BPID"; wait "$BPID"; rc=$?; BPID=
	[ $rc = 0 ] && ok "$1: clean exit" || fail "$1: exit $rc"
	exec 4>&-
	wait "$LPID" 2>/dev/null; LPID=
	if grep -q "ERROR: AddressSanitizer\|runtime error:" "$T/$1.err"; then fail "$1: sanitizer report"; fi
}
# expect NAME COMMAND SIGNAL PRESENCE
expect() {
	n=$(grep -c "sent $3" "$T/$1.logind")
	echo "$2" >&4
	i=0
	until [ "$(grep -c "sent $3" "$T/$1.logind")" -gt "$n" ]; do
		i=$((i + 1)); [ $i -gt 30 ] && { fail "fake logind did not send $3"; return; }; sleep 0.1
	done
	wait_field presence "$4" 50 && ok "$1: $2 -> $4" || fail "$1: $2: presence $(field presence), expected $4"
}

# ---- logind with "auto" ---------------------------------------------------------
start_both auto
grep -q "GetSession ('auto',)" "$T/auto.logind" && ok "auto: session asked as \"auto\"" ||
	fail "auto: no GetSession('auto'): $(cat "$T/auto.logind")"
wait_log "$T/auto.err" "logind: watching /org/freedesktop/login1/session/_37" 50 &&
	ok "auto: watching the session" || fail "auto: session not watched"
grep -q GetSessionByPID "$T/auto.logind" && fail "auto: asked by PID although \"auto\" worked"
[ "$(field presence)" = present ] && ok "auto: present at start" || fail "auto: presence $(field presence) at start"
expect auto lock Lock away
# the open bout ends once the lock has lasted the gap (18 s on a 3x clock:
# 6 s), back-dated to the lock; a loaded machine only makes it later
wait_field sitting_s 0 200 && ok "auto: the bout ended while locked" ||
	fail "auto: sitting_s '$(field sitting_s)' 20 s after the lock"
expect auto unlock Unlock present
expect auto sleep PrepareForSleep away
# asleep for 2 h (the clock hook): logind reported it, so it is not taken
# for a sleep nobody reported
printf '0 7200\n' >"$T/clock"
wait_log "$T/auto.err" "woke up after 7200 s of the sleep logind reported" 50 &&
	ok "auto: the reported sleep seen as such" || fail "auto: the 2 h sleep not seen"
expect auto wake PrepareForSleep present
grep -q "without a suspend event" "$T/auto.err" && fail "auto: a reported sleep logged as unreported"
grep -q "logind: lock" "$T/auto.err" && grep -q "logind: wake" "$T/auto.err" &&
	ok "auto: events logged" || fail "auto: logind events not in the log"
stop_both auto

# ---- logind without "auto": asked by PID ------------------------------------------
start_both bypid 1
wait_log "$T/bypid.logind" "GetSessionByPID ($BPID,)" 50 && ok "bypid: fell back to GetSessionByPID" ||
	fail "bypid: no GetSessionByPID($BPID): $(cat "$T/bypid.logind")"
wait_log "$T/bypid.err" "logind: watching" 50 && ok "bypid: watching the session" || fail "bypid: session not watched"
expect bypid lock Lock away
expect bypid unlock Unlock present
stop_both bypid

if [ $FAILS -gt 0 ]; then
	for n in auto bypid; do
		[ -f "$T/$n.err" ] || continue
		echo "---- coach ($n)"; cat "$T/$n.err"; echo "---- fake logind ($n)"; cat "$T/$n.logind"
	done
	exit 1
fi
echo "all checks passed"
