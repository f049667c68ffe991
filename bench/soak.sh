#!/usr/bin/env bash
# Soak: the real coronet-homepage and coronet-dictionary (HTTP) under a sustained mixed load for
# a bounded time, with their resident memory sampled throughout. Rows (bench/soak.lua has the
# mixes and their weights):
#   homepage         coronet-homepage: static files, dictionary lookups, prefix searches,
#                    misses (404 expected) and urlencoded form posts to /echo
#   dictionary       coronet-dictionary's HTTP service: lookups, prefix searches, misses
#   homepage-static  coronet-homepage, the static part of the mix alone  } the reference: the
#   nginx-static     nginx serving the same docroot, the same requests   } same work for both
# Both apps share one store: GCIDE (dict-gcide, ~177k headwords) when installed, imported once
# into BUILD_DIR/bench-cache/gcide.db; otherwise the bundled sample word book. Lookups ask for
# words the server itself listed (GET /words?prefix=a..z), so each one exists.
#
# Usage (from the repo root):  bench/soak.sh [BUILD_DIR]   (default: build/release; with the
#   defaults 4 rows x 3 runs x 60 s, about 13 minutes)
#   RUNS=1 DURATION=10s bench/soak.sh      a quick run
# Environment: DURATION (60s), WARMUP (5s), CONNECTIONS (64), WRK_THREADS (1), SAMPLE_EVERY (5,
# seconds between RSS samples), RSS_TOLERANCE_KIB (4096) and RSS_TOLERANCE_PCT (10): the RSS
# growth allowed from after the warm-up to the end is the larger of the two; and those of
# bench/lib.sh (RUNS, SERVER_CPU, WRK_CPU, READY_TIMEOUT, IDLE_WAIT, KEEP_TMP).
#
# Fails (exit status 1, after the report) when a run had an error (a socket error, a timeout, or
# an answer the mix did not expect: bench/soak.lua counts them) or a server's RSS grew beyond
# the tolerance. stdout carries only the markdown report (also BUILD_DIR/bench-results/soak.md).
set -euo pipefail
export LC_ALL=C

BUILD_DIR=${1:-build/release}
BENCH_NAME=soak
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-5s}
WRK_THREADS=${WRK_THREADS:-1}
SAMPLE_EVERY=${SAMPLE_EVERY:-5}
RSS_TOLERANCE_KIB=${RSS_TOLERANCE_KIB:-4096}
RSS_TOLERANCE_PCT=${RSS_TOLERANCE_PCT:-10}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SOAK_LUA=$(realpath "$(dirname "${BASH_SOURCE[0]}")/soak.lua")
BUNDLED_DOCROOT=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../apps/homepage/docroot")
readonly SOAK_LUA BUNDLED_DOCROOT
readonly STATIC_PATHS=(/ /style.css /images/coronet.svg /favicon.ico /form.html)
ROWS=(homepage dictionary homepage-static nginx-static)
declare -A SERVER_OF=([homepage]=homepage [dictionary]=dictionary [homepage-static]=homepage [nginx-static]=nginx)
declare -A MIX_OF=([homepage]=homepage [dictionary]=dictionary [homepage-static]=static [nginx-static]=static)
declare -A DICT_PREFIX_OF=([homepage]=/dict [dictionary]="" [homepage-static]="" [nginx-static]="")
declare -A PORT            # server -> port
declare -A RESULT          # "row,run" -> "rps p50 p99 cpu_us server_pct other_pct requests errors"
declare -A RSS             # "server,start|max|end" -> VmRSS in KiB
MEMORY_WATCHED=(homepage dictionary)
DB="" STORE_NOTE="" IMPORT_NOTE="" SAMPLER_PID="" LOAD_BEFORE="" LOAD_AFTER=""
FAILURES=()

# A copy of the bundled docroot both coronet and nginx serve (nginx's worker must be able to
# read it), dated back: coronet keeps a small file in memory once it is a second old.
make_docroot() {
    cp -r "$BUNDLED_DOCROOT" "$TMP/docroot"
    chmod 755 "$TMP"
    find "$TMP/docroot" -exec touch -d '1 hour ago' {} +
}

