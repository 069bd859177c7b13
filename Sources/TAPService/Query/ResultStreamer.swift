import Hummingbird
import NIOCore
import PostgresNIO
import VOTable

/// Streams rows from the database into a result document in batches of about 64 KiB, never holding the whole
/// result. The status goes after the rows, so OVERFLOW and late errors reach the client.
struct ResultStreamer: Sendable {
    let frame: ResultFrame
    let maxRecords: Int64
    let batchBytes: Int

    init(format: ResultFormat, fields: [Field], infos: [Info], maxRecords: Int64, batchBytes: Int) {
        self.frame = ResultFrame(format: format, fields: fields, infos: infos)
        self.maxRecords = maxRecords
        self.batchBytes = batchBytes
    }

    /// Streams to an HTTP response, which it finishes. CSV and TSV have no place for a status: an error after the
    /// first row cuts the response off (the client sees an incomplete transfer, not a short table), and an overflow
    /// is said in a trailer field `TAP-Query-Status`.
    func write(_ rows: PostgresRowSequence, to writer: inout any ResponseBodyWriter) async throws {
        let (_, status) = try await write(rows) { try await writer.write($0) }
        try await Self.finish(&writer, format: frame.format, status: status)
    }

    static func finish(_ writer: inout any ResponseBodyWriter, format: ResultFormat, status: QueryStatus) async throws {
        if !format.carriesStatus {
            if case .error(let message) = status { throw TAPError(.executionFailed, message) }
            var trailers = HTTPFields()
            trailers[Self.statusTrailer] = status.value
            try await writer.finish(trailers)
            return
        }
        try await writer.finish(nil)
    }

    static let statusTrailer = HTTPFields.Element.Name("TAP-Query-Status")!

    /// Streams to any sink, batch by batch; returns the rows written and the status written after them.
    func write(
        _ rows: PostgresRowSequence, to sink: (ByteBuffer) async throws -> Void
    ) async throws -> (rows: Int64, status: QueryStatus) {
        let fields = frame.fields
        switch frame.format {
        case .votable(.tabledata): return try await write(rows, with: TableDataEncoder(fields: fields), to: sink)
        case .votable(let serialization):
            return try await write(rows, with: BinaryEncoder(fields: fields, serialization: serialization), to: sink)
        case .csv: return try await write(rows, with: SeparatedValuesEncoder(dialect: .csv), to: sink)
        case .tsv: return try await write(rows, with: SeparatedValuesEncoder(dialect: .tsv), to: sink)
        case .json: return try await write(rows, with: JSONRowEncoder(), to: sink)
        case .fits: return try await write(rows, with: FITSCellLog(fields: fields), to: sink)
        }
    }

    func write<Encoder: RowEncoder>(
        _ rows: PostgresRowSequence, with encoder: Encoder, to sink: (ByteBuffer) async throws -> Void
    ) async throws -> (rows: Int64, status: QueryStatus) {
        var encoder = encoder
        try await sink(ByteBuffer(bytes: frame.header))
        let regionColumns = frame.regionColumns
        var count: Int64 = 0
        var status = QueryStatus.ok
        do {
            for try await row in rows {
                if count == maxRecords {
                    status = .overflow("The result was cut at MAXREC=\(maxRecords) rows")
                    break
                }
                encoder.beginRow()
                for (column, cell) in row.enumerated() {
                    if let bytes = cell.bytes {
                        bytes.withUnsafeReadableBytes {
                            PostgresBinaryValue.append(
                                $0, type: cell.dataType.rawValue, region: regionColumns[column], to: &encoder)
                        }
                    } else {
                        encoder.appendNull()
                    }
                }
                encoder.endRow()
                count += 1
                if encoder.pendingByteCount >= batchBytes {
                    try await sink(ByteBuffer(bytes: encoder.drain()))
                }
            }
        } catch let error as PSQLError {
            encoder.discardPartialRow()
            status = .error(DatabaseErrorMapper.map(error, logger: .init(label: "tapd.stream")).message)
        }
        var tail = encoder.finish()
        tail += frame.trailer(status)
        try await sink(ByteBuffer(bytes: tail))
        return (count, status)
    }
}
