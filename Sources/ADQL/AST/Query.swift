/// `SELECT ... FROM ... [WHERE] [GROUP BY] [HAVING] [ORDER BY] [OFFSET]` (ADQL 2.1 §2.2).
public struct QuerySpecification: Sendable, Hashable {
    public var quantifier: SetQuantifier?
    public var top: Int64?
    public var selectList: [SelectItem]
    public var from: [TableReference]
    public var whereClause: Expression?
    public var groupBy: [Expression]
    public var having: Expression?
    public var orderBy: [SortKey]
    public var offset: Int64?
    public var range: SourceRange

    public init(
        quantifier: SetQuantifier? = nil, top: Int64? = nil, selectList: [SelectItem], from: [TableReference],
        whereClause: Expression? = nil, groupBy: [Expression] = [], having: Expression? = nil,
        orderBy: [SortKey] = [], offset: Int64? = nil, range: SourceRange
    ) {
        self.quantifier = quantifier
        self.top = top
        self.selectList = selectList
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.orderBy = orderBy
        self.offset = offset
        self.range = range
    }
}

public enum SetQuantifier: String, Sendable, Hashable {
    case all = "ALL", distinct = "DISTINCT"
}

public enum SelectItem: Sendable, Hashable {
    /// `*`
    case allColumns(SourceRange)
    /// `t.*` or `schema.table.*`
    case allColumnsOf(QualifiedName)
    case expression(Expression, alias: Identifier?)
}

public indirect enum TableReference: Sendable, Hashable {
    case table(QualifiedName, alias: Identifier?)
}

public struct SortKey: Sendable, Hashable {
    public var expression: Expression
    public var descending: Bool

    public init(expression: Expression, descending: Bool) {
        self.expression = expression
        self.descending = descending
    }
}