start_servers() {
    if have_gcide; then
        prepare_gcide_store
        DB=$BUILD_DIR/bench-cache/gcide.db
        STORE_NOTE="GCIDE, $(du -m "$DB" | cut -f1) MB of SQLite; $IMPORT_NOTE"
    else
        DB=$TMP/words.db   # coronet-dictionary fills a new store with the bundled sample word book
        STORE_NOTE="the bundled sample word book (GCIDE is not installed: apt-get install dict-gcide)"
        log "GCIDE not installed: the store is the bundled sample word book"
    fi
    # The dictionary first: on a new store it imports before it listens, the homepage then
    # opens a filled store.
    start_coronet dictionary "$(binary apps/dictionary/coronet-dictionary)" --db "$DB" --http-port 0 \
        --udp-port off --tcp-port off --dict-port off --threads 1 --log-level warn
    PORT[dictionary]=$STARTED_PORT
    start_coronet homepage "$(binary apps/homepage/coronet-homepage)" --db "$DB" --docroot "$TMP/docroot" \
        --port 0 --threads 1 --log-level warn
    PORT[homepage]=$STARTED_PORT
    start_nginx "        root $TMP/docroot;
        sendfile on;
        location / { }"
    PORT[nginx]=$STARTED_PORT
}

# Words the store holds (letters only, so they need no escaping in a URL): the first 1,000 of
# each letter, as the dictionary itself lists them.
fetch_words() {
    local letter url
    for letter in {a..z}; do
        url="http://127.0.0.1:${PORT[dictionary]}/words?prefix=$letter&limit=1000"
        curl -sS --fail --max-time 10 "$url" || die "GET $url failed"
    done | grep -oE '"word":"[A-Za-z]+"' | cut -d'"' -f4 | sort -u >"$TMP/words.txt"
    [[ -s $TMP/words.txt ]] || die "the dictionary listed no words"
    log "$(wc -l <"$TMP/words.txt") words to look up"
}

# The answers the mix relies on, once by hand: identical static bytes from both servers, a
# lookup, a miss, a prefix search and a form post.
verify() {
    local server path file code word
    word=$(sed -n '100p' "$TMP/words.txt")
    for server in homepage nginx; do
        for path in "${STATIC_PATHS[@]}"; do
            file=$TMP/docroot$path
            [[ $path == / ]] && file=$TMP/docroot/index.html
            code=$(curl -sS --max-time 5 -o "$TMP/body" -w '%{http_code}' "http://127.0.0.1:${PORT[$server]}$path")
            if [[ $code != 200 ]] || ! cmp -s "$file" "$TMP/body"; then die "$server: GET $path -> $code, not the file's bytes"; fi
        done
    done
    expect_status 200 "homepage:/dict/words/$word" "http://127.0.0.1:${PORT[homepage]}/dict/words/$word"
    expect_status 404 "homepage:/dict/words/${word}zqx" "http://127.0.0.1:${PORT[homepage]}/dict/words/${word}zqx"
    expect_status 200 "dictionary:/words?prefix=${word:0:3}" "http://127.0.0.1:${PORT[dictionary]}/words?prefix=${word:0:3}&limit=10"
    expect_status 200 "homepage: POST /echo" "http://127.0.0.1:${PORT[homepage]}/echo" --data "name=$word&message=hello"
    log "every server answers as the mix expects (e.g. /words/$word)"
}

expect_status() {  # status what url [curl args...]
    local want=$1 what=$2 url=$3 code
    shift 3
    code=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$@" "$url") || die "$what: curl failed"
    [[ $code == "$want" ]] || die "$what: $code, expected $want"
}

# "VmRSS" in KiB of every watched server, on one line after the seconds since the start.
rss_line() {
    local server line=$1
    for server in "${MEMORY_WATCHED[@]}"; do line+=" $(memory_kib "${PID[$server]}" | cut -d' ' -f1)"; done
    echo "$line"
}

# Samples every SAMPLE_EVERY seconds into $TMP/rss.tsv, in the background, until stopped: the
# servers' memory is watched through every run (and between them), not only at the ends.
start_rss_sampler() {
    local t0=$EPOCHSECONDS
    rss_line 0 >"$TMP/rss.tsv"
    ( while sleep "$SAMPLE_EVERY"; do rss_line $((EPOCHSECONDS - t0)) >>"$TMP/rss.tsv" || exit 0; done ) &
    SAMPLER_PID=$!
    PIDS+=("$SAMPLER_PID")
    RSS_T0=$t0
}

