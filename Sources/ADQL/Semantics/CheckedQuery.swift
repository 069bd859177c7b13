/// A query whose every name is resolved against the published tables, with the metadata of each output
/// column. The translator reads only this.
public struct CheckedQuery: Sendable {
    public var query: Query
    /// The query's one SELECT block (WITH and set operators are not compiled yet).
    public var select: QuerySpecification
    public var tables: [ResolvedTable]
    /// The column each `.column` expression denotes, keyed by the expression's start offset.
    public var columns: [Int: ResolvedColumn]
    /// The type the checker derived for each expression, keyed by its source range.
    public var types: [SourceRange: ValueType]
    /// ORDER BY keys that name a select-list alias or position: the index of the output column, keyed by
    /// the key expression's start offset.
    public var sortReferences: [Int: Int]
    public var outputColumns: [OutputColumn]
}

extension CheckedQuery {
    public func type(of expression: Expression) -> ValueType {
        types[expression.range] ?? .unknown
    }
}

public struct ResolvedTable: Sendable {
    public var metadata: TableMetadata
    public var alias: Identifier?
    /// The correlation name the SQL uses for this table, unique within the query.
    public var correlation: String
}

public struct ResolvedColumn: Sendable {
    public var tableIndex: Int
    public var column: ColumnMetadata
}

/// One column of the result, in order.
public struct OutputColumn: Sendable {
    public var name: String
    public var type: ValueType
    public var unit: String?
    public var ucd: String?
    public var utype: String?
    public var description: String?
    public var value: Expression
}
