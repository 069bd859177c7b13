extension Checker {
    mutating func outputColumns(of item: SelectItem) -> [OutputColumn] {
        let visible = scopes.last ?? []
        switch item {
        case .allColumns:
            return visible.flatMap { expandColumns(ofTable: $0) }
        case .allColumnsOf(let qualifier):
            guard let index = tableIndex(for: qualifier.parts, in: visible) else {
                errors.append(ADQLError(
                    .unknownQualifier, "no table named '\(qualifier.adql)' in FROM", at: qualifier.range))
                return []
            }
            return expandColumns(ofTable: index)
        case .expression(let expression, let alias):
            let valueType = type(of: expression)
            var output = OutputColumn(
                name: alias?.name ?? defaultName(of: expression), type: valueType, value: expression)
            if case .column = expression.kind, let resolved = columns[expression.range.start] {
                output.unit = resolved.column.unit
                output.ucd = resolved.column.ucd
                output.utype = resolved.column.utype
                output.description = resolved.column.description
            } else if case .function(let name, let arguments, _) = expression.kind,
                name.name.equalsIgnoringASCIICase("IN_UNIT"), case .literal(.string(let target))? = arguments.last?.kind
            {
                output.unit = target
                if case .column = arguments[0].kind { output.ucd = columns[arguments[0].range.start]?.column.ucd }
            } else if case .function(_, let arguments, _) = expression.kind,
                let index = functionForms[expression.range]?.frameArgument, index < arguments.count
            {
                if case .literal(.string(let frame)) = arguments[index].kind { output.frame = frame } else { output.frame = "" }
            }
            return [output]
        }
    }

    mutating func expandColumns(ofTable index: Int) -> [OutputColumn] {
        let table = tables[index]
        let qualifier = table.alias ?? Identifier(table.metadata.name, isDelimited: true)
        return table.metadata.columns.map { column in
            // A synthetic reference at a unique negative offset carries the resolution to the translator.
            let key = -(columns.count + 1)
            let name = QualifiedName([qualifier, Identifier(column.name, isDelimited: true)])
            columns[key] = ResolvedColumn(tableIndex: index, column: column)
            let range = SourceRange(start: key, end: key)
            types[range] = column.type
            return OutputColumn(
                name: column.name, type: column.type, unit: column.unit, ucd: column.ucd, utype: column.utype,
                description: column.description, value: Expression(.column(name), range: range))
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

    /// The table a qualifier denotes among `candidates`: an alias exactly, or a table name with optional schema.
    func tableIndex(for qualifier: [Identifier], in candidates: [Int]) -> Int? {
        guard let last = qualifier.last else { return nil }
        let schema = qualifier.count >= 2 ? qualifier[qualifier.count - 2] : nil
        return candidates.first { index in
            let table = tables[index]
            if let alias = table.alias { return schema == nil && last.matches(alias.name) }
            return last.matches(table.metadata.name) && (schema.map { $0.matches(table.metadata.schema) } ?? true)
        }
    }

    /// Resolves a column reference through the scopes, innermost first.
    mutating func resolveColumn(_ name: QualifiedName, reportErrors: Bool = true) -> ResolvedColumn? {
        let column = name.last
        if name.parts.count > 1 {
            for scope in scopes.reversed() {
                guard let index = tableIndex(for: name.qualifier, in: scope) else { continue }
                if let metadata = tables[index].metadata.column(column) {
                    return ResolvedColumn(tableIndex: index, column: metadata)
                }
                if reportErrors { reportUnknownColumn(name, candidates: tables[index].metadata.columns.map(\.name)) }
                return nil
            }
            if reportErrors {
                let written = QualifiedName(name.qualifier).adql
                errors.append(ADQLError(.unknownQualifier, "no table named '\(written)' in FROM", at: name.range))
            }
            return nil
        }
        for scope in scopes.reversed() {
            let found = scope.compactMap { index in
                tables[index].metadata.column(column).map { ResolvedColumn(tableIndex: index, column: $0) }
            }
            if found.count == 1 { return found[0] }
            if found.count > 1, let merged = mergedColumn(column.name.lowercased(), among: found) { return merged }
            if found.count > 1 {
                if reportErrors {
                    errors.append(ADQLError(
                        .ambiguousColumn, "column '\(column.name)' is in more than one table: qualify it",
                        at: name.range))
                }
                return nil
            }
        }
        if reportErrors {
            let candidates = scopes.reversed().flatMap { $0.flatMap { tables[$0].metadata.columns.map(\.name) } }
            reportUnknownColumn(name, candidates: candidates)
        }
        return nil
    }

    mutating func reportUnknownColumn(_ name: QualifiedName, candidates: [String]) {
        if scopes.allSatisfy(\.isEmpty) { return }  // the unknown table was already reported
        let hint = Suggestion.hint(for: name.last.name, among: candidates)
        errors.append(ADQLError(.unknownColumn, "no column named '\(name.adql)'\(hint)", at: name.range))
    }
}
