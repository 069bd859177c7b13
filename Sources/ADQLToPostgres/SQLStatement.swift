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
    quoteIdentifiers(name, nil)
}

/// `"qualifier"."name"`, built in one allocation: the translator writes one for every column it names.
public func quoteIdentifier(_ qualifier: String, _ name: String) -> String {
    quoteIdentifiers(qualifier, name)
}

private func quoteIdentifiers(_ first: String, _ second: String?) -> String {
    var first = first
    let two = second != nil
    var second = second ?? ""
    return first.withUTF8 { a in
        second.withUTF8 { b in
            // Names with a quote in them are rare: only they need their quotes doubled.
            let quotes = a.count(where: { $0 == 34 }) + (two ? b.count(where: { $0 == 34 }) : 0)
            let length = a.count + 2 + quotes + (two ? b.count + 3 : 0)
            return String(unsafeUninitializedCapacity: length) { out in
                var index = 0
                func put(_ part: UnsafeBufferPointer<UInt8>) {
                    out[index] = 34
                    index += 1
                    for byte in part {
                        out[index] = byte
                        index += 1
                        if byte == 34 {
                            out[index] = 34
                            index += 1
                        }
                    }
                    out[index] = 34
                    index += 1
                }
                put(a)
                if two {
                    out[index] = 46  // .
                    index += 1
                    put(b)
                }
                return index
            }
        }
    }
}
