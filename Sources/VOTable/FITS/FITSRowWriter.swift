/// The third look at a logged FITS result: its rows as FITS binary-table records (big-endian, fixed width), then
/// in a reading of its own the heap that variable arrays point into.
public struct FITSRowWriter: Sendable {
    let columns: [FITSColumn]
    var out: [UInt8] = []
    /// Where the next variable array starts in the heap.
    var heapOffset: Int64 = 0

    public init(shape: FITSTableShape) {
        columns = shape.columns
        out.reserveCapacity(80 * 1024)
    }

    /// The records of the whole rows in `chunk`, and the bytes of it they took.
    public mutating func records(_ chunk: UnsafeRawBufferPointer) -> (consumed: Int, bytes: [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let consumed = FITSLogCursor.rows(in: chunk) { row in
            var cursor = FITSLogCursor(row: row)
            for column in columns { write(cursor.next(), as: column) }
        }
        return (consumed, out)
    }

    /// The heap's bytes for the whole rows in `chunk`: the elements of each variable array, in row order, which is
    /// the order `records` gave them offsets in.
    public mutating func heap(_ chunk: UnsafeRawBufferPointer) -> (consumed: Int, bytes: [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let consumed = FITSLogCursor.rows(in: chunk) { row in
            var cursor = FITSLogCursor(row: row)
            for column in columns {
                let cell = cursor.next()
                guard case .array(let number, fixed: nil) = column.kind else { continue }
                writeElements(cell, number: number, count: nil)
            }
        }
        return (consumed, out)
    }

    @inline(__always)
    mutating func write(_ cell: FITSLogCursor.Cell, as column: FITSColumn) {
        switch column.kind {
        case .logical:
            if case .logical(let value) = cell {
                out.append(value ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            } else {
                out.append(0)
            }
        case .number(let number):
            switch cell {
            case .integer(let value): out.appendBigEndian(value, as: number)
            case .real(let value): out.appendBigEndian(value, as: number)
            default: out.appendBigEndianNull(number)
            }
        case .text:
            let width = column.width
            if case .text(let bytes) = cell {
                let count = min(bytes.count, width)
                out.append(contentsOf: bytes.prefix(count))
                out.append(contentsOf: repeatElement(0, count: width - count))
            } else {
                out.append(contentsOf: repeatElement(0, count: width))
            }
        case .array(let number, fixed: let fixed?):
            writeElements(cell, number: number, count: fixed)
        case .array(let number, fixed: nil):
            let count: Int
            switch cell {
            case .integers(_, let n), .reals(_, let n): count = n
            default: count = 0
            }
            if column.wideDescriptors {
                out.appendBigEndian(Int64(count))
                out.appendBigEndian(heapOffset)
            } else {
                out.appendBigEndian(Int32(count))
                out.appendBigEndian(Int32(heapOffset))
            }
            heapOffset += Int64(count * number.width)
        }
    }

    /// An array's elements; with `count`, exactly that many (cut, or padded with nulls).
    @inline(__always)
    mutating func writeElements(_ cell: FITSLogCursor.Cell, number: BinaryLayout.Number, count: Int?) {
        var written = 0
        switch cell {
        case .integers(let start, let n):
            for index in 0..<min(n, count ?? n) {
                out.appendBigEndian(start.loadUnaligned(fromByteOffset: index * 8, as: Int64.self), as: number)
                written += 1
            }
        case .reals(let start, let n):
            for index in 0..<min(n, count ?? n) {
                let value = Double(bitPattern: start.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                out.appendBigEndian(value, as: number)
                written += 1
            }
        default: break
        }
        for _ in written..<(count ?? written) { out.appendBigEndianNull(number) }
    }
}
