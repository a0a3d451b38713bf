#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end: the coach under a private Xvfb, a private session bus and a
# real notification server (dunst), with synthetic input from xdotool.
#
# Usage: daemon-x11.sh [--valgrind] [--sanitized]
#   --valgrind   run the daemon under valgrind memcheck (fails on any error
#                or definite leak); skipped in sanitizer builds
#
# The coach runs with BUDGE_TEST_TIME_SCALE=3: its clock runs three times
# faster, so the config below (limit 1m, gap 18s, full_break 30s, min_gap
# 15s) means 20 s, 6 s, 10 s and 5 s of real time.
set -u

VALGRIND=0
SANITIZED=${BUDGE_SANITIZED:-0}
for a in "$@"; do
	case $a in
	--valgrind) VALGRIND=1 ;;
	--sanitized) SANITIZED=1 ;;
	*) echo "unknown argument $a" >&2; exit 2 ;;
	esac
done

SKIP=77
for p in Xvfb xdotool dbus-daemon dbus-monitor dunst dunstctl sqlite3; do
	command -v $p >/dev/null 2>&1 || { echo "SKIP: $p is not installed"; exit $SKIP; }
done
if [ $VALGRIND = 1 ]; then
	[ "$SANITIZED" = 1 ] && { echo "SKIP: valgrind does not run sanitized binaries"; exit $SKIP; }
	command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind is not installed"; exit $SKIP; }
fi
: "${BUDGE:?BUDGE must point to the budge binary}"

XPID= DPID= BPID= DUNSTPID= INPID= MONPID=
PIDS_TO_KILL="INPID BPID DUNSTPID MONPID DPID XPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

# ---- a private X server --------------------------------------------------
. "$BUDGE_SOURCE_ROOT/tests/lib/xvfb.sh"
private_xvfb 1024x768x24

# ---- a private session bus -------------------------------------------
# Its own config: no activatable services, so nothing (not even dunst) is
# started behind the test's back.
mkdir -p "$T/services"
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T" "$T/services"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
# the Notify calls, to see which actions each prompt offers
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
	>"$T/notify.log" 2>&1 &
MONPID=$!

# ---- dunst -----------------------------------------------------------
cat >"$T/dunstrc" <<'RC'
[global]
    monitor = 0
    follow = none
    history_length = 100
    sticky_history = yes
    idle_threshold = 0
    show_indicators = no
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
RC
start_dunst() {
	dunst -config "$T/dunstrc" >>"$T/dunst.log" 2>&1 &
	DUNSTPID=$!
	i=0
	until dunstctl is-paused >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "dunst did not start"; cat "$T/dunst.log"; exit 1; }
		sleep 0.1
	done
}
start_dunst
notes() { # notifications dunst has received so far (shown + history)
	echo $(( $(dunstctl count displayed) + $(dunstctl count history) + $(dunstctl count waiting) ))
}

# ---- the coach -------------------------------------------------------
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 1m
gap = 18s
full_break = 30s
[prompts]
min_gap = 15s
max_per_hour = 60
response_timeout = 2m
snooze = 1m
sound = true
CFG
DB="$XDG_DATA_HOME/budge/budge.db"
WRAP=
if [ $VALGRIND = 1 ]; then
	WRAP="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --log-file=$T/valgrind.log"
fi
BUDGE_TEST_TIME_SCALE=3 $WRAP "$BUDGE" run --idle x11 -v >"$T/budge.out" 2>"$T/budge.err" &
BPID=$!

. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
wait_coach 300 || { echo "the coach did not come up"; cat "$T/budge.err"; exit 1; }
ok "coach is up: $("$BUDGE" status --json)"

# input: a mouse move every 0.5 s while $T/typing exists
touch "$T/typing"
( x=100; while :; do
	if [ -e "$T/typing" ]; then
		x=$(( (x + 7) % 900 + 50 )); xdotool mousemove $x 300 2>/dev/null
	fi
	sleep 0.5
done ) &
INPID=$!

# ---- 1: a short bout, then idle: no prompt while idle ---------------------
[ "$(field state)" = present ] && ok "state present while typing" || fail "state is not present: $("$BUDGE" status --json)"
sleep 10
s=$(field sitting_s)
[ "${s:-0}" -ge 24 ] && ok "sitting_s=$s after 10 s of input (x3)" || fail "sitting_s=$s after 10 s of input, expected >= 24"
rm -f "$T/typing"
# Were idle time ignored, the movement break would be due 10 s from now.
sleep 14
st=$(field state)
[ "$st" = idle ] && ok "state idle after 14 s without input" || fail "state is $st after 14 s idle, expected idle"
[ "$(notes)" = 0 ] && ok "no notification while idle" || fail "notifications arrived while idle: $(notes)"
p=$(sqlite3 "$DB" "select count(*) from events where kind='prompt'")
[ "$p" = 0 ] && ok "no prompt recorded while idle" || fail "$p prompts recorded while idle"

