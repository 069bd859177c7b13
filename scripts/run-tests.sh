#!/bin/sh
# Every test against a real PostgreSQL that this script starts (an embedded tapd cluster) and stops.
# The run fails rather than passes with less: a database URL that cannot be had, a test that skips, or fewer
# database tests reaching the database than the suite has.
set -eu
cd "$(dirname "$0")/.."
# How many Swift tests reach the database (TestDatabase records each); lower it only when removing some.
min_database_tests=63
# Each target may import only what Package.swift says it depends on.
swift build --build-tests --explicit-target-dependency-import-check error
data=$(pwd)/.tapdata-test
logs=$(pwd)/.tapdata-test-logs
rm -rf "$data" "$logs"
mkdir -p "$logs"
tapd=$(swift build --show-bin-path)/tapd
stop() { "$tapd" db stop --data-dir "$data" || true; }
trap stop EXIT INT TERM
"$tapd" db start --data-dir "$data"
"$tapd" demo load --data-dir "$data" --obscore-rows 5000 --catalogue-rows 20000
# Assigned before export: `export X="$(cmd)"` would hide cmd's failure from set -e.
url=$("$tapd" db url --data-dir "$data")
if [ -z "$url" ]; then
    echo "run-tests: tapd db url gave no URL" >&2
    exit 1
fi
export TAPD_TEST_DATABASE_URL="$url"
export TAPD_TEST_REQUIRE_DATABASE=1
export TAPD_TEST_DATABASE_LOG="$logs/database-tests.log"
output="$logs/swift-test.log"
status_file="$logs/swift-test.status"
{ swift test --skip-build 2>&1; echo $? >"$status_file"; } | tee "$output"
status=$(cat "$status_file")
if [ "$status" -ne 0 ]; then
    echo "run-tests: swift test failed ($status)" >&2
    exit "$status"
fi
# Swift Testing reports a skipped test or suite as "Test ... skipped" / "Suite ... skipped"; XCTest as "skipped".
skipped=$(grep -E '(Test|Suite) .* skipped|Test Case .* skipped' "$output" || true)
if [ -n "$skipped" ]; then
    echo "run-tests: tests were skipped, which make test does not allow:" >&2
    echo "$skipped" >&2
    exit 1
fi
ran=$(sort -u "$TAPD_TEST_DATABASE_LOG" 2>/dev/null | wc -l)
echo "run-tests: $ran Swift tests reached the database (at least $min_database_tests required)"
if [ "$ran" -lt "$min_database_tests" ]; then
    echo "run-tests: too few database tests ran" >&2
    exit 1
fi
stop
trap - EXIT INT TERM
# End to end: real clients against real tapd servers, each with its own embedded cluster.
output="$logs/conformance.log"
status_file="$logs/conformance.status"
{ TAPD_BINARY="$tapd" python3 -m pytest -q -rs conformance 2>&1; echo $? >"$status_file"; } | tee "$output"
status=$(cat "$status_file")
if [ "$status" -ne 0 ]; then
    echo "run-tests: conformance failed ($status)" >&2
    exit "$status"
fi
if tail -n 1 "$output" | grep -q skipped; then
    echo "run-tests: conformance tests were skipped, which make test does not allow" >&2
    exit 1
fi
