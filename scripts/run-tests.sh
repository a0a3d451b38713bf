#!/bin/sh
# Build and run the whole suite: once normally, once under ASan+UBSan
# (set BUDGE_TEST_SANITIZE=0 to skip the second pass). Ends with one line
# "N passed, N failed" counting every test run across both passes.
set -u
cd "$(dirname "$0")/.."

BUILDDIR=${BUILDDIR:-build}
ASANDIR=${ASANDIR:-build-asan}
SANITIZE=${BUDGE_TEST_SANITIZE:-1}
rc=0

setup() { # dir extra-args...
	dir=$1; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" || return 1
	fi
	meson compile -C "$dir"
}

setup "$BUILDDIR" --werror || { echo "0 passed, 1 failed"; exit 1; }
meson test -C "$BUILDDIR" --print-errorlogs --num-processes 2 || rc=1
dirs="$BUILDDIR"

if [ "$SANITIZE" = 1 ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	if setup "$ASANDIR" --werror -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug; then
		BUDGE_SANITIZED=1 meson test -C "$ASANDIR" --print-errorlogs \
			--num-processes 2 --timeout-multiplier 3 || rc=1
		dirs="$dirs $ASANDIR"
	else
		echo "sanitizer build failed"
		rc=1
	fi
fi

python3 - $dirs <<'PY'
import json, sys
p = f = s = 0
for d in sys.argv[1:]:
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
