import Testing

@testable import TAPDatabase

/// The libpq pool's waits, on real connections: a waiter leaves when its time runs out or its task is cancelled,
/// and the connection it did not get still goes to the next caller.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct LibPQPoolWaitTests {
    @Test(.timeLimit(.minutes(2))) func aWaitEndsAtItsLimitOrItsCancellation() async throws {
        let pool = LibPQPool(conninfo: try TestDatabase.database().queryConninfo, capacity: 1)
        defer { Task { try? await pool.shutdown() } }
        // Opening the connection is not what is tested (two busy cores can delay it): no limit on it.
        let held = try await pool.lease()
        await #expect(throws: ConnectionWaitExpired.self) { _ = try await pool.lease(within: .milliseconds(200)) }
        let cancelled = Task { try await pool.lease() }
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { _ = try await cancelled.value }
        // Neither waiter kept a claim: the connection goes to the next caller, and works.
        let next = Task { try await pool.lease() }
        held.release()
        let lease = try await next.value
        let answer = try await pool.run { try lease.connection.firstColumn(of: "SELECT 6 * 7") }
        #expect(answer == ["42"])
        lease.release()
    }
}
