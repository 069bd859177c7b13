/// Text helpers shared by the upload readers: decoding bytes leniently, and XML whitespace (VOTable 1.4 §6 trims
/// space, tab, CR and LF around numbers and between array elements).
enum UploadText {
    /// Decodes `bytes` as UTF-8, or as ISO-8859-1 when they are not valid UTF-8: STIL writes BINARY `char` cells one
    /// byte per character (é as 0xE9), and spreadsheets write Latin-1 CSV.
    static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        var text = ""
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes {
            text.unicodeScalars.append(Unicode.Scalar(byte))
        }
        return text
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `text` without leading and trailing XML whitespace.
    static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isWhitespace($0) }) else {
            return text[text.endIndex...]
        }
        let last = utf8.lastIndex(where: { !isWhitespace($0) })!
        return Substring(utf8[first...last])
    }

    /// The whitespace-separated elements of an array cell.
    static func elements(_ text: Substring) -> [Substring] {
        text.utf8.split(whereSeparator: isWhitespace).map { Substring($0) }
    }

    /// `text` for an error message: quoted, and cut short when long.
    static func quoted(_ text: some StringProtocol) -> String {
        text.count <= 40 ? "'\(text)'" : "'\(text.prefix(37))…'"
    }
}

extension String {
    /// Without leading and trailing XML whitespace.
    var trimmingXMLWhitespace: String {
        String(UploadText.trimmed(Substring(self)))
    }
}
