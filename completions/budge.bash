# bash completion for budge(1)                                -*- shell-script -*-
# Installed as share/bash-completion/completions/budge.

_budge_commands="run status next done snooze skip too-hard hurts pause resume meeting now
breathe routine catalog plan checkin pain walk report import analyze simulate config help"
_budge_regions="feet pelvis shoulders neck eyes hands upper-back lower-back core breathing
legs whole-body patterns"

_budge()
{
	local cur prev cmd="" cmd_at=0 i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# the subcommand is the first word after "budge" not starting with "-"
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; cmd_at=$i; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_budge_commands" -- "$cur"))
		fi
		return 0
	fi

	# option arguments
	case $cmd:$prev in
	run:-c | run:--config | run:-d | run:--db | *:--db | report:--html | simulate:-c | \
		simulate:--config | simulate:-t | simulate:--trace | simulate:--catalog | simulate:--into)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	run:-i | run:--idle)
		COMPREPLY=($(compgen -W "auto x11 wayland gnome none stdin" -- "$cur"))
		return 0
		;;
	catalog:-r | catalog:--region)
		COMPREPLY=($(compgen -W "$_budge_regions" -- "$cur"))
		return 0
		;;
	import:-s | import:--site | analyze:-s | analyze:--site)
		COMPREPLY=($(compgen -W "hip wrist thigh" -- "$cur"))
		return 0
		;;
	analyze:-f | analyze:--format)
		COMPREPLY=($(compgen -W "json csv" -- "$cur"))
		return 0
		;;
	status:--format)
		COMPREPLY=($(compgen -W "plain json waybar i3bar" -- "$cur"))
		return 0
		;;
	import:-u | import:--units | analyze:-u | analyze:--units)
		COMPREPLY=($(compgen -W "g mg m/s2" -- "$cur"))
		return 0
		;;
	import:--columns | analyze:--columns)
		COMPREPLY=($(compgen -W "time,x,y,z x,y,z" -- "$cur"))
		return 0
		;;
	import:--start | analyze:--start | import:--rate | analyze:--rate)
		return 0
		;;
	*:--date | *:--note | *:--count | *:--speed | *:--cycles | *:-e | *:--epoch | simulate:-n | \
		simulate:--days | simulate:-s | simulate:--seed | simulate:--start | simulate:--plan-start)
		return 0
		;;
	esac

	local opts="--help" words="" files=0
	case $cmd in
	run) opts="--config --db --idle --no-notify --verbose --help" ;;
	status) opts="--json --follow --format --help" ;;
	next | done | snooze | skip | too-hard | hurts | resume) ;;
	breathe) opts="--cycles --speed --help" ;;
	routine) opts="morning evening --minutes --reverse --no-wait --speed --help" ;;
	checkin) opts="--tightness --cues --natural --pain --red-flags --flag-region --setup --regions --work-hours --checklist --clear-red-flags --db --help" ;;
	pause) ;;
	meeting) words="end" ;;
	now)
		opts="--count --no-wait --speed --help"
		words=$_budge_regions
		;;
	catalog)
		opts="--region --discreet --json --ini --help"
		((COMP_CWORD == cmd_at + 1)) && words="list show search"
		;;
	plan) opts="--json --db --help" ;;
	pain) opts="--note --date --db --help" ;;
	walk) opts="--date --db --help" ;;
	report)
		opts="--date --json --csv --html --db --help"
		words="day week month"
		;;
	import)
		opts="--epoch --site --units --columns --start --rate --db --help"
		files=1
		;;
	analyze)
		opts="--epoch --site --units --columns --start --rate --format --help"
		files=1
		;;
	simulate) opts="--trace --days --seed --start --plan-start --config --catalog --into --into-existing --json --help" ;;
	config)
		opts="--defaults --check --path --json --help"
		((COMP_CWORD == cmd_at + 1)) && words="reload"
		files=1
		;;
	help) ((COMP_CWORD == cmd_at + 1)) && words=$_budge_commands ;;
	*) return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		if ((files)); then
			compopt -o filenames 2>/dev/null
			COMPREPLY+=($(compgen -f -- "$cur"))
		fi
	fi
	return 0
}
complete -F _budge budge
