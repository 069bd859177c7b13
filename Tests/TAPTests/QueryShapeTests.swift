import ADQL
import ADQLToPostgres
import PostgresNIO
import Testing

@testable import TAPEngine

/// WITH, set operations and subqueries compiled and run against the real database, each checked against an
/// equivalent query that does not use the construct.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct QueryShapeTests {
    @Test func withQueryCountsWhatTheFilterCounts() async throws {
        let viaWith = try await TestDatabase.count("""
            WITH muse AS (SELECT obs_id FROM ivoa.obscore WHERE instrument_name = 'MUSE')
            SELECT COUNT(*) FROM muse
            """)
        let direct = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore WHERE instrument_name = 'MUSE'")
        #expect(viaWith == direct && direct > 0)
    }

    @Test func unionAllAddsAndUnionRemovesDuplicates() async throws {
        let muse = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore WHERE instrument_name = 'MUSE'")
        let unionAll = try await TestDatabase.count("""
            SELECT COUNT(*) FROM (SELECT obs_id FROM ivoa.obscore WHERE instrument_name = 'MUSE'
              UNION ALL SELECT obs_id FROM ivoa.obscore WHERE instrument_name = 'MUSE') AS u
            """)
        let union = try await TestDatabase.count("""
            SELECT COUNT(*) FROM (SELECT obs_id FROM ivoa.obscore WHERE instrument_name = 'MUSE'
              UNION SELECT obs_id FROM ivoa.obscore WHERE instrument_name = 'MUSE') AS u
            """)
        let except = try await TestDatabase.count("""
            SELECT COUNT(*) FROM (SELECT obs_id FROM ivoa.obscore EXCEPT
              SELECT obs_id FROM ivoa.obscore WHERE instrument_name <> 'MUSE') AS e
            """)
        #expect(unionAll == 2 * muse && union == muse && except == muse)
    }

    @Test func correlatedSubqueryAndInAndExists() async throws {
        let longestPerInstrument = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS o
            WHERE o.t_exptime = (SELECT MAX(i.t_exptime) FROM ivoa.obscore AS i WHERE i.instrument_name = o.instrument_name)
            """)
        let instruments = try await TestDatabase.count("SELECT COUNT(DISTINCT instrument_name) FROM ivoa.obscore")
        #expect(longestPerInstrument >= instruments && instruments > 3)
        let viaIn = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore WHERE instrument_name IN
              (SELECT instrument_name FROM ivoa.obscore WHERE dataproduct_type = 'cube')
            """)
        let viaExists = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS o WHERE EXISTS
              (SELECT 1 FROM ivoa.obscore AS c WHERE c.dataproduct_type = 'cube' AND c.instrument_name = o.instrument_name)
            """)
        #expect(viaIn == viaExists && viaIn > 0)
    }

    @Test func joinsMatchTheirCommaForm() async throws {
        let join = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS a JOIN ivoa.obscore AS b ON a.obs_id = b.obs_id
            WHERE a.instrument_name = 'UVES'
            """)
        let comma = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS a, ivoa.obscore AS b
            WHERE a.obs_id = b.obs_id AND a.instrument_name = 'UVES'
            """)
        let left = try await TestDatabase.count("""
            SELECT COUNT(*) FROM ivoa.obscore AS a LEFT OUTER JOIN cat.sources AS s ON s.source_id = -1
            """)
        let all = try await TestDatabase.count("SELECT COUNT(*) FROM ivoa.obscore")
        #expect(join == comma && join > 0 && left == all)
    }
}

/// A function an operator declares in tap_util.user_functions is callable from ADQL.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct OperatorFunctionTests {
    @Test func declaredFunctionRuns() async throws {
        _ = try await TestDatabase.withAdminClient { client in
            try await client.query("""
                INSERT INTO tap_util.user_functions (signature, description, sql_name)
                VALUES ('test_gcd(a BIGINT, b BIGINT) -> BIGINT', 'greatest common divisor', 'pg_catalog.gcd')
                ON CONFLICT (signature) DO NOTHING
                """)
        }
        let functions = try await TestDatabase.operatorFunctions()
        #expect(functions.contains { $0.name == "test_gcd" })
        let tables = try await TestDatabase.publishedTables()
        let checked = try Checker.parseAndCheck(
            "SELECT TOP 1 test_gcd(12, 18) FROM ivoa.obscore",
            catalog: TableCatalog(published: tables, operatorFunctions: functions))
        let query = PostgresQuery(Translator.translate(checked))
        let value = try await TestDatabase.withQueryClient { client in
            var result: Int64 = 0
            for try await v in try await client.query(query).decode(Int64.self) { result = v }
            return result
        }
        #expect(value == 6)
    }
}
