# Shared by the benchmarks in bench/ (sourced, not run): settings, servers started pinned to a
# CPU, wrk runs with the server's CPU time per request, medians and the raw-runs table.
# The sourcing script sets BENCH_NAME and BUILD_DIR and calls bench_setup; then it registers
# what it measures: SERVERS+=(name), URL[name], PID[name], LOG[name], LABEL[name], and
# optionally SCRIPT[name] (a wrk Lua script).
# shellcheck shell=bash

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
READY_TIMEOUT=${READY_TIMEOUT:-10}
IDLE_WAIT=${IDLE_WAIT:-0}
KEEP_TMP=${KEEP_TMP:-0}

TMP=""            # per-invocation scratch dir, removed on exit
PIDS=()           # every process we started (plus nginx's worker), killed on exit
SERVERS=()        # what is measured, in report order: a server, or a server and one URL of it
declare -A URL    # name -> URL wrk and curl hit
declare -A PID    # name -> pid whose CPU time is measured
declare -A LOG    # name -> its server's stdout/stderr log
declare -A LABEL  # name -> description for the report
declare -A SCRIPT # name -> optional wrk Lua script (e.g. to vary the request path)
NOTES=()          # lines appended under the report
STARTED_PID=""    # set by start_pinned
STARTED_PORT=""   # set by start_nginx and start_coronet

log() { printf '[%s] %s\n' "$BENCH_NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Deadlines in microseconds of wall time ($SECONDS only counts whole seconds).
now_us() { echo "${EPOCHREALTIME/./}"; }
deadline_in() { echo $(( $(now_us) + $1 * 1000000 )); }
before() { (( $(now_us) < $1 )); }

# ---------------------------------------------------------------------------------------------
# Setup and teardown

cleanup() {
    local rc=$? pid deadline
    trap - EXIT INT TERM
    # TERM first so nginx can shut its worker down; KILL whatever is still there after 5 s.
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    deadline=$(deadline_in 5)
    for pid in "${PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && before "$deadline"; do sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ -n $TMP ]]; then
        if [[ $KEEP_TMP == 1 || $rc != 0 ]]; then log "scratch files kept in $TMP"; else rm -rf "$TMP"; fi
    fi
    exit "$rc"
}

# Installs whatever is missing (the machine may be fresh); only Debian packages, only if root.
ensure_tools() {
    local -A pkg_of=([nginx]=nginx-light [wrk]=wrk [curl]=curl [taskset]=util-linux
                     [ss]=iproute2 [pgrep]=procps [timeout]=coreutils [getconf]=libc-bin [/usr/bin/time]=time)
    local tool missing=()
    for tool in "${!pkg_of[@]}"; do command -v "$tool" >/dev/null || missing+=("${pkg_of[$tool]}"); done
    ((${#missing[@]} == 0)) && return 0
    ((EUID == 0)) || die "missing tools, install: ${missing[*]}"
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

check_cpus() {
    local n; n=$(nproc --all)
    ((SERVER_CPU < n && WRK_CPU < n)) || die "need CPUs $SERVER_CPU and $WRK_CPU, machine has $n"
    [[ $SERVER_CPU != "$WRK_CPU" ]] || die "SERVER_CPU and WRK_CPU must differ"
}

# "10s" / "2m" / "10" -> seconds, for the hard time limit around wrk.
duration_seconds() {
    local d=$1
    case $d in
        *s) echo "${d%s}" ;;
        *m) echo $(( ${d%m} * 60 )) ;;
        *h) echo $(( ${d%h} * 3600 )) ;;
        *)  echo "$d" ;;
    esac
}

# A port that nobody listens on or connects from, below the ephemeral range so wrk's own
# client ports can't take it between our check and the server's bind.
pick_port() {
    local port used
    used=$(ss -Htan | awk '{n = split($4, a, ":"); print a[n]}')
    for _ in {1..100}; do
        port=$((20000 + RANDOM % 10000))
        grep -qx "$port" <<<"$used" || { echo "$port"; return; }
    done
    die "no free port found"
}

# Ready means: the given process (not some other one) has a listening socket on the port.
# Polls instead of sleeping a fixed time, fails early if the process died.
wait_listening() {
    local name=$1 pid=$2 port=$3 deadline
    deadline=$(deadline_in "$READY_TIMEOUT")
    while before "$deadline"; do
        kill -0 "$pid" 2>/dev/null || { server_log_tail "$name"; die "$name exited during startup"; }
        ss -Htlnp "sport = :$port" | grep -q "pid=$pid," && return 0
        sleep 0.05
    done
    server_log_tail "$name"
    die "$name not listening on port $port after ${READY_TIMEOUT}s"
}

server_log_tail() {
    local f=${LOG[$1]:-}
    if [[ -f $f ]]; then log "last lines of $f:"; tail -n 20 "$f" >&2; fi
}

# Starts "$@" in the background pinned to the server CPU; sets STARTED_PID.
start_pinned() {
    local logfile=$1; shift
    taskset -c "$SERVER_CPU" "$@" >"$logfile" 2>&1 </dev/null &
    STARTED_PID=$!   # taskset execs the command, so this is the server's own pid
    PIDS+=("$STARTED_PID")
}

# Checks the settings, installs what is missing, makes the scratch dir, cleans up on exit.
bench_setup() {
    [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
    BUILD_DIR=$(realpath -m "$BUILD_DIR")
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    ensure_tools
    check_cpus
    TMP=$(mktemp -d "/tmp/coronet-$BENCH_NAME.XXXXXX")
}

# ---------------------------------------------------------------------------------------------
# Servers

# nginx-light with 1 worker and `access_log off`, from a config in the scratch dir (every path
# nginx might write is under it, so a system nginx is never disturbed). $1 goes inside the
# config's `server {}` block, after its `listen`. Sets PID[nginx] to the worker (the master only
# sleeps; the worker does the work) and STARTED_PORT.
start_nginx() {
    local server_block=$1 dir=$TMP/nginx port master worker deadline
    port=$(pick_port)
    mkdir -p "$dir/logs" "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
$server_block
    }
}
EOF
    LOG[nginx]=$dir/logs/stderr.log
    # -e: the error log nginx opens before it has read the config.
    start_pinned "${LOG[nginx]}" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon off;'
    master=$STARTED_PID
    wait_listening nginx "$master" "$port"
    deadline=$(deadline_in "$READY_TIMEOUT")
    until worker=$(pgrep -P "$master" | head -n 1) && [[ -n $worker ]]; do
        before "$deadline" || die "nginx worker did not appear"
        sleep 0.05
    done
    PIDS+=("$worker")
    PID[nginx]=$worker
    STARTED_PORT=$port
}

