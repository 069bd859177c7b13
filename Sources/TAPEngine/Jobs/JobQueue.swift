import Foundation
import Logging
import PostgresNIO
import TAPDatabase
import UWS

/// The runners' side of the job table: claiming QUEUED jobs, holding them with a lease, ending them, and
/// finding jobs whose process died. A process is alive while it holds the session advisory lock keyed by its
/// `runner` number (JobEvents takes it), so a crashed process's jobs are found at once, not after a timeout;
/// the lease still catches a process that hangs with its connection open.
struct JobQueue: Sendable {
    let store: JobStore
    /// This process's key.
    let runner: Int64
    let lease: Duration
    /// After this many starts a job that keeps losing its process is failed rather than run again.
    let maximumAttempts = 3

    var client: PostgresClient { store.client }
    var logger: Logger { store.logger }
    var leaseSeconds: Double { Double(lease.components.seconds) }

    // The phases this queue moves jobs between, each move one of UWS's edges (ExecutionPhase) or its requeue.
    static let queued = ExecutionPhase.queued.rawValue
    static let executing = ExecutionPhase.executing.rawValue
    static let error = ExecutionPhase.error.rawValue

    /// Every move this queue makes: claiming, finishing, and the requeue of a job whose server stopped.
    static let moves: [(from: ExecutionPhase, to: ExecutionPhase)] = [
        (.queued, .executing), (.executing, .completed), (.executing, .error), (.executing, .aborted),
        ExecutionPhase.requeue,
    ]

    /// Takes the oldest QUEUED job, or nil when there is none free.
    func claim() async throws -> Job? {
        try await store.jobs("""
            UPDATE uws.jobs SET phase = \(Self.executing), start_time = now(), end_time = NULL, runner = \(runner),
                lease_until = now() + make_interval(secs => \(leaseSeconds)), attempts = attempts + 1,
                backend_pid = NULL
            WHERE id = (SELECT id FROM uws.jobs WHERE phase = \(Self.queued) ORDER BY creation_time
                        LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: JobStore.columns)
            """).first
    }

    /// Notes the backend that runs the job's query, so ABORT and DELETE can cancel it; false when the job is
    /// no longer this process's to run.
    func recordBackend(_ id: String, pid: Int32) async throws -> Bool {
        var held = false
        for _ in try await client.rows("""
            UPDATE uws.jobs SET backend_pid = \(pid)
            WHERE id = \(id) AND phase = \(Self.executing) AND runner = \(runner) RETURNING id
            """, logger: logger)
        {
            held = true
        }
        return held
    }

    /// Extends the lease of this process's running jobs; returns the IDs it still holds.
    func renewLeases() async throws -> Set<String> {
        var held: Set<String> = []
        let rows = try await client.rows("""
            UPDATE uws.jobs SET lease_until = now() + make_interval(secs => \(leaseSeconds))
            WHERE runner = \(runner) AND phase = \(Self.executing) RETURNING id
            """, logger: logger)
        for row in rows { held.insert(try row.decode(String.self)) }
        return held
    }

    enum Outcome: Sendable {
        case completed(JobResult)
        case failed(JobError)
        case aborted(JobError)
    }

    /// Ends a job this process ran; false when it was aborted or deleted meanwhile (its result is then junk).
    func finish(_ id: String, _ outcome: Outcome) async throws -> Bool {
        let (phase, result, error): (ExecutionPhase, JobResult?, JobError?)
        switch outcome {
        case .completed(let value): (phase, result, error) = (.completed, value, nil)
        case .failed(let value): (phase, result, error) = (.error, nil, value)
        case .aborted(let value): (phase, result, error) = (.aborted, nil, value)
        }
        var finished = false
        for _ in try await client.rows("""
            UPDATE uws.jobs SET phase = \(phase.rawValue), end_time = now(), runner = NULL, lease_until = NULL,
                backend_pid = NULL, result_type = \(result?.mimeType), result_size = \(result?.size),
                error_message = \(error?.message), error_transient = \(error?.isTransient ?? false)
            WHERE id = \(id) AND phase = \(Self.executing) AND runner = \(runner) RETURNING id
            """, logger: logger)
        {
            finished = true
        }
        return finished
    }

