#!/bin/sh
# SPDX-License-Identifier: MIT
# `budge now` while a coach runs (a real `budge run` on a private session
# bus, a real SQLite store): the "done" answers go to the coach through
# org.budge.Coach1.RecordDone, which records each once and counts it today
# (status --json: done_today, regions_done_today; the movement's next prompt
# moves later); without a coach `budge now` writes the same rows itself, and
# the report counts both alike. Then the start-up on the bus name: a second
# coach is refused without writing anything, a bus that does not answer
# does not block the coach (SIGTERM is served), a bus that refuses the name
# leaves a coach without the API.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }

DPID= BPID= SPID=
PIDS_TO_KILL="BPID SPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" TZ=UTC
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$XDG_CONFIG_HOME/budge"
DB="$XDG_DATA_HOME/budge/budge.db"
q() { sqlite3 "$DB" "$1"; }
# feet only, micro prompts on their cadence (toe-spread every 10 min), no
# movement break in sight
cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 8h
[prompts]
min_gap = 1m
max_per_hour = 30
micro_interval = 0
[plan]
start_regions = feet
CFG

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS

"$BUDGE" run --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
wait_field state present || { echo "coach did not start"; cat "$T/run.err"; exit 1; }
[ "$(field done_today)" = 0 ] && ok "nothing done at start" || fail "done_today $(field done_today) at start"
n0=$(field next_movement) p0=$(field next_prompt_at)
[ "$n0" = toe-spread ] && ok "toe-spread is next" || fail "next movement $n0 at start"

# ---- a second coach is refused and writes nothing -------------------------
rows=$(q "SELECT count(*) FROM events")
kv=$(q "SELECT group_concat(key || '=' || value) FROM kv")
"$BUDGE" run --idle none --no-notify >"$T/second.out" 2>"$T/second.err"
rc=$?
[ $rc = 1 ] && ok "second coach: exit 1" || fail "second coach: exit $rc"
grep -q "already running" "$T/second.err" && ok "second coach: says why" || fail "second coach: $(cat "$T/second.err")"
[ "$(q "SELECT count(*) FROM events")" = "$rows" ] && ok "second coach recorded nothing" ||
	fail "second coach wrote events: $(q "SELECT * FROM events ORDER BY id DESC LIMIT 3")"
[ "$(q "SELECT group_concat(key || '=' || value) FROM kv")" = "$kv" ] && ok "second coach left kv alone" ||
	fail "second coach changed kv"
[ ! -s "$T/second.out" ] && ok "second coach showed no prompt" || fail "second coach printed: $(cat "$T/second.out")"

# ---- RecordDone validates -------------------------------------------------
if busctl --user call org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 RecordDone s no-such-move >"$T/out" 2>&1; then
	fail "RecordDone accepted an unknown movement"
else
	grep -q "unknown movement 'no-such-move'" "$T/out" && ok "RecordDone: unknown movement refused" || fail "RecordDone: $(cat "$T/out")"
fi
[ "$(q "SELECT count(*) FROM events WHERE text='guided'")" = 0 ] || fail "an unknown movement was recorded"

# ---- budge now while the coach runs -----------------------------------------
# --count 3 from the feet: the three seated discreet ones, toe-spread among them
sleep 1 # the session's time is later than the coach's start
printf 'y\n' >"$T/yes"
"$BUDGE" now feet --count 3 --speed 200 <"$T/yes" >"$T/now.out" 2>"$T/now.err"
rc=$?
[ $rc = 0 ] && ok "now with a coach: exit 0" || fail "now with a coach: exit $rc: $(cat "$T/now.err")"
grep -q "Logged 3 movements as done (the running coach counts them today)" "$T/now.out" &&
	ok "now says the coach has them" || fail "now: $(tail -2 "$T/now.out")"
[ "$(field done_today)" = 3 ] && ok "status: done_today 3" || fail "status: done_today $(field done_today)"
[ "$(field prompts_today)" = 0 ] && ok "status: not counted as prompts" || fail "prompts_today $(field prompts_today)"
"$BUDGE" status --json | grep -q '"regions_done_today":\["feet"\]' && ok "status: feet done today" ||
	fail "status: $("$BUDGE" status --json)"
# exactly one row per movement, written by the coach
q "SELECT movement || ' ' || count(*) FROM events WHERE kind='response' AND text='guided' AND response='done' AND prompt_kind='micro' AND region='feet' GROUP BY movement" >"$T/rows"
[ "$(wc -l <"$T/rows")" = 3 ] && ! grep -qv ' 1$' "$T/rows" && ok "one row for each of the 3 movements" ||
	fail "guided rows: $(cat "$T/rows")"
