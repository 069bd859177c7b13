/// A header value made of a type and parameters, `type *( OWS ";" OWS name "=" value )`: a Content-Type
/// (RFC 9110 §5.6.6, §8.3.1) or a Content-Disposition (RFC 6266 §4.1, which RFC 7578 §4.2 uses).
///
/// Values are tokens or quoted-strings; quoted-pairs (`\"`, `\\`) are unescaped here. Unquoted values are read
/// more loosely than a token, up to the next `;` or blank, because real clients send unquoted boundaries such as
/// JavaMail's `----=_Part_0_1`, which a strict token would refuse. Browsers (WHATWG HTML) percent-encode `"` in
/// names instead of escaping it; such names come through as written.
struct MultipartHeaderValue: Equatable {
    struct Parameter: Equatable {
        /// Lower-cased: parameter names are case-insensitive.
        var name: String
        var value: String
    }

    /// The media type or disposition type, lower-cased.
    var type: String
    /// In the order sent, repeats kept so that callers can refuse them.
    var parameters: [Parameter]

    /// Parses `text`; nil when it does not follow the grammar (an unterminated quoted-string, a parameter
    /// without `=`, a control character).
    init?(parsing text: String) {
        var scanner = HeaderValueScanner(bytes: Array(text.utf8))
        guard let type = scanner.type() else { return nil }
        var parameters: [Parameter] = []
        while true {
            scanner.skipBlanks()
            guard let byte = scanner.peek() else { break }
            guard byte == UInt8(ascii: ";") else { return nil }
            scanner.index += 1
            scanner.skipBlanks()
            // `form-data; name="x";` and `;;` occur in the wild and mean nothing.
            if scanner.peek() == nil || scanner.peek() == UInt8(ascii: ";") { continue }
            guard let parameter = scanner.parameter() else { return nil }
            parameters.append(parameter)
        }
        self.type = type.lowercased()
        self.parameters = parameters
    }

    /// Every value given for the parameter `name` (lower-case).
    func values(of name: String) -> [String] {
        parameters.filter { $0.name == name }.map(\.value)
    }
}

/// A cursor over the bytes of one header value; each method consumes what it recognises.
private struct HeaderValueScanner {
    let bytes: [UInt8]
    var index = 0

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipBlanks() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    /// `token "/" token` or a bare token (a disposition type), after optional blanks.
    mutating func type() -> String? {
        skipBlanks()
        let start = index
        while let byte = peek(), byte.isTokenCharacter || byte == UInt8(ascii: "/") { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    mutating func parameter() -> MultipartHeaderValue.Parameter? {
        let start = index
        while let byte = peek(), byte.isTokenCharacter { index += 1 }
        guard index > start else { return nil }
        let name = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        // RFC 9110 allows no blanks around "=", but some clients write them and nothing is ambiguous.
        skipBlanks()
        guard peek() == UInt8(ascii: "=") else { return nil }
        index += 1
        skipBlanks()
        let value = peek() == UInt8(ascii: "\"") ? quotedString() : unquotedValue()
        return value.map { MultipartHeaderValue.Parameter(name: name, value: $0) }
    }

    /// RFC 9110 §5.6.4: `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, returned unescaped.
    private mutating func quotedString() -> String? {
        index += 1
        var value: [UInt8] = []
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek(), escaped.isQuotedPairCharacter else { return nil }
                value.append(escaped)
                index += 1
            case _ where byte.isQuotedTextCharacter:
                value.append(byte)
            default:
                return nil
            }
        }
        return nil
    }

    /// Visible characters up to `;`, a blank or the end; a `"` inside is refused.
    private mutating func unquotedValue() -> String? {
        let start = index
        while let byte = peek(), byte > 0x20, byte != 0x7F, byte != UInt8(ascii: ";") {
            guard byte != UInt8(ascii: "\"") else { return nil }
            index += 1
        }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }
}

extension UInt8 {
    /// RFC 9110 §5.6.2 tchar.
    fileprivate var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }

    /// RFC 9110 §5.6.4 qdtext: blank, visible characters but `"` and `\`, and non-ASCII (UTF-8) bytes.
    fileprivate var isQuotedTextCharacter: Bool {
        isQuotedPairCharacter && self != UInt8(ascii: "\"") && self != UInt8(ascii: "\\")
    }

    /// RFC 9110 §5.6.4: what may follow `\` in a quoted-pair (HTAB, SP, VCHAR, obs-text).
    fileprivate var isQuotedPairCharacter: Bool {
        self == 0x09 || (self >= 0x20 && self != 0x7F)
    }
}
