/// Writes a syntax tree back as ADQL. Grouping comes only from the tree's own parenthesis nodes (and a join
/// nested on the right), since the parser builds everything else from precedence; so parsing the printed
/// text gives the same tree, which the round-trip test of the parser rests on.
public enum ADQLPrinter {
    public static func print(_ query: Query) -> String {
        var text = ""
        if !query.with.isEmpty {
            text += "WITH " + query.with.map { $0.name.adql + " AS (" + print($0.query) + ")" }
                .joined(separator: ", ") + " "
        }
        text += body(query.body)
        if !query.orderBy.isEmpty {
            text += " ORDER BY " + query.orderBy.map { expression($0.expression) + ($0.descending ? " DESC" : " ASC") }
                .joined(separator: ", ")
        }
        if let offset = query.offset { text += " OFFSET \(offset)" }
        return text
    }

    static func body(_ body: QueryExpression) -> String {
        switch body {
        case .select(let select): return specification(select)
        case .nested(let query): return "(" + print(query) + ")"
        case .setOperation(let op, let all, let left, let right):
            return self.body(left) + " " + op.rawValue + (all ? " ALL " : " ") + self.body(right)
        }
    }

    static func specification(_ select: QuerySpecification) -> String {
        var text = "SELECT "
        if let quantifier = select.quantifier { text += quantifier.rawValue + " " }
        if let top = select.top { text += "TOP \(top) " }
        text += select.selectList.map(selectItem).joined(separator: ", ")
        text += " FROM " + select.from.map(tableReference).joined(separator: ", ")
        if let condition = select.whereClause { text += " WHERE " + expression(condition) }
        if !select.groupBy.isEmpty { text += " GROUP BY " + select.groupBy.map(expression).joined(separator: ", ") }
        if let having = select.having { text += " HAVING " + expression(having) }
        return text
    }

    static func selectItem(_ item: SelectItem) -> String {
        switch item {
        case .allColumns: return "*"
        case .allColumnsOf(let name): return name.adql + ".*"
        case .expression(let value, let alias): return expression(value) + (alias.map { " AS " + $0.adql } ?? "")
        }
    }

    static func tableReference(_ reference: TableReference) -> String {
        switch reference {
        case .table(let name, let alias):
            return name.adql + (alias.map { " AS " + $0.adql } ?? "")
        case .derived(let query, let alias):
            return "(" + print(query) + ") AS " + alias.adql
        case .join(let join):
            var right = tableReference(join.right)
            if case .join = join.right { right = "(" + right + ")" }
            var text = tableReference(join.left) + (join.natural ? " NATURAL " : " ")
                + (join.kind == .cross ? "CROSS" : join.kind.rawValue) + " JOIN " + right
            switch join.condition {
            case .on(let condition): text += " ON " + expression(condition)
            case .using(let names): text += " USING (" + names.map(\.adql).joined(separator: ", ") + ")"
            case nil: break
            }
            return text
        }
    }

    static func expression(_ node: Expression) -> String {
        switch node.kind {
        case .column(let name): return name.adql
        case .literal(let literal): return self.literal(literal)
        case .unary(let op, let operand):
            // A space keeps "- -a" from becoming a comment.
            let inner = expression(operand)
            return op.rawValue + (inner.hasPrefix("-") || inner.hasPrefix("+") ? " " : "") + inner
        case .binary(let op, let left, let right):
            return expression(left) + " " + op.rawValue + " " + expression(right)
        case .comparison(let op, let left, let right):
            return expression(left) + " " + op.rawValue + " " + expression(right)
        case .and(let left, let right): return expression(left) + " AND " + expression(right)
        case .or(let left, let right): return expression(left) + " OR " + expression(right)
        case .not(let operand): return "NOT " + expression(operand)
        case .between(let value, let low, let high, let negated):
            return expression(value) + (negated ? " NOT" : "") + " BETWEEN " + expression(low) + " AND "
                + expression(high)
        case .like(let value, let pattern, let negated, let caseInsensitive):
            return expression(value) + (negated ? " NOT" : "") + (caseInsensitive ? " ILIKE " : " LIKE ")
                + expression(pattern)
        case .inList(let value, let list, let negated):
            return expression(value) + (negated ? " NOT IN (" : " IN (") + list.map(expression).joined(separator: ", ")
                + ")"
        case .isNull(let value, let negated):
            return expression(value) + (negated ? " IS NOT NULL" : " IS NULL")
        case .function(let name, let arguments, let distinct):
            return name.name + "(" + (distinct ? "DISTINCT " : "") + arguments.map(expression).joined(separator: ", ")
                + ")"
        case .countAll: return "COUNT(*)"
        case .parenthesized(let inner): return "(" + expression(inner) + ")"
        case .subquery(let query): return "(" + print(query) + ")"
        case .exists(let query): return "EXISTS (" + print(query) + ")"
        case .inSubquery(let value, let query, let negated):
            return expression(value) + (negated ? " NOT IN (" : " IN (") + print(query) + ")"
        case .cast(let value, let target): return "CAST(" + expression(value) + " AS " + castType(target) + ")"
        }
    }

    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .integer(let text), .hexInteger(let text), .decimal(let text), .approximate(let text): return text
        case .string(let value): return "'" + value.replacing("'", with: "''") + "'"
        case .null: return "NULL"
        }
    }

    static func castType(_ type: CastType) -> String {
        switch type {
        case .smallint: return "SMALLINT"
        case .integer: return "INTEGER"
        case .bigint: return "BIGINT"
        case .real: return "REAL"
        case .doublePrecision: return "DOUBLE PRECISION"
        case .timestamp: return "TIMESTAMP"
        case .char(let length): return "CHAR" + (length.map { "(\($0))" } ?? "")
        case .varchar(let length): return "VARCHAR" + (length.map { "(\($0))" } ?? "")
        case .point: return "POINT"
        case .circle: return "CIRCLE"
        case .polygon: return "POLYGON"
        }
    }
}
