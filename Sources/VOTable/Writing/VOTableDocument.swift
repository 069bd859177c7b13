import XMLEscaping

/// The parts of a result document around its rows: `header` up to the opening of the row data, `trailer` from its
/// end, with the rows from `TableDataEncoder` or `BinaryEncoder` streamed in between.
///
/// The shape follows DALI 1.1 §4.4 and TAP 1.1 §3: one `RESOURCE type="results"` whose first INFO is QUERY_STATUS,
/// always `OK` at the start because the header goes out before any row is read. The trailer repeats QUERY_STATUS
/// after the TABLE with the real outcome — `OVERFLOW` when MAXREC cut the rows short (DALI 1.1 §4.4.1), `ERROR` when
/// the query failed mid-stream (§4.4.2). Readers take the last one (pyvo does).
///
///     <?xml version="1.0" encoding="UTF-8"?>
///     <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
///     <RESOURCE type="results">
///     <INFO name="QUERY_STATUS" value="OK"/>
///     …resourceInfos, COOSYS…
///     <TABLE name="…">
///     <FIELD …/>…
///     <DATA>
///     <TABLEDATA>
///     …rows…
///     </TABLEDATA>
///     </DATA>
///     </TABLE>
///     <INFO name="QUERY_STATUS" value="OVERFLOW">MAXREC=1000</INFO>
///     </RESOURCE>
///     </VOTABLE>
public struct VOTableDocument: Sendable {
    /// The columns, in row order. The schema wants at least one.
    public var fields: [Field]
    /// INFO elements written after the leading QUERY_STATUS, e.g. `QUERY`, `standardID`, `citation`.
    public var resourceInfos: [Info]
    /// The TABLE's `name` attribute.
    public var tableName: String?
    /// The COOSYS that position columns refer to; fields whose `ref` is nil and that are
    /// `Field.isCelestialPosition` get `ref` set to its ID. A field whose `ref` is empty refers to none.
    public var coordinateSystem: CoordinateSystem?
    /// Further COOSYS elements, which fields name by their `ref`.
    public var otherCoordinateSystems: [CoordinateSystem] = []

    /// Creates the document description. `fields` must not be empty: the VOTable schema requires a TABLE to have at
    /// least one FIELD (ADQL's select list cannot be empty, so a TAP result always has one).
    public init(
        fields: [Field], resourceInfos: [Info] = [], tableName: String? = nil,
        coordinateSystem: CoordinateSystem? = nil
    ) {
        precondition(!fields.isEmpty, "a VOTable TABLE needs at least one FIELD")
        self.fields = fields
        self.resourceInfos = resourceInfos
        self.tableName = tableName
        self.coordinateSystem = coordinateSystem
    }

