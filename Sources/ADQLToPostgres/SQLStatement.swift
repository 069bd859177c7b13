/// PostgreSQL text with `$n` placeholders and the values bound to them: no literal from a query is ever
/// pasted into SQL (as postgres-nio's PostgresQuery keeps them apart).
public struct SQLStatement: Sendable, Hashable {
    public var sql: String
    public var binds: [SQLValue]

    /// PostgreSQL's wire protocol numbers parameters with 16 bits.
    public static let maximumBinds = 65535

    public init(sql: String = "", binds: [SQLValue] = []) {
        self.sql = sql
        self.binds = binds
    }
}

public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case int64(Int64)
    case double(Double)
    case text(String)

    public var description: String {
        switch self {
        case .int64(let value): return "\(value)"
        case .double(let value): return "\(value)"
        case .text(let value): return "'" + value.replacing("'", with: "''") + "'"
        }
    }
}

/// The one function that turns a name into SQL: always double-quoted, embedded quotes doubled, so no name
/// can end the identifier early.
public func quoteIdentifier(_ name: String) -> String {
    var quoted = "\""
    quoted.reserveCapacity(name.utf8.count + 2)
    // Names with a quote in them are rare; the generic replacing(_:with:) costs more than the whole translation.
    if name.utf8.contains(UInt8(ascii: "\"")) {
        for character in name {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
    } else {
        quoted += name
    }
    quoted.append("\"")
    return quoted
}
