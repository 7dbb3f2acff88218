#!/bin/bash
# record_scene.sh BUILD_DIR OUT_DIR: rebuilds the recordings in
# tests/data/netlink/. Runs socket_scene in a private network namespace, then
# record_dump for each protocol and family, all as root. See that folder's README.md.
set -euo pipefail
build=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
tools=$build/tests/tools
[ "$(id -u)" = 0 ] || { echo "record_scene.sh: needs root" >&2; exit 1; }

exec unshare -n bash -s "$tools" "$out" <<'INNER'
set -euo pipefail
tools=$1 out=$2
ip link set lo up
ready=$(mktemp -u)
scene() {
  rm -f "$ready"
  "$tools/socket_scene" "$@" "$ready" &
  pid=$!
  for _ in $(seq 1 100); do [ -f "$ready" ] && break; sleep 0.1; done
  [ -f "$ready" ] || { echo "socket_scene did not start" >&2; exit 1; }
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$ready"; }

scene
"$tools/record_dump" --proto tcp --family 4 "$out/scene-tcp4.dump"
"$tools/record_dump" --proto tcp --family 6 "$out/scene-tcp6.dump"
"$tools/record_dump" --proto udp --family 4 "$out/scene-udp4.dump"
"$tools/record_dump" --proto udp --family 6 "$out/scene-udp6.dump"
ss -tanoei > "$out/scene-ss-tcp.txt"
ss -uanm > "$out/scene-ss-udp.txt"
stop

# Many sockets read through a small buffer: the reply spans many datagrams.
scene --bulk 200
"$tools/record_dump" --proto tcp --family 4 --buffer 16384 "$out/bulk-tcp4.dump"
stop
INNER
