#!/usr/bin/env bash
# HTTP/1.1 keep-alive "Hello, World!" benchmark: coronet vs nginx vs Boost.Beast's
# awaitable example server, measured in the same run under the same conditions.
#
# Usage (from the repo root):  bench/http_hello.sh [BUILD_DIR]     (default: build/release)
#
# Environment overrides:
#   RUNS=3 DURATION=10s   measured runs per server and length of each (smoke: RUNS=1 DURATION=2s)
#   WARMUP=2s             one unmeasured wrk run per server before the first measured one
#   CONNECTIONS=64        wrk keep-alive connections (one wrk thread)
#   SERVER_CPU=0 WRK_CPU=1  CPUs the servers and wrk are pinned to
#   READY_TIMEOUT=10      seconds a server gets to start listening
#   IDLE_WAIT=0           seconds to wait for the machine to go idle before measuring (shared box)
#   KEEP_TMP=1            keep the temp dir (configs, server logs, wrk outputs) for inspection
#
# stdout carries only the markdown report (also written to BUILD_DIR/bench-results/http_hello.md);
# progress and warnings go to stderr.
set -euo pipefail
export LC_ALL=C  # decimal points and sort order independent of the caller's locale

BUILD_DIR=${1:-build/release}
CXX=${CXX:-g++}
BENCH_NAME=http_hello
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly BODY='Hello, World!'
readonly BEAST_SRC=/usr/share/doc/libboost1.81-doc/examples/libs/beast/example/http/server/awaitable/http_server_awaitable.cpp

BEAST_BIN=""      # set by build_beast
CORONET_BIN=""    # set by coronet_built

# ---------------------------------------------------------------------------------------------
# The three servers

start_hello_nginx() {
    start_nginx "        location / {
            default_type text/plain;
            return 200 \"$BODY\";
        }"
    URL[nginx]=http://127.0.0.1:$STARTED_PORT/
    LABEL[nginx]="nginx $(nginx_version), 1 worker, \`return 200\`"
    SERVERS+=(nginx)
}

# Compiles Beast's example once; reruns reuse the binary unless the source is newer.
build_beast() {
    local cache=$BUILD_DIR/bench-cache bin=$BUILD_DIR/bench-cache/beast-http-server-awaitable
    [[ -f $BEAST_SRC ]] || die "$BEAST_SRC missing (apt-get install libboost1.81-doc libboost1.81-dev)"
    mkdir -p "$cache"
    if [[ ! -x $bin || $BEAST_SRC -nt $bin ]]; then
        log "compiling Beast example -> $bin"
        # Build to a temp name and rename, so an interrupted build never leaves a bad cache.
        timeout 600 "$CXX" -std=c++20 -O2 -DNDEBUG -pthread -o "$bin.tmp" "$BEAST_SRC"
        mv "$bin.tmp" "$bin"
    fi
    BEAST_BIN=$bin
}

start_beast() {
    local root=$TMP/beast-docroot port
    build_beast
    mkdir -p "$root"
    printf '%s' "$BODY" >"$root/hello.txt"
    port=$(pick_port)
    LOG[beast]=$TMP/beast.log
    # Argument order from the example's usage(): <address> <port> <doc_root> <threads>
    start_pinned "${LOG[beast]}" "$BEAST_BIN" 127.0.0.1 "$port" "$root" 1
    wait_listening beast "$STARTED_PID" "$port"
    PID[beast]=$STARTED_PID
    URL[beast]=http://127.0.0.1:$port/hello.txt
    LABEL[beast]="Beast $(boost_version) http_server_awaitable, 1 thread, file from docroot"
    SERVERS+=(beast)
}

boost_version() {
    sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .
}

# The framework's own server; optional, so the other two still run before it is built.
coronet_built() {
    CORONET_BIN=$BUILD_DIR/bench/coronet-bench-hello
    [[ -x $CORONET_BIN ]] && return 0
    log "coronet-bench-hello not built, skipping ($CORONET_BIN missing)"
    NOTES+=("coronet-bench-hello not built ($CORONET_BIN missing), skipped; ratios are relative to Beast.")
    return 1
}

start_hello_coronet() {
    start_coronet coronet "$CORONET_BIN" --port 0 --threads 1
    URL[coronet]=http://127.0.0.1:$STARTED_PORT/
    LABEL[coronet]="coronet-bench-hello, 1 thread"
    SERVERS+=(coronet)
}

# A wrong answer makes every number meaningless, so check status and exact body first.
# (curl keeps the connection alive: Beast's example crashes on "Connection: close".)
verify_server() {
    local name=$1 code
    code=$(curl -sS --max-time 5 -o "$TMP/$name.body" -D "$TMP/$name.headers" -w '%{http_code}' "${URL[$name]}") \
        || die "$name: curl ${URL[$name]} failed"
    if [[ $code != 200 ]] || ! printf '%s' "$BODY" | cmp -s - "$TMP/$name.body"; then
        log "$name: GET ${URL[$name]} -> HTTP $code"
        cat "$TMP/$name.headers" >&2
        log "body: $(head -c 200 "$TMP/$name.body" | od -c | head -n 5)"
        die "$name does not answer 200 \"$BODY\""
    fi
    log "$name OK: ${URL[$name]} (pid ${PID[$name]} measured)"
}

# ---------------------------------------------------------------------------------------------
# Report

report() {
    local name
    echo "# HTTP hello benchmark"
    echo
    report_context
    report_medians "${SERVERS[0]}" "${SERVERS[@]}"
    echo
    for name in "${SERVERS[@]}"; do echo "- **$name**: ${LABEL[$name]}"; done
    echo
    report_raw_runs
}

# ---------------------------------------------------------------------------------------------

main() {
    bench_setup

    # coronet first: it is the reference row when present.
    if coronet_built; then start_hello_coronet; fi
    start_beast
    start_hello_nginx
    for name in "${SERVERS[@]}"; do verify_server "$name"; done
    check_idle

    benchmark

    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/http_hello.md"
    log "written to $BUILD_DIR/bench-results/http_hello.md"
}

main "$@"
