import Logging
import PostgresNIO

/// The one place a database error becomes a user's error: the user gets what they can act on (a timeout,
/// a value out of range), never SQL text or internal names; the full error goes to the log.
enum DatabaseErrorMapper {
    static func map(_ error: any Error, logger: Logger) -> TAPError {
        guard let psql = error as? PSQLError else {
            logger.error("query failed: \(String(reflecting: error))")
            return TAPError(.unavailable, "the database is not reachable; try again later")
        }
        let code = psql.serverInfo?[.sqlState] ?? ""
        logger.warning("query failed: \(code) \(psql.serverInfo?[.message] ?? String(reflecting: psql))")
        switch code {
        case "57014":
            return TAPError(.executionFailed, "the query ran longer than the time allowed and was cancelled")
        case "22012":
            return TAPError(.executionFailed, "division by zero")
        case let state where state.hasPrefix("22"):
            return TAPError(.executionFailed, "a value is out of range or invalid for its type: " + safeDetail(psql))
        case "53100", "53200", "53300":
            return TAPError(.unavailable, "the server is busy; try again later")
        default:
            return TAPError(.executionFailed, "the query could not be run (database error \(code))")
        }
    }

    /// PostgreSQL's message for data errors names values, not internals; quoted identifiers are removed anyway.
    static func safeDetail(_ error: PSQLError) -> String {
        let message = error.serverInfo?[.message] ?? ""
        return message.contains("\"") ? "see the query's expressions" : message
    }
}
