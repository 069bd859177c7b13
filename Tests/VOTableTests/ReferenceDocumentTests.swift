import Foundation
import Testing

@testable import VOTable

/// The documents in /VOTables: reproduced byte for byte, schema-valid, and readable by astropy.
@Suite("Reference documents")
struct ReferenceDocumentTests {
    @Test("Encoder reproduces the reference document", arguments: ReferenceDocument.allCases)
    func reproducesReference(_ document: ReferenceDocument) throws {
        try expectMatchesReference(document.render(), document.rawValue)
    }

    @Test(
        "Reference document validates against the VOTable schema",
        .enabled(if: ExternalTools.xmllint != nil, "xmllint is not installed (Debian: libxml2-utils)"),
        .enabled(if: ExternalTools.hasSchemas, "no VOTable schema and catalog in \(TestPaths.schemaDirectory.path)"),
        arguments: ReferenceDocument.allCases)
    func validatesAgainstSchema(_ document: ReferenceDocument) throws {
        let result = try xmllint(TestPaths.reference(document.rawValue))
        #expect(result.status == 0, "xmllint rejected \(document.rawValue):\n\(result.output)")
    }

    /// Guards the check above: the schema must really be applied, so a TABLE without FIELD has to fail.
    @Test(
        "Schema validation rejects an invalid document",
        .enabled(if: ExternalTools.xmllint != nil, "xmllint is not installed (Debian: libxml2-utils)"),
        .enabled(if: ExternalTools.hasSchemas, "no VOTable schema and catalog in \(TestPaths.schemaDirectory.path)"))
    func schemaRejectsInvalidDocument() throws {
        let invalid = """
            <?xml version="1.0" encoding="UTF-8"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
            <RESOURCE type="results"><TABLE><DATA><TABLEDATA/></DATA></TABLE></RESOURCE>
            </VOTABLE>

            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swifttap-invalid-\(UUID()).vot")
        try Data(invalid.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try xmllint(url)
        #expect(result.status != 0, "xmllint accepted a TABLE without FIELD:\n\(result.output)")
    }

    @Test(
        "astropy parses the reference document without warnings",
        .enabled(if: ExternalTools.hasAstropy, "python3 cannot import astropy (pip install astropy)"),
        arguments: ReferenceDocument.allCases)
    func parsesWithAstropy(_ document: ReferenceDocument) throws {
        let script = """
            import json, sys
            from astropy.io.votable import parse
            votable = parse(sys.argv[1], verify="exception")
            resource = votable.resources[0]
            tables = list(votable.iter_tables())
            print(json.dumps({
                "type": resource.type,
                "statuses": [info.value for info in resource.infos if info.name == "QUERY_STATUS"],
                "rows": len(tables[0].array) if tables else None,
            }))
            """
        let path = TestPaths.reference(document.rawValue).path
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script, path])
        try #require(result.status == 0, "astropy rejected \(document.rawValue):\n\(result.output)")
        let summary = try JSONDecoder().decode(AstropySummary.self, from: Data(lastLine(result.output).utf8))
        #expect(summary.type == "results")
        #expect(summary.statuses.last == document.expectedStatus)
        // DALI 1.1 §4.4: QUERY_STATUS also comes first, before the TABLE.
        #expect(summary.statuses.first == (document == .error ? "ERROR" : "OK"))
        #expect(summary.rows == document.expectedRows)
    }

    @Test(
        "astropy reads back the small table's values",
        .enabled(if: ExternalTools.hasAstropy, "python3 cannot import astropy (pip install astropy)"))
    func astropyReadsValues() throws {
        let script = """
            import json, math, sys
            from astropy.io.votable import parse
            table = parse(sys.argv[1], verify="exception").get_first_table().array
            def cell(value, masked):
                if masked:
                    return None
                if isinstance(value, float) and math.isnan(value):
                    return "NaN"
                return value.item() if hasattr(value, "item") else value
            print(json.dumps([[cell(row[name], row.mask[name]) for name in ("id", "label", "flux")] for row in table],
                             ensure_ascii=False))
            """
        let path = TestPaths.reference(ReferenceDocument.tabledataSmall.rawValue).path
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script, path])
        try #require(result.status == 0, "astropy failed:\n\(result.output)")
        // astropy masks NaN like a null, and strips the white space around string cells (which VOTable 1.4 §5.1
        // calls significant); the document itself keeps both, as the byte-exact comparison shows.
        #expect(
            lastLine(result.output)
                == #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [-9223372036854775808, "", null], "#
                + #"[null, "tab\tand line\nbreak", -0.0]]"#)
    }

    private func xmllint(_ url: URL) throws -> ExternalTools.Result {
        try ExternalTools.run(
            ExternalTools.xmllint!,
            ["--noout", "--nonet", "--schema", TestPaths.votableSchema.path, url.path],
            environment: ["XML_CATALOG_FILES": TestPaths.catalog.path])
    }

    private func lastLine(_ output: String) -> String {
        String(output.split(separator: "\n").last ?? "")
    }
}

private struct AstropySummary: Decodable {
    var type: String
    var statuses: [String]
    var rows: Int?
}
