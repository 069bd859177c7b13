/// A whole query (ADQL 2.1 <query_specification>): `[WITH ...]` a set expression of SELECT blocks, then
/// `[ORDER BY] [OFFSET]` for the whole.
public struct Query: Sendable, Hashable {
    public var with: [CommonTableExpression]
    public var body: QueryExpression
    public var orderBy: [SortKey]
    public var offset: Int64?
    public var range: SourceRange

    public init(
        with: [CommonTableExpression] = [], body: QueryExpression, orderBy: [SortKey] = [], offset: Int64? = nil,
        range: SourceRange
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.offset = offset
        self.range = range
    }

    /// The single SELECT block of a query without WITH or set operators, the shape the first query path
    /// handles.
    public var simpleSelect: QuerySpecification? {
        guard with.isEmpty, case .select(let select) = body else { return nil }
        return select
    }
}

/// `name AS (query)` in a WITH clause.
public struct CommonTableExpression: Sendable, Hashable {
    public var name: Identifier
    public var query: Query

    public init(name: Identifier, query: Query) {
        self.name = name
        self.query = query
    }
}

/// SELECT blocks combined by UNION, INTERSECT and EXCEPT (ADQL 2.1 §2.2.3).
public indirect enum QueryExpression: Sendable, Hashable {
    case select(QuerySpecification)
    /// `( select_expression )`: a parenthesised query with its own ORDER BY and OFFSET.
    case nested(Query)
    case setOperation(SetOperator, all: Bool, QueryExpression, QueryExpression)
}

public enum SetOperator: String, Sendable, Hashable {
    case union = "UNION", intersect = "INTERSECT", except = "EXCEPT"
}

/// One `SELECT ... FROM ... [WHERE] [GROUP BY] [HAVING]` block (ADQL 2.1 <select_query>).
public struct QuerySpecification: Sendable, Hashable {
    public var quantifier: SetQuantifier?
    public var top: Int64?
    public var selectList: [SelectItem]
    public var from: [TableReference]
    public var whereClause: Expression?
    public var groupBy: [Expression]
    public var having: Expression?
    public var range: SourceRange

    public init(
        quantifier: SetQuantifier? = nil, top: Int64? = nil, selectList: [SelectItem], from: [TableReference],
        whereClause: Expression? = nil, groupBy: [Expression] = [], having: Expression? = nil, range: SourceRange
    ) {
        self.quantifier = quantifier
        self.top = top
        self.selectList = selectList
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
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
    /// A subquery in FROM; ADQL requires the correlation name.
    case derived(Query, alias: Identifier)
    case join(Join)
}

/// `left [NATURAL] [INNER | LEFT | RIGHT | FULL [OUTER] | CROSS] JOIN right [ON ... | USING (...)]`.
public struct Join: Sendable, Hashable {
    public var kind: JoinKind
    public var natural: Bool
    public var left: TableReference
    public var right: TableReference
    public var condition: JoinCondition?

    public init(kind: JoinKind, natural: Bool, left: TableReference, right: TableReference, condition: JoinCondition?) {
        self.kind = kind
        self.natural = natural
        self.left = left
        self.right = right
        self.condition = condition
    }
}

public enum JoinKind: String, Sendable, Hashable {
    case inner = "INNER", left = "LEFT OUTER", right = "RIGHT OUTER", full = "FULL OUTER", cross = "CROSS"
}

public enum JoinCondition: Sendable, Hashable {
    case on(Expression)
    case using([Identifier])
}

public struct SortKey: Sendable, Hashable {
    public var expression: Expression
    public var descending: Bool

    public init(expression: Expression, descending: Bool) {
        self.expression = expression
        self.descending = descending
    }
}
