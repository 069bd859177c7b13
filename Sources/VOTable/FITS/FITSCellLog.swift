/// The first pass of a FITS result: a FITS binary table needs its row count and every column's width in the header,
/// before the first row, and neither is known until the last row has been read. So the rows are first logged, each
/// cell already in the kind of value its FITS column holds (`FITSColumn.Kind`), to be measured (`FITSTableShape`)
/// and then written (`FITSRowWriter`) from the log.
///
/// The log is private to one result and read back on the same machine: native byte order. A row is its byte length
/// (UInt32) and its cells; a cell is a tag (`FITSLogTag`) and its payload.
public struct FITSCellLog: Sendable {
    let kinds: [FITSColumn.Kind]
    var output = RowBuffer(reserving: 64 * 1024)
    var column = 0

    public init(fields: [Field]) {
        kinds = fields.map(FITSColumn.Kind.init)
    }

    public var pendingByteCount: Int { output.bytes.count }

    public mutating func beginRow() {
        output.beginRow()
        column = 0
        output.bytes.appendNative(UInt32(0))
    }

    public mutating func endRow() {
        assert(column == kinds.count, "row has \(column) cells for \(kinds.count) fields")
        guard let start = output.openRow else { return }
        output.bytes.storeNative(UInt32(output.bytes.count - start - 4), at: start)
        output.endRow()
    }

    public mutating func discardPartialRow() {
        output.discardOpenRow()
        column = 0
    }

    public mutating func drain() -> [UInt8] {
        return output.drain()
    }

    // MARK: Cells, converted as BinaryEncoder converts them for a FIELD of the same kind

    public mutating func appendNull() {
        output.bytes.append(FITSLogTag.null.rawValue)
        column &+= 1
    }

    public mutating func append(_ value: Bool) {
        switch kinds[column] {
        case .logical: logBool(value)
        default: append(Int64(value ? 1 : 0))
        }
    }

    public mutating func append(_ value: Int64) {
        switch kinds[column] {
        case .logical: logBool(value != 0)
        case .number(let number):
            if number.isInteger { logInteger(value) } else { logReal(Double(value)) }
        case .array: withUnsafePointer(to: value) { appendInt64s(UnsafeBufferPointer(start: $0, count: 1)) }
        case .text: logFormatted { NumberFormatting.appendDecimal(value, to: &$0) }
        }
    }

    public mutating func append(_ value: Double) {
        switch kinds[column] {
        case .logical: value.isNaN ? appendNull() : logBool(value != 0)
        case .number(let number):
            if !number.isInteger {
                logReal(value)
            } else if let exact = Int64(exactly: value) {
                logInteger(exact)
            } else {
                // A fraction in an integer column: the checker typed it otherwise, so the value is null.
                appendNull()
            }
        case .array: withUnsafePointer(to: value) { appendDoubles(UnsafeBufferPointer(start: $0, count: 1)) }
        case .text: logFormatted { NumberFormatting.appendDouble(value, to: &$0) }
        }
    }

    public mutating func append(_ value: Float) {
        if case .text = kinds[column] {
            logFormatted { NumberFormatting.appendFloat(value, to: &$0) }
        } else {
            append(Double(value))
        }
    }

    public mutating func appendText(_ utf8: UnsafeRawBufferPointer) {
        // Text in a numeric or logical column is not its value.
        guard case .text = kinds[column] else { return appendNull() }
        logText(utf8)
    }

    public mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>) {
        logArray(
            values, single: { $0.append($1) }, formatted: NumberFormatting.appendDouble,
            integer: { Int64(exactly: $0) ?? BinaryLayout.integerNull($1) }, real: { $0 })
    }

    public mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        logArray(
            values, single: { $0.append(Double($1)) }, formatted: { NumberFormatting.appendDouble(Double($0), to: &$1) },
            integer: { Int64(exactly: $0) ?? BinaryLayout.integerNull($1) }, real: Double.init)
    }

    public mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>) {
        logArray(
            values, single: { $0.append($1) }, formatted: NumberFormatting.appendDecimal, integer: { value, _ in value },
            real: Double.init)
    }

    /// An array cell into an array column, as integers or reals as the column holds them (a fraction in an integer
    /// array, as in a scalar, has no exact value: its null); into a text column as space-separated text; one value
    /// into a scalar column.
    @inline(__always)
    mutating func logArray<Value>(
        _ values: UnsafeBufferPointer<Value>, single: (inout Self, Value) -> Void,
        formatted: (Value, inout [UInt8]) -> Void, integer: (Value, BinaryLayout.Number) -> Int64,
        real: (Value) -> Double
    ) {
        switch kinds[column] {
        case .array(let number, _):
            output.bytes.append((number.isInteger ? FITSLogTag.integers : .reals).rawValue)
            output.bytes.appendNative(UInt32(values.count))
            if number.isInteger {
                for value in values { output.bytes.appendNative(integer(value, number)) }
            } else {
                for value in values { output.bytes.appendNative(real(value).bitPattern) }
            }
            column &+= 1
        case .text: logFormatted { NumberFormatting.appendSpaced(values, to: &$0, formatted) }
        default: values.count == 1 ? single(&self, values[0]) : appendNull()
        }
    }

    public mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>) {
        guard case .text = kinds[column] else { return appendDoubles(values) }
        logFormatted { NumberFormatting.appendPolygonRegion(values, to: &$0) }
    }

    public mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool
    ) {
        guard case .text = kinds[column] else { return appendNull() }
        logFormatted {
            TimestampFormatting.appendTimestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                microsecond: microsecond, utc: utc, to: &$0)
        }
    }

    public mutating func appendDate(year: Int, month: Int, day: Int) {
        guard case .text = kinds[column] else { return appendNull() }
        logFormatted { TimestampFormatting.appendDate(year: year, month: month, day: day, to: &$0) }
    }

    // MARK: Log records

    @inline(__always)
    mutating func logBool(_ value: Bool) {
        output.bytes.append((value ? FITSLogTag.isTrue : .isFalse).rawValue)
        column &+= 1
    }

    @inline(__always)
    mutating func logInteger(_ value: Int64) {
        output.bytes.append(FITSLogTag.integer.rawValue)
        output.bytes.appendNative(value)
        column &+= 1
    }

    @inline(__always)
    mutating func logReal(_ value: Double) {
        output.bytes.append(FITSLogTag.real.rawValue)
        output.bytes.appendNative(value.bitPattern)
        column &+= 1
    }

    mutating func logText(_ utf8: UnsafeRawBufferPointer) {
        output.bytes.append(FITSLogTag.text.rawValue)
        output.bytes.appendNative(UInt32(utf8.count))
        output.bytes.append(contentsOf: utf8)
        column &+= 1
    }

    /// Text the log formats itself (numbers, timestamps, regions in a text column), straight into the log with
    /// its length filled in after.
    mutating func logFormatted(_ write: (inout [UInt8]) -> Void) {
        output.bytes.append(FITSLogTag.text.rawValue)
        let lengthAt = output.bytes.count
        output.bytes.appendNative(UInt32(0))
        write(&output.bytes)
        output.bytes.storeNative(UInt32(output.bytes.count - lengthAt - 4), at: lengthAt)
        column &+= 1
    }
}

extension FITSCellLog: RowEncoder {}

/// What a logged cell is.
enum FITSLogTag: UInt8 {
    case null = 0, isFalse, isTrue, integer, real, text, integers, reals
}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendNative<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value) { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func storeNative(_ value: UInt32, at index: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: index, as: UInt32.self) }
    }
}
