#!/usr/bin/env bash
# sockscoped as an unprivileged user (nobody), as the service runs it: with
# only CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE it names the owner of another
# user's socket; without them that owner is unknown. Either way the daemon
# polls without an error and exits cleanly, and the hook it starts for a
# finding (a listener with a full accept queue) runs with no capabilities,
# while the daemon keeps its own. The CLI run by nobody in direct mode
# likewise shows no owner and succeeds. All in a private namespace.
# Usage: unprivileged_test.sh SOCKSCOPE SOCKSCOPED   (root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cli=${1:?usage: $0 SOCKSCOPE SOCKSCOPED}
daemon_bin=${2:?usage: $0 SOCKSCOPE SOCKSCOPED}
need_root
need_command ip setpriv socat jq perl

namespace=sockscope-unpriv-$$
ip netns add "$namespace"
on_exit "ip netns delete $namespace"
ip -n "$namespace" link set lo up

# The socket of another user: uid 4711, neither root nor nobody.
port=7412
ip netns exec "$namespace" setpriv --reuid=4711 --regid=4711 --clear-groups \
	socat TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr /dev/null &
holder=$!
on_exit "kill $holder 2>/dev/null"

# A listener that never accepts, with backlog 1 and one connection waiting:
# its accept queue is full, which raises listen_overflow.
full_port=7413
# shellcheck disable=SC2016 # a perl program: its $ are perl's
ip netns exec "$namespace" setpriv --reuid=4711 --regid=4711 --clear-groups perl -MSocket -e '
	my $address = pack_sockaddr_in($ARGV[0], inet_aton("127.0.0.1"));
	socket(my $listener, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
	bind($listener, $address) or die "bind: $!";
	listen($listener, 1) or die "listen: $!";
	socket(my $client, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
	connect($client, $address) or die "connect: $!";
	sleep;' $full_port &
full_listener=$!
on_exit "kill $full_listener 2>/dev/null"

run_dir=$work_dir/run
mkdir "$run_dir"
chown nobody "$run_dir"
hooks_dir=$work_dir/hooks
mkdir "$hooks_dir"

# A config whose one hook writes the Cap* lines of its own status to $1/caps.
hook_config() {
	cat <<EOF
[[hooks]]
command = ["/bin/sh", "-c", 'grep ^Cap /proc/\$\$/status >"\$0/caps.tmp" && mv "\$0/caps.tmp" "\$0/caps"', "$1"]
kinds = ["listen_overflow"]
EOF
}

# The value of capability set $2 (CapEff, ...) in the status file $1.
cap_set() {
	awk -v name="$2:" '$1 == name { print $2 }' "$1"
}

no_caps=0000000000000000
# CAP_DAC_READ_SEARCH (2) and CAP_SYS_PTRACE (19)
two_caps=0000000000080004

# Owners (comm) of the listener on $port, as the daemon on $1 reports them.
listener_owners() {
	"$cli" --socket "$1" --json sockets --sport $port --state listen | jq -r '.sockets[0].processes[].comm'
}

# $1: a name for the run; the rest: setpriv's capability options.
check_daemon() {
	local name=$1
	shift
	local socket=$run_dir/$name.sock log=$work_dir/$name.log config=$work_dir/$name.toml hook_out=$hooks_dir/$name
	mkdir "$hook_out"
	chown nobody "$hook_out"
	hook_config "$hook_out" >"$config"
	ip netns exec "$namespace" setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs "$@" \
		"$daemon_bin" --socket "$socket" --interval 0.2 --config "$config" \
		--set collect.owner_rescan_s=0 2>"$log" &
	local pid=$!
	wait_for_daemon "$cli" "$socket" "$pid" || { cat "$log" >&2; fail "$name: the daemon does not answer"; }
	[ "$(stat -c %U "/proc/$pid")" = nobody ] || fail "$name: the daemon does not run as nobody"
	# A few polls, each with an owner scan.
	local polls=0
	while [ "$polls" -lt 5 ]; do
		polls=$("$cli" --socket "$socket" --json status | jq '.daemon.polls')
		sleep 0.1
	done
	local status_json
	status_json=$("$cli" --socket "$socket" --json status) || fail "$name: status failed"
	[ "$(echo "$status_json" | jq '.daemon.polls_failed')" = 0 ] || fail "$name: polls failed: $status_json"
	owners=$(listener_owners "$socket") || fail "$name: sockets failed"
	"$cli" --socket "$socket" findings >/dev/null || fail "$name: findings failed"
	daemon_status=$work_dir/$name.daemon-status
	cp "/proc/$pid/status" "$daemon_status"
	# The hook, started by the daemon for the raised listen_overflow.
	local tries=100
	while [ ! -s "$hook_out/caps" ] && [ $tries -gt 0 ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	[ -s "$hook_out/caps" ] || { cat "$log" >&2; fail "$name: the hook did not run"; }
	hook_status=$hook_out/caps
	local code=0
	stop_daemon "$pid" || code=$?
	[ "$code" -eq 0 ] || { cat "$log" >&2; fail "$name: the daemon exited with $code"; }
	if grep -E ': (warning|error): ' "$log" >&2; then
		fail "$name: the daemon logged the problems above"
	fi
}

check_daemon with-caps --bounding-set=-all,+dac_read_search,+sys_ptrace \
	--inh-caps=-all,+dac_read_search,+sys_ptrace --ambient-caps=+dac_read_search,+sys_ptrace
[ "$owners" = socat ] || fail "with the two capabilities the owner is '$owners', expected socat"
pass "as nobody with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE the daemon names the owner"
[ "$(cap_set "$daemon_status" CapEff)" = $two_caps ] ||
	fail "the daemon's effective set is $(cap_set "$daemon_status" CapEff), expected $two_caps"
[ "$(cap_set "$daemon_status" CapAmb)" = $no_caps ] ||
	fail "the daemon's ambient set is $(cap_set "$daemon_status" CapAmb), expected empty"
pass "the daemon keeps the two capabilities in its effective set, none in its ambient set"
for set in CapInh CapPrm CapEff CapAmb; do
	[ "$(cap_set "$hook_status" $set)" = $no_caps ] ||
		fail "the daemon's hook has $set $(cap_set "$hook_status" $set), expected $no_caps"
done
pass "a hook the daemon starts has no capabilities"

check_daemon without-caps --bounding-set=-all --inh-caps=-all
[ -z "$owners" ] || fail "without capabilities the owner is '$owners', expected unknown"
[ "$(cap_set "$hook_status" CapEff)" = $no_caps ] || fail "without capabilities the hook has some"
pass "as nobody without capabilities the owner is unknown, the hook runs, and nothing fails"

direct=$(ip netns exec "$namespace" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	"$cli" --direct --json sockets --sport $port --state listen) || fail "the CLI as nobody failed"
[ "$(echo "$direct" | jq '.sockets | length')" = 1 ] || fail "the CLI as nobody does not see the listener: $direct"
[ "$(echo "$direct" | jq '.sockets[0].processes | length')" = 0 ] || fail "the CLI as nobody names an owner: $direct"
pass "the CLI as nobody in direct mode sees the socket with an unknown owner"
