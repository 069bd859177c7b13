import ADQL
import ADQLToPostgres
import Logging
import PostgresNIO
import Testing

@testable import TAPDemo
@testable import TAPEngine

@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"), .serialized)
struct DatabaseTests {
    let logger = TestDatabase.logger

    @Test func tapSchemaDescribesEveryPublishedTableIncludingItself() async throws {
        let tables = try await TestDatabase.publishedTables()
        let names = Set(tables.map(\.qualifiedName))
        #expect(names == Set(DemoArchive.allTables.map(\.qualifiedName)))
        let obscore = try #require(tables.first { $0.qualifiedName == "ivoa.obscore" })
        #expect(obscore.columns.map(\.name) == PublishedTable.obscore.columns.map(\.name))
        let sRA = try #require(obscore.columns.first { $0.name == "s_ra" })
        #expect(sRA.unit == "deg" && sRA.ucd == "pos.eq.ra" && sRA.datatype == "double" && sRA.std)
        let columns = try #require(tables.first { $0.qualifiedName == "TAP_SCHEMA.columns" })
        #expect(columns.columns.contains { $0.name == "column_index" })
    }

    @Test func installingTwiceChangesNothing() async throws {
        let before = try await TestDatabase.publishedTables()
        try await TestDatabase.withAdminClient { client in
            try await SchemaInstaller(tables: DemoArchive.allTables).install(on: client, logger: logger)
        }
        let after = try await TestDatabase.publishedTables()
        #expect(before.map(\.qualifiedName) == after.map(\.qualifiedName))
        #expect(before.map(\.columns.count) == after.map(\.columns.count))
    }

    @Test func theQueryRoleCanReadButNotWrite() async throws {
        try await TestDatabase.withQueryClient { client in
            let rows = try await client.query("SELECT count(*)::int FROM ivoa.obscore", logger: logger)
            for try await count in rows.decode(Int.self) { #expect(count > 0) }
            await #expect(throws: PSQLError.self) {
                try await client.query("DELETE FROM ivoa.obscore", logger: logger)
            }
            await #expect(throws: PSQLError.self) {
                try await client.query("CREATE TABLE ivoa.intruder (a int)", logger: logger)
            }
            let timeout = try await client.query("SELECT current_setting('statement_timeout')", logger: logger)
            for try await value in timeout.decode(String.self) { #expect(value != "0") }
        }
    }

    @Test func derivedGeometryColumnsAreIndexedAndFilled() async throws {
        try await TestDatabase.withAdminClient { client in
            let rows = try await client.query(
                """
                SELECT count(*)::int FROM ivoa.obscore
                WHERE s_region_spoly @> spoint(radians(s_ra), radians(s_dec))
                """, logger: logger)
            var inside = 0
            for try await count in rows.decode(Int.self) { inside = count }
            let total = try await client.query("SELECT count(*)::int FROM ivoa.obscore", logger: logger)
            for try await count in total.decode(Int.self) { #expect(inside == count && count > 0) }
        }
    }
}

/// Geometry queries run against the real pgsphere and find what the data says they should.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct GeometryQueryTests {
    @Test func coneSearchAgreesWithPlainTrigonometry() async throws {
        let cone = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(150, 10, 8)) = 1")
        // The same cone by the haversine formula, no pgsphere involved.
        let direct = try await TestDatabase.count("""
            SELECT COUNT(*) FROM cat.sources WHERE 2 * DEGREES(ASIN(SQRT(
              POWER(SIN(RADIANS(dec - 10) / 2), 2) + COS(RADIANS(dec)) * COS(RADIANS(10))
              * POWER(SIN(RADIANS(ra - 150) / 2), 2)))) <= 8
            """)
        #expect(cone > 0)
        #expect(cone == direct)
    }

    @Test func crossmatchAndDistanceConeAgreeWithTheirPlainForms() async throws {
        let indexed = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS o, cat.sources AS s
            WHERE DISTANCE(POINT(o.s_ra, o.s_dec), POINT(s.ra, s.dec)) < 0.5
            """)
        // A radius that mentions a column keeps DISTANCE as written: no index, same answer.
        let plain = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS o, cat.sources AS s
            WHERE DISTANCE(POINT(o.s_ra, o.s_dec), POINT(s.ra, s.dec)) < 0.5 + 0 * s.ra
            """)
        #expect(indexed == plain && indexed > 0)
        let cone = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE DISTANCE(POINT(ra, dec), POINT(150, 10)) < 8")
        let contains = try await TestDatabase.count(
            "SELECT COUNT(*) FROM cat.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(150, 10, 8)) = 1")
        #expect(cone == contains && cone > 0)
    }

    @Test func everyRegionContainsItsOwnCentre() async throws {
        let all = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore")
        let inside = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), s_region) = 1")
        let intersecting = try await TestDatabase.count(
            "SELECT COUNT(*) FROM ivoa.obscore WHERE INTERSECTS(s_region, POINT(s_ra, s_dec)) = 1")
        #expect(all > 0 && inside == all && intersecting == all)
    }
}
