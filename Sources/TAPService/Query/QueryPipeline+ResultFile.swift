import Foundation
import NIOCore
import VOTable

extension QueryPipeline {
    /// Runs the query (on `lease`, with `session` around it: a job's timeout, its uploads) and writes the whole
    /// document to a file.
    func writeResult(
        _ prepared: Prepared, lease: LibPQLease? = nil, session: CopySession = CopySession(), to path: String
    ) async throws -> (rows: Int64, status: QueryStatus, bytes: Int64) {
        let stream = try await startCopy(prepared, lease: lease, session: session)
        guard prepared.format == .fits else {
            let sink = try FileSink(path: path)
            defer { try? sink.close() }
            let (count, status) = try await stream.write { try sink.write($0) }
            return (count, status, sink.size)
        }
        // FITS: the rows are logged beside the result, then the file is written from the log.
        let logPath = path + ".log"
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let (count, status) = try await Self.log(stream, to: logPath)
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        try await fitsResult(prepared, log: logPath).write(status: status) { try sink.write($0) }
        return (count, status, sink.size)
    }

    /// Writes a FITS result's rows (FITSCellLog's) to a file at `path`.
    static func log(_ stream: CopyResultStream, to path: String) async throws -> (rows: Int64, status: QueryStatus) {
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        return try await stream.write { try sink.write($0) }
    }

    func fitsResult(_ prepared: Prepared, log path: String) async throws -> FITSResult {
        try await FITSResult.measure(log: path, fields: prepared.fields, infos: prepared.infos)
    }
}
