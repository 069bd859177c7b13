import NIOCore
import PostgresNIO
import VOTable

/// Turns PostgreSQL's binary wire values into encoder calls without building Swift values per cell
/// (the wire format of int, float and arrays is big-endian, as VOTable's own).
enum CellTranscoder {
    static let postgresEpochSeconds: Int64 = 946_684_800  // 2000-01-01 in Unix time

    static func append(_ cell: PostgresCell, to encoder: inout TableDataEncoder) {
        guard var bytes = cell.bytes else {
            encoder.appendNull()
            return
        }
        switch cell.dataType {
        case .int2: encoder.append(Int64(bytes.readInteger(as: Int16.self) ?? 0))
        case .int4: encoder.append(Int64(bytes.readInteger(as: Int32.self) ?? 0))
        case .int8: encoder.append(bytes.readInteger(as: Int64.self) ?? 0)
        case .float4: encoder.append(Float(bitPattern: bytes.readInteger(as: UInt32.self) ?? 0))
        case .float8: encoder.append(Double(bitPattern: bytes.readInteger(as: UInt64.self) ?? 0))
        case .bool: encoder.append((bytes.readInteger(as: UInt8.self) ?? 0) != 0)
        case .timestamp, .timestamptz: appendTimestamp(bytes.readInteger(as: Int64.self) ?? 0, to: &encoder)
        case .float8Array: appendDoubleArray(&bytes, to: &encoder)
        case .int2Array, .int4Array, .int8Array: appendIntegerArray(&bytes, to: &encoder)
        default:
            // text, varchar, bpchar, name and anything whose binary form is its UTF-8 text
            bytes.withUnsafeReadableBytes { encoder.appendText($0) }
        }
    }

    static func appendTimestamp(_ microseconds: Int64, to encoder: inout TableDataEncoder) {
        let (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let unix = seconds + postgresEpochSeconds - (fraction < 0 ? 1 : 0)
        let micro = fraction < 0 ? fraction + 1_000_000 : fraction
        let (days, secondOfDay) = unix.quotientAndRemainder(dividingBy: 86_400)
        let day = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (year, month, dayOfMonth) = civilDate(fromDays: day)
        encoder.appendTimestamp(
            year: year, month: month, day: dayOfMonth, hour: Int(second / 3600), minute: Int(second % 3600 / 60),
            second: Int(second % 60), microsecond: Int(micro))
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

    /// A DALI polygon (float8[] of degrees) as STC-S, `Polygon ICRS ra1 dec1 ...`; anything else as usual.
    static func appendRegion(_ cell: PostgresCell, to encoder: inout TableDataEncoder) {
        guard cell.dataType == .float8Array, var bytes = cell.bytes else { return append(cell, to: &encoder) }
        guard let values = readDoubles(&bytes) else { return encoder.appendNull() }
        values.withUnsafeBufferPointer { encoder.appendPolygonRegion($0) }
    }

    static func appendDoubleArray(_ bytes: inout ByteBuffer, to encoder: inout TableDataEncoder) {
        guard let values = readDoubles(&bytes) else { return encoder.appendNull() }
        values.withUnsafeBufferPointer { encoder.appendDoubles($0) }
    }

    /// A one-dimensional float8[]: header (ndim, flags, element OID, length, lower bound), then
    /// length-prefixed elements. NULL elements become NaN, as DALI arrays have no null element.
    static func readDoubles(_ bytes: inout ByteBuffer) -> [Double]? {
        guard let count = readArrayHeader(&bytes) else { return nil }
        var values: [Double] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let length = bytes.readInteger(as: Int32.self) ?? -1
            if length == 8, let bits = bytes.readInteger(as: UInt64.self) {
                values.append(Double(bitPattern: bits))
            } else {
                values.append(.nan)
            }
        }
        return values
    }

    /// A one-dimensional smallint[], integer[] or bigint[] (the element width is in each element's length).
    /// VOTable integers have no in-array null, so a NULL element makes the whole cell null.
    static func appendIntegerArray(_ bytes: inout ByteBuffer, to encoder: inout TableDataEncoder) {
        guard let count = readArrayHeader(&bytes) else {
            encoder.appendNull()
            return
        }
        var values: [Int64] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            switch bytes.readInteger(as: Int32.self) ?? -1 {
            case 2: values.append(Int64(bytes.readInteger(as: Int16.self) ?? 0))
            case 4: values.append(Int64(bytes.readInteger(as: Int32.self) ?? 0))
            case 8: values.append(bytes.readInteger(as: Int64.self) ?? 0)
            default:
                encoder.appendNull()
                return
            }
        }
        values.withUnsafeBufferPointer { encoder.appendInt64s($0) }
    }

    /// The header of a binary array (ndim, flags, element OID, then per dimension length and lower bound):
    /// the element count of a one-dimensional or empty array, nil for anything else.
    static func readArrayHeader(_ bytes: inout ByteBuffer) -> Int? {
        guard let dimensions = bytes.readInteger(as: Int32.self), dimensions <= 1,
            bytes.readInteger(as: Int32.self) != nil, bytes.readInteger(as: UInt32.self) != nil
        else { return nil }
        guard dimensions == 1 else { return 0 }
        guard let count = bytes.readInteger(as: Int32.self), count >= 0, bytes.readInteger(as: Int32.self) != nil
        else { return nil }
        return Int(count)
    }
}
