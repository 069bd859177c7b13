import ADQL
import Testing

@testable import ADQLToPostgres

@Suite struct GeometryTranslationTests {
    static let catalog = TableCatalog(tables: [
        TableMetadata(
            schema: "cat", name: "sources",
            columns: [ColumnMetadata(name: "ra", type: .double), ColumnMetadata(name: "dec", type: .double)],
            derivedPoints: [DerivedPoint(ra: "ra", dec: "dec", storageName: "pos")]),
        TableMetadata(schema: "ivoa", name: "obscore", columns: [
            ColumnMetadata(name: "s_ra", type: .double), ColumnMetadata(name: "s_dec", type: .double),
            ColumnMetadata(name: "s_region", type: .polygon, geometryStorageName: "s_region_spoly"),
        ], derivedPoints: [DerivedPoint(ra: "s_ra", dec: "s_dec", storageName: "s_point")]),
    ])

    func sql(_ query: String) throws -> String {
        Translator.translate(try Checker.parseAndCheck(query, catalog: Self.catalog)).sql
    }

    @Test func coneOnAnIndexedPositionUsesTheDerivedPoint() throws {
        let text = try sql("SELECT ra FROM cat.sources WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.5)) = 1")
        #expect(text.hasSuffix("""
            WHERE ("t0"."pos" <@ scircle(spoint(radians($1), radians($2)), radians($3)))
            """))
    }

    @Test func comparisonWithZeroNegates() throws {
        let text = try sql("SELECT ra FROM cat.sources WHERE 0 = CONTAINS(POINT(ra, dec), CIRCLE(10, 20, 1))")
        #expect(text.contains("(NOT (\"t0\".\"pos\" <@ "))
    }

    @Test func footprintUsesTheRegionsIndexedTwin() throws {
        let text = try sql("SELECT s_ra FROM ivoa.obscore WHERE INTERSECTS(CIRCLE(1, 2, 3), s_region) = 1")
        #expect(text.contains("(scircle(spoint(radians($1), radians($2)), radians($3)) && \"t0\".\"s_region_spoly\")"))
    }

    @Test func pointInRegionIsContainment() throws {
        let text = try sql("SELECT s_ra FROM ivoa.obscore WHERE INTERSECTS(s_region, POINT(1, 2)) = 1")
        #expect(text.contains("(spoint(radians($1), radians($2)) <@ \"t0\".\"s_region_spoly\")"))
    }

    @Test func distanceIsInDegrees() throws {
        let text = try sql("SELECT DISTANCE(POINT(ra, dec), POINT(1, 2)), DISTANCE(0, 0, 1, 1) FROM cat.sources")
        #expect(text.contains("degrees(\"t0\".\"pos\" <-> spoint(radians($1), radians($2)))"))
        #expect(text.contains("degrees(spoint(radians($3), radians($3)) <-> spoint(radians($1), radians($1)))"))
    }

    @Test func geometriesInTheSelectListAreDALIArrays() throws {
        let checked = try Checker.parseAndCheck("SELECT POINT(ra, dec), CIRCLE(1, 2, 3) FROM cat.sources", catalog: Self.catalog)
        #expect(checked.outputColumns.map(\.type) == [.point, .circle])
        let text = Translator.translate(checked).sql
        #expect(text.contains("ARRAY[CAST(\"t0\".\"ra\" AS double precision), CAST(\"t0\".\"dec\" AS double precision)]"))
    }

    @Test func wrongGeometryArgumentsAreReported() throws {
        let error = try #require(throws: ADQLDiagnostics.self) {
            try Checker.parseAndCheck("SELECT ra FROM cat.sources WHERE CONTAINS(CIRCLE(1, 2, 3), POINT(1, 2)) = 1",
                                      catalog: Self.catalog)
        }
        #expect(error.errors.map(\.message) == ["argument 2 of CONTAINS must be a CIRCLE or POLYGON or BOX"])
    }

    @Test func distanceConeUsesTheIndexedPoint() throws {
        let text = try sql("SELECT ra FROM cat.sources WHERE DISTANCE(POINT(ra, dec), POINT(10, 20)) < 0.5")
        #expect(text.hasSuffix("WHERE (\"t0\".\"pos\" <@ scircle(spoint(radians($1), radians($2)), radians($3)))"))
        let flipped = try sql("SELECT ra FROM cat.sources WHERE 0.5 >= DISTANCE(10, 20, ra, dec)")
        #expect(flipped.hasSuffix("WHERE (\"t0\".\"pos\" <@ scircle(spoint(radians($1), radians($2)), radians($3)))"))
    }

    @Test func crossmatchProbesTheSecondPositionsIndex() throws {
        let text = try sql("""
            SELECT a.ra FROM cat.sources AS a, ivoa.obscore AS o
            WHERE DISTANCE(POINT(o.s_ra, o.s_dec), POINT(a.ra, a.dec)) < 1.0 / 3600
            """)
        #expect(text.hasSuffix("WHERE (\"t0\".\"pos\" <@ scircle(\"t1\".\"s_point\", radians(($1 / $2))))"))
    }

    @Test func aDistanceWithAColumnRadiusStaysAsWritten() throws {
        let text = try sql("SELECT ra FROM cat.sources WHERE DISTANCE(POINT(ra, dec), POINT(10, 20)) < dec")
        #expect(text.contains("(degrees(\"t0\".\"pos\" <-> spoint(radians($1), radians($2))) < \"t0\".\"dec\")"))
    }
}
