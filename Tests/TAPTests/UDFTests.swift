import ADQL
import ADQLToPostgres
import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import TAPEngine

/// One line of Cases/udf-examples.tsv: an expression, run as the only output of a one-row query, and what
/// it must give.
struct UDFExample: Sendable, CustomTestStringConvertible {
    enum Expectation: Sendable {
        case equal(String?)
        /// Numbers (nil where an array element is NULL), each within the tolerance.
        case near([Double?], tolerance: Double)
        /// The database fails the query, which the checker accepted.
        case error
        /// The checker refuses the query.
        case refused
    }

    var expression: String
    var expectation: Expectation
    var line: Int

    var testDescription: String { "line \(line): \(expression)" }

    static let loaded = Result { try read() }

    static func all() throws -> [UDFExample] {
        try loaded.get()
    }

    private static func read() throws -> [UDFExample] {
        let file = CaseFile("udf-examples.tsv", beside: #filePath)
        return try file.numberedRows(fields: 2...3, atLeast: 128).map { row in
            let fields = row.fields
            let expected = fields.count > 2 ? fields[2] : ""
            let expectation: Expectation
            switch fields[0] {
            case "equal": expectation = .equal(expected == "NULL" ? nil : expected)
            case "error": expectation = .error
            case "refused": expectation = .refused
            case let kind where kind.hasPrefix("near:"):
                guard let tolerance = Double(kind.dropFirst(5)) else { throw file.error(line: row.number, "bad \(kind)") }
                expectation = .near(numbers(expected), tolerance: tolerance)
            default:
                throw file.error(line: row.number, "unknown kind \(fields[0])")
            }
            return UDFExample(expression: fields[1], expectation: expectation, line: row.number)
        }
    }

    /// The numbers of `1.5`, `[1, NULL]` or PostgreSQL's `{1,NULL}`, nil for NULL.
    static func numbers(_ text: String) -> [Double?] {
        text.split(whereSeparator: { "[]{}, ".contains($0) }).map { $0 == "NULL" ? nil : Double($0) ?? .nan }
    }
}

/// The IVOA UDF catalogue's functions (UDFCatalog), run through checker, translator and the query role.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct UDFTests {
    private func row(_ adql: String) async throws -> [String?] {
        try await TestDatabase.firstRow(adql)
    }

    @Test(arguments: try UDFExample.all())
    func example(_ example: UDFExample) async throws {
        let adql = "SELECT TOP 1 \(example.expression) FROM ivoa.obscore"
        switch example.expectation {
        case .equal(let expected):
            #expect(try await row(adql) == [expected])
        case .near(let expected, let tolerance):
            let cell = try #require(try await row(adql).first ?? nil)
            let actual = UDFExample.numbers(cell)
            #expect(actual.count == expected.count, "\(cell)")
            for (a, e) in zip(actual, expected) {
                if let a, let e {
                    #expect(abs(a - e) <= tolerance, "\(cell) is not within \(tolerance) of \(expected)")
                } else {
                    #expect(a == nil && e == nil, "\(cell) is not \(expected)")
                }
            }
        case .error:
            let tables = try await TestDatabase.publishedTables()
            #expect(throws: Never.self) { try Checker.parseAndCheck(adql, catalog: TableCatalog(published: tables)) }
            await #expect(throws: PSQLError.self) { try await row(adql) }
        case .refused:
            await #expect(throws: ADQLDiagnostics.self) { try await row(adql) }
        }
    }

