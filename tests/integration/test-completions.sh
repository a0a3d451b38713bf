#!/bin/sh
# The shell completions know every command of `budge --help`, and no others;
# each file is valid syntax; bash and fish really complete the commands.
set -u
: "${BUDGE:?set BUDGE to the budge binary}"
root=${BUDGE_SOURCE_ROOT:-$(dirname "$0")/../..}
dir="$root/completions"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

"$BUDGE" --help >"$tmp/help" || { echo "budge --help failed"; exit 1; }
cmds=$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | awk '/^  [a-z]/ {print $1}')
n=$(echo "$cmds" | wc -w)
[ "$n" -ge 10 ] || { echo "found only $n commands in budge --help"; exit 1; }
echo "$cmds" | tr ' ' '\n' | sort >"$tmp/cmds"
echo help >>"$tmp/cmds" # "budge help CMD" is a command too
sort -u -o "$tmp/cmds" "$tmp/cmds"

# --- bash ---
bash -n "$dir/budge.bash" || fail "budge.bash: syntax error"
# what bash offers after "budge " (empty word) and after "budge config -"
cat >"$tmp/complete.bash" <<'B'
source "$1"
COMP_WORDS=(budge ""); COMP_CWORD=1; _budge; printf '%s\n' "${COMPREPLY[@]}"
B
bash "$tmp/complete.bash" "$dir/budge.bash" | sort -u >"$tmp/bash-cmds"
cmp -s "$tmp/cmds" "$tmp/bash-cmds" || {
	fail "bash completes other commands than budge --help lists:"
	diff "$tmp/cmds" "$tmp/bash-cmds"
}
for c in $(cat "$tmp/cmds"); do
	out=$(bash -c 'source "$1"; COMP_WORDS=(budge "$2" -); COMP_CWORD=2; _budge; echo "${COMPREPLY[*]}"' \
		sh "$dir/budge.bash" "$c")
	case " $out " in *" --help "*) ;; *) fail "bash: 'budge $c -' does not offer --help ($out)" ;; esac
done
out=$(bash -c 'source "$1"; COMP_WORDS=(budge config --); COMP_CWORD=2; _budge; echo "${COMPREPLY[*]}"' \
	sh "$dir/budge.bash")
for o in --defaults --check --path --json; do
	case " $out " in *" $o "*) ;; *) fail "bash: budge config lacks $o" ;; esac
done

# --- zsh: every command is described ---
zsh -n "$dir/_budge" || fail "_budge: syntax error"
grep -o "^[[:space:]]*'[a-z-]*:" "$dir/_budge" | tr -d " \t':" | sort -u >"$tmp/zsh-cmds"
cmp -s "$tmp/cmds" "$tmp/zsh-cmds" || {
	fail "_budge describes other commands than budge --help lists:"
	diff "$tmp/cmds" "$tmp/zsh-cmds"
}

# --- fish ---
fish --no-execute "$dir/budge.fish" || fail "budge.fish: syntax error"
fish -c "source '$dir/budge.fish'; complete -C 'budge '" | cut -f1 |
	grep -v '^-' | sort -u >"$tmp/fish-cmds"
cmp -s "$tmp/cmds" "$tmp/fish-cmds" || {
	fail "budge.fish completes other commands than budge --help lists:"
	diff "$tmp/cmds" "$tmp/fish-cmds"
}

# --- every long option a command's --help lists is completed ---
for c in $(cat "$tmp/cmds"); do
	[ "$c" = help ] && continue
	opts=$("$BUDGE" "$c" --help 2>/dev/null |
		sed -nE 's/^[[:space:]]+(-[a-zA-Z0-9], )?(--[a-z][a-z0-9-]*).*/\2/p' | sort -u)
	[ -n "$opts" ] || continue
	out=$(bash -c 'source "$1"; COMP_WORDS=(budge "$2" --); COMP_CWORD=2; _budge; echo "${COMPREPLY[*]}"' \
		sh "$dir/budge.bash" "$c")
	fout=$(fish -c "source '$dir/budge.fish'; complete -C 'budge $c --'" | cut -f1 | tr '\n' ' ')
	for o in $opts; do
		case " $out " in *" $o "*) ;; *) fail "bash: 'budge $c' does not complete $o" ;; esac
		case " $fout " in *" $o "*) ;; *) fail "fish: 'budge $c' does not complete $o" ;; esac
		grep -qE -- "(^|[^a-z-])$o([^a-z-]|\$)" "$dir/_budge" || fail "zsh: _budge lacks $o"
	done
done

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok: $(wc -l <"$tmp/cmds") commands in bash, zsh and fish completions"
