extension Parser {
    /// <search_condition> ::= <boolean_term> | <search_condition> OR <boolean_term>
    ///
    /// `valueAllowed` is true inside parentheses, where what follows may be a value rather than a condition.
    mutating func parseSearchCondition(valueAllowed: Bool = false) throws(ADQLError) -> Expression {
        try enter()
        defer { leave() }
        var terms = [try parseBooleanTerm(valueAllowed: valueAllowed)]
        while eat(keyword: "OR") { terms.append(try parseBooleanTerm(valueAllowed: valueAllowed)) }
        return Self.balanced(terms) { .or($0, $1) }
    }

    /// <boolean_term> ::= <boolean_factor> | <boolean_term> AND <boolean_factor>
    mutating func parseBooleanTerm(valueAllowed: Bool) throws(ADQLError) -> Expression {
        var factors = [try parseBooleanFactor(valueAllowed: valueAllowed)]
        while eat(keyword: "AND") { factors.append(try parseBooleanFactor(valueAllowed: valueAllowed)) }
        return Self.balanced(factors) { .and($0, $1) }
    }

    /// <boolean_factor> ::= [NOT] <boolean_primary>
    mutating func parseBooleanFactor(valueAllowed: Bool) throws(ADQLError) -> Expression {
        if at(keyword: "NOT") {
            let start = advance().range
            try enter()
            defer { leave() }
            let operand = try parseBooleanFactor(valueAllowed: false)
            return Expression(.not(operand), range: start.union(operand.range))
        }
        return try parsePredicate(valueAllowed: valueAllowed)
    }

    /// <predicate>: a value expression followed by a comparison, BETWEEN, LIKE, ILIKE, IN or IS NULL, or a
    /// parenthesised condition standing alone (which the primary has already parsed).
    mutating func parsePredicate(valueAllowed: Bool) throws(ADQLError) -> Expression {
        if at(keyword: "EXISTS") {
            let start = advance().range
            let (query, end) = try parseSubquery()
            return Expression(.exists(query), range: start.union(end))
        }
        let left = try parseValueExpression()
        if let comparison = comparisonOperator() {
            _ = advance()
            let right = try parseValueExpression()
            return Expression(.comparison(comparison, left, right), range: left.range.union(right.range))
        }
        if at(keyword: "IS") {
            _ = advance()
            let negated = eat(keyword: "NOT")
            let end = try expect(keyword: "NULL").range
            return Expression(.isNull(left, negated: negated), range: left.range.union(end))
        }
        let negated = eat(keyword: "NOT")
        if eat(keyword: "BETWEEN") {
            let low = try parseValueExpression()
            try expect(keyword: "AND")
            let high = try parseValueExpression()
            return Expression(
                .between(left, low: low, high: high, negated: negated), range: left.range.union(high.range))
        }
        if at(keyword: "LIKE") || at(keyword: "ILIKE") {
            let caseInsensitive = at(keyword: "ILIKE")
            _ = advance()
            let pattern = try parseValueExpression()
            return Expression(
                .like(left, pattern: pattern, negated: negated, caseInsensitive: caseInsensitive),
                range: left.range.union(pattern.range))
        }
        if eat(keyword: "IN") {
            if at(.leftParen) && isSubqueryStart(after: 1) {
                let (query, end) = try parseSubquery()
                return Expression(.inSubquery(left, query, negated: negated), range: left.range.union(end))
            }
            try expect(.leftParen)
            var values = [try parseValueExpression()]
            while eat(.comma) { values.append(try parseValueExpression()) }
            let end = try expect(.rightParen).range
            return Expression(.inList(left, values, negated: negated), range: left.range.union(end))
        }
        if negated { throw syntaxError(expected: "BETWEEN, LIKE, ILIKE or IN after NOT") }
        // A value alone is not a condition (ADQL has no boolean type): only a parenthesised condition or a
        // function call, which may be a user-defined predicate, stands alone.
        switch left.kind {
        case _ where valueAllowed: return left
        case .function(let name, _, _) where BuiltinFunctions.syntax(of: name.name) != nil:
            throw ADQLError(
                .syntax, "\(name.name.uppercased())(...) is not a condition: compare it, as in \(name.name.uppercased())(...) = 1",
                at: left.range)
        case .parenthesized, .function: return left
        default: throw syntaxError(expected: "a comparison or another predicate after the value")
        }
    }

    func comparisonOperator() -> ComparisonOperator? {
        guard case .punctuation(let punctuation) = current.kind else { return nil }
        switch punctuation {
        case .equals: return .equal
        case .notEquals: return .notEqual
        case .lessThan: return .less
        case .greaterThan: return .greater
        case .lessOrEqual: return .lessOrEqual
        case .greaterOrEqual: return .greaterOrEqual
        default: return nil
        }
    }

