# SPDX-License-Identifier: MIT
# A private X server for the tests (sourced after tests/lib/harness.sh):
#
#   private_xvfb [WxHxD]   start Xvfb on a free display (it picks the number
#                          itself with -displayfd, so parallel tests do not
#                          race), wait until it answers, export DISPLAY and
#                          set XPID; exit 1 with its log if it does not come up
private_xvfb() {
	Xvfb -displayfd 3 -nolisten tcp -screen 0 "${1:-1024x768x24}" 3>"$T/display" \
		>"$T/xvfb.log" 2>&1 &
	XPID=$!
	_xv_i=0
	until [ -s "$T/display" ] && { ! command -v xprop >/dev/null 2>&1 ||
		DISPLAY=:$(head -n1 "$T/display") xprop -root >/dev/null 2>&1; }; do
		_xv_i=$((_xv_i + 1))
		if [ $_xv_i -gt 100 ] || ! kill -0 "$XPID" 2>/dev/null; then
			echo "FAIL: Xvfb did not start:"; cat "$T/xvfb.log"; exit 1
		fi
		sleep 0.1
	done
	DISPLAY=:$(head -n1 "$T/display")
	export DISPLAY
}
