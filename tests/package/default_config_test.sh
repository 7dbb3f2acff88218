#!/usr/bin/env bash
# The packaged /etc/sockscope/sockscoped.toml: valid as shipped (every key
# commented out) and with every key uncommented; it names every key the
# program knows, no more; and each value shown is the documented default
# (docs/configuration.md, docs/detectors.md), except where the default is
# "unset" and the file shows an example. The key list comes from the
# program itself: its "unknown key" errors list the keys of each section.
# Usage: default_config_test.sh SOCKSCOPE
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cli=${1:?usage: $0 SOCKSCOPE}
top=$(cd "$(dirname "$0")/../.." && pwd)
shipped=$top/packaging/config/sockscoped.toml

# Loads a config through the CLI (the daemon's parser); its first error.
# Root runs the poll that follows in a private namespace.
load_config() {
	local isolate=()
	[ "$(id -u)" -eq 0 ] && isolate=(unshare -n)
	# Keep the error text (stderr), drop the findings (stdout).
	{ "${isolate[@]}" "$cli" --config "$1" --json findings >/dev/null; } 2>&1
}
config_error_for() {
	printf '%b\n' "$1" >"$work_dir/probe.toml"
	load_config "$work_dir/probe.toml" || true
}

errors=$(load_config "$shipped") || fail "the shipped file is rejected: $errors"
pass "the shipped file loads"

# Every key line "# key = value" made live, and the commented [[hooks]] table.
uncommented=$work_dir/uncommented.toml
sed -E -e 's/^# ([a-z0-9_]+ = )/\1/' -e 's/^# (\[\[hooks\]\])$/\1/' "$shipped" >"$uncommented"
errors=$(load_config "$uncommented") || fail "the file with every key uncommented is rejected: $errors"
pass "the file loads with every key uncommented"

# section.key for every key line of the file, under its last [header].
file_keys=$(awk '
	/^\[\[?[a-z0-9_.]+\]\]?$/ { section = $0; gsub(/[][]/, "", section); next }
	/^[a-z0-9_]+ = / { print section "." $1 }
' "$uncommented" | LC_ALL=C sort)

# The program's own list: sections from a top-level probe, keys per section.
list_after() { sed -n "s/.*($1\(.*\))\$/\1/p" | tr -d ' ' | tr ',' '\n'; }
program_keys() {
	local section=$1 text message
	if [ "$section" = hooks ]; then
		text='[[hooks]]\ncommand = ["/bin/true"]\nzz_probe = 1'
	else
		text="[$section]\nzz_probe = 1"
	fi
	message=$(config_error_for "$text")
	if echo "$message" | grep -q "(keys in \["; then
		echo "$message" | list_after 'keys in \[\[\{0,1\}[a-z0-9_.]*\]\]\{0,1\}: ' | sed "s/^/$section./"
	elif echo "$message" | grep -q "(sections in \["; then
		local sub
		for sub in $(echo "$message" | list_after 'sections in \[[a-z0-9_.]*\]: '); do
			program_keys "$section.$sub"
		done
	else
		fail "no key list for [$section] in: $message"
	fi
}
sections=$(config_error_for 'zz_probe = 1' | list_after 'sections: ')
[ -n "$sections" ] || fail "the program listed no sections"
known_keys=$(for section in $sections; do program_keys "$section"; done | LC_ALL=C sort)
if [ "$file_keys" != "$known_keys" ]; then
	diff <(echo "$known_keys") <(echo "$file_keys") >&2 || true
	fail "the file's keys differ from the program's (< program, > file)"
fi
pass "the file names all $(echo "$known_keys" | wc -l) keys the program knows"

# The documented default of section.key: the table row for it, either
# "| `section.key` |" (detectors.md) or "| `key` |" under "### `[section]`".
doc_row() {
	local path=$1 section=${1%.*} key=${1##*.}
	grep -h -F "| \`$path\` |" "$top/docs/detectors.md" "$top/docs/configuration.md" | head -n 1 && return
	awk -v heading="### \`[$section]\`" -v cell="| \`$key\` |" '
		index($0, "### ") == 1 { inside = ($0 == heading); next }
		inside && index($0, cell) == 1 { print; exit }
	' "$top/docs/configuration.md"
}
checked=0
while read -r path value; do
	case $path in hooks.*) continue ;; esac # an example hook, not defaults
	row=$(doc_row "$path")
	[ -n "$row" ] || fail "$path is not in docs/configuration.md or docs/detectors.md"
	case $row in *unset*) continue ;; esac # the file shows an example value
	case $row in *"\`$value\`"*) ;; *) fail "$path = $value, but the documented default is: $row" ;; esac
	checked=$((checked + 1))
done < <(awk '
	/^\[\[?[a-z0-9_.]+\]\]?$/ { section = $0; gsub(/[][]/, "", section); next }
	/^[a-z0-9_]+ = / { value = $0; sub(/^[a-z0-9_]+ = /, "", value); sub(/ +#.*$/, "", value); print section "." $1, value }
' "$uncommented")
pass "$checked values are the documented defaults"
