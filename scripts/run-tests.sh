#!/bin/sh
# Build and run the whole suite: once normally, once under ASan+UBSan
# (set BUDGE_TEST_SANITIZE=0 to skip the second pass). Both builds use
# -Werror. Ends with one line "N passed, N failed, N skipped" counting every
# test run across both passes; a build that fails counts as one failure.
set -u
cd "$(dirname "$0")/.."

BUILDDIR=${BUILDDIR:-build}
ASANDIR=${ASANDIR:-build-asan}
SANITIZE=${BUDGE_TEST_SANITIZE:-1}
rc=0
build_failures=0

# setup DIR -Dopt=value...: configure (or reconfigure an existing build
# directory with the same options, so -Werror also applies to a directory
# `make run` created), then compile.
setup() {
	dir=$1; shift
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" "$@" || return 1
	else
		meson setup "$dir" "$@" || return 1
	fi
	meson compile -C "$dir"
}

# suite DIR [meson test args...]: run the tests; a stale log of an earlier
# run must not be counted, so remove it first.
suite() {
	dir=$1; shift
	rm -f "$dir/meson-logs/testlog.json"
	meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || rc=1
	dirs="$dirs $dir"
}

dirs=""
if setup "$BUILDDIR" -Dwerror=true; then
	suite "$BUILDDIR"
else
	echo "run-tests: the build in $BUILDDIR failed"
	build_failures=$((build_failures + 1))
	rc=1
fi

if [ "$SANITIZE" = 1 ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	if setup "$ASANDIR" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug; then
		BUDGE_SANITIZED=1 suite "$ASANDIR" --timeout-multiplier 3
	else
		echo "run-tests: the sanitizer build in $ASANDIR failed"
		build_failures=$((build_failures + 1))
		rc=1
	fi
fi

python3 - "$build_failures" $dirs <<'PY'
import json, sys
p = s = 0
f = int(sys.argv[1])
for d in sys.argv[2:]:
    try:
        with open(d + "/meson-logs/testlog.json") as fh:
            for line in fh:
                r = json.loads(line).get("result")
                if r in ("OK", "EXPECTEDFAIL"):
                    p += 1
                elif r == "SKIP":
                    s += 1
                else:
                    f += 1
    except FileNotFoundError:
        f += 1
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $rc
