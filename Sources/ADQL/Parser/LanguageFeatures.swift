/// The optional parts of ADQL 2.1 (its appendix "Language feature support") that this implementation has, as
/// TAPRegExt `languageFeatures` groups: /capabilities lists exactly these. The function forms are built-ins of
/// the parser's table (BuiltinFunctions) and the keywords are words of the grammar; GrammarTests holds all three
/// to agreeing, so a feature cannot be advertised without being parsed, nor parsed without being advertised.
public enum LanguageFeatures {
    public struct Group: Sendable, Equatable {
        /// The feature type's IVOID, e.g. `ivo://ivoa.net/std/TAPRegExt#features-adqlgeo`.
        public var type: String
        public var forms: [String]
    }

    static let prefix = "ivo://ivoa.net/std/TAPRegExt#"

    /// Optional built-in functions, by feature type.
    static let functions: [(type: String, names: [String])] = [
        ("features-adqlgeo", [
            "AREA", "BOX", "CENTROID", "CIRCLE", "CONTAINS", "COORD1", "COORD2", "COORDSYS", "DISTANCE",
            "INTERSECTS", "POINT", "POLYGON", "REGION",
        ]),
        ("features-adql-string", ["LOWER", "UPPER"]),
        ("features-adql-unit", ["IN_UNIT"]),
    ]

    /// Optional functions implemented but not advertised, and why.
    public static let unadvertised = [
        "COALESCE": "ADQL 2.1 §4.9 gives it the type features-adql-conditional, which taplint (STILTS of Debian 12) "
            + "rejects as unknown, failing the capabilities check; the function works all the same",
    ]

    /// Optional syntax, by feature type.
    static let keywords: [(type: String, names: [String])] = [
        ("features-adql-string", ["ILIKE"]),
        ("features-adql-common-table", ["WITH"]),
        ("features-adql-sets", ["UNION", "EXCEPT", "INTERSECT"]),
        ("features-adql-type", ["CAST"]),
        ("features-adql-offset", ["OFFSET"]),
    ]

    /// Every group, each type once, in a stable order.
    public static let groups: [Group] = {
        var groups: [Group] = []
        for (type, names) in functions + keywords {
            if let index = groups.firstIndex(where: { $0.type == prefix + type }) {
                groups[index].forms += names
            } else {
                groups.append(Group(type: prefix + type, forms: names))
            }
        }
        return groups
    }()

    /// The optional function names, for the agreement test.
    public static var functionNames: [String] { functions.flatMap(\.names) }
    public static var keywordNames: [String] { keywords.flatMap(\.names) }

    /// TAPRegExt's type for user-defined functions, whose forms are their signatures.
    public static let userDefinedFunctions = prefix + "features-udf"
}