    /// The bytes from the XML declaration to the opening of the row data (`<DATA>` `<TABLEDATA>` for TABLEDATA).
    public func header(serialization: Serialization = .tabledata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024 + 160 * fields.count)
        Self.appendProlog(to: &out)
        out.appendLiteral("<RESOURCE type=\"results\">\n")
        // DALI 1.1 §4.4: the results RESOURCE must have QUERY_STATUS before the TABLE.
        Self.appendInfo(Info(name: "QUERY_STATUS", value: QueryStatus.ok.value), to: &out)
        // The schema orders RESOURCE content as INFO*, then COOSYS/PARAM/GROUP, then TABLEs.
        for info in resourceInfos {
            Self.appendInfo(info, to: &out)
        }
        for system in [coordinateSystem].compactMap({ $0 }) + otherCoordinateSystems {
            Self.appendCoordinateSystem(system, to: &out)
        }
        out.appendLiteral("<TABLE")
        out.appendAttribute("name", tableName)
        out.appendLiteral(">\n")
        for field in fields {
            appendField(field, nullValue: serialization == .binary ? BinaryLayout.nullValue(of: field) : nil, to: &out)
        }
        switch serialization {
        case .tabledata: out.appendLiteral("<DATA>\n<TABLEDATA>\n")
        case .binary: out.appendLiteral("<DATA>\n<BINARY>\n<STREAM encoding=\"base64\">\n")
        case .binary2: out.appendLiteral("<DATA>\n<BINARY2>\n<STREAM encoding=\"base64\">\n")
        }
        return out
    }

    /// The bytes from the end of the row data to the end of the document, with the final QUERY_STATUS INFO after
    /// the TABLE. Pass the same serialization as to `header`.
    public func trailer(status: QueryStatus, serialization: Serialization = .tabledata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        switch serialization {
        case .tabledata: out.appendLiteral("</TABLEDATA>\n</DATA>\n")
        case .binary: out.appendLiteral("\n</STREAM>\n</BINARY>\n</DATA>\n")
        case .binary2: out.appendLiteral("\n</STREAM>\n</BINARY2>\n</DATA>\n")
        }
        out.appendLiteral("</TABLE>\n")
        Self.appendInfo(Info(name: "QUERY_STATUS", value: status.value, content: status.message), to: &out)
        Self.appendEpilog(to: &out)
        return out
    }

    /// The whole document for rows already encoded (tests, small results).
    public func document(rows: [UInt8], status: QueryStatus, serialization: Serialization = .tabledata) -> [UInt8] {
        header(serialization: serialization) + rows + trailer(status: status, serialization: serialization)
    }

    // MARK: Shared pieces

    /// XML declaration and VOTABLE start tag. Version 1.4 keeps the 1.3 namespace (VOTable 1.4 §3); no
    /// schemaLocation, which readers need not honour and which would pin one schema copy.
    static func appendProlog(to out: inout [UInt8]) {
        out.appendLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.appendLiteral("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n")
    }

    /// RESOURCE and VOTABLE end tags.
    static func appendEpilog(to out: inout [UInt8]) {
        out.appendLiteral("</RESOURCE>\n</VOTABLE>\n")
    }

    static func appendInfo(_ info: Info, to out: inout [UInt8]) {
        out.appendLiteral("<INFO")
        out.appendAttribute("name", info.name)
        out.appendAttribute("value", info.value)
        out.appendAttribute("ucd", info.ucd)
        if let content = info.content {
            out.append(UInt8(ascii: ">"))
            XMLEscape.appendEscapedText(content, to: &out)
            out.appendLiteral("</INFO>\n")
        } else {
            out.appendLiteral("/>\n")
        }
    }

    static func appendCoordinateSystem(_ system: CoordinateSystem, to out: inout [UInt8]) {
        out.appendLiteral("<COOSYS")
        out.appendAttribute("ID", system.id)
        out.appendAttribute("system", system.system)
        out.appendAttribute("equinox", system.equinox)
        out.appendAttribute("epoch", system.epoch)
        out.appendLiteral("/>\n")
    }

    /// `nullValue`: BINARY's VALUES null for the column (integers have no other way to be null there).
    private func appendField(_ field: Field, nullValue: String?, to out: inout [UInt8]) {
        out.appendLiteral("<FIELD")
        out.appendAttribute("name", field.name)
        out.appendAttribute("ID", field.id)
        out.appendAttribute("datatype", field.datatype.rawValue)
        out.appendAttribute("arraysize", field.arraysize)
        out.appendAttribute("xtype", field.xtype)
        out.appendAttribute("unit", field.unit)
        out.appendAttribute("ucd", field.ucd)
        out.appendAttribute("utype", field.utype)
        if let ref = field.ref {
            if !ref.isEmpty { out.appendAttribute("ref", ref) }
        } else if let coordinateSystem, field.isCelestialPosition {
            out.appendAttribute("ref", coordinateSystem.id)
        }
        guard field.description != nil || nullValue != nil else {
            out.appendLiteral("/>\n")
            return
        }
        out.appendLiteral(">\n")
        // The schema's order: DESCRIPTION, then VALUES.
        if let description = field.description {
            out.appendLiteral("<DESCRIPTION>")
            XMLEscape.appendEscapedText(description, to: &out)
            out.appendLiteral("</DESCRIPTION>\n")
        }
        if let nullValue {
            out.appendLiteral("<VALUES")
            out.appendAttribute("null", nullValue)
            out.appendLiteral("/>\n")
        }
        out.appendLiteral("</FIELD>\n")
    }
}
