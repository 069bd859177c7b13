# pg_sphere 1.2.0 (Debian postgresql-15-pgsphere) fails to install on PostgreSQL 15.18: its DaCHS-compatibility
# operators @, ~, !@, !~ on smoc declare COMMUTATOR/NEGATOR operators that are already taken, which newer
# PostgreSQL rejects ("commutator operator @> is already the commutator of operator <@"). This drops those
# two clauses from exactly those operators; everything else in the script is kept as it is.
/^CREATE OPERATOR (@|~|!@|!~) \(/ { inblock = 1; n = 0 }
inblock {
    lines[++n] = $0
    if ($0 ~ /^\);/) {
        smoc = 0
        for (i = 1; i <= n; i++) if (lines[i] ~ /ARG *= *smoc/) smoc = 1
        for (i = 1; i <= n; i++) if (!(smoc && lines[i] ~ /^[ \t]*(COMMUTATOR|NEGATOR)/)) print lines[i]
        inblock = 0
    }
    next
}
{ print }
