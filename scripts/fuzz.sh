#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan and UBSan) into build/fuzz, then runs each
# for SECONDS, two at a time, on a scratch copy of its seeds (fuzz/corpus/NAME) plus its past
# crashes (fuzz/regressions/NAME). Exits non-zero when any target crashes, breaks a property,
# leaks, hangs (10 s) or passes 2 GB, naming the input that did it. fuzz/README.md has more.
#   scripts/fuzz.sh                 30 s per target (what CI runs)
#   scripts/fuzz.sh 3600            an hour per target
#   FUZZ_TARGETS="router percent" scripts/fuzz.sh 600
#   FUZZ_SEED=1 scripts/fuzz.sh     the same mutations every run (CI: a red build then means the
#                                   change broke something, not that this run was luckier; the
#                                   exploring is done by long runs, whose finds become regressions)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
parallel="${FUZZ_JOBS:-2}"
build=build/fuzz

scripts/install-deps.sh --clang

if [[ -n "${FUZZ_TARGETS:-}" ]]; then
    read -ra targets <<<"$FUZZ_TARGETS"
else
    targets=()
    for source in fuzz/*_fuzz.cpp; do
        name=$(basename "$source" _fuzz.cpp)
        targets+=("$name")
    done
fi

[[ -f "$build/CMakeCache.txt" ]] || CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCORONET_FUZZ=ON -DCORONET_BUILD_TESTS=OFF -DCORONET_BUILD_APPS=OFF
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/%/_fuzz}"

# One target: its log, its corpus and what it found go under build/fuzz/runs/NAME/.
run_target() {
    local name="$1" work="$build/runs/$1"
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/found"
    cp -r "fuzz/corpus/$name/." "$work/corpus/"
    local inputs=("$work/corpus")
    [[ -d "fuzz/regressions/$name" ]] && inputs+=("fuzz/regressions/$name")
    # New inputs go to the first directory only: the repository's files are read, never written.
    local status=0 seed=()
    [[ -n "${FUZZ_SEED:-}" ]] && seed=(-seed="$FUZZ_SEED")
    UBSAN_OPTIONS=print_stacktrace=1 "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "${seed[@]}" -artifact_prefix="$work/found/" "${inputs[@]}" >"$work/log" 2>&1 || status=$?
    echo "$status" >"$work/status"
}

for name in "${targets[@]}"; do
    [[ -x "$build/fuzz/${name}_fuzz" ]] || { echo "no fuzz target $name" >&2; exit 2; }
    while [[ $(jobs -rp | wc -l) -ge $parallel ]]; do wait -n || true; done
    run_target "$name" &
done
wait

failed=0
printf '%-14s %10s %8s %6s %7s %8s  %s\n' target runs exec/s cov ft corpus result
for name in "${targets[@]}"; do
    work="$build/runs/$name"
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
    corpus=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$done_line")
    result=ok
    if [[ "$(cat "$work/status")" != 0 ]]; then
        result="FAILED: $(find "$work/found" -type f | head -1)"
        failed=1
    fi
    printf '%-14s %10s %8s %6s %7s %8s  %s\n' "$name" "${runs:--}" "${speed:--}" "${cov:--}" "${ft:--}" "${corpus:--}" "$result"
done
if [[ $failed -ne 0 ]]; then
    for name in "${targets[@]}"; do
        work="$build/runs/$name"
        [[ "$(cat "$work/status")" == 0 ]] && continue
        echo
        echo "== $name failed; the end of $work/log:"
        grep -vE '^#[0-9]+[[:space:]]' "$work/log" | tail -40
        for input in "$work"/found/*; do
            [[ -f "$input" ]] && echo "reproduce: $build/fuzz/${name}_fuzz $input"
        done
    done
    exit 1
fi
