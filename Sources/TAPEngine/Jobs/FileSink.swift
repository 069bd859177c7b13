import Foundation
import NIOCore

/// Writes result batches to a file, as a sync query writes them to its response.
final class FileSink {
    let handle: FileHandle
    private(set) var size: Int64 = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func write(_ buffer: ByteBuffer) throws {
        try handle.write(contentsOf: buffer.readableBytesView)
        size += Int64(buffer.readableBytes)
    }

    func close() throws {
        try handle.close()
    }
}
