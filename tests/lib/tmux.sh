# SPDX-License-Identifier: MIT
# Shared by the terminal tests (sourced): drive a program in a private tmux
# server. The test sets SOCK (a unique server name) and defines fail().
#
#   screen                  print the visible screen
#   wait_for REGEX [SECS]   poll the screen until it matches (default 10 s);
#                           on a timeout call fail and show the screen
#   stop                    kill the tmux server
screen() { tmux -L "$SOCK" capture-pane -p -t 0; }

wait_for() {
	_wf_i=0
	_wf_limit=$(( ${2:-10} * 10 ))
	while [ $_wf_i -lt "$_wf_limit" ]; do
		if screen | grep -Eq "$1"; then return 0; fi
		sleep 0.1
		_wf_i=$((_wf_i + 1))
	done
	fail "screen never showed /$1/; it shows:"
	screen | sed 's/^/    | /'
	return 1
}

stop() { tmux -L "$SOCK" kill-server 2>/dev/null || true; sleep 0.3; }
