import ADQL
import Logging
import PostgresNIO
import TAPDatabase

/// Reads TAP_SCHEMA back: what it says is what the service publishes, including tables an operator
/// published by other means.
struct TAPSchemaReader {
    static func read(from client: PostgresClient, logger: Logger) async throws -> [PublishedTable] {
        var tables: [PublishedTable] = []
        var indexByName: [String: Int] = [:]
        let tableRows = try await client.query(
            """
            SELECT t.schema_name, t.table_name, t.table_type, t.utype, t.description, s.description
            FROM tap_schema.tables AS t LEFT JOIN tap_schema.schemas AS s USING (schema_name)
            ORDER BY t.table_index, t.table_name
            """, logger: logger)
        for try await (schema, name, type, utype, description, schemaDescription) in tableRows.decode(
            (String, String, String, String?, String?, String?).self)
        {
            let local = name.hasPrefix(schema + ".") ? String(name.dropFirst(schema.count + 1)) : name
            indexByName[name] = tables.count
            tables.append(PublishedTable(
                schema: schema, name: local, tableType: type, description: description ?? "", utype: utype,
                columns: [], schemaDescription: schemaDescription))
        }
        let columnRows = try await client.query(
            """
            SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd, utype, description,
              principal, indexed, std
            FROM tap_schema.columns ORDER BY table_name, column_index, column_name
            """, logger: logger)
        for try await row in columnRows {
            let (table, name, datatype, arraysize, xtype, unit, ucd) = try row.decode(
                (String, String, String, String?, String?, String?, String?).self)
            let columns = row.makeRandomAccess()
            let utype = try columns[7].decode(String?.self)
            let description = try columns[8].decode(String?.self)
            let principal = try columns[9].decode(Int?.self)
            let indexed = try columns[10].decode(Int?.self)
            let std = try columns[11].decode(Int?.self)
            guard let index = indexByName[table] else { continue }
            tables[index].columns.append(PublishedColumn(
                name, sqlType: "", datatype: datatype, arraysize: arraysize, xtype: xtype, unit: unit, ucd: ucd,
                utype: utype, description: description ?? "", principal: principal == 1, indexed: indexed == 1,
                std: std == 1))
        }
        let derivedRows = try await client.query(
            """
            SELECT table_name, column_name, kind, source, second_source FROM tap_util.derived_columns
            ORDER BY table_name, column_name
            """, logger: logger)
        for try await (table, name, kind, source, second) in derivedRows.decode(
            (String, String, String, String, String?).self)
        {
            guard let index = indexByName[table] else { continue }
            guard let column = DerivedColumns.column(name: name, kind: kind, source: source, second: second) else {
                logger.error("skipping the derived column \(table).\(name) of unknown kind '\(kind)'")
                continue
            }
            tables[index].derivedColumns.append(column)
        }
        return tables
    }
}
