import VOTable

/// Turns the rows of a binary COPY into a result document, one batch of about `batchBytes` at a time, on the
/// thread that reads them from libpq. The first batch starts with the frame's header; the last ends with the
/// encoder's remainder and the trailer, whose status is OVERFLOW when MAXREC cut the rows (the query asked for
/// MAXREC + 1) and ERROR when the statement failed after rows were sent.
///
/// COPY BINARY (PostgreSQL's "Binary Format"): a header (11-byte signature, flags, extension length and
/// extension), then per row a 16-bit field count and per field a 32-bit length (-1 for null) and the value in
/// the type's binary form, then a count of -1. libpq hands out one CopyData message per row.
final class CopyBatchProducer<Encoder: RowEncoder>: @unchecked Sendable {
    private var encoder: Encoder
    private let connection: LibPQConnection
    private let frame: ResultFrame
    private let types: [UInt32]
    private let regionColumns: [Bool]
    private let maxRecords: Int64
    private let batchBytes: Int
    private var headerWritten = false
    private var copyHeaderSeen = false
    private var finished = false
    private(set) var rows: Int64 = 0
    private(set) var status = QueryStatus.ok
    /// Called with the database's error, to turn it into what the user reads.
    private let describe: (LibPQError) -> String

    init(
        encoder: Encoder, connection: LibPQConnection, frame: ResultFrame, types: [UInt32], maxRecords: Int64,
        batchBytes: Int, describe: @escaping (LibPQError) -> String
    ) {
        self.encoder = encoder
        self.connection = connection
        self.frame = frame
        self.types = types
        self.regionColumns = frame.regionColumns
        self.maxRecords = maxRecords
        self.batchBytes = batchBytes
        self.describe = describe
    }

    /// The next bytes of the document, or nil when all were given. Blocks while the database works.
    func nextBatch() -> [UInt8]? {
        guard !finished else { return nil }
        var header: [UInt8]?
        if !headerWritten {
            headerWritten = true
            header = frame.header
        }
        while encoder.pendingByteCount < batchBytes {
            guard let message = connection.nextCopyData() else {
                end()
                return (header ?? []) + encoder.finish() + frame.trailer(status)
            }
            if status != .ok { continue }  // past MAXREC: drain what is left of the COPY
            append(message)
        }
        // Every batch but the first is the encoder's buffer as it is, not a copy of it.
        guard let header else { return encoder.drain() }
        return header + encoder.drain()
    }

    private func end() {
        finished = true
        do {
            try connection.finishCopy()
        } catch {
            encoder.discardPartialRow()
            connection.markUnusable()
            if status == .ok { status = .error(describe(error)) }
        }
    }

    private func append(_ message: UnsafeRawBufferPointer) {
        var offset = 0
        if !copyHeaderSeen {
            copyHeaderSeen = true
            guard message.count >= 19 else { return }
            var reader = BigEndianReader(UnsafeRawBufferPointer(rebasing: message[11...]))
            _ = reader.read(UInt32.self)  // flags
            offset = 19 + Int(reader.read(UInt32.self))
            guard offset < message.count else { return }
        }
        var reader = BigEndianReader(UnsafeRawBufferPointer(rebasing: message[offset...]))
        let fields = reader.read(Int16.self)
        guard fields >= 0 else { return }  // the trailer
        if rows == maxRecords {
            status = .overflow("The result was cut at MAXREC=\(maxRecords) rows")
            return
        }
        guard Int(fields) == types.count else {
            status = .error("the database sent a row of \(fields) columns for \(types.count)")
            return
        }
        let base = message.baseAddress! + offset
        let available = message.count - offset
        var position = 2
        encoder.beginRow()
        for column in 0..<Int(fields) {
            guard position + 4 <= available else { return malformed() }
            let length = Int(Int32(bigEndian: (base + position).loadUnaligned(as: Int32.self)))
            position += 4
            guard length <= available - position else { return malformed() }
            if length < 0 {
                encoder.appendNull()
                continue
            }
            PostgresBinaryValue.append(
                UnsafeRawBufferPointer(start: base + position, count: length), type: types[column],
                region: regionColumns[column], to: &encoder)
            position += length
        }
        encoder.endRow()
        rows += 1
    }

    private func malformed() {
        encoder.discardPartialRow()
        status = .error("the database sent a row this service cannot read; please tell its operators")
    }
}

/// A producer whatever its encoder, for the stream that drives it.
protocol BatchProducing: AnyObject, Sendable {
    func nextBatch() -> [UInt8]?
    var rows: Int64 { get }
    var status: QueryStatus { get }
}

extension CopyBatchProducer: BatchProducing {}
