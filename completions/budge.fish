# fish completion for budge(1). Installed as share/fish/vendor_completions.d/budge.fish.

set -l budge_commands run status next done snooze skip too-hard hurts pause resume meeting now breathe routine catalog plan checkin pain walk report import analyze simulate config help
set -l budge_regions feet pelvis shoulders neck eyes hands upper-back lower-back core breathing legs whole-body patterns

complete -c budge -f
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -s h -l help -d 'Show help'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -s V -l version -d 'Show the version'

complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a run -d 'Run the coach in the foreground'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a status -d "Show the running coach's state"
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a next -d 'Show the next planned prompt'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a done -d 'Answer the prompt: done'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a snooze -d 'Answer the prompt: later'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a skip -d 'Answer the prompt: skip'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a too-hard -d 'Answer the prompt: too hard'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a hurts -d 'Answer the prompt: it hurts'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a pause -d 'Pause coaching'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a resume -d 'Resume coaching'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a meeting -d 'Start or end a meeting'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a now -d 'A guided session in the terminal'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a breathe -d 'A box-breathing pacer'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a routine -d 'A guided head-to-toe routine'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a catalog -d 'List, show and search movements'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a plan -d "This week's plan"
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a checkin -d 'The weekly self-check'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a pain -d 'Log a 0-10 pain rating'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a walk -d 'Log a walk in minutes'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a report -d 'Day, week or month report'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a import -d 'Import wearable files'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a analyze -d 'Analyse a wearable file'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a simulate -d 'Replay a trace through the engine'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a config -d 'Print or check the configuration'
complete -c budge -n "not __fish_seen_subcommand_from $budge_commands" -a help -d 'Show help for a command'

# every subcommand has --help
complete -c budge -n "__fish_seen_subcommand_from $budge_commands" -s h -l help -d 'Show help'

