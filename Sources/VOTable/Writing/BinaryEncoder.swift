/// Writes rows as BINARY or BINARY2 (VOTable 1.4 §5.4, §5.5): binary records, base64-encoded as they are drained.
///
/// Each `append…` writes the value as its FIELD declares (`BinaryLayout`), converting where the database's type
/// differs (an int8 into a `short` FIELD, a double into a `float`). BINARY2 starts each row with one null flag
/// per cell; BINARY marks nulls by the values `BinaryLayout.nullValue` declares, NaN, or an empty array.
/// Rows are encoded into `raw`; `drain()` turns the whole rows so far into base64, which is why a row must be
/// ended before draining.
public struct BinaryEncoder: Sendable {
    public let serialization: Serialization
    let layouts: [BinaryLayout]
    var output = RowBuffer(reserving: 64 * 1024)
    var base64 = Base64Stream()
    var column = 0
    let maskBytes: Int
    var scratch: [UInt8] = []

    public init(fields: [Field], serialization: Serialization) {
        precondition(serialization != .tabledata, "TABLEDATA rows are TableDataEncoder's")
        self.serialization = serialization
        self.layouts = fields.map(BinaryLayout.init)
        self.maskBytes = serialization == .binary2 ? (fields.count + 7) / 8 : 0
    }

    public var pendingByteCount: Int { output.bytes.count / 3 * 4 }

    public mutating func beginRow() {
        output.beginRow()
        column = 0
        for _ in 0..<maskBytes { output.bytes.append(0) }
    }

    public mutating func endRow() {
        assert(column == layouts.count, "row has \(column) cells for \(layouts.count) fields")
        output.endRow()
    }

    public mutating func discardPartialRow() {
        output.discardOpenRow()
        column = 0
    }

    public mutating func drain() -> [UInt8] {
        return base64.encode(output.drain())
    }

    public mutating func finish() -> [UInt8] {
        drain() + base64.finish()
    }

    // MARK: Cells

    public mutating func appendNull() {
        // BINARY2's null flags open the row.
        if maskBytes > 0, let row = output.openRow {
            output.bytes[row + column / 8] |= 0x80 >> UInt8(column % 8)
        }
        switch layouts[column] {
        case .boolean: output.bytes.append(UInt8(ascii: "?"))
        case .number(let number): appendNullNumber(number)
        case .character: output.bytes.append(0)
        case .text(let unicode, let fixed):
            if let fixed {
                output.bytes.append(contentsOf: repeatElement(0, count: fixed * (unicode ? 2 : 1)))
            } else {
                output.bytes.appendBigEndian(UInt32(0))
            }
        case .array(let number, let fixed):
            if let fixed {
                for _ in 0..<fixed { appendNullNumber(number) }
            } else {
                output.bytes.appendBigEndian(UInt32(0))
            }
        }
        column &+= 1
    }

    /// NaN for floating point; for integers BINARY2's flag says null, and BINARY's VALUES null is the sentinel.
    @inline(__always)
    mutating func appendNullNumber(_ number: BinaryLayout.Number) {
        output.bytes.appendBigEndianNull(number)
    }

