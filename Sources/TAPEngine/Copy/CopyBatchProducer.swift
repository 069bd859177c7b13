import TAPDatabase
import VOTable

/// Turns the rows of a binary COPY into a result document, one batch of about `batchBytes` at a time, on the
/// thread that reads them from libpq. The first batch starts with the frame's header; the last ends with the
/// encoder's remainder and the trailer, whose status is OVERFLOW when MAXREC cut the rows (the query asked for
/// MAXREC + 1) and ERROR when the statement failed after rows were sent.
final class CopyBatchProducer<Encoder: RowEncoder>: @unchecked Sendable {
    /// Taken out for the length of a batch (see CopyRowDecoder); nil only while one is being made.
    private var decoder: CopyRowDecoder<Encoder>?
    private let connection: LibPQConnection
    private let frame: ResultFrame
    private let batchBytes: Int
    private var headerWritten = false
    private var finished = false
    /// Called with the database's error, to turn it into what the user reads.
    private let describe: (LibPQError) -> String

    init(
        encoder: Encoder, connection: LibPQConnection, frame: ResultFrame, types: [UInt32], maxRecords: Int64,
        batchBytes: Int, describe: @escaping (LibPQError) -> String
    ) {
        self.decoder = CopyRowDecoder(
            encoder: encoder, types: types, regionColumns: frame.regionColumns, maxRecords: maxRecords)
        self.connection = connection
        self.frame = frame
        self.batchBytes = batchBytes
        self.describe = describe
    }

    var rows: Int64 { decoder?.rows ?? 0 }
    var status: QueryStatus { decoder?.status ?? .ok }

    /// The next bytes of the document, or nil when all were given. Blocks while the database works.
    func nextBatch() -> [UInt8]? {
        guard !finished, var decoder = decoder.take() else { return nil }
        defer { self.decoder = decoder }
        var header: [UInt8]?
        if !headerWritten {
            headerWritten = true
            header = frame.header
        }
        while decoder.encoder.pendingByteCount < batchBytes {
            guard let message = connection.nextCopyData() else {
                end(&decoder)
                return (header ?? []) + decoder.encoder.finish() + frame.trailer(decoder.status)
            }
            decoder.append(message)  // past MAXREC this only drains what is left of the COPY
        }
        // Every batch but the first is the encoder's buffer as it is, not a copy of it.
        guard let header else { return decoder.encoder.drain() }
        return header + decoder.encoder.drain()
    }

    private func end(_ decoder: inout CopyRowDecoder<Encoder>) {
        finished = true
        do {
            try connection.finishCopy()
        } catch {
            connection.markUnusable()
            decoder.fail(describe(error))
        }
    }
}

/// A producer whatever its encoder, for the stream that drives it.
protocol BatchProducing: AnyObject, Sendable {
    func nextBatch() -> [UInt8]?
    var rows: Int64 { get }
    var status: QueryStatus { get }
}

extension CopyBatchProducer: BatchProducing {}
