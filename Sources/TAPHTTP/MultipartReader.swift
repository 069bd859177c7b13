import MultipartKit
import NIOCore

/// Drives multipart-kit's `MultipartParser` over a body chunk by chunk and turns its events into
/// `MultipartForm.Part`s, enforcing `MultipartForm.Limits` as bytes arrive.
///
/// The parser is synchronous and calls back from inside `execute`, where nothing can be thrown or awaited, so the
/// callbacks only queue events; `consume` handles them once `execute` returns. The parser keeps its state between
/// calls, so a delimiter may be split across chunks anywhere. It knows nothing of limits, of Content-Disposition,
/// or of where the body should end: those are all here.
final class MultipartReader {
    private enum Event {
        case header(name: String, value: String)
        case body(ByteBuffer)
        /// Comes at every delimiter after the first, the closing one included.
        case partComplete
    }

    /// Where the callbacks put events: a box of its own so that they need not capture the reader, which owns
    /// the parser that owns them.
    private final class EventQueue {
        var events: [Event] = []
    }

    /// The part being read. Headers come first; they are interpreted at the first content byte or at the end of
    /// the part, whichever comes first.
    private struct OpenPart {
        /// 1-based, for messages.
        var number: Int
        var headers: [(name: String, value: String)] = []
        var disposition: ContentDisposition?
        var contentType: String?
        var memory: [UInt8] = []
        var file: MultipartSpoolFile?
        var byteCount = 0
    }

    private let parser: MultipartParser
    private let queue = EventQueue()
    private let spoolDirectory: String
    private let limits: MultipartForm.Limits
    private var parts: [MultipartForm.Part] = []
    private var current: OpenPart?
    private var partCount = 0
    /// Everything received, framing included.
    private var receivedBytes = 0
    /// Part contents only: what `maximumBytes` limits.
    private var contentBytes = 0
    private var lastEventCompletedPart = false
    private var createdFiles: [String] = []

    /// `boundary` must have passed `MultipartForm.validate(boundary:)`: the parser preconditions it is not empty.
    init(boundary: String, spoolDirectory: String, limits: MultipartForm.Limits) {
        parser = MultipartParser(boundary: boundary)
        self.spoolDirectory = spoolDirectory
        self.limits = limits
        let queue = self.queue
        parser.onHeader = { name, value in queue.events.append(.header(name: name, value: value)) }
        parser.onBody = { bytes in queue.events.append(.body(bytes)) }
        parser.onPartComplete = { queue.events.append(.partComplete) }
    }

    /// Parses the next chunk of the body and handles what it completed.
    func consume(_ chunk: ByteBuffer) throws(MultipartError) {
        receivedBytes += chunk.readableBytes
        do {
            try parser.execute(chunk)
        } catch {
            // multipart-kit's error type is private and carries no position.
            throw .malformed("malformed multipart/form-data body")
        }
        let events = queue.events
        queue.events.removeAll(keepingCapacity: true)
        for event in events { try handle(event) }
        guard receivedBytes - contentBytes <= limits.maximumFramingBytes else {
            throw .tooLarge(
                "the multipart/form-data body has more than \(limits.maximumFramingBytes) bytes outside its parts' "
                    + "contents (headers, delimiters, preamble, epilogue)")
        }
    }

    /// The parts, once the whole body has been consumed; `.malformed` if it stopped short of its closing delimiter.
    func finish() throws(MultipartError) -> [MultipartForm.Part] {
        guard receivedBytes > 0 else { throw .malformed("the multipart/form-data body is empty") }
        guard lastEventCompletedPart, parserIsInEpilogue() else {
            throw .malformed("the multipart/form-data body ends before its closing boundary")
        }
        return parts
    }

    /// Deletes every file this reader created, after an error.
    func discard() {
        current = nil
        for path in createdFiles { MultipartSpoolFile.remove(path) }
        createdFiles = []
        parts = []
    }