# run
complete -c budge -n '__fish_seen_subcommand_from run' -s c -l config -r -F -d 'Config file'
complete -c budge -n '__fish_seen_subcommand_from run' -s d -l db -r -F -d 'Database file'
complete -c budge -n '__fish_seen_subcommand_from run' -s i -l idle -x -a 'auto x11 wayland gnome none stdin' -d 'Idle source'
complete -c budge -n '__fish_seen_subcommand_from run' -s n -l no-notify -d 'Print prompts instead of notifications'
complete -c budge -n '__fish_seen_subcommand_from run' -s v -l verbose -d 'Log debugging details'
# status
complete -c budge -n '__fish_seen_subcommand_from status' -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from status' -s f -l follow -d 'A line per change, for status bars'
complete -c budge -n '__fish_seen_subcommand_from status' -l format -x -a 'plain json waybar i3bar' -d 'How --follow lines look'
# meeting, now
complete -c budge -n '__fish_seen_subcommand_from meeting' -a end -d 'End the meeting'
complete -c budge -n '__fish_seen_subcommand_from now' -a "$budge_regions" -d 'Body region'
complete -c budge -n '__fish_seen_subcommand_from now' -l count -x -d 'Number of movements (1-4)'
complete -c budge -n '__fish_seen_subcommand_from now' -l no-wait -d 'Only list the movements'
complete -c budge -n '__fish_seen_subcommand_from now breathe routine' -l speed -x -d 'Make the seconds pass faster'
complete -c budge -n '__fish_seen_subcommand_from routine' -a 'morning evening' -d 'Flavour'
complete -c budge -n '__fish_seen_subcommand_from routine' -l minutes -x -d 'About how long (5-20)'
complete -c budge -n '__fish_seen_subcommand_from routine' -l reverse -d 'From the head down'
complete -c budge -n '__fish_seen_subcommand_from routine' -l no-wait -d 'Only list the routine'
complete -c budge -n '__fish_seen_subcommand_from breathe' -l cycles -x -d 'How many boxes to breathe'
# catalog
complete -c budge -n '__fish_seen_subcommand_from catalog; and not __fish_seen_subcommand_from list show search' -a 'list show search'
complete -c budge -n '__fish_seen_subcommand_from catalog' -s r -l region -x -a "$budge_regions" -d 'Only this region'
complete -c budge -n '__fish_seen_subcommand_from catalog' -s d -l discreet -d 'Only movements fine on camera'
complete -c budge -n '__fish_seen_subcommand_from catalog' -s j -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from catalog' -l ini -d 'Show as a movement-file section'
# plan
complete -c budge -n '__fish_seen_subcommand_from plan' -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from plan' -l db -r -F -d 'Database file'
# pain, walk
complete -c budge -n '__fish_seen_subcommand_from pain' -l note -x -d 'A note'
complete -c budge -n '__fish_seen_subcommand_from pain walk' -l date -x -d 'The day (YYYY-MM-DD)'
complete -c budge -n '__fish_seen_subcommand_from pain walk checkin' -l db -r -F -d 'Database file'
# checkin
complete -c budge -n '__fish_seen_subcommand_from checkin' -l tightness -x -a 'yes no' -d 'Tightness after a full day'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l cues -x -a 'effective noise' -d 'Are the cues still effective'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l natural -x -a 'yes no' -d 'New movements feel natural'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l pain -x -d 'Pain now, 0-10'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l red-flags -x -d 'Safety answers: none or names'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l flag-region -x -d 'Regions the flags concern'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l setup -d 'First-run setup'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l regions -x -d 'Setup: starting regions'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l work-hours -x -d 'Setup: work hours'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l checklist -d 'The where-to-start checklist'
complete -c budge -n '__fish_seen_subcommand_from checkin' -l clear-red-flags -d 'Resume coaching after a clinician'
# report
complete -c budge -n '__fish_seen_subcommand_from report' -a 'day week month'
complete -c budge -n '__fish_seen_subcommand_from report' -l date -x -d 'The day to report (YYYY-MM-DD)'
complete -c budge -n '__fish_seen_subcommand_from report' -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from report' -l csv -d 'Print CSV'
complete -c budge -n '__fish_seen_subcommand_from report' -l html -r -F -d 'Write an HTML report'
complete -c budge -n '__fish_seen_subcommand_from report' -l db -r -F -d 'Database file'
# files
complete -c budge -n '__fish_seen_subcommand_from import analyze' -F
# simulate
complete -c budge -n '__fish_seen_subcommand_from simulate' -s t -l trace -r -F -d 'Replay a trace file'
complete -c budge -n '__fish_seen_subcommand_from simulate' -s n -l days -x -d 'Simulate N synthetic days'
complete -c budge -n '__fish_seen_subcommand_from simulate' -s s -l seed -x -d 'Seed of the synthetic days'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l start -x -d 'First synthetic day (YYYY-MM-DD)'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l plan-start -x -d 'When the plan started (YYYY-MM-DD)'
complete -c budge -n '__fish_seen_subcommand_from simulate' -s c -l config -r -F -d 'Config file'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l catalog -r -F -d 'Use only the movements of FILE'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l into -r -F -d 'Also write the events into DB'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l into-existing -d 'Write into a database that holds lived events'
complete -c budge -n '__fish_seen_subcommand_from simulate' -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -s e -l epoch -x -d 'Epoch length in seconds'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -s s -l site -x -a 'hip wrist thigh' -d 'Where the device was worn'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -s u -l units -x -a 'g mg m/s2' -d 'Unit of x, y, z in a CSV file'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -l columns -x -d 'What each CSV column holds (time,x,y,z)'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -l start -x -d 'When the recording began (ISO 8601)'
complete -c budge -n '__fish_seen_subcommand_from import analyze' -l rate -x -d 'Sample rate of a CSV without a time column'
complete -c budge -n '__fish_seen_subcommand_from import' -l db -r -F -d 'Database file'
complete -c budge -n '__fish_seen_subcommand_from analyze' -s f -l format -x -a 'json csv' -d 'Output format'
# config
complete -c budge -n '__fish_seen_subcommand_from config' -s d -l defaults -d 'Print the built-in defaults'
complete -c budge -n '__fish_seen_subcommand_from config' -s c -l check -d 'Only check the file'
complete -c budge -n '__fish_seen_subcommand_from config' -s p -l path -d 'Print the config file path'
complete -c budge -n '__fish_seen_subcommand_from config' -l json -d 'Print JSON'
complete -c budge -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from reload' -a reload -d 'Ask the running coach to reload the file'
complete -c budge -n '__fish_seen_subcommand_from config' -F
# help
complete -c budge -n '__fish_seen_subcommand_from help' -a "$budge_commands"
