#!/bin/sh
# SPDX-License-Identifier: MIT
# Crash safety: run the coach on a private session bus, acknowledge events
# through the CLI (pause, resume, meeting, meeting end, walk, pain, and done
# whenever a prompt is open) while it runs, and SIGKILL it at a random moment, ROUNDS times. After
# each kill: PRAGMA integrity_check must say ok, and after the last round
# every event the CLI acknowledged (exit 0) must be in the database. Each
# acknowledged pause and meeting carries a duration of its own (a sequence
# number), so it is looked up one by one; the others are counted.
#
#   sh bench/sigkill-coach.sh BUDGE [ROUNDS [SEED]]
#
# Prints one line per 50 rounds and a summary:
#   rounds R, acknowledged A, lost L, integrity failures I, restart median M ms
# Exit status 0 when nothing was lost and every check was ok, 1 otherwise.
# BENCHMARKS.md has the figures of 300 rounds; `make test` runs 10
# (tests/integration/meson.build, test sigkill-short).
set -u
BUDGE=${1:?usage: sigkill-coach.sh BUDGE [ROUNDS [SEED]]}
ROUNDS=${2:-300}
SEED=${3:-$$}
case $BUDGE in /*) ;; *) BUDGE=$(pwd)/$BUDGE ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }

T=$(mktemp -d)
DPID= BPID= FEED=
cleanup() {
	for p in $BPID $FEED $DPID; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
. "$root/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
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

# a small deterministic generator (the seed is printed, so a failing run
# can be repeated)
rng=$SEED
rand() { rng=$(((rng * 1103515245 + 12345) % 2147483648)); R=$((rng / 65536 % $1)); }

seq=0
: >"$T/acked"
# one request; an acknowledged one is appended to $T/acked as "kind value"
request() {
	seq=$((seq + 1))
	rand 8
	case $R in
	0) "$BUDGE" pause "$((60 + seq))s" >/dev/null 2>&1 && echo "pause $((60 + seq))" >>"$T/acked" ;;
	1) "$BUDGE" meeting "$((60 + seq))s" >/dev/null 2>&1 && echo "meeting $((60 + seq))" >>"$T/acked" ;;
	2) "$BUDGE" walk "$((seq % 600 + 1))" >/dev/null 2>&1 && echo "walk -" >>"$T/acked" ;;
	3) "$BUDGE" pain "$((seq % 11))" >/dev/null 2>&1 && echo "pain -" >>"$T/acked" ;;
	4) "$BUDGE" resume >/dev/null 2>&1 && echo "resume -" >>"$T/acked" ;;
	5) "$BUDGE" meeting end >/dev/null 2>&1 && echo "meeting-end -" >>"$T/acked" ;;
	*) "$BUDGE" done >/dev/null 2>&1 && echo "done -" >>"$T/acked" ;;
	esac
}

start_coach() {
	rm -f "$T/idle"; mkfifo "$T/idle"
	BUDGE_TEST_TIME_SCALE=60 "$BUDGE" run --idle stdin --no-notify <"$T/idle" \
		>>"$T/run.out" 2>>"$T/run.err" &
	BPID=$!
	# keep the fifo open and the user active
	( while echo active; do sleep 0.5; done ) >"$T/idle" 2>/dev/null &
	FEED=$!
}

integrity=0 restarts=""
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	t0=$(date +%s%N)
	start_coach
	i=0
	until "$BUDGE" status >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 200 ]; then echo "round $r: the coach did not start"; tail "$T/run.err"; exit 1; fi
		sleep 0.02
	done
	restarts="$restarts $((($(date +%s%N) - t0) / 1000000))"
	# requests one after the other until the coach is gone; the kill
	# comes 0.1 to 2 s in, in the middle of whatever is in flight (the
	# sequence numbers of a round start at round * 100)
	rm -f "$T/stop"
	( seq=$((r * 100)); until [ -e "$T/stop" ]; do request; done ) &
	REQ=$!
	rand 20
	sleep "$(((R + 1) / 10)).$(((R + 1) % 10))"
	kill -9 "$BPID"; wait "$BPID" 2>/dev/null; BPID=
	touch "$T/stop"
	wait "$REQ" 2>/dev/null
	kill "$FEED" 2>/dev/null; wait "$FEED" 2>/dev/null; FEED=
	if [ -f "$DB" ] && [ "$(sqlite3 "$DB" 'pragma integrity_check' 2>&1)" != ok ]; then
		integrity=$((integrity + 1)); echo "round $r: integrity_check failed"
	fi
	[ $((r % 50)) = 0 ] && echo "round $r: $(wc -l <"$T/acked") acknowledged so far"
done

lost=0
while read -r kind value; do
	case $kind in
	pause) w="kind='pause' and value=$value" ;;
	meeting) w="kind='meeting' and text='start' and value=$value" ;;
	*) continue ;;
	esac
	[ "$(sqlite3 "$DB" "select count(*) from events where $w")" -ge 1 ] ||
		{ lost=$((lost + 1)); echo "lost: $kind $value"; }
done <"$T/acked"
for kind in walk pain resume meeting-end done; do
	a=$(grep -c "^$kind " "$T/acked")
	case $kind in
	walk) s=$(sqlite3 "$DB" "select count(*) from events where kind='walk'") ;;
	pain) s=$(sqlite3 "$DB" "select count(*) from events where kind='pain'") ;;
	resume) s=$(sqlite3 "$DB" "select count(*) from events where kind='resume'") ;;
	meeting-end) s=$(sqlite3 "$DB" "select count(*) from events where kind='meeting' and text='end'") ;;
	done) s=$(sqlite3 "$DB" "select count(*) from events where kind='response' and response='done'") ;;
	esac
	[ "$s" -ge "$a" ] || { lost=$((lost + a - s)); echo "lost: $((a - s)) of $a $kind"; }
done
acked=$(wc -l <"$T/acked")
median=$(echo "$restarts" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "seed $SEED"
echo "rounds $ROUNDS, acknowledged $acked ($(cut -d' ' -f1 "$T/acked" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')), lost $lost, integrity failures $integrity, restart median ${median} ms"
[ "$lost" = 0 ] && [ "$integrity" = 0 ]
