#!/bin/sh
# SPDX-License-Identifier: MIT
# budge in German (po/de.po) and unchanged for scripts:
#   - LANGUAGE=de: the help, the check-in (answered with German words), the
#     terminal report (with a real de_DE.UTF-8 locale made by localedef: a
#     decimal comma) and the HTML report (lang="de", German headings);
#   - a German notification: the coach under Xvfb, a private session bus and
#     dunst, its Notify call watched with dbus-monitor (title, body and
#     action labels from the German catalog);
#   - LC_ALL=C output is what it always was (LANGUAGE is ignored there),
#     JSON and CSV are the same bytes in every language;
#   - po/budge.pot holds every text of the sources and of the movement files
#     (scripts/update-po.sh --check), and the German file translates all.
set -u
: "${BUDGE:?BUDGE must point to the budge binary}"
: "${BUDGE_LOCALEDIR:?BUDGE_LOCALEDIR must point to the compiled catalogs}"
for c in Xvfb dbus-daemon dbus-monitor dunst dunstctl sqlite3 localedef msgfmt xgettext; do
	command -v $c >/dev/null 2>&1 || { echo "FAIL: $c is missing (scripts/install-deps.sh test)"; exit 1; }
done

XPID= DPID= BPID= DUNSTPID= MONPID=
PIDS_TO_KILL="BPID DUNSTPID MONPID DPID XPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"

export TZ=UTC HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/budge"
unset LANG LC_MESSAGES LANGUAGE
DB="$XDG_DATA_HOME/budge/budge.db"
de() { LC_ALL=C.UTF-8 LANGUAGE=de "$BUDGE" "$@"; }
c() { LC_ALL=C "$BUDGE" "$@"; }

# ---- the help ------------------------------------------------------------
de --help >"$T/help.de" 2>&1
grep -q "^Aufruf: budge \[--version\] \[--help\] BEFEHL" "$T/help.de" && grep -q "^Befehle:" "$T/help.de" &&
	grep -q "  report     Bericht für Tag, Woche oder Monat" "$T/help.de" &&
	ok "LANGUAGE=de budge --help is German" || fail "help: $(head -5 "$T/help.de")"
c --help >"$T/help.c" 2>&1
LC_ALL=C LANGUAGE=de "$BUDGE" --help >"$T/help.c-de" 2>&1
grep -q "^Usage: budge \[--version\]" "$T/help.c" && cmp -s "$T/help.c" "$T/help.c-de" &&
	ok "LC_ALL=C: English, whatever LANGUAGE says" || fail "LC_ALL=C help: $(diff "$T/help.c" "$T/help.c-de" | head -5)"
de catalog --help | grep -q "^Aufruf: budge catalog" && ok "a command's help too" ||
	fail "catalog --help: $(de catalog --help | head -2)"
de report --bogus >/dev/null 2>"$T/err.de"
grep -q "^budge report: unbekannte Option '--bogus'; siehe 'budge report --help'" "$T/err.de" &&
	ok "errors are German" || fail "error: $(cat "$T/err.de")"

# ---- the check-in, answered in German ----------------------------------
printf 'ja\nwirksam\nnein\n3\nnein\nkeine\nkeine\nkeine\n' | de checkin >"$T/checkin.de" 2>&1
grep -q "^Wöchentlicher Check-in" "$T/checkin.de" && grep -q "Check-in gespeichert. Schmerz 3/10" "$T/checkin.de" &&
	grep -q "1. Spürst du nach einem vollen Arbeitstag" "$T/checkin.de" &&
	ok "the check-in asks in German and takes ja/nein/wirksam/keine" ||
	fail "check-in: $(tail -8 "$T/checkin.de")"
sqlite3 "$DB" "SELECT value, text FROM events WHERE kind = 'checkin'" | grep -q '^3|{"tightness":true,"cues":"effective","natural":false,' &&
	ok "its answers were stored" || fail "check-in stored: $(sqlite3 "$DB" "SELECT kind, value, text FROM events")"
grep -q "^1/10 Stehst du oft von deinem Schreibtisch auf" "$T/checkin.de" &&
	[ "$(sqlite3 "$DB" "SELECT text, value FROM events WHERE kind = 'checklist'")" = "breaks|0" ] &&
	ok "the checklist's question of the week, answered 'nein'" ||
	fail "checklist item: $(grep -A1 '1/10' "$T/checkin.de")"

# ---- reports: text with a German locale, JSON and CSV the same ----------
. "$BUDGE_SOURCE_ROOT/tests/integration/report-fixture.sh"
report_fixture "$DB" "$T"
mkdir -p "$T/locale"
localedef -i de_DE -f UTF-8 "$T/locale/de_DE.UTF-8" 2>"$T/localedef.err" ||
	fail "localedef de_DE.UTF-8: $(cat "$T/localedef.err")"
dede() { LOCPATH="$T/locale" LC_ALL=de_DE.UTF-8 "$BUDGE" "$@"; }
dede report week --date 2025-03-10 >"$T/week.de" 2>&1
grep -q "^budge — Woche 10.03.2025 bis 16.03.2025" "$T/week.de" &&
	grep -q "^Schmerz    [0-9]* Angaben, [0-9]*–[0-9]*/10, Mittel [0-9],[0-9]$" "$T/week.de" &&
	grep -q "^Tag        Sitzen  " "$T/week.de" &&
	ok "the week report in de_DE.UTF-8: German, German dates, a decimal comma" ||
	fail "week report: $(cat "$T/week.de")"
