/// Number text for TABLEDATA cells (VOTable 1.4 §6): decimal integers, and floating point in the shortest form that
/// reads back to the same value, with `NaN`, `+Inf` and `-Inf` for the IEEE specials.
enum NumberFormatting {
    /// The longest decimal Int64: "-9223372036854775808".
    static let maxInt64Length = 20

    /// "00" "01" … "99": two digits per table look-up halves the divisions.
    private static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    }

    /// Writes the decimal digits of `value` so that they end just before `end`; returns where they start.
    @inline(__always)
    static func writeDecimal(_ value: UInt64, endingBefore end: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        let pairs = digitPairs.utf8Start
        var p = end
        var v = value
        while v >= 100 {
            let (quotient, remainder) = v.quotientAndRemainder(dividingBy: 100)
            let offset = Int(truncatingIfNeeded: remainder) &* 2
            p -= 2
            p[0] = pairs[offset]
            p[1] = pairs[offset &+ 1]
            v = quotient
        }
        if v >= 10 {
            let offset = Int(truncatingIfNeeded: v) &* 2
            p -= 2
            p[0] = pairs[offset]
            p[1] = pairs[offset &+ 1]
        } else {
            p -= 1
            p[0] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        return p
    }

    /// Writes `value` in decimal (with a leading `-` when negative) ending just before `end`; returns the start.
    @inline(__always)
    static func writeDecimal(_ value: Int64, endingBefore end: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var p = writeDecimal(value.magnitude, endingBefore: end)
        if value < 0 {
            p -= 1
            p[0] = UInt8(ascii: "-")
        }
        return p
    }

    /// An array as text: its numbers separated by one space (TABLEDATA and CSV/TSV cells, STC-S).
    @inline(__always)
    static func appendSpaced<Number>(
        _ values: UnsafeBufferPointer<Number>, to buffer: inout [UInt8], _ write: (Number, inout [UInt8]) -> Void
    ) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(0x20) }
            write(value, &buffer)
        }
    }

    /// An `adql:REGION` polygon from its DALI vertices, as STC-S: `Polygon ICRS ra1 dec1 ra2 dec2 ...`.
    static func appendPolygonRegion(_ values: UnsafeBufferPointer<Double>, to buffer: inout [UInt8]) {
        buffer.appendLiteral("Polygon ICRS")
        for value in values {
            buffer.append(0x20)
            appendDouble(value, to: &buffer)
        }
    }

    /// Appends `value` in decimal.
    @inline(__always)
    static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxInt64Length) { scratch in
            let end = scratch.baseAddress! + maxInt64Length
            let start = writeDecimal(value, endingBefore: end)
            buffer.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    /// Appends `value` zero-padded to at least `width` digits (for the fields of a timestamp).
    static func appendDecimal(_ value: Int, zeroPaddedTo width: Int, to buffer: inout [UInt8]) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxInt64Length) { scratch in
            let end = scratch.baseAddress! + maxInt64Length
            let start = writeDecimal(UInt64(value.magnitude), endingBefore: end)
            let digits = end - start
            if digits < width {
                buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits))
            }
            buffer.append(contentsOf: UnsafeBufferPointer(start: start, count: digits))
        }
    }

    /// Appends `value` as the shortest decimal that parses back to the same Double (`-0.0` keeps its sign).
    ///
    /// The digits come from the standard library's own shortest round-trip conversion (the one behind
    /// `description`) through `TextOutputStreamable`, which hands them over as bytes without making a String.
    /// Its forms — `0.1`, `1.0`, `1e-05`, `1.7976931348623157e+308` — all fit VOTable 1.4 §6's syntax for
    /// floating point (optional sign, decimal number, `e`, signed exponent of up to three digits).
    @inline(__always)
    static func appendDouble(_ value: Double, to buffer: inout [UInt8]) {
        if value.isFinite {
            withUnsafeMutablePointer(to: &buffer) { target in
                var sink = ByteSink(target: target)
                value.write(to: &sink)
            }
        } else {
            appendNonFinite(isNaN: value.isNaN, isNegative: value.sign == .minus, to: &buffer)
        }
    }

    /// Appends `value` as the shortest decimal that parses back to the same Float.
    @inline(__always)
    static func appendFloat(_ value: Float, to buffer: inout [UInt8]) {
        if value.isFinite {
            withUnsafeMutablePointer(to: &buffer) { target in
                var sink = ByteSink(target: target)
                value.write(to: &sink)
            }
        } else {
            appendNonFinite(isNaN: value.isNaN, isNegative: value.sign == .minus, to: &buffer)
        }
    }

    /// VOTable 1.4 §6 spells the specials `NaN`, `+Inf` and `-Inf`; every NaN payload is written as plain `NaN`.
    private static func appendNonFinite(isNaN: Bool, isNegative: Bool, to buffer: inout [UInt8]) {
        if isNaN {
            buffer.appendLiteral("NaN")
        } else if isNegative {
            buffer.appendLiteral("-Inf")
        } else {
            buffer.appendLiteral("+Inf")
        }
    }

    /// Returns `value` as TABLEDATA text (for tests and diagnostics).
    static func string(_ value: Double) -> String {
        var buffer: [UInt8] = []
        appendDouble(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Returns `value` as TABLEDATA text (for tests and diagnostics).
    static func string(_ value: Float) -> String {
        var buffer: [UInt8] = []
        appendFloat(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Returns `value` as TABLEDATA text (for tests and diagnostics).
    static func string(_ value: Int64) -> String {
        var buffer: [UInt8] = []
        appendDecimal(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Receives the characters of a number from the standard library's `TextOutputStreamable` conformance.
///
/// The floating-point types hand their ASCII digits to `_writeASCII`, an underscored but public requirement of
/// `TextOutputStream`; should a later standard library call `write(_:)` instead, the output is the same, only slower.
private struct ByteSink: TextOutputStream {
    let target: UnsafeMutablePointer<[UInt8]>

    @inline(__always)
    mutating func write(_ string: String) {
        target.pointee.append(contentsOf: string.utf8)
    }

    @inline(__always)
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        target.pointee.append(contentsOf: buffer)
    }
}

/// Like `ByteSink`, but into fixed scratch memory, so that a whole cell can be appended to the buffer in one copy.
struct ScratchSink: TextOutputStream {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count: Int

    @inline(__always)
    mutating func write(_ string: String) {
        for byte in string.utf8 where count < capacity {
            base[count] = byte
            count &+= 1
        }
    }

    @inline(__always)
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        let n = Swift.min(buffer.count, capacity &- count)
        (base + count).update(from: buffer.baseAddress!, count: n)
        count &+= n
    }
}
