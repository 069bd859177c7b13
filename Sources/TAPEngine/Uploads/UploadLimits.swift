/// How much a query may upload (DALI 1.1 §3.4.5 lets the service limit size and number), per sync request or per
/// job in total. Bytes are advertised as TAPRegExt's uploadLimit; rows and tables in the capability's description.
public struct UploadLimits: Sendable {
    /// The most bytes the uploads of one query may hold; more is refused with 413.
    public var maximumBytes = 100_000_000
    /// The size a client should stay under (TAPRegExt's default uploadLimit).
    public var advisoryBytes = 10_000_000
    public var maximumRows = 1_000_000
    public var maximumTables = 10
    /// PostgreSQL takes at most 1600 columns in a table.
    public var maximumColumns = 500
    /// Seconds to fetch one `http(s)://` upload.
    public var fetchTimeout = 60

    public init() {}
}
