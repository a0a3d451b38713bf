#!/bin/sh
# budge config against real files in a temporary XDG_CONFIG_HOME.
set -u
: "${BUDGE:?set BUDGE to the budge binary}"

tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
export XDG_CONFIG_HOME="$tmp/cfg" HOME="$tmp/home"
unset XDG_DATA_HOME
mkdir -p "$HOME"
conf="$XDG_CONFIG_HOME/budge/config"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_RC ARGS...: runs budge config ARGS, output in $tmp/out, $tmp/err
run() {
	want=$1; shift
	"$BUDGE" config "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "budge config $*: exit $got, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"; sed 's/^/  stderr: /' "$tmp/err"
	fi
}
# has FILE FIXED-STRING
has() { grep -qF -- "$2" "$1" || { fail "$1 lacks '$2'"; sed 's/^/  | /' "$1"; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 has '$2'"; }
# the "key = value" lines of an INI output
keys() { grep -E '^[a-z_]+ = ' "$1"; }
write() { mkdir -p "$(dirname "$conf")"; printf "$1" >"$conf"; }

all_keys="work_hours limit gap full_break min_gap max_per_hour response_timeout snooze micro micro_interval
start_regions add_region_every regions start_minutes target_minutes start_days target_days weeks
backend fullscreen"
all_sections="general sitting prompts plan walking idle meetings"

# 1. no file: the defaults, every key and section
run 0
has "$tmp/out" "no file at $conf"
for k in $all_keys; do grep -qE "^$k = " "$tmp/out" || fail "default output lacks key $k"; done
for s in $all_sections; do has "$tmp/out" "[$s]"; done
has "$tmp/out" "limit = 30m"
has "$tmp/out" "work_hours = Mon-Fri 08:00-18:00"
keys "$tmp/out" >"$tmp/effective"
run 0 --check
has "$tmp/out" "no such file; the defaults apply"

# 2. --defaults equals the effective config when there is no file, and
#    parses back: written as the config file, it checks and prints the same
run 0 --defaults
keys "$tmp/out" >"$tmp/defaults"
cmp -s "$tmp/defaults" "$tmp/effective" || fail "--defaults differs from the effective defaults"
[ "$(wc -l <"$tmp/defaults")" -ge 18 ] || fail "--defaults printed too few keys"
mkdir -p "$(dirname "$conf")"
cp "$tmp/out" "$conf"
run 0 --check
has "$tmp/out" "$conf: ok"
run 0
has "$tmp/out" "effective configuration from $conf"
keys "$tmp/out" >"$tmp/back"
cmp -s "$tmp/back" "$tmp/defaults" || fail "--defaults output did not parse back to the defaults"

# 3. a valid file
write '# my settings\n[sitting]\nlimit = 45m\ngap = 90s\n\n[general]\nwork_hours = mon-thu 9:00-17:00\n[prompts]\nmicro = no\n'
run 0
has "$tmp/out" "limit = 45m"
has "$tmp/out" "gap = 1m30s"
has "$tmp/out" "full_break = 5m"
has "$tmp/out" "work_hours = Mon-Thu 09:00-17:00"
has "$tmp/out" "micro = false"
run 0 --json
has "$tmp/out" '"limit":2700'
has "$tmp/out" '"micro":false'
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["sitting"]["limit"] == 2700 and d["sitting"]["gap"] == 90, d
assert d["prompts"]["micro"] is False and isinstance(d["prompts"]["max_per_hour"], int), d
assert d["general"]["work_hours"] == "Mon-Thu 09:00-17:00", d
assert sum(len(v) for v in d.values()) >= 18, d' "$tmp/out" || fail "--json is not the expected JSON"
# the printed effective config is itself a valid config file with the same values
cp "$tmp/out" "$tmp/json"
"$BUDGE" config >"$tmp/eff.ini" 2>/dev/null
run 0 --check "$tmp/eff.ini"
run 0 "$tmp/eff.ini"
keys "$tmp/out" >"$tmp/a"
"$BUDGE" config 2>/dev/null | keys /dev/stdin >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "the effective config did not parse back to itself"

# 4. errors: exit 3, "PATH:LINE: what" on stderr, nothing on stdout
check_error() { # text line substring
	write "$1"
	run 3
	has "$tmp/err" "$conf:$2: "
	has "$tmp/err" "$3"
	[ -s "$tmp/out" ] && fail "output on stdout despite an error: $(cat "$tmp/out")"
	run 3 --check
	has "$tmp/err" "$conf:$2: "
	has "$tmp/err" "$3"
}
check_error '[sitting]\nlimit = 30m\nlimits = 30m\n' 3 "unknown key 'limits' in [sitting]"
check_error '[sitting]\nlimit = 5x\n' 2 "[sitting] limit: '5x' is not a duration"
check_error '[sitting]\nlimit = -5m\n' 2 "is not a duration"
check_error '[sitting]\nlimit = 1h30\n' 2 "is not a duration"
check_error '\n[sittin]\nlimit = 30m\n' 2 "unknown section [sittin]"
check_error '[general]\n[sound]\n' 2 "unknown section [sound]"
check_error 'limit = 30m\n' 1 "outside any section"
check_error '[sitting]\nlimit\n' 2 "syntax error"
check_error '[prompts]\nmax_per_hour = 61\n' 2 "expected 1 to 60"
check_error '[prompts]\nmicro = perhaps\n' 2 "expected true or false"
check_error '[sitting]\n\ngap = 6m\n' 3 "gap (6m) must be shorter than full_break (5m)"
check_error '[general]\nwork_hours = Mon-Fri 8-18\n' 2 "expected HH:MM-HH:MM"
check_error '[idle]\nbackend = xorg\n' 2 "expected auto, x11, wayland, gnome or none"
check_error '[plan]\nstart_regions = knees\n' 2 "unknown region 'knees'"
check_error '[sitting]\nlimit = 30m\nlimit = 40m\n' 3 "set twice"

# 5. unreadable: a directory where the file should be; no permission
rm -f "$conf"
mkdir "$conf"
run 3
has "$tmp/err" "$conf: is a directory (expected a config file"
rmdir "$conf"
# nothing but a regular file is read: a device is refused before a byte of
# it is read (it used to read 1 GiB of /dev/zero and say "ok"), a FIFO
# without blocking
run 3 --check /dev/zero
has "$tmp/err" "/dev/zero: is a device (expected a config file"
mkfifo "$tmp/fifo"
timeout 10 "$BUDGE" config --check "$tmp/fifo" >"$tmp/out" 2>"$tmp/err"
[ $? = 3 ] || fail "config --check FIFO: expected exit 3 at once"
has "$tmp/err" "$tmp/fifo: is a FIFO"
# an over-long line stops the reading at once: 64 MiB on one line is
# refused at line 2 after reading a few hundred bytes (strace counts;
# LeakSanitizer cannot run under ptrace, so it is off for this run)
{ printf '[sitting]\nlimit = '; head -c 67108864 /dev/zero | tr '\0' 'a'; } >"$tmp/long.ini"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -qq -y -e trace=read -o "$tmp/long.strace" "$BUDGE" config --check "$tmp/long.ini" \
	>"$tmp/out" 2>"$tmp/err"
[ $? = 3 ] || fail "config --check with a 64 MiB line: expected exit 3"
has "$tmp/err" "$tmp/long.ini:2: the line is longer than"
n=$(grep -c "^read([0-9]*<$tmp/long.ini>" "$tmp/long.strace")
[ "$n" -le 4 ] || fail "the 64 MiB line was read in $n reads of the file (expected a few)"
rm -f "$tmp/long.ini"
if [ "$(id -u)" != 0 ]; then
	write '[sitting]\n'
	chmod 000 "$conf"
	run 3
	has "$tmp/err" "$conf: cannot open"
	chmod 600 "$conf"
fi

# 6. FILE '-' is standard input; an explicit FILE must exist
printf '[sitting]\nlimit = 50m\n' | "$BUDGE" config - >"$tmp/out" 2>"$tmp/err" || fail "config - failed"
has "$tmp/out" "limit = 50m"
printf '[sitting]\n\nlimit = 50\n' | "$BUDGE" config --check - >"$tmp/out" 2>"$tmp/err"
[ $? = 3 ] || fail "config --check - with a bad file: expected exit 3"
has "$tmp/err" "<stdin>:3: [sitting] limit"
run 3 --check "$tmp/nope.ini"
has "$tmp/err" "$tmp/nope.ini: cannot open"
run 3 "$tmp/nope.ini"

# 7. paths
run 0 --path
[ "$(cat "$tmp/out")" = "$conf" ] || fail "--path printed '$(cat "$tmp/out")'"
XDG_CONFIG_HOME= "$BUDGE" config --path >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/out")" = "$HOME/.config/budge/config" ] || fail "HOME fallback: '$(cat "$tmp/out")'"
env -u XDG_CONFIG_HOME -u HOME "$BUDGE" config >"$tmp/out" 2>"$tmp/err"
[ $? = 3 ] || fail "no HOME: expected exit 3"
has "$tmp/err" "HOME"

# 8. every key and section is documented in budge(5)
man5="${BUDGE_SOURCE_ROOT:-$(dirname "$0")/../..}/man/budge.5.scd"
if [ -f "$man5" ]; then
	for k in $all_keys; do grep -qF "*$k* = " "$man5" || fail "budge.5.scd does not document $k"; done
	for s in $all_sections; do grep -qF "## [$s]" "$man5" || fail "budge.5.scd lacks [$s]"; done
else
	fail "cannot find $man5"
fi

# 9. usage
run 0 --help
has "$tmp/out" "Usage: budge config"
has "$tmp/out" "--defaults"
run 2 --bogus
has "$tmp/err" "unknown option '--bogus'"
run 2 a b
run 2 --defaults --check
run 2 --path "$tmp/x"
run 2 --check --json

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok"
