import Foundation
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

    static let records: [Record] = {
        guard let text = try? String(contentsOf: corpusURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }()

    static let pending = Set(CaseFiles.lines("corpus-pending.txt").map { $0.split(separator: " ")[0] }.map(String.init))

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

    @Test func corpusIsPresent() {
        #expect(Self.records.count >= 300, "corpus not found at \(Self.corpusURL.path)")
    }

    @Test(arguments: records)
    func record(_ record: Record) {
        let problem = Self.problem(record)
        if Self.pending.contains(record.id) {
            #expect(problem != nil, "now passes: remove it from Cases/corpus-pending.txt")
        } else {
            #expect(problem == nil, "\(problem ?? "")")
        }
    }

    /// Parse → print → parse gives the same tree: the printed forms of the two trees agree (the printer
    /// parenthesises every expression, so equal text means equal trees, source positions aside).
    @Test(arguments: records.filter(\.valid))
    func roundTrip(_ record: Record) throws {
        let first = try Parser.parse(record.adql)
        let printed = ADQLPrinter.print(first)
        let second = try Parser.parse(printed)
        #expect(ADQLPrinter.print(second) == printed)
    }

    /// Results by feature tag and version, printed for the record (`swift test --filter CorpusTests`).
    @Test func reportByFeature() {
        var byTag: [String: (pass: Int, total: Int)] = [:]
        for record in Self.records {
            let passed = Self.problem(record) == nil
            for tag in record.features + ["version-\(record.version)", record.valid ? "valid" : "invalid", "all"] {
                byTag[tag, default: (0, 0)].total += 1
                if passed { byTag[tag, default: (0, 0)].pass += 1 }
            }
        }
        let report = byTag.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.pass)/\($0.value.total)" }
        print("ADQL corpus by feature:\n  " + report.joined(separator: "\n  "))
        #expect(byTag["all"]?.total == Self.records.count)
    }
}
