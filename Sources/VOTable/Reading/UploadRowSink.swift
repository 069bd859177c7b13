/// Counts rows on their way to the caller, and stops at the limit: the row after the last allowed one is refused
/// before the caller sees it.
struct UploadRowSink {
    let maximumRows: Int
    private let deliver: ([UploadValue?]) throws -> Void
    /// Rows delivered so far.
    private(set) var count = 0

    init(maximumRows: Int, deliver: @escaping ([UploadValue?]) throws -> Void) {
        self.maximumRows = maximumRows
        self.deliver = deliver
    }

    mutating func send(_ row: [UploadValue?]) throws {
        guard count < maximumRows else {
            throw UploadReadError.tooManyRows(maximum: maximumRows)
        }
        count += 1
        try deliver(row)
    }
}
