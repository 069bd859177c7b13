import VOTable

/// Rows of an uploaded table in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes),
/// checked against their columns on the way, so that the database never sees a value it would refuse with a
/// message in its own terms.
struct UploadCopyText {
    let columns: [UploadColumn]
    var bytes: [UInt8] = []
    var row = 0

    init(columns: [UploadColumn]) {
        self.columns = columns
        bytes.reserveCapacity(80 * 1024)
    }

    mutating func append(_ cells: [UploadValue?]) throws(UploadReadError) {
        row += 1
        for (index, column) in columns.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            guard index < cells.count, let cell = cells[index] else {
                bytes += #"\N"#.utf8
                continue
            }
            try append(cell, as: column)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func append(_ cell: UploadValue, as column: UploadColumn) throws(UploadReadError) {
        switch (column.kind, cell) {
        case (.boolean, .boolean(let value)): bytes.append(UInt8(ascii: value ? "t" : "f"))
        case (.integer, .integer(let value)): try appendInteger(value, column)
        case (.real, .real(let value)): appendReal(value)
        case (.real, .integer(let value)): bytes += String(value).utf8
        case (.text, .text(let value)): appendText(value)
        case (.timestamp, .text(let value)): try appendTimestamp(value, column)
        case (.integers, .integers(let values)): appendArray(values.map(String.init))
        case (.reals, .reals(let values)): appendArray(values.map(Self.realText))
        case (.geometry(let count), .reals(let values)): try appendGeometry(values, count: count, column)
        default: throw invalid(column, "holds \(cell), not a \(column.field.datatype.rawValue) value")
        }
    }

    mutating func appendInteger(_ value: Int64, _ column: UploadColumn) throws(UploadReadError) {
        let range: ClosedRange<Int64> = switch column.sqlType {
        case "smallint": Int64(Int16.min)...Int64(Int16.max)
        case "integer": Int64(Int32.min)...Int64(Int32.max)
        default: Int64.min...Int64.max
        }
        guard range.contains(value) else { throw invalid(column, "\(value) does not fit a \(column.field.datatype.rawValue)") }
        bytes += String(value).utf8
    }

    mutating func appendReal(_ value: Double) {
        bytes += Self.realText(value).utf8
    }

    /// Shortest round-tripping decimal; PostgreSQL's own spellings of the special values.
    static func realText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    mutating func appendText(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case 0: continue  // PostgreSQL text cannot hold NUL
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
            case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
            case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
            default: bytes.append(byte)
            }
        }
    }

    /// DALI 1.1 §3.3.3: YYYY-MM-DD, optionally Thh:mm:ss with a fraction, optionally Z.
    mutating func appendTimestamp(_ text: String, _ column: UploadColumn) throws(UploadReadError) {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard Self.isDALITimestamp(value) else {
            throw invalid(column, "'\(value)' is not a DALI timestamp such as 2026-11-25T12:00:00.5")
        }
        bytes += (value.hasSuffix("Z") ? String(value.dropLast()) : value).utf8
    }

    static func isDALITimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { (0x30...0x39).contains($0) }
        }
        func at(_ index: Int, _ character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue
        }
        guard digits(0..<4), at(4, "-"), digits(5..<7), at(7, "-"), digits(8..<10) else { return false }
        var end = bytes.count
        if at(end - 1, "Z") { end -= 1 }
        if end == 10 { return true }
        guard at(10, "T"), digits(11..<13), at(13, ":"), digits(14..<16), at(16, ":"), digits(17..<19) else {
            return false
        }
        if end == 19 { return true }
        return at(19, ".") && end > 20 && digits(20..<end)
    }

    mutating func appendArray(_ elements: [String]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += element.utf8
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Positions in range, as pgsphere silently accepts NaN and a declination of 95° and answers nonsense.
    mutating func appendGeometry(_ values: [Double], count: Int?, _ column: UploadColumn) throws(UploadReadError) {
        // BINARY has no null flag: STILTS writes a null point as NaNs.
        if values.allSatisfy(\.isNaN) {
            bytes += #"\N"#.utf8
            return
        }
        let name = column.field.xtype ?? "geometry"
        if let count {
            guard values.count == count else { throw invalid(column, "a \(name) has \(count) values, not \(values.count)") }
        } else {
            guard values.count >= 6, values.count % 2 == 0 else {
                throw invalid(column, "a polygon has at least 3 vertices, as pairs of longitude and latitude")
            }
        }
        for pair in stride(from: 0, to: values.count - (count == 3 ? 1 : 0), by: 2) {
            guard values[pair].isFinite, (-90...90).contains(values[pair + 1]) else {
                throw invalid(column, "(\(values[pair]), \(values[pair + 1])) is not a position in degrees")
            }
        }
        if count == 3, !(0...180).contains(values[2]) {
            throw invalid(column, "a circle's radius of \(values[2])° is not between 0 and 180")
        }
        appendArray(values.map(Self.realText))
    }

    func invalid(_ column: UploadColumn, _ message: String) -> UploadReadError {
        UploadReadError(.invalid, "row \(row), column \(column.field.name): \(message)")
    }
}
