/// One column of a FITS binary table (FITS 4.0 §7.3): its TFORM, its width in the row, and its TNULL.
///
/// Strings are `nA` of the longest value's UTF-8 bytes (FITS text is ASCII; astropy reads these bytes as UTF-8,
/// so non-ASCII text survives), padded with NUL. Numeric arrays of a fixed size are `nD`, `nJ`...; variable ones
/// are `1PD(max)` descriptors into the heap (`Q` when the heap outgrows 32-bit offsets). Integer nulls are
/// TNULL, the same sentinels as BINARY's VALUES null; floating-point nulls NaN; logical nulls a zero byte.
struct FITSColumn: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case logical
        case number(BinaryLayout.Number)
        case text
        case array(BinaryLayout.Number, fixed: Int?)

        init(_ field: Field) {
            switch BinaryLayout(field) {
            case .boolean: self = .logical
            case .number(let number): self = .number(number)
            case .text, .character: self = .text
            case .array(let number, let fixed): self = .array(number, fixed: fixed)
            }
        }
    }

    let kind: Kind
    /// For text, the longest value's bytes; for a variable array, the most elements in one cell.
    let longest: Int
    /// Whether heap descriptors are 64-bit (`Q`) rather than 32-bit (`P`).
    let wideDescriptors: Bool

    /// Bytes the column takes in each row.
    var width: Int {
        switch kind {
        case .logical: 1
        case .number(let number): number.width
        case .text: max(longest, 1)
        case .array(let number, fixed: let fixed?): number.width * fixed
        case .array: wideDescriptors ? 16 : 8
        }
    }

    var form: String {
        switch kind {
        case .logical: "L"
        case .number(let number): Self.code(number)
        case .text: "\(width)A"
        case .array(let number, fixed: let fixed?): "\(fixed)\(Self.code(number))"
        case .array(let number, fixed: nil): "1\(wideDescriptors ? "Q" : "P")\(Self.code(number))(\(longest))"
        }
    }

    /// TNULL, for integer columns and integer arrays.
    var null: Int64? {
        switch kind {
        case .number(let number), .array(let number, _): number.isInteger ? BinaryLayout.integerNull(number) : nil
        case .logical, .text: nil
        }
    }

    static func code(_ number: BinaryLayout.Number) -> String {
        switch number {
        case .unsignedByte: "B"
        case .short: "I"
        case .int: "J"
        case .long: "K"
        case .float: "E"
        case .double: "D"
        }
    }
}

extension BinaryLayout.Number {
    var isInteger: Bool {
        switch self {
        case .float, .double: false
        default: true
        }
    }
}
