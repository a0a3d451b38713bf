#!/bin/sh
# budge breathe / budge now / budge routine driven in a real terminal
# (tmux): the screen shows the step text and a countdown that changes;
# Enter skips; p pauses; q quits; the closing question rejects bad answers
# and logs "done" responses; a routine goes from the feet to the head.
set -eu

: "${BUDGE:?BUDGE must point at the budge binary}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }

T=$(mktemp -d)
SOCK="budge-test-$$-$(date +%s%N)"
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

ENVS="XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config TZ=UTC LANG=C.UTF-8"
start() { # command string
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "env $ENVS $1; echo EXITED rc=\$?; sleep 60"
}
. "$BUDGE_SOURCE_ROOT/tests/lib/tmux.sh"

# --- breathe: the phase text and a countdown that changes; q quits
start "$BUDGE breathe --cycles 3 --speed 2"
wait_for "Breathe in +[0-9] s" || true
screen | grep -q "right foot" || fail "breathe: the weight-shift cue is not shown"
first=$(screen | grep -Eo "Breathe in +[0-9] s" | tail -1)
sleep 1.1
second=$(screen | grep -Eo "(Breathe in|Hold|Breathe out) +[0-9] s" | tail -1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ] ||
	fail "breathe: countdown did not change ('$first' then '$second')"
tmux -L "$SOCK" send-keys -t 0 q
wait_for "Stopped after 0 full cycles" 5 || true
wait_for "EXITED rc=0" 5 || true
stop

# --- now: steps and a changing countdown; Enter skips to the next; q quits
start "$BUDGE now pelvis --count 3 --speed 2"
wait_for "^1/3 " || true
screen | grep -Eq "^ +1\) " || fail "now: step text not shown"
wait_for "(Get ready|Cycle [0-9]+ of [0-9]+).* [0-9] s" || true
a=$(screen | grep -Eo "(Get ready|Cycle [0-9]+ of [0-9]+[^0-9]*) +[0-9] s" | tail -1)
sleep 1.2
b=$(screen | grep -Eo "(Get ready|Cycle [0-9]+ of [0-9]+[^0-9]*) +[0-9] s" | tail -1)
[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ] || fail "now: countdown did not change ('$a' then '$b')"
tmux -L "$SOCK" send-keys -t 0 Enter
wait_for "^2/3 " 5 || true
screen | grep -q "skipped" || fail "now: Enter did not skip"
tmux -L "$SOCK" send-keys -t 0 q
wait_for "Stopped; nothing logged" 5 || true
wait_for "EXITED rc=0" 5 || true
stop

# --- now to the end: the question rejects a bad answer, y logs "done"
start "$BUDGE now feet --count 1 --speed 20"
wait_for "Did you do it\\? \\(y/n\\)" 30 || true
tmux -L "$SOCK" send-keys -t 0 "maybe" Enter
wait_for "Please answer y" 5 || true
tmux -L "$SOCK" send-keys -t 0 y Enter
wait_for "Logged 1 movement as done" 5 || true
wait_for "EXITED rc=0" 5 || true
stop
XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" "$BUDGE" report --json >"$T/r.json" ||
	fail "report after the session failed"
# the session counts as guided movements, not as answers to prompts (issue
# 19: "Prompts 2: 4 done", adherence over 100 %)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["totals"]; sys.exit(0 if t["guided"] == 1 and t["done"] == 0 and t["prompts"] == 0 else 1)' "$T/r.json" ||
	fail "the session's movement is not a guided one in today's report: $(cat "$T/r.json")"
XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" NO_COLOR=1 "$BUDGE" report >"$T/r.txt" 2>&1
grep -q "^Guided  *1 movement in guided sessions (budge now)" "$T/r.txt" ||
	fail "no Guided line: $(cat "$T/r.txt")"
grep -q "^Prompts  *0: 0 done" "$T/r.txt" || fail "prompts line: $(grep Prompts "$T/r.txt")"

# --- routine: head to toe in order; p pauses the countdown, p again goes
# on; Enter skips; to the end, y logs the ones gone through
# the default: about 10 minutes (at 30 times the speed)
start "$BUDGE routine morning --speed 30"
wait_for "1[0-9]-minute morning routine from the feet up: [0-9]+ movements|[89]-minute morning routine from the feet up: [0-9]+ movements" || true
total=$(screen | sed -n 's/.*from the feet up: \([0-9]*\) movements.*/\1/p' | head -n1)
[ "${total:-0}" -ge 15 ] || fail "routine: only ${total:-no} movements in 10 minutes"
wait_for "^1/$total .*\(feet " || true
wait_for "Get ready +[0-9]+ s" || true
tmux -L "$SOCK" send-keys -t 0 p
wait_for "paused: p or space goes on" 5 || true
sleep 1.5
screen | grep -q "paused: p or space goes on" || fail "routine: the pause did not hold"
tmux -L "$SOCK" send-keys -t 0 p
wait_for "(Get ready|Cycle|Set|Take your time).* [0-9]+ s" 5 || true
tmux -L "$SOCK" send-keys -t 0 Enter
wait_for "^2/$total " 5 || true
screen | grep -q "skipped" || fail "routine: Enter did not skip"
wait_for "Did you do them\\? \\(y/n\\)" 120 || true
# the regions came feet first, eyes last
order=$(tmux -L "$SOCK" capture-pane -p -S -2000 -t 0 | sed -n 's|^[0-9]*/[0-9]* .*(\([a-z-]*\) .*|\1|p' | uniq | tr '\n' ' ')
case $order in
"feet legs pelvis "*" eyes ") ;;
*) fail "routine: regions in the order '$order'" ;;
esac
tmux -L "$SOCK" send-keys -t 0 y Enter
wait_for "Logged $((total - 1)) movements as done" 5 || true
wait_for "EXITED rc=0" 5 || true
stop
n=$(sqlite3 "$T/data/budge/budge.db" "select count(*) from events where kind='response' and text='guided'")
[ "$n" = $((1 + total - 1)) ] || fail "routine: $n guided rows, expected $total (1 from now + $((total - 1)))"

# --- colour on a terminal, none with NO_COLOR
start "$BUDGE report"
wait_for "EXITED" 5 || true
tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -q "$(printf '\033')\\[1m" || fail "report on a terminal has no colour"
stop
start "NO_COLOR=1 $BUDGE report"
wait_for "EXITED" 5 || true
if tmux -L "$SOCK" capture-pane -e -p -t 0 | grep -q "$(printf '\033')\\[1m"; then fail "NO_COLOR report has colour"; fi
stop

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
