#!/bin/sh
# Runs as root inside the container systemd_boot_test.sh boots: the package's
# units under a real systemd as PID 1. Each check prints "ok: ..." or
# "FAIL: ..." and a failure ends the script with status 1.
set -u
fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "ok: $*"; }
prop() { systemctl show -p "$2" --value "$1"; }
socket=/run/sockscope/sockscoped.sock

[ "$(prop sockscoped.socket ActiveState)" = active ] || fail "sockscoped.socket is $(prop sockscoped.socket ActiveState) at boot"
[ "$(stat -c '%a %U %G' "$socket")" = "660 root sockscope" ] || fail "$socket is $(stat -c '%a %U %G' "$socket")"
[ "$(prop sockscoped.service ActiveState)" = inactive ] || fail "sockscoped.service started before anybody asked"
pass "sockscoped.socket listens at boot, mode 660 group sockscope; the service waits for a client"

# A root-owned listener, so attribution of another user's socket is tested.
socat TCP-LISTEN:7411,bind=127.0.0.1,reuseaddr,fork /dev/null &
# The /etc here is fresh: no login.defs, so no group per user (-N).
useradd -M -N -G sockscope member || fail "useradd member"
useradd -M -N outsider || fail "useradd outsider"
as() { user=$1; shift; setpriv --reuid "$(id -u "$user")" --regid "$(id -g "$user")" --init-groups "$@"; }

answer=$(as member sockscope status 2>&1) || fail "status as a member of sockscope: $answer"
echo "$answer" | grep -q '^Daemon:' || fail "a member's status did not come from the daemon: $answer"
[ "$(prop sockscoped.service ActiveState)" = active ] || fail "the first client did not start the service"
pass "a member of group sockscope starts the daemon through the socket and gets its answer"

answer=$(as outsider sockscope status 2>&1)
if echo "$answer" | grep -q '^Daemon:'; then fail "a user outside group sockscope got the daemon's answer"; fi
echo "$answer" | grep -q 'Permission denied' || fail "an outsider is not told why: $answer"
pass "a user outside the group is refused by the socket's mode"

pid=$(prop sockscoped.service MainPID)
[ "$(stat -c %U "/proc/$pid")" = sockscope ] || fail "the daemon runs as $(stat -c %U "/proc/$pid")"
# No awk here: it is an alternatives link, and /etc/alternatives is empty.
capabilities=$(sed -n 's/^CapEff:[[:space:]]*//p' "/proc/$pid/status")
[ "$capabilities" = 0000000000080004 ] || fail "the daemon's effective capabilities are $capabilities, not CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE"
grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" || fail "NoNewPrivs is not set"
ambient=$(sed -n 's/^CapAmb:[[:space:]]*//p' "/proc/$pid/status")
[ "$ambient" = 0000000000000000 ] || fail "the daemon's ambient set is $ambient: hooks would inherit it"
[ -n "$(prop sockscoped.service StatusText)" ] || fail "the daemon sent no STATUS= through sd_notify"
pass "Type=notify: ready with status \"$(prop sockscoped.service StatusText)\"; user sockscope with only the two capabilities, none ambient"

listing=""
for _ in $(seq 50); do
	listing=$(as member sockscope sockets --sport 7411 --state listen 2>&1)
	echo "$listing" | grep -q 'socat' && break
	sleep 0.2
done
echo "$listing" | grep -q '127.0.0.1:7411.*socat' || fail "the sandboxed daemon cannot name root's listener: $listing"
pass "under the unit's sandbox the daemon names the owner of root's socket"

before=$(prop sockscoped.service WatchdogTimestampMonotonic)
sleep 16
after=$(prop sockscoped.service WatchdogTimestampMonotonic)
[ "$after" -gt "$before" ] || fail "no watchdog ping in 16 s (WatchdogSec=$(prop sockscoped.service WatchdogUSec))"
pass "the watchdog is pinged (WatchdogSec=$(prop sockscoped.service WatchdogUSec))"

systemctl reload sockscoped.service || fail "systemctl reload"
[ "$(prop sockscoped.service MainPID)" = "$pid" ] || fail "reload replaced the daemon"
journalctl -u sockscoped.service --no-pager | grep -qi 'reload' || fail "the journal shows no reload"
pass "systemctl reload: SIGHUP, the same process reloads"

kill -KILL "$pid"
for _ in $(seq 50); do
	new=$(prop sockscoped.service MainPID)
	[ "$new" != 0 ] && [ "$new" != "$pid" ] && [ "$(prop sockscoped.service ActiveState)" = active ] && break
	sleep 0.2
done
[ "$(prop sockscoped.service NRestarts)" = 1 ] || fail "after SIGKILL NRestarts is $(prop sockscoped.service NRestarts)"
answer=$(as member sockscope status 2>&1)
echo "$answer" | grep -q '^Daemon:' || fail "no answer after the restart: $answer"
pass "Restart=on-failure brings a killed daemon back, on the same socket"

systemctl stop sockscoped.service sockscoped.socket || fail "systemctl stop"
[ "$(prop sockscoped.service ActiveState)" = inactive ] || fail "the service is $(prop sockscoped.service ActiveState) after stop"
[ ! -e "$socket" ] || fail "$socket is left after stop"
pass "systemctl stop ends the daemon and removes the socket"
echo "all passed"
