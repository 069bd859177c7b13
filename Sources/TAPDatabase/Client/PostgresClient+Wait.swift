import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// No connection came from the pool in time: the database is down, unreachable or refusing logins, or
/// every connection stayed busy that long.
struct ConnectionWaitExpired: Error, CustomStringConvertible {
    let wait: Duration
    var description: String { "no database connection within \(wait)" }
}

extension PostgresClient {
    /// How long a request waits for a pooled connection before it is told the database is not reachable.
    static let connectionWait: Duration = .seconds(10)

    /// The rows of `query`, run on a connection the pool must lend within `wait`. PostgresClient itself waits
    /// for ever on a server it cannot reach (vapor/postgres-nio#489): job requests, availability probes and a
    /// stopping server would hang with it.
    package func rows(_ query: PostgresQuery, within wait: Duration = connectionWait, logger: Logger) async throws
        -> [PostgresRow]
    {
        try await withConnection(within: wait) { connection in
            var rows: [PostgresRow] = []
            for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
            return rows
        }
    }

    /// Runs `body` on a pooled connection, or throws ConnectionWaitExpired when none is lent within `wait`.
    /// Only the wait for the lease is bounded: once `body` has its connection it runs as long as it needs.
    func withConnection<Result: Sendable>(
        within wait: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        // Whichever of the lease and the timer comes first settles it, under the lock.
        let lease = NIOLockedValueBox(LeaseWait.waiting)
        let settle: @Sendable (LeaseWait) -> Bool = { outcome in
            lease.withLockedValue { state in
                guard state == .waiting else { return false }
                state = outcome
                return true
            }
        }
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await self.withConnection { connection in
                    guard settle(.lent) else { throw ConnectionWaitExpired(wait: wait) }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: wait)
                if settle(.expired) { throw ConnectionWaitExpired(wait: wait) }
                return nil
            }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
            }
            throw ConnectionWaitExpired(wait: wait)
        }
    }
}

private enum LeaseWait: Sendable { case waiting, lent, expired }
