import Foundation
import PostgresNIO
import VOTable

extension QueryPipeline {
    /// Runs the query on a connection the caller holds (for a job's timeout, or uploaded tables that live in its
    /// session) and writes the whole document to a file.
    func writeResult(_ prepared: Prepared, on connection: PostgresConnection, to path: String)
        async throws -> (rows: Int64, status: QueryStatus, bytes: Int64)
    {
        let rows = try await connection.query(PostgresQuery(prepared.statement), logger: logger)
        let streamer = prepared.streamer(batchBytes: configuration.writeBatchBytes)
        guard prepared.format == .fits else {
            let sink = try FileSink(path: path)
            defer { try? sink.close() }
            let (count, status) = try await streamer.write(rows) { try sink.write($0) }
            return (count, status, sink.size)
        }
        // FITS: the rows are logged beside the result, then the file is written from the log.
        let logPath = path + ".log"
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let (count, status) = try await Self.log(to: logPath) { sink in try await streamer.write(rows, to: sink) }
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        try await fitsResult(prepared, log: logPath).write(status: status) { try sink.write($0) }
        return (count, status, sink.size)
    }

    /// Writes a result's rows (FITSCellLog's) to a file at `path`.
    static func log(
        to path: String, _ write: ((ByteBuffer) async throws -> Void) async throws -> (rows: Int64, status: QueryStatus)
    ) async throws -> (rows: Int64, status: QueryStatus) {
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        return try await write { try sink.write($0) }
    }

    func fitsResult(_ prepared: Prepared, log path: String) async throws -> FITSResult {
        try await FITSResult.measure(log: path, fields: prepared.fields, infos: [Info(name: "QUERY", value: prepared.adql)])
    }
}
