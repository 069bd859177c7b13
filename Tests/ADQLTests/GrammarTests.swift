import Foundation
import Testing

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
