#!/usr/bin/env bash
# The packaging tests, in order, against one build directory (the g++ one in
# CI). Each test says "ok:" per check, "SKIP:" when it cannot run here (not
# root), or "FAIL:" and stops; this script runs them all and fails if any did.
# Usage: tests/package/run.sh BUILD_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
cli=$build/cli/sockscope
daemon=$build/daemon/sockscoped

tests=(
	"install_tree_test.sh $build"
	"units_test.sh $build"
	"default_config_test.sh $cli"
	"completion_test.sh $cli $daemon"
	"unprivileged_test.sh $cli $daemon"
	"socket_activation_test.sh $cli $daemon"
	"deb_test.sh $build"
)
failed=()
for entry in "${tests[@]}"; do
	read -r -a words <<<"$entry"
	echo "-- ${words[0]}" >&2
	if ! "$here/${words[0]}" "${words[@]:1}"; then
		failed+=("${words[0]}")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "package tests failed: ${failed[*]}" >&2
	exit 1
fi
echo "package tests: all ${#tests[@]} passed (or skipped where noted)" >&2
