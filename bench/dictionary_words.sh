#!/usr/bin/env bash
# Dictionary lookups over HTTP: GET /words/{word} against a 100k-word store, a random word of
# the store per request, next to the same server's "Hello, World!" route as the baseline (what
# HTTP alone costs in this run), and nginx's `return 200` as the outside reference.
#
# Usage (from the repo root):  bench/dictionary_words.sh [BUILD_DIR]     (default: build/release)
#
# The word list is /usr/share/dict/words (Debian's wamerican; scripts/install-deps.sh --bench
# installs it), words of letters and apostrophes only, repeated with suffixes up to WORDS.
# Environment overrides: WORDS=100000, and those of bench/lib.sh (RUNS, DURATION, WARMUP,
# CONNECTIONS, SERVER_CPU, WRK_CPU, READY_TIMEOUT, IDLE_WAIT, KEEP_TMP).
#
# stdout carries only the markdown report (also written to BUILD_DIR/bench-results/dictionary_words.md);
# progress and warnings go to stderr.
set -euo pipefail
export LC_ALL=C

BUILD_DIR=${1:-build/release}
BENCH_NAME=dictionary_words
WORDS=${WORDS:-100000}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A MEMORY   # "server,before|after" -> "VmRSS VmHWM" in KiB
IMPORT_SECONDS=""

# WORDS distinct words (dictionary words, then the same with suffixes) and a word book of them.
make_word_book() {
    local source=/usr/share/dict/words
    [[ -r $source ]] || die "$source missing (apt-get install wamerican, or scripts/install-deps.sh --bench)"
    grep -E "^[A-Za-z']+$" "$source" | awk -v n="$WORDS" '
        { w[NR] = $0 }
        END {
            split(",s,ed,ing,er,ly,ness", suffix, ",")
            for (k = 1; count < n && k <= 7; k++)
                for (i = 1; count < n && i <= NR; i++) {
                    word = w[i] suffix[k]
                    if (!(word in seen)) { seen[word] = 1; print word; count++ }
                }
        }' >"$TMP/words.txt"
    [[ $(wc -l <"$TMP/words.txt") -eq $WORDS ]] || die "could not make $WORDS words"
    awk '{ printf "%s n. the meaning of %s, with an example sentence for the word %s.\n", $0, $0, $0 }' \
        "$TMP/words.txt" >"$TMP/wordbook.txt"
    # wrk picks a random word per request ("'" is allowed as is in a path).
    write_random_word_script "$TMP/words.txt" /words/ "$TMP/random_word.lua"
}

start_servers() {
    local bin=$BUILD_DIR/bench/coronet-bench-dictionary t0 name
    [[ -x $bin ]] || die "$bin not built (ninja -C $BUILD_DIR coronet-bench-dictionary)"
    t0=$EPOCHREALTIME
    start_coronet coronet "$bin" --db "$TMP/words.db" --wordbook "$TMP/wordbook.txt" --port 0 --threads 1
    IMPORT_SECONDS=$(calc "$EPOCHREALTIME - $t0")
    local port=$STARTED_PORT
    SERVERS+=(hello words)
    URL[hello]=http://127.0.0.1:$port/hello
    URL[words]=http://127.0.0.1:$port/
    SCRIPT[words]=$TMP/random_word.lua
    LABEL[hello]="coronet-bench-dictionary, 1 thread: GET /hello, the same server's \"Hello, World!\""
    LABEL[words]="coronet-bench-dictionary, 1 thread: GET /words/{a random one of $WORDS words}, JSON"
    for name in hello words; do PID[$name]=${PID[coronet]}; LOG[$name]=${LOG[coronet]}; done

    start_nginx '        location / { return 200 "Hello, World!"; }'
    SERVERS+=(nginx)
    URL[nginx]=http://127.0.0.1:$STARTED_PORT/
    LABEL[nginx]="nginx $(nginx_version), 1 worker, return 200 \"Hello, World!\""
}

verify() {
    local word body
    word=$(sed -n '12345p' "$TMP/words.txt")
    body=$(curl -sS --max-time 5 "${URL[hello]}")
    [[ $body == "Hello, World!" ]] || die "hello route answered: $body"
    body=$(curl -sS --max-time 5 "${URL[words]}words/$word")
    [[ $body == *"\"word\":\"$word\""* ]] || die "GET /words/$word answered: $body"
    [[ $(curl -sS --max-time 5 "${URL[nginx]}") == "Hello, World!" ]] || die "nginx does not answer"
    log "all three answer correctly (e.g. /words/$word)"
}

note_memory() { MEMORY[coronet,$1]=$(memory_kib "${PID[coronet]}"); }

report() {
    local rss0 rss1 hwm1
    echo "# Dictionary lookups over HTTP"
    echo
    report_context
    echo
    report_medians hello words hello nginx
    echo
    for name in "${SERVERS[@]}"; do echo "- **$name**: ${LABEL[$name]}"; done
    echo
    read -r rss0 _ <<<"${MEMORY[coronet,before]}"
    read -r rss1 hwm1 <<<"${MEMORY[coronet,after]}"
    echo "Store: $WORDS words, $(du -k "$TMP/words.db" | cut -f1) KiB of SQLite (+ WAL);" \
         "start-up with the import: ${IMPORT_SECONDS} s. coronet's memory (KiB): VmRSS $rss0 before the" \
         "warm-up, $rss1 after the last run (VmHWM $hwm1)."
    echo
    report_raw_runs
}

main() {
    bench_setup
    make_word_book
    start_servers
    verify
    note_memory before
    check_idle
    benchmark
    note_memory after
    mkdir -p "$BUILD_DIR/bench-results"
    report | tee "$BUILD_DIR/bench-results/dictionary_words.md"
    log "written to $BUILD_DIR/bench-results/dictionary_words.md"
}

main "$@"
