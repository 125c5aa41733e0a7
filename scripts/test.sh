#!/usr/bin/env bash
# The full test suite: installs, builds, then runs every test through ctest
# (lit suites, GoogleTest units, the clang-format check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
"$root/scripts/build.sh" "$build"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
