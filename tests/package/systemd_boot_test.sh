#!/usr/bin/env bash
# The installed package under a real systemd as PID 1: boots this machine's
# /usr (which holds the installed package) in a systemd-nspawn container with
# an empty /etc on tmpfs and a private network namespace, and runs
# systemd_boot_inside.sh there as the unit systemd boots into. The fresh /etc
# also tests that systemd-sysusers makes the user and group from the package's
# sysusers.d file, and that the presets enable the socket.
# Usage: systemd_boot_test.sh      (root; the package sockscope installed)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_root
need_command systemd-nspawn
[ -x /usr/sbin/sockscoped ] || fail "the package is not installed"

here=$(cd "$(dirname "$0")" && pwd)
mkdir "$work_dir/result"
cp "$here/systemd_boot_inside.sh" "$work_dir/inside.sh"
cat >"$work_dir/sockscope-boot-test.service" <<'UNIT'
[Unit]
Description=sockscope package checks under systemd
Wants=sockets.target
After=sockets.target
SuccessAction=exit
FailureAction=exit

[Service]
Type=oneshot
ExecStart=/test/inside.sh
StandardOutput=file:/result/out.log
StandardError=inherit
UNIT

# --volatile=yes: a tmpfs root with this machine's /usr, so the container
# changes nothing here. --register=no and --keep-unit: no machined or D-Bus
# is needed. Exit status: the test unit's, through FailureAction=exit.
status=0
timeout 180 systemd-nspawn --quiet --directory=/ --volatile=yes --private-network \
	--register=no --keep-unit --machine="sockscope-boot-$$" \
	--bind-ro="$work_dir:/test" --bind="$work_dir/result:/result" \
	--bind-ro=/etc/sockscope:/etc/sockscope \
	--bind-ro="$work_dir/sockscope-boot-test.service:/etc/systemd/system/sockscope-boot-test.service" \
	--boot -- systemd.unit=sockscope-boot-test.service systemd.firstboot=off \
	>"$work_dir/console.log" 2>&1 || status=$?
results=$(cat "$work_dir/result/out.log" 2>/dev/null || true)
while read -r line; do
	case $line in
	ok:*) pass "${line#ok: }" ;;
	FAIL:*) say "$line" ;;
	esac
done <<<"$results"
if ! grep -qx 'all passed' <<<"$results"; then
	tail -n 40 "$work_dir/console.log" >&2
	echo "$results" >&2
	fail "the checks under systemd did not all pass (container exit status $status)"
fi
