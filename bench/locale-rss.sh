#!/bin/sh
# SPDX-License-Identifier: MIT
# What the German translation costs the coach in memory: the coach
# (`budge run --idle none --no-notify`, no bus) for 3 s in LC_ALL=C and in
# a de_DE.UTF-8 locale (made with localedef into a temporary directory),
# VmHWM of each; and, for the choice in src/io/i18n.c, a small probe that
# calls setlocale(LC_ALL, "") against setlocale(LC_MESSAGES, "") alone.
#
# Usage: bench/locale-rss.sh BUILD_DIR   (e.g. build)
set -eu
B=${1:?usage: locale-rss.sh BUILD_DIR}
BUDGE=$B/src/cli/budge
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/loc"
localedef -i de_DE -f UTF-8 "$T/loc/de_DE.UTF-8"
coach() { # LABEL ENV...
	label=$1; shift
	rm -rf "$T/h"; mkdir -p "$T/h"
	env -i PATH="$PATH" HOME="$T/h" XDG_DATA_HOME="$T/h/d" XDG_CONFIG_HOME="$T/h/c" "$@" \
		"$BUDGE" run --idle none --no-notify </dev/null >/dev/null 2>&1 &
	p=$!
	sleep 3
	echo "coach, $label: $(grep VmHWM /proc/$p/status | tr -s ' \t' ' ')"
	kill $p; wait $p 2>/dev/null || true
}
coach "LC_ALL=C" LC_ALL=C
coach "de_DE.UTF-8" LOCPATH="$T/loc" LC_ALL=de_DE.UTF-8 BUDGE_LOCALEDIR="$B/po"
cat >"$T/probe.c" <<'C'
#include <locale.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "all")) setlocale(LC_ALL, "");
	if (argc > 1 && !strcmp(argv[1], "messages")) setlocale(LC_MESSAGES, "");
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS", 5)) printf("probe, %s: %s", argc > 1 ? argv[1] : "none", line);
	return 0;
}
C
cc -O2 -o "$T/probe" "$T/probe.c"
for m in none messages all; do LOCPATH="$T/loc" LC_ALL=de_DE.UTF-8 "$T/probe" $m; done
