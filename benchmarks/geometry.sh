#!/bin/sh
# Times the query shapes the ADQL compiler chooses between (cone, footprint, crossmatch), each written every
# way PostgreSQL could run it, with pgbench against the demo archive. Latency includes planning, which is
# what makes q3c_radial_query slow. Usage: benchmarks/geometry.sh [DATA_DIR] (default .tapdata, after make demo).
set -eu
cd "$(dirname "$0")/.."
data=${1:-.tapdata}
tapd=.build/release/tapd
[ -x "$tapd" ] || tapd=.build/debug/tapd
"$tapd" db start --data-dir "$data" >/dev/null
url=$("$tapd" db url --data-dir "$data")
pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 10,000 positions near catalogue sources (within 0.5 arcsec), for the crossmatch.
psql "$url" -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.bench_xmatch;
CREATE TABLE public.bench_xmatch AS
  SELECT source_id, ra + (random() - 0.5) / 3600 / 1.5 AS ra, dec + (random() - 0.5) / 3600 / 1.5 AS dec
  FROM cat.sources TABLESAMPLE SYSTEM (2) REPEATABLE (7) LIMIT 10000;
CREATE INDEX ON public.bench_xmatch (q3c_ang2ipix(ra, dec));
ANALYZE public.bench_xmatch;
SQL

run() {
    name=$1
    shift
    printf '%s\n' "\\set ra random(0, 359999) / 1000.0" "\\set dec random(-60000, 60000) / 1000.0" "$*" > "$work/q.sql"
    latency=$("$pgbench" -n -T "${SECONDS_PER_CASE:-10}" -f "$work/q.sql" "$url" 2>/dev/null | awk '/latency average/ {print $4}')
    printf '%-46s %10s ms\n' "$name" "$latency"
}

echo "cone 0.5 deg on cat.sources ($(psql "$url" -Atc 'SELECT count(*) FROM cat.sources') rows), mean latency:"
run "pgsphere spoint <@ scircle (GiST)" \
    "SELECT count(*) FROM cat.sources WHERE pos <@ scircle(spoint(radians(:ra), radians(:dec)), radians(0.5));"
run "q3c_join(ra0, dec0, ra, dec, r)" \
    "SELECT count(*) FROM cat.sources WHERE q3c_join(:ra, :dec, ra, dec, 0.5);"
run "q3c_radial_query(ra, dec, ra0, dec0, r)" \
    "SELECT count(*) FROM cat.sources WHERE q3c_radial_query(ra, dec, :ra, :dec, 0.5);"
echo "footprint: ivoa.obscore regions intersecting a 1 deg circle:"
run "pgsphere spoly && scircle (GiST)" \
    "SELECT count(*) FROM ivoa.obscore WHERE s_region_spoly && scircle(spoint(radians(:ra), radians(:dec)), radians(1));"
echo "crossmatch: 10,000 positions within 1 arcsec of cat.sources:"
SECONDS_PER_CASE=${SECONDS_PER_CASE:-20}
run "q3c_join(input, catalogue, 1 arcsec)" \
    "SELECT count(*) FROM public.bench_xmatch AS i, cat.sources AS s WHERE q3c_join(i.ra, i.dec, s.ra, s.dec, 1 / 3600.0);"
run "pgsphere spoint <@ scircle(input, 1 arcsec)" \
    "SELECT count(*) FROM public.bench_xmatch AS i, cat.sources AS s WHERE s.pos <@ scircle(spoint(radians(i.ra), radians(i.dec)), radians(1 / 3600.0));"

echo "What the compiler emits for each shape:"
"$tapd" translate "SELECT source_id FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(10, 20, 0.5)) = 1" | head -1
"$tapd" translate "SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(10, 20, 1)) = 1" | head -1
"$tapd" translate "SELECT o.obs_id FROM ivoa.obscore AS o, cat.sources AS s WHERE DISTANCE(POINT(o.s_ra, o.s_dec), POINT(s.ra, s.dec)) < 1.0 / 3600" | head -1
psql "$url" -qc "DROP TABLE public.bench_xmatch"