    public mutating func append(_ value: Bool) {
        switch layouts[column] {
        case .boolean:
            output.bytes.append(value ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            column &+= 1
        default: append(Int64(value ? 1 : 0))
        }
    }

    public mutating func append(_ value: Int64) {
        switch layouts[column] {
        case .number(let number):
            appendNumber(value, as: number)
            column &+= 1
        case .boolean:
            output.bytes.append(value != 0 ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            column &+= 1
        case .array:
            withUnsafePointer(to: value) { appendInt64s(UnsafeBufferPointer(start: $0, count: 1)) }
        case .text, .character:
            appendFormatted { NumberFormatting.appendDecimal(value, to: &$0) }
        }
    }

    @inline(__always)
    mutating func appendNumber(_ value: Int64, as number: BinaryLayout.Number) {
        output.bytes.appendBigEndian(value, as: number)
    }

    @inline(__always)
    mutating func appendNumber(_ value: Double, as number: BinaryLayout.Number) {
        output.bytes.appendBigEndian(value, as: number)
    }

    public mutating func append(_ value: Double) {
        switch layouts[column] {
        case .number(let number):
            appendNumber(value, as: number)
            column &+= 1
        case .array:
            withUnsafePointer(to: value) { appendDoubles(UnsafeBufferPointer(start: $0, count: 1)) }
        case .boolean:
            output.bytes.append(value.isNaN ? UInt8(ascii: "?") : value != 0 ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            column &+= 1
        case .text, .character:
            appendFormatted { NumberFormatting.appendDouble(value, to: &$0) }
        }
    }

    public mutating func append(_ value: Float) {
        if case .number(.float) = layouts[column] {
            output.bytes.appendBigEndian(value.bitPattern)
            column &+= 1
        } else if case .text = layouts[column] {
            appendFormatted { NumberFormatting.appendFloat(value, to: &$0) }
        } else {
            append(Double(value))
        }
    }

    public mutating func appendText(_ utf8: UnsafeRawBufferPointer) {
        switch layouts[column] {
        case .text(let unicode, let fixed):
            if unicode {
                appendUTF16(utf8, fixed: fixed)
            } else if let fixed {
                let count = min(fixed, utf8.count)
                output.bytes.append(contentsOf: utf8.prefix(count))
                output.bytes.append(contentsOf: repeatElement(0, count: fixed - count))
            } else {
                output.bytes.appendBigEndian(UInt32(utf8.count))
                output.bytes.append(contentsOf: utf8)
            }
        case .character:
            output.bytes.append(utf8.first ?? 0)
        default:
            // Text in a numeric or boolean FIELD is not its value.
            appendNull()
            return
        }
        column &+= 1
    }

    /// UTF-16 big-endian code units: astropy and STILTS read unicodeChar so (surrogate pairs beyond the BMP).
    mutating func appendUTF16(_ utf8: UnsafeRawBufferPointer, fixed: Int?) {
        let countAt = output.bytes.count
        if fixed == nil { output.bytes.appendBigEndian(UInt32(0)) }
        var units = 0
        // Decoded straight from the buffer: no String per cell. Invalid UTF-8 becomes U+FFFD, as String would.
        var iterator = utf8.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch decoder.decode(&iterator) {
            case .scalarValue(let value): scalar = value
            case .error: scalar = "\u{FFFD}"
            case .emptyInput: break decoding
            }
            for unit in UTF16.encode(scalar)! {
                if let fixed, units == fixed { break decoding }
                output.bytes.appendBigEndian(unit)
                units += 1
            }
        }
        if let fixed {
            output.bytes.append(contentsOf: repeatElement(0, count: (fixed - units) * 2))
        } else {
            output.bytes.storeBigEndian(UInt32(units), at: countAt)
        }
    }

    /// Text the encoder formats itself (numbers in a text FIELD, timestamps, regions): straight into the record
    /// for a variable `char` FIELD, its count filled in after; through `scratch` for any other.
    @inline(__always)
    mutating func appendFormatted(_ write: (inout [UInt8]) -> Void) {
        if case .text(unicode: false, fixed: nil) = layouts[column] {
            let countAt = output.bytes.count
            output.bytes.appendBigEndian(UInt32(0))
            write(&output.bytes)
            output.bytes.storeBigEndian(UInt32(output.bytes.count - countAt - 4), at: countAt)
            column &+= 1
        } else {
            scratch.removeAll(keepingCapacity: true)
            write(&scratch)
            let text = scratch
            text.withUnsafeBytes { appendText($0) }
        }
    }

    public mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>) {
        appendArray(values, single: { $0.append($1) }, formatted: NumberFormatting.appendDouble) {
            $0.appendNumber($1, as: $2)
        }
    }

    /// Floats widen to doubles cell by cell, as the other encoders format them, without an array per cell.
    public mutating func appendFloats(_ values: UnsafeBufferPointer<Float>) {
        appendArray(
            values, single: { $0.append(Double($1)) },
            formatted: { NumberFormatting.appendDouble(Double($0), to: &$1) }
        ) { $0.appendNumber(Double($1), as: $2) }
    }

    public mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>) {
        appendArray(values, single: { $0.append($1) }, formatted: NumberFormatting.appendDecimal) {
            $0.appendNumber($1, as: $2)
        }
    }

