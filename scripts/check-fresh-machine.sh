#!/bin/sh
# SPDX-License-Identifier: MIT
# Proves the README's promise: on a brand-new Debian 12 with only git and
# make, `make run` starts the coach and `make test` passes. Each check gets
# a fresh minbase root (debootstrap) of its own, with the current commit
# cloned alone into it (no ../shared beside it):
#
#   run-user   a normal user with sudo runs `make run` until the coach says
#              it started (sudo is installed in that root for the user)
#   run-root   root runs `make run` until the coach says it started
#   test-root  root runs `make test`; it must end "N passed, 0 failed"
#   deb        root runs `make deb` (the package, lintian without errors);
#              the .deb is then installed with apt-get into another fresh
#              root, where `budge --version`, `budge catalog list`,
#              `man -w budge` and `systemd-analyze verify` on the user unit,
#              the German translation
#              must work, and `apt-get purge` must remove it again
#
#   scripts/check-fresh-machine.sh [CHECK...]    (default: all four)
#
# Runs as root on a Debian host (debootstrap is installed if missing). The
# minbase root with git and make is built once and kept as a tarball in
# $BUDGE_FRESH_CACHE (default /var/cache/budge-fresh-root); no package the
# project installs is ever cached: each check starts from that tarball with
# empty package lists and an empty package cache. Each root runs in its own
# mount and PID namespace, so its mounts and processes end with the check.
# Logs: $BUDGE_FRESH_LOGS (default /tmp/budge-fresh-logs), one per check.
set -eu

cd "$(dirname "$0")/.."
SRC=$(pwd)
CACHE=${BUDGE_FRESH_CACHE:-/var/cache/budge-fresh-root}
LOGS=${BUDGE_FRESH_LOGS:-/tmp/budge-fresh-logs}
SUITE=bookworm
BASE=$CACHE/$SUITE-minbase-git-make.tar
CHECKS=${*:-run-user run-root test-root deb}
# `make run` must reach "coach started" within this many seconds (it
# installs the build packages and compiles first)
RUN_TIMEOUT=${BUDGE_FRESH_RUN_TIMEOUT:-1200}

say() { echo "check-fresh-machine: $*"; }
die() { say "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot)"
for c in $CHECKS; do
	case $c in run-user | run-root | test-root | deb) ;; *) die "unknown check '$c'" ;; esac
done
commit=$(git rev-parse HEAD) || die "not a git checkout"

# ---- the cached base root: minbase + git + make, package lists emptied --
host_tools() {
	command -v debootstrap >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1 && return 0
	say "installing debootstrap on the host"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap util-linux >/dev/null
}

