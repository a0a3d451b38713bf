#!/bin/sh
# SPDX-License-Identifier: MIT
# Calls ([meetings] calls): a real PipeWire daemon (pipewire + wireplumber,
# started here with their own runtime directory) with a virtual microphone,
# and a real capture client (pw-record). While it records, the coach is in
# a call (state "call", meeting source "call"); the movement break that
# falls due meanwhile is held and prompted as soon as the recording stops.
# The delay from the capture's start to the coach's "call" is measured.
# Then the alsa fallback on a fake /proc tree (BUDGE_CALLS_PROC): a
# capture substream in state RUNNING, then a /dev/video0 held open, each a
# call, looked at once a minute of the coach's clock while sitting. Nothing
# of the recording (its application, its sound) reaches the log or the
# database. A missing PipeWire part is a failure (scripts/install-deps.sh
# test installs them), not a skip.
set -u
: "${BUDGE:?}"
for c in pipewire wireplumber pw-cli pw-record dbus-daemon sqlite3 busctl; do
	command -v $c >/dev/null 2>&1 || { echo "FAIL: $c is missing (scripts/install-deps.sh test)"; exit 1; }
done

DPID= BPID= PWPID= WPPID= RPID=
PIDS_TO_KILL="RPID BPID WPPID PWPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export XDG_RUNTIME_DIR="$T/run"
unset DISPLAY WAYLAND_DISPLAY PIPEWIRE_REMOTE PIPEWIRE_RUNTIME_DIR
mkdir -p "$HOME" "$XDG_CONFIG_HOME/budge" && mkdir -m 700 "$XDG_RUNTIME_DIR"
DB="$XDG_DATA_HOME/budge/budge.db"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

# ---- PipeWire with a virtual microphone -----------------------------------
pipewire >"$T/pipewire.log" 2>&1 &
PWPID=$!
i=0
until [ -S "$XDG_RUNTIME_DIR/pipewire-0" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "FAIL: pipewire did not start: $(cat "$T/pipewire.log")"; exit 1; }
	sleep 0.1
done
wireplumber >"$T/wireplumber.log" 2>&1 &
WPPID=$!
sleep 1
pw-cli create-node adapter '{ factory.name=support.null-audio-sink node.name=fake-mic
  media.class=Audio/Source/Virtual object.linger=true audio.position=[MONO] }' \
	>"$T/pw-cli.out" 2>&1 || { echo "FAIL: no virtual microphone: $(cat "$T/pw-cli.out")"; exit 1; }

# the coach: its clock 10 times faster (the 1-minute limit is 6 s)
cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 1m
gap = 15s
full_break = 30s
[prompts]
micro = no
response_timeout = 2m
[meetings]
fullscreen = no
calls = pipewire
CFG
BUDGE_TEST_TIME_SCALE=10 "$BUDGE" run --verbose --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
wait_log "$T/run.err" "watching PipeWire for camera and microphone" 100 \
	&& ok "the coach watches PipeWire" || fail "no PipeWire watch: $(cat "$T/run.err")"
[ "$(field calls)" = pipewire ] && ok "status says calls come from pipewire" \
	|| fail "calls: $(field calls)"
[ "$(field state)" = present ] && ok "present before the call" || fail "state $(field state)"

# ---- a capture starts: a call within 2 s -----------------------------------
start_ns=$(date +%s%N)
pw-record --target fake-mic "$T/out.wav" >"$T/pw-record.log" 2>&1 &
RPID=$!
if wait_field state call 50; then
	ms=$((($(date +%s%N) - start_ns) / 1000000))
	echo "measured: capture start to call: $ms ms"
	[ "$ms" -le 2000 ] && ok "a call $ms ms after the capture started (at most 2 s)" \
		|| fail "the call came $ms ms after the capture started (more than 2 s)"
else
	fail "no call while pw-record records (state $(field state)): $(tail -5 "$T/run.err")"
fi
st=$("$BUDGE" status --json)
echo "$st" | grep -q '"in_call":true' && echo "$st" | grep -q '"meeting_source":\["call"\]' \
	&& ok "status: in_call, meeting source call" || fail "status: $st"
"$BUDGE" status | grep -q "^meeting: *call, until the camera and microphone are off" \
	&& ok "budge status says a call holds the meeting" || fail "budge status: $("$BUDGE" status)"
p=$(busctl --user get-property org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 State 2>&1)
[ "$p" = 's "call"' ] && ok "D-Bus State is call" || fail "D-Bus State: $p"

# the 1-minute limit passes (6 s): the break (a movement break, or the
# walking plan's walk) is held in the call
prompts() { sqlite3 "file:$DB?mode=ro" "SELECT count(*) FROM events WHERE kind = 'prompt'"; }
sleep 8
[ "$(prompts)" = 0 ] && ok "no prompt during the call (micro-movements are off)" \
	|| fail "$(prompts) prompt(s) in the call"

# ---- the capture stops: the call ends, the held break comes at once ---------
stop_ns=$(date +%s%N)
kill "$RPID"; wait "$RPID" 2>/dev/null; RPID=
if wait_field state present 50; then
	ms=$((($(date +%s%N) - stop_ns) / 1000000))
	echo "measured: capture stop to the call's end: $ms ms"
	ok "the call ended $ms ms after the capture stopped"
