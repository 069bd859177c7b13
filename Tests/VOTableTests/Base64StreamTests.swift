import Foundation
import Testing

@testable import VOTable

/// The STREAM of a BINARY document arrives in batches of any length; whatever the cuts, the text must be the
/// base64 of the whole, as Foundation writes it.
@Suite("Base64 stream")
struct Base64StreamTests {
    static let bytes: [UInt8] = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 3) }

    @Test("Any cut of the bytes gives the base64 of the whole", arguments: [
        [1000], [1, 999], [2, 998], [1, 1, 1, 997], [2, 2, 2, 994], [0, 5, 0, 995], [3, 4, 5, 988],
        [499, 1, 500], [998, 1, 1],
    ])
    func cuts(_ lengths: [Int]) {
        var stream = Base64Stream()
        var text: [UInt8] = []
        var start = 0
        for length in lengths {
            text += stream.encode(Array(Self.bytes[start..<start + length]))
            start += length
        }
        text += stream.finish()
        #expect(String(decoding: text, as: UTF8.self) == Data(Self.bytes).base64EncodedString())
    }

    @Test("Remainders of one and two bytes are padded", arguments: [0, 1, 2, 3, 4, 5])
    func padding(_ count: Int) {
        var stream = Base64Stream()
        let input = Array(Self.bytes.prefix(count))
        let text = stream.encode(input) + stream.finish()
        #expect(String(decoding: text, as: UTF8.self) == Data(input).base64EncodedString())
    }
}
