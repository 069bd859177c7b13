/// Job identifiers: 128 random bits from the system's secure generator, in lower-case base32 (26 characters),
/// so that an anonymous job's URL is its only key (UWS 1.1 leaves access control to the service).
public enum JobID {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes: [UInt8] = []
        bytes.reserveCapacity(26)
        // 26 groups of 5 bits cover 130 bits; the top two are zero.
        for group in (0..<26).reversed() {
            let shift = group * 5
            var value: UInt64
            if shift >= 64 {
                value = high >> UInt64(shift - 64)
            } else if shift + 5 > 64 {
                value = (low >> UInt64(shift)) | (high << UInt64(64 - shift))
            } else {
                value = low >> UInt64(shift)
            }
            bytes.append(alphabet[Int(value & 31)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether text could be an ID this service made: lets a route refuse junk before asking the database.
    public static func isWellFormed(_ text: Substring) -> Bool {
        text.utf8.count == 26 && text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
