/// A function beyond ADQL's built-ins: one of the IVOA UDF catalogue's, or one an operator declares. The
/// checker resolves calls against these; the translator calls `sqlName`, a function in the database.
public struct UserDefinedFunction: Sendable {
    public struct Argument: Sendable {
        public var name: String
        public var type: ValueType

        public init(_ name: String, _ type: ValueType) {
            self.name = name
            self.type = type
        }
    }

    /// The ADQL name, compared case-insensitively (e.g. `ivo_healpix_index`).
    public var name: String
    public var arguments: [Argument]
    public var result: ValueType
    public var description: String
    /// The schema-qualified database function that implements it (e.g. `tap_udf.ivo_healpix_index`).
    public var sqlName: String
    public var isAggregate: Bool

    public init(
        name: String, arguments: [Argument], result: ValueType, description: String, sqlName: String,
        isAggregate: Bool = false
    ) {
        self.name = name
        self.arguments = arguments
        self.result = result
        self.description = description
        self.sqlName = sqlName
        self.isAggregate = isAggregate
    }

    /// TAPRegExt form: `ivo_healpix_index(order INTEGER, ra DOUBLE, dec DOUBLE) -> BIGINT`.
    public var signature: String {
        let list = arguments.map { "\($0.name) \(Self.adqlTypeName($0.type))" }.joined(separator: ", ")
        return "\(name)(\(list)) -> \(Self.adqlTypeName(result))"
    }

    static func adqlTypeName(_ type: ValueType) -> String {
        switch type {
        case .boolean: return "BOOLEAN"
        case .smallint: return "SMALLINT"
        case .integer: return "INTEGER"
        case .bigint: return "BIGINT"
        case .real: return "REAL"
        case .double, .null, .unknown: return "DOUBLE"
        case .char, .unicodeChar: return "VARCHAR"
        case .timestamp: return "TIMESTAMP"
        case .point: return "POINT"
        case .circle: return "CIRCLE"
        case .polygon: return "POLYGON"
        case .region: return "REGION"
        case .array(let element, _):
            switch element {
            case .smallint: return "SMALLINT[]"
            case .integer: return "INTEGER[]"
            case .bigint: return "BIGINT[]"
            case .real: return "REAL[]"
            case .double: return "DOUBLE[]"
            }
        }
    }
}
