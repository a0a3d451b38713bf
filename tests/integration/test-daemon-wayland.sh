#!/bin/sh
# SPDX-License-Identifier: MIT
# The wayland idle backend (ext-idle-notify-v1) against a stand-in
# compositor (fake-wl-idle, argument 1) driven through a FIFO: the idle
# notification asked for with gap/2, "idled" -> idle and the sitting bout
# ends, "resumed" -> present; the compositor going away is logged and the
# coach keeps running.
set -u
: "${BUDGE:?}"
FAKE=${1:?usage: test-daemon-wayland.sh FAKE-WL-IDLE}
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
[ -x "$FAKE" ] || { echo "SKIP: the stand-in compositor $FAKE was not built"; exit 77; }

DPID= BPID= WPID=
PIDS_TO_KILL="BPID WPID DPID"
cleanup_extra() { exec 4>&- 2>/dev/null; }
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
# wait_log FILE PATTERN [TENTHS]: until PATTERN shows up in FILE
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
# no system bus: logind is not part of this test
DBUS_SYSTEM_BUS_ADDRESS=unix:path=$T/no-system-bus
export DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS

# the stand-in compositor, commands through a FIFO held open on fd 4
mkdir -m 700 "$T/run"
export XDG_RUNTIME_DIR="$T/run"
mkfifo "$T/wl.cmd"
"$FAKE" wayland-budge-test <"$T/wl.cmd" >"$T/wl.log" 2>&1 &
WPID=$!
exec 4>"$T/wl.cmd"
wl() { echo "$1" >&4; }
wait_log "$T/wl.log" ready || { echo "fake compositor did not start"; cat "$T/wl.log"; exit 1; }

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
printf '[general]\nwork_hours = always\n[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n' \
	>"$XDG_CONFIG_HOME/budge/config"
WAYLAND_DISPLAY=wayland-budge-test BUDGE_TEST_TIME_SCALE=3 \
	"$BUDGE" run --idle wayland --no-notify -v >"$T/run.out" 2>"$T/run.err" &
BPID=$!
wait_coach 150 || { echo "coach did not start"; cat "$T/run.err"; exit 1; }

[ "$(field idle_backend)" = wayland ] && ok "wayland backend chosen by --idle wayland" || fail "backend $(field idle_backend)"
grep -q "idle source: wayland" "$T/run.err" && ok "the coach logs its idle source" || fail "no 'idle source: wayland' in the log"
grep -q "bind wl_seat" "$T/wl.log" && grep -q "bind ext_idle_notifier_v1" "$T/wl.log" &&
	ok "seat and idle notifier bound" || fail "globals not bound: $(cat "$T/wl.log")"
# gap 18 s / 2 = 9 engine s, 3000 ms at x3
wait_log "$T/wl.log" "notification 3000" 50 && ok "idle notification of gap/2 (3000 ms at x3)" ||
	fail "no notification of 3000 ms: $(cat "$T/wl.log")"
[ "$(field state)" = present ] && ok "present at start" || fail "state $(field state) at start"

# sitting for a while (at x3, 2 s is 6 engine s)
sleep 2
s=$(field sitting_s)
[ "${s:-0}" -ge 3 ] && ok "sitting counts while present ($s s)" || fail "sitting_s '$s' while present"

# idled: reported as 9 engine s without input, idle once 18 s old (about 3 s)
wl idle
wait_log "$T/wl.log" "sent idled 1" 20 || fail "the compositor did not send idled: $(cat "$T/wl.log")"
wait_field presence idle 80 && ok "idle after the compositor said idled" || fail "presence $(field presence), expected idle"
s=$(field sitting_s)
[ "${s:-1}" = 0 ] && ok "sitting bout ended by the idle gap" || fail "sitting_s '$s' after the idle gap"

wl resume
wait_log "$T/wl.log" "sent resumed 1" 20 || fail "the compositor did not send resumed"
wait_field presence present 50 && ok "present after the compositor said resumed" || fail "presence $(field presence), expected present"
sleep 1.5
s=$(field sitting_s)
[ "${s:-0}" -ge 2 ] && ok "a new sitting bout counts ($s s)" || fail "sitting_s '$s' after resume"
grep -q "idle source: idle" "$T/run.err" && grep -q "idle source: active" "$T/run.err" &&
	ok "both events logged" || fail "idle/active not in the log"

# the compositor goes away while the user is idle: the coach says so,
# keeps running, and from then on behaves like the "none" source (present)
wl idle
wait_field presence idle 80 && ok "idle again before the compositor leaves" || fail "presence $(field presence), expected idle"
kill -TERM "$WPID"; wait "$WPID" 2>/dev/null; WPID=
exec 4>&-
wait_log "$T/run.err" "connection lost" 50 && ok "lost compositor logged" || fail "no 'connection lost' in the log"
sleep 0.5
kill -0 "$BPID" 2>/dev/null && ok "coach still running" || fail "coach died with the compositor"
"$BUDGE" status >/dev/null 2>&1 && ok "status still answers" || fail "status fails after the compositor left"
wait_field presence present 50 && ok "present (no idle source) after the compositor left" ||
	fail "presence $(field presence) after the compositor left, expected present"
[ "$(field idle_backend)" = none ] && ok "status reports no idle source" ||
	fail "idle_backend $(field idle_backend) after the compositor left, expected none"

kill -TERM "$BPID"; wait "$BPID"; rc=$?; BPID=
[ $rc = 0 ] && ok "clean exit" || fail "exit $rc"
if grep -q "ERROR: AddressSanitizer\|runtime error:" "$T/run.err"; then fail "sanitizer report"; fi
if [ $FAILS -gt 0 ]; then
	echo "---- coach"; cat "$T/run.err"; echo "---- fake compositor"; cat "$T/wl.log"
	exit 1
fi
echo "all checks passed"
