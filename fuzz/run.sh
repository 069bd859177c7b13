#!/bin/sh
# Fuzzes the ADQL lexer, parser, printer, checker and translator with libFuzzer (the Swift toolchain's own
# runtime: no system package needed). Seeds are the shared corpus's queries (make-seeds.sh); the working corpus
# grows in fuzz/corpus/.
# Usage: fuzz/run.sh [RUNS]   (default 1,000,000 inputs; crashes and hangs land in fuzz/crashes/)
# To replay one under a debugger: swift build --product ADQLFuzz && .build/debug/ADQLFuzz fuzz/crashes/crash-...
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
