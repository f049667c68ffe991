#!/usr/bin/env bash
# Builds coronet with clang and a sanitizer into build/<kind> and runs its tests there; any
# report, from a test or from a server it started, fails the run.
#   scripts/sanitize.sh asan    AddressSanitizer + UndefinedBehaviorSanitizer (with leak
#                               checks), the whole test suite
#   scripts/sanitize.sh tsan    ThreadSanitizer, the multi-threaded tests (CTest label
#                               `threads`, target coronet_threaded_tests)
# Extra arguments go to ctest (e.g. -R http_server_test).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?usage: scripts/sanitize.sh asan|tsan [ctest arguments]}"
shift
case "$kind" in
    # -fno-sanitize=function: clang 14 cannot emit its check in split coroutines ("Cannot
    # represent a difference across sections").
    asan) sanitize="-fsanitize=address,undefined -fno-sanitize=function -fno-sanitize-recover=all"
          target=all; tests=(); runner=() ;;
    # Without address randomization: clang 14's TSan cannot map its shadow memory when the
    # kernel randomizes with more than 28 bits (vm.mmap_rnd_bits), as newer defaults do.
    tsan) sanitize="-fsanitize=thread"
          target=coronet_threaded_tests; tests=(-L threads); runner=(setarch "$(uname -m)" -R) ;;
    *) echo "unknown sanitizer build: $kind (asan or tsan)" >&2; exit 2 ;;
esac
scripts/install-deps.sh --clang
dir="build/$kind"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# -O1 with line tables: reports with file:line, at half the compile time of -O2 -g.
[[ -f "$dir/CMakeCache.txt" ]] || CC=clang CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_CXX_FLAGS="$sanitize -fno-omit-frame-pointer" -DCORONET_WERROR=ON
cmake --build "$dir" -j "$(nproc)" --target "$target"

# Every process (tests, and the servers and clients they start) writes its reports to files
# here, so a report from a child process whose exit status nobody checks still fails the run.
reports="$PWD/$dir/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="log_path=$reports/tsan:halt_on_error=1:second_deadlock_stack=1"
status=0
"${runner[@]}" ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" "${tests[@]}" "$@" || status=$?
if compgen -G "$reports/*" >/dev/null; then
    for report in "$reports"/*; do
        echo "=== sanitizer report: $report"
        cat "$report"
    done
    echo "$kind: sanitizer reports above" >&2
    exit 1
fi
exit "$status"
