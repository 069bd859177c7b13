import Foundation
import Testing

@testable import VOTable

/// VOTable documents: structure, names, namespaces, and every way a document is refused.
@Suite("Upload VOTable documents")
struct UploadVOTableTests {
    static let votable = UploadTesting.votable

    @Test(arguments: [
        "", #" xmlns="http://www.ivoa.net/xml/VOTable/v1.1""#, #" xmlns="http://www.ivoa.net/xml/VOTable/v1.2""#,
        #" xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3""#,
    ])
    func matchesLocalNamesInAnyNamespace(_ namespace: String) throws {
        let prefix = namespace.contains("xmlns:v") ? "v:" : ""
        let document = """
            <\(prefix)VOTABLE\(namespace)><\(prefix)RESOURCE><\(prefix)TABLE name="t">
            <\(prefix)FIELD name="a" datatype="int"/><\(prefix)DATA><\(prefix)TABLEDATA>
            <\(prefix)TR><\(prefix)TD>1</\(prefix)TD></\(prefix)TR></\(prefix)TABLEDATA></\(prefix)DATA>
            </\(prefix)TABLE></\(prefix)RESOURCE></\(prefix)VOTABLE>
            """
        let read = try UploadTesting.read(text: document)
        #expect(read.header == UploadHeader(tableName: "t", fields: [Field(name: "a", datatype: .int)]))
        #expect(read.described == [["integer(1)"]])
    }

