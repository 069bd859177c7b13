/// A table as the service publishes it: one definition drives the `CREATE TABLE`, the indexes
/// and the TAP_SCHEMA rows, so the database and its description cannot drift apart.
public struct PublishedTable: Sendable {
    public var schema: String
    public var name: String
    /// TAP_SCHEMA.tables.table_type: "table" or "view".
    public var tableType: String
    public var description: String
    public var utype: String?
    public var columns: [PublishedColumn]
    /// Extra DDL run after `CREATE TABLE` (indexes, constraints); `{table}` is replaced by the
    /// quoted qualified name.
    public var indexDDL: [String]
    /// The stored pgsphere forms of its positions and regions, which geometry predicates use (and their indexes).
    /// Kept in the database next to TAP_SCHEMA (tap_util.derived_columns), so a server learns them from there.
    public var derivedColumns: [DerivedColumn]
    /// TAP_SCHEMA.schemas.description for the table's schema; nil leaves what the database says.
    public var schemaDescription: String?

    public init(
        schema: String, name: String, tableType: String = "table", description: String, utype: String? = nil,
        columns: [PublishedColumn], indexDDL: [String] = [], derivedColumns: [DerivedColumn] = [],
        schemaDescription: String? = nil
    ) {
        self.schema = schema
        self.name = name
        self.tableType = tableType
        self.description = description
        self.utype = utype
        self.columns = columns
        self.indexDDL = indexDDL
        self.derivedColumns = derivedColumns
        self.schemaDescription = schemaDescription
    }

    /// The name as TAP_SCHEMA.tables.table_name holds it: schema-qualified.
    public var qualifiedName: String { "\(schema).\(name)" }
}

/// A column as TAP 1.1 §4.3 (TAP_SCHEMA.columns) describes it, plus the PostgreSQL type that stores it.
public struct PublishedColumn: Sendable {
    /// The name as TAP_SCHEMA publishes it: delimited (`"size"`) when it is an ADQL reserved word, as TAP 1.1
    /// §4.3 has TAP_SCHEMA.columns' own "size".
    public var name: String
    /// The PostgreSQL column type used in `CREATE TABLE` ("double precision", "text", "spoly", ...).
    public var sqlType: String
    /// The VOTable datatype (TAP 1.1 TAP_SCHEMA.columns.datatype): boolean, short, int, long, float,
    /// double, char, unicodeChar.
    public var datatype: String
    public var arraysize: String?
    /// DALI xtype ("timestamp", "point", "circle", "polygon", ...).
    public var xtype: String?
    public var unit: String?
    public var ucd: String?
    public var utype: String?
    public var description: String
    public var principal: Bool
    public var indexed: Bool
    /// True for columns defined by an IVOA standard (ObsCore, TAP_SCHEMA).
    public var std: Bool
    public var nullable: Bool

    /// The name without the quotes of a delimited one: the database column's name and the result's FIELD name.
    public var plainName: String {
        name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") ? String(name.dropFirst().dropLast()) : name
    }

    public init(
        _ name: String, sqlType: String, datatype: String, arraysize: String? = nil, xtype: String? = nil,
        unit: String? = nil, ucd: String? = nil, utype: String? = nil, description: String,
        principal: Bool = false, indexed: Bool = false, std: Bool = false, nullable: Bool = true
    ) {
        self.name = name
        self.sqlType = sqlType
        self.datatype = datatype
        self.arraysize = arraysize
        self.xtype = xtype
        self.unit = unit
        self.ucd = ucd
        self.utype = utype
        self.description = description
        self.principal = principal
        self.indexed = indexed
        self.std = std
        self.nullable = nullable
    }
}

// Shorthands for columns a standard defines (ObsCore, ObsLocTAP): std, principal unless said otherwise.
extension PublishedColumn {
    static func standardText(
        _ name: String, ucd: String?, utype: String?, description: String, principal: Bool = true,
        indexed: Bool = false, nullable: Bool = true
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "text", datatype: "char", arraysize: "*", ucd: ucd, utype: utype, description: description,
            principal: principal, indexed: indexed, std: true, nullable: nullable)
    }

    static func standardDouble(
        _ name: String, unit: String? = nil, ucd: String?, utype: String?, description: String,
        indexed: Bool = false, nullable: Bool = true
    ) -> PublishedColumn {
        PublishedColumn(
            name, sqlType: "double precision", datatype: "double", unit: unit, ucd: ucd, utype: utype,
            description: description, principal: true, indexed: indexed, std: true, nullable: nullable)
    }
}