    /// An array cell into an array FIELD (count, then values, padded with nulls to a fixed size); one value into
    /// a scalar FIELD; otherwise the values as space-separated text.
    @inline(__always)
    mutating func appendArray<Value>(
        _ values: UnsafeBufferPointer<Value>,
        single: (inout Self, Value) -> Void,
        formatted: (Value, inout [UInt8]) -> Void,
        number write: (inout Self, Value, BinaryLayout.Number) -> Void
    ) {
        guard case .array(let number, let fixed) = layouts[column] else {
            if values.count == 1 { return single(&self, values[0]) }
            return appendFormatted { NumberFormatting.appendSpaced(values, to: &$0, formatted) }
        }
        appendCount(values.count, fixed: fixed)
        let written = min(values.count, fixed ?? values.count)
        for index in 0..<written { write(&self, values[index], number) }
        for _ in written..<(fixed ?? written) { appendNullNumber(number) }
        column &+= 1
    }

    @inline(__always)
    mutating func appendCount(_ count: Int, fixed: Int?) {
        if fixed == nil { output.bytes.appendBigEndian(UInt32(count)) }
    }


    public mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>) {
        appendFormatted { NumberFormatting.appendPolygonRegion(values, to: &$0) }
    }

    public mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool
    ) {
        appendFormatted {
            TimestampFormatting.appendTimestamp(
                year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                microsecond: microsecond, utc: utc, to: &$0)
        }
    }

    public mutating func appendDate(year: Int, month: Int, day: Int) {
        appendFormatted { TimestampFormatting.appendDate(year: year, month: month, day: day, to: &$0) }
    }
}

extension BinaryEncoder: RowEncoder {}

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// An integer as a FIELD (or FITS column) of `number` holds it: truncated to the width, or converted.
    @inline(__always)
    mutating func appendBigEndian(_ value: Int64, as number: BinaryLayout.Number) {
        switch number {
        case .unsignedByte: append(UInt8(truncatingIfNeeded: value))
        case .short: appendBigEndian(Int16(truncatingIfNeeded: value))
        case .int: appendBigEndian(Int32(truncatingIfNeeded: value))
        case .long: appendBigEndian(value)
        case .float: appendBigEndian(Float(value).bitPattern)
        case .double: appendBigEndian(Double(value).bitPattern)
        }
    }

    /// A real as a FIELD (or FITS column) of `number` holds it; in an integer one only an integral value, since
    /// the checker typed a fraction otherwise: anything else is the null, not a truncation.
    @inline(__always)
    mutating func appendBigEndian(_ value: Double, as number: BinaryLayout.Number) {
        switch number {
        case .float: appendBigEndian(Float(value).bitPattern)
        case .double: appendBigEndian(value.bitPattern)
        default:
            if let exact = Int64(exactly: value) { appendBigEndian(exact, as: number) } else { appendBigEndianNull(number) }
        }
    }

    /// The null of `number`: NaN, or the integer sentinel that BINARY's VALUES null and FITS's TNULL declare.
    @inline(__always)
    mutating func appendBigEndianNull(_ number: BinaryLayout.Number) {
        switch number {
        case .float: appendBigEndian(Float.nan.bitPattern)
        case .double: appendBigEndian(Double.nan.bitPattern)
        default: appendBigEndian(BinaryLayout.integerNull(number), as: number)
        }
    }

    @inline(__always)
    mutating func storeBigEndian(_ value: UInt32, at index: Int) {
        Swift.withUnsafeBytes(of: value.bigEndian) { bytes in
            for offset in 0..<4 { self[index + offset] = bytes[offset] }
        }
    }
}
