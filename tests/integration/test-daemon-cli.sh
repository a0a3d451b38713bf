#!/bin/sh
# SPDX-License-Identifier: MIT
# The coach without a desktop: `budge run --idle stdin --no-notify` on a
# private session bus, idle reports written to its standard input, prompts
# on its standard output, answered with the CLI and over D-Bus. Also the
# command-line and config errors of `run` and the control commands.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }

DPID= BPID=
PIDS_TO_KILL="BPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
expect_rc() { # expect_rc WANT DESCRIPTION CMD...
	want=$1 what=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; rc=$?
	[ $rc = "$want" ] && ok "$what (exit $rc)" || { fail "$what: exit $rc, expected $want"; cat "$T/err"; }
}

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"

# ---- errors before anything runs ------------------------------------------
expect_rc 2 "run --idle bogus" "$BUDGE" run --idle bogus
grep -q "unknown idle source 'bogus'" "$T/err" || fail "no message for a bad --idle"
expect_rc 2 "run with a stray argument" "$BUDGE" run extra
printf '[sitting]\nlimit = 10s\n' >"$T/bad.conf"
expect_rc 3 "run with an invalid config" "$BUDGE" run --config "$T/bad.conf" --idle none
grep -q "bad.conf:2" "$T/err" && ok "config error names file:line" || fail "config error without file:line: $(cat "$T/err")"
BUDGE_TEST_TIME_SCALE=x expect_rc 2 "bad BUDGE_TEST_TIME_SCALE" "$BUDGE" run --idle none
DBUS_SESSION_BUS_ADDRESS=unix:path=$T/nobus expect_rc 5 "status without a bus" "$BUDGE" status
grep -q "no coach is running" "$T/err" || fail "status without a bus: unclear message"
expect_rc 2 "status with a bad option" "$BUDGE" status --bogus
expect_rc 0 "status --help" "$BUDGE" status --help
for st in present idle away paused quiet meeting stopped; do
	grep -q "$st" "$T/out" || fail "status --help does not name the state '$st'"
done
expect_rc 0 "run --help" "$BUDGE" run --help
grep -q -- "--idle NAME" "$T/out" || fail "run --help lacks --idle"

# ---- a private bus --------------------------------------------------------
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
expect_rc 5 "status with a bus but no coach" "$BUDGE" status
expect_rc 5 "done with no coach" "$BUDGE" done
expect_rc 5 "config reload with no coach" "$BUDGE" config reload
grep -q "no coach is running" "$T/err" || fail "config reload with no coach: unclear message"

# ---- the coach, scripted idle on stdin, prompts on stdout -----------------
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
CFG
mkfifo "$T/idle"
BUDGE_TEST_TIME_SCALE=3 "$BUDGE" run --idle stdin --no-notify <"$T/idle" >"$T/run.out" 2>"$T/run.err" &
BPID=$!
exec 3>"$T/idle"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
wait_coach || { echo "coach did not start"; cat "$T/run.err"; exit 1; }
[ "$(field state)" = present ] && ok "present at start" || fail "state $(field state) at start"
[ "$(field idle_backend)" = stdin ] && ok "idle backend stdin" || fail "idle backend $(field idle_backend)"
[ "$(field notifications)" = terminal ] && ok "terminal notifications" || fail "notifications $(field notifications)"
BUDGE_TEST_TIME_SCALE=3 expect_rc 1 "a second coach in the same session" "$BUDGE" run --idle none --no-notify
grep -q "already running" "$T/err" || fail "second coach: unclear message: $(cat "$T/err")"
# one coach per database whatever the bus: without one, a second coach on
# the same data directory used to start (the check needed the bus)
DBUS_SESSION_BUS_ADDRESS=unix:path=$T/nobus BUDGE_TEST_TIME_SCALE=3 \
	expect_rc 1 "a second coach on the same database without a bus" "$BUDGE" run --idle none --no-notify
grep -q "another coach is already running on $XDG_DATA_HOME/budge/budge.db, pid $BPID" "$T/err" ||
	fail "second coach without a bus: $(cat "$T/err")"

# idle since 2 minutes (engine) ago, i.e. since the bout began: idle once
# the bout is older than the gap (18 s = 6 s real)
echo "idle 40000" >&3
i=0
until [ "$(field state)" = idle ] || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(field state)" = idle ] && ok "idle after 'idle 40000'" || fail "state $(field state) after idle"
echo active >&3
sleep 1
[ "$(field state)" = present ] && ok "present after 'active'" || fail "state $(field state) after active"
s=$(field sitting_s)
[ "${s:-99}" -lt 15 ] && ok "new bout after the break (sitting_s=$s)" || fail "sitting_s=$s after a break"
expect_rc 1 "done with no open prompt" "$BUDGE" done
grep -q "no open prompt" "$T/err" || fail "done: unclear message"

