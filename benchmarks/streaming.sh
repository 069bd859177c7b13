#!/bin/sh
# Result streaming against the database's own speed, in one run: SELECT of ROWS rows x 10 columns of the demo
# catalogue (a) through /tap/sync in each format, curl to /dev/null, and (b) the same SQL as COPY ... TO STDOUT
# in text and in binary through psql to /dev/null; each time as a ratio to COPY, best of REPEAT, and the
# server's resident memory before and at its peak (VmHWM). psql runs with jit=off, as the query role does, so that
# both sides run the same plan; the server's CPU seconds per request (the least of the runs) are printed too, being
# steadier than wall time on a shared machine.
# Usage: benchmarks/streaming.sh [ROWS] [REPEAT]   (defaults 1000000 and 3)
# With FORMATS="votable/b2 csv" only those formats; with NO_BASELINE=1 no COPY (for memory runs at 10M rows).
set -eu
cd "$(dirname "$0")/.."
rows=${1:-1000000}
repeat=${2:-3}
# TAPD=path runs another binary (an earlier build, to compare in the same run) instead of building this one.
if [ -n "${TAPD:-}" ]; then
    tapd=$TAPD
else
    swift build -c release --product tapd >/dev/null
    tapd=.build/release/tapd
fi
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

export PGOPTIONS="-c jit=off"
server_cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# One run of a command: its wall time in seconds (once_time) and the server's CPU in clock ticks (once_cpu).
once() {
    cpu0=$(server_cpu)
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    once_cpu=$(( $(server_cpu) - cpu0 ))
    once_time=$(echo "$start $end" | awk '{print $2 - $1}')
}
least() { echo "$1 ${2:-1e9}" | awk '{print ($1 < $2) ? $1 : $2}'; }
sync_query() {
    curl -sf "http://127.0.0.1:$port/tap/sync" --data-urlencode "QUERY=$adql" -d LANG=ADQL -d MAXREC="$rows" \
        --data-urlencode "RESPONSEFORMAT=$1" -o /dev/null
}

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
echo "query: $adql"
rss_start=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
# Each format is timed in turns with its COPY baseline (text for the text formats, binary for BINARY and BINARY2),
# so that the two see the same machine: best of $repeat each.
ticks=$(getconf CLK_TCK)
copy_text() { psql -qAt "$url" -c "COPY ($sql) TO STDOUT"; }
copy_binary() { psql -qAt "$url" -c "COPY ($sql) TO STDOUT (FORMAT binary)"; }
# For scale: the same COPY written by the server itself to its /dev/null, with no client at all (the embedded
# cluster's owner role may write server files).
if [ -z "${NO_BASELINE:-}" ]; then
    for kind in text binary; do
        floor=""
        options=$([ $kind = binary ] && echo " (FORMAT binary)" || true)
        for _ in $(seq "$repeat"); do
            once psql -qAt "$url" -c "COPY ($sql) TO '/dev/null'$options"
            floor=$(least "$once_time" "$floor")
        done
        printf '%-12s %8.3f s  (COPY %s to the server'"'"'s /dev/null, no client)\n' "server-side" "$floor" "$kind"
    done
fi
for format in ${FORMATS:-votable/b2 votable/b votable/td csv tsv json fits}; do
    case $format in votable/b2 | votable/b) baseline=copy_binary; name=binary ;; *) baseline=copy_text; name=text ;; esac
    base=""
    t=""
    cpu=""
    for _ in $(seq "$repeat"); do
        if [ -z "${NO_BASELINE:-}" ]; then
            once $baseline
            base=$(least "$once_time" "$base")
        fi
        once sync_query "$format"
        t=$(least "$once_time" "$t")
        cpu=$(least "$once_cpu" "$cpu")
    done
    seconds=$(echo "$cpu $ticks" | awk '{print $1 / $2}')
    if [ -n "$base" ]; then
        printf '%-12s %8.3f s  COPY %-6s %6.3f s  %5.2fx  server CPU %5.2f s\n' "$format" "$t" "$name" "$base" \
            "$(echo "$t $base" | awk '{print $1 / $2}')" "$seconds"
    else
        printf '%-12s %8.3f s  server CPU %5.2f s\n' "$format" "$t" "$seconds"
    fi
done
rss_peak=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "server RSS: $((rss_start / 1024)) MiB at start, $((rss_peak / 1024)) MiB at peak"
