import Foundation
import NIOCore
import TAPDatabase
import VOTable

extension QueryPipeline {
    /// Runs the query (on `lease`, with `session` around it: a job's timeout, its uploads) and writes the whole
    /// document to a file. The file is made before the query starts, so a disk that refuses it costs no query.
    func writeResult(
        _ prepared: Prepared, lease: LibPQLease? = nil, session: CopySession = CopySession(), to path: String
    ) async throws -> (rows: Int64, status: QueryStatus, bytes: Int64) {
        guard prepared.format.countsRowsFirst else {
            let sink = try FileSink(path: path)
            defer { try? sink.close() }
            let (count, status) = try await startCopy(prepared, lease: lease, session: session).write {
                try sink.write($0)
            }
            return (count, status, sink.size)
        }
        // The rows are logged beside the result and counted, then the file is written from the log.
        let logPath = path + ".log"
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let (count, status, fits) = try await logFITS(prepared, lease: lease, session: session, to: logPath)
        let sink = try FileSink(path: path)
        defer { try? sink.close() }
        try await fits.write(status: status) { try sink.write($0) }
        return (count, status, sink.size)
    }

    /// Runs the query into a FITS log (FITSCellLog's rows) at `path`, and measures the log for the header.
    package func logFITS(
        _ prepared: Prepared, lease: LibPQLease? = nil, session: CopySession = CopySession(), to path: String
    ) async throws -> (rows: Int64, status: QueryStatus, result: FITSResult) {
        let counted: (rows: Int64, status: QueryStatus)
        do {
            let sink = try FileSink(path: path)
            defer { try? sink.close() }
            counted = try await startCopy(prepared, lease: lease, session: session).write { try sink.write($0) }
        }
        let result = try await FITSResult.measure(log: path, fields: prepared.fields, infos: prepared.infos)
        return (counted.rows, counted.status, result)
    }
}
