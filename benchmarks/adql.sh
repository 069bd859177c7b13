#!/bin/sh
# Times our ADQL parser (and parse + check + translate) and ADQLLib 1.5's parser on the shared corpus, in one run,
# and prints the ratio of the median per-query parse times.
# Usage: benchmarks/adql.sh [WARMUP_PASSES] [TIMED_PASSES]   (defaults 300 and 51, as in /work/shared/bench)
# Needs: Debian's stilts (brings adql-java and a JRE) and default-jdk-headless (javac), if ADQLLib is to run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
warmup=${1:-300}
passes=${2:-51}
corpus=$(cd "$root/../shared/conformance/adql" && pwd)/corpus.jsonl
bench=$(cd "$root/../shared/bench" && pwd)
work=${TMPDIR:-/tmp}/swifttap-adql-bench
mkdir -p "$work"

cd "$root"
swift build -c release --scratch-path .build-bench --product ADQLBench >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; exit 1; }
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "== SwiftTAP ADQL (release)"
.build-bench/release/ADQLBench --warmup "$warmup" --passes "$passes" --tsv "$work/swifttap.tsv" "$corpus" |
    tee "$work/swifttap.out"

jar=/usr/share/java/adql-1.5.jar
if [ ! -f "$jar" ] || ! command -v javac >/dev/null; then
    echo "ADQLLib not run: apt-get install -y stilts default-jdk-headless" >&2
    exit 0
fi
javac -cp "$jar" -d "$work" "$bench/AdqlLibBench.java"
echo "== ADQLLib 1.5 (Debian adql-java, $(java -version 2>&1 | head -1))"
java -cp "$jar:$work" AdqlLibBench "$warmup" "$passes" "$work/adqllib.tsv" "$corpus" 2>&1 | tee "$work/adqllib.out"

ours=$(sed -n 's/^parse: .*median_us=\([0-9.]*\).*/\1/p' "$work/swifttap.out")
full=$(sed -n 's/^parse+check+translate: .*queries=[0-9]* median_us=\([0-9.]*\).*/\1/p' "$work/swifttap.out")
recorded=$(sed -n 's/^parse+check+translate, recorded .*median_us=\([0-9.]*\).*/\1/p' "$work/swifttap.out")
theirs=$(sed -n 's/.*median_of_query_medians_us=\([0-9.]*\).*/\1/p' "$work/adqllib.out")
echo "== Comparison (median of per-query medians)"
awk -v ours="$ours" -v theirs="$theirs" -v full="$full" -v recorded="$recorded" 'BEGIN {
    printf "parse: SwiftTAP %.2f us, ADQLLib %.2f us: ADQLLib/SwiftTAP = %.1fx (target >= 10x: %s)\n",
        ours, theirs, theirs / ours, (theirs / ours >= 10 ? "met" : "missed")
    if (full != "")
        printf "parse+check+translate: %.2f us over every query checked (target <= 10 us: %s)\n",
            full, (full <= 10 ? "met" : "missed")
    if (recorded != "")
        printf "parse+check+translate: %.2f us over the queries with recorded tables (target <= 10 us: %s)\n",
            recorded, (recorded <= 10 ? "met" : "missed")
}'
echo "per-query figures: $work/swifttap.tsv, $work/adqllib.tsv"
