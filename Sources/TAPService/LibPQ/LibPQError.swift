/// A failure libpq reported: the SQLSTATE when the server sent one, and its message (for the log only).
struct LibPQError: Error, Sendable, CustomStringConvertible {
    var sqlState: String?
    var message: String

    var description: String { "\(sqlState ?? "-----") \(message)" }
}
