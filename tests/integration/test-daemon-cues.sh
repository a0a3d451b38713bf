#!/bin/sh
# SPDX-License-Identifier: MIT
# Cues beyond the screen ([cues]): each prompt also goes
#   - to the phone: a stand-in KDE Connect daemon on the private session bus
#     (fake-kdeconnectd.py) records the pings: the chosen device gets the
#     prompt's title and body, the other does not; with device = all both
#     do; every prompt is sent once (timed-out prompts are not sent again);
#   - to a user program: a script logs its environment (BUDGE_CUE_KIND,
#     _TITLE, _BODY, _ID match the stored prompt); a failing one is warned
#     about once; a hanging one is stopped after 10 s while the coach goes
#     on answering;
#   - as a sound: pw-play plays a WAV file through a real PipeWire daemon.
# The coach's clock runs 120 times faster (1 s = 2 min).
set -u
: "${BUDGE:?}"
for c in dbus-daemon python3 sqlite3 pipewire wireplumber pw-play; do
	command -v $c >/dev/null 2>&1 || { echo "FAIL: $c is missing (scripts/install-deps.sh test)"; exit 1; }
done
/usr/bin/python3 -c "from gi.repository import Gio" 2>/dev/null ||
	{ echo "FAIL: python3-gi is missing (scripts/install-deps.sh test)"; exit 1; }

DPID= BPID= KPID= PWPID= WPPID=
PIDS_TO_KILL="BPID KPID WPPID PWPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export XDG_RUNTIME_DIR="$T/run"
unset DISPLAY WAYLAND_DISPLAY PIPEWIRE_REMOTE PIPEWIRE_RUNTIME_DIR
mkdir -p "$HOME" "$XDG_CONFIG_HOME/budge" && mkdir -m 700 "$XDG_RUNTIME_DIR"
DB="$XDG_DATA_HOME/budge/budge.db"
CFG="$XDG_CONFIG_HOME/budge/config"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

/usr/bin/python3 "$BUDGE_SOURCE_ROOT/tests/integration/fake-kdeconnectd.py" >"$T/kdc.log" 2>&1 &
KPID=$!
wait_log "$T/kdc.log" "^ready" 100 || { echo "FAIL: the KDE Connect stand-in did not start: $(cat "$T/kdc.log")"; exit 1; }

pipewire >"$T/pipewire.log" 2>&1 &
PWPID=$!
i=0
until [ -S "$XDG_RUNTIME_DIR/pipewire-0" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && { echo "FAIL: pipewire did not start"; exit 1; }
	sleep 0.1
done
wireplumber >"$T/wireplumber.log" 2>&1 &
WPPID=$!
sleep 1
pw-cli create-node adapter '{ factory.name=support.null-audio-sink node.name=fake-speaker
  media.class=Audio/Sink object.linger=true audio.position=[MONO] }' \
	>"$T/pw-cli.out" 2>&1 || { echo "FAIL: no virtual speaker: $(cat "$T/pw-cli.out")"; exit 1; }
# a short WAV tone for [cues] sound
python3 - "$T/tone.wav" <<'PY'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(1600)))
w.close()
PY

# the hook: logs its environment, one block per run
cat >"$T/hook.sh" <<'SH'
#!/bin/sh
{ echo "run"; env | grep '^BUDGE_CUE_' | sort; } >>"$HOOK_LOG"
echo "buzzed"
SH
chmod +x "$T/hook.sh"
export HOOK_LOG="$T/hook.log"

write_config() {
	cat >"$CFG" <<CFG
[general]
work_hours = always
[sitting]
limit = 8h
[prompts]
min_gap = 1m
max_per_hour = 60
response_timeout = 1m
micro_interval = 0
[plan]
start_regions = all
[meetings]
fullscreen = no
calls = no
[cues]
phone = kdeconnect
device = $1
command = $2
sound = $3
CFG
}
write_config pixel "$T/hook.sh --from-budge" "$T/tone.wav"
prompts() { sqlite3 "file:$DB?mode=ro" "SELECT count(*) FROM events WHERE kind = 'prompt'" 2>/dev/null; }
wait_prompts() { # N TENTHS
	_wp=0
	until [ "$(prompts)" -ge "$1" ] 2>/dev/null; do
		_wp=$((_wp + 1)); [ $_wp -gt "$2" ] && return 1; sleep 0.1
	done
}

BUDGE_TEST_TIME_SCALE=120 "$BUDGE" run --verbose --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
wait_log "$T/run.err" "cues: each prompt also goes to phones (KDE Connect, pixel), the command .*hook.sh, the sound .*tone.wav" 100 \
	&& ok "the coach says where cues go" || fail "no cues line: $(cat "$T/run.err")"

# ---- phone and command: three prompts, each sent once ------------------------
wait_prompts 3 300 || fail "fewer than 3 prompts: $(prompts)"
# the cues follow each prompt at once: wait until they have caught up
# (while the coach runs, so that no prompt comes meanwhile from stopping)
i=0
while :; do
	sqlite3 -separator '|' "file:$DB?mode=ro" "SELECT prompt_id, prompt_kind, text FROM events WHERE kind = 'prompt' ORDER BY id" >"$T/prompts"
	n=$(wc -l <"$T/prompts")
	pings=$(grep -c "^ping 1a2b3c4d5e6f7788 " "$T/kdc.log")
	runs=$(grep -c "^run" "$T/hook.log")
	[ "$pings" = "$n" ] && [ "$runs" = "$n" ] && break
	i=$((i + 1)); [ $i -gt 30 ] && break; sleep 0.1
