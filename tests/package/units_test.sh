#!/usr/bin/env bash
# The shipped systemd files: `systemd-analyze verify` is clean on the units
# as installed (their program and man pages present), the service rates 2.5
# or better in `systemd-analyze security --offline`, the directives the
# design depends on are there, and the sysusers.d and tmpfiles.d entries
# make the user, group and runtime directory in a scratch root.
# Usage: units_test.sh BUILD_DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=${1:?usage: $0 BUILD_DIR}
need_command systemd-analyze systemd-sysusers systemd-tmpfiles

prefix=$work_dir/root
cmake --install "$build" --prefix "$prefix" >"$work_dir/install.log" 2>&1 ||
	{ cat "$work_dir/install.log" >&2; fail "cmake --install failed"; }
units=$prefix/lib/systemd/system
service=$units/sockscoped.service
socket=$units/sockscoped.socket

# MANPATH: verify checks that each Documentation= man page exists.
if ! MANPATH=$prefix/share/man systemd-analyze verify "$service" "$socket" >"$work_dir/verify.log" 2>&1 ||
	[ -s "$work_dir/verify.log" ]; then
	cat "$work_dir/verify.log" >&2
	fail "systemd-analyze verify reports problems"
fi
pass "systemd-analyze verify is clean"

systemd-analyze security --offline=true "$service" >"$work_dir/security.log" 2>&1 || true
rating=$(sed -n 's/.*Overall exposure level for sockscoped.service: \([0-9.]*\).*/\1/p' "$work_dir/security.log")
[ -n "$rating" ] || { cat "$work_dir/security.log" >&2; fail "no rating from systemd-analyze security"; }
systemd-analyze security --offline=true --threshold=25 "$service" >/dev/null 2>&1 ||
	fail "systemd-analyze security rates the service $rating, worse than 2.5"
pass "systemd-analyze security --offline rates the service $rating (threshold 2.5)"

# One directive's value as systemd reads it; the last assignment wins.
value_of() { sed -n "s/^$2=//p" "$1" | tail -n 1; }
expect() {
	local file=$1 key=$2 want=$3 got
	got=$(value_of "$file" "$key")
	[ "$got" = "$want" ] || fail "$(basename "$file"): $key=$got, expected $want"
}
expect "$service" Type notify
expect "$service" Restart on-failure
expect "$service" User sockscope
expect "$service" RuntimeDirectory sockscope
expect "$service" CapabilityBoundingSet "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE"
expect "$service" AmbientCapabilities "CAP_DAC_READ_SEARCH CAP_SYS_PTRACE"
expect "$service" ProtectProc default
expect "$service" ProcSubset all
expect "$service" RestrictAddressFamilies "AF_UNIX AF_NETLINK AF_INET AF_INET6"
[ -n "$(value_of "$service" WatchdogSec)" ] || fail "no WatchdogSec="
if grep -q '^PrivateNetwork=' "$service"; then fail "PrivateNetwork= hides the host's sockets from sock_diag"; fi
if grep -q '^PrivateUsers=yes' "$service"; then fail "PrivateUsers= makes the capabilities useless outside the namespace"; fi
expect "$socket" ListenStream /run/sockscope/sockscoped.sock
expect "$socket" SocketMode 0660
expect "$socket" SocketGroup sockscope
pass "the service and socket carry the required directives"

# Applying the entries chowns files to the new user: root only.
[ "$(id -u)" -eq 0 ] || skip "applying the sysusers.d and tmpfiles.d entries needs root"
scratch=$work_dir/scratch
mkdir -p "$scratch/etc"
systemd-sysusers --root="$scratch" "$prefix/lib/sysusers.d/sockscope.conf" 2>/dev/null ||
	fail "systemd-sysusers rejects the sysusers.d entry"
grep -q '^sockscope:x:[0-9]*:[0-9]*:.*:/usr/sbin/nologin$' "$scratch/etc/passwd" ||
	fail "no system user sockscope with a nologin shell"
group_id=$(awk -F: '$1 == "sockscope" {print $3}' "$scratch/etc/group")
[ -n "$group_id" ] || fail "no group sockscope"
[ "$(awk -F: '$1 == "sockscope" {print $4}' "$scratch/etc/passwd")" = "$group_id" ] ||
	fail "the user's primary group is not sockscope"
systemd-tmpfiles --root="$scratch" --create "$prefix/lib/tmpfiles.d/sockscope.conf" ||
	fail "systemd-tmpfiles rejects the tmpfiles.d entry"
[ "$(stat -c '%a %g' "$scratch/run/sockscope")" = "755 $group_id" ] ||
	fail "/run/sockscope is $(stat -c '%a %g' "$scratch/run/sockscope"), expected 755 and group sockscope"
pass "sysusers.d makes user and group sockscope; tmpfiles.d makes /run/sockscope"
