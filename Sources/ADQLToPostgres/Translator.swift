import ADQL

/// Compiles a checked ADQL query to one PostgreSQL statement. The whole compile is here; expressions are in
/// Translator+Expression.swift.
public struct Translator {
    let checked: CheckedQuery
    var binds: [SQLValue] = []

    public struct Limits: Sendable {
        /// At most this many rows are fetched: the caller asks for MAXREC+1 to detect overflow.
        public var rowLimit: Int64?

        public init(rowLimit: Int64? = nil) {
            self.rowLimit = rowLimit
        }
    }

    public static func translate(_ checked: CheckedQuery, limits: Limits = Limits()) -> SQLStatement {
        var translator = Translator(checked: checked)
        let sql = translator.querySpecification(limits: limits)
        return SQLStatement(sql: sql, binds: translator.binds)
    }

    mutating func querySpecification(limits: Limits) -> String {
        let query = checked.select
        var sql = "SELECT "
        if query.quantifier == .distinct { sql += "DISTINCT " }
        sql += checked.outputColumns.enumerated().map { index, column in
            outputValue(column) + " AS " + quoteIdentifier("c\(index)")
        }.joined(separator: ", ")
        sql += " FROM "
        var tableIndex = 0
        sql += query.from.map { tableReference($0, next: &tableIndex) }.joined(separator: ", ")
        if let condition = query.whereClause { sql += " WHERE " + expression(condition) }
        if !query.groupBy.isEmpty {
            sql += " GROUP BY " + query.groupBy.map { expression($0) }.joined(separator: ", ")
        }
        if let having = query.having { sql += " HAVING " + expression(having) }
        if !checked.query.orderBy.isEmpty {
            sql += " ORDER BY " + checked.query.orderBy.map { sortKey($0) }.joined(separator: ", ")
        }
        let limit = [query.top, limits.rowLimit].compactMap { $0 }.min()
        if let limit { sql += " LIMIT \(limit)" }
        if let offset = checked.query.offset { sql += " OFFSET \(offset)" }
        return sql
    }

    /// Tables are numbered in the order the checker resolved them: left to right through the FROM list.
    mutating func tableReference(_ reference: TableReference, next: inout Int) -> String {
        switch reference {
        case .table:
            let table = checked.tables[next]
            next += 1
            return quoteIdentifier(table.metadata.storageSchema) + "." + quoteIdentifier(table.metadata.storageName)
                + " AS " + quoteIdentifier(table.correlation)
        case .join(let join):
            let left = tableReference(join.left, next: &next)
            let right = tableReference(join.right, next: &next)
            var sql = "(" + left + (join.natural ? " NATURAL " : " ") + join.kind.rawValue + " JOIN " + right
            switch join.condition {
            case .on(let condition): sql += " ON " + expression(condition)
            case .using(let names): sql += " USING (" + names.map { quoteIdentifier($0.name.lowercased()) }.joined(separator: ", ") + ")"
            case nil: break
            }
            return sql + ")"
        case .derived:
            preconditionFailure("the checker rejects subqueries in FROM")
        }
    }

    /// ADQL sorts NULLs as the database does; PostgreSQL puts them last ascending, which TAP services
    /// commonly keep (issue 3 settles this against the standard).
    mutating func sortKey(_ key: SortKey) -> String {
        let target: String
        if let index = checked.sortReferences[key.expression.range.start] {
            target = quoteIdentifier("c\(index)")
        } else {
            target = expression(key.expression)
        }
        return target + (key.descending ? " DESC" : " ASC")
    }

    /// A computed column is cast to the type the checker derived, so the result's wire type is the one its
    /// FIELD declares (PostgreSQL would otherwise return numeric for SUM and AVG, or unknown for NULL).
    mutating func outputValue(_ column: OutputColumn) -> String {
        let value = expression(column.value)
        if case .column = column.value.kind { return value }
        guard let type = Self.sqlType(of: column.type) else { return value }
        return "CAST(" + value + " AS " + type + ")"
    }

    static func sqlType(of type: ValueType) -> String? {
        switch type {
        case .boolean: return "boolean"
        case .smallint: return "smallint"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .real: return "real"
        case .double, .null, .unknown: return "double precision"
        case .char, .unicodeChar: return "text"
        case .timestamp: return "timestamp"
        case .array(.double, _), .point, .circle, .polygon: return "double precision[]"
        case .array(.real, _): return "real[]"
        case .array(.bigint, _): return "bigint[]"
        case .array(.integer, _): return "integer[]"
        case .array(.smallint, _): return "smallint[]"
        case .region: return nil
        }
    }

    mutating func bind(_ value: SQLValue) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}
