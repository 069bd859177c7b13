import Foundation
import Testing

@testable import VOTable

/// The row state machine of BINARY and BINARY2, fed the decoded bytes of real streams in every possible way.
@Suite("Upload BINARY and BINARY2 row decoder")
struct UploadBinaryDecoderTests {
    struct Stream: CustomTestStringConvertible {
        var name: String
        var columns: [UploadCellFormat]
        var nullFlags: Bool
        var bytes: [UInt8]
        var testDescription: String { name }
    }

    /// A fixture's decoded STREAM bytes, and its columns (with the VALUES null values the fixture declares).
    static func stream(_ name: String, nulls: [String: String] = [:]) throws -> Stream {
        let text = try UploadBase64DecoderTests.streamText(name)
        let bytes = [UInt8](Data(base64Encoded: text, options: .ignoreUnknownCharacters)!)
        let header = try UploadTesting.read(UploadTesting.fixture(name)).header
        let columns = try (header?.fields ?? []).map {
            try UploadCellFormat(
                name: $0.name, datatype: $0.datatype, arraysize: $0.arraysize, nullText: nulls[$0.name])
        }
        return Stream(name: name, columns: columns, nullFlags: name.contains("binary2"), bytes: bytes)
    }

    static func streams() throws -> [Stream] {
        [
            try stream("astropy-binary2.vot", nulls: ["small": "32767"]),
            try stream("astropy-binary.vot", nulls: ["small": "32767"]),
            try stream("stilts-binary2.vot"),
            try stream("stilts-binary.vot", nulls: ["id": "-9223372036854775808", "small": "-32768", "ubyte": "255"]),
        ]
    }

    /// Feeds `pieces` in turn and returns the rows, described.
    static func decode(_ stream: Stream, _ pieces: [ArraySlice<UInt8>]) throws -> [[String]] {
        var decoder = UploadBinaryDecoder(columns: stream.columns, nullFlags: stream.nullFlags)
        var rows: [[String]] = []
        for piece in pieces {
            try decoder.feed(piece) { rows.append(UploadTesting.describe($0)) }
        }
        try decoder.finish()
        return rows
    }

    @Test(arguments: try streams())
    func bytesOneAtATime(_ stream: Stream) throws {
        let whole = try Self.decode(stream, [stream.bytes[...]])
        #expect(whole.count == 3)
        let single = try Self.decode(stream, stream.bytes.indices.map { stream.bytes[$0...$0] })
        #expect(single == whole)
    }

    @Test(arguments: try streams())
    func everySplitPoint(_ stream: Stream) throws {
        let whole = try Self.decode(stream, [stream.bytes[...]])
        for split in 0...stream.bytes.count {
            let rows = try Self.decode(stream, [stream.bytes[..<split], stream.bytes[split...]])
            #expect(rows == whole, "split at \(split)")
        }
    }

    /// A stream cut anywhere but between rows is refused, naming the row it ends in.
    @Test(arguments: try streams())
    func everyTruncation(_ stream: Stream) throws {
        var decoder = UploadBinaryDecoder(columns: stream.columns, nullFlags: stream.nullFlags)
        var rowEnds: Set<Int> = [0]
        for (offset, byte) in stream.bytes.enumerated() {
            try decoder.feed([byte]) { _ in }
            if decoder.rowCount > rowEnds.count - 1 {
                rowEnds.insert(offset + 1)
            }
        }
        for length in 0..<stream.bytes.count {
            let serialisation = stream.nullFlags ? "BINARY2" : "BINARY"
            let row = rowEnds.filter { $0 <= length }.count
            let expected = rowEnds.contains(length)
                ? nil : UploadReadError.invalid("the \(serialisation) data end inside row \(row)")
            var error: UploadReadError?
            do {
                _ = try Self.decode(stream, [stream.bytes[..<length]])
            } catch let caught as UploadReadError {
                error = caught
            }
            #expect(error == expected, "cut after \(length) bytes")
        }
    }

    static func column(_ datatype: Datatype, _ arraysize: String? = nil, null: String? = nil) -> UploadCellFormat {
        try! UploadCellFormat(name: "x", datatype: datatype, arraysize: arraysize, nullText: null)
    }