nginx_version() { nginx -v 2>&1 | sed 's|.*nginx/||'; }

# Starts a coronet server binary ("$@") as `name`. It picks its own port and announces it on
# stdout ("http listening on 127.0.0.1:PORT") once it accepts connections. Sets PID[name] and
# STARTED_PORT.
start_coronet() {
    local name=$1 line="" port deadline pid
    shift
    LOG[$name]=$TMP/$name.log
    start_pinned "${LOG[$name]}" "$@"
    pid=$STARTED_PID
    deadline=$(deadline_in "$READY_TIMEOUT")
    while before "$deadline"; do
        line=$(grep -m1 -E '^http listening on 127\.0\.0\.1:[0-9]+' "${LOG[$name]}" || true)
        [[ -n $line ]] && break
        kill -0 "$pid" 2>/dev/null || { server_log_tail "$name"; die "$name exited during startup"; }
        sleep 0.05
    done
    [[ -n $line ]] || { server_log_tail "$name"; die "no 'http listening on 127.0.0.1:PORT' line within ${READY_TIMEOUT}s (is stdout flushed?)"; }
    port=${line##*:}
    port=${port%%[!0-9]*}
    wait_listening "$name" "$pid" "$port"
    PID[$name]=$pid
    STARTED_PORT=$port
}

# A wrk Lua script (written to OUTFILE) that asks GET PREFIX{word} for a random word of
# WORDS_FILE (one a line, already safe in a path) on every request.
write_random_word_script() {  # words_file prefix outfile
    cat >"$3" <<LUA
local words = {}
for line in io.lines("$1") do words[#words + 1] = line end
math.randomseed(2026)
request = function() return wrk.format("GET", "$2" .. words[math.random(#words)]) end
LUA
}

# GCIDE (Debian's dict-gcide), the large real word book the dictionary benchmarks load.
readonly GCIDE_INDEX=/usr/share/dictd/gcide.index GCIDE_DATA=/usr/share/dictd/gcide.dict.dz
have_gcide() { [[ -r $GCIDE_INDEX && -r $GCIDE_DATA ]]; }

# GCIDE imported into a store by coronet-dictionary, once: kept as BUILD_DIR/bench-cache/gcide.db
# for later runs. Sets IMPORT_NOTE (the import's time when it happens now).
prepare_gcide_store() {
    local cache=$BUILD_DIR/bench-cache app t0 pid deadline
    mkdir -p "$cache"
    [[ -f $cache/gcide.db ]] && { IMPORT_NOTE="store from an earlier run ($cache/gcide.db)"; return; }
    app=$(binary apps/dictionary/coronet-dictionary)
    log "importing GCIDE into $cache/gcide.db (once)"
    t0=$EPOCHREALTIME
    timeout 300 "$app" --db "$cache/gcide.db.tmp" --dictd-index "$GCIDE_INDEX" --dictd-data "$GCIDE_DATA" \
        --http-port off --udp-port off --tcp-port off --dict-port 0 --threads 1 >"$TMP/import.log" 2>&1 &
    pid=$!
    deadline=$(deadline_in 300)
    until grep -q '^dict listening' "$TMP/import.log"; do
        kill -0 "$pid" 2>/dev/null || { cat "$TMP/import.log" >&2; die "the import failed"; }
        before "$deadline" || die "the import took over 300 s"
        sleep 0.1
    done
    IMPORT_NOTE="GCIDE imported in $(calc "$EPOCHREALTIME - $t0") s (index read, definitions inflated, stored in one transaction)"
    kill -INT "$pid"; wait "$pid" || true
    mv "$cache/gcide.db.tmp" "$cache/gcide.db"
    rm -f "$cache/gcide.db.tmp-wal" "$cache/gcide.db.tmp-shm"
}

# "VmRSS VmHWM" of a process, in KiB.
memory_kib() {
    awk '$1 == "VmRSS:" { rss = $2 } $1 == "VmHWM:" { hwm = $2 } END { print rss, hwm }' "/proc/$1/status"
}

# ---------------------------------------------------------------------------------------------
# Measurement

# Fails loudly, with its exit status and log, if a server is no longer running.
check_alive() {
    local name=$1 pid=${PID[$1]} rc=0 why
    kill -0 "$pid" 2>/dev/null && return 0
    wait "$pid" 2>/dev/null || rc=$?      # only our direct children (not nginx's worker) have a status
    if ((rc == 127)); then why="exit status unknown"
    elif ((rc > 128)); then why="killed by SIG$(kill -l $((rc - 128)))"
    else why="exit status $rc"; fi
    server_log_tail "$name"
    die "$name (pid $pid) died: $why"
}

# utime + stime (fields 14, 15) in clock ticks, summed over all threads. The comm field may
# contain spaces, so split after its closing parenthesis (the rest starts at field 3).
cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat") || die "process $1 is gone"
    stat=${stat##*) }
    local -a f
    read -ra f <<<"$stat"
    echo $((f[11] + f[12]))
}

# Floating-point arithmetic for the shell: calc "1 / 3" -> 0.333
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }

# wrk latency "65.3us" / "1.20ms" / "2.00s" -> microseconds.
to_us() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/)      printf "%.1f", v + 0
        else if (v ~ /ms$/) printf "%.1f", v * 1000
        else if (v ~ /s$/)  printf "%.1f", v * 1000000
        else { print "bad latency " v > "/dev/stderr"; exit 1 } }'
}

# "requests req/s p50_us p99_us" of a wrk --latency output file.
wrk_figures() {
    local requests rps p50 p99
    requests=$(awk '/ requests in / {print $1}' "$1")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$1")
    p50=$(to_us "$(awk '$1 == "50%" {print $2}' "$1")")
    p99=$(to_us "$(awk '$1 == "99%" {print $2}' "$1")")
    echo "$requests $rps $p50 $p99"
}

# Runs wrk pinned to its CPU and bounded in time; /usr/bin/time records wrk's own CPU time
# (user sys, seconds) in OUTFILE.time so the rest of the machine's load can be told apart.
run_wrk() {  # server duration outfile
    local limit=$(( $(duration_seconds "$2") + 30 ))
    /usr/bin/time -f '%U %S' -o "$3.time" \
        timeout --kill-after=5 "$limit" taskset -c "$WRK_CPU" \
        wrk -t1 -c"$CONNECTIONS" -d"$2" --latency ${SCRIPT[$1]:+-s "${SCRIPT[$1]}"} "${URL[$1]}" >"$3" 2>&1 \
        || { cat "$3" >&2; die "wrk against $1 failed"; }
}

# "busy steal" ticks of the whole machine (/proc/stat "cpu" line: user nice system idle iowait
# irq softirq steal). Steal is time the hypervisor gave our vCPUs to someone else.
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat; }

