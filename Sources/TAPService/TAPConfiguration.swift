/// What an operator can set, with the defaults a small archive wants.
public struct TAPConfiguration: Sendable {
    /// MAXREC when the request gives none.
    public var defaultMaxRecords: Int64 = 100_000
    /// The largest MAXREC honoured; larger requests are cut to it (TAP 1.1 §2.7.4 allows the service a limit).
    public var hardMaxRecords: Int64 = 100_000_000
    /// Rows are written to the client in batches of about this many bytes.
    public var writeBatchBytes = 64 * 1024
    /// The base URL clients reach the service at, for capabilities (e.g. http://127.0.0.1:8080/tap).
    public var baseURL: String = "http://127.0.0.1:8080/tap"
    public var serviceName = "SwiftTAP"

    public init() {}
}