# the movement break after 1m (engine) = 20 s; from noon on, the first one
# of the day is the walking plan's walk ("Today's walk")
BREAK_RE="Time to get up|Today's walk"
i=0
until grep -q -E "$BREAK_RE" "$T/run.out"; do
	i=$((i + 1)); [ $i -gt 300 ] && break
	sleep 0.1
done
grep -q -E "$BREAK_RE" "$T/run.out" && ok "prompt printed on stdout" || fail "no prompt on stdout"
# and the title is the one of the kind the coach recorded
kind=$(sqlite3 "$XDG_DATA_HOME/budge/budge.db" \
	"select prompt_kind from events where kind='prompt' order by id desc limit 1")
want=$(prompt_title "$kind")
[ -n "$want" ] && grep -q "$want" "$T/run.out" && ok "the $kind prompt is titled '$want'" ||
	fail "prompt kind '$kind' recorded, stdout: $(head -n 3 "$T/run.out")"
grep -q "budge done" "$T/run.out" && ok "prompt says how to answer" || fail "prompt without answer hint"
[ "$(field open_prompt)" != 0 ] && ok "prompt open" || fail "no open prompt"
expect_rc 0 "snooze" "$BUDGE" snooze
[ "$(field open_prompt)" = 0 ] && ok "snooze closed the prompt" || fail "prompt still open after snooze"

# ---- today's report counts the bout in progress (it used to say "Sitting
# 0m in 0 bouts" after 18 minutes of sitting) --------------------------------
sit=$(field sitting_s)
"$BUDGE" report --json >"$T/rep.json" 2>"$T/err" || fail "report while coaching"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["days"][-1]; sys.exit(0 if d["open_bout_s"] >= int(sys.argv[2]) and d["bouts"] >= 1 and d["sitting_s"] >= d["open_bout_s"] else 1)' \
	"$T/rep.json" "$sit" && ok "report counts the open bout (${sit}s or more)" ||
	fail "report without the open bout: $(cat "$T/rep.json")"
NO_COLOR=1 "$BUDGE" report >"$T/rep.txt" 2>&1
grep -q "^Sitting .*(one in progress, " "$T/rep.txt" && ok "report text says one is in progress" ||
	fail "report text: $(grep Sitting "$T/rep.txt")"

# ---- the D-Bus API directly ---------------------------------------------
busctl --user introspect org.budge.Coach1 /org/budge/Coach1 >"$T/intro" 2>&1
for m in .Respond .Pause .Resume .Reload .MeetingStart .MeetingEnd .Status .Prompt .State .SittingSeconds .NextPromptAt .PlanWeek; do
	grep -q -- "^$m " "$T/intro" || fail "introspection lacks $m"
done
ok "introspection"
busctl --user call org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 Respond s nope >"$T/out" 2>&1 \
	&& fail "Respond nope accepted" || { grep -q "unknown response 'nope'" "$T/out" && ok "Respond validates" || fail "Respond: $(cat "$T/out")"; }
busctl --user call org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 Pause t 999999999 >"$T/out" 2>&1 \
	&& fail "a 30-year pause accepted" || { grep -q "too long" "$T/out" && ok "Pause validates" || fail "Pause: $(cat "$T/out")"; }
st=$(busctl --user get-property org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 State)
[ "$st" = 's "present"' ] && ok "State property" || fail "State property: $st"
expect_rc 2 "pause with a bad duration" "$BUDGE" pause soon
expect_rc 0 "pause 1h" "$BUDGE" pause 1h
[ "$(field state)" = paused ] && ok "paused" || fail "state $(field state) after pause"
[ "$(field paused_until)" != null ] && ok "paused_until set" || fail "paused_until null"
expect_rc 0 "resume" "$BUDGE" resume
grep -qx "coaching resumed" "$T/out" || fail "resume: $(cat "$T/out")"
expect_rc 0 "resume with nothing paused" "$BUDGE" resume
grep -q "was not paused" "$T/out" && ok "resume says nothing was paused" || fail "resume: $(cat "$T/out")"
# a pause that ends on another day shows that day
expect_rc 0 "pause 30h" "$BUDGE" pause 30h
"$BUDGE" status >"$T/out" 2>&1
grep -Eq "^paused: +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$" "$T/out" &&
	ok "a pause until another day shows the date" || fail "status: $(grep paused "$T/out")"
