/// The one XML escaper of every document the service writes: VOTable text, attribute values and TABLEDATA cells,
/// UWS job documents, VOSI and examples documents (their String form is XMLText). Inlinable, so that the
/// TABLEDATA encoder's calls compile into its loop as they did when both lived in one module.
///
/// Input bytes are taken as UTF-8 and written as UTF-8. XML 1.0 §2.2 allows only tab, LF, CR, U+0020–U+D7FF,
/// U+E000–U+FFFD and U+10000–U+10FFFF, so:
/// - `&`, `<` and `>` become entity references (`>` only matters after `]]`, but escaping it always is simpler);
/// - CR becomes `&#13;`, or the parser's end-of-line normalisation (XML 1.0 §2.11) would turn it into LF;
/// - in attribute values, `"` becomes `&quot;` and tab and LF become `&#9;` and `&#10;`, or attribute-value
///   normalisation (XML 1.0 §3.3.3) would turn them into spaces;
/// - the other C0 control characters, which no XML 1.0 document may contain even as references, become `?`
///   (an ASCII stand-in keeps `char` columns ASCII);
/// - bytes that are not well-formed UTF-8, and U+FFFE and U+FFFF, become U+FFFD (one per maximal ill-formed
///   subsequence, as Unicode §3.9 recommends and Swift's `String(decoding:as:)` does).
public enum XMLEscape {
    /// Appends `bytes` escaped as XML character data.
    @inlinable
    public static func appendEscapedText(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        append(bytes, attribute: false, to: &buffer)
    }

    /// Appends `string` escaped as XML character data.
    @inlinable
    public static func appendEscapedText(_ string: String, to buffer: inout [UInt8]) {
        withUTF8(string) { append($0, attribute: false, to: &buffer) }
    }

    /// Appends `bytes` escaped for a double-quoted attribute value.
    @inlinable
    public static func appendEscapedAttribute(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        append(bytes, attribute: true, to: &buffer)
    }

    /// Appends `string` escaped for a double-quoted attribute value.
    @inlinable
    public static func appendEscapedAttribute(_ string: String, to buffer: inout [UInt8]) {
        withUTF8(string) { append($0, attribute: true, to: &buffer) }
    }

    /// Returns `string` escaped as XML character data (for tests and diagnostics, not the hot path).
    public static func escapedText(_ string: String) -> String {
        var buffer: [UInt8] = []
        appendEscapedText(string, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Returns `string` escaped for a double-quoted attribute value.
    public static func escapedAttribute(_ string: String) -> String {
        var buffer: [UInt8] = []
        appendEscapedAttribute(string, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Calls `body` with the string's UTF-8 bytes, without copying native strings.
    @inlinable
    static func withUTF8<R>(_ string: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = string
        return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    // Bit b set: ASCII byte b (b < 64) needs handling in text content: C0 controls but tab and LF, and & < >.
    @inlinable static var textSpecials: UInt64 { 0x5000_0040_FFFF_F9FF }
    // For attribute values, additionally tab, LF and ".
    @inlinable static var attributeSpecials: UInt64 { 0x5000_0044_FFFF_FFFF }

    /// The index of the first byte at or after `start` that needs escaping or replacing, or `count` if none does.
    @inlinable
    public static func firstSpecialIndex(
        _ base: UnsafePointer<UInt8>, from start: Int, count: Int, attribute: Bool
    ) -> Int {
        let specials = attribute ? attributeSpecials : textSpecials
        var index = start
        while index < count {
            let byte = base[index]
            if byte < 0x40 {
                if specials & (1 &<< UInt64(byte)) != 0 {
                    return index
                }
                index &+= 1
            } else if byte < 0x80 {
                index &+= 1
            } else {
                // Well-formed multi-byte sequences pass through unchanged.
                let length = UTF8Check.validSequenceLength(base + index, available: count &- index)
                if length == 0 {
                    return index
                }
                index &+= length
            }
        }
        return count
    }

    /// Appends `count` bytes at `base`, of which those before `firstSpecial` are known to need nothing.
    @inlinable
    public static func append(
        _ base: UnsafePointer<UInt8>, count: Int, firstSpecial: Int, attribute: Bool, to buffer: inout [UInt8]
    ) {
        // Copy runs of bytes that need nothing done in one go.
        var runStart = 0
        var index = firstSpecial
        while index < count {
            let byte = base[index]
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index &- runStart))
            if byte < 0x80 {
                appendReplacement(forASCII: byte, to: &buffer)
                index &+= 1
            } else {
                buffer.appendStaticString("\u{FFFD}")
                index &+= UTF8Check.maximalIllFormedSubpartLength(base + index, available: count &- index)
            }
            runStart = index
            index = firstSpecialIndex(base, from: index, count: count, attribute: attribute)
        }
        buffer.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count &- runStart))
    }

    @inlinable
    static func append(_ bytes: UnsafeRawBufferPointer, attribute: Bool, to buffer: inout [UInt8]) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return
        }
        let count = bytes.count
        let firstSpecial = firstSpecialIndex(base, from: 0, count: count, attribute: attribute)
        append(base, count: count, firstSpecial: firstSpecial, attribute: attribute, to: &buffer)
    }

    @usableFromInline
    static func appendReplacement(forASCII byte: UInt8, to buffer: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "&"): buffer.appendStaticString("&amp;")
        case UInt8(ascii: "<"): buffer.appendStaticString("&lt;")
        case UInt8(ascii: ">"): buffer.appendStaticString("&gt;")
        case UInt8(ascii: "\""): buffer.appendStaticString("&quot;")
        case 0x09: buffer.appendStaticString("&#9;")
        case 0x0A: buffer.appendStaticString("&#10;")
        case 0x0D: buffer.appendStaticString("&#13;")
        default: buffer.append(UInt8(ascii: "?"))
        }
    }
}

