/// A deterministic generator of one demo table's rows, written for COPY: row `index` is the same on every
/// run and in any chunk, so rows can be written in parallel slices.
protocol DemoRows {
    associatedtype Row
    associatedtype Field
    var rowCount: Int { get }
    /// The columns in the order of the table's published columns.
    var fields: [Field] { get }
    /// About how many bytes a row takes, to size the buffer once.
    var typicalRowBytes: Int { get }
    func makeRow(_ index: Int) -> Row
    func write(_ field: Field, of row: Row, _ buffer: inout [UInt8])
}

extension DemoRows {
    /// Appends rows `range` (each ending in a newline) to `buffer` in COPY text format.
    func writeRows(_ range: Range<Int>, into buffer: inout [UInt8]) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "rows \(range) outside 0..<\(rowCount)")
        buffer.reserveCapacity(buffer.count + range.count * typicalRowBytes)
        for index in range {
            let row = makeRow(index)
            for (position, field) in fields.enumerated() {
                if position > 0 { buffer.append(DemoCopyFormat.tab) }
                write(field, of: row, &buffer)
            }
            buffer.append(DemoCopyFormat.newline)
        }
    }
}