# The numbers only mean something on an otherwise idle machine (a build running next to the
# benchmark easily halves them). Samples 1 s windows of whole-machine load, for up to
# IDLE_WAIT seconds, until one is quiet; if none is, warns and goes on.
check_idle() {
    local b0 s0 b1 s1 busy deadline
    deadline=$(deadline_in "$IDLE_WAIT")
    while :; do
        read -r b0 s0 < <(machine_ticks)
        sleep 1   # the sampling window, not a readiness wait
        read -r b1 s1 < <(machine_ticks)
        busy=$(( (b1 - b0 + s1 - s0) * 100 / $(getconf CLK_TCK) ))
        ((busy <= 20)) && return 0
        before "$deadline" || break
    done
    log "WARNING: machine not idle before the benchmark (${busy}% of a core busy); numbers will be noisy"
    NOTES+=("machine was not idle before the benchmark (${busy}% of a core busy).")
}

# Around one measured load (a script's own measure_row): probe_begin PID before it, probe_end
# PID TIMEFILE after it (TIMEFILE: the load's "user sys" CPU seconds from /usr/bin/time). Sets
# PROBE_CPU (the server's CPU seconds), PROBE_WALL (seconds) and PROBE_OTHER: the machine's busy
# and stolen time spent in neither the server nor the load, in % of one core.
probe_begin() {
    read -r PROBE_B0 PROBE_S0 < <(machine_ticks)
    PROBE_T0=$(cpu_ticks "$1"); PROBE_W0=$EPOCHREALTIME
}
probe_end() {
    local t1 w1 b1 s1 hz
    t1=$(cpu_ticks "$1"); w1=$EPOCHREALTIME
    read -r b1 s1 < <(machine_ticks)
    hz=$(getconf CLK_TCK)
    PROBE_CPU=$(calc "($t1 - $PROBE_T0) / $hz")
    PROBE_WALL=$(calc "$w1 - $PROBE_W0")
    PROBE_OTHER=$(calc "100 * ($((b1 - PROBE_B0 + s1 - PROBE_S0)) / $hz - $PROBE_CPU - ($(sed 's/ /+/' "$2"))) / $PROBE_WALL")
}

