import ADQL
import ADQLToPostgres
import PostgresNIO
import Testing

@testable import TAPEngine

/// Where ADQL 2.1 leaves a behaviour to the database, what this service does, pinned down: these are
/// promises to users (Grammar/README.md, "Semantics").
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct ADQLSemanticsTests {
    @Test func integerDivisionTruncatesAsInSQL() async throws {
        #expect(try await TestDatabase.firstRow("SELECT TOP 1 7 / 2, -7 / 2, 7 / 2.0, MOD(7, 3) FROM ivoa.obscore") == ["3", "-3", "3.5", "1"])
    }

    @Test func nullsSortLastAscendingAndFirstDescending() async throws {
        // Two rows with a parallax and two without, sorted each way.
        func sorted(_ direction: String) async throws -> [Bool] {
            try await TestDatabase.rows("""
                SELECT parallax FROM cat.sources WHERE source_id IN
                  (SELECT TOP 2 source_id FROM cat.sources WHERE parallax IS NULL)
                  OR source_id IN (SELECT TOP 2 source_id FROM cat.sources WHERE parallax IS NOT NULL)
                ORDER BY parallax \(direction)
                """).map { $0[0] == nil }
        }
        #expect(try await sorted("ASC") == [false, false, true, true])
        #expect(try await sorted("DESC") == [true, true, false, false])
    }

    @Test func stringsCompareByCodePoint() async throws {
        #expect(try await TestDatabase.firstRow("SELECT TOP 1 1 FROM ivoa.obscore WHERE 'B' < 'a' AND 'a' < 'b' AND 'Z' < 'É'") == ["1"])
    }

    @Test func caseFoldingCoversNonASCIILetters() async throws {
        #expect(try await TestDatabase.firstRow("""
            SELECT TOP 1 LOWER('ÅNGSTRÖM'), UPPER('ångström') FROM ivoa.obscore WHERE 'Ä' ILIKE 'ä'
            """) == ["ångström", "ÅNGSTRÖM"])
    }

    @Test func regularIdentifiersFoldAndDelimitedOnesDoNot() async throws {
        // The delimited and the regular spelling name one column, so the condition holds on every row that has one.
        let matching = try await TestDatabase.count("SELECT COUNT(*) FROM IVOA.ObsCore WHERE \"obs_id\" = OBS_ID")
        #expect(matching > 0)
        #expect(matching == (try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore WHERE obs_id IS NOT NULL")))
        await #expect(throws: ADQLDiagnostics.self) { try await TestDatabase.firstRow("SELECT \"OBS_ID\" FROM ivoa.obscore") }
    }

    @Test func coordsysIsICRSAndDistanceIsInDegrees() async throws {
        #expect(try await TestDatabase.firstRow("SELECT TOP 1 COORDSYS(POINT(1, 2)), DISTANCE(POINT(0, 0), POINT(0, 1)) FROM ivoa.obscore")
            == ["ICRS", "1"])
    }

    /// A merged column names the value the join keeps: the right side's for RIGHT JOIN, either side's for FULL.
    @Test func joinUsingMergesTheColumnAsSQLDoes() async throws {
        let sides = """
            (SELECT TOP 2 source_id FROM cat.sources ORDER BY source_id) AS a
            %@ JOIN (SELECT TOP 3 source_id FROM cat.sources ORDER BY source_id DESC) AS b USING (source_id)
            """
        for (kind, rows) in [("RIGHT", "3"), ("FULL", "5"), ("LEFT", "2"), ("INNER", "0")] {
            let from = sides.replacingOccurrences(of: "%@", with: kind)
            #expect(try await TestDatabase.firstRow("SELECT COUNT(source_id) FROM \(from)") == [rows], "\(kind)")
        }
        #expect(try await TestDatabase.firstRow("""
            SELECT COUNT(*) FROM (SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY obs_id) AS a
            NATURAL FULL JOIN (SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY obs_id DESC) AS b WHERE obs_id IS NULL
            """) == ["0"])
    }

    /// GROUP BY takes select-list positions and aliases as ORDER BY does; an alias over a subquery's columns
    /// groups by the aliased column, not by whichever input the SQL happens to name alike.
    @Test func groupByPositionAndAlias() async throws {
        let counts = "FROM (SELECT TOP 10 calib_level, obs_id FROM ivoa.obscore ORDER BY obs_id) AS s"
        let byAlias = "SELECT obs_id AS o, COUNT(*) AS n \(counts) GROUP BY o"
        let byPosition = "SELECT obs_id, COUNT(*) AS n \(counts) GROUP BY 1"
        for grouped in [byAlias, byPosition] {
            #expect(try await TestDatabase.count("SELECT COUNT(*) FROM (\(grouped)) AS g") == 10, "\(grouped)")
        }
        await #expect(throws: ADQLDiagnostics.self) { try await TestDatabase.count("SELECT obs_id \(counts) GROUP BY 2") }
    }

    /// CENTROID of a polygon is its area's centre on the sphere, whichever way its vertices run.
    @Test func centroidOfPolygons() async throws {
        #expect(try await TestDatabase.firstRow("""
            SELECT TOP 1 ROUND(COORD1(CENTROID(BOX(30, 40, 2, 2))), 6), ROUND(COORD2(CENTROID(BOX(30, 40, 2, 2))), 4),
              ROUND(COORD2(CENTROID(POLYGON(10, 0, 20, 0, 15, 10))), 3), ROUND(COORD2(CENTROID(POLYGON(15, 10, 20, 0, 10, 0))), 3)
            FROM ivoa.obscore
            """) == ["30", "39.9994", "3.34", "3.34"])
        // An observation's footprint centre is near its position.
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore WHERE DISTANCE(CENTROID(s_region), POINT(s_ra, s_dec)) > 0.5
            """) == 0)
    }

    /// A user-defined function's geometry result feeds the geometry functions.
    @Test func userDefinedGeometryFeedsGeometryFunctions() async throws {
        #expect(try await TestDatabase.firstRow("""
            SELECT TOP 1 ROUND(DISTANCE(ivo_healpix_center(0, 4), POINT(45, 0)), 6), COORD1(ivo_healpix_center(0, 0)),
              CONTAINS(ivo_healpix_center(1, 0), CIRCLE(45, 20, 10)) FROM ivoa.obscore
            """) == ["45", "45", "1"])
    }

    /// REGION's STC-S finds what the geometry it names finds.
    @Test func regionMeansItsGeometry() async throws {
        let circle = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(40, 10, 5)) = 1")
        let region = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), REGION('Circle ICRS 40 10 5')) = 1")
        #expect(circle > 0 && region == circle)
        #expect(try await TestDatabase.firstRow("SELECT TOP 1 AREA(REGION('Box ICRS 0 0 2 2')) FROM ivoa.obscore")
            .first??.hasPrefix("4.0002") == true)
    }

    /// CAST of a string in DALI form to a geometry (ADQL 2.1 §4.8.1) is that geometry.
    @Test func geometryCastsReadDALIText() async throws {
        let circle = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(40, 10, 5)) = 1")
        let cast = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CAST(' 40  10 5 ' AS CIRCLE)) = 1")
        #expect(circle > 0 && cast == circle)
        #expect(try await TestDatabase.firstRow("""
            SELECT TOP 1 CAST('12.3 45.6' AS POINT), ROUND(AREA(CAST('-1 -1 1 -1 1 1 -1 1' AS POLYGON)), 4) FROM ivoa.obscore
            """) == ["{12.3,45.6}", "4.0002"])
    }

    /// A timestamp compares with ISO 8601 text, as archive users write release-date conditions.
    @Test func timestampsCompareWithISOText() async throws {
        let text = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obscore WHERE obs_release_date > '2020-01-01T00:00:00'")
        let cast = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obscore WHERE obs_release_date > CAST('2020-01-01T00:00:00' AS TIMESTAMP)")
        #expect(text > 0 && text == cast)
        #expect(try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore WHERE obs_release_date BETWEEN '1990-01-01' AND '2100-01-01'
              AND obs_release_date NOT IN ('1990-01-01')
            """) == TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore WHERE obs_release_date IS NOT NULL"))
    }

    /// AREA of a polygon is right for footprints of arcseconds too (pgsphere's own area() gives 0 below ~20").
    @Test func areaOfSmallPolygons() async throws {
        let row = try await TestDatabase.firstRow("""
            SELECT TOP 1 AREA(POLYGON(0, 0, 0.001, 0, 0.001, 0.001, 0, 0.001)),
              AREA(POLYGON(0, 0.001, 0.001, 0.001, 0.001, 0, 0, 0)), AREA(CIRCLE(0, 0, 1)) FROM ivoa.obscore
            """)
        let values = row.compactMap { $0.flatMap(Double.init) }
        #expect(values.count == 3 && abs(values[0] - 1e-6) < 1e-12 && abs(values[1] - 1e-6) < 1e-12)
        #expect(abs(values[2] - 3.14155) < 1e-4)
        #expect(try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obscore WHERE s_region IS NOT NULL AND NOT (AREA(s_region) > 0)") == 0)
    }
}