    /// Names fall back to ID, then col<n>; DESCRIPTION is trimmed; PARAM, GROUP and INFO are ignored; only the
    /// first TABLE is read.
    @Test func readsTheHeaderOfTheFirstTable() throws {
        let document = """
            <VOTABLE><RESOURCE><INFO name="QUERY_STATUS" value="OK"/><RESOURCE><TABLE name="first">
            <DESCRIPTION>The table</DESCRIPTION>
            <PARAM name="p" datatype="int" value="3"><VALUES null="3"/></PARAM>
            <FIELD ID="byId" datatype="double" unit="deg" ucd="pos.eq.ra" utype="x:y" xtype="  "/>
            <FIELD datatype="char" arraysize="*"><DESCRIPTION>
               Third &amp; last
            </DESCRIPTION><VALUES null="-"><MIN value="0"/></VALUES><LINK href="http://x"/></FIELD>
            <GROUP><FIELDref ref="byId"/></GROUP>
            <FIELD name="" ID="" datatype="short" arraysize="1"/>
            </TABLE></RESOURCE></RESOURCE>
            <RESOURCE><TABLE name="second"><FIELD name="z" datatype="int"/></TABLE></RESOURCE></VOTABLE>
            """
        let read = try UploadTesting.read(text: document)
        #expect(read.header?.tableName == "first")
        #expect(
            read.header?.fields == [
                Field(
                    name: "byId", datatype: .double, xtype: "  ", unit: "deg", ucd: "pos.eq.ra", utype: "x:y",
                    id: "byId"),
                Field(name: "col2", datatype: .char, arraysize: "*", description: "Third & last"),
                // arraysize "1" on a number is a scalar, and the header says so.
                Field(name: "col3", datatype: .short),
            ])
        #expect(read.rows.isEmpty)
    }

    @Test func readsTableData() throws {
        let document = Self.votable(
            """
            <FIELD name="n" datatype="int"><VALUES null="-1"/></FIELD>
            <FIELD name="s" datatype="char" arraysize="*"><VALUES null="none"/></FIELD>
            <FIELD name="d" datatype="double"/>
            """,
            """
            <TABLEDATA>
            <TR><TD>1</TD><TD>a &lt; b</TD><TD>1.5</TD></TR>
            <TR><TD> -1 </TD><TD><![CDATA[x&y]]> z</TD><TD/></TR>
            <TR><TD>3</TD><TD>none</TD></TR>
            <TR><TD>4</TD></TR><TR/>
            <TR><TD></TD><TD> </TD><TD>
              NaN
            </TD></TR>
            </TABLEDATA>
            """)
        let read = try UploadTesting.read(text: document)
        #expect(
            read.described
                == [
                    [.integer(1), .text("a < b"), .real(1.5)], [nil, .text("x&y z"), nil], [.integer(3), nil, nil],
                    [.integer(4), nil, nil], [nil, nil, nil], [nil, .text(" "), .real(.nan)],
                ].map(UploadTesting.describe))
    }

    static let binary2Fields = #"<FIELD name="a" datatype="short"/><FIELD name="b" datatype="char" arraysize="*"/>"#

    @Test(arguments: [
        ("<html><body/></html>", "the upload is XML but not a VOTable: its root element is html"),
        ("<VOTABLE><RESOURCE/></VOTABLE>", "the VOTable has no TABLE"),
        ("<VOTABLE><RESOURCE><TABLE><DATA/></TABLE></RESOURCE></VOTABLE>", "the TABLE has no FIELD"),
        (votable(#"<FIELD name="ra"/>"#, ""), "FIELD ra has no datatype"),
        (votable(#"<FIELD name="ra" datatype="float32"/>"#, ""),
         "FIELD ra has datatype 'float32', which VOTable does not define"),
        (votable(#"<FIELD name="a" datatype="int" arraysize="n"/>"#, ""),
         "FIELD a has arraysize 'n', which is not n, n*, * or such dimensions joined by x"),
        (votable(#"<FIELD name="a" datatype="int"/><FIELD name="b" datatype="int"/><FIELD name="c" datatype="int"/>"#,
            "<TABLEDATA><TR><TD>1</TD></TR><TR><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD></TR></TABLEDATA>"),
         "row 2 has 4 cells for 3 FIELDs"),
        (votable(#"<FIELD name="id" datatype="int"/><FIELD name="mag" datatype="double"/>"#,
            "<TABLEDATA><TR><TD>1</TD><TD>2</TD></TR><TR><TD>2</TD><TD>abc</TD></TR></TABLEDATA>"),
         "row 2, column mag: 'abc' is not a double"),
        (votable(#"<FIELD name="pos" datatype="double" arraysize="2" xtype="point"/>"#,
            "<TABLEDATA><TR><TD>1 2 3</TD></TR></TABLEDATA>"),
         "row 1, column pos: '1 2 3' has 3 values; arraysize 2 needs 2"),
        (votable(
            #"<FIELD name="a" datatype="int"/>"#, #"<TABLEDATA><TR><TD encoding="base64">AA==</TD></TR></TABLEDATA>"#),
         "row 1, column a: TD encoding 'base64' is not supported"),
        (votable(#"<FIELD name="a" datatype="int"/>"#, #"<FITS><STREAM encoding="base64">AA==</STREAM></FITS>"#),
         "FITS-serialised VOTables are not supported; send TABLEDATA, BINARY or BINARY2"),
        (votable(binary2Fields, #"<BINARY2><STREAM href="http://example.org/t.bin"/></BINARY2>"#),
         "the BINARY2 STREAM points to remote data ('http://example.org/t.bin'); send the table inline"),
        (votable(binary2Fields, #"<BINARY><STREAM encoding="gzip">AA==</STREAM></BINARY>"#),
         "the BINARY STREAM has encoding 'gzip'; inline data must be base64"),
        (votable(binary2Fields, "<BINARY2><STREAM>AA==</STREAM></BINARY2>"),
         "the BINARY2 STREAM has no encoding; inline data must be base64"),
        // Row 1: no nulls, a = 1, b = "x"; row 2 stops inside b.
        (votable(binary2Fields, #"<BINARY2><STREAM encoding="base64">AAABAAAAAXgAAAIAAAAC</STREAM></BINARY2>"#),
         "the BINARY2 data end inside row 2"),
        (votable(binary2Fields, #"<BINARY2><STREAM encoding="base64">AA*A</STREAM></BINARY2>"#),
         "the STREAM is not base64: it holds '*'"),
        ("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><TABLE/></TABLE></RESOURCE></VOTABLE>",
         "the VOTable has a TABLE inside a TABLE"),
        ("<?xml version=\"1.0\"?>\n<!-- a comment <!DOCTYPE -->"
            + " <!DOCTYPE VOTABLE SYSTEM \"file:///etc/passwd\"><VOTABLE/>",
         "the VOTable has a DOCTYPE; uploads may not declare a DTD or entities"),
    ])
    func refuses(_ document: String, _ message: String) {
        #expect(UploadTesting.error { try UploadTesting.read(text: document) } == .invalid(message))
    }

    /// Billion laughs: refused before libxml2 sees the DTD, so nothing is expanded.
    @Test func refusesAnEntityBomb() {
        var document = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        document += "]>\n" + Self.votable(
            #"<FIELD name="a" datatype="char" arraysize="*"/>"#, "<TABLEDATA><TR><TD>&lol9;</TD></TR></TABLEDATA>")
        let error = UploadTesting.error { try UploadTesting.read(text: document) }
        #expect(error == .invalid("the VOTable has a DOCTYPE; uploads may not declare a DTD or entities"))
    }

    /// libxml2 runs in recover mode: a document cut short still parses, but its error is reported.
    @Test(arguments: ["stilts-tabledata.vot", "astropy-binary2.vot"], [30, 100, 200, 400])
    func refusesATruncatedDocument(_ name: String, _ cut: Int) throws {
        let document = try Data(contentsOf: URL(fileURLWithPath: UploadTesting.fixture(name)))
        let error = UploadTesting.error { try UploadTesting.read(contents: document.dropLast(cut)) }
        #expect(error?.kind == .invalid)
        let message = error?.message ?? ""
        #expect(message.hasPrefix("the upload is not well-formed XML (line "), "\(message)")
    }

    static let table = "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/>"

    @Test(arguments: [
        (table + "<DATA><TABLEDATA><TR><TD>1</TD></TR>", "the document does not end where its root element does"),
        (table + "<DATA><TABLEDATA><TR><TD>1</TD></TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>",
         "an end tag that does not match its start tag"),
        (table + "</TABLE></RESOURCE></VOTABLE><VOTABLE/>", "the document does not end where its root element does"),
        (table + "<DATA><TABLEDATA><TR><TD>\u{1}</TD></TR>", "a character that XML does not allow"),
        (table + "<DATA><TABLEDATA><TR><TD>&nbsp;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>",
         "an undeclared entity"),
        ("<v:VOTABLE/>", "an undeclared namespace prefix"),
        ("<VOTABLE a=\"1\" a=\"2\"/>", "an attribute given twice"),
    ])
    func refusesMalformedXML(_ document: String, _ message: String) {
        let error = UploadTesting.error { try UploadTesting.read(text: document) }
        #expect(error == .invalid("the upload is not well-formed XML (line 1: \(message))"))
    }

    /// libxml2 would recover and parse on; the reader stops at the first error, before the rows after it.
    @Test func stopsAtTheFirstXMLError() {
        let document = Self.votable(
            #"<FIELD name="a" datatype="int"/>"#,
            "<TABLEDATA><TR><TD>1</TD></TR>\n<TR><TD>\u{1}</TD></TR><TR><TD>3</TD></TR></TABLEDATA>")
        var rows = 0
        let error = UploadTesting.error {
            try UploadTesting.withTemporaryFile(Array(document.utf8)) { path in
                try UploadReader.read(contentsOf: path, maximumRows: 10, maximumColumns: 10) { _ in
                } row: { _ in
                    rows += 1
                }
                return UploadTesting.Read()
            }
        }
        #expect(error == .invalid("the upload is not well-formed XML (line 5: a character that XML does not allow)"))
        #expect(rows == 1)
    }

    /// A comment or processing instruction before the root is fine, so is a DOCTYPE-like text inside a comment, and
    /// so are libxml2's warnings (here about a relative namespace URI).
    @Test func acceptsAPrologWithoutDOCTYPE() throws {
        let document = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet href=\"a?b\"?>"
            + "<!-- <!DOCTYPE x> - -->\n<VOTABLE xmlns=\"relative\"><RESOURCE><TABLE>"
            + "<FIELD name=\"a\" datatype=\"int\"/></TABLE></RESOURCE></VOTABLE>"
        #expect(try UploadTesting.read(text: document).header?.fields.map(\.name) == ["a"])
    }

    @Test func readsLatin1DeclaredDocuments() throws {
        let document = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><VOTABLE><RESOURCE><TABLE>".utf8)
            + Array("<FIELD name=\"n\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA><TR><TD>".utf8) + [0xE9]
            + Array("</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>".utf8)
        #expect(try UploadTesting.read(contents: document).described == [[#"text("é")"#]])
    }
}