# One measured run; appends "server run req/s p50 p99 cpu_us_per_req cpu_pct other_pct
# steal_pct requests errors" to $TMP/raw.tsv.
measure() {
    local name=$1 run=$2 out=$TMP/wrk-$1-$2.txt pid=${PID[$1]} hz
    local t0 t1 w0 w1 b0 b1 s0 s1 requests rps p50 p99 errors
    local cpu wall wrk_cpu per_req server_pct other_pct steal_pct
    hz=$(getconf CLK_TCK)
    check_alive "$name"
    read -r b0 s0 < <(machine_ticks)
    t0=$(cpu_ticks "$pid"); w0=$EPOCHREALTIME
    run_wrk "$name" "$DURATION" "$out"
    t1=$(cpu_ticks "$pid"); w1=$EPOCHREALTIME
    read -r b1 s1 < <(machine_ticks)
    check_alive "$name"

    read -r requests rps p50 p99 < <(wrk_figures "$out")
    [[ -n $requests && $requests -gt 0 && -n $rps ]] || { cat "$out" >&2; die "$name: wrk completed no requests"; }

    # Any non-2xx answer or socket error taints the run: report it next to the numbers.
    errors=$({ grep -E 'Non-2xx|Socket errors' "$out" || true; } | sed 's/^ *//' | paste -sd ';' -)
    if [[ -n $errors ]]; then
        log "WARNING $name run $run: $errors"
        NOTES+=("$name run $run: $errors")
    fi

    # Server CPU time per request and as % of its core; "other" is machine busy time spent
    # in neither the server nor wrk (a build next door, kernel threads), as % of one core.
    cpu=$(calc "$((t1 - t0)) / $hz")
    wall=$(calc "$w1 - $w0")
    wrk_cpu=$(calc "$(sed 's/ /+/' "$out.time")")
    per_req=$(calc "$cpu * 1e6 / $requests")
    server_pct=$(calc "100 * $cpu / $wall")
    other_pct=$(calc "100 * ($((b1 - b0)) / $hz - $cpu - $wrk_cpu) / $wall")
    steal_pct=$(calc "100 * $((s1 - s0)) / $hz / $wall")
    if (( ${other_pct%.*} > 10 || ${steal_pct%.*} > 10 )); then
        log "WARNING $name run $run disturbed: other load ${other_pct%.*}%, steal ${steal_pct%.*}% of a core"
        NOTES+=("$name run $run was disturbed: other load ${other_pct%.*}%, steal ${steal_pct%.*}% of a core.")
    fi

    printf '%s\t' "$name" "$run" "$rps" "$p50" "$p99" "$per_req" "$server_pct" "$other_pct" "$steal_pct" \
        "$requests" >>"$TMP/raw.tsv"
    printf '%s\n' "${errors:--}" >>"$TMP/raw.tsv"
    log "$name run $run: $rps req/s, p50 ${p50}us, p99 ${p99}us, $((t1 - t0)) ticks for $requests requests"
}

