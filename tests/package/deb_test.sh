#!/usr/bin/env bash
# The .deb from end to end: build it with CPack, check its control data,
# install it with dpkg (and again, as an upgrade), boot it under systemd
# (systemd_boot_test.sh), run the installed daemon
# in the foreground in a private network namespace on a temporary socket,
# query it with the installed CLI, remove and purge the package, and check
# that nothing it made is left behind.
# Usage: deb_test.sh BUILD_DIR       (root; installs and purges package sockscope)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=${1:?usage: $0 BUILD_DIR}
need_root
need_command cpack dpkg dpkg-deb dpkg-shlibdeps unshare nsenter ip socat adduser

if dpkg-query -W -f='${Status}' sockscope 2>/dev/null | grep -q 'installed'; then
	fail "package sockscope is already installed here; this test installs and purges it"
fi
for name in passwd group; do
	if getent "$name" sockscope >/dev/null; then
		fail "a $name entry sockscope exists already; purging would remove it"
	fi
done

# --- build --------------------------------------------------------------
(cd "$build" && cpack -G DEB -B "$work_dir/out") >"$work_dir/cpack.log" 2>&1 ||
	{ cat "$work_dir/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$work_dir"/out/sockscope_*.deb)
version=$(grep -m1 -o 'project(sockscope VERSION [0-9.]*' "$(dirname "$0")/../../CMakeLists.txt" | awk '{print $3}')
[ "$(dpkg-deb -f "$deb" Package)" = sockscope ] || fail "package name is not sockscope"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version $(dpkg-deb -f "$deb" Version) is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libmnl0 libfmt9 libsystemd0 libncursesw6 libmicrohttpd12 libc6; do
	echo "$depends" | grep -q "\b$library\b" || fail "Depends lacks $library: $depends"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/sockscope/sockscoped.toml ||
	fail "/etc/sockscope/sockscoped.toml is not a conffile"
pass "built $(basename "$deb"): version $version, Depends: $depends"

# --- install ------------------------------------------------------------
on_exit 'dpkg-query -W sockscope >/dev/null 2>&1 && dpkg --purge sockscope >/dev/null 2>&1'
dpkg -i "$deb" >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg -i failed"; }
[ "$(dpkg-query -W -f='${Status}' sockscope)" = "install ok installed" ] || fail "not installed after dpkg -i"
getent group sockscope >/dev/null || fail "postinst made no group sockscope"
getent passwd sockscope >/dev/null || fail "postinst made no user sockscope"
[ "$(/usr/bin/sockscope --version)" = "sockscope $version" ] || fail "installed sockscope --version: $(/usr/bin/sockscope --version)"
[ "$(/usr/sbin/sockscoped --version)" = "sockscoped $version" ] || fail "installed sockscoped --version: $(/usr/sbin/sockscoped --version)"
dpkg -L sockscope >"$work_dir/files"
while read -r path; do
	[ -e "$path" ] || fail "$path is listed by dpkg -L but missing"
done <"$work_dir/files"
[ -L /etc/systemd/system/multi-user.target.wants/sockscoped.service ] || fail "sockscoped.service is not enabled"
[ -L /etc/systemd/system/sockets.target.wants/sockscoped.socket ] || fail "sockscoped.socket is not enabled"
pass "installed: user and group sockscope, both programs at $version, units enabled"

