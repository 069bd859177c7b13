extension Checker {
    /// Resolves the names inside an expression and derives its type; problems are recorded, and an
    /// unresolvable part has type `.unknown` so that checking goes on.
    mutating func type(of expression: Expression) -> ValueType {
        let type = deriveType(of: expression)
        types[expression.range] = type
        return type
    }

    private mutating func deriveType(of expression: Expression) -> ValueType {
        switch expression.kind {
        case .column(let name):
            guard let resolved = resolveColumn(name) else { return .unknown }
            columns[expression.range.start] = resolved
            return resolved.column.type
        case .literal(let literal):
            switch literal {
            case .integer(let digits):
                if Int64(digits) == nil { reportOutOfRange(digits, "64-bit integers", at: expression.range) }
                return .bigint
            case .hexInteger(let text):
                if UInt64(text.dropFirst(2), radix: 16) == nil {
                    reportOutOfRange(text, "64-bit integers", at: expression.range)
                }
                return .bigint
            case .decimal(let text), .approximate(let text):
                if !(Double(text)?.isFinite ?? false) {
                    reportOutOfRange(text, "double precision numbers", at: expression.range)
                }
                return .double
            // VOTable's char is ASCII (binary readers refuse anything else): other text is unicodeChar.
            case .string(let text): return text.utf8.allSatisfy { $0 < 0x80 } ? .char(length: nil) : .unicodeChar
            case .null: return .null
            }
        case .unary(_, let operand):
            return type(of: operand)
        case .binary(let op, let left, let right):
            let a = type(of: left)
            let b = type(of: right)
            if op == .concatenate { return a == .unicodeChar || b == .unicodeChar ? .unicodeChar : .char(length: nil) }
            return ValueType.arithmetic(a, b)
        case .comparison(_, let left, let right):
            _ = type(of: left)
            _ = type(of: right)
            return .boolean
        case .and(let left, let right), .or(let left, let right):
            _ = type(of: left)
            _ = type(of: right)
            return .boolean
        case .not(let operand), .isNull(let operand, _):
            _ = type(of: operand)
            return .boolean
        case .between(let value, let low, let high, _):
            for part in [value, low, high] { _ = type(of: part) }
            return .boolean
        case .like(let value, let pattern, _, _):
            _ = type(of: value)
            _ = type(of: pattern)
            return .boolean
        case .inList(let value, let list, _):
            _ = type(of: value)
            for item in list { _ = type(of: item) }
            return .boolean
        case .function(let name, let arguments, _) where name.name.equalsIgnoringASCIICase("REGION"):
            return checkRegion(arguments, at: expression.range)
        case .function(let name, let arguments, _):
            let argumentTypes = arguments.map { type(of: $0) }
            if BuiltinFunctions.syntax(of: name.name) == nil, case let forms = catalog.functions(named: name.name),
                !forms.isEmpty
            {
                return checkUserDefined(forms, arguments, argumentTypes, at: expression.range)
            }
            guard let signature = FunctionCatalog.lookup(name.name) else {
                if BuiltinFunctions.syntax(of: name.name) != nil {
                    errors.append(ADQLError(
                        .unsupported, "\(name.name.uppercased()) is not supported by this service yet", at: name.range))
                    return .unknown
                }
                let names = Array(FunctionCatalog.builtIn.keys) + catalog.functions.values.compactMap(\.first?.name)
                let hint = Suggestion.hint(for: name.name, among: names)
                errors.append(ADQLError(.unknownFunction, "no function named '\(name.name)'\(hint)", at: name.range))
                return .unknown
            }
            checkGeometryArguments(name.name.uppercased(), arguments, argumentTypes)
            if name.name.equalsIgnoringASCIICase("IN_UNIT") { checkUnitConversion(arguments, at: expression.range) }
            return signature.result(argumentTypes)
        case .countAll:
            return .bigint
        case .subquery(let query):
            let outputs = checkQuery(query)
            guard outputs.count == 1 else {
                errors.append(ADQLError(
                    .typeMismatch, "a subquery used as a value must select one column, not \(outputs.count)",
                    at: expression.range))
                return .unknown
            }
            return outputs[0].type
        case .exists(let query):
            _ = checkQuery(query)
            return .boolean
        case .inSubquery(let value, let query, _):
            _ = type(of: value)
            let outputs = checkQuery(query)
            if outputs.count != 1 {
                errors.append(ADQLError(
                    .typeMismatch, "the subquery of IN must select one column, not \(outputs.count)",
                    at: expression.range))
            }
            return .boolean
        case .cast(let value, let target):
            let source = type(of: value)
            if [.point, .circle, .polygon].contains(target) { checkGeometryCast(value, source, target) }
            return Self.type(of: target)
        case .parenthesized(let inner):
            return type(of: inner)
        }
    }
}

extension Checker {
    static func type(of target: CastType) -> ValueType {
        switch target {
        case .smallint: return .smallint
        case .integer: return .integer
        case .bigint: return .bigint
        case .real: return .real
        case .doublePrecision: return .double
        case .timestamp: return .timestamp
        case .char(let length): return .char(length: length)
        case .varchar: return .char(length: nil)
        case .point: return .point
        case .circle: return .circle
        case .polygon: return .polygon
        }
    }
}

