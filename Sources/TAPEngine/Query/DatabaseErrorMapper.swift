import Logging
import PostgresNIO
import TAPDatabase

/// The one place a database error becomes a user's error: the user gets what they can act on (a timeout,
/// a value out of range), never SQL text or internal names; the full error goes to the log.
package enum DatabaseErrorMapper {
    package static func map(_ error: any Error, logger: Logger) -> TAPError {
        if let error = error as? TAPError { return error }
        // The caller went away (its client left, so the request's task was cancelled): nobody reads the answer,
        // and it is no failure of the database to log as one.
        if error is CancellationError {
            logger.debug("query cancelled: its caller went away")
            return TAPError(.unavailable, "the request was cancelled")
        }
        let code: String
        let message: String
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            code = state
            message = psql.serverInfo?[.message] ?? ""
        } else if let libpq = error as? LibPQError, let state = libpq.sqlState, !state.hasPrefix("08") {
            code = state
            message = libpq.message
        } else {
            logger.error("query failed: \(String(reflecting: error))")
            return TAPError(.unavailable, "the database is not reachable; try again later")
        }
        logger.warning("query failed: \(code) \(message)")
        switch code {
        case "57014":
            return TAPError(.executionFailed, "the query ran longer than the time allowed and was cancelled")
        case "22012":
            return TAPError(.executionFailed, "division by zero")
        case let state where state.hasPrefix("22"):
            return TAPError(.executionFailed, "a value is out of range or invalid for its type: " + safeDetail(message))
        case "53100", "53200", "53300":
            return TAPError(.unavailable, "the server is busy; try again later")
        default:
            return TAPError(.executionFailed, "the query could not be run (database error \(code))")
        }
    }

    /// PostgreSQL's message for data errors names values, not internals; quoted identifiers are removed anyway.
    static func safeDetail(_ message: String) -> String {
        // libpq's messages start "ERROR:  " and may go on with DETAIL lines: the first line's text only.
        let line = message.split(separator: "\n").first.map(String.init) ?? ""
        let text = line.hasPrefix("ERROR:") ? line.dropFirst(6).trimmingCharacters(in: .whitespaces) : line
        return text.contains("\"") ? "see the query's expressions" : text
    }
}
