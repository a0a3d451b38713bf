#!/bin/sh
# SPDX-License-Identifier: MIT
# The gnome idle backend against a scripted stand-in for Mutter's
# IdleMonitor (fake-mutter-idle.py): idle watch -> idle, user-active watch
# -> present again, the active watch re-added after each idle.
set -u
: "${BUDGE:?}"
HERE=$(dirname "$0")
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
/usr/bin/python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "SKIP: no python3-gi"; exit 77; }

DPID= BPID= MPID=
PIDS_TO_KILL="BPID MPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

# idle watch fires 1 s after it is added; the active watch 9 s after.
IDLE_AFTER=1 ACTIVE_AFTER=9 /usr/bin/python3 "$HERE/fake-mutter-idle.py" >"$T/mutter.log" 2>&1 &
MPID=$!
i=0
until grep -q ready "$T/mutter.log"; do i=$((i + 1)); [ $i -gt 100 ] && { echo "fake mutter did not start"; cat "$T/mutter.log"; exit 1; }; sleep 0.1; done

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
printf '[general]\nwork_hours = always\n[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n[idle]\nbackend = gnome\n' \
	>"$XDG_CONFIG_HOME/budge/config"
BUDGE_TEST_TIME_SCALE=3 "$BUDGE" run --no-notify -v >"$T/run.out" 2>"$T/run.err" &
BPID=$!
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
wait_coach || { echo "coach did not start"; cat "$T/run.err"; exit 1; }
[ "$(field idle_backend)" = gnome ] && ok "gnome backend chosen from [idle] backend" || fail "backend $(field idle_backend)"
grep -q "AddIdleWatch (3000,)" "$T/mutter.log" && ok "idle watch of gap/2 (9 s at x3 = 3000 ms)" || fail "no AddIdleWatch(3000): $(cat "$T/mutter.log")"

# idle watch fires at 1 s (reported idle for 9 engine s): idle once the
# bout is 18 engine s old, i.e. about 6 s after the start
i=0
until [ "$(field state)" = idle ] || [ $i -gt 80 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(field state)" = idle ] && ok "idle after the idle watch fired" || fail "state $(field state), expected idle"
grep -q "AddUserActiveWatch" "$T/mutter.log" && ok "user-active watch added after idle" || fail "no AddUserActiveWatch"
# active watch fires 9 s after it was added
i=0
until [ "$(field state)" = present ] || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(field state)" = present ] && ok "present after the user-active watch fired" || fail "state $(field state), expected present"
[ "$(grep -c AddIdleWatch "$T/mutter.log")" = 1 ] && ok "one idle watch (it repeats by itself)" || fail "idle watch added $(grep -c AddIdleWatch "$T/mutter.log") times"

kill -TERM "$BPID"; wait "$BPID"; rc=$?; BPID=
[ $rc = 0 ] && ok "clean exit" || fail "exit $rc"
if [ $FAILS -gt 0 ]; then
	echo "---- coach"; cat "$T/run.err"; echo "---- fake mutter"; cat "$T/mutter.log"
	exit 1
fi
echo "all checks passed"
