extension Parser {
    /// <query_expression>; for now a single <query_specification> (set operations and WITH extend this).
    mutating func parseQuery() throws(ADQLError) -> QuerySpecification {
        try parseQuerySpecification()
    }

    /// <query_specification> ::= SELECT [<set_quantifier>] [<set_limit>] <select_list> <table_expression>
    ///     [ORDER BY <sort_specification_list>] [OFFSET <unsigned_integer>]
    mutating func parseQuerySpecification() throws(ADQLError) -> QuerySpecification {
        try enter()
        defer { leave() }
        let start = try expect(keyword: "SELECT").range.start
        var quantifier: SetQuantifier?
        if eat(keyword: "DISTINCT") {
            quantifier = .distinct
        } else if eat(keyword: "ALL") {
            quantifier = .all
        }
        let top = try parseSetLimit()
        let selectList = try parseSelectList()
        try expect(keyword: "FROM")
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
        var orderBy: [SortKey] = []
        if eat(keyword: "ORDER") {
            try expect(keyword: "BY")
            orderBy = try parseSortSpecificationList()
        }
        var offset: Int64?
        if eat(keyword: "OFFSET") { offset = try parseUnsignedInteger(purpose: "OFFSET") }
        let end = tokens[max(index - 1, 0)].range.end
        return QuerySpecification(
            quantifier: quantifier, top: top, selectList: selectList, from: from, whereClause: whereClause,
            groupBy: groupBy, having: having, orderBy: orderBy, offset: offset,
            range: SourceRange(start: start, end: end))
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

    /// <from_clause> ::= FROM <table_reference> { , <table_reference> }
    mutating func parseFromClause() throws(ADQLError) -> [TableReference] {
        var references = [try parseTableReference()]
        while eat(.comma) { references.append(try parseTableReference()) }
        return references
    }

    /// <table_reference> ::= <table_name> [ [AS] <correlation_name> ]
    mutating func parseTableReference() throws(ADQLError) -> TableReference {
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
            let quoted = text(of: token)
            let inner = String(quoted.dropFirst().dropLast())
            return Identifier(inner.replacing("\"\"", with: "\""), isDelimited: true, range: token.range)
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
