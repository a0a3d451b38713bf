#!/bin/sh
# SPDX-License-Identifier: MIT
# The tray icon at the D-Bus level and `budge status --follow`: the coach on a
# private session bus, a minimal StatusNotifierWatcher (fake-sni-watcher.py)
# that comes, goes and comes back, every item of the dbusmenu clicked with
# Event (each one's effect checked in the store or the state), Activate, and a
# --follow stream watched through a prompt, a pause, a kill and a restart.
set -u
: "${BUDGE:?}"
for c in dbus-daemon busctl /usr/bin/python3 sqlite3; do
	command -v $c >/dev/null 2>&1 || { echo "FAIL: $c is needed (scripts/install-deps.sh test)"; exit 1; }
done
DPID= BPID= WPID= FPID=
PIDS_TO_KILL="FPID BPID WPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge"
DB=$XDG_DATA_HOME/budge/budge.db
# a 1-minute limit on a clock 60 times faster: a prompt about every second
cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 1m
gap = 18s
full_break = 30s
[prompts]
min_gap = 15s
max_per_hour = 60
response_timeout = 2m
CFG
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
bus() { busctl --address="$BUS_ADDRESS" "$@"; }
item() { bus get-property org.budge.Coach1 /StatusNotifierItem org.kde.StatusNotifierItem "$1"; }
click() { bus call org.budge.Coach1 /MenuBar com.canonical.dbusmenu Event isvu "$1" clicked s "" 0; }
visible() { # visible ID -> "true" or "false"
	bus call org.budge.Coach1 /MenuBar com.canonical.dbusmenu GetProperty is "$1" visible |
		sed 's/^v b //'
}
# stand-ins for a terminal and xdg-open: they record what they were asked
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$@" >"%s/term.args"\n' "$T" >"$T/bin/fake-term"
printf '#!/bin/sh\necho "$1" >"%s/open.args"\n' "$T" >"$T/bin/xdg-open"
chmod +x "$T/bin/fake-term" "$T/bin/xdg-open"
export TERMINAL=fake-term PATH="$T/bin:$PATH"

start_coach() {
	mkfifo "$T/idle.$1"
	BUDGE_TEST_TIME_SCALE=60 "$BUDGE" run --idle stdin --no-notify <"$T/idle.$1" >"$T/run.out" 2>"$T/run.err" &
	BPID=$!
	exec 3>"$T/idle.$1"
	wait_coach || { echo "FAIL: the coach did not start"; cat "$T/run.err"; exit 1; }
}

# ---- no watcher: one info line, the item is there all the same --------------
"$BUDGE" status --follow --format waybar >"$T/follow" 2>"$T/follow.err" &
FPID=$!
wait_log "$T/follow" not-running 50 || fail "--follow before the coach: $(cat "$T/follow" "$T/follow.err")"
start_coach 1
wait_log "$T/run.err" "tray: no StatusNotifierWatcher on the session bus; the icon appears when a tray host starts" 30 &&
	ok "no watcher: said once" || fail "no watcher: $(grep tray "$T/run.err")"
[ "$(item IconName)" = 's "budge-sitting"' ] && ok "icon budge-sitting" || fail "icon $(item IconName)"
[ "$(item Menu)" = 'o "/MenuBar"' ] && ok "the menu is /MenuBar" || fail "menu $(item Menu)"
item IconThemePath | grep -q icons && ok "an icon theme path" || fail "theme path $(item IconThemePath)"
item ToolTip | grep -q "Sitting since .* today 0 of 0 done" && ok "tooltip: sitting since, today" ||
	fail "tooltip $(item ToolTip)"

# ---- a watcher appears, restarts --------------------------------------------
/usr/bin/python3 "$BUDGE_SOURCE_ROOT/tests/integration/fake-sni-watcher.py" >"$T/w1" 2>&1 &
WPID=$!
wait_log "$T/w1" "^register :" 50 && ok "registered when a watcher appears" || fail "no registration: $(cat "$T/w1")"
kill "$WPID"; wait "$WPID" 2>/dev/null
/usr/bin/python3 "$BUDGE_SOURCE_ROOT/tests/integration/fake-sni-watcher.py" >"$T/w2" 2>&1 &
WPID=$!
wait_log "$T/w2" "^register :" 50 && ok "registered again when the watcher restarts" || fail "not again: $(cat "$T/w2")"

