#!/bin/sh
# budge report / budge plan against a database with hand-made events whose
# statistics are worked out by hand below.
set -eu

: "${BUDGE:?BUDGE must point at the budge binary}"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC NO_COLOR=1
DB="$XDG_DATA_HOME/budge/budge.db"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_rc() { # expected command...
	want=$1; shift
	set +e; "$@" >"$T/out" 2>"$T/err"; rc=$?; set -e
	[ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(cat "$T/err")"
}
# jq-like check: jcheck FILE PYTHON-EXPR (d = the parsed JSON)
jcheck() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" ||
		fail "JSON check failed: $2"
}

# --- no database yet: an empty report, exit 0, a hint on stderr
expect_rc 0 "$BUDGE" report week --date 2025-03-12 --json
grep -q "no data yet" "$T/err" || fail "missing-database hint not shown"
jcheck "$T/out" 'len(d["days"]) == 7 and not any(x["has_data"] for x in d["days"])'
expect_rc 0 "$BUDGE" report --date 2025-03-10
grep -q "No data for this day" "$T/out" || fail "empty day not shown as such"

# --- bad usage: exit 2 with a clear message
expect_rc 2 "$BUDGE" report --date 2025-02-30
grep -q "YYYY-MM-DD" "$T/err" || fail "bad --date message"
expect_rc 2 "$BUDGE" report --date 10/03/2025
expect_rc 2 "$BUDGE" report fortnight
grep -q "day, week or month" "$T/err" || fail "unknown period message"
expect_rc 2 "$BUDGE" report --json --csv
expect_rc 2 "$BUDGE" report --bogus
expect_rc 2 "$BUDGE" report day extra
expect_rc 2 "$BUDGE" report --date
expect_rc 0 "$BUDGE" report --help
grep -q "Usage: budge report" "$T/out" || fail "report --help"

# --- a corrupt database: exit 4
printf 'this is not a database at all, not even close %0200d' 0 >"$T/corrupt.db"
expect_rc 4 "$BUDGE" report --db "$T/corrupt.db"
[ -s "$T/err" ] || fail "no message for a corrupt database"

# --- build the fixture: create the store through budge, then add events
"$BUDGE" walk 5 >/dev/null # creates the database (today; outside the fixture)
. "$BUDGE_SOURCE_ROOT/tests/integration/report-fixture.sh"
report_fixture "$DB" "$T"

# --- day report (JSON)
expect_rc 0 "$BUDGE" report day --date 2025-03-10 --json
cp "$T/out" "$T/day.json"
jcheck "$T/day.json" 'd["period"] == "day" and d["from"] == "2025-03-10" and len(d["days"]) == 1'
jcheck "$T/day.json" 'd["days"][0]["sitting_s"] == 4380 and d["days"][0]["bouts"] == 2'
jcheck "$T/day.json" 'd["days"][0]["longest_bout_s"] == 2700 and d["days"][0]["bouts_over_limit"] == 1'
jcheck "$T/day.json" 'd["days"][0]["breaks"] == 2 and d["days"][0]["full_breaks"] == 1 and d["days"][0]["break_s"] == 600'
jcheck "$T/day.json" '(d["days"][0]["prompts"], d["days"][0]["done"], d["days"][0]["skipped"], d["days"][0]["ignored"]) == (3, 1, 1, 1)'
jcheck "$T/day.json" 'd["days"][0]["regions"] == {"feet": {"prompts": 1, "done": 1}, "pelvis": {"prompts": 1, "done": 0}}'
jcheck "$T/day.json" 'd["days"][0]["walk_minutes"] == 20 and d["days"][0]["pain"]["mean"] == 4'
jcheck "$T/day.json" 'abs(d["days"][0]["breaks_per_hour"] - 2 * 3600 / 4980) < 0.01'

# --- week report (JSON): Monday + Wednesday, not the next Monday
expect_rc 0 "$BUDGE" report week --date 2025-03-13 --json
cp "$T/out" "$T/week.json"
jcheck "$T/week.json" 'd["from"] == "2025-03-10" and d["to"] == "2025-03-16" and len(d["days"]) == 7'
jcheck "$T/week.json" 'd["totals"]["sitting_s"] == 5580 and d["totals"]["bouts"] == 3 and d["totals"]["days_with_data"] == 2'
jcheck "$T/week.json" 'd["totals"]["done"] == 2 and d["totals"]["prompts"] == 4'
jcheck "$T/week.json" 'd["totals"]["pain"]["ratings"] == 2 and d["totals"]["pain"]["mean"] == 3'
jcheck "$T/week.json" '[x["has_data"] for x in d["days"]] == [True, False, True, False, False, False, False]'
jcheck "$T/week.json" 'd["plan"]["start"] == "2025-03-03" and "neck" in d["plan"]["paused_regions"]'

jcheck "$T/week.json" 'd["days"][0]["wearable"]["steps"] == 8123 and d["days"][0]["wearable"]["sedentary_s"] == 30000'
jcheck "$T/week.json" 'd["days"][3]["wearable"]["steps"] == 4500 and not d["days"][3]["has_data"]'
jcheck "$T/week.json" 'd["days"][1]["wearable"] is None and d["totals"]["wearable"]["steps"] == 12623'

