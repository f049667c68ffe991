#!/usr/bin/env bash
# From a fresh Debian 12 machine to the sample apps running on their bundled defaults:
#   coronet-hello        HTTP 8080, TCP echo 9001, UDP echo 9000
#   coronet-dictionary   HTTP 8081 (search page at /), UDP 8888, TCP 8889, DICT 2628, over the
#                        bundled word book (its store: build/release/coronet-dictionary.db)
# Ctrl-C (SIGINT) stops them gracefully. Each binary takes --help; run it directly for flags.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
pids=()
stop() { kill -INT "${pids[@]}" 2>/dev/null || true; }
trap stop INT TERM
build/release/apps/hello/coronet-hello &
pids+=($!)
build/release/apps/dictionary/coronet-dictionary --db build/release/coronet-dictionary.db &
pids+=($!)
# Both run until Ctrl-C; if one stops on its own (a port taken, say), stop the other too.
wait -n || true
stop
wait
