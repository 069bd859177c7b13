import Foundation
import NIOCore
import Testing

@testable import TAPHTTP

@Suite struct MultipartFormTests {
    @Test(arguments: Capture.all)
    func capturedBodyGivesItsParts(_ capture: Capture) async throws {
        #expect(try MultipartForm.boundary(ofContentType: capture.contentType) == capture.boundary)
        let spool = try Spool()
        let parts = try await spool.read(Chunks([ByteBuffer(bytes: capture.body)]), boundary: capture.boundary)
        #expect(parts == capture.expected)
        #expect(spool.files.isEmpty)
    }

    /// RFC 7578 gives no chunk edges: a delimiter, a header or a CRLF may be cut anywhere (pitfall 1).
    @Test(arguments: Capture.all)
    func everySplitGivesTheSameParts(_ capture: Capture) async throws {
        let spool = try Spool()
        let body = capture.body
        for offset in 0...body.count {
            let parts = try await spool.read(Chunks(body, cutAt: [offset]), boundary: capture.boundary)
            #expect(parts == capture.expected, "split at \(offset)")
        }
        #expect(try await spool.read(Chunks(body, every: 1), boundary: capture.boundary) == capture.expected)
        #expect(spool.files.isEmpty)
    }

    @Test func stiltsChunksAsSent() async throws {
        let capture = Capture.stilts
        let chunks = Chunks(capture.body, cutAt: [1204, 1336, 1368])
        #expect(try await Spool().read(chunks, boundary: capture.boundary) == capture.expected)
    }

