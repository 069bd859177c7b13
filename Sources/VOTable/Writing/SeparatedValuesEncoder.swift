/// Writes rows as CSV (RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes doubled) or TSV
/// (IANA text/tab-separated-values: LF line ends, and since a field may hold no tab, tab, newline, carriage return
/// and backslash written `\t` `\n` `\r` `\\`, as PostgreSQL's own text COPY does). A null is an empty field; an
/// empty string in CSV is `""`, so the two stay apart. Arrays are their numbers separated by spaces, as in TABLEDATA.
public struct SeparatedValuesEncoder: Sendable {
    public enum Dialect: Sendable {
        case csv, tsv

        var separator: UInt8 { self == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t") }
    }

    public let dialect: Dialect
    var output = RowBuffer(reserving: 72 * 1024)
    var column = 0

    public init(dialect: Dialect) {
        self.dialect = dialect
    }

    /// The header line: the column names.
    public static func header(fields: [Field], dialect: Dialect) -> [UInt8] {
        var encoder = SeparatedValuesEncoder(dialect: dialect)
        encoder.beginRow()
        for field in fields { encoder.appendText(field.name) }
        encoder.endRow()
        return encoder.drain()
    }

    public var pendingByteCount: Int { output.bytes.count }

    public mutating func beginRow() {
        output.beginRow()
        column = 0
    }

    public mutating func endRow() {
        if dialect == .csv { output.bytes.append(0x0d) }
        output.bytes.append(0x0a)
        output.endRow()
    }

    public mutating func discardPartialRow() {
        output.discardOpenRow()
        column = 0
    }

    public mutating func drain() -> [UInt8] {
        return output.drain()
    }

    @inline(__always)
    mutating func separate() {
        if column > 0 { output.bytes.append(dialect.separator) }
        column &+= 1
    }

    public mutating func appendNull() { separate() }

    public mutating func append(_ value: Bool) {
        separate()
        if value { output.bytes.appendLiteral("true") } else { output.bytes.appendLiteral("false") }
    }

    public mutating func append(_ value: Int64) {
        separate()
        NumberFormatting.appendDecimal(value, to: &output.bytes)
    }

    public mutating func append(_ value: Double) {
        separate()
        NumberFormatting.appendDouble(value, to: &output.bytes)
    }

    public mutating func append(_ value: Float) {
        separate()
        NumberFormatting.appendFloat(value, to: &output.bytes)
    }

    public mutating func appendText(_ utf8: UnsafeRawBufferPointer) {
        separate()
        switch dialect {
        case .csv: appendCSVField(utf8)
        case .tsv: appendTSVField(utf8)
        }
    }

    mutating func appendCSVField(_ utf8: UnsafeRawBufferPointer) {
        let needsQuotes = utf8.isEmpty || utf8.contains { $0 == 0x2c || $0 == 0x22 || $0 == 0x0d || $0 == 0x0a }
        guard needsQuotes else {
            output.bytes.append(contentsOf: utf8)
            return
        }
        output.bytes.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { output.bytes.append(0x22) }
            output.bytes.append(byte)
        }
        output.bytes.append(0x22)
    }

    mutating func appendTSVField(_ utf8: UnsafeRawBufferPointer) {
        guard utf8.contains(where: { $0 == 0x09 || $0 == 0x0a || $0 == 0x0d || $0 == 0x5c }) else {
            output.bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x09: output.bytes.appendLiteral("\\t")
            case 0x0a: output.bytes.appendLiteral("\\n")
            case 0x0d: output.bytes.appendLiteral("\\r")
            case 0x5c: output.bytes.appendLiteral("\\\\")
            default: output.bytes.append(byte)
            }
        }
    }

    public mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>) {
        separate()
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendDouble)
    }

    public mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        separate()
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendFloat)
    }

    public mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>) {
        separate()
        NumberFormatting.appendSpaced(values, to: &output.bytes, NumberFormatting.appendDecimal)
    }

    public mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>) {
        separate()
        NumberFormatting.appendPolygonRegion(values, to: &output.bytes)
    }

    public mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool
    ) {
        separate()
        TimestampFormatting.appendTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, utc: utc, to: &output.bytes)
    }

    public mutating func appendDate(year: Int, month: Int, day: Int) {
        separate()
        TimestampFormatting.appendDate(year: year, month: month, day: day, to: &output.bytes)
    }
}

extension SeparatedValuesEncoder: RowEncoder {}
