import Foundation
import Testing

@testable import VOTable

@Suite struct VOTableReaderTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
        <RESOURCE type="results">
        <TABLE name="mine">
        <FIELD name="id" datatype="long"><VALUES null="-1"/></FIELD>
        <FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
        <FIELD name="label" datatype="char" arraysize="*"/>
        <DATA><TABLEDATA>
        <TR><TD>1</TD><TD>10.5</TD><TD>a &lt; b</TD></TR>
        <TR><TD>-1</TD><TD/><TD><![CDATA[x&y]]></TD></TR>
        </TABLEDATA></DATA>
        </TABLE>
        </RESOURCE>
        <RESOURCE><TABLE name="second"><FIELD name="z" datatype="int"/></TABLE></RESOURCE>
        </VOTABLE>
        """

    @Test func readsTheFirstTableWithNulls() throws {
        let table = try VOTableReader.read(Data(Self.document.utf8), maximumRows: 10)
        #expect(table.name == "mine")
        #expect(table.fields.map(\.name) == ["id", "ra", "label"])
        #expect(table.fields[1].unit == "deg" && table.fields[1].datatype == .double)
        #expect(table.rows == [["1", "10.5", "a < b"], [nil, nil, "x&y"]])
    }

    @Test(arguments: [
        ("<html/>", "the upload is not a VOTable (its root element is html)"),
        ("<VOTABLE><RESOURCE/></VOTABLE>", "the upload is a VOTable without a TABLE"),
        ("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"float32\"/></TABLE></RESOURCE></VOTABLE>",
         "FIELD a of the upload has no valid datatype"),
        ("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><BINARY2><STREAM encoding=\"base64\">AA==</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>",
         "the upload's table is serialised as BINARY2; send it as TABLEDATA for now"),
        ("<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><TABLEDATA><TR><TD>1</TD><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>",
         "row 1 of the upload has 2 cells for 1 FIELDs"),
    ])
    func refusesWithAReason(_ document: String, _ message: String) {
        #expect(throws: VOTableReader.ReadError(message: message)) {
            try VOTableReader.read(Data(document.utf8), maximumRows: 10)
        }
    }

    @Test func stopsAtTheRowLimit() {
        let rows = String(repeating: "<TR><TD>1</TD></TR>", count: 5)
        let document = "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/><DATA><TABLEDATA>\(rows)"
            + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>"
        #expect(throws: VOTableReader.ReadError(message: "the upload has more than 3 rows, the most this service takes")) {
            try VOTableReader.read(Data(document.utf8), maximumRows: 3)
        }
        #expect(throws: Never.self) { try VOTableReader.read(Data(document.utf8), maximumRows: 5) }
    }

    @Test func notXMLIsAClearError() {
        let error = try? #require(throws: VOTableReader.ReadError.self) {
            try VOTableReader.read(Data("<VOTABLE><RESOURCE>".utf8), maximumRows: 10)
        }
        #expect(error?.message.hasPrefix("the upload is not well-formed XML (line 1") == true, "\(String(describing: error))")
    }

    /// What astropy (and so pyvo) writes for an uploaded table reads back as the same values.
    @Test(.enabled(if: ExternalTools.hasAstropy, "needs python3 with astropy"))
    func readsWhatAstropyWrites() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swifttap-upload-\(UUID()).vot")
        defer { try? FileManager.default.removeItem(at: url) }
        let script = """
            from astropy.table import Table, MaskedColumn
            t = Table({'id': [1, 2], 'ra': [10.5, 200.25], 'name': ['NGC 4', 'M 31']})
            t['mag'] = MaskedColumn([12.5, 0.0], mask=[False, True])
            t.write('\(url.path)', format='votable', overwrite=True)
            """
        let result = try ExternalTools.run(ExternalTools.python3!, ["-c", script])
        #expect(result.status == 0, "\\(result.output)")
        let table = try VOTableReader.read(try Data(contentsOf: url), maximumRows: 10)
        #expect(table.fields.map(\.name) == ["id", "ra", "name", "mag"])
        #expect(table.rows.count == 2 && table.rows[0][0] == "1" && table.rows[1][2] == "M 31")
        #expect(table.rows[0][3].flatMap(Double.init) == 12.5 && table.rows[1][3] == nil)
    }
}
