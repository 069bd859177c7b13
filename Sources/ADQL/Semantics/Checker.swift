/// Resolves every table, column and function of a parsed query against the published tables and derives
/// each output column's metadata. It collects every problem rather than stopping at the first
/// (as vollt's DBChecker does), so a user fixes a query in one round.
public struct Checker {
    let catalog: TableCatalog
    var errors: [ADQLError] = []
    var tables: [ResolvedTable] = []
    var columns: [Int: ResolvedColumn] = [:]
    var types: [SourceRange: ValueType] = [:]

    public init(catalog: TableCatalog) {
        self.catalog = catalog
    }

    public static func check(_ query: Query, source: String, catalog: TableCatalog)
        throws(ADQLDiagnostics) -> CheckedQuery
    {
        var checker = Checker(catalog: catalog)
        let checked = checker.check(query)
        if !checker.errors.isEmpty { throw ADQLDiagnostics(errors: checker.errors, source: source) }
        return checked
    }

    /// Parses and checks in one call.
    public static func parseAndCheck(_ source: String, catalog: TableCatalog) throws(ADQLDiagnostics)
        -> CheckedQuery
    {
        let query = try Parser.parse(source)
        return try check(query, source: source, catalog: catalog)
    }

    mutating func check(_ query: Query) -> CheckedQuery {
        let select: QuerySpecification
        if let simple = query.simpleSelect {
            select = simple
        } else {
            errors.append(ADQLError(
                .unsupported, "WITH, UNION, INTERSECT and EXCEPT are not supported by this service yet",
                at: query.range))
            select = Self.firstSelect(of: query.body)
        }
        var joinConditions: [JoinCondition] = []
        for reference in select.from { resolve(reference, joinConditions: &joinConditions) }
        for condition in joinConditions { check(condition) }
        var outputs: [OutputColumn] = []
        for item in select.selectList { outputs += outputColumns(of: item) }
        if let condition = select.whereClause { _ = type(of: condition) }
        for expression in select.groupBy { _ = type(of: expression) }
        if let having = select.having { _ = type(of: having) }
        var sortReferences: [Int: Int] = [:]
        for key in query.orderBy {
            if let index = outputReference(key.expression, outputs: outputs) {
                sortReferences[key.expression.range.start] = index
            } else {
                _ = type(of: key.expression)
            }
        }
        return CheckedQuery(
            query: query, select: select, tables: tables, columns: columns, types: types,
            sortReferences: sortReferences, outputColumns: outputs)
    }

    static func firstSelect(of body: QueryExpression) -> QuerySpecification {
        switch body {
        case .select(let select): return select
        case .nested(let query): return firstSelect(of: query.body)
        case .setOperation(_, _, let left, _): return firstSelect(of: left)
        }
    }

    mutating func check(_ condition: JoinCondition) {
        switch condition {
        case .on(let expression):
            _ = type(of: expression)
        case .using(let names):
            for name in names where !tables.contains(where: { $0.metadata.column(name) != nil }) {
                reportUnknownColumn(QualifiedName([name]), candidates: tables.flatMap { $0.metadata.columns.map(\.name) })
            }
        }
    }

    mutating func resolve(_ reference: TableReference, joinConditions: inout [JoinCondition]) {
        switch reference {
        case .join(let join):
            resolve(join.left, joinConditions: &joinConditions)
            resolve(join.right, joinConditions: &joinConditions)
            if let condition = join.condition { joinConditions.append(condition) }
        case .derived(_, let alias):
            errors.append(ADQLError(
                .unsupported, "subqueries in FROM are not supported by this service yet", at: alias.range))
        case .table(let name, let alias):
            let matches = catalog.lookup(name)
            guard matches.count == 1, let table = matches.first else {
                let written = name.adql
                if matches.isEmpty {
                    let hint = Suggestion.hint(for: written, among: catalog.qualifiedNames)
                    errors.append(ADQLError(.unknownTable, "no table named '\(written)'\(hint)", at: name.range))
                } else {
                    let choices = matches.map(\.qualifiedName).joined(separator: ", ")
                    errors.append(ADQLError(
                        .unknownTable, "table name '\(written)' is ambiguous: qualify it as one of \(choices)",
                        at: name.range))
                }
                return
            }
            tables.append(ResolvedTable(metadata: table, alias: alias, correlation: "t\(tables.count)"))
        }
    }

