#!/bin/sh
# Every test against a real PostgreSQL that this script starts (an embedded tapd cluster) and stops.
set -eu
cd "$(dirname "$0")/.."
swift build --build-tests
data=$(pwd)/.tapdata-test
rm -rf "$data"
tapd=$(swift build --show-bin-path)/tapd
stop() { "$tapd" db stop --data-dir "$data" || true; }
trap stop EXIT INT TERM
"$tapd" db start --data-dir "$data"
"$tapd" demo load --data-dir "$data" --obscore-rows 5000 --catalogue-rows 20000
export TAPD_TEST_DATABASE_URL="$("$tapd" db url --data-dir "$data")"
swift test --skip-build
stop
trap - EXIT INT TERM
# End to end: real clients against real tapd servers, each with its own embedded cluster.
TAPD_BINARY="$tapd" python3 -m pytest -q conformance
