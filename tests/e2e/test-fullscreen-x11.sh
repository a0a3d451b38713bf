#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end: a fullscreen focused window is a meeting ([meetings]
# fullscreen, X11). A private Xvfb without a window manager: the test plays
# the window manager, setting the root window's _NET_ACTIVE_WINDOW (with the
# fake-x-window helper: xprop cannot write a WINDOW property) and the
# windows' _NET_WM_STATE (with xprop). The coach's state is read with
# `budge status --json` over a private session bus.
#
# Usage: test-fullscreen-x11.sh FAKE_X_WINDOW
set -u

SKIP=77
HELPER=${1:?usage: test-fullscreen-x11.sh FAKE_X_WINDOW}
for p in Xvfb xprop dbus-daemon sqlite3; do
	command -v $p >/dev/null 2>&1 || { echo "SKIP: $p is not installed"; exit $SKIP; }
done
: "${BUDGE:?BUDGE must point to the budge binary}"

XPID= DPID= BPID= W1PID= W2PID=
PIDS_TO_KILL="W1PID W2PID BPID DPID XPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

# ---- a private X server, no window manager ------------------------------
. "$BUDGE_SOURCE_ROOT/tests/lib/xvfb.sh"
private_xvfb 800x600x24

# ---- a private session bus -------------------------------------------
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

# ---- helpers: the window manager's part ---------------------------------
# new_window: a mapped window; sets WIN (its id) and WPID (the helper)
new_window() {
	rm -f "$T/win"
	"$HELPER" >"$T/win" 2>>"$T/helper.err" &
	WPID=$!
	i=0
	until [ -s "$T/win" ]; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "fake-x-window did not start"; cat "$T/helper.err"; exit 1; }
		sleep 0.05
	done
	WIN=$(head -n1 "$T/win")
}
activate() { "$HELPER" --set-active "$1" || fail "cannot set _NET_ACTIVE_WINDOW to $1"; }
# _NET_WM_STATE: a list with FULLSCREEN among others (xprop -set writes one
# atom only, so the helper does it); step 2 uses xprop itself
fullscreen_on() {
	"$HELPER" --set-state "$1" _NET_WM_STATE_ABOVE _NET_WM_STATE_FULLSCREEN ||
		fail "cannot set _NET_WM_STATE of $1"
}
fullscreen_off() { xprop -id "$1" -f _NET_WM_STATE 32a -set _NET_WM_STATE _NET_WM_STATE_ABOVE; }
rows() { # the meeting rows: text|source
	sqlite3 "$DB" "select text || '|' || coalesce(prompt_kind, 'manual') from events where kind='meeting' order by id" | tr '\n' ' '
}

# ---- the coach -------------------------------------------------------
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
CONF="$XDG_CONFIG_HOME/budge/config"
mkdir -p "$XDG_CONFIG_HOME/budge"
write_config() {
	cat >"$CONF" <<CFG
[general]
work_hours = always
[meetings]
fullscreen = $1
CFG
}
write_config yes
DB="$XDG_DATA_HOME/budge/budge.db"
# --idle none: present all the time, so every state change below is the
# fullscreen watch's doing.
"$BUDGE" run --idle none --no-notify -v >"$T/budge.out" 2>"$T/budge.err" &
BPID=$!

. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
i=0
until "$BUDGE" status --json >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 300 ] && { echo "the coach did not come up"; cat "$T/budge.err"; exit 1; }
	sleep 0.1
done
wait_log "$T/budge.err" "watching for a fullscreen focused window" ||
	fail "the coach does not watch for fullscreen windows"

# ---- 1: a window, not active, then active: not a meeting -----------------
new_window; W1=$WIN W1PID=$WPID
fullscreen_on "$W1"
sleep 0.5
[ "$(field state)" = present ] && ok "a fullscreen window that is not focused is no meeting" ||
	fail "state $(field state) with no _NET_ACTIVE_WINDOW, expected present"
fullscreen_off "$W1"
activate "$W1"
sleep 0.5
[ "$(field state)" = present ] && ok "a focused window that is not fullscreen is no meeting" ||
	fail "state $(field state), expected present"

# ---- 2: the focused window goes fullscreen and back -----------------------
xprop -id "$W1" -f _NET_WM_STATE 32a -set _NET_WM_STATE _NET_WM_STATE_FULLSCREEN
wait_field state meeting && ok "fullscreen focused window: meeting" ||
	fail "state $(field state) with a fullscreen focused window, expected meeting"
[ "$(field in_meeting)" = true ] && ok "in_meeting true" || fail "in_meeting $(field in_meeting)"
"$BUDGE" status --json | grep -q '"meeting_source":\["fullscreen"\]' &&
	ok "status: meeting_source [fullscreen]" || fail "status lacks meeting_source [fullscreen]: $("$BUDGE" status --json)"
fullscreen_off "$W1"
wait_field state present && ok "left fullscreen: present" ||
	fail "state $(field state) after leaving fullscreen, expected present"
r=$(rows)
[ "$r" = "start|fullscreen end|fullscreen " ] && ok "store: meeting rows with source fullscreen" ||
	fail "meeting rows '$r', expected 'start|fullscreen end|fullscreen '"

# ---- 3: the focus moves to another window and back ------------------------
fullscreen_on "$W1"
wait_field state meeting || fail "no meeting after fullscreen again"
new_window; W2=$WIN W2PID=$WPID
activate "$W2"
wait_field state present && ok "focus on another window: present" ||
	fail "state $(field state) after the focus moved, expected present"
