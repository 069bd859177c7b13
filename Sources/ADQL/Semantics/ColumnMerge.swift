/// A column that USING or NATURAL joins merged into one: the tables of those joins that have it, and the value
/// an unqualified reference to it stands for (the side the join keeps; both sides of a FULL JOIN).
struct MergedColumn {
    var tables: Set<Int>
    var value: ResolvedColumn
}

extension ResolvedColumn {
    /// The columns this one's value is the first non-null of: itself, or those a FULL JOIN merged.
    var parts: [ResolvedColumn] { coalesced.isEmpty ? [self] : coalesced }
}

extension Checker {
    /// The value an unqualified column found in several tables stands for, when joins merged it over exactly
    /// those tables; nil when it is genuinely ambiguous. Joins are resolved innermost first, so each merge is
    /// recorded once and looked up, never recomputed (a chain of n joins costs n, not n⁴).
    func mergedColumn(_ name: String, among found: [ResolvedColumn]) -> ResolvedColumn? {
        let tablesWithIt = Set(found.map(\.tableIndex))
        return mergedColumns[name]?.last { $0.tables == tablesWithIt }?.value
    }
}

/// The equality a USING or NATURAL join stands for; the translator writes it as ON, because the SQL names of
/// derived-table columns are not the user's.
public struct JoinEquality: Sendable {
    public var left: ResolvedColumn
    public var right: ResolvedColumn
}

extension TableReference {
    /// Where the first table of this FROM item is named: a key for the join whose right side it starts.
    public var firstTableRange: SourceRange {
        switch self {
        case .table(let name, _): return name.range
        case .derived(_, let alias): return alias.range
        case .join(let join): return join.left.firstTableRange
        }
    }
}
