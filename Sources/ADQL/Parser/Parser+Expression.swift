extension Parser {
    /// <search_condition> ::= <boolean_term> | <search_condition> OR <boolean_term>
    mutating func parseSearchCondition() throws(ADQLError) -> Expression {
        try enter()
        defer { leave() }
        var left = try parseBooleanTerm()
        while eat(keyword: "OR") {
            let right = try parseBooleanTerm()
            left = Expression(.or(left, right), range: left.range.union(right.range))
        }
        return left
    }

    /// <boolean_term> ::= <boolean_factor> | <boolean_term> AND <boolean_factor>
    mutating func parseBooleanTerm() throws(ADQLError) -> Expression {
        var left = try parseBooleanFactor()
        while eat(keyword: "AND") {
            let right = try parseBooleanFactor()
            left = Expression(.and(left, right), range: left.range.union(right.range))
        }
        return left
    }

    /// <boolean_factor> ::= [NOT] <boolean_primary>
    mutating func parseBooleanFactor() throws(ADQLError) -> Expression {
        if at(keyword: "NOT") {
            let start = advance().range
            try enter()
            defer { leave() }
            let operand = try parseBooleanFactor()
            return Expression(.not(operand), range: start.union(operand.range))
        }
        return try parsePredicate()
    }

    /// <predicate>: a value expression followed by a comparison, BETWEEN, LIKE, ILIKE, IN or IS NULL, or a
    /// parenthesised condition standing alone (which the primary has already parsed).
    mutating func parsePredicate() throws(ADQLError) -> Expression {
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
            try expect(.leftParen)
            var values = [try parseValueExpression()]
            while eat(.comma) { values.append(try parseValueExpression()) }
            let end = try expect(.rightParen).range
            return Expression(.inList(left, values, negated: negated), range: left.range.union(end))
        }
        if negated { throw syntaxError(expected: "BETWEEN, LIKE, ILIKE or IN after NOT") }
        return left
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
            let right = try parseTerm()
            left = Expression(.binary(op, left, right), range: left.range.union(right.range))
        }
    }

    /// <term> ::= <factor> | <term> * <factor> | <term> / <factor>
    mutating func parseTerm() throws(ADQLError) -> Expression {
        var left = try parseFactor()
        while at(.asterisk) || at(.solidus) {
            let op: BinaryOperator = at(.asterisk) ? .multiply : .divide
            _ = advance()
            let right = try parseFactor()
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
            let quoted = text(of: token)
            let value = String(quoted.dropFirst().dropLast()).replacing("''", with: "'")
            return Expression(.literal(.string(value)), range: token.range)
        case .punctuation(.leftParen):
            _ = advance()
            let inner = try parseSearchCondition()
            let end = try expect(.rightParen).range
            return Expression(.parenthesized(inner), range: token.range.union(end))
        case .identifier where isKeyword(token, "NULL"):
            _ = advance()
            return Expression(.literal(.null), range: token.range)
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
        return Expression(
            .function(name: name, arguments: arguments, distinct: distinct), range: nameToken.range.union(end))
    }
}