for f in json csv; do
	c report week --date 2025-03-10 --$f >"$T/week.c.$f"
	dede report week --date 2025-03-10 --$f >"$T/week.de.$f"
	cmp -s "$T/week.c.$f" "$T/week.de.$f" && ok "--$f: the same bytes in German as in C" ||
		fail "--$f differs: $(diff "$T/week.c.$f" "$T/week.de.$f" | head -4)"
done
grep -q '"mean":[0-9]*\.[0-9]' "$T/week.de.json" && ok "JSON keeps the decimal point" || fail "JSON numbers"
c report week --date 2025-03-10 >"$T/week.c"
grep -q "^Pain       [0-9]* ratings, .*mean [0-9]\.[0-9]$" "$T/week.c" && ok "LC_ALL=C: the English report" ||
	fail "C report: $(cat "$T/week.c")"
de report week --date 2025-03-10 --html "$T/week.html"
grep -q '<html lang="de">' "$T/week.html" && grep -q '<h1>budge — Wochenbericht</h1>' "$T/week.html" &&
	grep -q '<h2>Tagesverläufe</h2>' "$T/week.html" && grep -q 'Sitzen (aus der Aktivität am Rechner)' "$T/week.html" &&
	ok "the HTML report: German headings, lang=de" || fail "HTML: $(grep -o '<h[12]>[^<]*' "$T/week.html" | head)"
c report week --date 2025-03-10 --html "$T/week.c.html"
grep -q '<html lang="en">' "$T/week.c.html" && grep -q '<h1>budge — week report</h1>' "$T/week.c.html" &&
	ok "and English in C" || fail "C HTML: $(grep -o '<h1>[^<]*' "$T/week.c.html")"

# ---- the template and the German file -----------------------------------
if out=$(sh "$BUDGE_SOURCE_ROOT/scripts/update-po.sh" --check 2>&1); then
	ok "po/budge.pot holds every text of the sources and the movement files"
else
	fail "template: $out"
fi
stats=$(msgfmt --check --statistics -o /dev/null "$BUDGE_SOURCE_ROOT/po/de.po" 2>&1)
case $stats in
*untranslated* | *fuzzy*) fail "de.po is not complete: $stats" ;;
*" translated messages."*) ok "de.po: $stats" ;;
*) fail "msgfmt: $stats" ;;
esac

# ---- a German notification ----------------------------------------------
. "$BUDGE_SOURCE_ROOT/tests/lib/xvfb.sh"
private_xvfb 640x480x24
mkdir -p "$T/services"
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T" "$T/services"
DPID=$BUS_PID
DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
export DBUS_SESSION_BUS_ADDRESS
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
	>"$T/notify.log" 2>&1 &
MONPID=$!
printf '[global]\n    monitor = 0\n    follow = none\n[urgency_normal]\n    timeout = 0\n' >"$T/dunstrc"
dunst -config "$T/dunstrc" >"$T/dunst.log" 2>&1 &
DUNSTPID=$!
i=0
until dunstctl is-paused >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 100 ] && { fail "dunst did not start: $(cat "$T/dunst.log")"; break; }
	sleep 0.1
done
cat >"$XDG_CONFIG_HOME/budge/config" <<'CFG'
[general]
work_hours = always
[sitting]
limit = 8h
[prompts]
min_gap = 1m
max_per_hour = 60
micro_interval = 0
[plan]
start_regions = all
[meetings]
fullscreen = no
calls = no
CFG
LC_ALL=C.UTF-8 LANGUAGE=de BUDGE_TEST_TIME_SCALE=120 "$BUDGE" run --verbose --idle none \
	>"$T/run.out" 2>"$T/run.err" &
BPID=$!
i=0
until grep -q 'string "Erledigt"' "$T/notify.log"; do
	i=$((i + 1)); [ $i -gt 300 ] && break
	sleep 0.1
done
kill "$BPID"; wait "$BPID" 2>/dev/null; BPID=
# Notify(app, id, icon, summary, body, actions, hints, timeout): the strings
# after member=Notify are app, icon, summary, body, then the actions
awk '/member=Notify/ { n = 0; next } /^ *string / { n++; sub(/^ *string "/, ""); sub(/"$/, "");
	if (n == 3) print "summary=" $0; else if (n == 4) print "body=" $0 }' "$T/notify.log" | head -2 >"$T/first"
summary=$(sed -n 's/^summary=//p' "$T/first")
body=$(sed -n 's/^body=//p' "$T/first")
for label in Erledigt Später Auslassen "Zu schwer" "Tut weh"; do
	grep -q "string \"$label\"" "$T/notify.log" || fail "no action '$label': $(grep -A20 member=Notify "$T/notify.log" | head -24)"
done
ok "the prompt's actions are German"
if [ -n "$summary" ] && grep -qF "msgstr \"$summary\"" "$BUDGE_SOURCE_ROOT/po/de.po"; then
	ok "the notification's title is the German movement title ($summary)"
else
	fail "title '$summary' is not a German text: $(head -c 600 "$T/notify.log")"
fi
cue=$(printf '%s' "$body" | sed 's/ ([^)]*)$//')
[ -n "$cue" ] && grep -qF "$cue" "$BUDGE_SOURCE_ROOT/po/de.po" && ok "its body is the German cue ($body)" ||
	fail "body '$body' is not a German cue"

[ $FAILS = 0 ] || { echo "$FAILS failure(s)"; tail -20 "$T/run.err"; exit 1; }
echo "all ok"
