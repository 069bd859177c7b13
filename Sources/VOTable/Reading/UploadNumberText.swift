/// Reads numbers and booleans written as text: TABLEDATA cells (VOTable 1.4 §7) and CSV fields.
///
/// Callers trim whitespace first; these functions take the value exactly.
enum UploadNumberText {
    /// An integer of `datatype` (unsignedByte, short, int or long): an optional sign and decimal digits in the
    /// type's range, or `0x` and hex digits for the type's bit pattern (`0xffff` is -1 as a short).
    static func integer(_ text: Substring, as datatype: Datatype) -> Int64? {
        let bits = bitWidth(datatype)
        let utf8 = text.utf8
        if utf8.count > 2, utf8.first == UInt8(ascii: "0"),
            utf8[utf8.index(after: utf8.startIndex)] | 0x20 == UInt8(ascii: "x")
        {
            let digits = text.dropFirst(2)
            guard digits.utf8.count <= bits / 4, let pattern = UInt64(digits, radix: 16) else { return nil }
            switch datatype {
            case .short: return Int64(Int16(truncatingIfNeeded: pattern))
            case .int: return Int64(Int32(truncatingIfNeeded: pattern))
            case .long: return Int64(bitPattern: pattern)
            default: return Int64(pattern)
            }
        }
        guard let value = decimalInteger(text) else { return nil }
        switch datatype {
        case .unsignedByte: return (0...255).contains(value) ? value : nil
        case .short: return Int16(exactly: value).map(Int64.init)
        case .int: return Int32(exactly: value).map(Int64.init)
        default: return value
        }
    }

    /// An optional sign and decimal digits fitting Int64; nothing else (CSV type inference uses this).
    static func decimalInteger(_ text: Substring) -> Int64? {
        Int64(text, radix: 10)
    }

    /// A float or double: decimal or exponent notation with an optional sign, or NaN, Inf, Infinity in any case with
    /// an optional sign (astropy writes `-InF`, STILTS `+Inf` and `Infinity`).
    static func real(_ text: Substring) -> Double? {
        // Double's own parser takes all of these, and C99 hex floats too, which neither VOTable nor a CSV means:
        // a CSV column of ids like 0x1A must stay text.
        guard !text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "x") }) else {
            return nil
        }
        return Double(text)
    }

    /// A boolean (VOTable 1.4 §7): T, F, 1, 0, true or false in any case; `.some(nil)` for the null forms `?` and
    /// the empty string; nil when `text` is none of these.
    static func boolean(_ text: Substring) -> Bool?? {
        switch text.lowercased() {
        case "t", "1", "true": return .some(true)
        case "f", "0", "false": return .some(false)
        case "?", "": return .some(nil)
        default: return nil
        }
    }

    static func bitWidth(_ datatype: Datatype) -> Int {
        switch datatype {
        case .unsignedByte: 8
        case .short: 16
        case .int: 32
        default: 64
        }
    }
}
