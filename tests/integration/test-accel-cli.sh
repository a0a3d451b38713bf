#!/bin/sh
# budge analyze / budge import against the real recordings in
# tests/data/accel ($BUDGE_TEST_DATA): exact ActiGraph counts (ActiLife's own .agd),
# CSV/JSON output, corrupt blocks, bad input, import deduplication.
set -u
: "${BUDGE:?}" "${BUDGE_TEST_DATA:?}"
D=$BUDGE_TEST_DATA/accel
command -v sqlite3 >/dev/null 2>&1 || { echo "FAIL: the sqlite3 tool is needed (scripts/install-deps.sh test)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# expect CODE DESC CMD...: run, check the exit status
expect() {
	want=$1 desc=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$desc (exit $rc)"; else
		fail "$desc: exit $rc, expected $want"; sed 's/^/  /' "$tmp/err"; fi
}

# 1. counts equal ActiLife's 1-s epochs (axis1 = Y, axis2 = X, axis3 = Z)
expect 0 "analyze calibration csv" "$BUDGE" analyze --epoch 1 --format csv \
	"$D/calibration_30Hz_xyz_3h.csv.gz"
cp "$tmp/out" "$tmp/cal.csv"
head -n 1 "$tmp/cal.csv" | grep -qx 'time,counts_x,counts_y,counts_z,counts_vm,enmo_mg,steps,nonwear' \
	&& ok "csv header" || fail "csv header: $(head -n 1 "$tmp/cal.csv")"
rows=$(($(wc -l <"$tmp/cal.csv") - 1))
[ "$rows" -eq 10800 ] && ok "10800 epochs" || fail "$rows epochs, expected 10800"
sed -n 2p "$tmp/cal.csv" | grep -q '^2023-04-24T15:02:00Z,' && ok "first epoch time" \
	|| fail "first epoch: $(sed -n 2p "$tmp/cal.csv")"
tail -n +2 "$tmp/cal.csv" | awk -F, '{ print $3 "|" $2 "|" $4 }' >"$tmp/mine"
sums=$(awk -F'|' '{ a += $1; b += $2; c += $3 } END { print a, b, c }' "$tmp/mine")
[ "$sums" = "145823 206458 210321" ] && ok "sums $sums" || fail "sums $sums"
sqlite3 "$D/calibration1sec_3h.agd" "SELECT CAST(axis1 AS INT) || '|' || CAST(axis2 AS INT) \
	|| '|' || CAST(axis3 AS INT) FROM data ORDER BY dataTimestamp" >"$tmp/ref"
if cmp -s "$tmp/mine" "$tmp/ref"; then ok "all 10800 epochs equal ActiLife's"; else
	fail "epochs differ from ActiLife's:"; diff "$tmp/mine" "$tmp/ref" | head -5; fi

# the end is just after the last sample: 3 h of 30 Hz from 15:02:00 end at
# 18:02:00 (it used to print 18:01:59.999, the sum of 324,000 steps of 1/30 s)
expect 0 "analyze calibration csv json" "$BUDGE" analyze --format json \
	"$D/calibration_30Hz_xyz_3h.csv.gz"
grep -q '"end": "2023-04-24T18:02:00Z"' "$tmp/out" && ok "end 18:02:00" ||
	fail "end: $(grep '"end"' "$tmp/out" | head -n 1)"

# ENMO of every epoch, recomputed here from the raw samples (each epoch is 30
# samples: checks the epoch boundaries too)
gzip -dc "$D/calibration_30Hz_xyz_3h.csv.gz" | awk -F, '
	/^[-0-9.]/ { v = sqrt($1 * $1 + $2 * $2 + $3 * $3) - 1; if (v > 0) s += v; n++
		if (n == 30) { printf "%.3f\n", s / 30 * 1000; s = 0; n = 0 } }' >"$tmp/enmo.ref"
tail -n +2 "$tmp/cal.csv" | cut -d, -f6 | paste -d' ' - "$tmp/enmo.ref" |
	awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.0015) bad++ } END { exit bad > 0 }' \
	&& ok "ENMO of all epochs" || fail "ENMO differs from the raw samples"

# 2. JSON summary of a CWA file
expect 0 "analyze ax3 json" "$BUDGE" analyze "$D/ax3_testfile.cwa"
grep -q '"samples": 17400,' "$tmp/out" && ok "17400 samples" || fail "samples: $(grep samples "$tmp/out")"
grep -q '"type": "AX3"' "$tmp/out" && ok "device type" || fail "device type"
grep -q '"gaps": \[\]' "$tmp/out" && ok "no gaps" || fail "gaps: $(grep -A2 gaps "$tmp/out")"
grep -q '"site": "wrist"' "$tmp/out" && ok "site from metadata" || fail "site"
grep -q '"date": "2019-02-26"' "$tmp/out" && ok "day row" || fail "day row"
expect 0 "analyze ax3 --site thigh" "$BUDGE" analyze --site thigh "$D/ax3_testfile.cwa"
grep -q '"site": "thigh"' "$tmp/out" && ok "--site wins" || fail "--site"

