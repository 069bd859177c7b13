import Foundation

/// Reads an uploaded file front to back in chunks, so that no reader holds a whole upload in memory.
enum UploadFile {
    /// Calls `body` with each chunk of at most `chunkSize` bytes until the file ends or `body` returns false.
    /// A file that cannot be opened or read throws Foundation's error: that is the server's fault, not the table's.
    static func forEachChunk(
        of path: String, chunkSize: Int, _ body: (UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            guard try data.withUnsafeBytes(body) else {
                return
            }
        }
    }
}
