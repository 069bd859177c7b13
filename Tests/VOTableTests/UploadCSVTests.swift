import Foundation
import Testing

@testable import VOTable

/// CSV uploads (RFC 4180 with a header row): splitting, type inference, and refusals.
@Suite("Upload CSV")
struct UploadCSVTests {
    /// sample.csv: a byte order mark, CRLF, quotes with commas, "" and a line break, NaN and -Inf, booleans in
    /// three cases, the largest long, an empty quoted field, and an unnamed last column.
    @Test(arguments: [1, 2, 3, 7, 64 * 1024])
    func readsTheSample(_ chunkSize: Int) throws {
        let read = try UploadTesting.read(
            UploadTesting.fixture("sample.csv"), tuning: UploadReader.Tuning(fileChunkSize: chunkSize))
        #expect(read.header?.tableName == nil)
        #expect(
            read.header?.fields == [
                Field(name: "id", datatype: .long), Field(name: "ra", datatype: .double),
                Field(name: "dec", datatype: .double), Field(name: "name", datatype: .char, arraysize: "*"),
                Field(name: "ok", datatype: .boolean), Field(name: "note", datatype: .char, arraysize: "*"),
                Field(name: "col7", datatype: .char, arraysize: "*"),
            ])
        #expect(
            read.described
                == [
                    [
                        .integer(1), .real(10.5), .real(-5.25), .text("NGC 4 é"), .boolean(true), .text("a, b"),
                        .text("x"),
                    ],
                    [.integer(2), .real(.nan), .real(90), .text("雪"), .boolean(false), .text(#"say "hi""#), nil],
                    [.integer(3), nil, .real(-.infinity), nil, .boolean(true), .text("two\nlines"), .text("z")],
                    [.integer(.max), .real(1000), .real(0), nil, nil, .text("plain"), nil],
                ].map(UploadTesting.describe))
    }

    @Test func readsWhatSTILTSReadsToo() throws {
        let read = try UploadTesting.read(UploadTesting.fixture("stilts-input.csv"))
        #expect(read.header.map(UploadFixtureTests.summary) == ["id:long", "ra:double", "dec:double", "name:char[*]"])
        #expect(read.described.last == UploadTesting.describe([.integer(3), nil, .real(-89.5), nil]))
    }

    @Test(arguments: [
        ("1\n-2\n+3\n", Datatype.long, [.integer(1), .integer(-2), .integer(3)]),
        ("1\n\n 2 \n", .long, [.integer(1), .integer(2)]),
        ("1\n9223372036854775808\n", .double, [.real(1), .real(9_223_372_036_854_775_808)]),
        ("1\n2.5\nNaN\n-Infinity\n1e3\n", .double, [.real(1), .real(2.5), .real(.nan), .real(-.infinity), .real(1000)]),
        ("true\nFALSE\n\"\"\n", .boolean, [.boolean(true), .boolean(false), nil]),
        ("true\n1\n", .char, [.text("true"), .text("1")]),
        ("0x1A\n12\n", .char, [.text("0x1A"), .text("12")]),
        (" a \n\" \"\n", .char, [.text(" a "), .text(" ")]),
        ("\"\"\n\"\"\n", .char, [nil, nil]),
    ] as [(String, Datatype, [UploadValue?])])
    func infersTheType(_ values: String, _ datatype: Datatype, _ expected: [UploadValue?]) throws {
        let read = try UploadTesting.read(text: "x\n" + values)
        #expect(read.header?.fields.first?.datatype == datatype)
        #expect(read.header?.fields.first?.arraysize == (datatype == .char ? "*" : nil))
        #expect(read.described == expected.map { UploadTesting.describe([$0]) })
    }

    @Test(arguments: [
        ("a,b\r\n1,2", [["integer(1)", "integer(2)"]]),
        ("a,b\r1,2\r3,4\r", [["integer(1)", "integer(2)"], ["integer(3)", "integer(4)"]]),
        ("\"a\",\"b\"\n\"1\",\"\"\n", [["integer(1)", "NULL"]]),
        (" a , ,\n1,2,3\n", [["integer(1)", "integer(2)", "integer(3)"]]),
        ("a\n\"x\ny\"\n\n\n", [[#"text("x\ny")"#]]),
        ("a\nb\"c\n", [[#"text("b\"c")"#]]),
        // A byte order mark counts only at the start of the file.
        ("a\n\u{FEFF}x\n", [["text(\"\u{FEFF}x\")"]]),
    ])
    func splitsRecords(_ text: String, _ rows: [[String]]) throws {
        for chunkSize in [1, 2, 1024] {
            let read = try UploadTesting.read(
                contents: Array(text.utf8), tuning: UploadReader.Tuning(fileChunkSize: chunkSize))
            #expect(read.described == rows)
        }
    }

    /// Bytes that start like a byte order mark and are not one are text.
    @Test(arguments: [1, 2, 1024])
    func keepsTheStartOfANonMark(_ chunkSize: Int) throws {
        let read = try UploadTesting.read(
            contents: [0xEF, 0xBB, 0x41, 0x0A, 0x31, 0x0A], tuning: UploadReader.Tuning(fileChunkSize: chunkSize))
        #expect(read.header?.fields.map(\.name) == ["\u{EF}\u{BB}A"])
    }

    @Test func namesEmptyHeadersByPosition() throws {
        let read = try UploadTesting.read(text: " a , ,\n1,2,3\n")
        #expect(read.header?.fields.map(\.name) == ["a", "col2", "col3"])
    }

    /// Latin-1 text from a spreadsheet is read as Latin-1 rather than refused.
    @Test func readsLatin1() throws {
        let read = try UploadTesting.read(contents: Array("name\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x0A])
        #expect(read.described == [[#"text("Café")"#]])
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n4,5\n", "row 2 has 2 fields for 3 columns"),
        ("a,b\n1,2,3\n", "row 1 has 3 fields for 2 columns"),
        ("a\n\"open\n", "the CSV ends inside a quoted field, in row 1"),
        ("\"a\nb\n", "the CSV ends inside a quoted field, in the header row"),
        ("a\n\"x\"y\n", "Row 1 has text after a closing quote: quote the whole field, and write a quote inside it "
            + "as \"\""),
        ("\"a\"b\n", "The header row has text after a closing quote: quote the whole field, and write a quote inside "
            + "it as \"\""),
    ])
    func refuses(_ text: String, _ message: String) {
        #expect(UploadTesting.error { try UploadTesting.read(text: text) } == .invalid(message))
    }

    @Test func aHeaderAloneHasNoRows() throws {
        let read = try UploadTesting.read(text: "a,b\n")
        #expect(read.header?.fields.map(\.datatype) == [.char, .char])
        #expect(read.rows.isEmpty)
    }
}
