/// Appends values in PostgreSQL `COPY ... (FORMAT text)` syntax straight into a byte buffer.
/// Millions of values are written per load, so nothing here goes through `String` formatting.
enum DemoCopyFormat {
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")

    private static let powersOfTen: [UInt64] = (0...19).map { exponent in
        (0..<exponent).reduce(UInt64(1)) { value, _ in value * 10 }
    }

    /// The NULL marker `\N`.
    static func appendNull(_ buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    }

    /// Text with COPY's escapes for backslash, tab, newline and carriage return.
    static func appendText(_ text: String, _ buffer: inout [UInt8]) {
        for byte in text.utf8 {
            appendEscaped(byte, &buffer)
        }
    }

    /// Bytes that are already known to need no escaping (prepared names and constants).
    static func appendRaw(_ bytes: [UInt8], _ buffer: inout [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    @inline(__always)
    static func appendEscaped(_ byte: UInt8, _ buffer: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
        case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
        default: buffer.append(byte)
        }
    }

    /// A decimal integer.
    static func appendInt(_ value: Int64, _ buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, minimumDigits: 1, &buffer)
    }

    static func appendInt(_ value: Int, _ buffer: inout [UInt8]) {
        appendInt(Int64(value), &buffer)
    }

    /// `value` zero-padded to at least `minimumDigits` digits.
    static func appendUnsigned(_ value: UInt64, minimumDigits: Int, _ buffer: inout [UInt8]) {
        var digits = 1
        while digits < 20 && value >= powersOfTen[digits] { digits += 1 }
        digits = max(digits, minimumDigits)
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var rest = value
        var index = start + digits - 1
        while rest > 0 {
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// `value` rounded to `decimals` (0...18) fractional digits, e.g. `-12.3456` for 4 decimals.
    /// Values too large for the integer path, and non-finite ones, fall back to spellings PostgreSQL reads.
    static func appendFixed(_ value: Double, decimals: Int, _ buffer: inout [UInt8]) {
        let scale = powersOfTen[decimals]
        let scaled = (value.magnitude * Double(scale)).rounded()
        guard value.isFinite, scaled < 9.0e18 else {
            if value.isNaN {
                buffer.append(contentsOf: "NaN".utf8)
            } else if value.isInfinite {
                buffer.append(contentsOf: (value < 0 ? "-Infinity" : "Infinity").utf8)
            } else {
                buffer.append(contentsOf: "\(value)".utf8)
            }
            return
        }
        let digits = UInt64(scaled)
        if value < 0 && digits != 0 { buffer.append(UInt8(ascii: "-")) }
        appendUnsigned(digits / scale, minimumDigits: 1, &buffer)
        if decimals > 0 {
            buffer.append(UInt8(ascii: "."))
            appendUnsigned(digits % scale, minimumDigits: decimals, &buffer)
        }
    }

}
