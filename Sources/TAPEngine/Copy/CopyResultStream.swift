import ADQLToPostgres
import Logging
import NIOCore
import TAPDatabase
import VOTable

/// A query's result streamed from a binary COPY through libpq: started (described and begun) before the response,
/// so that a query the database refuses is still a DALI error with its HTTP status, then written batch by batch,
/// reading the next batch from the database while the previous one goes to the client. Only two batches are held
/// at a time, however many rows stream. A client that goes away, or a task that is cancelled, cancels the
/// statement at once (PQcancel), and the connection is not reused: while the COPY starts, while the database
/// works towards the first row (`cancel()`, called when the client's connection closes), and between batches.
package final class CopyResultStream: Sendable {
    let lease: LibPQLease
    let producer: any BatchProducing
    let pool: LibPQPool
    let session: CopySession

    private init(lease: LibPQLease, producer: any BatchProducing, pool: LibPQPool, session: CopySession) {
        self.lease = lease
        self.producer = producer
        self.pool = pool
        self.session = session
    }

    /// Starts the COPY on `lease`'s connection (a new lease when nil), after `session.before`.
    static func start(
        _ prepared: QueryPipeline.Prepared, pool: LibPQPool, lease given: LibPQLease? = nil,
        session: CopySession = CopySession(), batchBytes: Int, logger: Logger
    ) async throws(TAPError) -> CopyResultStream {
        let lease: LibPQLease
        if let given {
            lease = given
        } else {
            do {
                lease = try await pool.lease()
            } catch {
                throw DatabaseErrorMapper.map(error, logger: logger)
            }
        }
        let connection = lease.connection
        let statement = prepared.statement
        let types: [UInt32]
        do {
            // A cancelled caller (its client gone) stops the upload COPY or the describe where they are.
            types = try await withTaskCancellationHandler {
                try await pool.run {
                    try session.before(connection)
                    let sql = try CopyStatement.inlined(statement) { try connection.literal($0) }
                    let types = try connection.columnTypes(of: sql)
                    try connection.startCopyOut(CopyStatement.copy(sql))
                    return types
                }
            } onCancel: {
                // Through the lease: a handler still running as the work ends must not reach its next user.
                lease.cancel()
            }
        } catch {
            lease.release()
            throw DatabaseErrorMapper.map(error, logger: logger)
        }
        let producers = Producers(
            connection: connection,
            frame: ResultFrame(format: prepared.format, fields: prepared.fields, infos: prepared.infos),
            types: types, maxRecords: prepared.maxRecords, batchBytes: batchBytes,
            describe: { DatabaseErrorMapper.map($0, logger: logger).message })
        let chosen = prepared.format.withEncoder(fields: prepared.fields, producers)
        return CopyResultStream(lease: lease, producer: chosen, pool: pool, session: session)
    }

    /// Writes the whole document to `sink`; returns the rows and the status after them.
    package func write(to sink: (ByteBuffer) async throws -> Void) async throws -> (rows: Int64, status: QueryStatus) {
        defer { lease.release() }
        let connection = lease.connection
        let producer = self.producer
        return try await withTaskCancellationHandler {
            var batch = try await pool.run { producer.nextBatch() }
            while let current = batch {
                async let following = pool.run { producer.nextBatch() }
                do {
                    try await sink(ByteBuffer(bytes: current))
                } catch {
                    // The client is gone: stop the statement rather than wait for rows nobody reads.
                    lease.cancel()
                    _ = try? await following
                    throw error
                }
                batch = try await following
            }
            if connection.isReusable {
                // Clean-up only (the rows are all written): a connection it fails on is closed, which ends the
                // session's transaction and drops its temporary tables just as well.
                let session = self.session
                do {
                    try await pool.run { try session.after(connection) }
                } catch {
                    connection.markUnusable()
                }
            }
            return (producer.rows, producer.status)
        } onCancel: {
            lease.cancel()
        }
    }

    /// Cancels the statement from any thread, unless the stream is over (LibPQLease.cancel).
    package func cancel() {
        lease.cancel()
    }
}

/// A batch producer around whichever encoder the result format writes with.
private struct Producers: RowEncoderConsumer {
    let connection: LibPQConnection
    let frame: ResultFrame
    let types: [UInt32]
    let maxRecords: Int64
    let batchBytes: Int
    let describe: @Sendable (LibPQError) -> String

    func consume<Encoder: RowEncoder>(_ encoder: Encoder) -> any BatchProducing {
        CopyBatchProducer(
            encoder: encoder, connection: connection, frame: frame, types: types, maxRecords: maxRecords,
            batchBytes: batchBytes, describe: describe)
    }
}
