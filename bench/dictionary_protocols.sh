#!/usr/bin/env bash
# The dictionary app under load, with GCIDE (~177k headwords) loaded, over each protocol, next
# to its reference in the same run:
#   udp    coronet-dictionary's UDP service     vs  a bare C recvfrom/sendto loop (the ceiling)
#   lines  its TCP line protocol, 32 connections
#   http   GET /words/{word} with wrk, 64 keep-alive connections
#   dict   DEFINE over 32 DICT connections      vs  dictd serving the same GCIDE files
# Each load keeps one request in flight per connection, a random GCIDE headword each time.
#
# Usage (from the repo root):  bench/dictionary_protocols.sh [BUILD_DIR]   (default: build/release)
# Needs dict-gcide and dictd (scripts/install-deps.sh --bench). The GCIDE store is made once
# (the import is measured then) and kept in BUILD_DIR/bench-cache/gcide.db.
# Environment: CONNECTIONS (32; http: 64), and those of bench/lib.sh (RUNS, DURATION, WARMUP,
# SERVER_CPU, WRK_CPU, READY_TIMEOUT, IDLE_WAIT, KEEP_TMP).
#
# stdout carries only the markdown report (also BUILD_DIR/bench-results/dictionary_protocols.md).
set -euo pipefail
export LC_ALL=C

BUILD_DIR=${1:-build/release}
BENCH_NAME=dictionary_protocols
LOAD_CONNECTIONS=${CONNECTIONS:-32}
CONNECTIONS=64   # wrk, for the http row
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A PORT            # protocol -> coronet's port
declare -A RESULT          # "row,run" -> "rps p50 p99 cpu_us"
ROWS=(udp-bare udp lines http dict-dictd dict)
IMPORT_NOTE="" STARTUP_MS="" CORONET_PID="" DICTD_PID="" BARE_PID=""
declare -A RSS             # "name" -> KiB

# Headwords of plain letters, so every protocol can carry them without quoting or encoding.
make_words() {
    cut -f1 "$GCIDE_INDEX" | grep -E '^[A-Za-z]+$' | sort -u >"$TMP/words.txt"
    write_random_word_script "$TMP/words.txt" /words/ "$TMP/random_word.lua"
}

start_coronet_app() {
    local app t0 line proto
    app=$(binary apps/dictionary/coronet-dictionary)
    LOG[coronet]=$TMP/coronet.log
    t0=$EPOCHREALTIME
    start_pinned "${LOG[coronet]}" "$app" --db "$BUILD_DIR/bench-cache/gcide.db" --dictd-index "$GCIDE_INDEX" \
        --dictd-data "$GCIDE_DATA" --http-port 0 --udp-port 0 --tcp-port 0 --dict-port 0 --threads 1 --log-level warn
    CORONET_PID=$STARTED_PID
    local deadline; deadline=$(deadline_in "$READY_TIMEOUT")
    until [[ $(grep -c ' listening on ' "${LOG[coronet]}") -ge 4 ]]; do
        kill -0 "$CORONET_PID" 2>/dev/null || { server_log_tail coronet; die "coronet-dictionary exited"; }
        before "$deadline" || die "coronet-dictionary did not start"
        sleep 0.005
    done
    STARTUP_MS=$(calc "($EPOCHREALTIME - $t0) * 1000")
    for proto in http udp tcp dict; do
        line=$(grep -m1 "^$proto listening on" "${LOG[coronet]}")
        PORT[$proto]=${line##*:}
    done
}

start_dictd() {
    local port; port=$(pick_port)
    cat >"$TMP/dictd.conf" <<CONF
global { listen_to 127.0.0.1  port $port }
database gcide { data "$GCIDE_DATA"  index "$GCIDE_INDEX" }
CONF
    LOG[dictd]=$TMP/dictd.log
    chmod 755 "$TMP"   # dictd reads its config after dropping to its own user
    start_pinned "${LOG[dictd]}" dictd --config "$TMP/dictd.conf" -d nodetach
    DICTD_PID=$STARTED_PID
    wait_listening dictd "$DICTD_PID" "$port"
    PORT[dictd]=$port
}

start_bare() {
    LOG[bare]=$TMP/bare.log
    start_pinned "${LOG[bare]}" "$(binary bench/coronet-bench-udp-bare)" 0
    BARE_PID=$STARTED_PID
    local deadline; deadline=$(deadline_in "$READY_TIMEOUT")
    until grep -q '^udp listening' "${LOG[bare]}"; do before "$deadline" || die "bare loop did not start"; sleep 0.01; done
    local line; line=$(cat "${LOG[bare]}")
    PORT[bare]=${line##*:}
}

# utime+stime+cutime+cstime: dictd serves each connection in a child it reaps, whose time then
# lands in the parent's cutime/cstime.
tree_ticks() {
    local stat; stat=$(<"/proc/$1/stat"); stat=${stat##*) }
    local -a f; read -ra f <<<"$stat"
    echo $((f[11] + f[12] + f[13] + f[14]))
}

# One row, one run: "rps p50 p99 cpu_us" into RESULT[row,run].
measure_row() {
    local row=$1 run=$2 pid load out t0 t1 requests rps p50 p99 seconds
    local length=$DURATION
    ((run == 0)) && length=$WARMUP
    load=$(binary bench/coronet-bench-lookup-load)
    seconds=$(duration_seconds "$length")
    case $row in
        udp-bare)   pid=$BARE_PID;    set -- --protocol udp --port "${PORT[bare]}" ;;
        udp)        pid=$CORONET_PID; set -- --protocol udp --port "${PORT[udp]}" ;;
        lines)      pid=$CORONET_PID; set -- --protocol lines --port "${PORT[tcp]}" ;;
        dict)       pid=$CORONET_PID; set -- --protocol dict --port "${PORT[dict]}" ;;
        dict-dictd) pid=$DICTD_PID;   set -- --protocol dict --port "${PORT[dictd]}" ;;
        http)       pid=$CORONET_PID ;;
    esac
    out=$TMP/$row-$run.txt
    t0=$(tree_ticks "$pid")
    if [[ $row == http ]]; then
        timeout $((seconds + 30)) taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"$length" --latency \
            -s "$TMP/random_word.lua" "http://127.0.0.1:${PORT[http]}/" >"$out" 2>&1 || die "wrk failed"
        read -r requests rps p50 p99 < <(wrk_figures "$out")
        grep -q 'Non-2xx' "$out" && NOTES+=("http run $run: $(grep Non-2xx "$out") (misses: words GCIDE lists only in other spellings)")
    else
        timeout $((seconds + 30)) taskset -c "$WRK_CPU" "$load" "$@" --words "$TMP/words.txt" \
            --connections "$LOAD_CONNECTIONS" --seconds "$seconds" >"$out" 2>&1 || { cat "$out" >&2; die "$row load failed"; }
        requests=$(load_field "$out" requests)
        rps=$(load_field "$out" rps)
        p50=$(load_field "$out" p50_us)
        p99=$(load_field "$out" p99_us)
    fi
    # dictd's children exit (and are reaped) once the load closes their connections.
    [[ $row == dict-dictd ]] && sleep 0.5   # reaping takes a moment; only the CPU figure depends on it
    t1=$(tree_ticks "$pid")
    RESULT[$row,$run]="$rps $p50 $p99 $(calc "($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $requests")"
    log "$row run $run: $rps req/s, p50 ${p50}us, p99 ${p99}us, $(cut -d' ' -f4 <<<"${RESULT[$row,$run]}") us CPU/req"
}

