#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new file in a spool directory that one part's content is written to. The parser hands over slices of any
/// size, down to a byte at a time, so bytes gather in a buffer and reach the file in writes of `bufferBytes`.
final class MultipartSpoolFile {
    static let bufferBytes = 64 * 1024

    let path: String
    private var descriptor: CInt
    private var buffer: [UInt8] = []

    /// Creates the file under a generated name: client text never becomes a path. `O_EXCL` so that an existing
    /// file is never taken over, mode 0600 because uploads may be private data.
    init(directory: String) throws(MultipartError) {
        let name = "part-" + (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()
        path = directory + "/" + name
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create", errno) }
        buffer.reserveCapacity(Self.bufferBytes)
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
    }

    func append(contentsOf bytes: some Collection<UInt8>) throws(MultipartError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    /// Writes what is buffered and closes the file.
    func finish() throws(MultipartError) {
        try flush()
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw Self.failure("close", errno) }
    }

    private func flush() throws(MultipartError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", errno)
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Deletes a spool file this type created; a file already gone is no error.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    private static func failure(_ operation: String, _ code: CInt) -> MultipartError {
        let reason = String(cString: strerror(code))
        return MultipartError(.storageFailed, "could not \(operation) an upload spool file: \(reason)")
    }
}
