import Testing

@testable import VOTable
@testable import XMLEscaping

@Suite("TABLEDATA encoder")
struct TableDataEncoderTests {
    private let fields = [Field(name: "a", datatype: .long), Field(name: "b", datatype: .char, arraysize: "*")]

    private func text(_ encoder: inout TableDataEncoder) -> String {
        String(decoding: encoder.drain(), as: UTF8.self)
    }

    @Test("A row of cells of each kind")
    func cells() {
        let fields = (0..<12).map { Field(name: "c\($0)", datatype: .char, arraysize: "*") }
        var encoder = TableDataEncoder(fields: fields)
        encoder.beginRow()
        encoder.append(Int64(-42))
        encoder.append(true)
        encoder.append(false)
        encoder.append(0.5)
        encoder.append(Float(0.25))
        encoder.appendNull()
        encoder.appendText("x<y")
        encoder.appendText("")
        [1.0, Double.nan, -Double.infinity].withUnsafeBufferPointer { encoder.appendDoubles($0) }
        [Float(1.5), Float(2)].withUnsafeBufferPointer { encoder.appendFloats($0) }
        [Int64(1), -2, 3].withUnsafeBufferPointer { encoder.appendInt64s($0) }
        [Double]().withUnsafeBufferPointer { encoder.appendDoubles($0) }
        encoder.endRow()
        #expect(
            text(&encoder) == """
                <TR><TD>-42</TD><TD>T</TD><TD>F</TD><TD>0.5</TD><TD>0.25</TD><TD/><TD>x&lt;y</TD><TD></TD>\
                <TD>1.0 NaN -Inf</TD><TD>1.5 2.0</TD><TD>1 -2 3</TD><TD></TD></TR>

                """)
    }

    @Test("A polygon as an adql:REGION cell in STC-S")
    func polygonRegion() {
        var encoder = TableDataEncoder(fields: [Field(name: "s_region", datatype: .char, arraysize: "*", xtype: "adql:REGION")])
        encoder.beginRow()
        [10.0, 20.5, 11, 20.5, 11, 21.25].withUnsafeBufferPointer { encoder.appendPolygonRegion($0) }
        encoder.endRow()
        #expect(text(&encoder) == "<TR><TD>Polygon ICRS 10.0 20.5 11.0 20.5 11.0 21.25</TD></TR>\n")
    }

    @Test(
        "Text from bytes and from String agree, also for long text that needs escapes",
        arguments: [
            "short", String(repeating: "long text ", count: 40), String(repeating: "<&>", count: 50) + "Ω",
            String(repeating: "x", count: 119), String(repeating: "y", count: 120),
        ])
    func textPaths(_ value: String) {
        var fromString = TableDataEncoder(fields: [Field(name: "t", datatype: .char, arraysize: "*")])
        fromString.appendText(value)
        var fromBytes = TableDataEncoder(fields: [Field(name: "t", datatype: .char, arraysize: "*")])
        Array(value.utf8).withUnsafeBytes { fromBytes.appendText($0) }
        let expected = "<TD>" + XMLEscape.escapedText(value) + "</TD>"
        #expect(text(&fromString) == expected)
        #expect(text(&fromBytes) == expected)
    }

    @Test(
        "Timestamps (DALI 1.1 §3.3.3)",
        arguments: [
            (2000, 1, 2, 15, 20, 30, 456_000, false, "2000-01-02T15:20:30.456"),
            (2001, 2, 3, 4, 5, 6, 0, false, "2001-02-03T04:05:06"),
            (2001, 2, 3, 4, 5, 6, 123, false, "2001-02-03T04:05:06.000123"),
            (2001, 2, 3, 4, 5, 6, 999_999, false, "2001-02-03T04:05:06.999999"),
            (2024, 12, 31, 23, 59, 60, 500_000, true, "2024-12-31T23:59:60.5Z"),
            (33, 7, 8, 0, 0, 0, 0, false, "0033-07-08T00:00:00"),
            (12_345, 1, 1, 0, 0, 0, 0, false, "12345-01-01T00:00:00"),
            (-44, 3, 15, 12, 0, 0, 0, false, "-0044-03-15T12:00:00"),
        ] as [(Int, Int, Int, Int, Int, Int, Int, Bool, String)])
    func timestamps(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, _ microsecond: Int,
        _ utc: Bool, _ expected: String
    ) {
        var encoder = TableDataEncoder(fields: fields)
        encoder.appendTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, utc: utc)
        #expect(text(&encoder) == "<TD>\(expected)</TD>")
    }

    @Test("Dates")
    func dates() {
        var encoder = TableDataEncoder(fields: fields)
        encoder.appendDate(year: 2002, month: 3, day: 4)
        #expect(text(&encoder) == "<TD>2002-03-04</TD>")
    }

    @Test("drain returns the bytes and empties the buffer")
    func drain() {
        var encoder = TableDataEncoder(fields: fields)
        encoder.beginRow()
        encoder.append(Int64(1))
        encoder.appendText("a")
        encoder.endRow()
        #expect(String(decoding: encoder.drain(), as: UTF8.self) == "<TR><TD>1</TD><TD>a</TD></TR>\n")
        #expect(encoder.buffer.isEmpty)
        #expect(encoder.buffer.capacity >= 64 * 1024)
        #expect(encoder.drain().isEmpty)
    }

    @Test("discardPartialRow removes the unfinished row only")
    func discardPartialRow() {
        var encoder = TableDataEncoder(fields: fields)
        encoder.beginRow()
        encoder.append(Int64(1))
        encoder.appendText("kept")
        encoder.endRow()
        encoder.beginRow()
        encoder.append(Int64(2))
        encoder.discardPartialRow()
        #expect(text(&encoder) == "<TR><TD>1</TD><TD>kept</TD></TR>\n")
    }

    @Test("Copies of an encoder do not share their buffer")
    func valueSemantics() {
        var first = TableDataEncoder(fields: fields)
        first.appendText("one")
        var second = first
        second.appendText("two")
        #expect(text(&first) == "<TD>one</TD>")
        #expect(text(&second) == "<TD>one</TD><TD>two</TD>")
    }
}
