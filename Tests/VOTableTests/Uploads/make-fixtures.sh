#!/bin/sh
# Rewrites the upload fixtures with the real writers: astropy (what pyvo uploads) and STILTS (what TOPCAT and
# tapquery upload). Needs python3 with astropy, and stilts (Debian package). Hand-written inputs: stilts-source.vot,
# stilts-input.csv, sample.csv. The tests spell out the values they expect, so a changed writer shows up as a diff.
set -eu
cd "$(dirname "$0")"

python3 - <<'PY'
import numpy as np
from astropy.table import Table, MaskedColumn, Column
from astropy.io.votable import from_table, writeto

t = Table()
t['id'] = np.array([1, 2, 3], dtype=np.int64)
t['small'] = MaskedColumn(np.array([10, 0, -32768], dtype=np.int16), mask=[False, True, False])
t['flag'] = np.array([0, 255, 7], dtype=np.uint8)
t['mag'] = MaskedColumn(np.array([12.5, np.nan, 0], dtype=np.float32), mask=[False, False, True])
t['ra'] = np.array([10.5, -np.inf, 359.999999999], dtype=np.float64)
t['ok'] = np.array([True, False, True])
t['maybe'] = MaskedColumn([True, False, False], mask=[False, False, True])
t['bits'] = np.array([[True, False, True], [False, False, False], [True, True, True]])
t['fl'] = np.array([[0.1, -2.5], [np.nan, 1e30], [3.4e38, -0.0]], dtype=np.float32)
t['name'] = MaskedColumn(['NGC 4 é', '雪', ''], mask=[False, False, True])
t['code'] = np.array([b'ab', b'c', b'xyz'])
t['pos'] = np.array([[10.5, -5.25], [0.0, 90.0], [359.0, -90.0]])
t['obs_time'] = ['2000-01-02T15:20:30.456Z', '2002-03-04', '2020-12-31T23:59:59']
def ints(xs):
    # BINARY writing of variable-length arrays needs masked arrays with a mask per element.
    return np.ma.array(np.array(xs, dtype=np.int32), mask=np.zeros(len(xs), dtype=bool))
t['vals'] = Column([ints([1, 2, 3]), ints([]), ints([-7])], dtype=object)
t['z'] = np.array([1 + 2j, -0.5j, np.nan], dtype=np.complex128)

for fmt in ['tabledata', 'binary', 'binary2']:
    vot = from_table(t)
    table = vot.get_first_table()
    table.name = 'astro'
    table.get_field_by_id('pos').xtype = 'point'
    table.get_field_by_id('obs_time').xtype = 'timestamp'
    ra = table.get_field_by_id('ra')
    ra.unit = 'deg'
    ra.ucd = 'pos.eq.ra;meta.main'
    ra.description = 'Right ascension'
    # BINARY has no null flags: a masked short needs a magic value.
    table.get_field_by_id('small').values.null = 32767
    table.format = fmt
    writeto(vot, f'astropy-{fmt}.vot')
PY

stilts tcopy in=stilts-source.vot out=stilts-tabledata.vot ofmt=votable-tabledata
for format in binary binary2 fits; do
    stilts tcopy in=stilts-source.vot out=stilts-$format.vot ofmt=votable-$format-inline
done
# What tapquery sends for a CSV upload: TABLEDATA, VOTable 1.2, with nrows and magic integer nulls.
stilts tcopy in=stilts-input.csv ifmt=csv out=stilts-from-csv.vot ofmt='votable(format=TABLEDATA,version=V12)'