# Resident memory of dictd while it serves: the master plus its connection children.
dictd_rss_under_load() {
    local load seconds pids
    load=$(binary bench/coronet-bench-lookup-load)
    taskset -c "$WRK_CPU" "$load" --protocol dict --port "${PORT[dictd]}" --words "$TMP/words.txt" \
        --connections "$LOAD_CONNECTIONS" --seconds 3 >/dev/null 2>&1 &
    local lpid=$!
    sleep 2   # sample mid-run, while all children are up
    pids=$(pgrep -P "$DICTD_PID" | tr '\n' ' ')
    RSS[dictd]=$(awk '$1 == "VmRSS:" { s += $2 } END { print s }' /proc/"$DICTD_PID"/status $(for p in $pids; do echo "/proc/$p/status"; done) 2>/dev/null)
    RSS[dictd_master]=$(awk '$1 == "VmRSS:" { print $2 }' /proc/"$DICTD_PID"/status)
    RSS[dictd_children]=$(wc -w <<<"$pids")
    wait "$lpid" || true
}

report() {
    local row
    echo "# The dictionary app under load (GCIDE)"
    echo
    report_context
    echo "Load: $LOAD_CONNECTIONS connections (http: wrk, $CONNECTIONS), one request in flight on each, a random one of"
    echo "$(wc -l <"$TMP/words.txt") GCIDE headwords per request. Server and load pinned to different CPUs; coronet with 1 thread."
    echo
    echo "| row | req/s | p50 µs | p99 µs | server CPU µs/req | vs reference |"
    echo "|---|--:|--:|--:|--:|---|"
    for row in "${ROWS[@]}"; do
        local rps; rps=$(median_of "$row" 1)
        local ratio=""
        case $row in
            udp) ratio="$(calc "$rps / $(median_of udp-bare 1)")x the bare loop" ;;
            dict) ratio="$(calc "$rps / $(median_of dict-dictd 1)")x dictd" ;;
        esac
        echo "| $row | $rps | $(median_of "$row" 2) | $(median_of "$row" 3) | $(median_of "$row" 4) | $ratio |"
    done
    echo
    echo "- **udp-bare**: bench/udp_bare_loop.c, recvfrom + sendto of the same bytes: the ceiling for any UDP service."
    echo "- **dict-dictd**: dictd $(dictd -V 2>&1 | head -n1 | awk '{print $2}'), the same gcide.index / gcide.dict.dz, forking a child per connection."
    echo
    echo "Memory (VmRSS, KiB): coronet-dictionary ${RSS[coronet]} after the runs (VmHWM ${RSS[coronet_hwm]});"
    echo "dictd ${RSS[dictd]} under DICT load (master ${RSS[dictd_master]} + ${RSS[dictd_children]} children)."
    echo "Start-up of coronet-dictionary with GCIDE already imported, to all four listening lines: ${STARTUP_MS} ms. $IMPORT_NOTE."
    echo
    print_raw_runs "Raw runs (req/s p50 p99 CPU-µs/req):"
}

main() {
    local run row
    have_gcide || die "GCIDE missing: apt-get install dict-gcide (scripts/install-deps.sh --bench)"
    command -v dictd >/dev/null || die "dictd missing: apt-get install dictd"
    bench_setup
    make_words
    prepare_gcide_store
    start_coronet_app
    start_dictd
    start_bare
    check_idle
    for row in "${ROWS[@]}"; do measure_row "$row" 0; done   # warm-up (run 0, not reported)
    for ((run = 1; run <= RUNS; run++)); do
        for row in "${ROWS[@]}"; do measure_row "$row" "$run"; done
    done
    read -r RSS[coronet] RSS[coronet_hwm] < <(memory_kib "$CORONET_PID")
    dictd_rss_under_load
    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/dictionary_protocols.md"
}

main "$@"