stop_rss_sampler() {
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    rss_line $((EPOCHSECONDS - RSS_T0)) >>"$TMP/rss.tsv"
    local i=2 server
    for server in "${MEMORY_WATCHED[@]}"; do
        RSS[$server,start]=$(awk -v c=$i 'NR == 1 { print $c }' "$TMP/rss.tsv")
        RSS[$server,end]=$(awk -v c=$i '{ v = $c } END { print v }' "$TMP/rss.tsv")
        RSS[$server,max]=$(awk -v c=$i '$c > m { m = $c } END { print m }' "$TMP/rss.tsv")
        i=$((i + 1))
    done
}

# One row, one run (0: the warm-up): RESULT[row,run]. "other %" is the machine's busy time
# spent in neither the server nor wrk, in % of one core (lib.sh's probe_end).
measure_row() {
    local row=$1 run=$2 length=$DURATION server=${SERVER_OF[$1]} out requests rps p50 p99 errors seconds
    ((run == 0)) && length=$WARMUP
    seconds=$(duration_seconds "$length")
    out=$TMP/$row-$run.txt
    check_alive "$server"
    probe_begin "${PID[$server]}"
    # wrk's exit status is soak.lua's verdict: checked below with the numbers, not here.
    /usr/bin/time -f '%U %S' -o "$out.time" timeout --kill-after=5 $((seconds + 30)) taskset -c "$WRK_CPU" \
        wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$length" --latency -s "$SOAK_LUA" "http://127.0.0.1:${PORT[$server]}" \
        -- "${MIX_OF[$row]}" "$TMP/words.txt" "${DICT_PREFIX_OF[$row]}" "$CONNECTIONS" >"$out" 2>&1 || true
    probe_end "${PID[$server]}" "$out.time"
    check_alive "$server"
    grep -q '^soak errors:' "$out" || { cat "$out" >&2; die "$row run $run: wrk did not finish (output above)"; }
    read -r requests rps p50 p99 < <(wrk_figures "$out")
    errors=$(grep '^soak errors:' "$out" | sed 's/^soak errors: //')
    if grep -q '^soak FAILED' "$out"; then
        FAILURES+=("$row run $run: $errors; $(grep '^soak misses:' "$out" | sed 's/^soak //')")
        log "FAILED $row run $run: $errors"
    fi
    RESULT[$row,$run]="$rps $p50 $p99 $(calc "$PROBE_CPU * 1000000 / $requests") $(calc "100 * $PROBE_CPU / $PROBE_WALL")"
    RESULT[$row,$run]+=" $PROBE_OTHER $requests"
    if ((run > 0 && ${PROBE_OTHER%.*} > 10)); then NOTES+=("$row run $run was disturbed: other load ${PROBE_OTHER%.*}% of a core."); fi
    log "$row run $run: ${RESULT[$row,$run]} (req/s, p50 us, p99 us, CPU us/req, server CPU %, other %, requests); $errors"
}

# Growth from after the warm-up to the end beyond the tolerance is a failure.
check_memory() {
    local server growth allowed
    for server in "${MEMORY_WATCHED[@]}"; do
        growth=$((RSS[$server,end] - RSS[$server,start]))
        allowed=$((RSS[$server,start] * RSS_TOLERANCE_PCT / 100))
        ((allowed > RSS_TOLERANCE_KIB)) || allowed=$RSS_TOLERANCE_KIB
        RSS[$server,allowed]=$allowed
        if ((growth > allowed)); then
            RSS[$server,verdict]="**grew**"
            FAILURES+=("$server: VmRSS grew by $growth KiB (from ${RSS[$server,start]} to ${RSS[$server,end]}), more than $allowed")
        else
            RSS[$server,verdict]=flat
        fi
    done
}

# Requests of the measured runs: of a row, or of every row a server served.
total_requests() { local run n=0; for ((run = 1; run <= RUNS; run++)); do n=$((n + $(cut -d' ' -f7 <<<"${RESULT[$1,$run]}"))); done; echo "$n"; }
server_requests() {
    local row n=0
    for row in "${ROWS[@]}"; do [[ ${SERVER_OF[$row]} == "$1" ]] && n=$((n + $(total_requests "$row"))); done
    echo "$n"
}

