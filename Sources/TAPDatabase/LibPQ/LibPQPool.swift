import NIOConcurrencyHelpers
import NIOPosix
import ServiceLifecycle

/// libpq connections of the query role for streaming results, and as many threads as connections, on which
/// libpq may block: a stream waiting on a slow query holds its own thread, never one another stream needs.
/// Who gets a connection when is PoolStateMachine's decision; this type does the waiting and the I/O.
package final class LibPQPool: Service, Sendable {
    let conninfo: String
    let capacity: Int
    let threads: NIOThreadPool

    private typealias Machine = PoolStateMachine<LibPQConnection>

    private struct State {
        var machine: Machine
        var continuations: [Machine.WaiterID: CheckedContinuation<Machine.Grant, any Error>] = [:]
        var nextWaiter = 0
    }

    private let state: NIOLockedValueBox<State>

    package init(conninfo: String, capacity: Int) {
        self.conninfo = conninfo
        self.capacity = capacity
        self.state = NIOLockedValueBox(State(machine: Machine(capacity: capacity)))
        self.threads = NIOThreadPool(numberOfThreads: capacity)
        threads.start()
    }

    /// A connection for the caller alone, until it releases the lease (or the lease is dropped). The wait for one
    /// ends with CancellationError when the calling task is cancelled, and with ConnectionWaitExpired after
    /// `limit`, if given.
    package func lease(within limit: Duration? = nil) async throws -> LibPQLease {
        let waiter = state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        let timer = limit.map { limit in
            Task { [weak self] in
                try await Task.sleep(for: limit)
                self?.leave(waiter, with: ConnectionWaitExpired(wait: limit))
            }
        }
        defer { timer?.cancel() }
        let grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let action = state.withLockedValue { state -> Machine.LeaseAction? in
                    // Checked under the lock that leave() takes, so a cancellation is never missed.
                    if Task.isCancelled { return nil }
                    let action = state.machine.lease(waiter)
                    if case .wait = action { state.continuations[waiter] = continuation }
                    return action
                }
                switch action {
                case nil: continuation.resume(throwing: CancellationError())
                case .granted(let grant): continuation.resume(returning: grant)
                case .wait: break
                }
            }
        } onCancel: {
            leave(waiter, with: CancellationError())
        }
        switch grant {
        case .reuse(let connection):
            return LibPQLease(connection: connection, pool: self)
        case .connect:
            do {
                let conninfo = self.conninfo
                let connection = try await run { try LibPQConnection(conninfo: conninfo) }
                return LibPQLease(connection: connection, pool: self)
            } catch {
                closed()
                throw error
            }
        }
    }

    /// A waiter that gives up: resumed with `error` if it was still waiting.
    private func leave(_ waiter: Machine.WaiterID, with error: any Error) {
        let continuation = state.withLockedValue { state in
            state.machine.leave(waiter) ? state.continuations.removeValue(forKey: waiter) : nil
        }
        continuation?.resume(throwing: error)
    }

    /// Blocking libpq work, on the pool's threads.
    package func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await threads.runIfActive(work)
    }

    fileprivate func giveBack(_ connection: LibPQConnection) {
        guard connection.isReusable, connection.isIdle else { return closed() }
        hand { $0.returned(connection) }
    }

    private func closed() {
        hand { $0.closed() }
    }

    /// Resumes the waiter that `event` serves, if any, outside the lock.
    private func hand(_ event: (inout Machine) -> (Machine.WaiterID, Machine.Grant)?) {
        let served = state.withLockedValue { state -> (CheckedContinuation<Machine.Grant, any Error>, Machine.Grant)? in
            guard let (waiter, grant) = event(&state.machine) else { return nil }
            // A queued waiter always has its continuation: both are stored under this lock.
            return state.continuations.removeValue(forKey: waiter).map { ($0, grant) }
        }
        if let (continuation, grant) = served { continuation.resume(returning: grant) }
    }

    /// Lives as long as the application: on shutdown its idle connections close and its threads stop.
    package func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    func shutdown() async throws {
        _ = state.withLockedValue { $0.machine.drainIdle() }
        try await threads.shutdownGracefully()
    }
}

/// One connection lent by the pool: returned by `release()`, or when the lease is dropped (a response body
/// that never ran), and then closed unless it is idle and healthy.
package final class LibPQLease: Sendable {
    package let connection: LibPQConnection
    private let pool: LibPQPool
    private let released = NIOLockedValueBox(false)

    fileprivate init(connection: LibPQConnection, pool: LibPQPool) {
        self.connection = connection
        self.pool = pool
    }

    package func release() {
        let first = released.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { pool.giveBack(connection) }
    }

    /// Cancels what the connection runs (PQcancel), from any thread, unless the lease is already given back:
    /// `release()` marks it under the same lock first, so a cancel never reaches the connection's next user.
    package func cancel() {
        released.withLockedValue { done in
            if !done { connection.cancel() }
        }
    }

    deinit {
        if !released.withLockedValue({ $0 }) {
            connection.markUnusable()
            pool.giveBack(connection)
        }
    }
}
