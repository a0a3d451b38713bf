# SPDX-License-Identifier: MIT
# Shared by the daemon tests (sourced): a private dbus-daemon, so a test
# never touches the user's buses.
#
#   private_bus TYPE DIR [SERVICEDIR]
#
# starts a dbus-daemon of TYPE (session or system) listening in DIR
# (created; the config goes to DIR/bus.conf), with SERVICEDIR for activation
# if given, waits up to 10 s for it and sets BUS_PID and BUS_ADDRESS. Exits
# the test with status 1 when the daemon does not start.
private_bus() {
	mkdir -p "$2"
	_pb_svc=
	[ -n "${3:-}" ] && _pb_svc="<servicedir>$3</servicedir>"
	cat >"$2/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>$1</type>
  <listen>unix:dir=$2</listen>
  $_pb_svc
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
	rm -f "$2/bus.address"
	dbus-daemon --config-file="$2/bus.conf" --nofork --nopidfile --print-address=3 \
		3>"$2/bus.address" >/dev/null 2>&1 &
	BUS_PID=$!
	_pb_i=0
	until [ -s "$2/bus.address" ]; do
		_pb_i=$((_pb_i + 1))
		[ $_pb_i -gt 100 ] && { echo "dbus-daemon ($1) did not start"; exit 1; }
		sleep 0.1
	done
	BUS_ADDRESS=$(head -n1 "$2/bus.address")
}
