/// DALI 1.1 §3.3.3 timestamps: `YYYY-MM-DD['T'hh:mm:ss[.SSS]['Z']]`.
enum TimestampFormatting {
    /// Appends `YYYY-MM-DD`.
    ///
    /// Years are astronomical (0 is 1 BC). Years outside 0...9999 have no DALI form; they are written as ISO 8601
    /// would with more digits (`12345`, `-0044`) rather than clamped or dropped.
    static func appendDate(year: Int, month: Int, day: Int, to buffer: inout [UInt8]) {
        NumberFormatting.appendDecimal(year, zeroPaddedTo: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        NumberFormatting.appendDecimal(month, zeroPaddedTo: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        NumberFormatting.appendDecimal(day, zeroPaddedTo: 2, to: &buffer)
    }

    /// Appends `YYYY-MM-DDThh:mm:ss`, then `.` and the microseconds without trailing zeros unless they are 0 (so
    /// `.5`, `.000123`), then `Z` if `utc` (DALI: only for civil times, never for astronomical ones).
    static func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool,
        to buffer: inout [UInt8]
    ) {
        assert((0..<1_000_000).contains(microsecond), "microsecond out of range: \(microsecond)")
        appendDate(year: year, month: month, day: day, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        NumberFormatting.appendDecimal(hour, zeroPaddedTo: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        NumberFormatting.appendDecimal(minute, zeroPaddedTo: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        NumberFormatting.appendDecimal(second, zeroPaddedTo: 2, to: &buffer)
        if microsecond > 0 && microsecond < 1_000_000 {
            var fraction = microsecond
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            buffer.append(UInt8(ascii: "."))
            NumberFormatting.appendDecimal(fraction, zeroPaddedTo: width, to: &buffer)
        }
        if utc {
            buffer.append(UInt8(ascii: "Z"))
        }
    }
}
