#!/bin/sh
# One seed file per query of the shared ADQL corpus, plus a few shaped for the fuzzer's own tables.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../shared/conformance/adql/corpus.jsonl}
mkdir -p "$here/seeds"
python3 - "$corpus" "$here/seeds" <<'PY'
import json, sys, os
corpus, out = sys.argv[1], sys.argv[2]
for number, line in enumerate(open(corpus, encoding="utf-8")):
    with open(os.path.join(out, f"corpus-{number:04d}.adql"), "w", encoding="utf-8") as f:
        f.write(json.loads(line)["adql"])
extra = [
    "SELECT TOP 5 obs_id, s_ra FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1)) = 1",
    "SELECT o.obs_id, s.source_id FROM ivoa.obscore AS o JOIN cat.sources AS s"
    " ON DISTANCE(POINT(o.s_ra, o.s_dec), POINT(s.ra, s.dec)) < 0.001",
    "WITH b AS (SELECT source_id, mag FROM cat.sources WHERE mag < 10)"
    " SELECT COUNT(*) FROM b UNION SELECT calib_level FROM ivoa.obscore",
    "SELECT IN_UNIT(s_ra, 'arcsec'), AREA(s_region), (SELECT MAX(mag) FROM cat.sources) FROM ivoa.obscore"
    " ORDER BY 1 OFFSET 3",
    # The corpus's own table names, with columns of every type (see FuzzEntry.swift).
    "SELECT ct, flag, wot, wotb, c, r, CAST(ct AS VARCHAR(4)), COALESCE(name, version) FROM crazy"
    " WHERE wot IS NOT NULL",
    "SELECT IN_UNIT(mass, 'g'), udf_sum(speed), ivo_healpix_index(5, ra1, ra2) FROM misc NATURAL JOIN spatial"
    " GROUP BY 3",
    "SELECT \"inch\"\"ing\", \"left-right\" FROM quoted AS q WHERE EXISTS (SELECT 1 FROM t WHERE t.g IS NULL)",
    "SELECT u.id, DISTANCE(u.ra, u.dec, s.ra1, s.dec) FROM TAP_UPLOAD.t1 AS u JOIN spatial2 AS s USING (dec)",
]
for number, text in enumerate(extra):
    with open(os.path.join(out, f"shaped-{number}.adql"), "w") as f:
        f.write(text)
PY
