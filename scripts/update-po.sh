#!/bin/sh
# Remake po/budge.pot from the sources and merge it into every po/*.po.
#   scripts/update-po.sh          remake and merge
#   scripts/update-po.sh --check  fail if po/budge.pot lacks a text that the
#                                 sources or the movement files hold (the test)
# C sources: _(), N_() and P_() (po/POTFILES: every file under src/). Movement
# files (data/movements) and the checklist (data/checklist): their INI lines
# read as Desktop Entry lines, whose keys title, cue, step, dose, easier,
# harder, cautions and question are texts for people (ids, regions, and
# evidence -- a citation -- are not translated).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# po/POTFILES: every C source and header under src/ (xgettext takes only the
# marked texts from each)
find src -name '*.[ch]' | LC_ALL=C sort >"$tmp/POTFILES"
if [ "${1:-}" = --check ]; then
	cmp -s "$tmp/POTFILES" po/POTFILES || {
		echo "update-po: po/POTFILES does not list every source (run scripts/update-po.sh):" >&2
		diff po/POTFILES "$tmp/POTFILES" | head -10 >&2
		exit 1
	}
else
	cp "$tmp/POTFILES" po/POTFILES
fi

xgettext --package-name=budge --msgid-bugs-address=maintainers@users.noreply.h-seed-5cc36bcf.example \
	--from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file \
	--force-po --keyword=_ --keyword=N_ --keyword=P_:1,2 -f "$tmp/POTFILES" -o "$tmp/c.pot"
# a Desktop key has no '_': easier_dose is read as easier-dose (a copy, same
# line numbers, same relative names)
mkdir -p "$tmp/data/movements" "$tmp/data/checklist"
for f in data/movements/*.ini data/checklist/*.ini; do
	sed 's/^\(easier\|harder\)_dose *=/\1-dose =/' "$f" >"$tmp/$f"
done
(cd "$tmp" && xgettext --from-code=UTF-8 -L Desktop --sort-by-file --force-po \
	--keyword=title --keyword=cue --keyword=step --keyword=dose \
	--keyword=easier --keyword=easier-dose --keyword=harder --keyword=harder-dose \
	--keyword=cautions --keyword=question -o data.pot data/movements/*.ini data/checklist/*.ini)
msgcat --use-first "$tmp/c.pot" "$tmp/data.pot" -o "$tmp/budge.pot"

if [ "${1:-}" = --check ]; then
	# both ways: a text of the sources missing from the template, or a
	# text in the template that the sources no longer have
	for pair in "po/budge.pot $tmp/budge.pot" "$tmp/budge.pot po/budge.pot"; do
		# shellcheck disable=SC2086
		if ! out=$(msgcmp --use-untranslated $pair 2>&1); then
			echo "update-po: po/budge.pot is not current (run scripts/update-po.sh):" >&2
			echo "$out" | sed "s|$tmp/||" | head -20 >&2
			exit 1
		fi
	done
	exit 0
fi
cp "$tmp/budge.pot" po/budge.pot
for po in po/*.po; do
	[ -e "$po" ] || continue
	msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" po/budge.pot
done
echo "update-po: po/budge.pot: $(grep -c '^msgid "' po/budge.pot) texts"
