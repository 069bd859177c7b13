import ADQL

/// Compiles a checked ADQL query to one PostgreSQL statement. The whole compile is here; expressions are in
/// Translator+Expression.swift.
public struct Translator {
    let checked: CheckedQuery
    var binds: [SQLValue] = []
    /// Where each distinct value is in `binds`: a linear search made a 20,000-value IN list take seconds.
    var bindIndex: [SQLValue: Int] = [:]

    public struct Limits: Sendable {
        /// At most this many rows are fetched: the caller asks for MAXREC+1 to detect overflow.
        public var rowLimit: Int64?

        public init(rowLimit: Int64? = nil) {
            self.rowLimit = rowLimit
        }
    }

    public static func translate(_ checked: CheckedQuery, limits: Limits = Limits()) -> SQLStatement {
        var translator = Translator(checked: checked)
        let sql = translator.query(checked.query, rowLimit: limits.rowLimit)
        return SQLStatement(sql: sql, binds: translator.binds)
    }

    /// `[WITH ...] body [ORDER BY] [LIMIT] [OFFSET]`. The row limit (MAXREC+1) applies to the outermost query
    /// only; TOP belongs to its SELECT block.
    mutating func query(_ query: Query, rowLimit: Int64?) -> String {
        var sql = ""
        if !query.with.isEmpty {
            sql += "WITH " + query.with.map { common in
                quoteIdentifier(checked.commonTableNames[common.name.range] ?? "w") + " AS ("
                    + self.query(common.query, rowLimit: nil) + ")"
            }.joined(separator: ", ") + " "
        }
        var limit = rowLimit
        switch query.body {
        case .select(let select):
            sql += querySpecification(select)
            limit = [select.top, rowLimit].compactMap { $0 }.min()
        default:
            sql += body(query.body)
        }
        if !query.orderBy.isEmpty {
            sql += " ORDER BY " + query.orderBy.map { sortKey($0) }.joined(separator: ", ")
        }
        if let limit { sql += " LIMIT \(limit)" }
        if let offset = query.offset { sql += " OFFSET \(offset)" }
        return sql
    }

    /// Set operations with each side parenthesised, so that a side's own TOP, ORDER BY and OFFSET stay its own.
    mutating func body(_ body: QueryExpression) -> String {
        switch body {
        case .select(let select):
            let limit = select.top.map { " LIMIT \($0)" } ?? ""
            return "(" + querySpecification(select) + limit + ")"
        case .nested(let nested):
            return "(" + query(nested, rowLimit: nil) + ")"
        case .setOperation(let op, let all, let left, let right):
            return self.body(left) + " " + op.rawValue + (all ? " ALL " : " ") + self.body(right)
        }
    }

    /// `SELECT ... FROM ... [WHERE] [GROUP BY] [HAVING]`, its outputs named c0, c1, ... so that enclosing
    /// queries refer to them whatever the user called them.
    mutating func querySpecification(_ select: QuerySpecification) -> String {
        var sql = "SELECT "
        if select.quantifier == .distinct { sql += "DISTINCT " }
        let outputs = checked.selectOutputs[select.range] ?? []
        sql += outputs.enumerated().map { index, column in
            outputValue(column) + " AS " + quoteIdentifier("c\(index)")
        }.joined(separator: ", ")
        sql += " FROM "
        sql += select.from.map { tableReference($0) }.joined(separator: ", ")
        if let condition = select.whereClause { sql += " WHERE " + expression(condition) }
        if !select.groupBy.isEmpty {
            // An output column by position: by name, PostgreSQL would prefer an input column called c0.
            sql += " GROUP BY " + select.groupBy.map { key in
                checked.groupReferences[key.range].map { String($0 + 1) } ?? expression(key)
            }.joined(separator: ", ")
        }
        if let having = select.having { sql += " HAVING " + expression(having) }
        return sql
    }

    mutating func tableReference(_ reference: TableReference) -> String {
        switch reference {
        case .table(let name, _):
            let table = checked.tables[checked.tableIndexByReference[name.range] ?? 0]
            let correlation = " AS " + quoteIdentifier(table.correlation)
            if case .commonTable(let storage) = table.source { return quoteIdentifier(storage) + correlation }
            return quoteIdentifier(table.metadata.storageSchema, table.metadata.storageName)
                + correlation
        case .derived(let subquery, let alias):
            let table = checked.tables[checked.tableIndexByReference[alias.range] ?? 0]
            return "(" + query(subquery, rowLimit: nil) + ") AS " + quoteIdentifier(table.correlation)
        case .join(let join):
            let left = tableReference(join.left)
            let right = tableReference(join.right)
            var sql = "(" + left + " " + join.kind.rawValue + " JOIN " + right
            switch join.condition {
            case .on(let condition):
                sql += " ON " + expression(condition)
            case .using, nil where join.natural:  // `where` binds to nil only: every USING, and NATURAL
                let equalities = checked.joinEqualities[join.right.firstTableRange] ?? []
                sql += " ON " + (equalities.isEmpty ? "TRUE" : equalities.map {
                    columnValue($0.left) + " = " + columnValue($0.right)
                }.joined(separator: " AND "))
            case nil:
                break
            }
            return sql + ")"
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

    /// Equal literals share one parameter, so that an expression repeated in GROUP BY is the same expression to
    /// PostgreSQL as in the select list (`f($1)` and `f($2)` would not be).
    mutating func bind(_ value: SQLValue) -> String {
        // A few binds are found faster by looking than by hashing; long IN lists need the index.
        if binds.count <= 16 {
            if let index = binds.firstIndex(of: value) { return "$\(index + 1)" }
        } else {
            if bindIndex.isEmpty { for (index, bound) in binds.enumerated() { bindIndex[bound] = index } }
            if let index = bindIndex[value] { return "$\(index + 1)" }
            bindIndex[value] = binds.count
        }
        binds.append(value)
        return "$\(binds.count)"
    }
}