    /// multipart-kit has no end-of-input check (pitfall 3): every cut before the closing delimiter is refused, and
    /// the files of the parts read so far are gone.
    @Test(arguments: Capture.all)
    func everyTruncationIsRefused(_ capture: Capture) async throws {
        let spool = try Spool()
        let body = capture.body
        let closing = Array("\r\n--\(capture.boundary)-".utf8)
        let start = try #require(
            (0...(body.count - closing.count)).last { body[$0..<($0 + closing.count)].elementsEqual(closing) })
        // Like multipart-kit, the reader takes the first `-` after the last delimiter as the end.
        for length in 0..<(start + closing.count - 1) {
            let error = await spool.error(Chunks([ByteBuffer(bytes: body[..<length])]), boundary: capture.boundary)
            let message =
                length == 0
                ? "the multipart/form-data body is empty"
                : "the multipart/form-data body ends before its closing boundary"
            #expect(error == .malformed(message), "cut at \(length)")
            #expect(spool.files.isEmpty, "cut at \(length)")
        }
    }

    /// pyvo's body: 846 bytes of content in 5 parts, 480 bytes of framing.
    @Test(arguments: [
        (MultipartForm.Limits(maximumBytes: 846), nil),
        (MultipartForm.Limits(maximumBytes: 845), MultipartError.tooLarge(
            "the request body exceeds this service's upload limit of 845 bytes")),
        (MultipartForm.Limits(maximumBytes: 846, maximumParts: 5), nil),
        (MultipartForm.Limits(maximumBytes: 846, maximumParts: 4), MultipartError.tooLarge(
            "the multipart/form-data body has more than 4 parts; this service takes at most 4")),
        (MultipartForm.Limits(maximumBytes: 846, maximumFramingBytes: 480), nil),
        (MultipartForm.Limits(maximumBytes: 846, maximumFramingBytes: 479), MultipartError.tooLarge(
            "the multipart/form-data body has more than 479 bytes outside its parts' contents (headers, delimiters, "
                + "preamble, epilogue)")),
    ] as [(MultipartForm.Limits, MultipartError?)])
    func limits(_ limits: MultipartForm.Limits, _ expected: MultipartError?) async throws {
        let spool = try Spool()
        let capture = Capture.pyvo
        let error = await spool.error(Chunks(capture.body, every: 7), boundary: capture.boundary, limits: limits)
        #expect(error == expected)
        #expect(spool.files.isEmpty)
    }

    /// Past the limit the reader asks for no more chunks: the server drains the rest, so that the client still
    /// reads the 413 (STILTS loses it if the connection closes while it writes).
    @Test func tooLargeStopsReading() async throws {
        let spool = try Spool()
        let content = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let bytes =
            crlf("--b|Content-Disposition: form-data; name=\"t\"; filename=\"t.csv\"||") + content + crlf("|--b--|")
        // The 100 KiB limit passes in the second 64 KiB chunk; asking for a third one would fail.
        let chunks = Chunks(Chunks(bytes, every: 64 * 1024).buffers, failAfter: 2)
        let error = await spool.error(chunks, boundary: "b", limits: .init(maximumBytes: 100 * 1024))
        #expect(error?.kind == .tooLarge)
        #expect(spool.files.isEmpty)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("Multipart/Form-Data;BOUNDARY=abc", "abc"),
        ("multipart/form-data; boundary=\"<<<--------------MULTIPART-BOUNDARY------->>>\"",
         "<<<--------------MULTIPART-BOUNDARY------->>>"),
        ("multipart/form-data; charset=utf-8; boundary=\"a \\\"b\\\\\"", "a \"b\\"),
        ("multipart/form-data; boundary=----=_Part_0_1.2", "----=_Part_0_1.2"),
        ("  multipart/form-data ; boundary = x ;", "x"),
        ("multipart/form-data; boundary=" + String(repeating: "7", count: 70), String(repeating: "7", count: 70)),
        ("application/x-www-form-urlencoded", nil),
        ("multipart/mixed; boundary=abc", nil),
        ("text/plain; boundary=\"", nil),
        ("", nil),
    ] as [(String, String?)])
    func boundaryOfContentType(_ contentType: String, _ expected: String?) throws {
        #expect(try MultipartForm.boundary(ofContentType: contentType) == expected)
    }

    @Test(arguments: [
        ("multipart/form-data", "the multipart/form-data Content-Type has no boundary parameter (RFC 7578 §4.1)"),
        ("multipart/form-data; charset=utf-8",
         "the multipart/form-data Content-Type has no boundary parameter (RFC 7578 §4.1)"),
        ("multipart/form-data; boundary=", "the Content-Type \"multipart/form-data; boundary=\" is not valid"),
        ("multipart/form-data; boundary=\"\"", "the multipart/form-data boundary is empty"),
        ("multipart/form-data; boundary=\"abc",
         "the Content-Type \"multipart/form-data; boundary=\"abc\" is not valid"),
        ("multipart/form-data; boundary=a; boundary=b",
         "the multipart/form-data Content-Type gives its boundary twice"),
        ("multipart/form-data; boundary=" + String(repeating: "7", count: 71),
         "the multipart/form-data boundary is 71 characters long; RFC 2046 allows at most 70"),
        ("multipart/form-data; boundary=\"caf\u{E9}\"",
         "the multipart/form-data boundary has characters other than printable ASCII"),
    ])
    func badBoundaryIsRefused(_ contentType: String, _ message: String) {
        #expect(throws: MultipartError.malformed(message)) { try MultipartForm.boundary(ofContentType: contentType) }
    }

    /// multipart-kit preconditions a non-empty boundary (pitfall 2): `read` checks it first, whoever calls it.
    @Test(arguments: ["", String(repeating: "b", count: 71), "a\r\nb"])
    func readRefusesABadBoundary(_ boundary: String) async throws {
        let error = try await Spool().error(Chunks([ByteBuffer(string: "--x--\r\n")]), boundary: boundary)
        #expect(error?.kind == .malformed)
    }

    @Test(arguments: [
        ("form-data; name=\"x\"", ContentDisposition(name: "x")),
        ("form-data; name=\"t\"; filename=\"t\"", ContentDisposition(name: "t", filename: "t")),
        ("FORM-DATA; FILENAME=\"my table.vot\";NAME=t", ContentDisposition(name: "t", filename: "my table.vot")),
        ("form-data; name=\"a\\\"b\\\\c\"; filename=\"\"", ContentDisposition(name: "a\"b\\c", filename: "")),
        ("form-data; name=\"caf\u{E9}\"; size=12; filename*=UTF-8''x", ContentDisposition(name: "caf\u{E9}")),
        ("form-data; name=\"a;b=c\"", ContentDisposition(name: "a;b=c")),
        ("form-data ; name = UPLOAD ;", ContentDisposition(name: "UPLOAD")),
    ])
    func contentDisposition(_ text: String, _ expected: ContentDisposition) throws {
        #expect(try ContentDisposition(parsing: text) == expected)
    }

    @Test(arguments: [
        ("attachment; name=\"x\"",
         "its Content-Disposition is \"attachment\", and multipart/form-data parts must be form-data (RFC 7578 §4.2)"),
        ("form-data", "its Content-Disposition has no name (RFC 7578 §4.2)"),
        ("form-data; filename=\"x\"", "its Content-Disposition has no name (RFC 7578 §4.2)"),
        ("form-data; name=\"\"", "its Content-Disposition has no name (RFC 7578 §4.2)"),
        ("form-data; name=\"a\"; NAME=\"b\"", "its Content-Disposition gives the name or filename twice"),
        ("form-data; name=\"x", "its Content-Disposition \"form-data; name=\"x\" is not valid (RFC 7578 §4.2)"),
        ("form-data; name", "its Content-Disposition \"form-data; name\" is not valid (RFC 7578 §4.2)"),
        ("form-data; name=x\"y\"", "its Content-Disposition \"form-data; name=x\"y\"\" is not valid (RFC 7578 §4.2)"),
        ("", "its Content-Disposition \"\" is not valid (RFC 7578 §4.2)"),
    ])
    func badContentDisposition(_ text: String, _ message: String) {
        #expect(throws: MultipartError.malformed(message)) { try ContentDisposition(parsing: text) }
    }

    /// Hand-written bodies in the shapes the captures do not cover; `|` is CRLF.
    @Test(arguments: [
        // curl -F 'UPLOAD=t,param:t' -F 't=<file' sends the table as a field, with no filename; DALI's example
        // writes `Content-disposition`; a preamble and an epilogue are allowed (RFC 2046 §5.1.1).
        ("field upload", "preamble|--b|Content-disposition: form-data; name=\"UPLOAD\"||t,param:t|--b|"
            + "content-type: text/csv|X-Other: 1|CONTENT-DISPOSITION: Form-Data; Name=\"t\"||a,b|1,2|--b--|epilogue",
         [Summary.text("UPLOAD", "t,param:t"), Summary.text("t", "a,b\r\n1,2", type: "text/csv")]),
        // The file before the UPLOAD that names it, an empty file, and content that almost matches a delimiter.
        ("file first", "--b|Content-Disposition: form-data; name=\"t\"; filename=\"t.vot\"||\r\n--a\r\r\n-|--b|"
            + "Content-Disposition: form-data; name=\"e\"; filename=\"e\"|||--b|"
            + "Content-Disposition: form-data; name=\"UPLOAD\"||t,param:t;e,param:e|--b--",
         [Summary(name: "t", filename: "t.vot", contentType: nil, bytes: crlf("|--a\r|-"), onDisk: true),
          Summary(name: "e", filename: "e", contentType: nil, bytes: [], onDisk: true),
          Summary.text("UPLOAD", "t,param:t;e,param:e")]),
    ] as [(String, String, [Summary])])
    func handWrittenBody(_ label: String, _ text: String, _ expected: [Summary]) async throws {
        let spool = try Spool()
        for size in [1, 5, 1000] {
            #expect(try await spool.read(Chunks(crlf(text), every: size), boundary: "b") == expected, "\(label)")
        }
        #expect(spool.files.isEmpty)
    }

    @Test(arguments: [
        ("--b|X: 1||v|--b--",
         "part 1 of the multipart/form-data body has no Content-Disposition header (RFC 7578 §4.2)"),
        ("--b|Content-Disposition: form-data; name=\"a\"||v|--b||v|--b--",
         "part 2 of the multipart/form-data body has no Content-Disposition header (RFC 7578 §4.2)"),
        ("--b|Content-Disposition: form-data||v|--b--",
         "part 1 of the multipart/form-data body: its Content-Disposition has no name (RFC 7578 §4.2)"),
        ("--b|Content-Disposition: form-data; name=a|Content-Disposition: form-data; name=b||v|--b--",
         "part 1 of the multipart/form-data body repeats its Content-Disposition or Content-Type header"),
        // Bare LF, a folded header, junk after a delimiter: multipart-kit's own syntax errors.
        ("--b\nContent-Disposition: form-data; name=a||v|--b--", "malformed multipart/form-data body"),
        ("--b|Content-Disposition: form-data;| name=a||v|--b--", "malformed multipart/form-data body"),
        ("--b|Content-Disposition: form-data; name=a||v|--bx|--b--", "malformed multipart/form-data body"),
        // No delimiter at all, and a part cut right after an inner delimiter.
        ("name=a&b=c", "the multipart/form-data body ends before its closing boundary"),
        ("--b|Content-Disposition: form-data; name=a||v|--b|",
         "the multipart/form-data body ends before its closing boundary"),
    ])
    func malformedBody(_ text: String, _ message: String) async throws {
        let spool = try Spool()
        #expect(await spool.error(Chunks([ByteBuffer(bytes: crlf(text))]), boundary: "b") == .malformed(message))
    }

    /// Parts without a filename stay in memory up to `maximumMemoryPartBytes`; bigger ones spill to a file, since
    /// `UPLOAD=t,param:t` may name them. Parts with a filename always go to a file.
    @Test(arguments: [(64 * 1024, nil, false), (64 * 1024 + 1, nil, true), (0, "f", true), (10, "f", true)]
        as [(Int, String?, Bool)])
    func partsSpillToFiles(_ size: Int, _ filename: String?, _ onDisk: Bool) async throws {
        let spool = try Spool()
        let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let disposition = "form-data; name=\"t\"" + (filename.map { "; filename=\"\($0)\"" } ?? "")
        let bytes = crlf("--b|Content-Disposition: \(disposition)||") + content + crlf("|--b--|")
        let parts = try await spool.read(Chunks(bytes, every: 1000), boundary: "b")
        #expect(parts == [Summary(name: "t", filename: filename, contentType: nil, bytes: content, onDisk: onDisk)])
    }

    /// On every error the spool files of earlier parts and of the part being read are deleted: here a spilled
    /// parameter and a file, then the body ends early or the client goes away.
    @Test(arguments: [false, true])
    func errorsRemoveFiles(clientGoes: Bool) async throws {
        let spool = try Spool()
        let big = [UInt8](repeating: UInt8(ascii: "y"), count: 100_000)
        let bytes =
            crlf("--b|Content-Disposition: form-data; name=\"p\"||") + big
            + crlf("|--b|Content-Disposition: form-data; name=\"f\"; filename=\"f\"||abc")
        let buffers = Chunks(bytes, every: 4096).buffers
        let error = await spool.error(Chunks(buffers, failAfter: clientGoes ? buffers.count : .max), boundary: "b")
        let message =
            clientGoes
            ? "the request body could not be read to its end"
            : "the multipart/form-data body ends before its closing boundary"
        #expect(error == .malformed(message))
        #expect(spool.files.isEmpty)
    }

    /// A spool file that cannot be created is the service's fault, not the client's.
    @Test func unwritableSpoolIsAStorageFailure() async throws {
        let capture = Capture.pyvo
        let expected = MultipartError(
            .storageFailed, "could not create an upload spool file: No such file or directory")
        await #expect(throws: expected) {
            try await MultipartForm.read(
                Chunks([ByteBuffer(bytes: capture.body)]), boundary: capture.boundary,
                spoolDirectory: "/nonexistent-\(UUID().uuidString)", limits: .init(maximumBytes: 1 << 20))
        }
    }

    @Test func textIsUTF8InMemoryOnly() {
        func part(_ content: MultipartForm.Part.Content) -> MultipartForm.Part {
            MultipartForm.Part(name: "p", filename: nil, contentType: nil, content: content, byteCount: 2)
        }
        #expect(part(.memory(Array("é".utf8))).text == "é")
        #expect(part(.memory([0xC3, 0x28])).text == nil)
        #expect(part(.file(path: "/tmp/x")).text == nil)
    }
}

