#!/bin/sh
# Fuzzes the ADQL lexer, parser, checker and translator with libFuzzer.
# Usage: fuzz/run.sh [RUNS]   (default 1,000,000 inputs; crashes and hangs land in fuzz/crashes/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
runs=${1:-1000000}
swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING --product ADQLFuzz
sh "$here/make-seeds.sh"
mkdir -p "$here/crashes" "$here/corpus"
# Swift's own crash reporter would catch the signal before libFuzzer could save the input.
export SWIFT_BACKTRACE=enable=no
exec .build-fuzz/release/ADQLFuzz "$here/corpus" "$here/seeds" -runs="$runs" -max_len=4096 -timeout=5 \
    -rss_limit_mb=2048 -dict="$here/adql.dict" -artifact_prefix="$here/crashes/" -print_final_stats=1
