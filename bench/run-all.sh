#!/bin/sh
# SPDX-License-Identifier: MIT
# Run budge's benchmarks one after the other and print their results
# (`make bench`). See bench/README.md for each benchmark on its own.
#
#   sh bench/run-all.sh [BUILD_DIR [SHARED_DIR]]
#
# BUILD_DIR defaults to $BUILDDIR or build; SHARED_DIR (the recordings,
# data/accel/tiny-sample.cwa.gz) to $BUDGE_SHARED or ../shared next to the
# source tree. Runs, in order: bench-decode, bench-simulate, report-bench.sh
# (builds a 5-year database first unless REPORT_DB names one),
# accel-analyze.sh (writes a 258 MB file in $TMPDIR). The 10-minute
# daemon-footprint.sh runs only with BENCH_LONG=1.
# Exit status: 0 when every benchmark ran, 1 when one failed (the others
# still run), 2 when the build is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-${BUILDDIR:-build}}
shared=${2:-${BUDGE_SHARED:-$root/../shared}}
case $build in /*) ;; *) build=$root/$build ;; esac

for f in src/cli/budge bench/bench-simulate bench/bench-decode bench/gen-cwa; do
	if [ ! -x "$build/$f" ]; then
		echo "run-all: $build/$f is missing: build first ('make build' or" \
			"'meson compile -C $build')" >&2
		exit 2
	fi
done

failed=
section() { printf '\n==== %s\n' "$1"; }
run() { # run NAME CMD...
	name=$1; shift
	start=$(date +%s)
	if "$@"; then
		echo "---- $name: done in $(($(date +%s) - start)) s"
	else
		echo "---- $name: FAILED (exit $?)"
		failed="$failed $name"
	fi
}

cd "$root" || exit 2
sample=$shared/data/accel/tiny-sample.cwa.gz

section "decoders: decode-only throughput (bench-decode)"
if [ -r "$sample" ]; then
	run bench-decode "$build/bench/bench-decode" "$sample" 20
else
	echo "skipped: $sample not found (pass SHARED_DIR or set BUDGE_SHARED)"
fi

section "engine simulation: ten years of workdays (bench-simulate 3650 1 5)"
run bench-simulate "$build/bench/bench-simulate" 3650 1 5

section "reports on a 5-year database (report-bench.sh)"
run report-bench sh "$here/report-bench.sh" "$build" ${REPORT_DB:+"$REPORT_DB"}

section "wearable analysis of a synthetic week (accel-analyze.sh)"
if [ -r "$sample" ]; then
	run accel-analyze sh "$here/accel-analyze.sh" "$build" "$shared"
else
	echo "skipped: $sample not found (pass SHARED_DIR or set BUDGE_SHARED)"
fi

section "daemon footprint vs Workrave and Safe Eyes (daemon-footprint.sh)"
if [ "${BENCH_LONG:-0}" = 1 ]; then
	run daemon-footprint sh "$here/daemon-footprint.sh" "$build/src/cli/budge" 600
else
	echo "skipped: takes 10 minutes; run with BENCH_LONG=1 (or see bench/README.md)"
fi

echo
if [ -n "$failed" ]; then
	echo "benchmarks that failed:$failed"
	exit 1
fi
echo "all benchmarks ran; compare with BENCHMARKS.md"
