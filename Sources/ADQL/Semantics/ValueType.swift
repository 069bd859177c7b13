/// The type of a value as the checker derives it; it decides the VOTable FIELD of an output column and
/// which operations apply.
public enum ValueType: Sendable, Hashable {
    case boolean
    case smallint, integer, bigint
    case real, double
    /// Text; `length` is the fixed length when the column is CHAR(n).
    case char(length: Int?)
    case unicodeChar
    case timestamp
    case point, circle, polygon, region
    /// A numeric array of the given element type, with a fixed length when known.
    case array(element: ArrayElement, length: Int?)
    case null
    case unknown

    public enum ArrayElement: Sendable, Hashable { case smallint, integer, bigint, real, double }

    public var isNumeric: Bool {
        switch self {
        case .smallint, .integer, .bigint, .real, .double, .null, .unknown: return true
        default: return false
        }
    }

    public var isGeometry: Bool {
        switch self {
        case .point, .circle, .polygon, .region: return true
        default: return false
        }
    }

    public var isInteger: Bool {
        switch self {
        case .smallint, .integer, .bigint: return true
        default: return false
        }
    }

    public var isText: Bool {
        switch self {
        case .char, .unicodeChar, .null, .unknown: return true
        default: return false
        }
    }

    /// The type of `a op b` for arithmetic: integers stay integers (ADQL keeps integer division), anything
    /// with a float becomes double.
    public static func arithmetic(_ a: ValueType, _ b: ValueType) -> ValueType {
        if a.isInteger && b.isInteger {
            return (a == .bigint || b == .bigint) ? .bigint : .integer
        }
        return .double
    }

    /// From TAP_SCHEMA's VOTable datatype, arraysize and xtype (TAP 1.1 §4.3).
    public init(datatype: String, arraysize: String?, xtype: String?) {
        switch xtype?.lowercased() {
        case "timestamp": self = .timestamp; return
        case "point": self = .point; return
        case "circle": self = .circle; return
        case "polygon": self = .polygon; return
        case "region", "adql:region": self = .region; return
        default: break
        }
        let size = arraysize.flatMap { $0.isEmpty ? nil : $0 }
        let fixedLength = size.flatMap { Int($0) }
        func element(_ e: ArrayElement, scalar: ValueType) -> ValueType {
            guard let size, size != "1" else { return scalar }
            return .array(element: e, length: fixedLength)
        }
        switch datatype.lowercased() {
        case "boolean": self = .boolean
        case "short", "unsignedbyte": self = element(.smallint, scalar: .smallint)
        case "int": self = element(.integer, scalar: .integer)
        case "long": self = element(.bigint, scalar: .bigint)
        case "float": self = element(.real, scalar: .real)
        case "double": self = element(.double, scalar: .double)
        case "char": self = .char(length: fixedLength)
        case "unicodechar": self = .unicodeChar
        default: self = .unknown
        }
    }
}
