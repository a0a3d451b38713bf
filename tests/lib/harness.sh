# SPDX-License-Identifier: MIT
# The frame every daemon test shares (sourced, after setting PIDS_TO_KILL):
#
#   T              a fresh temporary directory, removed at exit (KEEP=1
#                  keeps it and says where)
#   PIDS_TO_KILL   names of the variables that hold the test's background
#                  pids, in the order to stop them at exit (for example
#                  "BPID DPID XPID": the coach before its bus and display);
#                  each one still set is continued (a test may have stopped
#                  it) and killed
#   cleanup_extra  called first at exit, if the test defines it
#   fail MSG, ok MSG
#                  print one check's result; FAILS counts the failures
T=$(mktemp -d)
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
harness_cleanup() {
	command -v cleanup_extra >/dev/null 2>&1 && cleanup_extra
	for _hc_v in ${PIDS_TO_KILL:-}; do
		eval "_hc_p=\${$_hc_v:-}"
		[ -n "$_hc_p" ] || continue
		kill -CONT "$_hc_p" 2>/dev/null
		kill "$_hc_p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap harness_cleanup EXIT INT TERM
