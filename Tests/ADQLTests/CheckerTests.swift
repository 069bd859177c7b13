import Testing

@testable import ADQL

@Suite struct CheckerTests {
    static let catalog = TableCatalog(tables: [
        TableMetadata(schema: "ivoa", name: "obscore", columns: [
            ColumnMetadata(name: "obs_id", type: .char(length: nil), ucd: "meta.id"),
            ColumnMetadata(name: "s_ra", type: .double, unit: "deg", ucd: "pos.eq.ra"),
            ColumnMetadata(name: "s_dec", type: .double, unit: "deg"),
            ColumnMetadata(name: "calib_level", type: .smallint),
        ]),
        TableMetadata(schema: "cat", name: "sources", columns: [
            ColumnMetadata(name: "source_id", type: .bigint),
            ColumnMetadata(name: "ra", type: .double),
        ]),
    ])

    func check(_ query: String) throws -> CheckedQuery {
        try Checker.parseAndCheck(query, catalog: Self.catalog)
    }

    @Test func outputColumnsInheritMetadata() throws {
        let checked = try check("SELECT s_ra, s_ra * 2 AS twice, COUNT(*) FROM ivoa.obscore GROUP BY s_ra")
        #expect(checked.outputColumns.map(\.name) == ["s_ra", "twice", "count"])
        #expect(checked.outputColumns[0].unit == "deg" && checked.outputColumns[0].ucd == "pos.eq.ra")
        #expect(checked.outputColumns[1].type == .double && checked.outputColumns[1].unit == nil)
        #expect(checked.outputColumns[2].type == .bigint)
    }

    @Test func namesAreCaseInsensitiveUnlessQuoted() throws {
        _ = try check("SELECT OBS_ID FROM IVOA.OBSCORE")
        #expect(throws: ADQLDiagnostics.self) { try check("SELECT \"OBS_ID\" FROM ivoa.obscore") }
    }

    @Test func starExpandsInTableOrder() throws {
        let checked = try check("SELECT * FROM ivoa.obscore")
        #expect(checked.outputColumns.map(\.name) == ["obs_id", "s_ra", "s_dec", "calib_level"])
    }

