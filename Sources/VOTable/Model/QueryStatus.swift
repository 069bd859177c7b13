/// The value of the `INFO name="QUERY_STATUS"` element (DALI 1.1 §4.4).
public enum QueryStatus: Sendable, Equatable {
    /// The query ran and all of its rows are in the table.
    case ok
    /// The result was truncated (DALI 1.1 §4.4.1, TAP 1.1 §3.4); the message names the limit, e.g. "MAXREC=1000".
    case overflow(String)
    /// The query failed, possibly after some rows were written (DALI 1.1 §4.4.2).
    case error(String)

    /// The `value` attribute: `OK`, `OVERFLOW` or `ERROR`.
    public var value: String {
        switch self {
        case .ok: "OK"
        case .overflow: "OVERFLOW"
        case .error: "ERROR"
        }
    }

    /// The text content of the INFO element, if any.
    public var message: String? {
        switch self {
        case .ok: nil
        case .overflow(let message), .error(let message): message
        }
    }
}
