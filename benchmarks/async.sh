#!/bin/sh
# Async (UWS) overhead over sync, and trivial jobs per second, against one release-built tapd on its own
# embedded cluster with a small demo archive. Usage: benchmarks/async.sh [ROUNDS] [JOB_SLOTS]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-100}
slots=${2:-2}
# TAPD=path runs another binary (an earlier build, to compare in the same run) instead of building this one.
if [ -n "${TAPD:-}" ]; then
    tapd=$TAPD
else
    swift build -c release --product tapd >/dev/null
    tapd=.build/release/tapd
fi
data=$(mktemp -d /tmp/swifttap-bench-async-XXXXXX)
port=18093
"$tapd" db start --data-dir "$data" >/dev/null 2>&1
"$tapd" demo load --data-dir "$data" --obscore-rows 5000 --catalogue-rows 20000 >/dev/null 2>&1
"$tapd" serve --data-dir "$data" --port $port --job-slots "$slots" > "$data/tapd.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; "$tapd" db stop --data-dir "$data" >/dev/null 2>&1; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/tap/availability" >/dev/null && break; sleep 0.2; done
echo "job slots: $slots"
python3 benchmarks/async.py 127.0.0.1 $port "$rounds"
