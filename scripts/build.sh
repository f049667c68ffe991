#!/usr/bin/env bash
# Configures and builds coronet into build/<type> (default: release). Warnings are errors.
#   scripts/build.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
flags=()
case "$kind" in
    # -g1: line tables and function names, enough for backtraces and profiles, at a quarter
    # less compile time than full debug information.
    release) type=RelWithDebInfo; flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG") ;;
    debug) type=Debug ;;
    *) echo "unknown build kind: $kind" >&2; exit 2 ;;
esac
dir="build/$kind"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
[[ -f "$dir/CMakeCache.txt" ]] || cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$type" "${flags[@]}" -DCORONET_WERROR=ON
cmake --build "$dir" -j "$(nproc)"
