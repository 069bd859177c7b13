import ADQL
import ADQLToPostgres
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import TAPDemo
@testable import TAPEngine
@testable import TAPHTTP

/// The `/examples` document (DALI 1.1 §2.3, TAP 1.1 §2.2.4): its examples as data, the XHTML with its RDFa
/// markup, and (with a database) every served query run for real.
@Suite struct ExamplesTests {
    static let served = ExamplesDocument(serviceName: "SwiftTAP", catalogue: DemoArchive.examples)
    static let everything = ExamplesDocument(
        serviceName: "SwiftTAP", features: Set(TAPExample.Feature.allCases), catalogue: DemoArchive.examples)

    @Test func atLeastTwelveServedAndTheUnimplementedHeldBack() {
        #expect(Self.served.examples.count >= 12)
        #expect(Self.everything.examples.count == TAPExample.demo.count)
        #expect(TAPExample.demo.first { $0.id == "upload-crossmatch" }?.requires == [.uploads])
        #expect(TAPExample.demo.first { $0.id == "obsloctap-schedule" }?.requires == [.obsLocTAP])
        for example in TAPExample.demo {
            let served = example.requires.isSubset(of: TAPExample.Feature.implemented)
            #expect(Self.served.examples.contains { $0.id == example.id } == served, "\(example.id)")
            #expect(Self.served.xhtml.contains("id=\"\(example.id)\"") == served, "\(example.id)")
        }
        let none = ExamplesDocument(serviceName: "SwiftTAP", features: [], catalogue: DemoArchive.examples)
        #expect(!none.examples.contains { !$0.requires.isEmpty })
        let uploadsOnly = ExamplesDocument(serviceName: "SwiftTAP", features: [.uploads], catalogue: DemoArchive.examples)
        #expect(uploadsOnly.examples.contains { $0.id == "upload-crossmatch" })
        #expect(!uploadsOnly.examples.contains { $0.id == "obsloctap-schedule" })
    }

    @Test func idsAndNamesAreDistinctAndIdsAreXMLNames() {
        let ids = TAPExample.demo.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(TAPExample.demo.map(\.name)).count == ids.count)
        for id in ids {
            #expect(id.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_.\-]*/) != nil, "\(id)")
        }
    }

    @Test(arguments: [served, everything])
    func documentIsWellFormedWithTheRDFaOfEveryExample(_ document: ExamplesDocument) throws {
        let read = try RDFaExamples(document.xhtml)
        #expect(read.vocabularies == [ExamplesDocument.vocabulary])
        #expect(read.examples.map(\.id) == document.examples.map(\.id))
        for (found, example) in zip(read.examples, document.examples) {
            #expect(found.resource == "#" + example.id)
            #expect(found.insideVocabulary)
            #expect(found.properties["name"] == [example.name])
            #expect(found.properties["query"] == [example.query])
            #expect(found.properties["table", default: []] == example.tables)
            #expect(found.properties["capability"] == [ExamplesDocument.capability])
            #expect(Set(found.properties.keys).isSubset(of: ["name", "query", "table", "capability"]))
        }
        #expect(read.nonPlainTextProperties.isEmpty, "\(read.nonPlainTextProperties)")
    }

    /// Names, prose and queries are text: markup characters in them stay text.
    @Test func everythingIsEscaped() throws {
        let tricky = TAPExample(
            id: "tricky", name: "A < B & \"C\" > 'D'",
            description: "x < 1 && y > 2 ]]> <script>alert(1)</script>\n\nsecond paragraph",
            query: "SELECT a FROM t WHERE b < 1 AND c > 2 AND d = '&amp;' -- ]]>", tables: ["s.t&u"])
        let document = ExamplesDocument(serviceName: "Archive <&> \"x\"", features: [], catalogue: [tricky])
        let read = try RDFaExamples(document.xhtml)
        let found = try #require(read.examples.first)
        #expect(found.properties["name"] == [tricky.name])
        #expect(found.properties["query"] == [tricky.query])
        #expect(found.properties["table"] == ["s.t&u"])
        #expect(read.texts.contains("x < 1 && y > 2 ]]> <script>alert(1)</script>"))
        #expect(read.texts.contains("second paragraph"))
        #expect(read.texts.contains("Archive <&> \"x\": example queries"))
        #expect(!document.xhtml.contains("<script"))
        #expect(read.links.contains(
            "sync?LANG=ADQL&QUERY=SELECT%20a%20FROM%20t%20WHERE%20b%20%3C%201%20AND%20c%20%3E%202%20AND%20d%20%3D%20"
                + "%27%26amp%3B%27%20--%20%5D%5D%3E"))
    }

    /// Every example is valid ADQL on the published tables with this service's functions; those waiting for a
    /// feature are checked against stand-ins for the tables the feature brings, until the service publishes them.
    @Test(arguments: TAPExample.demo.map(\.id))
    func queryChecksAgainstThePublishedTables(_ id: String) throws {
        let example = try #require(TAPExample.demo.first { $0.id == id })
        var tables = DemoArchive.allTables
        for (feature, standIn) in [(TAPExample.Feature.uploads, Self.uploadedTable), (.obsLocTAP, Self.obsPlan)]
        where example.requires.contains(feature)
            && !tables.contains(where: { $0.qualifiedName.lowercased() == standIn.qualifiedName.lowercased() }) {
            tables.append(standIn)
        }
        _ = try Checker.parseAndCheck(example.query, catalog: TableCatalog(published: tables))
        let names = Set(tables.map { $0.qualifiedName.lowercased() })
        for table in example.tables {
            #expect(names.contains(table.lowercased()), "\(table) is not published")
        }
    }

    /// What a user would upload as `mine`: a name and a position.
    static let uploadedTable = PublishedTable(
        schema: "TAP_UPLOAD", name: "mine", description: "an uploaded table",
        columns: [
            PublishedColumn("name", sqlType: "text", datatype: "char", arraysize: "*", description: "name"),
            PublishedColumn("ra", sqlType: "double precision", datatype: "double", unit: "deg", description: "RA"),
            PublishedColumn("dec", sqlType: "double precision", datatype: "double", unit: "deg", description: "Dec"),
        ])

    /// ObsLocTAP 1.0 §4 `ivoa.obsplan`, as far as names and types go.
    static let obsPlan = PublishedTable(
        schema: "ivoa", name: "obsplan", description: "ObsLocTAP observation plan",
        columns: [
            "t_planning", "s_ra", "s_dec", "s_fov", "s_resolution", "t_min", "t_max", "t_exptime", "t_resolution",
            "em_min", "em_max", "em_res_power", "t_plan_exptime",
        ].map { PublishedColumn($0, sqlType: "double precision", datatype: "double", description: $0) }
            + [
                "target_name", "obs_id", "obs_collection", "o_ucd", "pol_states", "facility_name",
                "instrument_name", "category", "execution_status", "tracking_type",
            ].map { PublishedColumn($0, sqlType: "text", datatype: "char", arraysize: "*", description: $0) }
            + [
                PublishedColumn(
                    "s_region", sqlType: "double precision[]", datatype: "double", arraysize: "*", xtype: "polygon",
                    description: "footprint"),
                PublishedColumn("pol_xel", sqlType: "bigint", datatype: "long", description: "pol_xel"),
                PublishedColumn("priority", sqlType: "integer", datatype: "int", description: "priority"),
            ])

    /// Every served example, run through checker, translator and the read-only role on the demo archive.
    @Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
    struct Database {
        /// (Examples with uploads run with a real upload in conformance/test_examples.py.)
        @Test(arguments: ExamplesTests.served.examples.filter { !$0.requires.contains(.uploads) }.map(\.id))
        func servedExampleReturnsRows(_ id: String) async throws {
            let example = try #require(TAPExample.demo.first { $0.id == id })
            let tables = try await TestDatabase.publishedTables()
            let checked = try Checker.parseAndCheck(example.query, catalog: TableCatalog(published: tables))
            let query = PostgresQuery(Translator.translate(checked))
            let rows = try await TestDatabase.withQueryClient { client in
                var count = 0
                for try await _ in try await client.query(query) { count += 1 }
                return count
            }
            #expect(rows > 0, "\(id) returned no rows on the demo archive")
        }

        @Test func servedOverHTTP() async throws {
            let tables = try await TestDatabase.publishedTables()
            let pools = try TestDatabase.sharedPools()
            let router = Router(context: TAPRequestContext.self)
            let configuration = TAPConfiguration()
            let pipeline = QueryPipeline(
                catalog: TableCatalog(published: tables), client: pools.query, copyPool: pools.copy,
                configuration: configuration, logger: TestDatabase.logger)
            TAPRoutes(
                pipeline: pipeline, tables: tables, jobs: nil, examples: DemoArchive.examples, logger: TestDatabase.logger
            ).register(on: router)
            let app = Application(router: router)
            try await app.test(.router) { client in
                let body = try await client.execute(uri: "/tap/examples", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == ExamplesDocument.contentType)
                    return String(buffer: response.body)
                }
                #expect(body == ExamplesDocument(serviceName: configuration.serviceName, catalogue: DemoArchive.examples).xhtml)
                #expect(try RDFaExamples(body).examples.count == ExamplesTests.served.examples.count)
            }
        }
    }
}

