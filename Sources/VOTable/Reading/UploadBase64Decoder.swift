/// Decodes the base64 text of a STREAM (VOTable 1.4 §5.4, RFC 2045) piece by piece, as XMLParser hands it over.
///
/// Whitespace may come anywhere, and a piece may end inside a group of four characters: the 0–3 characters left
/// over wait, as bits, for the next piece. A missing final padding is tolerated.
struct UploadBase64Decoder {
    private var bits: UInt32 = 0
    private var held = 0
    /// Whether padding has ended the data; only whitespace, and the second `=`, may follow.
    private var ended = false
    private var paddingExpected = 0

    /// Appends the bytes that `text` completes to `output`.
    mutating func decode(_ text: some Sequence<UInt8>, into output: inout [UInt8]) throws(UploadReadError) {
        for character in text {
            let value = Self.values[Int(character)]
            if value < 64 {
                guard !ended else {
                    throw UploadReadError.invalid("the STREAM's base64 data go on after their end ('=')")
                }
                bits = bits << 6 | UInt32(value)
                held += 1
                if held == 4 {
                    output.append(UInt8(truncatingIfNeeded: bits >> 16))
                    output.append(UInt8(truncatingIfNeeded: bits >> 8))
                    output.append(UInt8(truncatingIfNeeded: bits))
                    bits = 0
                    held = 0
                }
            } else if value == Self.whitespace {
                continue
            } else if value == Self.padding {
                try pad(into: &output)
            } else {
                throw UploadReadError.invalid("the STREAM is not base64: it holds \(Self.describe(character))")
            }
        }
    }

    /// Flushes what the last characters hold; call once, after the last piece.
    mutating func finish(into output: inout [UInt8]) throws(UploadReadError) {
        if held == 1 {
            throw UploadReadError.invalid("the STREAM's base64 data end with a lone character")
        }
        flush(into: &output)
    }

    /// "xx==" ends with one byte, "xxx=" with two.
    private mutating func pad(into output: inout [UInt8]) throws(UploadReadError) {
        if ended {
            guard paddingExpected > 0 else {
                throw UploadReadError.invalid("the STREAM's base64 data have too many '='")
            }
            paddingExpected -= 1
            return
        }
        guard held >= 2 else {
            throw UploadReadError.invalid("the STREAM's base64 data have a misplaced '='")
        }
        paddingExpected = held == 2 ? 1 : 0
        flush(into: &output)
        ended = true
    }

    private mutating func flush(into output: inout [UInt8]) {
        switch held {
        case 2:
            output.append(UInt8(truncatingIfNeeded: bits >> 4))
        case 3:
            output.append(UInt8(truncatingIfNeeded: bits >> 10))
            output.append(UInt8(truncatingIfNeeded: bits >> 2))
        default:
            break
        }
        bits = 0
        held = 0
    }

    private static let whitespace: UInt8 = 0xFE
    private static let padding: UInt8 = 0xFD
    private static let invalid: UInt8 = 0xFF

    /// The 6-bit value of each byte, or one of the markers above.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        for character in " \t\r\n".utf8 {
            table[Int(character)] = whitespace
        }
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "the byte 0x" + String(byte, radix: 16)
    }
}
