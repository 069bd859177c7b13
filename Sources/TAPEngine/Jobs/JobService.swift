import Foundation
import Logging
import ServiceLifecycle
import UWS

/// The async side of one tapd process: it listens for job events, runs up to `jobSlots` QUEUED jobs at once
/// (taken from the queue all processes share), renews the leases of its running jobs, requeues jobs whose
/// process died, and deletes jobs past their destruction time. On a graceful stop its running jobs go back
/// to the queue.
package struct JobService: Service {
    let events: JobEvents
    let queue: JobQueue
    let runner: JobRunner
    let files: JobFiles
    let configuration: TAPConfiguration
    let logger: Logger

    package func run() async throws {
        let (started, ready) = AsyncStream<Void>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await events.run(ready: { ready.finish() }) }
            // Nothing is claimed before this process holds its advisory lock: others must see it alive.
            for await _ in started {}
            group.addTask { await maintain() }
            for _ in 0..<configuration.jobSlots { group.addTask { await work() } }
            try? await gracefulShutdown()
            do {
                try await queue.requeueOwnJobs()
            } catch {
                logger.error("could not requeue this process's jobs on the way out: \(error)")
            }
            group.cancelAll()
        }
    }

    func work() async {
        while !Task.isCancelled {
            do {
                if let job = try await queue.claim() {
                    await runner.run(job)
                    continue
                }
            } catch {
                if Task.isCancelled { break }
                logger.error("claiming a job failed: \(String(reflecting: error))")
            }
            // A notification wakes this at once; the timeout covers a notification lost in a reconnect.
            await events.waitForQueuedJob(timeout: .seconds(5))
        }
    }

    func maintain() async {
        let period = min(configuration.jobLease / 3, .seconds(5))
        while !Task.isCancelled {
            do {
                _ = try await queue.renewLeases()
                let recovered = try await queue.recoverOrphans()
                if !recovered.isEmpty {
                    logger.warning("recovered jobs whose server stopped", metadata: ["jobs": "\(recovered)"])
                }
                for id in try await queue.reapExpired() { files.remove(id) }
            } catch {
                if Task.isCancelled { break }
                logger.error("job maintenance failed: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: period)
        }
    }
}
