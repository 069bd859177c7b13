import Foundation
import TestSupport
import Testing

@testable import ADQL

/// The shared ADQL 2.1 corpus (../shared/conformance/adql): every valid query parses, every invalid one is
/// rejected with a line and column inside the query. Cases the parser does not handle yet are listed in
/// Cases/corpus-pending.txt; the test fails both when a listed case starts passing (shrink the list) and when
/// an unlisted one fails, so the list only ever gets shorter.
@Suite struct CorpusTests {
    struct Record: Decodable, Sendable, CustomTestStringConvertible {
        var id: String
        var adql: String
        var valid: Bool
        var version: String
        var features: [String]
        var testDescription: String { id }
    }

    static let corpusURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance/adql/corpus.jsonl")

    /// The corpus holds exactly this many records; every one must decode.
    static let corpusSize = 317

    static let loaded = Result { try CaseFile(url: corpusURL).jsonLines(Record.self, count: corpusSize) }

    static func records() throws -> [Record] {
        try loaded.get()
    }

    /// Empty today, but the file must be there: a renamed list would otherwise excuse nothing and hide nothing.
    static func pending() throws -> Set<String> {
        Set(try CaseFiles.file("corpus-pending.txt").lines(atLeast: 0).map { String($0.split(separator: " ")[0]) })
    }

    /// nil when the parser's verdict is right, else what went wrong.
    static func problem(_ record: Record) -> String? {
        do {
            _ = try Parser.parse(record.adql)
            return record.valid ? nil : "accepted an invalid query"
        } catch {
            guard !record.valid else { return "rejected: \(error.rendered)" }
            guard let first = error.errors.first else { return "rejected without an error" }
            let location = error.location(of: first)
            let lines = record.adql.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            guard location.line >= 1, location.line <= lines.count,
                location.column >= 1, location.column <= lines[location.line - 1].unicodeScalars.count + 1
            else { return "error position \(location) lies outside the query" }
            return nil
        }
    }

    @Test func corpusIsPresent() throws {
        #expect(try Self.records().count == Self.corpusSize)
    }

    @Test(arguments: try records())
    func record(_ record: Record) throws {
        let problem = Self.problem(record)
        if try Self.pending().contains(record.id) {
            #expect(problem != nil, "now passes: remove it from Cases/corpus-pending.txt")
        } else {
            #expect(problem == nil, "\(problem ?? "")")
        }
    }

    /// Parse → print → parse gives the same tree: the printed forms of the two trees agree (the printer
    /// parenthesises every expression, so equal text means equal trees, source positions aside).
    @Test(arguments: try records().filter(\.valid))
    func roundTrip(_ record: Record) throws {
        let first = try Parser.parse(record.adql)
        let printed = ADQLPrinter.print(first)
        let second = try Parser.parse(printed)
        #expect(ADQLPrinter.print(second) == printed)
    }

    /// Results by feature tag and version, printed for the record (`swift test --filter CorpusTests`).
    @Test func reportByFeature() throws {
        var byTag: [String: (pass: Int, total: Int)] = [:]
        for record in try Self.records() {
            let passed = Self.problem(record) == nil
            for tag in record.features + ["version-\(record.version)", record.valid ? "valid" : "invalid", "all"] {
                byTag[tag, default: (0, 0)].total += 1
                if passed { byTag[tag, default: (0, 0)].pass += 1 }
            }
        }
        let report = byTag.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.pass)/\($0.value.total)" }
        print("ADQL corpus by feature:\n  " + report.joined(separator: "\n  "))
        #expect(byTag["all"]?.total == Self.corpusSize)
    }
}
