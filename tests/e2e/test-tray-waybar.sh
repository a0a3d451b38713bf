#!/bin/sh
# SPDX-License-Identifier: MIT
# budge in a real tray host and a real status bar: waybar (its tray module is
# a StatusNotifierWatcher and host; a custom module runs `budge status
# --follow --format waybar`) in a headless sway, on a private session bus
# with the coach. Screenshots with grim, checked pixel by pixel: the tray
# shows budge's icon in the colour of its state, and the module the class and
# text budge sends; after a pause both change. The screenshots are kept in
# $BUDGE_SCREENSHOT_DIR when it is set, to look at.
set -u
: "${BUDGE:?}" "${BUDGE_SOURCE_ROOT:?}"
for c in sway waybar grim dbus-daemon busctl /usr/bin/python3; do
	command -v "$c" >/dev/null 2>&1 || { echo "FAIL: $c is needed (scripts/install-deps.sh test)"; exit 1; }
done
if [ "$(id -u)" -eq 0 ] && [ "${BUDGE_AS_USER:-}" != 1 ]; then
	# sway refuses to run as root: the test runs as a user made for it
	id budgetest >/dev/null 2>&1 || useradd -M -d /nonexistent -s /usr/sbin/nologin budgetest ||
		{ echo "FAIL: cannot create the test user budgetest"; exit 1; }
	shots=${BUDGE_SCREENSHOT_DIR:-}
	[ -n "$shots" ] && { mkdir -p "$shots"; chmod 777 "$shots"; }
	exec runuser -u budgetest -- env BUDGE_AS_USER=1 BUDGE="$BUDGE" BUDGE_SOURCE_ROOT="$BUDGE_SOURCE_ROOT" \
		BUDGE_SCREENSHOT_DIR="$shots" PATH="$PATH" sh "$0"
fi
DPID= BPID= SPID= WPID=
PIDS_TO_KILL="WPID BPID SPID DPID"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
. "$BUDGE_SOURCE_ROOT/tests/lib/coach-status.sh"
export HOME="$T" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_CONFIG_HOME/budge" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
printf '[general]\nwork_hours = always\n[tray]\nenabled = yes\n' >"$XDG_CONFIG_HOME/budge/config"
. "$BUDGE_SOURCE_ROOT/tests/lib/private-bus.sh"
private_bus session "$T/bus"
DPID=$BUS_PID
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS

# ---- sway, headless -----------------------------------------------------------
printf 'output HEADLESS-1 resolution 1280x720\nseat * hide_cursor 100\n' >"$T/sway.conf"
WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 sway -c "$T/sway.conf" \
	>"$T/sway.log" 2>&1 &
SPID=$!
i=0
until [ -S "$XDG_RUNTIME_DIR/wayland-1" ] || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.1; done
[ -S "$XDG_RUNTIME_DIR/wayland-1" ] || { echo "FAIL: sway did not start:"; tail -n 20 "$T/sway.log"; exit 1; }
export WAYLAND_DISPLAY=wayland-1

# ---- the coach, then waybar with its tray and budge's module ---------------------
"$BUDGE" run --idle none --no-notify >"$T/run.out" 2>"$T/run.err" &
BPID=$!
wait_coach || { echo "FAIL: the coach did not start"; cat "$T/run.err"; exit 1; }
cat >"$T/waybar.json" <<JSON
{
  "layer": "top", "position": "top", "height": 32,
  "modules-left": ["custom/budge"], "modules-right": ["tray"],
  "custom/budge": {"exec": "$BUDGE status --follow --format waybar", "return-type": "json",
                   "format": "budge {}", "tooltip": true},
  "tray": {"icon-size": 24, "spacing": 6}
}
JSON
cat >"$T/waybar.css" <<'CSS'
* { font-family: "DejaVu Sans"; font-size: 15px; border: none; border-radius: 0; min-height: 0; }
window#waybar { background: #101010; color: #ffffff; }
#custom-budge { padding: 0 12px; color: #ffffff; }
#custom-budge.sitting { background: #00c000; }
#custom-budge.paused { background: #0000c0; }
#tray { padding: 0 8px; }
CSS
waybar -c "$T/waybar.json" -s "$T/waybar.css" >"$T/waybar.log" 2>&1 &
WPID=$!
wait_log "$T/run.err" "tray: the icon is in the tray" 150 && ok "waybar's tray took budge's icon" ||
	{ fail "no registration with waybar's tray"; tail -n 20 "$T/waybar.log"; }

# shot NAME: a screenshot of the bar (the top 32 rows)
shot() {
	sleep 1.5 # let waybar draw
	grim -g "0,0 1280x32" "$T/$1.png" 2>"$T/grim.err" || fail "grim: $(cat "$T/grim.err")"
	[ -n "${BUDGE_SCREENSHOT_DIR:-}" ] && cp "$T/$1.png" "$BUDGE_SCREENSHOT_DIR/"
}
count() { /usr/bin/python3 "$BUDGE_SOURCE_ROOT/tests/e2e/png-colors.py" "$T/$1.png" "$2" 0 "$3" 32 "$4"; }

# sitting: a green module (class "sitting") with white text on the left, the
# teal sitting icon (#2f7d6d) in the tray on the right
shot sitting
g=$(count sitting 0 400 00c000); t=$(count sitting 0 400 ffffff~60); i=$(count sitting 640 640 2f7d6d~12)
[ "$g" -gt 300 ] && ok "the module has class sitting ($g green pixels)" || fail "module class sitting: $g green pixels"
[ "$t" -gt 40 ] && ok "the module shows text ($t white pixels)" || fail "module text: $t white pixels"
[ "$i" -gt 60 ] && ok "the tray shows the sitting icon ($i teal pixels)" || fail "tray icon: $i teal pixels"

# paused from the D-Bus API: the module turns blue, the icon grey (#7a7a7a)
"$BUDGE" pause 1h >/dev/null || fail "pause"
shot paused
b=$(count paused 0 400 0000c0); i=$(count paused 640 640 7a7a7a~12); g=$(count paused 0 400 00c000)
[ "$b" -gt 300 ] && [ "$g" -lt 20 ] && ok "the module has class paused ($b blue pixels)" || fail "module paused: $b blue, $g green"
[ "$i" -gt 60 ] && ok "the tray shows the paused icon ($i grey pixels)" || fail "paused icon: $i grey pixels"
"$BUDGE" resume >/dev/null

[ "$FAILS" -eq 0 ] || { echo "$FAILS failure(s)"; tail -n 20 "$T/waybar.log"; exit 1; }
echo "all passed"
