#!/bin/sh
# SPDX-License-Identifier: MIT
# The coach on a real full disk and on a read-only data directory: a 2 MiB
# tmpfs as XDG_DATA_HOME (mounted in a private user and mount namespace, so
# that no root is needed), filled to the last byte with a file; then the
# coach restarted on it remounted read-only (the kernel refuses to remount
# read-only under a process that has files open for writing). Each time a
# request that cannot be stored is an error that names the cause, the coach
# keeps coaching, what it did on its own is written once it can be, and the
# database passes integrity_check.
set -u
: "${BUDGE:?}"
if [ "${BUDGE_IN_NS:-}" != 1 ]; then
	command -v unshare >/dev/null 2>&1 || { echo "FAIL: unshare (util-linux) is needed"; exit 1; }
	# root needs only a mount namespace (a user namespace cannot be made in a
	# chroot, where the fresh-machine check runs the suite)
	if [ "$(id -u)" -eq 0 ]; then set -- --mount; else set -- --user --map-root-user --mount; fi
	# in a chroot "/" is no mount point and cannot be made private: there
	# (the fresh-machine check, whose own namespace is private already) the
	# propagation is left as it is
	unshare "$@" true 2>/dev/null || set -- "$@" --propagation unchanged
	BUDGE_IN_NS=1 exec unshare "$@" sh "$0"
fi
command -v dbus-daemon >/dev/null 2>&1 || { echo "FAIL: no dbus-daemon (scripts/install-deps.sh test)"; exit 1; }

DPID= BPID=
PIDS_TO_KILL="BPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
expect_rc() { # expect_rc WANT DESCRIPTION CMD...
	want=$1 what=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; rc=$?
	[ $rc = "$want" ] && ok "$what (exit $rc)" || { fail "$what: exit $rc, expected $want"; cat "$T/err"; }
}
cleanup_extra() { umount "$XDG_DATA_HOME" 2>/dev/null; }

export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$XDG_CONFIG_HOME/budge" "$XDG_DATA_HOME"
mount -t tmpfs -o size=2m,mode=0700 tmpfs "$XDG_DATA_HOME" ||
	{ echo "FAIL: cannot mount a tmpfs in a user namespace (kernel.unprivileged_userns_clone?)"; exit 1; }
printf '[general]\nwork_hours = always\n[sitting]\nlimit = 1m\ngap = 18s\nfull_break = 30s\n[prompts]\nmin_gap = 15s\n' \
	>"$XDG_CONFIG_HOME/budge/config"
DB="$XDG_DATA_HOME/budge/budge.db"

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T"
DPID=$BUS_PID
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
mkfifo "$T/idle"
BUDGE_TEST_TIME_SCALE=3 "$BUDGE" run --idle stdin --no-notify <"$T/idle" >"$T/run.out" 2>"$T/run.err" &
BPID=$!
exec 3>"$T/idle"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
wait_coach || { echo "FAIL: coach did not start"; cat "$T/run.err"; exit 1; }
expect_rc 0 "pause while there is room" "$BUDGE" pause 1h
expect_rc 0 "resume" "$BUDGE" resume

# cannot_store WHAT CAUSE: a request fails and nothing changes; the coach
# keeps coaching (it goes idle) and keeps its own rows until there is room
# (pauses: the count of pause rows before, read while the file system is writable)
cannot_store() {
	expect_rc 4 "pause on $1" "$BUDGE" pause 1h
	grep -q "could not store this, so nothing changed: $2" "$T/err" && ok "$1: the error names the cause" ||
		fail "$1: $(cat "$T/err")"
	[ "$(field state)" != paused ] && ok "$1: not paused" || fail "$1: paused although not stored"
	echo "idle 40000" >&3
	wait_field state idle 60 && ok "$1: the coach keeps coaching (idle)" || fail "$1: state $(field state)"
	kill -0 "$BPID" 2>/dev/null && ok "$1: the coach is alive" || fail "$1: the coach died"
}
# room_again WHAT N: room is back; the kept rows are written (the Nth time)
room_again() {
	echo active >&3
	wait_field state present 60 || fail "$1: state $(field state) after active"
	i=0
	until [ "$(grep -c "rows kept after failed writes are stored now" "$T/run.err")" -ge "$2" ] || [ $i -gt 60 ]; do
		i=$((i + 1)); sleep 0.1
	done
	[ $i -le 60 ] && ok "$1: the kept rows are written" || fail "$1: kept rows not written: $(tail -n 3 "$T/run.err")"
	expect_rc 0 "$1: pause once there is room" "$BUDGE" pause 1h
	n=$(sqlite3 "$DB" "select count(*) from events where kind='pause'")
	[ "$n" = $((pauses + 1)) ] && ok "$1: exactly the stored pause is in the log" || fail "$1: pause rows $n, $pauses before"
	[ "$(sqlite3 "$DB" "pragma integrity_check")" = ok ] && ok "$1: integrity_check ok" || fail "$1: integrity_check"
	expect_rc 0 "$1: resume" "$BUDGE" resume
}

# ---- a full disk -----------------------------------------------------------
pauses=$(sqlite3 "$DB" "select count(*) from events where kind='pause'")
dd if=/dev/zero of="$XDG_DATA_HOME/filler" bs=4096 2>/dev/null
[ "$(df --output=avail "$XDG_DATA_HOME" | tail -n 1 | tr -d ' ')" = 0 ] && ok "the disk is full" ||
	fail "the disk is not full: $(df -h "$XDG_DATA_HOME" | tail -n 1)"
cannot_store "a full disk" "No space left on device (the disk that holds budge's data is full)"
grep -q "No space left on device; kept in memory" "$T/run.err" && ok "the coach's log names the full disk" ||
	fail "no full-disk message in the log"
rm "$XDG_DATA_HOME/filler"
room_again "a full disk" 1

# ---- a read-only data directory ---------------------------------------------
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=
pauses=$(sqlite3 "$DB" "select count(*) from events where kind='pause'")
mount -o remount,ro "$XDG_DATA_HOME" || fail "cannot remount read-only"
BUDGE_TEST_TIME_SCALE=3 "$BUDGE" run --idle stdin --no-notify <"$T/idle" >"$T/run.out" 2>"$T/run.err" &
BPID=$!
exec 3>"$T/idle"
wait_coach && ok "the coach starts on a read-only data directory" ||
	{ echo "FAIL: the coach did not start read-only"; cat "$T/run.err"; exit 1; }
grep -q "mounted read-only, so nothing can be recorded.*the coach coaches anyway" "$T/run.err" &&
	ok "its log says why and what it does" || fail "read-only start: $(cat "$T/run.err")"
cannot_store "a read-only directory" "Read-only file system"
# the CLI meanwhile: reports read it, writes say why they cannot
expect_rc 0 "report on a read-only directory" "$BUDGE" report
expect_rc 4 "pain on a read-only directory" "$BUDGE" pain 3 --note test
grep -q "mounted read-only, so nothing can be recorded" "$T/err" && ok "pain: the error says read-only" ||
	fail "pain: $(cat "$T/err")"
mount -o remount,rw "$XDG_DATA_HOME"
room_again "a read-only directory" 1
grep -q "can be written again" "$T/run.err" && ok "the coach says the store is writable again" ||
	fail "no 'written again' in the log"
n=$(sqlite3 "$DB" "select count(*) from events where kind='daemon' and text='start'")
[ "$n" = 2 ] && ok "the read-only start's own row was kept and written" || fail "$n daemon start rows"

[ "$FAILS" -eq 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all passed"
