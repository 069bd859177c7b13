import NIOConcurrencyHelpers
import NIOPosix
import ServiceLifecycle

/// libpq connections of the query role for streaming results, and as many threads as connections, on which
/// libpq may block: a stream waiting on a slow query holds its own thread, never one another stream needs.
final class LibPQPool: Service, Sendable {
    let conninfo: String
    let capacity: Int
    let threads: NIOThreadPool

    private struct State {
        var idle: [LibPQConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    init(conninfo: String, capacity: Int) {
        self.conninfo = conninfo
        self.capacity = capacity
        self.threads = NIOThreadPool(numberOfThreads: capacity)
        threads.start()
    }

    /// A connection for the caller alone, until it releases the lease (or the lease is dropped).
    func lease() async throws -> LibPQLease {
        while true {
            enum Next { case reuse(LibPQConnection), connect, wait }
            let next: Next = state.withLockedValue { state in
                if let connection = state.idle.popLast() { return .reuse(connection) }
                if state.open < capacity {
                    state.open += 1
                    return .connect
                }
                return .wait
            }
            switch next {
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
            case .wait:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLockedValue { state in
                        if !state.idle.isEmpty || state.open < capacity { return true }
                        state.waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Blocking libpq work, on the pool's threads.
    func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await threads.runIfActive(work)
    }

    fileprivate func giveBack(_ connection: LibPQConnection) {
        guard connection.isReusable, connection.isIdle else { return closed() }
        let waiter = state.withLockedValue { state in
            state.idle.append(connection)
            return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.resume()
    }

    private func closed() {
        let waiter = state.withLockedValue { state in
            state.open -= 1
            return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.resume()
    }

    /// Lives as long as the application: on shutdown its idle connections close and its threads stop.
    func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    func shutdown() async throws {
        state.withLockedValue { $0.idle.removeAll() }
        try await threads.shutdownGracefully()
    }
}

/// One connection lent by the pool: returned by `release()`, or when the lease is dropped (a response body
/// that never ran), and then closed unless it is idle and healthy.
final class LibPQLease: Sendable {
    let connection: LibPQConnection
    private let pool: LibPQPool
    private let released = NIOLockedValueBox(false)

    fileprivate init(connection: LibPQConnection, pool: LibPQPool) {
        self.connection = connection
        self.pool = pool
    }

    func release() {
        let first = released.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { pool.giveBack(connection) }
    }

    deinit {
        if !released.withLockedValue({ $0 }) {
            connection.markUnusable()
            pool.giveBack(connection)
        }
    }
}
