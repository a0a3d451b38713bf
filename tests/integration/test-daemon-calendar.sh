#!/bin/sh
# SPDX-License-Identifier: MIT
# Meetings from an iCalendar file ([meetings] calendar): a real .ics file
# with a recurring event, a cancelled one and a free (transparent) one, read
# by the coach (`budge run --idle none` on a private bus, its clock 120 times
# faster: 1 s = 2 min) through libical. The state becomes "meeting" (source
# calendar) at the event's start and ends at its end, only discreet
# movements are prompted meanwhile, the cancelled event is no meeting, an
# edit of the file is picked up at once, and a missing or broken file gives
# a "PATH: ..." warning while the coach keeps coaching. Nothing of the
# event's text reaches the log or the database. Skips (77) only when
# libical.so.3 (Debian package libical3) is missing.
set -u
: "${BUDGE:?}"
command -v dbus-daemon >/dev/null 2>&1 || { echo "SKIP: no dbus-daemon"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }

DPID= BPID=
PIDS_TO_KILL="BPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

SCALE=120
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$HOME/cal" "$XDG_CONFIG_HOME/budge"
DB="$XDG_DATA_HOME/budge/budge.db"
ICS="$HOME/cal/work.ics"

# UTC iCalendar time of a Unix time
ical() { date -u -d "@$1" +%Y%m%dT%H%M%SZ; }
# Unix time of the coach's clock ("now" of budge status --json)
coach_now() { date -d "$(field now)" +%s; }

# W: the coach's clock starts at the wall clock; 1 s later = 2 min later
W=$(date +%s)
S1=$((W + 12 * 60)) E1=$((W + 24 * 60))   # the recurring event, today's instance
C1=$((W + 26 * 60)) C2=$((W + 34 * 60))   # cancelled: no meeting
F1=$((W + 26 * 60)) F2=$((W + 30 * 60))   # free time (TRANSP:TRANSPARENT): no meeting
cat >"$ICS" <<ICS
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//budge//integration test//EN
BEGIN:VEVENT
UID:weekly-planning@test
SUMMARY:Secret planning with Alice
LOCATION:Room 4
ATTENDEE:mailto:alice@example.com
DTSTART:$(ical $S1)
DTEND:$(ical $E1)
RRULE:FREQ=DAILY;COUNT=5
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
SUMMARY:Cancelled review
DTSTART:$(ical $C1)
DTEND:$(ical $C2)
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:free@test
SUMMARY:Focus time
DTSTART:$(ical $F1)
DTEND:$(ical $F2)
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
ICS

# a movement that is not discreet and due every 8 min: prompted outside the
# meeting, never in it
mkdir -p "$XDG_CONFIG_HOME/budge/movements.d"
cat >"$XDG_CONFIG_HOME/budge/movements.d/test.ini" <<'INI'
[test-arm-circles]
title = Big arm circles
region = shoulders
position = seated, standing
discreet = no
default = yes
cue = Draw five big circles with both arms.
step = Lift both arms to the side and draw five big circles.
dose = 5 circles
evidence = test movement
cadence = 8m
INI

cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 8h
[prompts]
min_gap = 1m
max_per_hour = 60
response_timeout = 10s
micro_interval = 0
[plan]
start_regions = all
[meetings]
calendar = ~/cal/work.ics, ~/cal/missing.ics
CFG

. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"

BUDGE_TEST_TIME_SCALE=$SCALE "$BUDGE" run --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
# the calendar is read right after "coach started"
if ! wait_log "$T/run.err" "calendar: [0-9]* meeting(s)\|needs libical" 100; then
	echo "FAIL: the coach did not start or read no calendar:"; cat "$T/run.err"; exit 1
fi
if grep -q "needs libical" "$T/run.err"; then
	echo "SKIP: $(grep -m1 "needs libical" "$T/run.err")"
	exit 77
fi
grep -q "missing.ics: No such file or directory; coaching goes on" "$T/run.err" \
	&& ok "a missing calendar file is a warning naming it" \
	|| fail "no warning for the missing file: $(cat "$T/run.err")"
grep -q "calendar: [0-9]* meeting(s) today and tomorrow" "$T/run.err" \
	&& ok "the calendar was read" || fail "the calendar was not read: $(cat "$T/run.err")"
[ "$(field state)" = present ] && ok "present before the meeting" \
	|| fail "state $(field state) before the meeting"

# ---- the recurring event: meeting from S1 to E1 --------------------------
if wait_field state meeting 150; then
	t=$(coach_now)
	[ "$t" -ge "$S1" ] && [ "$t" -lt $((S1 + 3 * 60)) ] \
		&& ok "meeting at the event's start ($((t - S1)) s after it)" \
		|| fail "meeting at $t, the event starts at $S1"
else
	fail "no meeting at the event's start (state $(field state))"
fi
st=$("$BUDGE" status --json)
echo "$st" | grep -q '"meeting_source":\["calendar"\]' && ok "meeting_source calendar" \
	|| fail "meeting_source: $st"
until_cal=$(echo "$st" | sed -n 's/.*"calendar_meeting_until":"\([^"]*\)".*/\1/p')
[ -n "$until_cal" ] && [ "$(date -d "$until_cal" +%s)" = "$E1" ] \
	&& ok "the calendar meeting ends at the event's end" \
	|| fail "calendar_meeting_until '$until_cal', expected $(ical $E1)"
"$BUDGE" status >"$T/status.txt" 2>&1
grep -q "^meeting: *calendar, until" "$T/status.txt" && ok "budge status says why" \
	|| fail "budge status: $(cat "$T/status.txt")"
p=$(busctl --user get-property org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 \
	MeetingSources 2>&1)