    @Test func healpixIndexOnRealRows() async throws {
        // Order 0 has the twelve base cells 0...11, and every source is in one of them; a HEALPix map grouped in
        // a subquery counts every source once.
        #expect(try await row("""
            SELECT COUNT(*) FROM cat.sources WHERE ivo_healpix_index(0, ra, dec) NOT BETWEEN 0 AND 11
            """) == ["0"])
        let total = try await row("SELECT COUNT(*) FROM cat.sources")
        #expect(try await row("""
            SELECT SUM(n) FROM (SELECT cell, COUNT(*) AS n FROM
              (SELECT ivo_healpix_index(5, ra, dec) AS cell FROM cat.sources) AS s GROUP BY cell) AS cells
            """) == total)
    }

    @Test func healpixMapsGroupByAliasOrByTheRepeatedCall() async throws {
        let total = try await row("SELECT COUNT(*) FROM cat.sources")
        for grouping in ["hpx", "ivo_healpix_index(5, ra, dec)"] {
            #expect(try await row("""
                SELECT SUM(n) FROM (SELECT ivo_healpix_index(5, ra, dec) AS hpx, COUNT(*) AS n
                  FROM cat.sources GROUP BY \(grouping)) AS map
                """) == total)
        }
    }

    @Test func stringAggConcatenatesAndSkipsNulls() async throws {
        let expected = try await row("""
            SELECT COUNT(*) FROM TAP_SCHEMA.tables WHERE table_name LIKE 'TAP_SCHEMA.%'
            """)
        let aggregated = try await row("""
            SELECT ivo_string_agg(table_name, ' <//> ') FROM TAP_SCHEMA.tables
            WHERE table_name LIKE 'TAP_SCHEMA.%'
            """)
        let parts = try #require(aggregated.first ?? nil).components(separatedBy: " <//> ")
        #expect(String(parts.count) == expected.first ?? nil)
        #expect(parts.allSatisfy { $0.hasPrefix("TAP_SCHEMA.") })
        // NULL values leave no trace (pol_states is mostly NULL); a group of only NULLs, or no rows, gives NULL.
        let polarised = try #require(
            try await row("SELECT ivo_string_agg(pol_states, '|') FROM ivoa.obscore").first ?? nil)
        #expect(try await row("SELECT COUNT(pol_states) FROM ivoa.obscore")
            == [String(polarised.components(separatedBy: "|").count)])
        #expect(try await row("SELECT ivo_string_agg(pol_states, '|') FROM ivoa.obscore WHERE pol_states IS NULL")
            == [nil])
        #expect(try await row("SELECT ivo_string_agg(obs_id, ',') FROM ivoa.obscore WHERE 1 = 0") == [nil])
        #expect(try await row("""
            SELECT schema_name, ivo_string_agg(table_name, ',') FROM TAP_SCHEMA.tables GROUP BY schema_name
            """).count == 2)
    }

    @Test func histogramCountsAsTheCatalogueSays() async throws {
        // Bins of width 0.5 over [0, 2): underflows with NULLs first, then four bins, then overflows.
        let histogram = try #require(try await row("""
            SELECT ivo_histogram(parallax, 0, 2, 4) FROM cat.sources
            """).first ?? nil)
        let counts = UDFExample.numbers(histogram).map { Int($0 ?? -1) }
        var expected: [Int] = []
        for condition in [
            "parallax IS NULL OR parallax < 0", "parallax >= 0 AND parallax < 0.5", "parallax >= 0.5 AND parallax < 1",
            "parallax >= 1 AND parallax < 1.5", "parallax >= 1.5 AND parallax < 2", "parallax >= 2",
        ] {
            expected.append(try await TestDatabase.count("SELECT COUNT(*) FROM cat.sources WHERE \(condition)"))
        }
        #expect(counts == expected)
        #expect(try await row("SELECT COUNT(*) FROM cat.sources") == [String(counts.reduce(0, +))])
    }

    @Test func histogramEdgesAndErrors() async throws {
        // A value equal to upper overflows (bins are half-open); one equal to lower is in the first bin.
        #expect(try await row("SELECT ivo_histogram(2, 0, 2, 4) FROM ivoa.obscore WHERE obs_id IN "
            + "(SELECT TOP 1 obs_id FROM ivoa.obscore)") == ["{0,0,0,0,0,1}"])
        #expect(try await row("SELECT ivo_histogram(0, 0, 2, 4) FROM ivoa.obscore WHERE obs_id IN "
            + "(SELECT TOP 1 obs_id FROM ivoa.obscore)") == ["{0,1,0,0,0,0}"])
        #expect(try await row("SELECT ivo_histogram(1.9999999999999998, 0, 2, 4) FROM ivoa.obscore WHERE obs_id IN "
            + "(SELECT TOP 1 obs_id FROM ivoa.obscore)") == ["{0,0,0,0,1,0}"])
        #expect(try await row("SELECT ivo_histogram(NULL, 0, 2, 1) FROM ivoa.obscore WHERE obs_id IN "
            + "(SELECT TOP 1 obs_id FROM ivoa.obscore)") == ["{1,0,0}"])
        #expect(try await row("SELECT ivo_histogram(ra, 0, 360, 3) FROM cat.sources WHERE 1 = 0") == [nil])
        await #expect(throws: PSQLError.self) { try await row("SELECT ivo_histogram(ra, 0, 360, 0) FROM cat.sources") }
        await #expect(throws: PSQLError.self) { try await row("SELECT ivo_histogram(ra, 1, 1, 3) FROM cat.sources") }
    }

    @Test func normalRandomHasTheRightMomentsAndVaries() async throws {
        let moments = try await row("""
            SELECT AVG(x), AVG((x - 10) * (x - 10)), COUNT(DISTINCT x), COUNT(*)
            FROM (SELECT ivo_normal_random(10, 5) AS x FROM cat.sources) AS s
            """).map { Double($0 ?? "") ?? .nan }
        // 10,000 draws: the mean's standard error is 0.05 and the variance's about 0.35.
        #expect(abs(moments[0] - 10) < 0.3, "mean \(moments[0])")
        #expect(abs(moments[1] - 25) < 2.5, "variance \(moments[1])")
        #expect(moments[2] == moments[3], "the draws repeat")
    }

    @Test func epochPropRoundTripsAndAgreesWithEpochPropPos() async throws {
        // Linear motion is reversible: propagating Barnard's star to 1875 and the result back to 2016 gives the
        // input again, and the position is ivo_epoch_prop_pos's.
        let input = [7.606083572, 11.79044105, 125, 300, -428.8, 52.51]
        let there = try #require(try await row(
            "SELECT TOP 1 ivo_epoch_prop(\(input.map { "\($0)" }.joined(separator: ", ")), 2016.0, 1875.0), "
                + "ivo_epoch_prop_pos(\(input.map { "\($0)" }.joined(separator: ", ")), 2016.0, 1875.0) "
                + "FROM ivoa.obscore"))
        let propagated = UDFExample.numbers(try #require(there[0])).compactMap { $0 }
        try #require(propagated.count == 6)
        let position = UDFExample.numbers(try #require(there[1])).compactMap { $0 }
        #expect(position == Array(propagated.prefix(2)))
        let back = try #require(try await row(
            "SELECT TOP 1 ivo_epoch_prop(\(propagated.map { "\($0)" }.joined(separator: ", ")), 1875.0, 2016.0) "
                + "FROM ivoa.obscore").first ?? nil)
        let returned = UDFExample.numbers(back).compactMap { $0 }
        try #require(returned.count == 6)
        for (value, original, tolerance) in zip3(returned, input, [1e-11, 1e-11, 1e-9, 1e-9, 1e-9, 1e-9]) {
            #expect(abs(value - original) <= tolerance, "\(returned) is not \(input)")
        }
    }

    @Test func epochPropOnRealRows() async throws {
        // Every source propagates, 2-parameter solutions (NULL parallax and proper motion) and negative parallaxes
        // included; an unchanged epoch changes nothing.
        let total = try await row("SELECT COUNT(*) FROM cat.sources")
        #expect(try await row("""
            SELECT COUNT(*) FROM (SELECT ivo_epoch_prop(ra, dec, parallax, pmra, pmdec, NULL, ref_epoch, 2000) AS p
              FROM cat.sources) AS s WHERE p IS NOT NULL
            """) == total)
        for condition in ["parallax IS NULL", "parallax < 0", "parallax > 1"] {
            let cells = try await row("""
                SELECT TOP 1 ra, dec, ivo_epoch_prop_pos(ra, dec, parallax, pmra, pmdec, 20, ref_epoch, ref_epoch)
                FROM cat.sources WHERE \(condition)
                """)
            try #require(cells.count == 3, "no source where \(condition)")
            let (ra, dec) = (Double(cells[0] ?? "") ?? .nan, Double(cells[1] ?? "") ?? .nan)
            let position = UDFExample.numbers(try #require(cells[2])).compactMap { $0 }
            #expect(position.count == 2 && abs(position[0] - ra) < 1e-9 && abs(position[1] - dec) < 1e-9)
        }
    }

    @Test func geomTransformRoundTripsOnRealRows() async throws {
        // ICRS to each frame and back (fed the first leg's literal result) returns the source.
        let source = try await row("SELECT TOP 1 ra, dec FROM cat.sources ORDER BY source_id")
        let (ra, dec) = (try #require(source[0]), try #require(source[1]))
        for frame in ["FK5", "FK4", "GALACTIC", "ECLIPTIC"] {
            let there = UDFExample.numbers(try #require(try await row(
                "SELECT TOP 1 ivo_geom_transform('ICRS', '\(frame)', POINT(\(ra), \(dec))) FROM ivoa.obscore"
            ).first ?? nil)).compactMap { $0 }
            try #require(there.count == 2)
            let back = UDFExample.numbers(try #require(try await row(
                "SELECT TOP 1 ivo_geom_transform('\(frame)', 'ICRS', POINT(\(there[0]), \(there[1]))) FROM ivoa.obscore"
            ).first ?? nil))
            #expect(abs((back[0] ?? .nan) - (Double(ra) ?? .nan)) < 1e-9, "\(frame): \(back)")
            #expect(abs((back[1] ?? .nan) - (Double(dec) ?? .nan)) < 1e-9, "\(frame): \(back)")
        }
    }

}

/// What the UDF catalogue declares, checked without a database.
@Suite struct UDFCatalogTests {
    @Test func everyDeclaredFunctionHasAnImplementation() throws {
        let sql = UDFCatalog.sql.joined(separator: "\n")
        for function in UDFCatalog.functions {
            #expect(function.sqlName.hasPrefix("tap_udf." + function.name))
            #expect(sql.contains(function.sqlName + "("), "\(function.name) has no CREATE statement")
            #expect(try UDFExample.all().contains { $0.expression.hasPrefix(function.name + "(") }
                || ["ivo_string_agg", "ivo_histogram"].contains(function.name), "\(function.name) has no example")
        }
    }

    @Test func declarationsReadAsTAPRegExtSignatures() {
        let signatures = Dictionary(grouping: UDFCatalog.functions, by: \.name).mapValues { $0.map(\.signature) }
        #expect(signatures["ivo_healpix_index"] == [
            "ivo_healpix_index(hpxOrder INTEGER, long DOUBLE, lat DOUBLE) -> BIGINT",
            "ivo_healpix_index(hpxOrder INTEGER, p POINT) -> BIGINT",
        ])
        #expect(signatures["ivo_healpix_center"] == ["ivo_healpix_center(hpxOrder INTEGER, hpxIndex BIGINT) -> POINT"])
        #expect(signatures["ivo_histogram"]
            == ["ivo_histogram(val DOUBLE, lower DOUBLE, upper DOUBLE, nbins INTEGER) -> INTEGER[]"])
        #expect(signatures["ivo_geom_transform"] == ["POINT", "CIRCLE", "POLYGON"].map {
            "ivo_geom_transform(fromSys VARCHAR, toSys VARCHAR, geo \($0)) -> \($0)"
        })
        #expect(signatures["ivo_epoch_prop"] == ["ivo_epoch_prop(ra DOUBLE, dec DOUBLE, parallax DOUBLE, pmra DOUBLE, "
            + "pmdec DOUBLE, radialVelocity DOUBLE, refEpoch DOUBLE, outEpoch DOUBLE) -> DOUBLE[]"])
        let aggregates = UDFCatalog.functions.filter(\.isAggregate).map(\.name).sorted()
        #expect(aggregates == ["ivo_histogram", "ivo_string_agg"])
    }
}

/// Three sequences side by side.
private func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
    zip(a, zip(b, c)).map { ($0, $1.0, $1.1) }
}