if command -v systemd-analyze >/dev/null; then
	units=(/usr/lib/systemd/system/sockscoped.service /usr/lib/systemd/system/sockscoped.socket)
	verify=$(systemd-analyze verify "${units[@]}" 2>&1) || fail "systemd-analyze verify: $verify"
	[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
	systemd-analyze security --offline=true --threshold=25 "${units[0]}" >/dev/null 2>&1 ||
		fail "systemd-analyze security rates the installed service worse than 2.5"
	pass "the installed units verify and rate 2.5 or better"
fi

# Reinstalling runs postinst as an upgrade ("configure OLD-VERSION").
dpkg -i "$deb" >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg -i again (upgrade) failed"; }
pass "reinstalling over itself (the upgrade path) works"

# --- under systemd ------------------------------------------------------
"$(dirname "$0")/systemd_boot_test.sh" || fail "the installed units under systemd (systemd_boot_test.sh)"

# --- run ----------------------------------------------------------------
socket=$work_dir/sockscoped.sock
empty_config=$work_dir/empty.toml
: >"$empty_config"
unshare -n sh -c 'ip link set lo up && exec "$@"' sh \
	/usr/sbin/sockscoped --socket "$socket" --interval 0.2 --config "$empty_config" \
	--set collect.owner_rescan_s=0 2>"$work_dir/daemon.log" &
daemon=$!
on_exit "kill $daemon 2>/dev/null"
# A listener in the daemon's namespace, so the answer has a known socket;
# first wait until unshare has made that namespace.
for _ in $(seq 50); do
	if [ "$(readlink "/proc/$daemon/ns/net")" != "$(readlink /proc/self/ns/net)" ]; then break; fi
	sleep 0.1
done
[ "$(readlink "/proc/$daemon/ns/net")" != "$(readlink /proc/self/ns/net)" ] || fail "the daemon has no namespace of its own"
nsenter --net=/proc/$daemon/ns/net socat TCP-LISTEN:7411,bind=127.0.0.1,reuseaddr /dev/null &
listener=$!
on_exit "kill $listener 2>/dev/null"
wait_for_daemon /usr/bin/sockscope "$socket" "$daemon" || { cat "$work_dir/daemon.log" >&2; fail "the installed daemon does not answer"; }
[ "$(stat -c '%a %G' "$socket")" = "660 sockscope" ] || fail "socket is $(stat -c '%a %G' "$socket"), expected 660 sockscope"

/usr/bin/sockscope --socket "$socket" status >"$work_dir/status" || fail "sockscope status failed"
grep -q '^Daemon:' "$work_dir/status" || fail "status did not come from the daemon"
listing=""
for _ in $(seq 50); do
	listing=$(/usr/bin/sockscope --socket "$socket" sockets --sport 7411 --state listen 2>&1) || fail "sockscope sockets failed: $listing"
	echo "$listing" | grep -q 'socat' && break
	sleep 0.1
done
echo "$listing" | grep -q '127.0.0.1:7411.*socat' || fail "the listener is not in the daemon's answer: $listing"
pass "the installed CLI queries the installed daemon (status, sockets)"

kill "$listener"
status=0
stop_daemon "$daemon" || status=$?
[ "$status" -eq 0 ] || { cat "$work_dir/daemon.log" >&2; fail "the daemon exited with $status on SIGTERM"; }
[ ! -e "$socket" ] || fail "the daemon left its socket file"
pass "the daemon stops cleanly"

# --- remove, then purge -------------------------------------------------
dpkg -r sockscope >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg -r failed"; }
[ -f /etc/sockscope/sockscoped.toml ] || fail "dpkg -r removed the conffile"
[ ! -e /usr/sbin/sockscoped ] || fail "dpkg -r left /usr/sbin/sockscoped"
pass "remove keeps the configuration"

mkdir -p /run/sockscope
dpkg --purge sockscope >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg --purge failed"; }
if dpkg-query -W sockscope >/dev/null 2>&1; then fail "dpkg still knows the package after purge"; fi
left_behind() { [ -e "$1" ] || [ -L "$1" ]; }
while read -r path; do
	# Shared directories (/usr/bin, /usr/share/man/man1, ...) stay.
	if [ -d "$path" ] && [ ! -L "$path" ]; then continue; fi
	if left_behind "$path"; then fail "$path is left after purge"; fi
done <"$work_dir/files"
for path in /etc/sockscope /run/sockscope /usr/share/doc/sockscope \
	/etc/systemd/system/multi-user.target.wants/sockscoped.service \
	/etc/systemd/system/sockets.target.wants/sockscoped.socket \
	/etc/systemd/system/sockscoped.service /etc/systemd/system/sockscoped.socket; do
	if left_behind "$path"; then fail "$path is left after purge"; fi
done
leftover_state=$(find /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
	-name '*sockscoped*' 2>/dev/null || true)
[ -z "$leftover_state" ] || fail "deb-systemd-helper state left: $leftover_state"
if getent passwd sockscope >/dev/null; then fail "the user sockscope is left after purge"; fi
if getent group sockscope >/dev/null; then fail "the group sockscope is left after purge"; fi
pass "purge leaves nothing: files, units' state, user, group, /etc/sockscope, /run/sockscope"

# --- a machine without systemd's tools -----------------------------------
# Every program on PATH but systemd-sysusers and systemd-tmpfiles: postinst
# must fall back to addgroup/adduser, and purge must still clean up.
shim=$work_dir/bin-without-systemd
mkdir "$shim"
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
	for program in "$dir"/*; do
		name=$(basename "$program")
		case $name in systemd-sysusers | systemd-tmpfiles) continue ;; esac
		if [ -x "$program" ] && [ ! -e "$shim/$name" ]; then ln -s "$program" "$shim/$name"; fi
	done
done
PATH=$shim dpkg -i "$deb" >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg -i without systemd's tools failed"; }
entry=$(getent passwd sockscope) || fail "without systemd-sysusers postinst made no user"
group_id=$(getent group sockscope | cut -d: -f3) || fail "without systemd-sysusers postinst made no group"
[ "$(echo "$entry" | cut -d: -f4,6,7)" = "$group_id:/nonexistent:/usr/sbin/nologin" ] ||
	fail "the user adduser made is not a nologin system user in group sockscope: $entry"
PATH=$shim dpkg --purge sockscope >"$work_dir/dpkg.log" 2>&1 || { cat "$work_dir/dpkg.log" >&2; fail "dpkg --purge without systemd's tools failed"; }
if getent passwd sockscope >/dev/null || getent group sockscope >/dev/null; then
	fail "purge without systemd's tools left the user or group"
fi
pass "without systemd's tools: adduser makes the user, purge removes it"
