/// Resolves every table, column and function of a parsed query against the published tables and derives
/// each output column's metadata. It collects every problem rather than stopping at the first
/// (as vollt's DBChecker does), so a user fixes a query in one round.
///
/// Names resolve through a stack of scopes, one per SELECT block, so a subquery sees its own FROM first and
/// then the enclosing ones (correlated subqueries); WITH queries are visible to the query that declares them.
public struct Checker {
    let catalog: TableCatalog
    var errors: [ADQLError] = []
    var tables: [ResolvedTable] = []
    var columns: [Int: ResolvedColumn] = [:]
    var types: [SourceRange: ValueType] = [:]
    var unitConversions: [SourceRange: Double] = [:]
    var tableIndexByReference: [SourceRange: Int] = [:]
    var selectOutputs: [SourceRange: [OutputColumn]] = [:]
    var sortReferences: [Int: Int] = [:]
    var groupReferences: [SourceRange: Int] = [:]
    var commonTableNames: [SourceRange: String] = [:]
    var scopes: [[Int]] = []
    /// The columns USING and NATURAL joins have merged, by lower-cased name, innermost join first.
    var mergedColumns: [String: [MergedColumn]] = [:]
    var joinEqualities: [SourceRange: [JoinEquality]] = [:]
    var functionForms: [SourceRange: UserDefinedFunction] = [:]
    var regions: [SourceRange: Expression] = [:]
    /// The next range for a node the checker makes (REGION's geometry): negative, far from expandColumns' keys.
    var syntheticOffset = -1_000_000_000
    var visibleCommonTables: [(name: Identifier, outputs: [OutputColumn], storage: String)] = []

    public init(catalog: TableCatalog) {
        self.catalog = catalog
        // A typical query has a few dozen expressions; growing from empty rehashes several times.
        types.reserveCapacity(64)
        columns.reserveCapacity(32)
    }

    public static func check(_ query: Query, source: String, catalog: TableCatalog)
        throws(ADQLDiagnostics) -> CheckedQuery
    {
        var checker = Checker(catalog: catalog)
        let outputs = checker.checkQuery(query)
        if !checker.errors.isEmpty { throw ADQLDiagnostics(errors: checker.errors, source: source) }
        return CheckedQuery(
            query: query, catalog: catalog, tables: checker.tables, columns: checker.columns, types: checker.types,
            tableIndexByReference: checker.tableIndexByReference, selectOutputs: checker.selectOutputs,
            commonTableNames: checker.commonTableNames, unitConversions: checker.unitConversions,
            sortReferences: checker.sortReferences, groupReferences: checker.groupReferences,
            joinEqualities: checker.joinEqualities, functionForms: checker.functionForms, regions: checker.regions,
            outputColumns: outputs)
    }

    /// Parses and checks in one call.
    public static func parseAndCheck(_ source: String, catalog: TableCatalog) throws(ADQLDiagnostics)
        -> CheckedQuery
    {
        let query = try Parser.parse(source)
        return try check(query, source: source, catalog: catalog)
    }

    /// A whole query: its WITH queries, its body, its ORDER BY. Returns its output columns.
    mutating func checkQuery(_ query: Query) -> [OutputColumn] {
        let visibleBefore = visibleCommonTables.count
        defer { visibleCommonTables.removeLast(visibleCommonTables.count - visibleBefore) }
        for common in query.with {
            let outputs = checkQuery(common.query)
            let storage = "w\(commonTableNames.count)"
            commonTableNames[common.name.range] = storage
            visibleCommonTables.append((common.name, outputs, storage))
        }
        switch query.body {
        case .select(let select):
            return checkSelect(select, orderBy: query.orderBy)
        case .nested, .setOperation:
            let outputs = checkBody(query.body)
            for key in query.orderBy {
                if let index = outputReference(key.expression, outputs: outputs, clause: "ORDER BY") {
                    sortReferences[key.expression.range.start] = index
                } else {
                    errors.append(ADQLError(
                        .unsupported, "ORDER BY after UNION, INTERSECT or EXCEPT must name an output column or position",
                        at: key.expression.range))
                }
            }
            return outputs
        }
    }

    mutating func checkBody(_ body: QueryExpression) -> [OutputColumn] {
        switch body {
        case .select(let select):
            return checkSelect(select, orderBy: [])
        case .nested(let query):
            return checkQuery(query)
        case .setOperation(let op, _, let left, let right):
            let leftOutputs = checkBody(left)
            let rightOutputs = checkBody(right)
            guard leftOutputs.count == rightOutputs.count else {
                errors.append(ADQLError(
                    .typeMismatch,
                    "both sides of \(op.rawValue) must select the same number of columns "
                        + "(\(leftOutputs.count) and \(rightOutputs.count))",
                    at: Self.firstSelect(of: right).range))
                return leftOutputs
            }
            return zip(leftOutputs, rightOutputs).map { left, right in
                var merged = left
                if left.type != right.type {
                    merged.type = left.type.isNumeric && right.type.isNumeric
                        ? ValueType.arithmetic(left.type, right.type) : left.type
                }
                return merged
            }
        }
    }

    /// One SELECT block in a new scope; ORDER BY is checked here when the block is the whole query body,
    /// because it may name columns that are not selected.
    mutating func checkSelect(_ select: QuerySpecification, orderBy: [SortKey]) -> [OutputColumn] {
        scopes.append([])
        defer { scopes.removeLast() }
        var joinConditions: [JoinCondition] = []
        for reference in select.from { resolve(reference, joinConditions: &joinConditions) }
        for condition in joinConditions { check(condition) }
        var outputs: [OutputColumn] = []
        for item in select.selectList { outputs += outputColumns(of: item) }
        if let condition = select.whereClause { _ = type(of: condition) }
        for expression in select.groupBy {
            // A select-list alias or position may name a grouping key, as SQL databases allow and TAP users write.
            if let index = outputReference(expression, outputs: outputs, clause: "GROUP BY") {
                groupReferences[expression.range] = index
            } else {
                _ = type(of: expression)
            }
        }
        if let having = select.having { _ = type(of: having) }
        for key in orderBy {
            if let index = outputReference(key.expression, outputs: outputs, clause: "ORDER BY") {
                sortReferences[key.expression.range.start] = index
            } else {
                _ = type(of: key.expression)
            }
        }
        selectOutputs[select.range] = outputs
        return outputs
    }

    static func firstSelect(of body: QueryExpression) -> QuerySpecification {
        switch body {
        case .select(let select): return select
        case .nested(let query): return firstSelect(of: query.body)
        case .setOperation(_, _, let left, _): return firstSelect(of: left)
        }
    }

    /// An ORDER BY or GROUP BY key that is a select-list position or an output alias refers to that output
    /// column; a name that is also an input column means the input column, as in SQL.
    mutating func outputReference(_ expression: Expression, outputs: [OutputColumn], clause: String) -> Int? {
        switch expression.kind {
        case .literal(.integer(let digits)):
            guard let position = Int(digits), position >= 1, position <= outputs.count else {
                errors.append(ADQLError(
                    .syntax, "\(clause) \(digits) names no column: the query selects \(outputs.count)",
                    at: expression.range))
                return 0
            }
            return position - 1
        case .column(let name) where name.parts.count == 1:
            if !scopes.isEmpty, resolveColumn(name, reportErrors: false) != nil { return nil }
            return outputs.firstIndex { name.last.matches($0.name) }
        default:
            return nil
        }
    }
}
