/// What every result format's row writer does: cells in field order, one `append…` per field between `beginRow()` and
/// `endRow()`, into a byte buffer the caller drains in batches. The database side (TAPEngine's CopyRowDecoder)
/// calls these and never knows the format: TABLEDATA, BINARY, BINARY2, CSV, TSV, JSON and FITS each implement them.
///
/// The value passed is the column's value; the encoder writes it as its FIELD declares (a `short` FIELD gets two
/// bytes in BINARY2 from `append(_: Int64)`). `drain()` returns only bytes that are final: an encoder that must hold
/// some back (base64 keeps up to two bytes of a group) returns them from `finish()` after the last row.
public protocol RowEncoder {
    /// Bytes written and not yet drained (the caller drains when this passes its batch size).
    var pendingByteCount: Int { get }

    mutating func beginRow()
    mutating func endRow()
    /// Drops the row begun last and not ended, when reading it failed.
    mutating func discardPartialRow()
    /// The bytes that are ready, leaving the buffer empty.
    mutating func drain() -> [UInt8]
    /// Whatever is left after the last row (the default: nothing beyond `drain()`).
    mutating func finish() -> [UInt8]

    mutating func appendNull()
    mutating func append(_ value: Bool)
    mutating func append(_ value: Int64)
    mutating func append(_ value: Double)
    mutating func append(_ value: Float)
    /// A string cell from UTF-8 bytes.
    mutating func appendText(_ utf8: UnsafeRawBufferPointer)
    mutating func appendDoubles(_ values: UnsafeBufferPointer<Double>)
    mutating func appendFloats(_ values: UnsafeBufferPointer<Float>)
    mutating func appendInt64s(_ values: UnsafeBufferPointer<Int64>)
    /// An `adql:REGION` (char) cell for a polygon given by its DALI vertices: `Polygon ICRS ra1 dec1 ...`.
    mutating func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>)
    /// A DALI timestamp (`YYYY-MM-DDThh:mm:ss[.ffffff]`, no zone).
    mutating func appendTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, utc: Bool)
    mutating func appendDate(year: Int, month: Int, day: Int)
}

extension RowEncoder {
    public mutating func finish() -> [UInt8] { drain() }

    /// A string cell from a Swift string.
    public mutating func appendText(_ string: String) {
        var copy = string
        copy.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
    }
}

extension TableDataEncoder: RowEncoder {
    public var pendingByteCount: Int { output.bytes.count }
}
