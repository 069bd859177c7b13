import ADQL
import ADQLToPostgres
import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import TAPEngine

/// Every valid query of the shared corpus that names this service's tables is checked, translated and run
/// against the real database. Each one either runs, or is listed in Cases/corpus-not-executable.txt with the
/// reason the checker refuses it (ESO's own ObsCore columns such as `snr` or `dp_id` are unknown names here,
/// which is the right answer for them); the list fails both ways. Where Cases/corpus-answers.tsv has the same
/// question written by hand in PostgreSQL, the rows must be the same.
@Suite(.enabled(if: TestDatabase.available, "needs TAPD_TEST_DATABASE_URL (make test sets it)"))
struct CorpusExecutionTests {
    struct Record: Decodable, Sendable, CustomTestStringConvertible {
        var id: String
        var adql: String
        var valid: Bool
        var testDescription: String { id }
    }

    static let corpusURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/conformance/adql/corpus.jsonl")

    /// The corpus's size, and how many of its valid queries name ivoa.obscore or TAP_SCHEMA.
    static let corpusSize = 317
    static let namingOurTables = 37
    /// How many of those must run and how many must have a hand-written answer: the floor under the lists.
    static let minimumExecuted = 23
    static let minimumAnswered = 7

    static let loaded = Result {
        try CaseFile(url: corpusURL).jsonLines(Record.self, count: corpusSize).filter { record in
            let lower = record.adql.lowercased()
            return record.valid && (lower.contains("ivoa.obscore") || lower.contains("tap_schema."))
        }
    }

    static func records() throws -> [Record] {
        try loaded.get()
    }

    static let unknownNames: Set<ADQLError.Code> = [.unknownColumn, .unknownTable, .unknownQualifier, .unknownFunction]
    static let unknownNamesReason = "unknown names"

    /// Cases/corpus-not-executable.txt: id, a space, then why the checker refuses it ("unknown names" or another).
    static func refused() throws -> [String: String] {
        let lines = try CaseFile("corpus-not-executable.txt", beside: #filePath).lines(atLeast: 14)
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        })
    }

    /// Cases/corpus-answers.tsv: id, then the same question in PostgreSQL, written by hand.
    static func answers() throws -> [String: String] {
        let rows = try CaseFile("corpus-answers.tsv", beside: #filePath).rows(fields: 2, atLeast: minimumAnswered)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    @Test func enoughQueriesNameOurTablesAndRun() throws {
        let records = try Self.records()
        #expect(records.count == Self.namingOurTables)
        let ids = Set(records.map(\.id))
        let refused = try Self.refused()
        let answers = try Self.answers()
        #expect(Set(refused.keys).isSubset(of: ids), "listed but not in the corpus")
        #expect(Set(answers.keys).isSubset(of: ids.subtracting(refused.keys)), "an answer for a query that does not run")
        #expect(ids.subtracting(refused.keys).count >= Self.minimumExecuted)
    }

    @Test(arguments: try records())
    func runs(_ record: Record) async throws {
        let tables = try await TestDatabase.publishedTables()
        let reason = try Self.refused()[record.id]
        let checked: CheckedQuery
        do {
            checked = try Checker.parseAndCheck(record.adql, catalog: TableCatalog(published: tables))
        } catch {
            let onlyUnknownNames = error.errors.allSatisfy { Self.unknownNames.contains($0.code) }
            let expected = onlyUnknownNames ? Self.unknownNamesReason : "another reason"
            #expect(reason != nil, "refused but not listed in Cases/corpus-not-executable.txt: \(error.rendered)")
            #expect((reason == Self.unknownNamesReason) == onlyUnknownNames, "refused for \(expected): \(error.rendered)")
            return
        }
        #expect(reason == nil, "now accepted: remove it from Cases/corpus-not-executable.txt")
        let statement = Translator.translate(checked, limits: .init(rowLimit: 1001))
        let rows = try await TestDatabase.rowTexts(statement)
        if let answer = try Self.answers()[record.id] {
            let expected = try await TestDatabase.rowTexts(SQLStatement(sql: answer, binds: []))
            #expect(!expected.isEmpty, "the hand-written answer has no rows: it would compare nothing")
            #expect(rows.sorted() == expected.sorted())
        }
    }
}
