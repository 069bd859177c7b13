import Foundation
import Testing

@testable import ADQL

/// Inputs built to exhaust the stack, the heap or the clock. Each must come back, parsed and checked or with
/// diagnostics, quickly: never a crash (a stack overflow kills the whole service), never a multi-second stall.
/// The parser bounds nesting (`Parser.maximumDepth`) and balances AND/OR chains, so the checker (and the
/// translator, which walks the same trees) never recurse deeper than that bound.
@Suite(.serialized) struct HostileInputTests {
    static let catalog = TableCatalog(tables: [
        TableMetadata(schema: "s", name: "t", columns: [
            ColumnMetadata(name: "a", type: .double), ColumnMetadata(name: "b", type: .char(length: nil)),
        ]),
        TableMetadata(schema: "s", name: "u", columns: [ColumnMetadata(name: "c", type: .integer)]),
    ])

    /// Debug builds are slow; this bound is for one parse and check in a debug build. The suite runs serially so
    /// that the bound is not shared with the other cases.
    // Generous: this catches hangs, not slowness (speed is measured by benchmarks/adql.sh), and CI shares
    // its two cores with builds.
    static let bound: Duration = .seconds(30)

    enum Outcome: Equatable {
        case accepted
        case refused([ADQLError.Code])
    }

    /// Parses and checks `query`, and fails the test if that takes longer than `bound`.
    func parseAndCheck(_ query: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: Outcome
        do {
            _ = try Checker.parseAndCheck(query, catalog: Self.catalog)
            outcome = .accepted
        } catch {
            outcome = .refused(error.errors.map(\.code))
        }
        let elapsed = clock.now - start
        #expect(elapsed < Self.bound, "took \(elapsed)", sourceLocation: sourceLocation)
        return outcome
    }

    func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    @Test func hundredThousandNestedParentheses() {
        let query = "SELECT " + repeated("(", 100_000) + "a" + repeated(")", 100_000) + " FROM s.t"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func hundredThousandUnclosedParentheses() {
        let query = "SELECT a FROM s.t WHERE " + repeated("(", 100_000)
        #expect(parseAndCheck(query) != .accepted)
    }

    @Test func hundredThousandNots() {
        let query = "SELECT a FROM s.t WHERE " + repeated("NOT ", 100_000) + "a = 1"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func hundredThousandUnaryMinuses() {
        let query = "SELECT " + repeated("- ", 100_000) + "a FROM s.t"
        #expect(parseAndCheck(query) != .accepted)
    }

    /// The tree of a `+` chain is left-deep, and the checker and translator recurse on it; the parser counts each
    /// link as a level, so the chain is refused at `maximumDepth` links instead of reaching them.
    @Test func hundredThousandTermSum() {
        let query = "SELECT " + Array(repeating: "a", count: 100_000).joined(separator: " + ") + " FROM s.t"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func hundredThousandFactorProduct() {
        let query = "SELECT " + Array(repeating: "a", count: 100_000).joined(separator: " * ") + " FROM s.t"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func hundredThousandTermConcatenation() {
        let query = "SELECT " + Array(repeating: "b", count: 100_000).joined(separator: " || ") + " FROM s.t"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    /// A chain just under the bound is accepted and checked: the checker's recursion at that depth is safe.
    @Test func sumJustUnderTheBoundIsChecked() {
        let query = "SELECT " + Array(repeating: "a", count: 150).joined(separator: " + ") + " FROM s.t"
        #expect(parseAndCheck(query) == .accepted)
    }

    /// AND/OR chains are balanced, so a long one is accepted and checked without deep recursion. (Checking is
    /// linear but not cheap: 100,000 terms take about 2 s in a release build, too slow for this bound in debug.)
    @Test func tenThousandTermOrChain() {
        let condition = Array(repeating: "a = 1", count: 10_000).joined(separator: " OR ")
        #expect(parseAndCheck("SELECT a FROM s.t WHERE " + condition) == .accepted)
    }

    @Test func tenThousandItemInList() {
        let list = Array(repeating: "1", count: 10_000).joined(separator: ", ")
        #expect(parseAndCheck("SELECT a FROM s.t WHERE a IN (" + list + ")") == .accepted)
    }

    @Test func tenMegabyteStringLiteral() {
        let query = "SELECT a FROM s.t WHERE b = '" + repeated("x", 10_000_000) + "'"
        #expect(parseAndCheck(query) == .accepted)
    }

    @Test func tenMegabyteUnterminatedStringLiteral() {
        let query = "SELECT a FROM s.t WHERE b = '" + repeated("x", 10_000_000)
        #expect(parseAndCheck(query) == .refused([.unterminatedString]))
    }

    @Test func tenMegabyteDelimitedIdentifier() {
        let query = "SELECT \"" + repeated("x", 10_000_000) + "\" FROM s.t"
        #expect(parseAndCheck(query) != .accepted)
    }

    @Test func fiftyThousandNestedSubqueries() {
        let query = "SELECT " + repeated("(SELECT ", 50_000) + "1" + repeated(" FROM s.t)", 50_000) + " FROM s.t"
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func fiftyThousandNestedFromSubqueries() {
        let query = repeated("SELECT * FROM (", 50_000) + "SELECT a FROM s.t" + repeated(") AS q", 50_000)
        #expect(parseAndCheck(query) == .refused([.tooDeep]))
    }

    @Test func tenThousandUnions() {
        let query = Array(repeating: "SELECT a FROM s.t", count: 10_000).joined(separator: " UNION ")
        _ = parseAndCheck(query)  // either outcome will do; the time bound is the test
    }

    @Test func tenThousandJoins() {
        let query = "SELECT t0.a FROM s.t AS t0" + (1..<10_000).map { " JOIN s.t AS t\($0) ON t\($0).a = 1" }.joined()
        _ = parseAndCheck(query)  // either outcome will do; the time bound is the test
    }

    @Test func megabyteOfGarbage() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(parseAndCheck(String(decoding: bytes, as: UTF8.self)) != .accepted)
    }
}
