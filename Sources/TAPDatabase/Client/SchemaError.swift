import PostgresNIO

/// Why the database cannot serve at start-up, said for the operator.
public struct SchemaError: Error, CustomStringConvertible {
    public var description: String

    /// For operators, unlike users, the database's own message is what helps.
    package init(operatorFacing error: any Error) {
        if let psql = error as? PSQLError, let message = psql.serverInfo?[.message] {
            description = "database error \(psql.serverInfo?[.sqlState] ?? ""): \(message)"
        } else if let psql = error as? PSQLError, let underlying = psql.underlying {
            // PSQLError's own description is a placeholder; the cause is what an operator can act on.
            description = "cannot reach the database: \(underlying)"
        } else {
            description = String(describing: error)
        }
    }

    package init(description: String) {
        self.description = description
    }
}
