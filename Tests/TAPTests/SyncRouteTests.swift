import ADQL
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@testable import TAPEngine
@testable import TAPHTTP

/// The HTTP routes against the real database, driven through Hummingbird's test client.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct SyncRouteTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let tables = try await TestDatabase.publishedTables()
        let pools = try TestDatabase.sharedPools()
        let router = Router(context: TAPRequestContext.self)
        // Results stream through libpq's binary COPY, as in the server.
        let pipeline = QueryPipeline(
            catalog: TableCatalog(published: tables), client: pools.query, copyPool: pools.copy,
            configuration: TAPConfiguration(), logger: TestDatabase.logger)
        TAPRoutes(pipeline: pipeline, tables: tables, jobs: nil, examples: [], logger: TestDatabase.logger)
            .register(on: router)
        let app = Application(router: router)
        try await app.test(.router, body)
    }

    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
    }

    @Test func syncQueryStreamsRowsWithStatusAfterThem() async throws {
        try await withApp { client in
            let query = Self.form([("query", "SELECT TOP 4 obs_id, s_ra FROM ivoa.obscore ORDER BY obs_id"),
                                   ("lang", "ADQL"), ("responseformat", "votable/td")])
            try await client.execute(uri: "/tap/sync?" + query, method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.components(separatedBy: "<TR>").count == 5)
                #expect(body.hasSuffix("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n</RESOURCE>\n</VOTABLE>\n"))
            }
        }
    }

    @Test func postFormAndOverflow() async throws {
        try await withApp { client in
            let body = Self.form([
                ("QUERY", "SELECT source_id FROM cat.sources"), ("MAXREC", "3"), ("RESPONSEFORMAT", "votable/td"),
            ])
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(
                uri: "/tap/sync", method: .post, headers: headers, body: ByteBuffer(string: body)
            ) { response in
                let text = String(buffer: response.body)
                #expect(text.components(separatedBy: "<TR>").count == 4)
                #expect(text.contains("value=\"OVERFLOW\">The result was cut at MAXREC=3 rows</INFO>"))
            }
        }
    }

    @Test func positionsInOtherFramesReferToTheirOwnCOOSYS() async throws {
        try await withApp { client in
            let query = Self.form([("QUERY", """
                SELECT TOP 1 s_ra, ivo_geom_transform('ICRS', 'GALACTIC', POINT(s_ra, s_dec)) AS gal,
                  ivo_geom_transform('ICRS', obs_id, POINT(s_ra, s_dec)) AS other FROM ivoa.obscore
                """)])
            try await client.execute(uri: "/tap/sync?" + query, method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<COOSYS ID=\"ICRS\" system=\"ICRS\"/>\n<COOSYS ID=\"GALACTIC\" system=\"GALACTIC\"/>"))
                #expect(body.contains("ucd=\"pos.eq.ra\" utype=\"obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1\" ref=\"ICRS\""))
                #expect(body.contains("<FIELD name=\"gal\" datatype=\"double\" arraysize=\"2\" xtype=\"point\" ref=\"GALACTIC\"/>"))
                #expect(body.contains("<FIELD name=\"other\" datatype=\"double\" arraysize=\"2\" xtype=\"point\"/>"))
            }
        }
    }

    /// Browser clients get CORS headers, and their preflight requests an answer, on every endpoint.
    @Test func corsForBrowserClients() async throws {
        try await withApp { client in
            var headers = HTTPFields()
            headers[.origin] = "https://aladin.cds.unistra.fr"
            try await client.execute(uri: "/tap/capabilities", method: .get, headers: headers) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlExposeHeaders] == "Location, Content-Type, Content-Length")
            }
            // Errors are thrown by the handlers and become DALI documents inside the middleware, so CORS still
            // reaches them: a page can read why its query failed.
            let bad = Self.form([("QUERY", "SELECT nope FROM ivoa.obscore"), ("LANG", "ADQL")])
            try await client.execute(uri: "/tap/sync?" + bad, method: .get, headers: headers) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.contentType] == "application/x-votable+xml")
                #expect(String(buffer: response.body).contains("QUERY_STATUS\" value=\"ERROR\""))
            }
            try await client.execute(uri: "/tap/tables/no.such", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(String(buffer: response.body).contains("no table named 'no.such'"))
            }
            headers[.accessControlRequestMethod] = "POST"
            try await client.execute(uri: "/tap/sync", method: .options, headers: headers) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(response.headers[.accessControlAllowCredentials] == nil)
            }
        }
    }

    /// ObsCore's s_region is an adql:REGION: STC-S text in results, while queries use it as a polygon.
    @Test func regionsAreWrittenAsSTCS() async throws {
        try await withApp { client in
            let query = Self.form([("QUERY", """
                SELECT TOP 1 s_region, AREA(s_region) FROM ivoa.obscore
                WHERE INTERSECTS(s_region, CIRCLE(s_ra, s_dec, 1)) = 1 AND s_region IS NOT NULL
                """), ("RESPONSEFORMAT", "votable/td")])
            try await client.execute(uri: "/tap/sync?" + query, method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("<FIELD name=\"s_region\" datatype=\"char\" arraysize=\"*\" xtype=\"adql:REGION\""))
                let cell = body.components(separatedBy: "<TR><TD>").dropFirst().first?.prefix { $0 != "<" } ?? ""
                let words = cell.split(separator: " ")
                #expect(words.prefix(2) == ["Polygon", "ICRS"] && words.count >= 8 && words.count % 2 == 0, "\(cell)")
                #expect(words.dropFirst(2).allSatisfy { Double($0) != nil })
            }
        }
    }

    /// PostgreSQL text cannot hold NUL: a parameter with one is a clear 400, not a database error.
    @Test func nulInAParameterIsABadRequest() async throws {
        try await withApp { client in
            try await client.execute(uri: "/tap/sync?QUERY=SELECT%20TOP%201%20%27a%00%27%20FROM%20ivoa.obscore", method: .get) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("parameter QUERY contains a NUL character"))
            }
        }
    }

    @Test func tooManyLiteralsIsAClearError() async throws {
        try await withApp { client in
            let list = (0..<70_000).map(String.init).joined(separator: ",")
            let body = Self.form([("QUERY", "SELECT source_id FROM cat.sources WHERE source_id IN (\(list))")])
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(
                uri: "/tap/sync", method: .post, headers: headers, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("the query has 70000 distinct literal values"))
            }
        }
    }

    @Test func invalidQueryIsADALIErrorWithPosition() async throws {
        try await withApp { client in
            let query = Self.form([("QUERY", "SELECT nope FROM ivoa.obscore"), ("LANG", "ADQL")])
            try await client.execute(uri: "/tap/sync?" + query, method: .get) { response in
                #expect(response.status == .badRequest)
                let text = String(buffer: response.body)
                #expect(text.contains("value=\"ERROR\""))
                #expect(text.contains("1:8: no column named &apos;nope&apos;") || text.contains("1:8: no column named 'nope'"))
                #expect(text.contains("name=\"LINE\" value=\"1\""))
            }
        }
    }

    @Test func runtimeErrorsNeverShowSQL() async throws {
        try await withApp { client in
            let query = Self.form([("QUERY", "SELECT TOP 1 s_ra / 0 FROM ivoa.obscore"), ("LANG", "ADQL")])
            try await client.execute(uri: "/tap/sync?" + query, method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("value=\"ERROR\""))
                #expect(!text.contains("\"t0\"") && !text.contains("\"c0\"") && !text.contains("\"ivoa\".\"obscore\""))
            }
        }
    }
}
