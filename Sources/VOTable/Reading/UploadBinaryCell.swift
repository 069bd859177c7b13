/// Turns the bytes of one BINARY or BINARY2 cell into a value (VOTable 1.4 §5.3 and §7: big-endian, bits packed
/// from the most significant, UTF-8 `char`, UTF-16BE `unicodeChar`).
///
/// An empty variable-length cell, a string that is empty once its padding is cut, and a scalar equal to VALUES null
/// are null, as they would be in TABLEDATA. Float NaN is a value.
enum UploadBinaryCell {
    /// Decodes `count` elements from `bytes`, which hold exactly the cell's payload (after any length prefix).
    static func value(_ bytes: UnsafeRawBufferPointer, count: Int, column: UploadCellFormat) -> UploadValue? {
        if count == 0 {
            return nil
        }
        let isScalar = column.shape == .scalar
        switch column.datatype {
        case .char:
            return text(char(bytes), column: column)
        case .unicodeChar:
            return text(unicodeChar(bytes), column: column)
        case .boolean:
            return boolean(bytes, isScalar: isScalar)
        case .bit:
            return bits(bytes, count: count, isScalar: isScalar)
        case .unsignedByte, .short, .int, .long:
            if isScalar {
                let value = integer(bytes, at: 0, datatype: column.datatype)
                return value == column.nullInteger ? nil : .integer(value)
            }
            let size = column.elementSize
            return .integers((0..<count).map { integer(bytes, at: $0 * size, datatype: column.datatype) })
        case .float, .double, .floatComplex, .doubleComplex:
            let isSingle = column.datatype == .float || column.datatype == .floatComplex
            let numbers = count * column.numbersPerElement
            let size = isSingle ? 4 : 8
            if isScalar && numbers == 1 {
                let value = real(bytes, at: 0, isSingle: isSingle)
                return value == column.nullReal ? nil : .real(value)
            }
            return .reals((0..<numbers).map { real(bytes, at: $0 * size, isSingle: isSingle) })
        }
    }

    /// Bytes up to the first NUL, without trailing spaces (the FITS rule: STILTS pads with NULs, others with spaces).
    private static func char(_ bytes: UnsafeRawBufferPointer) -> String {
        var end = bytes.firstIndex(of: 0) ?? bytes.count
        while end > 0 && bytes[end - 1] == 0x20 {
            end -= 1
        }
        return UploadText.decode(bytes[0..<end])
    }

    /// UTF-16BE code units up to the first NUL (astropy pads with them).
    private static func unicodeChar(_ bytes: UnsafeRawBufferPointer) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        for offset in stride(from: 0, to: bytes.count - 1, by: 2) {
            let unit = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            if unit == 0 {
                break
            }
            units.append(unit)
        }
        return String(decoding: units, as: UTF16.self)
    }

    private static func text(_ string: String, column: UploadCellFormat) -> UploadValue? {
        string.isEmpty || string == column.nullText ? nil : .text(string)
    }

    /// T, t, 1 are true; F, f, 0 false; anything else (NUL, space, ?) null.
    private static func boolean(_ bytes: UnsafeRawBufferPointer, isScalar: Bool) -> UploadValue? {
        func flag(_ byte: UInt8) -> Bool? {
            switch byte {
            case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "1"): true
            case UInt8(ascii: "F"), UInt8(ascii: "f"), UInt8(ascii: "0"): false
            default: nil
            }
        }
        if isScalar {
            return flag(bytes[0]).map(UploadValue.boolean)
        }
        return .text(String(bytes.map { flag($0).map { $0 ? "T" : "F" } ?? "?" }.joined()))
    }

    /// A scalar bit is true for any nonzero byte: astropy writes 0x08 where the standard has 0x80.
    private static func bits(_ bytes: UnsafeRawBufferPointer, count: Int, isScalar: Bool) -> UploadValue? {
        if isScalar {
            return .boolean(bytes[0] != 0)
        }
        var text = ""
        text.reserveCapacity(count)
        for index in 0..<count {
            text.append(bytes[index / 8] & (0x80 >> UInt8(index % 8)) == 0 ? "0" : "1")
        }
        return .text(text)
    }

    private static func integer(_ bytes: UnsafeRawBufferPointer, at offset: Int, datatype: Datatype) -> Int64 {
        switch datatype {
        case .unsignedByte:
            Int64(bytes[offset])
        case .short:
            Int64(Int16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case .int:
            Int64(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        default:
            Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        }
    }

    private static func real(_ bytes: UnsafeRawBufferPointer, at offset: Int, isSingle: Bool) -> Double {
        if isSingle {
            let pattern = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            return widened(Float(bitPattern: pattern))
        }
        return Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    /// The double nearest the float's shortest decimal form, so that a float 0.1 reads as 0.1 (as it would from
    /// TABLEDATA) and not 0.10000000149011612.
    static func widened(_ value: Float) -> Double {
        guard value.isFinite else {
            return Double(value)
        }
        return Double(value.description) ?? Double(value)
    }
}
