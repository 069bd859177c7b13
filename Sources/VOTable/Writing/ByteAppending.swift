import XMLEscaping

// Small helpers for writing markup into a byte array without building Strings.

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of a literal; StaticString points at constant data, so this is one memcpy.
    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends ` name="value"` with the value escaped for a double-quoted attribute.
    mutating func appendAttribute(_ name: StaticString, _ value: String) {
        append(0x20)
        appendLiteral(name)
        appendLiteral("=\"")
        XMLEscape.appendEscapedAttribute(value, to: &self)
        append(0x22)
    }

    /// Appends ` name="value"` when value is not nil.
    mutating func appendAttribute(_ name: StaticString, _ value: String?) {
        if let value {
            appendAttribute(name, value)
        }
    }
}
