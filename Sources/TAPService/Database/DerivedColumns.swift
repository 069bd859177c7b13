/// Columns the database keeps for indexing but TAP_SCHEMA does not publish: the pgsphere forms of
/// published positions and regions, generated from them so that no ingest can let them disagree.
/// The translator uses them for geometry predicates, which is what makes those use a GiST index.
enum DerivedColumns {
    /// Helper functions in their own schema, created before any table that uses them.
    static let functions = [
        "CREATE SCHEMA IF NOT EXISTS tap_util",
        // A DALI polygon (ra1, dec1, ra2, dec2, ... in degrees) as a pgsphere spoly. float8 text output is
        // exact since PostgreSQL 12, so nothing is lost on the way through text.
        """
        CREATE OR REPLACE FUNCTION tap_util.spoly_from_degrees(v double precision[]) RETURNS spoly
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT ('{' || string_agg('(' || v[i] || 'd,' || v[i + 1] || 'd)', ',' ORDER BY i) || '}')::spoly
          FROM generate_series(1, array_length(v, 1) - 1, 2) AS i
        $$
        """,
    ]

    /// `ALTER TABLE` statements for one published table (`{table}` is its quoted name).
    static func ddl(for table: PublishedTable) -> [String] {
        switch table.qualifiedName {
        case PublishedTable.obscore.qualifiedName:
            return [
                "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS s_region_spoly spoly "
                    + "GENERATED ALWAYS AS (tap_util.spoly_from_degrees(s_region)) STORED",
                "CREATE INDEX IF NOT EXISTS obscore_s_region_spoly ON {table} USING gist (s_region_spoly)",
            ]
        case PublishedTable.sourceCatalogue.qualifiedName:
            return [
                "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS pos spoint "
                    + "GENERATED ALWAYS AS (spoint(radians(ra), radians(dec))) STORED",
                "CREATE INDEX IF NOT EXISTS sources_pos ON {table} USING gist (pos)",
            ]
        default:
            return []
        }
    }
}