expect_rc 0 "resume the 30h pause" "$BUDGE" resume

# ---- a request that cannot be stored is an error, and nothing changes -----
# (a soft file size limit of 1 byte on the coach: every write fails as on a full
# disk; it used to answer "recorded" and count it anyway)
DB="$XDG_DATA_HOME/budge/budge.db"
pauses=$(sqlite3 "$DB" "select count(*) from events where kind='pause'")
prlimit --pid "$BPID" --fsize=1:unlimited
expect_rc 4 "pause while nothing can be stored" "$BUDGE" pause 1h
grep -q "could not store this, so nothing changed" "$T/err" && ok "the error says nothing changed" ||
	fail "pause on a full disk: $(cat "$T/err")"
[ "$(field state)" != paused ] && ok "not paused after the failed write" ||
	fail "paused although the pause was not stored"
expect_rc 4 "meeting while nothing can be stored" "$BUDGE" meeting 30m
[ "$(field state)" != meeting ] && ok "no meeting after the failed write" || fail "meeting not stored but on"
# what the coach does on its own meanwhile (here: going idle ends the bout)
# is kept in memory and written once there is room, before the next row
idles=$(sqlite3 "$DB" "select count(*) from events where kind='presence' and text='idle'")
bouts=$(sqlite3 "$DB" "select count(*) from events where kind='bout'")
echo "idle 40000" >&3
wait_field state idle 50 || fail "state $(field state) after idle on a full disk"
# (the coach's log cannot grow either: the limit is on every file it writes)
n=$(sqlite3 "$DB" "select count(*) from events where kind='presence' and text='idle'")
[ "$n" = "$idles" ] && ok "the idle row is not stored yet" || fail "idle rows $n while nothing can be stored"
prlimit --pid "$BPID" --fsize=unlimited:unlimited
kill -0 "$BPID" && ok "the coach survives failed writes" || fail "the coach died on a failed write"
echo active >&3
wait_field state present 50 || fail "state $(field state) after active"
wait_log "$T/run.err" "rows kept after failed writes are stored now" 30 &&
	ok "the kept rows are written when there is room" || fail "kept rows not written"
n=$(sqlite3 "$DB" "select count(*) from events where kind='presence' and text='idle'")
[ "$n" = $((idles + 1)) ] && ok "the idle row is stored" || fail "idle rows $n, $idles before"
n=$(sqlite3 "$DB" "select count(*) from events where kind='bout'")
[ "$n" = $((bouts + 1)) ] && ok "the bout row is stored" || fail "bout rows $n, $bouts before"
expect_rc 0 "pause once there is room again" "$BUDGE" pause 1h
[ "$(field state)" = paused ] && ok "paused after the retry" || fail "state $(field state) after the retry"
n=$(sqlite3 "$DB" "select count(*) from events where kind='pause'")
[ "$n" = $((pauses + 1)) ] && ok "exactly the stored pause is in the log" || fail "pause rows $n, $pauses before"
[ "$(sqlite3 "$DB" "pragma integrity_check")" = ok ] && ok "integrity_check ok" || fail "integrity_check"
expect_rc 0 "resume after the retry" "$BUDGE" resume

# ---- SIGHUP: a good file is taken, a broken one keeps the running config ---
sed -i 's/^limit = 1m$/limit = 2m/' "$XDG_CONFIG_HOME/budge/config"
kill -HUP "$BPID"
i=0
until grep -q "configuration reloaded" "$T/run.err" || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
grep -q "configuration reloaded" "$T/run.err" && ok "reload of a good config" || fail "no reload"
printf '[sitting]\nlimit = banana\n' >>"$XDG_CONFIG_HOME/budge/config"
kill -HUP "$BPID"
sleep 0.5
kill -0 "$BPID" && ok "survives a reload of a broken config" || fail "died on reload"
grep -q "keeping the running configuration" "$T/run.err" && ok "reload error reported" || fail "no reload error"
grep -q "config:13" "$T/run.err" && ok "reload error names the line" || fail "reload error without line"

# ---- budge config reload: the same over D-Bus, the error to the caller ------
expect_rc 3 "config reload of a broken file" "$BUDGE" config reload
grep -q "config:13" "$T/err" && ok "config reload names file:line" || fail "config reload error: $(cat "$T/err")"
expect_rc 2 "config reload with an argument" "$BUDGE" config reload extra
sed -i '/banana/d' "$XDG_CONFIG_HOME/budge/config"
expect_rc 0 "config reload of a good file" "$BUDGE" config reload
kill -0 "$BPID" && ok "coach alive after config reload" || fail "coach died on config reload"

