import Foundation
import Testing

@testable import ADQL

/// Inputs built to exhaust the stack, the heap or the clock. Each must come back, parsed and checked or with
/// the diagnostics expected, quickly: never a crash (a stack overflow kills the whole service), never a
/// multi-second stall. The parser bounds nesting (`Parser.maximumDepth`) and balances AND/OR chains, so the
/// checker (and the translator, which walks the same trees) never recurse deeper than that bound.
/// Most cases are lines of Cases/hostile-inputs.tsv.
@Suite(.serialized) struct HostileInputTests {
    static let catalog = TableCatalog(tables: [
        TableMetadata(schema: "s", name: "t", columns: [
            ColumnMetadata(name: "a", type: .double), ColumnMetadata(name: "b", type: .char(length: nil)),
        ]),
        TableMetadata(schema: "s", name: "u", columns: [ColumnMetadata(name: "c", type: .integer)]),
    ])

    /// Bounds for one parse and check in a debug build, in the CPU time of that call only (building the input is
    /// not counted). The suite runs serially so that no case shares the clock with another. They catch hangs
    /// and superlinear work, not slowness (benchmarks/adql.sh measures speed), with room for CI, which shares
    /// its two cores with builds: nesting and long chains take under 0.4 s in debug, and at 100,000 levels even
    /// quadratic work would take far longer than `bound`.
    static let bound: Duration = .seconds(5)
    /// For inputs over 5 MB (the 10 MB tokens), which a debug build reads byte by byte in 1-5 s.
    static let largeInputBound: Duration = .seconds(30)

    /// The CPU time of the calling thread. The parse and check run synchronously on it, so this counts their
    /// work alone: unlike the wall clock, it does not grow when other tests or processes share the two cores.
    static func threadCPUTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }

    enum Outcome: Equatable {
        case accepted
        case refused([ADQLError.Code])
    }

    /// Parses and checks `query`, and fails the test if that takes longer than the bound for its size.
    func parseAndCheck(
        _ query: String, catalog: TableCatalog = Self.catalog, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Outcome {
        let limit = query.utf8.count > 5_000_000 ? Self.largeInputBound : Self.bound
        let start = Self.threadCPUTime()
        let outcome: Outcome
        do {
            _ = try Checker.parseAndCheck(query, catalog: catalog)
            outcome = .accepted
        } catch {
            outcome = .refused(error.errors.map(\.code))
        }
        let elapsed = Self.threadCPUTime() - start
        #expect(elapsed < limit, "took \(elapsed) of CPU", sourceLocation: sourceLocation)
        return outcome
    }

    /// A case file's query: each `{...}` repeated `count` times, `#` in it numbering the repetitions, and `\n`
    /// a newline.
    static func expand(_ template: String, count: Int) -> String {
        var result = ""
        var rest = Substring(template.replacingOccurrences(of: "\\n", with: "\n"))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let span = rest[rest.index(after: open)..<close]
            if span.contains("#") {
                for number in 1...count { result += span.replacingOccurrences(of: "#", with: "\(number)") }
            } else {
                result += String(repeating: String(span), count: count)
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    @Test func expandRepeatsAndNumbersSpans() {
        #expect(Self.expand("SELECT {(}a{)}", count: 2) == "SELECT ((a))")
        #expect(Self.expand("t0{ JOIN t#}\\n", count: 3) == "t0 JOIN t1 JOIN t2 JOIN t3\n")
    }

    @Test(arguments: try CaseFiles.file("hostile-inputs.tsv").rows(fields: 4, atLeast: 31))
    func hostileInput(_ row: [String]) throws {
        try #require(row.count == 4, "name, count, query, outcome: \(row)")
        let count = try #require(Int(row[1]), "count: \(row[1])")
        let query = Self.expand(row[2], count: count)
        #expect(query.contains("{") == false, "an unclosed span in \(row[2])")
        let expected: Outcome =
            row[3] == "accepted"
            ? .accepted : .refused(row[3].split(separator: " ").map { ADQLError.Code(rawValue: String($0)) })
        #expect(parseAndCheck(query) == expected, "\(row[0])")
    }

    /// "Did you mean" compares an unknown name with every published one by edit distance, in time proportional
    /// to the product of their lengths: before it skipped the candidates whose length alone puts them beyond its
    /// threshold, a 1 MB name (the size of a form body the service reads) against 500 tables took 34 s in a
    /// release build.
    @Test func megabyteUnknownTableNameAgainstFiveHundredTables() {
        let tables = (0..<500).map { index in
            TableMetadata(
                schema: "survey_\(index % 7)", name: "table_number_\(index)",
                columns: [ColumnMetadata(name: "a", type: .double)])
        }
        let query = "SELECT a FROM " + String(repeating: "x", count: 1_000_000)
        #expect(parseAndCheck(query, catalog: TableCatalog(tables: tables)) == .refused([.unknownTable]))
    }

    /// Found while fuzzing: each join of a chain recomputed every earlier merge, so n NATURAL joins cost about n⁴
    /// (160 joins of a 10-column table took 16 s in debug). Merged columns are now recorded once per join.
    @Test(.timeLimit(.minutes(1)))
    func hundredSixtyNaturalJoins() {
        let wide = TableMetadata(
            schema: "s", name: "w", columns: (0..<10).map { ColumnMetadata(name: "c\($0)", type: .double) })
        let query = Self.expand("SELECT c0 FROM s.w AS t0{ NATURAL JOIN s.w AS t#}", count: 160)
        #expect(parseAndCheck(query, catalog: TableCatalog(tables: [wide])) == .accepted)
    }

    /// xorshift64 from a fixed seed, so that a failure can be reproduced.
    struct Xorshift: RandomNumberGenerator {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// Random bytes are refused by the lexer at the first one that starts no token (here the first: invalid
    /// UTF-8, decoded as U+FFFD).
    @Test func megabyteOfRandomBytes() {
        var generator = Xorshift()
        let bytes = (0..<1 << 20).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(parseAndCheck(String(decoding: bytes, as: UTF8.self)) == .refused([.unexpectedCharacter]))
    }

    /// A megabyte of random ADQL tokens is lexed whole (the lexer tokenises the input before the parser starts),
    /// then refused at its first token, here `POINT`, a reserved word where a query must start.
    @Test func megabyteOfRandomTokens() {
        let tokens = [
            "SELECT", "FROM", "WHERE", "(", ")", ",", "a", "s.t", "1", "2.5e3", "'x'", "\"q\"", "+", "-", "*", "||",
            "AND", "OR", "NOT", "=", "<", "JOIN", "ON", "UNION", "IN", "CONTAINS", "POINT", "TOP", "AS", ";", "--c\n",
        ]
        var generator = Xorshift()
        var query = ""
        while query.utf8.count < 1 << 20 { query += tokens.randomElement(using: &generator)! + " " }
        #expect(query.hasPrefix("POINT "))
        #expect(parseAndCheck(query) == .refused([.reservedWordAsName]))
    }
}
