#!/usr/bin/env bash
# Installs coronet from BUILD_DIR into a scratch prefix, builds the consumer project against it
# with find_package, runs it, asks it for a greeting and a word, and stops it with SIGTERM.
#   check.sh BUILD_DIR CXX_COMPILER CXX_FLAGS
# The consumer is compiled as coronet was (a sanitizer build's library needs its runtime).
set -euo pipefail
build_dir=$1
compiler=$2
flags=$3
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
pid=""
trap '[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$scratch"' EXIT

cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$here" -B "$scratch/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
    -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$scratch/build" >/dev/null

CONSUMER_DB="$scratch/words.db" "$scratch/build/consumer" > "$scratch/out" 2>"$scratch/err" &
pid=$!
port=""
for _ in $(seq 100); do   # up to 10 s for the listening line
    port=$(sed -n 's/^http listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$scratch/out")
    [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "$port" ]] || { echo "consumer did not start"; cat "$scratch/err"; exit 1; }
reply=$(curl -sS --max-time 5 "http://127.0.0.1:$port/hello/consumer")
[[ "$reply" == "Hello, consumer!" ]] || { echo "unexpected reply: $reply"; exit 1; }
word=$(curl -sS --max-time 5 "http://127.0.0.1:$port/dict/words/hello")
[[ "$word" == *'"word":"hello"'* ]] || { echo "unexpected dictionary reply: $word"; exit 1; }
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "consumer ignored SIGTERM"; exit 1; fi
wait "$pid"
pid=""
echo "find_package(coronet) consumer: built with coronet::dictionary, served, stopped on SIGTERM"
