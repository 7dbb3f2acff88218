#!/usr/bin/env bash
# Installs the Debian 12 packages sockscope needs to build, test and
# benchmark; does nothing when they are all present. Run as root.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config
  libmnl-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libtomlplusplus-dev libsystemd-dev libmicrohttpd-dev
  libncurses-dev                  # ncursesw for the watch screen
)
test_packages=(
  googletest libgtest-dev
  clang libclang-rt-14-dev        # the ASan/UBSan build and the libFuzzer target
  iproute2 nftables procps        # namespaces, packet drops, sysctl
  socat jq util-linux             # a user's script against the daemon; setpriv
  prometheus                      # promtool and a real server for the metrics tests
  tmux                            # the watch screen tests (send-keys, capture-pane)
  strace                          # fails a client's recvmsg to test check on stale data
  systemd systemd-container dpkg-dev bash-completion adduser  # package tests: systemd-analyze, socket activation, a boot under systemd-nspawn, dpkg-shlibdeps
)

wanted=("${build_packages[@]}")
if [ "${1:-}" = "--with-tests" ]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
