extension Checker {
    /// Adds the tables of one FROM item to the innermost scope.
    mutating func resolve(_ reference: TableReference, joinConditions: inout [JoinCondition]) {
        switch reference {
        case .join(let join):
            let before = scopes[scopes.count - 1].count
            resolve(join.left, joinConditions: &joinConditions)
            let middle = scopes[scopes.count - 1].count
            resolve(join.right, joinConditions: &joinConditions)
            if let condition = join.condition { joinConditions.append(condition) }
            // USING and NATURAL merge the named columns into one, so naming them unqualified is not ambiguous.
            let scope = scopes[scopes.count - 1]
            let leftTables = Set(scope[before..<middle])
            let rightTables = Set(scope[middle...])
            var names: [Identifier] = []
            if case .using(let using)? = join.condition {
                names = using
            } else if join.natural {
                let right = Set(rightTables.flatMap { tables[$0].metadata.columns.map { $0.name.lowercased() } })
                var seen: Set<String> = []
                names = leftTables.sorted().flatMap { tables[$0].metadata.columns.map(\.name) }
                    .filter { right.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }
                    .map { Identifier($0, isDelimited: true) }
            }
            guard join.condition != nil || join.natural else { break }
            var equalities: [JoinEquality] = []
            for name in names {
                guard let left = sideColumn(name, in: leftTables), let right = sideColumn(name, in: rightTables) else {
                    continue
                }
                equalities.append(JoinEquality(left: left, right: right))
                let key = name.name.lowercased()
                let value: ResolvedColumn
                switch join.kind {
                case .right: value = right
                case .full: value = ResolvedColumn(
                    tableIndex: left.tableIndex, column: left.column, coalesced: left.parts + right.parts)
                case .inner, .left, .cross: value = left
                }
                let having = leftTables.union(rightTables).filter { tables[$0].metadata.column(name) != nil }
                mergedColumns[key, default: []].append(MergedColumn(tables: having, value: value))
            }
            joinEqualities[join.right.firstTableRange] = equalities
        case .derived(let query, let alias):
            let outputs = checkQuery(query)
            let metadata = TableMetadata(
                schema: "", name: alias.name, columns: Self.columns(of: outputs), storageSchema: "", storageName: "")
            add(ResolvedTable(metadata: metadata, alias: alias, correlation: "t\(tables.count)", source: .subquery),
                for: alias.range)
        case .table(let name, let alias):
            if name.parts.count == 1,
                let common = visibleCommonTables.last(where: { name.last.matches($0.name.name) })
            {
                let metadata = TableMetadata(
                    schema: "", name: common.name.name, columns: Self.columns(of: common.outputs), storageSchema: "",
                    storageName: common.storage)
                add(ResolvedTable(
                    metadata: metadata, alias: alias, correlation: "t\(tables.count)",
                    source: .commonTable(common.storage)), for: name.range)
                return
            }
            let matches = catalog.lookup(name)
            guard matches.count == 1, let table = matches.first else {
                let written = name.adql
                if matches.isEmpty {
                    let names = catalog.qualifiedNames + visibleCommonTables.map(\.name.name)
                    let hint = Suggestion.hint(for: written, among: names)
                    errors.append(ADQLError(.unknownTable, "no table named '\(written)'\(hint)", at: name.range))
                } else {
                    let choices = matches.map(\.qualifiedName).joined(separator: ", ")
                    errors.append(ADQLError(
                        .unknownTable, "table name '\(written)' is ambiguous: qualify it as one of \(choices)",
                        at: name.range))
                }
                return
            }
            add(ResolvedTable(metadata: table, alias: alias, correlation: "t\(tables.count)", source: .stored),
                for: name.range)
        }
    }

    mutating func add(_ table: ResolvedTable, for range: SourceRange) {
        tableIndexByReference[range] = tables.count
        scopes[scopes.count - 1].append(tables.count)
        tables.append(table)
    }

    /// The columns a subquery or WITH query offers, named as it names them and stored as the SQL aliases the
    /// translator gives its outputs.
    static func columns(of outputs: [OutputColumn]) -> [ColumnMetadata] {
        outputs.enumerated().map { index, output in
            ColumnMetadata(
                name: output.name, type: output.type, unit: output.unit, ucd: output.ucd, utype: output.utype,
                description: output.description, storageName: "c\(index)")
        }
    }

    mutating func check(_ condition: JoinCondition) {
        switch condition {
        case .on(let expression):
            _ = type(of: expression)
        case .using:
            break  // resolve(_:joinConditions:) checked the names against each side
        }
    }

    /// The column a USING or NATURAL join compares on one side of it; a USING name missing there is an error.
    mutating func sideColumn(_ name: Identifier, in side: Set<Int>) -> ResolvedColumn? {
        let found = side.sorted().compactMap { index in
            tables[index].metadata.column(name).map { ResolvedColumn(tableIndex: index, column: $0) }
        }
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            if let merged = mergedColumn(name.name.lowercased(), among: found) { return merged }
            errors.append(ADQLError(
                .ambiguousColumn, "USING names '\(name.name)', which is in more than one table on one side of the join",
                at: name.range))
            return nil
        }
        let candidates = side.sorted().flatMap { tables[$0].metadata.columns.map(\.name) }
        if !candidates.isEmpty {  // else the table itself was unknown, and reported
            let hint = Suggestion.hint(for: name.name, among: candidates)
            errors.append(ADQLError(
                .unknownColumn, "USING names '\(name.name)', which is not a column on both sides of the join\(hint)",
                at: name.range))
        }
        return nil
    }
}