# ---- error replies: valid UTF-8, short, at once ----------------------------
# (a message cut in the middle of a character is refused by sd-bus: the
# caller used to wait for its timeout instead of getting the error)
# took CMD...: run CMD, $took its seconds
took() { _t0=$(date +%s%N); "$@" >"$T/out" 2>&1; _rc=$?; took=$((($(date +%s%N) - _t0) / 1000000000)); return $_rc; }
a79=$(printf 'a%.0s' $(seq 79))
took busctl --user --timeout=20 call org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 \
	RecordDone s "${a79}é" && fail "RecordDone of an unknown movement accepted"
grep -q "unknown movement" "$T/out" && [ "$took" -le 2 ] && ok "RecordDone error at once (${took} s)" ||
	fail "RecordDone ${a79}é: after $took s: $(head -c 300 "$T/out")"
big=$(head -c 100000 /dev/zero | tr '\0' 'x')
took busctl --user --timeout=20 call org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 \
	Respond s "$big" && fail "Respond of 100 kB accepted"
n=$(wc -c <"$T/out")
grep -q "unknown response" "$T/out" && [ "$n" -lt 400 ] && ok "Respond error is short ($n bytes)" ||
	fail "Respond 100 kB: $n bytes: $(head -c 200 "$T/out")"
a39=$(printf 'a%.0s' $(seq 39))
cp "$XDG_CONFIG_HOME/budge/config" "$T/config.good"
for bad in "${a39}é" "$(printf 'x\377\376y')"; do
	printf '[sitting]\nlimit = %s\n' "$bad" >"$XDG_CONFIG_HOME/budge/config"
	took "$BUDGE" config reload
	rc=$?
	[ $rc = 3 ] && [ "$took" -le 2 ] && grep -q "config:2: \[sitting\] limit" "$T/out" &&
		ok "config reload of a bad value names file:line at once" ||
		fail "config reload of a bad value: exit $rc after $took s: $(cat "$T/out")"
	cp "$T/config.good" "$XDG_CONFIG_HOME/budge/config"
done

# ---- check-in guidance: an emergency stop, then a region red flag ----------
CHK="--tightness no --cues effective --natural yes --pain 2"
# shellcheck disable=SC2086
expect_rc 0 "check-in with an emergency sign" "$BUDGE" checkin $CHK --red-flags bladder
[ "$(field state)" = stopped ] && ok "status: stopped after an emergency sign" || fail "state $(field state) after an emergency sign"
[ "$(field stop_reason)" = redflag-emergency ] && ok "status gives the stop reason" || fail "stop_reason $(field stop_reason)"
[ "$(field next_prompt_at)" = null ] && ok "no prompt planned while stopped" || fail "next prompt $(field next_prompt_at) while stopped"
"$BUDGE" status >"$T/out" 2>&1
grep -q "clear-red-flags" "$T/out" && ok "status text says how to lift the stop" || fail "status text: $(cat "$T/out")"
expect_rc 1 "resume does not lift an emergency stop" "$BUDGE" resume
grep -q "clear-red-flags" "$T/err" || fail "resume while stopped: unclear message: $(cat "$T/err")"
[ "$(field state)" = stopped ] && ok "still stopped after resume" || fail "state $(field state) after resume"
np=$(grep -c "budge done" "$T/run.out")
sleep 3
[ "$(grep -c "budge done" "$T/run.out")" = "$np" ] && ok "no prompt while stopped" || fail "a prompt arrived while stopped"
expect_rc 0 "check-in --clear-red-flags" "$BUDGE" checkin --clear-red-flags
[ "$(field state)" = present ] && ok "coaching resumes after clearing" || fail "state $(field state) after clearing"
[ "$(field next_prompt_at)" != null ] && ok "a prompt is planned again" || fail "no prompt planned after clearing"
# shellcheck disable=SC2086
expect_rc 0 "check-in with a region red flag" "$BUDGE" checkin $CHK --red-flags infection --flag-region neck
"$BUDGE" status --json >"$T/out"
grep -q '"blocked_regions":\["neck"\]' "$T/out" && ok "neck blocked after a region red flag" || fail "blocked regions: $(cat "$T/out")"
[ "$(field state)" = present ] && ok "a region flag does not stop coaching" || fail "state $(field state) with a region flag"
"$BUDGE" status >"$T/out" 2>&1
grep -q "not coached: neck" "$T/out" && ok "status text lists the blocked region" || fail "status text: $(cat "$T/out")"
grep -q "not coaching these regions.*neck" "$T/run.err" && ok "coach logged the blocked region" || fail "no log of the blocked region"
expect_rc 0 "clear the region flag" "$BUDGE" checkin --clear-red-flags
[ "$("$BUDGE" status --json | grep -c '"blocked_regions":\[\]')" = 1 ] && ok "no region blocked after clearing" || fail "regions still blocked after clearing"

