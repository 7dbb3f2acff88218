#!/usr/bin/env bash
# Measures what `sockscope watch` costs while nobody touches it: the CPU time
# of the watch process on an 80x24 tmux screen, first fed by sockscoped
# (polling every 0.5 s), then polling directly every second, beside `top -d 1`
# on an identical screen over the same spans. Prints a markdown table.
# usage: bench/watch_idle.sh (run as root)
#   SOCKSCOPE_BUILD=DIR  build tree holding cli/sockscope and daemon/sockscoped
#                        (default build; relative to the project)
#   SPAN=SECONDS         length of each measured span (default 30)
#   PROCS=N PAIRS=N      the population: N processes holding N established
#                        loopback pairs each (default 2 x 250)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${SOCKSCOPE_SHARED:-$top/../shared}
build=${SOCKSCOPE_BUILD:-build}
[[ $build = /* ]] || build=$top/$build
span=${SPAN:-30}
procs=${PROCS:-2} pairs=${PAIRS:-250}
daemon_interval=0.5
direct_interval=1
warmup=5  # seconds after start before measuring: start-up is not idling
ns="sockscope-watch-bench"
sockscope=$build/cli/sockscope
daemon=$build/daemon/sockscoped

for program in "$sockscope" "$daemon"; do
  if [ ! -x "$program" ]; then
    echo "watch_idle: $program not found; build it with scripts/build.sh $build" >&2
    exit 1
  fi
done
"$top/scripts/install-deps.sh" --with-tests  # tmux, iproute2, procps

work=$(mktemp -d /tmp/sockscope-watch-bench.XXXXXX)
daemon_pid=
sleeper_pid=
tm() { env -u TMUX tmux -S "$work/tmux.sock" -f "$work/tmux.conf" "$@"; }
cleanup() {
  set +e  # remove everything that is there, whatever fails
  [ -n "$sleeper_pid" ] && kill "$sleeper_pid" 2>/dev/null
  [ -S "$work/tmux.sock" ] && tm kill-server 2>/dev/null
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
  fi
  bash "$shared/bench/netns-down.sh" "$ns" >/dev/null 2>&1
  rm -f "/tmp/$ns.pids" /tmp/"$ns".*.ready  # netns-big.sh's bookkeeping
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Sleeps in the background so that a signal ends the wait at once.
pause_for() {
  sleep "$1" &
  sleeper_pid=$!
  wait "$sleeper_pid"
  sleeper_pid=
}

# A status line would take a row from the program; a dead pane stays so its
# last screen can be shown.
printf 'set -g status off\nset -g remain-on-exit on\n' > "$work/tmux.conf"

# Starts a program on its own 80x24 screen and prints its pid (the pane's
# process: tmux, env and ip netns exec all exec the next program).
start_screen() {
  local name=$1
  shift
  tm new-session -d -s "$name" -x 80 -y 24 -- env -u NO_COLOR "$@"
  tm display-message -p -t "=$name:0.0" '#{pane_pid}'
}
# Fails unless PID runs PROGRAM: what is measured must be the program itself.
expect_program() {
  local exe
  exe=$(readlink "/proc/$1/exe" || true)
  if [ "$exe" != "$(readlink -f "$2")" ]; then
    echo "watch_idle: process $1 runs ${exe:-nothing}, not $2" >&2
    exit 1
  fi
}
screen_line() { tm capture-pane -p -t "=$1:0.0" | sed -n "$2p"; }
# Fails unless the screen's first line shows the expected source.
expect_header() {
  local line
  line=$(screen_line "$1" 1)
  if [[ $line != *"$2"* ]]; then
    echo "watch_idle: screen '$1' should say '$2' in its header; it shows:" >&2
    tm capture-pane -p -t "=$1:0.0" >&2
    exit 1
  fi
}

echo "building the population ($procs x $pairs established pairs)..." >&2
bash "$shared/bench/netns-big.sh" "$ns" "$procs" "$pairs" 0 0 >/dev/null
in_ns() { ip netns exec "$ns" "$@"; }
sockets=$(in_ns ss -Htan | wc -l)

ticks_per_s=$(getconf CLK_TCK)
# utime + stime of the whole process, in clock ticks (fields 14 and 15; the
# name in parentheses may hold spaces, so count from the last ')').
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# Voluntary context switches over all threads: each is the process going to
# sleep, so they count its wakeups (involuntary ones depend on the load).
wakeups() { cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ {n += $2} END {print n}'; }
now_ns() { date +%s%N; }
alive() { [ -d "/proc/$1" ] && ! grep -q '^State:.*zombie' "/proc/$1/status"; }

# measure LABEL PID...: sleeps SPAN and leaves per-process results in
# cpu_ticks_used[LABEL:PID], cpu_s[...], core_pct[...] and wakeup_rate[...].
declare -A cpu_ticks_used cpu_s core_pct wakeup_rate
measure() {
  local label=$1 pid start end
  shift
  local -A ticks0 wakeups0
  for pid in "$@"; do ticks0[$pid]=$(cpu_ticks "$pid"); wakeups0[$pid]=$(wakeups "$pid"); done
  start=$(now_ns)
  pause_for "$span"
  end=$(now_ns)
  for pid in "$@"; do
    if ! alive "$pid"; then
      echo "watch_idle: process $pid ended during the '$label' span" >&2
      exit 1
    fi
    local ticks=$(( $(cpu_ticks "$pid") - ${ticks0[$pid]} ))
    local count=$(( $(wakeups "$pid") - ${wakeups0[$pid]} ))
    cpu_ticks_used[$label:$pid]=$ticks
    read -r "cpu_s[$label:$pid]" "core_pct[$label:$pid]" "wakeup_rate[$label:$pid]" < <(
      awk -v t="$ticks" -v hz="$ticks_per_s" -v c="$count" -v ns=$((end - start)) \
        'BEGIN {s = t / hz; w = ns / 1e9; printf "%.2f %.2f %.1f\n", s, 100 * s / w, c / w}')
  done
}

load_before=$(cut -d' ' -f1 /proc/loadavg)

sock=$work/sockscoped.sock
# Not through in_ns: $! must be the daemon itself, not a subshell.
ip netns exec "$ns" "$daemon" --socket "$sock" --interval "$daemon_interval" --set daemon.log_level=warning \
  2>"$work/sockscoped.log" &
daemon_pid=$!
for _ in $(seq 1 300); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { echo "watch_idle: sockscoped did not start:" >&2; cat "$work/sockscoped.log" >&2; exit 1; }

top_pid=$(start_screen top top -d 1)
watch_pid=$(start_screen watch-daemon ip netns exec "$ns" "$sockscope" --socket "$sock" watch)
echo "watch fed by the daemon, ${span} s..." >&2
pause_for "$warmup"
expect_header watch-daemon daemon
expect_program "$daemon_pid" "$daemon"
expect_program "$watch_pid" "$sockscope"
expect_program "$top_pid" "$(command -v top)"
measure daemon "$watch_pid" "$daemon_pid" "$top_pid"
tm kill-session -t "=watch-daemon"
measured_daemon_pid=$daemon_pid
kill "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=

watch_direct_pid=$(start_screen watch-direct \
  ip netns exec "$ns" "$sockscope" --direct watch --interval "$direct_interval")
echo "watch polling directly, ${span} s..." >&2
pause_for "$warmup"
expect_header watch-direct "direct every ${direct_interval}s"
expect_program "$watch_direct_pid" "$sockscope"
measure direct "$watch_direct_pid" "$top_pid"
processes=$(find /proc -maxdepth 1 -name "[0-9]*" | wc -l)

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else printf "—"}'
}
row() {  # label, key, baseline key (measured over the same span)
  printf '| %s | %s | %s %% | %s | %s |\n' "$1" "${cpu_s[$2]}" "${core_pct[$2]}" \
    "$(ratio "${cpu_ticks_used[$2]}" "${cpu_ticks_used[$3]}")" "${wakeup_rate[$2]}"
}
echo "\`sockscope watch\` while idle: 80x24 tmux screens, $sockets TCP sockets in namespace $ns,"
echo "$span s per span, kernel $(uname -r), $(nproc) cores, load average $load_before at start, $(date +%F)."
echo "Baseline: \`top -d 1\` on an identical screen, listing $processes processes, over the same spans."
echo
echo "| what | CPU s | % of one core | ratio vs \`top -d 1\` | wakeups / s |"
echo "|---|---:|---:|---|---:|"
row "\`top -d 1\` (baseline, daemon span)" "daemon:$top_pid" "daemon:$top_pid"
row "\`sockscope watch\`, daemon polling every ${daemon_interval} s" "daemon:$watch_pid" "daemon:$top_pid"
row "\`sockscoped --interval ${daemon_interval}\` (reference, same span)" "daemon:$measured_daemon_pid" "daemon:$top_pid"
row "\`top -d 1\` (baseline, direct span)" "direct:$top_pid" "direct:$top_pid"
row "\`sockscope --direct watch --interval ${direct_interval}\`" "direct:$watch_direct_pid" "direct:$top_pid"