# 3. corrupt blocks are reported with their offsets, the rest is used
expect 0 "analyze corrupt cwa" "$BUDGE" analyze --format csv \
	"$D/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa"
n=$(grep -c 'checksum' "$tmp/err")
[ "$n" -eq 6 ] && ok "6 corrupt blocks reported" || fail "$n corrupt blocks reported"
grep -q 'byte 1024' "$tmp/err" && ok "offset of block 0" || fail "no offset: $(head -1 "$tmp/err")"

# 4. a recording with a gap (tiny-sample: 243.7 s, sequence reset)
expect 0 "analyze tiny-sample" "$BUDGE" analyze "$D/tiny-sample.cwa.gz"
grep -q '"duration_s": 24[0-9]' "$tmp/out" && ok "the gap is listed" || fail "gap: $(grep -A2 gaps "$tmp/out")"
grep -q '"samples": 1021800,' "$tmp/out" && ok "1021800 samples" || fail "samples"

# ActiGraph idle sleep: gaps are filled with the last sample, as ActiLife does
expect 0 "analyze gt3x" "$BUDGE" analyze "$D/actigraph_testfile.gt3x"
grep -q '"samples": 17640,' "$tmp/out" && ok "17640 gt3x samples" || fail "gt3x samples"
grep -q '"filled": true' "$tmp/out" && ok "idle sleep filled" || fail "idle sleep not filled"
grep -q '"filled_samples": [1-9]' "$tmp/out" && ok "filled samples counted" || fail "filled_samples"

# 5. bad input
expect 2 "--epoch 7" "$BUDGE" analyze --epoch 7 "$D/ax3_testfile.cwa"
grep -q 'divides 60' "$tmp/err" && ok "says what is expected" || fail "message: $(cat "$tmp/err")"
expect 2 "--site ankle" "$BUDGE" analyze --site ankle "$D/ax3_testfile.cwa"
expect 2 "--format xml" "$BUDGE" analyze --format xml "$D/ax3_testfile.cwa"
expect 2 "no file" "$BUDGE" analyze
expect 2 "two files" "$BUDGE" analyze "$D/ax3_testfile.cwa" "$D/ax3_testfile.cwa"
expect 6 "missing file" "$BUDGE" analyze "$tmp/nope.cwa"
printf 'MD but not really a cwa file at all, just text\n' >"$tmp/bad.cwa"
expect 6 "garbage .cwa" "$BUDGE" analyze "$tmp/bad.cwa"
printf '# 25 Hz; start 2023-01-01 00:00:00\nx,y,z\n' >"$tmp/r25.csv"
i=0
while [ $i -lt 100 ]; do echo "0.01,0.02,0.99"; i=$((i + 1)); done >>"$tmp/r25.csv"
expect 6 "25 Hz csv" "$BUDGE" analyze "$tmp/r25.csv"
grep -q '30, 40' "$tmp/err" && ok "rate message" || fail "rate message: $(cat "$tmp/err")"
expect 0 "analyze --help" "$BUDGE" analyze --help
grep -q 'counts_vm' "$tmp/out" && ok "help lists the columns" || fail "help"

# 6. import: stored once, deduplicated by hash, logged
db="$XDG_DATA_HOME/budge/budge.db"
expect 0 "import two files" "$BUDGE" import "$D/tiny-sample.cwa.gz" "$D/actigraph_testfile.gt3x"
grep -q 'imported as import 1' "$tmp/out" && grep -q 'imported as import 2' "$tmp/out" \
	&& ok "two imports" || fail "import output: $(cat "$tmp/out")"
expect 0 "re-import" "$BUDGE" import "$D/tiny-sample.cwa.gz"
grep -q 'already imported' "$tmp/out" && ok "re-import says so" || fail "re-import: $(cat "$tmp/out")"
expect 6 "import garbage" "$BUDGE" import "$tmp/bad.cwa"
expect 2 "import stdin" "$BUDGE" import -
expect 2 "import nothing" "$BUDGE" import
got=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM imports) || ' ' || \
	(SELECT count(*) FROM accel_days) || ' ' || \
	(SELECT count(*) FROM events WHERE kind = 'import') || ' ' || \
	(SELECT count(*) FROM accel_epochs WHERE import_id = 1)")
[ "$got" = "2 2 2 179" ] && ok "store rows $got" || fail "store rows: $got (want 2 2 2 179)"
got=$(sqlite3 "$db" "SELECT format FROM imports ORDER BY id" | tr '\n' ' ')
[ "$got" = "cwa gt3x " ] && ok "formats" || fail "formats: $got"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
