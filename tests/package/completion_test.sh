#!/usr/bin/env bash
# The bash completion offers the commands, each command's flags and the
# values of --state, --sort, --kind and --min-severity; and the flags it
# offers are exactly those the programs' --help lists, so neither can drift.
# Usage: completion_test.sh SOCKSCOPE SOCKSCOPED
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cli=${1:?usage: $0 SOCKSCOPE SOCKSCOPED}
daemon_bin=${2:?usage: $0 SOCKSCOPE SOCKSCOPED}
bash_completion=/usr/share/bash-completion/bash_completion
[ -r "$bash_completion" ] || fail "needs bash-completion (scripts/install-deps.sh --with-tests installs it)"
completion=$(dirname "$0")/../../packaging/completion/sockscope

# What completing the last word of "$1" offers, sorted, one per line.
complete_line() {
	bash --norc --noprofile -c '
		. "$1" && . "$2"
		line=$3
		COMP_LINE=$line COMP_POINT=${#line}
		read -r -a COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		case ${COMP_WORDS[0]} in
			sockscope) _sockscope ;;
			sockscoped) _sockscoped ;;
		esac
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort -u
	' complete "$bash_completion" "$completion" "$1"
}

# expect_offers LINE WORD...: completing LINE offers exactly these words.
expect_offers() {
	local line=$1 got want
	shift
	got=$(complete_line "$line")
	want=$(printf '%s\n' "$@" | LC_ALL=C sort -u)
	[ "$got" = "$want" ] || fail "completing '$line' offers [${got//$'\n'/ }], expected [${want//$'\n'/ }]"
}

expect_offers "sockscope " sockets status findings explain history watch hooks check
expect_offers "sockscope --json s" sockets status
expect_offers "sockscope sockets --state clos" close close-wait closing
expect_offers "sockscope --direct sockets --sport 80 --state fin" fin-wait-1 fin-wait-2
expect_offers "sockscope sockets --sort " recvq sendq state age
expect_offers "sockscope watch --sort s" sendq state
expect_offers "sockscope check --min-severity " info warning critical
expect_offers "sockscope check --kind clos" close_wait_buildup closing_lingering
expect_offers "sockscope hooks " test
expect_offers "sockscope hooks test rst" rst_storm
expect_offers "sockscoped --metrics-" --metrics-listen --metrics-textfile
pass "commands, state names, sort keys, severities and kinds complete"

# The long flags a --help lists (CLI11: "  -t,--tcp", "  --state NAME").
help_flags() {
	"$@" --help | sed -n 's/^ \{1,\}\(-[a-zA-Z0-9],\)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | LC_ALL=C sort -u
}
# The long flags completion offers after "LINE --".
offered_flags() { complete_line "$1 --" | LC_ALL=C sort -u; }

check_flags() {
	local line=$1
	shift
	local from_help from_completion
	# An unknown command would print the program's help instead.
	"$@" --help | grep -q "^Usage: .*${line#* } \[OPTIONS\]" || fail "'$line --help' is not that command's help"
	from_help=$(help_flags "$@")
	from_completion=$(offered_flags "$line")
	if [ "$from_help" != "$from_completion" ]; then
		diff <(echo "$from_help") <(echo "$from_completion") >&2 || true
		fail "'$line': completion flags differ from --help (< help, > completion)"
	fi
}
check_flags "sockscope" "$cli"
for command in sockets status findings explain history watch check; do
	check_flags "sockscope $command" "$cli" "$command"
done
check_flags "sockscope hooks test" "$cli" hooks test
check_flags "sockscoped" "$daemon_bin"
pass "every command's flags match its --help, for both programs"

# The finding kinds offered are the detectors' kinds (docs/detectors.md).
kinds_doc=$(dirname "$0")/../../docs/detectors.md
documented=$(sed -n 's/^## \([a-z0-9_]*\)$/\1/p' "$kinds_doc" | LC_ALL=C sort -u)
offered=$(complete_line "sockscope check --kind " | LC_ALL=C sort -u)
[ "$documented" = "$offered" ] || fail "kinds offered [${offered//$'\n'/ }] are not those of docs/detectors.md [${documented//$'\n'/ }]"
pass "the kinds offered are the documented detectors"