# --- month report: 31 days in March
expect_rc 0 "$BUDGE" report month --date 2025-03-01 --json
jcheck "$T/out" 'len(d["days"]) == 31 and d["totals"]["bouts"] == 4 and d["totals"]["sitting_s"] == 6180'

# --- CSV: a header and one row per day with the same numbers
expect_rc 0 "$BUDGE" report week --date 2025-03-10 --csv
[ "$(wc -l <"$T/out")" -eq 8 ] || fail "CSV should have 1 header + 7 rows"
head -1 "$T/out" | grep -q '^date,has_data,sitting_s,bouts,longest_bout_s,bouts_over_limit,breaks' || fail "CSV header"
grep -q '^2025-03-10,1,4380,2,2700,1,2,1,600,3,1,1,0,1,0,0,20,4.00,1,' "$T/out" || fail "CSV Monday row: $(grep 2025-03-10 "$T/out")"
grep -q '^2025-03-11,0,0,0,' "$T/out" || fail "CSV empty day row"

# --- terminal text: readable without a terminal, no escape codes
expect_rc 0 "$BUDGE" report --date 2025-03-10
grep -q "Sitting *1h13m in 2 bouts" "$T/out" || fail "day text: sitting line: $(grep Sitting "$T/out")"
grep -q "longest 45m" "$T/out" || fail "day text: longest bout"
grep -q "1 over the 30m limit" "$T/out" || fail "day text: over the limit"
grep -q "^  09:00" "$T/out" || fail "day text: timeline row for 09:00"
grep -q "feet 1/1" "$T/out" || fail "day text: region line"
grep -q "^Wearable *8123 steps · sedentary 8h20m of 13h53m worn" "$T/out" || fail "day text: wearable line: $(grep Wearable "$T/out")"
if grep -q "$(printf '\033')" "$T/out"; then fail "escape codes without a terminal"; fi
expect_rc 0 "$BUDGE" report week --date 2025-03-10
grep -q "^Tue 03-11  no data" "$T/out" || fail "week text: day without data"
grep -q "^Thu 03-13 .* 4500" "$T/out" || fail "week text: wearable-only day shows its steps"
grep -q "^Wearable *12623 steps on 2 days" "$T/out" || fail "week text: wearable total"
grep -q "^Mon 03-10" "$T/out" || fail "week text: Monday row"

# --- HTML file: self-contained
expect_rc 0 "$BUDGE" report week --date 2025-03-10 --html "$T/r.html"
grep -q '<svg class="chart" id="timeline"' "$T/r.html" || fail "HTML timeline chart"
grep -q 'id="pain-adherence"' "$T/r.html" || fail "HTML pain chart"
if grep -Eq '(src|href)="?(https?:)?//' "$T/r.html"; then fail "HTML refers to the network"; fi
for period in day month; do
	expect_rc 0 "$BUDGE" report $period --date 2025-03-13 --html -
	for id in timeline sitting-breaks regions pain-adherence wearable; do
		grep -q "<svg class=\"chart\" id=\"$id\"" "$T/out" || fail "HTML $period report lacks the '$id' chart"
	done
	tail -1 "$T/out" | grep -q '</html>' || fail "HTML $period report is not complete"
done
expect_rc 1 "$BUDGE" report --html "$T/no/such/dir/r.html"

# --- plan
expect_rc 0 "$BUDGE" plan --json
jcheck "$T/out" 'd["started"] and d["start"] == "2025-03-03" and d["week"] >= 2 and "neck" in d["paused_regions"]'
jcheck "$T/out" 'd["walking"]["target_minutes"] >= 10 and d["walking"]["walked_minutes"] >= 0'
jcheck "$T/out" '"neck" not in d["active"]'
expect_rc 0 "$BUDGE" plan
grep -q "^Plan week" "$T/out" || fail "plan text"
grep -q "^Paused *Neck" "$T/out" || fail "plan text: paused region"
expect_rc 2 "$BUDGE" plan --bogus
# a plan that started 8 days ago is in week 2; today's walks count
start=$(date -u -d '8 days ago' +%F)
next=$(date -u -d '6 days' +%F)
sqlite3 "$DB" "INSERT OR REPLACE INTO kv(key,value,updated) VALUES('plan.start','$start',0);"
expect_rc 0 "$BUDGE" plan --json
cp "$T/out" "$T/plan1.json"
jcheck "$T/plan1.json" 'd["week"] == 2 and d["next_region_date"] == "'"$next"'"'
jcheck "$T/plan1.json" 'len(d["active"]) + len(d["paused_regions"]) >= 2'
jcheck "$T/plan1.json" '10 <= d["walking"]["target_minutes"] <= 12 and d["walking"]["target_walks"] >= 3'
"$BUDGE" walk 15 >/dev/null
expect_rc 0 "$BUDGE" plan --json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["walking"]; b=json.load(open(sys.argv[2]))["walking"]; sys.exit(0 if b["walked_minutes"] == a["walked_minutes"] + 15 and b["walks"] == a["walks"] + 1 else 1)' "$T/plan1.json" "$T/out" ||
	fail "plan: a logged walk is not counted this week"