    private func handle(_ event: Event) throws(MultipartError) {
        // Taken out of `current` so that the content array is uniquely referenced and grows in place.
        var part: OpenPart
        if let existing = current { part = existing } else { part = try startPart() }
        current = nil
        switch event {
        case .header(let name, let value):
            part.headers.append((name, value))
        case .body(let bytes):
            _ = try interpretHeaders(of: &part)
            try append(bytes.readableBytesView, to: &part)
        case .partComplete:
            let disposition = try interpretHeaders(of: &part)
            parts.append(try finished(part, disposition))
            lastEventCompletedPart = true
            return
        }
        current = part
        lastEventCompletedPart = false
    }

    private func startPart() throws(MultipartError) -> OpenPart {
        partCount += 1
        guard partCount <= limits.maximumParts else {
            throw .tooLarge(
                "the multipart/form-data body has more than \(limits.maximumParts) parts; this service takes at most "
                    + "\(limits.maximumParts)")
        }
        return OpenPart(number: partCount)
    }

    /// RFC 7578 §4.2: every part has a form-data Content-Disposition with a name. Header names are
    /// case-insensitive (DALI's own example writes `Content-disposition`).
    private func interpretHeaders(of part: inout OpenPart) throws(MultipartError) -> ContentDisposition {
        if let disposition = part.disposition { return disposition }
        let dispositions = part.headers.filter { $0.name.lowercased() == "content-disposition" }
        let types = part.headers.filter { $0.name.lowercased() == "content-type" }
        let context = "part \(part.number) of the multipart/form-data body"
        guard dispositions.count < 2, types.count < 2 else {
            throw .malformed("\(context) repeats its Content-Disposition or Content-Type header")
        }
        guard let header = dispositions.first else {
            throw .malformed("\(context) has no Content-Disposition header (RFC 7578 §4.2)")
        }
        let disposition: ContentDisposition
        do {
            disposition = try ContentDisposition(parsing: header.value)
        } catch {
            throw .malformed("\(context): \(error.message)")
        }
        part.disposition = disposition
        part.contentType = types.first?.value
        // A filename marks a file; it goes to disk whatever its size, so the caller finds every upload there.
        if disposition.filename != nil { part.file = try createFile() }
        return disposition
    }

    private func append(_ bytes: ByteBufferView, to part: inout OpenPart) throws(MultipartError) {
        contentBytes += bytes.count
        guard contentBytes <= limits.maximumBytes else {
            throw .tooLarge("the request body exceeds this service's upload limit of \(limits.maximumBytes) bytes")
        }
        part.byteCount += bytes.count
        if let file = part.file {
            try file.append(contentsOf: bytes)
            return
        }
        part.memory.append(contentsOf: bytes)
        if part.memory.count > limits.maximumMemoryPartBytes {
            let file = try createFile()
            try file.append(contentsOf: part.memory)
            part.memory = []
            part.file = file
        }
    }

    private func finished(_ part: OpenPart, _ disposition: ContentDisposition) throws(MultipartError)
        -> MultipartForm.Part
    {
        let content: MultipartForm.Part.Content
        if let file = part.file {
            try file.finish()
            content = .file(path: file.path)
        } else {
            content = .memory(part.memory)
        }
        return MultipartForm.Part(
            name: disposition.name, filename: disposition.filename, contentType: part.contentType, content: content,
            byteCount: part.byteCount)
    }

    private func createFile() throws(MultipartError) -> MultipartSpoolFile {
        let file = try MultipartSpoolFile(directory: spoolDirectory)
        createdFiles.append(file.path)
        return file
    }

    /// Whether the parser has read the closing delimiter. multipart-kit has no end-of-input check, and it reports
    /// `onPartComplete` at every delimiter, so "the last event completed a part" also holds for a body cut just
    /// after an inner delimiter. Past the closing delimiter it ignores all input; in every other state NUL, CR, NUL
    /// makes it throw or report an event (NUL is not a header character and cannot start a delimiter; CR then NUL
    /// is no line end). Like multipart-kit, this takes one `-` after the last delimiter as the closing one.
    private func parserIsInEpilogue() -> Bool {
        defer { queue.events.removeAll() }
        do {
            try parser.execute(ByteBuffer(bytes: [0x00, 0x0D, 0x00]))
        } catch {
            return false
        }
        return queue.events.isEmpty
    }
}
