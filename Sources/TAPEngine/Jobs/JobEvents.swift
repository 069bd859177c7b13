import Foundation
import Logging
import PostgresNIO
import TAPDatabase

/// What this process hears of jobs from every process: one connection LISTENs to the job channels and holds
/// this process's advisory lock, the proof to other processes that its running jobs are still alive. A client
/// WAITing on a job is woken by the notification of its change, wherever the change was made, without
/// polling the database.
package actor JobEvents {
    let url: DatabaseURL
    let runner: Int64
    let logger: Logger
    /// Sequence numbers of the latest notification per job, and when it came (for pruning).
    private var latest: [String: (sequence: Int, time: ContinuousClock.Instant)] = [:]
    private var sequence = 0
    private var waiters: [String: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var nextWaiter = 0
    private var queueWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    /// Set when the process stops: waits end at once, so that no WAITing client holds up the shutdown.
    private var closed = false

    init(url: DatabaseURL, runner: Int64, logger: Logger) {
        self.url = url
        self.runner = runner
        self.logger = logger
    }

    /// Listens until cancelled, reconnecting after a lost connection. Returns once listening has started the
    /// first time through `ready`.
    func run(ready: @escaping @Sendable () -> Void) async {
        var readyCalled = false
        // Doubled after each failure, up to 10 s: a database down for an hour is not asked every second.
        var pause = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                try await listen {
                    pause = .seconds(1)
                    if !readyCalled {
                        readyCalled = true
                        ready()
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.warning("job notifications lost (\(String(reflecting: error))); reconnecting in \(pause)")
                wakeEveryone()
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(10))
            }
        }
        if !readyCalled { ready() }
    }

    private func listen(ready: () -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(), id: Int(runner % 1_000_000), logger: logger)
        do {
            try await listen(on: connection, ready: ready)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func listen(on connection: PostgresConnection, ready: () -> Void) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(runner))", logger: logger)
        let jobs = try await connection.listen(JobSchema.jobChannel)
        let queue = try await connection.listen(JobSchema.queueChannel)
        ready()
        // Anything may have happened while not listening.
        wakeEveryone()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await notification in jobs { await self.jobChanged(notification.payload) }
                throw CancellationError()
            }
            group.addTask {
                for try await _ in queue { await self.jobQueued() }
                throw CancellationError()
            }
            try await group.next()
        }
    }

    func jobChanged(_ id: String) {
        sequence += 1
        latest[id] = (sequence, .now)
        // Every few thousand notifications, not whenever the map is large: a busy minute would then prune
        // on every notification.
        if sequence % 4096 == 0 { prune() }
        for waiter in waiters.removeValue(forKey: id)?.values ?? [:].values { waiter.resume() }
    }

    func jobQueued() {
        let all = queueWaiters
        queueWaiters = [:]
        for waiter in all.values { waiter.resume() }
    }

    private func wakeEveryone() {
        let all = waiters
        waiters = [:]
        for group in all.values { for waiter in group.values { waiter.resume() } }
        jobQueued()
    }

    private func prune() {
        let horizon = ContinuousClock.now - .seconds(60)
        latest = latest.filter { $0.value.time > horizon }
    }

    /// The mark to pass to `waitForChange` after reading a job: changes announced after it wake the waiter.
    func mark(_ id: String) -> Int {
        latest[id]?.sequence ?? sequence
    }

    /// Returns when the job changes after `mark`, after `timeout`, when the task is cancelled, or when the
    /// process stops.
    func waitForChange(_ id: String, after mark: Int, timeout: Duration) async {
        if closed { return }
        if let seen = latest[id]?.sequence, seen > mark { return }
        let key = nextWaiter
        nextWaiter += 1
        await suspend(timeout: timeout, expire: { await $0.expire(id, key) }) { continuation in
            waiters[id, default: [:]][key] = continuation
        }
    }

    private func expire(_ id: String, _ key: Int) {
        waiters[id]?.removeValue(forKey: key)?.resume()
        if waiters[id]?.isEmpty == true { waiters[id] = nil }
    }

    /// Returns when a job is queued anywhere, after `timeout`, or when the task is cancelled.
    func waitForQueuedJob(timeout: Duration) async {
        if closed { return }
        let key = nextWaiter
        nextWaiter += 1
        await suspend(timeout: timeout, expire: { await $0.expireQueueWaiter(key) }) { continuation in
            queueWaiters[key] = continuation
        }
    }

    private func expireQueueWaiter(_ key: Int) {
        queueWaiters.removeValue(forKey: key)?.resume()
    }

    /// Suspends until `register`'s continuation is resumed by an event, or `expire` resumes it on timeout or
    /// cancellation (both may run after the other; `expire` finds nothing then).
    private func suspend(
        timeout: Duration, expire: @escaping @Sendable (JobEvents) async -> Void,
        register: (CheckedContinuation<Void, Never>) -> Void
    ) async {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            if let self { await expire(self) }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in register(continuation) }
        } onCancel: {
            Task { [weak self] in if let self { await expire(self) } }
        }
        timer.cancel()
    }

    var isClosed: Bool { closed }

    /// Ends every wait now and later: the process is stopping.
    package func close() {
        closed = true
        wakeEveryone()
    }
}