sqlite3 "$DB" "INSERT OR REPLACE INTO kv(key,value,updated) VALUES('plan.hold','1',0);"
expect_rc 0 "$BUDGE" plan
grep -q "no new region this week" "$T/out" || fail "plan: plan.hold not shown"

# --- guided sessions without a terminal: scripted values, piped answers
expect_rc 2 "$BUDGE" now --count 9
grep -q "1 to 4" "$T/err" || fail "now --count message"
expect_rc 2 "$BUDGE" now nowhere
grep -q "unknown region 'nowhere'" "$T/err" || fail "now unknown region message"
expect_rc 2 "$BUDGE" now feet extra
expect_rc 2 "$BUDGE" breathe --cycles 0
expect_rc 2 "$BUDGE" breathe --cycles 2x
expect_rc 2 "$BUDGE" breathe --speed fast
expect_rc 2 env BUDGE_TIME_SCALE=0 "$BUDGE" breathe
expect_rc 0 "$BUDGE" breathe --cycles 1 --speed 200
[ "$(grep -c ' s$' "$T/out")" -eq 16 ] || fail "breathe without a terminal: one line per second expected"
grep -q "Breathe in .*right foot" "$T/out" || fail "breathe: inhale with the weight shift"
grep -q "Breathe out .*left foot" "$T/out" || fail "breathe: exhale with the weight shift"
expect_rc 0 "$BUDGE" now pelvis --no-wait
grep -q "^1\. " "$T/out" && grep -q "^   1) " "$T/out" || fail "now --no-wait lists movements and steps"
expect_rc 1 "$BUDGE" now neck --no-wait
grep -q "red flag" "$T/err" || fail "now on a red-flagged region is refused"
before=$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE kind='response' AND text='guided'")
printf 'perhaps\ny\n' >"$T/answers"
expect_rc 0 sh -c "\"$BUDGE\" now feet --count 2 --speed 200 <\"$T/answers\""
grep -q "Please answer y" "$T/out" || fail "now: a bad answer is not explained"
after=$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE kind='response' AND text='guided' AND response='done' AND prompt_kind='micro' AND region='feet'")
[ "$after" -eq $((before + 2)) ] || fail "now: expected 2 logged done responses, found $((after - before))"
printf 'n\n' >"$T/answers"
expect_rc 0 sh -c "\"$BUDGE\" now feet --count 1 --speed 200 <\"$T/answers\""
[ "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE text='guided'")" -eq "$after" ] || fail "now: 'n' logged something"
sqlite3 "$DB" "INSERT OR REPLACE INTO kv(key,value,updated) VALUES('coaching.stopped','redflag-emergency',0);"
expect_rc 1 "$BUDGE" now --no-wait
grep -q "urgent" "$T/err" || fail "now while coaching is stopped"

# --- week totals add up (too hard and hurts were left out) and guided
# movements are not answers to prompts: a database of its own
DB2="$T/totals.db"
"$BUDGE" walk 1 --db "$DB2" --date 2025-03-10 >/dev/null 2>&1 || fail "cannot create $DB2"
D0=$(date -u -d 2025-03-10 +%s)
sqlite3 "$DB2" "BEGIN;
INSERT INTO events(ts,kind,prompt_id,prompt_kind,movement,region,response,value,text) VALUES
 ($D0+32400,'prompt',1,'micro','toe-spread','feet',NULL,0,NULL),
 ($D0+32460,'response',1,'micro','toe-spread','feet','too-hard',0,NULL),
 ($D0+86400+32400,'prompt',2,'movement_break',NULL,NULL,NULL,0,NULL),
 ($D0+86400+32460,'response',2,'movement_break',NULL,NULL,'hurts',0,NULL),
 ($D0+86400+40000,'response',0,'micro','toe-spread','feet','done',0,'guided');
COMMIT;"
expect_rc 0 "$BUDGE" report week --date 2025-03-10 --db "$DB2"
grep -q "^Prompts  *2: 0 done, 0 skipped, 0 snoozed, 0 not answered, 1 too hard, 1 hurt$" "$T/out" ||
	fail "week totals: $(grep '^Prompts' "$T/out")"
grep -q "^Guided  *1 movement in guided sessions" "$T/out" || fail "week: no Guided line"
expect_rc 0 "$BUDGE" report week --date 2025-03-10 --db "$DB2" --json
jcheck "$T/out" 'd["totals"]["prompts"] == 2 and d["totals"]["done"] == 0 and d["totals"]["guided"] == 1 and d["totals"]["too_hard"] == 1 and d["totals"]["hurts"] == 1'
expect_rc 0 "$BUDGE" report week --date 2025-03-10 --db "$DB2" --csv
head -n 1 "$T/out" | grep -q ",guided,synthetic,call_s$" || fail "CSV: no guided, synthetic and call_s columns"
grep -q "^2025-03-11,.*,1,0,0$" "$T/out" || fail "CSV: Tuesday's guided count: $(grep 2025-03-11 "$T/out")"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
