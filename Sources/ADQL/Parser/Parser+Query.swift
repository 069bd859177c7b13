extension Parser {
    /// <query> ::= [ <with_clause> ] <select_expression>
    mutating func parseQuery() throws(ADQLError) -> Query {
        try enter()
        defer { leave() }
        let start = current.range.start
        let with = at(keyword: "WITH") ? try parseWithClause() : []
        var query = try parseSelectExpression()
        query.with = with
        query.range.start = start
        return query
    }

    /// <with_clause> ::= WITH <with_query> { "," <with_query> }
    mutating func parseWithClause() throws(ADQLError) -> [CommonTableExpression] {
        try expect(keyword: "WITH")
        var queries = [try parseWithQuery()]
        while eat(.comma) { queries.append(try parseWithQuery()) }
        return queries
    }

    /// <with_query> ::= <identifier> AS "(" <select_expression> ")"
    mutating func parseWithQuery() throws(ADQLError) -> CommonTableExpression {
        let name = try parseIdentifier(purpose: "a name for the WITH query")
        try expect(keyword: "AS")
        try expect(.leftParen)
        let query = try parseSelectExpression()
        try expect(.rightParen)
        return CommonTableExpression(name: name, query: query)
    }

    /// <select_expression> ::= <query_set_expression> [ ORDER BY <sort_specification_list> ]
    ///     [ OFFSET <unsigned_integer> ]
    mutating func parseSelectExpression() throws(ADQLError) -> Query {
        let start = current.range.start
        let body = try parseQuerySetExpression()
        var orderBy: [SortKey] = []
        if eat(keyword: "ORDER") {
            try expect(keyword: "BY")
            orderBy = try parseSortSpecificationList()
        }
        var offset: Int64?
        if eat(keyword: "OFFSET") { offset = try parseUnsignedInteger(purpose: "OFFSET") }
        let end = tokens[max(index - 1, 0)].range.end
        return Query(body: body, orderBy: orderBy, offset: offset, range: SourceRange(start: start, end: end))
    }

    /// <query_set_expression> ::= <query_set_term> { ( UNION | EXCEPT ) [ ALL ] <query_set_term> }
    mutating func parseQuerySetExpression() throws(ADQLError) -> QueryExpression {
        var left = try parseQuerySetTerm()
        let depthBefore = depth
        defer { depth = depthBefore }
        while at(keyword: "UNION") || at(keyword: "EXCEPT") {
            try enter()
            let op: SetOperator = at(keyword: "UNION") ? .union : .except
            _ = advance()
            let all = eat(keyword: "ALL")
            if !all { _ = eat(keyword: "DISTINCT") }
            let right = try parseQuerySetTerm()
            left = .setOperation(op, all: all, left, right)
        }
        return left
    }

    /// <query_set_term> ::= <query_set_primary> { INTERSECT [ ALL ] <query_set_primary> }
    /// (INTERSECT binds tighter than UNION and EXCEPT, as in SQL.)
    mutating func parseQuerySetTerm() throws(ADQLError) -> QueryExpression {
        var left = try parseQuerySetPrimary()
        let depthBefore = depth
        defer { depth = depthBefore }
        while eat(keyword: "INTERSECT") {
            try enter()
            let all = eat(keyword: "ALL")
            if !all { _ = eat(keyword: "DISTINCT") }
            let right = try parseQuerySetPrimary()
            left = .setOperation(.intersect, all: all, left, right)
        }
        return left
    }

    /// <query_set_primary> ::= <query_specification> | "(" <select_expression> ")"
    mutating func parseQuerySetPrimary() throws(ADQLError) -> QueryExpression {
        if at(.leftParen) {
            _ = advance()
            try enter()
            defer { leave() }
            let nested = try parseSelectExpression()
            try expect(.rightParen)
            return .nested(nested)
        }
        return .select(try parseQuerySpecification())
    }

    /// <query_specification> ::= SELECT [<set_quantifier>] [<set_limit>] <select_list> <from_clause>
    ///     [ WHERE <search_condition> ] [ GROUP BY <grouping_list> ] [ HAVING <search_condition> ]
    mutating func parseQuerySpecification() throws(ADQLError) -> QuerySpecification {
        let start = try expect(keyword: "SELECT").range.start
        var quantifier: SetQuantifier?
        if eat(keyword: "DISTINCT") {
            quantifier = .distinct
        } else if eat(keyword: "ALL") {
            quantifier = .all
        }
        let top = try parseSetLimit()
        let selectList = try parseSelectList()
        let from = try parseFromClause()
        var whereClause: Expression?
        if eat(keyword: "WHERE") { whereClause = try parseSearchCondition() }
        var groupBy: [Expression] = []
        if eat(keyword: "GROUP") {
            try expect(keyword: "BY")
            groupBy = try parseGroupingList()
        }
        var having: Expression?
        if eat(keyword: "HAVING") { having = try parseSearchCondition() }
        let end = tokens[max(index - 1, 0)].range.end
        return QuerySpecification(
            quantifier: quantifier, top: top, selectList: selectList, from: from, whereClause: whereClause,
            groupBy: groupBy, having: having, range: SourceRange(start: start, end: end))
    }

    /// Whether a `(` just before `ahead` opens a subquery rather than an expression or a joined table.
    /// `((SELECT ...) AS q JOIN ...)` is a joined table, so only SELECT or WITH right after it counts.
    func isSubqueryStart(after ahead: Int) -> Bool {
        isKeyword(peek(ahead), "SELECT") || isKeyword(peek(ahead), "WITH")
    }

    /// <set_limit> ::= TOP <unsigned_integer>
    mutating func parseSetLimit() throws(ADQLError) -> Int64? {
        guard eat(keyword: "TOP") else { return nil }
        return try parseUnsignedInteger(purpose: "TOP")
    }

    mutating func parseUnsignedInteger(purpose: String) throws(ADQLError) -> Int64 {
        guard at(.unsignedInteger) else { throw syntaxError(expected: "a whole number after \(purpose)") }
        let token = advance()
        guard let value = Int64(text(of: token)) else {
            throw ADQLError(.invalidNumber, "\(purpose) \(text(of: token)) is too large", at: token.range)
        }
        return value
    }

    /// <select_list> ::= * | <select_sublist> { , <select_sublist> }
    mutating func parseSelectList() throws(ADQLError) -> [SelectItem] {
        if at(.asterisk) {
            return [.allColumns(advance().range)]
        }
        var items = [try parseSelectSublist()]
        while eat(.comma) { items.append(try parseSelectSublist()) }
        return items
    }

    /// <select_sublist> ::= <derived_column> | <qualifier> . *
    mutating func parseSelectSublist() throws(ADQLError) -> SelectItem {
        if let qualifier = try parseQualifiedAsterisk() { return .allColumnsOf(qualifier) }
        let expression = try parseValueExpression()
        var alias: Identifier?
        if eat(keyword: "AS") {
            alias = try parseIdentifier(purpose: "a column alias")
        } else if at(.delimitedIdentifier) || (at(.identifier) && !ReservedWords.contains(text(of: current))) {
            alias = try parseIdentifier(purpose: "a column alias")
        }
        return .expression(expression, alias: alias)
    }

    /// `name(.name)* . *`, recognised by peeking past the dotted names (the one place a select item needs
    /// more than one token of lookahead).
    mutating func parseQualifiedAsterisk() throws(ADQLError) -> QualifiedName? {
        var ahead = 0
        while true {
            let name = peek(ahead)
            guard name.kind == .identifier || name.kind == .delimitedIdentifier,
                peek(ahead + 1).kind == .punctuation(.period)
            else { return nil }
            if peek(ahead + 2).kind == .punctuation(.asterisk) { break }
            ahead += 2
        }
        var parts = [try parseIdentifier(purpose: "a table name")]
        while eat(.period) {
            if eat(.asterisk) { break }
            parts.append(try parseIdentifier(purpose: "a table name"))
        }
        return QualifiedName(parts)
    }

    /// <from_clause> ::= FROM <table_reference> { "," <table_reference> }
    mutating func parseFromClause() throws(ADQLError) -> [TableReference] {
        try expect(keyword: "FROM")
        var references = [try parseTableReference()]
        while eat(.comma) { references.append(try parseTableReference()) }
        return references
    }

    /// <table_reference> ::= <table_primary> { <join_operator> <table_primary> [ <join_specification> ] }
    mutating func parseTableReference() throws(ADQLError) -> TableReference {
        try enter()
        defer { leave() }
        var left = try parseTablePrimary()
        let depthBefore = depth
        defer { depth = depthBefore }
        while let (kind, natural) = try parseJoinOperator() {
            try enter()
            let right = try parseTablePrimary()
            var condition: JoinCondition?
            if !natural && kind != .cross {
                guard at(keyword: "ON") || at(keyword: "USING") else {
                    throw syntaxError(expected: "ON or USING after the joined table")
                }
                condition = try parseJoinSpecification()
            }
            left = .join(Join(kind: kind, natural: natural, left: left, right: right, condition: condition))
        }
        return left
    }

    /// <join_operator> ::= [ NATURAL ] [ INNER | ( LEFT | RIGHT | FULL ) [ OUTER ] ] JOIN | CROSS JOIN
    mutating func parseJoinOperator() throws(ADQLError) -> (JoinKind, Bool)? {
        if eat(keyword: "CROSS") {
            try expect(keyword: "JOIN")
            return (.cross, false)
        }
        let natural = eat(keyword: "NATURAL")
        var kind = JoinKind.inner
        if eat(keyword: "INNER") {
            kind = .inner
        } else if at(keyword: "LEFT") || at(keyword: "RIGHT") || at(keyword: "FULL") {
            kind = at(keyword: "LEFT") ? .left : at(keyword: "RIGHT") ? .right : .full
            _ = advance()
            _ = eat(keyword: "OUTER")
        } else if !natural && !at(keyword: "JOIN") {
            return nil
        }
        try expect(keyword: "JOIN")
        return (kind, natural)
    }

    /// <join_specification> ::= ON <search_condition> | USING "(" <identifier> { "," <identifier> } ")"
    mutating func parseJoinSpecification() throws(ADQLError) -> JoinCondition {
        if eat(keyword: "ON") { return .on(try parseSearchCondition()) }
        try expect(keyword: "USING")
        try expect(.leftParen)
        var columns = [try parseIdentifier(purpose: "a column name")]
        while eat(.comma) { columns.append(try parseIdentifier(purpose: "a column name")) }
        try expect(.rightParen)
        return .using(columns)
    }

    /// <table_primary> ::= <table_name> [ [AS] <identifier> ] | <subquery> [AS] <identifier>
    ///     | "(" <table_reference> ")"
    mutating func parseTablePrimary() throws(ADQLError) -> TableReference {
        if at(.leftParen) {
            if isSubqueryStart(after: 1) {
                _ = advance()
                let query = try parseQuery()
                try expect(.rightParen)
                _ = eat(keyword: "AS")
                let alias = try parseIdentifier(purpose: "a name for the subquery (ADQL requires one)")
                return .derived(query, alias: alias)
            }
            _ = advance()
            let inner = try parseTableReference()
            try expect(.rightParen)
            return inner
        }
        let name = try parseQualifiedName(purpose: "a table name", maximumParts: 3)
        var alias: Identifier?
        if eat(keyword: "AS") {
            alias = try parseIdentifier(purpose: "a table alias")
        } else if at(.delimitedIdentifier) || (at(.identifier) && !ReservedWords.contains(text(of: current))) {
            alias = try parseIdentifier(purpose: "a table alias")
        }
        return .table(name, alias: alias)
    }

    /// <grouping_column_reference_list>
    mutating func parseGroupingList() throws(ADQLError) -> [Expression] {
        var items = [try parseValueExpression()]
        while eat(.comma) { items.append(try parseValueExpression()) }
        return items
    }

    /// <sort_specification_list> ::= <sort_specification> { , <sort_specification> }
    mutating func parseSortSpecificationList() throws(ADQLError) -> [SortKey] {
        var keys = [try parseSortSpecification()]
        while eat(.comma) { keys.append(try parseSortSpecification()) }
        return keys
    }

    /// <sort_specification> ::= <sort_key> [ ASC | DESC ]
    mutating func parseSortSpecification() throws(ADQLError) -> SortKey {
        let expression = try parseValueExpression()
        var descending = false
        if eat(keyword: "DESC") {
            descending = true
        } else {
            _ = eat(keyword: "ASC")
        }
        return SortKey(expression: expression, descending: descending)
    }

    /// <identifier> ::= <regular_identifier> | <delimited_identifier>
    mutating func parseIdentifier(purpose: String) throws(ADQLError) -> Identifier {
        let token = current
        switch token.kind {
        case .identifier:
            let name = text(of: token)
            if ReservedWords.contains(name) { throw syntaxError(expected: purpose) }
            _ = advance()
            return Identifier(name, range: token.range)
        case .delimitedIdentifier:
            _ = advance()
            return Identifier(unquoted(token, quote: UInt8(ascii: "\"")), isDelimited: true, range: token.range)
        default:
            throw syntaxError(expected: purpose)
        }
    }

    /// Dotted names: <table_name> (up to catalog.schema.table) or <column_reference> (up to four parts).
    mutating func parseQualifiedName(purpose: String, maximumParts: Int) throws(ADQLError) -> QualifiedName {
        var parts = [try parseIdentifier(purpose: purpose)]
        while at(.period) {
            if parts.count == maximumParts {
                throw ADQLError(.syntax, "\(purpose) has at most \(maximumParts) dotted parts", at: current.range)
            }
            _ = advance()
            parts.append(try parseIdentifier(purpose: purpose))
        }
        return QualifiedName(parts)
    }
}
