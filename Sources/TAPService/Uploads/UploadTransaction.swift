import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Runs a query with its uploaded tables, on one connection: the tables are temporary, made inside a transaction
/// that is switched to read-only before the user's query, so that they are gone when it ends, committed, rolled
/// back, or cut off with the connection.
///
/// The query role's sessions default to read-only transactions, which cannot create even temporary tables:
/// `BEGIN READ WRITE` opens the one that does, and `SET TRANSACTION READ ONLY` closes that door again for the query.
enum UploadTransaction {
    static func run<Result>(
        _ tables: [UploadTable], on connection: PostgresConnection, logger: Logger,
        _ query: () async throws -> Result
    ) async throws -> Result {
        guard !tables.isEmpty else { return try await query() }
        try await connection.query("BEGIN READ WRITE", logger: logger)
        do {
            for table in tables { try await load(table, on: connection, logger: logger) }
            try await connection.query("SET TRANSACTION READ ONLY", logger: logger)
            let result = try await query()
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    static func load(_ table: UploadTable, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: table.createStatement), logger: logger)
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: table.copyFile))
        defer { try? file.close() }
        try await connection.copyFrom(
            table: table.storageName, columns: table.columns.map(\.storageName), logger: logger
        ) { writer in
            while let chunk = try file.read(upToCount: 256 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
        }
        for statement in table.indexStatements {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        // Autovacuum never analyses temporary tables: without statistics the planner cannot judge a crossmatch.
        try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE \(table.storageName)"), logger: logger)
    }
}
