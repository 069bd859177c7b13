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
            if case .using(let names)? = join.condition {
                mergedColumns.formUnion(names.map { $0.name.lowercased() })
            } else if join.natural {
                let left = Set(scope[before..<middle].flatMap { tables[$0].metadata.columns.map { $0.name.lowercased() } })
                let right = Set(scope[middle...].flatMap { tables[$0].metadata.columns.map { $0.name.lowercased() } })
                mergedColumns.formUnion(left.intersection(right))
            }
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
        case .using(let names):
            let visible = scopes.last?.map { tables[$0] } ?? []
            for name in names where !visible.contains(where: { $0.metadata.column(name) != nil }) {
                reportUnknownColumn(QualifiedName([name]), candidates: visible.flatMap { $0.metadata.columns.map(\.name) })
            }
        }
    }
}
