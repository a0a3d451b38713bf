#!/bin/sh
# budge simulate: a handwritten trace with prompt times worked out from the
# rules (budge(5), TRACE FILES; DESIGN §3), --json, bad trace lines,
# synthetic days, --into a database.
set -u
: "${BUDGE:?set BUDGE to the budge binary}"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_CONFIG_HOME="$tmp/cfg" XDG_DATA_HOME="$tmp/data" HOME="$tmp/home" TZ=UTC
mkdir -p "$HOME" "$XDG_CONFIG_HOME/budge"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() {
	want=$1; shift
	"$BUDGE" simulate "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "budge simulate $*: exit $got, expected $want"
		sed 's/^/  stdout: /' "$tmp/out" | head -20; sed 's/^/  stderr: /' "$tmp/err"
	fi
}
has() { grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; sed 's/^/  | /' "$1" | head -20; }; }
json_eval() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" ||
		fail "JSON check failed: $2"
}

# Two movements: toe-spread (feet, every 10 min of sitting, discreet) and
# pelvic-tilt (pelvis, every 15 min, not discreet).
cat >"$tmp/moves.ini" <<'INI'
[toe-spread]
title = Toe spread
region = feet
position = seated
discreet = yes
default = yes
cue = Spread your toes wide, then relax.
step = Spread all ten toes and hold 2 s.
dose = 5 times
cadence = 10m
evidence = test
[pelvic-tilt]
title = Pelvic tilt
region = pelvis
position = seated
discreet = no
default = yes
cue = Rock the pelvis forward and back.
step = Roll forward and back slowly.
dose = 5 times
cadence = 15m
evidence = test
INI
# The handwritten trace below is reasoned with these prompt limits (not
# the defaults): no micro slot, 5 min between prompts, 6 an hour.
cat >"$tmp/config" <<'INI'
[prompts]
min_gap = 5m
max_per_hour = 6
micro_interval = 0
[plan]
start_regions = feet, pelvis
INI

cat >"$tmp/day.trace" <<'TRACE'
# A Monday. $tmp/config: limit 30m, gap 2m, min_gap 5m, 6 prompts/hour, no
# micro slot, response timeout 2m, work hours Mon-Fri 08:00-18:00.
day 2026-01-05
08:50 active
09:00:30 respond done     # toe-spread of 09:00
09:12 idle                # thinking for a minute: still sitting
09:13 active
09:15 meeting-start
09:35 meeting-end
09:36 respond done        # the movement break of 09:35
09:40 lock                # coffee: the bout 08:50-09:40 ends
09:50 unlock              # a new bout; a full 10-minute break
10:30 pause 1h
11:31 respond done        # the movement break of 11:30
11:40 lock
TRACE
# Expected, by the rules:
#  09:00 toe-spread: 10 min of sitting. 09:05 pelvic-tilt: 15 min.
#  09:10 toe-spread again. Meeting 09:15-09:35: pelvic-tilt (not discreet)
#  waits, toe-spread at 09:20 and 09:30; the movement break due at 09:20
#  comes right after the meeting, 09:35. Back at 09:50, five prompts
#  since 09:00 plus the cap of 6 per hour hold everything until 10:00:
#  pelvic-tilt (most overdue, region not done today, not shown lately);
#  10:05 toe-spread; 10:15 pelvic-tilt; 10:20 the break (30 min after
#  09:50); its re-prompt (10:25) is held by the hourly cap, then by the
#  pause 10:30-11:30, so it comes at 11:30. 11:35 toe-spread (90 min
#  overdue, shown once lately, vs pelvic-tilt shown twice).
cat >"$tmp/expect" <<'EOF2'
2026-01-05 09:00:00 micro toe-spread
2026-01-05 09:05:00 micro pelvic-tilt
2026-01-05 09:10:00 micro toe-spread
2026-01-05 09:20:00 micro toe-spread
2026-01-05 09:30:00 micro toe-spread
2026-01-05 09:35:00 movement_break
2026-01-05 10:00:00 micro pelvic-tilt
2026-01-05 10:05:00 micro toe-spread
2026-01-05 10:15:00 micro pelvic-tilt
2026-01-05 10:20:00 movement_break
2026-01-05 11:30:00 movement_break
2026-01-05 11:35:00 micro toe-spread
EOF2

# 1. help
run 0 --help
has "$tmp/out" "Usage: budge simulate"

# 2. the handwritten trace: prompt times
run 0 --trace "$tmp/day.trace" --config "$tmp/config" --catalog "$tmp/moves.ini"
awk '$3 == "micro" { print $1, $2, $3, $4; next }
     $3 == "movement_break" || $3 == "walk" { print $1, $2, $3 }' "$tmp/out" >"$tmp/got"
if ! cmp -s "$tmp/expect" "$tmp/got"; then
	fail "prompt times differ from the rules"
	diff "$tmp/expect" "$tmp/got" | sed 's/^/  /'
fi
# summary: bouts 08:50-09:40 and 09:50-11:40 (2h40m), one full break,
# 12 prompts, 3 done, 9 ignored
has "$tmp/out" "2026-01-05: sitting 2h40m in 2 bouts (longest 1h50m, 2 over the limit); 1 breaks (1 full"
has "$tmp/out" "12 prompts: 3 done, 0 snoozed, 0 skipped, 9 ignored"

