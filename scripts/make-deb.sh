#!/bin/sh
# SPDX-License-Identifier: MIT
# make deb: build the binary package from this tree with dpkg-buildpackage
# (debian/, dh with meson), check it with lintian, and put the .deb and its
# .changes and .buildinfo into dist/. Fails when lintian reports an error;
# the warnings that stay are explained in debian/lintian-notes.md.
set -eu
cd "$(dirname "$0")/.."
command -v dpkg-buildpackage >/dev/null 2>&1 || { echo "make deb: dpkg-buildpackage is missing (scripts/install-deps.sh deb)" >&2; exit 1; }
version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
# dpkg-buildpackage writes next to the source tree; a copy of the tree
# keeps that out of the user's parent directory (and the tree clean)
work=$(mktemp -d "${TMPDIR:-/tmp}/budge-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/budge"
if git rev-parse --git-dir >/dev/null 2>&1; then
	# the project's files (tracked, or new and not ignored), no build dirs
	git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - |
		tar -C "$work/budge" -xf -
else
	cp -a . "$work/budge"
fi
(cd "$work/budge" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -n 40 "$work/build.log"; echo "make deb: dpkg-buildpackage failed" >&2; exit 1; }
mkdir -p dist
rm -f dist/budge_* dist/budge-dbgsym_*
cp "$work"/budge_"$version"_* "$work"/budge-dbgsym_"$version"_* dist/ 2>/dev/null || true
deb=dist/budge_${version}_${arch}.deb
[ -s "$deb" ] || { echo "make deb: no $deb was built" >&2; exit 1; }
echo "make deb: $deb"
# lintian's exit status: 0 no error, 1 errors, 2 it could not check
rc=0
lintian --fail-on error --info --display-info --tag-display-limit 0 "$deb" \
	>dist/lintian.txt 2>&1 || rc=$?
grep -v "^running with root privileges" dist/lintian.txt || true
case $rc in
0) ;;
1) echo "make deb: lintian reports errors (dist/lintian.txt)" >&2; exit 1 ;;
*) echo "make deb: lintian could not check the package (status $rc)" >&2; exit 1 ;;
esac
echo "make deb: lintian: $(grep -c '^E: ' dist/lintian.txt) errors," \
	"$(grep -c '^W: ' dist/lintian.txt) warnings, $(grep -c '^I: ' dist/lintian.txt) notes" \
	"(dist/lintian.txt; debian/lintian-notes.md says why each stays)"
