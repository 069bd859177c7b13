/// What a row encoder has written and not yet drained, and where its open row began. Every encoder writes
/// through one, so that the rule a late failure depends on lives here only: a row that was ended is never taken
/// back, whatever fails after it, and the row still open is taken back whole.
struct RowBuffer: Sendable {
    var bytes: [UInt8] = []
    /// Where the open row began; nil between rows.
    private(set) var openRow: Int?

    init(reserving capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func beginRow() {
        openRow = bytes.count
    }

    @inline(__always)
    mutating func endRow() {
        openRow = nil
    }

    /// Takes back the open row, if any. Only what is still here can be taken back: drain between rows.
    mutating func discardOpenRow() {
        if let start = openRow, start < bytes.count { bytes.removeSubrange(start...) }
        openRow = nil
    }

    /// Everything written, leaving the buffer empty with its capacity reserved for the next batch.
    @inline(__always)
    mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
