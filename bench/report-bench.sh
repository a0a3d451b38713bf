#!/bin/sh
# Time `budge report week` and `budge report month` on a 5-year database.
#
#   bench/report-bench.sh BUILD_DIR [DB]
#
# Without DB, builds one with `budge simulate --days 1826 --seed 1 --start 2026-01-05 --into DB`
# (5 years of synthetic workdays through the engine, about 190,000 events;
# takes a few minutes). Reports are then timed with hyperfine when it is
# installed, otherwise with a loop of 50 runs.
set -eu

BUILD=${1:?usage: $0 BUILD_DIR [DB]}
BUDGE="$BUILD/src/cli/budge"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" TZ=UTC

DB=${2:-}
if [ -z "$DB" ]; then
	DB="$T/five-years.db"
	"$BUDGE" simulate --days 1826 --seed 1 --start 2026-01-05 --into "$DB" >/dev/null
fi
echo "database: $DB"
sqlite3 "$DB" "SELECT count(*) || ' events from ' || date(min(ts), 'unixepoch') || ' to ' || date(max(ts), 'unixepoch') FROM events;"

# the week and month near the end of the 5 years
DATE=$(sqlite3 "$DB" "SELECT date(max(ts) - 10 * 86400, 'unixepoch') FROM events;")
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 5 --runs 100 \
		"$BUDGE report week --date $DATE --db $DB" \
		"$BUDGE report month --date $DATE --db $DB" \
		"$BUDGE report month --date $DATE --db $DB --json" \
		"$BUDGE report week --date $DATE --db $DB --html $T/week.html"
else
	for period in week month; do
		start=$(date +%s%N)
		i=0
		while [ $i -lt 50 ]; do
			"$BUDGE" report $period --date "$DATE" --db "$DB" >/dev/null
			i=$((i + 1))
		done
		end=$(date +%s%N)
		echo "report $period: $(((end - start) / 50000)) us per run (mean of 50)"
	done
fi