done
kill -STOP "$BPID"
cp "$T/hook.log" "$T/hook1.log"
kill -CONT "$BPID"; kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=
[ "$pings" = "$n" ] && ok "the phone got each of the $n prompts once" \
	|| fail "$pings ping(s) for $n prompt(s): $(cat "$T/kdc.log")"
grep -q "^ping 99aa_bb" "$T/kdc.log" && fail "the other device was pinged" \
	|| ok "only the chosen device (by its name, any case) was pinged"
grep -q "^deviceNames True True" "$T/kdc.log" && ok "asked for reachable, paired devices" \
	|| fail "deviceNames: $(head -3 "$T/kdc.log")"
[ "$runs" = "$n" ] && ok "the command ran once per prompt ($runs)" || fail "$runs run(s) for $n prompt(s)"
ids=$(sed -n 's/^BUDGE_CUE_ID=//p' "$T/hook1.log" | head -n "$n" | tr '\n' ' ')
want=$(cut -d'|' -f1 "$T/prompts" | tr '\n' ' ')
[ "$ids" = "$want" ] && ok "BUDGE_CUE_ID is each prompt's id ($ids)" || fail "ids '$ids', prompts '$want'"
grep -q "^BUDGE_CUE_KIND=micro$" "$T/hook.log" && ok "BUDGE_CUE_KIND" || fail "kind: $(cat "$T/hook.log")"
title=$(grep -m1 "^BUDGE_CUE_TITLE=" "$T/hook.log" | cut -d= -f2-)
body=$(grep -m1 "^BUDGE_CUE_BODY=" "$T/hook.log" | cut -d= -f2-)
[ -n "$title" ] && [ -n "$body" ] && grep -q "prompt 1: $title: $body" "$T/run.err" \
	&& ok "title and body are the prompt's ($title)" || fail "title '$title' body '$body'"
grep -qF "ping 1a2b3c4d5e6f7788 $title: $body" "$T/kdc.log" && ok "the ping carries the prompt's text" \
	|| fail "ping text: $(grep -m1 '^ping' "$T/kdc.log")"
grep -q "\[cues\] command said: buzzed" "$T/run.err" && ok "the command's output is logged" \
	|| fail "no output logged"
grep -q "\[cues\] sound (pw-play): done" "$T/run.err" && ok "pw-play played the sound" \
	|| fail "the sound did not play: $(grep -i "sound" "$T/run.err" | head -5)"
grep -q "warning: \[cues\]" "$T/run.err" && fail "a cue warning: $(grep "cues" "$T/run.err" | head)" \
	|| ok "no cue failed"

# ---- device = all; a failing command, warned about once ----------------------
before=$(grep -c "^ping" "$T/kdc.log")
printf '#!/bin/sh\necho "no buzzer" >&2\nexit 3\n' >"$T/fail.sh" && chmod +x "$T/fail.sh"
write_config all "$T/fail.sh" no
BUDGE_TEST_TIME_SCALE=120 "$BUDGE" run --idle none --no-notify >"$T/run2.out" 2>"$T/run2.err" &
BPID=$!
n0=$(prompts)
wait_prompts $((n0 + 3)) 300 || fail "fewer than 3 more prompts"
sleep 1
grep "^ping" "$T/kdc.log" | tail -n +$((before + 1)) >"$T/pings2"
grep -q "^ping 99aa_bb" "$T/pings2" && grep -q "^ping 1a2b3c4d5e6f7788" "$T/pings2" \
	&& ok "device = all pings both devices" || fail "pings: $(cat "$T/pings2")"
w=$(grep -c "\[cues\] command: failed: exit status 3 (said once" "$T/run2.err")
[ "$w" = 1 ] && ok "a failing command is warned about once" || fail "$w warning(s): $(grep cues "$T/run2.err")"
grep -q "\[cues\] command said: no buzzer" "$T/run2.err" && ok "its error output is logged" \
	|| fail "its stderr was not logged"
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=

# ---- a command that hangs: stopped after 10 s, the coach goes on --------------
printf '#!/bin/sh\nsleep 300\n' >"$T/hang.sh" && chmod +x "$T/hang.sh"
write_config pixel "$T/hang.sh" no
BUDGE_TEST_TIME_SCALE=120 "$BUDGE" run --idle none --no-notify >"$T/run3.out" 2>"$T/run3.err" &
BPID=$!
n0=$(prompts)
wait_prompts $((n0 + 1)) 300 || fail "no prompt for the hanging command"
t0=$(date +%s%N)
"$BUDGE" status >/dev/null 2>&1 && ms=$((($(date +%s%N) - t0) / 1000000)) \
	&& [ "$ms" -lt 1000 ] && ok "the coach answers while the command hangs (${ms} ms)" \
	|| fail "the coach did not answer while the command hangs"
wait_log "$T/run3.err" "\[cues\] command: still running after 10000 ms: stopped" 150 \
	&& ok "the hanging command was stopped after 10 s" || fail "not stopped: $(grep cues "$T/run3.err")"
grep -q "the last one still runs; this cue is skipped" "$T/run3.err" \
	&& ok "prompts meanwhile skip the command, not queue it" || fail "no skip while it hung"
pgrep -f "$T/hang.sh" >/dev/null && fail "the hanging command's processes are left" \
	|| ok "the hanging command and its children are gone"
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; sed 's/^/  | /' "$T/run.err" | tail -30; exit 1; }
echo "all ok"
