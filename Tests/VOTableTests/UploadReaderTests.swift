import Foundation
import Testing

@testable import VOTable

/// The upload fixtures (Uploads/, written by make-fixtures.sh), and helpers to read files and compare rows.
enum UploadTesting {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Uploads", isDirectory: true)

    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// Everything a read handed over.
    struct Read {
        var header: UploadHeader?
        var rows: [[UploadValue?]] = []
        var count = 0

        /// The rows as text, so that NaN equals NaN and a difference prints readably.
        var described: [[String]] { rows.map(UploadTesting.describe) }
    }

    static func read(
        _ path: String, maximumRows: Int = 1000, maximumColumns: Int = 100,
        tuning: UploadReader.Tuning = UploadReader.Tuning()
    ) throws -> Read {
        var header: UploadHeader?
        var rows: [[UploadValue?]] = []
        let count = try UploadReader.read(
            contentsOf: path, maximumRows: maximumRows, maximumColumns: maximumColumns, tuning: tuning
        ) {
            #expect(header == nil, "header is called once")
            header = $0
        } row: {
            #expect(header != nil, "header comes before the rows")
            rows.append($0)
        }
        #expect(count == rows.count)
        return Read(header: header, rows: rows, count: count)
    }

    /// Writes `contents` to a temporary file, reads it, and removes the file.
    static func read(
        contents: some Sequence<UInt8>, maximumRows: Int = 1000, maximumColumns: Int = 100,
        tuning: UploadReader.Tuning = UploadReader.Tuning()
    ) throws -> Read {
        try withTemporaryFile(contents) {
            try read($0, maximumRows: maximumRows, maximumColumns: maximumColumns, tuning: tuning)
        }
    }

    static func read(text: String, maximumRows: Int = 1000, maximumColumns: Int = 100) throws -> Read {
        try read(contents: Array(text.utf8), maximumRows: maximumRows, maximumColumns: maximumColumns)
    }

    static func withTemporaryFile<T>(_ contents: some Sequence<UInt8>, _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swifttap-upload-\(UUID())")
        try Data(contents).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    static func describe(_ row: [UploadValue?]) -> [String] {
        row.map { $0.map { String(describing: $0) } ?? "NULL" }
    }

    /// A minimal VOTable around `fields` and `data` (the content of DATA).
    static func votable(_ fields: String, _ data: String) -> String {
        """
        <?xml version="1.0"?>
        <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE name="t">
        \(fields)
        <DATA>\(data)</DATA>
        </TABLE></RESOURCE></VOTABLE>
        """
    }

    /// The message of the UploadReadError that `body` throws, if it throws one.
    static func error(_ body: () throws -> Read) -> UploadReadError? {
        do {
            _ = try body()
            return nil
        } catch let error as UploadReadError {
            return error
        } catch {
            Issue.record("not an UploadReadError: \(error)")
            return nil
        }
    }
}

@Suite("Upload reader: formats, limits, callers' errors")
struct UploadReaderTests {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let formats: [([UInt8], UploadFormat)] = [
        (Array("<VOTABLE/>".utf8), .votable),
        (byteOrderMark + Array(" \r\n\t<?xml version='1.0'?>".utf8), .votable),
        (Array("a,b\n1,2\n".utf8), .csv),
        (byteOrderMark + Array("a\n".utf8), .csv),
    ]

    @Test(arguments: formats)
    func detectsTheFormat(_ contents: [UInt8], _ format: UploadFormat) throws {
        for chunkSize in [1, 2, 64 * 1024] {
            let detected = try UploadTesting.withTemporaryFile(contents) {
                try UploadFormat.detect(path: $0, chunkSize: chunkSize)
            }
            #expect(detected == format)
        }
    }

    static let notTables: [([UInt8], String)] = [
        ([0x1F, 0x8B, 0x08, 0x00], "compressed uploads are not supported; send the table uncompressed"),
        (Array("SIMPLE  =                    T".utf8),
         "FITS files are not supported; send the table as a VOTable or CSV"),
        ([], "the upload is empty"),
        (byteOrderMark + [0x20, 0x0A], "the upload is empty"),
    ]

    @Test(arguments: notTables)
    func refusesWhatIsNoTable(_ contents: [UInt8], _ message: String) {
        #expect(UploadTesting.error { try UploadTesting.read(contents: contents) } == .invalid(message))
    }

    @Test func aMissingFileIsFoundationsError() {
        #expect(throws: CocoaError.self) {
            try UploadReader.read(
                contentsOf: "/nonexistent/upload", maximumRows: 1, maximumColumns: 1, header: { _ in }, row: { _ in })
        }
    }

