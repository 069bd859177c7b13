import ADQL

extension Translator {
    /// Every expression comes out fully parenthesised, so ADQL's precedence is kept whatever PostgreSQL's is.
    mutating func expression(_ node: Expression) -> String {
        switch node.kind {
        case .column(let name):
            guard let resolved = checked.columns[node.range.start] else {
                preconditionFailure("unchecked column \(name.adql)")
            }
            return columnValue(resolved)
        case .literal(let literal):
            return self.literal(literal)
        case .unary(let op, let operand):
            return "(" + op.rawValue + expression(operand) + ")"
        case .binary(let op, let left, let right):
            return "(" + expression(left) + " " + op.rawValue + " " + expression(right) + ")"
        case .comparison(let op, let left, let right):
            if let predicate = geometryComparison(op, left, right) ?? distanceComparison(op, left, right) {
                return predicate
            }
            let (a, b) = (operand(left, against: right), operand(right, against: left))
            return "(" + a + " " + op.rawValue + " " + b + ")"
        case .and(let left, let right):
            return "(" + expression(left) + " AND " + expression(right) + ")"
        case .or(let left, let right):
            return "(" + expression(left) + " OR " + expression(right) + ")"
        case .not(let operand):
            return "(NOT " + expression(operand) + ")"
        case .between(let value, let low, let high, let negated):
            return "(" + expression(value) + (negated ? " NOT" : "") + " BETWEEN " + operand(low, against: value)
                + " AND " + operand(high, against: value) + ")"
        case .like(let value, let pattern, let negated, let caseInsensitive):
            return "(" + expression(value) + (negated ? " NOT" : "") + (caseInsensitive ? " ILIKE " : " LIKE ")
                + expression(pattern) + ")"
        case .inList(let value, let list, let negated):
            return "(" + expression(value) + (negated ? " NOT IN (" : " IN (")
                + list.map { operand($0, against: value) }.joined(separator: ", ") + "))"
        case .isNull(let operand, let negated):
            return "(" + expression(operand) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case .function(let name, let arguments, _) where name.name.equalsIgnoringASCIICase("IN_UNIT"):
            // The checker fixed the factor; the value is the first argument's in the target unit.
            let factor = checked.unitConversions[node.range] ?? 1
            return "(" + expression(arguments[0]) + " * " + bind(.double(factor)) + ")"
        case .function(let name, _, _) where name.name.equalsIgnoringASCIICase("REGION"):
            return expression(region(node))
        case .function(let name, let arguments, let distinct):
            if BuiltinFunctions.syntax(of: name.name) == nil, let udf = checked.functionForms[node.range] {
                return userDefined(udf, arguments, distinct: distinct)
            }
            return function(name.name.uppercased(), arguments, distinct: distinct)
        case .countAll:
            return "count(*)"
        case .parenthesized(let inner):
            return expression(inner)
        case .cast(let value, let target) where [.point, .circle, .polygon].contains(target):
            // The DALI form: the numbers of the text, as the array every geometry value is in results.
            return "CAST(regexp_split_to_array(btrim(" + expression(value) + "), '\\s+') AS double precision[])"
        case .cast(let value, let target):
            return "CAST(" + expression(value) + " AS " + Self.sqlType(of: target) + ")"
        case .subquery(let subquery):
            return "(" + query(subquery, rowLimit: nil) + ")"
        case .exists(let subquery):
            return "(EXISTS (" + query(subquery, rowLimit: nil) + "))"
        case .inSubquery(let value, let subquery, let negated):
            return "(" + expression(value) + (negated ? " NOT IN (" : " IN (") + query(subquery, rowLimit: nil) + "))"
        }
    }

