#!/usr/bin/env bash
# Configures and builds one build tree. usage: build.sh DIR [cmake args...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
cmake -S "$top" -B "$dir" -G Ninja "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" >&2  # progress to stderr: stdout is the report
