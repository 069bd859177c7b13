import ADQL
import ADQLToPostgres
import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing
import VOTable

@testable import TAPDatabase
@testable import TAPEngine

/// TAP_UPLOAD on the service side: UPLOAD values, the COPY text of uploaded rows, the address policy of URL
/// uploads, and (with the database) temporary tables that a crossmatch finds by index and that vanish afterwards.
@Suite struct UploadTests {
    struct SpecCase: CustomTestStringConvertible, Sendable {
        var values: [String]
        var expected: String
        var testDescription: String { values.joined(separator: " | ") }
    }

    static func specCases() throws -> [SpecCase] {
        try CaseFile("upload-specs.tsv", beside: #filePath).rows(fields: 1...2, atLeast: 21).map { parts in
            SpecCase(values: parts[0].components(separatedBy: " | "), expected: parts.count > 1 ? parts[1] : "")
        }
    }

    @Test(arguments: try specCases())
    func uploadParameter(_ testCase: SpecCase) {
        do {
            let specs = try UploadSpec.parse(testCase.values)
            let found = specs.map { spec in
                switch spec.source {
                case .inline(let part): return "\(spec.name)=param:\(part)"
                case .url(let url): return "\(spec.name)=\(url.hasPrefix("HTTPS") ? url.lowercased() : url)"
                }
            }.joined(separator: ", ")
            #expect(found == testCase.expected)
        } catch {
            #expect(testCase.expected.hasPrefix("error: "), "\(error.message)")
            #expect(error.message.contains(testCase.expected.dropFirst("error: ".count)), "\(error.message)")
        }
    }

    static func column(_ name: String, _ datatype: Datatype, arraysize: String? = nil, xtype: String? = nil)
        -> UploadColumn
    {
        UploadColumn(field: Field(name: name, datatype: datatype, arraysize: arraysize, xtype: xtype), index: 0)
    }

