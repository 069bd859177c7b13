import Foundation
import VOTable

/// Turns one value in PostgreSQL's binary format (as COPY BINARY and the extended protocol send it) into a call of
/// the format's `RowEncoder`, without building Swift values per cell: the binary forms of integers, floats and
/// arrays are big-endian, like VOTable's own. `type` is the column's type OID.
enum PostgresBinaryValue {
    static let postgresEpochSeconds: Int64 = 946_684_800  // 2000-01-01 in Unix time
    static let postgresEpochDays: Int64 = 10_957

    // Type OIDs (pg_type.dat), fixed since PostgreSQL 7.
    static let bool: UInt32 = 16, int8: UInt32 = 20, int2: UInt32 = 21, int4: UInt32 = 23, float4: UInt32 = 700
    static let float8: UInt32 = 701, date: UInt32 = 1082, timestamp: UInt32 = 1114, timestamptz: UInt32 = 1184
    static let numeric: UInt32 = 1700, int2Array: UInt32 = 1005, int4Array: UInt32 = 1007, int8Array: UInt32 = 1016
    static let float4Array: UInt32 = 1021, float8Array: UInt32 = 1022

    /// `region`: the column is an `adql:REGION` stored as a DALI polygon (float8[]), written as STC-S.
    @inline(__always)
    static func append<Encoder: RowEncoder>(
        _ value: UnsafeRawBufferPointer, type: UInt32, region: Bool = false, to encoder: inout Encoder
    ) {
        var reader = BigEndianReader(value)
        switch type {
        case int2: encoder.append(Int64(reader.read(Int16.self)))
        case int4: encoder.append(Int64(reader.read(Int32.self)))
        case int8: encoder.append(reader.read(Int64.self))
        case float4: encoder.append(Float(bitPattern: reader.read(UInt32.self)))
        case float8: encoder.append(Double(bitPattern: reader.read(UInt64.self)))
        case bool: encoder.append(reader.read(UInt8.self) != 0)
        case timestamp, timestamptz: appendTimestamp(reader.read(Int64.self), to: &encoder)
        case date:
            let (year, month, day) = civilDate(fromDays: Int64(reader.read(Int32.self)) + postgresEpochDays)
            encoder.appendDate(year: year, month: month, day: day)
        case numeric: appendNumeric(&reader, to: &encoder)
        case float8Array, float4Array: appendFloatingArray(&reader, region: region, to: &encoder)
        case int2Array, int4Array, int8Array: appendIntegerArray(&reader, to: &encoder)
        default:
            // text, varchar, bpchar, name and anything whose binary form is its UTF-8 text
            encoder.appendText(value)
        }
    }

    static func appendTimestamp<Encoder: RowEncoder>(_ microseconds: Int64, to encoder: inout Encoder) {
        // ±infinity have no DALI form: null.
        guard microseconds != .max, microseconds != .min else { return encoder.appendNull() }
        let (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let unix = seconds + postgresEpochSeconds - (fraction < 0 ? 1 : 0)
        let micro = fraction < 0 ? fraction + 1_000_000 : fraction
        let (days, secondOfDay) = unix.quotientAndRemainder(dividingBy: 86_400)
        let day = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (year, month, dayOfMonth) = civilDate(fromDays: day)
        encoder.appendTimestamp(
            year: year, month: month, day: dayOfMonth, hour: Int(second / 3600), minute: Int(second % 3600 / 60),
            second: Int(second % 60), microsecond: Int(micro), utc: false)
    }

    /// Howard Hinnant's days-to-civil algorithm: proleptic Gregorian, no Foundation calendar per cell.
    static func civilDate(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// numeric (AVG of integers, SUM of bigints): base-10000 digits with a weight, written as the nearest double,
    /// which is what the checker declared.
    static func appendNumeric<Encoder: RowEncoder>(_ reader: inout BigEndianReader, to encoder: inout Encoder) {
        let count = Int(reader.read(Int16.self))
        let weight = Int(reader.read(Int16.self))
        let sign = reader.read(UInt16.self)
        _ = reader.read(Int16.self)  // display scale
        switch sign {
        case 0xC000: return encoder.append(Double.nan)
        case 0xD000: return encoder.append(Double.infinity)
        case 0xF000: return encoder.append(-Double.infinity)
        default: break
        }
        // Digits as an integer mantissa, exactly while it fits, then scaled once (no drift from repeated powers).
        var mantissa: Double = 0
        for _ in 0..<count { mantissa = mantissa * 10_000 + Double(reader.read(Int16.self)) }
        var value = mantissa * pow(10_000, Double(weight - count + 1))
        if sign == 0x4000 { value = -value }
        encoder.append(value)
    }

    /// A one-dimensional float8[] or float4[]: header (ndim, flags, element OID, length, lower bound), then
    /// length-prefixed elements. NULL elements become NaN, as DALI arrays have no null element. The values go
    /// through stack (or temporary) storage, not an array per cell.
    static func appendFloatingArray<Encoder: RowEncoder>(
        _ reader: inout BigEndianReader, region: Bool, to encoder: inout Encoder
    ) {
        guard let count = readArrayHeader(&reader) else { return encoder.appendNull() }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { values in
            for index in 0..<count {
                switch reader.read(Int32.self) {
                case 8: values[index] = Double(bitPattern: reader.read(UInt64.self))
                case 4: values[index] = Double(Float(bitPattern: reader.read(UInt32.self)))
                default: values[index] = .nan
                }
            }
            let filled = UnsafeBufferPointer(values)
            region ? encoder.appendPolygonRegion(filled) : encoder.appendDoubles(filled)
        }
    }

    /// A one-dimensional smallint[], integer[] or bigint[] (the element width is in each element's length).
    /// VOTable integers have no in-array null, so a NULL element makes the whole cell null.
    static func appendIntegerArray<Encoder: RowEncoder>(_ reader: inout BigEndianReader, to encoder: inout Encoder) {
        guard let count = readArrayHeader(&reader) else { return encoder.appendNull() }
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { values in
            for index in 0..<count {
                switch reader.read(Int32.self) {
                case 2: values[index] = Int64(reader.read(Int16.self))
                case 4: values[index] = Int64(reader.read(Int32.self))
                case 8: values[index] = reader.read(Int64.self)
                default: return encoder.appendNull()
                }
            }
            encoder.appendInt64s(UnsafeBufferPointer(values))
        }
    }

    /// The element count of a one-dimensional or empty array, nil for anything else.
    static func readArrayHeader(_ reader: inout BigEndianReader) -> Int? {
        let dimensions = reader.read(Int32.self)
        _ = reader.read(Int32.self)  // has nulls
        _ = reader.read(UInt32.self)  // element type
        guard dimensions == 1 else { return dimensions == 0 ? 0 : nil }
        let count = reader.read(Int32.self)
        _ = reader.read(Int32.self)  // lower bound
        // Each element takes at least its four-byte length, so a count beyond that is a damaged header, not a
        // size to allocate.
        guard count >= 0, reader.isValid, Int(count) <= (reader.count - reader.offset) / 4 else { return nil }
        return Int(count)
    }
}

/// Reads big-endian integers from raw bytes; past the end it reads zeros and is no longer `isValid`, so a short
/// value never reads outside its buffer.
struct BigEndianReader {
    let base: UnsafeRawPointer?
    let count: Int
    var offset = 0
    var isValid = true

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress
        count = bytes.count
    }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T {
        let size = MemoryLayout<T>.size
        guard let base, offset + size <= count else {
            isValid = false
            return 0
        }
        let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(bigEndian: value)
    }
}