grep -q '^toe-spread 1$' "$T/rows" || fail "toe-spread was not in the session: $(cat "$T/rows")"
[ "$(q "SELECT count(*) FROM events WHERE text='guided'")" = 3 ] || fail "more guided rows than movements"
grep -q "done outside a prompt: toe-spread" "$T/run.err" && ok "the coach logged it" || fail "no coach log line"
# toe-spread's cadence restarted: its prompt comes later than planned
p1=$(field next_prompt_at)
[ "$p1" \> "$p0" ] && ok "next prompt moved from $p0 to $p1" || fail "next prompt $p1, was $p0"
[ "$(field open_prompt)" = 0 ] && ok "no prompt opened" || fail "open prompt $(field open_prompt)"

# ---- stop: no coach, the same rows go straight into the store ---------------
kill -TERM "$BPID"; wait "$BPID"; rc=$?; BPID=
[ $rc = 0 ] && ok "coach stopped" || fail "coach exit $rc"
"$BUDGE" now feet --count 1 --speed 200 <"$T/yes" >"$T/now.out" 2>"$T/now.err"
rc=$?
[ $rc = 0 ] && ok "now without a coach: exit 0" || fail "now without a coach: exit $rc: $(cat "$T/now.err")"
grep -q "Logged 1 movement as done\. Nice\." "$T/now.out" && ok "now logged it itself" || fail "now: $(tail -2 "$T/now.out")"
[ "$(q "SELECT count(*) FROM events WHERE kind='response' AND text='guided' AND response='done' AND prompt_kind='micro' AND region='feet' AND prompt_id=0")" = 4 ] &&
	ok "4 guided rows, alike" || fail "guided rows: $(q "SELECT * FROM events WHERE text='guided'")"
"$BUDGE" report --json >"$T/r.json" || fail "report failed"
# as guided movements, not as answers to prompts
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; sys.exit(0 if t["guided"] == 4 and t["done"] == 0 and t["prompts"] == 0 else 1)' "$T/r.json" &&
	ok "the report counts both ways alike" || fail "report totals: $(cat "$T/r.json")"

# ---- a bus that does not answer does not block the coach ------------------
# (the dbus-daemon is stopped: the name question gets no answer)
rows=$(q "SELECT count(*) FROM events")
kill -STOP "$DPID"
"$BUDGE" run --idle none --no-notify >"$T/stall.out" 2>"$T/stall.err" &
SPID=$!
sleep 1
t0=$(date +%s)
kill -TERM "$SPID"
i=0
while kill -0 "$SPID" 2>/dev/null && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
if kill -0 "$SPID" 2>/dev/null; then
	fail "a coach waiting for the bus does not stop on SIGTERM"
	kill -KILL "$SPID"
fi
wait "$SPID"; rc=$?; SPID=
[ $rc = 0 ] && ok "SIGTERM while the bus is silent: exit 0 within $(($(date +%s) - t0)) s" || fail "exit $rc while the bus is silent"
kill -CONT "$DPID"
[ "$(q "SELECT count(*) FROM events")" = "$rows" ] && ok "nothing recorded before the name was answered" ||
	fail "rows written before the name was answered"

# ---- a bus that refuses the name: coaching goes on without the API ---------
mkdir -p "$T/deny"
sed 's|<allow own="\*"/>|<allow own="*"/><deny own="org.budge.Coach1"/>|; s|unix:dir=[^<]*|unix:dir='"$T/deny"'|' \
	"$T/bus/bus.conf" >"$T/deny/bus.conf"
dbus-daemon --config-file="$T/deny/bus.conf" --nofork --nopidfile --print-address=3 \
	3>"$T/deny/bus.address" >/dev/null 2>&1 &
DENY=$!
i=0
until [ -s "$T/deny/bus.address" ] || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$T/deny/bus.address") "$BUDGE" run --idle none --no-notify >"$T/deny.out" 2>"$T/deny.err" &
SPID=$!
wait_log "$T/deny.err" "coach started" 50 && ok "coach starts although the name is refused" || fail "no start: $(cat "$T/deny.err")"
grep -q "D-Bus API not available" "$T/deny.err" && ok "says the API is not available" || fail "deny: $(cat "$T/deny.err")"
kill -TERM "$SPID"; wait "$SPID"; rc=$?; SPID=
[ $rc = 0 ] && ok "coach without the API stops cleanly" || fail "exit $rc"
kill "$DENY" 2>/dev/null; wait "$DENY" 2>/dev/null

if [ $FAILS -gt 0 ]; then
	echo "---- coach stderr"; cat "$T/run.err"
	exit 1
fi
echo "all checks passed"