    /// <value_expression>: numeric terms joined by + and -, or strings joined by ||.
    mutating func parseValueExpression() throws(ADQLError) -> Expression {
        try enter()
        defer { leave() }
        var left = try parseTerm()
        // Each link of a chain deepens the tree the checker and translator walk, so it counts as nesting.
        let depthBefore = depth
        defer { depth = depthBefore }
        while true {
            let op: BinaryOperator
            if at(.plus) {
                op = .add
            } else if at(.minus) {
                op = .subtract
            } else if at(.concatenation) {
                op = .concatenate
            } else {
                return left
            }
            _ = advance()
            try enter()
            let right = try parseTerm()
            try rejectGeometryOperand(left, op)
            try rejectGeometryOperand(right, op)
            left = Expression(.binary(op, left, right), range: left.range.union(right.range))
        }
    }

    /// <term> ::= <factor> | <term> * <factor> | <term> / <factor>
    mutating func parseTerm() throws(ADQLError) -> Expression {
        var left = try parseFactor()
        let depthBefore = depth
        defer { depth = depthBefore }
        while at(.asterisk) || at(.solidus) {
            let op: BinaryOperator = at(.asterisk) ? .multiply : .divide
            _ = advance()
            try enter()
            let right = try parseFactor()
            try rejectGeometryOperand(left, op)
            try rejectGeometryOperand(right, op)
            left = Expression(.binary(op, left, right), range: left.range.union(right.range))
        }
        return left
    }

    /// <factor> ::= [<sign>] <value_expression_primary>
    mutating func parseFactor() throws(ADQLError) -> Expression {
        if at(.plus) || at(.minus) {
            let sign = advance()
            try enter()
            defer { leave() }
            let operand = try parseFactor()
            let op: UnaryOperator = sign.kind == .punctuation(.minus) ? .minus : .plus
            return Expression(.unary(op, operand), range: sign.range.union(operand.range))
        }
        return try parseValueExpressionPrimary()
    }

    /// <value_expression_primary>: a literal, a column reference, a function call, or a parenthesised
    /// expression or condition.
    mutating func parseValueExpressionPrimary() throws(ADQLError) -> Expression {
        let token = current
        switch token.kind {
        case .unsignedInteger:
            _ = advance()
            return Expression(.literal(.integer(text(of: token))), range: token.range)
        case .hexInteger:
            _ = advance()
            return Expression(.literal(.hexInteger(text(of: token))), range: token.range)
        case .exactNumeric:
            _ = advance()
            return Expression(.literal(.decimal(text(of: token))), range: token.range)
        case .approximateNumeric:
            _ = advance()
            return Expression(.literal(.approximate(text(of: token))), range: token.range)
        case .string:
            _ = advance()
            return Expression(.literal(.string(unquoted(token, quote: UInt8(ascii: "'")))), range: token.range)
        case .punctuation(.leftParen) where isSubqueryStart(after: 1):
            let (query, end) = try parseSubquery()
            return Expression(.subquery(query), range: token.range.union(end))
        case .punctuation(.leftParen):
            _ = advance()
            let inner = try parseSearchCondition(valueAllowed: true)
            let end = try expect(.rightParen).range
            return Expression(.parenthesized(inner), range: token.range.union(end))
        case .identifier where isKeyword(token, "NULL"):
            _ = advance()
            return Expression(.literal(.null), range: token.range)
        case .identifier where isKeyword(token, "CAST") && peek().kind == .punctuation(.leftParen):
            return try parseCastSpecification()
        case .identifier where peek().kind == .punctuation(.leftParen):
            return try parseFunctionCall()
        case .identifier, .delimitedIdentifier:
            let name = try parseQualifiedName(purpose: "a column name", maximumParts: 4)
            return Expression(.column(name), range: name.range)
        default:
            throw syntaxError(expected: "a value")
        }
    }

    /// A call of a built-in, aggregate or user-defined function: `name ( [DISTINCT|ALL] args )`, `COUNT(*)`.
    mutating func parseFunctionCall() throws(ADQLError) -> Expression {
        let nameToken = advance()
        let name = Identifier(text(of: nameToken), range: nameToken.range)
        try expect(.leftParen)
        try enter()
        defer { leave() }
        if isKeyword(nameToken, "COUNT"), at(.asterisk) {
            _ = advance()
            let end = try expect(.rightParen).range
            return Expression(.countAll, range: nameToken.range.union(end))
        }
        var distinct = false
        if eat(keyword: "DISTINCT") {
            distinct = true
        } else {
            _ = eat(keyword: "ALL")
        }
        var arguments: [Expression] = []
        if !at(.rightParen) {
            arguments.append(try parseValueExpression())
            while eat(.comma) { arguments.append(try parseValueExpression()) }
        }
        let end = try expect(.rightParen).range
        let range = nameToken.range.union(end)
        try checkBuiltinCall(name, arguments, range: range)
        return Expression(.function(name: name, arguments: arguments, distinct: distinct), range: range)
    }
}

