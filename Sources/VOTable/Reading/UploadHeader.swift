/// The columns of an uploaded table, known before its first row.
public struct UploadHeader: Sendable, Equatable {
    /// The TABLE's `name` attribute; nil for CSV, or a TABLE without one.
    public var tableName: String?
    /// One per column, in order: `name` is FIELD@name, else FIELD@ID, else `col<n>` (n from 1), and `arraysize`
    /// is nil on every scalar (a number FIELD's arraysize "1" is dropped); for CSV the header row's name (trimmed,
    /// else `col<n>`) and the inferred datatype (`long`, `double`, `boolean`, or `char` with arraysize `*`).
    public var fields: [Field]

    /// Creates a header.
    public init(tableName: String?, fields: [Field]) {
        self.tableName = tableName
        self.fields = fields
    }
}
