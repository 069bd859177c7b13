import Foundation

/// One UWS job as its owner sees it (UWS 1.1 §2.1): what the job document and its child resources show.
public struct Job: Sendable, Equatable {
    public var id: String
    /// The authenticated owner; nil for an anonymous job, reachable only through its ID.
    public var owner: String?
    public var runID: String?
    public var phase: ExecutionPhase
    public var quote: Date?
    public var creationTime: Date
    public var startTime: Date?
    public var endTime: Date?
    /// Seconds the job may run; 0 means no limit (UWS 1.1 §2.1.4).
    public var executionDuration: Int
    public var destruction: Date?
    /// The parameters as the client gave them, names as written, in order (UPLOAD may repeat).
    public var parameters: [JobParameter]
    public var result: JobResult?
    public var error: JobError?

    public init(
        id: String, owner: String? = nil, runID: String? = nil, phase: ExecutionPhase, quote: Date? = nil,
        creationTime: Date, startTime: Date? = nil, endTime: Date? = nil, executionDuration: Int,
        destruction: Date? = nil, parameters: [JobParameter] = [], result: JobResult? = nil, error: JobError? = nil
    ) {
        self.id = id
        self.owner = owner
        self.runID = runID
        self.phase = phase
        self.quote = quote
        self.creationTime = creationTime
        self.startTime = startTime
        self.endTime = endTime
        self.executionDuration = executionDuration
        self.destruction = destruction
        self.parameters = parameters
        self.result = result
        self.error = error
    }
}

public struct JobParameter: Sendable, Equatable {
    public var name: String
    public var value: String
    /// The value is a URL to the parameter's content, such as an uploaded table the service keeps
    /// (UWS 1.1 §2.2.3.1.1).
    public var byReference: Bool

    public init(_ name: String, _ value: String, byReference: Bool = false) {
        self.name = name
        self.value = value
        self.byReference = byReference
    }
}

/// The one result of a TAP job (TAP 1.1 §2.2: `id="result"`).
public struct JobResult: Sendable, Equatable {
    public var mimeType: String
    public var size: Int64

    public init(mimeType: String, size: Int64) {
        self.mimeType = mimeType
        self.size = size
    }
}

/// Why a job ended in ERROR or ABORTED: the errorSummary's message, and the DALI error document's.
public struct JobError: Sendable, Equatable {
    public var message: String
    /// UWS 1.1 §2.1.10: fatal unless retrying the same job could succeed.
    public var isTransient: Bool

    public init(message: String, isTransient: Bool = false) {
        self.message = message
        self.isTransient = isTransient
    }
}