    static let fiveRows = UploadTesting.votable(
        #"<FIELD name="a" datatype="int"/>"#,
        "<TABLEDATA>" + (1...5).map { "<TR><TD>\($0)</TD></TR>" }.joined() + "</TABLEDATA>")

    @Test(arguments: [
        (fiveRows, 4), (fiveRows, 0), ("a\n1\n2\n3\n4\n5\n", 4), ("a\n1\n2\n3\n4\n5\n", 0),
    ])
    func stopsAtTheRowAfterTheLimit(_ document: String, _ maximum: Int) throws {
        var delivered = 0
        let error = UploadTesting.error {
            try UploadTesting.withTemporaryFile(Array(document.utf8)) { path in
                try UploadReader.read(contentsOf: path, maximumRows: maximum, maximumColumns: 10) { _ in
                } row: { _ in
                    delivered += 1
                }
                return UploadTesting.Read()
            }
        }
        #expect(error == UploadReadError(.tooManyRows, "more than \(maximum) rows: this service takes at most "
            + "\(maximum) per query"))
        // VOTable rows stream; CSV refuses in its first pass, before any row.
        #expect(delivered == (document.hasPrefix("<") ? maximum : 0))
        #expect(try UploadTesting.read(text: document, maximumRows: 5).count == 5)
    }

    @Test(arguments: ["astropy-binary2.vot", "stilts-binary.vot"])
    func stopsInABinaryStream(_ name: String) throws {
        var delivered = 0
        #expect(throws: UploadReadError.tooManyRows(maximum: 2)) {
            try UploadReader.read(contentsOf: UploadTesting.fixture(name), maximumRows: 2, maximumColumns: 100) { _ in
            } row: { _ in
                delivered += 1
            }
        }
        #expect(delivered == 2)
    }

    /// The reader stops at the limit, so what follows is never parsed: neither a broken tail nor many more rows.
    @Test func stopsEarlyInAHugeTable() throws {
        let row = Array("<TR><TD>1</TD><TD>x</TD></TR>\n".utf8)
        var document = Array(#"<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="int"/>"#.utf8)
            + Array(#"<FIELD name="b" datatype="char" arraysize="*"/><DATA><TABLEDATA>"#.utf8)
        document.reserveCapacity(document.count + row.count * 200_000 + 20)
        for _ in 0..<200_000 {
            document += row
        }
        document += Array("<TR><TD>broken".utf8)
        let started = ContinuousClock.now
        let error = UploadTesting.error { try UploadTesting.read(contents: document, maximumRows: 10) }
        #expect(error?.kind == .tooManyRows)
        #expect(ContinuousClock.now - started < .seconds(5))
        let csv = Array("a,b\n".utf8) + Array(repeating: Array("1,x\n".utf8), count: 200_000).joined()
        #expect(UploadTesting.error { try UploadTesting.read(contents: csv, maximumRows: 10) }?.kind == .tooManyRows)
    }

    @Test(arguments: [
        (UploadTesting.votable(
            (1...5).map { #"<FIELD name="c\#($0)" datatype="int"/>"# }.joined(), "<TABLEDATA><TR/></TABLEDATA>"), 5),
        ("a,b,c,d,e\n1,2,3,4,5\n", 5),
    ])
    func refusesTooManyColumnsBeforeTheHeader(_ document: String, _ columns: Int) throws {
        let error = UploadTesting.error { try UploadTesting.read(text: document, maximumColumns: 4) }
        #expect(error == UploadReadError(.tooManyColumns, "5 columns: this service takes at most 4 per table"))
        #expect(try UploadTesting.read(text: document, maximumColumns: 5).header?.fields.count == columns)
    }

    struct CallerError: Error, Equatable {
        var stage: String
    }

    @Test(arguments: [UploadTesting.fixture("astropy-tabledata.vot"), UploadTesting.fixture("astropy-binary2.vot"),
        UploadTesting.fixture("sample.csv")])
    func callersErrorsPropagateUnchanged(_ path: String) {
        #expect(throws: CallerError(stage: "header")) {
            try UploadReader.read(contentsOf: path, maximumRows: 10, maximumColumns: 100) { _ in
                throw CallerError(stage: "header")
            } row: { _ in
                Issue.record("no row after the header failed")
            }
        }
        var rows = 0
        #expect(throws: CallerError(stage: "row 2")) {
            try UploadReader.read(contentsOf: path, maximumRows: 10, maximumColumns: 100) { _ in
            } row: { _ in
                rows += 1
                if rows == 2 {
                    throw CallerError(stage: "row 2")
                }
            }
        }
        #expect(rows == 2)
    }
}
