#!/bin/sh
# Wearable input that must not give silently wrong numbers (budge analyze /
# import): units from headers and from the magnitude at rest, phone exports
# whose time counts from 0, unknown header names, --columns, a block at
# another sample rate, samples dropped when time goes back, a directory,
# and repeated per-line errors summed up after 10.
set -u
: "${BUDGE:?}" "${BUDGE_TEST_DATA:?}"
D=$BUDGE_TEST_DATA/accel
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
has() { grep -q -- "$2" "$tmp/$1" && ok "$3" || { fail "$3: no '$2' in $1:"; sed 's/^/  /' "$tmp/$1" | head -n 8; }; }
days() { sed -n '/"days"/,$p' "$1"; }

# the reference: 3 h of real wrist data in g (values, no unit in the file)
gzip -dc "$D/calibration_30Hz_xyz_3h.csv.gz" >"$tmp/g.csv"
expect 0 "g, no unit: analysed" "$BUDGE" analyze "$tmp/g.csv"
cp "$tmp/out" "$tmp/g.json"
has err "note: no unit in the file.*taken as g" "the unit taken is said"

# 1. the same samples in m/s², without a unit: converted, same numbers
awk -F, '/^[-0-9.]/ { printf "%.5f,%.5f,%.5f\n", $1 * 9.80665, $2 * 9.80665, $3 * 9.80665; next } { print }' \
	"$tmp/g.csv" >"$tmp/ms2.csv"
expect 0 "m/s², no unit" "$BUDGE" analyze "$tmp/ms2.csv"
has err "taken as m/s² and converted to g" "m/s² recognised from the magnitude at rest"
days "$tmp/out" >"$tmp/a"; days "$tmp/g.json" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" && ok "m/s²: the days equal those of the g file" ||
	{ fail "m/s²: days differ"; diff "$tmp/a" "$tmp/b" | head -n 6; }

# 2. the same in mg with the unit in the header
{ echo "# 30 Hz; start 2023-04-24 15:02:00"; echo "x (mg),y (mg),z (mg)"
  awk -F, '/^[-0-9.]/ { printf "%.2f,%.2f,%.2f\n", $1 * 1000, $2 * 1000, $3 * 1000 }' "$tmp/g.csv"; } >"$tmp/mg.csv"
expect 0 "mg from the header" "$BUDGE" analyze "$tmp/mg.csv"
days "$tmp/out" >"$tmp/a"
cmp -s "$tmp/a" "$tmp/b" && ok "mg: the days equal those of the g file" ||
	{ fail "mg: days differ"; diff "$tmp/a" "$tmp/b" | head -n 6; }

# 3. a header that states the wrong unit is refused with the flag to use;
#    --units says it and wins
sed '2s/.*/x (g),y (g),z (g)/' "$tmp/mg.csv" >"$tmp/wrong.csv"
expect 6 "header says g, values in mg" "$BUDGE" analyze "$tmp/wrong.csv"
has err "give --units mg" "the refusal names the flag"
expect 0 "--units mg" "$BUDGE" analyze --units mg "$tmp/wrong.csv"
expect 2 "--units furlongs" "$BUDGE" analyze --units furlongs "$tmp/g.csv"
has err "'furlongs' is not g, mg or m/s2" "a bad --units is named"

# 4. a phone export (phyphox): time in seconds from 0, m/s² in the header
awk -F, 'BEGIN { print "\"Time (s)\",\"Acceleration x (m/s^2)\",\"Acceleration y (m/s^2)\",\"Acceleration z (m/s^2)\",\"Absolute acceleration (m/s^2)\"" }
	/^[-0-9.]/ && n < 54000 { printf "%.6f,%.5f,%.5f,%.5f,9.8\n", n / 30, $1 * 9.80665, $2 * 9.80665, $3 * 9.80665; n++ }' \
	"$tmp/g.csv" >"$tmp/phyphox.csv"
expect 6 "phyphox without --start" "$BUDGE" analyze "$tmp/phyphox.csv"
has err "seconds since the recording began, not a date; give --start" "time from 0 needs --start"
grep -q 1970 "$tmp/out" && fail "a 1970 date was printed" || ok "no 1970 date"
expect 0 "phyphox with --start" "$BUDGE" analyze --start "2023-04-24 15:02:00" "$tmp/phyphox.csv"
has out '"start": "2023-04-24T15:02:00Z"' "the recording starts at --start"
has out '"notes": \[.*from the start given' "the notes are in the JSON"
expect 2 "--start yesterday" "$BUDGE" analyze --start yesterday "$tmp/phyphox.csv"