# ---- clean stop -------------------------------------------------------------
# today's counts, which a restart the same day keeps
prompts_before=$(field prompts_today)
day_before=$(field now | cut -c1-10)
kill -TERM "$BPID"; wait "$BPID"; rc=$?; BPID=
[ $rc = 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
DB="$XDG_DATA_HOME/budge/budge.db"
n=$(sqlite3 "$DB" "select count(*) from events where kind='response' and response='snooze'")
[ "$n" = 1 ] && ok "snooze recorded" || fail "snooze rows: $n"

# ---- a restart the same day keeps today's counts (the same store) ----------
# (no micro prompts and the default 30m limit: nothing is prompted meanwhile)
printf '[general]\nwork_hours = always\n[prompts]\nmicro = false\n' >"$XDG_CONFIG_HOME/budge/config"
"$BUDGE" run --idle none --no-notify >"$T/run1b.out" 2>"$T/run1b.err" &
BPID=$!
wait_coach
p=$(field prompts_today)
if [ "$(field now | cut -c1-10)" = "$day_before" ]; then
	[ "${prompts_before:-0}" -ge 1 ] && [ "$p" = "$prompts_before" ] &&
		ok "restart kept today's count (prompts_today=$p)" ||
		fail "prompts_today=$p after a restart, $prompts_before before"
else
	# the restart crossed midnight: a new day's count starts from 0
	[ "$p" = 0 ] && ok "restart crossed midnight: prompts_today=0" ||
		fail "prompts_today=$p on the day after the restart"
fi
kill -TERM "$BPID"; wait "$BPID"; BPID=

# ---- prompt ids stay unique across restarts, even when the saved state is
# lost (ids used to start at 1 again at each start) --------------------------
n0=$(sqlite3 "$DB" "select count(*) from events where kind='prompt'")
sqlite3 "$DB" "delete from kv where key = 'engine.state'"
printf '[general]\nwork_hours = always\n[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n' \
	>"$XDG_CONFIG_HOME/budge/config"
BUDGE_TEST_TIME_SCALE=60 "$BUDGE" run --idle none --no-notify >"$T/run1c.out" 2>"$T/run1c.err" &
BPID=$!
wait_coach
i=0
until [ "$(sqlite3 "$DB" "select count(*) from events where kind='prompt'")" -gt "$n0" ] ||
	[ $i -gt 150 ]; do i=$((i + 1)); sleep 0.1; done
kill -TERM "$BPID"; wait "$BPID"; BPID=
u=$(sqlite3 "$DB" "select count(*) || ' ' || count(distinct prompt_id) from events where kind='prompt'")
[ "${u% *}" -gt "$n0" ] && [ "${u% *}" = "${u#* }" ] &&
	ok "prompt ids unique across restarts ($u)" || fail "prompts, distinct ids: $u (before: $n0)"

# ---- a restart continues the sitting bout (real time, a fresh store) -------
export XDG_DATA_HOME="$T/data2"
printf '[general]\nwork_hours = always\n' >"$XDG_CONFIG_HOME/budge/config"
"$BUDGE" run --idle none --no-notify >"$T/run2.out" 2>"$T/run2.err" &
BPID=$!
wait_coach
sleep 3
kill -TERM "$BPID"; wait "$BPID"; BPID=
"$BUDGE" run --idle none --no-notify >"$T/run2.out" 2>"$T/run2.err" &
BPID=$!
wait_coach
s=$(field sitting_s)
[ "${s:-0}" -ge 3 ] && ok "restart resumed the bout (sitting_s=$s)" || fail "sitting_s=$s after a restart, expected >= 3"
grep -q "resumed the saved state" "$T/run2.err" && ok "restart says it resumed" || fail "no resume message"
kill -TERM "$BPID"; wait "$BPID"; BPID=

if [ $FAILS -gt 0 ]; then
	echo "---- coach stderr"; cat "$T/run.err"; echo "---- coach stdout"; cat "$T/run.out"
	exit 1
fi
echo "all checks passed"
