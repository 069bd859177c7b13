import Foundation
import NIOCore
import VOTable

/// A FITS result from its logged rows (`FITSCellLog`'s bytes in a file): measured in one reading, so that the
/// header can give the row count and column widths, then written in a second (and a third for the heap, when a
/// column holds variable arrays). Memory stays at one chunk whatever the size; the log is on disk.
package struct FITSResult {
    let log: FileHandle
    let fields: [Field]
    let infos: [Info]
    let shape: FITSTableShape
    static let chunkBytes = 1 << 20

    /// Measures the log at `path`, kept open (so that its name can go at once).
    static func measure(log path: String, fields: [Field], infos: [Info]) async throws -> FITSResult {
        guard let log = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        var shape = FITSTableShape(fields: fields)
        try await read(log, { (shape.scan($0), []) }, { _ in })
        return FITSResult(log: log, fields: fields, infos: infos, shape: shape)
    }

    /// Writes the whole FITS file; returns its size.
    @discardableResult
    package func write(status: QueryStatus, to sink: (ByteBuffer) async throws -> Void) async throws -> Int64 {
        defer { try? log.close() }
        var size: Int64 = 0
        func send(_ bytes: [UInt8]) async throws {
            guard !bytes.isEmpty else { return }
            size += Int64(bytes.count)
            try await sink(ByteBuffer(bytes: bytes))
        }
        try await send(FITSHeader.primary())
        try await send(FITSHeader.table(fields: fields, shape: shape, infos: infos, status: status))
        var writer = FITSRowWriter(shape: shape)
        try await Self.read(log, { writer.records($0) }, send)
        if shape.hasHeap { try await Self.read(log, { writer.heap($0) }, send) }
        try await send(FITSHeader.dataPadding(after: shape.dataBytes))
        return size
    }

    /// Reads the log from the start in chunks, handing each the rows it holds whole (a row cut by the chunk's end
    /// waits for the next), and sends what they became.
    static func read(
        _ log: FileHandle, _ body: (UnsafeRawBufferPointer) -> (consumed: Int, bytes: [UInt8]),
        _ send: ([UInt8]) async throws -> Void
    ) async throws {
        try log.seek(toOffset: 0)
        var pending: [UInt8] = []
        while let chunk = try log.read(upToCount: chunkBytes), !chunk.isEmpty {
            pending += chunk
            let (consumed, bytes) = pending.withUnsafeBytes(body)
            pending.removeFirst(consumed)
            try await send(bytes)
        }
    }
}
