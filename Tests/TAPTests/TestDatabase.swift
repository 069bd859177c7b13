import ADQL
import ADQLToPostgres
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import TAPDatabase
@testable import TAPEngine

/// The real PostgreSQL that `make test` starts (scripts/run-tests.sh), loaded with a small demo archive.
///
/// Without TAPD_TEST_DATABASE_URL the database suites are skipped (a plain `swift test`). `make test` also sets
/// TAPD_TEST_REQUIRE_DATABASE=1, and then a missing or unparseable URL fails every database test instead, and
/// each test that reaches the database writes its name to TAPD_TEST_DATABASE_LOG, so that the run can say how
/// many ran and refuse to pass with fewer.
enum TestDatabase {
    static let environment = ProcessInfo.processInfo.environment
    static let required = environment["TAPD_TEST_REQUIRE_DATABASE"] == "1"
    static let url: Result<DatabaseURL, any Error>? = environment["TAPD_TEST_DATABASE_URL"].map { text in
        Result { try DatabaseURL(parsing: text) }
    }
    static let available = url != nil || required
    static let logger = Logger(label: "test")

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func database() throws -> ServiceDatabase {
        recordTest()
        guard let url else { throw Unavailable(description: "TAPD_TEST_DATABASE_URL is not set: run the tests with make test") }
        let admin: DatabaseURL
        do {
            admin = try url.get()
        } catch {
            throw Unavailable(description: "TAPD_TEST_DATABASE_URL is not a database URL: \(error)")
        }
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

    static let pools: Result<Pools, any Error> = Result {
        let database = try TestDatabase.database()
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
        recordTest()
        return try pools.get()
    }

    private static let logLock = NSLock()

    /// Appends the running test's name to TAPD_TEST_DATABASE_LOG (once per call; the script counts distinct names).
    private static func recordTest() {
        guard let path = environment["TAPD_TEST_DATABASE_LOG"], let test = Test.current else { return }
        logLock.lock()
        defer { logLock.unlock() }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data("\(test.id)\n".utf8))
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
        try await rows(adql).first ?? []
    }

    /// Each row of `statement` as PostgreSQL's text of the whole row (`(a,b,"c d")`), run as the query role:
    /// the same form for translated and hand-written SQL, so the two can be compared.
    static func rowTexts(_ statement: SQLStatement) async throws -> [String] {
        let text = "SELECT CAST(q AS text) FROM (" + statement.sql + ") AS q"
        let query = PostgresQuery(SQLStatement(sql: text, binds: statement.binds))
        return try await withQueryClient { client in
            var rows: [String] = []
            for try await value in try await client.query(query).decode(String.self) { rows.append(value) }
            return rows
        }
    }

    /// Every row's cells as text, through checker, translator and the query role.
    static func rows(_ adql: String) async throws -> [[String?]] {
        let tables = try await publishedTables()
        let checked = try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables))
        let sql = Translator.translate(checked)
        // Cast every output to text so that one decoder reads them all.
        let text = "SELECT " + (0..<checked.outputColumns.count).map { "CAST(q.\"c\($0)\" AS text)" }
            .joined(separator: ", ") + " FROM (" + sql.sql + ") AS q"
        let query = PostgresQuery(SQLStatement(sql: text, binds: sql.binds))
        return try await withQueryClient { client in
            var rows: [[String?]] = []
            for try await row in try await client.query(query) {
                rows.append(try row.makeRandomAccess().map { try $0.decode(String?.self) })
            }
            return rows
        }
    }
}
