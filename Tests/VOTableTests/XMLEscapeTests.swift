import Testing

@testable import VOTable
@testable import XMLEscaping

@Suite("XML escaping")
struct XMLEscapeTests {
    @Test(
        "Text content",
        arguments: [
            ("plain", "plain"),
            ("", ""),
            (#"a<b & "c""#, #"a&lt;b &amp; "c""#),
            ("]]>", "]]&gt;"),
            ("Ångström ✓", "Ångström ✓"),
            ("𝄞 clef", "𝄞 clef"),
            ("it's", "it's"),
            ("tab\there\nnew line", "tab\there\nnew line"),
            ("cr\r\nlf", "cr&#13;\nlf"),
            ("nul\u{0}bell\u{7}esc\u{1B}us\u{1F}", "nul?bell?esc?us?"),
            ("del\u{7F} c1\u{85}", "del\u{7F} c1\u{85}"),
            ("\u{D7FF}\u{E000}\u{FFFD}\u{10000}", "\u{D7FF}\u{E000}\u{FFFD}\u{10000}"),
        ] as [(String, String)])
    func text(_ input: String, _ expected: String) {
        #expect(XMLEscape.escapedText(input) == expected)
    }

    @Test(
        "Attribute values",
        arguments: [
            ("plain", "plain"),
            (#"a<b & "c""#, "a&lt;b &amp; &quot;c&quot;"),
            ("it's", "it's"),
            ("t\tn\nr\r", "t&#9;n&#10;r&#13;"),
            ("\u{1}", "?"),
            ("Ångström", "Ångström"),
        ] as [(String, String)])
    func attribute(_ input: String, _ expected: String) {
        #expect(XMLEscape.escapedAttribute(input) == expected)
    }

    /// XML 1.0 §2.2 excludes U+FFFE and U+FFFF (which Swift string literals cannot even spell).
    @Test("Non-characters U+FFFE and U+FFFF")
    func nonCharacters() {
        var input = "a"
        input.unicodeScalars.append(Unicode.Scalar(0xFFFE)!)
        input.unicodeScalars.append(Unicode.Scalar(0xFFFF)!)
        input += "b"
        #expect(XMLEscape.escapedText(input) == "a\u{FFFD}\u{FFFD}b")
        #expect(XMLEscape.escapedAttribute(input) == "a\u{FFFD}\u{FFFD}b")

        // Other non-characters are allowed characters in XML 1.0, and stay.
        var allowed = ""
        allowed.unicodeScalars.append(Unicode.Scalar(0xFDD0)!)
        allowed.unicodeScalars.append(Unicode.Scalar(0x10FFFF)!)
        #expect(XMLEscape.escapedText(allowed) == allowed)
    }

    /// Ill-formed UTF-8 becomes one U+FFFD per maximal ill-formed subsequence (Unicode §3.9).
    @Test(
        "Ill-formed UTF-8",
        arguments: [
            ([0xFF], "\u{FFFD}"),
            ([0x41, 0xC3], "A\u{FFFD}"),
            ([0xC3, 0x41], "\u{FFFD}A"),
            ([0xE2, 0x9C], "\u{FFFD}"),
            ([0xE2, 0x9C, 0x41], "\u{FFFD}A"),
            ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // an encoded surrogate
            ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),  // overlong "/"
            ([0xF0, 0x9F, 0x98], "\u{FFFD}"),
            ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // above U+10FFFF
            ([0xEF, 0xBF, 0xBE, 0x3C], "\u{FFFD}&lt;"),  // U+FFFE
            ([0x80, 0x26], "\u{FFFD}&amp;"),
        ] as [([UInt8], String)])
    func illFormed(_ bytes: [UInt8], _ expected: String) {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { XMLEscape.appendEscapedText($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    /// Against an oracle built from the standard library's UTF-8 decoder, on random bytes that mix every class of
    /// lead and continuation byte with ASCII that needs escaping.
    @Test("Random bytes match the standard library's decoding")
    func randomBytes() {
        let alphabet: [UInt8] = [
            0x41, 0x20, 0x26, 0x3C, 0x3E, 0x0D, 0x00, 0x09, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xC2,
            0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]
        var generator = SplitMix64(seed: 20_240_601)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var out: [UInt8] = []
            bytes.withUnsafeBytes { XMLEscape.appendEscapedText($0, to: &out) }
            let expected = oracle(bytes)
            #expect(String(decoding: out, as: UTF8.self) == expected, "bytes \(bytes)")
            if String(decoding: out, as: UTF8.self) != expected {
                return
            }
        }
    }

    private func oracle(_ bytes: [UInt8]) -> String {
        var result = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x26: result += "&amp;"
            case 0x3C: result += "&lt;"
            case 0x3E: result += "&gt;"
            case 0x0D: result += "&#13;"
            case 0x09, 0x0A: result.unicodeScalars.append(scalar)
            case 0..<0x20: result += "?"
            case 0xFFFE, 0xFFFF: result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A small deterministic generator, so that failures can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