make_base() {
	[ -s "$BASE" ] && return 0
	host_tools
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/new.XXXXXX")
	say "building the base root (debootstrap --variant=minbase $SUITE)"
	debootstrap --variant=minbase "$SUITE" "$tmp/root" >"$CACHE/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$CACHE/debootstrap.log"; rm -rf "$tmp"; die "debootstrap failed"; }
	cp /etc/resolv.conf "$tmp/root/etc/resolv.conf"
	in_root "$tmp/root" 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends git make ca-certificates >/dev/null' ||
		{ rm -rf "$tmp"; die "installing git and make in the base root failed"; }
	rm -rf "$tmp"/root/var/lib/apt/lists/* "$tmp"/root/var/cache/apt/*.bin
	find "$tmp/root/var/cache/apt/archives" -name '*.deb' -delete
	tar -C "$tmp/root" -cf "$tmp/base.tar" .
	mv "$tmp/base.tar" "$BASE"
	rm -rf "$tmp"
}

# in_root ROOT SCRIPT: run SCRIPT with sh as root inside ROOT, in new mount
# and PID namespaces (/proc, /sys, /dev, /dev/pts and /dev/shm mounted
# there only); every process it started ends with it.
in_root() {
	unshare --mount --pid --fork --propagation private sh -c '
		r=$1; shift
		mount -t proc proc "$r/proc"
		mount -t sysfs sys "$r/sys"
		mount --rbind /dev "$r/dev"
		mount -t tmpfs -o mode=1777 shm "$r/dev/shm"
		exec chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 TERM=dumb sh -c "$1"' sh "$1" "$2"
}

# fresh_root NAME: a new root from the base tarball, with the current
# commit cloned into /src/budge (its origin is the host checkout, which is
# not visible inside)
fresh_root() {
	root=$WORK/$1
	mkdir -p "$root"
	tar -C "$root" -xf "$BASE"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	mkdir -p "$root/src"
	git clone -q --no-local "$SRC" "$root/src/budge"
	git -C "$root/src/budge" checkout -q "$commit"
	git -C "$root/src/budge" remote remove origin
}

# until_started LOG: the script that runs `make run` in the background and
# waits for the coach's "coach started" line, then stops it
run_script() {
	cat <<EOF
cd /src/budge
$1 make run >/tmp/make-run.log 2>&1 </dev/null &
i=0
while [ \$i -lt $RUN_TIMEOUT ]; do
	if grep -q 'info: coach started' /tmp/make-run.log; then
		cat /tmp/make-run.log; echo 'FRESH-RUN: coach started'; exit 0
	fi
	kill -0 \$! 2>/dev/null || break
	sleep 1; i=\$((i + 1))
done
cat /tmp/make-run.log; echo 'FRESH-RUN: the coach did not start'; exit 1
EOF
}

check_run_user() {
	fresh_root run-user
	in_root "$root" 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends sudo >/dev/null &&
		useradd -m -s /bin/sh alice &&
		echo "alice ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/alice &&
		rm -rf /var/lib/apt/lists/* && chown -R alice: /src/budge' || return 1
	in_root "$root" "cd /src/budge && su alice -c 'sh -s' <<'RUN'
$(run_script "")
RUN"
}

check_run_root() {
	fresh_root run-root
	in_root "$root" "$(run_script "")"
}

check_test_root() {
	fresh_root test-root
	in_root "$root" 'cd /src/budge && make test' || return 1
	tail -n 1 "$LOGS/test-root.log" | grep -Eq '^[0-9]+ passed, 0 failed$'
}

check_deb() {
	fresh_root deb-build
	in_root "$root" 'cd /src/budge && make deb' || return 1
	debs=$(ls "$root"/src/budge/dist/budge_*.deb) || return 1
	fresh_root deb-install
	cp $debs "$root/tmp/"
	rm -rf "$WORK/deb-build"
	in_root "$root" 'set -e
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			/tmp/budge_*.deb man-db systemd dbus-user-session >/dev/null
		echo "FRESH-DEB: installed: $(dpkg-query -W -f "\${Package} \${Version}" budge)"
		budge --version
		budge catalog list | head -n 3
		[ "$(budge catalog list | wc -l)" -gt 20 ]
		man -w budge
		man -w 5 budge
		systemd-analyze verify /usr/lib/systemd/user/budge.service
		echo "FRESH-DEB: the user unit verifies"
		test -f /etc/xdg/autostart/budge.desktop
		test -f /usr/share/dbus-1/services/org.budge.Coach1.service
		test -f /usr/share/icons/hicolor/scalable/apps/budge.svg
		test -f /usr/share/locale/de/LC_MESSAGES/budge.mo
		LC_ALL=C.UTF-8 LANGUAGE=de budge --help | grep "^Aufruf: budge"
		LC_ALL=C.UTF-8 LANGUAGE=de budge catalog show neck-tilt | head -n 1
		echo "FRESH-DEB: German from the installed catalogs"
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq budge >/dev/null
		! command -v budge
		echo "FRESH-DEB: purged, no budge left"'
}

make_base
WORK=$(mktemp -d /tmp/budge-fresh.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOGS"
failed=""
for c in $CHECKS; do
	say "$c: commit $commit in a fresh $SUITE minbase root (log: $LOGS/$c.log)"
	start=$(date +%s)
	fn=check_$(echo "$c" | tr - _)
	if $fn >"$LOGS/$c.log" 2>&1; then
		say "$c: ok ($(($(date +%s) - start)) s)"
	else
		say "$c: FAILED ($(($(date +%s) - start)) s); the end of its log:"
		tail -n 40 "$LOGS/$c.log" | sed 's/^/  /'
		failed="$failed $c"
	fi
	rm -rf "${WORK:?}/$c"
done
[ -z "$failed" ] || die "failed:$failed"
say "all passed: $CHECKS"
