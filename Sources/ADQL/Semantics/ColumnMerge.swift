/// The columns one USING or NATURAL join merges, and the tables on each side of it. An unqualified name of
/// a merged column is one column, whose value comes from the side the join keeps (both sides of a FULL JOIN).
struct ColumnMerge {
    var names: Set<String>
    var kind: JoinKind
    var left: Set<Int>
    var right: Set<Int>
}

extension Checker {
    /// The value an unqualified merged column stands for, when a join merged every table that has it;
    /// nil when it is genuinely ambiguous.
    func mergedColumn(_ name: String, among found: [ResolvedColumn]) -> ResolvedColumn? {
        let tablesWithIt = Set(found.map(\.tableIndex))
        // The innermost join that merges the name over all of these tables, with some on each side, decides;
        // each side then has fewer tables, so the recursion ends.
        guard let merge = merges.filter({
            $0.names.contains(name) && tablesWithIt.isSubset(of: $0.left.union($0.right))
                && !tablesWithIt.isDisjoint(with: $0.left) && !tablesWithIt.isDisjoint(with: $0.right)
        }).min(by: { $0.left.count + $0.right.count < $1.left.count + $1.right.count })
        else { return nil }
        let leftFound = found.filter { merge.left.contains($0.tableIndex) }
        let rightFound = found.filter { merge.right.contains($0.tableIndex) }
        guard let left = side(name, leftFound), let right = side(name, rightFound) else { return nil }
        switch merge.kind {
        case .right:
            return right
        case .full:
            let values = (left.coalesced.isEmpty ? [left] : left.coalesced)
                + (right.coalesced.isEmpty ? [right] : right.coalesced)
            return ResolvedColumn(tableIndex: left.tableIndex, column: left.column, coalesced: values)
        case .inner, .left, .cross:
            return left
        }
    }

    private func side(_ name: String, _ found: [ResolvedColumn]) -> ResolvedColumn? {
        found.count == 1 ? found.first : found.isEmpty ? nil : mergedColumn(name, among: found)
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