[ "$p" = 'as 1 "calendar"' ] && ok "D-Bus MeetingSources" || fail "MeetingSources: $p"
p=$(busctl --user get-property org.budge.Coach1 /org/budge/Coach1 org.budge.Coach1 \
	MeetingUntil 2>&1)
[ "$p" = "t $E1" ] && ok "D-Bus MeetingUntil" || fail "MeetingUntil: $p, expected t $E1"

if wait_field state present 150; then
	t=$(coach_now)
	[ "$t" -ge "$E1" ] && [ "$t" -lt $((E1 + 3 * 60)) ] \
		&& ok "the meeting ended at the event's end ($((t - E1)) s after it)" \
		|| fail "the meeting ended at $t, the event ends at $E1"
else
	fail "the meeting did not end (state $(field state))"
fi
"$BUDGE" status --json | grep -q '"meeting_source":\[\]' && ok "no meeting source after it" \
	|| fail "meeting_source after the meeting: $("$BUDGE" status --json)"

# ---- the cancelled and the free event: no meeting --------------------------
met=0
while [ "$(coach_now)" -lt "$C2" ]; do
	[ "$(field state)" = meeting ] && met=1
	sleep 0.3
done
[ $met = 0 ] && ok "cancelled and transparent events are no meetings" \
	|| fail "a meeting during the cancelled/free events"

# ---- only discreet movements during the meeting ---------------------------
"$BUDGE" catalog list --discreet --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' >"$T/discreet"
[ -s "$T/discreet" ] || fail "no discreet movements in the catalog?"
sqlite3 "file:$DB?mode=ro" \
	"SELECT ts, coalesce(movement, prompt_kind) FROM events WHERE kind = 'prompt' ORDER BY ts" \
	>"$T/prompts" 2>"$T/sqlite.err" || fail "sqlite3: $(cat "$T/sqlite.err")"
in_meeting=0 loud=0 outside_loud=0
while IFS='|' read -r ts mov; do
	if [ "$ts" -ge "$S1" ] && [ "$ts" -lt "$E1" ]; then
		in_meeting=$((in_meeting + 1))
		grep -qx "$mov" "$T/discreet" || { loud=$((loud + 1)); echo "  not discreet in the meeting: $mov"; }
	elif ! grep -qx "$mov" "$T/discreet"; then
		outside_loud=$((outside_loud + 1))
	fi
done <"$T/prompts"
[ $in_meeting -gt 0 ] && [ $loud = 0 ] \
	&& ok "$in_meeting prompt(s) in the meeting, all discreet" \
	|| fail "$in_meeting prompt(s) in the meeting, $loud not discreet: $(cat "$T/prompts")"
[ $outside_loud -gt 0 ] && ok "$outside_loud prompt(s) not discreet outside the meeting" \
	|| fail "no prompt that is not discreet outside the meeting: the check proves nothing"
sqlite3 "file:$DB?mode=ro" \
	"SELECT text || ' ' || coalesce(prompt_kind, 'manual') FROM events WHERE kind = 'meeting'" \
	>"$T/meetings" 2>&1
grep -qx "start calendar" "$T/meetings" && ok "the log has the calendar meeting's start" \
	|| fail "meeting rows: $(cat "$T/meetings")"

# ---- an edit of the file is picked up at once -----------------------------
N=$(coach_now)
S2=$((N + 6 * 60)) E2=$((N + 14 * 60))
sed -i "s/^END:VCALENDAR/BEGIN:VEVENT\nUID:added@test\nSUMMARY:Added meeting\nDTSTART:$(ical $S2)\nDTEND:$(ical $E2)\nEND:VEVENT\nEND:VCALENDAR/" "$ICS"
wait_log "$T/run.err" "work.ics changed" 30 && ok "the change was noticed" \
	|| fail "the edit was not noticed"
if wait_field state meeting 100; then
	t=$(coach_now)
	[ "$t" -ge "$S2" ] && [ "$t" -lt $((S2 + 3 * 60)) ] && ok "the added event is a meeting" \
		|| fail "meeting at $t, the added event starts at $S2"
else
	fail "the added event gave no meeting"
fi

# ---- a broken file: a warning, the meeting ends, the coach goes on --------
echo "this is not a calendar" >"$ICS"
wait_log "$T/run.err" "work.ics: not an iCalendar file" 30 \
	&& ok "a broken file gives a warning naming it" \
	|| fail "no warning for the broken file: $(tail -5 "$T/run.err")"
wait_field state present 30 && ok "its meeting ended with it" \
	|| fail "state $(field state) after the file broke"
kill -0 "$BPID" 2>/dev/null && "$BUDGE" status >/dev/null 2>&1 \
	&& ok "the coach keeps running" || fail "the coach stopped"

# ---- a reload reads the files again ---------------------------------------
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//budge//test//EN\nEND:VCALENDAR\n' \
	>"$HOME/cal/missing.ics"
"$BUDGE" config reload >/dev/null 2>&1 || fail "budge config reload"
wait_log "$T/run.err" "calendar: [0-9]* meeting(s) today and tomorrow in 2 file(s)" 30 \
	&& ! tail -n 3 "$T/run.err" | grep -q "missing.ics: No such file" \
	&& ok "a reload reads the files again (the missing one is there now)" \
	|| fail "the reload did not read the calendar again: $(tail -5 "$T/run.err")"

# ---- privacy: only times were kept ----------------------------------------
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=
if cat "$XDG_DATA_HOME/budge/"* "$T/run.err" "$T/run.out" | grep -aq "Secret\|Alice\|Room 4\|alice@"; then
	fail "the event's title, place or attendee reached the log or the database"
else
	ok "no title, place or attendee in the log or the database"
fi

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; sed 's/^/  | /' "$T/run.err" | tail -40; exit 1; }
echo "all ok"
