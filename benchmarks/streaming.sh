#!/bin/sh
# Result streaming against the database's own speed, in one run: SELECT of ROWS rows x 10 columns of the demo
# catalogue (a) through /tap/sync in each format, curl to /dev/null, and (b) the same SQL as COPY ... TO STDOUT
# in text and in binary through psql to /dev/null; each time as a ratio to COPY, best of REPEAT, and the
# server's resident memory before and at its peak (VmHWM).
# Usage: benchmarks/streaming.sh [ROWS] [REPEAT]   (defaults 1000000 and 3)
set -eu
cd "$(dirname "$0")/.."
rows=${1:-1000000}
repeat=${2:-3}
swift build -c release --product tapd >/dev/null
tapd=.build/release/tapd
data=$(mktemp -d /tmp/swifttap-bench-stream-XXXXXX)
port=18094
"$tapd" db start --data-dir "$data" >/dev/null 2>&1
"$tapd" demo load --data-dir "$data" --obscore-rows 1000 --catalogue-rows "$rows" >/dev/null 2>&1
"$tapd" serve --data-dir "$data" --port $port > "$data/tapd.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; "$tapd" db stop --data-dir "$data" >/dev/null 2>&1; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/tap/availability" >/dev/null && break; sleep 0.2; done

columns="source_id, ra, dec, pmra, pmdec, parallax, phot_g_mean_mag, phot_bp_mean_mag, phot_rp_mean_mag, ref_epoch"
adql="SELECT TOP $rows $columns FROM cat.sources"
sql=$("$tapd" translate "$adql" | head -1)
url=$("$tapd" db url --data-dir "$data")

# Best wall time of $repeat runs of a command, in seconds.
best() {
    best_time=""
    for _ in $(seq "$repeat"); do
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        best_time=$(echo "$start $end ${best_time:-1e9}" | awk '{t = $2 - $1; print (t < $3) ? t : $3}')
    done
    echo "$best_time"
}
sync_query() {
    curl -sf "http://127.0.0.1:$port/tap/sync" --data-urlencode "QUERY=$adql" -d LANG=ADQL -d MAXREC="$rows" \
        --data-urlencode "RESPONSEFORMAT=$1" -o /dev/null
}

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "query: $adql"
rss_start=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
copy_text=$(best psql -qAt "$url" -c "COPY ($sql) TO STDOUT")
copy_binary=$(best psql -qAt "$url" -c "COPY ($sql) TO STDOUT (FORMAT binary)")
printf '%-12s %8.3f s\n' "COPY text" "$copy_text" "COPY binary" "$copy_binary"
for format in votable/b2 votable/b votable/td csv tsv json fits; do
    case $format in votable/b2 | votable/b) base=$copy_binary; name=binary ;; *) base=$copy_text; name=text ;; esac
    t=$(best sync_query "$format")
    printf '%-12s %8.3f s  %5.2fx COPY %s\n' "$format" "$t" "$(echo "$t $base" | awk '{print $1 / $2}')" "$name"
done
rss_peak=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "server RSS: $((rss_start / 1024)) MiB at start, $((rss_peak / 1024)) MiB at peak"
