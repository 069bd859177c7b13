#!/bin/sh
# Installs pg_sphere version "1.2.0-swifttap": Debian's 1.2.0 script with the smoc operator fix
# (see pgsphere-smoc-fix.awk). A new file beside Debian's; nothing of the package is changed.
# tapd uses this version only when plain CREATE EXTENSION pg_sphere fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for dir in /usr/share/postgresql/*/extension; do
    original="$dir/pg_sphere--1.2.0.sql"
    fixed="$dir/pg_sphere--1.2.0-swifttap.sql"
    [ -f "$original" ] || continue
    awk -f "$here/pgsphere-smoc-fix.awk" "$original" > "$fixed.tmp"
    mv "$fixed.tmp" "$fixed"
done
