/// What an operator can set, with the defaults a small archive wants.
public struct TAPConfiguration: Sendable {
    /// MAXREC when the request gives none.
    public var defaultMaxRecords: Int64 = 100_000
    /// The largest MAXREC honoured; larger requests are cut to it (TAP 1.1 §2.7.4 allows the service a limit).
    public var hardMaxRecords: Int64 = 100_000_000
    /// Rows are written to the client in batches of about this many bytes.
    public var writeBatchBytes = 256 * 1024
    /// The base URL clients reach the service at, for capabilities (e.g. http://127.0.0.1:8080/tap).
    public var baseURL: String = "http://127.0.0.1:8080/tap"
    public var serviceName = "SwiftTAP"

    // Async jobs (UWS 1.1), advertised in /capabilities.
    /// Jobs one process runs at once; the rest wait in QUEUED for a free slot in any process.
    public var jobSlots = 2
    /// executionDuration in seconds when a job asks none, and the most it may ask (0 asks for the most).
    public var defaultExecutionDuration = 3600
    public var maximumExecutionDuration = 4 * 3600
    /// How long a job and its result are kept (its destruction time), by default and at most.
    public var defaultRetention: Duration = .seconds(7 * 24 * 3600)
    public var maximumRetention: Duration = .seconds(30 * 24 * 3600)
    /// The longest a client's WAIT blocks (UWS 1.1 §2.2.1.2 lets the service cut it).
    public var maximumWait: Duration = .seconds(30)
    /// A running job's lease: a process that stops renewing it for this long loses the job to another.
    public var jobLease: Duration = .seconds(30)
    /// Where results are written (DATA/jobs).
    public var jobDirectory = "tapdata/jobs"
    /// Seconds per unit of PostgreSQL's plan cost, for the quote; measured on the demo tables (BENCHMARKS.md).
    public var secondsPerCostUnit = 5e-6

    // Uploads (TAP_UPLOAD), the same for sync and async: advertised in /capabilities, enforced while reading.
    public var uploadLimits = UploadLimits()
    /// Where uploads are spooled while a query reads them (DATA/uploads).
    public var uploadDirectory = "tapdata/uploads"
    /// Whether `UPLOAD=t,http://…` may name a loopback or private address (off: a public service must not be a
    /// proxy into its own network).
    public var uploadsFromPrivateAddresses = false

    /// libpq connections (and threads) streaming sync results at once; further queries wait for one.
    public var streamConnections = 16

    public init() {}
}
