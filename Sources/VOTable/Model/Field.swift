/// The description of one column: a VOTable FIELD element (VOTable 1.4 §4).
///
/// TAP 1.1 §3.2 wants `name` to be the column name (or alias) of the SELECT list, and `datatype`, `arraysize` and
/// `xtype` taken from TAP_SCHEMA.columns.
public struct Field: Sendable, Equatable {
    /// The `name` attribute (XML token; required).
    public var name: String
    /// The `datatype` attribute.
    public var datatype: Datatype
    /// The `arraysize` attribute, e.g. `"*"` for strings and polygons, `"2"` for DALI points; nil for scalars.
    public var arraysize: String?
    /// The `xtype` attribute, e.g. DALI's `timestamp`, `point`, `circle`, `polygon`.
    public var xtype: String?
    /// The `unit` attribute (VOUnit).
    public var unit: String?
    /// The `ucd` attribute (UCD1+).
    public var ucd: String?
    /// The `utype` attribute.
    public var utype: String?
    /// The text of the FIELD's DESCRIPTION child.
    public var description: String?
    /// The `ID` attribute; must be unique in the document and a valid XML ID (no leading digit, no colon).
    public var id: String?
    /// The `ref` attribute, pointing at the ID of e.g. a COOSYS.
    ///
    /// When nil, `VOTableDocument` points position columns at its coordinate system, if it has one
    /// (see `Field.isCelestialPosition`).
    public var ref: String?

    /// Creates a FIELD description; only `name` and `datatype` are required.
    public init(
        name: String,
        datatype: Datatype,
        arraysize: String? = nil,
        xtype: String? = nil,
        unit: String? = nil,
        ucd: String? = nil,
        utype: String? = nil,
        description: String? = nil,
        id: String? = nil,
        ref: String? = nil
    ) {
        self.name = name
        self.datatype = datatype
        self.arraysize = arraysize
        self.xtype = xtype
        self.unit = unit
        self.ucd = ucd
        self.utype = utype
        self.description = description
        self.id = id
        self.ref = ref
    }

    /// Whether the column holds celestial positions, so that it refers to the document's COOSYS: a DALI geometry
    /// xtype (point, circle, polygon: DALI 1.1 §3.3.5–3.3.7; range, shape, multishape: DALI 1.2), or a UCD with a
    /// word starting `pos.eq` (equatorial coordinates).
    public var isCelestialPosition: Bool {
        if let xtype, Self.geometryXtypes.contains(xtype.lowercased()) {
            return true
        }
        if let ucd {
            return ucd.split(separator: ";").contains { $0.lowercased().hasPrefix("pos.eq") }
        }
        return false
    }

    private static let geometryXtypes: Set<String> = ["point", "circle", "polygon", "range", "shape", "multishape"]
}
