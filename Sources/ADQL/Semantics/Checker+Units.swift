extension Checker {
    /// IN_UNIT(value, 'unit') (ADQL 2.1 §2.3.6): the value's unit comes from the published metadata; the two
    /// units must measure the same thing, and the conversion factor is fixed here, once per query.
    mutating func checkUnitConversion(_ arguments: [Expression], at range: SourceRange) {
        guard arguments.count == 2, case .literal(.string(let targetText)) = arguments[1].kind else { return }
        guard let sourceText = unit(of: arguments[0]) else {
            errors.append(ADQLError(
                .typeMismatch, "IN_UNIT needs a value whose unit is known, such as a column with a unit",
                at: arguments[0].range))
            return
        }
        do {
            let source = try VOUnit(parsing: sourceText)
            let target = try VOUnit(parsing: targetText)
            guard let factor = source.conversion(to: target) else {
                errors.append(ADQLError(
                    .typeMismatch, "cannot convert \(sourceText) to \(targetText): they measure different things",
                    at: arguments[1].range))
                return
            }
            unitConversions[range] = factor
        } catch {
            errors.append(ADQLError(.typeMismatch, error.message, at: arguments[1].range))
        }
    }

    /// The unit of a value when the metadata says it: a column's, or the target of an IN_UNIT.
    func unit(of expression: Expression) -> String? {
        switch expression.kind {
        case .column:
            return columns[expression.range.start]?.column.unit.flatMap { $0.isEmpty ? nil : $0 }
        case .parenthesized(let inner), .unary(_, let inner):
            return unit(of: inner)
        case .function(let name, let arguments, _) where name.name.equalsIgnoringASCIICase("IN_UNIT"):
            if case .literal(.string(let target))? = arguments.last?.kind { return target }
            return nil
        default:
            return nil
        }
    }
}
