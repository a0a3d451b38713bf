#!/bin/sh
# Build and run the whole suite: once normally, once under ASan+UBSan
# (set BUDGE_TEST_SANITIZE=0 to skip the second pass). Both builds use
# -Werror. Ends with one line "N passed, N failed" counting every test run
# across both passes; a build that fails counts as one failure, and so does
# a test that skipped (a tool it needs is missing).
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
if setup "$BUILDDIR" -Dwerror=true -Dtests=enabled; then
	suite "$BUILDDIR"
else
	echo "run-tests: the build in $BUILDDIR failed"
	build_failures=$((build_failures + 1))
	rc=1
fi

if [ "$SANITIZE" = 1 ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	if setup "$ASANDIR" -Dwerror=true -Dtests=enabled -Db_sanitize=address,undefined -Db_lundef=false \
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
# A skipped test counts as failed: `make test` installs everything every
# test needs, so a skip means a missing install step (or a broken test).
p = 0
f = int(sys.argv[1])
bad = []
for d in sys.argv[2:]:
    try:
        with open(d + "/meson-logs/testlog.json") as fh:
            for line in fh:
                t = json.loads(line)
                r = t.get("result")
                if r in ("OK", "EXPECTEDFAIL"):
                    p += 1
                else:
                    f += 1
                    out = (t.get("stdout") or "").strip().splitlines()
                    bad.append(f"{d}: {t.get('name')}: {r}" +
                               (f" ({out[-1]})" if r == "SKIP" and out else ""))
    except FileNotFoundError:
        f += 1
        bad.append(f"{d}: no test log")
for b in bad:
    print("not passed:", b)
print(f"{p} passed, {f} failed")
sys.exit(1 if f else 0)
PY
[ $? -eq 0 ] || rc=1
exit $rc
