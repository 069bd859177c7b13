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
    /// How geometry arguments reach the database function.
    public var geometryArguments: GeometryEncoding
    /// The argument that names the reference frame of the geometry returned (0-based), if one does.
    public var frameArgument: Int?

    /// pgsphere values (`spoint`, `scircle`, `spoly`), or the DALI arrays of degrees that results are made of
    /// (pgsphere cannot give a polygon's vertices back).
    public enum GeometryEncoding: Sendable {
        case pgsphere
        case dali
    }

    public init(
        name: String, arguments: [Argument], result: ValueType, description: String, sqlName: String,
        isAggregate: Bool = false, geometryArguments: GeometryEncoding = .pgsphere, frameArgument: Int? = nil
    ) {
        self.frameArgument = frameArgument
        self.name = name
        self.arguments = arguments
        self.result = result
        self.description = description
        self.sqlName = sqlName
        self.isAggregate = isAggregate
        self.geometryArguments = geometryArguments
    }

    /// Whether a call with arguments of these types can mean this form; `exact` asks geometry to match its
    /// declared kind, so that the POLYGON form of a function does not take a CIRCLE meant for its CIRCLE form.
    func accepts(_ types: [ValueType], exact: Bool) -> Bool {
        types.count == arguments.count && zip(types, arguments).allSatisfy { actual, declared in
            exact && declared.type.isGeometry ? actual == declared.type || actual == .unknown || actual == .null
                : Checker.compatible(actual, declared.type)
        }
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
