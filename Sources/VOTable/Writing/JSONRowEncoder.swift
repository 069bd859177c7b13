/// Writes a result as JSON in the shape of ESO's and other VOLLT-based TAP services (`metadata`, then `data` as an
/// array of row arrays), with the query status that VOTable puts in its trailing INFO as `status` after the rows:
///
///     {"metadata":[{"name":"ra","datatype":"double","unit":"deg","ucd":"pos.eq.ra"}, …],
///     "data":[
///     [10.5,"M31",null],
///     …
///     ],
///     "status":{"value":"OVERFLOW","message":"The result was cut at MAXREC=1000 rows"}}
///
/// Nulls are `null`, and so are NaN and infinities, which JSON cannot write; arrays are JSON arrays, timestamps
/// and regions strings.
public struct JSONRowEncoder: Sendable {
    var output = RowBuffer(reserving: 72 * 1024)
    var column = 0
    var rows = 0

    public init() {}

    public static func header(fields: [Field], infos: [Info] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLiteral("{\"metadata\":[")
        for (index, field) in fields.enumerated() {
            if index > 0 { out.appendLiteral(",\n") }
            out.appendLiteral("{\"name\":")
            appendString(field.name, to: &out)
            out.appendLiteral(",\"datatype\":")
            appendString(field.datatype.rawValue, to: &out)
            for (key, value) in [
                ("arraysize", field.arraysize), ("xtype", field.xtype), ("unit", field.unit), ("ucd", field.ucd),
                ("utype", field.utype), ("description", field.description),
            ] {
                guard let value else { continue }
                out.append(0x2c)
                appendString(key, to: &out)
                out.append(0x3a)
                appendString(value, to: &out)
            }
            out.append(0x7d)
        }
        out.appendLiteral("],\n")
        // One key per INFO name; a name given more than once (UPLOAD) holds its values in an array.
        var names: [String] = []
        var values: [String: [String]] = [:]
        for info in infos where info.name != "QUERY_STATUS" {
            let name = info.name.lowercased()
            if values[name] == nil { names.append(name) }
            values[name, default: []].append(info.content ?? info.value)
        }
        for name in names {
            appendString(name, to: &out)
            out.append(0x3a)
            let given = values[name]!
            if given.count == 1 {
                appendString(given[0], to: &out)
            } else {
                out.append(0x5b)
                for (index, value) in given.enumerated() {
                    if index > 0 { out.append(0x2c) }
                    appendString(value, to: &out)
                }
                out.append(0x5d)
            }
            out.appendLiteral(",\n")
        }
        out.appendLiteral("\"data\":[\n")
        return out
    }

    public static func trailer(status: QueryStatus) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLiteral("\n],\n\"status\":{\"value\":")
        appendString(status.value, to: &out)
        if let message = status.message {
            out.appendLiteral(",\"message\":")
            appendString(message, to: &out)
        }
        out.appendLiteral("}}\n")
        return out
    }

    public var pendingByteCount: Int { output.bytes.count }

    public mutating func beginRow() {
        output.beginRow()
        column = 0
        if rows > 0 { output.bytes.appendLiteral(",\n") }
        output.bytes.append(0x5b)
    }

    public mutating func endRow() {
        output.bytes.append(0x5d)
        rows &+= 1
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
        if column > 0 { output.bytes.append(0x2c) }
        column &+= 1
    }

    public mutating func appendNull() {
        separate()
        output.bytes.appendLiteral("null")
    }

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
        appendNumber(value)
    }

    @inline(__always)
    mutating func appendNumber(_ value: Double) {
        if value.isFinite { NumberFormatting.appendDouble(value, to: &output.bytes) } else { output.bytes.appendLiteral("null") }
    }

    public mutating func append(_ value: Float) {
        separate()
        if value.isFinite { NumberFormatting.appendFloat(value, to: &output.bytes) } else { output.bytes.appendLiteral("null") }
    }

    public mutating func appendText(_ utf8: UnsafeRawBufferPointer) {
        separate()
        Self.appendString(utf8, to: &output.bytes)
    }

    public mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>) {
        appendArray(values) { $0.appendNumber($1) }
    }

    /// Widened to doubles as `appendDoubles` writes them, value by value rather than through an array per cell.
    public mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        appendArray(values) { $0.appendNumber(Double($1)) }
    }

    public mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>) {
        appendArray(values) { NumberFormatting.appendDecimal($1, to: &$0.output.bytes) }
    }

    /// A JSON array of the values, each written by `element`.
    @inline(__always)
    mutating func appendArray<Value>(_ values: UnsafeBufferPointer<Value>, _ element: (inout Self, Value) -> Void) {
        separate()
        output.bytes.append(0x5b)
        for (index, value) in values.enumerated() {
            if index > 0 { output.bytes.append(0x2c) }
            element(&self, value)
        }
        output.bytes.append(0x5d)
    }

    public mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>) {
        separate()
        output.bytes.append(0x22)
        NumberFormatting.appendPolygonRegion(values, to: &output.bytes)
        output.bytes.append(0x22)
    }

    public mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool
    ) {
        separate()
        output.bytes.append(0x22)
        TimestampFormatting.appendTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, utc: utc, to: &output.bytes)
        output.bytes.append(0x22)
    }

    public mutating func appendDate(year: Int, month: Int, day: Int) {
        separate()
        output.bytes.append(0x22)
        TimestampFormatting.appendDate(year: year, month: month, day: day, to: &output.bytes)
        output.bytes.append(0x22)
    }

    // MARK: Strings (RFC 8259 §7)

    static func appendString(_ string: String, to out: inout [UInt8]) {
        var copy = string
        copy.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out) }
    }

    static func appendString(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in utf8 {
            switch byte {
            case 0x22: out.appendLiteral("\\\"")
            case 0x5c: out.appendLiteral("\\\\")
            case 0x0a: out.appendLiteral("\\n")
            case 0x0d: out.appendLiteral("\\r")
            case 0x09: out.appendLiteral("\\t")
            case 0..<0x20:
                out.appendLiteral("\\u00")
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0f))
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10 }
}

extension JSONRowEncoder: RowEncoder {}
