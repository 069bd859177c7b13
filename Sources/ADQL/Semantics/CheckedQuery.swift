/// A query whose every name is resolved against the published tables, with the metadata of each output
/// column. The translator reads only this.
public struct CheckedQuery: Sendable {
    public var query: Query
    /// What the query was checked against, for the translator's function lookups.
    public var catalog: TableCatalog
    /// Every table of every SELECT block, each with a correlation name unique in the whole statement.
    public var tables: [ResolvedTable]
    /// The column each `.column` expression denotes, keyed by the expression's start offset.
    public var columns: [Int: ResolvedColumn]
    /// The type the checker derived for each expression, keyed by its source range.
    public var types: [SourceRange: ValueType]
    /// The table each FROM item denotes, keyed by the range of its name (or of a subquery's alias).
    public var tableIndexByReference: [SourceRange: Int]
    /// The output columns of each SELECT block, keyed by its range.
    public var selectOutputs: [SourceRange: [OutputColumn]]
    /// The SQL name of each WITH query, keyed by the range of its name.
    public var commonTableNames: [SourceRange: String]
    /// The factor of each IN_UNIT call, keyed by its range.
    public var unitConversions: [SourceRange: Double]
    /// ORDER BY keys that name a select-list alias or position: the index of the output column, keyed by
    /// the key expression's start offset.
    public var sortReferences: [Int: Int]
    /// GROUP BY keys that name a select-list alias: the index of that output column.
    public var groupReferences: [SourceRange: Int]
    /// The column equalities of each USING or NATURAL join, keyed by the `firstTableRange` of its right side.
    public var joinEqualities: [SourceRange: [JoinEquality]]
    /// The form of the user-defined function each call resolved to, keyed by the call's range.
    public var functionForms: [SourceRange: UserDefinedFunction]
    /// The geometry each REGION call's STC-S names, keyed by the call's range.
    public var regions: [SourceRange: Expression]
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
    public var source: Source

    public enum Source: Sendable {
        case stored
        case subquery
        /// A WITH query, by its SQL name.
        case commonTable(String)
    }
}

public struct ResolvedColumn: Sendable {
    public var tableIndex: Int
    public var column: ColumnMetadata
    /// A column that a FULL JOIN merged stands for the first non-null of these, one per side.
    public var coalesced: [ResolvedColumn] = []

    public init(tableIndex: Int, column: ColumnMetadata, coalesced: [ResolvedColumn] = []) {
        self.tableIndex = tableIndex
        self.column = column
        self.coalesced = coalesced
    }
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
    /// The reference frame of a position computed in another frame than the tables' (ivo_geom_transform's
    /// to_sys); empty when the query decides it only as it runs. Nil for the service's own frame.
    public var frame: String?
}
