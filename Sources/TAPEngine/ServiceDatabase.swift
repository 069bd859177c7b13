import ADQL
import Logging
import PostgresNIO
import TAPDatabase

/// The database a tapd process works with: the embedded cluster or an operator's server, with the
/// connection URLs of the role that owns the schema and of the read-only role that runs queries.
public struct ServiceDatabase: Sendable {
    public var adminURL: DatabaseURL
    public var queryURL: DatabaseURL
    /// Startup parameters of query connections: with an operator's server the query pool logs in as the
    /// given user and switches to the read-only role.
    public var queryStartupParameters: [(String, String)]
    public var cluster: EmbeddedCluster?

    /// Starts the embedded cluster when `url` is nil, then brings the schema up to date: `tables` are created
    /// where missing and their TAP_SCHEMA rows written (PublishedTable.standard, or with an archive's own).
    public static func open(
        url: String?, dataDirectory: String, statementTimeoutSeconds: Int,
        tables: [PublishedTable] = PublishedTable.standard, logger: Logger
    ) async throws -> ServiceDatabase {
        var database: ServiceDatabase
        if let url {
            let adminURL = try DatabaseURL(parsing: url)
            database = ServiceDatabase(
                adminURL: adminURL, queryURL: adminURL,
                queryStartupParameters: [
                    ("role", SchemaInstaller.queryRole), ("default_transaction_read_only", "on"),
                    ("statement_timeout", "\(statementTimeoutSeconds)s"),
                ], cluster: nil)
        } else {
            let cluster = EmbeddedCluster(dataDirectory: dataDirectory, logger: logger)
            try cluster.start()
            database = ServiceDatabase(
                adminURL: cluster.url, queryURL: cluster.url.with(user: SchemaInstaller.queryRole),
                queryStartupParameters: [], cluster: cluster)
            do {
                try await SchemaInstaller.createDatabaseIfMissing(cluster.url, logger: logger)
            } catch {
                cluster.stop()
                throw error
            }
        }
        do {
            let installer = SchemaInstaller(tables: tables, statementTimeoutSeconds: statementTimeoutSeconds)
            try await withPostgresClient(database.adminURL, logger: logger, maximumConnections: 1) { client in
                try await installer.install(on: client, logger: logger)
            }
        } catch {
            database.cluster?.stop()
            throw SchemaError(operatorFacing: error)
        }
        return database
    }

    public func close() {
        cluster?.stop()
    }

    /// How libpq connects as the query role (for streaming results, LibPQPool).
    public var queryConninfo: String {
        queryURL.conninfo(settings: queryStartupParameters, applicationName: "tapd-query")
    }

    /// The pool that runs user queries.
    public func makeQueryClient(maximumConnections: Int, logger: Logger) -> PostgresClient {
        var configuration = queryURL.clientConfiguration()
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = queryStartupParameters
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// A pool of the schema owner's connections (the job store).
    public func makeAdminClient(maximumConnections: Int, logger: Logger) -> PostgresClient {
        var configuration = adminURL.clientConfiguration()
        configuration.options.maximumConnections = maximumConnections
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// The functions the operator declared in tap_util.user_functions.
    public func readOperatorFunctions(logger: Logger) async throws -> [UserDefinedFunction] {
        try await withPostgresClient(adminURL, logger: logger, maximumConnections: 1) { client in
            try await OperatorFunctions.read(from: client, logger: logger)
        }
    }

    /// The examples /examples serves, as last published.
    public func readExamples(logger: Logger) async throws -> [TAPExample] {
        try await withPostgresClient(adminURL, logger: logger, maximumConnections: 1) { client in
            try await ExampleStore.read(from: client, logger: logger)
        }
    }

    /// Makes `examples` the ones every server on this database serves (from its next start).
    public func publishExamples(_ examples: [TAPExample], logger: Logger) async throws {
        try await withPostgresClient(adminURL, logger: logger, maximumConnections: 1) { client in
            try await client.withConnection { try await ExampleStore.replace(with: examples, on: $0, logger: logger) }
        }
    }

    /// What TAP_SCHEMA publishes now.
    public func readPublishedTables(logger: Logger) async throws -> [PublishedTable] {
        try await withPostgresClient(adminURL, logger: logger, maximumConnections: 1) { client in
            try await TAPSchemaReader.read(from: client, logger: logger)
        }
    }
}
