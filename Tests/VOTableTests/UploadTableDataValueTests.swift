import Testing

@testable import VOTable

/// TABLEDATA cell text to values (VOTable 1.4 §6, §7).
@Suite("Upload TABLEDATA values")
struct UploadTableDataValueTests {
    static func column(_ datatype: Datatype, _ arraysize: String? = nil, null: String? = nil) -> UploadCellFormat {
        try! UploadCellFormat(name: "x", datatype: datatype, arraysize: arraysize, nullText: null)
    }

    @Test(arguments: [
        (column(.long), "42", UploadValue?.some(.integer(42))), (column(.long), " -7\n", .integer(-7)),
        (column(.long), "+5", .integer(5)), (column(.long), "0x7FFFFFFFFFFFFFFF", .integer(.max)),
        (column(.long), "0xFFFFFFFFFFFFFFFF", .integer(-1)), (column(.short), "0xffff", .integer(-1)),
        (column(.unsignedByte), "0xff", .integer(255)), (column(.int), "-2147483648", .integer(-2_147_483_648)),
        // VALUES null is compared as a number for integers.
        (column(.short, null: "-32768"), "-32768", nil), (column(.short, null: "-32768"), "0x8000", nil),
        (column(.int, null: "-1"), " -01 ", nil), (column(.int, null: "-1"), "1", .integer(1)),
        (column(.long), "", nil), (column(.long), "  ", nil),
        (column(.double), "NaN", .real(.nan)), (column(.double), "-InF", .real(-.infinity)),
        (column(.double), "+Inf", .real(.infinity)), (column(.float), "Infinity", .real(.infinity)),
        (column(.float), "inf", .real(.infinity)), (column(.double), "1.5e-3", .real(0.0015)),
        (column(.double), "-0", .real(-0.0)), (column(.double, null: "-99"), "-99.0", nil),
        (column(.boolean), "T", .boolean(true)), (column(.boolean), "tRUe", .boolean(true)),
        (column(.boolean), "0", .boolean(false)), (column(.boolean), "False", .boolean(false)),
        (column(.boolean), "?", nil), (column(.boolean), " ", nil),
        (column(.bit), "1", .boolean(true)), (column(.bit), "0", .boolean(false)),
        (column(.bit, "5"), "1 0 1 1 0", .text("10110")), (column(.bit, "*"), "0011", .text("0011")),
        (column(.boolean, "*"), "T F ? true", .text("TF?T")),
        // Whitespace is significant in text, and text is never trimmed or parsed.
        (column(.char, "*"), " a b ", .text(" a b ")), (column(.unicodeChar, "*"), "雪", .text("雪")),
        (column(.char), "x", .text("x")), (column(.char, "*", null: "N/A"), "N/A", nil),
        (column(.char, "*", null: "N/A"), " N/A", .text(" N/A")),
        (column(.double, "2"), " 10.5\n -5.25 ", .reals([10.5, -5.25])),
        (column(.short, "2x*"), "1 2 3 4", .integers([1, 2, 3, 4])), (column(.int, "*"), "7", .integers([7])),
        (column(.int, "1"), "7", .integer(7)), (column(.int, "*", null: "-1"), "-1", .integers([-1])),
        (column(.doubleComplex), "1 -2", .reals([1, -2])),
        (column(.floatComplex, "2"), "1 2 NaN 0", .reals([1, 2, .nan, 0])),
    ] as [(UploadCellFormat, String, UploadValue?)])
    func reads(_ column: UploadCellFormat, _ text: String, _ value: UploadValue?) throws {
        let read = try UploadTableDataValue.value(text, column: column)
        #expect(UploadTesting.describe([read]) == UploadTesting.describe([value]))
    }

    @Test(arguments: [
        (column(.double), "abc", "'abc' is not a double"), (column(.short), "70000", "'70000' is not a short"),
        (column(.unsignedByte), "-1", "'-1' is not an unsignedByte"), (column(.int), "1.5", "'1.5' is not an int"),
        (column(.long), "0x1FFFFFFFFFFFFFFFF", "'0x1FFFFFFFFFFFFFFFF' is not a long"),
        (column(.double), "0x1p3", "'0x1p3' is not a double"),
        (column(.boolean), "yes", "'yes' is not a boolean (T, F, true, false, 1, 0 or ?)"),
        (column(.bit), "2", "'2' is not a bit (0 or 1)"),
        (column(.bit, "3"), "1 2 1", "'1 2 1' is not a bit array (0s and 1s)"),
        (column(.bit, "4"), "101", "'101' has 3 bits; arraysize 4 needs 4"),
        (column(.double, "2"), "1 2 3", "'1 2 3' has 3 values; arraysize 2 needs 2"),
        (column(.double, "2"), "1", "'1' has 1 value; arraysize 2 needs 2"),
        (column(.doubleComplex), "1", "'1' has 1 number; a doubleComplex has 2"),
        (column(.floatComplex, "2"), "1 2 3", "'1 2 3' has 3 numbers; arraysize 2 needs 4"),
        (column(.short, "2x*"), "1 2 3", "'1 2 3' has 3 values; arraysize 2x* needs a multiple of 2"),
        (column(.int, "*"), "1 x", "'x' is not an int"),
    ] as [(UploadCellFormat, String, String)])
    func refuses(_ column: UploadCellFormat, _ text: String, _ reason: String) {
        #expect {
            try UploadTableDataValue.value(text, column: column)
        } throws: { error in
            (error as? UploadTableDataValue.Malformed)?.reason == reason
        }
    }

    @Test(arguments: [
        ("x", "FIELD x has arraysize 'x', which is not n, n*, * or such dimensions joined by x"),
        ("2x", "FIELD x has arraysize '2x', which is not n, n*, * or such dimensions joined by x"),
        ("-1", "FIELD x has arraysize '-1', which is not n, n*, * or such dimensions joined by x"),
        ("3*x2", "FIELD x has arraysize '3*x2', which is not n, n*, * or such dimensions joined by x"),
        ("0", "FIELD x has arraysize '0', which holds no elements"),
        ("0x*", "FIELD x has arraysize '0x*', which holds no elements"),
    ])
    func refusesAnArraysize(_ arraysize: String, _ message: String) {
        #expect(throws: UploadReadError.invalid(message)) {
            try UploadCellFormat(name: "x", datatype: .int, arraysize: arraysize, nullText: nil)
        }
    }

    @Test(arguments: [
        (nil, UploadCellFormat.Shape.scalar), ("1", .scalar), (" 3 ", .fixed(3)), ("2x3", .fixed(6)),
        ("*", .variable(unit: 1)), ("10*", .variable(unit: 1)), ("2x3x*", .variable(unit: 6)),
    ] as [(String?, UploadCellFormat.Shape)])
    func readsAnArraysize(_ arraysize: String?, _ shape: UploadCellFormat.Shape) throws {
        #expect(try UploadCellFormat.shape(arraysize, column: "x") == shape)
    }
}