    @Test func everyProblemIsReportedWithSuggestions() throws {
        let error = try #require(throws: ADQLDiagnostics.self) {
            try check("SELECT s_raa, obs_idd, nosuch(1) FROM ivoa.obscore WHERE s_deck > 1")
        }
        let messages = error.errors.map(\.message)
        #expect(messages.count == 4)
        #expect(messages[0] == "no column named 's_raa'; did you mean 's_ra'?")
        #expect(messages[1].contains("did you mean 'obs_id'"))
        #expect(messages[2].hasPrefix("no function named 'nosuch'"))
        #expect(messages[3].contains("did you mean 's_dec'"))
        #expect(error.rendered.hasPrefix("1:8: no column named 's_raa'"))
    }

    @Test func unknownTableSuggestsPublishedName() throws {
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT x FROM ivoa.obscor") }
        #expect(error.errors.map(\.message) == ["no table named 'ivoa.obscor'; did you mean 'ivoa.obscore'?"])
        #expect(error.errors[0].code == .unknownTable)
    }

    @Test func usingNamesMustBeOnBothSides() throws {
        let error = try #require(throws: ADQLDiagnostics.self) {
            try check("SELECT * FROM ivoa.obscore AS a JOIN cat.sources AS b USING (ra)")
        }
        #expect(error.rendered == "1:62: USING names 'ra', which is not a column on both sides of the join; did you mean 's_ra'?")
        // Two merges of one name: the outer join's merged column is one column, not ambiguous.
        let checked = try check("""
            SELECT obs_id FROM ivoa.obscore AS a JOIN ivoa.obscore AS b USING (obs_id)
            FULL JOIN ivoa.obscore AS c USING (obs_id)
            """)
        #expect(checked.columns.values.contains { $0.coalesced.count == 2 })
        #expect(throws: ADQLDiagnostics.self) {
            try check("SELECT obs_id FROM ivoa.obscore AS a JOIN ivoa.obscore AS b USING (obs_id), ivoa.obscore AS c")
        }
        let ambiguous = try #require(throws: ADQLDiagnostics.self) {
            try check("SELECT a.obs_id FROM (ivoa.obscore AS a CROSS JOIN ivoa.obscore AS b) JOIN ivoa.obscore AS c USING (obs_id)")
        }
        #expect(ambiguous.errors.map(\.code) == [.ambiguousColumn])
    }

    /// A TAP_UPLOAD table is one more table of the catalogue for the query that uploads it (TAP 1.1 §2.5.2).
    @Test func uploadedTablesResolveInTheirSchema() throws {
        let upload = TableMetadata(schema: "TAP_UPLOAD", name: "mine", columns: [
            ColumnMetadata(name: "id", type: .bigint), ColumnMetadata(name: "ra", type: .double, unit: "deg"),
        ], storageSchema: "pg_temp", storageName: "upload_mine")
        let catalog = TableCatalog(tables: Self.catalog.tables + [upload])
        let checked = try Checker.parseAndCheck(
            "SELECT m.ra, s.source_id FROM tap_upload.mine AS m JOIN cat.sources AS s ON m.id = s.source_id", catalog: catalog)
        #expect(checked.outputColumns.map(\.unit) == ["deg", nil])
        let error = try #require(throws: ADQLDiagnostics.self) {
            try Checker.parseAndCheck("SELECT * FROM TAP_UPLOAD.mines", catalog: catalog)
        }
        #expect(error.errors.map(\.message) == ["no table named 'TAP_UPLOAD.mines'; did you mean 'TAP_UPLOAD.mine'?"])
    }

    struct RegionCase: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: String
        var isError: Bool
        var testDescription: String { text }
    }

    static func regionCases() throws -> [RegionCase] {
        try CaseFiles.file("regions.tsv").rows(fields: 2...3, atLeast: 14).map { columns in
            columns[1] == "error"
                ? RegionCase(text: columns[0], expected: columns[2], isError: true)
                : RegionCase(text: columns[0], expected: columns[1], isError: false)
        }
    }

    /// REGION's STC-S is read into the geometry it names, which is then checked and compiled as that geometry.
    @Test(arguments: try regionCases())
    func region(_ example: RegionCase) throws {
        let query = "SELECT REGION('\(example.text)') FROM ivoa.obscore"
        if example.isError {
            let error = try #require(throws: ADQLDiagnostics.self) { try check(query) }
            #expect(error.rendered == example.expected)
        } else {
            let checked = try check(query)
            #expect(checked.regions.values.map(ADQLPrinter.expression) == [example.expected])
        }
    }

    /// A number the database could only take as infinity or a wrapped value is refused where it is written.
    @Test(arguments: [
        ("9223372036854775808", "64-bit integers"), ("0x1FFFFFFFFFFFFFFFF", "64-bit integers"),
        ("1e400", "double precision numbers"),
    ])
    func outOfRangeNumbers(_ number: String, _ kind: String) throws {
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT obs_id FROM ivoa.obscore WHERE s_ra < \(number)") }
        #expect(error.rendered == "1:46: the number \(number) is out of the range of \(kind)")
        _ = try check("SELECT obs_id FROM ivoa.obscore WHERE s_ra < 9223372036854775807 AND s_ra < 1e300")
    }

    @Test(arguments: [
        ("CAST('12.3' AS POINT)", "1:13: CAST to this geometry takes two numbers (ra dec) in degrees"),
        ("CAST('1 2 x' AS CIRCLE)", "1:13: CAST to this geometry takes three numbers (ra dec radius) in degrees"),
        ("CAST('1 2 3 4 5 6 7' AS POLYGON)", "1:13: CAST to this geometry takes an even number of numbers, at least six (three vertices) in degrees"),
        ("CAST(s_ra AS POINT)", "1:13: CAST to a geometry takes a string in DALI form, such as CAST('12.3 45.6' AS POINT)"),
    ])
    func badGeometryCasts(_ cast: String, _ message: String) throws {
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT \(cast) FROM ivoa.obscore") }
        #expect(error.rendered == message)
        #expect(try check("SELECT CAST(obs_id AS POINT), CAST('1 2 3' AS CIRCLE) FROM ivoa.obscore").outputColumns.map(\.type)
            == [.point, .circle])
    }

    @Test func ambiguousAndQualifiedColumns() throws {
        _ = try check("SELECT o.obs_id, s.ra FROM ivoa.obscore AS o, cat.sources AS s")
        let error = try #require(throws: ADQLDiagnostics.self) {
            try check("SELECT q.obs_id FROM ivoa.obscore AS o")
        }
        #expect(error.errors[0].code == .unknownQualifier)
    }

    @Test func orderByPositionOutOfRange() throws {
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT obs_id FROM ivoa.obscore ORDER BY 2") }
        #expect(error.errors[0].message.contains("selects 1"))
    }

    @Test func wrongArgumentCount() throws {
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT ABS(s_ra, 1) FROM ivoa.obscore") }
        #expect(error.errors[0].code == .wrongArgumentCount)
    }

    @Test func usingAndNaturalJoinsMergeTheirColumns() throws {
        _ = try check("SELECT obs_id, ra FROM ivoa.obscore JOIN ivoa.obscore AS b USING (obs_id), cat.sources")
        _ = try check("SELECT s_ra FROM ivoa.obscore NATURAL JOIN ivoa.obscore AS b")
        let error = try #require(throws: ADQLDiagnostics.self) {
            try check("SELECT s_ra FROM ivoa.obscore JOIN ivoa.obscore AS b USING (obs_id)")
        }
        #expect(error.errors[0].code == .ambiguousColumn)
    }

    @Test func aHugeUnknownNameIsReportedQuickly() throws {
        let name = String(repeating: "x", count: 1_000_000)
        let start = ContinuousClock.now
        let error = try #require(throws: ADQLDiagnostics.self) { try check("SELECT a FROM \(name)") }
        #expect(error.errors.first?.code == .unknownTable)
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
