import ADQLToPostgres

/// The translated query as `COPY (...) TO STDOUT (FORMAT binary)`. COPY takes no bind parameters, so each `$n`
/// becomes its value as a typed literal: `'…'::text` escaped by libpq for the connection's settings, numbers
/// formatted exactly, each cast to the type PostgresNIO would have bound (int8, float8, text), so the
/// statement means what the bound one means. Placeholders are found outside quoted names and strings only.
enum CopyStatement {
    static func inlined(_ statement: SQLStatement, literal: (String) throws -> String) rethrows -> String {
        guard !statement.binds.isEmpty else { return statement.sql }
        let values = try statement.binds.map { value -> String in
            switch value {
            case .int64(let number): return "'\(number)'::int8"
            case .double(let number):
                if number.isNaN { return "'NaN'::float8" }
                if number.isInfinite { return number > 0 ? "'Infinity'::float8" : "'-Infinity'::float8" }
                return "'\(number)'::float8"
            case .text(let text): return try literal(text) + "::text"
            }
        }
        var out = ""
        out.reserveCapacity(statement.sql.utf8.count + values.reduce(0) { $0 + $1.utf8.count })
        var quote: Character?
        var index = statement.sql.startIndex
        let sql = statement.sql
        while index < sql.endIndex {
            let character = sql[index]
            if let open = quote {
                // A doubled quote stays inside; the state ends at the single closing one.
                if character == open { quote = nil }
                out.append(character)
                index = sql.index(after: index)
                continue
            }
            if character == "\"" || character == "'" {
                quote = character
            } else if character == "$" {
                let digits = sql[sql.index(after: index)...].prefix { $0.isASCII && $0.isNumber }
                if let number = Int(digits), number >= 1, number <= values.count {
                    out += "(" + values[number - 1] + ")"
                    index = digits.endIndex
                    continue
                }
            }
            out.append(character)
            index = sql.index(after: index)
        }
        return out
    }

    /// The COPY around a query.
    static func copy(_ query: String) -> String {
        "COPY (" + query + ") TO STDOUT (FORMAT binary)"
    }
}
