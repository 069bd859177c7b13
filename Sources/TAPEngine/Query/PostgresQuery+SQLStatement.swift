import ADQLToPostgres
import PostgresNIO

extension PostgresQuery {
    /// A translated statement with its literals as bind values, never pasted into the text.
    init(_ statement: SQLStatement) {
        var bindings = PostgresBindings(capacity: statement.binds.count)
        for value in statement.binds {
            switch value {
            case .int64(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        self.init(unsafeSQL: statement.sql, binds: bindings)
    }
}
