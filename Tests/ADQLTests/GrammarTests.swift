import Foundation
import Testing

@testable import ADQL

/// Grammar/adql-2.1.ebnf and the parser must name the same productions: <query_specification> is
/// parseQuerySpecification.
@Suite struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func productions() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("Grammar/adql-2.1.ebnf"), encoding: .utf8)
        var names: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("<") && line.contains("::=") {
            let name = line.dropFirst().prefix { $0 != ">" }
            names.insert(name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
        }
        return names
    }

    static func parseFunctions() throws -> Set<String> {
        let folder = root.appendingPathComponent("Sources/ADQL/Parser")
        var names: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let range = line.range(of: "func parse") else { continue }
                let rest = line[range.upperBound...]
                let name = rest.prefix { $0.isLetter || $0.isNumber }
                if !name.isEmpty, rest.dropFirst(name.count).first == "(" { names.insert(String(name)) }
            }
        }
        return names
    }

    @Test func everyProductionHasAParseFunctionAndViceVersa() throws {
        let productions = try Self.productions()
        let functions = try Self.parseFunctions().subtracting(["", "Static"])
        #expect(productions.subtracting(functions).isEmpty, "productions without a parse function")
        #expect(functions.subtracting(productions).isEmpty, "parse functions without a production")
        #expect(productions.count > 20)
    }
}

/// What /capabilities advertises (LanguageFeatures) is what the parser and grammar implement.
@Suite struct LanguageFeatureTests {
    /// ADQL 2.1's mandatory functions (§2.3: mathematical, trigonometric, aggregates); every other built-in is
    /// an optional feature and must be advertised.
    static let mandatory: Set<String> = [
        "ABS", "CEILING", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "MOD", "PI", "POWER", "RADIANS", "RAND",
        "ROUND", "SQRT", "TRUNCATE", "ACOS", "ASIN", "ATAN", "ATAN2", "COS", "COT", "SIN", "TAN",
        "COUNT", "AVG", "MIN", "MAX", "SUM",
    ]

    @Test func everyOptionalBuiltinIsAdvertisedAndOnlyThose() {
        let builtins = Set(BuiltinFunctions.table.keys)
        #expect(Set(LanguageFeatures.functionNames)
            == builtins.subtracting(Self.mandatory).subtracting(LanguageFeatures.unadvertised.keys))
        #expect(LanguageFeatures.functionNames.allSatisfy { BuiltinFunctions.syntax(of: $0) != nil })
    }

    @Test func everyAdvertisedKeywordIsInTheGrammar() throws {
        let grammar = try String(
            contentsOf: GrammarTests.root.appendingPathComponent("Grammar/adql-2.1.ebnf"), encoding: .utf8)
        // Terminal keywords are upper-case words of the EBNF.
        let words = Set(grammar.split { !($0.isLetter || $0 == "_") }.map(String.init))
        for keyword in LanguageFeatures.keywordNames {
            #expect(words.contains(keyword), "\(keyword) is advertised but not in the grammar")
        }
        #expect(Set(LanguageFeatures.groups.map(\.type)).count == LanguageFeatures.groups.count)
    }
}
