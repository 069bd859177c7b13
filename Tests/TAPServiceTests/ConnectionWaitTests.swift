import Foundation
import Logging
import PostgresNIO
import Testing

@testable import TAPService

/// The bounded wait for a pooled connection: PostgresClient alone waits for ever on a server it cannot reach.
struct ConnectionWaitTests {
    @Test(.timeLimit(.minutes(1))) func anUnreachableServerEndsTheWait() async throws {
        // A socket folder with no server in it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-server-\(UUID())").path
        let url = try DatabaseURL(parsing: "postgresql://tapd@/tap?host=\(folder)&port=5432")
        var logger = TestDatabase.logger
        logger.logLevel = .critical
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // Without the bound this waits until the time limit (the other tests on two cores can delay it by
            // tens of seconds, so no tighter time is asserted).
            await #expect(throws: ConnectionWaitExpired.self) {
                _ = try await client.rows("SELECT 1", within: .milliseconds(500), logger: logger)
            }
        }
    }

    @Test(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
    func onlyTheWaitIsBoundedNotTheWork() async throws {
        // A pool of its own with its one connection open, so that the lease itself is immediate whatever
        // the other tests are doing.
        let database = try TestDatabase.database()
        let client = database.makeQueryClient(maximumConnections: 1, logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            _ = try await client.rows("SELECT 1", logger: TestDatabase.logger)
            // The statement runs two and a half times longer than the wait allows for a connection.
            let rows = try await client.rows(
                "SELECT pg_sleep(2.5)::text, 42", within: .seconds(1), logger: TestDatabase.logger)
            #expect(try rows.map { try $0.decode((String, Int).self).1 } == [42])
        }
    }

    @Test(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
    func errorsOfTheStatementAreItsOwn() async throws {
        let client = try TestDatabase.sharedPools().query
        await #expect(throws: PSQLError.self) {
            _ = try await client.rows("SELECT 1 / 0", logger: TestDatabase.logger)
        }
    }
}
