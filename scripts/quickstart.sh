#!/usr/bin/env bash
# First quick-start command: install what is missing, build, and print the
# triage report for this host (direct mode when no daemon runs).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
exec "$top/build/cli/sockscope" "$@"