# 5. acceleration without gravity (a phone's linear acceleration) is refused
awk 'BEGIN { print "time,x (m/s^2),y (m/s^2),z (m/s^2)"; for (i = 0; i < 3000; i++) printf "%.3f,0.01,0.02,%.3f\n", 1700000000 + i / 50, (i % 7) / 100 }' >"$tmp/linear.csv"
expect 6 "linear acceleration" "$BUDGE" analyze "$tmp/linear.csv"
has err "without gravity" "no-gravity data are named"

# 6. header names that say nothing: by position, said; --columns to choose
awk -F, 'BEGIN { print "c1,c2,c3,c4,c5" } /^[-0-9.]/ && n < 9000 { printf "%d,%.3f,%s,%s,%s\n", n, 1682348520 + n / 30, $3, $2, $1; n++ }' \
	"$tmp/g.csv" >"$tmp/cols.csv"
expect 6 "unknown names, by position" "$BUDGE" analyze "$tmp/cols.csv"
has err "the header does not name x, y and z: took column 1 as time" "the columns taken are said"
expect 0 "--columns -,time,z,y,x" "$BUDGE" analyze --epoch 1 --columns -,time,z,y,x --format csv "$tmp/cols.csv"
# counts of the first 300 1-s epochs (the counts filter looks only back)
first300() { head -n 301 | cut -d, -f1-5; }
"$BUDGE" analyze --epoch 1 --format csv "$tmp/g.csv" 2>/dev/null | first300 >"$tmp/g300"
first300 <"$tmp/out" | cmp -s - "$tmp/g300" && ok "--columns: the first 300 epochs' counts equal the g file's" ||
	{ fail "--columns: epochs differ"; first300 <"$tmp/out" | diff - "$tmp/g300" | head -n 4; }
expect 2 "--columns x,y" "$BUDGE" analyze --columns x,y "$tmp/cols.csv"
has err "x, y and z must each be named once" "a bad --columns is explained"

# 7. Sensor Logger (Android): nanoseconds since 1970, columns time,seconds_elapsed,z,y,x
awk -F, 'BEGIN { print "time,seconds_elapsed,z,y,x" } /^[-0-9.]/ && n < 9000 { printf "%d%09d,%.4f,%.5f,%.5f,%.5f\n", 1682348520 + int(n / 30), (n % 30) * 33333333 + int((n % 30) / 3), n / 30, $3 * 9.80665, $2 * 9.80665, $1 * 9.80665; n++ }' \
	"$tmp/g.csv" >"$tmp/sensorlogger.csv"
expect 0 "Sensor Logger export" "$BUDGE" analyze --epoch 1 --format csv "$tmp/sensorlogger.csv"
has err "nanoseconds since 1970" "the nanosecond count is said"
has err "taken as m/s²" "and its m/s² found"
first300 <"$tmp/out" | cmp -s - "$tmp/g300" && ok "Sensor Logger: the first 300 epochs' counts equal the g file's" ||
	{ fail "Sensor Logger: epochs differ"; first300 <"$tmp/out" | diff - "$tmp/g300" | head -n 4; }

# 7b. the Oxford layout (OxWalk): timestamp with microseconds, x, y, z in g,
#     an annotation column, which is ignored
awk -F, 'BEGIN { print "timestamp,x,y,z,annotation" } /^[-0-9.]/ && n < 9000 { printf "2023-04-24 15:%02d:%02d.%06d,%s,%s,%s,%d\n", 2 + int(n / 1800), int(n / 30) % 60, (n % 30) * 33333 + int((n % 30) / 3), $1, $2, $3, n % 2; n++ }' \
	"$tmp/g.csv" >"$tmp/oxwalk.csv"
expect 0 "Oxford layout" "$BUDGE" analyze --epoch 1 --format csv "$tmp/oxwalk.csv"
first300 <"$tmp/out" | cmp -s - "$tmp/g300" && ok "Oxford layout: the first 300 epochs' counts equal the g file's" ||
	{ fail "Oxford layout: epochs differ"; first300 <"$tmp/out" | diff - "$tmp/g300" | head -n 4; }

# 8. one second at 200 Hz inside a 30 Hz file: that block is dropped and
#    named, the rest analysed (the whole file used to fail)
awk 'BEGIN { print "time,x,y,z"; t = 1682348520
	for (i = 0; i < 1800; i++) printf "%.6f,0,0,1\n", t + i / 30
	for (i = 0; i < 200; i++) printf "%.6f,0,0,1\n", t + 60 + i / 200
	for (i = 0; i < 1800; i++) printf "%.6f,0,0,1\n", t + 61 + i / 30 }' >"$tmp/rates.csv"
