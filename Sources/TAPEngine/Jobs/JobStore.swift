import Foundation
import Logging
import PostgresNIO
import TAPDatabase
import UWS

/// Jobs in PostgreSQL (JobSchema). Every phase change is a compare-and-set (`UPDATE ... WHERE phase IN
/// (expected)`), so two processes can never both move a job, and a job is claimed for running by exactly one
/// of them (`FOR UPDATE SKIP LOCKED`).
package struct JobStore: Sendable {
    package let client: PostgresClient
    let logger: Logger

    static let columns = """
        id, owner, run_id, phase, quote, creation_time, start_time, end_time, execution_duration, destruction,
        parameter_names, parameter_values, result_type, result_size, error_message, error_transient,
        parameter_by_reference
        """

    static func job(from row: PostgresRow) throws -> Job {
        let cells = row.makeRandomAccess()
        let names = try cells[10].decode([String].self)
        let values = try cells[11].decode([String].self)
        let resultType = try cells[12].decode(String?.self)
        let errorMessage = try cells[14].decode(String?.self)
        let byReference = try cells[16].decode([Bool].self)
        return Job(
            id: try cells[0].decode(String.self), owner: try cells[1].decode(String?.self),
            runID: try cells[2].decode(String?.self),
            phase: ExecutionPhase(rawValue: try cells[3].decode(String.self)) ?? .unknown,
            quote: try cells[4].decode(Date?.self), creationTime: try cells[5].decode(Date.self),
            startTime: try cells[6].decode(Date?.self), endTime: try cells[7].decode(Date?.self),
            executionDuration: Int(try cells[8].decode(Int32.self)), destruction: try cells[9].decode(Date?.self),
            parameters: zip(names, values).enumerated().map { index, parameter in
                JobParameter(parameter.0, parameter.1, byReference: index < byReference.count && byReference[index])
            },
            result: try resultType.map { JobResult(mimeType: $0, size: try cells[13].decode(Int64?.self) ?? 0) },
            error: try errorMessage.map { JobError(message: $0, isTransient: try cells[15].decode(Bool.self)) })
    }

    func jobs(_ query: PostgresQuery) async throws -> [Job] {
        var jobs: [Job] = []
        for row in try await client.rows(query, logger: logger) { jobs.append(try Self.job(from: row)) }
        return jobs
    }

    func create(_ job: Job) async throws {
        _ = try await client.rows("""
            INSERT INTO uws.jobs (id, owner, run_id, phase, quote, creation_time, execution_duration, destruction,
                parameter_names, parameter_values, parameter_by_reference)
            VALUES (\(job.id), \(job.owner), \(job.runID), \(job.phase.rawValue), \(job.quote), \(job.creationTime),
                \(Int32(clamping: job.executionDuration)), \(job.destruction), \(job.parameters.map(\.name)),
                \(job.parameters.map(\.value)), \(job.parameters.map(\.byReference)))
            """, logger: logger)
    }

    func job(_ id: String) async throws -> Job? {
        try await jobs("SELECT \(unescaped: Self.columns) FROM uws.jobs WHERE id = \(id)").first
    }

    /// The owner's jobs, newest first (UWS 1.1 §2.2.2.1).
    func list(owner: String, filter: JobListFilter) async throws -> [Job] {
        let phases = filter.listedPhases.map(\.rawValue).sorted()
        let limit = filter.last ?? Int(Int32.max)
        return try await jobs("""
            SELECT \(unescaped: Self.columns) FROM uws.jobs
            WHERE owner = \(owner) AND phase = ANY(\(phases)) AND creation_time > \(filter.after ?? .distantPast)
            ORDER BY creation_time DESC LIMIT \(limit)
            """)
    }

    /// What a phase change found: whether the job moved, and the backend that was running its query.
    struct Move: Sendable {
        var moved: Bool
        var backendPID: Int32?
    }

    /// Moves the job to `phase` if it is in one of `from`: by default every phase UWS lets it come from, or a
    /// narrower choice of them. Entering a final phase ends the job.
    func move(
        _ id: String, from narrower: Set<ExecutionPhase>? = nil, to phase: ExecutionPhase, error: JobError? = nil
    ) async throws -> Move {
        let legal = ExecutionPhase.predecessors(of: phase)
        let from = narrower ?? legal
        precondition(from.isSubset(of: legal), "not a UWS 1.1 transition: \(from) to \(phase)")
        let final = phase.isFinal
        let rows = try await client.rows("""
            UPDATE uws.jobs SET phase = \(phase.rawValue),
                end_time = CASE WHEN \(final) THEN now() ELSE end_time END,
                error_message = COALESCE(\(error?.message), error_message),
                error_transient = COALESCE(\(error?.isTransient), error_transient)
            WHERE id = \(id) AND phase = ANY(\(from.map(\.rawValue)))
            RETURNING backend_pid
            """, logger: logger)
        var move = Move(moved: false, backendPID: nil)
        for row in rows { move = Move(moved: true, backendPID: try row.decode(Int32?.self)) }
        return move
    }

    /// Replaces single-valued parameters and appends UPLOADs, while the job is PENDING (UWS 1.1 §2.2.3.2).
    func setParameters(_ id: String, _ parameters: [JobParameter], quote: Date?) async throws -> Bool {
        try await updatePending(id, """
            parameter_names = \(parameters.map(\.name)), parameter_values = \(parameters.map(\.value)),
            parameter_by_reference = \(parameters.map(\.byReference)), quote = \(quote)
            """)
    }

    func setExecutionDuration(_ id: String, seconds: Int) async throws -> Bool {
        try await updatePending(id, "execution_duration = \(Int32(clamping: seconds))")
    }

    /// Destruction may change in any phase: the reaper honours it whatever the job is doing.
    func setDestruction(_ id: String, _ date: Date) async throws -> Bool {
        let rows = try await client.rows(
            "UPDATE uws.jobs SET destruction = \(date) WHERE id = \(id) RETURNING id", logger: logger)
        var updated = false
        for _ in rows { updated = true }
        return updated
    }

    private func updatePending(_ id: String, _ assignments: PostgresQuery) async throws -> Bool {
        var query = PostgresQuery(unsafeSQL: "UPDATE uws.jobs SET ", binds: assignments.binds)
        query.sql += assignments.sql + " WHERE id = $\(assignments.binds.count + 1) AND phase = '\(ExecutionPhase.pending.rawValue)' RETURNING id"
        query.binds.append(id, context: .default)
        var updated = false
        for _ in try await client.rows(query, logger: logger) { updated = true }
        return updated
    }

    /// Deletes the job; returns whether it existed.
    func delete(_ id: String) async throws -> Bool {
        var deleted = false
        for _ in try await client.rows("DELETE FROM uws.jobs WHERE id = \(id) RETURNING id", logger: logger) {
            deleted = true
        }
        return deleted
    }
}