    @Test(arguments: [
        // astropy writes a true scalar bit as 0x08; any nonzero byte is true.
        (column(.bit), [0x08], UploadValue?.some(.boolean(true))),
        (column(.bit), [0x80], .boolean(true)), (column(.bit), [0x00], .boolean(false)),
        (column(.bit, "10"), [0xA5, 0x40], .text("1010010101")),
        (column(.boolean), [0x74], .boolean(true)), (column(.boolean), [0x30], .boolean(false)),
        (column(.boolean), [0x3F], nil), (column(.boolean), [0x20], nil), (column(.boolean), [0x00], nil),
        (column(.boolean, "3"), [0x54, 0x66, 0x00], .text("TF?")),
        (column(.unsignedByte), [0xFF], .integer(255)), (column(.short), [0xFF, 0xFE], .integer(-2)),
        (column(.short, null: "-2"), [0xFF, 0xFE], nil), (column(.int), [0x80, 0, 0, 0], .integer(-2_147_483_648)),
        (column(.long, null: "0x7fffffffffffffff"), [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], nil),
        (column(.float), [0x3D, 0xCC, 0xCC, 0xCD], .real(0.1)),
        (column(.float), [0x7F, 0xC0, 0, 0], .real(.nan)),
        (column(.double), [0xFF, 0xF0, 0, 0, 0, 0, 0, 0], .real(-.infinity)),
        (column(.floatComplex), [0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0], .reals([1, -2])),
        (column(.short, "2x*"), [0, 0, 0, 2, 0, 1, 0xFF, 0xFF], .integers([1, -1])),
        (column(.int, "*"), [0, 0, 0, 0], nil),
        // char: cut at NUL, trailing spaces stripped; UTF-8, else Latin-1 as STIL writes it.
        (column(.char, "6"), [0x61, 0x20, 0x62, 0x20, 0x00, 0x63], .text("a b")),
        (column(.char, "*"), [0, 0, 0, 3, 0xC3, 0xA9, 0x21], .text("é!")),
        (column(.char, "*"), [0, 0, 0, 2, 0xE9, 0x21], .text("é!")),
        (column(.char, "4"), [0x20, 0x20, 0, 0], nil), (column(.char, "2", null: "NA"), [0x4E, 0x41], nil),
        (column(.unicodeChar, "3"), [0x96, 0xEA, 0, 0x41, 0, 0], .text("雪A")),
        (column(.unicodeChar, "*"), [0, 0, 0, 2, 0xD8, 0x3D, 0xDE, 0x00], .text("😀")),
    ] as [(UploadCellFormat, [UInt8], UploadValue?)])
    func decodesCells(_ column: UploadCellFormat, _ bytes: [UInt8], _ value: UploadValue?) throws {
        var decoder = UploadBinaryDecoder(columns: [column], nullFlags: false)
        var rows: [[UploadValue?]] = []
        try decoder.feed(bytes) { rows.append($0) }
        try decoder.finish()
        #expect(rows.map(UploadTesting.describe) == [UploadTesting.describe([value])])
    }

    /// BINARY2's flags: one bit per column, most significant first; a flagged cell's bytes are skipped.
    @Test func nullFlagsSkipTheCellsBytes() throws {
        let columns = (1...9).map { _ in Self.column(.short) }
        var decoder = UploadBinaryDecoder(columns: columns, nullFlags: true)
        let row: [UInt8] = [0b0100_0000, 0b1000_0000] + (1...9).flatMap { [0, UInt8($0)] }
        var rows: [[UploadValue?]] = []
        try decoder.feed(row + row) { rows.append($0) }
        try decoder.finish()
        let expected: [UploadValue?] = [.integer(1), nil] + (3...8).map { .integer(Int64($0)) } + [nil]
        #expect(rows.map(UploadTesting.describe) == Array(repeating: UploadTesting.describe(expected), count: 2))
    }

    @Test func refusesAnArrayLengthOutOfRange() {
        var decoder = UploadBinaryDecoder(columns: [Self.column(.int, "*")], nullFlags: true)
        let message = "row 1, column x: the BINARY2 array length 4294967295 is out of range"
        #expect(throws: UploadReadError.invalid(message)) {
            try decoder.feed([0, 0xFF, 0xFF, 0xFF, 0xFF]) { _ in }
        }
    }

    /// A length prefix reserves nothing: a huge claimed array just waits for bytes that never come.
    @Test func aHugeLengthWaitsForItsBytes() throws {
        var decoder = UploadBinaryDecoder(columns: [Self.column(.double, "*")], nullFlags: false)
        try decoder.feed([0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]) { _ in Issue.record("no row") }
        #expect(throws: UploadReadError.invalid("the BINARY data end inside row 1")) { try decoder.finish() }
    }
}
