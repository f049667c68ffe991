#!/usr/bin/env bash
# From a fresh Debian 12 machine to the sample servers running on their bundled defaults, all
# on 127.0.0.1 (their state under build/release/):
#   coronet-hello        HTTP 8080, TCP echo 9001, UDP echo 9000
#   coronet-dictionary   HTTP 8081 (search page at /), UDP 8888, TCP 8889, DICT 2628, over the
#                        bundled word book (its store: build/release/coronet-dictionary.db)
#   coronet-homepage     HTTP 8082: the bundled website, form echo at /echo, the dictionary at /dict/
#                        (its store: build/release/coronet-homepage.db)
#   coronet-echo         TCP 9002 (raw bytes)
#   coronet-chat         UDP 9003 (the chat room)
#   coronet-files        TCP 9004 (files in build/release/files)
# Ctrl-C (SIGINT) stops them gracefully. Each binary takes --help; run it directly for flags,
# and its client (coronet-dict, coronet-echo-client, coronet-chat-client, coronet-files-client)
# to talk to it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
apps=build/release/apps
state=build/release
pids=()
stop() { kill -INT "${pids[@]}" 2>/dev/null || true; }
trap stop INT TERM
start() { "$@" & pids+=($!); }
start "$apps/hello/coronet-hello"
start "$apps/dictionary/coronet-dictionary" --db "$state/coronet-dictionary.db"
start "$apps/homepage/coronet-homepage" --db "$state/coronet-homepage.db" --uploads "$state/homepage-uploads"
start "$apps/echo/coronet-echo"
start "$apps/chat/coronet-chat"
start "$apps/files/coronet-files" --dir "$state/files"
# All run until Ctrl-C; if one stops on its own (a port taken, say), stop the others too.
wait -n || true
stop
wait
