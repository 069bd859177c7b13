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
        arguments: ReferenceDocument.allCases.filter(\.isVOTable))
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
        arguments: ReferenceDocument.allCases.filter(\.isVOTable))
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

    /// What astropy reads from the small table in each format: the same values, but for what a format cannot say.
    @Test(
        "astropy reads back the small table's values",
        .enabled(if: ExternalTools.hasAstropy, "python3 cannot import astropy (pip install astropy)"),
        arguments: [
            ReferenceDocument.tabledataSmall, .binary2Small, .binarySmall, .csvSmall, .tsvSmall, .jsonSmall, .fitsSmall,
        ])
    func astropyReadsValues(_ document: ReferenceDocument) throws {
        let script = """
            import json, math, sys
            import numpy as np
            from astropy.io.votable import parse
            from astropy.table import Table
            path, kind = sys.argv[1], sys.argv[2]
            if kind == "votable":
                table = parse(path, verify="exception").get_first_table().to_table()
            elif kind == "fits":
                table = Table.read(path, format="fits")
            elif kind == "json":
                document = json.load(open(path, encoding="utf-8"))
                names = [column["name"] for column in document["metadata"]]
                table = Table(rows=document["data"], names=names, masked=True)
                for name in names:
                    table[name].mask = [value is None for value in (row[names.index(name)] for row in document["data"])]
            else:
                table = Table.read(path, format="ascii.csv" if kind == "csv" else "ascii.tab", fill_values=[("", "0")])
            def cell(column, index):
                value = table[column][index]
                if np.ma.is_masked(value):
                    return None
                if isinstance(value, (float, np.floating)) and math.isnan(value):
                    return "NaN"
                return value.item() if hasattr(value, "item") else value
            print(json.dumps([[cell(name, i) for name in ("id", "label", "flux")] for i in range(len(table))],
                             ensure_ascii=False))
            """
        let kind: String
        switch document.format {
        case .votable: kind = "votable"
        case .csv: kind = "csv"
        case .tsv: kind = "tsv"
        case .json: kind = "json"
        case .fits: kind = "fits"
        }
        let path = TestPaths.reference(document.rawValue).path
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script, path, kind])
        try #require(result.status == 0, "astropy failed:\n\(result.output)")
        // astropy masks NaN like a null in VOTables, and strips the white space around TABLEDATA and CSV string
        // cells (which VOTable 1.4 §5.1 calls significant); the documents keep both, as the byte-exact comparison
        // shows. BINARY has no null flags: the long null is -2^63 (its VALUES null), so a real -2^63 reads as null.
        let expected: String
        switch document {
        case .binary2Small:
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [-9223372036854775808, "", null], "#
                + #"[null, "  tab\tand line\nbreak ", -0.0]]"#
        case .binarySmall:
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [null, "", null], "#
                + #"[null, "  tab\tand line\nbreak ", -0.0]]"#
        case .csvSmall:
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", "NaN"], [-9223372036854775808, null, null], "#
                + #"[null, "tab\tand line\nbreak", -0.0]]"#
        case .tsvSmall:
            // TSV escapes tab and newline inside a field; astropy leaves the escapes as they are.
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", "NaN"], [-9223372036854775808, null, null], "#
                + #"[null, "  tab\\tand line\\nbreak ", -0.0]]"#
        case .fitsSmall:
            // FITS: integer nulls are TNULL (so a real -2^63 reads as null, as in BINARY); astropy masks NaN and
            // empty strings, and drops a string's trailing spaces (not significant: FITS 4.0 §7.3.3.1).
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [null, null, null], "#
                + #"[null, "  tab\tand line\nbreak", -0.0]]"#
        case .jsonSmall:
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [-9223372036854775808, null, null], "#
                + #"[null, "  tab\tand line\nbreak ", -0.0]]"#
        default:
            expected = #"[[1, "Ångström ✓", 1.5], [2, "a<b & \"c\"", null], [-9223372036854775808, "", null], "#
                + #"[null, "tab\tand line\nbreak", -0.0]]"#
        }
        #expect(lastLine(result.output) == expected)
    }

    /// What astropy reads from the geometry table in each format, compared with the values ReferenceDocuments
    /// writes (not with a recording), so a wrong value cannot be recorded as right.
    @Test(
        "astropy reads back the geometry table's values",
        .enabled(if: ExternalTools.hasAstropy, "python3 cannot import astropy (pip install astropy)"),
        arguments: [
            ReferenceDocument.tabledataGeometry, .binary2Geometry, .binaryGeometry, .csvGeometry, .jsonGeometry,
            .fitsGeometry,
        ])
    func astropyReadsGeometryValues(_ document: ReferenceDocument) throws {
        let script = """
            import json, math, sys, warnings
            import numpy as np
            from astropy.io.votable import parse
            from astropy.table import Table
            warnings.simplefilter("ignore")
            path, kind = sys.argv[1], sys.argv[2]
            names = ["ra", "dec", "center", "footprint", "s_region", "t_obs", "mag", "n", "flag", "q"]
            if kind == "json":
                document = json.load(open(path, encoding="utf-8"))
                order = [column["name"] for column in document["metadata"]]
                print(json.dumps([[row[order.index(name)] for name in names] for row in document["data"]]))
                sys.exit(0)
            if kind == "votable":
                table = parse(path, verify="exception").get_first_table().to_table()
            elif kind == "fits":
                table = Table.read(path, format="fits")
            else:
                table = Table.read(path, format="ascii.csv")
            def number(value):
                if isinstance(value, (float, np.floating)):
                    if math.isnan(value):
                        return "NaN"
                    if math.isinf(value):
                        return "Inf" if value > 0 else "-Inf"
                    # a float's shortest decimal, as a reader shows it
                    return float(str(value)) if isinstance(value, np.float32) else float(value)
                if isinstance(value, (bool, np.bool_)):
                    return bool(value)
                if isinstance(value, np.integer):
                    return int(value)
                if isinstance(value, bytes):
                    return value.decode()
                return value
            def cell(column, index):
                value = table[column][index]
                if np.ndim(value) > 0:
                    mask = np.ma.getmaskarray(value)
                    if len(mask) == 0 or mask.all():
                        return None
                    return [None if m else number(v) for v, m in zip(np.ma.getdata(value), mask)]
                if np.ma.is_masked(value):
                    return None
                return number(value)
            print(json.dumps([[cell(name, i) for name in names] for i in range(len(table))]))
            """
        let kind: String
        switch document.format {
        case .votable: kind = "votable"
        case .csv, .tsv: kind = "csv"
        case .json: kind = "json"
        case .fits: kind = "fits"
        }
        let path = TestPaths.reference(document.rawValue).path
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script, path, kind])
        try #require(result.status == 0, "astropy failed:\n\(result.output)")
        // The rows as written: the point, circle and polygon as arrays, a timestamp, a date, float infinities.
        var rows: [String] = [
            #"[10.684708, 41.26875, [10.684708, 41.26875], [10.684708, 41.26875, 0.5], "#
                + #"[10.0, 10.0, 10.2, 10.0, 10.2, 10.2, 10.0, 10.2], "2000-01-02T15:20:30.456", 3.44, 2147483647, "#
                + #"true, 255]"#,
            #"[359.99999999999994, -89.5, [359.99999999999994, -89.5], [0.0, 0.0, 1e-300], null, "#
                + #""2001-02-03T04:05:06", "Inf", -2147483648, false, 0]"#,
            #"[null, null, null, null, null, "2002-03-04", "-Inf", null, null, null]"#,
        ]
        switch document {
        case .binaryGeometry:
            // BINARY has no null flags: the int and unsignedByte nulls are VALUES sentinels (-2^31 and 255), so
            // real values equal to them read as null, as the small table's -2^63 does.
            rows[0] = rows[0].replacingOccurrences(of: "true, 255]", with: "true, null]")
            rows[1] = rows[1].replacingOccurrences(of: "-2147483648, false", with: "null, false")
        case .fitsGeometry:
            // FITS: the same sentinels as TNULL, and a logical null that astropy reads as false.
            rows[0] = rows[0].replacingOccurrences(of: "true, 255]", with: "true, null]")
            rows[1] = rows[1].replacingOccurrences(of: "-2147483648, false", with: "null, false")
            rows[2] = rows[2].replacingOccurrences(of: "null, null, null]", with: "null, false, null]")
        case .csvGeometry:
            // CSV has no arrays or booleans: astropy keeps their text.
            rows[0] = #"[10.684708, 41.26875, "10.684708 41.26875", "10.684708 41.26875 0.5", "#
                + #""10.0 10.0 10.2 10.0 10.2 10.2 10.0 10.2", "2000-01-02T15:20:30.456", 3.44, 2147483647, "#
                + #""true", 255]"#
            rows[1] = #"[359.99999999999994, -89.5, "359.99999999999994 -89.5", "0.0 0.0 1e-300", null, "#
                + #""2001-02-03T04:05:06", "Inf", -2147483648, "false", 0]"#
        case .jsonGeometry:
            // JSON has no infinities: they are null.
            rows[1] = rows[1].replacingOccurrences(of: #""Inf""#, with: "null")
            rows[2] = rows[2].replacingOccurrences(of: #""-Inf""#, with: "null")
        default:
            break
        }
        #expect(lastLine(result.output) == "[" + rows.joined(separator: ", ") + "]")
    }

    /// STILTS reads every VOTable serialisation, CSV and FITS (it has no TSV or JSON reader) with the right shape.
    @Test(
        "STILTS reads the reference document",
        .enabled(if: ExternalTools.findExecutable("stilts") != nil, "stilts is not installed (Debian: stilts)"),
        arguments: ReferenceDocument.allCases.filter { $0.isVOTable || $0.format.isCSV || $0.format.isFITS })
    func stiltsReads(_ document: ReferenceDocument) throws {
        guard let rows = document.expectedRows else {
            // A DALI error document has no TABLE: STILTS must say so rather than read one.
            let result = try ExternalTools.run(
                ExternalTools.findExecutable("stilts")!,
                ["tpipe", "ifmt=votable", "in=\(TestPaths.reference(document.rawValue).path)", "omode=count"])
            #expect(result.status != 0 && result.output.contains("No TABLE"), "\(result.output)")
            return
        }
        let format = document.isVOTable ? "votable" : document.format.isFITS ? "fits" : "csv"
        let result = try ExternalTools.run(
            ExternalTools.findExecutable("stilts")!,
            ["tpipe", "ifmt=\(format)", "in=\(TestPaths.reference(document.rawValue).path)", "omode=count"])
        try #require(result.status == 0, "stilts failed:\n\(result.output)")
        #expect(lastLine(result.output).hasSuffix("rows: \(rows)"), "\(result.output)")
    }

    /// astropy's FITS verifier finds nothing to fix, and the extension says the rows and status it should.
    @Test(
        "astropy verifies the FITS reference document",
        .enabled(if: ExternalTools.hasAstropy, "python3 cannot import astropy (pip install astropy)"),
        arguments: ReferenceDocument.allCases.filter(\.format.isFITS))
    func astropyVerifiesFITS(_ document: ReferenceDocument) throws {
        let script = """
            import json, sys, warnings
            from astropy.io import fits
            warnings.simplefilter("error")
            with fits.open(sys.argv[1]) as hdus:
                hdus.verify("exception")
                table = hdus[1]
                print(json.dumps({"type": table.header["XTENSION"], "statuses": [table.header["QUERY_STATUS"]],
                                  "rows": len(table.data)}))
            """
        let path = TestPaths.reference(document.rawValue).path
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script, path])
        try #require(result.status == 0, "astropy rejected \(document.rawValue):\n\(result.output)")
        let summary = try JSONDecoder().decode(AstropySummary.self, from: Data(lastLine(result.output).utf8))
        #expect(summary.type == "BINTABLE")
        #expect(summary.statuses == [document.expectedStatus])
        #expect(summary.rows == document.expectedRows)
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
