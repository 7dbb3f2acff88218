#!/usr/bin/env bash
# Socket activation as sockscoped.socket does it: systemd-socket-activate
# holds the listening socket and starts the daemon on the first connection
# with LISTEN_FDS/LISTEN_PID. The daemon answers on the inherited socket,
# binds none of its own, and leaves the inherited socket file alone on exit.
# Usage: socket_activation_test.sh SOCKSCOPE SOCKSCOPED   (root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cli=${1:?usage: $0 SOCKSCOPE SOCKSCOPED}
daemon_bin=${2:?usage: $0 SOCKSCOPE SOCKSCOPED}
need_root
need_command systemd-socket-activate unshare ip jq

activated=$work_dir/activated.sock
own=$work_dir/own.sock
empty_config=$work_dir/empty.toml
: >"$empty_config"
log=$work_dir/daemon.log

# In a private network namespace, so the daemon reads only what the test made.
unshare -n sh -c 'ip link set lo up && exec "$@"' sh \
	systemd-socket-activate -l "$activated" \
	"$daemon_bin" --socket "$own" --interval 0.2 --config "$empty_config" 2>"$log" &
pid=$!
on_exit "kill $pid 2>/dev/null"
for _ in $(seq 50); do
	[ -S "$activated" ] && break
	sleep 0.1
done
[ -S "$activated" ] || fail "systemd-socket-activate made no socket"

# The first connection starts the daemon.
wait_for_daemon "$cli" "$activated" "$pid" || { cat "$log" >&2; fail "no daemon answers on the activated socket"; }
grep -q 'listening on the socket passed by systemd' "$log" || { cat "$log" >&2; fail "the daemon did not say it took the socket"; }
[ ! -e "$own" ] || fail "the daemon bound $own as well as the inherited socket"
[ "$("$cli" --socket "$activated" --json status | jq '.daemon.polls > 0')" = true ] || fail "no polls reported"
"$cli" --socket "$activated" sockets >/dev/null || fail "sockets through the activated socket failed"
pass "the daemon serves on the socket it inherited (LISTEN_FDS) and binds none"

code=0
stop_daemon "$pid" || code=$?
[ "$code" -eq 0 ] || { cat "$log" >&2; fail "the daemon exited with $code"; }
[ -S "$activated" ] || fail "the daemon removed the inherited socket file, which is systemd's"
pass "the daemon stops cleanly and leaves the inherited socket file"
