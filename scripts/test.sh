#!/usr/bin/env bash
# From a fresh Debian 12 machine to a passing test suite: install, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