    /// An ORDER BY key that is a select-list position or an output alias refers to that output column.
    mutating func outputReference(_ expression: Expression, outputs: [OutputColumn]) -> Int? {
        switch expression.kind {
        case .literal(.integer(let digits)):
            guard let position = Int(digits), position >= 1, position <= outputs.count else {
                errors.append(ADQLError(
                    .syntax, "ORDER BY \(digits) names no column: the query selects \(outputs.count)",
                    at: expression.range))
                return 0
            }
            return position - 1
        case .column(let name) where name.parts.count == 1:
            if resolveColumn(name, reportErrors: false) != nil { return nil }
            return outputs.firstIndex { name.last.matches($0.name) }
        default:
            return nil
        }
    }

    mutating func outputColumns(of item: SelectItem) -> [OutputColumn] {
        switch item {
        case .allColumns:
            return tables.indices.flatMap { expandColumns(ofTable: $0, range: nil) }
        case .allColumnsOf(let qualifier):
            guard let index = tableIndex(for: qualifier.parts) else {
                errors.append(ADQLError(
                    .unknownQualifier, "no table named '\(qualifier.adql)' in FROM", at: qualifier.range))
                return []
            }
            return expandColumns(ofTable: index, range: qualifier.range)
        case .expression(let expression, let alias):
            let valueType = type(of: expression)
            var output = OutputColumn(
                name: alias?.name ?? defaultName(of: expression), type: valueType, value: expression)
            if case .column = expression.kind, let resolved = columns[expression.range.start] {
                output.unit = resolved.column.unit
                output.ucd = resolved.column.ucd
                output.utype = resolved.column.utype
                output.description = resolved.column.description
            }
            return [output]
        }
    }

    mutating func expandColumns(ofTable index: Int, range: SourceRange?) -> [OutputColumn] {
        let table = tables[index]
        let qualifier = table.alias ?? Identifier(table.metadata.name, isDelimited: true)
        return table.metadata.columns.map { column in
            // A synthetic reference at a unique negative offset carries the resolution to the translator.
            let key = -(columns.count + 1)
            let name = QualifiedName([qualifier, Identifier(column.name, isDelimited: true)])
            columns[key] = ResolvedColumn(tableIndex: index, column: column)
            return OutputColumn(
                name: column.name, type: column.type, unit: column.unit, ucd: column.ucd, utype: column.utype,
                description: column.description,
                value: Expression(.column(name), range: SourceRange(start: key, end: key)))
        }
    }

    func defaultName(of expression: Expression) -> String {
        switch expression.kind {
        case .column(let name): return name.last.name
        case .function(let name, _, _): return name.name.lowercased()
        case .countAll: return "count"
        case .parenthesized(let inner): return defaultName(of: inner)
        default: return "expr"
        }
    }

    /// The FROM table a qualifier denotes: an alias exactly, or a table name with optional schema.
    func tableIndex(for qualifier: [Identifier]) -> Int? {
        guard let last = qualifier.last else { return nil }
        let schema = qualifier.count >= 2 ? qualifier[qualifier.count - 2] : nil
        return tables.firstIndex { table in
            if let alias = table.alias { return schema == nil && last.matches(alias.name) }
            return last.matches(table.metadata.name) && (schema.map { $0.matches(table.metadata.schema) } ?? true)
        }
    }

    mutating func resolveColumn(_ name: QualifiedName, reportErrors: Bool = true) -> ResolvedColumn? {
        let column = name.last
        if name.parts.count > 1 {
            guard let index = tableIndex(for: name.qualifier) else {
                if reportErrors {
                    let written = QualifiedName(name.qualifier).adql
                    errors.append(ADQLError(.unknownQualifier, "no table named '\(written)' in FROM", at: name.range))
                }
                return nil
            }
            guard let metadata = tables[index].metadata.column(column) else {
                if reportErrors { reportUnknownColumn(name, candidates: tables[index].metadata.columns.map(\.name)) }
                return nil
            }
            return ResolvedColumn(tableIndex: index, column: metadata)
        }
        var found: [ResolvedColumn] = []
        for (index, table) in tables.enumerated() {
            if let metadata = table.metadata.column(column) {
                found.append(ResolvedColumn(tableIndex: index, column: metadata))
            }
        }
        guard found.count == 1 else {
            if reportErrors {
                if found.isEmpty {
                    reportUnknownColumn(name, candidates: tables.flatMap { $0.metadata.columns.map(\.name) })
                } else {
                    errors.append(ADQLError(
                        .ambiguousColumn, "column '\(column.name)' is in more than one table: qualify it",
                        at: name.range))
                }
            }
            return nil
        }
        return found[0]
    }

    mutating func reportUnknownColumn(_ name: QualifiedName, candidates: [String]) {
        if tables.isEmpty { return }  // the unknown table was already reported
        let hint = Suggestion.hint(for: name.last.name, among: candidates)
        errors.append(ADQLError(.unknownColumn, "no column named '\(name.adql)'\(hint)", at: name.range))
    }
}
