import Foundation

/// The job list's filters (UWS 1.1 §2.2.2.1): PHASE (repeatable, a union), AFTER (creation time) and LAST
/// (the newest n), combined with AND. Without PHASE, ARCHIVED jobs are left out.
public struct JobListFilter: Sendable, Equatable {
    public var phases: Set<ExecutionPhase>?
    public var after: Date?
    public var last: Int?

    public init(phases: Set<ExecutionPhase>? = nil, after: Date? = nil, last: Int? = nil) {
        self.phases = phases
        self.after = after
        self.last = last
    }

    /// The phases listed: those asked for, or every phase but ARCHIVED.
    public var listedPhases: Set<ExecutionPhase> {
        phases ?? Set(ExecutionPhase.allCases).subtracting([.archived])
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unknownPhase(String)
        case badAfter(String)
        case badLast(String)

        public var description: String {
            switch self {
            case .unknownPhase(let text):
                return "PHASE=\(text) is not a UWS phase: use one of "
                    + ExecutionPhase.allCases.map(\.rawValue).joined(separator: ", ")
            case .badAfter(let text): return "AFTER=\(text) is not an ISO 8601 date such as 2026-11-25T12:00:00Z"
            case .badLast(let text): return "LAST=\(text) must be a whole number greater than 0"
            }
        }
    }

    /// From the request's parameters, names compared case-insensitively; other parameters are ignored.
    public init(parameters: [(name: String, value: String)]) throws(Problem) {
        for (name, value) in parameters {
            switch name.uppercased() {
            case "PHASE":
                guard let phase = ExecutionPhase(rawValue: value) else { throw .unknownPhase(value) }
                phases = (phases ?? []).union([phase])
            case "AFTER":
                guard let date = UWSTime.parse(value) else { throw .badAfter(value) }
                after = date
            case "LAST":
                guard let count = Int(value), count > 0 else { throw .badLast(value) }
                last = count
            default:
                continue
            }
        }
    }
}