extension Checker {
    /// A user-defined function takes exactly its declared arguments; numbers stand for numbers and strings
    /// for strings, geometries for geometries.
    /// Picks the form of a user-defined function that the arguments fit, and records it for the translator.
    mutating func checkUserDefined(
        _ forms: [UserDefinedFunction], _ arguments: [Expression], _ types: [ValueType], at range: SourceRange
    ) -> ValueType {
        let name = forms[0].name
        let sameArity = forms.filter { $0.arguments.count == arguments.count }
        guard let first = sameArity.first else {
            let counts = Set(forms.map(\.arguments.count)).sorted().map(String.init)
            let takes = counts.count == 1 ? counts[0] : counts.dropLast().joined(separator: ", ") + " or " + counts.last!
            errors.append(ADQLError(
                .wrongArgumentCount,
                "\(name) takes \(takes) argument\(takes == "1" ? "" : "s"), not \(arguments.count): "
                    + forms.map(\.signature).joined(separator: "; "),
                at: range))
            return forms[0].result
        }
        if let form = sameArity.first(where: { $0.accepts(types, exact: true) })
            ?? sameArity.first(where: { $0.accepts(types, exact: false) })
        {
            functionForms[range] = form
            return form.result
        }
        if sameArity.count > 1 {
            errors.append(ADQLError(
                .typeMismatch,
                "no form of \(name) takes these arguments: " + sameArity.map(\.signature).joined(separator: "; "),
                at: range))
            return first.result
        }
        for (index, (argument, declared)) in zip(types, first.arguments).enumerated()
        where !Self.compatible(argument, declared.type) {
            errors.append(ADQLError(
                .typeMismatch,
                "argument \(index + 1) of \(name) (\(declared.name)) must be \(UserDefinedFunction.adqlTypeName(declared.type))",
                at: arguments[index].range))
        }
        return first.result
    }

    static func compatible(_ actual: ValueType, _ declared: ValueType) -> Bool {
        if actual == .unknown || actual == .null || actual == declared { return true }
        if declared.isNumeric && actual.isNumeric { return true }
        if declared.isText && actual.isText { return true }
        if case .array = declared, case .array = actual { return true }
        if declared == .polygon || declared == .region { return [.polygon, .circle, .point, .region].contains(actual) }
        return false
    }
}

extension Checker {
    /// REGION('STC-S'): the geometry its literal names, checked in its place (STCSRegion).
    mutating func checkRegion(_ arguments: [Expression], at range: SourceRange) -> ValueType {
        guard arguments.count == 1, case .literal(.string(let text)) = arguments[0].kind else {
            errors.append(ADQLError(
                .unsupported, "REGION takes a string literal in STC-S, such as REGION('Circle ICRS 10 20 0.5')",
                at: arguments.first?.range ?? range))
            return .unknown
        }
        var region = STCSRegion(text: text, offset: arguments[0].range.start + 1, nextSyntheticOffset: syntheticOffset)
        do {
            let geometry = try region.parse()
            syntheticOffset = region.nextSyntheticOffset
            regions[range] = geometry
            return type(of: geometry)
        } catch {
            errors.append(error)
            return .unknown
        }
    }
}

extension Checker {
    /// A number literal the database could only take as something else (infinity, a wrapped value).
    mutating func reportOutOfRange(_ text: String, _ kind: String, at range: SourceRange) {
        let shown = text.count > 24 ? text.prefix(20) + "… (\(text.count) characters)" : text
        errors.append(ADQLError(.invalidNumber, "the number \(shown) is out of the range of \(kind)", at: range))
    }
}

extension Checker {
    /// ADQL 2.1 §4.8.1: a geometry CAST reads a string in the DALI serialisation of that geometry (numbers in
    /// degrees separated by spaces). A literal is checked here; a column's text is read by the database.
    mutating func checkGeometryCast(_ value: Expression, _ source: ValueType, _ target: CastType) {
        guard source.isText || source == .unknown || source == .null else {
            errors.append(ADQLError(
                .typeMismatch, "CAST to a geometry takes a string in DALI form, such as CAST('12.3 45.6' AS POINT)",
                at: value.range))
            return
        }
        guard case .literal(.string(let text)) = value.kind else { return }
        let numbers = text.split(whereSeparator: \.isWhitespace)
        let fits: Bool
        switch target {
        case .point: fits = numbers.count == 2
        case .circle: fits = numbers.count == 3
        default: fits = numbers.count >= 6 && numbers.count % 2 == 0
        }
        let allNumbers = numbers.allSatisfy { Double($0)?.isFinite == true }
        if !fits || !allNumbers {
            let form = target == .point ? "two numbers (ra dec)" : target == .circle ? "three numbers (ra dec radius)"
                : "an even number of numbers, at least six (three vertices)"
            errors.append(ADQLError(.typeMismatch, "CAST to this geometry takes \(form) in degrees", at: value.range))
        }
    }
}
