#!/bin/sh
# SPDX-License-Identifier: MIT
# The wall clock jumps under a running coach: +2 h, -1 h, +1 day, and a
# sleep of 2 h that no suspend event reported. The clock is moved through
# the coach's test hook (BUDGE_TEST_CLOCK: a file of "STEP SLEPT" seconds,
# read when it is rewritten), because the real clock cannot be set here and
# libfaketime would move sd-event's monotonic timers too. Each jump is
# checked for what issue 20 saw: no prompt storm, no bout longer than the
# time that really passed, no frozen coach; and the report at the end.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }

DPID= BPID=
PIDS_TO_KILL="BPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
DB=$XDG_DATA_HOME/budge/budge.db
q() { sqlite3 "$DB" "$1"; }

# a bad hook is a usage error, before anything runs
BUDGE_TEST_CLOCK=relative/file "$BUDGE" run --idle none --no-notify >"$T/out" 2>"$T/err"
[ $? = 2 ] && grep -q "expected an absolute file name" "$T/err" &&
	ok "BUDGE_TEST_CLOCK relative: exit 2" || fail "BUDGE_TEST_CLOCK relative: $(cat "$T/err")"
printf 'soon\n' >"$T/badclock"
BUDGE_TEST_CLOCK=$T/badclock "$BUDGE" run --idle none --no-notify >"$T/out" 2>"$T/err"
[ $? = 2 ] && grep -q "badclock: expected two whole numbers" "$T/err" &&
	ok "BUDGE_TEST_CLOCK malformed: exit 2" || fail "BUDGE_TEST_CLOCK malformed: $(cat "$T/err")"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

# a 1-minute limit: two hours replayed would be dozens of prompts. The
# coach's clock runs 3 times faster (the hook's seconds are the coach's).
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
CFG
CLOCK=$T/clock
printf '0 0\n' >"$CLOCK"
mkfifo "$T/idle"
BUDGE_TEST_TIME_SCALE=3 BUDGE_TEST_CLOCK=$CLOCK "$BUDGE" run --idle stdin --no-notify <"$T/idle" >"$T/run.out" 2>"$T/run.err" &
BPID=$!
exec 3>"$T/idle"
START=$(date +%s)
wait_coach || { echo "coach did not start"; cat "$T/run.err"; exit 1; }
echo active >&3
wait_field state present || fail "not present at start"
sleep 2

# the coach's time that really passed, with a margin for a slow machine
elapsed() { echo $((($(date +%s) - START + 2) * 3)); }
# jump "STEP SLEPT" "log line": rewrite the hook and wait for the coach
jump() {
	printf '%s\n' "$1" >"$CLOCK"
	wait_log "$T/run.err" "$2" 50 && ok "jump $1 seen" || fail "jump $1: no '$2' in the log"
}
# no prompt at all, and no bout longer than what really passed
no_storm() {
	n=$(q "select count(*) from events where kind='prompt'")
	[ "$n" = 0 ] && ok "$1: no prompt" || fail "$1: $n prompts"
	long=$(q "select coalesce(max(value),0) from events where kind='bout'")
	[ "$long" -le "$(elapsed)" ] && ok "$1: longest bout ${long}s" ||
		fail "$1: a ${long}s bout after $(elapsed)s"
	s=$(field sitting_s)
	[ -n "$s" ] && [ "$s" -le "$(elapsed)" ] && ok "$1: sitting ${s}s" || fail "$1: sitting '$s'"
}

# ---- +2 h: time away, nothing replayed, active again after it -------------
jump "7200 0" "the clock was set forward by 2h00m"
wait_field state present 20 || fail "+2h: state $(field state)"
no_storm "+2h"
[ "$(q "select count(*) from events where kind='bout'")" = 1 ] && ok "+2h: the bout ended at the step" ||
	fail "+2h: bouts $(q "select group_concat(value) from events where kind='bout'")"
[ "$(q "select count(*) from events where kind='daemon' and text='clock' and value=7200")" = 1 ] &&
	ok "+2h: a clock row" || fail "+2h: no clock row"

# ---- -1 h: the coach goes on at once (idle, then a bout end, in seconds) ---
sleep 1
jump "3600 0" "the clock was set back by 1h00m"
s1=$(field sitting_s)
sleep 2
s2=$(field sitting_s)
[ "$s2" -gt "$s1" ] && ok "-1h: sitting goes on ($s1 s, then $s2 s)" || fail "-1h: sitting $s1 then $s2"
# idle for 20 s (60 s of the coach's): the bout, 18 s or more old by
# now, ends at once (with the clock frozen it would end an hour later)
echo "idle 20000" >&3
wait_field state idle 30 && ok "-1h: idle at once" || fail "-1h: state $(field state) after idle"
i=0
until [ "$(q "select count(*) from events where kind='bout'")" = 2 ] || [ $i -gt 30 ]; do
	i=$((i + 1)); sleep 0.1
done
[ $i -le 30 ] && ok "-1h: the bout ended at once" || fail "-1h: no bout end"
t=$(q "select max(ts) from events where kind='bout'")
t2=$(q "select ts from events where kind='daemon' and text='clock' and value=7200")
[ "$t" -lt "$t2" ] && ok "-1h: rows in the new clock ($t < $t2)" ||
	fail "-1h: bout row at $t, not before the +2h row at $t2"
echo active >&3
wait_field state present || fail "-1h: not present again"
no_storm "-1h"

# ---- +1 day --------------------------------------------------------------
sleep 1
jump "90000 0" "the clock was set forward by 24h00m"
wait_field state present 20 || fail "+1d: state $(field state)"
no_storm "+1 day"

# ---- a sleep of 2 h that logind did not report ----------------------------
sleep 1
nb=$(q "select count(*) from events where kind='bout'")
jump "90000 7200" "the machine slept 2h00m without a suspend event"
# the bout's row may follow the log line by a moment on a loaded machine
i=0
until [ "$(q "select count(*) from events where kind='bout'")" -gt "$nb" ] || [ $i -gt 30 ]; do
	i=$((i + 1)); sleep 0.1
done
[ $i -le 30 ] && ok "sleep: the bout ended" || fail "sleep: no bout end"
[ "$(q "select count(*) from events where kind='daemon' and text='sleep' and value=7200")" = 1 ] &&
	ok "sleep: a sleep row" || fail "sleep: no sleep row"
no_storm "sleep"

# ---- the report: minutes of sitting, not hours -----------------------------
kill -TERM "$BPID"; wait "$BPID"; BPID=
[ "$(q "pragma integrity_check")" = ok ] && ok "integrity_check ok" || fail "integrity_check"
total=$(q "select sum(value) from events where kind='bout'")
[ "$total" -le "$(elapsed)" ] && ok "all bouts: ${total}s in $(elapsed)s" || fail "bouts sum to ${total}s"
for day in $(q "select distinct date(ts, 'unixepoch', 'localtime') from events where kind='bout'"); do
	"$BUDGE" report --date "$day" >"$T/report" 2>"$T/err" || fail "report --date $day failed"
	grep -q "Sitting" "$T/report" || fail "report $day: no Sitting line"
	if grep "Sitting" "$T/report" | grep -q "[0-9]h"; then
		fail "report $day says hours of sitting: $(grep Sitting "$T/report")"
	else
		ok "report $day: $(grep -m1 Sitting "$T/report" | tr -s ' ')"
	fi
done
if [ $FAILS -gt 0 ]; then
	echo "---- coach stderr"; cat "$T/run.err"
	exit 1
fi
echo "all checks passed"
