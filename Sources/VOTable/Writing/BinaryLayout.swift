/// How one FIELD's cells are laid out in BINARY and BINARY2 (VOTable 1.4 §5.4): big-endian numbers, arrays of a
/// fixed size written as they are, variable ones (`*`, `n*`) after a 4-byte element count.
enum BinaryLayout: Sendable, Equatable {
    enum Number: Sendable, Equatable {
        case unsignedByte, short, int, long, float, double

        var width: Int {
            switch self {
            case .unsignedByte: 1
            case .short: 2
            case .int, .float: 4
            case .long, .double: 8
            }
        }
    }

    case boolean
    case number(Number)
    /// `char` (bytes of UTF-8) or `unicodeChar` (UTF-16 code units, VOTable 1.5 §2.1) arrays; `fixed` is the
    /// length of a fixed-size array, nil for a variable one.
    case text(unicode: Bool, fixed: Int?)
    /// One `char` without arraysize.
    case character
    /// A numeric array (DALI point, circle, polygon, interval, or any array column).
    case array(Number, fixed: Int?)

    init(_ field: Field) {
        let size = Self.arraySize(field.arraysize)
        switch field.datatype {
        case .boolean, .bit: self = .boolean
        case .char:
            self = size.isArray ? .text(unicode: false, fixed: size.fixed) : .character
        case .unicodeChar: self = .text(unicode: true, fixed: size.isArray ? size.fixed : 1)
        case .unsignedByte: self = Self.numeric(.unsignedByte, size)
        case .short: self = Self.numeric(.short, size)
        case .int: self = Self.numeric(.int, size)
        case .long: self = Self.numeric(.long, size)
        case .float: self = Self.numeric(.float, size)
        case .double: self = Self.numeric(.double, size)
        // Complex numbers are pairs: written as arrays of twice the length.
        case .floatComplex: self = .array(.float, fixed: size.isArray ? size.fixed.map { $0 * 2 } : 2)
        case .doubleComplex: self = .array(.double, fixed: size.isArray ? size.fixed.map { $0 * 2 } : 2)
        }
    }

    static func numeric(_ number: Number, _ size: (isArray: Bool, fixed: Int?)) -> BinaryLayout {
        size.isArray ? .array(number, fixed: size.fixed) : .number(number)
    }

    /// `nil` is a scalar; `"*"` and `"n*"` are variable; `"n"` and `"nxm"` fixed (their product).
    static func arraySize(_ text: String?) -> (isArray: Bool, fixed: Int?) {
        guard let text, !text.isEmpty else { return (false, nil) }
        if text.hasSuffix("*") { return (true, nil) }
        let product = text.split(separator: "x").reduce(1) { $0 * (Int($1) ?? 1) }
        return (true, product)
    }

    /// The integer null sentinels, the same for BINARY's VALUES null and FITS's TNULL.
    static func integerNull(_ number: Number) -> Int64 {
        switch number {
        case .unsignedByte: 255
        case .short: Int64(Int16.min)
        case .int: Int64(Int32.min)
        default: Int64.min
        }
    }

    /// The VALUES null that BINARY (which has no null flags) declares for integer columns; floating-point nulls
    /// are NaN, and strings and arrays empty.
    static func nullValue(of field: Field) -> String? {
        switch field.datatype {
        case .unsignedByte: "255"
        case .short: "-32768"
        case .int: "-2147483648"
        case .long: "-9223372036854775808"
        default: nil
        }
    }
}