extension MultipartFormTests {
    /// A part as a test compares it: where its content went, and the content itself (read back from its file).
    struct Summary: Equatable, CustomStringConvertible {
        var name: String
        var filename: String?
        var contentType: String?
        var bytes: [UInt8]
        var onDisk: Bool

        var description: String {
            "\(name) filename=\(filename ?? "-") type=\(contentType ?? "-") \(bytes.count) bytes"
                + (onDisk ? " on disk" : "")
        }

        /// A parameter as pyvo, STILTS and curl send it: in memory, no filename.
        static func text(_ name: String, _ value: String, type: String? = nil) -> Summary {
            Summary(name: name, filename: nil, contentType: type, bytes: Array(value.utf8), onDisk: false)
        }
    }

    /// A request body captured from a real client against a loopback mock by Cases/multipart/capture.py:
    /// <name>.body, the request's Content-Type in <name>.content-type, and the uploaded table as the client had it in
    /// `upload.fixture` (for STILTS, which writes it on the fly, cut out of the body by the script).
    struct Capture: Sendable, CustomTestStringConvertible {
        var name: String
        var boundary: String
        var parameters: [(name: String, value: String)]
        /// STILTS labels each parameter part; pyvo and curl do not.
        var parameterType: String?
        var upload: (name: String, filename: String, type: String?, fixture: String)

