#!/bin/sh
# Benchmark of `budge analyze` on a synthetic week of 100 Hz Axivity data
# (60.48 M samples per axis), next to reading the same file with cat.
#   bench/accel-analyze.sh [BUILD_DIR] [SHARED_DIR]
# Needs the build's bench/gen-cwa and src/cli/budge. Writes a 258 MB file in
# $TMPDIR (removed at the end).
set -eu
build=${1:-build}
shared=${2:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
f=$tmp/week.cwa
"$build/bench/gen-cwa" "$shared/data/accel/tiny-sample.cwa.gz" "$f" 7
cat "$f" >/dev/null # warm the page cache
samples=60480000
for i in 1 2 3; do
	/usr/bin/time -f "cat:            %e s wall, %U s user, %S s sys" cat "$f" >/dev/null
done
for i in 1 2 3; do
	/usr/bin/time -f "budge analyze:  %e s wall, %U s user, %S s sys" \
		"$build/src/cli/budge" analyze "$f" >"$tmp/out.json"
done
for i in 1 2 3; do
	/usr/bin/time -f "budge analyze --format csv --epoch 1:  %e s wall, %U s user, %S s sys" \
		"$build/src/cli/budge" analyze --format csv --epoch 1 "$f" >/dev/null
done
grep '"samples"' "$tmp/out.json"
echo "samples per axis: $samples (rate = samples / (user + sys))"