else
	fail "the call did not end (state $(field state))"
fi
i=0
until [ "$(prompts)" != 0 ]; do
	i=$((i + 1)); [ $i -gt 30 ] && break; sleep 0.1
done
row=$(sqlite3 "file:$DB?mode=ro" "SELECT p.prompt_kind, p.ts - m.ts FROM events p, events m
	WHERE p.kind = 'prompt' AND m.kind = 'meeting' AND m.text = 'end' ORDER BY p.id LIMIT 1")
case $row in
movement_break\|0 | walk\|0) ok "the held break ($row) was prompted as the call ended" ;;
*) fail "no break prompted at the call's end: '$row'" ;;
esac
sqlite3 "file:$DB?mode=ro" "SELECT text || ' ' || coalesce(prompt_kind, 'manual') FROM events WHERE kind = 'meeting' ORDER BY id" >"$T/meetings"
[ "$(tr '\n' ',' <"$T/meetings")" = "start call,end call," ] && ok "the log has the call's start and end" \
	|| fail "meeting rows: $(cat "$T/meetings")"
"$BUDGE" report --json --db "$DB" >"$T/report.json" 2>"$T/report.err"
grep -q '"call_s":[1-9]' "$T/report.json" && ok "the report counts the call's time" \
	|| fail "no call time in the report: $(head -c 600 "$T/report.json") $(cat "$T/report.err")"

# ---- PipeWire goes away: [meetings] calls = auto falls back to alsa --------
sed -i 's/^calls = pipewire/calls = auto/' "$XDG_CONFIG_HOME/budge/config"
"$BUDGE" config reload >/dev/null 2>&1 || fail "budge config reload"
i=0
until [ "$(grep -c "watching PipeWire for camera" "$T/run.err")" = 2 ]; do
	i=$((i + 1)); [ $i -gt 50 ] && { fail "the reload did not watch PipeWire again"; break; }
	sleep 0.1
done
kill "$WPPID" "$PWPID"; wait "$WPPID" "$PWPID" 2>/dev/null; WPPID= PWPID=
wait_log "$T/run.err" "calls: the PipeWire daemon went away; looking at ALSA and /dev/video instead" 50 \
	&& ok "PipeWire went away: auto looks at ALSA now" || fail "no fallback: $(tail -5 "$T/run.err")"
[ "$(field calls)" = alsa ] && ok "status says alsa after the fallback" || fail "calls: $(field calls)"
wait_log "$T/run.err" "calls: [0-9]* running ALSA capture(s), [0-9]* open camera(s)" 50 \
	&& ok "after the fallback the coach looks at once (its timer is armed)" \
	|| fail "no look after the fallback: $(tail -5 "$T/run.err")"
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=

# ---- the alsa fallback on a fake /proc --------------------------------------
P="$T/proc"
mkdir -p "$P/asound/card0/pcm0c/sub0" "$P/asound/card0/pcm0p/sub0" "$P/4242/fd"
echo closed >"$P/asound/card0/pcm0c/sub0/status"
printf 'state: RUNNING\nowner_pid   : 1\n' >"$P/asound/card0/pcm0p/sub0/status" # playback: no call
ln -s /dev/null "$P/4242/fd/0"
sed -i 's/^calls = auto/calls = alsa/' "$XDG_CONFIG_HOME/budge/config"
# the coach's clock 60 times faster: a look each second
BUDGE_CALLS_PROC="$P" BUDGE_TEST_TIME_SCALE=60 "$BUDGE" run --idle none --no-notify \
	>"$T/run2.out" 2>"$T/run2.err" &
BPID=$!
wait_coach 100 || fail "the coach did not start: $(cat "$T/run2.err")"
[ "$(field calls)" = alsa ] && ok "status says calls come from alsa" || fail "calls: $(field calls)"
sleep 2
[ "$(field state)" = present ] && ok "a running playback is no call" || fail "state $(field state)"
printf 'state: RUNNING\nowner_pid   : 1\n' >"$P/asound/card0/pcm0c/sub0/status"
wait_field state call 40 && ok "a running ALSA capture is a call" || fail "state $(field state)"
echo closed >"$P/asound/card0/pcm0c/sub0/status"
wait_field state present 40 && ok "the capture closed: the call ended" || fail "state $(field state)"
ln -s /dev/video0 "$P/4242/fd/7"
wait_field state call 40 && ok "a held /dev/video0 is a call" || fail "state $(field state)"
rm "$P/4242/fd/7"
wait_field state present 40 && ok "the camera let go: the call ended" || fail "state $(field state)"
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=

# ---- privacy: only the fact of a capture -----------------------------------
if cat "$XDG_DATA_HOME/budge/"* "$T/run.err" "$T/run2.err" | grep -aiq "pw-record\|fake-mic\|out\.wav"; then
	fail "the capture's application, device or file reached the log or the database"
else
	ok "no application, device or file name in the log or the database"
fi

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; sed 's/^/  | /' "$T/run.err" | tail -40; exit 1; }
echo "all ok"
