#!/usr/bin/env bash
# Installs the Debian 12 packages coronet needs, only those that are missing.
#   scripts/install-deps.sh            build + test dependencies (the real clients the tests run:
#                                      curl, dict, python3, chromium; dictfmt/dictzip make dictd test
#                                      data; iproute2 for the network-namespace test; netbase: /etc/services)
#   scripts/install-deps.sh --bench    also what bench/ compares against (nginx, wrk, Beast's
#                                      examples, dictd with GCIDE, a word list)
#   scripts/install-deps.sh --clang    also clang with its sanitizer and libFuzzer runtimes, and
#                                      llvm-symbolizer for readable reports (scripts/sanitize.sh)
set -euo pipefail

packages=(g++ cmake ninja-build ccache pkg-config
          libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
          libboost-test1.81-dev libboost-program-options1.81-dev libfmt-dev libsqlite3-dev zlib1g-dev
          curl dict dictfmt dictzip python3 chromium netbase iproute2)
case "${1:-}" in
    --bench) packages+=(nginx-light wrk libboost1.81-doc wamerican dictd dict-gcide) ;;
    --clang) packages+=(clang libclang-rt-dev llvm) ;;
esac

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
