#!/usr/bin/env bash
# Static files benchmark: a 1 KiB and a 64 KiB file served by coronet's static_files handler
# and by nginx (sendfile on, 1 worker) from the same directory, in the same run.
#
# Usage (from the repo root):  bench/static_files.sh [BUILD_DIR]     (default: build/release)
#
# Environment overrides:
#   RUNS=3 DURATION=10s   measured runs per server and file, and length of each (smoke: RUNS=1 DURATION=2s)
#   WARMUP=2s             one unmeasured wrk run per server and file before the first measured one
#   CONNECTIONS=64        wrk keep-alive connections (one wrk thread)
#   SERVER_CPU=0 WRK_CPU=1  CPUs the servers and wrk are pinned to
#   READY_TIMEOUT=10      seconds a server gets to start listening
#   IDLE_WAIT=0           seconds to wait for the machine to go idle before measuring (shared box)
#   KEEP_TMP=1            keep the temp dir (docroot, configs, server logs, wrk outputs)
#
# stdout carries only the markdown report (also written to BUILD_DIR/bench-results/static_files.md);
# progress and warnings go to stderr.
set -euo pipefail
export LC_ALL=C  # decimal points and sort order independent of the caller's locale

BUILD_DIR=${1:-build/release}
BENCH_NAME=static_files
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly SIZES=(1k 64k)
declare -A BYTES=([1k]=1024 [64k]=65536)
DOCROOT=""            # set by make_docroot
declare -A MEMORY     # "server,before|after" -> "VmRSS VmHWM" in KiB

# Incompressible content (so nothing downstream can shortcut it), dated in the past: coronet
# keeps a small file in memory only once it has not changed for a second.
make_docroot() {
    local size
    DOCROOT=$TMP/docroot
    mkdir -p "$DOCROOT"
    chmod 755 "$TMP"    # nginx started as root reads as its unprivileged worker user
    for size in "${SIZES[@]}"; do
        head -c "${BYTES[$size]}" /dev/urandom >"$DOCROOT/$size.bin"
    done
    touch -d '1 hour ago' "$DOCROOT"/*.bin
}

declare -A PORT_OF         # server -> its port
declare -A SERVER_LABEL    # server -> description

start_static_coronet() {
    local bin=$BUILD_DIR/bench/coronet-bench-static
    [[ -x $bin ]] || die "$bin not built (ninja -C $BUILD_DIR coronet-bench-static)"
    start_coronet coronet "$bin" --root "$DOCROOT" --port 0 --threads 1
    PORT_OF[coronet]=$STARTED_PORT
    SERVER_LABEL[coronet]="coronet-bench-static, 1 thread"
}

start_static_nginx() {
    start_nginx "        root $DOCROOT;
        sendfile on;
        location / { }"
    PORT_OF[nginx]=$STARTED_PORT
    SERVER_LABEL[nginx]="nginx $(nginx_version), 1 worker, sendfile on"
}

# Each server is measured once per file: "coronet-1k", "nginx-1k", ... share their server's
# pid. Listed file by file, so the round-robin runs alternate the servers on each file.
add_targets() {
    local size server name
    for size in "${SIZES[@]}"; do
        for server in coronet nginx; do
            name=$server-$size
            SERVERS+=("$name")
            URL[$name]=http://127.0.0.1:${PORT_OF[$server]}/$size.bin
            PID[$name]=${PID[$server]}
            LOG[$name]=${LOG[$server]}
            LABEL[$name]="${SERVER_LABEL[$server]}, $size.bin (${BYTES[$size]} bytes)"
        done
    done
}

# A wrong answer makes every number meaningless: status 200 and the exact bytes first.
verify_target() {
    local name=$1 size=${1##*-} code
    code=$(curl -sS --max-time 5 -o "$TMP/$name.body" -D "$TMP/$name.headers" -w '%{http_code}' "${URL[$name]}") \
        || die "$name: curl ${URL[$name]} failed"
    if [[ $code != 200 ]] || ! cmp -s "$DOCROOT/$size.bin" "$TMP/$name.body"; then
        log "$name: GET ${URL[$name]} -> HTTP $code, $(stat -c %s "$TMP/$name.body") bytes"
        cat "$TMP/$name.headers" >&2
        die "$name does not answer 200 with the exact content of $size.bin"
    fi
    log "$name OK: ${URL[$name]} (pid ${PID[$name]} measured)"
}

note_memory() {  # before|after
    local server
    for server in coronet nginx; do MEMORY[$server,$1]=$(memory_kib "${PID[$server]}"); done
}

report() {
    local size server name rss0 rss1 hwm1
    echo "# Static files benchmark"
    echo
    report_context
    for size in "${SIZES[@]}"; do
        echo
        echo "## $size.bin (${BYTES[$size]} bytes)"
        echo
        report_medians "nginx-$size" "coronet-$size" "nginx-$size"
    done
    echo
    for name in "${SERVERS[@]}"; do echo "- **$name**: ${LABEL[$name]}"; done
    echo
    echo "Server memory (KiB; nginx: its worker), before the warm-up and after the last run:"
    echo
    echo "| server | VmRSS before | VmRSS after | VmHWM after |"
    echo "|---|--:|--:|--:|"
    for server in coronet nginx; do
        read -r rss0 _ <<<"${MEMORY[$server,before]}"
        read -r rss1 hwm1 <<<"${MEMORY[$server,after]}"
        echo "| $server | $rss0 | $rss1 | $hwm1 |"
    done
    echo
    report_raw_runs
}

main() {
    local name
    bench_setup
    make_docroot
    start_static_coronet
    start_static_nginx
    add_targets
    for name in "${SERVERS[@]}"; do verify_target "$name"; done
    note_memory before
    check_idle

    benchmark
    note_memory after

    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/static_files.md"
    log "written to $BUILD_DIR/bench-results/static_files.md"
}

main "$@"
