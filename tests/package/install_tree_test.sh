#!/usr/bin/env bash
# `cmake --install` into an arbitrary prefix installs exactly the expected
# files, the unit names the daemon at that prefix, and the programs run.
# Usage: install_tree_test.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=${1:?usage: $0 BUILD_DIR}

prefix=$work_dir/prefix
cmake --install "$build" --prefix "$prefix" >"$work_dir/install.log" 2>&1 ||
	{ cat "$work_dir/install.log" >&2; fail "cmake --install --prefix $prefix failed"; }

expected=(
	bin/sockscope
	etc/sockscope/sockscoped.toml
	lib/systemd/system/sockscoped.service
	lib/systemd/system/sockscoped.socket
	lib/sysusers.d/sockscope.conf
	lib/tmpfiles.d/sockscope.conf
	sbin/sockscoped
	share/bash-completion/completions/sockscope
	share/bash-completion/completions/sockscoped
	share/doc/sockscope/examples/hooks/log-finding
	share/doc/sockscope/examples/prometheus/sockscope-alerts.yml
	share/man/man1/sockscope.1.gz
	share/man/man5/sockscoped.toml.5.gz
	share/man/man8/sockscoped.8.gz
)
actual=$(cd "$prefix" && find . -type f -o -type l | sed 's|^\./||' | LC_ALL=C sort)
wanted=$(printf '%s\n' "${expected[@]}" | LC_ALL=C sort)
if [ "$actual" != "$wanted" ]; then
	diff <(echo "$wanted") <(echo "$actual") >&2 || true
	fail "installed files differ from the expected list (< expected, > installed)"
fi
pass "the installed files are the expected ${#expected[@]}"

for program in bin/sockscope sbin/sockscoped share/doc/sockscope/examples/hooks/log-finding; do
	[ -x "$prefix/$program" ] || fail "$program is not executable"
done
grep -qx "ExecStart=$prefix/sbin/sockscoped" "$prefix/lib/systemd/system/sockscoped.service" ||
	fail "the installed unit does not start $prefix/sbin/sockscoped"
pass "the unit starts the daemon at the prefix"

for page in man1/sockscope.1 man5/sockscoped.toml.5 man8/sockscoped.8; do
	gzip -t "$prefix/share/man/$page.gz" || fail "$page.gz is not a valid gzip file"
	zcat "$prefix/share/man/$page.gz" | cmp -s - "$(dirname "$0")/../../packaging/man/${page#*/}" ||
		fail "$page.gz is not packaging/man/${page#*/}"
done
pass "the man pages are the sources, compressed"

version=$(grep -m1 -o 'project(sockscope VERSION [0-9.]*' "$(dirname "$0")/../../CMakeLists.txt" | awk '{print $3}')
[ "$("$prefix/bin/sockscope" --version)" = "sockscope $version" ] || fail "sockscope --version is not $version"
[ "$("$prefix/sbin/sockscoped" --version)" = "sockscoped $version" ] || fail "sockscoped --version is not $version"
pass "both programs report version $version"