# Warm up every server once, then interleave the measured runs (round-robin over servers)
# so slow drift on a shared VM hits all servers alike instead of whichever ran last.
benchmark() {
    local name run
    : >"$TMP/raw.tsv"
    for name in "${SERVERS[@]}"; do
        log "warming up $name ($WARMUP)"
        run_wrk "$name" "$WARMUP" "$TMP/wrk-$name-warmup.txt"
    done
    for ((run = 1; run <= RUNS; run++)); do
        for name in "${SERVERS[@]}"; do measure "$name" "$run"; done
    done
}

# ---------------------------------------------------------------------------------------------
# Report

median() {  # server column  (columns of raw.tsv, 1-based)
    awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' "$TMP/raw.tsv" | sort -g |
        awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# The lines under a report's title: when, what, on which machine, and how wrk ran.
report_context() {
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo none)," \
         "$(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r)."
    echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency on CPU $WRK_CPU, server on CPU $SERVER_CPU," \
         "$RUNS run(s) per server after a $WARMUP warm-up; medians over runs."
}

# The table of medians of `names` with their ratios to `ref`.
report_medians() {  # ref names...
    local ref=$1 name col
    local -A med
    shift
    for name in "$@" "$ref"; do
        for col in 3 4 5 6; do med[$name,$col]=$(median "$name" "$col"); done
    done
    echo "Ratios are to **$ref** (req/s: higher is better; latency and CPU: lower is better)."
    echo
    echo "| server | req/s | p50 µs | p99 µs | CPU µs/req | req/s ×$ref | p50 ×$ref | p99 ×$ref | CPU/req ×$ref |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
    for name in "$@"; do
        awk -v n="$name" -v a="${med[$name,3]}" -v b="${med[$name,4]}" -v c="${med[$name,5]}" -v d="${med[$name,6]}" \
            -v ra="${med[$ref,3]}" -v rb="${med[$ref,4]}" -v rc="${med[$ref,5]}" -v rd="${med[$ref,6]}" \
            'BEGIN { printf "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                     n, a, b, c, d, a / ra, b / rb, c / rc, d / rd }'
    done
}

# Every run's numbers, then the notes.
report_raw_runs() {
    echo "Raw runs. server CPU % = server CPU time / wall time (100 = its core saturated); other % = CPU"
    echo "used by anything but the server and wrk, steal % = vCPU time taken by the hypervisor (both in"
    echo "% of one core; more than a few % means the run was disturbed):"
    echo
    echo "| server | run | req/s | p50 µs | p99 µs | CPU µs/req | server CPU % | other % | steal % | requests | wrk errors |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
    awk -F'\t' '{ printf "| %s | %s | %.0f | %.1f | %.1f | %.3f | %.0f | %.0f | %.0f | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' \
        "$TMP/raw.tsv"
    if ((${#NOTES[@]})); then
        echo
        echo "Notes:"
        printf -- '- %s\n' "${NOTES[@]}"
    fi
}

# ---------------------------------------------------------------------------------------------
# Runs of coronet-bench-lookup-load (bench/lookup_load.cpp) instead of wrk: the script keeps
# RESULT["row,run"]="rps p50 p99 cpu_us ..." (space-separated, one entry per measured run).

# The report's tail: "$1" (what the columns are), each row's runs as recorded, then the notes.
print_raw_runs() {
    local row run
    echo "$1"
    echo
    for row in "${ROWS[@]}"; do
        printf -- '- %s:' "$row"
        for ((run = 1; run <= RUNS; run++)); do printf ' [%s]' "${RESULT[$row,$run]}"; done
        echo
    done
    if ((${#NOTES[@]})); then echo; echo "Notes:"; printf -- '- %s\n' "${NOTES[@]}"; fi
}

# BUILD_DIR/$1 if it is built; dies naming the ninja target otherwise.
binary() {
    local b=$BUILD_DIR/$1
    [[ -x $b ]] || die "$b not built (ninja -C $BUILD_DIR $(basename "$1"))"
    echo "$b"
}

# One "name=value" of the load generator's result line: load_field OUTFILE rps
load_field() { sed -n "s/.*\\b$2=\\([0-9.]*\\).*/\\1/p" "$1"; }

# The median over runs 1..RUNS of column $2 (1-based) of RESULT[$1,run].
median_of() {  # row column
    local run
    for ((run = 1; run <= RUNS; run++)); do cut -d' ' -f"$2" <<<"${RESULT[$1,$run]}"; done | sort -g |
        awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
