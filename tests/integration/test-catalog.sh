#!/bin/sh
# budge catalog: list, show, search, --json, drop-in files, errors.
set -u
: "${BUDGE:?set BUDGE to the budge binary}"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export XDG_CONFIG_HOME="$tmp/cfg" HOME="$tmp/home"
mkdir -p "$HOME"
dropin="$XDG_CONFIG_HOME/budge/movements.d"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_RC ARGS...: budge catalog ARGS, output in $tmp/out, $tmp/err
run() {
	want=$1; shift
	"$BUDGE" catalog "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "budge catalog $*: exit $got, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"; sed 's/^/  stderr: /' "$tmp/err"
	fi
}
has() { grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; sed 's/^/  | /' "$1" | head -20; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has '$2'"; }
empty() { [ ! -s "$1" ] || { fail "$1 is not empty"; sed 's/^/  | /' "$1"; }; }
json_ok() {
	python3 -m json.tool "$1" >/dev/null 2>"$tmp/jerr" ||
		{ fail "invalid JSON from $2"; cat "$tmp/jerr"; }
}
# json_eval FILE PYTHON-EXPR: the expression over `d` (the parsed JSON) must be true
json_eval() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" 2>/dev/null ||
		fail "JSON check failed: $2"
}

# 1. help
run 0 --help
has "$tmp/out" "Usage: budge catalog"
has "$tmp/out" "movements.d"

# 2. list: the built-in catalog, no warnings
run 0 list
empty "$tmp/err"
has "$tmp/out" "pelvic-tilt"
has "$tmp/out" "walk-break"
has "$tmp/out" "Feet and ankles"
has "$tmp/out" "opt-in"
n=$(grep -cE '^  [a-z0-9-]+ ' "$tmp/out")
[ "$n" -ge 30 ] || fail "list shows $n movements, expected at least 30"
run 0
has "$tmp/out" "toe-spread"

# 3. list --json: valid, >= 30 entries over >= 10 regions, every field there
run 0 list --json
json_ok "$tmp/out" "list --json"
json_eval "$tmp/out" "len(d) >= 30 and len({m['region'] for m in d}) >= 10"
json_eval "$tmp/out" "all(m['cue'] and m['steps'] and m['cadence_s'] > 0 and m['evidence'] for m in d)"
json_eval "$tmp/out" "all(len(m['cue']) <= 100 for m in d)"
json_eval "$tmp/out" "[m['default'] for m in d if m['id'] == 'pelvic-floor-lift'] == [False]"

# 4. --region and --discreet filter
run 0 list --region neck --json
json_ok "$tmp/out" "list --region neck --json"
json_eval "$tmp/out" "len(d) >= 1 and all(m['region'] == 'neck' for m in d)"
run 0 list -r feet --discreet --json
json_eval "$tmp/out" "len(d) >= 1 and all(m['region'] == 'feet' and m['discreet'] for m in d)"
run 0 list --region=hands
has "$tmp/out" "wrist-turns"
lacks "$tmp/out" "toe-spread"
run 2 list --region elbow
has "$tmp/err" "unknown region 'elbow'"

# 5. show: human and JSON
run 0 show pelvic-tilt
has "$tmp/out" "Pelvic tilt swings"
has "$tmp/out" "  1. "
has "$tmp/out" "Dose"
has "$tmp/out" "Cadence"
has "$tmp/out" "Easier"
has "$tmp/out" "Harder"
has "$tmp/out" "Cautions"
has "$tmp/out" "Evidence"
has "$tmp/out" "An article on micro-movements for desk workers"
# a variant shows its own dose (issue 19: the base dose contradicted it)
run 0 show eye-20-20-20
tr '\n' ' ' <"$tmp/out" | tr -s ' ' | grep -q "whatever distance you have. (20 s at the farthest point in view)" ||
	fail "easier variant's dose: $(grep -A1 Easier "$tmp/out")"
run 0 show eye-20-20-20 --json
json_eval "$tmp/out" "d['easier_dose'] == '20 s at the farthest point in view' and d['harder_dose'].startswith('20 s far')"
# evidence in words, never a file name (issue 19: "002_acf9a18c158ddee8.txt")
for id in $("$BUDGE" catalog list --json | python3 -c 'import json,sys; print(" ".join(m["id"] for m in json.load(sys.stdin)))'); do
	"$BUDGE" catalog show "$id" >"$tmp/ev" 2>&1
	if grep -Eq "[0-9a-f]{16}\.txt|seed" "$tmp/ev"; then fail "$id: evidence names a file: $(grep -i -A1 evidence "$tmp/ev")"; fi
