import NIOCore

/// A multipart/form-data body (RFC 7578) read to its end: the parts in the order sent, small ones in memory,
/// files on disk. DALI 1.2 §2 has every POST endpoint accept this encoding; TAP_UPLOAD needs it for inline
/// tables (DALI 1.1 §3.4.5, `param:X` names a part).
///
/// Parts are not classified here: whether a part is a parameter or an upload is known only when the whole body
/// is in, because UPLOAD may come after the part it names.
struct MultipartForm: Sendable {
    struct Part: Sendable, Equatable {
        /// The Content-Disposition `name`, unescaped.
        var name: String
        var filename: String?
        /// The part's Content-Type as sent (STILTS and curl send one, pyvo and browsers' text fields do not).
        var contentType: String?
        var content: Content
        var byteCount: Int

        enum Content: Sendable, Equatable {
            case memory([UInt8])
            /// A file in the spool directory, which the caller now owns and must delete.
            case file(path: String)
        }

        /// The content as text when it is in memory (a parameter); nil for a spooled file, and nil when the
        /// bytes are not UTF-8, rather than a repaired string that differs from what the client sent.
        var text: String? {
            guard case .memory(let bytes) = content else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.elementsEqual(bytes) ? text : nil
        }
    }

    /// What one request may send; each limit is checked while the body streams in.
    struct Limits: Sendable {
        /// All part contents together: the upload limit. Passing it gives `.tooLarge`.
        var maximumBytes: Int
        /// A part bigger than this spills to a file in the spool directory.
        var maximumMemoryPartBytes: Int = 64 * 1024
        /// Passing it gives `.tooLarge`.
        var maximumParts: Int = 100
        /// Bytes that are not part content (preamble, delimiters, headers, epilogue). multipart-kit keeps a header
        /// line in memory however long it is, so without this a body of one endless header would exhaust memory.
        var maximumFramingBytes: Int = 1 << 20
    }

    var parts: [Part]

    /// The longest boundary RFC 2046 §5.1.1 allows.
    static let maximumBoundaryLength = 70

    /// The boundary parameter of a `multipart/form-data; boundary=…` Content-Type, quoted or not (STILTS quotes
    /// it and puts `<`, `>` and `-` in it, characters RFC 2046 does not list but which frame a body just as well).
    /// nil when the type is not multipart/form-data; `.malformed` when the boundary is missing, repeated, empty,
    /// longer than 70 characters or not printable ASCII.
    static func boundary(ofContentType contentType: String) throws(MultipartError) -> String? {
        let type = contentType.prefix { $0 != ";" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard type.count == 1, type[0].lowercased() == "multipart/form-data" else { return nil }
        guard let value = MultipartHeaderValue(parsing: contentType) else {
            throw .malformed("the Content-Type \"\(MultipartError.excerpt(contentType))\" is not valid")
        }
        let boundaries = value.values(of: "boundary")
        guard boundaries.count == 1, let boundary = boundaries.first else {
            throw .malformed(
                boundaries.isEmpty
                    ? "the multipart/form-data Content-Type has no boundary parameter (RFC 7578 §4.1)"
                    : "the multipart/form-data Content-Type gives its boundary twice")
        }
        try validate(boundary: boundary)
        return boundary
    }

    /// Reads the whole body. Parts bigger than `maximumMemoryPartBytes`, and every part with a filename, go to new
    /// files in `spoolDirectory`, which must exist. On any error the files created so far are deleted before it
    /// throws; a `.tooLarge` error stops reading at once, and the HTTP server drains what is left.
    static func read<Body: AsyncSequence>(
        _ body: Body, boundary: String, spoolDirectory: String, limits: Limits
    ) async throws(MultipartError) -> MultipartForm where Body.Element == ByteBuffer {
        // multipart-kit preconditions a non-empty boundary: a crash, not an error, so check before it sees one.
        try validate(boundary: boundary)
        let reader = MultipartReader(boundary: boundary, spoolDirectory: spoolDirectory, limits: limits)
        do {
            for try await chunk in body { try reader.consume(chunk) }
            return MultipartForm(parts: try reader.finish())
        } catch let error as MultipartError {
            reader.discard()
            throw error
        } catch {
            reader.discard()
            throw .malformed("the request body could not be read to its end")
        }
    }

    static func validate(boundary: String) throws(MultipartError) {
        guard !boundary.isEmpty else { throw .malformed("the multipart/form-data boundary is empty") }
        guard boundary.utf8.count <= maximumBoundaryLength else {
            throw .malformed(
                "the multipart/form-data boundary is \(boundary.utf8.count) characters long; RFC 2046 allows at most "
                    + "\(maximumBoundaryLength)")
        }
        guard boundary.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .malformed("the multipart/form-data boundary has characters other than printable ASCII")
        }
    }
}
