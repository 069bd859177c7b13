/// A job's phase (UWS 1.1 §2.1.3), with the legal transitions as one table, as DaCHS keeps them: the job
/// store's compare-and-set updates take the phases a job may come from out of it (`predecessors(of:)`).
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

    /// The phases from which a job may move to `phase`.
    public static func predecessors(of phase: ExecutionPhase) -> Set<ExecutionPhase> {
        Set(edges.filter { $0.value.contains(phase) }.keys)
    }

    /// The one move a service makes that UWS 1.1 has no edge for: a job whose server stopped while it ran goes
    /// back to the queue, to run again elsewhere (its query only reads), and its client sees it QUEUED again.
    public static let requeue = (from: ExecutionPhase.executing, to: ExecutionPhase.queued)

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
