#!/usr/bin/env bash
# Measures sockscope against the kernel's floor (rawdump) and against ss on
# one large real population, all in the same run, and prints ratios.
# usage: bench/bench.sh [PROCS PAIRS TIME_WAIT CLOSE_WAIT] (default 5 9000 10000 1000,
# about 100,000 sockets). Run as root. RUNS=N sets repetitions (median is kept).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${SOCKSCOPE_SHARED:-$top/../shared}
procs=${1:-5} pairs=${2:-9000} tw=${3:-10000} cw=${4:-1000}
runs=${RUNS:-5}
ns=sockscope-bench
bin=${BENCH_BIN:-/tmp/sockscope-bench}

"$top/scripts/install-deps.sh" --with-tests
"$top/scripts/build.sh" "$top/build-bench" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
sockscope="$top/build-bench/cli/sockscope"
poll_bench="$top/build-bench/bench/poll_bench"

cleanup() { bash "$shared/bench/netns-down.sh" "$ns" >/dev/null 2>&1 || true; }
trap cleanup EXIT
echo "building the population ($procs x $pairs pairs, $tw TIME_WAIT, $cw CLOSE_WAIT)..." >&2
BENCH_BIN=$bin bash "$shared/bench/netns-big.sh" "$ns" "$procs" "$pairs" "$tw" "$cw" >/dev/null

in_ns() { ip netns exec "$ns" "$@"; }
# Median wall time in milliseconds of RUNS runs of a shell command inside the namespace.
median_ms() {
  local samples=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    in_ns bash -c "$1" >/dev/null
    end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

sockets=$(in_ns "$bin/rawdump" | awk '{print $1}')
echo "population: $sockets TCP sockets in namespace $ns, kernel $(uname -r), $(nproc) cores"
loops=10
# rawdump asks for all 32 state bits; since 6.8 bit 13 (TCP_BOUND_INACTIVE)
# makes the kernel also walk the bind hash. sockscope asks for the twelve
# TCP states, so the floor that does the same work is STATES=0x1ffe.
floor_all=$(median_ms "$bin/rawdump info $loops")
floor=$(median_ms "STATES=0x1ffe $bin/rawdump info $loops")
poll=$(median_ms "$poll_bench $loops")
per_poll() { awk -v t="$1" -v l=$loops 'BEGIN{printf "%.1f", t/l}'; }
echo
echo "one poll, TCP v4+v6 with tcp_info and memory (mean of $loops polls per run, median of $runs runs)"
printf '  %-44s %9s ms  %s\n' "rawdump info, STATES=0x1ffe (kernel floor)" "$(per_poll "$floor")" "1.00x floor"
printf '  %-44s %9s ms  %sx floor\n' "rawdump info, all 32 state bits" "$(per_poll "$floor_all")" "$(ratio "$floor_all" "$floor")"
printf '  %-44s %9s ms  %sx floor, %sx rawdump info\n' "collector poll, parsed into records" "$(per_poll "$poll")" "$(ratio "$poll" "$floor")" "$(ratio "$poll" "$floor_all")"

echo
echo "whole commands (median of $runs runs)"
row() {  # label, command, reference label, reference ms
  local ms
  ms=$(median_ms "$2")
  printf '  %-44s %9s ms  %sx %s\n' "$1" "$ms" "$(ratio "$ms" "$4")" "$3"
}
ss_tani=$(median_ms "ss -tani")
ss_tanip=$(median_ms "ss -tanip")
ss_s=$(median_ms "ss -s")
printf '  %-44s %9s ms\n' "ss -tani" "$ss_tani" "ss -tanip" "$ss_tanip" "ss -s" "$ss_s"
row "sockscope sockets --direct (with processes)" "$sockscope sockets --direct" "ss -tanip" "$ss_tanip"
row "sockscope sockets --direct --json" "$sockscope sockets --direct --json" "ss -tanip" "$ss_tanip"
row "sockscope status --direct" "$sockscope status --direct" "ss -s" "$ss_s"
row "collector snapshot (sockets+/proc+owners)" "$poll_bench 1 --snapshot --udp" "ss -tanip" "$ss_tanip"

echo
echo "daemon: sockscoped polling every second in the same namespace"
daemon="$top/build-bench/daemon/sockscoped"
sock=$(mktemp -u /tmp/sockscope-bench.XXXXXX.sock)
ip netns exec "$ns" "$daemon" --socket "$sock" --interval 1 --set daemon.log_level=warning 2>/dev/null &
daemon_pid=$!
trap 'kill $daemon_pid 2>/dev/null; rm -f "$sock"; cleanup' EXIT
for _ in $(seq 1 300); do [ -S "$sock" ] && break; sleep 0.1; done
daemon_polls() {
  echo '{"method":"status"}' | socat -t 30 - UNIX-CONNECT:"$sock" | jq '.result.daemon.polls'
}
sleep 3  # a few polls so the tracker holds every socket
export SOCKSCOPE_SOCKET=$sock
ss_tan_wc=$(median_ms "ss -tan | wc -l")
printf '  %-44s %9s ms\n' "ss -tan | wc -l" "$ss_tan_wc"
row "sockscope status (answered by the daemon)" "SOCKSCOPE_SOCKET=$sock $sockscope status" "ss -s" "$ss_s"
status_ms=$(median_ms "SOCKSCOPE_SOCKET=$sock $sockscope status")
printf '  %-44s %9s    %sx faster than ss -tan | wc -l\n' "" "" "$(ratio "$ss_tan_wc" "$status_ms")"

# CPU per poll from the kernel's accounting of the daemon process.
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
polls0=$(daemon_polls); cpu0=$(cpu_ticks)
sleep 20
polls1=$(daemon_polls); cpu1=$(cpu_ticks)
cpu_per_poll=$(awk -v c=$((cpu1 - cpu0)) -v p=$((polls1 - polls0)) -v t="$ticks" 'BEGIN {printf "%.1f", c * 1000 / t / p}')
printf '  %-44s %9s ms  %sx floor (%s polls)\n' "daemon CPU per poll (user + system)" "$cpu_per_poll" \
  "$(ratio "$cpu_per_poll" "$(per_poll "$floor")")" "$((polls1 - polls0))"
rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon_pid/status")
hwm_kib=$(awk '/^VmHWM/ {print $2}' "/proc/$daemon_pid/status")
printf '  %-44s %9s MiB (peak %s MiB)\n' "daemon resident memory" "$((rss_kib / 1024))" "$((hwm_kib / 1024))"
