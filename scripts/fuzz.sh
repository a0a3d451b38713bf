#!/bin/sh
# Fuzz every parser with libFuzzer: the wearable decoders (cwa gt3x csv),
# the config file (config), movement files (movements), simulate traces
# (trace), iCalendar through calendar.c (calendar) and the coach's D-Bus
# methods (dbus).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 s each, all targets)
#
# Builds the targets in $BUDGE_FUZZ_BUILD (default build-fuzz, configured with
# CC=clang -Dfuzz=true), seeds them with the head of the real recordings in
# $BUDGE_SHARED/data/accel (default ../shared), runs each for SECONDS, then
# keeps only the inputs that add edge coverage in the corpus
# fuzz/corpus/<format>/ (small files, meant to be committed). Crashes are
# written to $BUDGE_FUZZ_BUILD/fuzz/crash-<format>-*; the script then exits 1.
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
formats=${*:-cwa gt3x csv config movements trace calendar dbus}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUDGE_FUZZ_BUILD:-$root/build-fuzz}
data=${BUDGE_SHARED:-$root/../shared}/data/accel

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$root" -Dfuzz=true
fi
targets=""
for f in $formats; do targets="$targets fuzz/fuzz-$f"; done
# shellcheck disable=SC2086
ninja -C "$build" $targets >/dev/null

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT INT TERM
for f in cwa gt3x csv config movements trace calendar dbus; do mkdir -p "$seeds/$f"; done
if [ -d "$data" ]; then
	head -c 2048 "$data/ax3_testfile.cwa" >"$seeds/cwa/ax3-head" || true
	head -c 2048 "$data/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa" \
		>"$seeds/cwa/ax3-corrupt-head" || true
	{ gzip -dc "$data/tiny-sample.cwa.gz" 2>/dev/null || true; } | head -c 2048 \
		>"$seeds/cwa/tiny-head"
	if command -v unzip >/dev/null; then
		for g in actigraph_testfile small; do
			{
				unzip -p "$data/$g.gt3x" info.txt
				printf '\000'
				unzip -p "$data/$g.gt3x" log.bin | head -c 600
			} >"$seeds/gt3x/$g-head" 2>/dev/null || true
		done
	fi
	{ gzip -dc "$data/calibration_30Hz_xyz.csv.gz" 2>/dev/null || true; } | head -n 12 \
		>"$seeds/csv/xyz-head"
fi
printf 'time,x,y,z\n2024-01-02 03:04:05.000,0.1,0.2,0.9\n2024-01-02T03:04:05.010Z,0,0,1\n2024-01-02 03:04:05.020+01:00,1e-3,-0.5,1\n' \
	>"$seeds/csv/iso"
printf '0.00;1;2;3\n0.02;1;2;3\n0.10;1;2;3\n' >"$seeds/csv/seconds"
printf '%s\r\n' '------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.4 Firmware v2.5.0 date format M/d/yyyy at 30 Hz  Filter Normal -----------' \
	'Serial Number: MOS2E39180594' 'Start Time 15:02:00' 'Start Date 4/24/2023' \
	'--------------------------------------------------' \
	'Accelerometer X,Accelerometer Y,Accelerometer Z' '0.211,-0.105,0.965' >"$seeds/csv/actilife"
printf '# mine\n[sitting]\nlimit = 45m\ngap = 90s\nfull_break = 5m\n[general]\nwork_hours = mon-thu 9:00-17:00, fri 9-13\n[prompts]\nmicro = no\nmin_gap = 10m\n[meetings]\ncalendar = ~/cal.ics\n' \
	>"$seeds/config/typical"
printf '[walk]\nenabled = yes\nminutes = 2\n[idle]\nbackend = x11\n' >"$seeds/config/walk"
cp "$root"/data/movements/neck.ini "$root"/data/movements/whole-body.ini "$seeds/movements/"
printf 'day 2026-03-02\n09:00 active\n09:31 idle\n09:33 active\n10:00 prompt-answer done\n11:00 meeting-start 30m\n12:00:30 lock\n12:40 unlock\n# comment\nday 2026-03-03\n08:59:59 active\n' \
	>"$seeds/trace/day"
printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 BEGIN:VTIMEZONE TZID:Europe/Berlin BEGIN:STANDARD \
	DTSTART:19701025T030000 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU' TZOFFSETFROM:+0200 \
	TZOFFSETTO:+0100 END:STANDARD END:VTIMEZONE BEGIN:VEVENT UID:a@x \
	'DTSTART;TZID=Europe/Berlin:20260105T100000' 'DTEND;TZID=Europe/Berlin:20260105T103000' \
	'RRULE:FREQ=DAILY;COUNT=5' 'EXDATE;TZID=Europe/Berlin:20260106T100000' END:VEVENT \
	BEGIN:VEVENT UID:b@x DTSTART:20260102T120000Z DURATION:PT1H TRANSP:OPAQUE END:VEVENT \
	END:VCALENDAR >"$seeds/calendar/weekly"
# D-Bus: Pause 3600, Respond done, Get State (see fuzz/fuzz-dbus.c for how bytes are read)
printf '\001\001\000\000\000\000\000\000\000\016\020\000\000\000' >"$seeds/dbus/pause"
printf '\000\001\001\000\000\000\000\010\001\001\007\000' >"$seeds/dbus/respond-get"

status=0
for f in $formats; do
	case $f in
	cwa) maxlen=2048 ;;
	gt3x) maxlen=1024 ;;
	csv | trace | dbus) maxlen=512 ;;
	config | movements | calendar) maxlen=4096 ;;
	*) echo "fuzz.sh: unknown target '$f' (expected cwa gt3x csv config movements trace calendar dbus)" >&2; exit 2 ;;
	esac
	corpus=$root/fuzz/corpus/$f
	work=$(mktemp -d)
	mkdir -p "$corpus"
	echo "== fuzz-$f for ${secs}s"
	if ! "$build/fuzz/fuzz-$f" -max_total_time="$secs" -max_len=$maxlen -print_final_stats=1 \
		-artifact_prefix="$build/fuzz/crash-$f-" "$work" "$corpus" "$seeds/$f" \
		2>"$build/fuzz/fuzz-$f.log"; then
		echo "fuzz-$f: FAILED, see $build/fuzz/fuzz-$f.log and $build/fuzz/crash-$f-*" >&2
		status=1
	fi
	grep -E 'stat::number_of_executed_units|stat::new_units_added' "$build/fuzz/fuzz-$f.log" || true
	# keep only inputs that add edge coverage (not hit counts): small corpus
	kept=$(mktemp -d)
	if "$build/fuzz/fuzz-$f" -merge=1 -use_counters=0 -max_len=$maxlen "$kept" "$corpus" \
		"$work" "$seeds/$f" 2>>"$build/fuzz/fuzz-$f.log"; then
		rm -f "$corpus"/*
		cp "$kept"/* "$corpus"/ 2>/dev/null || true
	fi
	rm -rf "$kept"
	echo "corpus fuzz/corpus/$f: $(ls "$corpus" | wc -l) files," \
		"$(cat "$corpus"/* 2>/dev/null | wc -c) bytes"
	rm -rf "$work"
done
exit $status
