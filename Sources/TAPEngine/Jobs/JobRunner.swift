import Foundation
import Logging
import PostgresNIO
import TAPDatabase
import UWS
import VOTable

/// Runs one claimed job: the same pipeline as /sync, on a query connection whose backend the job records (so
/// ABORT can cancel it) and whose statement timeout is the job's executionDuration, writing the result to a
/// file that is published only when complete.
struct JobRunner: Sendable {
    let pipeline: QueryPipeline
    let queue: JobQueue
    let files: JobFiles
    let configuration: TAPConfiguration
    let logger: Logger

    func run(_ job: Job) async {
        logger.info("executing job", metadata: ["job": "\(job.id)"])
        let outcome = await execute(job)
        do {
            let finished = try await queue.finish(job.id, outcome)
            // Deleted while it ran: nothing else will remove its files. (An aborted job's folder goes with it.)
            if !finished, try await queue.store.job(job.id) == nil { files.remove(job.id) }
        } catch {
            logger.error("could not record the end of job \(job.id): \(error)")
        }
    }

    func execute(_ job: Job) async -> JobQueue.Outcome {
        let parameters = DALIParameters(job.parameters.map { ($0.name, $0.value) })
        let submission: Submission
        do {
            let stored = JobUploads(files: files, configuration: configuration).storedFiles(of: job)
            submission = try await pipeline.submit(parameters, files: stored, spool: nil)
        } catch {
            return .failed(JobError(message: error.message))
        }
        defer { submission.remove() }
        let prepared = submission.prepared
        let started = ContinuousClock.now
        let temporary: String
        do {
            temporary = try files.temporaryResult(job.id)
        } catch {
            logger.error("cannot write results under \(files.directory): \(error)")
            return .failed(JobError(message: "the service cannot store results; please tell its operators", isTransient: true))
        }
        do {
            let (rows, status, size) = try await run(prepared, session: submission.session, of: job, to: temporary)
            if case .error(let message) = status {
                files.removeFile(temporary)
                return outcomeOfFailure(message, job: job, started: started)
            }
            try files.publish(temporary, as: job.id)
            logger.info("job completed", metadata: ["job": "\(job.id)", "rows": "\(rows)"])
            return .completed(JobResult(mimeType: prepared.format.contentType, size: size))
        } catch let error as JobLost {
            files.removeFile(temporary)
            return .aborted(JobError(message: error.message))
        } catch {
            files.removeFile(temporary)
            return outcomeOfFailure(DatabaseErrorMapper.map(error, logger: logger).message, job: job, started: started)
        }
    }

    struct JobLost: Error {
        var message = "the job was aborted"
    }

    func run(
        _ prepared: QueryPipeline.Prepared, session: CopySession, of job: Job, to path: String
    ) async throws -> (rows: Int64, status: QueryStatus, bytes: Int64) {
        // The backend's pid (for ABORT) is recorded before the query starts; the job's own statement timeout is
        // set around it, and the pooled connection goes back with the role's own, whatever happens (a connection
        // something failed on is closed).
        let lease = try await pipeline.copyPool.lease()
        guard try await queue.recordBackend(job.id, pid: lease.connection.backendPID) else {
            lease.release()
            throw JobLost()
        }
        let limit = job.executionDuration > 0 ? job.executionDuration : configuration.maximumExecutionDuration
        let timeout = CopySession(
            before: { connection throws(LibPQError) in
                try connection.execute("SET statement_timeout = \(Int64(limit) * 1000)")
            },
            after: { connection throws(LibPQError) in try connection.execute("RESET statement_timeout") })
        return try await pipeline.writeResult(
            prepared, lease: lease, session: timeout.around(session), to: path)
    }

    /// A cancelled statement is the executionDuration running out, unless ABORT or DELETE cancelled it, in
    /// which case the job is no longer this process's and `finish` will say so.
    func outcomeOfFailure(_ message: String, job: Job, started: ContinuousClock.Instant) -> JobQueue.Outcome {
        let limit = job.executionDuration > 0 ? job.executionDuration : configuration.maximumExecutionDuration
        if ContinuousClock.now - started >= .seconds(limit) {
            return .aborted(JobError(message: "the query ran longer than its executionDuration of \(limit) s"))
        }
        return .failed(JobError(message: message))
    }
}