# 3. --json: valid, the same prompts, the day's numbers
run 0 --trace "$tmp/day.trace" --config "$tmp/config" --catalog "$tmp/moves.ini" --json
json_eval "$tmp/out" "set(d) == {'prompts', 'days'} and len(d['prompts']) == 12"
json_eval "$tmp/out" "[p['time'][11:16] for p in d['prompts']] == ['09:00','09:05','09:10','09:20','09:30','09:35','10:00','10:05','10:15','10:20','11:30','11:35']"
json_eval "$tmp/out" "d['prompts'][3] == {'time': '2026-01-05T09:20:00', 'kind': 'micro', 'movement': 'toe-spread', 'region': 'feet', 'discreet': True, 'after_meeting': False}"
json_eval "$tmp/out" "d['prompts'][5]['kind'] == 'movement_break' and d['prompts'][5]['movement'] is None"
json_eval "$tmp/out" "d['days'] == [{'date': '2026-01-05', 'sitting_s': 9600, 'bouts': 2, 'longest_bout_s': 6600, 'bouts_over_limit': 2, 'breaks': 1, 'prompts': 12, 'done': 3, 'skipped': 0, 'ignored': 9}]"

# 4. the same trace from standard input gives the same output
"$BUDGE" simulate --trace - --config "$tmp/config" --catalog "$tmp/moves.ini" --json \
	<"$tmp/day.trace" >"$tmp/out2" 2>/dev/null || fail "--trace - failed"
cmp -s "$tmp/out" "$tmp/out2" || fail "--trace - differs from --trace FILE"

# 5. bad trace lines: exit 6, FILE:LINE and what was expected, no stdout
check_bad() { # LINE-NUMBER EXPECTED-TEXT (trace in $tmp/bad.trace)
	run 6 --trace "$tmp/bad.trace" --catalog "$tmp/moves.ini" --json
	has "$tmp/err" "$tmp/bad.trace:$1:"
	has "$tmp/err" "$2"
	[ ! -s "$tmp/out" ] || fail "output despite a bad trace"
}
printf 'day 2026-01-05\n09:00 active\n09:10 jump\n' >"$tmp/bad.trace"
check_bad 3 "unknown event 'jump': expected one of active, idle"
printf '09:00 active\n' >"$tmp/bad.trace"
check_bad 1 "expected 'day YYYY-MM-DD' before the first event"
printf 'day 2026-02-30\n' >"$tmp/bad.trace"
check_bad 1 "'2026-02-30' is not a date: expected YYYY-MM-DD"
printf '# c\nday 2026-01-05\n09:00 active\n9:5 idle\n' >"$tmp/bad.trace"
check_bad 4 "expected 'day YYYY-MM-DD' or a time HH:MM[:SS]"
printf 'day 2026-01-05\n09:00 active\n08:00 idle\n' >"$tmp/bad.trace"
check_bad 3 "expected a time at or after 09:00:00"
printf 'day 2026-01-05\n09:00 respond maybe\n' >"$tmp/bad.trace"
check_bad 2 "done, snooze, skip, too-hard or hurts"
printf 'day 2026-01-05\n09:00 pause soon\n' >"$tmp/bad.trace"
check_bad 2 "'soon' is not a duration"
printf 'day 2026-01-06\nday 2026-01-05\n' >"$tmp/bad.trace"
check_bad 2 "expected a day after 2026-01-06"
run 6 --trace "$tmp/missing.trace"
has "$tmp/err" "missing.trace"

# a response with nothing to answer is a warning, not an error
printf 'day 2026-01-05\n09:00 active\n09:01 respond done\n' >"$tmp/warn.trace"
run 0 --trace "$tmp/warn.trace" --catalog "$tmp/moves.ini"
has "$tmp/err" "warn.trace:3: warning: no prompt is open"

# 6. usage errors
run 2
run 2 --days 0
run 2 --days 3 --trace "$tmp/day.trace"
run 2 --days 3 --start 2026-13-01
run 2 --bogus

# 7. synthetic days with the built-in catalog: deterministic per seed
run 0 --days 14 --seed 7 --json
cp "$tmp/out" "$tmp/s7"
json_eval "$tmp/s7" "len(d['days']) == 10 and len(d['prompts']) > 50"
json_eval "$tmp/s7" "all(p['kind'] in ('micro','movement_break','walk') for p in d['prompts'])"
run 0 --days 14 --seed 7 --json
cmp -s "$tmp/s7" "$tmp/out" || fail "same seed, different output"
run 0 --days 14 --seed 8 --json
cmp -s "$tmp/s7" "$tmp/out" && fail "different seeds, same output"

# 8. --into: the events land in a database the reports can read
run 0 --trace "$tmp/day.trace" --config "$tmp/config" --catalog "$tmp/moves.ini" --into "$tmp/sim.db"
[ -s "$tmp/sim.db" ] || fail "--into wrote no database"
n=$(sqlite3 "$tmp/sim.db" "select count(*) from events where kind = 'prompt'" 2>/dev/null) &&
	[ "$n" = 12 ] || fail "--into: expected 12 prompt rows, got '$n'"
