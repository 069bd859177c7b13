import ADQLToPostgres
import Logging
import PostgresNIO
import TAPDatabase

/// Brings a database to the schema tapd serves: extensions, the published tables with their indexes, the
/// read-only role that runs user queries, and TAP_SCHEMA rows describing every published table.
/// Every step is idempotent, so it runs on each start.
public struct SchemaInstaller: Sendable {
    public static let queryRole = "tapd_query"

    public var tables: [PublishedTable]
    public var statementTimeoutSeconds: Int

    public init(tables: [PublishedTable], statementTimeoutSeconds: Int = 3600) {
        self.tables = tables
        self.statementTimeoutSeconds = statementTimeoutSeconds
    }

    /// Creates the embedded cluster's database if it does not exist yet (CREATE DATABASE cannot run in
    /// the database it creates, so this connects to "postgres").
    public static func createDatabaseIfMissing(_ url: DatabaseURL, logger: Logger) async throws {
        try await withPostgresClient(url.with(database: "postgres"), logger: logger, maximumConnections: 1) {
            client in
            let rows = try await client.query(
                "SELECT 1 FROM pg_database WHERE datname = \(url.database)", logger: logger)
            var exists = false
            for try await _ in rows { exists = true }
            if !exists {
                try await client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(url.database)) ENCODING 'UTF8' TEMPLATE template0"),
                    logger: logger)
            }
        }
    }

    /// The advisory lock that makes tapd processes starting together on one database install one after the
    /// other: the steps are idempotent, but the same catalogue rows changed at once fail with "tuple concurrently
    /// updated". (The value spells "SWFTAPIN".)
    static let installLock: Int64 = 0x5357_4654_4150_494E

    public func install(on client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            // Session-level, as the steps commit one by one; closing the connection releases it too.
            try await connection.query("SELECT pg_advisory_lock(\(Self.installLock))", logger: logger)
            do {
                try await installSteps(on: connection, logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.installLock))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(Self.installLock))", logger: logger)
        }
    }

    private func installSteps(on connection: PostgresConnection, logger: Logger) async throws {
        try await PgSphere.install(on: connection, logger: logger)
        for statement in preamble() {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        for table in tables {
            let existed = try await exists(table, on: connection, logger: logger)
            let name = Self.storageName(table)
            let statements = (existed ? [] : createStatements(table))
                + DerivedColumns.ddl(for: table).map { $0.replacing("{table}", with: name) }
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
        for statement in roleDDL() {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await TAPSchemaPublisher(tables: tables).publish(on: connection, logger: logger)
    }

    var schemas: [String] { Set(tables.map { Self.storageSchema($0.schema) }).sorted() }

    func preamble() -> [String] {
        [
            "SET client_min_messages = warning",
            "CREATE EXTENSION IF NOT EXISTS q3c",
        ] + schemas.map { "CREATE SCHEMA IF NOT EXISTS \(quoteIdentifier($0))" } + DerivedColumns.functions
            + DerivedColumns.registryDDL + ["CREATE SCHEMA IF NOT EXISTS tap_udf"] + UDFCatalog.sql
            + OperatorFunctions.ddl + ExampleStore.ddl + JobSchema.ddl + UserAccounts.ddl
    }

    func exists(_ table: PublishedTable, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let name = Self.storageName(table)
        let rows = try await connection.query("SELECT to_regclass(\(name))::text", logger: logger)
        for try await (regclass) in rows.decode(String?.self) { return regclass != nil }
        return false
    }

    /// A new table with its indexes; these run once, when the table is created.
    func createStatements(_ table: PublishedTable) -> [String] {
        let columns = table.columns.map { column in
            "\(quoteIdentifier(column.plainName)) \(column.sqlType)" + (column.nullable ? "" : " NOT NULL")
        }
        let name = Self.storageName(table)
        return ["CREATE TABLE \(name) (\(columns.joined(separator: ", ")))"]
            + table.indexDDL.map { $0.replacing("{table}", with: name) }
    }

    /// The role that runs user queries may only read, and only for so long (DEVELOPERS.md: security).
    func roleDDL() -> [String] {
        let role = quoteIdentifier(Self.queryRole)
        var statements = [
            """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(Self.queryRole)') THEN
                CREATE ROLE \(role) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
              END IF;
            END $$
            """,
            "ALTER ROLE \(role) SET default_transaction_read_only = on",
            "ALTER ROLE \(role) SET statement_timeout = '\(statementTimeoutSeconds)s'",
            "ALTER ROLE \(role) SET idle_in_transaction_session_timeout = '60s'",
            // A query whose client died (a SIGKILLed tapd) stops within seconds, not when it tries to send rows.
            "ALTER ROLE \(role) SET client_connection_check_interval = '5s'",
            // pgsphere's fixed selectivities make geometry joins look enormous to the planner, which then
            // JIT-compiles them: 9% slower on the demo crossmatch (BENCHMARKS.md).
            "ALTER ROLE \(role) SET jit = off",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        ]
        for schema in schemas + ["tap_util", "tap_udf"] {
            statements.append("GRANT USAGE ON SCHEMA \(quoteIdentifier(schema)) TO \(role)")
            statements.append("GRANT SELECT ON ALL TABLES IN SCHEMA \(quoteIdentifier(schema)) TO \(role)")
        }
        return statements
    }

    /// PostgreSQL keeps unquoted names lower-case; TAP_SCHEMA publishes "TAP_SCHEMA" upper-case as TAP 1.1
    /// requires, stored as tap_schema so that psql users can type it.
    package static func storageSchema(_ schema: String) -> String { schema.lowercased() }

    package static func storageName(_ table: PublishedTable) -> String {
        quoteIdentifier(storageSchema(table.schema)) + "." + quoteIdentifier(table.name.lowercased())
    }
}
