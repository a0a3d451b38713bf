#!/bin/sh
# SPDX-License-Identifier: MIT
# `meson install` into a scratch root puts every file the desktop needs in
# place: the program, both man pages, the shell completions, the systemd
# user unit, the D-Bus activation file, the autostart entry, the built-in
# movements and the icon the notifications and the entry name.
set -u
: "${BUDGE_BUILD_ROOT:?}"
. "$BUDGE_SOURCE_ROOT/tests/lib/harness.sh"
PIDS_TO_KILL=

meson install -C "$BUDGE_BUILD_ROOT" --destdir "$T/root" --no-rebuild --quiet >"$T/out" 2>&1 ||
	{ cat "$T/out"; fail "meson install failed"; }
prefix=$(meson introspect "$BUDGE_BUILD_ROOT" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
R=$T/root$prefix
for f in bin/budge share/man/man1/budge.1 share/man/man5/budge.5 \
	share/icons/hicolor/scalable/apps/budge.svg lib/systemd/user/budge.service \
	share/dbus-1/services/org.budge.Coach1.service share/budge/movements/eyes.ini \
	share/icons/hicolor/scalable/status/budge-sitting.svg share/icons/hicolor/scalable/status/budge-due.svg \
	share/icons/hicolor/scalable/status/budge-meeting.svg share/icons/hicolor/scalable/status/budge-paused.svg \
	share/icons/hicolor/scalable/status/budge-away.svg share/icons/hicolor/scalable/status/budge-stopped.svg \
	share/budge/icons/hicolor/index.theme share/budge/icons/hicolor/scalable/status/budge-sitting.svg; do
	[ -e "$R/$f" ] && ok "installed $f" || fail "not installed: $f"
done
auto=$(find "$T/root" -name budge.desktop | head -n 1)
[ -n "$auto" ] && grep -qx "Icon=budge" "$auto" && ok "the autostart entry names the budge icon" ||
	fail "autostart entry: ${auto:-missing}"
grep -q "<svg" "$R/share/icons/hicolor/scalable/apps/budge.svg" && ok "the icon is an SVG" || fail "icon"
"$R/bin/budge" --version >/dev/null && ok "the installed budge runs" || fail "installed budge"

if [ $FAILS -gt 0 ]; then exit 1; fi
echo "all checks passed"