expect 0 "a block at 200 Hz" "$BUDGE" analyze "$tmp/rates.csv"
has err "has a sample rate of 200 Hz, which counts cannot use (30 to 100 Hz): its 200 samples dropped" \
	"the block and its rate are named"
has out '"dropped_samples": 200,' "dropped_samples in the JSON"

# 9. time going back: the overlapping samples are counted and said
awk 'BEGIN { print "time,x,y,z"; t = 1682348520
	for (i = 0; i < 900; i++) printf "%.6f,0,0,1\n", t + i / 30
	for (i = 0; i < 900; i++) printf "%.6f,0,0,1\n", t + 20 + i / 30 }' >"$tmp/back.csv"
expect 0 "time goes back 10 s" "$BUDGE" analyze "$tmp/back.csv"
has err "time goes back at 2023-04-24T15:02:20Z: 300 samples that overlap earlier ones dropped" \
	"the overlap is said"
has out '"dropped_samples": 300,' "and counted in the JSON"
expect 0 "import it" "$BUDGE" import "$tmp/back.csv"
got=$(sqlite3 "$XDG_DATA_HOME/budge/budge.db" "SELECT device FROM imports" 2>&1)
case $got in *'"dropped_samples": 300'*'"notes": ["'*) ok "import stores dropped_samples and the notes" ;;
*) fail "import's device row: $got" ;; esac

# 10. CWA: one block whose timestamp is a year out of line (its sequence id
#     continues the run) is repaired from its neighbours: the epochs equal the
#     original's (it used to make 366 phantom days and drop 10,080 samples);
#     a real jump (every block from there on an hour later) stays a gap
cwa_shift() { # FILE OUT FIRST LAST SECONDS: move the timestamps of blocks FIRST..LAST
	python3 - "$@" <<'PY'
import struct, sys, calendar, datetime
src, out, first, last, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
d = bytearray(open(src, 'rb').read())
def unpack(v):
    return datetime.datetime(2000 + (v >> 26), (v >> 22) & 15, (v >> 17) & 31, (v >> 12) & 31, (v >> 6) & 63, v & 63)
def pack(t):
    return ((t.year - 2000) << 26) | (t.month << 22) | (t.day << 17) | (t.hour << 12) | (t.minute << 6) | t.second
for k in range(first, last + 1):
    off = 1024 + k * 512
    if d[off:off + 2] != b'AX':
        continue
    t = unpack(struct.unpack_from('<I', d, off + 14)[0]) + datetime.timedelta(seconds=secs)
    struct.pack_into('<I', d, off + 14, pack(t))
    struct.pack_into('<H', d, off + 510, 0)
    s = sum(struct.unpack_from('<256H', d, off)) & 0xffff
    struct.pack_into('<H', d, off + 510, (-s) & 0xffff)
open(out, 'wb').write(d)
PY
}
cwa_shift "$D/ax3_testfile.cwa" "$tmp/lone.cwa" 60 60 31536000
"$BUDGE" analyze --epoch 1 --format csv "$D/ax3_testfile.cwa" >"$tmp/orig.csv" 2>/dev/null
expect 0 "a lone CWA block a year out of line" "$BUDGE" analyze --epoch 1 --format csv "$tmp/lone.cwa"
has err "data block 60 at byte 31744: its timestamp is +31536000 s out of line with the blocks around it" \
	"the repair is said"
cmp -s "$tmp/out" "$tmp/orig.csv" && ok "the epochs equal the original's" ||
	fail "the repaired file's epochs differ: $(wc -l <"$tmp/out") rows"
cwa_shift "$D/ax3_testfile.cwa" "$tmp/jump.cwa" 60 200 3600
expect 0 "the clock jumps an hour at block 60" "$BUDGE" analyze "$tmp/jump.cwa"
grep -q "repaired" "$tmp/err" && fail "a real jump was 'repaired'" || ok "a real jump is not repaired"
has out '"duration_s": 3600' "it is a gap of an hour"

# 11. a directory, and 50 bad lines: 10 shown, the rest summed up
expect 6 "a directory" "$BUDGE" analyze "$tmp"
has err "is a directory, not a wearable file" "a directory says so"
awk 'BEGIN { print "time,x,y,z"; for (i = 0; i < 400; i++) printf "%.6f,%s,0,1\n", 1682348520 + i / 30, (i % 8 == 1) ? "oops" : "0" }' >"$tmp/bad.csv"
expect 0 "50 bad lines" "$BUDGE" analyze "$tmp/bad.csv"
n=$(grep -c "x, y and z must be numbers" "$tmp/err")
[ "$n" -eq 11 ] && ok "10 bad lines shown, then one summary" || fail "$n lines about bad lines"
has err "40 more lines like this: x, y and z must be numbers" "the rest summed up"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
