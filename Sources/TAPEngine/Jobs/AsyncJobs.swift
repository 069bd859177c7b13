import Foundation
import Logging
import PostgresNIO
import UWS

/// What /async can do with jobs, in UWS terms and with UWS's answers (UWS 1.1 §2.2): handlers call these
/// and turn the result or the TAPError into HTTP.
package struct AsyncJobs: Sendable {
    package let store: JobStore
    let queue: JobQueue
    package let events: JobEvents
    package let files: JobFiles
    let pipeline: QueryPipeline
    let configuration: TAPConfiguration

    var uploads: JobUploads { JobUploads(files: files, configuration: configuration) }

    /// Everything async needs in one process: the job store on its own small pool of the schema owner's
    /// connections, this process's runner key, and the service that runs jobs.
    package static func make(database: ServiceDatabase, pipeline: QueryPipeline, logger: Logger)
        -> (jobs: AsyncJobs, service: JobService)
    {
        let configuration = pipeline.configuration
        let store = JobStore(client: database.makeAdminClient(maximumConnections: 4, logger: logger), logger: logger)
        let runner = Int64.random(in: 1...(Int64.max >> 1))
        let queue = JobQueue(store: store, runner: runner, lease: configuration.jobLease)
        let events = JobEvents(url: database.adminURL, runner: runner, logger: logger)
        let files = JobFiles(directory: configuration.jobDirectory)
        let jobs = AsyncJobs(
            store: store, queue: queue, events: events, files: files, pipeline: pipeline, configuration: configuration)
        let service = JobService(
            events: events, queue: queue,
            runner: JobRunner(pipeline: pipeline, queue: queue, files: files, configuration: configuration, logger: logger),
            files: files, configuration: configuration, logger: logger)
        return (jobs, service)
    }

    /// Parameters that steer the job rather than belong to it (UWS 1.1 §2.2.3).
    static let controlParameters: Set<String> = [
        "PHASE", "ACTION", "EXECUTIONDURATION", "DESTRUCTION", "RUNID", "REQUEST",
    ]

    /// Creates a job from TAP parameters, QUEUED at once with PHASE=RUN. TAP checks a job's parameters when it
    /// runs (TAP 1.1 §2.3), so a bad query makes an ERROR job, not a refused request.
    package func create(_ form: RequestForm, owner: String?) async throws -> Job {
        let parameters = form.parameters
        let now = Date()
        var job = Job(
            id: JobID.make(), owner: owner, runID: parameters["RUNID"].map { String($0.prefix(64)) }, phase: .pending,
            creationTime: now, executionDuration: configuration.defaultExecutionDuration,
            destruction: now + TimeInterval(configuration.defaultRetention.components.seconds),
            parameters: parameters.pairs.filter { !Self.controlParameters.contains($0.name) }
                .map { JobParameter($0.name, $0.value) })
        if let text = parameters["EXECUTIONDURATION"] { job.executionDuration = try executionDuration(text) }
        if let text = parameters["DESTRUCTION"] { job.destruction = try destruction(text, created: now) }
        if let phase = parameters["PHASE"] {
            guard phase.uppercased() == "RUN" else {
                throw TAPError(.badRequest, "PHASE=\(phase) cannot start a new job: use PHASE=RUN or leave it out")
            }
            job.phase = .queued
        }
        job.parameters += try uploads.store(form, job: job.id, existing: [])
        job.quote = await quote(job.parameters, duration: job.executionDuration, from: now)
        do {
            try await store.create(job)
        } catch {
            files.remove(job.id)
            throw error
        }
        return job
    }

    /// The job, if the caller may see it: an owner's jobs are theirs alone; an anonymous job is anyone's who
    /// knows its ID. Anything else is 404, so that a job's existence does not leak.
    package func job(_ id: String, caller: String?) async throws -> Job {
        guard JobID.isWellFormed(Substring(id)), let job = try await store.job(id), job.owner == nil || job.owner == caller
        else { throw TAPError(.notFound, "no job \(id)") }
        return job
    }

    /// The job after a WAIT (UWS 1.1 §2.2.1.2): blocks while it is active (and in `phase`, if given) until
    /// it changes or `seconds` pass (at most `maximumWait`).
    package func job(_ id: String, caller: String?, wait seconds: Int, phase: ExecutionPhase?) async throws -> Job {
        let deadline = ContinuousClock.now + min(
            seconds < 0 ? configuration.maximumWait : .seconds(seconds), configuration.maximumWait)
        // The mark is taken before each read, so a change made after the read still ends the wait.
        var mark = await events.mark(id)
        var job = try await self.job(id, caller: caller)
        let original = job.phase
        while [.pending, .queued, .executing].contains(job.phase), phase == nil || phase == job.phase,
            job.phase == original, ContinuousClock.now < deadline, await !events.isClosed
        {
            await events.waitForChange(id, after: mark, timeout: deadline - ContinuousClock.now)
            mark = await events.mark(id)
            job = try await self.job(id, caller: caller)
        }
        return job
    }

    package func list(caller: String?, filter: JobListFilter) async throws -> [Job] {
        // Anonymous jobs are found by their IDs only; nobody lists them (README, "Async jobs").
        guard let caller else { return [] }
        return try await store.list(owner: caller, filter: filter)
    }

    /// POST phase: RUN queues a PENDING job (and is a no-op once it runs); ABORT stops it, cancelling its query
    /// at once (and is a no-op on a finished job). RUN on a finished job is illegal (403).
    package func changePhase(_ id: String, caller: String?, to value: String) async throws {
        let job = try await self.job(id, caller: caller)
        switch value.uppercased() {
        case "RUN":
            if job.phase == .pending || job.phase == .held {
                if try await store.move(id, to: .queued).moved { return }
                return try await changePhase(id, caller: caller, to: value)  // it moved meanwhile: judge again
            }
            if [.queued, .executing].contains(job.phase) { return }
            throw TAPError(.forbidden, "job \(id) is \(job.phase.rawValue) and cannot run again")
        case "ABORT":
            guard !job.phase.isFinal else { return }
            let move = try await store.move(
                id, to: .aborted,
                error: JobError(message: "the job was aborted by its owner"))
            if let pid = move.backendPID { try await queue.cancel(backend: pid) }
            if !move.moved { return try await changePhase(id, caller: caller, to: value) }
        default:
            throw TAPError(.badRequest, "PHASE=\(value) is not a phase change: use RUN or ABORT")
        }
    }

    /// New parameter values while PENDING: single-valued ones replace the old (DALI 1.1 §3.2), UPLOAD adds.
    package func setParameters(_ id: String, caller: String?, _ form: RequestForm) async throws {
        let job = try await self.job(id, caller: caller)
        guard job.phase == .pending else { throw notPending(job) }
        var merged = job.parameters
        for (name, value) in form.parameters.pairs where !Self.controlParameters.contains(name) {
            if name != "UPLOAD" { merged.removeAll { $0.name == name } }
            merged.append(JobParameter(name, value))
        }
        for parameter in try uploads.store(form, job: id, existing: job.parameters) {
            merged.removeAll { $0.name == parameter.name }
            merged.append(parameter)
        }
        let quote = await quote(merged, duration: job.executionDuration, from: Date())
        guard try await store.setParameters(id, merged, quote: quote) else { throw notPending(job) }
    }

    package func setExecutionDuration(_ id: String, caller: String?, _ text: String) async throws {
        let job = try await self.job(id, caller: caller)
        guard try await store.setExecutionDuration(id, seconds: try executionDuration(text)) else {
            throw notPending(job)
        }
    }

    package func setDestruction(_ id: String, caller: String?, _ text: String) async throws {
        let job = try await self.job(id, caller: caller)
        _ = try await store.setDestruction(id, try destruction(text, created: job.creationTime))
    }

    /// Deletes the job and its files, cancelling its query if it runs.
    package func delete(_ id: String, caller: String?) async throws {
        let job = try await self.job(id, caller: caller)
        if job.phase == .executing {
            let move = try await store.move(id, from: [.executing], to: .aborted, error: JobError(message: "deleted"))
            if let pid = move.backendPID { try await queue.cancel(backend: pid) }
        }
        guard try await store.delete(id) else { throw TAPError(.notFound, "no job \(id)") }
        files.remove(id)
    }

    func notPending(_ job: Job) -> TAPError {
        TAPError(.forbidden, "job \(job.id) is no longer PENDING; its parameters can no longer change")
    }

    /// Seconds, cut to the service's maximum; 0 (no limit) means the maximum.
    func executionDuration(_ text: String) throws(TAPError) -> Int {
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            throw TAPError(.badRequest, "EXECUTIONDURATION must be a whole number of seconds, not '\(text)'")
        }
        return seconds == 0 ? configuration.maximumExecutionDuration : min(seconds, configuration.maximumExecutionDuration)
    }

    /// An ISO 8601 time, cut to the service's maximum retention after the job's creation.
    func destruction(_ text: String, created: Date) throws(TAPError) -> Date {
        guard let date = UWSTime.parse(text) else {
            throw TAPError(.badRequest, "DESTRUCTION must be an ISO 8601 time such as 2026-12-01T12:00:00Z, not '\(text)'")
        }
        return min(date, created + TimeInterval(configuration.maximumRetention.components.seconds))
    }

    /// When the job would end if it started now (UWS 1.1 §2.1.6): PostgreSQL's plan cost, in seconds through
    /// a factor measured on the demo tables, no more than its executionDuration. Nil when the query cannot be
    /// planned (it will fail when run, with the reason).
    func quote(_ parameters: [JobParameter], duration: Int, from start: Date) async -> Date? {
        guard let prepared = try? pipeline.prepare(DALIParameters(parameters.map { ($0.name, $0.value) })),
            // A quote is an estimate: it does not hold up a job's creation for long.
            let cost = try? await pipeline.estimatedCost(prepared, within: .seconds(2))
        else { return nil }
        return start + min(cost * configuration.secondsPerCostUnit, Double(duration))
    }
}
