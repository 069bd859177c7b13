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

    /// One pool of each kind for the whole test process. Swift Testing runs the database tests all at once, and
    /// a pool per test came to 191 of the cluster's 197 ordinary connection slots (a CI run failed past them);
    /// shared pools make a test wait for a connection instead.
    struct Pools: Sendable {
        let query: PostgresClient
        let admin: PostgresClient
        let copy: LibPQPool
    }

    static let pools: Pools? = (try? database()).map { database in
        var poolLogger = logger
        poolLogger.logLevel = .error
        let pools = Pools(
            query: database.makeQueryClient(maximumConnections: 8, logger: poolLogger),
            admin: database.makeAdminClient(maximumConnections: 4, logger: poolLogger),
            copy: LibPQPool(conninfo: database.queryConninfo, capacity: 4))
        // They run until the test process exits.
        Task.detached { await pools.query.run() }
        Task.detached { await pools.admin.run() }
        return pools
    }

    static func sharedPools() throws -> Pools {
        try #require(pools, "TAPD_TEST_DATABASE_URL is not set: run the tests with make test")
    }

    /// The shared pool of the read-only query role.
    static func withQueryClient<Result: Sendable>(
        _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await body(sharedPools().query)
    }

    /// The shared pool of the schema owner.
    static func withAdminClient<Result: Sendable>(
        _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await body(sharedPools().admin)
    }

    /// What TAP_SCHEMA publishes now, read through the shared pool.
    static func publishedTables() async throws -> [PublishedTable] {
        try await TAPSchemaReader.read(from: sharedPools().admin, logger: logger)
    }

    /// The functions declared in tap_util.user_functions, read through the shared pool.
    static func operatorFunctions() async throws -> [UserDefinedFunction] {
        try await OperatorFunctions.read(from: sharedPools().admin, logger: logger)
    }

    /// Runs an ADQL query whose one row holds one integer, through the checker, the translator and the
    /// read-only role, and returns that integer.
    static func count(_ adql: String) async throws -> Int {
        let tables = try await publishedTables()
        let checked = try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables))
        let query = PostgresQuery(Translator.translate(checked))
        return try await withQueryClient { client in
            var total = 0
            let rows = try await client.query(query)
            for try await value in rows.decode(Int64.self) { total = Int(value) }
            return total
        }
    }

    /// The first row's cells as text, through checker, translator and the query role.
    static func firstRow(_ adql: String) async throws -> [String?] {
        let tables = try await publishedTables()
        let checked = try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables))
        let sql = Translator.translate(checked)
        // Cast every output to text so that one decoder reads them all.
        let text = "SELECT " + (0..<checked.outputColumns.count).map { "CAST(q.\"c\($0)\" AS text)" }
            .joined(separator: ", ") + " FROM (" + sql.sql + ") AS q"
        let query = PostgresQuery(SQLStatement(sql: text, binds: sql.binds))
        return try await withQueryClient { client in
            for try await row in try await client.query(query) {
                return try row.makeRandomAccess().map { try $0.decode(String?.self) }
            }
            return []
        }
    }
}
