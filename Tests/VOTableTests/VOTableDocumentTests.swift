import Testing

@testable import VOTable

@Suite("Document header and trailer")
struct VOTableDocumentTests {
    private func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test("Position columns refer to the COOSYS; explicit refs win; nothing refers to a missing COOSYS")
    func coordinateSystemReferences() {
        let fields = [
            Field(name: "ra", datatype: .double, ucd: "pos.eq.ra;meta.main"),
            Field(name: "region", datatype: .double, arraysize: "*", xtype: "polygon"),
            Field(name: "glon", datatype: .double, ucd: "pos.galactic.lon", ref: "GAL"),
            Field(name: "mag", datatype: .float, ucd: "phot.mag"),
        ]
        let withSystem = string(VOTableDocument(fields: fields, coordinateSystem: .icrs).header())
        #expect(withSystem.contains(#"<COOSYS ID="ICRS" system="ICRS"/>"#))
        #expect(withSystem.contains(#"<FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main" ref="ICRS"/>"#))
        #expect(
            withSystem.contains(#"<FIELD name="region" datatype="double" arraysize="*" xtype="polygon" ref="ICRS"/>"#))
        #expect(withSystem.contains(#"<FIELD name="glon" datatype="double" ucd="pos.galactic.lon" ref="GAL"/>"#))
        #expect(withSystem.contains(#"<FIELD name="mag" datatype="float" ucd="phot.mag"/>"#))

        let withoutSystem = string(VOTableDocument(fields: Array(fields.prefix(2))).header())
        #expect(!withoutSystem.contains("COOSYS"))
        #expect(!withoutSystem.contains("ref="))
    }

    @Test("Attributes and descriptions are escaped")
    func escaping() {
        let document = VOTableDocument(
            fields: [Field(name: "a\"b", datatype: .int, description: "x < y & z", id: "f1")],
            resourceInfos: [Info(name: "QUERY", value: "a<'b'>\"c\"\n", content: "1 < 2")],
            tableName: "t&t")
        let header = string(document.header())
        #expect(header.contains(#"<INFO name="QUERY" value="a&lt;'b'&gt;&quot;c&quot;&#10;">1 &lt; 2</INFO>"#))
        #expect(header.contains(#"<TABLE name="t&amp;t">"#))
        #expect(header.contains("<FIELD name=\"a&quot;b\" ID=\"f1\" datatype=\"int\">\n<DESCRIPTION>x &lt; y &amp; z"))
    }

    @Test(
        "Trailer carries the final status after the TABLE",
        arguments: [
            (QueryStatus.ok, #"<INFO name="QUERY_STATUS" value="OK"/>"#),
            (.overflow("MAXREC=1000"), #"<INFO name="QUERY_STATUS" value="OVERFLOW">MAXREC=1000</INFO>"#),
            (.error("broken <pipe>"), #"<INFO name="QUERY_STATUS" value="ERROR">broken &lt;pipe&gt;</INFO>"#),
        ])
    func trailer(_ status: QueryStatus, _ info: String) {
        let document = VOTableDocument(fields: [Field(name: "a", datatype: .int)])
        #expect(
            string(document.trailer(status: status)) == """
                </TABLEDATA>
                </DATA>
                </TABLE>
                \(info)
                </RESOURCE>
                </VOTABLE>

                """)
    }

    @Test("Header opens TABLEDATA after leading QUERY_STATUS OK")
    func header() {
        let document = VOTableDocument(fields: [Field(name: "a", datatype: .int)], tableName: "result")
        #expect(
            string(document.header()) == """
                <?xml version="1.0" encoding="UTF-8"?>
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
                <RESOURCE type="results">
                <INFO name="QUERY_STATUS" value="OK"/>
                <TABLE name="result">
                <FIELD name="a" datatype="int"/>
                <DATA>
                <TABLEDATA>

                """)
    }

    @Test("Error document")
    func errorDocument() {
        #expect(
            string(DALIErrorDocument.render(message: "no such table: x&y", infos: [Info(name: "line", value: "3")]))
                == """
                <?xml version="1.0" encoding="UTF-8"?>
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
                <RESOURCE type="results">
                <INFO name="QUERY_STATUS" value="ERROR">no such table: x&amp;y</INFO>
                <INFO name="line" value="3"/>
                </RESOURCE>
                </VOTABLE>

                """)
    }
}
