/// What the checker knows of a published table: its names as TAP_SCHEMA publishes them, and where the
/// database keeps it (opaque here; the translator quotes them).
public struct TableMetadata: Sendable {
    public var schema: String
    public var name: String
    public var columns: [ColumnMetadata]
    public var storageSchema: String
    public var storageName: String
    /// Positions the database also keeps as one indexed point, so that POINT(ra, dec) on them can use it.
    public var derivedPoints: [DerivedPoint]

    public init(
        schema: String, name: String, columns: [ColumnMetadata], storageSchema: String? = nil,
        storageName: String? = nil, derivedPoints: [DerivedPoint] = []
    ) {
        self.schema = schema
        self.name = name
        self.columns = columns
        self.derivedPoints = derivedPoints
        self.storageSchema = storageSchema ?? schema.lowercased()
        self.storageName = storageName ?? name.lowercased()
    }

    public var qualifiedName: String { "\(schema).\(name)" }

    public func column(_ identifier: Identifier) -> ColumnMetadata? {
        columns.first { identifier.matches($0.name) }
    }
}

/// `POINT(ra, dec)` of two published columns, stored as one indexed point column.
public struct DerivedPoint: Sendable, Hashable {
    public var ra: String
    public var dec: String
    public var storageName: String

    public init(ra: String, dec: String, storageName: String) {
        self.ra = ra
        self.dec = dec
        self.storageName = storageName
    }
}

/// A column's published metadata (TAP_SCHEMA.columns), which output FIELDs inherit.
public struct ColumnMetadata: Sendable {
    public var name: String
    public var type: ValueType
    public var unit: String?
    public var ucd: String?
    public var utype: String?
    public var description: String?
    public var storageName: String
    /// For a geometry column, the indexed column that keeps it in the database's own geometry type.
    public var geometryStorageName: String?

    public init(
        name: String, type: ValueType, unit: String? = nil, ucd: String? = nil, utype: String? = nil,
        description: String? = nil, storageName: String? = nil, geometryStorageName: String? = nil
    ) {
        self.geometryStorageName = geometryStorageName
        self.name = name
        self.type = type
        self.unit = unit
        self.ucd = ucd
        self.utype = utype
        self.description = description
        self.storageName = storageName ?? name.lowercased()
    }
}

/// Every table a query may name, looked up the way ADQL resolves names: regular identifiers
/// case-insensitively, delimited ones exactly, an unqualified table name when it is unambiguous.
public struct TableCatalog: Sendable {
    public var tables: [TableMetadata]
    /// User-defined functions by lower-cased name: each name's forms, told apart by their arguments.
    public var functions: [String: [UserDefinedFunction]]

    /// A later declaration with the same name and argument types replaces an earlier one, so an operator can
    /// redefine a catalogue function.
    public init(tables: [TableMetadata], functions: [UserDefinedFunction] = []) {
        self.tables = tables
        var forms: [String: [UserDefinedFunction]] = [:]
        for function in functions {
            let key = function.name.lowercased()
            forms[key, default: []].removeAll { $0.arguments.map(\.type) == function.arguments.map(\.type) }
            forms[key, default: []].append(function)
        }
        self.functions = forms
    }

    /// Every form of the function with this name; empty when there is none.
    public func functions(named name: String) -> [UserDefinedFunction] {
        functions[name.lowercased()] ?? []
    }

    public func lookup(_ name: QualifiedName) -> [TableMetadata] {
        let table = name.last
        let schema = name.parts.count >= 2 ? name.parts[name.parts.count - 2] : nil
        return tables.filter { candidate in
            table.matches(candidate.name) && (schema.map { $0.matches(candidate.schema) } ?? true)
        }
    }

    /// Every published name, for "did you mean" suggestions.
    public var qualifiedNames: [String] { tables.map(\.qualifiedName) }
}
