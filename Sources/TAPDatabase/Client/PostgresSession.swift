import Logging
import PostgresNIO

/// Runs `body` with a connection pool to `url` that lives exactly as long as the call.
public func withPostgresClient<Result: Sendable>(
    _ url: DatabaseURL, logger: Logger, maximumConnections: Int = 4,
    _ body: @Sendable (PostgresClient) async throws -> Result
) async throws -> Result {
    var configuration = url.clientConfiguration()
    configuration.options.maximumConnections = maximumConnections
    // The pool may be asked for a connection a moment before run() has started, which it logs as a warning;
    // for a pool that lives one call, that is noise.
    var poolLogger = logger
    poolLogger.logLevel = .error
    // PostgresClient waits for ever on a server it cannot reach (vapor/postgres-nio#489); one direct connection
    // first fails at once, with the server's own reason (no such database, authentication failed).
    let probe = try await PostgresConnection.connect(
        configuration: try url.connectionConfiguration(), id: 0, logger: poolLogger)
    try? await probe.close()
    let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

extension PostgresConnection {
    /// `body` in one transaction, rolled back when it throws, its error passed on as it was (postgres-nio's
    /// withTransaction wraps it in PostgresTransactionError, which hides the server's message from an operator).
    package func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await query("BEGIN", logger: logger)
        do {
            let result = try await body(self)
            try await query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
