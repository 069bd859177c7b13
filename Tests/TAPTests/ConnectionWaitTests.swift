import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PostgresNIO
import Testing

@testable import TAPDatabase

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
            // Opening the connection is not what is tested, and the other tests on two cores can delay it by
            // more than any wait: it is opened without one.
            for try await _ in try await client.query("SELECT 1", logger: TestDatabase.logger) {}
            // The statement runs two and a half times longer than the wait allows for a connection.
            let rows = try await client.rows(
                "SELECT pg_sleep(2.5)::text, 42", within: .seconds(1), logger: TestDatabase.logger)
            #expect(try rows.map { try $0.decode((String, Int).self).1 } == [42])
        }
    }

    @Test(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
    func errorsOfTheStatementAreItsOwn() async throws {
        let client = try TestDatabase.sharedPools().query
        // A wait no busy moment of the shared pool comes near.
        await #expect(throws: PSQLError.self) {
            _ = try await client.rows("SELECT 1 / 0", within: .seconds(600), logger: TestDatabase.logger)
        }
    }

    /// A server that accepts the TCP connection and never answers: libpq gives up after connect_timeout rather
    /// than holding a stream's thread for ever.
    @Test(.timeLimit(.minutes(1))) func aSilentServerEndsLibpqsConnect() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let url = try DatabaseURL(parsing: "postgresql://tapd@127.0.0.1:\(port)/tap")
        let start = ContinuousClock.now
        // On a thread of its own, since PQconnectdb blocks; raced with 30 s so that a regression fails the test
        // instead of hanging it (the blocked thread is left behind).
        let (outcomes, outcome) = AsyncStream<String?>.makeStream()
        Thread.detachNewThread {
            do {
                _ = try LibPQConnection(conninfo: url.conninfo())
                outcome.yield("connected")
            } catch {
                outcome.yield("\(error)")
            }
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(30))
            outcome.yield(nil)
        }
        var first = outcomes.makeAsyncIterator()
        let message = await first.next() ?? nil
        timer.cancel()
        #expect(message?.contains("timeout expired") == true, "\(message ?? "still connecting after 30 s")")
        // libpq counts whole seconds.
        #expect(ContinuousClock.now - start >= .seconds(8))
    }
}
