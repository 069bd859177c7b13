/// A job's phase (UWS 1.1 §2.1.3), with the legal transitions as one table, as DaCHS keeps them: the
/// job store checks a change against it before its compare-and-set update.
public enum ExecutionPhase: String, Sendable, CaseIterable {
    case pending = "PENDING"
    case queued = "QUEUED"
    case executing = "EXECUTING"
    case completed = "COMPLETED"
    case error = "ERROR"
    case aborted = "ABORTED"
    case unknown = "UNKNOWN"
    case held = "HELD"
    case suspended = "SUSPENDED"
    case archived = "ARCHIVED"

    /// The phases a job can move to from this one.
    public var successors: Set<ExecutionPhase> {
        Self.edges[self] ?? []
    }

    public func canMove(to next: ExecutionPhase) -> Bool {
        successors.contains(next)
    }

    /// A job in a final phase never runs again (UWS 1.1 §2.1.3; ARCHIVED keeps only its metadata).
    public var isFinal: Bool {
        switch self {
        case .completed, .error, .aborted, .archived: return true
        default: return false
        }
    }

    static let edges: [ExecutionPhase: Set<ExecutionPhase>] = [
        .pending: [.queued, .aborted, .error],
        .queued: [.executing, .aborted, .error],
        .executing: [.completed, .error, .aborted, .suspended],
        .held: [.queued, .aborted],
        .suspended: [.executing, .aborted, .error],
        .completed: [.archived],
        .error: [.archived],
        .aborted: [.archived],
    ]
}