/// Reads the DALI-examples markup of an XHTML document with an XML parser, as clients do.
final class RDFaExamples: NSObject, XMLParserDelegate {
    struct Example {
        var id: String?
        var resource: String?
        var insideVocabulary: Bool
        var properties: [String: [String]] = [:]
    }

    private(set) var vocabularies: [String] = []
    private(set) var examples: [Example] = []
    /// Properties whose element had child elements (DALI wants plain text).
    private(set) var nonPlainTextProperties: [String] = []
    /// The text of every element without child elements.
    private(set) var texts: [String] = []
    private(set) var links: [String] = []

    private struct Open {
        var property: String?
        var example: Int?
        var vocabulary: Bool
        var text = ""
        var hasChildren = false
    }

    private var stack: [Open] = []
    private var error: Error?

    struct NotWellFormed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ xhtml: String) throws {
        super.init()
        let parser = XMLParser(data: Data(xhtml.utf8))
        parser.delegate = self
        parser.shouldProcessNamespaces = true
        guard parser.parse() else {
            let error = parser.parserError.map { "\($0)" } ?? "?"
            throw NotWellFormed(description: "\(error) at line \(parser.lineNumber)")
        }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
        let insideVocabulary = stack.last?.vocabulary ?? false
        if let vocab = attributes["vocab"] { vocabularies.append(vocab) }
        if let href = attributes["href"] { links.append(href) }
        var example = stack.last?.example
        if attributes["typeof"] == "example" {
            examples.append(Example(id: attributes["id"], resource: attributes["resource"],
                                    insideVocabulary: insideVocabulary))
            example = examples.count - 1
        }
        stack.append(Open(property: attributes["property"], example: example,
                          vocabulary: insideVocabulary || attributes["vocab"] != nil))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        let open = stack.removeLast()
        if !open.hasChildren { texts.append(open.text) }
        guard let property = open.property else { return }
        if open.hasChildren { nonPlainTextProperties.append(property) }
        if let example = open.example {
            examples[example].properties[property, default: []].append(open.text)
        }
    }
}
