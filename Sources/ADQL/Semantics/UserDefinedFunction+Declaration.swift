extension UserDefinedFunction {
    public struct DeclarationError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A declaration in TAPRegExt's form (TAPRegExt 1.0 §2.3): `name(arg TYPE, ...) -> TYPE`, with ADQL type
    /// names (SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, CHAR, TIMESTAMP, POINT, CIRCLE, POLYGON, ...).
    public init(declaration: String, description: String, sqlName: String) throws(DeclarationError) {
        let text = declaration.trimmingWhitespace()
        guard let open = text.firstIndex(of: "("), let arrow = text.range(of: "->"),
            let close = text[..<arrow.lowerBound].lastIndex(of: ")"), open < close
        else { throw DeclarationError(description: "not of the form name(arg TYPE, ...) -> TYPE: \(declaration)") }
        let name = String(text[..<open]).trimmingWhitespace()
        guard let first = name.utf8.first, Lexer.isIdentifierStart(first), name.utf8.allSatisfy(Lexer.isIdentifierPart)
        else { throw DeclarationError(description: "'\(name)' is not a regular ADQL identifier") }
        let list = text[text.index(after: open)..<close].split(separator: ",").map { String($0).trimmingWhitespace() }
        var arguments: [Argument] = []
        for item in list where !item.isEmpty {
            let parts = item.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let type = Self.valueType(named: parts[1]) else {
                throw DeclarationError(description: "cannot read the argument '\(item)' of \(name)")
            }
            arguments.append(Argument(parts[0], type))
        }
        let resultName = String(text[arrow.upperBound...]).trimmingWhitespace()
        guard let result = Self.valueType(named: resultName) else {
            throw DeclarationError(description: "unknown result type '\(resultName)' of \(name)")
        }
        self.init(name: name, arguments: arguments, result: result, description: description, sqlName: sqlName)
    }

    static func valueType(named text: String) -> ValueType? {
        let upper = text.uppercased().replacing(" ", with: "")
        let base = upper.hasSuffix("[]") ? String(upper.dropLast(2)) : upper
        let scalar: ValueType?
        switch base.split(separator: "(").first.map(String.init) ?? base {
        case "BOOLEAN": scalar = .boolean
        case "SMALLINT": scalar = .smallint
        case "INTEGER", "INT": scalar = .integer
        case "BIGINT": scalar = .bigint
        case "REAL": scalar = .real
        case "DOUBLE", "DOUBLEPRECISION": scalar = .double
        case "CHAR", "VARCHAR", "TEXT": scalar = .char(length: nil)
        case "TIMESTAMP": scalar = .timestamp
        case "POINT": scalar = .point
        case "CIRCLE": scalar = .circle
        case "POLYGON": scalar = .polygon
        case "REGION": scalar = .region
        default: scalar = nil
        }
        guard upper.hasSuffix("[]") else { return scalar }
        switch scalar {
        case .smallint: return .array(element: .smallint, length: nil)
        case .integer: return .array(element: .integer, length: nil)
        case .bigint: return .array(element: .bigint, length: nil)
        case .real: return .array(element: .real, length: nil)
        case .double: return .array(element: .double, length: nil)
        default: return nil
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
