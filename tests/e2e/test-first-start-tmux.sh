#!/bin/sh
# SPDX-License-Identifier: MIT
# The first start of `budge run` in a real terminal (tmux): before coaching
# it runs the setup of `budge checkin --setup` once (the statement, the
# safety questions, the where-to-start checklist whose "no" proposes the
# starting regions, the regions and work hours), rejects a bad answer
# and asks again, saves the answers, then starts the coach. A second start
# goes straight to coaching; without a session bus a prompt is answered by
# typing at the coach; without a terminal it only prints a hint.
set -eu

: "${BUDGE:?BUDGE must point at the budge binary}"
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not installed"; exit 77; }

T=$(mktemp -d)
SOCK="budge-first-$$-$(date +%s%N)"
cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# No session bus: the coach runs in terminal mode.
ENVS="XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config DBUS_SESSION_BUS_ADDRESS=unix:path=$T/nobus LANG=C.UTF-8"
start() {
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 40 \
		"echo \$\$ >'$T/coach.pid'; env $ENVS $BUDGE run --idle none; echo EXITED rc=\$?; sleep 60"
}
. "$BUDGE_SOURCE_ROOT/tests/lib/tmux.sh"
keys() { tmux -L "$SOCK" send-keys -t 0 "$1" Enter; }

start
wait_for "not a medical device" || true
wait_for "Numbers \(e.g. 1,3\) or 'none': *$" || true
keys "none"
wait_for "checked by a clinician" || true
keys "none"
wait_for "physiotherapist" || true
keys "none"
# the where-to-start checklist: yes to all but the last (walking)
wait_for "Answer it\\? \\[yes/no\\]: *$" || true
keys "yes"
for n in 1 2 3 4 5 6 7 8 9; do
	wait_for "^$n/10 " || true
	keys "yes"
done
wait_for "^10/10 " || true
keys "no"
wait_for "point at: feet, legs" || true
wait_for "\\[feet, legs\\]: *$" || true
keys "toes"
wait_for "unknown region 'toes'" || true
# Enter takes what the checklist proposed
keys ""
wait_for "When do you usually work" || true
keys "always"
wait_for "Setup saved" || true
wait_for "coach started" 15 || true
stop

db="$T/data/budge/budge.db"
[ "$(sqlite3 "$db" "select value from kv where key='setup.done'" 2>/dev/null)" != "" ] ||
	fail "setup.done was not recorded"
grep -Eq '^start_regions *= *feet, *legs' "$T/config/budge/config" ||
	fail "the checklist's starting regions were not written to the config file: $(grep start_regions "$T/config/budge/config")"
[ "$(sqlite3 "$db" "select group_concat(text || '=' || value) from events where kind='checklist'")" = \
	"breaks=1,spine=1,hips=1,sitting-pelvis=1,breathing=1,belly=1,arms-overhead=1,ribs-down=1,standing=1,walking=0" ] ||
	fail "the checklist's answers were not stored with the setup: $(sqlite3 "$db" "select text, value from events where kind='checklist'")"
grep -Eq '^work_hours *= *always' "$T/config/budge/config" ||
	fail "the work hours were not written to the config file"

# second start: no questions, the coach starts at once
start
wait_for "coach started" 15 || true
screen | grep -q "medical device" && fail "setup ran again on the second start"
# closing the terminal stops the coach (SIGHUP without a terminal is not a
# reload); the shell of the tmux pane runs the coach as its child
coach=$(pgrep -P "$(cat "$T/coach.pid")" -f "run --idle none" | head -n1)
[ -n "$coach" ] || fail "no coach process under the tmux pane"
stop
i=0
while [ -n "$coach" ] && kill -0 "$coach" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -n "$coach" ] && kill -0 "$coach" 2>/dev/null && { fail "the coach outlived its closed terminal"; kill "$coach"; }

# without a terminal: a hint on stderr, no questions, the coach runs
rm -rf "$T/data2"
env XDG_DATA_HOME="$T/data2" XDG_CONFIG_HOME="$T/config2" \
	DBUS_SESSION_BUS_ADDRESS="unix:path=$T/nobus" \
	"$BUDGE" run --idle none </dev/null >"$T/out" 2>"$T/err" &
pid=$!
i=0
until grep -q "coach started" "$T/err" 2>/dev/null || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true
grep -q "first start without a terminal: coaching starts with the default plan" "$T/err" &&
	grep -q "run 'budge checkin --setup' in a terminal" "$T/err" ||
	fail "no first-start hint without a terminal: $(cat "$T/err")"
grep -q "coach started" "$T/err" || fail "the coach did not start without a terminal"

# no session bus, a terminal: a prompt is answered by typing at the coach
# (`budge done` cannot reach it; it used to say "answer with: budge done")
printf '[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n[prompts]\nresponse_timeout = 30m\n' >>"$T/config/budge/config"
ENVS="$ENVS BUDGE_TEST_TIME_SCALE=60"
start
wait_for "answer here: d done, s snooze, k skip, t too hard, h it hurts" 20 || true
screen | grep -q "answer with: budge done" && fail "a bus-less prompt offers budge done"
keys "x"
wait_for "'x' is not an answer" || true
keys "d"
wait_for "recorded: done" || true
stop
n=$(sqlite3 "$db" "select count(*) from events where kind='response' and response='done'")
[ "$n" = 1 ] || fail "typed answer: $n done responses in the store"

# the input ends at the first question: the message names the command the
# user ran (it used to say "budge checkin")
ENVS="XDG_DATA_HOME=$T/data3 XDG_CONFIG_HOME=$T/config3 DBUS_SESSION_BUS_ADDRESS=unix:path=$T/nobus LANG=C.UTF-8"
start
wait_for "Numbers \(e.g. 1,3\) or 'none': *$" || true
tmux -L "$SOCK" send-keys -t 0 C-d
wait_for "EXITED rc=2" || true
screen | grep -q "budge run: input ended before setup was complete; nothing was saved" ||
	fail "end of input at setup: $(screen | tail -n 5)"
screen | grep -q "budge checkin:" && fail "the end-of-input message names budge checkin"
stop

[ "$fails" -eq 0 ] && echo "all first-start checks passed"
exit "$fails"
