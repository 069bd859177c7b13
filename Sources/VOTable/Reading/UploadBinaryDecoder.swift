/// Cuts the decoded bytes of a BINARY or BINARY2 stream into rows (VOTable 1.4 §5.3, §5.4), however the bytes are
/// split between calls.
///
/// A BINARY2 row starts with ⌈fields/8⌉ null-flag bytes, most significant bit first; a flagged cell's bytes are
/// still there and are skipped. A variable-size cell starts with a 4-byte count of its elements. A cell is
/// decoded once all its bytes have arrived; until then they wait in `pending`, so nothing is ever reserved on the
/// word of a length prefix.
struct UploadBinaryDecoder {
    private let columns: [UploadCellFormat]
    private let flagByteCount: Int
    /// "BINARY" or "BINARY2", for messages.
    private let serialisation: String
    private var pending: [UInt8] = []
    private var position = 0
    private var flags: [UInt8] = []
    private var rowStarted = false
    private var cells: [UploadValue?] = []
    /// Rows handed over so far.
    private(set) var rowCount = 0

    init(columns: [UploadCellFormat], nullFlags: Bool) {
        self.columns = columns
        self.flagByteCount = nullFlags ? (columns.count + 7) / 8 : 0
        self.serialisation = nullFlags ? "BINARY2" : "BINARY"
        cells.reserveCapacity(columns.count)
    }

    /// Decodes every row that `bytes` completes and hands each to `emit`, whose errors propagate.
    mutating func feed(_ bytes: some Collection<UInt8>, emit: ([UploadValue?]) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        while try decodeRow() {
            rowCount += 1
            try emit(cells)
            cells.removeAll(keepingCapacity: true)
            rowStarted = false
        }
        if position > 0 {
            pending.removeSubrange(0..<position)
            position = 0
        }
    }

    /// Checks that the stream ended between rows; call after the last `feed`.
    func finish() throws(UploadReadError) {
        if rowStarted || position < pending.count {
            throw UploadReadError.invalid("the \(serialisation) data end inside row \(rowCount + 1)")
        }
    }

    /// Decodes as many cells of the current row as the pending bytes hold; true once the row is complete.
    private mutating func decodeRow() throws(UploadReadError) -> Bool {
        if !rowStarted {
            guard pending.count - position >= max(flagByteCount, 1) else {
                return false
            }
            flags = Array(pending[position..<position + flagByteCount])
            position += flagByteCount
            rowStarted = true
        }
        while cells.count < columns.count {
            guard let cell = try decodeCell(columns[cells.count], isNull: isFlagged(cells.count)) else {
                return false
            }
            cells.append(cell)
        }
        return true
    }

    /// The next cell (nil inside when null), or nil if its bytes have not all arrived.
    private mutating func decodeCell(
        _ column: UploadCellFormat, isNull: Bool
    ) throws(UploadReadError) -> UploadValue?? {
        let available = pending.count - position
        var prefix = 0
        var count = 1
        switch column.shape {
        case .scalar:
            break
        case .fixed(let size):
            count = size
        case .variable:
            guard available >= 4 else {
                return nil
            }
            // "The number of items of the array" (VOTable 1.4 §5.3): all its elements, for a multi-dimensional
            // array too, as STIL writes and reads it (a 2x* cell of two pairs has the count 4).
            let items = pending[position..<position + 4].reduce(0) { $0 << 8 | Int($1) }
            guard items <= Int(Int32.max) else {
                throw UploadReadError.invalid("row \(rowCount + 1), column \(column.name): the \(serialisation) "
                    + "array length \(items) is out of range")
            }
            prefix = 4
            count = items
        }
        guard let length = column.byteCount(elements: count), length <= Int.max - prefix else {
            throw UploadReadError.invalid("row \(rowCount + 1), column \(column.name): the \(serialisation) "
                + "array of \(count) elements is too long")
        }
        guard available >= prefix + length else {
            return nil
        }
        let start = position + prefix
        position = start + length
        if isNull {
            return .some(nil)
        }
        return pending.withUnsafeBytes { buffer in
            UploadBinaryCell.value(UnsafeRawBufferPointer(rebasing: buffer[start..<start + length]), count: count,
                column: column)
        }
    }

    private func isFlagged(_ index: Int) -> Bool {
        flagByteCount > 0 && flags[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }
}
