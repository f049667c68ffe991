#!/usr/bin/env bash
# TCP echo, coronet-echo (raw mode, 1 thread) against a bare C epoll loop
# (bench/echo_bare_epoll.c) in the same run: CONNECTIONS connections, each ping-ponging one
# MESSAGE_BYTES message (a new one as soon as the echo is back, checked byte for byte), driven
# by coronet-bench-lookup-load --protocol echo. Server and load pinned to different CPUs.
#
# Usage (from the repo root):  bench/echo.sh [BUILD_DIR]   (default: build/release, about 90 s)
#   RUNS=1 DURATION=2s bench/echo.sh                       a quick smoke run
# Environment: CONNECTIONS (64), MESSAGE_BYTES (64), and those of bench/lib.sh (RUNS, DURATION,
# WARMUP, SERVER_CPU, WRK_CPU (here: the load's CPU), READY_TIMEOUT, IDLE_WAIT, KEEP_TMP).
#
# stdout carries only the markdown report (also BUILD_DIR/bench-results/echo.md).
set -euo pipefail
export LC_ALL=C

BUILD_DIR=${1:-build/release}
BENCH_NAME="echo"
MESSAGE_BYTES=${MESSAGE_BYTES:-64}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A RESULT          # "row,run" -> "rps p50 p99 cpu_us server_pct other_pct"
declare -A PORT            # row -> its server's port
ROWS=(bare coronet)

# Starts a server that prints "tcp listening on 127.0.0.1:PORT" as `row`, pinned.
start_echo_server() {  # row command...
    local row=$1 deadline line
    shift
    LOG[$row]=$TMP/$row.log
    start_pinned "${LOG[$row]}" "$@"
    PID[$row]=$STARTED_PID
    deadline=$(deadline_in "$READY_TIMEOUT")
    until line=$(grep -m1 '^tcp listening on ' "${LOG[$row]}"); do
        kill -0 "${PID[$row]}" 2>/dev/null || { server_log_tail "$row"; die "$row exited during startup"; }
        before "$deadline" || die "$row did not start within ${READY_TIMEOUT}s"
        sleep 0.01
    done
    PORT[$row]=${line##*:}
}

# One row, one run (0: the warm-up): "rps p50 p99 cpu_us server_pct other_pct" into
# RESULT[row,run]. other_pct: the machine's busy time spent in neither the server nor the
# load, in % of one core (as lib.sh's measure); over 10 the run is listed as disturbed.
measure_row() {
    local row=$1 run=$2 length=$DURATION out requests seconds cpu wall other
    ((run == 0)) && length=$WARMUP
    seconds=$(duration_seconds "$length")
    out=$TMP/$row-$run.txt
    check_alive "$row"
    probe_begin "${PID[$row]}"
    /usr/bin/time -f '%U %S' -o "$out.time" timeout $((seconds + 30)) taskset -c "$WRK_CPU" \
        "$(binary bench/coronet-bench-lookup-load)" --protocol echo --port "${PORT[$row]}" --connections "$CONNECTIONS" \
        --size "$MESSAGE_BYTES" --seconds "$seconds" >"$out" 2>&1 || { cat "$out" >&2; die "$row: the load failed"; }
    probe_end "${PID[$row]}" "$out.time"
    check_alive "$row"
    requests=$(load_field "$out" requests)
    [[ $(load_field "$out" errors) == 0 ]] || die "$row: echoes that were not exact: $(cat "$out")"
    cpu=$PROBE_CPU wall=$PROBE_WALL other=$PROBE_OTHER
    RESULT[$row,$run]="$(load_field "$out" rps) $(load_field "$out" p50_us) $(load_field "$out" p99_us)"
    RESULT[$row,$run]+=" $(calc "$cpu * 1000000 / $requests") $(calc "100 * $cpu / $wall") $other"
    if ((run > 0 && ${other%.*} > 10)); then NOTES+=("$row run $run was disturbed: other load ${other%.*}% of a core."); fi
    log "$row run $run: ${RESULT[$row,$run]} (round trips/s, p50 us, p99 us, CPU us/round trip, server CPU %, other %)"
}

report() {
    local row rps cpu
    local bare_rps bare_cpu
    bare_rps=$(median_of bare 1)
    bare_cpu=$(median_of bare 4)
    echo "# TCP echo against a bare epoll server"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)," \
         "$(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r)."
    echo "$CONNECTIONS connections, each with one $MESSAGE_BYTES-byte message in flight (checked byte for byte), load on CPU"
    echo "$WRK_CPU, server on CPU $SERVER_CPU; $RUNS run(s) of $DURATION per server after a $WARMUP warm-up, interleaved; medians."
    echo
    echo "| server | round trips/s | p50 µs | p99 µs | server CPU µs/round trip | server CPU % | round trips/s ×bare | CPU/round trip ×bare |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|"
    for row in "${ROWS[@]}"; do
        rps=$(median_of "$row" 1)
        cpu=$(median_of "$row" 4)
        echo "| $row | $rps | $(median_of "$row" 2) | $(median_of "$row" 3) | $cpu | $(median_of "$row" 5) |" \
             "$(calc "$rps / $bare_rps") | $(calc "$cpu / $bare_cpu") |"
    done
    echo
    echo "- **bare**: bench/echo_bare_epoll.c, one thread, level-triggered epoll, recv + send of what came."
    echo "- **coronet**: coronet-echo --mode raw --threads 1 --log-level warn (handlers/echo: read_some, write back)."
    echo
    echo "Server CPU % under 100 means the load, not the server, set the pace (a busy CPU $WRK_CPU): then CPU per"
    echo "round trip is the figure to compare, and round trips/s ×bare overstates coronet."
    echo
    print_raw_runs "Raw runs (round trips/s, p50 µs, p99 µs, CPU µs/round trip, server CPU %, other load %):"
}

main() {
    local run row
    bench_setup
    start_echo_server bare "$(binary bench/coronet-bench-echo-bare)" 0
    start_echo_server coronet "$(binary apps/echo/coronet-echo)" --mode raw --port 0 --threads 1 --log-level warn
    check_idle
    for row in "${ROWS[@]}"; do measure_row "$row" 0; done
    for ((run = 1; run <= RUNS; run++)); do
        for row in "${ROWS[@]}"; do measure_row "$row" "$run"; done
    done
    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/echo.md"
}

main "$@"
