#!/usr/bin/env bash
# Configures and builds coronet into build/<type> (default: release). Warnings are errors.
#   scripts/build.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
case "$kind" in
    release) type=RelWithDebInfo ;;
    debug) type=Debug ;;
    *) echo "unknown build kind: $kind" >&2; exit 2 ;;
esac
dir="build/$kind"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
[[ -f "$dir/CMakeCache.txt" ]] || cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$type" -DCORONET_WERROR=ON
cmake --build "$dir" -j "$(nproc)"