extension Parser {
    /// <subquery> ::= "(" <query> ")"
    mutating func parseSubquery() throws(ADQLError) -> (Query, SourceRange) {
        try expect(.leftParen)
        try enter()
        defer { leave() }
        let query = try parseQuery()
        let end = try expect(.rightParen).range
        return (query, end)
    }

    /// <cast_specification> ::= CAST "(" <value_expression> AS <cast_target> ")"
    mutating func parseCastSpecification() throws(ADQLError) -> Expression {
        let start = advance().range
        try expect(.leftParen)
        let value = try parseValueExpression()
        try expect(keyword: "AS")
        let target = try parseCastTarget()
        let end = try expect(.rightParen).range
        return Expression(.cast(value, target), range: start.union(end))
    }

    /// <cast_target> ::= SMALLINT | INTEGER | BIGINT | REAL | DOUBLE PRECISION | TIMESTAMP
    ///     | ( CHAR | VARCHAR ) [ "(" <unsigned_integer> ")" ] | POINT | CIRCLE | POLYGON
    mutating func parseCastTarget() throws(ADQLError) -> CastType {
        let simple: [(StaticString, CastType)] = [
            ("SMALLINT", .smallint), ("INTEGER", .integer), ("BIGINT", .bigint), ("REAL", .real),
            ("TIMESTAMP", .timestamp), ("POINT", .point), ("CIRCLE", .circle), ("POLYGON", .polygon),
        ]
        for (word, type) in simple where eat(keyword: word) { return type }
        if eat(keyword: "DOUBLE") {
            try expect(keyword: "PRECISION")
            return .doublePrecision
        }
        if at(keyword: "CHAR") || at(keyword: "VARCHAR") {
            let varying = at(keyword: "VARCHAR")
            _ = advance()
            var length: Int?
            if eat(.leftParen) {
                length = Int(try parseUnsignedInteger(purpose: "the length"))
                try expect(.rightParen)
            }
            return varying ? .varchar(length: length) : .char(length: length)
        }
        throw syntaxError(expected: "a type (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, CHAR, VARCHAR, TIMESTAMP, POINT, CIRCLE or POLYGON)")
    }
}

extension Parser {
    /// A built-in called with the wrong number of arguments is a grammar error (each has its own production);
    /// IN_UNIT's unit must be a string literal (ADQL 2.1 §2.3.6).
    func checkBuiltinCall(_ name: Identifier, _ arguments: [Expression], range: SourceRange) throws(ADQLError) {
        guard let syntax = BuiltinFunctions.syntax(of: name.name) else { return }
        let upper = name.name.uppercased()
        guard syntax.accepts(arguments.count) else {
            let counts = syntax.arity.sorted().map(String.init)
            let expected = syntax.unbounded
                ? "at least \(syntax.minimum)"
                : counts.count == 1 ? counts[0] : counts.dropLast().joined(separator: ", ") + " or " + counts.last!
            let noun = syntax.arity == [1] && !syntax.unbounded ? "argument" : "arguments"
            throw ADQLError(
                .wrongArgumentCount, "\(upper) takes \(expected) \(noun), not \(arguments.count)", at: range)
        }
        if upper == "IN_UNIT", case .literal(.string) = arguments[1].kind {} else if upper == "IN_UNIT" {
            throw ADQLError(.syntax, "the unit of IN_UNIT must be a string literal, such as 'deg'", at: arguments[1].range)
        }
    }

    /// Geometries have no arithmetic or concatenation.
    func rejectGeometryOperand(_ operand: Expression, _ op: BinaryOperator) throws(ADQLError) {
        guard case .function(let name, _, _) = operand.kind, BuiltinFunctions.syntax(of: name.name)?.buildsGeometry == true
        else { return }
        throw ADQLError(
            .syntax, "\(name.name.uppercased())(...) is a geometry and cannot be an operand of '\(op.rawValue)'",
            at: operand.range)
    }
}

extension Parser {
    /// AND and OR chains become balanced trees: they are associative, and a balanced tree of thousands of
    /// generated `x = 1 OR x = 2 ...` terms is only a dozen levels deep for the checker and translator.
    static func balanced(_ items: [Expression], _ combine: (Expression, Expression) -> Expression.Kind) -> Expression {
        if items.count == 1 { return items[0] }
        let middle = items.count / 2
        let left = balanced(Array(items[..<middle]), combine)
        let right = balanced(Array(items[middle...]), combine)
        return Expression(combine(left, right), range: left.range.union(right.range))
    }
}