report() {
    local row server ratio_rps ratio_cpu errors
    echo "# Soak: coronet-homepage and coronet-dictionary under mixed load"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)," \
         "$(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r)."
    echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/soak.lua on CPU $WRK_CPU; servers on CPU $SERVER_CPU," \
         "1 thread each; $RUNS run(s) per row after a $WARMUP warm-up, interleaved; medians. Store: $STORE_NOTE;"
    echo "$(wc -l <"$TMP/words.txt") of its words looked up. Load average (1 min) $LOAD_BEFORE before, $LOAD_AFTER after."
    echo
    echo "| row | req/s | p50 µs | p99 µs | server CPU µs/req | server CPU % | requests (all runs) | errors |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|"
    for row in "${ROWS[@]}"; do
        errors=$(grep -h '^soak errors:' "$TMP/$row"-[1-9]*.txt | awk '{ for (i = 3; i <= 7; i++) { split($i, kv, "="); n += kv[2] } } END { print n + 0 }')
        echo "| $row | $(median_of "$row" 1) | $(median_of "$row" 2) | $(median_of "$row" 3) | $(median_of "$row" 4) |" \
             "$(median_of "$row" 5) | $(total_requests "$row") | $errors |"
    done
    ratio_rps=$(calc "$(median_of homepage-static 1) / $(median_of nginx-static 1)")
    ratio_cpu=$(calc "$(median_of homepage-static 4) / $(median_of nginx-static 4)")
    echo
    echo "Static part, coronet-homepage against nginx $(nginx_version) (1 worker, sendfile on) serving the same files"
    echo "to the same requests: **${ratio_rps}x its req/s**, **${ratio_cpu}x its CPU per request**. The CPU ratio is"
    echo "the cost of serving a file; req/s compares only while the server, not wrk, is the limit (server CPU % near 100)."
    echo
    echo "Resident memory (VmRSS, KiB), sampled every $SAMPLE_EVERY s from after the warm-ups to the end of the last run;"
    echo "allowed growth: the larger of $RSS_TOLERANCE_PCT% and $RSS_TOLERANCE_KIB KiB:"
    echo
    echo "| server | start | max | end | growth | allowed | requests served | growth per request | |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
    for server in "${MEMORY_WATCHED[@]}"; do
        local growth=$((RSS[$server,end] - RSS[$server,start])) requests
        requests=$(server_requests "$server")
        echo "| coronet-$server | ${RSS[$server,start]} | ${RSS[$server,max]} | ${RSS[$server,end]} | $growth |" \
             "${RSS[$server,allowed]} | $requests | $(calc "$growth * 1024 / $requests") B | ${RSS[$server,verdict]} |"
    done
    echo
    echo "Mixes (requests per 100; bench/soak.lua): **homepage** static 40 (/ 12, style.css 10, coronet.svg 8,"
    echo "favicon.ico 5, form.html 5), lookup 35, prefix search 8, miss 2, form post 15; **dictionary** lookup 78,"
    echo "prefix search 18, miss 4; **static** the static part alone. A miss is a word + \"zqx\", answered 404"
    echo "with suggestions (the expensive request: an edit-distance search of the word list)."
    echo
    if ((${#FAILURES[@]})); then echo "**FAILED:**"; printf -- '- %s\n' "${FAILURES[@]}"; echo; fi
    print_raw_runs "Raw runs (req/s, p50 µs, p99 µs, CPU µs/req, server CPU %, other load %, requests):"
}

main() {
    local run row
    bench_setup
    make_docroot
    start_servers
    fetch_words
    verify
    check_idle
    LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
    for row in "${ROWS[@]}"; do measure_row "$row" 0; done
    start_rss_sampler
    for ((run = 1; run <= RUNS; run++)); do
        for row in "${ROWS[@]}"; do measure_row "$row" "$run"; done
    done
    stop_rss_sampler
    LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
    check_memory
    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/soak.md"
    if ((${#FAILURES[@]})); then log "FAILED: ${#FAILURES[@]} failure(s), listed in the report"; exit 1; fi
}

main "$@"
