import ADQLToPostgres
import Logging
import NIOCore
import PostgresNIO
import TAPDatabase
import TAPEngine

/// Loads the deterministic demo archive (ObsCore, its ObsLocTAP observation plan and the source catalogue)
/// with COPY. Secondary indexes are dropped for the load and rebuilt after it, which is several times faster
/// than maintaining them row by row.
public struct DemoLoader: Sendable {
    public var obsCoreRows: Int
    public var catalogueRows: Int
    static let chunkRows = 20_000

    public init(obsCoreRows: Int = 100_000, catalogueRows: Int = 1_000_000) {
        self.obsCoreRows = obsCoreRows
        self.catalogueRows = catalogueRows
    }

    /// The number of `ivoa.obsplan` rows that go with the ObsCore rows.
    public var obsPlanRows: Int { DemoObsPlan.rowCount(obsCoreRows: obsCoreRows) }

    /// Whether the demo is already there (so a second `make demo` starts at once). A demo loaded before
    /// `ivoa.obsplan` existed counts as not loaded, so that the plan gets its rows.
    public func isLoaded(_ url: DatabaseURL, logger: Logger) async throws -> Bool {
        try await withPostgresClient(url, logger: logger, maximumConnections: 1) { client in
            let rows = try await client.query(
                """
                SELECT ((SELECT count(*) FROM (SELECT 1 FROM ivoa.obscore LIMIT 1) o)
                  * (SELECT count(*) FROM (SELECT 1 FROM ivoa.obsplan LIMIT 1) p))::int
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count > 0 }
            return false
        }
    }

    public func load(_ url: DatabaseURL, logger: Logger) async throws {
        let obscore = DemoObsCore(rowCount: obsCoreRows)
        let obsPlan = DemoObsPlan(obsCore: obscore)
        let catalogue = DemoCatalogue(rowCount: catalogueRows)
        try await withPostgresClient(url, logger: logger, maximumConnections: 2) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await load(PublishedTable.obscore, rows: obscore.rowCount, client: client, logger: logger) {
                        obscore.writeRows($0, into: &$1)
                    }
                    // Small (one row per 20 ObsCore rows): after ObsCore on the same connection slot.
                    try await load(PublishedTable.obsPlan, rows: obsPlan.rowCount, client: client, logger: logger) {
                        obsPlan.writeRows($0, into: &$1)
                    }
                }
                group.addTask {
                    try await load(
                        PublishedTable.sourceCatalogue, rows: catalogue.rowCount, client: client, logger: logger
                    ) { catalogue.writeRows($0, into: &$1) }
                }
                try await group.waitForAll()
            }
        }
    }

    func load(
        _ table: PublishedTable, rows: Int, client: PostgresClient, logger: Logger,
        generate: @escaping @Sendable (Range<Int>, inout [UInt8]) -> Void
    ) async throws {
        let name = SchemaInstaller.storageName(table)
        try await client.withConnection { connection in
            let indexes = try await secondaryIndexes(of: table, on: connection, logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(name)"), logger: logger)
            for index in indexes {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DROP INDEX \(quoteIdentifier(index.schema)).\(quoteIdentifier(index.name))"),
                    logger: logger)
            }
            // copyFrom quotes the table name as one identifier, so the schema comes from the search path.
            let schema = quoteIdentifier(SchemaInstaller.storageSchema(table.schema))
            try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema), public"), logger: logger)
            try await connection.copyFrom(
                table: table.name.lowercased(), columns: table.columns.map(\.plainName), logger: logger
            ) { writer in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(Self.chunkRows * 400)
                for start in stride(from: 0, to: rows, by: Self.chunkRows) {
                    buffer.removeAll(keepingCapacity: true)
                    generate(start..<min(start + Self.chunkRows, rows), &buffer)
                    try await writer.write(ByteBuffer(bytes: buffer))
                }
            }
            try await connection.query("RESET search_path", logger: logger)
            for index in indexes {
                try await connection.query(PostgresQuery(unsafeSQL: index.definition), logger: logger)
            }
            try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE \(name)"), logger: logger)
        }
        logger.info("loaded \(rows) rows into \(table.qualifiedName)")
    }

    struct IndexDefinition {
        var schema: String
        var name: String
        var definition: String
    }

    /// Indexes that back no constraint; those can be dropped and recreated from their own definition.
    func secondaryIndexes(of table: PublishedTable, on connection: PostgresConnection, logger: Logger) async throws
        -> [IndexDefinition]
    {
        let schema = SchemaInstaller.storageSchema(table.schema)
        let tableName = table.name.lowercased()
        let rows = try await connection.query(
            """
            SELECT i.schemaname::text, i.indexname::text, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = \(schema) AND i.tablename = \(tableName)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
            """, logger: logger)
        var result: [IndexDefinition] = []
        for try await (schema, name, definition) in rows.decode((String, String, String).self) {
            result.append(IndexDefinition(schema: schema, name: name, definition: definition))
        }
        return result
    }
}
