# SPDX-License-Identifier: MIT
# Shared by the daemon tests (sourced; $BUDGE is the binary):
#
#   field KEY               a value of `budge status --json` ("" if none)
#   wait_field KEY VALUE [TENTHS]
#                           poll until field KEY is VALUE (default 10 s);
#                           returns 1 on a timeout
#   wait_log FILE PATTERN [TENTHS]
#                           poll until FILE has a line matching PATTERN
#                           (default 10 s); returns 1 on a timeout
#   wait_coach [TENTHS]     poll until a coach answers `budge status`
#                           (default 10 s); returns 1 on a timeout
#   prompt_title KIND       the title budge gives a prompt of KIND
#                           (walk, movement_break) as in the events table;
#                           "" for other kinds
field() { "$BUDGE" status --json 2>/dev/null | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }

wait_field() {
	_wf_i=0
	until [ "$(field "$1")" = "$2" ]; do
		_wf_i=$((_wf_i + 1)); [ $_wf_i -gt "${3:-100}" ] && return 1; sleep 0.1
	done
}

wait_log() {
	_wl_i=0
	until grep -q "$2" "$1"; do
		_wl_i=$((_wl_i + 1)); [ $_wl_i -gt "${3:-100}" ] && return 1; sleep 0.1
	done
}

wait_coach() {
	_wc_i=0
	until "$BUDGE" status >/dev/null 2>&1; do
		_wc_i=$((_wc_i + 1)); [ $_wc_i -gt "${1:-100}" ] && return 1; sleep 0.1
	done
}

prompt_title() {
	case $1 in
	walk) echo "Today's walk" ;;
	movement_break) echo "Time to get up" ;;
	esac
}
