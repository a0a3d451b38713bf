#!/bin/sh
# Reports agree with the engine: `budge simulate --into DB` logs synthetic
# days; `budge report --json` recomputes each day's statistics from the
# logged events; both must give the same numbers as the engine's own day
# summaries (`budge simulate --json`).
set -eu

: "${BUDGE:?BUDGE must point at the budge binary}"
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC
fails=0

for seed in 3 11; do
	db="$T/sim-$seed.db"
	"$BUDGE" simulate --days 12 --seed "$seed" --start 2026-02-02 --into "$db" --json >"$T/sim.json" ||
		{ echo "FAIL: simulate (seed $seed) failed"; fails=$((fails + 1)); continue; }
	"$BUDGE" report month --date 2026-02-01 --db "$db" --json >"$T/feb.json" ||
		{ echo "FAIL: report failed"; fails=$((fails + 1)); continue; }
	"$BUDGE" report week --date 2026-02-23 --db "$db" --json >"$T/week.json" ||
		{ echo "FAIL: report week failed"; fails=$((fails + 1)); continue; }
	python3 - "$T/sim.json" "$T/feb.json" "$T/week.json" "$seed" <<'PY' || fails=$((fails + 1))
import json, sys
sim = json.load(open(sys.argv[1]))
rep = {}
for path in sys.argv[2:4]:
    for d in json.load(open(path))["days"]:
        rep[d["date"]] = d
keys = ["sitting_s", "bouts", "longest_bout_s", "bouts_over_limit", "breaks",
        "prompts", "done", "skipped", "ignored"]
bad = 0
compared = 0
for day in sim["days"]:
    missing = [k for k in keys if k not in day]
    if missing:
        print(f"FAIL: simulate's day summary lacks {missing}")
        sys.exit(1)
    r = rep.get(day["date"])
    if r is None:
        continue  # outside the reported month/week
    compared += 1
    for k in keys:
        if day[k] != r[k]:
            print(f"FAIL: seed {sys.argv[4]} {day['date']} {k}: engine {day[k]}, report {r[k]}")
            bad += 1
sim_dates = {d["date"] for d in sim["days"]}
for date, r in rep.items():
    if date not in sim_dates and r["bouts"]:
        print(f"FAIL: report shows bouts on {date}, the engine has no such day")
        bad += 1
if compared < 8:
    print(f"FAIL: only {compared} days compared")
    bad += 1
print(f"seed {sys.argv[4]}: {compared} days compared, {bad} differences")
sys.exit(1 if bad else 0)
PY
done
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
