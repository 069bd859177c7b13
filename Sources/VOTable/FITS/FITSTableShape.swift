/// The second look at a logged FITS result: how many rows, how long each text and variable array gets, and how
/// big the heap is, which the header must say before the first row.
public struct FITSTableShape: Sendable {
    let kinds: [FITSColumn.Kind]
    var longest: [Int]
    public private(set) var rows: Int64 = 0
    private(set) var heapBytes: Int64 = 0

    public init(fields: [Field]) {
        kinds = fields.map(FITSColumn.Kind.init)
        longest = Array(repeating: 0, count: fields.count)
    }

    /// Measures the whole rows in `chunk`; returns the bytes they took.
    public mutating func scan(_ chunk: UnsafeRawBufferPointer) -> Int {
        FITSLogCursor.rows(in: chunk) { row in
            var cursor = FITSLogCursor(row: row)
            for column in kinds.indices {
                switch cursor.next() {
                case .text(let bytes): longest[column] = max(longest[column], bytes.count)
                case .integers(_, let count), .reals(_, let count):
                    guard case .array(let number, fixed: nil) = kinds[column] else { break }
                    longest[column] = max(longest[column], count)
                    heapBytes += Int64(count * number.width)
                default: break
                }
            }
            rows += 1
        }
    }

    var columns: [FITSColumn] {
        let wide = heapBytes > Int64(Int32.max)
        return kinds.indices.map { FITSColumn(kind: kinds[$0], longest: longest[$0], wideDescriptors: wide) }
    }

    /// NAXIS1: the bytes of one row.
    var rowBytes: Int { columns.reduce(0) { $0 + $1.width } }

    /// The data unit's size (main table and heap), which is padded to whole 2880-byte records.
    public var dataBytes: Int64 { Int64(rowBytes) * rows + heapBytes }

    /// Whether a second reading of the log must write the heap after the main table.
    public var hasHeap: Bool { heapBytes > 0 }
}