    mutating func literal(_ literal: Literal) -> String {
        switch literal {
        case .integer(let digits):
            if let value = Int64(digits) { return bind(.int64(value)) }
            return bind(.double(Double(digits) ?? .infinity))
        case .hexInteger(let text):
            return bind(.int64(Int64(bitPattern: UInt64(text.dropFirst(2), radix: 16) ?? 0)))
        case .decimal(let text), .approximate(let text):
            return bind(.double(Double(text) ?? .nan))
        case .string(let value):
            return bind(.text(value))
        case .null:
            return "NULL"
        }
    }

    /// One side of a comparison: text compared with a timestamp is read as one, as users write
    /// `obs_release_date > '2024-01-01'` (a bind is typed text, which PostgreSQL will not compare with a timestamp),
    /// and a boolean compared with a number is 1 or 0, as ADQL has no boolean values to compare it with
    /// (`flag = 1` on a VOTable boolean column).
    mutating func operand(_ node: Expression, against other: Expression) -> String {
        if checked.type(of: other) == .timestamp, checked.type(of: node).isText {
            return "CAST(" + expression(node) + " AS timestamp)"
        }
        if checked.type(of: node) == .boolean, checked.type(of: other) != .boolean, checked.type(of: other).isNumeric {
            return "CAST(" + expression(node) + " AS integer)"
        }
        return expression(node)
    }

    /// A column, or the first non-null of the columns a FULL JOIN merged.
    func columnValue(_ resolved: ResolvedColumn) -> String {
        if !resolved.coalesced.isEmpty {
            return "COALESCE(" + resolved.coalesced.map(columnValue).joined(separator: ", ") + ")"
        }
        return quoteIdentifier(checked.tables[resolved.tableIndex].correlation, resolved.column.storageName)
    }

    /// ADQL function names map to PostgreSQL's where they differ (LOG is the natural logarithm in ADQL).
    mutating func function(_ name: String, _ arguments: [Expression], distinct: Bool) -> String {
        if let geometry = geometryFunction(name, arguments) { return geometry }

        let args = arguments.map { expression($0) }
        let list = args.joined(separator: ", ")
        switch name {
        case "LOG": return "ln(" + list + ")"
        case "LOG10": return "log(" + list + ")"
        case "CEILING": return "ceil(" + list + ")"
        case "RAND": return "random()"
        case "PI": return "pi()"
        case "ROUND", "TRUNCATE":
            let target = name == "ROUND" ? "round" : "trunc"
            let digits = args.count > 1 ? "(" + args[1] + ")::integer" : "0"
            return "(" + target + "((" + args[0] + ")::numeric, " + digits + "))::double precision"
        case "COUNT", "MIN", "MAX", "SUM", "AVG":
            return name.lowercased() + "(" + (distinct ? "DISTINCT " : "") + list + ")"
        default:
            return name.lowercased() + "(" + list + ")"
        }
    }
}

extension Translator {
    static func sqlType(of target: CastType) -> String {
        switch target {
        case .smallint: return "smallint"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .real: return "real"
        case .doublePrecision: return "double precision"
        case .timestamp: return "timestamp"
        case .char(let length): return "char(\(length ?? 1))"
        case .varchar(let length): return length.map { "varchar(\($0))" } ?? "text"
        case .point, .circle, .polygon: return "double precision[]"
        }
    }
}

extension Translator {
    /// A user-defined function is a call of its database function; geometry arguments go as pgsphere values.
    mutating func userDefined(_ function: UserDefinedFunction, _ arguments: [Expression], distinct: Bool) -> String {
        let name = function.sqlName.split(separator: ".").map { quoteIdentifier(String($0)) }.joined(separator: ".")
        let args = zip(arguments, function.arguments).map { argument, declared in
            switch declared.type {
            case .point, .circle, .polygon, .region:
                return function.geometryArguments == .dali ? "CAST(" + dali(argument) + " AS double precision[])"
                    : sphere(argument)
            default: return expression(argument)
            }
        }
        return name + "(" + (distinct ? "DISTINCT " : "") + args.joined(separator: ", ") + ")"
    }
}