# every simulated row is marked, and the report says the day was simulated
[ "$(sqlite3 "$tmp/sim.db" "select count(*) from events where synthetic = 0")" = 0 ] ||
	fail "--into: rows not marked synthetic"
NO_COLOR=1 "$BUDGE" report --db "$tmp/sim.db" --date 2026-01-05 >"$tmp/rep" 2>&1
grep -q "^budge — Monday 2026-01-05 (simulated)" "$tmp/rep" || fail "report: $(head -n 1 "$tmp/rep")"
"$BUDGE" report --db "$tmp/sim.db" --date 2026-01-05 --json >"$tmp/rep" 2>&1
json_eval "$tmp/rep" "d['days'][0]['synthetic'] is True"
# a database with lived events is refused (simulated rows would stay for
# good), and the refusal writes nothing
"$BUDGE" walk 10 --db "$tmp/lived.db" >/dev/null 2>&1 || fail "cannot make lived.db"
run 2 --days 2 --into "$tmp/lived.db"
grep -q "lived.db holds 1 event that was lived, not simulated" "$tmp/err" ||
	fail "--into a lived database: $(cat "$tmp/err")"
[ "$(sqlite3 "$tmp/lived.db" "select count(*) from events")" = 1 ] || fail "the refused --into wrote rows"
run 0 --days 2 --into "$tmp/lived.db" --into-existing
[ "$(sqlite3 "$tmp/lived.db" "select count(*) from events where synthetic = 1")" -gt 0 ] ||
	fail "--into-existing wrote no marked rows"
# a month of synthetic days ends today by default, so that `report month`
# shows it
# (seven days hold five workdays, whichever day today is)
run 0 --days 7 --json
json_eval "$tmp/out" "len(d['days']) == 5 and all('$(date -d '6 days ago' +%F)' <= x['date'] <= '$(date +%F)' for x in d['days'])"

# 9. humane defaults with the built-in catalog: at most one micro prompt
#    per 15 min of sitting (so micro prompts are >= 15 min apart), never two
#    prompts within 10 min, at most 4 in any hour (but for a break held by a
#    meeting, at its end); whole-body movements
#    come only with the movement break, which names one
run 0 --days 10 --seed 3 --json
cp "$tmp/out" "$tmp/s3"
json_eval "$tmp/s3" "len(d['prompts']) > 0"
cat >"$tmp/humane.py" <<'PY'
import json, sys
from datetime import datetime
d = json.load(open(sys.argv[1]))
t = [datetime.fromisoformat(p['time']).timestamp() for p in d['prompts']]
micro = [x for x, p in zip(t, d['prompts']) if p['kind'] == 'micro']
bad = []
# a break a meeting held comes at the meeting's end, right after a discreet
# prompt of the meeting if there was one: not counted against the caps
ps = d['prompts']
held = [p['after_meeting'] for p in ps]
if any(b - a < 600 and not h for a, b, h in zip(t, t[1:], held[1:])):
    bad.append('two prompts within 10 min')
if any(b - a < 900 for a, b in zip(micro, micro[1:])):
    bad.append('two micro prompts within 15 min')
tc = [x for x, h in zip(t, held) if not h]
if any(sum(1 for y in tc if x <= y < x + 3600) > 4 for x in tc):
    bad.append('more than 4 prompts in an hour')
work = [x for x in d['days'] if x['bouts'] > 0]
if sum(x['prompts'] for x in work) > 35 * len(work):
    bad.append('more than 35 prompts a day')
if any(p['kind'] == 'micro' and p['region'] == 'whole-body' for p in d['prompts']):
    bad.append('a whole-body micro prompt')
if not all(p['movement'] == 'walk-break' for p in d['prompts'] if p['kind'] == 'movement_break'):
    bad.append('a movement break without walk-break')
print('; '.join(bad))
sys.exit(1 if bad else 0)
PY
python3 "$tmp/humane.py" "$tmp/s3" || fail "synthetic days with the defaults are not humane"

# 10. --into writes one transaction per day, not one per row: count the
#     syncs (only where strace works; not under the sanitizers, whose
#     runtime does not run reliably under ptrace)
if [ "${BUDGE_SANITIZED:-0}" != 1 ]; then
	# (LeakSanitizer cannot run under ptrace: off for this run)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=fsync,fdatasync -o "$tmp/strace" \
		"$BUDGE" simulate --days 5 --seed 1 --into "$tmp/tx.db" >/dev/null 2>&1 ||
		fail "--into under strace failed"
	syncs=$(grep -cE 'fsync|fdatasync' "$tmp/strace")
	rows=$(sqlite3 "$tmp/tx.db" "select count(*) from events")
	[ "$rows" -gt 100 ] || fail "--into: expected over 100 rows for 5 days, got $rows"
	[ "$syncs" -le 30 ] || fail "--into: $syncs syncs for $rows rows (a commit per row?)"
fi

[ "$failures" -eq 0 ] && echo "all simulate checks passed"
exit "$failures"
