#!/bin/sh
# SPDX-License-Identifier: MIT
# [routine] at under a real coach (budge run, a private session bus, a real
# SQLite store, the clock 60 times faster): the day's reminder comes once
# at its time as a prompt of kind "routine" (its text in the coach's
# terminal output and the log), a meeting holds it until it ends, and it is
# not asked again that day after an answer.
set -u
: "${BUDGE:?}"
for c in dbus-daemon sqlite3; do
	command -v $c >/dev/null 2>&1 || { echo "FAIL: $c is missing (scripts/install-deps.sh test)"; exit 1; }
done
DPID= BPID=
PIDS_TO_KILL="BPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" HOME="$T" TZ=UTC
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$XDG_CONFIG_HOME/budge"
DB="$XDG_DATA_HOME/budge/budge.db"
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
routines() { sqlite3 "file:$DB?mode=ro" "SELECT count(*) FROM events WHERE kind = 'prompt' AND prompt_kind = 'routine'" 2>/dev/null || echo 0; }
wait_routines() { # N TENTHS
	_i=0
	until [ "$(routines)" -ge "$1" ] 2>/dev/null; do
		_i=$((_i + 1)); [ $_i -gt "$2" ] && return 1; sleep 0.1
	done
}

# the reminder 3 minutes of the coach's clock from now (3 s here); a
# meeting of 10 coach minutes (10 s) starts first and holds it
at=$(date -u -d "@$(($(date +%s) + 180))" +%H:%M)
cat >"$XDG_CONFIG_HOME/budge/config" <<CFG
[general]
work_hours = always
[sitting]
limit = 8h
[prompts]
micro = false
min_gap = 1m
[meetings]
calls = no
fullscreen = no
[routine]
at = $at
CFG
BUDGE_TEST_TIME_SCALE=60 "$BUDGE" run --verbose --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
i=0
until "$BUDGE" status >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 100 ] && { fail "the coach did not answer"; break; }
	sleep 0.1
done
"$BUDGE" meeting 10m >/dev/null || fail "budge meeting failed"
start=$(date +%s)
sleep 5
[ "$(routines)" = 0 ] && ok "no reminder during the meeting (at $at)" || fail "a reminder during the meeting"
wait_routines 1 150 && ok "the reminder came after the meeting" || fail "no reminder: $(tail -5 "$T/run.err")"
took=$(($(date +%s) - start))
[ "$took" -ge 9 ] && ok "it waited for the meeting's end (${took} s of 10)" || fail "it came after ${took} s, before the meeting ended"
grep -q "Your daily routine" "$T/run.out" && grep -q "budge routine" "$T/run.out" &&
	ok "its text: $(grep -m1 -A1 'Your daily routine' "$T/run.out" | tail -n1 | sed 's/^ *//')" ||
	fail "no reminder text: $(cat "$T/run.out")"
"$BUDGE" done >/dev/null || fail "budge done failed"
sleep 4
[ "$(routines)" = 1 ] && ok "once a day" || fail "$(routines) reminders"
[ "$(sqlite3 "file:$DB?mode=ro" "SELECT response FROM events WHERE kind = 'response' AND prompt_kind = 'routine'")" = done ] &&
	ok "the answer is stored" || fail "no done response"
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; tail -20 "$T/run.err"; exit 1; }
echo "all ok"