# ---- 2: input again: a new bout -------------------------------------------
touch "$T/typing"
sleep 2
st=$(field state); s=$(field sitting_s)
[ "$st" = present ] && ok "present again after input" || fail "state $st after input, expected present"
[ "${s:-999}" -lt 24 ] && ok "the idle gap reset the sitting bout (sitting_s=$s)" || fail "sitting_s=$s after a long idle gap, expected < 24"
b=$(sqlite3 "$DB" "select count(*) from events where kind='break'")
[ "$b" -ge 1 ] && ok "break recorded ($b)" || fail "no break recorded"

# ---- 3: dunst dies and comes back: the coach goes on -----------------------
kill "$DUNSTPID"; wait "$DUNSTPID" 2>/dev/null
sleep 1
kill -0 "$BPID" 2>/dev/null && ok "coach survives dunst's exit" || fail "coach died with dunst"
start_dunst

# ---- 4: the movement break reaches the new dunst while input continues -----
sleep 21
n=$(notes)
[ "$n" = 1 ] && ok "a prompt reached the restarted dunst while input continued" || fail "$n notifications in the restarted dunst, expected 1"
s=$(field sitting_s)
[ "${s:-0}" -ge 60 ] && ok "sitting_s=$s at the prompt" || fail "sitting_s=$s at the prompt, expected >= 60"
[ "$(field open_prompt)" != 0 ] && ok "a prompt is open" || fail "no open prompt"

# ---- 5: dunst dies with the prompt open: it is shown again -----------------
kill "$DUNSTPID"; wait "$DUNSTPID" 2>/dev/null
sleep 1
# The break slot's prompt: "Time to get up", or from noon on the day's
# walk of the walking plan ("Today's walk") the first time: the title of
# the kind the coach recorded.
kind=$(sqlite3 "$DB" "select prompt_kind from events where kind='prompt' order by id desc limit 1")
want=$(prompt_title "$kind")
[ -n "$want" ] || want="(unexpected prompt kind '$kind')"
grep -q "$want" "$T/budge.out" && ok "the $kind prompt printed on stdout while no server runs" || fail "no stdout fallback ($want)"
start_dunst
i=0
until [ "$(dunstctl count displayed)" -ge 1 ] || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(dunstctl count displayed)" = 1 ] && ok "open prompt shown again by the new dunst" || fail "prompt not re-shown"

# ---- 6: the default action records "done" -----------------------------------
dunstctl action 0
sleep 1
d=$(sqlite3 "$DB" "select count(*) from events where kind='response' and response='done'")
[ "$d" = 1 ] && ok "default action recorded done in the store" || fail "$d done responses in the store, expected 1"
[ "$(field open_prompt)" = 0 ] && ok "prompt closed after the answer" || fail "prompt still open after done"
[ "$(field state)" = present ] && ok "state present" || fail "state $(field state), expected present"

# ---- 6b: do not disturb (dunst paused): quiet, then the break comes after --
pr=$(sqlite3 "$DB" "select count(*) from events where kind='prompt'")
dunstctl set-paused true
wait_field state quiet 30 && ok "dunst paused: state quiet" || fail "state $(field state) with dunst paused, expected quiet"
# the next movement break falls due 20 s (1m x3) after the last one
sleep 24
p=$(sqlite3 "$DB" "select count(*) from events where kind='prompt'")
[ "$p" = "$pr" ] && ok "no prompt while do-not-disturb is on" || fail "$((p - pr)) prompt(s) during do-not-disturb"
[ "$(dunstctl count waiting)" = 0 ] && ok "nothing queued in the paused dunst" || fail "$(dunstctl count waiting) notification(s) queued in the paused dunst"
s=$(field sitting_s)
[ "${s:-0}" -ge 60 ] && ok "sitting still counts in do-not-disturb (sitting_s=$s)" || fail "sitting_s=$s after 24 s of do-not-disturb, expected >= 60"
dunstctl set-paused false
i=0
until [ "$(field open_prompt)" != 0 ] || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(field open_prompt)" != 0 ] && ok "the movement break comes once do-not-disturb is off" || fail "no prompt after do-not-disturb, state $(field state)"

# ---- 6c: dismissing the notification (dunst's left click closes it) is an
# answer, skip, not silence; each answer is offered once, Too hard too -----
i=0
until [ "$(dunstctl count displayed)" -ge 1 ] || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
sk=$(sqlite3 "$DB" "select count(*) from events where kind='response' and response='skip'")
dunstctl close
wait_field open_prompt 0 30 && ok "a dismissed prompt is closed in the coach" || fail "prompt still open after dismissal"
n=$(sqlite3 "$DB" "select count(*) from events where kind='response' and response='skip'")
[ "$n" = $((sk + 1)) ] && ok "the dismissal recorded skip" || fail "skip rows $n after dismissal, $sk before"
grep -q '"too-hard"' "$T/notify.log" && ok "Too hard is offered" || fail "no too-hard action: $(grep -A12 Notify "$T/notify.log" | head -30)"
awk '/member=Notify/ { delete seen; next } /^ *string "(default|done|snooze|skip|too-hard|hurts|Done|Snooze|Skip|Too hard|It hurts)"$/ { if (seen[$0]++) dup = 1 } END { exit dup }' "$T/notify.log" &&
	ok "each answer offered once" || fail "an answer is offered twice"
