/// Reads back what `FITSCellLog` wrote: whole rows out of a chunk of the log, and each row's cells in order.
struct FITSLogCursor {
    enum Cell {
        case null
        case logical(Bool)
        case integer(Int64)
        case real(Double)
        case text(UnsafeRawBufferPointer)
        /// `count` native Int64 or Double values from `start`.
        case integers(start: UnsafeRawPointer, count: Int)
        case reals(start: UnsafeRawPointer, count: Int)
    }

    private let base: UnsafeRawPointer
    private var offset = 0

    init(row: UnsafeRawBufferPointer) {
        base = row.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
    }

    /// Calls `body` with each whole row in `chunk`; returns the bytes those rows took (the rest starts a row that
    /// continues in the next chunk).
    static func rows(in chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard let base = chunk.baseAddress else { return 0 }
        var offset = 0
        while chunk.count - offset >= 4 {
            let length = Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            guard chunk.count - offset - 4 >= length else { break }
            body(UnsafeRawBufferPointer(start: base + offset + 4, count: length))
            offset += 4 + length
        }
        return offset
    }

    /// The next cell; the writer of the log and this reader agree on the row's cells, one per column.
    @inline(__always)
    mutating func next() -> Cell {
        let tag = FITSLogTag(rawValue: base.load(fromByteOffset: offset, as: UInt8.self)) ?? .null
        offset += 1
        switch tag {
        case .null: return .null
        case .isFalse: return .logical(false)
        case .isTrue: return .logical(true)
        case .integer: return .integer(read(Int64.self))
        case .real: return .real(Double(bitPattern: read(UInt64.self)))
        case .text:
            let count = Int(read(UInt32.self))
            defer { offset += count }
            return .text(UnsafeRawBufferPointer(start: base + offset, count: count))
        case .integers, .reals:
            let count = Int(read(UInt32.self))
            defer { offset += count * 8 }
            return tag == .integers
                ? .integers(start: base + offset, count: count) : .reals(start: base + offset, count: count)
        }
    }

    @inline(__always)
    private mutating func read<T: FixedWidthInteger>(_: T.Type) -> T {
        defer { offset += MemoryLayout<T>.size }
        return base.loadUnaligned(fromByteOffset: offset, as: T.self)
    }
}