    @Test func copyTextEscapesAndSpellsSpecialValues() throws {
        var copy = UploadCopyText(columns: [
            Self.column("i", .short), Self.column("x", .double), Self.column("s", .unicodeChar, arraysize: "*"),
            Self.column("b", .boolean), Self.column("t", .char, arraysize: "*", xtype: "timestamp"),
            Self.column("p", .double, arraysize: "2", xtype: "point"), Self.column("a", .int, arraysize: "*"),
        ])
        try copy.append([
            .integer(-7), .real(.nan), .text("a\tb\\c\nd\0é"), .boolean(true), .text("2026-11-25T12:00:00.5Z"),
            .reals([10, -20.5]), .integers([1, 2]),
        ])
        // A null point from BINARY (no null flags) is NaNs.
        try copy.append([
            nil, .real(-.infinity), nil, .boolean(false), .text("2026-11-25"), .reals([.nan, .nan]), .integers([]),
        ])
        #expect(String(decoding: copy.bytes, as: UTF8.self) == """
            -7\tNaN\ta\\tb\\\\c\\ndé\tt\t2026-11-25T12:00:00.5\t{10.0,-20.5}\t{1,2}
            \\N\t-Infinity\t\\N\tf\t2026-11-25\t\\N\t{}

            """)
    }

    @Test(arguments: [
        ([UploadValue.integer(40000)], "row 1, column i: 40000 does not fit a short"),
        ([.text("x")], "row 1, column i: holds text(\"x\"), not a short value"),
    ])
    func copyTextRefusesWhatTheColumnCannotHold(_ cells: [UploadValue?], _ message: String) {
        var copy = UploadCopyText(columns: [Self.column("i", .short)])
        #expect(throws: UploadReadError(.invalid, message)) { try copy.append(cells) }
    }

    @Test(arguments: [
        ("p", Datatype.double, "2", "point", [UploadValue.reals([10, 95])], "(10.0, 95.0) is not a position"),
        ("p", .double, "2", "point", [.reals([10])], "a point has 2 values, not 1"),
        ("c", .double, "3", "circle", [.reals([10, 20, 200])], "radius of 200.0° is not between 0 and 180"),
        ("g", .double, "*", "polygon", [.reals([1, 2, 3, 4])], "at least 3 vertices"),
        ("t", .char, "*", "timestamp", [.text("25/11/2026")], "is not a DALI timestamp"),
        ("t", .char, "*", "timestamp", [.text("2026-11-25T12:00")], "is not a DALI timestamp"),
    ])
    func copyTextChecksGeometryAndTimes(
        _ name: String, _ datatype: Datatype, _ size: String, _ xtype: String, _ cells: [UploadValue?], _ fragment: String
    ) {
        var copy = UploadCopyText(columns: [Self.column(name, datatype, arraysize: size, xtype: xtype)])
        let error = #expect(throws: UploadReadError.self) { try copy.append(cells) }
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test func columnsOfEveryDatatype() {
        let cases: [(Field, String, ValueType)] = [
            (Field(name: "a", datatype: .boolean), "boolean", .boolean),
            (Field(name: "a", datatype: .bit), "boolean", .boolean),
            (Field(name: "a", datatype: .boolean, arraysize: "*"), "text", .char(length: nil)),
            (Field(name: "a", datatype: .unsignedByte), "smallint", .smallint),
            (Field(name: "a", datatype: .long, arraysize: "*"), "bigint[]", .array(element: .bigint, length: nil)),
            (Field(name: "a", datatype: .float), "real", .real),
            (Field(name: "a", datatype: .float, arraysize: "3"), "double precision[]", .array(element: .double, length: 3)),
            (Field(name: "a", datatype: .char), "text", .char(length: 1)),
            (Field(name: "a", datatype: .char, arraysize: "10"), "text", .char(length: nil)),
            (Field(name: "a", datatype: .unicodeChar, arraysize: "*"), "text", .unicodeChar),
            (Field(name: "a", datatype: .char, arraysize: "*", xtype: "timestamp"), "timestamp", .timestamp),
            (Field(name: "a", datatype: .double, arraysize: "*", xtype: "polygon"), "double precision[]", .polygon),
            (Field(name: "a", datatype: .doubleComplex), "double precision[]", .array(element: .double, length: nil)),
        ]
        for (field, sqlType, type) in cases {
            let column = UploadColumn(field: field, index: 4)
            #expect(column.sqlType == sqlType && column.type == type, "\(field)")
            #expect(column.storageName == "c5")
        }
    }

    @Test func positionsAreFoundByUCDThenByName() {
        func find(_ fields: [Field]) -> [String]? {
            let columns = fields.enumerated().map { UploadColumn(field: $1, index: $0) }
            return UploadTable.position(in: columns).map { [$0.ra, $0.dec] }
        }
        #expect(find([Field(name: "RA", datatype: .double), Field(name: "Dec", datatype: .double)]) == ["c1", "c2"])
        #expect(find([
            Field(name: "x", datatype: .double, ucd: "pos.eq.ra"), Field(name: "y", datatype: .double, ucd: "pos.eq.dec"),
            Field(name: "ra", datatype: .double), Field(name: "dec", datatype: .double),
        ]) == ["c1", "c2"])
        #expect(find([Field(name: "ra", datatype: .char, arraysize: "*"), Field(name: "dec", datatype: .double)]) == nil)
        #expect(find([Field(name: "ra", datatype: .double, unit: "h"), Field(name: "dec", datatype: .double)]) == nil)
    }

    @Test(arguments: [
        ([127, 0, 0, 1], true), ([10, 1, 2, 3], true), ([172, 20, 0, 1], true), ([172, 32, 0, 1], false),
        ([192, 168, 1, 1], true), ([169, 254, 169, 254], true), ([8, 8, 8, 8], false), ([100, 64, 0, 1], true),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], true),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1], true),
        ([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], true),
        ([0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], true),
        ([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], false),
    ] as [([UInt8], Bool)])
    func privateAddresses(_ address: [UInt8], _ isPrivate: Bool) {
        #expect(UploadFetcher.isPrivate(address) == isPrivate)
    }

    /// A crossmatch of an uploaded table with the catalogue uses the catalogue's index, and the temporary table is
    /// gone when the transaction ends, also when the query fails.
    @Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
    struct Database {
        func upload(_ csv: String) throws -> (UploadTable, SpoolDirectory) {
            let spool = try SpoolDirectory.make(under: NSTemporaryDirectory() + "swifttap-upload-tests")
            let path = spool.path(for: "in.csv")
            try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
            let table = try UploadTable.read(
                "mine", from: path, index: 0, rowBudget: 1000, limits: UploadLimits(), spool: spool)
            return (table, spool)
        }

        @Test func crossmatchUsesAnIndexAndTheTableGoesAway() async throws {
            let rows = (0..<200).map { "\($0),\(Double($0) * 1.7),\(Double($0 % 120) - 60)" }.joined(separator: "\n")
            let (table, spool) = try upload("name,ra,dec\n" + rows + "\n")
            defer { spool.remove() }
            #expect(table.rows == 200 && table.position != nil)
            let database = try TestDatabase.database()
            let published = try await TestDatabase.publishedTables()
            var catalog = TableCatalog(published: published)
            catalog.tables.append(table.metadata)
            let checked = try Checker.parseAndCheck("""
                SELECT m.name, s.source_id FROM TAP_UPLOAD.mine AS m JOIN cat.sources AS s
                ON DISTANCE(POINT('ICRS', m.ra, m.dec), POINT('ICRS', s.ra, s.dec)) < 5.0 / 3600
                """, catalog: catalog)
            // On one libpq connection, as a query's COPY runs with its uploads.
            let connection = try LibPQConnection(conninfo: database.queryConninfo)
            let session = UploadTransaction.session([table])
            func temporaryTables() throws -> String? {
                try connection.firstColumn(of: "SELECT count(*) FROM pg_class WHERE relpersistence = 't'").first
            }
            try session.before(connection)
            let sql = try CopyStatement.inlined(Translator.translate(checked)) { try connection.literal($0) }
            let plan = try connection.firstColumn(of: "EXPLAIN " + sql).joined(separator: "\n")
            #expect(try temporaryTables() != "0")
            try session.after(connection)
            #expect(try temporaryTables() == "0")
            // A query failing after the load leaves the transaction failed, so the pool closes the connection; its
            // rollback drops the table as well.
            try session.before(connection)
            #expect(throws: LibPQError.self) { try connection.firstColumn(of: "SELECT 1 / 0") }
            #expect(!connection.isIdle)
            try connection.execute("ROLLBACK")
            #expect(try temporaryTables() == "0")
            #expect(plan.contains("sources_pos") || plan.contains("_pos"), "\(plan)")
            #expect(plan.contains("Index") , "\(plan)")
        }
    }
}
