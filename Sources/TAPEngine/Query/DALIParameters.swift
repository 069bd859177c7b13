/// Request parameters as DALI 1.1 §3 defines them: names case-insensitive, values case-sensitive, taken
/// from the query string and from a form-encoded POST body alike, repeatable.
public struct DALIParameters: Sendable {
    /// Upper-cased name and value, in the order given.
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { append(name, value) }
    }

    public mutating func append(_ name: String, _ value: String) {
        pairs.append((name.uppercased(), value))
    }

    /// Adds the pairs of an `application/x-www-form-urlencoded` string (a query string or a POST body).
    public mutating func appendForm(_ encoded: Substring) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if !name.isEmpty { append(name, value) }
        }
    }

    /// The last value given for `name` (DALI leaves repeats of single-valued parameters to the service;
    /// the last one wins, as in most peers).
    public subscript(name: String) -> String? {
        let key = name.uppercased()
        return pairs.last { $0.name == key }?.value
    }

    public func all(_ name: String) -> [String] {
        let key = name.uppercased()
        return pairs.filter { $0.name == key }.map(\.value)
    }

    /// Percent-decoding with `+` as space; an invalid escape is kept as written rather than rejected.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
