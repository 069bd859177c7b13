/// The bookkeeping of a connection pool without any I/O, in the manner of postgres-nio's ConnectionStateMachine:
/// each event changes the state and returns what the caller must do (connect, hand a connection to a waiter,
/// resume a waiter with an error). The pool holds it under a lock and does the I/O outside it.
///
/// Waiters are served in order of arrival, and a connection coming back goes straight to the first of them, so a
/// request arriving later never overtakes one that waits. A waiter can leave before it is served (its task was
/// cancelled, its client went away, or its time ran out), and then nothing is kept for it.
struct PoolStateMachine<Connection> {
    typealias WaiterID = Int

    let capacity: Int
    private(set) var idle: [Connection] = []
    /// Connections that exist or are being opened, idle or lent.
    private(set) var open = 0
    private var waiters: [WaiterID] = []

    init(capacity: Int) {
        precondition(capacity > 0, "a pool needs at least one connection")
        self.capacity = capacity
    }

    /// What a caller who asked for a connection gets now.
    enum Grant {
        case reuse(Connection)
        /// Open a new connection; `opened(failed:)` says when that fails.
        case connect
    }

    enum LeaseAction {
        case granted(Grant)
        /// Wait until `returned`, `closed` or `leave` names this waiter.
        case wait
    }

    var waiting: Int { waiters.count }

    mutating func lease(_ waiter: WaiterID) -> LeaseAction {
        if let connection = idle.popLast() { return .granted(.reuse(connection)) }
        if open < capacity {
            open += 1
            return .granted(.connect)
        }
        waiters.append(waiter)
        return .wait
    }

    /// A lent connection came back healthy: the first waiter gets it, or it waits idle.
    mutating func returned(_ connection: Connection) -> (WaiterID, Grant)? {
        guard !waiters.isEmpty else {
            idle.append(connection)
            return nil
        }
        return (waiters.removeFirst(), .reuse(connection))
    }

    /// A connection was closed (unhealthy, cancelled, or its opening failed): its place goes to the first waiter,
    /// who opens a new one.
    mutating func closed() -> (WaiterID, Grant)? {
        guard !waiters.isEmpty else {
            open -= 1
            return nil
        }
        return (waiters.removeFirst(), .connect)
    }

    /// The waiter gives up. False when it is not waiting (already served, or never queued): then it has, or will
    /// get, a grant that it must use or give back.
    mutating func leave(_ waiter: WaiterID) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Shutting down: the idle connections, to close.
    mutating func drainIdle() -> [Connection] {
        defer { open -= idle.count; idle.removeAll() }
        return idle
    }
}

extension PoolStateMachine: Sendable where Connection: Sendable {}
extension PoolStateMachine.Grant: Sendable where Connection: Sendable {}
