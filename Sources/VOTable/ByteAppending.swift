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

    /// Takes back the row an encoder began at `start` and could not end. `start` is nil between rows (`endRow`
    /// clears it), so a row that was ended is never taken back, whatever fails after it.
    @inline(__always)
    mutating func removeOpenRow(_ start: inout Int?) {
        if let begun = start, begun < count { removeSubrange(begun...) }
        start = nil
    }

    /// Everything written, leaving the array empty and its capacity reserved for the next batch.
    @inline(__always)
    mutating func takeAll() -> [UInt8] {
        defer { removeAll(keepingCapacity: true) }
        return self
    }

    /// Appends ` name="value"` when value is not nil.
    mutating func appendAttribute(_ name: StaticString, _ value: String?) {
        if let value {
            appendAttribute(name, value)
        }
    }
}