        var testDescription: String { name }

        static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Cases/multipart")

        static func fixture(_ file: String) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path) else {
                fatalError("missing fixture Cases/multipart/\(file)")
            }
            return Array(data)
        }

        var body: [UInt8] { Self.fixture("\(name).body") }
        var contentType: String { String(decoding: Self.fixture("\(name).content-type"), as: UTF8.self) }

        var expected: [Summary] {
            parameters.map { Summary.text($0.name, $0.value, type: parameterType) } + [
                Summary(
                    name: upload.name, filename: upload.filename, contentType: upload.type,
                    bytes: Self.fixture(upload.fixture), onDisk: true)
            ]
        }

        /// pyvo 1.9.1 `run_sync(q, uploads={'t': astropy_table})`: Content-Length, no part Content-Types.
        static let pyvo = Capture(
            name: "pyvo-sync", boundary: "77f673b65da0f0b7a32d5661ab169ad7",
            parameters: queryT, upload: ("t", "t", nil, "pyvo-sync-upload.xml"))
        /// STILTS 3.4.7 `tapquery … upload1=x.csv ufmt1=csv upname1=up1 sync=true`: chunked (1204, 132, 32 and 53
        /// bytes), a quoted boundary with `<`, `>` and `-`, a CRLF before the first delimiter, the part named
        /// `upload_<table>`, and the CSV sent as a VOTable 1.2 that STILTS writes with a timestamp in a comment.
        static let stilts = Capture(
            name: "stilts-sync", boundary: "<<<--------------MULTIPART-BOUNDARY------->>>",
            parameters: [
                ("REQUEST", "doQuery"), ("LANG", "ADQL"), ("QUERY", "SELECT * FROM TAP_UPLOAD.up1"),
                ("UPLOAD", "up1,param:upload_up1"),
            ],
            parameterType: "text/plain; charset=UTF-8",
            upload: ("upload_up1", "upload_up1", "application/x-votable+xml", "stilts-sync-upload.xml"))
        /// curl 7.88.1 `-F REQUEST=doQuery -F LANG=ADQL -F QUERY=… -F UPLOAD=t,param:t -F t=@mine.vot`.
        static let curl = Capture(
            name: "curl-sync", boundary: "------------------------1be330d1da624d23",
            parameters: queryT, upload: ("t", "mine.vot", "application/octet-stream", "curl-sync-upload.vot"))

        static let all = [pyvo, stilts, curl]
        private static let queryT = [
            ("REQUEST", "doQuery"), ("LANG", "ADQL"), ("QUERY", "SELECT * FROM TAP_UPLOAD.t"), ("UPLOAD", "t,param:t"),
        ]
    }

    /// Buffers handed out one at a time, as Hummingbird's request body hands out chunks.
    struct Chunks: AsyncSequence, Sendable {
        struct ClientGone: Error {}

        var buffers: [ByteBuffer]
        /// Asking for more than this many buffers fails, as a body does when its client disconnects: a reader that
        /// stops early never sees the failure.
        var failAfter: Int

        init(_ buffers: [ByteBuffer], failAfter: Int = .max) {
            self.buffers = buffers
            self.failAfter = failAfter
        }

        /// `bytes` cut at the given offsets.
        init(_ bytes: [UInt8], cutAt offsets: [Int]) {
            let edges = [0] + offsets + [bytes.count]
            self.init(zip(edges, edges.dropFirst()).map { ByteBuffer(bytes: bytes[$0..<$1]) })
        }

        /// `bytes` in pieces of `size`.
        init(_ bytes: [UInt8], every size: Int) {
            self.init(bytes, cutAt: Array(stride(from: size, to: bytes.count, by: size)))
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: buffers[...], allowed: failAfter) }

        struct AsyncIterator: AsyncIteratorProtocol {
            var remaining: ArraySlice<ByteBuffer>
            var allowed: Int

            mutating func next() async throws -> ByteBuffer? {
                guard allowed > 0 else { throw ClientGone() }
                allowed -= 1
                return remaining.popFirst()
            }
        }
    }

    /// A fresh spool directory per test, so that a test can see exactly which files a read left behind.
    final class Spool {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("multipart-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }

        /// Reads `chunks`, summarises the parts and deletes the files they left, as the caller of `read` must.
        func read(
            _ chunks: Chunks, boundary: String, limits: MultipartForm.Limits = .init(maximumBytes: 1 << 30)
        ) async throws(MultipartError) -> [Summary] {
            let form = try await MultipartForm.read(chunks, boundary: boundary, spoolDirectory: path, limits: limits)
            return form.parts.map { part in
                var bytes: [UInt8]
                var onDisk = false
                switch part.content {
                case .memory(let content):
                    bytes = content
                case .file(let file):
                    onDisk = true
                    #expect(file.hasPrefix(path + "/"))
                    bytes = Array(FileManager.default.contents(atPath: file) ?? Data())
                    try? FileManager.default.removeItem(atPath: file)
                }
                #expect(bytes.count == part.byteCount)
                return Summary(
                    name: part.name, filename: part.filename, contentType: part.contentType, bytes: bytes,
                    onDisk: onDisk)
            }
        }

        /// The error `read` throws, or nil.
        func error(
            _ chunks: Chunks, boundary: String, limits: MultipartForm.Limits = .init(maximumBytes: 1 << 30)
        ) async -> MultipartError? {
            do {
                _ = try await read(chunks, boundary: boundary, limits: limits)
                return nil
            } catch {
                return error
            }
        }
    }
}

/// A hand-written body with CRLF line ends, as the clients send them: `|` stands for CRLF.
private func crlf(_ text: String) -> [UInt8] {
    Array(text.replacingOccurrences(of: "|", with: "\r\n").utf8)
}
