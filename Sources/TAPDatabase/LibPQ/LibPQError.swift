/// A failure libpq reported: the SQLSTATE when the server sent one, and its message (for the log only).
package struct LibPQError: Error, Sendable, CustomStringConvertible {
    package var sqlState: String?
    package var message: String

    package var description: String { "\(sqlState ?? "-----") \(message)" }
}
