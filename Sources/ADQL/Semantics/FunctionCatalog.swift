/// The result types of the functions a query may call. Which names are built in, and how many arguments they
/// take, is the grammar's (BuiltinFunctions); this adds what the checker needs: the type each returns and
/// which it can compile today. One list, so that the checker and TAPRegExt cannot disagree.
public struct FunctionSignature: Sendable {
    public var name: String
    public var isAggregate: Bool
    /// The result type from the argument types.
    public var result: @Sendable ([ValueType]) -> ValueType
}

public enum FunctionCatalog {
    public static let builtIn: [String: FunctionSignature] = {
        var all: [String: FunctionSignature] = [:]
        func add(_ name: String, _ result: @escaping @Sendable ([ValueType]) -> ValueType) {
            let syntax = BuiltinFunctions.syntax(of: name)
            all[name] = FunctionSignature(name: name, isAggregate: syntax?.isAggregate ?? false, result: result)
        }
        let double: @Sendable ([ValueType]) -> ValueType = { _ in .double }
        let first: @Sendable ([ValueType]) -> ValueType = { $0.first ?? .unknown }
        // ADQL 2.1 §2.3.2 mathematical and §2.3.3 trigonometric functions.
        for name in ["ACOS", "ASIN", "ATAN", "ATAN2", "COS", "COT", "SIN", "TAN", "DEGREES", "RADIANS", "EXP", "LOG",
                     "LOG10", "SQRT", "POWER", "PI", "RAND", "CEILING", "FLOOR", "ROUND", "TRUNCATE"] {
            add(name, double)
        }
        add("ABS", first)
        add("MOD") { ValueType.arithmetic($0[0], $0[1]) }
        // §2.3.4 string functions, §2.3.5 CAST is syntax, §2.3.7 COALESCE.
        add("LOWER", first)
        add("UPPER", first)
        add("COALESCE") { $0.first { $0 != .null } ?? .null }
        // Aggregates (§2.2.4).
        add("COUNT") { _ in .bigint }
        add("MIN", first)
        add("MAX", first)
        add("SUM") { $0[0].isInteger ? .bigint : .double }
        add("AVG", double)
        // Geometry (§2.4): constructors, predicates and measures.
        add("POINT") { _ in .point }
        add("CIRCLE") { _ in .circle }
        add("BOX") { _ in .polygon }
        add("POLYGON") { _ in .polygon }
        add("CENTROID") { _ in .point }
        add("CONTAINS") { _ in .integer }
        add("INTERSECTS") { _ in .integer }
        add("DISTANCE", double)
        add("AREA", double)
        add("COORD1", double)
        add("COORD2", double)
        add("COORDSYS") { _ in .char(length: nil) }
        add("REGION") { _ in .region }
        add("IN_UNIT") { _ in .double }
        return all
    }()

    public static func lookup(_ name: String) -> FunctionSignature? {
        builtIn[name.uppercased()]
    }
}