# ---- the menu ------------------------------------------------------------------
# (busctl escapes the apostrophe: compare without it)
bus call org.budge.Coach1 /MenuBar com.canonical.dbusmenu GetLayout iias -- 0 -1 0 | tr -d "\\\\'" >"$T/layout"
for l in "Pause 30 min" "Pause 1 h" "Pause until tomorrow" "Resume" "Start a guided session" \
	"Today's report" "Quit" "Done" "Snooze" "Skip" "It hurts"; do
	grep -q "\"label\" s \"$(echo "$l" | tr -d "'")\"" "$T/layout" || fail "the layout lacks '$l'"
done
pauses() { sqlite3 "$DB" "select count(*) from events where kind='pause'"; }
p0=$(pauses)
click 6 >/dev/null && wait_field state paused 30 && ok "Pause 30 min: paused" || fail "Pause 30 min: $(field state)"
[ "$(pauses)" = $((p0 + 1)) ] && ok "Pause 30 min: stored" || fail "pause rows $(pauses)"
[ "$(sqlite3 "$DB" "select value from events where kind='pause' order by id desc limit 1")" = 1800 ] &&
	ok "Pause 30 min: 1800 s" || fail "pause value $(sqlite3 "$DB" "select value from events where kind='pause' order by id desc limit 1")"
[ "$(item IconName)" = 's "budge-paused"' ] && ok "icon budge-paused" || fail "icon $(item IconName) when paused"
[ "$(visible 9)" = true ] && [ "$(visible 6)" = false ] && ok "paused: Resume shown, the pauses hidden" ||
	fail "paused: Resume $(visible 9), Pause $(visible 6)"
grep -q "signal NewIcon" "$T/w2" && ok "the host was told NewIcon" || fail "no NewIcon signal"
click 9 >/dev/null && wait_field state present 30 && ok "Resume: present" || fail "Resume: $(field state)"
click 7 >/dev/null && wait_field state paused 30 || fail "Pause 1 h: $(field state)"
[ "$(sqlite3 "$DB" "select value from events where kind='pause' order by id desc limit 1")" = 3600 ] &&
	ok "Pause 1 h: 3600 s" || fail "Pause 1 h value"
click 9 >/dev/null; wait_field state present 30
click 8 >/dev/null && wait_field state paused 30 || fail "Pause until tomorrow: $(field state)"
until=$(field paused_until)
case $until in *T00:00:00*) ok "Pause until tomorrow: until midnight ($until)" ;;
*) fail "Pause until tomorrow: until $until" ;; esac
click 9 >/dev/null; wait_field state present 30