activate 0
sleep 0.3
activate "$W1"
wait_field state meeting && ok "focus back on the fullscreen window: meeting" ||
	fail "state $(field state) with the focus back, expected meeting"

# ---- 4: budge meeting end ends the fullscreen meeting too ------------------
"$BUDGE" meeting end >/dev/null || fail "budge meeting end failed"
[ "$(field state)" = present ] && ok "budge meeting end while fullscreen: present" ||
	fail "state $(field state) after meeting end, expected present"
sleep 0.5
[ "$(field state)" = present ] && ok "it stays ended while the window stays fullscreen" ||
	fail "state $(field state) half a second after meeting end, expected present"
fullscreen_off "$W1"
sleep 0.3
fullscreen_on "$W1"
wait_field state meeting && ok "fullscreen again after meeting end: meeting" ||
	fail "state $(field state) on entering fullscreen again, expected meeting"

# ---- 5: a manual meeting outlasts leaving fullscreen -----------------------
"$BUDGE" meeting >/dev/null || fail "budge meeting failed"
fullscreen_off "$W1"
sleep 0.5
[ "$(field state)" = meeting ] && ok "leaving fullscreen keeps the manual meeting" ||
	fail "state $(field state) after leaving fullscreen in a manual meeting, expected meeting"
"$BUDGE" meeting end >/dev/null
wait_field state present || fail "state $(field state) after meeting end, expected present"

# ---- 6: the window vanishes ------------------------------------------------
fullscreen_on "$W1"
wait_field state meeting || fail "no meeting before the window vanishes"
kill "$W1PID"; wait "$W1PID" 2>/dev/null; W1PID=
wait_field state present && ok "the fullscreen window vanished: present" ||
	fail "state $(field state) after the window vanished, expected present"

# ---- 7: fullscreen = no, reload; and back -----------------------------------
activate "$W2"
fullscreen_on "$W2"
wait_field state meeting || fail "no meeting with W2 fullscreen"
write_config no
kill -HUP "$BPID"
wait_field state present && ok "fullscreen = no + SIGHUP: present" ||
	fail "state $(field state) after fullscreen = no, expected present"
grep -q "no longer watched" "$T/budge.err" && ok "the watch stopped" || fail "no 'no longer watched' in the log"
fullscreen_off "$W2"; fullscreen_on "$W2"
sleep 0.5
[ "$(field state)" = present ] && ok "fullscreen = no: a fullscreen window is no meeting" ||
	fail "state $(field state) with fullscreen = no, expected present"
write_config yes
kill -HUP "$BPID"
wait_field state meeting && ok "fullscreen = yes + SIGHUP: meeting (window already fullscreen)" ||
	fail "state $(field state) after fullscreen = yes, expected meeting"

# ---- 8: the X server goes away while fullscreen ----------------------------
kill "$W2PID" 2>/dev/null; W2PID=
kill "$XPID"; wait "$XPID" 2>/dev/null; XPID=
wait_field state present && ok "X server gone: the fullscreen meeting ends" ||
	fail "state $(field state) after the X server exited, expected present"
kill -0 "$BPID" 2>/dev/null && ok "the coach survives the X server's exit" || fail "the coach died with X"
grep -q "X connection is lost" "$T/budge.err" && ok "lost X connection logged" || fail "no log of the lost X connection"

# ---- 8b: an X server on the same display again: budge config reload reconnects
# (skipped when another test took the display number meanwhile)
Xvfb "$DISPLAY" -nolisten tcp -screen 0 800x600x24 >"$T/xvfb2.log" 2>&1 &
XPID=$!
i=0
until xprop -root >/dev/null 2>&1 || ! kill -0 "$XPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && break
	sleep 0.1
done
if kill -0 "$XPID" 2>/dev/null && xprop -root >/dev/null 2>&1; then
	"$BUDGE" config reload >/dev/null || fail "budge config reload failed"
	# the third "watching" line: start, the reload in 7, this reload
	i=0
	until [ "$(grep -c "watching for a fullscreen" "$T/budge.err")" -ge 3 ]; do
		i=$((i + 1)); [ $i -gt 50 ] && { fail "no reconnection on reload"; break; }
		sleep 0.1
	done
	new_window; W3=$WIN W2PID=$WPID
	activate "$W3"
	fullscreen_on "$W3"
	wait_field state meeting && ok "after a new X server and a reload: fullscreen is a meeting again" ||
		fail "state $(field state) on the new X server after a reload, expected meeting"
else
	echo "skip: display $DISPLAY could not be started again"
fi

# ---- 9: clean shutdown --------------------------------------------------------
kill -TERM "$BPID"
wait "$BPID"; rc=$?
BPID=
[ $rc = 0 ] && ok "coach exited cleanly" || fail "coach exit status $rc"
n=$(sqlite3 "$DB" "select count(*) from events where kind='meeting' and prompt_kind='fullscreen'")
[ "${n:-0}" -ge 8 ] && ok "$n fullscreen meeting rows" || fail "$n fullscreen meeting rows, expected >= 8"
# no end row for a hold that `budge meeting end` had released (step 4)
case "$(rows)" in
*"end|manual end|fullscreen"*) fail "a second end row after budge meeting end: $(rows)" ;;
*"end|manual start|fullscreen"*) ok "no second end row after budge meeting end" ;;
*) fail "unexpected meeting rows: $(rows)" ;;
esac
if grep -Eqi "_NET_WM_NAME|WM_CLASS|title" "$T/budge.err"; then
	fail "the log names window titles or classes"
fi

if [ $FAILS -gt 0 ]; then
	echo "---- budge stderr"; cat "$T/budge.err"
	echo "---- meeting rows"; rows; echo
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"
