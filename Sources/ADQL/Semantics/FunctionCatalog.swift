/// The functions a query may call, with their arity and result type. One list drives the checker and (later)
/// the TAPRegExt capabilities, so the two cannot disagree.
public struct FunctionSignature: Sendable {
    public var name: String
    public var arity: ClosedRange<Int>
    public var isAggregate: Bool
    /// The result type from the argument types.
    public var result: @Sendable ([ValueType]) -> ValueType
}

public enum FunctionCatalog {
    public static let builtIn: [String: FunctionSignature] = {
        var all: [String: FunctionSignature] = [:]
        func add(_ name: String, _ arity: ClosedRange<Int>, aggregate: Bool = false,
                 _ result: @escaping @Sendable ([ValueType]) -> ValueType) {
            all[name] = FunctionSignature(name: name, arity: arity, isAggregate: aggregate, result: result)
        }
        let double: @Sendable ([ValueType]) -> ValueType = { _ in .double }
        let first: @Sendable ([ValueType]) -> ValueType = { $0.first ?? .unknown }
        // ADQL 2.1 §2.3.2 mathematical and §2.3.3 trigonometric functions.
        for name in ["ACOS", "ASIN", "ATAN", "COS", "COT", "SIN", "TAN", "DEGREES", "RADIANS", "EXP", "LOG",
                     "LOG10", "SQRT"] {
            add(name, 1...1, double)
        }
        add("ATAN2", 2...2, double)
        add("POWER", 2...2, double)
        add("PI", 0...0, double)
        add("RAND", 0...1, double)
        add("ABS", 1...1, first)
        add("CEILING", 1...1, double)
        add("FLOOR", 1...1, double)
        add("ROUND", 1...2, double)
        add("TRUNCATE", 1...2, double)
        add("MOD", 2...2) { ValueType.arithmetic($0[0], $0[1]) }
        add("LOWER", 1...1, first)
        add("UPPER", 1...1, first)
        // Aggregates (ADQL 2.1 §2.2.4).
        add("COUNT", 1...1, aggregate: true) { _ in .bigint }
        add("MIN", 1...1, aggregate: true, first)
        add("MAX", 1...1, aggregate: true, first)
        add("SUM", 1...1, aggregate: true) { $0[0].isInteger ? .bigint : .double }
        add("AVG", 1...1, aggregate: true, double)
        return all
    }()

    public static func lookup(_ name: String) -> FunctionSignature? {
        builtIn[name.uppercased()]
    }
}
