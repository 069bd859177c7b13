import Logging
import PostgresNIO
import TAPDatabase

/// Writes the TAP_SCHEMA rows (TAP 1.1 §4) that describe the given tables, replacing any earlier rows for
/// them in one transaction, so clients never see a half-published table.
struct TAPSchemaPublisher {
    var tables: [PublishedTable]
    var keys: [PublishedKey] = PublishedKey.published

    func publish(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.transaction(logger: logger) { connection in
            for (tableIndex, table) in tables.enumerated() {
                try await replace(table, index: tableIndex, on: connection, logger: logger)
            }
            try await replaceKeys(on: connection, logger: logger)
        }
    }

    func replace(_ table: PublishedTable, index: Int, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        let name = table.qualifiedName
        try await connection.query(
            """
            INSERT INTO tap_schema.schemas (schema_name, description, schema_index)
            VALUES (\(table.schema), \(table.schemaDescription), \(Self.schemaIndex(table.schema)))
            ON CONFLICT (schema_name) DO UPDATE SET
              description = COALESCE(EXCLUDED.description, tap_schema.schemas.description),
              schema_index = EXCLUDED.schema_index
            """, logger: logger)
        try await connection.query("DELETE FROM tap_util.derived_columns WHERE table_name = \(name)", logger: logger)
        for column in table.derivedColumns {
            let row = DerivedColumns.row(column)
            try await connection.query(
                """
                INSERT INTO tap_util.derived_columns (table_name, column_name, kind, source, second_source)
                VALUES (\(name), \(column.name), \(row.kind), \(row.source), \(row.second))
                """, logger: logger)
        }
        try await connection.query("DELETE FROM tap_schema.columns WHERE table_name = \(name)", logger: logger)
        try await connection.query("DELETE FROM tap_schema.tables WHERE table_name = \(name)", logger: logger)
        try await connection.query(
            """
            INSERT INTO tap_schema.tables (schema_name, table_name, table_type, utype, description, table_index)
            VALUES (\(table.schema), \(name), \(table.tableType), \(table.utype), \(table.description), \(index))
            """, logger: logger)
        for (columnIndex, column) in table.columns.enumerated() {
            let size = column.arraysize.flatMap { Int($0) }
            try await connection.query(
                """
                INSERT INTO tap_schema.columns (table_name, column_name, datatype, arraysize, xtype, "size",
                  description, utype, unit, ucd, indexed, principal, std, column_index)
                VALUES (\(name), \(column.name), \(column.datatype), \(column.arraysize), \(column.xtype), \(size),
                  \(column.description), \(column.utype), \(column.unit), \(column.ucd), \(column.indexed ? 1 : 0),
                  \(column.principal ? 1 : 0), \(column.std ? 1 : 0), \(columnIndex))
                """, logger: logger)
        }
    }

    /// The keys between published tables only: a key whose tables are not both published is left out.
    func replaceKeys(on connection: PostgresConnection, logger: Logger) async throws {
        let names = Set(tables.map(\.qualifiedName))
        for key in keys {
            try await connection.query("DELETE FROM tap_schema.key_columns WHERE key_id = \(key.id)", logger: logger)
            try await connection.query("DELETE FROM tap_schema.keys WHERE key_id = \(key.id)", logger: logger)
            guard names.contains(key.fromTable), names.contains(key.targetTable) else { continue }
            try await connection.query("""
                INSERT INTO tap_schema.keys (key_id, from_table, target_table, description)
                VALUES (\(key.id), \(key.fromTable), \(key.targetTable), \(key.description))
                """, logger: logger)
            for pair in key.columns {
                try await connection.query("""
                    INSERT INTO tap_schema.key_columns (key_id, from_column, target_column)
                    VALUES (\(key.id), \(pair.from), \(pair.target))
                    """, logger: logger)
            }
        }
    }

    /// TAP_SCHEMA.schemas.schema_index: the data models first, an archive's own schemas next, TAP_SCHEMA last.
    static func schemaIndex(_ schema: String) -> Int {
        switch schema {
        case "ivoa": return 0
        case "TAP_SCHEMA": return 2
        default: return 1
        }
    }
}