# a prompt: NeedsAttention, the answers shown; each answer clicked once
for a in 1:done 2:snooze 3:skip 4:hurts; do
	id=${a%%:*} resp=${a#*:}
	i=0
	until [ "$(field open_prompt)" != 0 ] || [ $i -gt 200 ]; do i=$((i + 1)); sleep 0.1; done
	pid=$(field open_prompt)
	[ "$pid" != 0 ] || { fail "no prompt came for $resp"; continue; }
	[ "$(item Status)" = 's "NeedsAttention"' ] || fail "$resp: status $(item Status) with a prompt open"
	[ "$(visible "$id")" = true ] || fail "$resp: the item is hidden with a prompt open"
	[ "$(item IconName)" = 's "budge-due"' ] || fail "$resp: icon $(item IconName) with a prompt open"
	click "$id" >/dev/null
	i=0
	until [ "$(sqlite3 "$DB" "select response from events where kind='response' and prompt_id=$pid")" = "$resp" ] ||
		[ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
	[ $i -le 50 ] && ok "$resp from the menu is recorded for prompt $pid" ||
		fail "$resp: response '$(sqlite3 "$DB" "select response from events where kind='response' and prompt_id=$pid")'"
	[ "$resp" = hurts ] && sleep 0.5 # its advice notification
done
i=0
until [ "$(field open_prompt)" = 0 ] || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
[ "$(item Status)" = 's "Active"' ] && ok "Active again with no prompt open" || fail "status $(item Status)"
[ "$(visible 1)" = false ] && ok "Done hidden with no prompt open" || fail "Done visible with no prompt"

# Activate with no prompt open: the status as a notification (here on stdout)
echo "idle 400000" >&3
wait_field state away 50 || wait_field state idle 50
bus call org.budge.Coach1 /StatusNotifierItem org.kde.StatusNotifierItem Activate ii 0 0 >/dev/null
wait_log "$T/run.out" "today [0-9]* of [0-9]* done" 30 && ok "Activate shows the status" || fail "Activate: $(tail -n 3 "$T/run.out")"
echo active >&3

# a guided session in a terminal, today's report with xdg-open
click 11 >/dev/null
wait_log "$T/term.args" "-e .*budge now --db $DB" 50 && ok "guided session: the terminal runs budge now" ||
	fail "terminal args: $(cat "$T/term.args" 2>/dev/null)"
click 12 >/dev/null
wait_log "$T/open.args" "budge-report-.*\.html" 100 && ok "report: xdg-open gets an HTML file" ||
	fail "xdg-open args: $(cat "$T/open.args" 2>/dev/null)"
f=$(cat "$T/open.args" 2>/dev/null)
[ -n "$f" ] && grep -q "<html" "$f" && ok "the report file is HTML" || fail "report file '$f'"
[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ] && ok "the report file is private (0600)" || fail "report mode"
rm -f "$f"
# About: the version, a label that does nothing
about=$(bus call org.budge.Coach1 /MenuBar com.canonical.dbusmenu GetProperty is 14 enabled)
st0=$(field state)
click 14 >/dev/null && [ "$about" = "v b false" ] && [ "$(field state)" = "$st0" ] &&
	kill -0 "$BPID" 2>/dev/null && grep -q "budge [0-9.]*: a micro-movement coach" "$T/layout" &&
	ok "About names the version and does nothing" || fail "About: enabled '$about', state $(field state)"
bus call org.budge.Coach1 /MenuBar com.canonical.dbusmenu Event isvu 99 clicked s "" 0 2>"$T/err" &&
	fail "an unknown item was accepted" || { grep -q "no menu item 99" "$T/err" && ok "an unknown item is an error"; }

# ---- --follow: the stream so far, then a kill and a restart -----------------
for cls in not-running sitting paused due; do
	grep -q "\"class\":\"$cls\"" "$T/follow" && ok "--follow showed $cls" || fail "--follow never showed $cls"
done
kill -KILL "$BPID"; wait "$BPID" 2>/dev/null; BPID=
i=0
until [ "$(tail -n 1 "$T/follow" | grep -c not-running)" = 1 ] || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
[ $i -le 50 ] && ok "--follow: a killed coach is not-running" || fail "--follow after kill: $(tail -n 1 "$T/follow")"
start_coach 2
i=0
until tail -n 1 "$T/follow" | grep -q '"class":"\(sitting\|due\)"' || [ $i -gt 50 ]; do i=$((i + 1)); sleep 0.1; done
[ $i -le 50 ] && ok "--follow resumes when the coach restarts" || fail "--follow after restart: $(tail -n 1 "$T/follow")"
kill -0 "$FPID" 2>/dev/null && ok "--follow is still running" || fail "--follow ended"

# ---- Quit ------------------------------------------------------------------------
click 15 >/dev/null
wait "$BPID"; rc=$?; BPID=
[ $rc = 0 ] && ok "Quit stops the coach (exit 0)" || fail "Quit: exit $rc"
grep -q "stopping (asked from the tray menu)" "$T/run.err" && ok "Quit is logged" || fail "no quit line"

# ---- [tray] enabled = no: no item ---------------------------------------------
printf '[tray]\nenabled = no\n' >>"$XDG_CONFIG_HOME/budge/config"
start_coach 3
bus introspect org.budge.Coach1 /StatusNotifierItem >/dev/null 2>&1 &&
	fail "[tray] enabled = no still exports the item" || ok "[tray] enabled = no: no item"

[ "$FAILS" -eq 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all passed"
