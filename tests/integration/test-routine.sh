#!/bin/sh
# SPDX-License-Identifier: MIT
# budge routine --no-wait: what a routine holds, against a real database:
# regions feet to head (the reverse with --reverse), the evening ending
# with breathing, about the minutes asked, a region paused after a red flag
# left out, nothing while coaching is stopped, the easier version of a
# movement that hurt once this week and none of one that hurt twice, and
# bad arguments.
set -u
: "${BUDGE:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" HOME="$T" TZ=UTC LC_ALL=C.UTF-8
unset LANGUAGE
DB="$XDG_DATA_HOME/budge/budge.db"
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
regions() { sed -n 's/^[0-9]*\. .*  (\([a-z-]*\) .*/\1/p' "$1" | uniq | tr '\n' ' '; }

"$BUDGE" routine morning --no-wait >"$T/m" 2>&1 || fail "morning: exit $?"
head -n1 "$T/m" | grep -Eq "^A (9|10|11)-minute morning routine from the feet up: [0-9]+ movements\.$" &&
	ok "about 10 minutes by default: $(head -n1 "$T/m")" || fail "morning: $(head -n1 "$T/m")"
r=$(regions "$T/m")
[ "$r" = "feet legs pelvis patterns lower-back core breathing upper-back shoulders hands neck eyes " ] &&
	ok "feet to head: $r" || fail "morning order: $r"
grep -q "(whole-body" "$T/m" && fail "the walk is not part of a routine" || ok "no whole-body walk"
grep -q "Take care:" "$T/m" && ok "cautions are shown" || fail "no cautions"

"$BUDGE" routine morning --reverse --minutes 5 --no-wait >"$T/r" 2>&1
r=$(regions "$T/r")
[ "$r" = "eyes neck hands shoulders upper-back breathing core lower-back patterns pelvis legs feet " ] &&
	ok "--reverse: head to feet" || fail "reverse order: $r"
head -n1 "$T/r" | grep -Eq "^A (4|5|6)-minute morning routine from the head down" || fail "5 min: $(head -n1 "$T/r")"
n5=$(grep -c '^[0-9]*\. ' "$T/r")
"$BUDGE" routine morning --minutes 15 --no-wait >"$T/m15" 2>&1
n15=$(grep -c '^[0-9]*\. ' "$T/m15")
[ "$n15" -gt "$n5" ] && ok "15 minutes hold more than 5 ($n15 > $n5)" || fail "15 min: $n15, 5 min: $n5"

"$BUDGE" routine evening --no-wait >"$T/e" 2>&1
r=$(regions "$T/e")
case $r in *" eyes breathing ") ok "the evening ends with breathing" ;; *) fail "evening order: $r" ;; esac
grep -q "evening routine" "$T/e" || fail "evening intro: $(head -n1 "$T/e")"
# the evening favours seated and floor movements: no standing-only one first
first=$(grep -m1 '^1\. ' "$T/e")
case $first in *"· standing)"* | *"· standing ·"*) fail "evening starts standing: $first" ;; *) ok "evening starts seated or on the floor" ;; esac

# ---- red flags -------------------------------------------------------------
"$BUDGE" checkin --tightness no --cues effective --natural yes --pain 2 --red-flags infection \
	--flag-region neck >/dev/null
"$BUDGE" routine morning --no-wait >"$T/flag" 2>&1
grep -q "(neck " "$T/flag" && fail "a paused region is in the routine" || ok "neck (red flag) left out"
"$BUDGE" checkin --clear-red-flags >/dev/null
"$BUDGE" checkin --tightness no --cues effective --natural yes --pain 2 --red-flags bladder >/dev/null
"$BUDGE" routine morning --no-wait >"$T/stop" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "coaching is stopped" "$T/stop" && ok "stopped: no routine (exit 1)" ||
	fail "stopped: exit $rc: $(cat "$T/stop")"
"$BUDGE" checkin --clear-red-flags >/dev/null

# ---- hurts: once the easier version, twice left out --------------------------
now=$(date +%s)
sqlite3 "$DB" "INSERT INTO events(ts,kind,prompt_id,prompt_kind,movement,region,response) VALUES
	($now - 3600, 'response', 90, 'micro', 'toe-spread', 'feet', 'hurts'),
	($now - 7200, 'response', 91, 'micro', 'ankle-circles', 'feet', 'hurts'),
	($now - 3600, 'response', 92, 'micro', 'ankle-circles', 'feet', 'hurts'),
	($now - 9 * 86400, 'response', 93, 'micro', 'big-toe-mobility', 'feet', 'hurts'),
	($now - 9 * 86400 + 60, 'response', 94, 'micro', 'big-toe-mobility', 'feet', 'hurts')"
"$BUDGE" routine morning --minutes 20 --no-wait >"$T/h" 2>&1
awk '/^[0-9]+\. Toe spread/ { f = 1; next } f && /^[0-9]+\. / { exit } f' "$T/h" >"$T/toe"
grep -q "It hurt lately, so the easier version: Just wiggle the toes" "$T/toe" &&
	ok "hurt once this week: the easier version" || fail "toe spread: $(cat "$T/toe")"
grep -q "Ankle circles" "$T/h" && fail "hurt twice this week, still in" || ok "hurt twice: left out"
grep -q "Big-toe mobility" "$T/h" && ok "hurts older than a week do not count" || fail "big-toe mobility missing"

# ---- bad arguments ---------------------------------------------------------
for bad in "--minutes 4" "--minutes 21" "--minutes ten" "noon" "morning evening" "--bogus"; do
	# shellcheck disable=SC2086
	"$BUDGE" routine $bad --no-wait >"$T/bad" 2>&1
	rc=$?
	[ $rc = 2 ] && grep -q "^budge routine: " "$T/bad" || fail "routine $bad: exit $rc: $(cat "$T/bad")"
done
ok "bad arguments exit 2 with a message"
"$BUDGE" routine --help | grep -q "^Usage: budge routine" && ok "--help" || fail "--help"

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "all ok"