done
run 0 show walk-break --json
json_ok "$tmp/out" "show walk-break --json"
json_eval "$tmp/out" "d['id'] == 'walk-break' and d['cadence_s'] == 1800 and d['hold_s'] == 300 and d['cadence'] == '30m'"

# 6. unknown id, bad usage
run 2 show no-such-move
has "$tmp/err" "no movement with the ID 'no-such-move'"
run 2 show tilt
has "$tmp/err" "did you mean"
run 2 show
run 2 show a b
run 2 frobnicate
run 2 list --bogus
run 2 search

# 7. search: every word must match, case-insensitive
run 0 search WRIST
has "$tmp/out" "wrist-turns"
run 0 search walk minutes --json
json_ok "$tmp/out" "search --json"
json_eval "$tmp/out" "'walk-break' in [m['id'] for m in d]"
run 0 search zzzqqq
has "$tmp/out" "No movement matches"
run 0 search zzzqqq --json
json_eval "$tmp/out" "d == []"

# 8. drop-ins: a good file, a bad file, an override; sorted order
mkdir -p "$dropin"
cat >"$dropin/10-physio.ini" <<'INI'
# from my physiotherapist
[physio-bridge]
title = Glute bridge
region = patterns
position = floor
cue = Lie on your back, knees bent, and lift your hips for 5 s. 8 times.
step = Lie on your back with knees bent.
step = Lift the hips, hold, lower.
hold = 5s
cycles = 8
dose = 5 s, 8 times
cadence = 4h
evidence = prescribed by my physiotherapist
INI
cat >"$dropin/20-broken.ini" <<'INI'
[broken-one]
title = Broken
region = elbow
position = seated
cue = c
step = s
dose = d
cadence = 1h
evidence = e

[broken-two]
title = Also broken
region = neck
position = seated
cue = c
step = s
dose = d
cadence = whenever
evidence = e
INI
cat >"$dropin/30-override.ini" <<'INI'
[toe-spread]
title = My toe routine
region = feet
position = seated
discreet = yes
cue = Spread the toes, 10 times.
step = Spread.
step = Relax.
dose = 10 times
cadence = 15m
evidence = my own
INI
echo "ignored" >"$dropin/readme.txt"

run 0 list
has "$tmp/out" "physio-bridge"
lacks "$tmp/out" "broken-one"
lacks "$tmp/out" "broken-two"
has "$tmp/err" "$dropin/20-broken.ini:3:"
has "$tmp/err" "unknown region 'elbow'"
has "$tmp/err" "$dropin/20-broken.ini:18:"
has "$tmp/err" "bad cadence 'whenever'"
lacks "$tmp/err" "readme"
run 0 show toe-spread --json
json_eval "$tmp/out" "d['title'] == 'My toe routine' and d['cadence_s'] == 900 and d['source'].endswith('30-override.ini:1')"
run 0 show physio-bridge
has "$tmp/out" "Glute bridge"
has "$tmp/out" "prescribed by my physiotherapist"

# 9. an unreadable drop-in (a directory named *.ini) is reported, the rest loads
mkdir "$dropin/40-dir.ini"
run 0 show physio-bridge
has "$tmp/err" "40-dir.ini"

# 10. show --ini round-trips: every built-in, printed as a section and read
# back from a drop-in, gives the same movement (except where it came from)
rm -rf "$dropin" && mkdir -p "$dropin"
"$BUDGE" catalog list --json >"$tmp/before.json" 2>/dev/null
python3 -c "import json,sys; print('\n'.join(m['id'] for m in json.load(open(sys.argv[1]))))" \
	"$tmp/before.json" >"$tmp/ids"
while read -r id; do
	"$BUDGE" catalog show "$id" --ini >>"$tmp/all.ini" || fail "show $id --ini"
done <"$tmp/ids"
mv "$tmp/all.ini" "$dropin/all.ini"
run 0 list --json
empty "$tmp/err"
python3 - "$tmp/before.json" "$tmp/out" <<'PY' || fail "--ini round trip differs"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for m in a + b:
    assert m.pop('source')
if a != b:
    for x, y in zip(a, b):
        if x != y:
            print('differs:', x['id'])
    sys.exit(1)
PY
run 0 show pelvic-tilt --json
json_eval "$tmp/out" "d['source'].endswith('all.ini:' + d['source'].split(':')[-1]) and 'movements.d' in d['source']"
run 2 list --ini
run 2 show pelvic-tilt --ini --json

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all catalog checks passed"