    /// Jobs left EXECUTING by a process that is gone (its advisory lock released) or silent (lease run out):
    /// queued again, since a query only reads and can safely run again, unless they have been started too
    /// often, which fails them with a message saying why. Their queries, if still running, are cancelled.
    func recoverOrphans() async throws -> [String] {
        var recovered: [String] = []
        let rows = try await client.rows("""
            WITH orphans AS (
                SELECT id, backend_pid, start_time FROM uws.jobs j
                WHERE phase = \(Self.executing) AND (lease_until < now() OR NOT EXISTS (
                    SELECT FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND (l.classid::bigint << 32) | l.objid::bigint = j.runner))
                FOR UPDATE SKIP LOCKED),
            cancelled AS (
                SELECT pg_cancel_backend(a.pid) FROM orphans o JOIN pg_stat_activity a ON a.pid = o.backend_pid
                WHERE a.state = 'active' AND a.query_start <= o.start_time + interval '10 seconds')
            UPDATE uws.jobs j SET
                phase = CASE WHEN j.attempts < \(maximumAttempts) THEN \(Self.queued) ELSE \(Self.error) END,
                start_time = CASE WHEN j.attempts < \(maximumAttempts) THEN NULL ELSE j.start_time END,
                end_time = CASE WHEN j.attempts < \(maximumAttempts) THEN NULL ELSE now() END,
                error_message = CASE WHEN j.attempts < \(maximumAttempts) THEN NULL
                    ELSE 'The server running this query stopped ' || j.attempts || ' times while it ran; it was not '
                        || 'started again. Please resubmit it, or ask the operators.' END,
                runner = NULL, lease_until = NULL, backend_pid = NULL
            FROM orphans WHERE j.id = orphans.id AND (SELECT count(*) FROM cancelled) >= 0
            RETURNING j.id
            """, logger: logger)
        for row in rows { recovered.append(try row.decode(String.self)) }
        return recovered
    }

    /// Deletes jobs past their destruction time; returns their IDs so that their files go too.
    func reapExpired() async throws -> [String] {
        var reaped: [String] = []
        let rows = try await client.rows("""
            WITH gone AS (DELETE FROM uws.jobs WHERE destruction < now() RETURNING id, backend_pid, phase),
            cancelled AS (SELECT pg_cancel_backend(backend_pid) FROM gone
                          WHERE phase = \(Self.executing) AND backend_pid IS NOT NULL)
            SELECT id FROM gone WHERE (SELECT count(*) FROM cancelled) >= 0
            """, logger: logger)
        for row in rows { reaped.append(try row.decode(String.self)) }
        return reaped
    }

    /// Cancels the query a backend is running for a job (ABORT, DELETE): the backend is freed at once.
    func cancel(backend pid: Int32) async throws {
        _ = try await client.rows("SELECT pg_cancel_backend(\(pid))", logger: logger)
    }

    /// On a graceful stop: this process's running jobs go back to the queue for another process (or this one
    /// when it starts again), not counted as an attempt, and their queries are cancelled. A stop does not wait
    /// long for a database that is down: other processes recover the jobs anyway once this one is gone.
    func requeueOwnJobs() async throws {
        _ = try await client.rows("""
            WITH mine AS (
                SELECT id, backend_pid FROM uws.jobs WHERE runner = \(runner) AND phase = \(Self.executing) FOR UPDATE),
            requeued AS (
                UPDATE uws.jobs j SET phase = \(Self.queued), start_time = NULL, runner = NULL, lease_until = NULL,
                    backend_pid = NULL, attempts = greatest(attempts - 1, 0)
                FROM mine WHERE j.id = mine.id RETURNING mine.backend_pid)
            SELECT pg_cancel_backend(backend_pid) FROM requeued WHERE backend_pid IS NOT NULL
            """, within: .seconds(3), logger: logger)
    }
}