grep -q '^ *string "done"$' "$T/notify.log" && fail "a separate done action beside default (dunst lists Done twice)"
# the prompt names budge's icon (app_icon after app_name) and, with
# [prompts] sound = true, the theme's message sound
awk '/member=Notify/ { n = 0; next } { n++ } n == 1 && /string "budge"/ { a = 1 } n == 3 && a && /string "budge"/ { icon = 1 } END { exit !icon }' "$T/notify.log" &&
	ok "prompts carry the budge icon" || fail "no app_icon: $(grep -A4 member=Notify "$T/notify.log" | head -6)"
grep -A1 '"sound-name"' "$T/notify.log" | grep -q '"message-new-instant"' && ok "sound hint with sound = true" ||
	fail "no sound-name hint"
# skip restarts the limit: the next break 20 s (1m x3) later
next_prompt() {
	i=0
	until [ "$(field open_prompt)" != 0 ] || [ $i -gt 300 ]; do i=$((i + 1)); sleep 0.1; done
	[ "$(field open_prompt)" != 0 ] || fail "no prompt after $1, state $(field state)"
}
next_prompt "the skip"

# ---- 6d: a break that hurts twice brings safety advice that stays: critical,
# no timeout (it used to vanish from dunst after 10 s) ----------------------
"$BUDGE" hurts >/dev/null || fail "hurts on the break"
next_prompt "the first hurts"
"$BUDGE" hurts >/dev/null || fail "hurts on the second break"
wait_log "$T/notify.log" "Please take care" 50 && ok "safety advice after two hurts" ||
	fail "no safety advice: $(grep -c Notify "$T/notify.log") Notify calls"
awk '/member=Notify/ { n = 0; care = 0; next } { n++ } /"Please take care"/ { care = 1 }
	care && /byte 2/ { crit = 1 } care && /^ *int32 0$/ { keep = 1 } END { exit !(crit && keep) }' \
	"$T/notify.log" && ok "the advice is critical and does not expire" ||
	fail "advice urgency or timeout: $(grep -A20 'Please take care' "$T/notify.log" | head -20)"
next_prompt "the second hurts"
dunstctl set-paused true
wait_field open_prompt 0 30 && ok "do-not-disturb withdraws the open prompt" || fail "prompt $(field open_prompt) still open in do-not-disturb"
dunstctl set-paused false
wait_field state present 30 || fail "state $(field state) after do-not-disturb, expected present"

# ---- 7: CLI control ------------------------------------------------------
"$BUDGE" pause 10m >/dev/null && [ "$(field state)" = paused ] && ok "pause" || fail "pause"
"$BUDGE" resume >/dev/null && [ "$(field state)" = present ] && ok "resume" || fail "resume"
"$BUDGE" meeting >/dev/null && [ "$(field state)" = meeting ] && ok "meeting" || fail "meeting"
"$BUDGE" meeting end >/dev/null && [ "$(field state)" = present ] && ok "meeting end" || fail "meeting end"

# ---- 8: the X server goes away: the coach goes on without idle input ------
kill "$INPID" 2>/dev/null; INPID=
kill "$XPID"; wait "$XPID" 2>/dev/null; XPID=
sleep 1
kill -0 "$BPID" 2>/dev/null && ok "coach survives the X server's exit" || fail "coach died with the X server"
"$BUDGE" status >/dev/null 2>&1 && ok "status answers after X is gone" || fail "status fails after X is gone"

# ---- 9: clean shutdown ---------------------------------------------------
kill -TERM "$BPID"
wait "$BPID"; rc=$?
BPID=
[ $rc = 0 ] && ok "coach exited cleanly" || fail "coach exit status $rc"
stop=$(sqlite3 "$DB" "select count(*) from events where kind='daemon' and text='stop'")
[ "$stop" = 1 ] && ok "stop recorded" || fail "stop not recorded"
"$BUDGE" status >/dev/null 2>&1; rc=$?
[ $rc = 5 ] && ok "status without a coach exits 5" || fail "status without a coach exited $rc"
if [ $VALGRIND = 1 ]; then
	if [ -s "$T/valgrind.log" ]; then fail "valgrind:"; cat "$T/valgrind.log"; else ok "valgrind clean"; fi
fi

if [ $FAILS -gt 0 ]; then
	echo "---- budge stderr"; cat "$T/budge.err"
	echo "---- budge stdout"; cat "$T/budge.out"
	echo "---- store"; sqlite3 "$DB" "select id, ts, kind, prompt_id, prompt_kind, movement, response, value, text from events"
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"
