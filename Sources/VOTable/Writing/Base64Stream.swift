/// Base64 (RFC 4648) of a byte stream that arrives in pieces, for the STREAM of BINARY and BINARY2: each call encodes
/// the whole groups of three and keeps up to two bytes for the next; `finish` pads what is left.
struct Base64Stream: Sendable {
    private var carry: [UInt8] = []

    private static var alphabet: StaticString {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    }

    /// Encodes `bytes` after whatever was carried, leaving the remainder of a group for later. The carried bytes
    /// are completed from the first of `bytes` and the rest is encoded where it lies, without copying the batch.
    mutating func encode(_ bytes: [UInt8]) -> [UInt8] {
        let total = carry.count + bytes.count
        let whole = total - total % 3
        guard whole > 0 else {
            carry.append(contentsOf: bytes)
            return []
        }
        let needed = carry.isEmpty ? 0 : 3 - carry.count
        let inPlace = whole - (carry.isEmpty ? 0 : 3)
        let first = carry + bytes.prefix(needed)
        let out = [UInt8](unsafeUninitializedCapacity: whole / 3 * 4) { target, initialized in
            var written = 0
            if !first.isEmpty {
                first.withUnsafeBufferPointer { Self.encodeGroups($0.baseAddress!, count: 3, into: target.baseAddress!) }
                written = 4
            }
            bytes.withUnsafeBufferPointer { source in
                if inPlace > 0 {
                    Self.encodeGroups(source.baseAddress! + needed, count: inPlace, into: target.baseAddress! + written)
                }
            }
            initialized = whole / 3 * 4
        }
        carry = Array(bytes[(needed + inPlace)...])
        return out
    }

    /// The last bytes, padded with `=`.
    mutating func finish() -> [UInt8] {
        defer { carry = [] }
        guard !carry.isEmpty else { return [] }
        let table = Self.alphabet.utf8Start
        let a = carry[0]
        let b = carry.count > 1 ? carry[1] : 0
        var out: [UInt8] = [table[Int(a >> 2)], table[Int((a & 0x03) << 4 | b >> 4)]]
        out.append(carry.count > 1 ? table[Int((b & 0x0f) << 2)] : UInt8(ascii: "="))
        out.append(UInt8(ascii: "="))
        return out
    }

    @inline(__always)
    private static func encodeGroups(_ source: UnsafePointer<UInt8>, count: Int, into target: UnsafeMutablePointer<UInt8>) {
        let table = alphabet.utf8Start
        var i = 0
        var o = 0
        while i < count {
            let a = source[i], b = source[i &+ 1], c = source[i &+ 2]
            target[o] = table[Int(a >> 2)]
            target[o &+ 1] = table[Int((a & 0x03) << 4 | b >> 4)]
            target[o &+ 2] = table[Int((b & 0x0f) << 2 | c >> 6)]
            target[o &+ 3] = table[Int(c & 0x3f)]
            i &+= 3
            o &+= 4
        }
    }
}
