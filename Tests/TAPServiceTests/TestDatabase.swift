import ADQL
import ADQLToPostgres
import Foundation
import Logging
import PostgresNIO
import Testing

@testable import TAPService

/// The real PostgreSQL that `make test` starts (scripts/run-tests.sh), loaded with a small demo archive.
enum TestDatabase {
    static let url: DatabaseURL? = ProcessInfo.processInfo.environment["TAPD_TEST_DATABASE_URL"].flatMap {
        try? DatabaseURL(parsing: $0)
    }
    static let available = url != nil
    static let logger = Logger(label: "test")

    static func database() throws -> ServiceDatabase {
        let admin = try #require(url, "TAPD_TEST_DATABASE_URL is not set: run the tests with make test")
        return ServiceDatabase(
            adminURL: admin, queryURL: admin.with(user: SchemaInstaller.queryRole), queryStartupParameters: [],
            cluster: nil)
    }

    /// Runs an ADQL query whose one row holds one integer, through the checker, the translator and the
    /// read-only role, and returns that integer.
    static func count(_ adql: String) async throws -> Int {
        let database = try TestDatabase.database()
        let tables = try await database.readPublishedTables(logger: TestDatabase.logger)
        let checked = try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables))
        let query = PostgresQuery(Translator.translate(checked))
        return try await withPostgresClient(database.queryURL, logger: TestDatabase.logger) { client in
            var total = 0
            let rows = try await client.query(query)
            for try await value in rows.decode(Int64.self) { total = Int(value) }
            return total
        }
    }

    /// The first row's cells as text, through checker, translator and the query role.
    static func firstRow(_ adql: String) async throws -> [String?] {
        let database = try database()
        let tables = try await database.readPublishedTables(logger: logger)
        let checked = try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables))
        let sql = Translator.translate(checked)
        // Cast every output to text so that one decoder reads them all.
        let text = "SELECT " + (0..<checked.outputColumns.count).map { "CAST(q.\"c\($0)\" AS text)" }
            .joined(separator: ", ") + " FROM (" + sql.sql + ") AS q"
        let query = PostgresQuery(SQLStatement(sql: text, binds: sql.binds))
        return try await withPostgresClient(database.queryURL, logger: logger) { client in
            for try await row in try await client.query(query) {
                return try row.makeRandomAccess().map { try $0.decode(String?.self) }
            }
            return []
        }
    }
}
