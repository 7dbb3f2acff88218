# shellcheck shell=bash
# Shared by the package tests: messages, a temporary directory removed at
# exit, and waiting for a daemon's socket to answer. Source it; `set -eu`
# is the caller's.

test_name=$(basename "$0" .sh)

say() { echo "$test_name: $*" >&2; }
fail() {
	say "FAIL: $*"
	exit 1
}
pass() { say "ok: $*"; }
skip() {
	say "SKIP: $*"
	exit 0
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

need_command() {
	local name
	for name in "$@"; do
		command -v "$name" >/dev/null 2>&1 || fail "needs $name (scripts/install-deps.sh --with-tests installs it)"
	done
}

# One directory per test run; the cleanup functions a test registers with
# on_exit run first, in reverse order of registration.
work_dir=$(mktemp -d "/tmp/sockscope-$test_name.XXXXXX")
chmod 0755 "$work_dir"
exit_actions=()
on_exit() { exit_actions=("$*" "${exit_actions[@]}"); }
run_exit_actions() {
	local status=$? action
	for action in "${exit_actions[@]}"; do
		eval "$action" || true
	done
	rm -rf "$work_dir"
	exit "$status"
}
trap run_exit_actions EXIT

# Waits up to ~10 s until a daemon answers `version` on the socket; a direct
# poll does not count (sockscope with --json status has a "daemon" object
# only from a daemon).
wait_for_daemon() {
	local cli=$1 socket=$2 pid=$3 tries=100
	while [ $tries -gt 0 ]; do
		kill -0 "$pid" 2>/dev/null || return 1
		if "$cli" --socket "$socket" --json status 2>/dev/null | grep -q '"daemon"'; then
			return 0
		fi
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

# Stops a daemon with SIGTERM and returns its exit status.
stop_daemon() {
	local pid=$1 status=0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" || status=$?
	return $status
}