/// UTF-8 well-formedness (Unicode §3.9, table 3-7) plus XML 1.0's exclusion of U+FFFE and U+FFFF.
@usableFromInline
enum UTF8Check {
    /// The length (2...4) of the well-formed, XML-allowed sequence starting at `p` (whose first byte is >= 0x80),
    /// or 0 if there is none.
    @inlinable
    static func validSequenceLength(_ p: UnsafePointer<UInt8>, available: Int) -> Int {
        let lead = p[0]
        if lead < 0xC2 {
            return 0
        }
        if lead < 0xE0 {
            return available >= 2 && isContinuation(p[1]) ? 2 : 0
        }
        if lead < 0xF0 {
            guard available >= 3, secondByteRange(lead).contains(p[1]), isContinuation(p[2]) else {
                return 0
            }
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
            if lead == 0xEF && p[1] == 0xBF && p[2] >= 0xBE {
                return 0
            }
            return 3
        }
        if lead < 0xF5 {
            guard available >= 4, secondByteRange(lead).contains(p[1]), isContinuation(p[2]), isContinuation(p[3])
            else {
                return 0
            }
            return 4
        }
        return 0
    }

    /// How many bytes to replace by one U+FFFD at `p`, where no valid sequence starts: the lead byte and the
    /// continuation bytes that still fit table 3-7 (at least 1).
    @inlinable
    static func maximalIllFormedSubpartLength(_ p: UnsafePointer<UInt8>, available: Int) -> Int {
        let lead = p[0]
        guard lead >= 0xC2 && lead < 0xF5, available >= 2, secondByteRange(lead).contains(p[1]) else {
            return 1
        }
        if lead < 0xE0 {
            return 1  // Not reached: a C2..DF lead with a continuation is valid.
        }
        if lead < 0xF0 {
            // Three-byte form: the two bytes fit, the third does not (or is missing), or the sequence is U+FFFE/F.
            if available >= 3 && isContinuation(p[2]) {
                return 3
            }
            return 2
        }
        if available >= 3 && isContinuation(p[2]) {
            return 3
        }
        return 2
    }

    @inlinable
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    @inlinable
    static func secondByteRange(_ lead: UInt8) -> ClosedRange<UInt8> {
        switch lead {
        case 0xE0: 0xA0...0xBF
        case 0xED: 0x80...0x9F
        case 0xF0: 0x90...0xBF
        case 0xF4: 0x80...0x8F
        default: 0x80...0xBF
        }
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of a literal; StaticString points at constant data, so this is one memcpy.
    @inlinable
    mutating func appendStaticString(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
