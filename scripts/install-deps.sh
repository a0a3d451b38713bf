#!/bin/sh
# Install the Debian 12 packages budge needs, only those missing.
#   scripts/install-deps.sh build   -- to build and run budge
#   scripts/install-deps.sh test    -- to build and run the whole test suite
#   scripts/install-deps.sh deb     -- to build the Debian package (make deb)
# Uses apt-get directly as root, through sudo otherwise.
set -eu

# python3 is a build dependency: data/meson.build embeds the catalog with it.
# libpipewire-0.3-dev: only PipeWire's headers, for the calls watcher (which
# loads libpipewire-0.3.so.0 with dlopen; the coach links nothing of it).
# gettext: msgfmt compiles po/*.po (xgettext, msgmerge: scripts/update-po.sh).
BUILD_PKGS="meson ninja-build pkg-config gcc libc6-dev libsystemd-dev libsqlite3-dev
libinih-dev libxcb1-dev libxcb-sync-dev libwayland-dev wayland-protocols zlib1g-dev
libzip-dev scdoc python3 libpipewire-0.3-dev gettext"
# zsh and fish: the completion test checks the syntax of their completion files.
# python3-gi: the stand-ins for GNOME's idle monitor and for logind
# (daemon-gnome-idle, daemon-logind); libwayland-dev above also builds the
# stand-in compositor of daemon-wayland-idle (wayland-server).
# strace: the simulate test counts fsync calls with it.
# libical3: the coach loads it with dlopen() only for [meetings] calendar (no
# build-time dependency); the calendar tests need it at run time.
# libical-dev: the calendar test also checks src/daemon/ical-abi.h against
# libical's own header.
# fonts-dejavu-core: text for the headless Chromium screenshot of the HTML report.
# systemd: busctl, with which the daemon tests call the coach's D-Bus API
# directly (the package is not started; only the tool is used).
# sqlite3: the tests read the stores they made, and ActiLife's .agd file.
# sway, waybar, grim: the tray test runs waybar (tray host and bar module) in a
# headless sway and takes screenshots with grim; librsvg2-common lets waybar
# draw budge's SVG icons.
# pipewire, pipewire-bin (pw-cli, pw-record), wireplumber: the calls test runs a
# real PipeWire daemon and capture client.
# locales: the translation test makes a de_DE.UTF-8 locale with localedef
# (into its own directory: the machine's locales stay as they are).
TEST_PKGS="libical3 libical-dev libcmocka-dev sqlite3 xvfb xdotool x11-utils dbus dbus-bin dbus-x11 dunst
valgrind tmux chromium fonts-dejavu-core zsh fish python3-gi strace systemd
sway waybar grim librsvg2-common pipewire pipewire-bin wireplumber locales"

# make deb: debhelper and dpkg-dev build the package (debian/control's
# Build-Depends are BUILD_PKGS), lintian checks it; dpkg-checkbuilddeps
# also wants build-essential itself, which BUILD_PKGS only covers in parts.
DEB_PKGS="build-essential debhelper dpkg-dev lintian"

case "${1:-build}" in
build) want="$BUILD_PKGS" ;;
test) want="$BUILD_PKGS $TEST_PKGS" ;;
deb) want="$BUILD_PKGS $DEB_PKGS" ;;
*) echo "usage: $0 build|test|deb" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: not root and no sudo; install them and run again" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
