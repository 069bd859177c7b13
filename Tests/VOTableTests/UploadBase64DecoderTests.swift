import Foundation
import Testing

@testable import VOTable

@Suite("Upload base64 decoder")
struct UploadBase64DecoderTests {
    static func decode(_ pieces: [Substring]) throws(UploadReadError) -> [UInt8] {
        var decoder = UploadBase64Decoder()
        var output: [UInt8] = []
        for piece in pieces {
            try decoder.decode(piece.utf8, into: &output)
        }
        try decoder.finish(into: &output)
        return output
    }

    /// The STREAM text of a fixture, line breaks and all.
    static func streamText(_ name: String) throws -> String {
        let document = try String(contentsOfFile: UploadTesting.fixture(name), encoding: .utf8)
        let start = document.range(of: "base64")!.upperBound
        let open = document[start...].firstIndex(of: ">")!
        let close = document.range(of: "</STREAM>")!.lowerBound
        return String(document[document.index(after: open)..<close])
    }

    @Test(arguments: ["stilts-binary2.vot", "astropy-binary2.vot"])
    func everySplitDecodesTheSame(_ name: String) throws {
        let text = try Self.streamText(name)
        let expected = [UInt8](Data(base64Encoded: text, options: .ignoreUnknownCharacters)!)
        #expect(try Self.decode([Substring(text)]) == expected)
        for offset in 0...text.utf8.count {
            let split = text.utf8.index(text.startIndex, offsetBy: offset)
            #expect(try Self.decode([text[..<split], text[split...]]) == expected, "split at \(offset)")
        }
        for size in 1...5 {
            let pieces = stride(from: 0, to: text.utf8.count, by: size).map { start in
                let from = text.utf8.index(text.startIndex, offsetBy: start)
                let to = text.utf8.index(from, offsetBy: min(size, text.utf8.count - start))
                return text[from..<to]
            }
            #expect(try Self.decode(pieces) == expected, "pieces of \(size)")
        }
    }

    @Test(arguments: [
        ("QQ==", [0x41]), ("QUI=", [0x41, 0x42]), ("QUJD", [0x41, 0x42, 0x43]), ("QQ", [0x41]), ("QUI", [0x41, 0x42]),
        (" Q\tQ\r\n= = ", [0x41]), ("", []), ("QUJDRA==\n", [0x41, 0x42, 0x43, 0x44]), ("/+/+", [0xFF, 0xEF, 0xFE]),
    ])
    func decodesPaddingAndWhitespace(_ text: String, _ bytes: [UInt8]) throws {
        #expect(try Self.decode([Substring(text)]) == bytes)
    }

    @Test(arguments: [
        ("Q", "the STREAM's base64 data end with a lone character"),
        ("QQ==QQ==", "the STREAM's base64 data go on after their end ('=')"),
        ("Q===", "the STREAM's base64 data have a misplaced '='"),
        ("QQ===", "the STREAM's base64 data have too many '='"),
        ("QQ#", "the STREAM is not base64: it holds '#'"),
        ("QQé", "the STREAM is not base64: it holds the byte 0xc3"),
    ])
    func refusesBrokenBase64(_ text: String, _ message: String) {
        #expect(throws: UploadReadError.invalid(message)) {
            try Self.decode([Substring(text)])
        }
    }
}
