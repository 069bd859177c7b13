import Foundation

/// UWS dates (UWS 1.1 §2.2.1): ISO 8601 in UTC with a `T` and a `Z`, milliseconds written, since pyvo cannot
/// read `+00:00`. Reading is lenient, as clients write dates in several shapes.
public enum UWSTime {
    public static func format(_ date: Date) -> String {
        // Whole milliseconds first, so that 0.999 stored as 0.99899... is not written as .998.
        let millisecondsSince1970 = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (millisecondsSince1970 / 1000).rounded(.down)
        let millis = Int(millisecondsSince1970 - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        let year = String(c.year ?? 0)
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(c.month))-\(two(c.day))T"
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(fraction)Z"
    }

    /// `2025`, `2025-01-08`, `2025-01-08T12:00`, `2025-01-08T12:00:00`, with any fraction of a second and an
    /// optional `Z` or offset; a date without a zone is UTC. Nil when the text is none of these.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[index..<index + digits] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < scalars.count, scalars[index] == byte else { return false }
            index += 1
            return true
        }
        var components = DateComponents(month: 1, day: 1, hour: 0, minute: 0, second: 0)
        guard let year = number(4) else { return nil }
        components.year = year
        var fraction = 0.0
        if expect(UInt8(ascii: "-")) {
            guard let month = number(2), expect(UInt8(ascii: "-")), let day = number(2) else { return nil }
            components.month = month
            components.day = day
            if expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")) {
                guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2) else { return nil }
                components.hour = hour
                components.minute = minute
                if expect(UInt8(ascii: ":")) {
                    guard let second = number(2) else { return nil }
                    components.second = second
                    if expect(UInt8(ascii: ".")) {
                        var digits = 0
                        var scale = 1.0
                        while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                            if scale < 1e9 {
                                digits = digits * 10 + Int(scalars[index] - 48)
                                scale *= 10
                            }
                            index += 1
                        }
                        fraction = Double(digits) / scale
                    }
                }
            }
        }
        var offsetSeconds = 0
        if expect(UInt8(ascii: "Z")) {
        } else if index < scalars.count, scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-") {
            let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = expect(UInt8(ascii: ":"))
            let minutes = number(2) ?? 0
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard index == scalars.count, (1...12).contains(components.month!), (1...31).contains(components.day!),
            components.hour! < 24, components.minute! < 60, components.second! < 61
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }
}
