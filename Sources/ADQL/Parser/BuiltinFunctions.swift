/// The ADQL 2.1 built-in functions as the grammar constrains them (ADQL 2.1 §2.3–2.4 and the BNF): how many
/// arguments each takes, which build geometries and which are geometric predicates. The parser rejects a
/// built-in called wrongly; any other name is a user-defined function, resolved by the checker.
public enum BuiltinFunctions {
    public struct Syntax: Sendable {
        /// Allowed argument counts.
        public var arity: Set<Int>
        public var minimum: Int { arity.min() ?? 0 }
        /// POINT, CIRCLE, BOX, POLYGON, REGION, CENTROID: a geometry value, not a number or a string.
        public var buildsGeometry = false
        /// CONTAINS and INTERSECTS return 0 or 1 and must be compared (ADQL 2.1 §2.4.10).
        public var isGeometricPredicate = false
        public var isAggregate = false
        /// Open-ended: at least `minimum` arguments (COALESCE, POLYGON).
        public var unbounded = false

        public func accepts(_ count: Int) -> Bool {
            arity.contains(count) || (unbounded && count >= minimum)
        }
    }

    public static func syntax(of name: String) -> Syntax? {
        table[name.uppercased()]
    }

    static let table: [String: Syntax] = {
        var all: [String: Syntax] = [:]
        for name in ["ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "RADIANS", "SQRT", "ACOS", "ASIN",
                     "ATAN", "COS", "COT", "SIN", "TAN", "LOWER", "UPPER", "AREA", "COORD1", "COORD2", "COORDSYS"] {
            all[name] = Syntax(arity: [1])
        }
        for name in ["MOD", "POWER", "ATAN2", "IN_UNIT"] { all[name] = Syntax(arity: [2]) }
        all["PI"] = Syntax(arity: [0])
        all["RAND"] = Syntax(arity: [0, 1])
        all["ROUND"] = Syntax(arity: [1, 2])
        all["TRUNCATE"] = Syntax(arity: [1, 2])
        all["COALESCE"] = Syntax(arity: [1], unbounded: true)
        all["DISTANCE"] = Syntax(arity: [2, 4])
        for name in ["CONTAINS", "INTERSECTS"] { all[name] = Syntax(arity: [2], isGeometricPredicate: true) }
        // Geometry constructors, with and without the optional coordinate system string (ADQL 2.1 §2.4.1).
        all["POINT"] = Syntax(arity: [2, 3], buildsGeometry: true)
        all["CIRCLE"] = Syntax(arity: [2, 3, 4], buildsGeometry: true)
        all["BOX"] = Syntax(arity: [3, 4, 5], buildsGeometry: true)
        all["POLYGON"] = Syntax(arity: [3], buildsGeometry: true, unbounded: true)
        all["REGION"] = Syntax(arity: [1], buildsGeometry: true)
        all["CENTROID"] = Syntax(arity: [1], buildsGeometry: true)
        for name in ["COUNT", "AVG", "MIN", "MAX", "SUM"] { all[name] = Syntax(arity: [1], isAggregate: true) }
        return all
    }()
}
