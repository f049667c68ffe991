#!/usr/bin/env bash
# From a fresh Debian 12 machine to the sample apps running on their bundled defaults.
# Ctrl-C (SIGINT) stops them gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/release/apps/hello/coronet-hello "$@"
